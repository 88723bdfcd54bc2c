//! Road networks from GeoJSON: a FeatureCollection of LineStrings (or
//! MultiLineStrings).
//!
//! Coordinates: when the scenario declares a CRS (`map.crs`), the file is in WGS 84
//! longitude/latitude as RFC 7946 says, unless it carries the older GeoJSON `crs`
//! member (`{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}}`,
//! what QGIS and GDAL write for another CRS): then in that CRS. Either way the points
//! are projected onto the grid. Without a scenario CRS the file is in projected
//! metres in the same frame as the grid's `origin`, as before.
//!
//! Lines are cut at the grid's edges ([`super::road_lines::clip`]) and built into the
//! network by [`super::road_lines`]: every vertex becomes a road node (vertices in
//! the same grid cell are merged, so lines that share an end point join) and
//! consecutive vertices become road sections. The grid is the closed rectangle from
//! its south-west `origin` to its north-east corner: a vertex on an edge or a corner
//! belongs to the edge cell (within [`EDGE_TOLERANCE_M`]). A GIS layer or an OpenStreetMap export reaching beyond
//! the exercise area is normal, and a feature with no part on the grid is left out —
//! unless it lies more than [`FAR_OFF_M`] from the grid, which is an error saying how
//! far off and which way (a wrong CRS, swapped longitude and latitude, or a typo in a
//! coordinate).
//!
//! Feature properties read (every other property is ignored, as GIS tools export
//! many; a property whose value is `null` counts as absent, as QGIS writes
//! empty fields):
//! - `class`: one of Highway, Primary, Secondary, Track, Path (default Secondary);
//!   without it, an OpenStreetMap `highway` value (mapped as in
//!   [`super::osm::highway_class`]; features of other `highway` values such as
//!   `proposed` are left out);
//! - `speed_km_h`: km/h, a number in (0, 300]
//!   ([`MAX_ROAD_SPEED_KM_H`](super::MAX_ROAD_SPEED_KM_H)), or a string holding one
//!   (`"10"`, as spreadsheets and some QGIS exports write numbers);
//! - `maxspeed` (OpenStreetMap's tag): a number of km/h in the same range, or a
//!   string [`super::osm::parse_maxspeed`] reads — `"60"`, `"60 km/h"`, `"40 mph"`,
//!   `"walk"` (5 km/h); `"none"`, `"signals"`, `"variable"` and zone codes such as
//!   `"CN:urban"` give no number, so the next speed applies;
//! - the speed is `speed_km_h`, else `maxspeed`, else the `highway` value's speed,
//!   else the class's;
//! - `bridge`: `true`/`false`, `1`/`0`, or a string: any but `"no"` is a bridge
//!   (OSM `"yes"`, `"viaduct"`);
//! - `id`: a string or a whole number, the prefix of the feature's node ids
//!   (default `g`); runs of blanks and control characters in it become one space
//!   ([`super::table::name_text`]).
//!
//! Any other value of `class`, `speed_km_h`, `maxspeed`, `bridge` or `id` is an
//! error at the property, never ignored — `maxspeed` too when `speed_km_h` overrides
//! it. Coordinates must be JSON numbers (`"500110"` in quotes is an error at the
//! value), finite, and in the grid's frame within ±[`MAX_PROJECTED_M`] m, as the
//! grid's origin. Errors name the feature and point at the offending value by its
//! place in the document ([`GeoAt::Value`]); every feature is checked, so one
//! pass reports them all (at most [`MAX_ERRORS`]).

use std::collections::HashMap;

use super::crs::{Crs, Transform};
use super::osm::{MaxSpeed, speed_in_range};
use super::road_lines::{LineNetwork, LineRoad};
use super::{GridSpec, RoadNetwork};
use super::{MAX_PROJECTED_M, RoadClass};
use crate::source::short_number;

/// A road feature wholly off the grid farther than this (m) is an error rather than
/// left out: a district's road layer reaches some tens of kilometres past an
/// exercise area, a coordinate in the wrong CRS or with longitude and latitude swapped
/// lands hundreds of kilometres away.
pub const FAR_OFF_M: f64 = 50_000.0;

/// How far outside the grid's edge a vertex may lie and still count as on it, m
/// (rounding in a GIS export); such a vertex is moved onto the edge.
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

