//! The headless exercise engine: a bevy `App` whose simulation runs on its own
//! [`SimTick`] schedule, one run per tick, with time held in [`SimClock`].
//!
//! Determinism contract (see `docs/architecture.md`): the wall clock never enters;
//! systems run chained in one fixed order on a single-threaded executor with
//! ambiguity detection set to error; units are iterated sorted by [`units::Unit`];
//! randomness comes from [`SimRng`], one ChaCha stream per subsystem; ordered
//! containers (`BTreeMap`) wherever order is observable.
//!
//! Tick `k` stands for second `k·tick_s`. In it, continuous processes (movement,
//! hazards) advance from `(k−1)·tick_s` to `k·tick_s`, then discrete things due by
//! then (inputs, injects, messages) happen, then the clock moves on.
//!
//! Files: [`plugin`] builds the schedule and the world; [`engine`] runs it;
//! [`movement`], [`hazards`] and [`effects`] are the continuous part of a tick;
//! [`orders`], [`script`] (injects, weather), [`messages`] and [`command`] the
//! discrete part; [`snapshot`] and [`checksum`] the state as a whole; [`observer`]
//! lets a recording follow a run without the engine knowing about recordings.

pub mod checksum;
pub mod command;
pub mod comms;
pub mod describe;
pub mod effects;
pub mod engine;
pub mod events;
pub mod flood_share;
pub mod hazards;
pub mod messages;
pub mod movement;
pub mod observer;
pub mod orders;
pub mod plugin;
pub mod script;
pub mod snapshot;
pub mod units;

use std::collections::VecDeque;
use std::sync::Arc;

use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;

use crate::map::RoadNetwork;
use crate::order::Input;
use crate::scenario::{MemberId, Scenario};

pub use checksum::state_checksum;
pub use engine::Engine;
pub use plugin::SimPlugin;
pub use snapshot::Snapshot;

/// The simulation schedule: run once per tick.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SimTick;

/// Simulation time.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SimClock {
    /// Current tick.
    pub tick: u64,
    /// Seconds per tick.
    pub tick_s: u64,
    /// Last tick of the exercise.
    pub last_tick: u64,
}

impl SimClock {
    /// Seconds from the start at the current tick.
    pub fn now_s(&self) -> u64 {
        self.tick * self.tick_s
    }
}

/// The scenario being run.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioRes(pub Arc<Scenario>);

/// The run's seed.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Seed(pub u64);

/// Seeded randomness, one independent ChaCha stream per subsystem, so a new draw in
/// one subsystem does not shift another's.
#[derive(Resource, Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SimRng {
    /// Command structure (decision delays).
    pub org: ChaCha12Rng,
    /// Hazards.
    pub hazard: ChaCha12Rng,
    /// Contingency plan.
    pub doctrine: ChaCha12Rng,
}

impl SimRng {
    /// Streams for a seed.
    pub fn new(seed: u64) -> Self {
        let stream = |n: u64| {
            let mut r = ChaCha12Rng::seed_from_u64(seed);
            r.set_stream(n);
            r
        };
        SimRng {
            org: stream(1),
            hazard: stream(2),
            doctrine: stream(3),
        }
    }
}

/// Inputs not yet applied, in time order.
#[derive(Resource, Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct InputQueue {
    /// Pending inputs.
    pub pending: VecDeque<Input>,
    /// Inputs applied so far (for recordings).
    pub applied: Vec<(u64, Input)>,
}

/// The road network with its live state.
#[derive(Resource, Debug, Clone)]
pub struct Roads(pub RoadNetwork);

/// Index of the next inject and weather change to deliver.
#[derive(Resource, Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Script {
    /// Next inject.
    pub next_inject: usize,
    /// Next weather change.
    pub next_weather: usize,
    /// Weather in force.
    pub wind_m_s: f64,
    /// Wind direction (from), degrees.
    pub wind_from_deg: f64,
}

/// Ordered sets of the tick, chained.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum TickSet {
    /// Weather script and continuous processes up to now.
    Advance,
    /// Hazards and their effects.
    Hazards,
    /// Inputs, injects, messages.
    Discrete,
    /// Clock.
    End,
}

/// A member's id as written in the scenario.
pub(crate) fn member_id(s: &Scenario, m: MemberId) -> String {
    s.org.member(m).id.clone()
}

pub(crate) fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}
