//! The order vocabulary of the scenario language: what a seat may order and the
//! facilitator may do ([`Order`]), the tasks a unit is dispatched with ([`Task`]),
//! warning and response levels, the channels messages travel on, the capabilities
//! units have, and one timestamped [`Input`].
//!
//! Plan rules in a scenario, orders files, recordings, the GUI and the network all
//! speak this vocabulary, so it sits below both the scenario language
//! ([`crate::scenario`]) and the engine ([`crate::sim`]) and depends only on
//! [`crate::time`]. Whether a seat may give an order is a question about the
//! organisation: see [`crate::scenario::authority`].

use serde::{Deserialize, Serialize};

use crate::time::Dur;

/// The seat name reserved for the exercise facilitator.
pub const FACILITATOR: &str = "facilitator";

/// A task given with a dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Task {
    /// Attack the fire.
    Suppress,
    /// Build fire line.
    FireLine,
    /// Drop water.
    WaterDrop,
    /// Rescue people.
    Rescue,
    /// Build a sandbag wall.
    Sandbag,
    /// Pump water out.
    Pump,
    /// Stop the leak.
    ContainLeak,
    /// Decontaminate people.
    Decontaminate,
    /// Look and report.
    Reconnoitre,
    /// Treat casualties.
    TreatCasualties,
    /// Hold a cordon / close roads.
    Cordon,
    /// Move evacuees.
    Transport,
    /// Stand by at the place.
    Standby,
}

impl Task {
    /// Capability a unit needs for this task (`None`: any unit).
    pub fn capability(self) -> Option<Capability> {
        use Capability as C;
        Some(match self {
            Task::Suppress => C::Suppress,
            Task::FireLine => C::FireLine,
            Task::WaterDrop => C::WaterDrop,
            Task::Rescue => C::Rescue,
            Task::Sandbag => C::Sandbag,
            Task::Pump => C::Pump,
            Task::ContainLeak => C::ContainLeak,
            Task::Decontaminate => C::Decontaminate,
            Task::Reconnoitre => C::Reconnoitre,
            Task::TreatCasualties => C::TreatCasualties,
            Task::Cordon => C::Cordon,
            Task::Transport => C::Transport,
            Task::Standby => return None,
        })
    }
}

/// Warning levels (blue < yellow < orange < red), as in Chinese early-warning practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WarningLevel {
    /// Blue (IV).
    Blue,
    /// Yellow (III).
    Yellow,
    /// Orange (II).
    Orange,
    /// Red (I).
    Red,
}

/// Emergency response levels, IV (lowest) to I (highest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResponseLevel {
    /// Level IV.
    IV,
    /// Level III.
    III,
    /// Level II.
    II,
    /// Level I (highest).
    I,
}

