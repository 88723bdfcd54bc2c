//! Scoring: a pure function of the event log and the scenario's objectives.
//!
//! Each objective has one measurable target; its measured value gives a P/S/M/U
//! rating (HSEEP: performed without challenges / with some / with major challenges /
//! unable to be performed) and points (P all, S two thirds, M one third, U none).
//! The scorecard also gives each seat's decision and relay time and, for every
//! target missed, the critical path: the chain of messages and decisions that made
//! it late. Recomputing from a stored log gives the same scorecard.

use std::collections::BTreeMap;

pub mod live;

use serde::Serialize;

use crate::order::Capability;
use crate::scenario::raw::RawTarget;
use crate::scenario::{MemberKind, Scenario};
use crate::sim::events::{Event, EventKind};
use crate::time::{hms, signed_hms};

/// HSEEP performance ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

impl Rating {
    /// Share of the points this rating earns.
    pub fn share(self) -> f64 {
        match self {
            Rating::P => 1.0,
            Rating::S => 2.0 / 3.0,
            Rating::M => 1.0 / 3.0,
            Rating::U => 0.0,
        }
    }

    /// Rating of a time against its target: P within it, S within 1.5×, M later, U never.
    pub fn of_time(value_s: Option<u64>, target_s: u64) -> Rating {
        match value_s {
            None => Rating::U,
            Some(v) if v <= target_s => Rating::P,
            Some(v) if (v as f64) <= target_s as f64 * 1.5 => Rating::S,
            Some(_) => Rating::M,
        }
    }

    /// Rating of a share of places that met their target: all P, ≥ 2/3 S, some M,
    /// none U.
    pub fn of_share(met: usize, total: usize) -> Rating {
        if total == 0 || met == total {
            Rating::P
        } else if met * 3 >= total * 2 {
            Rating::S
        } else if met > 0 {
            Rating::M
        } else {
            Rating::U
        }
    }

    /// Rating of an outcome against its limit: P within it, S within 1.5× (+10), M above.
    pub fn of_limit(value: f64, max: f64) -> Rating {
        if value <= max {
            Rating::P
        } else if value <= max * 1.5 + 10.0 {
            Rating::S
        } else {
            Rating::M
        }
    }
}

/// One objective's result.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveScore {
    /// Objective id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Core capability.
    pub capability: String,
    /// The target, in words.
    pub target: String,
    /// The measured value, in words.
    pub value: String,
    /// The measured value as a number (seconds, people, ha), when there is one.
    pub measured: Option<f64>,
    /// Whether the target was met.
    pub met: bool,
    /// P/S/M/U.
    pub rating: Rating,
    /// Points earned.
    pub points: f64,
    /// Points possible.
    pub max_points: f64,
    /// Why it is late: the critical path of each miss.
    pub critical_path: Vec<String>,
    /// Set when the run stopped before this objective could be decided (a run cut
    /// short with `--until`, a recording of a session not played to its end): the
    /// second it stopped at. Nothing is scored for it then: `rating` U, `met` false,
    /// `points` 0, no critical path; every reader shows "not decided" instead of a
    /// rating ([`live::mark_undecided`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecided_at_s: Option<u64>,
}

impl ObjectiveScore {
    /// The rating as a reader sees it: `P`, `S`, `M`, `U`, or `not decided`.
    pub fn rating_text(&self) -> String {
        match self.undecided_at_s {
            Some(_) => "not decided".into(),
            None => format!("{:?}", self.rating),
        }
    }
}

/// Time a seat added to the response.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SeatTimes {
    /// Seat id.
    pub seat: String,
    /// Seconds spent deciding: acknowledgement waits and plan decision delays.
    pub decision_s: u64,
    /// Seconds messages spent on links leaving this seat when it relayed them.
    pub relay_s: u64,
    /// Acknowledgements given.
    pub acknowledgements: u32,
}

/// The whole scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// Scenario name.
    pub scenario: String,
    /// Per objective.
    pub objectives: Vec<ObjectiveScore>,
    /// Points earned.
    pub total: f64,
    /// Points possible.
    pub max_total: f64,
    /// Per seat, slowest first.
    pub seats: Vec<SeatTimes>,
}

