//! Inputs: every change from outside the simulation, with its time — players'
//! orders, the facilitator's actions — and the RON orders file that holds them.
//!
//! An orders file is a list of `(at: "00:05:00", seat: "district_hq", order: …)`.
//! The seat `"facilitator"` may fail and restore links and change the wind.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::scenario::diag::{Diagnostic, Diags};
use crate::scenario::{Capability, MemberKind, Scenario};
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
        channel: crate::scenario::Channel,
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

/// Refusal when `seat` does not command unit `u` (it is not under the seat).
fn unit_authority(
    s: &Scenario,
    input: &Input,
    seat: Option<crate::scenario::MemberId>,
    u: crate::scenario::MemberId,
    unit: &str,
) -> Option<(String, &'static str)> {
    let seat = seat?;
    (!s.org.is_under(u, seat)).then(|| {
        (
            format!(
                "`{}` has no authority over `{unit}`: it is not under that seat",
                input.seat
            ),
            "order.unit",
        )
    })
}

/// Refusal when `seat` does not command `post`, the post covering `place`.
fn post_authority(
    s: &Scenario,
    input: &Input,
    seat: Option<crate::scenario::MemberId>,
    post: crate::scenario::MemberId,
    place: &str,
    field: &'static str,
) -> Option<(String, &'static str)> {
    let seat = seat?;
    (!s.org.is_under(post, seat)).then(|| {
        (
            format!(
                "`{}` has no authority over `{}`, which covers `{place}`",
                input.seat,
                s.org.member(post).id
            ),
            field,
        )
    })
}

