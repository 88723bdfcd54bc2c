//! [`Engine`]: a running exercise — the bevy app with the simulation, stepped one
//! tick at a time, with inputs queued from outside (GUI, network, facilitator),
//! snapshots taken and restored, and the state checksum.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy::app::App;
use bevy::prelude::*;

use super::checksum::state_checksum;
use super::command::CommandState;
use super::comms::Comms;
use super::events::{self, EventKind, EventLog};
use super::flood_share::{FloodExchange, FloodShare};
use super::hazards::HazardState;
use super::observer::RunObserver;
use super::plugin::switched_seats;
use super::snapshot::Snapshot;
use super::units::{Unit, UnitState};
use super::{InputQueue, Roads, ScenarioRes, Script, SimClock, SimPlugin, SimRng, SimTick};
use crate::order::Input;
use crate::scenario::{MemberKind, Scenario};

/// A running exercise: the bevy app plus convenience accessors.
///
/// A recording follows the run through a [`RunObserver`]; the recording methods
/// (`record_to`, `record_official`, `record_error`) are added by [`crate::record`].
pub struct Engine {
    app: App,
    observer: Option<Box<dyn RunObserver>>,
    observer_error: Option<String>,
    held_seats: Vec<String>,
    flood_threads: usize,
    /// Version of the flood model's face update (`hazard::flood::KERNELS`).
    flood_kernel: u32,
    /// Not stepped nor restored since it was built.
    fresh: bool,
}

impl Engine {
    /// Build the engine for a scenario, seed and inputs.
    pub fn new(scenario: Arc<Scenario>, seed: u64, inputs: Vec<Input>) -> Result<Engine, String> {
        let hazards = HazardState::new(&scenario)?;
        let mut app = App::empty();
        app.insert_resource(hazards);
        app.add_plugins(SimPlugin {
            scenario,
            seed,
            inputs,
        });
        Ok(Engine {
            app,
            observer: None,
            observer_error: None,
            held_seats: Vec::new(),
            flood_threads: 1,
            flood_kernel: crate::hazard::flood::CURRENT_KERNEL,
            fresh: true,
        })
    }

    /// Share the flood with the other runs of a batch through `exchange`
    /// ([`super::flood_share`]): from now on a tick's flood step is computed once for
    /// all the runs that hold the same flood and ask for the same step. Nothing a run
    /// logs or hashes changes. Only for an engine just built ([`Engine::new`]) from
    /// the exchange's scenario, before its first step.
    pub fn share_flood(&mut self, exchange: &Arc<FloodExchange>) -> Result<(), String> {
        if !self.fresh {
            return Err("only a run that has not started can share its flood".into());
        }
        let world = self.app.world_mut();
        if !exchange.serves(&world.resource::<ScenarioRes>().0) {
            return Err("the flood exchange belongs to another scenario".into());
        }
        let mut hz = world.resource_mut::<HazardState>();
        if let Some(f) = hz.flood.as_mut() {
            *f = exchange.initial(f);
        }
        world.insert_resource(FloodShare(exchange.clone()));
        Ok(())
    }

    /// Let the flood model use `threads` threads inside each tick (≥ 1; default 1). The
    /// results are bit-identical for any number (see [`crate::hazard::flood`]), so this
    /// is a speed setting, not part of the run; it survives [`Engine::restore`].
    pub fn set_flood_threads(&mut self, threads: usize) -> Result<(), String> {
        let mut hz = self.app.world_mut().resource_mut::<HazardState>();
        if let Some(f) = hz.flood.as_mut() {
            Arc::make_mut(f)
                .set_threads(threads)
                .map_err(|e| format!("flood model: {e}"))?;
        }
        self.flood_threads = threads;
        Ok(())
    }

    /// Run the flood model's face update of version `kernel`
    /// ([`crate::hazard::flood::KERNELS`]; new runs use
    /// [`crate::hazard::flood::CURRENT_KERNEL`]). Each version gives its own bits, so a
    /// replay sets the version its recording was made with. Only before the first
    /// step; it survives [`Engine::restore`].
    pub fn set_flood_kernel(&mut self, kernel: u32) -> Result<(), String> {
        if !self.fresh {
            return Err("the flood kernel is set before the first step".into());
        }
        self.apply_flood_kernel(kernel)
    }

    /// Version of the flood model's face update this run uses.
    pub fn flood_kernel(&self) -> u32 {
        self.flood_kernel
    }

