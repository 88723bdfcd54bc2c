//! The command structure at work: call-and-respond warnings, acknowledgements,
//! response levels, evacuation and shelter-in-place — and the contingency plan, which
//! plays every seat that no person (or orders file) holds.
//!
//! Invariants: whatever waits for a seat's acknowledgement is kept in arrival order;
//! a seat the plan plays acknowledges after a decision delay drawn from its own
//! triangular distribution on the `doctrine` random stream; plan rules fire at most
//! once, and their orders enter the input queue like a player's (after the delay), so
//! they follow the same authority checks and message paths.

use std::collections::{BTreeMap, BTreeSet};

use bevy::prelude::*;
use rand::Rng;

use super::comms::{Comms, Payload};
use super::events::{EventKind, EventLog};
use super::units::{Unit, UnitState, UnitStatus};
use super::{InputQueue, ScenarioRes, SimClock, SimRng};
use crate::order::{Input, Order, ResponseLevel, WarningLevel};
use crate::scenario::raw::{GaugeLevel, RawTrigger};
use crate::scenario::{MemberId, MemberKind, PlaceId, Scenario};
use crate::sim::hazards::HazardState;
use crate::time::Dur;

/// People leaving a place on their own each minute once evacuation starts (village
/// cadres going door to door, private vehicles): an exercise assumption, stated so.
pub const EVAC_SELF_PEOPLE_PER_MIN: f64 = 10.0;
/// Extra people per minute for each transport unit working at the place (a 50-seat
/// bus on a 20-minute round trip).
pub const EVAC_TRANSPORT_PEOPLE_PER_MIN: f64 = 2.5;
/// People a rescue boat team brings out of a flooded place per minute (about 20 people
/// per 15-minute trip).
pub const RESCUE_PEOPLE_PER_MIN: f64 = 1.3;
/// Casualties an ambulance crew treats and evacuates per minute on scene.
pub const TREAT_PEOPLE_PER_MIN: f64 = 0.5;
/// Share of people protected by sheltering in place from a short toxic release
/// (indoor/outdoor concentration ratio about 0.1 for the first hour).
pub const SHELTER_PROTECTION: f64 = 0.9;

/// What waits for a seat's acknowledgement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PendingKind {
    /// An inject delivered to the seat.
    Inject(String),
    /// A warning for a place the seat covers.
    Warning {
        /// Place.
        place: PlaceId,
        /// Level.
        level: WarningLevel,
    },
    /// An evacuation order for a place the seat covers.
    Evacuate {
        /// Place.
        place: PlaceId,
        /// Shelter.
        to: PlaceId,
    },
}

/// One item awaiting acknowledgement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pending {
    /// Number, unique in the run.
    pub id: u64,
    /// Second it arrived.
    pub received_s: u64,
    /// What.
    pub kind: PendingKind,
    /// Who to send the acknowledgement back to, and the message acknowledged.
    pub reply: Option<(MemberId, u64)>,
}

/// An evacuation under way.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evacuation {
    /// Shelter.
    pub to: PlaceId,
    /// People still to leave.
    pub remaining: f64,
    /// People at the start.
    pub people: u32,
}

/// State of the command structure.
#[derive(Resource, Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CommandState {
    /// Response level in force.
    pub level: Option<ResponseLevel>,
    /// Seats held by people or orders files (the plan plays the rest).
    pub held: BTreeSet<MemberId>,
    /// Items awaiting acknowledgement, per seat, in arrival order.
    pub pending: BTreeMap<MemberId, Vec<Pending>>,
    /// Plan acknowledgements due: (second, pending id) → seat.
    pub ack_due: BTreeMap<(u64, u64), MemberId>,
    /// Next pending id.
    pub next_pending: u64,
    /// People present at each place.
    pub present: Vec<f64>,
    /// Evacuations under way, by place index.
    pub evacuations: BTreeMap<u32, Evacuation>,
    /// Places whose people shelter in place.
    pub sheltered: BTreeSet<u32>,
    /// Warning level of each warned place.
    pub warned: BTreeMap<u32, WarningLevel>,
    /// Plan rules already fired.
    pub fired: BTreeSet<usize>,
    /// Injects received per seat (for plan triggers).
    pub injects_received: BTreeSet<(MemberId, String)>,
    /// Mutual-aid units requested: (second available, unit index).
    pub aid_due: BTreeSet<(u64, u32)>,
    /// Mutual-aid units already requested.
    pub aid_requested: BTreeSet<u32>,
    /// People cut off by water waiting for rescue, per place: (left, total).
    pub stranded: BTreeMap<u32, (f64, u32)>,
    /// Casualties waiting for treatment, per place.
    pub casualties: BTreeMap<u32, (f64, u32)>,
    /// Players' `Acknowledge` orders given before their item arrived in the same tick,
    /// in order: tried again after this tick's injects and messages.
    #[serde(default)]
    pub deferred_acks: Vec<(MemberId, String)>,
}

