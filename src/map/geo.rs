//! Road networks from GeoJSON: a FeatureCollection of LineStrings (or
//! MultiLineStrings) in projected metres, in the same frame as the grid's `origin`.
//!
//! Every vertex becomes a road node (vertices in the same grid cell are merged, so
//! lines that share an end point join); consecutive vertices become road sections.
//! Feature properties: `class` (Highway, Primary, Secondary, Track, Path),
//! `speed_km_h`, and `id` (used as the node id prefix, default `g`).

use std::collections::HashMap;

use super::RoadClass;
use super::{GridSpec, RoadNetwork};

/// Error: byte span in the file and message.
pub type GeoError = ((usize, usize), String);

/// Build a road network from GeoJSON text.
pub fn roads_from_geojson(
    grid: &GridSpec,
    text: &str,
) -> Result<(RoadNetwork, HashMap<String, u32>), GeoError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let off = crate::source::offset_of(text, e.line(), e.column().max(1));
        ((off, off + 1), format!("not valid JSON: {e}"))
    })?;
    let gj = geojson::GeoJson::from_json_value(value)
        .map_err(|e| ((0, 1), format!("not valid GeoJSON: {e}")))?;
    let fc = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        _ => return Err(((0, 1), "expected a FeatureCollection".into())),
    };
    let mut net = RoadNetwork::new();
    let mut ids = HashMap::new();
    let mut by_cell: HashMap<(u32, u32), u32> = HashMap::new();
    for (fi, f) in fc.features.iter().enumerate() {
        let span = feature_span(text, fi);
        let prop_str = |k: &str| {
            f.properties
                .as_ref()
                .and_then(|p| p.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let class = match prop_str("class").as_deref() {
            None => RoadClass::Secondary,
            Some("Highway") => RoadClass::Highway,
            Some("Primary") => RoadClass::Primary,
            Some("Secondary") => RoadClass::Secondary,
            Some("Track") => RoadClass::Track,
            Some("Path") => RoadClass::Path,
            Some(other) => {
                return Err((
                    span,
                    format!(
                        "feature {fi}: unknown road class `{other}` (Highway, Primary, Secondary, Track, Path)"
                    ),
                ));
            }
        };
        let speed = f
            .properties
            .as_ref()
            .and_then(|p| p.get("speed_km_h"))
            .and_then(|v| v.as_f64())
            .unwrap_or(class.default_speed_km_h());
        if !(speed > 0.0 && speed <= 300.0) {
            return Err((
                span,
                format!("feature {fi}: speed {speed} km/h is outside 0–300"),
            ));
        }
        let prefix = prop_str("id").unwrap_or_else(|| "g".into());
        let lines: Vec<Vec<Vec<f64>>> = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::LineString(l)) => vec![l.clone()],
            Some(geojson::Value::MultiLineString(ls)) => ls.clone(),
            _ => {
                return Err((
                    span,
                    format!("feature {fi}: roads must be LineString or MultiLineString"),
                ));
            }
        };
        for line in lines {
            let mut prev: Option<(u32, (f64, f64))> = None;
            for (vi, pos) in line.iter().enumerate() {
                if pos.len() < 2 || !pos[0].is_finite() || !pos[1].is_finite() {
                    return Err((span, format!("feature {fi}: vertex {vi} is not a position")));
                }
                let (x, y) = grid.local_of_projected(pos[0], pos[1]);
                let w = grid.width as f64 * grid.cell_m;
                let h = grid.height as f64 * grid.cell_m;
                if x < 0.0 || y < 0.0 || x >= w || y >= h {
                    return Err((
                        span,
                        format!(
                            "feature {fi}: vertex {vi} ({}, {}) lies outside the grid",
                            pos[0], pos[1]
                        ),
                    ));
                }
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
    if net.node_count() == 0 {
        return Err(((0, 1), "the GeoJSON holds no road vertices".into()));
    }
    Ok((net, ids))
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
        let (net, ids) = roads_from_geojson(&g, text).unwrap();
        assert_eq!(net.node_count(), 3);
        assert_eq!(net.graph.edge_count(), 2);
        assert_eq!(ids.len(), 3);
        let bad = text.replace("Primary", "Motorway");
        assert!(
            roads_from_geojson(&g, &bad)
                .unwrap_err()
                .1
                .contains("Motorway")
        );
        let e = roads_from_geojson(&g, "{\"type\": ").unwrap_err();
        assert!(e.1.contains("JSON"));
    }
}
