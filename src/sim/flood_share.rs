//! One flood for many runs: the runs of a batch whose water-changing inputs have been
//! identical so far hold the *same* flood state ([`std::sync::Arc`]), and a tick's
//! flood step is computed once per distinct (state before, step) pair, through a
//! [`FloodExchange`] the runs share. A run whose step differs — a sandbag wall raised,
//! a pump started, at a tick the others do not — gets a flood of its own from then on
//! (copy on fork), which the runs with the same history then share again.
//!
//! Why this is exact: the flood state after a tick is a pure function of the state
//! before it and of the tick's [`FloodStep`] — the bed edits in the order the tick
//! makes them (breaches, then the units' walls in unit id order), the pumps and the
//! forcing (inflows, rain, step length). Nothing else writes the flood
//! ([`super::hazards`] is its only writer) and [`crate::hazard::flood`] has no hidden
//! state (no randomness, no wall clock). So two runs holding the same state and asking
//! for the same step get bit for bit what each would compute alone; the step is keyed
//! by its exact bits and by the identity of the state before it.
//!
//! Invariants: an entry keeps its state-before alive, so the address in its key
//! cannot be reused while the entry exists; entries of older ticks are dropped when
//! the first run asks for a newer tick (a late run then computes its own step:
//! correct, only slower).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use bevy::prelude::*;

use crate::hazard::flood::{FloodGrid, Forcing};
use crate::scenario::Scenario;

/// A change of the bed a tick makes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BedOp {
    /// Set the bed of a cell (a breach opening), m.
    Set(usize, f64),
    /// Raise the bed of a cell by some metres (a sandbag wall).
    Raise(usize, f64),
}

/// Everything one tick does to the flood.
#[derive(Debug, Clone, Default)]
pub struct FloodStep {
    /// Tick.
    pub tick: u64,
    /// Bed changes, in the order they are made.
    pub ops: Vec<BedOp>,
    /// Whether the water moves in this tick (not at tick 0), and by how long, s.
    pub advance: Option<f64>,
    /// Inflows `(cell, m³/s)`.
    pub inflows: Vec<(usize, f64)>,
    /// Rain, m/s.
    pub rain_m_per_s: f64,
    /// Pumps `(cell, m³/s)`.
    pub pumps: Vec<(usize, f64)>,
}

impl FloodStep {
    /// Whether the step leaves the flood as it is.
    pub fn is_noop(&self) -> bool {
        self.ops.is_empty() && self.advance.is_none()
    }

    /// Apply the step to a flood state: exactly what a run alone does.
    pub fn apply(&self, g: &mut FloodGrid) {
        for op in &self.ops {
            match *op {
                BedOp::Set(c, z) => {
                    let _ = g.set_bed(c, z);
                }
                BedOp::Raise(c, dz) => {
                    if let Some(b) = g.bed(c) {
                        let _ = g.set_bed(c, b + dz);
                    }
                }
            }
        }
        if let Some(dt) = self.advance {
            let forcing = Forcing {
                inflows: &self.inflows,
                rain_m_per_s: self.rain_m_per_s,
                pumps: &self.pumps,
                ..Default::default()
            };
            let _ = g.advance(dt, &forcing);
        }
    }

