//! Authority: whether a seat may give an order, checked against the organisation
//! graph when orders are loaded (plan rules, orders files) and again when they are
//! applied (the GUI and the network send inputs too). A seat commands the units and
//! posts under it; the facilitator changes conditions and delivers messages.

use super::refusal::{Refusal, order_name_zh};
use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::{MemberId, MemberKind, Scenario};

/// A refusal and the field of the input it points at.
type Why = Option<(Refusal, &'static str)>;

/// `Some((refusal, field))`, the English and Chinese texts given.
fn why(en: String, zh: String, field: &'static str) -> Why {
    Some((Refusal::new(en, zh), field))
}

/// Refusal when `seat` does not command unit `u` (it is not under the seat).
fn unit_authority(
    s: &Scenario,
    input: &Input,
    seat: Option<MemberId>,
    u: MemberId,
    unit: &str,
) -> Why {
    let seat = seat?;
    (!s.org.is_under(u, seat)).then(|| {
        (
            Refusal::new(
                format!(
                    "`{}` has no authority over `{unit}`: it is not under that seat",
                    input.seat
                ),
                format!("`{}` 无权指挥 `{unit}`：它不隶属于该席位", input.seat),
            ),
            "order.unit",
        )
    })
}

/// Refusal when `seat` does not command `post`, the post covering `place`.
fn post_authority(
    s: &Scenario,
    input: &Input,
    seat: Option<MemberId>,
    post: MemberId,
    place: &str,
    field: &'static str,
) -> Why {
    let seat = seat?;
    (!s.org.is_under(post, seat)).then(|| {
        let id = &s.org.member(post).id;
        (
            Refusal::new(
                format!(
                    "`{}` has no authority over `{id}`, which covers `{place}`",
                    input.seat
                ),
                format!("`{}` 无权指挥负责 `{place}` 的 `{id}`", input.seat),
            ),
            field,
        )
    })
}

/// Why an input cannot be carried out (in English), and the field it points at, or
/// `None` when it can. Checked when it is loaded and again when it is applied (the
/// GUI sends inputs too). The same check as [`refusal`], in English only.
pub fn check_input(s: &Scenario, input: &Input) -> Option<(String, &'static str)> {
    refusal(s, input).map(|(r, field)| (r.en, field))
}

/// Why an input cannot be carried out, in English and Chinese (what a player reads),
/// and the field of the input it points at, or `None` when it can.
pub fn refusal(s: &Scenario, input: &Input) -> Why {
    let facilitator = input.seat == FACILITATOR;
    let seat = s.org.find(&input.seat);
    let needs_fac = matches!(
        input.order,
        Order::FailLink { .. }
            | Order::RestoreLink { .. }
            | Order::SetWind { .. }
            | Order::AddUnit { .. }
            | Order::SetSeatMode { .. }
            | Order::DeliverInject { .. }
    );
    if facilitator
        && !matches!(
            input.order,
            Order::FailLink { .. }
                | Order::RestoreLink { .. }
                | Order::SetWind { .. }
                | Order::AddUnit { .. }
                | Order::SetSeatMode { .. }
                | Order::DeliverInject { .. }
                | Order::Message { .. }
        )
    {
        return why(
            "the facilitator delivers messages and changes conditions; orders come from a seat"
                .into(),
            "导调人员只负责发送消息和改变条件；命令应由席位下达".into(),
            "seat",
        );
    }
    if needs_fac && !facilitator {
        return why(
            format!("only the facilitator may {}", input.order.name()),
            format!("只有导调人员可以{}", order_name_zh(&input.order)),
            "seat",
        );
    }
    if !facilitator {
        match seat {
            None => {
                return why(
                    format!("unknown seat `{}`", input.seat),
                    format!("未知席位 `{}`", input.seat),
                    "seat",
                );
            }
            Some(m) if !matches!(s.org.member(m).kind, MemberKind::Command { .. }) => {
                return why(
                    format!("`{}` is a field unit; seats are command posts", input.seat),
                    format!("`{}` 是现场队伍；席位只能是指挥所", input.seat),
                    "seat",
                );
            }
            _ => {}
        }
    }
    match &input.order {
        Order::Dispatch { unit, to, task } => {
            let Some(u) = s.org.find(unit) else {
                return why(
                    format!("unknown unit `{unit}`"),
                    format!("未知队伍 `{unit}`"),
                    "order.unit",
                );
            };
            let MemberKind::Unit(uid) = s.org.member(u).kind else {
                return why(
                    format!("`{unit}` is a command post, not a unit"),
                    format!("`{unit}` 是指挥所，不是队伍"),
                    "order.unit",
                );
            };
            if s.place(to).is_none() {
                return why(
                    format!("unknown place `{to}`"),
                    format!("未知地点 `{to}`"),
                    "order.to",
                );
            }
            if let Some(cap) = task.capability()
                && !s.org.units[uid.0 as usize].capabilities.contains(&cap)
            {
                return why(
                    format!("unit `{unit}` cannot do {task:?} (it has no {cap:?} capability)"),
                    format!("队伍 `{unit}` 不能执行 {task:?}（不具备 {cap:?} 能力）"),
                    "order.task",
                );
            }
            if let refused @ Some(_) = unit_authority(s, input, seat, u, unit) {
                return refused;
            }
        }
        Order::Recall { unit } => {
            let Some(u) = s.org.find(unit) else {
                return why(
                    format!("unknown unit `{unit}`"),
                    format!("未知队伍 `{unit}`"),
                    "order.unit",
                );
            };
            if !matches!(s.org.member(u).kind, MemberKind::Unit(_)) {
                return why(
                    format!("`{unit}` is a command post, not a unit"),
                    format!("`{unit}` 是指挥所，不是队伍"),
                    "order.unit",
                );
            }
            if let refused @ Some(_) = unit_authority(s, input, seat, u, unit) {
                return refused;
            }
        }
        Order::Message { to, .. } => {
            if s.org.find(to).is_none() {
                return why(
                    format!("unknown recipient `{to}`"),
                    format!("未知接收方 `{to}`"),
                    "order.to",
                );
            }
        }
        Order::Acknowledge { item } => {
            let known = matches!(item.as_str(), "warning" | "evacuate" | "all")
                || s.injects.iter().any(|i| &i.id == item);
            if !known {
                return why(
                    format!(
                        "nothing called `{item}` to acknowledge (an inject id, \"warning\", \"evacuate\" or \"all\")"
                    ),
                    format!(
                        "没有名为 `{item}` 的待确认事项（应为情景事件编号、\"warning\"、\"evacuate\" 或 \"all\"）"
                    ),
                    "order.item",
                );
            }
        }
        Order::Warn { places, .. } => {
            if places.is_empty() {
                return why(
                    "a warning needs at least one place".into(),
                    "预警至少需要一个地点".into(),
                    "order.places",
                );
            }
            for p in places {
                let Some(pid) = s.place(p) else {
                    return why(
                        format!("unknown place `{p}`"),
                        format!("未知地点 `{p}`"),
                        "order.places",
                    );
                };
                let Some(post) = s.covering_post(pid) else {
                    return why(
                        format!("no command post covers `{p}` (add it to a post's `covers`)"),
                        format!("没有指挥所负责 `{p}`（请把它加入某个指挥所的 `covers`）"),
                        "order.places",
                    );
                };
                if let refused @ Some(_) = post_authority(s, input, seat, post, p, "order.places") {
                    return refused;
                }
            }
        }
        Order::SetLevel { .. } => {
            if seat.is_some_and(|m| m != s.org.top) {
                let top = &s.org.member(s.org.top).id;
                return why(
                    format!("only the top command post `{top}` sets the response level"),
                    format!("只有最高指挥所 `{top}` 可以设定响应级别"),
                    "seat",
                );
            }
        }
        Order::Evacuate { place, to } => {
            let Some(pid) = s.place(place) else {
                return why(
                    format!("unknown place `{place}`"),
                    format!("未知地点 `{place}`"),
                    "order.place",
                );
            };
            match s.place(to) {
                None => {
                    return why(
                        format!("unknown shelter `{to}`"),
                        format!("未知安置点 `{to}`"),
                        "order.to",
                    );
                }
                Some(sh) if s.places[sh.0 as usize].kind != crate::scenario::PlaceKind::Shelter => {
                    return why(
                        format!("`{to}` is not a shelter"),
                        format!("`{to}` 不是安置点"),
                        "order.to",
                    );
                }
                _ => {}
            }
            let Some(post) = s.covering_post(pid) else {
                return why(
                    format!("no command post covers `{place}`"),
                    format!("没有指挥所负责 `{place}`"),
                    "order.place",
                );
            };
            if let refused @ Some(_) = post_authority(s, input, seat, post, place, "order.place") {
                return refused;
            }
        }
        Order::RequestMutualAid { units } => {
            if units.is_empty() {
                return why(
                    "name at least one unit".into(),
                    "至少指定一支队伍".into(),
                    "order.units",
                );
            }
            for u in units {
                let spec = s.org.find(u).and_then(|m| match s.org.member(m).kind {
                    MemberKind::Unit(id) => Some(&s.org.units[id.0 as usize]),
                    _ => None,
                });
                match spec {
                    None => {
                        return why(
                            format!("unknown unit `{u}`"),
                            format!("未知队伍 `{u}`"),
                            "order.units",
                        );
                    }
                    Some(sp) if sp.mutual_aid_s.is_none() => {
                        return why(
                            format!(
                                "`{u}` is not a mutual-aid unit (it has no `mutual_aid` delay)"
                            ),
                            format!("`{u}` 不是增援队伍（没有 `mutual_aid` 延时）"),
                            "order.units",
                        );
                    }
                    Some(sp) if seat.is_some_and(|seat| !s.org.is_under(sp.member, seat)) => {
                        return why(
                            format!(
                                "`{}` has no authority over `{u}`: it is not under that seat",
                                input.seat
                            ),
                            format!("`{}` 无权指挥 `{u}`：它不隶属于该席位", input.seat),
                            "order.units",
                        );
                    }
                    _ => {}
                }
            }
        }
        Order::ShelterInPlace { place } => {
            let Some(pid) = s.place(place) else {
                return why(
                    format!("unknown place `{place}`"),
                    format!("未知地点 `{place}`"),
                    "order.place",
                );
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
                return why(
                    format!("no road section between `{a}` and `{b}`"),
                    format!("`{a}` 与 `{b}` 之间没有路段"),
                    "order",
                );
            }
        }
        Order::FailLink { a, b } | Order::RestoreLink { a, b } => {
            let (Some(ma), Some(mb)) = (s.org.find(a), s.org.find(b)) else {
                return why(
                    format!("unknown link end `{a}` or `{b}`"),
                    format!("未知链路端点 `{a}` 或 `{b}`"),
                    "order",
                );
            };
            if !s
                .org
                .links
                .iter()
                .any(|l| (l.a == ma && l.b == mb) || (l.a == mb && l.b == ma))
            {
                return why(
                    format!("there is no link between `{a}` and `{b}`"),
                    format!("`{a}` 与 `{b}` 之间没有通信链路"),
                    "order",
                );
            }
        }
        Order::SetWind {
            wind_m_s,
            wind_from_deg,
        } => {
            use crate::scenario::validate::{MAX_WIND_M_S, PLUME_MIN_WIND_M_S};
            if !(0.0..=MAX_WIND_M_S).contains(wind_m_s) || !(0.0..=360.0).contains(wind_from_deg) {
                return why(
                    format!("wind must be 0–{MAX_WIND_M_S} m/s from 0–360°"),
                    format!("风速须在 0–{MAX_WIND_M_S} m/s，风向须在 0–360°"),
                    "order",
                );
            }
            if s.hazards.leak.is_some() && *wind_m_s < PLUME_MIN_WIND_M_S {
                return why(
                    crate::scenario::validate::plume_calm_message(*wind_m_s),
                    format!(
                        "风速 {wind_m_s} m/s 低于 {PLUME_MIN_WIND_M_S} m/s，化学品泄漏烟羽模型在此风速下不成立"
                    ),
                    "order",
                );
            }
        }
        Order::AddUnit { unit } => match s.org.find(unit).map(|m| &s.org.member(m).kind) {
            None => {
                return why(
                    format!("unknown unit `{unit}`"),
                    format!("未知队伍 `{unit}`"),
                    "order.unit",
                );
            }
            Some(MemberKind::Unit(uid)) if s.org.units[uid.0 as usize].mutual_aid_s.is_none() => {
                return why(
                    format!(
                        "`{unit}` is already in the exercise; only reserve (`mutual_aid`) units can be added"
                    ),
                    format!("`{unit}` 已在演练中；只能增加预备（`mutual_aid`）队伍"),
                    "order.unit",
                );
            }
            Some(MemberKind::Unit(_)) => {}
            Some(_) => {
                return why(
                    format!("`{unit}` is a command post, not a unit"),
                    format!("`{unit}` 是指挥所，不是队伍"),
                    "order.unit",
                );
            }
        },
        Order::DeliverInject { inject } => {
            if !s.injects.iter().any(|i| &i.id == inject) {
                return why(
                    format!("no MSEL inject `{inject}`"),
                    format!("情景事件清单中没有 `{inject}`"),
                    "order.inject",
                );
            }
        }
        Order::SetSeatMode { seat, .. } => match s.org.find(seat).map(|m| &s.org.member(m).kind) {
            Some(MemberKind::Command { .. }) => {}
            Some(_) => {
                return why(
                    format!("`{seat}` is a field unit; seats are command posts"),
                    format!("`{seat}` 是现场队伍；席位只能是指挥所"),
                    "order.seat",
                );
            }
            None => {
                return why(
                    format!("unknown seat `{seat}`"),
                    format!("未知席位 `{seat}`"),
                    "order.seat",
                );
            }
        },
    }
    None
}