impl CommandState {
    /// Start state for a scenario with the given held seats.
    pub fn new(s: &Scenario, held: BTreeSet<MemberId>) -> Self {
        CommandState {
            held,
            present: s.places.iter().map(|p| p.population as f64).collect(),
            ..Default::default()
        }
    }

    /// People at a place now, whole.
    pub fn people_at(&self, place: u32) -> u32 {
        self.present
            .get(place as usize)
            .map(|p| p.ceil() as u32)
            .unwrap_or(0)
    }
}

/// Draw a decision delay (s) for a seat from its triangular distribution.
pub fn decision_delay(s: &Scenario, rng: &mut SimRng, seat: MemberId) -> u64 {
    let (min, mode, max) = s.plan.delay(seat);
    if max <= min {
        return min;
    }
    let (a, b, c) = (min as f64, max as f64, mode as f64);
    let u: f64 = rng.doctrine.random();
    let f = (c - a) / (b - a);
    let x = if u < f {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    };
    x.round() as u64
}

fn mid(s: &Scenario, m: MemberId) -> String {
    s.org.member(m).id.clone()
}

fn responsible(s: &Scenario, m: MemberId) -> Option<String> {
    match &s.org.member(m).kind {
        MemberKind::Command { responsible, .. } => responsible.clone(),
        _ => None,
    }
}

/// The log's name for a pending item.
pub fn label(s: &Scenario, kind: &PendingKind) -> String {
    match kind {
        PendingKind::Inject(i) => i.clone(),
        PendingKind::Warning { place, .. } => format!("warning:{}", s.places[place.0 as usize].id),
        PendingKind::Evacuate { place, .. } => {
            format!("evacuate:{}", s.places[place.0 as usize].id)
        }
    }
}

/// Add an item to a seat's queue; the plan schedules its acknowledgement when it
/// plays the seat.
#[allow(clippy::too_many_arguments)] // the acknowledgement needs each of them
pub fn add_pending(
    s: &Scenario,
    cmd: &mut CommandState,
    rng: &mut SimRng,
    log: &mut EventLog,
    tick: u64,
    seat: MemberId,
    now: u64,
    kind: PendingKind,
    reply: Option<(MemberId, u64)>,
) {
    log.push(
        tick,
        now,
        EventKind::AwaitingAck {
            seat: mid(s, seat),
            item: label(s, &kind),
        },
    );
    let id = cmd.next_pending;
    cmd.next_pending += 1;
    if let PendingKind::Inject(i) = &kind {
        cmd.injects_received.insert((seat, i.clone()));
    }
    cmd.pending.entry(seat).or_default().push(Pending {
        id,
        received_s: now,
        kind,
        reply,
    });
    if !cmd.held.contains(&seat) {
        let delay = decision_delay(s, rng, seat);
        cmd.ack_due.insert((now + delay, id), seat);
    }
}

/// What a message leaves waiting at its recipient, with the seat that issued it.
pub fn pending_of(payload: &Payload) -> Option<(MemberId, PendingKind)> {
    match payload {
        Payload::Warning { seat, place, level } => Some((
            *seat,
            PendingKind::Warning {
                place: *place,
                level: *level,
            },
        )),
        Payload::Evacuate { seat, place, to } => Some((
            *seat,
            PendingKind::Evacuate {
                place: *place,
                to: *to,
            },
        )),
        _ => None,
    }
}