/// Why an input cannot be carried out, or `None` when it can. Checked when it is
/// loaded and again when it is applied (the GUI sends inputs too).
pub fn check_input(s: &Scenario, input: &Input) -> Option<(String, &'static str)> {
    let facilitator = input.seat == FACILITATOR;
    let seat = s.org.find(&input.seat);
    let needs_fac = matches!(
        input.order,
        Order::FailLink { .. }
            | Order::RestoreLink { .. }
            | Order::SetWind { .. }
            | Order::AddUnit { .. }
            | Order::SetSeatMode { .. }
    );
    if facilitator
        && !matches!(
            input.order,
            Order::FailLink { .. }
                | Order::RestoreLink { .. }
                | Order::SetWind { .. }
                | Order::AddUnit { .. }
                | Order::SetSeatMode { .. }
                | Order::Message { .. }
        )
    {
        return Some((
            "the facilitator delivers messages and changes conditions; orders come from a seat"
                .into(),
            "seat",
        ));
    }
    if needs_fac && !facilitator {
        return Some((
            format!("only the facilitator may {}", order_name(&input.order)),
            "seat",
        ));
    }
    if !facilitator {
        match seat {
            None => return Some((format!("unknown seat `{}`", input.seat), "seat")),
            Some(m) if !matches!(s.org.member(m).kind, MemberKind::Command { .. }) => {
                return Some((
                    format!("`{}` is a field unit; seats are command posts", input.seat),
                    "seat",
                ));
            }
            _ => {}
        }
    }
    match &input.order {
        Order::Dispatch { unit, to, task } => {
            let Some(u) = s.org.find(unit) else {
                return Some((format!("unknown unit `{unit}`"), "order.unit"));
            };
            let MemberKind::Unit(uid) = s.org.member(u).kind else {
                return Some((
                    format!("`{unit}` is a command post, not a unit"),
                    "order.unit",
                ));
            };
            if s.place(to).is_none() {
                return Some((format!("unknown place `{to}`"), "order.to"));
            }
            if let Some(cap) = task.capability()
                && !s.org.units[uid.0 as usize].capabilities.contains(&cap)
            {
                return Some((
                    format!("unit `{unit}` cannot do {task:?} (it has no {cap:?} capability)"),
                    "order.task",
                ));
            }
            if let refused @ Some(_) = unit_authority(s, input, seat, u, unit) {
                return refused;
            }
        }
        Order::Recall { unit } => {
            let Some(u) = s.org.find(unit) else {
                return Some((format!("unknown unit `{unit}`"), "order.unit"));
            };
            if !matches!(s.org.member(u).kind, MemberKind::Unit(_)) {
                return Some((
                    format!("`{unit}` is a command post, not a unit"),
                    "order.unit",
                ));
            }
            if let refused @ Some(_) = unit_authority(s, input, seat, u, unit) {
                return refused;
            }
        }
        Order::Message { to, .. } => {
            if s.org.find(to).is_none() {
                return Some((format!("unknown recipient `{to}`"), "order.to"));
            }
        }
        Order::Acknowledge { item } => {
            let known = matches!(item.as_str(), "warning" | "evacuate" | "all")
                || s.injects.iter().any(|i| &i.id == item);
            if !known {
                return Some((
                    format!(
                        "nothing called `{item}` to acknowledge (an inject id, \"warning\", \"evacuate\" or \"all\")"
                    ),
                    "order.item",
                ));
            }
        }
        Order::Warn { places, .. } => {
            if places.is_empty() {
                return Some(("a warning needs at least one place".into(), "order.places"));
            }
            for p in places {
                let Some(pid) = s.place(p) else {
                    return Some((format!("unknown place `{p}`"), "order.places"));
                };
                let Some(post) = s.covering_post(pid) else {
                    return Some((
                        format!("no command post covers `{p}` (add it to a post's `covers`)"),
                        "order.places",
                    ));
                };
                if let refused @ Some(_) = post_authority(s, input, seat, post, p, "order.places") {
                    return refused;
                }
            }
        }
        Order::SetLevel { .. } => {
            if seat.is_some_and(|m| m != s.org.top) {
                return Some((
                    format!(
                        "only the top command post `{}` sets the response level",
                        s.org.member(s.org.top).id
                    ),
                    "seat",
                ));
            }
        }
        Order::Evacuate { place, to } => {
            let Some(pid) = s.place(place) else {
                return Some((format!("unknown place `{place}`"), "order.place"));
            };
            match s.place(to) {
                None => return Some((format!("unknown shelter `{to}`"), "order.to")),
                Some(sh) if s.places[sh.0 as usize].kind != crate::scenario::PlaceKind::Shelter => {
                    return Some((format!("`{to}` is not a shelter"), "order.to"));
                }
                _ => {}
            }
            let Some(post) = s.covering_post(pid) else {
                return Some((format!("no command post covers `{place}`"), "order.place"));
            };
            if let refused @ Some(_) = post_authority(s, input, seat, post, place, "order.place") {
                return refused;
            }
        }
        Order::RequestMutualAid { units } => {
            if units.is_empty() {
                return Some(("name at least one unit".into(), "order.units"));
            }
            for u in units {
                let spec = s.org.find(u).and_then(|m| match s.org.member(m).kind {
                    MemberKind::Unit(id) => Some(&s.org.units[id.0 as usize]),
                    _ => None,
                });
                match spec {
                    None => return Some((format!("unknown unit `{u}`"), "order.units")),
                    Some(sp) if sp.mutual_aid_s.is_none() => {
                        return Some((
                            format!(
                                "`{u}` is not a mutual-aid unit (it has no `mutual_aid` delay)"
                            ),
                            "order.units",
                        ));
                    }
                    Some(sp) if seat.is_some_and(|seat| !s.org.is_under(sp.member, seat)) => {
                        return Some((
                            format!(
                                "`{}` has no authority over `{u}`: it is not under that seat",
                                input.seat
                            ),
                            "order.units",
                        ));
                    }
                    _ => {}
                }
            }
        }
        Order::ShelterInPlace { place } => {
            let Some(pid) = s.place(place) else {
                return Some((format!("unknown place `{place}`"), "order.place"));
            };
            if let Some(post) = s.covering_post(pid)
                && let refused @ Some(_) =
                    post_authority(s, input, seat, post, place, "order.place")
            {
                return refused;
            }
        }
        Order::CloseRoad { a, b } => {
            if s.road_edge(a, b).is_none() {
                return Some((format!("no road section between `{a}` and `{b}`"), "order"));
            }
        }
        Order::FailLink { a, b } | Order::RestoreLink { a, b } => {
            let (Some(ma), Some(mb)) = (s.org.find(a), s.org.find(b)) else {
                return Some((format!("unknown link end `{a}` or `{b}`"), "order"));
            };
            if !s
                .org
                .links
                .iter()
                .any(|l| (l.a == ma && l.b == mb) || (l.a == mb && l.b == ma))
            {
                return Some((format!("there is no link between `{a}` and `{b}`"), "order"));
            }
        }
        Order::SetWind {
            wind_m_s,
            wind_from_deg,
        } => {
            if !(0.0..=60.0).contains(wind_m_s) || !(0.0..=360.0).contains(wind_from_deg) {
                return Some(("wind must be 0–60 m/s from 0–360°".into(), "order"));
            }
        }
        Order::AddUnit { unit } => match s.org.find(unit).map(|m| &s.org.member(m).kind) {
            None => return Some((format!("unknown unit `{unit}`"), "order.unit")),
            Some(MemberKind::Unit(uid)) if s.org.units[uid.0 as usize].mutual_aid_s.is_none() => {
                return Some((
                    format!(
                        "`{unit}` is already in the exercise; only reserve (`mutual_aid`) units can be added"
                    ),
                    "order.unit",
                ));
            }
            Some(MemberKind::Unit(_)) => {}
            Some(_) => {
                return Some((
                    format!("`{unit}` is a command post, not a unit"),
                    "order.unit",
                ));
            }
        },
        Order::SetSeatMode { seat, .. } => match s.org.find(seat).map(|m| &s.org.member(m).kind) {
            Some(MemberKind::Command { .. }) => {}
            Some(_) => {
                return Some((
                    format!("`{seat}` is a field unit; seats are command posts"),
                    "order.seat",
                ));
            }
            None => return Some((format!("unknown seat `{seat}`"), "order.seat")),
        },
    }
    None
}