/// A finite number, or a string holding one (surrounding blanks allowed).
fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// The `speed_km_h` property of feature `fi`: a number or a string holding one, in
/// (0, [`MAX_ROAD_SPEED_KM_H`](super::MAX_ROAD_SPEED_KM_H)] km/h.
fn speed_km_h_of(fi: usize, v: &serde_json::Value) -> Result<Option<f64>, GeoError> {
    let at = || prop_path(fi, "speed_km_h");
    match number(v) {
        Some(s) => speed_in_range(s)
            .map(Some)
            .map_err(|m| err(at(), format!("feature {fi}: {m}"))),
        None => Err(err(
            at(),
            format!("feature {fi}: speed_km_h {v} is not a number"),
        )),
    }
}

/// The `maxspeed` property of feature `fi` (OpenStreetMap's tag, as OSM exports
/// write it): a number of km/h, or a string [`super::osm::parse_maxspeed`] reads;
/// `None` for `none`, `signals`, `variable` and zone codes (the class speed applies).
fn maxspeed_of(fi: usize, v: &serde_json::Value) -> Result<Option<f64>, GeoError> {
    let at = || prop_path(fi, "maxspeed");
    match v {
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(s) => speed_in_range(s)
                .map(Some)
                .map_err(|m| err(at(), format!("feature {fi}: maxspeed: {m}"))),
            None => Err(err(
                at(),
                format!("feature {fi}: maxspeed {n} is not a speed"),
            )),
        },
        serde_json::Value::String(s) => match super::osm::parse_maxspeed(s) {
            Ok(MaxSpeed::Kmh(k)) => Ok(Some(k)),
            Ok(MaxSpeed::Implicit) => Ok(None),
            Err(m) => Err(err(at(), format!("feature {fi}: maxspeed {m}"))),
        },
        other => Err(err(
            at(),
            format!(
                "feature {fi}: maxspeed {other} is not a speed (write a number of km/h such as 60, or text such as \"40 mph\")"
            ),
        )),
    }
}

/// The CRS a GeoJSON document declares with the (2008) `crs` member, if any.
pub fn declared_crs(value: &serde_json::Value) -> Option<Result<Crs, String>> {
    let c = value.get("crs")?;
    let name = c
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    Some(match name {
        Some(n) => Crs::parse(n),
        None => Err(
            "the `crs` member has no properties.name (write e.g. \"urn:ogc:def:crs:EPSG::32650\")"
                .into(),
        ),
    })
}

/// How a file's coordinates reach the grid's frame: `None` when they are in it.
pub fn file_transform(
    value: &serde_json::Value,
    grid_crs: Option<&Crs>,
) -> Result<Option<Transform>, String> {
    match (declared_crs(value).transpose()?, grid_crs) {
        (Some(f), Some(g)) => Ok(Some(Transform::new(&f, g))),
        (None, Some(g)) => Ok(Some(Transform::new(&Crs::wgs84(), g))),
        (Some(f), None) => Err(format!(
            "the file is in {}, but the scenario declares no CRS: add `crs: \"{}\"` (the grid's CRS) to the map section",
            f.describe(),
            f.declared
        )),
        (None, None) => Ok(None),
    }
}