/// The message that carries a pending item to the post that must acknowledge it.
fn payload_of(seat: MemberId, kind: &PendingKind) -> Option<Payload> {
    match kind {
        PendingKind::Warning { place, level } => Some(Payload::Warning {
            seat,
            place: *place,
            level: *level,
        }),
        PendingKind::Evacuate { place, to } => Some(Payload::Evacuate {
            seat,
            place: *place,
            to: *to,
        }),
        PendingKind::Inject(_) => None,
    }
}

/// Give `post` an item to acknowledge: at once when the seat is the post itself,
/// otherwise as a message over the links.
#[allow(clippy::too_many_arguments)] // the delivery touches each of them
fn deliver(
    s: &Scenario,
    cmd: &mut CommandState,
    comms: &mut Comms,
    rng: &mut SimRng,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    seat: MemberId,
    post: MemberId,
    kind: PendingKind,
) {
    if post == seat {
        add_pending(s, cmd, rng, log, tick, seat, now, kind, None);
    } else if let Some(payload) = payload_of(seat, &kind) {
        super::messages::send(s, comms, log, tick, now, seat, post, payload);
    }
}

/// Acknowledge pending item `id` at `seat` now.
#[allow(clippy::too_many_arguments)] // the acknowledgement touches each of them
pub fn acknowledge(
    s: &Scenario,
    cmd: &mut CommandState,
    comms: &mut Comms,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    seat: MemberId,
    id: u64,
    source: &str,
) {
    let Some(list) = cmd.pending.get_mut(&seat) else {
        return;
    };
    let Some(pos) = list.iter().position(|p| p.id == id) else {
        return;
    };
    let item = list.remove(pos);
    log.push(
        tick,
        now,
        EventKind::Acknowledged {
            seat: mid(s, seat),
            item: label(s, &item.kind),
            by: responsible(s, seat),
            after_s: now - item.received_s,
            source: source.into(),
        },
    );
    match item.kind {
        PendingKind::Warning { place, level } => {
            let prev = cmd.warned.get(&place.0).copied();
            if prev.is_none_or(|p| level > p) {
                cmd.warned.insert(place.0, level);
                log.push(
                    tick,
                    now,
                    EventKind::PlaceWarned {
                        place: s.places[place.0 as usize].id.clone(),
                        level: format!("{level:?}"),
                        by: mid(s, seat),
                    },
                );
            }
        }
        PendingKind::Evacuate { place, to } => {
            if !cmd.evacuations.contains_key(&place.0) {
                let people = cmd.people_at(place.0);
                cmd.evacuations.insert(
                    place.0,
                    Evacuation {
                        to,
                        remaining: people as f64,
                        people,
                    },
                );
                log.push(
                    tick,
                    now,
                    EventKind::EvacuationStarted {
                        place: s.places[place.0 as usize].id.clone(),
                        to: s.places[to.0 as usize].id.clone(),
                        people,
                    },
                );
            }
        }
        PendingKind::Inject(_) => {}
    }
    if let Some((back_to, msg)) = item.reply
        && back_to != seat
    {
        super::messages::send(
            s,
            comms,
            log,
            tick,
            now,
            seat,
            back_to,
            Payload::Ack { of: msg },
        );
    }
}

