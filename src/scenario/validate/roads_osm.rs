//! `map.roads: Osm("…osm.pbf")`: the highways of an OpenStreetMap extract, projected
//! onto the grid (the map must declare its CRS) and cut at its edges.

use std::collections::HashMap;

use super::Validator;
use crate::map::crs::{Crs, Transform};
use crate::map::road_lines::{LineNetwork, LineRoad, clip};
use crate::map::{GridSpec, RoadNetwork, osm};
use crate::scenario::diag::Diagnostic;

impl Validator {
    pub(super) fn osm_roads(
        &mut self,
        g: &GridSpec,
        rel: &str,
    ) -> Option<(RoadNetwork, HashMap<String, u32>)> {
        let Some(crs) = self.crs.clone() else {
            self.d.err(
                "map.roads",
                "OpenStreetMap is in longitude/latitude: the map needs a CRS to place it",
                Some("add `crs: \"EPSG:…\"` (the grid's projected CRS) to the map section".into()),
            );
            return None;
        };
        let (full, bytes) = self.read_bytes("map.roads.0", rel, osm::MAX_FILE_BYTES)?;
        let ways = match osm::read_highways(&bytes) {
            Ok(w) => w,
            Err(e) => {
                self.d.add(Diagnostic::at_label(&full, "", "", e, None));
                return None;
            }
        };
        drop(bytes);
        let tr = Transform::new(&Crs::wgs84(), &crs);
        let mut net = LineNetwork::new();
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for w in &ways {
            let road = LineRoad {
                prefix: "osm",
                class: w.class,
                speed_km_h: w.speed_km_h,
                bridge: w.bridge,
            };
            for part in &w.parts {
                let mut runs = vec![Vec::with_capacity(part.len())];
                for &(lon, lat) in part {
                    lon0 = lon0.min(lon);
                    lon1 = lon1.max(lon);
                    lat0 = lat0.min(lat);
                    lat1 = lat1.max(lat);
                    match tr.apply(lon, lat) {
                        Ok((e, n)) => runs
                            .last_mut()
                            .expect("one run")
                            .push(g.local_of_projected(e, n)),
                        // a node with no position (longitude or latitude out of range in
                        // a damaged extract) splits the way, as a missing node does:
                        // its neighbours are not joined across it
                        Err(_) => runs.push(Vec::new()),
                    }
                }
                for local in runs {
                    for piece in clip(g, &local) {
                        net.add(g, &piece, &road);
                    }
                }
            }
        }
        if ways.is_empty() || lon0 > lon1 {
            // nothing placed at all: no extent to tell
            self.d.add(Diagnostic::at_label(
                &full,
                "",
                "",
                format!(
                    "the extract holds no highway with a position ({} ways)",
                    ways.len()
                ),
                Some("an empty or cut-off .osm.pbf: export the area again (osmium extract -b …, or the download's highways)".into()),
            ));
            return None;
        }
        if net.node_count() == 0 {
            self.d.add(Diagnostic::at_label(
                &full,
                "",
                "",
                format!(
                    "none of the extract's {} highways lies on the grid (the extract spans longitude {lon0:.4}…{lon1:.4}, latitude {lat0:.4}…{lat1:.4})",
                    ways.len()
                ),
                Some(format!("check map.grid.origin against the extract; the grid is in {}", crs.describe())),
            ));
            return None;
        }
        Some(net.finish())
    }
}
