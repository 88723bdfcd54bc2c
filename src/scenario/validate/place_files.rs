//! `map.place_files`: places from tables (`.csv`, `.xlsx`) and GeoJSON points beside
//! the scenario. Each row is checked where it is written (`file:line:col` or
//! `file:Sheet!B7`): its fields ([`crate::map::places_table`]), its position (moved
//! into the grid's CRS; outside the grid is an error saying how far and which way), a
//! unique id, a road within [`MAX_ROAD_SNAP_M`](super::MAX_ROAD_SNAP_M) and a
//! gauge's levels. Rows that pass become places like inline ones.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::{MAX_ROAD_SNAP_M, Validator};
use crate::map::crs::{Crs, Transform};
use crate::map::places_table::{self, Coords, TablePlace};
use crate::map::road_lines::LineNetwork;
use crate::map::table::{self, TableError, Where};
use crate::map::{GridSpec, RoadNetwork};
use crate::scenario::diag::Diagnostic;
use crate::scenario::raw::{PlaceKind, RawGauge, RawMap, RawPlace};

/// The scenario's kind of a canonical kind name.
pub fn place_kind(name: &str) -> Option<PlaceKind> {
    Some(match name {
        "Village" => PlaceKind::Village,
        "School" => PlaceKind::School,
        "Hospital" => PlaceKind::Hospital,
        "Plant" => PlaceKind::Plant,
        "Shelter" => PlaceKind::Shelter,
        "Depot" => PlaceKind::Depot,
        "FireStation" => PlaceKind::FireStation,
        "RiverGauge" => PlaceKind::RiverGauge,
        "CommandPost" => PlaceKind::CommandPost,
        "Landmark" => PlaceKind::Landmark,
        _ => return None,
    })
}

impl Validator {
    fn table_diag(&mut self, file: &Path, text: Option<&Arc<String>>, e: &TableError) {
        let d = match (&e.at, text) {
            (Some(Where::Text { line, col, offset }), Some(t)) => {
                Diagnostic::at_known(file, t, *offset, (*line, *col), e.message.clone(), None)
            }
            (Some(w), _) => Diagnostic::at_label(file, w.to_string(), "", e.message.clone(), None),
            (None, _) => Diagnostic::at_label(file, "", "", e.message.clone(), None),
        };
        self.d.add(d);
    }

    pub(super) fn place_files(
        &mut self,
        g: &GridSpec,
        m: &RawMap,
        roads: &RoadNetwork,
    ) -> Vec<RawPlace> {
        let mut seen: BTreeSet<String> = m.places.iter().map(|p| p.id.clone()).collect();
        let mut out = Vec::new();
        for (i, rel) in m.place_files.iter().enumerate() {
            let path = format!("map.place_files[{i}]");
            let lower = rel.to_ascii_lowercase();
            let ext = lower.rsplit('.').next().unwrap_or("").to_string();
            let Some((full, bytes)) = self.read_bytes(&path, rel, table::MAX_FILE_BYTES) else {
                self.place_files_unread = true;
                continue;
            };
            let (places, text, file_crs) = if ext == "geojson" || ext == "json" {
                let text =
                    match crate::scenario::diag::text_or_diag(&full, bytes.to_vec(), "places file")
                    {
                        Ok(t) => Arc::new(t),
                        // at the first bad byte, as `file:line:col`
                        Err(d) => {
                            self.d.add(*d);
                            self.place_files_unread = true;
                            continue;
                        }
                    };
                match places_table::from_geojson(&text) {
                    Ok((p, crs)) => (p, Some(text), crs),
                    Err(es) => {
                        for e in &es {
                            self.table_diag(&full, Some(&text), e);
                        }
                        self.place_files_unread = true;
                        continue;
                    }
                }
            } else {
                let t = match table::read(&ext, bytes.to_vec(), &["places", "地点"]) {
                    Ok(t) => t,
                    Err(e) => {
                        self.table_diag(&full, None, &e);
                        self.place_files_unread = true;
                        continue;
                    }
                };
                let text = t.text.clone().map(Arc::new);
                match places_table::from_table(&t) {
                    Ok(p) => (p, text, None),
                    Err(es) => {
                        for e in &es {
                            self.table_diag(&full, text.as_ref(), e);
                        }
                        self.place_files_unread = true;
                        continue;
                    }
                }
            };
            // how positions reach the grid's frame
            let file_tr = match &file_crs {
                Some(name) => match (Crs::parse(name), &self.crs) {
                    (Ok(c), Some(gc)) => Some(Transform::new(&c, gc)),
                    (Ok(c), None) => {
                        self.d.add(Diagnostic::at_label(
                            &full,
                            "",
                            "",
                            format!(
                                "the file is in {}, but the scenario declares no CRS",
                                c.describe()
                            ),
                            Some(
                                "add `crs: \"EPSG:…\"` (the grid's CRS) to the map section".into(),
                            ),
                        ));
                        self.place_files_unread = true;
                        continue;
                    }
                    (Err(e), _) => {
                        self.d.add(Diagnostic::at_label(&full, "", "", e, None));
                        self.place_files_unread = true;
                        continue;
                    }
                },
                None => None,
            };
            let ll = self.crs.as_ref().map(|c| Transform::new(&Crs::wgs84(), c));
            for p in places {
                match self.file_place(
                    g,
                    &full,
                    text.as_ref(),
                    &p,
                    file_tr.as_ref(),
                    ll.as_ref(),
                    roads,
                    &mut seen,
                ) {
                    Some(rp) => out.push(rp),
                    // its row's error is the root cause: no "unknown place" elsewhere
                    None => {
                        self.rejected_places.insert(p.id.clone());
                        self.rejected_places.insert(p.name.clone());
                    }
                }
            }
        }
        out
    }

