//! Units on the move: along their routes on the road network at the lesser of the
//! road's and the unit's speed, re-planning around sections that close ahead,
//! flying straight for aerial units, waiting when cut off and setting off again
//! when a road reopens; arrival puts them on scene (or home, available).

use bevy::prelude::*;

use super::events::{EventKind, EventLog};
use super::units::{Unit, UnitState, UnitStatus};
use super::{Roads, ScenarioRes, SimClock};
use crate::map::{RoadNetwork, Traveller};
use crate::scenario::{Scenario, UnitId};

/// How a unit travels: speed, fording depth, gas protection.
pub(crate) fn traveller(s: &Scenario, u: UnitId) -> Traveller {
    let spec = &s.org.units[u.0 as usize];
    Traveller {
        speed_km_h: spec.speed_km_h,
        fording_depth_m: spec.fording_depth_m,
        // hazmat teams and fire engines work in breathing apparatus
        gas_protected: spec.capabilities.iter().any(|c| {
            matches!(
                c,
                crate::order::Capability::ContainLeak | crate::order::Capability::Decontaminate
            )
        }),
    }
}

fn node_pos(s: &Scenario, roads: &RoadNetwork, n: u32) -> (f64, f64) {
    let c = roads.graph[petgraph::graph::NodeIndex::new(n as usize)].cell;
    s.grid.centre_m(c.0, c.1)
}

/// The last failed route of each cut-off unit, with the roads it could use then: while
/// from, to and that set are unchanged the search would fail again, so it is skipped
/// (a search costs ~0.3 ms on a 5,000-node network; comparing the set, a few µs). The
/// memo only ever skips a search whose result is known, so it changes no outcome, and
/// it needs no place in snapshots.
#[derive(Default)]
pub struct CutOffMemo(Vec<Option<(u32, u32, Vec<u64>)>>);

impl CutOffMemo {
    fn retry(
        &mut self,
        roads: &RoadNetwork,
        unit: UnitId,
        from: u32,
        to: u32,
        t: &Traveller,
    ) -> Option<crate::map::Route> {
        let i = unit.0 as usize;
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        let usable = roads.usable_set(t);
        if self.0[i]
            .as_ref()
            .is_some_and(|(f, d, u)| (*f, *d) == (from, to) && *u == usable)
        {
            return None;
        }
        let r = roads.route(from, to, t);
        self.0[i] = if r.is_some() {
            None
        } else {
            Some((from, to, usable))
        };
        r
    }
}

