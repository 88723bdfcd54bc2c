//! What the hazards do to the exercise, derived after they advance each tick: road
//! sections closed and reopened (water, fire, toxic gas), places reached, people
//! exposed (sheltering cuts a gas dose), doses accumulated, river gauge readings and
//! their warning and danger levels; and the outcome at the end.
//!
//! Invariants: effects only read the hazard fields; they are derived in a fixed
//! order (roads by edge index, places by index), so the event log is deterministic.

use std::collections::BTreeSet;
use std::sync::Arc;

use bevy::prelude::*;

use super::command::{CommandState, SHELTER_PROTECTION};
use super::events::{Event, EventKind, EventLog, sum_counts};
use super::flood_share::FloodShare;
use super::hazards::{FIRE_LINE_RADIUS_CELLS, HazardState, gauge_raw_level_m};
use super::{Roads, ScenarioRes, SimClock};
use crate::catalog::substances::ppm_to_mg_m3;
use crate::hazard::fire::FireGrid;
use crate::hazard::flood::FloodGrid;
use crate::map::RoadNetwork;
use crate::scenario::{PlaceKind, Scenario};

/// Water depth at which a place counts as reached by the flood, m: knee-deep water,
/// where wading becomes dangerous for adults and cars stall (Defra/EA FD2321 flood
/// hazard to people starts at 0.25 m).
pub const PLACE_FLOOD_DEPTH_M: f64 = 0.3;
/// An ordinary vehicle's fording depth, used for road-closure events, m
/// (each unit routes with its own fording depth).
pub const ROAD_CLOSURE_DEPTH_M: f64 = 0.3;
/// A road closed by water is reported passable again only below this depth, m, so a
/// level hovering at the limit does not flap.
pub const ROAD_REOPEN_DEPTH_M: f64 = 0.25;
/// A section closed by toxic gas (at IDLH) reopens when the gas on it falls below
/// this share of IDLH, so a plume edge wavering over the road does not flap it.
pub const ROAD_TOXIC_REOPEN_FRACTION: f64 = 0.5;
/// Time constant of a river gauge's stilling well, s: the reading follows the river
/// level with this lag and ignores waves and fronts shorter than it (a stilling well's
/// intake damps surface waves; typical response times are minutes).
pub const GAUGE_STILLING_S: f64 = 120.0;
/// Cells whose burning means the fire has reached a place: the place's cell and its
/// 8 neighbours, plus its built-up footprint — the non-burnable cells connected to
/// its cell (8-connected) within [`FIRE_LINE_RADIUS_CELLS`]` − 1` of it — and every
/// cell next to that footprint. So a village of houses (non-burnable) is reached when
/// the fire burns against its edge, and a complete fire line (the ring at
/// [`FIRE_LINE_RADIUS_CELLS`]) keeps the fire from every watched cell.
pub fn fire_watch_cells(s: &Scenario, fire: &FireGrid, centre: (u32, u32)) -> Vec<usize> {
    let (w, h) = (s.grid.width as i64, s.grid.height as i64);
    let (c0, r0) = (centre.0 as i64, centre.1 as i64);
    let reach = FIRE_LINE_RADIUS_CELLS - 1;
    let idx = |c: i64, r: i64| (r * w + c) as usize;
    let inside = |c: i64, r: i64| c >= 0 && r >= 0 && c < w && r < h;
    let mut watch = BTreeSet::new();
    let mut footprint = BTreeSet::new();
    let mut stack = Vec::new();
    for dr in -1..=1 {
        for dc in -1..=1 {
            if inside(c0 + dc, r0 + dr) {
                watch.insert(idx(c0 + dc, r0 + dr));
            }
        }
    }
    if inside(c0, r0) && !fire.is_burnable(idx(c0, r0)) {
        footprint.insert((c0, r0));
        stack.push((c0, r0));
    }
    while let Some((c, r)) = stack.pop() {
        for dr in -1..=1 {
            for dc in -1..=1 {
                let (nc, nr) = (c + dc, r + dr);
                if !inside(nc, nr) {
                    continue;
                }
                watch.insert(idx(nc, nr));
                if (nc - c0).abs().max((nr - r0).abs()) <= reach
                    && !fire.is_burnable(idx(nc, nr))
                    && footprint.insert((nc, nr))
                {
                    stack.push((nc, nr));
                }
            }
        }
    }
    watch.into_iter().collect()
}

