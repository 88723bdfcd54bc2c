//! The orders a seat may give and what its pickers offer: every choice passes the
//! same authority check as an orders file
//! ([`crate::scenario::authority::check_input`]), so a picker never offers what would
//! be refused for want of authority. [`refuse`] is the check a front end makes when
//! an order arrives, before it is queued.

use serde::Serialize;

use crate::order::{Channel, FACILITATOR, Input, Order, ResponseLevel, Task, WarningLevel};
use crate::scenario::authority::check_input;
use crate::scenario::refusal::Refusal;
use crate::scenario::{MemberKind, PlaceKind, Scenario};
use crate::sim::Engine;
use crate::time::Dur;

/// One entry of a picker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// The id sent in the order.
    pub id: String,
    /// What is shown ("V1 Lijia village").
    pub label: String,
}

/// What a seat's order form offers.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrderChoices {
    /// Order kinds this seat may give at all: `dispatch`, `recall`, `acknowledge`,
    /// `warn`, `set_level`, `evacuate`, `shelter`, `close_road`, `mutual_aid`,
    /// `message`.
    pub kinds: Vec<String>,
    /// Units it commands, with the tasks each can do.
    pub units: Vec<(Choice, Vec<String>)>,
    /// Destinations of a dispatch (every place).
    pub places: Vec<Choice>,
    /// Places it may warn, evacuate or shelter (covered by it or by posts under it).
    pub covered: Vec<Choice>,
    /// Shelters.
    pub shelters: Vec<Choice>,
    /// Warning levels.
    pub warning_levels: Vec<String>,
    /// Channels.
    pub channels: Vec<String>,
    /// Response levels (the top post only).
    pub response_levels: Vec<String>,
    /// Road sections: (a, b) road node ids.
    pub roads: Vec<(String, String)>,
    /// Mutual-aid units it may request.
    pub aid_units: Vec<Choice>,
    /// Recipients of a message (every member but itself).
    pub recipients: Vec<Choice>,
}

const TASKS: [Task; 13] = [
    Task::Suppress,
    Task::FireLine,
    Task::WaterDrop,
    Task::Rescue,
    Task::Sandbag,
    Task::Pump,
    Task::ContainLeak,
    Task::Decontaminate,
    Task::Reconnoitre,
    Task::TreatCasualties,
    Task::Cordon,
    Task::Transport,
    Task::Standby,
];

fn ok(s: &Scenario, seat: &str, order: Order) -> bool {
    check_input(
        s,
        &Input {
            at: Dur(0),
            seat: seat.to_string(),
            order,
        },
    )
    .is_none()
}

/// What `seat` may order (empty for an unknown seat or a field unit).
pub fn order_choices(s: &Scenario, seat: &str) -> OrderChoices {
    let Some(me) = s.org.find(seat) else {
        return OrderChoices::default();
    };
    if !matches!(s.org.member(me).kind, MemberKind::Command { .. }) {
        return OrderChoices::default();
    }
    let choice = |id: &str, name: &str| Choice {
        id: id.to_string(),
        label: format!("{id} {name}"),
    };
    let places: Vec<Choice> = s.places.iter().map(|p| choice(&p.id, &p.name)).collect();
    let shelters: Vec<Choice> = s
        .places
        .iter()
        .filter(|p| p.kind == PlaceKind::Shelter)
        .map(|p| choice(&p.id, &p.name))
        .collect();
    let units: Vec<(Choice, Vec<String>)> = s
        .org
        .units
        .iter()
        .filter_map(|u| {
            let m = s.org.member(u.member);
            let first = s.places.first()?;
            let tasks: Vec<String> = TASKS
                .iter()
                .filter(|t| {
                    ok(
                        s,
                        seat,
                        Order::Dispatch {
                            unit: m.id.clone(),
                            to: first.id.clone(),
                            task: **t,
                        },
                    )
                })
                .map(|t| format!("{t:?}"))
                .collect();
            (!tasks.is_empty()).then(|| (choice(&m.id, &m.name), tasks))
        })
        .collect();
    let covered: Vec<Choice> = s
        .places
        .iter()
        .filter(|p| {
            ok(
                s,
                seat,
                Order::Warn {
                    places: vec![p.id.clone()],
                    level: WarningLevel::Blue,
                    channel: Channel::Phone,
                },
            )
        })
        .map(|p| choice(&p.id, &p.name))
        .collect();
    let response_levels: Vec<String> = [
        ResponseLevel::IV,
        ResponseLevel::III,
        ResponseLevel::II,
        ResponseLevel::I,
    ]
    .iter()
    .filter(|l| ok(s, seat, Order::SetLevel { level: **l }))
    .map(|l| format!("{l:?}"))
    .collect();
    let g = &s.roads.graph;
    let roads: Vec<(String, String)> = g
        .edge_indices()
        .filter_map(|e| g.edge_endpoints(e))
        .map(|(a, b)| (g[a].id.clone(), g[b].id.clone()))
        .collect();
    let aid_units: Vec<Choice> = s
        .org
        .units
        .iter()
        .map(|u| s.org.member(u.member))
        .filter(|m| {
            ok(
                s,
                seat,
                Order::RequestMutualAid {
                    units: vec![m.id.clone()],
                },
            )
        })
        .map(|m| choice(&m.id, &m.name))
        .collect();
    let recipients: Vec<Choice> = s
        .org
        .members
        .iter()
        .filter(|m| m.id != seat)
        .map(|m| choice(&m.id, &m.name))
        .collect();
    let mut kinds = Vec::new();
    if !units.is_empty() {
        kinds.extend(["dispatch", "recall"]);
    }
    kinds.push("acknowledge");
    if !covered.is_empty() {
        kinds.push("warn");
    }
    if !response_levels.is_empty() {
        kinds.push("set_level");
    }
    if !covered.is_empty() && !shelters.is_empty() {
        kinds.push("evacuate");
    }
    if !covered.is_empty() {
        kinds.push("shelter");
    }
    if !roads.is_empty() {
        kinds.push("close_road");
    }
    if !aid_units.is_empty() {
        kinds.push("mutual_aid");
    }
    kinds.push("message");
    OrderChoices {
        kinds: kinds.into_iter().map(String::from).collect(),
        units,
        places,
        covered,
        shelters,
        warning_levels: ["Blue", "Yellow", "Orange", "Red"]
            .map(String::from)
            .to_vec(),
        channels: ["Radio", "Phone", "Broadcast", "Sms", "Messenger"]
            .map(String::from)
            .to_vec(),
        response_levels,
        roads,
        aid_units,
        recipients,
    }
}