/// Capabilities that work on a hazard itself: fire (attack, line, drops), flood
/// (rescue, sandbags, pumps), chemical leak (containment, decontamination, rescue).
pub fn hazard_capabilities(s: &Scenario) -> Vec<Capability> {
    use Capability as C;
    let mut caps = Vec::new();
    if s.hazards.fire.is_some() {
        caps.extend([C::Suppress, C::FireLine, C::WaterDrop]);
    }
    if s.hazards.flood.is_some() {
        caps.extend([C::Rescue, C::Sandbag, C::Pump]);
    }
    if s.hazards.leak.is_some() {
        caps.extend([C::ContainLeak, C::Decontaminate, C::Rescue]);
    }
    caps
}

/// Ids of the units that count for `FirstOnScene`: those with a capability that works
/// on one of the scenario's hazards ([`hazard_capabilities`]).
pub fn responders(s: &Scenario) -> std::collections::BTreeSet<&str> {
    let caps = hazard_capabilities(s);
    s.org
        .units
        .iter()
        .filter(|u| u.capabilities.iter().any(|c| caps.contains(c)))
        .map(|u| s.org.member(u.member).id.as_str())
        .collect()
}

fn first(events: &[Event], f: impl Fn(&EventKind) -> bool) -> Option<&Event> {
    events.iter().find(|e| f(&e.kind))
}

fn level_rank(l: &str) -> u8 {
    match l {
        "IV" => 1,
        "III" => 2,
        "II" => 3,
        "I" => 4,
        _ => 0,
    }
}

/// When the hazard first reached a place.
fn reached_at(events: &[Event], place: &str) -> Option<u64> {
    first(
        events,
        |k| matches!(k, EventKind::PlaceReached { place: p, .. } if p == place),
    )
    .map(|e| e.t_s)
}

/// How a place fared against a `ProtectedBeforeArrival` target.
pub(crate) struct Protection {
    /// Every hazard that reached the place found it evacuated (or, gas, sheltering),
    /// and it was evacuated or told to shelter at all.
    pub ok: bool,
    /// Some hazard reached it unprotected: the target cannot be met any more.
    pub failed: bool,
    /// An evacuation of it started or a shelter order reached it.
    pub started: bool,
    /// Its evacuation is done: no later arrival can find anyone there.
    pub evacuated: bool,
    /// Why it missed, in words (empty when `ok`).
    pub why: String,
}

/// A place's protection before each hazard's arrival: covered against an arrival at
/// `t` when its evacuation was done by `t`, or, for toxic gas, when it was told to
/// shelter in place by `t` (`sim::command::SHELTER_PROTECTION` is applied to gas
/// doses only).
pub(crate) fn protection(events: &[Event], p: &str) -> Protection {
    let done = first(
        events,
        |k| matches!(k, EventKind::EvacuationDone { place, .. } if place == p),
    )
    .map(|e| e.t_s);
    let shelter = first(
        events,
        |k| matches!(k, EventKind::ShelterInPlace { place, .. } if place == p),
    )
    .map(|e| e.t_s);
    let started = shelter.is_some()
        || first(
            events,
            |k| matches!(k, EventKind::EvacuationStarted { place, .. } if place == p),
        )
        .is_some();
    let mut why = String::new();
    let mut reached_any = false;
    for e in events {
        let EventKind::PlaceReached { place, hazard, .. } = &e.kind else {
            continue;
        };
        if place != p {
            continue;
        }
        reached_any = true;
        let t = e.t_s;
        let evacuated = done.is_some_and(|d| d <= t);
        let sheltered = hazard == "chemical_leak" && shelter.is_some_and(|s| s <= t);
        if !evacuated && !sheltered && why.is_empty() {
            let h = match hazard.as_str() {
                "chemical_leak" => "the gas",
                "flood" => "the water",
                "forest_fire" => "the fire",
                _ => "the hazard",
            };
            why = match (done, shelter) {
                (_, Some(s)) if s <= t => format!(
                    "{p} told to shelter in place at {}, but {h} arrived at {} (sheltering keeps out gas only)",
                    hms(s),
                    hms(t)
                ),
                (Some(d), _) => format!(
                    "{p} evacuated at {}, {} after {h} arrived",
                    hms(d),
                    hms(d - t)
                ),
                _ => format!(
                    "{p} neither evacuated nor sheltered when {h} arrived at {}",
                    hms(t)
                ),
            };
        }
    }
    if !reached_any && done.is_none() && shelter.is_none() {
        why = format!("{p} never evacuated or sheltered");
    }
    Protection {
        ok: why.is_empty(),
        failed: reached_any && !why.is_empty(),
        started,
        evacuated: done.is_some(),
        why,
    }
}