/// Build a road network from GeoJSON text; `grid_crs` is the scenario's CRS. Every
/// problem found, at most [`MAX_ERRORS`], when it is not one.
pub fn roads_from_geojson(
    grid: &GridSpec,
    grid_crs: Option<&Crs>,
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
    let tr = file_transform(&value, grid_crs)
        .map_err(|m| vec![err(GeoAt::Value("[\"crs\"]".into()), m)])?;
    let not_numbers = coordinates_not_numbers(&value);
    if !not_numbers.is_empty() {
        return Err(not_numbers);
    }
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
    let mut net = LineNetwork::new();
    let w = grid.width as f64 * grid.cell_m;
    let h = grid.height as f64 * grid.cell_m;
    for (fi, f) in fc.features.iter().enumerate() {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let prop_str = |k: &str| prop(f, k).and_then(|v| v.as_str());
        // OpenStreetMap tags, read when there is no `class`
        let osm = match (prop(f, "class"), prop_str("highway")) {
            (None, Some(h)) => match super::osm::highway_class(h) {
                Some(c) => Some(c),
                None => continue, // not a road for vehicles or people (proposed, …)
            },
            _ => None,
        };
        let class = match prop(f, "class") {
            None => Some(osm.map_or(RoadClass::Secondary, |(c, _)| c)),
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
        // both speed properties are checked, whichever applies
        let mut speed_ok = true;
        let mut checked = |r: Option<Result<Option<f64>, GeoError>>| match r {
            Some(Err(e)) => {
                errors.push(e);
                speed_ok = false;
                None
            }
            Some(Ok(s)) => s,
            None => None,
        };
        let given = checked(prop(f, "speed_km_h").map(|v| speed_km_h_of(fi, v)));
        let max = checked(prop(f, "maxspeed").map(|v| maxspeed_of(fi, v)));
        let speed = if speed_ok {
            given
                .or(max)
                .or(osm.map(|(_, kmh)| kmh))
                .or(class.map(RoadClass::default_speed_km_h))
        } else {
            None
        };
        let bridge = match prop(f, "bridge") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s.trim() != "no",
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|b| b <= 1) => {
                n.as_u64() == Some(1)
            }
            Some(v) => {
                errors.push(err(
                    prop_path(fi, "bridge"),
                    format!(
                        "feature {fi}: bridge {v} is neither true nor false (write true, false, 1, 0, \"yes\" or \"no\")"
                    ),
                ));
                false
            }
        };
        let prefix = match prop(f, "id") {
            None => Some("g".to_string()),
            Some(serde_json::Value::String(s)) if super::table::name_text(s).is_empty() => {
                errors.push(err(
                    prop_path(fi, "id"),
                    format!("feature {fi}: id {s:?} is blank"),
                ));
                None
            }
            Some(serde_json::Value::String(s)) => Some(super::table::name_text(s)),
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
        let road = LineRoad {
            prefix: &prefix,
            class,
            speed_km_h: speed,
            bridge,
        };
        // the first vertex far off the grid, for the message when no part is on it
        let mut off_grid: Option<GeoError> = None;
        let mut on_grid = false;
        let mut bad = None;
        for (lpath, line) in lines {
            let mut local = Vec::with_capacity(line.len());
            for (vi, pos) in line.iter().enumerate() {
                let at = || GeoAt::Value(format!("{lpath}[{vi}]"));
                if pos.len() < 2 || !pos[0].is_finite() || !pos[1].is_finite() {
                    bad = Some(err(
                        at(),
                        format!("feature {fi}: vertex {vi} is not a position"),
                    ));
                    break;
                }
                let (e, n) = match &tr {
                    Some(t) => match t.apply(pos[0], pos[1]) {
                        Ok(p) => p,
                        Err(m) => {
                            bad = Some(err(
                                at(),
                                format!(
                                    "feature {fi}: vertex {vi}: {m}{}",
                                    if declared_crs_is_absent(t) {
                                        " — GeoJSON without a `crs` member is WGS 84 longitude/latitude (RFC 7946)"
                                    } else {
                                        ""
                                    }
                                ),
                            ));
                            break;
                        }
                    },
                    None => (pos[0], pos[1]),
                };
                if !(e.abs() <= MAX_PROJECTED_M && n.abs() <= MAX_PROJECTED_M) {
                    let (a, b) = (short_number(pos[0]), short_number(pos[1]));
                    bad = Some(err(
                        at(),
                        if tr.is_some() {
                            format!(
                                "feature {fi}: vertex {vi} ({a}, {b}) lies at ({}, {}) in the grid's CRS, beyond ±{} m: not a position on Earth",
                                short_number(e),
                                short_number(n),
                                short_number(MAX_PROJECTED_M)
                            )
                        } else {
                            format!(
                                "feature {fi}: vertex {vi} ({a}, {b}) is not a projected coordinate (each must be within ±{} m, as the grid's origin)",
                                short_number(MAX_PROJECTED_M)
                            )
                        },
                    ));
                    break;
                }
                let (x, y) = grid.local_of_projected(e, n);
                let (x, y) = (onto_edge(x, w), onto_edge(y, h));
                if off_grid.is_none() && !LineNetwork::on_grid(grid, x, y) {
                    let (by, side) = outside_by(grid, x, y);
                    if by > FAR_OFF_M {
                        off_grid = Some(err(
                            at(),
                            format!(
                                "feature {fi}: vertex {vi} ({}, {}) lies outside the grid ({:.1} km {side} of it, more than {} km) and no part of the feature is on it",
                                pos[0],
                                pos[1],
                                by / 1000.0,
                                FAR_OFF_M / 1000.0
                            ),
                        ));
                    }
                }
                local.push((x, y));
            }
            if bad.is_some() {
                break;
            }
            for piece in super::road_lines::clip(grid, &local) {
                on_grid = true;
                net.add(grid, &piece, &road);
            }
        }
        match (bad, on_grid, off_grid) {
            (Some(e), _, _) => errors.push(e),
            (None, false, Some(e)) => errors.push(e),
            _ => {}
        }
    }
    if errors.is_empty() && net.node_count() == 0 {
        errors.push(err(
            GeoAt::Value("[\"features\"]".into()),
            "no road of the GeoJSON lies on the grid (check its CRS and map.grid.origin)".into(),
        ));
    }
    if errors.is_empty() {
        Ok(net.finish())
    } else {
        errors.truncate(MAX_ERRORS);
        Err(errors)
    }
}