/// Longest text of a free message a seat sends live, characters (a long radio
/// report is a few hundred).
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Inputs one seat may have waiting for their tick at once (while the clock is
/// paused, every order waits).
pub const MAX_WAITING_PER_SEAT: usize = 100;
/// Inputs one live exercise takes in all, applied and waiting: far above what people
/// give in a day's exercise (a few hundred), and a bound on what a seat sending as
/// fast as the server lets it can add to the event log, the memory and the recording.
pub const MAX_INPUTS: usize = 20_000;

/// Why a live input would be too much: a message text over [`MAX_MESSAGE_CHARS`], a
/// seat with [`MAX_WAITING_PER_SEAT`] inputs waiting, or an exercise that has taken
/// [`MAX_INPUTS`].
fn too_much(e: &Engine, input: &Input) -> Option<Refusal> {
    if let Order::Message { text, .. } = &input.order {
        let n = text.chars().count();
        if n > MAX_MESSAGE_CHARS {
            return Some(Refusal::new(
                format!("the message is {n} characters long; at most {MAX_MESSAGE_CHARS}"),
                format!("消息长 {n} 个字符；最多 {MAX_MESSAGE_CHARS} 个"),
            ));
        }
    }
    let q = e.world().resource::<crate::sim::InputQueue>();
    if q.applied.len() + q.pending.len() >= MAX_INPUTS {
        return Some(Refusal::new(
            format!("this exercise has taken {MAX_INPUTS} orders, all it takes"),
            format!("本次演练已接收 {MAX_INPUTS} 条命令，已达上限"),
        ));
    }
    let waiting = q.pending.iter().filter(|i| i.seat == input.seat).count();
    if waiting >= MAX_WAITING_PER_SEAT {
        return Some(Refusal::new(
            format!("{waiting} orders of this seat wait for the clock: wait until they apply"),
            format!("本席位已有 {waiting} 条命令等待执行：请等其生效后再下达"),
        ));
    }
    None
}

/// Why `input` (from `input.seat`, a seat or the facilitator) cannot be queued now,
/// or `None` when it can: the authority check of orders files, a seat the plan plays
/// now, an order outside the facilitator's powers, a facilitator input in an official
/// session (`official`), an MSEL inject already delivered, or an exercise already
/// over.
///
/// The reason is in English and Chinese ([`Refusal`]): what the player reads.
pub fn refuse(s: &Scenario, e: &Engine, input: &Input, official: bool) -> Option<Refusal> {
    if e.finished() {
        return Some(Refusal::new("the exercise is over", "演练已结束"));
    }
    if let Some(why) = too_much(e, input) {
        return Some(why);
    }
    if let Some((why, _)) = crate::scenario::authority::refusal(s, input) {
        return Some(why);
    }
    if let Order::DeliverInject { inject } = &input.order {
        if crate::sim::script::inject_delivered(e, inject) {
            return Some(Refusal::new(
                format!("inject `{inject}` has already been delivered"),
                format!("情景事件 `{inject}` 已经注入"),
            ));
        }
        if crate::sim::script::inject_queued(e, inject) {
            return Some(Refusal::new(
                format!("inject `{inject}` is already on its way (it applies at the next tick)"),
                format!("情景事件 `{inject}` 已在注入中（下一步长生效）"),
            ));
        }
    }
    if input.seat == FACILITATOR {
        if official {
            return Some(Refusal::new(
                "an official session has no facilitator: only the team's seats give orders",
                "正式比赛没有导调人员：只有参赛队的席位可以下达命令",
            ));
        }
        return None;
    }
    let m = s.org.find(&input.seat)?;
    if !super::is_human(e, m) {
        return Some(Refusal::new(
            format!(
                "seat `{}` is played by the plan now: the facilitator must hand it to people first",
                input.seat
            ),
            format!(
                "席位 `{}` 现在由预案操作：须先由导调人员交还给人员",
                input.seat
            ),
        ));
    }
    None
}
