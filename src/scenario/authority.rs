//! Authority: whether a seat may give an order, checked against the organisation
//! graph when orders are loaded (plan rules, orders files) and again when they are
//! applied (the GUI and the network send inputs too). A seat commands the units and
//! posts under it; the facilitator changes conditions and delivers messages.

use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::{MemberId, MemberKind, Scenario};

/// Refusal when `seat` does not command unit `u` (it is not under the seat).
fn unit_authority(
    s: &Scenario,
    input: &Input,
    seat: Option<MemberId>,
    u: MemberId,
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
    seat: Option<MemberId>,
    post: MemberId,
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
        return Some((
            "the facilitator delivers messages and changes conditions; orders come from a seat"
                .into(),
            "seat",
        ));
    }
    if needs_fac && !facilitator {
        return Some((
            format!("only the facilitator may {}", input.order.name()),
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
            use crate::scenario::validate::{MAX_WIND_M_S, PLUME_MIN_WIND_M_S};
            if !(0.0..=MAX_WIND_M_S).contains(wind_m_s) || !(0.0..=360.0).contains(wind_from_deg) {
                return Some((
                    format!("wind must be 0–{MAX_WIND_M_S} m/s from 0–360°"),
                    "order",
                ));
            }
            if s.hazards.leak.is_some() && *wind_m_s < PLUME_MIN_WIND_M_S {
                return Some((
                    crate::scenario::validate::plume_calm_message(*wind_m_s),
                    "order",
                ));
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
        Order::DeliverInject { inject } => {
            if !s.injects.iter().any(|i| &i.id == inject) {
                return Some((format!("no MSEL inject `{inject}`"), "order.inject"));
            }
        }
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