/// Water on each road section (by edge index), m: the deepest of its cells; none on
/// a bridge.
fn road_water_depths(net: &RoadNetwork, flood: &FloodGrid) -> Vec<f64> {
    (0..net.state.len())
        .map(|e| {
            let edge = &net.graph[petgraph::graph::EdgeIndex::new(e)];
            if edge.bridge {
                return 0.0;
            }
            edge.cells.iter().fold(0.0f64, |d, &c| {
                d.max(flood.depth(c as usize).unwrap_or(0.0))
            })
        })
        .collect()
}

/// Derive effects of the hazards now: closed roads, places reached, people exposed,
/// gauge levels.
pub fn hazard_effects(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    cmd: Res<CommandState>,
    mut hz: ResMut<HazardState>,
    mut roads: ResMut<Roads>,
    mut log: ResMut<EventLog>,
    share: Option<Res<FloodShare>>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    let tick = clock.tick;
    let hz = &mut *hz;
    if hz.fire.is_none() && hz.flood.is_none() && hz.leak.is_none() {
        return;
    }
    // roads: the water on each section, once per flood state for the runs of a
    // batch that share it
    let road_water: Option<Arc<Vec<f64>>> = hz.flood.as_ref().map(|f| {
        let compute = || road_water_depths(&roads.0, f);
        match &share {
            Some(sh) => sh.0.road_depths(tick, f, compute),
            None => Arc::new(compute()),
        }
    });
    for e in 0..roads.0.state.len() {
        let depth = road_water.as_ref().map_or(0.0, |d| d[e]);
        let mut burning = false;
        let mut toxic = false;
        let was = hz.closed.contains_key(&(e as u32));
        // a section closed by gas reopens only when it is well below the level
        let toxic_limit = hz.leak.as_ref().map(|l| {
            l.idlh_ppm()
                * if was && hz.closed[&(e as u32)].starts_with("toxic") {
                    ROAD_TOXIC_REOPEN_FRACTION
                } else {
                    1.0
                }
        });
        if hz.fire.is_some() || hz.leak.is_some() {
            let edge = &roads.0.graph[petgraph::graph::EdgeIndex::new(e)];
            for &c in &edge.cells {
                let c = c as usize;
                if let Some(f) = &hz.fire {
                    burning |= f.is_burning(c, now as f64);
                }
                if let (Some(l), Some(limit)) = (&hz.leak, toxic_limit) {
                    toxic |= l.ppm(c) >= limit;
                }
            }
        }
        let st = &mut roads.0.state[e];
        st.water_depth_m = depth as f32;
        st.burning = burning;
        st.toxic = toxic;
        // hazard closures only; closures by order are logged by the order
        let limit = if was {
            ROAD_REOPEN_DEPTH_M
        } else {
            ROAD_CLOSURE_DEPTH_M
        };
        let closed = burning || depth > limit || toxic;
        if closed && !was {
            // closing now: fire, water above the closure depth or gas
            let reason = if burning {
                "fire on the road".to_string()
            } else if depth > ROAD_CLOSURE_DEPTH_M {
                format!("flooded {depth:.2} m deep")
            } else {
                "toxic gas above IDLH (open to gas-protected crews only)".to_string()
            };
            let (a, b) = ends(&roads.0, e);
            hz.closed.insert(e as u32, reason.clone());
            log.push(tick, now, EventKind::RoadClosed { a, b, reason });
        } else if !closed && was {
            let (a, b) = ends(&roads.0, e);
            hz.closed.remove(&(e as u32));
            log.push(tick, now, EventKind::RoadReopened { a, b });
        }
    }
    // doses of the people at each place
    if let Some(l) = hz.leak.as_mut()
        && clock.tick > 0
    {
        let molar = l.substance().molar_mass_g_mol;
        for (pi, p) in s.places.iter().enumerate() {
            if cmd.people_at(pi as u32) == 0 {
                continue;
            }
            let ppm = l.ppm(s.grid.index(p.cell.0, p.cell.1));
            let shelter = if cmd.sheltered.contains(&(pi as u32)) {
                1.0 - SHELTER_PROTECTION
            } else {
                1.0
            };
            let mg = ppm_to_mg_m3(ppm * shelter, molar);
            l.doses[pi].accumulate(mg, clock.tick_s as f64);
        }
    }
    // places and gauges
    for (pi, p) in s.places.iter().enumerate() {
        let cell = s.grid.index(p.cell.0, p.cell.1);
        if let (Some((warn, danger)), Some(f)) = (p.gauge, &hz.flood) {
            let level = match gauge_raw_level_m(s, f, p.cell) {
                Some(raw) => {
                    let reading = hz.gauge_m.entry(pi as u32).or_insert(raw);
                    let k = (clock.tick_s as f64 / GAUGE_STILLING_S).min(1.0);
                    *reading += (raw - *reading) * k;
                    Some(*reading)
                }
                None => {
                    hz.gauge_m.remove(&(pi as u32));
                    None
                }
            };
            let reached = match level {
                Some(l) if l >= danger => 2,
                Some(l) if l >= warn => 1,
                _ => 0,
            };
            let level = level.unwrap_or(0.0);
            let prev = hz.gauge_level.get(&(pi as u32)).copied().unwrap_or(0);
            if reached > prev {
                hz.gauge_level.insert(pi as u32, reached);
                for lv in prev + 1..=reached {
                    log.push(
                        tick,
                        now,
                        EventKind::GaugeThreshold {
                            gauge: p.id.clone(),
                            level: if lv == 1 { "warning" } else { "danger" }.into(),
                            water_level_m: (level * 100.0).round() / 100.0,
                        },
                    );
                }
            }
            continue;
        }
        if matches!(p.kind, PlaceKind::RiverGauge) {
            continue;
        }
        let mut hits: Vec<(&'static str, String)> = Vec::new();
        if let Some(f) = &hz.flood {
            let d = f.depth(cell).unwrap_or(0.0);
            if d >= PLACE_FLOOD_DEPTH_M {
                hits.push(("flood", format!("water {d:.2} m deep")));
            }
        }
        if let Some(f) = &hz.fire
            && !hz.reached.contains(&(pi as u32, "forest_fire".to_string()))
        {
            let near = fire_watch_cells(s, f, p.cell)
                .into_iter()
                .any(|c| f.arrival_s(c).is_some_and(|t| t <= now as f64));
            if near {
                hits.push(("forest_fire", "fire at the place".into()));
            }
        }
        if let Some(l) = &hz.leak
            && let Some(level) = l.threat(cell)
        {
            hits.push(("chemical_leak", level));
        }
        for (hazard, detail) in hits {
            if hz.reached.insert((pi as u32, hazard.to_string())) {
                log.push(
                    tick,
                    now,
                    EventKind::PlaceReached {
                        place: p.id.clone(),
                        hazard: hazard.into(),
                        detail,
                    },
                );
                let mut people = cmd.people_at(pi as u32);
                if hazard == "chemical_leak" && cmd.sheltered.contains(&(pi as u32)) {
                    people = (people as f64 * (1.0 - SHELTER_PROTECTION)).ceil() as u32;
                }
                if people > 0 {
                    log.push(
                        tick,
                        now,
                        EventKind::PeopleExposed {
                            place: p.id.clone(),
                            people,
                            hazard: hazard.into(),
                        },
                    );
                }
            }
        }
    }
}

fn ends(roads: &RoadNetwork, e: usize) -> (String, String) {
    let ix = petgraph::graph::EdgeIndex::new(e);
    match roads.graph.edge_endpoints(ix) {
        Some((a, b)) => (roads.graph[a].id.clone(), roads.graph[b].id.clone()),
        None => (String::new(), String::new()),
    }
}

/// Outcomes so far: (people exposed, buildings at flooded places, area burnt ha,
/// casualties not treated). Casualties are the people exposed to the gas at places whose
/// dose reached AEGL-3 (see [`crate::hazard::leak::LeakState::lethal_dose`]), less those treated.
pub fn outcome(s: &Scenario, hz: &HazardState, events: &[Event], now: u64) -> (u32, u32, f64, u32) {
    let people = sum_counts(events, |k| match k {
        EventKind::PeopleExposed { people, .. } => Some(*people),
        _ => None,
    });
    let buildings = hz
        .reached
        .iter()
        .filter(|(_, h)| *h == "flood")
        .map(|(p, _)| s.places[*p as usize].buildings)
        .sum();
    let area = hz
        .fire
        .as_ref()
        .map(|f| f.burnt_area_m2(now as f64) / 1e4)
        .unwrap_or(0.0);
    let mut casualties: u32 = 0;
    if let Some(l) = &hz.leak {
        for (pi, p) in s.places.iter().enumerate() {
            if !l.lethal_dose(pi) {
                continue;
            }
            let exposed = sum_counts(events, |k| match k {
                EventKind::PeopleExposed {
                    place,
                    people,
                    hazard,
                } if *place == p.id && hazard == "chemical_leak" => Some(*people),
                _ => None,
            });
            let treated = sum_counts(events, |k| match k {
                EventKind::CasualtiesTreated { place, people } if *place == p.id => Some(*people),
                _ => None,
            });
            casualties += exposed.saturating_sub(treated);
        }
    }
    (
        people,
        buildings,
        (area * 100.0).round() / 100.0,
        casualties,
    )
}