/// Carry out a command order (warning, level, evacuation, shelter, road, acknowledge).
/// Returns false when the order is not one of these.
#[allow(clippy::too_many_arguments)] // an order can touch each of them
pub fn apply_command_order(
    s: &Scenario,
    cmd: &mut CommandState,
    comms: &mut Comms,
    rng: &mut SimRng,
    roads: &mut crate::map::RoadNetwork,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    seat: MemberId,
    order: &Order,
) -> bool {
    match order {
        Order::Warn { places, level, .. } => {
            for p in places {
                let (Some(pid), Some(post)) =
                    (s.place(p), s.place(p).and_then(|x| s.covering_post(x)))
                else {
                    continue;
                };
                log.push(
                    tick,
                    now,
                    EventKind::WarningIssued {
                        seat: mid(s, seat),
                        place: p.clone(),
                        level: format!("{level:?}"),
                        post: mid(s, post),
                    },
                );
                deliver(
                    s,
                    cmd,
                    comms,
                    rng,
                    log,
                    tick,
                    now,
                    seat,
                    post,
                    PendingKind::Warning {
                        place: pid,
                        level: *level,
                    },
                );
            }
        }
        Order::SetLevel { level } => {
            if cmd.level != Some(*level) {
                cmd.level = Some(*level);
                log.push(
                    tick,
                    now,
                    EventKind::ResponseLevelChanged {
                        level: format!("{level:?}"),
                        seat: mid(s, seat),
                    },
                );
            }
        }
        Order::Evacuate { place, to } => {
            let (Some(pid), Some(sh)) = (s.place(place), s.place(to)) else {
                return true;
            };
            if let Some(post) = s.covering_post(pid) {
                deliver(
                    s,
                    cmd,
                    comms,
                    rng,
                    log,
                    tick,
                    now,
                    seat,
                    post,
                    PendingKind::Evacuate { place: pid, to: sh },
                );
            }
        }
        Order::ShelterInPlace { place } => {
            if let Some(pid) = s.place(place)
                && cmd.sheltered.insert(pid.0)
            {
                log.push(
                    tick,
                    now,
                    EventKind::ShelterInPlace {
                        place: place.clone(),
                        seat: mid(s, seat),
                    },
                );
            }
        }
        Order::CloseRoad { a, b } => {
            if let Some(e) = s.road_edge(a, b)
                && !roads.state[e as usize].closed_by_order
            {
                roads.state[e as usize].closed_by_order = true;
                log.push(
                    tick,
                    now,
                    EventKind::RoadClosed {
                        a: a.clone(),
                        b: b.clone(),
                        reason: format!("closed by order of {}", mid(s, seat)),
                    },
                );
            }
        }
        Order::RequestMutualAid { units } => {
            for u in units {
                let Some(MemberKind::Unit(uid)) =
                    s.org.find(u).map(|m| s.org.member(m).kind.clone())
                else {
                    continue;
                };
                let Some(delay) = s.org.units[uid.0 as usize].mutual_aid_s else {
                    continue;
                };
                if cmd.aid_requested.insert(uid.0) {
                    cmd.aid_due.insert((now + delay, uid.0));
                    log.push(
                        tick,
                        now,
                        EventKind::MutualAidRequested {
                            seat: mid(s, seat),
                            unit: u.clone(),
                            eta_s: now + delay,
                        },
                    );
                }
            }
        }
        Order::Acknowledge { item } => {
            if matching_pending(cmd, seat, item).is_empty() {
                // the item may arrive later in this tick (messages and injects are
                // handled after inputs): try again once they are in
                cmd.deferred_acks.push((seat, item.clone()));
                return true;
            }
            acknowledge_order(s, cmd, comms, log, tick, now, seat, item);
        }
        _ => return false,
    }
    true
}

/// Pending items at `seat` that an `Acknowledge { item }` takes.
fn matching_pending(cmd: &CommandState, seat: MemberId, item: &str) -> Vec<u64> {
    let ids: Vec<u64> = cmd
        .pending
        .get(&seat)
        .map(|l| {
            l.iter()
                .filter(|p| match (&p.kind, item) {
                    (_, "all") => true,
                    (PendingKind::Warning { .. }, "warning") => true,
                    (PendingKind::Evacuate { .. }, "evacuate") => true,
                    (PendingKind::Inject(i), x) => i == x,
                    _ => false,
                })
                .map(|p| p.id)
                .collect()
        })
        .unwrap_or_default();
    // "warning" and "evacuate" take the oldest; an inject id or "all" every match
    if matches!(item, "warning" | "evacuate") {
        ids.into_iter().take(1).collect::<Vec<_>>()
    } else {
        ids
    }
}

/// Carry out an `Acknowledge { item }` at `seat` now, or refuse it when nothing
/// matching is waiting.
#[allow(clippy::too_many_arguments)] // the acknowledgement touches each of them
fn acknowledge_order(
    s: &Scenario,
    cmd: &mut CommandState,
    comms: &mut Comms,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    seat: MemberId,
    item: &str,
) {
    let take = matching_pending(cmd, seat, item);
    if take.is_empty() {
        log.push(
            tick,
            now,
            EventKind::OrderRefused {
                seat: mid(s, seat),
                reason: format!("nothing `{item}` is waiting to be acknowledged"),
            },
        );
    }
    for id in take {
        acknowledge(s, cmd, comms, log, tick, now, seat, id, "player");
    }
}

