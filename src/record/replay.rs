//! Re-running a recording: rebuild the scenario from the embedded text, feed the
//! recorded inputs with the recorded seed, and compare every checksum; or stop at a
//! time and describe the state there.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::Recording;
use crate::scenario::{self, MemberKind, Scenario};
use crate::sim::command::CommandState;
use crate::sim::comms::Comms;
use crate::sim::hazards::HazardState;
use crate::sim::units::{Unit, UnitState};
use crate::sim::{Engine, Roads};

/// Rebuild the scenario and a fresh engine for a recording.
pub fn rebuild(rec: &Recording) -> Result<(Arc<Scenario>, Engine), String> {
    let h = &rec.header;
    let s = scenario::from_text(Path::new(&h.scenario_path), &h.scenario_text).map_err(|d| {
        format!(
            "the embedded scenario no longer validates:\n{}",
            crate::scenario::diag::render_diags(&d)
        )
    })?;
    if !s.source.matches_hash(&h.scenario_hash) {
        return Err(format!(
            "the embedded scenario's hash {} does not match the header's {}: the recording was edited",
            s.source.hash, h.scenario_hash
        ));
    }
    let lh = super::layers_hash(&s);
    if lh != h.layers_hash {
        return Err(format!(
            "the layer files beside {} have changed since the exercise was recorded (layers hash {} ≠ {})",
            h.scenario_path.display(),
            &lh[..12],
            &h.layers_hash[..12.min(h.layers_hash.len())]
        ));
    }
    let s = Arc::new(s);
    let mut e = Engine::new(s.clone(), h.seed, rec.inputs.clone())?;
    if !h.held_seats.is_empty() {
        e.hold_seats(&h.held_seats)?;
    }
    Ok((s, e))
}

/// An engine at tick `tick` of a recording: restored from the latest snapshot at or
/// before it, then stepped forward.
pub fn seek(rec: &Recording, tick: u64) -> Result<(Arc<Scenario>, Engine), String> {
    let (s, mut e) = rebuild(rec)?;
    if let Some((_, bytes)) = rec.snapshots.iter().rev().find(|(t, _)| *t <= tick) {
        e.restore(crate::sim::Snapshot::from_bytes(bytes)?)?;
    }
    e.run_through(tick);
    Ok((s, e))
}

/// Result of verifying a recording.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Checksums compared and equal.
    pub matched: usize,
    /// Checksums in the recording.
    pub recorded: usize,
    /// First tick whose checksum differs: (tick, recorded, re-simulated).
    pub first_divergence: Option<(u64, String, String)>,
    /// Whether the end frame (event count and digest, final checksum) matched.
    pub end_matched: Option<bool>,
    /// Damage in the file, if any.
    pub damage: Option<super::Damage>,
    /// Re-simulation speed, as a multiple of real time.
    pub speed_x_real_time: f64,
}

impl Verification {
    /// Whether the recording is intact and reproduces exactly.
    pub fn ok(&self) -> bool {
        self.first_divergence.is_none() && self.damage.is_none() && self.end_matched != Some(false)
    }
}

/// Re-simulate and compare every checksum.
pub fn verify(rec: &Recording) -> Result<Verification, String> {
    verify_engine(rec).map(|(v, _)| v)
}

/// Re-simulate and compare every checksum; also hand back the engine where the
/// comparison stopped (at the end of the exercise when everything matched), so a
/// caller can score the run without simulating it twice.
pub fn verify_engine(rec: &Recording) -> Result<(Verification, Engine), String> {
    let (s, e) = rebuild(rec)?;
    Ok(verify_from(rec, &s, e))
}

/// Compare every checksum of `rec` while stepping `e`, a fresh engine for the
/// recording's scenario `s`, seed, inputs and held seats (as [`rebuild`] makes it, or
/// as a judge makes it from the round's own copy of the scenario).
pub fn verify_from(rec: &Recording, s: &Scenario, mut e: Engine) -> (Verification, Engine) {
    let t0 = std::time::Instant::now();
    let mut matched = 0;
    let mut first_divergence = None;
    for c in &rec.checksums {
        e.run_through(c.tick);
        if e.clock().tick != c.tick + 1 {
            first_divergence = Some((
                c.tick,
                c.checksum.clone(),
                "(the exercise had already ended)".into(),
            ));
            break;
        }
        let got = e.checksum();
        if got != c.checksum {
            first_divergence = Some((c.tick, c.checksum.clone(), got));
            break;
        }
        matched += 1;
    }
    let mut end_matched = None;
    if first_divergence.is_none()
        && let Some(end) = &rec.end
    {
        e.run_through(end.tick);
        end_matched = Some(super::live::end_frame(&mut e) == *end);
    }
    let simulated = e.clock().tick.saturating_sub(1) * s.meta.tick_s;
    let wall = t0.elapsed().as_secs_f64().max(1e-9);
    let v = Verification {
        matched,
        recorded: rec.checksums.len(),
        first_divergence,
        end_matched,
        damage: rec.damage.clone(),
        speed_x_real_time: simulated as f64 / wall,
    };
    (v, e)
}