/// Advance every moving unit by one tick of travel.
pub(crate) fn move_units(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    roads: Res<Roads>,
    mut log: ResMut<EventLog>,
    mut q: Query<(&Unit, &mut UnitState)>,
    mut cut_off: Local<CutOffMemo>,
) {
    if clock.tick == 0 {
        return;
    }
    let s = &*sc.0;
    let now = clock.now_s();
    let dt = clock.tick_s as f64;
    for (unit, mut st) in q.iter_mut().sort::<&Unit>() {
        let spec = &s.org.units[unit.0.0 as usize];
        let uid = &s.org.member(spec.member).id;
        if st.status == UnitStatus::CutOff
            && let Some(dest) = st.dest
        {
            // a cut-off unit tries its route again every tick: it sets off as soon as a
            // section reopens (water down, fire out, cordon lifted)
            let from = st.on_edge.map(|(_, n, _, _)| n).unwrap_or(st.node);
            let to = s.places[dest.0 as usize].road_node;
            let t = traveller(s, unit.0);
            if let Some(r) = cut_off.retry(&roads.0, unit.0, from, to, &t) {
                st.route = r
                    .edges
                    .iter()
                    .copied()
                    .zip(r.nodes[1..].iter().copied())
                    .collect();
                st.status = if st.task.is_none() {
                    UnitStatus::Returning
                } else {
                    UnitStatus::EnRoute
                };
                log.push(
                    clock.tick,
                    now,
                    EventKind::UnitRerouted {
                        unit: uid.clone(),
                        route_m: r.length_m,
                    },
                );
            }
        }
        if !matches!(st.status, UnitStatus::EnRoute | UnitStatus::Returning) {
            continue;
        }
        let Some(dest) = st.dest else { continue };
        let dest_place = &s.places[dest.0 as usize];
        if spec.kind.is_aerial() {
            let target = s.grid.centre_m(dest_place.cell.0, dest_place.cell.1);
            let (dx, dy) = (target.0 - st.pos_m.0, target.1 - st.pos_m.1);
            let dist = (dx * dx + dy * dy).sqrt();
            let step = spec.speed_km_h / 3.6 * dt;
            if step >= dist {
                st.pos_m = target;
                st.node = dest_place.road_node;
                arrive(&mut st, clock.tick, now, uid, dest_place, &mut log);
            } else {
                st.pos_m = (st.pos_m.0 + dx / dist * step, st.pos_m.1 + dy / dist * step);
            }
            continue;
        }
        let t = traveller(s, unit.0);
        let mut budget = dt;
        loop {
            if st.on_edge.is_none() {
                let Some(&(edge, next)) = st.route.front() else {
                    arrive(&mut st, clock.tick, now, uid, dest_place, &mut log);
                    break;
                };
                if !roads.0.usable(edge, &t) {
                    // closed ahead: re-plan from here
                    match roads.0.route(st.node, dest_place.road_node, &t) {
                        Some(r) => {
                            st.route = r
                                .edges
                                .iter()
                                .copied()
                                .zip(r.nodes[1..].iter().copied())
                                .collect();
                            log.push(
                                clock.tick,
                                now,
                                EventKind::UnitRerouted {
                                    unit: uid.clone(),
                                    route_m: r.length_m,
                                },
                            );
                            continue;
                        }
                        None => {
                            st.status = UnitStatus::CutOff;
                            st.route.clear();
                            log.push(
                                clock.tick,
                                now,
                                EventKind::UnitCutOff {
                                    unit: uid.clone(),
                                    to: dest_place.id.clone(),
                                },
                            );
                            break;
                        }
                    }
                }
                st.route.pop_front();
                let len = roads.0.graph[petgraph::graph::EdgeIndex::new(edge as usize)].length_m;
                st.on_edge = Some((edge, next, 0.0, len));
            }
            let Some((edge, next, done, len)) = st.on_edge else {
                break;
            };
            let speed = roads.0.graph[petgraph::graph::EdgeIndex::new(edge as usize)]
                .speed_km_h
                .min(t.speed_km_h)
                / 3.6;
            let need = (len - done) / speed;
            if need <= budget {
                budget -= need;
                st.on_edge = None;
                st.node = next;
                st.pos_m = node_pos(s, &roads.0, next);
                if budget <= 0.0 && !st.route.is_empty() {
                    break;
                }
            } else {
                let done = done + speed * budget;
                st.on_edge = Some((edge, next, done, len));
                let from = node_pos(s, &roads.0, prev_node(&roads.0, edge, next));
                let to = node_pos(s, &roads.0, next);
                let f = done / len;
                st.pos_m = (from.0 + (to.0 - from.0) * f, from.1 + (to.1 - from.1) * f);
                break;
            }
        }
    }
}

fn prev_node(roads: &RoadNetwork, edge: u32, next: u32) -> u32 {
    let (a, b) = roads
        .graph
        .edge_endpoints(petgraph::graph::EdgeIndex::new(edge as usize))
        .map(|(a, b)| (a.index() as u32, b.index() as u32))
        .unwrap_or((next, next));
    if a == next { b } else { a }
}

fn arrive(
    st: &mut UnitState,
    tick: u64,
    now: u64,
    uid: &str,
    place: &crate::scenario::Place,
    log: &mut EventLog,
) {
    st.status = if st.status == UnitStatus::Returning {
        UnitStatus::Available
    } else {
        UnitStatus::OnScene
    };
    st.task_since_s = Some(now);
    if st.status == UnitStatus::Available {
        st.dest = None;
        st.task = None;
    }
    log.push(
        tick,
        now,
        EventKind::UnitArrived {
            unit: uid.to_string(),
            place: place.id.clone(),
        },
    );
}
