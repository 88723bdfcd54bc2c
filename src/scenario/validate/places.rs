//! The `map.places` section: unique ids, cells on the grid, a road node (named, or the
//! nearest within [`MAX_ROAD_SNAP_M`]) and gauge levels; place ids resolved with a
//! "did you mean" hint for the sections that name places.

use std::collections::{BTreeSet, HashMap};

use super::{
    ELEVATION_RANGE_M, MAX_PLACE_COUNT, MAX_ROAD_SNAP_M, MAX_TOTAL_COUNT, Validator, did_you_mean,
};
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
        let (mut people, mut buildings) = (0u64, 0u64);
        let nearest = roads.nearest_index();
        for (i, p) in ps.iter().enumerate() {
            let path = format!("map.places[{i}]");
            for (field, v) in [
                ("population", Some(p.population)),
                ("buildings", Some(p.buildings)),
                ("capacity", p.capacity),
            ] {
                if v.is_some_and(|v| v > MAX_PLACE_COUNT) {
                    self.d.err(
                        &format!("{path}.{field}"),
                        format!("{field} {} is more than {MAX_PLACE_COUNT}", v.unwrap_or(0)),
                        Some("a place is at most a city district".into()),
                    );
                }
            }
            people += u64::from(p.population);
            buildings += u64::from(p.buildings);
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
                // the road network's own error says it all
                _ if self.roads_broken => None,
                Some(r) => self.road_ref(&format!("{path}.road_node"), r, road_ids),
                None => match nearest.nearest(p.cell) {
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
                        if !std::mem::replace(&mut self.no_roads_reported, true) {
                            self.d.err(
                                "map.roads",
                                "the road network has no nodes",
                                Some("places are served by their nearest road node".into()),
                            );
                        }
                        None
                    }
                },
            };
            let in_range = |v: f64| (ELEVATION_RANGE_M.0..=ELEVATION_RANGE_M.1).contains(&v);
            let gauge = match (&p.gauge, p.kind) {
                (Some(gl), _) if !in_range(gl.warning_m) || !in_range(gl.danger_m) => {
                    self.d.err(
                        &format!("{path}.gauge"),
                        format!(
                            "gauge levels {} m and {} m must be water-surface elevations within {}…{} m",
                            gl.warning_m, gl.danger_m, ELEVATION_RANGE_M.0, ELEVATION_RANGE_M.1
                        ),
                        None,
                    );
                    None
                }
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
        for (what, total) in [("people", people), ("buildings", buildings)] {
            if total > MAX_TOTAL_COUNT {
                self.d.err(
                    "map.places",
                    format!("the places hold {total} {what} in all, more than {MAX_TOTAL_COUNT}"),
                    None,
                );
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
            // the place's own row (or its file) has the error already
            None if self.place_error_reported(id) => None,
            None => {
                let hint = self
                    .d
                    .wants_more()
                    .then(|| did_you_mean(id, places.keys().copied()))
                    .flatten();
                self.d.err(path, format!("unknown place `{id}`"), hint);
                None
            }
        }
    }
}
