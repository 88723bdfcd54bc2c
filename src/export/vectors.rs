//! GeoJSON out: polygons of a field's bands (the `contour` crate), units' tracks as
//! LineStrings and places as Points with their status. Coordinates: WGS 84
//! longitude/latitude when the scenario declares a CRS (RFC 7946), else the grid's
//! projected metres.

use serde_json::{Value, json};

use super::fields::{Field, Gathered};
use crate::map::crs::{Crs, Transform};
use crate::scenario::Scenario;

/// Local metres (x east from the west edge, y south from the north edge) to output
/// coordinates, rounded (7 decimals of a degree ≈ 1 cm; 2 decimals of a metre).
struct Out {
    tr: Option<Transform>,
    origin: (f64, f64),
    top: f64,
}

impl Out {
    fn new(s: &Scenario) -> Out {
        Out {
            tr: s.crs.as_ref().map(|c| Transform::new(c, &Crs::wgs84())),
            origin: s.grid.origin,
            top: s.grid.origin.1 + s.grid.height as f64 * s.grid.cell_m,
        }
    }

    /// From projected coordinates.
    fn projected(&self, e: f64, n: f64) -> Result<Value, String> {
        match &self.tr {
            Some(t) => {
                let (lon, lat) = t.apply(e, n)?;
                Ok(json!([round(lon, 1e7), round(lat, 1e7)]))
            }
            None => Ok(json!([round(e, 100.0), round(n, 100.0)])),
        }
    }

    fn local(&self, x: f64, y: f64) -> Result<Value, String> {
        self.projected(self.origin.0 + x, self.top - y)
    }
}

fn round(v: f64, k: f64) -> f64 {
    (v * k).round() / k
}

fn collection(s: &Scenario, g: &Gathered, features: Vec<Value>) -> Result<String, String> {
    let fc = json!({
        "type": "FeatureCollection",
        "name": format!("{} {} {}", s.meta.name, g.field.name(), g.when_text),
        "features": features,
    });
    serde_json::to_string_pretty(&fc).map_err(|e| e.to_string())
}

/// Polygons of the field's bands: for each threshold, the area at or above it (for
/// arrival fields: reached by that time). Returns the text and a description.
pub fn polygons(g: &Gathered) -> Result<(String, String), String> {
    let s = &g.scenario;
    let (w, h) = (s.grid.width as usize, s.grid.height as usize);
    let out = Out::new(s);
    let arrival = matches!(g.field, Field::FloodArrival | Field::FireArrival);
    // contour works on cell centres in cell units (row down, as the values are
    // stored); moved to coordinates afterwards (`contour` tells outer rings from holes
    // by their orientation, which a negative step would flip)
    let builder = contour::ContourBuilder::new(w, h, false);
    let (x0, top, cell) = (
        s.grid.origin.0,
        s.grid.origin.1 + h as f64 * s.grid.cell_m,
        s.grid.cell_m,
    );
    let mut features = Vec::new();
    for (threshold, label) in &g.bands {
        let (vals, level): (Vec<f64>, f64) = if arrival {
            (
                g.values
                    .iter()
                    .map(|a| {
                        if !a.is_nan() && *a <= *threshold {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .collect(),
                0.5,
            )
        } else {
            (
                g.values
                    .iter()
                    .map(|v| if v.is_nan() { f64::MIN } else { *v })
                    .collect(),
                *threshold,
            )
        };
        if !vals.iter().any(|v| *v >= level) {
            continue;
        }
        let cs = builder
            .contours(&vals, &[level])
            .map_err(|e| format!("cannot trace polygons: {e:?}"))?;
        for c in cs {
            let mut polys = Vec::new();
            for p in &c.geometry().0 {
                let mut rings = Vec::new();
                for ring in std::iter::once(p.exterior()).chain(p.interiors().iter()) {
                    let mut pts: Vec<Value> = ring
                        .0
                        .iter()
                        .map(|c| out.projected(x0 + (c.x + 0.5) * cell, top - (c.y + 0.5) * cell))
                        .collect::<Result<_, _>>()?;
                    if pts.first() != pts.last()
                        && let Some(f) = pts.first().cloned()
                    {
                        pts.push(f);
                    }
                    if pts.len() >= 4 {
                        rings.push(Value::Array(pts));
                    }
                }
                if !rings.is_empty() {
                    polys.push(Value::Array(rings));
                }
            }
            if polys.is_empty() {
                continue;
            }
            features.push(json!({
                "type": "Feature",
                "properties": {
                    "field": g.field.name(),
                    "threshold": threshold,
                    "unit": g.field.unit(),
                    "label": label,
                    "time": crate::time::hms(g.t_s),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polys},
            }));
        }
    }
    let n = features.len();
    Ok((
        collection(s, g, features)?,
        format!("GeoJSON, {n} polygon band(s)"),
    ))
}

/// Tracks (LineStrings, one per unit that moved; a Point for one that did not) or
/// places (Points with their status).
pub fn features(g: &Gathered) -> Result<(String, String), String> {
    let s = &g.scenario;
    let out = Out::new(s);
    let mut features = Vec::new();
    if g.field == Field::Tracks {
        for (id, pts) in &g.tracks {
            let name = s
                .org
                .find(id)
                .map(|m| s.org.member(m).name.clone())
                .unwrap_or_default();
            let coords: Vec<Value> = pts
                .iter()
                .map(|(_, x, y)| out.local(*x, *y))
                .collect::<Result<_, _>>()?;
            let times: Vec<String> = pts.iter().map(|p| crate::time::hms(p.0)).collect();
            let geometry = if coords.len() >= 2 {
                json!({"type": "LineString", "coordinates": coords})
            } else {
                json!({"type": "Point", "coordinates": coords[0]})
            };
            features.push(json!({
                "type": "Feature",
                "properties": {"unit": id, "name": name, "times": times},
                "geometry": geometry,
            }));
        }
    } else if let Some(v) = &g.view {
        for (p, pv) in s.places.iter().zip(&v.places) {
            let (x, y) = s.grid.centre_m(p.cell.0, p.cell.1);
            features.push(json!({
                "type": "Feature",
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "kind": format!("{:?}", p.kind),
                    "population": p.population,
                    "people_there": pv.people,
                    "warned": pv.warned,
                    "evacuating": pv.evacuating,
                    "sheltering": pv.sheltering,
                    "reached_by": pv.reached_by,
                    "time": crate::time::hms(g.t_s),
                },
                "geometry": {"type": "Point", "coordinates": out.local(x, y)?},
            }));
        }
    }
    let n = features.len();
    Ok((
        collection(s, g, features)?,
        format!("GeoJSON, {n} feature(s)"),
    ))
}
