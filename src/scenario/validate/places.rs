//! The `map.places` section: unique ids, cells on the grid, a road node (named, or the
//! nearest within [`MAX_ROAD_SNAP_M`]) and gauge levels; place ids resolved with a
//! "did you mean" hint for the sections that name places.

use std::collections::{BTreeSet, HashMap};

use super::{MAX_ROAD_SNAP_M, Validator, did_you_mean};
use crate::map::{GridSpec, RoadNetwork};
use crate::scenario::raw::RawPlace;
use crate::scenario::{Place, PlaceId, PlaceKind};

impl Validator {
    pub(super) fn places(
        &mut self,
        g: Option<&GridSpec>,
        ps: &[RawPlace],
        roads: &RoadNetwork,
        road_ids: &HashMap<String, u32>,
    ) -> Vec<Place> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, p) in ps.iter().enumerate() {
            let path = format!("map.places[{i}]");
            if !seen.insert(p.id.clone()) {
                self.d.err(
                    &format!("{path}.id"),
                    format!("place id `{}` is used twice", p.id),
                    Some("ids must be unique".into()),
                );
            }
            let Some(g) = g else { continue };
            if !g.contains(p.cell.0, p.cell.1) {
                self.d.err(
                    &format!("{path}.cell"),
                    format!(
                        "place `{}` at ({}, {}) is off the {} × {} grid",
                        p.id, p.cell.0, p.cell.1, g.width, g.height
                    ),
                    Some(
                        "cells are (column, row) from the north-west corner, starting at 0".into(),
                    ),
                );
                continue;
            }
            let road_node = match &p.road_node {
                Some(r) => self.road_ref(&format!("{path}.road_node"), r, road_ids),
                None => match roads.nearest_node(p.cell) {
                    Some((n, dist)) if dist * g.cell_m <= MAX_ROAD_SNAP_M => Some(n),
                    Some((_, dist)) => {
                        self.d.err(
                            &format!("{path}.cell"),
                            format!(
                                "place `{}` is {:.0} m from the nearest road node",
                                p.id,
                                dist * g.cell_m
                            ),
                            Some(format!(
                                "add a road within {MAX_ROAD_SNAP_M} m or name a road_node"
                            )),
                        );
                        None
                    }
                    None => {
                        self.d
                            .err("map.roads", "the road network has no nodes", None);
                        None
                    }
                },
            };
            let gauge = match (&p.gauge, p.kind) {
                (Some(gl), _) if gl.danger_m < gl.warning_m => {
                    self.d.err(
                        &format!("{path}.gauge"),
                        format!(
                            "danger level {} m is below the warning level {} m",
                            gl.danger_m, gl.warning_m
                        ),
                        None,
                    );
                    None
                }
                (Some(gl), _) => Some((gl.warning_m, gl.danger_m)),
                (None, PlaceKind::RiverGauge) => {
                    self.d.err(
                        &path,
                        format!("river gauge `{}` has no warning and danger levels", p.id),
                        Some("add gauge: (warning_m: …, danger_m: …)".into()),
                    );
                    None
                }
                (None, _) => None,
            };
            if let Some(rn) = road_node {
                out.push(Place {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    cell: p.cell,
                    population: p.population,
                    buildings: p.buildings,
                    capacity: p.capacity,
                    road_node: rn,
                    gauge,
                });
            }
        }
        out
    }

    pub(super) fn place_ref(
        &mut self,
        path: &str,
        id: &str,
        places: &HashMap<&str, PlaceId>,
    ) -> Option<PlaceId> {
        match places.get(id) {
            Some(&p) => Some(p),
            None => {
                let hint = did_you_mean(id, places.keys().copied());
                self.d.err(path, format!("unknown place `{id}`"), hint);
                None
            }
        }
    }
}