/// The chain behind a warning to a place, in words.
fn warning_path(s: &Scenario, events: &[Event], place: &str) -> String {
    let Some(issued) = first(
        events,
        |k| matches!(k, EventKind::WarningIssued { place: p, .. } if p == place),
    ) else {
        return "no warning was ever issued".into();
    };
    let EventKind::WarningIssued { seat, post, .. } = &issued.kind else {
        return String::new();
    };
    let mut parts = vec![format!(
        "{place}: warning issued by {seat} at {}",
        hms(issued.t_s)
    )];
    // what made the seat act: the plan rule, if the plan played it
    if let Some(rule) = events.iter().rev().find(|e| {
        e.t_s <= issued.t_s
            && matches!(&e.kind, EventKind::PlanRuleFired { seat: s2, .. } if s2 == seat)
    }) && let EventKind::PlanRuleFired {
        rule: r, delay_s, ..
    } = &rule.kind
    {
        parts.push(format!(
            "plan rule {r} fired at {} and {seat} took {} to decide",
            hms(rule.t_s),
            hms(*delay_s)
        ));
    }
    let want = format!("warning for {place}");
    if let Some(rx) = events.iter().find(|e| e.t_s >= issued.t_s && matches!(&e.kind, EventKind::MessageReceived { what, to, .. } if what.ends_with(&want) && to == post)) {
        if let EventKind::MessageReceived { hops, transit_s, .. } = &rx.kind {
            let legs: Vec<String> = hops.windows(2).map(|w| format!("{}→{} {}", w[0].0, w[1].0, hms(w[1].1 - w[0].1))).collect();
            parts.push(format!("{} in transit ({})", hms(*transit_s), legs.join(", ")));
        }
    } else if post != seat {
        parts.push(format!("the warning never reached {post}"));
    }
    let label = format!("warning:{place}");
    match first(
        events,
        |k| matches!(k, EventKind::Acknowledged { item, seat: s2, .. } if *item == label && s2 == post),
    ) {
        Some(a) => {
            if let EventKind::Acknowledged { after_s, by, .. } = &a.kind {
                let who = by.clone().unwrap_or_else(|| post.clone());
                parts.push(format!(
                    "the warning waited {} at {post} for {who} to acknowledge",
                    hms(*after_s)
                ));
            }
        }
        None => parts.push(format!("{post} never acknowledged it")),
    }
    let _ = s;
    parts.join("; ")
}

