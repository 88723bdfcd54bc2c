//! The state checksum: SHA-256 over everything that makes a run what it is. Equal
//! checksums at equal ticks mean equal runs; recordings carry them so a replay can
//! name the first tick where it diverges.

use bevy::prelude::*;
use sha2::{Digest, Sha256};

use super::command::CommandState;
use super::comms::Comms;
use super::events::EventLog;
use super::hazards::{HazardState, hash_hazards};
use super::units::{Unit, UnitState};
use super::{Roads, Script, SimClock, SimRng};

/// SHA-256 of the state: clock, units (sorted by id), messages, links, roads, weather,
/// random streams and the event log's digest.
pub fn state_checksum(world: &mut World) -> String {
    let mut h = Sha256::new();
    let clock = *world.resource::<SimClock>();
    h.update(clock.tick.to_le_bytes());
    let mut q = world.query::<(&Unit, &UnitState)>();
    let mut units: Vec<(Unit, UnitState)> = q.iter(world).map(|(u, s)| (*u, s.clone())).collect();
    units.sort_by_key(|(u, _)| *u);
    for (u, s) in &units {
        h.update(u.0.0.to_le_bytes());
        h.update([s.status as u8]);
        h.update(s.node.to_le_bytes());
        if let Some((e, n, done, len)) = s.on_edge {
            h.update(e.to_le_bytes());
            h.update(n.to_le_bytes());
            h.update(done.to_bits().to_le_bytes());
            h.update(len.to_bits().to_le_bytes());
        }
        for (e, n) in &s.route {
            h.update(e.to_le_bytes());
            h.update(n.to_le_bytes());
        }
        h.update(s.pos_m.0.to_bits().to_le_bytes());
        h.update(s.pos_m.1.to_bits().to_le_bytes());
        h.update(s.dest.map(|p| p.0 as i64).unwrap_or(-1).to_le_bytes());
    }
    let comms = world.resource::<Comms>();
    h.update(comms.next_id.to_le_bytes());
    for ((t, id), m) in &comms.in_flight {
        h.update(t.to_le_bytes());
        h.update(id.to_le_bytes());
        h.update(m.hop.0.to_le_bytes());
    }
    for f in &comms.failed {
        h.update((*f as u64).to_le_bytes());
    }
    for s in &world.resource::<Roads>().0.state {
        h.update([s.closed_by_order as u8, s.burning as u8, s.toxic as u8]);
        h.update(s.water_depth_m.to_bits().to_le_bytes());
    }
    let script = world.resource::<Script>();
    h.update(script.wind_m_s.to_bits().to_le_bytes());
    h.update(script.wind_from_deg.to_bits().to_le_bytes());
    let rng = world.resource::<SimRng>();
    for r in [&rng.org, &rng.hazard, &rng.doctrine] {
        h.update(r.get_word_pos().to_le_bytes());
    }
    hash_hazards(world.resource::<HazardState>(), &mut h);
    let cmd = world.resource::<CommandState>();
    h.update(cmd.level.map(|l| l as u8 + 1).unwrap_or(0).to_le_bytes());
    for (seat, list) in &cmd.pending {
        h.update(seat.0.to_le_bytes());
        for p in list {
            h.update(p.id.to_le_bytes());
        }
    }
    for v in &cmd.present {
        h.update(v.to_bits().to_le_bytes());
    }
    for ((t, id), seat) in &cmd.ack_due {
        h.update(t.to_le_bytes());
        h.update(id.to_le_bytes());
        h.update(seat.0.to_le_bytes());
    }
    h.update(world.resource::<EventLog>().digest_hex().as_bytes());
    crate::scenario::hex(&h.finalize())
}