/// Once per tick, after messages: plan acknowledgements that are due, evacuation
/// progress, and plan rules whose trigger is met.
#[allow(clippy::too_many_arguments)] // one system, many resources
pub fn command_tick(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    hz: Res<HazardState>,
    mut cmd: ResMut<CommandState>,
    mut comms: ResMut<Comms>,
    mut rng: ResMut<SimRng>,
    mut queue: ResMut<InputQueue>,
    mut log: ResMut<EventLog>,
    mut units: Query<(&Unit, &mut UnitState)>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    let tick = clock.tick;
    let cmd = &mut *cmd;
    // players' acknowledgements of items that arrived in this tick after the order
    for (seat, item) in std::mem::take(&mut cmd.deferred_acks) {
        acknowledge_order(s, cmd, &mut comms, &mut log, tick, now, seat, &item);
    }
    // plan acknowledgements
    while let Some(entry) = cmd.ack_due.first_entry() {
        if entry.key().0 > now {
            break;
        }
        let ((_, id), seat) = entry.remove_entry();
        acknowledge(s, cmd, &mut comms, &mut log, tick, now, seat, id, "plan");
    }
    // mutual aid arriving
    while let Some(&(t, u)) = cmd.aid_due.first() {
        if t > now {
            break;
        }
        cmd.aid_due.pop_first();
        if let Some((_, mut st)) = units.iter_mut().find(|(x, _)| x.0.0 == u) {
            st.status = UnitStatus::Available;
        }
        log.push(
            tick,
            now,
            EventKind::MutualAidArrived {
                unit: s.org.member(s.org.units[u as usize].member).id.clone(),
            },
        );
    }
    // people the hazard reached this tick need rescue (flood) or treatment
    let fresh: Vec<(u32, u32, String)> = log
        .events
        .iter()
        .rev()
        .take_while(|e| e.tick == tick)
        .filter_map(|e| match &e.kind {
            EventKind::PeopleExposed {
                place,
                people,
                hazard,
            } => s.place(place).map(|p| (p.0, *people, hazard.clone())),
            _ => None,
        })
        .collect();
    for (place, people, hazard) in fresh {
        let c = if hazard == "flood" {
            cmd.stranded.entry(place).or_default()
        } else {
            cmd.casualties.entry(place).or_default()
        };
        c.0 += people as f64;
        c.1 += people;
    }
    // rescue, treatment and evacuation: each works a place's people down at a rate
    // per unit on scene with that task
    if clock.tick > 0 {
        let dt_min = clock.tick_s as f64 / 60.0;
        let mut at_work: BTreeMap<(u32, crate::order::Task), usize> = BTreeMap::new();
        for (_, st) in units.iter() {
            if st.status == UnitStatus::OnScene
                && let (Some(task), Some(d)) = (st.task, st.dest)
            {
                *at_work.entry((d.0, task)).or_default() += 1;
            }
        }
        let count = |place: u32, task| at_work.get(&(place, task)).copied().unwrap_or(0) as f64;
        let mut rescued = Vec::new();
        for (&place, (left, total)) in cmd.stranded.iter_mut() {
            let boats = count(place, crate::order::Task::Rescue);
            if *left > 0.0 && boats > 0.0 {
                let before = *left;
                *left = worked_down(*left, RESCUE_PEOPLE_PER_MIN * boats, dt_min);
                let p = &mut cmd.present[place as usize];
                *p = (*p - (before - *left)).max(0.0);
                // people brought out by boat are no longer waiting to evacuate
                if let Some(ev) = cmd.evacuations.get_mut(&place) {
                    ev.remaining = (ev.remaining - (before - *left)).max(0.0);
                }
                if *left <= 0.0 {
                    rescued.push((place, *total));
                }
            }
        }
        let mut treated = Vec::new();
        for (&place, (left, total)) in cmd.casualties.iter_mut() {
            let crews = count(place, crate::order::Task::TreatCasualties);
            if *left > 0.0 && crews > 0.0 {
                *left = worked_down(*left, TREAT_PEOPLE_PER_MIN * crews, dt_min);
                if *left <= 0.0 {
                    treated.push((place, *total));
                }
            }
        }
        let mut evacuated = Vec::new();
        for (&place, ev) in cmd.evacuations.iter_mut() {
            if ev.remaining <= 0.0 {
                continue;
            }
            let buses = count(place, crate::order::Task::Transport);
            let rate = EVAC_SELF_PEOPLE_PER_MIN + EVAC_TRANSPORT_PEOPLE_PER_MIN * buses;
            ev.remaining = worked_down(ev.remaining, rate, dt_min);
            if ev.remaining <= 0.0 {
                evacuated.push((place, ev.people));
            }
        }
        let id = |place: u32| s.places[place as usize].id.clone();
        for (place, people) in rescued {
            let place = id(place);
            log.push(tick, now, EventKind::RescueDone { place, people });
        }
        for (place, people) in treated {
            let place = id(place);
            log.push(tick, now, EventKind::CasualtiesTreated { place, people });
        }
        for (place, people) in evacuated {
            let place = id(place);
            log.push(tick, now, EventKind::EvacuationDone { place, people });
        }
        for (&place, ev) in &cmd.evacuations {
            cmd.present[place as usize] = ev.remaining;
        }
    }
    // plan rules
    for (i, rule) in s.plan.rules.iter().enumerate() {
        let seat = s.plan.rule_seats[i];
        if cmd.fired.contains(&i) || cmd.held.contains(&seat) {
            continue;
        }
        if !trigger_met(s, cmd, &hz, seat, now, &rule.when) {
            continue;
        }
        cmd.fired.insert(i);
        let delay = decision_delay(s, &mut rng, seat);
        log.push(
            tick,
            now,
            EventKind::PlanRuleFired {
                rule: rule.id.clone(),
                seat: mid(s, seat),
                delay_s: delay,
            },
        );
        let at = now + delay;
        for order in &rule.then {
            let input = Input {
                at: Dur(at),
                seat: rule.seat.clone(),
                order: order.clone(),
            };
            let pos = queue
                .pending
                .iter()
                .position(|x| x.at.0 > at)
                .unwrap_or(queue.pending.len());
            queue.pending.insert(pos, input);
        }
    }
}

