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
//! network by [`super::road_lines`]: a GIS layer or an OpenStreetMap export reaching
//! beyond the exercise area is normal, and a feature with no part on the grid is left
//! out — unless it lies more than [`FAR_OFF_M`] from the grid, which is an error saying
//! how far off and which way (a wrong CRS, swapped longitude and latitude, or a typo
//! in a coordinate). Feature properties: `class` (Highway, Primary,
//! Secondary, Track, Path) or, as OpenStreetMap exports carry it, `highway` (mapped
//! as in [`super::osm::highway_class`]; features of other `highway` values such as
//! `proposed` are left out), `speed_km_h` (or OSM `maxspeed`), `bridge` (`true`, or
//! OSM `"yes"`), and `id` (used as the node id prefix, default `g`). Every feature's
//! problems are reported, not only the first.

use std::collections::HashMap;

use super::RoadClass;
use super::crs::{Crs, Transform};
use super::road_lines::{LineNetwork, LineRoad};
use super::{GridSpec, RoadNetwork};

/// A road feature wholly off the grid farther than this (m) is an error rather than
/// left out: a district's road layer reaches some tens of kilometres past an
/// exercise area, a coordinate in the wrong CRS or with longitude and latitude swapped
/// lands hundreds of kilometres away.
pub const FAR_OFF_M: f64 = 50_000.0;

/// Error: byte span in the file and message.
pub type GeoError = ((usize, usize), String);

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

