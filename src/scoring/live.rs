//! Live objective status: while an exercise runs, whether each objective is already
//! **Met** (nothing that can still happen changes it), already **Failed** (it cannot
//! be met any more) or still **Pending**, with the time left where a deadline is
//! known.
//!
//! Invariants (tested in `tests/live_status.rs` on the bundled scenarios): an
//! objective called Met or Failed before the end keeps that answer to the end, and at
//! the end the answer is exactly the scorecard's ([`super::score`]: Met iff the
//! objective is rated P). The reasoning per target follows the scorecard's own
//! definitions: first events only move forward in time, the next event can happen no
//! earlier than the second of the next tick, and the outcome counts used here (people
//! exposed, buildings at flooded places, area burnt) only grow. Untreated casualties
//! can fall as they are treated, so that objective stays Pending until the end.

use serde::Serialize;

use super::{Rating, Scorecard, responders, score};
use crate::scenario::Scenario;
use crate::scenario::raw::RawTarget;
use crate::sim::Engine;
use crate::sim::events::{Event, EventKind};
use crate::sim::hazards::HazardState;

/// Where an objective stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LiveStatus {
    /// Met, for good.
    Met,
    /// It cannot be met any more.
    Failed,
    /// Not decided yet.
    Pending {
        /// Simulated seconds left before it fails, where a deadline is known (a
        /// response time), or before the end of the exercise for an objective judged
        /// at the end (limits, fire kept away); `None` when no deadline is known yet
        /// (an inject not yet delivered, a hazard not yet arrived).
        left_s: Option<u64>,
    },
}

/// One objective's live status with the scorecard's words for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveObjective {
    /// Objective id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The target, in words (as the scorecard gives it).
    pub target: String,
    /// The value measured so far, in words.
    pub value: String,
    /// Met, Failed or Pending.
    pub status: LiveStatus,
    /// The scorecard's rating (P/S/M/U) once nothing that can still happen changes it —
    /// at the end; when Met (always P); for a response-time target once the action
    /// came, even late (its delay is then fixed) — else `None`. Equal to the final
    /// scorecard's rating whenever given.
    pub rating: Option<Rating>,
    /// The points of `rating` (the scorecard's), when it is given.
    pub points: Option<f64>,
}

/// The moment the status is taken at, in simulated seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Second of the last tick run.
    pub now_s: u64,
    /// Second of the next tick: the earliest anything new can happen.
    pub next_s: u64,
    /// Second of the exercise's last tick.
    pub end_s: u64,
    /// Whether the exercise has run to its end.
    pub finished: bool,
}

/// Outcome counts so far (see [`crate::sim::effects::outcome`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SoFar {
    /// Buildings at places the flood reached.
    pub buildings_flooded: u32,
    /// Area burnt, ha.
    pub area_burnt_ha: f64,
    /// Casualties not treated.
    pub casualties: u32,
}

/// Live status of every objective of the engine's exercise now.
pub fn live(s: &Scenario, e: &Engine) -> Vec<LiveObjective> {
    let c = e.clock();
    let tick = c.tick.saturating_sub(1);
    let moment = Moment {
        now_s: tick * c.tick_s,
        next_s: c.tick * c.tick_s,
        end_s: c.last_tick * c.tick_s,
        finished: e.finished(),
    };
    let hz = e.world().resource::<HazardState>();
    let (_, buildings_flooded, area_burnt_ha, casualties) =
        crate::sim::effects::outcome(s, hz, e.events(), moment.now_s);
    status(
        s,
        e.events(),
        moment,
        SoFar {
            buildings_flooded,
            area_burnt_ha,
            casualties,
        },
    )
}

/// Marks the objectives of `card` (the scorecard of the engine's events so far) that
/// the run has not decided yet, when it stopped before the end of the exercise: those
/// whose live rating ([`LiveObjective::rating`]) is not known yet get
/// [`super::ObjectiveScore::undecided_at_s`], the second of the last tick run, and no
/// points, rating U, not met and no critical path (the total drops their points).
/// Nothing changes for a finished run.
pub fn mark_undecided(card: &mut Scorecard, s: &Scenario, e: &Engine) {
    if e.finished() {
        return;
    }
    let c = e.clock();
    let now_s = c.tick.saturating_sub(1) * c.tick_s;
    for l in live(s, e) {
        if l.rating.is_none()
            && let Some(o) = card.objectives.iter_mut().find(|o| o.id == l.id)
        {
            // nothing is scored for it yet: no points, no rating, no "why late"
            o.undecided_at_s = Some(now_s);
            card.total -= o.points;
            o.points = 0.0;
            o.rating = super::Rating::U;
            o.met = false;
            o.critical_path.clear();
        }
    }
}