fn order_name(o: &Order) -> &'static str {
    match o {
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
    }
}

/// Read an orders file and check every entry against the scenario.
pub fn load_orders(path: &Path, s: &Scenario) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return Err(vec![Diagnostic::at(
                path,
                &Arc::new(String::new()),
                (0, 0),
                format!("cannot read orders file: {e}"),
                None,
            )]);
        }
    };
    orders_from_text(path, &text, s)
}

/// The `i`th order of a file must fall within the exercise and on a tick.
pub fn check_order_time(d: &mut Diags, s: &Scenario, i: usize, input: &Input) {
    if input.at.0 > s.meta.duration_s {
        d.err(
            &format!("[{i}].at"),
            format!("order at {} comes after the end of the exercise", input.at),
            None,
        );
    } else if !input.at.0.is_multiple_of(s.meta.tick_s) {
        d.err(
            &format!("[{i}].at"),
            format!(
                "order time {} is not on a {}-s tick",
                input.at, s.meta.tick_s
            ),
            None,
        );
    }
}

/// Parse and check orders text.
pub fn orders_from_text(
    path: &Path,
    text: &str,
    s: &Scenario,
) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let mut d = Diags::new(path, Arc::new(text.to_string()));
    let inputs: Vec<Input> = d.parse()?;
    for (i, input) in inputs.iter().enumerate() {
        check_order_time(&mut d, s, i, input);
        if let Some((msg, field)) = check_input(s, input) {
            let path = match field {
                "seat" => format!("[{i}].seat"),
                "order" => format!("[{i}].order"),
                f => format!("[{i}].{f}"),
            };
            d.err(&path, msg, None);
        }
    }
    if d.items.is_empty() {
        let mut inputs = inputs;
        inputs.sort_by_key(|i| i.at);
        Ok(inputs)
    } else {
        Err(d.items)
    }
}