/// Build a road network from GeoJSON text; `grid_crs` is the scenario's CRS.
pub fn roads_from_geojson(
    grid: &GridSpec,
    grid_crs: Option<&Crs>,
    text: &str,
) -> Result<(RoadNetwork, HashMap<String, u32>), Vec<GeoError>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let off = crate::source::offset_of(text, e.line(), e.column().max(1));
        vec![((off, off + 1), format!("not valid JSON: {e}"))]
    })?;
    let tr = file_transform(&value, grid_crs).map_err(|m| vec![((0, 1), m)])?;
    let gj = geojson::GeoJson::from_json_value(value)
        .map_err(|e| vec![((0, 1), format!("not valid GeoJSON: {e}"))])?;
    let fc = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        _ => return Err(vec![((0, 1), "expected a FeatureCollection".into())]),
    };
    let mut net = LineNetwork::new();
    let mut errors = Vec::new();
    for (fi, f) in fc.features.iter().enumerate() {
        let span = feature_span(text, fi);
        let prop_str = |k: &str| {
            f.properties
                .as_ref()
                .and_then(|p| p.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let osm = match (prop_str("class"), prop_str("highway")) {
            (None, Some(h)) => match super::osm::highway_class(&h) {
                Some(c) => Some(c),
                None => continue, // not a road for vehicles or people (proposed, …)
            },
            _ => None,
        };
        let class = match prop_str("class").as_deref() {
            None => osm.map_or(RoadClass::Secondary, |(c, _)| c),
            Some("Highway") => RoadClass::Highway,
            Some("Primary") => RoadClass::Primary,
            Some("Secondary") => RoadClass::Secondary,
            Some("Track") => RoadClass::Track,
            Some("Path") => RoadClass::Path,
            Some(other) => {
                errors.push((
                    span,
                    format!(
                        "feature {fi}: unknown road class `{other}` (Highway, Primary, Secondary, Track, Path)"
                    ),
                ));
                continue;
            }
        };
        let speed = f
            .properties
            .as_ref()
            .and_then(|p| p.get("speed_km_h"))
            .and_then(|v| v.as_f64())
            .or_else(|| prop_str("maxspeed").and_then(|m| super::osm::parse_maxspeed(&m)))
            .or(osm.map(|(_, kmh)| kmh))
            .unwrap_or(class.default_speed_km_h());
        if !(speed > 0.0 && speed <= 300.0) {
            errors.push((
                span,
                format!("feature {fi}: speed {speed} km/h is outside 0–300"),
            ));
            continue;
        }
        let bridge = f
            .properties
            .as_ref()
            .and_then(|p| p.get("bridge"))
            .and_then(|v| v.as_bool().or_else(|| v.as_str().map(|b| b != "no")))
            .unwrap_or(false);
        let prefix = prop_str("id").unwrap_or_else(|| "g".into());
        let lines: Vec<Vec<Vec<f64>>> = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::LineString(l)) => vec![l.clone()],
            Some(geojson::Value::MultiLineString(ls)) => ls.clone(),
            _ => {
                errors.push((
                    span,
                    format!("feature {fi}: roads must be LineString or MultiLineString"),
                ));
                continue;
            }
        };
        let road = LineRoad {
            prefix: &prefix,
            class,
            speed_km_h: speed,
            bridge,
        };
        // the first vertex off the grid, for the message when no part is on it
        let mut off_grid: Option<String> = None;
        let mut on_grid = false;
        let mut bad = None;
        for line in lines {
            let mut local = Vec::with_capacity(line.len());
            for (vi, pos) in line.iter().enumerate() {
                if pos.len() < 2 || !pos[0].is_finite() || !pos[1].is_finite() {
                    bad = Some(format!("feature {fi}: vertex {vi} is not a position"));
                    break;
                }
                let (e, n) = match &tr {
                    Some(t) => match t.apply(pos[0], pos[1]) {
                        Ok(p) => p,
                        Err(m) => {
                            bad = Some(format!(
                                "feature {fi}: vertex {vi}: {m}{}",
                                if declared_crs_is_absent(t) {
                                    " — GeoJSON without a `crs` member is WGS 84 longitude/latitude (RFC 7946)"
                                } else {
                                    ""
                                }
                            ));
                            break;
                        }
                    },
                    None => (pos[0], pos[1]),
                };
                let (x, y) = grid.local_of_projected(e, n);
                if off_grid.is_none() && !LineNetwork::on_grid(grid, x, y) {
                    let (by, side) = outside_by(grid, x, y);
                    if by > FAR_OFF_M {
                        off_grid = Some(format!(
                            "feature {fi}: vertex {vi} ({}, {}) lies outside the grid ({:.1} km {side} of it, more than {} km) and no part of the feature is on it",
                            pos[0],
                            pos[1],
                            by / 1000.0,
                            FAR_OFF_M / 1000.0
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
            (Some(m), _, _) => errors.push((span, m)),
            (None, false, Some(m)) => errors.push((span, m)),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if net.node_count() == 0 {
        return Err(vec![(
            (0, 1),
            "no road of the GeoJSON lies on the grid (check its CRS and map.grid.origin)".into(),
        )]);
    }
    Ok(net.finish())
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

/// Rough span of the n-th `"type": "Feature"` in the text, for messages.
fn feature_span(text: &str, n: usize) -> (usize, usize) {
    text.match_indices("\"Feature\"")
        .nth(n)
        .map(|(i, s)| (i, i + s.len()))
        .unwrap_or((0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_at_shared_vertices() {
        let g = GridSpec {
            width: 100,
            height: 100,
            cell_m: 10.0,
            origin: (5000.0, 8000.0),
        };
        let text = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"class":"Primary"},"geometry":{"type":"LineString","coordinates":[[5005,8995],[5505,8995]]}},
 {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[5505,8995],[5505,8505]]}}]}"#;
        let (net, ids) = roads_from_geojson(&g, None, text).unwrap();
        assert_eq!(net.node_count(), 3);
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(ids.len(), 3);
        let bad = text.replace("Primary", "Motorway");
        assert!(
            roads_from_geojson(&g, None, &bad).unwrap_err()[0]
                .1
                .contains("Motorway")
        );
        let e = roads_from_geojson(&g, None, "{\"type\": ").unwrap_err();
        assert!(e[0].1.contains("JSON"));
    }

    #[test]
    fn lines_are_cut_at_the_grid_and_far_ones_refused() {
        // 1 km × 1 km grid at (5000, 8000)
        let g = GridSpec {
            width: 100,
            height: 100,
            cell_m: 10.0,
            origin: (5000.0, 8000.0),
        };
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
        // 60 km south: a wrong coordinate, refused at its feature
        let far = fc(&["[[4500,8505],[6500,8505]]", "[[5005,-52000],[5505,-52000]]"]);
        let e = roads_from_geojson(&g, None, &far).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].1.starts_with("feature 1: vertex 0"), "{}", e[0].1);
        assert!(e[0].1.contains("km south of it"), "{}", e[0].1);
        // nothing on the grid at all
        let none = fc(&["[[5005,11000],[5505,11000]]"]);
        assert!(
            roads_from_geojson(&g, None, &none).unwrap_err()[0]
                .1
                .contains("no road")
        );
    }
}