    fn apply_flood_kernel(&mut self, kernel: u32) -> Result<(), String> {
        crate::hazard::flood::check_kernel(kernel)?;
        let mut hz = self.app.world_mut().resource_mut::<HazardState>();
        if let Some(f) = hz.flood.as_mut()
            && f.params().kernel != kernel
        {
            Arc::make_mut(f)
                .set_kernel(kernel)
                .map_err(|e| format!("flood model: {e}"))?;
        }
        self.flood_kernel = kernel;
        Ok(())
    }

    /// Let `observer` follow the run from now on (replacing any other).
    pub fn observe(&mut self, observer: Box<dyn RunObserver>) {
        self.observer = Some(observer);
        self.observer_error = None;
    }

    /// Whether an observer follows the run.
    pub fn is_observed(&self) -> bool {
        self.observer.is_some()
    }

    /// The first error the observer met, if any (the run goes on; the observer stopped
    /// there).
    pub fn observer_error(&self) -> Option<&str> {
        self.observer_error.as_deref()
    }

    /// The seats held for players from the start ([`Engine::hold_seats`]), in the
    /// order given.
    pub fn held_seats(&self) -> &[String] {
        &self.held_seats
    }

    /// The world, to read state.
    pub fn world(&self) -> &World {
        self.app.world()
    }

    /// The world, mutably (tests and tools).
    pub fn world_mut(&mut self) -> &mut World {
        self.app.world_mut()
    }

    /// The clock.
    pub fn clock(&self) -> SimClock {
        *self.app.world().resource::<SimClock>()
    }

    /// Whether the exercise has run to its end.
    pub fn finished(&self) -> bool {
        let c = self.clock();
        c.tick > c.last_tick
    }

