//! What one seat may know and do, as plain data computed from the engine (the
//! "render input" of A/B Street): its inbox with what waits for its acknowledgement,
//! its units and their routes, the places, the hazard as it is reported to it, the
//! orders it may give with the pickers' choices, and its refusals; and, for the
//! facilitator, the console: every seat's inbox, the MSEL, links, wind, who plays
//! each seat and the live objectives.
//!
//! Front ends (the exercise server, and the GUI when it moves to it) draw these
//! structures and send back [`crate::order::Input`]s; nothing here renders or holds
//! state between calls. Invariants: a seat's view names only what the seat may know —
//! its own queue and messages, units under it, the hazard near its units and the
//! places it covers — and its pickers offer only orders that pass the same authority
//! check as orders files ([`crate::scenario::authority::check_input`]).

use serde::Serialize;

use crate::order::FACILITATOR;
use crate::scenario::{MemberId, MemberKind, Scenario};
use crate::sim::Engine;
use crate::sim::command::CommandState;

pub mod choices;
pub mod console;
pub mod inbox;
pub mod map;
pub mod words;

pub use choices::{Choice, OrderChoices, order_choices, refuse};
pub use console::{Console, console};
pub use inbox::{InboxItem, LogLine, inbox, log_lines};
pub use map::{PlaceMark, UnitMark, places, units, visible_cells};

/// The exercise clock as a seat sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockView {
    /// Last tick run.
    pub tick: u64,
    /// Its second from the start.
    pub now_s: u64,
    /// Second the next tick stands for: when an order given now is applied.
    pub next_s: u64,
    /// Second of the last tick.
    pub end_s: u64,
    /// Whether the exercise has run to its end.
    pub finished: bool,
    /// Response level in force (`"IV"` … `"I"`).
    pub response_level: Option<String>,
}

/// The clock of an engine.
pub fn clock(e: &Engine) -> ClockView {
    let c = e.clock();
    let tick = c.tick.saturating_sub(1);
    ClockView {
        tick,
        now_s: tick * c.tick_s,
        next_s: c.tick * c.tick_s,
        end_s: c.last_tick * c.tick_s,
        finished: e.finished(),
        response_level: e
            .world()
            .resource::<CommandState>()
            .level
            .map(|l| format!("{l:?}")),
    }
}

/// Everything one seat sees now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatView {
    /// Seat id (a command post).
    pub seat: String,
    /// Its name.
    pub name: String,
    /// Whether people play it now (false: the plan plays it and orders are refused).
    pub human: bool,
    /// The clock.
    pub clock: ClockView,
    /// What waits for its acknowledgement, oldest first.
    pub inbox: Vec<InboxItem>,
    /// Its messages in and out, refusals included, newest first (at most
    /// [`inbox::LOG_LINES`]).
    pub log: Vec<LogLine>,
    /// Its orders given but not yet applied: (second, text, text in Chinese).
    pub queued: Vec<(u64, String, String)>,
    /// Units under it.
    pub units: Vec<UnitMark>,
    /// Every place, with what the seat knows of it.
    pub places: Vec<PlaceMark>,
}

/// A command post by id, or why not.
pub fn command_post(s: &Scenario, seat: &str) -> Result<MemberId, String> {
    match s.org.find(seat) {
        Some(m) if matches!(s.org.member(m).kind, MemberKind::Command { .. }) => Ok(m),
        Some(_) => Err(format!("`{seat}` is a field unit; seats are command posts")),
        None => Err(format!("unknown seat `{seat}`")),
    }
}

/// Whether people play `seat` now (the plan plays every other seat).
pub fn is_human(e: &Engine, seat: MemberId) -> bool {
    e.world().resource::<CommandState>().held.contains(&seat)
}

/// The view of `seat` now.
///
/// Errors: `seat` is not a command post of the scenario.
pub fn seat_view(s: &Scenario, e: &mut Engine, seat: &str) -> Result<SeatView, String> {
    let m = command_post(s, seat)?;
    let mask = visible_cells(s, e, Some(m));
    Ok(SeatView {
        seat: seat.to_string(),
        name: s.org.member(m).name.clone(),
        human: is_human(e, m),
        clock: clock(e),
        inbox: inbox(s, e, m),
        log: log_lines(s, e, Some(seat)),
        queued: queued(e, seat),
        units: units(s, e, Some(m)),
        places: places(s, e, mask.as_deref()),
    })
}