    /// Where a point outside the grid is and what the grid covers, in the grid's CRS
    /// (`at (504515, 3300300) in EPSG:32650, the grid covers x 500000–503000, y
    /// 3300000–3302400`), and in longitude/latitude too when the point was given so.
    fn where_outside(&self, g: &GridSpec, (e, n): (f64, f64), given: Option<Coords>) -> String {
        let (x0, y0) = g.origin;
        let (x1, y1) = (
            x0 + g.width as f64 * g.cell_m,
            y0 + g.height as f64 * g.cell_m,
        );
        let crs = self
            .crs
            .as_ref()
            .map(|c| c.declared.clone())
            .unwrap_or_else(|| "the grid's frame".into());
        let mut s = format!(
            "at ({e:.0}, {n:.0}) in {crs}, the grid covers x {x0:.0}–{x1:.0}, y {y0:.0}–{y1:.0}"
        );
        if let (Some(Coords::LonLat(lon, lat)), Some(c)) = (given, &self.crs) {
            let t = Transform::new(c, &Crs::wgs84());
            let corners: Vec<(f64, f64)> = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
                .iter()
                .filter_map(|&(x, y)| t.apply(x, y).ok())
                .collect();
            if corners.len() == 4 {
                let lo = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MAX, f64::min);
                let hi = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MIN, f64::max);
                s.push_str(&format!(
                    "; in longitude/latitude ({lon:.5}, {lat:.5}), the grid covers longitude {:.5}–{:.5}, latitude {:.5}–{:.5}",
                    lo(|c| c.0),
                    hi(|c| c.0),
                    lo(|c| c.1),
                    hi(|c| c.1)
                ));
            }
        }
        s
    }

    #[allow(clippy::too_many_arguments)] // the file, its row and the frames, named at the call
    fn file_place(
        &mut self,
        g: &GridSpec,
        file: &Path,
        text: Option<&Arc<String>>,
        p: &TablePlace,
        file_tr: Option<&Transform>,
        ll: Option<&Transform>,
        roads: &RoadNetwork,
        seen: &mut BTreeSet<String>,
    ) -> Option<RawPlace> {
        let fail = |s: &mut Self, at: &Where, msg: String| {
            s.table_diag(file, text, &TableError::at(at, msg));
        };
        let pos = match (p.coords, file_tr, ll) {
            (Coords::Projected(e, n), Some(t), _) => t.apply(e, n),
            (Coords::Projected(e, n), None, _) => Ok((e, n)),
            (Coords::LonLat(lon, lat), _, Some(t)) => t.apply(lon, lat),
            (Coords::LonLat(..), _, None) => {
                fail(
                    self,
                    &p.coords_at,
                    format!(
                        "`{}` is given in longitude/latitude, but the scenario declares no CRS: add `crs: \"EPSG:…\"` to the map section",
                        p.name
                    ),
                );
                return None;
            }
        };
        let (e, n) = match pos {
            Ok(x) => x,
            Err(m) => {
                fail(self, &p.coords_at, format!("`{}`: {m}", p.name));
                return None;
            }
        };
        let (x, y) = g.local_of_projected(e, n);
        if !LineNetwork::on_grid(g, x, y) {
            let (by, side) = crate::map::geo::outside_by(g, x, y);
            let lonlat = matches!(p.coords, Coords::LonLat(..));
            fail(
                self,
                &p.coords_at,
                format!(
                    "place `{}` lies outside the grid, {by:.0} m {side} of it: {}",
                    p.name,
                    self.where_outside(g, (e, n), lonlat.then_some(p.coords))
                ),
            );
            return None;
        }
        let cell = g.cell_at_m(x, y);
        if !seen.insert(p.id.clone()) {
            fail(self, &p.at, format!("place id `{}` is used twice", p.id));
            return None;
        }
        let kind = place_kind(p.kind)?;
        if p.road_node.is_none() {
            match roads.nearest_node(cell) {
                Some((_, d)) if d * g.cell_m <= MAX_ROAD_SNAP_M => {}
                Some((_, d)) => {
                    fail(
                        self,
                        &p.coords_at,
                        format!(
                            "place `{}` is {:.0} m from the nearest road node (at most {MAX_ROAD_SNAP_M} m)",
                            p.name,
                            d * g.cell_m
                        ),
                    );
                    return None;
                }
                None => return None, // the roads' own error says why
            }
        }
        match (p.gauge, kind) {
            (Some((w, d)), _) if d < w => {
                fail(
                    self,
                    &p.at,
                    format!("danger level {d} m is below the warning level {w} m"),
                );
                return None;
            }
            (None, PlaceKind::RiverGauge) => {
                fail(
                    self,
                    &p.at,
                    format!(
                        "river gauge `{}` has no warning and danger levels (columns warning_m / 警戒水位, danger_m / 保证水位)",
                        p.name
                    ),
                );
                return None;
            }
            _ => {}
        }
        Some(RawPlace {
            id: p.id.clone(),
            name: p.name.clone(),
            kind,
            cell,
            population: p.population,
            buildings: p.buildings,
            capacity: p.capacity,
            road_node: p.road_node.clone(),
            gauge: p.gauge.map(|(w, d)| RawGauge {
                warning_m: w,
                danger_m: d,
            }),
        })
    }
}
