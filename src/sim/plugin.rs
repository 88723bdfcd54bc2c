//! [`SimPlugin`]: builds the [`SimTick`] schedule (systems chained in one fixed order,
//! single-threaded, ambiguity detection as error) and the world a scenario starts
//! with: clock, random streams, inputs, roads, messages, script, hazards, command
//! state, the event log and one entity per unit.

use std::collections::VecDeque;
use std::sync::Arc;

use bevy::app::App;
use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, SingleThreadedExecutor};
use bevy::prelude::*;

use super::command::{self, CommandState};
use super::comms::Comms;
use super::events::{EventKind, EventLog};
use super::hazards::HazardState;
use super::units::{Unit, UnitState, UnitStatus};
use super::{
    InputQueue, Roads, ScenarioRes, Script, Seed, SimClock, SimRng, SimTick, TickSet,
    advance_clock, effects, hazards, messages, movement, orders, script,
};
use crate::order::{Input, Order};
use crate::scenario::{MemberId, Scenario, UnitId};

/// Adds the simulation to an app. The GUI adds this plugin and only reads state and
/// pushes inputs.
pub struct SimPlugin {
    /// Scenario.
    pub scenario: Arc<Scenario>,
    /// Seed.
    pub seed: u64,
    /// Inputs known up front (orders file, recording).
    pub inputs: Vec<Input>,
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let s = &self.scenario;
        let mut schedule = Schedule::new(SimTick);
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..default()
        });
        schedule.configure_sets(
            (
                TickSet::Advance,
                TickSet::Hazards,
                TickSet::Discrete,
                TickSet::End,
            )
                .chain(),
        );
        schedule.add_systems(
            (script::weather_script, movement::move_units)
                .chain()
                .in_set(TickSet::Advance),
        );
        schedule.add_systems(
            (hazards::advance_hazards, effects::hazard_effects)
                .chain()
                .in_set(TickSet::Hazards),
        );
        schedule.add_systems(
            (
                orders::apply_inputs,
                script::deliver_injects,
                messages::process_messages,
                command::command_tick,
            )
                .chain()
                .in_set(TickSet::Discrete),
        );
        schedule.add_systems(advance_clock.in_set(TickSet::End));
        app.add_schedule(schedule);

        let mut inputs = self.inputs.clone();
        inputs.sort_by_key(|i| i.at);
        // every seat that gives orders in the inputs is held; the plan plays the rest.
        // A seat the facilitator hands over with `SetSeatMode` starts with the plan and
        // changes hands when that input applies (so live and replayed runs agree).
        let switched = switched_seats(s, &inputs);
        let held = inputs
            .iter()
            .filter_map(|i| s.org.find(&i.seat))
            .filter(|m| !switched.contains(m))
            .collect();
        app.insert_resource(CommandState::new(s, held));
        app.insert_resource(ScenarioRes(s.clone()))
            .insert_resource(Seed(self.seed))
            .insert_resource(SimClock {
                tick: 0,
                tick_s: s.meta.tick_s,
                last_tick: s.meta.ticks(),
            })
            .insert_resource(SimRng::new(self.seed))
            .insert_resource(InputQueue {
                pending: inputs.into(),
                applied: Vec::new(),
            })
            .insert_resource(Roads(s.roads.clone()))
            .insert_resource(Comms::default())
            .insert_resource(Script {
                wind_m_s: s.weather.initial.wind_m_s,
                wind_from_deg: s.weather.initial.wind_from_deg,
                ..default()
            });
        if !app.world().contains_resource::<HazardState>() {
            // `Engine::new` builds it first to report model errors; other hosts get
            // the same models, or none when they cannot be built
            app.insert_resource(HazardState::new(s).unwrap_or_default());
        }
        let mut log = EventLog::default();
        log.push(
            0,
            0,
            EventKind::ExerciseStarted {
                scenario: s.meta.name.clone(),
                seed: self.seed,
            },
        );
        app.insert_resource(log);
        for (i, u) in s.org.units.iter().enumerate() {
            let home = &s.places[u.home.0 as usize];
            app.world_mut().spawn((
                Unit(UnitId(i as u32)),
                UnitState {
                    status: if u.mutual_aid_s.is_some() {
                        UnitStatus::Reserve
                    } else {
                        UnitStatus::Available
                    },
                    node: home.road_node,
                    on_edge: None,
                    route: VecDeque::new(),
                    dest: None,
                    task: None,
                    pos_m: s.grid.centre_m(home.cell.0, home.cell.1),
                    task_since_s: None,
                },
            ));
        }
    }
}

/// Seats named by a facilitator's `SetSeatMode` input.
pub(crate) fn switched_seats<'a>(
    s: &Scenario,
    inputs: impl IntoIterator<Item = &'a Input>,
) -> std::collections::BTreeSet<MemberId> {
    inputs
        .into_iter()
        .filter_map(|i| match &i.order {
            Order::SetSeatMode { seat, .. } => s.org.find(seat),
            _ => None,
        })
        .collect()
}