/// Inputs of `seat` (or of the facilitator) queued and not yet applied.
pub fn queued(e: &Engine, seat: &str) -> Vec<(u64, String, String)> {
    let q = e.world().resource::<crate::sim::InputQueue>();
    q.pending
        .iter()
        .filter(|i| i.seat == seat)
        .take(50)
        .map(|i| {
            (
                i.at.0,
                describe_order(&i.order),
                describe_order_zh(&i.order),
            )
        })
        .collect()
}

/// An order in a few words ("Dispatch E1 to V1 (Rescue)").
pub fn describe_order(o: &crate::order::Order) -> String {
    use crate::order::Order as O;
    match o {
        O::Dispatch { unit, to, task } => format!("dispatch {unit} to {to} ({task:?})"),
        O::Recall { unit } => format!("recall {unit}"),
        O::Acknowledge { item } => format!("acknowledge {item}"),
        O::Warn {
            places,
            level,
            channel,
        } => format!("warn {} ({level:?}, {channel:?})", places.join(", ")),
        O::SetLevel { level } => format!("response level {level:?}"),
        O::Evacuate { place, to } => format!("evacuate {place} to {to}"),
        O::ShelterInPlace { place } => format!("shelter in place at {place}"),
        O::CloseRoad { a, b } => format!("close road {a} – {b}"),
        O::RequestMutualAid { units } => format!("request mutual aid {}", units.join(", ")),
        O::Message { to, text } => format!("message to {to}: {text}"),
        O::FailLink { a, b } => format!("fail link {a} – {b}"),
        O::RestoreLink { a, b } => format!("restore link {a} – {b}"),
        O::AddUnit { unit } => format!("add unit {unit}"),
        O::SetSeatMode { seat, human } => format!(
            "hand {seat} to {}",
            if *human { "people" } else { "the plan" }
        ),
        O::SetWind {
            wind_m_s,
            wind_from_deg,
        } => format!("wind {wind_m_s:.1} m/s from {wind_from_deg:.0}°"),
        O::DeliverInject { inject } => format!("deliver inject {inject} now"),
    }
}

/// An order in a few words, in Chinese (the counterpart of [`describe_order`]; ids,
/// tasks and levels as the scenario writes them).
pub fn describe_order_zh(o: &crate::order::Order) -> String {
    use crate::order::Order as O;
    match o {
        O::Dispatch { unit, to, task } => format!("调派 {unit} 前往 {to}（{task:?}）"),
        O::Recall { unit } => format!("召回 {unit}"),
        O::Acknowledge { item } => format!("确认 {item}"),
        O::Warn {
            places,
            level,
            channel,
        } => format!(
            "向 {} 发布预警（{level:?}，{channel:?}）",
            places.join("、")
        ),
        O::SetLevel { level } => format!("响应级别 {level:?}"),
        O::Evacuate { place, to } => format!("组织 {place} 转移至 {to}"),
        O::ShelterInPlace { place } => format!("{place} 就地避险"),
        O::CloseRoad { a, b } => format!("封闭道路 {a} – {b}"),
        O::RequestMutualAid { units } => format!("请求增援 {}", units.join("、")),
        O::Message { to, text } => format!("发给 {to} 的消息：{text}"),
        O::FailLink { a, b } => format!("中断链路 {a} – {b}"),
        O::RestoreLink { a, b } => format!("恢复链路 {a} – {b}"),
        O::AddUnit { unit } => format!("增加队伍 {unit}"),
        O::SetSeatMode { seat, human } => {
            format!("将 {seat} 交由{}", if *human { "参演人员" } else { "预案" })
        }
        O::SetWind {
            wind_m_s,
            wind_from_deg,
        } => format!("风速 {wind_m_s:.1} m/s，风向 {wind_from_deg:.0}°"),
        O::DeliverInject { inject } => format!("立即注入情景事件 {inject}"),
    }
}

/// Whether `seat` names the facilitator.
pub fn is_facilitator(seat: &str) -> bool {
    seat == FACILITATOR
}
