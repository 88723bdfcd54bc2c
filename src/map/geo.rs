//! Road networks from GeoJSON: a FeatureCollection of LineStrings (or
//! MultiLineStrings) in projected metres, in the same frame as the grid's `origin`.
//!
//! Every vertex becomes a road node (vertices in the same grid cell are merged, so
//! lines that share an end point join); consecutive vertices become road sections.
//! The grid is the closed rectangle from its south-west `origin` to its north-east
//! corner: a vertex on an edge or a corner (within [`EDGE_TOLERANCE_M`]) belongs
//! to the edge cell.
//!
//! Feature properties read (every other property is ignored, as GIS tools export
//! many; a property whose value is `null` counts as absent, as QGIS writes
//! empty fields):
//! - `class`: one of Highway, Primary, Secondary, Track, Path (default Secondary);
//! - `speed_km_h`: a number in (0, 300], or a string holding one (`"10"`, as
//!   spreadsheets and some QGIS exports write numbers); default by class;
//! - `id`: a string or a whole number, the prefix of the feature's node ids
//!   (default `g`).
//!
//! Any other value of these properties is an error at the property, never
//! ignored. Errors name the feature and point at the offending value by its
//! place in the document ([`GeoAt::Value`]); every feature is checked, so one
//! pass reports them all.

use std::collections::HashMap;

use super::RoadClass;
use super::{GridSpec, RoadNetwork};

/// How far outside the grid's edge a vertex may lie and still count as on it, m
/// (rounding in a GIS export).
pub const EDGE_TOLERANCE_M: f64 = 1e-3;

/// Most errors reported for one file (the first ones, in document order).
pub const MAX_ERRORS: usize = 50;

/// Where in the GeoJSON text an error is.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoAt {
    /// A byte span of the text.
    Span((usize, usize)),
    /// The value at a path of the JSON document, written with map keys in
    /// brackets: `["features"][3]["properties"]["speed_km_h"]`.
    Value(String),
}

/// One problem in a GeoJSON road file.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoError {
    /// Where.
    pub at: GeoAt,
    /// What is wrong.
    pub message: String,
}

fn err(at: GeoAt, message: String) -> GeoError {
    GeoError { at, message }
}

/// Path of a feature's property.
fn prop_path(fi: usize, key: &str) -> GeoAt {
    GeoAt::Value(format!("[\"features\"][{fi}][\"properties\"][\"{key}\"]"))
}

/// A property's value, `None` when absent or `null`.
fn prop<'a>(f: &'a geojson::Feature, key: &str) -> Option<&'a serde_json::Value> {
    f.properties
        .as_ref()
        .and_then(|p| p.get(key))
        .filter(|v| !v.is_null())
}

