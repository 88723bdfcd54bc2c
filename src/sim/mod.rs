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

pub mod command;
pub mod comms;
pub mod events;
pub mod inputs;
pub mod units;

use std::collections::VecDeque;
use std::sync::Arc;

use bevy::app::App;
use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;
use sha2::{Digest, Sha256};

use crate::hazard::engine::HazardState;
use crate::map::{RoadNetwork, Traveller};
use crate::scenario::{MemberId, MemberKind, Scenario, UnitId};
use command::CommandState;
use comms::{Comms, Payload};
use events::{EventKind, EventLog};
use inputs::{Input, Order, check_input};
use units::{Unit, UnitState, UnitStatus};

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
            (weather_script, move_units)
                .chain()
                .in_set(TickSet::Advance),
        );
        schedule.add_systems(
            (
                crate::hazard::engine::advance_hazards,
                crate::hazard::engine::hazard_effects,
            )
                .chain()
                .in_set(TickSet::Hazards),
        );
        schedule.add_systems(
            (
                apply_inputs,
                deliver_injects,
                process_messages,
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

fn member_id(s: &Scenario, m: MemberId) -> String {
    s.org.member(m).id.clone()
}

fn weather_script(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut script: ResMut<Script>,
    mut log: ResMut<EventLog>,
) {
    let now = clock.now_s();
    let changes = &sc.0.weather.changes;
    while script.next_weather < changes.len() && changes[script.next_weather].0 <= now {
        let w = changes[script.next_weather].1;
        script.wind_m_s = w.wind_m_s;
        script.wind_from_deg = w.wind_from_deg;
        script.next_weather += 1;
        log.push(
            clock.tick,
            now,
            EventKind::WeatherChanged {
                wind_m_s: w.wind_m_s,
                wind_from_deg: w.wind_from_deg,
            },
        );
    }
}

fn traveller(s: &Scenario, u: UnitId) -> Traveller {
    let spec = &s.org.units[u.0 as usize];
    Traveller {
        speed_km_h: spec.speed_km_h,
        fording_depth_m: spec.fording_depth_m,
        // hazmat teams and fire engines work in breathing apparatus
        gas_protected: spec.capabilities.iter().any(|c| {
            matches!(
                c,
                crate::scenario::Capability::ContainLeak
                    | crate::scenario::Capability::Decontaminate
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
fn move_units(
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

/// Apply the inputs due now: facilitator actions at once, orders as messages.
#[allow(clippy::too_many_arguments)] // one system, many resources
fn apply_inputs(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut queue: ResMut<InputQueue>,
    mut comms: ResMut<Comms>,
    mut script: ResMut<Script>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut roads: ResMut<Roads>,
    mut log: ResMut<EventLog>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while queue.pending.front().is_some_and(|i| i.at.0 <= now) {
        let Some(input) = queue.pending.pop_front() else {
            break;
        };
        queue.applied.push((clock.tick, input.clone()));
        if let Some((reason, _)) = check_input(s, &input) {
            log.push(
                clock.tick,
                now,
                EventKind::OrderRefused {
                    seat: input.seat.clone(),
                    reason,
                },
            );
            continue;
        }
        if let Some(seat) = s.org.find(&input.seat)
            && command::apply_command_order(
                s,
                &mut cmd,
                &mut comms,
                &mut rng,
                &mut roads.0,
                &mut log,
                clock.tick,
                now,
                seat,
                &input.order,
            )
        {
            continue;
        }
        match &input.order {
            Order::FailLink { a, b } | Order::RestoreLink { a, b } => {
                let fail = matches!(input.order, Order::FailLink { .. });
                let (Some(ma), Some(mb)) = (s.org.find(a), s.org.find(b)) else {
                    continue;
                };
                for (i, l) in s.org.links.iter().enumerate() {
                    if (l.a == ma && l.b == mb) || (l.a == mb && l.b == ma) {
                        if fail {
                            comms.failed.insert(i);
                        } else {
                            comms.failed.remove(&i);
                        }
                    }
                }
                let kind = if fail {
                    EventKind::LinkFailed {
                        a: a.clone(),
                        b: b.clone(),
                    }
                } else {
                    EventKind::LinkRestored {
                        a: a.clone(),
                        b: b.clone(),
                    }
                };
                log.push(clock.tick, now, kind);
            }
            Order::AddUnit { unit } => {
                let Some(MemberKind::Unit(uid)) =
                    s.org.find(unit).map(|m| s.org.member(m).kind.clone())
                else {
                    continue;
                };
                if cmd.aid_requested.insert(uid.0) {
                    // arrives in this tick's command step
                    cmd.aid_due.insert((now, uid.0));
                    log.push(
                        clock.tick,
                        now,
                        EventKind::MutualAidRequested {
                            seat: inputs::FACILITATOR.into(),
                            unit: unit.clone(),
                            eta_s: now,
                        },
                    );
                } else {
                    log.push(
                        clock.tick,
                        now,
                        EventKind::OrderRefused {
                            seat: input.seat.clone(),
                            reason: format!("`{unit}` has already been requested or added"),
                        },
                    );
                }
            }
            Order::SetSeatMode { seat, human } => {
                let Some(m) = s.org.find(seat) else { continue };
                if *human {
                    cmd.held.insert(m);
                } else {
                    cmd.held.remove(&m);
                }
                log.push(
                    clock.tick,
                    now,
                    EventKind::SeatModeChanged {
                        seat: seat.clone(),
                        human: *human,
                    },
                );
            }
            Order::SetWind {
                wind_m_s,
                wind_from_deg,
            } => {
                script.wind_m_s = *wind_m_s;
                script.wind_from_deg = *wind_from_deg;
                log.push(
                    clock.tick,
                    now,
                    EventKind::WeatherChanged {
                        wind_m_s: *wind_m_s,
                        wind_from_deg: *wind_from_deg,
                    },
                );
            }
            // handled by `command::apply_command_order` above
            Order::Acknowledge { .. }
            | Order::Warn { .. }
            | Order::SetLevel { .. }
            | Order::Evacuate { .. }
            | Order::ShelterInPlace { .. }
            | Order::CloseRoad { .. }
            | Order::RequestMutualAid { .. } => {}
            Order::Dispatch { unit, .. } | Order::Recall { unit } => {
                let (Some(seat), Some(to)) = (s.org.find(&input.seat), s.org.find(unit)) else {
                    continue;
                };
                send(
                    s,
                    &mut comms,
                    &mut log,
                    clock.tick,
                    now,
                    seat,
                    to,
                    Payload::Order {
                        seat,
                        order: input.order.clone(),
                    },
                );
            }
            Order::Message { to, text } if input.seat == inputs::FACILITATOR => {
                // a facilitator's message is an unscheduled inject: it arrives at once
                log.push(
                    clock.tick,
                    now,
                    EventKind::InjectDelivered {
                        inject: "facilitator".into(),
                        to: to.clone(),
                        from: inputs::FACILITATOR.into(),
                        text: text.clone(),
                    },
                );
            }
            Order::Message { to, text } => {
                let (Some(seat), Some(to)) = (s.org.find(&input.seat), s.org.find(to)) else {
                    continue;
                };
                send(
                    s,
                    &mut comms,
                    &mut log,
                    clock.tick,
                    now,
                    seat,
                    to,
                    Payload::Text(text.clone()),
                );
            }
        }
    }
}

/// Send a message and log it (and log it stuck when no path exists).
#[allow(clippy::too_many_arguments)] // the log entry needs every one of them
pub(crate) fn send(
    s: &Scenario,
    comms: &mut Comms,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    from: MemberId,
    to: MemberId,
    payload: Payload,
) {
    let what = payload.describe(s);
    let (id, ok) = comms.send(&s.org, now, from, to, payload);
    log.push(
        tick,
        now,
        EventKind::MessageSent {
            msg: id,
            from: member_id(s, from),
            to: member_id(s, to),
            what,
        },
    );
    if !ok {
        log.push(
            tick,
            now,
            EventKind::MessageUndeliverable {
                msg: id,
                at: member_id(s, from),
                to: member_id(s, to),
            },
        );
    }
}

fn deliver_injects(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut script: ResMut<Script>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while script.next_inject < s.injects.len() && s.injects[script.next_inject].time_s <= now {
        let inj = &s.injects[script.next_inject];
        log.push(
            clock.tick,
            now,
            EventKind::InjectDelivered {
                inject: inj.id.clone(),
                to: member_id(s, inj.to),
                from: inj.from.clone(),
                text: inj.text.clone(),
            },
        );
        if matches!(s.org.member(inj.to).kind, MemberKind::Command { .. }) {
            command::add_pending(
                s,
                &mut cmd,
                &mut rng,
                &mut log,
                clock.tick,
                inj.to,
                now,
                command::PendingKind::Inject(inj.id.clone()),
                None,
            );
        }
        script.next_inject += 1;
    }
}

/// Move messages on and act on those that reached their recipient.
#[allow(clippy::too_many_arguments)] // one system, many resources
fn process_messages(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    roads: Res<Roads>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut comms: ResMut<Comms>,
    mut log: ResMut<EventLog>,
    mut q: Query<(&Unit, &mut UnitState)>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while let Some((t, msg)) = comms.pop_due(now) {
        if msg.hop != msg.to {
            let (id, at, to) = (msg.id, msg.hop, msg.to);
            if !comms.forward(&s.org, t, msg) {
                log.push(
                    clock.tick,
                    now,
                    EventKind::MessageUndeliverable {
                        msg: id,
                        at: member_id(s, at),
                        to: member_id(s, to),
                    },
                );
            }
            continue;
        }
        log.push(
            clock.tick,
            now,
            EventKind::MessageReceived {
                msg: msg.id,
                from: member_id(s, msg.from),
                to: member_id(s, msg.to),
                what: msg.payload.describe(s),
                transit_s: t - msg.sent_s,
                hops: msg
                    .hops
                    .iter()
                    .map(|(m, at)| (member_id(s, *m), *at))
                    .collect(),
            },
        );
        // warnings and evacuation orders wait at the post for its acknowledgement
        if let Some((issuer, kind)) = command::pending_of(&msg.payload) {
            command::add_pending(
                s,
                &mut cmd,
                &mut rng,
                &mut log,
                clock.tick,
                msg.to,
                now,
                kind,
                Some((issuer, msg.id)),
            );
            continue;
        }
        let Payload::Order { seat, order } = &msg.payload else {
            continue;
        };
        let MemberKind::Unit(uid) = s.org.member(msg.to).kind else {
            continue;
        };
        // the unit acknowledges, then acts
        send(
            s,
            &mut comms,
            &mut log,
            clock.tick,
            now,
            msg.to,
            *seat,
            Payload::Ack { of: msg.id },
        );
        let Some((_, mut st)) = q.iter_mut().find(|(u, _)| u.0 == uid) else {
            continue;
        };
        if st.status == UnitStatus::Reserve {
            log.push(
                clock.tick,
                now,
                EventKind::OrderRefused {
                    seat: member_id(s, *seat),
                    reason: format!(
                        "`{}` is a mutual-aid unit that has not arrived (request it first)",
                        member_id(s, msg.to)
                    ),
                },
            );
            continue;
        }
        let spec = &s.org.units[uid.0 as usize];
        let unit_id = &s.org.member(spec.member).id;
        let (dest, task, returning) = match order {
            Order::Dispatch { to, task, .. } => match s.place(to) {
                Some(p) => (p, Some(*task), false),
                None => continue,
            },
            Order::Recall { .. } => (spec.home, None, true),
            _ => continue,
        };
        let place = &s.places[dest.0 as usize];
        // finish the section being driven before turning
        let from_node = st.on_edge.map(|(_, n, _, _)| n).unwrap_or(st.node);
        let t = traveller(s, uid);
        let (route_m, eta_s, edges) = if spec.kind.is_aerial() {
            let target = s.grid.centre_m(place.cell.0, place.cell.1);
            let d = ((target.0 - st.pos_m.0).powi(2) + (target.1 - st.pos_m.1).powi(2)).sqrt();
            (d, d / (spec.speed_km_h / 3.6), VecDeque::new())
        } else {
            match roads.0.route(from_node, place.road_node, &t) {
                Some(r) => {
                    let edges = r
                        .edges
                        .iter()
                        .copied()
                        .zip(r.nodes[1..].iter().copied())
                        .collect();
                    (r.length_m, r.time_s, edges)
                }
                None => {
                    // it keeps its destination and task and sets off when a road reopens
                    st.status = UnitStatus::CutOff;
                    st.route.clear();
                    st.dest = Some(dest);
                    st.task = task;
                    st.task_since_s = None;
                    log.push(
                        clock.tick,
                        now,
                        EventKind::UnitCutOff {
                            unit: unit_id.clone(),
                            to: place.id.clone(),
                        },
                    );
                    continue;
                }
            }
        };
        st.route = edges;
        st.dest = Some(dest);
        st.task = task;
        st.task_since_s = None;
        st.status = if returning {
            UnitStatus::Returning
        } else {
            UnitStatus::EnRoute
        };
        log.push(
            clock.tick,
            now,
            EventKind::UnitDispatched {
                unit: unit_id.clone(),
                to: place.id.clone(),
                task: task
                    .map(|t| format!("{t:?}"))
                    .unwrap_or_else(|| "Return".into()),
                route_m: (route_m * 10.0).round() / 10.0,
                eta_s: eta_s.ceil() as u64,
            },
        );
    }
}

fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}

/// The whole simulation state at the end of a tick, for seeking and recordings.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Clock.
    pub clock: SimClock,
    /// Random streams.
    pub rng: SimRng,
    /// Inputs pending and applied.
    pub queue: InputQueue,
    /// Road section states.
    pub roads: Vec<crate::map::roads::EdgeState>,
    /// Messages and links.
    pub comms: Comms,
    /// Script position and weather.
    pub script: Script,
    /// Hazard models.
    pub hazards: HazardState,
    /// Command structure.
    pub command: CommandState,
    /// The event log (each event as its JSON line: the log's own form).
    #[serde(with = "events_as_json")]
    pub events: Vec<events::Event>,
    /// Units by index.
    pub units: Vec<(u32, UnitState)>,
}

/// Events use a flattened, tagged JSON form that binary formats cannot carry; in a
/// snapshot each is stored as its JSON line.
mod events_as_json {
    use super::events::Event;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(events: &[Event], s: S) -> Result<S::Ok, S::Error> {
        let lines: Result<Vec<String>, _> = events.iter().map(serde_json::to_string).collect();
        lines.map_err(serde::ser::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
        let lines = Vec::<String>::deserialize(d)?;
        lines
            .iter()
            .map(|l| serde_json::from_str(l).map_err(serde::de::Error::custom))
            .collect()
    }
}

impl Snapshot {
    /// Compact bytes: postcard, deflated.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let raw = postcard::to_stdvec(self).map_err(|e| format!("snapshot: {e}"))?;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, &raw).map_err(|e| format!("snapshot: {e}"))?;
        z.finish().map_err(|e| format!("snapshot: {e}"))
    }

    /// Read compact bytes back.
    pub fn from_bytes(bytes: &[u8]) -> Result<Snapshot, String> {
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::DeflateDecoder::new(bytes), &mut raw)
            .map_err(|e| format!("snapshot: {e}"))?;
        postcard::from_bytes(&raw).map_err(|e| format!("snapshot: {e}"))
    }
}

/// Seats named by a facilitator's `SetSeatMode` input.
fn switched_seats<'a>(
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

/// A running exercise: the bevy app plus convenience accessors.
pub struct Engine {
    app: App,
    recorder: Option<crate::record::Writer>,
    record_error: Option<String>,
    held_seats: Vec<String>,
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
            recorder: None,
            record_error: None,
            held_seats: Vec::new(),
        })
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

    /// Start recording to `path`: the header and every input known so far are written
    /// at once; later inputs, checksums and the end as they happen.
    pub fn record_to(
        &mut self,
        path: &std::path::Path,
        checksum_every: u64,
        snapshot_every: u64,
    ) -> Result<(), String> {
        let header = self.header(checksum_every, snapshot_every, None);
        let w = crate::record::Writer::create(path, &header)?;
        self.start_recorder(w)
    }

    /// Start the recording of an official competition session: like
    /// [`Engine::record_to`], with `session` in the header, the wall-clock pace after
    /// every checksum and every input pushed, and, when the exercise ends, a signature
    /// frame (HMAC-SHA256 with `key` over every byte before it). A session that stops
    /// before the end leaves an unsigned file, which a judge refuses.
    pub fn record_official(
        &mut self,
        path: &std::path::Path,
        session: crate::record::Session,
        key: &crate::record::sign::Key,
    ) -> Result<(), String> {
        if session.key_id != key.id() {
            return Err("the session names another key than the one given".into());
        }
        let header = self.header(
            crate::record::DEFAULT_CHECKSUM_EVERY,
            crate::record::DEFAULT_SNAPSHOT_EVERY,
            Some(session),
        );
        let w = crate::record::Writer::create_signed(path, &header, key)?;
        self.start_recorder(w)?;
        let tick = self.clock().tick;
        self.record(|w| w.pace(tick));
        self.record_error.take().map_or(Ok(()), Err)
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

    fn header(
        &self,
        checksum_every: u64,
        snapshot_every: u64,
        session: Option<crate::record::Session>,
    ) -> crate::record::Header {
        let world = self.app.world();
        let s = &world.resource::<ScenarioRes>().0;
        crate::record::Header {
            format_version: crate::record::FORMAT_VERSION,
            engine_version: env!("CARGO_PKG_VERSION").into(),
            scenario_name: s.meta.name.clone(),
            scenario_path: s.source.path.clone(),
            scenario_hash: s.source.hash.clone(),
            layers_hash: crate::record::layers_hash(s),
            scenario_text: s.source.text.to_string(),
            seed: world.resource::<Seed>().0,
            checksum_every,
            snapshot_every,
            held_seats: self.held_seats.clone(),
            session,
        }
    }

    fn start_recorder(&mut self, mut w: crate::record::Writer) -> Result<(), String> {
        let q = self.app.world().resource::<InputQueue>();
        for (_, i) in &q.applied {
            w.input(i)?;
        }
        for i in &q.pending {
            w.input(i)?;
        }
        self.recorder = Some(w);
        Ok(())
    }

    /// The first error met while writing the recording, if any (the run goes on; the
    /// recording stops there).
    pub fn record_error(&self) -> Option<&str> {
        self.record_error.as_deref()
    }

    fn record(&mut self, f: impl FnOnce(&mut crate::record::Writer) -> Result<(), String>) {
        if let Some(w) = self.recorder.as_mut()
            && let Err(e) = f(w)
        {
            self.record_error = Some(e);
            self.recorder = None;
        }
    }

    /// Run one tick.
    pub fn step(&mut self) {
        if self.finished() {
            return;
        }
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
                crate::hazard::engine::outcome(s, hz, &log.events, end_s)
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
        // checksums are taken after the tick is complete, the final events included
        if self
            .recorder
            .as_ref()
            .is_some_and(|w| ran.is_multiple_of(w.checksum_every))
        {
            let checksum = self.checksum();
            let tick = self.clock().tick;
            self.record(|w| {
                w.checksum(&crate::record::Checksum {
                    tick: ran,
                    checksum,
                })?;
                w.pace(tick)
            });
        }
        if self.recorder.as_ref().is_some_and(|w| {
            w.snapshot_every > 0 && ran > 0 && ran.is_multiple_of(w.snapshot_every)
        }) {
            match self.snapshot().to_bytes() {
                Ok(bytes) => self.record(|w| w.snapshot(ran, &bytes)),
                Err(e) => self.record_error = Some(e),
            }
        }
        if self.finished() && self.recorder.is_some() {
            let end = self.end_frame();
            let tick = self.clock().tick;
            self.record(|w| {
                w.end(&end)?;
                if w.is_signed() {
                    w.pace(tick)?;
                }
                w.sign()
            });
        }
    }

    /// The end frame for the state now.
    pub fn end_frame(&mut self) -> crate::record::End {
        let checksum = self.checksum();
        let log = self.app.world().resource::<EventLog>();
        crate::record::End {
            tick: self.clock().tick.saturating_sub(1),
            events: log.events.len() as u64,
            event_digest: log.digest_hex(),
            checksum,
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
    /// seats over with [`Order::SetSeatMode`] instead, which takes effect at its time in
    /// both the live run and its replay.
    pub fn push_input(&mut self, input: Input) {
        let tick = self.clock().tick;
        self.record(|w| {
            w.input(&input)?;
            w.pace(tick)
        });
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
        let w = self.app.world_mut();
        if w.resource::<Roads>().0.state.len() != snap.roads.len() {
            return Err("the snapshot belongs to another scenario (road network differs)".into());
        }
        let mut q = w.query::<(&Unit, &mut UnitState)>();
        let n = q.iter(w).count();
        if n != snap.units.len() {
            return Err("the snapshot belongs to another scenario (units differ)".into());
        }
        let by_id: std::collections::BTreeMap<u32, UnitState> = snap.units.into_iter().collect();
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
    crate::hazard::engine::hash_hazards(world.resource::<HazardState>(), &mut h);
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
    crate::scenario::validate::hex(&h.finalize())
}