/// An order or facilitator action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Order {
    /// Send a unit to a place with a task.
    Dispatch {
        /// Unit id.
        unit: String,
        /// Place id.
        to: String,
        /// Task.
        task: Task,
    },
    /// Send a unit back to its home.
    Recall {
        /// Unit id.
        unit: String,
    },
    /// Acknowledge what is waiting at this seat: an inject id (`"I03"`), `"warning"`,
    /// `"evacuate"` (the oldest of that kind), or `"all"`.
    Acknowledge {
        /// What.
        item: String,
    },
    /// Warn the households of places (call-and-respond: the post covering each place
    /// must acknowledge before its households are warned).
    Warn {
        /// Place ids.
        places: Vec<String>,
        /// Warning level.
        level: WarningLevel,
        /// Channel used.
        channel: Channel,
    },
    /// Set the response level (top command post only).
    SetLevel {
        /// New level.
        level: ResponseLevel,
    },
    /// Evacuate a place to a shelter (through the post covering the place).
    Evacuate {
        /// Place id.
        place: String,
        /// Shelter place id.
        to: String,
    },
    /// Tell the people of a place to shelter in place (chemical release).
    ShelterInPlace {
        /// Place id.
        place: String,
    },
    /// Close a road section to traffic (police).
    CloseRoad {
        /// Road node at one end.
        a: String,
        /// Road node at the other end.
        b: String,
    },
    /// Ask for mutual-aid units from outside the district (units the scenario marks
    /// `mutual_aid`); each arrives at its home after its delay.
    RequestMutualAid {
        /// Unit ids.
        units: Vec<String>,
    },
    /// A free message (report, request) to another member.
    Message {
        /// Recipient id.
        to: String,
        /// Text.
        text: String,
    },
    /// Facilitator: a communication link fails.
    FailLink {
        /// One end.
        a: String,
        /// Other end.
        b: String,
    },
    /// Facilitator: a failed link works again.
    RestoreLink {
        /// One end.
        a: String,
        /// Other end.
        b: String,
    },
    /// Facilitator: bring a reserve unit (a `mutual_aid` unit) into the exercise at
    /// once, at its home, without the request delay.
    AddUnit {
        /// Unit id.
        unit: String,
    },
    /// Facilitator: hand a seat to people (`human: true`) or to the contingency plan.
    /// A seat named in any `SetSeatMode` is played by the plan until one says human.
    SetSeatMode {
        /// Command post id.
        seat: String,
        /// People play it (true) or the plan (false).
        human: bool,
    },
    /// Facilitator: the wind changes now.
    SetWind {
        /// Wind speed, m/s.
        wind_m_s: f64,
        /// Direction it blows from, degrees.
        wind_from_deg: f64,
    },
    /// Facilitator: deliver a scheduled MSEL inject now, exactly as it would arrive
    /// at its time (to its recipient, with its text, waiting for acknowledgement at a
    /// command post). It is then not delivered again at its scheduled time. An inject
    /// already delivered (early or on schedule) is refused.
    DeliverInject {
        /// Inject id (`"I03"`).
        inject: String,
    },
}

/// One timestamped input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// When, from the start.
    pub at: Dur,
    /// Who gives it: a command post id, or `"facilitator"`.
    pub seat: String,
    /// What.
    pub order: Order,
}

impl Order {
    /// What the order does, as a verb phrase for messages ("dispatch", "warn").
    pub fn name(&self) -> &'static str {
        match self {
            Order::Dispatch { .. } => "dispatch",
            Order::Recall { .. } => "recall",
            Order::Message { .. } => "send a message",
            Order::Acknowledge { .. } => "acknowledge",
            Order::Warn { .. } => "warn",
            Order::SetLevel { .. } => "set the response level",
            Order::Evacuate { .. } => "evacuate",
            Order::ShelterInPlace { .. } => "order shelter in place",
            Order::CloseRoad { .. } => "close a road",
            Order::RequestMutualAid { .. } => "request mutual aid",
            Order::FailLink { .. } => "fail a link",
            Order::RestoreLink { .. } => "restore a link",
            Order::SetWind { .. } => "change the wind",
            Order::AddUnit { .. } => "add a unit",
            Order::SetSeatMode { .. } => "switch a seat between plan and people",
            Order::DeliverInject { .. } => "deliver an MSEL inject now",
        }
    }
}

/// What a unit can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Capability {
    /// Direct attack on a fire.
    Suppress,
    /// Build fire line.
    FireLine,
    /// Drop water or retardant.
    WaterDrop,
    /// Rescue people cut off.
    Rescue,
    /// Build sandbag walls.
    Sandbag,
    /// Run pumps.
    Pump,
    /// Stop a leak.
    ContainLeak,
    /// Decontaminate people.
    Decontaminate,
    /// Look and report.
    Reconnoitre,
    /// Treat casualties.
    TreatCasualties,
    /// Close roads and hold cordons.
    Cordon,
    /// Move evacuees.
    Transport,
}

/// Communication channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Channel {
    /// Two-way radio.
    Radio,
    /// Telephone.
    Phone,
    /// Public broadcast / loudspeaker.
    Broadcast,
    /// Text message.
    Sms,
    /// Runner or messenger.
    Messenger,
}