/// Score a run.
pub fn score(s: &Scenario, events: &[Event]) -> Scorecard {
    let end_s = events.last().map(|e| e.t_s).unwrap_or(0);
    let mut objectives = Vec::new();
    let outcome = events.iter().rev().find_map(|e| match &e.kind {
        EventKind::Outcome {
            people_exposed,
            buildings_flooded,
            area_burnt_ha,
            casualties,
        } => Some((
            *people_exposed,
            *buildings_flooded,
            *area_burnt_ha,
            *casualties,
        )),
        _ => None,
    });
    let people_exposed: u32 = outcome.map(|o| o.0).unwrap_or_else(|| {
        crate::sim::events::sum_counts(events, |k| match k {
            EventKind::PeopleExposed { people, .. } => Some(*people),
            _ => None,
        })
    });
    for o in &s.objectives {
        let mut critical_path = Vec::new();
        let (target, value, measured, rating) = match &o.target {
            RawTarget::AcknowledgeWithin { within, seats } => {
                let counted = |seat: &str| seats.is_empty() || seats.iter().any(|x| x == seat);
                // pair each item awaiting acknowledgement with its acknowledgement
                let mut waiting: BTreeMap<(String, String), Vec<u64>> = BTreeMap::new();
                let mut times = Vec::new();
                let mut late = Vec::new();
                for e in events {
                    match &e.kind {
                        EventKind::AwaitingAck { seat, item } if counted(seat) => waiting
                            .entry((seat.clone(), item.clone()))
                            .or_default()
                            .push(e.t_s),
                        EventKind::Acknowledged {
                            seat,
                            item,
                            after_s,
                            by,
                            ..
                        } if counted(seat) => {
                            if let Some(v) = waiting.get_mut(&(seat.clone(), item.clone()))
                                && !v.is_empty()
                            {
                                v.remove(0);
                            }
                            times.push(*after_s);
                            if *after_s > within.0 {
                                late.push(format!(
                                    "{item} waited {} at {seat}{}",
                                    hms(*after_s),
                                    by.as_ref().map(|b| format!(" for {b}")).unwrap_or_default()
                                ));
                            }
                        }
                        _ => {}
                    }
                }
                // items still waiting at the end count only once their time has run out
                let unanswered: Vec<String> = waiting
                    .iter()
                    .flat_map(|((seat, item), v)| {
                        v.iter().filter(|t| **t + within.0 < end_s).map(move |t| {
                            format!("{item} at {seat} since {} was never acknowledged", hms(*t))
                        })
                    })
                    .collect();
                // and those still waiting inside their time: said, not counted (live, "none
                // of 2 acknowledged" read as if nothing else were waiting)
                let in_time = waiting
                    .values()
                    .flatten()
                    .filter(|t| **t + within.0 >= end_s)
                    .count();
                let still = if in_time > 0 {
                    format!(", {in_time} waiting within the time")
                } else {
                    String::new()
                };
                critical_path.extend(late);
                critical_path.extend(unanswered.iter().cloned());
                let worst = times.iter().copied().max();
                let rating = if times.is_empty() && unanswered.is_empty() {
                    Rating::P
                } else if times.is_empty() {
                    Rating::U
                } else if !unanswered.is_empty() {
                    Rating::M.max(Rating::of_time(worst, within.0))
                } else {
                    Rating::of_time(worst, within.0)
                };
                (
                    format!("every acknowledgement within {}", hms(within.0)),
                    match worst {
                        Some(w) => format!(
                            "slowest {} of {} acknowledgements{}{still}",
                            hms(w),
                            times.len(),
                            if unanswered.is_empty() {
                                String::new()
                            } else {
                                format!(", {} never acknowledged", unanswered.len())
                            }
                        ),
                        None if unanswered.is_empty() && in_time == 0 => {
                            "nothing to acknowledge".into()
                        }
                        None if unanswered.is_empty() => {
                            format!("{in_time} waiting within the time")
                        }
                        None => format!("none of {} acknowledged{still}", unanswered.len()),
                    },
                    worst.map(|w| w as f64),
                    rating,
                )
            }
            RawTarget::WarningLead { places, lead } => {
                let mut met = 0;
                let mut leads = Vec::new();
                let mut warned_any = false;
                for p in places {
                    let warned = first(
                        events,
                        |k| matches!(k, EventKind::PlaceWarned { place, .. } if place == p),
                    )
                    .map(|e| e.t_s);
                    let reached = reached_at(events, p);
                    warned_any |= warned.is_some();
                    let ok = match (warned, reached) {
                        (Some(w), Some(r)) => {
                            leads.push(r as i64 - w as i64);
                            r >= w + lead.0
                        }
                        (Some(_), None) => true,
                        (None, _) => false,
                    };
                    if ok {
                        met += 1;
                    } else {
                        let when = match (warned, reached) {
                            (Some(w), Some(r)) if r >= w => {
                                format!("warned {} before the hazard", hms(r - w))
                            }
                            (Some(w), Some(r)) => {
                                format!("warned {} after the hazard arrived", hms(w - r))
                            }
                            _ => "never warned".into(),
                        };
                        critical_path.push(format!(
                            "{p} {when} (target {}): {}",
                            hms(lead.0),
                            warning_path(s, events, p)
                        ));
                    }
                }
                let rating = if warned_any {
                    Rating::of_share(met, places.len())
                } else {
                    Rating::U
                };
                let min_lead = leads.iter().copied().min();
                (
                    format!(
                        "households warned at least {} before the hazard reaches {}",
                        hms(lead.0),
                        places.join(", ")
                    ),
                    format!(
                        "{met} of {} places in time{}",
                        places.len(),
                        min_lead
                            .map(|l| format!("; shortest lead {}", signed_hms(l)))
                            .unwrap_or_default()
                    ),
                    min_lead.map(|l| l as f64),
                    rating,
                )
            }
            RawTarget::EvacuatedBeforeArrival { places } => {
                let mut met = 0;
                let mut started = false;
                for p in places {
                    let done = first(
                        events,
                        |k| matches!(k, EventKind::EvacuationDone { place, .. } if place == p),
                    )
                    .map(|e| e.t_s);
                    started |= first(
                        events,
                        |k| matches!(k, EventKind::EvacuationStarted { place, .. } if place == p),
                    )
                    .is_some();
                    let reached = reached_at(events, p);
                    let ok = match (done, reached) {
                        (Some(d), Some(r)) => d <= r,
                        (Some(_), None) => true,
                        (None, _) => false,
                    };
                    if ok {
                        met += 1;
                    } else {
                        critical_path.push(match (done, reached) {
                            (Some(d), Some(r)) => format!(
                                "{p} evacuated at {}, {} after the hazard arrived",
                                hms(d),
                                hms(d - r)
                            ),
                            (None, Some(r)) => {
                                format!("{p} not evacuated when the hazard arrived at {}", hms(r))
                            }
                            _ => format!("{p} never evacuated"),
                        });
                    }
                }
                let rating = if started {
                    Rating::of_share(met, places.len())
                } else {
                    Rating::U
                };
                (
                    format!("{} evacuated before the hazard arrives", places.join(", ")),
                    format!("{met} of {} places", places.len()),
                    Some(met as f64),
                    rating,
                )
            }
            RawTarget::ProtectedBeforeArrival { places } => {
                let mut met = 0;
                let mut started = false;
                for p in places {
                    let pr = protection(events, p);
                    started |= pr.started;
                    if pr.ok {
                        met += 1;
                    } else {
                        critical_path.push(pr.why);
                    }
                }
                let rating = if started {
                    Rating::of_share(met, places.len())
                } else {
                    Rating::U
                };
                (
                    format!(
                        "{} evacuated or sheltered before the hazard arrives",
                        places.join(", ")
                    ),
                    format!("{met} of {} places", places.len()),
                    Some(met as f64),
                    rating,
                )
            }
            RawTarget::FirstOnScene {
                place,
                within,
                after,
            } => {
                let t0 = match after {
                    Some(i) => first(
                        events,
                        |k| matches!(k, EventKind::InjectDelivered { inject, .. } if inject == i),
                    )
                    .map(|e| e.t_s),
                    None => Some(0),
                };
                // a unit already there when the clock starts counts as on scene at once;
                // only a unit able to work on the scenario's hazard counts (a police
                // car at the scene does not fight the fire)
                let able = responders(s);
                let first_arrival = t0.and_then(|t0| {
                    events
                        .iter()
                        .find(|e| matches!(&e.kind, EventKind::UnitArrived { place: p, unit } if p == place && able.contains(unit.as_str())))
                        .map(|e| (e.t_s, t0))
                });
                let arrived = first_arrival.map(|(t, t0)| t.saturating_sub(t0));
                // a unit there before the clock started (at its home, or sent before the
                // inject) is said so: "00:00:00" alone read as an instant response
                let already = first_arrival.is_some_and(|(t, t0)| t <= t0);
                if arrived.is_none_or(|a| a > within.0) {
                    critical_path.push(
                        match first(
                            events,
                            |k| matches!(k, EventKind::UnitDispatched { to, unit, .. } if to == place && able.contains(unit.as_str())),
                        ) {
                            Some(d) => {
                                format!("first unit able to work on the hazard at {place} dispatched at {}", hms(d.t_s))
                            }
                            None => format!("no unit able to work on the hazard was ever dispatched to {place}"),
                        },
                    );
                }
                (
                    format!(
                        "first unit at {place} within {}{}",
                        hms(within.0),
                        after
                            .as_ref()
                            .map(|a| format!(" of inject {a}"))
                            .unwrap_or_default()
                    ),
                    match (arrived, first_arrival) {
                        (Some(a), Some((t, _))) if already => {
                            format!("{} (already on scene at {})", hms(a), hms(t))
                        }
                        (Some(a), _) => hms(a),
                        _ => "never".into(),
                    },
                    arrived.map(|a| a as f64),
                    Rating::of_time(arrived, within.0),
                )
            }
            RawTarget::ResponseLevelWithin {
                level,
                within,
                after,
            } => {
                let t0 = match after {
                    Some(i) => first(
                        events,
                        |k| matches!(k, EventKind::InjectDelivered { inject, .. } if inject == i),
                    )
                    .map(|e| e.t_s),
                    None => Some(0),
                };
                let want = level_rank(&format!("{level:?}"));
                let got = t0.and_then(|t0| events.iter().find(|e| matches!(&e.kind, EventKind::ResponseLevelChanged { level: l, .. } if level_rank(l) >= want)).map(|e| e.t_s.saturating_sub(t0)));
                (
                    format!(
                        "response level {level:?} or higher within {}{}",
                        hms(within.0),
                        after
                            .as_ref()
                            .map(|a| format!(" of inject {a}"))
                            .unwrap_or_default()
                    ),
                    got.map(hms).unwrap_or_else(|| "never".into()),
                    got.map(|g| g as f64),
                    Rating::of_time(got, within.0),
                )
            }
            RawTarget::LeakContainedWithin { within } => {
                // a leak the flood starts is timed from its start; one that never
                // started needs no containment
                let flood_started = s
                    .hazards
                    .leak
                    .as_ref()
                    .is_some_and(|l| l.flood_trigger.is_some());
                let t0 = flood_started.then(|| {
                    first(events, |k| matches!(k, EventKind::HazardStarted { hazard, .. } if hazard == "chemical_leak"))
                        .map(|e| e.t_s)
                });
                let got = first(events, |k| matches!(k, EventKind::LeakContained { .. }))
                    .map(|e| e.t_s.saturating_sub(t0.flatten().unwrap_or(0)));
                if t0 == Some(None) {
                    (
                        format!("leak contained within {} of its start", hms(within.0)),
                        "no release: the flood never started the leak".into(),
                        None,
                        Rating::P,
                    )
                } else {
                    if got.is_none_or(|g| g > within.0) {
                        critical_path.push(match first(events, |k| matches!(k, EventKind::UnitDispatched { task, .. } if task == "ContainLeak")) {
                        Some(d) => format!("hazmat dispatched to contain the leak at {}", hms(d.t_s)),
                        None => "no hazmat team was sent to contain the leak".into(),
                    });
                    }
                    (
                        if flood_started {
                            format!("leak contained within {} of its start", hms(within.0))
                        } else {
                            format!("leak contained within {}", hms(within.0))
                        },
                        got.map(hms).unwrap_or_else(|| "never".into()),
                        got.map(|g| g as f64),
                        Rating::of_time(got, within.0),
                    )
                }
            }
            RawTarget::FireKeptFrom { places } => {
                let reached: Vec<&String> = places.iter().filter(|p| events.iter().any(|e| matches!(&e.kind, EventKind::PlaceReached { place, hazard, .. } if place == *p && hazard == "forest_fire"))).collect();
                for p in &reached {
                    critical_path.push(format!(
                        "the fire reached {p} at {}",
                        hms(reached_at(events, p).unwrap_or(0))
                    ));
                }
                let kept = places.len() - reached.len();
                (
                    format!("fire kept from {}", places.join(", ")),
                    format!("{kept} of {} kept", places.len()),
                    Some(kept as f64),
                    if kept == places.len() {
                        Rating::P
                    } else {
                        Rating::of_share(kept, places.len()).max(Rating::S)
                    },
                )
            }
            RawTarget::PeopleExposedAtMost { max } => (
                format!("at most {max} people exposed"),
                format!("{people_exposed} exposed"),
                Some(people_exposed as f64),
                Rating::of_limit(people_exposed as f64, *max as f64),
            ),
            RawTarget::CasualtiesAtMost { max } => {
                let c = outcome.map(|o| o.3).unwrap_or(0);
                (
                    format!("at most {max} casualties untreated"),
                    format!("{c} untreated"),
                    Some(c as f64),
                    Rating::of_limit(c as f64, *max as f64),
                )
            }
            RawTarget::BuildingsFloodedAtMost { max } => {
                let b = outcome.map(|o| o.1).unwrap_or(0);
                (
                    format!("at most {max} buildings flooded"),
                    format!("{b} flooded"),
                    Some(b as f64),
                    Rating::of_limit(b as f64, *max as f64),
                )
            }
            RawTarget::AreaBurntAtMostHa { max } => {
                let a = outcome.map(|o| o.2).unwrap_or(0.0);
                (
                    format!("at most {max} ha burnt"),
                    format!("{a:.1} ha burnt"),
                    Some(a),
                    Rating::of_limit(a, *max),
                )
            }
        };
        objectives.push(ObjectiveScore {
            id: o.id.clone(),
            title: o.title.clone(),
            capability: o.capability.clone(),
            target,
            value,
            measured,
            met: rating == Rating::P,
            rating,
            points: (o.points * rating.share() * 100.0).round() / 100.0,
            max_points: o.points,
            critical_path,
            undecided_at_s: None,
        });
    }
    // seats
    let mut seats: BTreeMap<String, SeatTimes> = BTreeMap::new();
    for m in &s.org.members {
        if matches!(m.kind, MemberKind::Command { .. }) {
            seats.insert(
                m.id.clone(),
                SeatTimes {
                    seat: m.id.clone(),
                    ..Default::default()
                },
            );
        }
    }
    for e in events {
        match &e.kind {
            EventKind::Acknowledged { seat, after_s, .. } => {
                if let Some(st) = seats.get_mut(seat) {
                    st.decision_s += after_s;
                    st.acknowledgements += 1;
                }
            }
            EventKind::PlanRuleFired { seat, delay_s, .. } => {
                if let Some(st) = seats.get_mut(seat) {
                    st.decision_s += delay_s;
                }
            }
            EventKind::MessageReceived { hops, .. } => {
                for (i, w) in hops.windows(2).enumerate() {
                    if i > 0
                        && let Some(st) = seats.get_mut(&w[0].0)
                    {
                        st.relay_s += w[1].1 - w[0].1;
                    }
                }
            }
            _ => {}
        }
    }
    let mut seats: Vec<SeatTimes> = seats.into_values().collect();
    seats.sort_by(|a, b| {
        (b.decision_s + b.relay_s)
            .cmp(&(a.decision_s + a.relay_s))
            .then_with(|| a.seat.cmp(&b.seat))
    });
    // an empty f64 sum is -0.0, which would print as "-0.0": + 0.0 makes it 0.0
    let total = objectives.iter().map(|o| o.points).sum::<f64>() + 0.0;
    let max_total = objectives.iter().map(|o| o.max_points).sum::<f64>() + 0.0;
    Scorecard {
        scenario: s.meta.name.clone(),
        objectives,
        total: (total * 100.0).round() / 100.0,
        max_total,
        seats,
    }
}

