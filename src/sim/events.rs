//! The event log: everything that happens in a run, in order, with its tick.
//!
//! The log is the product's record of truth: scoring is a pure function of it and the
//! scenario, and replays must reproduce it exactly. Events name things by their
//! scenario ids (strings), so a log can be read without the scenario at hand.

use bevy::prelude::Resource;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Tick at which it happened.
    pub tick: u64,
    /// Seconds from the start.
    pub t_s: u64,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Kinds of event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// The exercise started.
    ExerciseStarted {
        /// Scenario name.
        scenario: String,
        /// Seed.
        seed: u64,
    },
    /// An MSEL inject reached its recipient.
    InjectDelivered {
        /// Inject id.
        inject: String,
        /// Recipient.
        to: String,
        /// Sender as written in the MSEL.
        from: String,
        /// Text.
        text: String,
    },
    /// A message left its sender.
    MessageSent {
        /// Message number.
        msg: u64,
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Short description.
        what: String,
    },
    /// A message reached its recipient.
    MessageReceived {
        /// Message number.
        msg: u64,
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Short description.
        what: String,
        /// Seconds in transit.
        transit_s: u64,
        /// Members the message passed, with the second it reached each (sender first).
        hops: Vec<(String, u64)>,
    },
    /// A message could not go on: every path is cut.
    MessageUndeliverable {
        /// Message number.
        msg: u64,
        /// Where it is stuck.
        at: String,
        /// Intended recipient.
        to: String,
    },
    /// An order was refused.
    OrderRefused {
        /// Seat that gave it.
        seat: String,
        /// Why.
        reason: String,
    },
    /// A unit set off.
    UnitDispatched {
        /// Unit.
        unit: String,
        /// Destination place.
        to: String,
        /// Task.
        task: String,
        /// Route length, m.
        route_m: f64,
        /// Expected travel time, s.
        eta_s: u64,
    },
    /// A unit reached its destination.
    UnitArrived {
        /// Unit.
        unit: String,
        /// Place.
        place: String,
    },
    /// A unit could not find a usable route.
    UnitCutOff {
        /// Unit.
        unit: String,
        /// Destination.
        to: String,
    },
    /// A unit's route was blocked and replanned, or a cut-off unit found a route
    /// again (it retries every tick).
    UnitRerouted {
        /// Unit.
        unit: String,
        /// New route length, m.
        route_m: f64,
    },
    /// A communication link failed.
    LinkFailed {
        /// One end.
        a: String,
        /// Other end.
        b: String,
    },
    /// A communication link works again.
    LinkRestored {
        /// One end.
        a: String,
        /// Other end.
        b: String,
    },
    /// The wind changed.
    WeatherChanged {
        /// Wind speed, m/s.
        wind_m_s: f64,
        /// Direction it blows from, degrees.
        wind_from_deg: f64,
    },
    /// A hazard began (ignition, first inflow, release).
    HazardStarted {
        /// `forest_fire`, `flood` or `chemical_leak`.
        hazard: String,
        /// Where or what.
        detail: String,
    },
    /// A firebrand started a spot fire ahead of the front.
    SpotFire {
        /// Cell of the spot fire `(column, row)`.
        cell: (u32, u32),
        /// Cell of the fire that lofted the firebrand.
        from: (u32, u32),
        /// Distance the firebrand flew, m.
        distance_m: f64,
    },
    /// The fire went into the canopy for the first time in the run: `torching` (passive
    /// crown fire) or `crowning` (active crown fire).
    CrownFire {
        /// First cell burning this way `(column, row)`.
        cell: (u32, u32),
        /// `torching` or `crowning`.
        fire_type: String,
    },
    /// A levee breach opened.
    BreachOpened {
        /// Breach name.
        name: String,
    },
    /// A river gauge crossed a level.
    GaugeThreshold {
        /// Gauge place.
        gauge: String,
        /// `warning` or `danger`.
        level: String,
        /// Water surface elevation, m.
        water_level_m: f64,
    },
    /// The hazard reached a place.
    PlaceReached {
        /// Place.
        place: String,
        /// Hazard.
        hazard: String,
        /// What reached it (depth, threat level…).
        detail: String,
    },
    /// People still at a place when the hazard reached it.
    PeopleExposed {
        /// Place.
        place: String,
        /// How many.
        people: u32,
        /// Hazard.
        hazard: String,
    },
    /// A road section became impassable for ordinary vehicles.
    RoadClosed {
        /// One end (road node id).
        a: String,
        /// Other end.
        b: String,
        /// Why.
        reason: String,
    },
    /// A road section is passable again.
    RoadReopened {
        /// One end.
        a: String,
        /// Other end.
        b: String,
    },
    /// A unit on scene started its task.
    TaskStarted {
        /// Unit.
        unit: String,
        /// Task.
        task: String,
        /// Place.
        place: String,
    },
    /// A unit finished its task.
    TaskDone {
        /// Unit.
        unit: String,
        /// Task.
        task: String,
        /// Place.
        place: String,
        /// What was achieved.
        detail: String,
    },
    /// The leak was contained.
    LeakContained {
        /// Hazmat unit.
        unit: String,
    },
    /// A seat issued a warning for a place; it goes to the post covering the place.
    WarningIssued {
        /// Issuing seat.
        seat: String,
        /// Place.
        place: String,
        /// Level.
        level: String,
        /// Post that must acknowledge it.
        post: String,
    },
    /// Something now waits for a seat's acknowledgement.
    AwaitingAck {
        /// Seat.
        seat: String,
        /// What: `warning:<place>`, `evacuate:<place>` or an inject id.
        item: String,
    },
    /// A seat acknowledged something waiting for it (call-and-respond).
    Acknowledged {
        /// Seat.
        seat: String,
        /// What: `warning:<place>`, `evacuate:<place>` or an inject id.
        item: String,
        /// The person responsible, when the scenario names one.
        by: Option<String>,
        /// Seconds since it arrived.
        after_s: u64,
        /// `plan` or `player`.
        source: String,
    },
    /// The households of a place have been warned.
    PlaceWarned {
        /// Place.
        place: String,
        /// Level.
        level: String,
        /// Post that warned them.
        by: String,
    },
    /// The response level changed.
    ResponseLevelChanged {
        /// New level (`IV`…`I`).
        level: String,
        /// Seat.
        seat: String,
    },
    /// People began to leave a place.
    EvacuationStarted {
        /// Place.
        place: String,
        /// Shelter.
        to: String,
        /// People to move.
        people: u32,
    },
    /// Everyone has left a place.
    EvacuationDone {
        /// Place.
        place: String,
        /// People moved.
        people: u32,
    },
    /// People at a place told to shelter in place.
    ShelterInPlace {
        /// Place.
        place: String,
        /// Seat.
        seat: String,
    },
    /// A plan rule fired; its orders follow after the decision delay.
    PlanRuleFired {
        /// Rule id.
        rule: String,
        /// Seat.
        seat: String,
        /// Decision delay, s.
        delay_s: u64,
    },
    /// Mutual aid was requested.
    MutualAidRequested {
        /// Seat.
        seat: String,
        /// Unit.
        unit: String,
        /// When it will be available, s from the start.
        eta_s: u64,
    },
    /// The facilitator handed a seat to people or to the plan.
    SeatModeChanged {
        /// Command post id.
        seat: String,
        /// People play it now (true) or the plan (false).
        human: bool,
    },
    /// A mutual-aid unit has arrived and is available.
    MutualAidArrived {
        /// Unit.
        unit: String,
    },
    /// People cut off by water were brought out by boat.
    RescueDone {
        /// Place.
        place: String,
        /// People rescued.
        people: u32,
    },
    /// Casualties at a place were treated.
    CasualtiesTreated {
        /// Place.
        place: String,
        /// People treated.
        people: u32,
    },
    /// Outcomes at the end of the exercise.
    Outcome {
        /// People exposed to any hazard.
        people_exposed: u32,
        /// Buildings at flooded places.
        buildings_flooded: u32,
        /// Area burnt, ha.
        area_burnt_ha: f64,
        /// Casualties not treated (gas doses at AEGL-3).
        #[serde(default)]
        casualties: u32,
    },
    /// The exercise ended.
    ExerciseEnded,
}