/// Tick length of a recording's scenario, s (from the embedded text; 1 if unreadable).
pub fn tick_s(rec: &Recording) -> u64 {
    scenario::from_text(
        Path::new(&rec.header.scenario_path),
        &rec.header.scenario_text,
    )
    .map(|s| s.meta.tick_s)
    .unwrap_or(1)
}

/// The last tick a recording covers.
pub fn last_tick(rec: &Recording, s: &Scenario) -> u64 {
    match (&rec.end, &rec.damage) {
        (Some(e), _) => e.tick,
        (None, Some(_)) => rec.checksums.last().map(|c| c.tick).unwrap_or(0),
        (None, None) => rec
            .checksums
            .last()
            .map(|c| c.tick)
            .unwrap_or(s.meta.ticks()),
    }
}

/// A unit at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    /// Id.
    pub id: String,
    /// Status.
    pub status: crate::sim::units::UnitStatus,
    /// Task, if any.
    pub task: Option<String>,
    /// Destination place.
    pub destination: Option<String>,
    /// Position, m east and south of the north-west corner.
    pub x_m: f64,
    /// Position, m south.
    pub y_m: f64,
}

/// A place at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    /// Id.
    pub id: String,
    /// People there.
    pub people: u32,
    /// Warning level given to its households.
    pub warned: Option<String>,
    /// Evacuation under way or done.
    pub evacuating: bool,
    /// Sheltering in place.
    pub sheltering: bool,
    /// Hazards that have reached it.
    pub reached_by: Vec<String>,
    /// Gas dose its people have breathed, mg·min/m³ (with a leak).
    pub dose_mg_min_m3: Option<f64>,
}

/// The exercise at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct StateView {
    /// Time, s.
    pub t_s: u64,
    /// Tick.
    pub tick: u64,
    /// Response level.
    pub response_level: Option<String>,
    /// Units.
    pub units: Vec<UnitView>,
    /// Places.
    pub places: Vec<PlaceView>,
    /// Messages in transit: (id, from, to, next hop, arrival there s).
    pub messages_in_transit: Vec<(u64, String, String, String, u64)>,
    /// Items waiting for acknowledgement: (seat, count).
    pub awaiting_ack: Vec<(String, usize)>,
    /// Cells burning / burnt, flooded (> 0.15 m), at AEGL-2 or worse.
    pub hazard: HazardView,
    /// Road sections closed.
    pub roads_closed: usize,
    /// State checksum.
    pub checksum: String,
}

/// Hazard extent at a moment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HazardView {
    /// Area burnt so far, ha.
    pub burnt_ha: f64,
    /// Cells burning now.
    pub burning_cells: usize,
    /// Flooded cells (deeper than 0.15 m).
    pub flooded_cells: usize,
    /// Deepest water, m.
    pub max_depth_m: f64,
    /// Cells at AEGL-2 or worse.
    pub toxic_cells: usize,
}