fn first_at(events: &[Event], f: impl Fn(&EventKind) -> bool) -> Option<u64> {
    events.iter().find(|e| f(&e.kind)).map(|e| e.t_s)
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

/// A time target "done within `within` of `t0`": `t0` the start (None: not started
/// yet), `done` when it was done (None: not yet).
fn within_status(t0: Option<u64>, done: Option<u64>, within: u64, m: Moment) -> LiveStatus {
    match (t0, done) {
        (Some(t0), Some(d)) if d.saturating_sub(t0) <= within => LiveStatus::Met,
        (Some(_), Some(_)) => LiveStatus::Failed,
        (Some(t0), None) if m.next_s > t0 + within => LiveStatus::Failed,
        (Some(t0), None) => LiveStatus::Pending {
            left_s: Some((t0 + within).saturating_sub(m.now_s)),
        },
        (None, _) => LiveStatus::Pending { left_s: None },
    }
}

/// Live status from the event log so far (the engine-free core of [`live`]).
pub fn status(s: &Scenario, events: &[Event], m: Moment, so_far: SoFar) -> Vec<LiveObjective> {
    let card: Scorecard = score(s, events);
    let to_end = LiveStatus::Pending {
        left_s: Some(m.end_s.saturating_sub(m.now_s)),
    };
    s.objectives
        .iter()
        .zip(&card.objectives)
        .map(|(o, sc)| {
            // a response time whose action came: its measure, so its rating, is fixed
            let mut fixed = false;
            let st = if m.finished {
                if sc.met {
                    LiveStatus::Met
                } else {
                    LiveStatus::Failed
                }
            } else {
                match &o.target {
                    RawTarget::AcknowledgeWithin { within, seats } => {
                        ack_status(events, seats, within.0, m)
                    }
                    RawTarget::WarningLead { places, lead } => {
                        let mut all_ok = !places.is_empty();
                        let mut failed = places.is_empty();
                        for p in places {
                            let w = first_at(events, |k| {
                                matches!(k, EventKind::PlaceWarned { place, .. } if place == p)
                            });
                            let r = first_at(events, |k| {
                                matches!(k, EventKind::PlaceReached { place, .. } if place == p)
                            });
                            let ok = match (w, r) {
                                (Some(w), Some(r)) => r >= w + lead.0,
                                (Some(w), None) => m.next_s >= w + lead.0,
                                (None, _) => false,
                            };
                            let bad = match (w, r) {
                                (None, Some(_)) => true,
                                (Some(w), Some(r)) => r < w + lead.0,
                                _ => false,
                            };
                            all_ok &= ok;
                            failed |= bad;
                        }
                        if failed {
                            LiveStatus::Failed
                        } else if all_ok {
                            LiveStatus::Met
                        } else {
                            LiveStatus::Pending { left_s: None }
                        }
                    }
                    RawTarget::EvacuatedBeforeArrival { places } => {
                        let mut all_ok = !places.is_empty();
                        let mut failed = places.is_empty();
                        let mut started = false;
                        for p in places {
                            let d = first_at(events, |k| {
                                matches!(k, EventKind::EvacuationDone { place, .. } if place == p)
                            });
                            started |= first_at(events, |k| {
                                matches!(k, EventKind::EvacuationStarted { place, .. } if place == p)
                            })
                            .is_some();
                            let r = first_at(events, |k| {
                                matches!(k, EventKind::PlaceReached { place, .. } if place == p)
                            });
                            all_ok &= match (d, r) {
                                (Some(d), Some(r)) => d <= r,
                                (Some(_), None) => true,
                                (None, _) => false,
                            };
                            failed |= match (d, r) {
                                (None, Some(_)) => true,
                                (Some(d), Some(r)) => d > r,
                                _ => false,
                            };
                        }
                        if failed {
                            LiveStatus::Failed
                        } else if all_ok && started {
                            LiveStatus::Met
                        } else {
                            LiveStatus::Pending { left_s: None }
                        }
                    }
                    RawTarget::ProtectedBeforeArrival { places } => {
                        let all: Vec<super::Protection> =
                            places.iter().map(|p| super::protection(events, p)).collect();
                        if places.is_empty() || all.iter().any(|p| p.failed) {
                            LiveStatus::Failed
                        } else if all.iter().all(|p| p.ok && p.evacuated) {
                            LiveStatus::Met
                        } else if all.iter().all(|p| p.ok) {
                            // sheltering places keep out gas only: water or fire may
                            // still come until the end
                            to_end
                        } else {
                            LiveStatus::Pending { left_s: None }
                        }
                    }
                    RawTarget::FirstOnScene {
                        place,
                        within,
                        after,
                    } => {
                        let t0 = match after {
                            Some(i) => first_at(events, |k| {
                                matches!(k, EventKind::InjectDelivered { inject, .. } if inject == i)
                            }),
                            None => Some(0),
                        };
                        let able = responders(s);
                        let arrived = first_at(events, |k| {
                            matches!(k, EventKind::UnitArrived { place: p, unit } if p == place && able.contains(unit.as_str()))
                        });
                        fixed = t0.is_some() && arrived.is_some();
                        within_status(t0, arrived, within.0, m)
                    }
                    RawTarget::ResponseLevelWithin {
                        level,
                        within,
                        after,
                    } => {
                        let t0 = match after {
                            Some(i) => first_at(events, |k| {
                                matches!(k, EventKind::InjectDelivered { inject, .. } if inject == i)
                            }),
                            None => Some(0),
                        };
                        let want = level_rank(&format!("{level:?}"));
                        let got = first_at(events, |k| {
                            matches!(k, EventKind::ResponseLevelChanged { level: l, .. } if level_rank(l) >= want)
                        });
                        fixed = t0.is_some() && got.is_some();
                        within_status(t0, got, within.0, m)
                    }
                    RawTarget::LeakContainedWithin { within } => {
                        let flood_started = s
                            .hazards
                            .leak
                            .as_ref()
                            .is_some_and(|l| l.flood_trigger.is_some());
                        let t0 = if flood_started {
                            first_at(events, |k| {
                                matches!(k, EventKind::HazardStarted { hazard, .. } if hazard == "chemical_leak")
                            })
                        } else {
                            Some(0)
                        };
                        let got = first_at(events, |k| matches!(k, EventKind::LeakContained { .. }));
                        fixed = t0.is_some() && got.is_some();
                        within_status(t0, got, within.0, m)
                    }
                    RawTarget::FireKeptFrom { places } => {
                        let reached = places.iter().any(|p| {
                            events.iter().any(|e| matches!(&e.kind, EventKind::PlaceReached { place, hazard, .. } if place == p && hazard == "forest_fire"))
                        });
                        if reached { LiveStatus::Failed } else { to_end }
                    }
                    RawTarget::PeopleExposedAtMost { max } => {
                        let n = crate::sim::events::sum_counts(events, |k| match k {
                            EventKind::PeopleExposed { people, .. } => Some(*people),
                            _ => None,
                        });
                        if n > *max { LiveStatus::Failed } else { to_end }
                    }
                    RawTarget::BuildingsFloodedAtMost { max } => {
                        if so_far.buildings_flooded > *max {
                            LiveStatus::Failed
                        } else {
                            to_end
                        }
                    }
                    RawTarget::AreaBurntAtMostHa { max } => {
                        if so_far.area_burnt_ha > *max {
                            LiveStatus::Failed
                        } else {
                            to_end
                        }
                    }
                    RawTarget::CasualtiesAtMost { .. } => to_end,
                }
            };
            let value = match &o.target {
                RawTarget::BuildingsFloodedAtMost { .. } if !m.finished => {
                    format!("{} flooded so far", so_far.buildings_flooded)
                }
                RawTarget::AreaBurntAtMostHa { .. } if !m.finished => {
                    format!("{:.1} ha burnt so far", so_far.area_burnt_ha)
                }
                RawTarget::CasualtiesAtMost { .. } if !m.finished => {
                    format!("{} untreated so far", so_far.casualties)
                }
                _ => sc.value.clone(),
            };
            let certain = m.finished || st == LiveStatus::Met || fixed;
            LiveObjective {
                id: o.id.clone(),
                title: o.title.clone(),
                target: sc.target.clone(),
                value,
                status: st,
                rating: certain.then_some(sc.rating),
                points: certain.then_some(sc.points),
            }
        })
        .collect()
}

/// "Every acknowledgement within `within`": failed once one came late or one still
/// waiting can no longer be acknowledged in time; never met before the end (more
/// items may arrive).
fn ack_status(events: &[Event], seats: &[String], within: u64, m: Moment) -> LiveStatus {
    let counted = |seat: &str| seats.is_empty() || seats.iter().any(|x| x == seat);
    let mut waiting: std::collections::BTreeMap<(&str, &str), Vec<u64>> = Default::default();
    for e in events {
        match &e.kind {
            EventKind::AwaitingAck { seat, item } if counted(seat) => waiting
                .entry((seat.as_str(), item.as_str()))
                .or_default()
                .push(e.t_s),
            EventKind::Acknowledged {
                seat,
                item,
                after_s,
                ..
            } if counted(seat) => {
                if *after_s > within {
                    return LiveStatus::Failed;
                }
                if let Some(v) = waiting.get_mut(&(seat.as_str(), item.as_str()))
                    && !v.is_empty()
                {
                    v.remove(0);
                }
            }
            _ => {}
        }
    }
    let earliest = waiting.values().flatten().min().copied();
    match earliest {
        Some(t) if m.next_s > t + within => LiveStatus::Failed,
        Some(t) => LiveStatus::Pending {
            left_s: Some((t + within).saturating_sub(m.now_s)),
        },
        None => LiveStatus::Pending {
            left_s: Some(m.end_s.saturating_sub(m.now_s)),
        },
    }
}