/// The ordered log, with a running SHA-256 over every event's JSON.
#[derive(Resource, Debug, Clone, Default)]
pub struct EventLog {
    /// Events in order.
    pub events: Vec<Event>,
    digest: Sha256,
}

impl EventLog {
    /// Append an event.
    pub fn push(&mut self, tick: u64, t_s: u64, kind: EventKind) {
        let e = Event { tick, t_s, kind };
        // serialising our own plain data cannot fail
        if let Ok(j) = serde_json::to_vec(&e) {
            self.digest.update(&j);
            self.digest.update(b"\n");
        }
        self.events.push(e);
    }
    /// A log holding these events (the running digest is rebuilt).
    pub fn from_events(events: Vec<Event>) -> EventLog {
        let mut log = EventLog::default();
        for e in events {
            log.push(e.tick, e.t_s, e.kind);
        }
        log
    }

    /// Hex SHA-256 of the log so far.
    pub fn digest_hex(&self) -> String {
        crate::scenario::hex(&self.digest.clone().finalize())
    }
}

/// The sum of a count over the events that carry one: `count` gives it for the events
/// that matter and `None` for the rest (people exposed at a place, treated, …).
pub fn sum_counts(events: &[Event], count: impl Fn(&EventKind) -> Option<u32>) -> u32 {
    events.iter().filter_map(|e| count(&e.kind)).sum()
}