/// Every coordinate of a feature's geometry that is not a JSON number, as errors at
/// the value (at most [`MAX_ERRORS`]). The `geojson` crate refuses them too, but with
/// no place in the file ("Expected a floating-point value, but got None").
fn coordinates_not_numbers(value: &serde_json::Value) -> Vec<GeoError> {
    fn walk(v: &serde_json::Value, fi: usize, idx: &mut Vec<usize>, out: &mut Vec<GeoError>) {
        let message = match v {
            serde_json::Value::Number(_) => return,
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if out.len() >= MAX_ERRORS {
                        return;
                    }
                    idx.push(i);
                    walk(x, fi, idx, out);
                    idx.pop();
                }
                return;
            }
            serde_json::Value::String(s) if s.trim().parse::<f64>().is_ok() => format!(
                "feature {fi}: coordinate {v} is text: a coordinate must be a number, not text (write {} without quotes)",
                s.trim()
            ),
            serde_json::Value::String(_) => {
                format!("feature {fi}: coordinate {v} is text: a coordinate must be a number")
            }
            other => format!("feature {fi}: coordinate {other} is not a number"),
        };
        let path: String = idx.iter().map(|i| format!("[{i}]")).collect();
        out.push(err(
            GeoAt::Value(format!(
                "[\"features\"][{fi}][\"geometry\"][\"coordinates\"]{path}"
            )),
            message,
        ));
    }
    let mut out = Vec::new();
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return out;
    };
    for (fi, f) in features.iter().enumerate() {
        if let Some(c) = f.get("geometry").and_then(|g| g.get("coordinates")) {
            walk(c, fi, &mut Vec::new(), &mut out);
        }
        if out.len() >= MAX_ERRORS {
            break;
        }
    }
    out
}

/// A local coordinate within [`EDGE_TOLERANCE_M`] outside `[0, max]` moved onto the
/// edge; any other unchanged.
fn onto_edge(v: f64, max: f64) -> f64 {
    if (-EDGE_TOLERANCE_M..0.0).contains(&v) {
        0.0
    } else if v > max && v <= max + EDGE_TOLERANCE_M {
        max
    } else {
        v
    }
}

fn declared_crs_is_absent(t: &Transform) -> bool {
    t.from().epsg == Some(super::crs::WGS84)
}