/// Describe the engine's state now.
pub fn state_view(s: &Scenario, e: &mut Engine) -> StateView {
    let clock = e.clock();
    let tick = clock.tick.saturating_sub(1);
    let now = tick * clock.tick_s;
    let checksum = e.checksum();
    let w = e.world_mut();
    let mut units: Vec<(Unit, UnitState)> = w
        .query::<(&Unit, &UnitState)>()
        .iter(w)
        .map(|(u, st)| (*u, st.clone()))
        .collect();
    units.sort_by_key(|(u, _)| *u);
    let units = units
        .into_iter()
        .map(|(u, st)| UnitView {
            id: s.org.member(s.org.units[u.0.0 as usize].member).id.clone(),
            status: st.status,
            task: st.task.map(|t| format!("{t:?}")),
            destination: st.dest.map(|d| s.places[d.0 as usize].id.clone()),
            x_m: (st.pos_m.0 * 10.0).round() / 10.0,
            y_m: (st.pos_m.1 * 10.0).round() / 10.0,
        })
        .collect();
    let cmd = w.resource::<CommandState>();
    let hz = w.resource::<HazardState>();
    let places = s
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| PlaceView {
            id: p.id.clone(),
            people: cmd.people_at(i as u32),
            warned: cmd.warned.get(&(i as u32)).map(|l| format!("{l:?}")),
            evacuating: cmd.evacuations.contains_key(&(i as u32)),
            sheltering: cmd.sheltered.contains(&(i as u32)),
            dose_mg_min_m3: hz
                .leak
                .as_ref()
                .and_then(|l| l.doses.get(i))
                .map(|d| (d.exposure_mg_min_m3 * 10.0).round() / 10.0),
            reached_by: hz
                .reached
                .iter()
                .filter(|(q, _)| *q == i as u32)
                .map(|(_, h)| h.to_string())
                .collect(),
        })
        .collect();
    let comms = w.resource::<Comms>();
    let mid = |m: crate::scenario::MemberId| s.org.member(m).id.clone();
    let messages_in_transit = comms
        .in_flight
        .iter()
        .map(|((t, id), m)| (*id, mid(m.from), mid(m.to), mid(m.hop), *t))
        .collect();
    let awaiting_ack = cmd
        .pending
        .iter()
        .filter(|(m, l)| {
            !l.is_empty() && matches!(s.org.member(**m).kind, MemberKind::Command { .. })
        })
        .map(|(m, l)| (mid(*m), l.len()))
        .collect();
    let mut hazard = HazardView::default();
    if let Some(f) = &hz.fire {
        hazard.burnt_ha = f.burnt_area_m2(now as f64) / 1e4;
        hazard.burning_cells = f.burning_cells(now as f64);
    }
    if let Some(f) = &hz.flood {
        let d = f.depths();
        hazard.flooded_cells = d
            .iter()
            .filter(|&&x| x > crate::sim::effects::PLACE_FLOOD_DEPTH_M)
            .count();
        hazard.max_depth_m = (d.iter().fold(0.0f64, |a, &b| a.max(b)) * 100.0).round() / 100.0;
    }
    if let Some(l) = &hz.leak {
        hazard.toxic_cells = (0..s.grid.len()).filter(|&c| l.threat(c).is_some()).count();
    }
    let roads_closed = w
        .resource::<Roads>()
        .0
        .state
        .iter()
        .filter(|st| st.closed_by_order || st.burning || st.water_depth_m > 0.3)
        .count();
    StateView {
        t_s: now,
        tick,
        response_level: cmd.level.map(|l| format!("{l:?}")),
        units,
        places,
        messages_in_transit,
        awaiting_ack,
        hazard,
        roads_closed,
        checksum,
    }
}

impl StateView {
    /// Readable form.
    pub fn render(&self) -> String {
        let mut o = format!(
            "State at {} (tick {}), response level {}\n",
            crate::time::hms(self.t_s),
            self.tick,
            self.response_level.as_deref().unwrap_or("none")
        );
        let h = &self.hazard;
        o.push_str(&format!(
            "Hazard: {:.1} ha burnt, {} cells burning; {} cells flooded (max {:.2} m); {} cells at AEGL-2+; {} road sections closed\n",
            h.burnt_ha, h.burning_cells, h.flooded_cells, h.max_depth_m, h.toxic_cells, self.roads_closed
        ));
        o.push_str("Units:\n");
        for u in &self.units {
            o.push_str(&format!(
                "  {:<14} {:<10} {:<16} {:<14} ({:.0}, {:.0}) m\n",
                u.id,
                format!("{:?}", u.status),
                u.task.as_deref().unwrap_or("-"),
                u.destination.as_deref().unwrap_or("-"),
                u.x_m,
                u.y_m
            ));
        }
        o.push_str("Places:\n");
        for p in &self.places {
            o.push_str(&format!(
                "  {:<16} {:>6} people  warned {:<7} {}{}{}\n",
                p.id,
                p.people,
                p.warned.as_deref().unwrap_or("-"),
                if p.evacuating { "evacuating " } else { "" },
                if p.sheltering { "sheltering " } else { "" },
                if p.reached_by.is_empty() {
                    String::new()
                } else {
                    format!("REACHED by {}", p.reached_by.join(", "))
                }
            ));
        }
        o.push_str(&format!(
            "Messages in transit: {}\n",
            self.messages_in_transit.len()
        ));
        for (id, from, to, hop, t) in &self.messages_in_transit {
            o.push_str(&format!(
                "  #{id} {from} → {to}, next at {hop} at {}\n",
                crate::time::hms(*t)
            ));
        }
        for (seat, n) in &self.awaiting_ack {
            o.push_str(&format!("Awaiting acknowledgement at {seat}: {n}\n"));
        }
        o
    }
}