    /// The step as exact bits (with the tick), for the exchange's key.
    fn signature(&self) -> Vec<u64> {
        let mut v = Vec::with_capacity(
            6 + 3 * self.ops.len() + 2 * (self.inflows.len() + self.pumps.len()),
        );
        v.push(self.tick);
        v.push(self.advance.map_or(u64::MAX, f64::to_bits));
        v.push(self.rain_m_per_s.to_bits());
        v.push(self.ops.len() as u64);
        for op in &self.ops {
            let (k, c, x) = match *op {
                BedOp::Set(c, z) => (0, c, z),
                BedOp::Raise(c, dz) => (1, c, dz),
            };
            v.extend([k, c as u64, x.to_bits()]);
        }
        v.push(self.inflows.len() as u64);
        for &(c, q) in self.inflows.iter().chain(&self.pumps) {
            v.extend([c as u64, q.to_bits()]);
        }
        v
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Key {
    tick: u64,
    before: usize,
    step: Vec<u64>,
}

struct Slot {
    /// Keeps the address in the key alive (and is the state the step starts from).
    before: Arc<FloodGrid>,
    after: OnceLock<Arc<FloodGrid>>,
}

#[derive(Default)]
struct Table {
    tick: u64,
    slots: HashMap<Key, Arc<Slot>>,
}

impl Table {
    /// Moves the table to tick `now` when it is newer, dropping the entries of older
    /// ticks (no run asks for them any more).
    fn advance_to(&mut self, now: u64) {
        if now > self.tick {
            self.tick = now;
            self.slots.retain(|k, _| k.tick >= now);
        }
    }
}

/// What the runs read off one flood state in one tick, computed once for all runs
/// holding it: tick, and per state (its address) the depth of every road section.
///
/// Why the address identifies the state within a tick: runs step in lockstep (every
/// run ends tick t before any begins t + 1), and a state a run holds after its step in
/// tick t stays alive until that run steps again in tick t + 1 — the exchange keeps a
/// computed state for the whole tick and a run's own state dies only when it is
/// replaced — so no two states of one tick share an address. A state stepped in place
/// keeps its address but changes tick. The table is emptied when a newer tick asks.
#[derive(Default)]
struct Derived {
    tick: u64,
    road_depths: HashMap<usize, Arc<OnceLock<Arc<Vec<f64>>>>>,
}

/// The flood steps of one batch, shared by its runs (see the module documentation).
pub struct FloodExchange {
    scenario: Arc<Scenario>,
    initial: OnceLock<Arc<FloodGrid>>,
    table: Mutex<Table>,
    derived: Mutex<Derived>,
    computed: AtomicU64,
    asked: AtomicU64,
}

impl FloodExchange {
    /// An exchange for runs of `scenario` (the same `Arc`).
    pub fn new(scenario: Arc<Scenario>) -> Arc<FloodExchange> {
        Arc::new(FloodExchange {
            scenario,
            initial: OnceLock::new(),
            table: Mutex::new(Table::default()),
            derived: Mutex::new(Derived::default()),
            computed: AtomicU64::new(0),
            asked: AtomicU64::new(0),
        })
    }

    /// Whether runs of `s` may use this exchange.
    pub fn serves(&self, s: &Arc<Scenario>) -> bool {
        Arc::ptr_eq(&self.scenario, s)
    }

    /// The shared starting flood: the first one offered (every fresh run of the same
    /// scenario builds the same one).
    pub(crate) fn initial(&self, offered: &Arc<FloodGrid>) -> Arc<FloodGrid> {
        self.initial.get_or_init(|| offered.clone()).clone()
    }

    /// The flood after `step` from `before`: computed by the first run that asks,
    /// shared with every other run that asks for the same.
    pub fn step(&self, before: &Arc<FloodGrid>, step: &FloodStep) -> Arc<FloodGrid> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let key = Key {
            tick: step.tick,
            before: Arc::as_ptr(before) as usize,
            step: step.signature(),
        };
        let slot = {
            let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
            t.advance_to(key.tick);
            t.slots
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(Slot {
                        before: before.clone(),
                        after: OnceLock::new(),
                    })
                })
                .clone()
        };
        slot.after
            .get_or_init(|| {
                self.computed.fetch_add(1, Ordering::Relaxed);
                let mut g = FloodGrid::clone(&slot.before);
                step.apply(&mut g);
                Arc::new(g)
            })
            .clone()
    }

    /// Steps `flood` in place when the run holds the only reference to it (it forked
    /// off: no other run can ask for a step from this state, so there is nothing to
    /// share and no copy to make); otherwise as [`FloodExchange::step`]. The same bits
    /// either way: the step is a pure function of the state before it. (On the
    /// riverside plan's 1,000 seeds this saved 3 % of the wall time: most runs share
    /// their flood with others to the end, whose steps still need the copy.)
    pub fn step_in_place(&self, flood: &mut Arc<FloodGrid>, step: &FloodStep) {
        // drop the entries of older ticks first: the last tick's entry still holds
        // this run's flood as its result
        self.table
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .advance_to(step.tick);
        if let Some(g) = Arc::get_mut(flood) {
            self.asked.fetch_add(1, Ordering::Relaxed);
            self.computed.fetch_add(1, Ordering::Relaxed);
            step.apply(g);
        } else {
            *flood = self.step(flood, step);
        }
    }

    /// The depth of every road section in `flood`, the state a run holds after its
    /// flood step of tick `tick`: `compute`d by the first run that asks, shared with
    /// every run holding the same state in the same tick (see `Derived` for why the
    /// state's address identifies it there). Only for runs stepping in lockstep
    /// through this exchange.
    pub fn road_depths(
        &self,
        tick: u64,
        flood: &Arc<FloodGrid>,
        compute: impl FnOnce() -> Vec<f64>,
    ) -> Arc<Vec<f64>> {
        let cell = {
            let mut d = self.derived.lock().unwrap_or_else(|e| e.into_inner());
            if tick != d.tick {
                d.tick = tick;
                d.road_depths.clear();
            }
            d.road_depths
                .entry(Arc::as_ptr(flood) as usize)
                .or_default()
                .clone()
        };
        cell.get_or_init(|| Arc::new(compute())).clone()
    }

    /// Flood steps computed and flood steps asked for so far.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.computed.load(Ordering::Relaxed),
            self.asked.load(Ordering::Relaxed),
        )
    }
}

/// The exchange a run shares its flood through (absent: the run computes its own).
#[derive(Resource, Clone)]
pub struct FloodShare(pub Arc<FloodExchange>);

/// Serde for the shared flood: written and read as the grid itself.
pub(crate) mod serde_arc {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::hazard::flood::FloodGrid;

    pub fn serialize<S: Serializer>(v: &Option<Arc<FloodGrid>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_deref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arc<FloodGrid>>, D::Error> {
        Ok(Option::<FloodGrid>::deserialize(d)?.map(Arc::new))
    }
}