/// How far (m) and on which side a local position lies off the grid.
pub fn outside_by(grid: &GridSpec, x: f64, y: f64) -> (f64, &'static str) {
    let w = grid.width as f64 * grid.cell_m;
    let h = grid.height as f64 * grid.cell_m;
    let cands = [
        (-x, "west"),
        (x - w, "east"),
        (-y, "north"),
        (y - h, "south"),
    ];
    cands
        .into_iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap_or((0.0, "outside"))
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
        let (net, ids) = roads_from_geojson(&g, None, text).unwrap();
        assert_eq!(net.node_count(), 3);
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(ids.len(), 3);
        let bad = text.replace("Primary", "Motorway");
        let e = roads_from_geojson(&g, None, &bad).unwrap_err();
        assert!(e[0].message.contains("Motorway"));
        assert_eq!(
            e[0].at,
            GeoAt::Value("[\"features\"][0][\"properties\"][\"class\"]".into())
        );
        let e = roads_from_geojson(&g, None, "{\"type\": ").unwrap_err();
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
        let (net, _) = roads_from_geojson(&g, None, &t).unwrap();
        let cells: Vec<(u32, u32)> = net.graph.node_weights().map(|n| n.cell).collect();
        assert_eq!(cells, vec![(0, 99), (99, 0), (99, 99)]);
        // half a millimetre west of the west edge, all along: rounding, on it
        let t = one_road("{}", "[[4999.9995,8005],[4999.9995,8505]]");
        let (net, _) = roads_from_geojson(&g, None, &t).unwrap();
        let cells: Vec<(u32, u32)> = net.graph.node_weights().map(|n| n.cell).collect();
        assert_eq!(cells, vec![(0, 99), (0, 49)]);
        // a line reaching past the east edge is cut there, its end in the edge cell
        let t = one_road("{}", "[[5000,8000],[6000.1,9000]]");
        let (net, _) = roads_from_geojson(&g, None, &t).unwrap();
        let cells: Vec<(u32, u32)> = net.graph.node_weights().map(|n| n.cell).collect();
        assert_eq!(cells, vec![(0, 99), (99, 0)]);
    }

    #[test]
    fn speeds_as_text_count_as_numbers_and_other_values_are_refused() {
        let g = grid();
        let speed = |v: &str| {
            let t = one_road(
                &format!("{{\"speed_km_h\": {v}}}"),
                "[[5005,8995],[5505,8995]]",
            );
            roads_from_geojson(&g, None, &t)
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
            roads_from_geojson(&g, None, &t).unwrap_err()[0]
                .message
                .contains("unknown road class 3")
        );
        let t = one_road(
            "{\"id\": 7, \"osm_id\": \"w1\"}",
            "[[5005,8995],[5505,8995]]",
        );
        let (_, ids) = roads_from_geojson(&g, None, &t).unwrap();
        assert!(ids.contains_key("70"));
        let t = one_road("{\"id\": [1]}", "[[5005,8995],[5505,8995]]");
        assert!(
            roads_from_geojson(&g, None, &t).unwrap_err()[0]
                .message
                .contains("id [1]")
        );
    }

    /// `maxspeed` is read as `speed_km_h` is: a number or text with a unit applies;
    /// anything else is refused at the property, also when `speed_km_h` overrides it.
    #[test]
    fn maxspeed_numbers_and_text_apply_and_other_values_are_refused() {
        let g = grid();
        let speed = |props: &str| {
            let t = one_road(props, "[[5005,8995],[5505,8995]]");
            roads_from_geojson(&g, None, &t)
                .map(|(net, _)| net.graph.edge_weights().next().unwrap().speed_km_h)
                .map_err(|e| (e[0].message.clone(), e[0].at.clone()))
        };
        let ms = |v: &str| speed(&format!("{{\"maxspeed\": {v}}}"));
        assert_eq!(ms("5"), Ok(5.0));
        assert_eq!(ms("\"5\""), Ok(5.0));
        assert_eq!(ms("12.5"), Ok(12.5));
        assert!((ms("\"5 mph\"").unwrap() - 8.04672).abs() < 1e-9);
        assert_eq!(ms("\"walk\""), Ok(5.0));
        // OSM's words without a number: the class speed
        let secondary = RoadClass::Secondary.default_speed_km_h();
        assert_eq!(ms("\"none\""), Ok(secondary));
        assert_eq!(ms("\"CN:urban\""), Ok(secondary));
        assert_eq!(ms("null"), Ok(secondary));
        assert_eq!(
            speed("{\"highway\": \"primary\", \"maxspeed\": \"signals\"}"),
            Ok(60.0)
        );
        let at = GeoAt::Value("[\"features\"][0][\"properties\"][\"maxspeed\"]".into());
        for (v, why) in [
            ("\"fast\"", "maxspeed `fast` is not a speed"),
            ("\"NaN\"", "is not a speed"),
            ("\"-5\"", "outside 0–300"),
            ("\"0\"", "outside 0–300"),
            ("0", "outside 0–300"),
            ("-5", "outside 0–300"),
            ("\"99999999\"", "outside 0–300"),
            ("1e308", "speed 1e308 km/h is outside 0–300"),
            ("true", "maxspeed true is not a speed"),
            ("[60]", "is not a speed"),
        ] {
            let (m, a) = ms(v).unwrap_err();
            assert!(m.contains(why), "{v}: {m}");
            assert_eq!(a, at, "{v}");
        }
        // checked even where speed_km_h decides
        let (m, a) = speed("{\"speed_km_h\": 20, \"maxspeed\": \"fast\"}").unwrap_err();
        assert!(m.contains("`fast`"), "{m}");
        assert_eq!(a, at);
        assert_eq!(speed("{\"speed_km_h\": 20, \"maxspeed\": 50}"), Ok(20.0));
        // a bridge is a yes or a no
        let t = one_road("{\"bridge\": 1}", "[[5005,8995],[5505,8995]]");
        let (net, _) = roads_from_geojson(&g, None, &t).unwrap();
        assert!(net.graph.edge_weights().all(|e| e.bridge));
        let t = one_road("{\"bridge\": 2}", "[[5005,8995],[5505,8995]]");
        let e = roads_from_geojson(&g, None, &t).unwrap_err();
        assert!(e[0].message.contains("bridge 2"), "{}", e[0].message);
    }

    /// A vertex must be a pair of JSON numbers within ±MAX_PROJECTED_M m: text and
    /// absurd values are refused at the value, not left to break the road.
    #[test]
    fn coordinates_must_be_numbers_on_earth() {
        let g = grid();
        let refused = |coords: &str| {
            let t = one_road("{}", coords);
            let e = roads_from_geojson(&g, None, &t).unwrap_err();
            assert_eq!(e.len(), 1, "{coords}: {e:?}");
            (e[0].message.clone(), e[0].at.clone())
        };
        let vertex0 = GeoAt::Value("[\"features\"][0][\"geometry\"][\"coordinates\"][0]".into());
        for c in [
            "[[-1e20,8995],[5505,8995]]",
            "[[1e308,1e308],[5505,8995]]",
            "[[-1e12,8995],[5505,8995]]",
            "[[5005,1000000001],[5505,8995]]",
        ] {
            let (m, a) = refused(c);
            assert!(m.contains("is not a projected coordinate"), "{c}: {m}");
            assert!(!m.contains("00000000000000000"), "{c}: {m}");
            assert_eq!(a, vertex0, "{c}");
        }
        let (m, a) = refused(r#"[["5005",8995],[5505,8995]]"#);
        assert!(
            m.contains("coordinate \"5005\" is text: a coordinate must be a number, not text"),
            "{m}"
        );
        assert_eq!(
            a,
            GeoAt::Value("[\"features\"][0][\"geometry\"][\"coordinates\"][0][0]".into())
        );
        // the one text coordinate of a MultiLineString, and a null
        let t = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[5005,8995],[5505,8995]],[[5005,8905],[5505,"x"]]]}}]}"#;
        let e = roads_from_geojson(&g, None, t).unwrap_err();
        assert_eq!(
            e[0].at,
            GeoAt::Value("[\"features\"][0][\"geometry\"][\"coordinates\"][1][1][1]".into())
        );
        let (m, _) = refused("[[5005,null],[5505,8995]]");
        assert!(m.contains("coordinate null is not a number"), "{m}");
        // the largest accepted is still cut at the grid's edge
        let t = one_road("{}", "[[-999999999,8995],[5505,8995]]");
        assert!(roads_from_geojson(&g, None, &t).is_ok());
    }

    #[test]
    fn lines_are_cut_at_the_grid_and_far_ones_refused() {
        // 1 km × 1 km grid at (5000, 8000)
        let g = grid();
        let fc = |lines: &[&str]| {
            let f: Vec<String> = lines
                .iter()
                .map(|c| format!(r#"{{"type":"Feature","properties":{{"highway":"secondary"}},"geometry":{{"type":"LineString","coordinates":{c}}}}}"#))
                .collect();
            format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                f.join(",")
            )
        };
        // through the grid from 500 m west to 500 m east; one wholly 2 km north
        let text = fc(&["[[4500,8505],[6500,8505]]", "[[5005,11000],[5505,11000]]"]);
        let (net, _) = roads_from_geojson(&g, None, &text).unwrap();
        // cut at x = 0 and x = 1000 m: the two edge cells plus the interior vertex-free span
        assert_eq!(net.node_count(), 2);
        assert_eq!(net.graph.edge_count(), 1);
        // OSM tags: highway=secondary gives its speed
        let e = &net.graph[petgraph::graph::EdgeIndex::new(0)];
        assert_eq!(e.class, RoadClass::Secondary);
        // 60 km south: a wrong coordinate, refused at its vertex
        let far = fc(&["[[4500,8505],[6500,8505]]", "[[5005,-52000],[5505,-52000]]"]);
        let e = roads_from_geojson(&g, None, &far).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].message.starts_with("feature 1: vertex 0"),
            "{}",
            e[0].message
        );
        assert!(e[0].message.contains("km south of it"), "{}", e[0].message);
        assert_eq!(
            e[0].at,
            GeoAt::Value("[\"features\"][1][\"geometry\"][\"coordinates\"][0]".into())
        );
        // nothing on the grid at all
        let none = fc(&["[[5005,11000],[5505,11000]]"]);
        assert!(
            roads_from_geojson(&g, None, &none).unwrap_err()[0]
                .message
                .contains("no road")
        );
    }
}