fn trigger_met(
    s: &Scenario,
    cmd: &CommandState,
    hz: &HazardState,
    seat: MemberId,
    now: u64,
    t: &RawTrigger,
) -> bool {
    match t {
        RawTrigger::At(d) => now >= d.0,
        RawTrigger::InjectReceived(id) => cmd.injects_received.contains(&(seat, id.clone())),
        RawTrigger::GaugeAbove { gauge, level } => s.place(gauge).is_some_and(|g| {
            let need = match level {
                GaugeLevel::Warning => 1,
                GaugeLevel::Danger => 2,
            };
            hz.gauge_level.get(&g.0).copied().unwrap_or(0) >= need
        }),
        RawTrigger::LevelAtLeast(l) => cmd.level.is_some_and(|c| c >= *l),
        RawTrigger::PlaceReached(p) => s
            .place(p)
            .is_some_and(|pid| hz.reached.iter().any(|(q, _)| *q == pid.0)),
        RawTrigger::ConcentrationAbove { place, ppm } => s.place(place).is_some_and(|pid| {
            let p = &s.places[pid.0 as usize];
            hz.leak
                .as_ref()
                .is_some_and(|l| l.ppm(s.grid.index(p.cell.0, p.cell.1)) >= *ppm)
        }),
        RawTrigger::HazardWithin { place, distance_m } => s.place(place).is_some_and(|pid| {
            let p = &s.places[pid.0 as usize];
            let burnt = |cell: usize| {
                hz.fire
                    .as_ref()
                    .is_some_and(|f| f.arrival_s(cell).is_some_and(|a| a <= now as f64))
            };
            let flooded = |cell: usize| {
                hz.flood.as_ref().is_some_and(|f| {
                    f.depth(cell).unwrap_or(0.0) >= crate::sim::effects::PLACE_FLOOD_DEPTH_M
                        && s.land_cover[cell] != crate::map::layers::WATER_LAND_COVER
                })
            };
            (hz.fire.is_some() || hz.flood.is_some())
                && any_cell_within(
                    (p.cell.0, p.cell.1),
                    (s.grid.width, s.grid.height),
                    s.grid.cell_m,
                    *distance_m,
                    |c, r| {
                        let cell = s.grid.index(c, r);
                        burnt(cell) || flooded(cell)
                    },
                )
        }),
    }
}