impl Scorecard {
    /// How many objectives the run stopped before deciding.
    pub fn undecided(&self) -> usize {
        self.objectives
            .iter()
            .filter(|o| o.undecided_at_s.is_some())
            .count()
    }

    /// Readable scorecard; `baseline` adds the plan's values beside the team's.
    pub fn render(&self, baseline: Option<&Scorecard>) -> String {
        let mut out = format!("\nScorecard — {}\n", self.scenario);
        if self.objectives.is_empty() {
            out.push_str("  (the scenario has no objectives)\n");
        }
        for (i, o) in self.objectives.iter().enumerate() {
            let (rating, points) = match o.undecided_at_s {
                Some(_) => ("—".to_string(), "—".to_string()),
                None => (format!("{:?}", o.rating), format!("{:.1}", o.points)),
            };
            out.push_str(&format!(
                "  {} [{rating}] {points:>5}/{:<4} {} — {}\n",
                o.id, o.max_points, o.title, o.capability
            ));
            if let Some(t) = o.undecided_at_s {
                out.push_str(&format!(
                    "       not decided: the run stops at {}, before the result is known\n",
                    hms(t)
                ));
            }
            let result = if o.undecided_at_s.is_some() {
                "so far"
            } else {
                "result"
            };
            out.push_str(&format!(
                "       target: {}\n       {result}: {}\n",
                o.target, o.value
            ));
            if let Some(b) = baseline.and_then(|b| b.objectives.get(i)) {
                out.push_str(&format!("       plan:   {} [{:?}]\n", b.value, b.rating));
            }
            for c in &o.critical_path {
                out.push_str(&format!("       why:    {c}\n"));
            }
        }
        out.push_str(&format!(
            "  Total {:.1} of {}",
            self.total + 0.0,
            self.max_total + 0.0
        ));
        let open = self.undecided();
        if open > 0 {
            out.push_str(&format!(
                " so far ({open} of {} objectives not decided)",
                self.objectives.len()
            ));
        }
        if let Some(b) = baseline {
            out.push_str(&format!(" (plan baseline {:.1})", b.total));
        }
        out.push_str("\n  Time added per seat (decisions + relaying):\n");
        for st in self.seats.iter().filter(|s| s.decision_s + s.relay_s > 0) {
            out.push_str(&format!(
                "    {:<16} decisions {}  relaying {}  ({} acknowledgements)\n",
                st.seat,
                hms(st.decision_s),
                hms(st.relay_s),
                st.acknowledgements
            ));
        }
        out
    }
}
