//! What a seat's map shows: its units with their routes, the places with what the
//! seat knows of them, and which grid cells of the hazard are reported to it.
//!
//! The hazard "as reported to a seat": a command post learns of the hazard from its
//! own units and from the places it is responsible for, so a seat sees the hazard
//! within [`SIGHT_M`] of its units (where they are now) and of the places covered by
//! it or by posts under it. The facilitator and observers see all of it. Coordinates
//! are grid cells (x east, y south, fractional), as the web map draws them.

use serde::Serialize;

use crate::scenario::{MemberId, MemberKind, Scenario};
use crate::sim::command::CommandState;
use crate::sim::hazards::HazardState;
use crate::sim::units::{Unit, UnitState};
use crate::sim::{Engine, Roads};

/// How far from its units and its places a seat is told of the hazard, m (a unit's
/// crew reports what it sees around it; a village head knows the village's
/// surroundings). An exercise assumption, stated so.
pub const SIGHT_M: f64 = 1000.0;

/// A unit on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitMark {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Type (`FireEngine`, …).
    pub kind: String,
    /// `available`, `en_route`, `on_scene`, `returning`, `cut_off` or `reserve`.
    pub status: String,
    /// Task, if any.
    pub task: Option<String>,
    /// Destination place id.
    pub dest: Option<String>,
    /// Position, grid cells (x east, y south).
    pub x: f64,
    /// Position, grid cells south.
    pub y: f64,
    /// Road nodes still to pass, grid cells (cell centres).
    pub route: Vec<[f64; 2]>,
    /// Capabilities.
    pub capabilities: Vec<String>,
}

/// A place on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMark {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind (`Village`, `Shelter`, …).
    pub kind: String,
    /// Cell centre, grid cells.
    pub x: f64,
    /// Cell centre, grid cells south.
    pub y: f64,
    /// People living there.
    pub population: u32,
    /// People there now.
    pub people: u32,
    /// Warning level its households were given.
    pub warned: Option<String>,
    /// Evacuation under way or done.
    pub evacuating: bool,
    /// People sheltering in place.
    pub sheltering: bool,
    /// Hazards known to have reached it (only where the hazard is reported to the
    /// seat).
    pub reached_by: Vec<String>,
    /// The command post that covers it.
    pub post: Option<String>,
}

/// Units under `seat` (every unit when `None`), in scenario order.
pub fn units(s: &Scenario, e: &mut Engine, seat: Option<MemberId>) -> Vec<UnitMark> {
    let cell = s.grid.cell_m.max(1e-6);
    let w = e.world_mut();
    let mut states: Vec<(usize, UnitState)> = w
        .query::<(&Unit, &UnitState)>()
        .iter(w)
        .map(|(u, st)| (u.0.0 as usize, st.clone()))
        .collect();
    states.sort_by_key(|(i, _)| *i);
    let roads = &w.resource::<Roads>().0;
    let node = |n: u32| -> [f64; 2] {
        let c = roads.graph[petgraph::graph::NodeIndex::new(n as usize)].cell;
        [c.0 as f64 + 0.5, c.1 as f64 + 0.5]
    };
    states
        .into_iter()
        .filter_map(|(i, st)| {
            let spec = s.org.units.get(i)?;
            if seat.is_some_and(|b| !s.org.is_under(spec.member, b)) {
                return None;
            }
            let m = s.org.member(spec.member);
            let mut route = Vec::new();
            if let Some((_, far, _, _)) = st.on_edge {
                route.push(node(far));
            }
            route.extend(st.route.iter().map(|&(_, n)| node(n)));
            let status = serde_json::to_value(st.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            Some(UnitMark {
                id: m.id.clone(),
                name: m.name.clone(),
                kind: format!("{:?}", spec.kind),
                status,
                task: st.task.map(|t| format!("{t:?}")),
                dest: st.dest.map(|d| s.places[d.0 as usize].id.clone()),
                x: st.pos_m.0 / cell,
                y: st.pos_m.1 / cell,
                route,
                capabilities: spec.capabilities.iter().map(|c| format!("{c:?}")).collect(),
            })
        })
        .collect()
}

/// Cells whose hazard is reported to `seat` (`None`: the facilitator, who sees all —
/// the answer is then `None` too).
pub fn visible_cells(s: &Scenario, e: &mut Engine, seat: Option<MemberId>) -> Option<Vec<bool>> {
    let seat = seat?;
    let cell_m = s.grid.cell_m.max(1e-6);
    let mut centres: Vec<(f64, f64)> = units(s, e, Some(seat))
        .iter()
        .filter(|u| u.status != "reserve")
        .map(|u| (u.x, u.y))
        .collect();
    for (i, m) in s.org.members.iter().enumerate() {
        if let MemberKind::Command { covers, .. } = &m.kind
            && s.org.is_under(MemberId(i as u32), seat)
        {
            for p in covers {
                let c = s.places[p.0 as usize].cell;
                centres.push((c.0 as f64 + 0.5, c.1 as f64 + 0.5));
            }
        }
    }
    let (w, h) = (s.grid.width as i64, s.grid.height as i64);
    let r = SIGHT_M / cell_m;
    let ri = r.ceil() as i64;
    let mut mask = vec![false; s.grid.len()];
    for (cx, cy) in centres {
        let (x0, y0) = (cx.floor() as i64, cy.floor() as i64);
        for y in (y0 - ri).max(0)..=(y0 + ri).min(h - 1) {
            for x in (x0 - ri).max(0)..=(x0 + ri).min(w - 1) {
                let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                if dx * dx + dy * dy <= r * r {
                    mask[(y * w + x) as usize] = true;
                }
            }
        }
    }
    Some(mask)
}

/// Every place with what is known of it; `mask` (from [`visible_cells`]) hides the
/// hazards that reached places outside what the seat is told of.
pub fn places(s: &Scenario, e: &Engine, mask: Option<&[bool]>) -> Vec<PlaceMark> {
    let w = e.world();
    let cmd = w.resource::<CommandState>();
    let hz = w.resource::<HazardState>();
    s.places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let seen = mask.is_none_or(|m| {
                m.get(s.grid.index(p.cell.0, p.cell.1))
                    .copied()
                    .unwrap_or(false)
            });
            PlaceMark {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: format!("{:?}", p.kind),
                x: p.cell.0 as f64 + 0.5,
                y: p.cell.1 as f64 + 0.5,
                population: p.population,
                people: cmd.people_at(i as u32),
                warned: cmd.warned.get(&(i as u32)).map(|l| format!("{l:?}")),
                evacuating: cmd.evacuations.contains_key(&(i as u32)),
                sheltering: cmd.sheltered.contains(&(i as u32)),
                reached_by: if seen {
                    hz.reached
                        .iter()
                        .filter(|(q, _)| *q == i as u32)
                        .map(|(_, h)| h.clone())
                        .collect()
                } else {
                    Vec::new()
                },
                post: s
                    .covering_post(crate::scenario::PlaceId(i as u32))
                    .map(|m| s.org.member(m).id.clone()),
            }
        })
        .collect()
}
