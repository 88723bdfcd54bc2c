//! A seat's inbox: what waits for its acknowledgement (with how long it has waited
//! and the countdown of the acknowledgement target it counts for) and its log of
//! messages in and out, refusals included.

use serde::Serialize;

use crate::scenario::raw::RawTarget;
use crate::scenario::{MemberId, Scenario};
use crate::sim::Engine;
use crate::sim::command::{CommandState, PendingKind};
use crate::sim::events::EventKind;

/// Log lines a view carries at most (newest first).
pub const LOG_LINES: usize = 80;

/// One item waiting for a seat's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxItem {
    /// Number, unique in the run.
    pub id: u64,
    /// What to send in `Acknowledge { item }` to acknowledge it: the inject id, or
    /// `"warning"` / `"evacuate"` (the oldest of that kind).
    pub ack: String,
    /// `inject`, `warning` or `evacuate`.
    pub kind: String,
    /// Warning level (`Blue` … `Red`) of a warning; `None` otherwise.
    pub level: Option<String>,
    /// What it says: the inject's text, or the warning or evacuation in words.
    pub text: String,
    /// The same in Chinese (an inject's text as the scenario writes it: the scenario
    /// language has no Chinese variant of an inject).
    pub text_zh: String,
    /// Who sent it (an inject's sender as the MSEL gives it; empty otherwise).
    pub from: String,
    /// Second it arrived.
    pub received_s: u64,
    /// Seconds it has waited.
    pub waited_s: u64,
    /// Seconds left before the acknowledgement target it counts for is missed
    /// (negative: overdue by that much); `None` when no target counts it.
    pub countdown_s: Option<i64>,
}

/// One line of a seat's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    /// Second.
    pub t_s: u64,
    /// `in` (received), `out` (sent or done), `refused` (an order refused) or `event`
    /// (anything else, in the facilitator's log).
    pub dir: String,
    /// The event in words.
    pub text: String,
    /// The event in Chinese, by the scenario's names ([`super::words::describe`]).
    pub text_zh: String,
}

/// The tightest acknowledgement target counting `seat`, s.
fn ack_target_s(s: &Scenario, seat: &str) -> Option<u64> {
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

/// What waits for `seat`'s acknowledgement now, oldest first.
pub fn inbox(s: &Scenario, e: &Engine, seat: MemberId) -> Vec<InboxItem> {
    let c = e.clock();
    let now = c.tick.saturating_sub(1) * c.tick_s;
    let seat_id = &s.org.member(seat).id;
    let target = ack_target_s(s, seat_id);
    let cmd = e.world().resource::<CommandState>();
    let Some(list) = cmd.pending.get(&seat) else {
        return Vec::new();
    };
    list.iter()
        .map(|p| {
            let (ack, kind, level, text, from) = match &p.kind {
                PendingKind::Inject(id) => {
                    let inj = s.injects.iter().find(|i| &i.id == id);
                    (
                        id.clone(),
                        "inject",
                        None,
                        inj.map_or_else(|| id.clone(), |i| i.text.clone()),
                        inj.map(|i| i.from.clone()).unwrap_or_default(),
                    )
                }
                PendingKind::Warning { place, level } => {
                    let pl = &s.places[place.0 as usize];
                    (
                        "warning".to_string(),
                        "warning",
                        Some(format!("{level:?}")),
                        // the English keeps the id a player may type
                        format!("{level:?} warning for {} {}", pl.id, pl.name),
                        String::new(),
                    )
                }
                PendingKind::Evacuate { place, to } => {
                    let (pl, sh) = (&s.places[place.0 as usize], &s.places[to.0 as usize]);
                    (
                        "evacuate".to_string(),
                        "evacuate",
                        None,
                        format!("evacuate {} {} to {} {}", pl.id, pl.name, sh.id, sh.name),
                        String::new(),
                    )
                }
            };
            // in Chinese as the GUI's inbox says it: the level and the places by name
            let text_zh = super::words::pending(s, crate::report::i18n::Lang::Zh, &p.kind);
            let waited = now.saturating_sub(p.received_s);
            InboxItem {
                id: p.id,
                ack,
                kind: kind.into(),
                level,
                text,
                text_zh,
                from,
                received_s: p.received_s,
                waited_s: waited,
                countdown_s: target.map(|t| t as i64 - waited as i64),
            }
        })
        .collect()
}

/// The log of `seat` (`None`: every event, for the facilitator), newest first.
pub fn log_lines(s: &Scenario, e: &Engine, seat: Option<&str>) -> Vec<LogLine> {
    let mut out = Vec::new();
    for ev in e.events().iter().rev() {
        let dir = match (&ev.kind, seat) {
            (_, None) => match &ev.kind {
                EventKind::OrderRefused { .. } => "refused",
                _ => "event",
            },
            (EventKind::InjectDelivered { to, .. }, Some(s))
            | (EventKind::MessageReceived { to, .. }, Some(s))
            | (EventKind::MessageUndeliverable { to, .. }, Some(s))
                if to == s =>
            {
                "in"
            }
            (EventKind::MessageSent { from, .. }, Some(s)) if from == s => "out",
            (EventKind::OrderRefused { seat: x, .. }, Some(s)) if x == s => "refused",
            (EventKind::WarningIssued { seat: x, .. }, Some(s))
            | (EventKind::ResponseLevelChanged { seat: x, .. }, Some(s))
            | (EventKind::Acknowledged { seat: x, .. }, Some(s))
            | (EventKind::SeatModeChanged { seat: x, .. }, Some(s))
                if x == s =>
            {
                "out"
            }
            _ => continue,
        };
        out.push(LogLine {
            t_s: ev.t_s,
            dir: dir.into(),
            text: crate::sim::describe::describe(ev),
            text_zh: super::words::describe(s, crate::report::i18n::Lang::Zh, ev),
        });
        if out.len() >= LOG_LINES {
            break;
        }
    }
    out
}
