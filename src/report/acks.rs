//! Time to acknowledge, per seat and item: every item that waited for a seat's
//! acknowledgement (`AwaitingAck`), paired first-in first-out with its
//! `Acknowledged`, or — when none came — waiting until the end of the run. Each seat is
//! measured against its **own** target: the tightest `AcknowledgeWithin` objective
//! that counts it (an objective with no seat list counts every seat), as the
//! scorecard does; a seat no objective counts has no target.
//!
//! Invariant: every `AwaitingAck` of the run gives exactly one [`AckBar`], so the
//! acknowledgements that never came — the worst failures — are always shown.

use std::collections::BTreeMap;

use super::Run;
use super::i18n::{Lang, f};
use crate::scenario::Scenario;
use crate::scenario::raw::RawTarget;
use crate::sim::events::EventKind;

/// One item that waited for a seat's acknowledgement.
#[derive(Debug, Clone, PartialEq)]
pub struct AckBar {
    /// Seat (command post id).
    pub seat: String,
    /// The seat's name in the scenario.
    pub seat_name: String,
    /// The item as logged: an inject id, `warning:<place>` or `evacuate:<place>`.
    pub item: String,
    /// The item in words, with names (`warning — Dongwan village`, `inject I01`).
    pub item_label: String,
    /// Second it started waiting.
    pub since_s: u64,
    /// Seconds it waited: until acknowledged, or until the end of the run.
    pub waited_s: u64,
    /// Whether it was acknowledged at all.
    pub acknowledged: bool,
    /// The seat's own acknowledgement target, s (`None`: no objective counts it).
    pub target_s: Option<u64>,
}

impl AckBar {
    /// Late: waited longer than its seat's target (never acknowledged counts as late
    /// once the target has passed).
    pub fn late(&self) -> bool {
        self.target_s.is_some_and(|t| self.waited_s > t)
    }
}

/// The tightest acknowledgement target counting `seat`, s.
pub fn seat_target_s(s: &Scenario, seat: &str) -> Option<u64> {
    s.objectives
        .iter()
        .filter_map(|o| match &o.target {
            RawTarget::AcknowledgeWithin { within, seats }
                if seats.is_empty() || seats.iter().any(|x| x == seat) =>
            {
                Some(within.0)
            }
            _ => None,
        })
        .min()
}

/// A seat's name (its id when the scenario has no such member).
pub fn seat_name(s: &Scenario, seat: &str) -> String {
    s.org
        .find(seat)
        .map(|m| s.org.member(m).name.clone())
        .unwrap_or_else(|| seat.to_string())
}

/// An item in words with the place's name, in `lang`.
pub fn item_label_in(s: &Scenario, item: &str, lang: Lang) -> String {
    let place = |id: &str| {
        s.place(id)
            .map(|p| s.places[p.0 as usize].name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if let Some(p) = item.strip_prefix("warning:") {
        f(lang, "warning — {0}", &[&place(p)])
    } else if let Some(p) = item.strip_prefix("evacuate:") {
        f(lang, "evacuation order — {0}", &[&place(p)])
    } else {
        f(lang, "inject {0}", &[item])
    }
}

/// An item in words with the place's name.
pub fn item_label(s: &Scenario, item: &str) -> String {
    let place = |id: &str| {
        s.place(id)
            .map(|p| s.places[p.0 as usize].name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if let Some(p) = item.strip_prefix("warning:") {
        format!("warning — {}", place(p))
    } else if let Some(p) = item.strip_prefix("evacuate:") {
        format!("evacuation order — {}", place(p))
    } else {
        format!("inject {item}")
    }
}

/// Every item that waited for acknowledgement in a run, grouped by seat (in the
/// scenario's order of command posts), in order of arrival within a seat.
pub fn bars(s: &Scenario, run: &Run) -> Vec<AckBar> {
    let end_s = run.last_tick * s.meta.tick_s;
    let mut out: Vec<AckBar> = Vec::new();
    // open items per (seat, item): indices into `out`, oldest first
    let mut open: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for e in &run.events {
        match &e.kind {
            EventKind::AwaitingAck { seat, item } => {
                open.entry((seat.clone(), item.clone()))
                    .or_default()
                    .push(out.len());
                out.push(AckBar {
                    seat: seat.clone(),
                    seat_name: seat_name(s, seat),
                    item: item.clone(),
                    item_label: item_label(s, item),
                    since_s: e.t_s,
                    waited_s: end_s.saturating_sub(e.t_s),
                    acknowledged: false,
                    target_s: seat_target_s(s, seat),
                });
            }
            EventKind::Acknowledged {
                seat,
                item,
                after_s,
                ..
            } => {
                if let Some(v) = open.get_mut(&(seat.clone(), item.clone()))
                    && !v.is_empty()
                {
                    let i = v.remove(0);
                    out[i].acknowledged = true;
                    out[i].waited_s = *after_s;
                }
            }
            _ => {}
        }
    }
    let order: Vec<String> = super::command_posts(s).into_iter().map(|c| c.0).collect();
    let rank = |seat: &str| order.iter().position(|x| x == seat).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        rank(&a.seat)
            .cmp(&rank(&b.seat))
            .then(a.since_s.cmp(&b.since_s))
    });
    out
}

/// A tick label of a minutes axis: whole minutes as such, other ticks with one
/// decimal (a 2-minute axis ticks every half minute: "0 0.5 1 1.5 2", not the "0 0 1
/// 2 2" of rounding every label).
pub fn minutes_tick(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The right end of a minutes axis showing `values` and `targets` (minutes): 15 %
/// beyond the largest, rounded up to a step of 1, 2, 5, 10, 15, 30 or 60 min, and at
/// least 2 min — so a bar of 1.0 min never fills the axis and every target line shows.
pub fn axis_max_min(values: impl IntoIterator<Item = f64>) -> f64 {
    let m = values.into_iter().fold(0.0, f64::max) * 1.15;
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0]
        .into_iter()
        .find(|s| m / s <= 8.0)
        .unwrap_or(120.0);
    ((m / step).ceil() * step).max(2.0)
}