/// Whether `hit(col, row)` holds for a cell of the `width` × `height` grid (cells of
/// `cell_m` m) whose centre is within `distance_m` m of the centre of cell `(c0, r0)`.
/// Each row of the disc is a run of columns |dc| ≤ half, found once per row (the test
/// is monotone in |dc|) rather than by testing every cell of the bounding square: a
/// plan's `HazardWithin` trigger is evaluated every tick.
fn any_cell_within(
    (c0, r0): (u32, u32),
    (width, height): (u32, u32),
    cell_m: f64,
    distance_m: f64,
    mut hit: impl FnMut(u32, u32) -> bool,
) -> bool {
    let r = (distance_m / cell_m).ceil() as i64;
    let (c0, r0, w, h) = (c0 as i64, r0 as i64, width as i64, height as i64);
    let inside = |dc: i64, dr: i64| ((dc * dc + dr * dr) as f64).sqrt() * cell_m <= distance_m;
    let mut half = r;
    for dr in 0..=r {
        while half >= 0 && !inside(half, dr) {
            half -= 1;
        }
        if half < 0 {
            break;
        }
        let rows = if dr == 0 { 1 } else { 2 };
        for rr in [r0 - dr, r0 + dr].into_iter().take(rows) {
            if rr < 0 || rr >= h {
                continue;
            }
            for c in (c0 - half).max(0)..=(c0 + half).min(w - 1) {
                if hit(c as u32, rr as u32) {
                    return true;
                }
            }
        }
    }
    false
}

/// People still to move after `dt_min` minutes of work at `rate_per_min` people a
/// minute (the rate already multiplied by the units on scene); never below zero.
fn worked_down(left: f64, rate_per_min: f64, dt_min: f64) -> f64 {
    (left - rate_per_min * dt_min).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::any_cell_within;

    /// The cells the disc visits are those of the bounding square within the distance
    /// (centre to centre), clipped to the grid, each once, for discs in the middle, at
    /// the edges and corners, smaller than a cell and larger than the grid.
    #[test]
    fn disc_visits_exactly_the_cells_within_the_distance() {
        for &(w, h) in &[(1u32, 1u32), (7, 5), (40, 30)] {
            for &cell_m in &[1.0, 20.0, 30.0] {
                for &distance_m in &[0.0, 0.5, 19.9, 20.0, 45.0, 100.0, 333.3, 1_200.0] {
                    for &(c0, r0) in &[(0u32, 0u32), (w / 2, h / 2), (w - 1, h - 1), (w - 1, 0)] {
                        let mut got = Vec::new();
                        let hit = any_cell_within((c0, r0), (w, h), cell_m, distance_m, |c, r| {
                            got.push((c, r));
                            false
                        });
                        assert!(!hit);
                        let mut want = Vec::new();
                        let r = (distance_m / cell_m).ceil() as i64;
                        for dr in -r..=r {
                            for dc in -r..=r {
                                let (c, rr) = (c0 as i64 + dc, r0 as i64 + dr);
                                let on_grid = c >= 0 && rr >= 0 && c < w as i64 && rr < h as i64;
                                let d = ((dc * dc + dr * dr) as f64).sqrt() * cell_m;
                                if on_grid && d <= distance_m {
                                    want.push((c as u32, rr as u32));
                                }
                            }
                        }
                        let n = got.len();
                        got.sort_unstable();
                        got.dedup();
                        assert_eq!(got.len(), n, "a cell visited twice");
                        want.sort_unstable();
                        assert_eq!(
                            got, want,
                            "{w}x{h} cell {cell_m} d {distance_m} at ({c0},{r0})"
                        );
                    }
                }
            }
        }
        // stops at the first hit
        let mut seen = 0;
        assert!(any_cell_within((5, 5), (10, 10), 10.0, 50.0, |_, _| {
            seen += 1;
            true
        }));
        assert_eq!(seen, 1);
    }
}