/// A number, or a string holding one (surrounding blanks allowed).
fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Build a road network from GeoJSON text; every problem found, at most
/// [`MAX_ERRORS`], when it is not one.
pub fn roads_from_geojson(
    grid: &GridSpec,
    text: &str,
) -> Result<(RoadNetwork, HashMap<String, u32>), Vec<GeoError>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns in bytes
        let off = crate::source::offset_of_byte_col(text, e.line(), e.column());
        vec![err(
            GeoAt::Span((off, off + 1)),
            format!("not valid JSON: {e}"),
        )]
    })?;
    let gj = geojson::GeoJson::from_json_value(value).map_err(|e| {
        vec![err(
            GeoAt::Value(String::new()),
            format!("not valid GeoJSON: {e}"),
        )]
    })?;
    let fc = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        _ => {
            return Err(vec![err(
                GeoAt::Value("[\"type\"]".into()),
                "expected a FeatureCollection".into(),
            )]);
        }
    };
    let mut errors = Vec::new();
    let mut net = RoadNetwork::new();
    let mut ids = HashMap::new();
    let mut by_cell: HashMap<(u32, u32), u32> = HashMap::new();
    let w = grid.width as f64 * grid.cell_m;
    let h = grid.height as f64 * grid.cell_m;
    for (fi, f) in fc.features.iter().enumerate() {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let class = match prop(f, "class") {
            None => Some(RoadClass::Secondary),
            Some(v) => match v.as_str().map(str::trim) {
                Some("Highway") => Some(RoadClass::Highway),
                Some("Primary") => Some(RoadClass::Primary),
                Some("Secondary") => Some(RoadClass::Secondary),
                Some("Track") => Some(RoadClass::Track),
                Some("Path") => Some(RoadClass::Path),
                _ => {
                    errors.push(err(
                        prop_path(fi, "class"),
                        format!(
                            "feature {fi}: unknown road class {v} (Highway, Primary, Secondary, Track, Path)"
                        ),
                    ));
                    None
                }
            },
        };
        let speed = match prop(f, "speed_km_h") {
            None => class.map(RoadClass::default_speed_km_h),
            Some(v) => match number(v) {
                Some(s) if s > 0.0 && s <= 300.0 => Some(s),
                Some(s) => {
                    errors.push(err(
                        prop_path(fi, "speed_km_h"),
                        format!("feature {fi}: speed {s} km/h is outside 0–300"),
                    ));
                    None
                }
                None => {
                    errors.push(err(
                        prop_path(fi, "speed_km_h"),
                        format!("feature {fi}: speed_km_h {v} is not a number"),
                    ));
                    None
                }
            },
        };
        let prefix = match prop(f, "id") {
            None => Some("g".to_string()),
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) if n.is_u64() || n.is_i64() => Some(n.to_string()),
            Some(v) => {
                errors.push(err(
                    prop_path(fi, "id"),
                    format!("feature {fi}: id {v} is neither text nor a whole number"),
                ));
                None
            }
        };
        let geometry = format!("[\"features\"][{fi}][\"geometry\"]");
        let lines: Vec<(String, &Vec<Vec<f64>>)> = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::LineString(l)) => {
                vec![(format!("{geometry}[\"coordinates\"]"), l)]
            }
            Some(geojson::Value::MultiLineString(ls)) => ls
                .iter()
                .enumerate()
                .map(|(li, l)| (format!("{geometry}[\"coordinates\"][{li}]"), l))
                .collect(),
            _ => {
                errors.push(err(
                    GeoAt::Value(geometry),
                    format!("feature {fi}: roads must be LineString or MultiLineString"),
                ));
                continue;
            }
        };
        let (Some(class), Some(speed), Some(prefix)) = (class, speed, prefix) else {
            continue;
        };
        for (lpath, line) in lines {
            let mut prev: Option<(u32, (f64, f64))> = None;
            for (vi, pos) in line.iter().enumerate() {
                let at = || GeoAt::Value(format!("{lpath}[{vi}]"));
                if pos.len() < 2 || !pos[0].is_finite() || !pos[1].is_finite() {
                    errors.push(err(
                        at(),
                        format!("feature {fi}: vertex {vi} is not a position"),
                    ));
                    break;
                }
                let (x, y) = grid.local_of_projected(pos[0], pos[1]);
                let tol = EDGE_TOLERANCE_M;
                if !(x >= -tol && y >= -tol && x <= w + tol && y <= h + tol) {
                    errors.push(err(
                        at(),
                        format!(
                            "feature {fi}: vertex {vi} ({}, {}) lies outside the grid, which spans ({}, {}) to ({}, {})",
                            pos[0],
                            pos[1],
                            grid.origin.0,
                            grid.origin.1,
                            grid.origin.0 + w,
                            grid.origin.1 + h
                        ),
                    ));
                    break;
                }
                let (x, y) = (x.clamp(0.0, w), y.clamp(0.0, h));
                let cell = grid.cell_at_m(x, y);
                let node = *by_cell.entry(cell).or_insert_with(|| {
                    let id = format!("{prefix}{}", ids.len());
                    let n = net.add_node(id.clone(), cell);
                    ids.insert(id, n);
                    n
                });
                if let Some((p, (px, py))) = prev
                    && p != node
                {
                    let len = ((x - px).powi(2) + (y - py).powi(2))
                        .sqrt()
                        .max(grid.cell_m * 0.5);
                    net.add_edge(grid, p, node, class, len, speed);
                }
                prev = Some((node, (x, y)));
            }
        }
    }
    if errors.is_empty() && net.node_count() == 0 {
        errors.push(err(
            GeoAt::Value("[\"features\"]".into()),
            "the GeoJSON holds no road vertices".into(),
        ));
    }
    if errors.is_empty() {
        Ok((net, ids))
    } else {
        errors.truncate(MAX_ERRORS);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> GridSpec {
        GridSpec {
            width: 100,
            height: 100,
            cell_m: 10.0,
            origin: (5000.0, 8000.0),
        }
    }

    #[test]
    fn lines_join_at_shared_vertices() {
        let g = grid();
        let text = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"class":"Primary"},"geometry":{"type":"LineString","coordinates":[[5005,8995],[5505,8995]]}},
 {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[5505,8995],[5505,8505]]}}]}"#;
        let (net, ids) = roads_from_geojson(&g, text).unwrap();
        assert_eq!(net.node_count(), 3);
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(ids.len(), 3);
        let bad = text.replace("Primary", "Motorway");
        let e = roads_from_geojson(&g, &bad).unwrap_err();
        assert!(e[0].message.contains("Motorway"));
        assert_eq!(
            e[0].at,
            GeoAt::Value("[\"features\"][0][\"properties\"][\"class\"]".into())
        );
        let e = roads_from_geojson(&g, "{\"type\": ").unwrap_err();
        assert!(e[0].message.contains("JSON"));
    }

    fn one_road(props: &str, coords: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{props},"geometry":{{"type":"LineString","coordinates":{coords}}}}}]}}"#
        )
    }

    #[test]
    fn vertices_on_the_edges_and_corners_are_on_the_grid() {
        let g = grid();
        // south-west origin, north-east corner, south-east corner
        let t = one_road("{}", "[[5000,8000],[6000,9000],[6000,8000]]");
        let (net, _) = roads_from_geojson(&g, &t).unwrap();
        let cells: Vec<(u32, u32)> = net.graph.node_weights().map(|n| n.cell).collect();
        assert_eq!(cells, vec![(0, 99), (99, 0), (99, 99)]);
        let t = one_road("{}", "[[5000,8000],[6000.1,9000]]");
        let e = roads_from_geojson(&g, &t).unwrap_err();
        assert!(e[0].message.contains("outside the grid"), "{e:?}");
    }

    #[test]
    fn speeds_as_text_count_as_numbers_and_other_values_are_refused() {
        let g = grid();
        let speed = |v: &str| {
            let t = one_road(
                &format!("{{\"speed_km_h\": {v}}}"),
                "[[5005,8995],[5505,8995]]",
            );
            roads_from_geojson(&g, &t)
                .map(|(net, _)| net.graph.edge_weights().next().unwrap().speed_km_h)
                .map_err(|e| e[0].message.clone())
        };
        assert_eq!(speed("10"), Ok(10.0));
        assert_eq!(speed("\"10\""), Ok(10.0));
        assert_eq!(speed("\" 12.5 \""), Ok(12.5));
        assert_eq!(speed("null"), Ok(RoadClass::Secondary.default_speed_km_h()));
        assert!(speed("\"500\"").unwrap_err().contains("outside 0–300"));
        assert!(speed("500").unwrap_err().contains("outside 0–300"));
        assert!(speed("\"fast\"").unwrap_err().contains("is not a number"));
        assert!(speed("true").unwrap_err().contains("is not a number"));
        let t = one_road("{\"class\": 3}", "[[5005,8995],[5505,8995]]");
        assert!(
            roads_from_geojson(&g, &t).unwrap_err()[0]
                .message
                .contains("unknown road class 3")
        );
        let t = one_road(
            "{\"id\": 7, \"osm_id\": \"w1\"}",
            "[[5005,8995],[5505,8995]]",
        );
        let (_, ids) = roads_from_geojson(&g, &t).unwrap();
        assert!(ids.contains_key("70"));
        let t = one_road("{\"id\": [1]}", "[[5005,8995],[5505,8995]]");
        assert!(
            roads_from_geojson(&g, &t).unwrap_err()[0]
                .message
                .contains("id [1]")
        );
    }
}