    /// Hold `seats` for players from the start, whether or not they give orders (the
    /// plan then plays only the other seats). Call before the first step and before
    /// recording; recordings carry the list, so replays hold the same seats.
    pub fn hold_seats(&mut self, seats: &[String]) -> Result<(), String> {
        let ids = {
            let s = &self.app.world().resource::<ScenarioRes>().0;
            seats
                .iter()
                .map(|seat| match s.org.find(seat) {
                    Some(m) if matches!(s.org.member(m).kind, MemberKind::Command { .. }) => Ok(m),
                    Some(_) => Err(format!("`{seat}` is a field unit; seats are command posts")),
                    None => Err(format!("unknown seat `{seat}`")),
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        let mut cmd = self.app.world_mut().resource_mut::<CommandState>();
        cmd.held.extend(ids);
        for seat in seats {
            if !self.held_seats.contains(seat) {
                self.held_seats.push(seat.clone());
            }
        }
        Ok(())
    }

    /// Run one tick.
    pub fn step(&mut self) {
        if self.finished() {
            return;
        }
        self.fresh = false;
        self.app.world_mut().run_schedule(SimTick);
        let ran = self.clock().tick - 1;
        if self.finished() {
            let c = self.clock();
            let (t_end, end_s) = (c.last_tick, c.last_tick * c.tick_s);
            let world = self.app.world_mut();
            let (people_exposed, buildings_flooded, area_burnt_ha, casualties) = {
                let s = &world.resource::<ScenarioRes>().0;
                let hz = world.resource::<HazardState>();
                let log = world.resource::<EventLog>();
                super::effects::outcome(s, hz, &log.events, end_s)
            };
            let mut log = world.resource_mut::<EventLog>();
            log.push(
                t_end,
                end_s,
                EventKind::Outcome {
                    people_exposed,
                    buildings_flooded,
                    area_burnt_ha,
                    casualties,
                },
            );
            log.push(t_end, end_s, EventKind::ExerciseEnded);
        }
        // the observer sees the tick complete, the final events included
        if let Some(mut o) = self.observer.take() {
            match o.tick_done(self, ran) {
                Ok(()) => self.observer = Some(o),
                Err(e) => self.observer_error = Some(e),
            }
        }
    }

    /// The run stops here on purpose, before the end of the exercise (`run --until`):
    /// the observer is told once ([`RunObserver::stopped_early`]: a recording closes
    /// with an end frame at the last tick run, so that it verifies to there) and
    /// follows the run no more. Nothing happens once the exercise has finished, or
    /// without an observer. The engine's state is unchanged.
    pub fn stop_early(&mut self) {
        if self.finished() {
            return;
        }
        if let Some(mut o) = self.observer.take()
            && let Err(e) = o.stopped_early(self)
        {
            self.observer_error = Some(e);
        }
    }

    /// Run ticks until `tick` (inclusive) has been run, or the end.
    pub fn run_through(&mut self, tick: u64) {
        while !self.finished() && self.clock().tick <= tick {
            self.step();
        }
    }

    /// Run to the end.
    pub fn run_to_end(&mut self) {
        let last = self.clock().last_tick;
        self.run_through(last);
    }

    /// Queue an input (from the GUI or a facilitator) to be applied at its time.
    ///
    /// A seat that gives its first order here becomes held at once, as if it had been
    /// held from the start (which is how a replay sees it). Live front ends should hand
    /// seats over with [`Order::SetSeatMode`](crate::order::Order::SetSeatMode) instead, which takes effect at its time in
    /// both the live run and its replay.
    pub fn push_input(&mut self, input: Input) {
        let tick = self.clock().tick;
        if let Some(o) = self.observer.as_mut()
            && let Err(e) = o.input_queued(tick, &input)
        {
            self.observer_error = Some(e);
            self.observer = None;
        }
        let seat = {
            let s = &self.app.world().resource::<ScenarioRes>().0;
            let q = self.app.world().resource::<InputQueue>();
            let governed = q
                .applied
                .iter()
                .map(|(_, i)| i)
                .chain(q.pending.iter())
                .chain(std::iter::once(&input));
            let switched = switched_seats(s, governed);
            s.org.find(&input.seat).filter(|m| !switched.contains(m))
        };
        if let Some(seat) = seat {
            self.app
                .world_mut()
                .resource_mut::<CommandState>()
                .held
                .insert(seat);
        }
        let mut q = self.app.world_mut().resource_mut::<InputQueue>();
        let pos = q
            .pending
            .iter()
            .position(|i| i.at > input.at)
            .unwrap_or(q.pending.len());
        q.pending.insert(pos, input);
    }

    /// The whole state now.
    pub fn snapshot(&mut self) -> Snapshot {
        let w = self.app.world_mut();
        let mut units: Vec<(u32, UnitState)> = w
            .query::<(&Unit, &UnitState)>()
            .iter(w)
            .map(|(u, s)| (u.0.0, s.clone()))
            .collect();
        units.sort_by_key(|u| u.0);
        Snapshot {
            clock: *w.resource::<SimClock>(),
            rng: w.resource::<SimRng>().clone(),
            queue: w.resource::<InputQueue>().clone(),
            roads: w.resource::<Roads>().0.state.clone(),
            comms: w.resource::<Comms>().clone(),
            script: w.resource::<Script>().clone(),
            hazards: w.resource::<HazardState>().clone(),
            command: w.resource::<CommandState>().clone(),
            events: w.resource::<EventLog>().events.clone(),
            units,
        }
    }

    /// Put the engine in a snapshot's state (taken from a run of the same scenario).
    pub fn restore(&mut self, snap: Snapshot) -> Result<(), String> {
        self.fresh = false;
        let w = self.app.world_mut();
        if w.resource::<Roads>().0.state.len() != snap.roads.len() {
            return Err("the snapshot belongs to another scenario (road network differs)".into());
        }
        let mut q = w.query::<(&Unit, &mut UnitState)>();
        let n = q.iter(w).count();
        if n != snap.units.len() {
            return Err("the snapshot belongs to another scenario (units differ)".into());
        }
        let by_id: BTreeMap<u32, UnitState> = snap.units.into_iter().collect();
        for (u, mut st) in q.iter_mut(w) {
            if let Some(s) = by_id.get(&u.0.0) {
                *st = s.clone();
            }
        }
        w.insert_resource(snap.clock);
        w.insert_resource(snap.rng);
        w.insert_resource(snap.queue);
        w.resource_mut::<Roads>().0.state = snap.roads;
        w.insert_resource(snap.comms);
        w.insert_resource(snap.script);
        w.insert_resource(snap.hazards);
        w.insert_resource(snap.command);
        w.insert_resource(EventLog::from_events(snap.events));
        if self.flood_threads > 1 {
            // a snapshot carries no thread pool
            let threads = self.flood_threads;
            self.set_flood_threads(threads)?;
        }
        // nor the kernel version
        self.apply_flood_kernel(self.flood_kernel)?;
        Ok(())
    }

    /// The events so far.
    pub fn events(&self) -> &[events::Event] {
        &self.app.world().resource::<EventLog>().events
    }

    /// SHA-256 over the whole simulation state now (hex). Equal checksums at equal
    /// ticks mean equal runs.
    pub fn checksum(&mut self) -> String {
        state_checksum(self.app.world_mut())
    }
}
