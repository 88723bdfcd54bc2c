//! The `map.roads` section: inline nodes and edges on the grid, or a GeoJSON file,
//! built into the [`RoadNetwork`]; road node ids resolved with a "did you mean" hint.

use std::collections::HashMap;

use super::{MAX_ROAD_SECTION_M, Validator, did_you_mean};
use crate::map::{GridSpec, MAX_ROAD_SPEED_KM_H, RoadNetwork};
use crate::scenario::raw::RawRoads;

impl Validator {
    pub(super) fn roads(
        &mut self,
        g: &GridSpec,
        r: &RawRoads,
    ) -> (RoadNetwork, HashMap<String, u32>) {
        let mut net = RoadNetwork::new();
        let mut ids = HashMap::new();
        match r {
            RawRoads::Inline(rn) => {
                for (i, n) in rn.nodes.iter().enumerate() {
                    let p = format!("map.roads.nodes[{i}]");
                    if !g.contains(n.cell.0, n.cell.1) {
                        self.d.err(
                            &format!("{p}.cell"),
                            format!(
                                "road node `{}` at ({}, {}) is off the {} × {} grid",
                                n.id, n.cell.0, n.cell.1, g.width, g.height
                            ),
                            Some(
                                "cells are (column, row) from the north-west corner, starting at 0"
                                    .into(),
                            ),
                        );
                        continue;
                    }
                    if ids.contains_key(&n.id) {
                        self.d.err(
                            &format!("{p}.id"),
                            format!("road node id `{}` is used twice", n.id),
                            None,
                        );
                        continue;
                    }
                    let idx = net.add_node(n.id.clone(), n.cell);
                    ids.insert(n.id.clone(), idx);
                }
                for (i, e) in rn.edges.iter().enumerate() {
                    let p = format!("map.roads.edges[{i}]");
                    let a = self.road_ref(&format!("{p}.from"), &e.from, &ids);
                    let b = self.road_ref(&format!("{p}.to"), &e.to, &ids);
                    let (Some(a), Some(b)) = (a, b) else { continue };
                    if a == b {
                        self.d.err(
                            &p,
                            format!("road section from `{}` to itself", e.from),
                            None,
                        );
                        continue;
                    }
                    let len = e
                        .length_m
                        .unwrap_or_else(|| net.straight_m(g, a, b).max(g.cell_m * 0.5));
                    if !(len > 0.0 && len <= MAX_ROAD_SECTION_M) {
                        self.d.err(
                            &format!("{p}.length_m"),
                            format!("road length {len} m is outside 0–{MAX_ROAD_SECTION_M} m"),
                            Some("leave it out to use the straight distance".into()),
                        );
                        continue;
                    }
                    let speed = e.speed_km_h.unwrap_or(e.class.default_speed_km_h());
                    if !(speed > 0.0 && speed <= MAX_ROAD_SPEED_KM_H) {
                        self.d.err(
                            &format!("{p}.speed_km_h"),
                            format!("speed {speed} km/h is outside 0–{MAX_ROAD_SPEED_KM_H}"),
                            None,
                        );
                        continue;
                    }
                    let id = net.add_edge(g, a, b, e.class, len, speed);
                    net.graph[petgraph::graph::EdgeIndex::new(id as usize)].bridge = e.bridge;
                }
            }
            RawRoads::GeoJson(_) | RawRoads::Osm(_) if self.crs_failed => {
                // the CRS's own error says it all
                self.roads_broken = true;
            }
            RawRoads::GeoJson(rel) => {
                self.roads_broken = true;
                if let Some((full, text)) =
                    self.read_file("map.roads.0", rel, crate::source::MAX_GEOJSON_BYTES)
                {
                    match crate::map::geo::roads_from_geojson(g, self.crs.as_ref(), &text) {
                        Ok((n, i)) => {
                            net = n;
                            ids = i;
                            self.roads_broken = false;
                        }
                        Err(errors) => {
                            use crate::map::geo::GeoAt;
                            let hint = if self.crs.is_some() {
                                "a FeatureCollection of LineStrings in WGS 84 longitude/latitude, or in the CRS its `crs` member names"
                            } else {
                                "a FeatureCollection of LineStrings in projected metres (the grid's frame); declare map.crs to read longitude/latitude"
                            };
                            let paths: Vec<&str> = errors
                                .iter()
                                .filter_map(|e| match &e.at {
                                    GeoAt::Value(p) => Some(p.as_str()),
                                    GeoAt::Span(_) => None,
                                })
                                .collect();
                            let mut spans =
                                crate::scenario::ron_index::locate(&text, &paths).into_iter();
                            for e in errors {
                                let span = match e.at {
                                    GeoAt::Span(s) => s,
                                    GeoAt::Value(_) => spans.next().flatten().unwrap_or((0, 0)),
                                };
                                self.d
                                    .err_in(&full, &text, span, e.message, Some(hint.into()));
                            }
                        }
                    }
                }
            }
            RawRoads::Osm(rel) => {
                self.roads_broken = true;
                if let Some((n, i)) = self.osm_roads(g, rel) {
                    net = n;
                    ids = i;
                    self.roads_broken = false;
                }
            }
        }
        (net, ids)
    }

    pub(super) fn road_ref(
        &mut self,
        path: &str,
        id: &str,
        ids: &HashMap<String, u32>,
    ) -> Option<u32> {
        match ids.get(id) {
            Some(&i) => Some(i),
            None => {
                let hint = self
                    .d
                    .wants_more()
                    .then(|| did_you_mean(id, ids.keys().map(String::as_str)))
                    .flatten();
                self.d.err(path, format!("unknown road node `{id}`"), hint);
                None
            }
        }
    }
}
