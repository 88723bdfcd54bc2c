//! Applying inputs at their time: each is checked again for authority (the GUI and
//! the network send inputs too; a refusal is logged), then the command orders go
//! to [`super::command`], orders to units travel as messages, and the facilitator's
//! actions (links, reserve units, seat hand-overs, wind, an MSEL inject delivered
//! early) take effect at once.

use bevy::prelude::*;

use super::command::{self, CommandState};
use super::comms::{Comms, Payload};
use super::events::{EventKind, EventLog};
use super::messages::send;
use super::script;
use super::{InputQueue, Roads, ScenarioRes, Script, SimClock, SimRng};
use crate::order::{self, Order};
use crate::scenario::MemberKind;
use crate::scenario::authority::check_input;

/// Apply the inputs due now: facilitator actions at once, orders as messages.
#[allow(clippy::too_many_arguments)] // one system, many resources
pub(crate) fn apply_inputs(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut queue: ResMut<InputQueue>,
    mut comms: ResMut<Comms>,
    mut script: ResMut<Script>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut roads: ResMut<Roads>,
    mut log: ResMut<EventLog>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while queue.pending.front().is_some_and(|i| i.at.0 <= now) {
        let Some(input) = queue.pending.pop_front() else {
            break;
        };
        queue.applied.push((clock.tick, input.clone()));
        if let Some((reason, _)) = check_input(s, &input) {
            log.push(
                clock.tick,
                now,
                EventKind::OrderRefused {
                    seat: input.seat.clone(),
                    reason,
                },
            );
            continue;
        }
        if let Some(seat) = s.org.find(&input.seat)
            && command::apply_command_order(
                s,
                &mut cmd,
                &mut comms,
                &mut rng,
                &mut roads.0,
                &mut log,
                clock.tick,
                now,
                seat,
                &input.order,
            )
        {
            continue;
        }
        match &input.order {
            Order::FailLink { a, b } | Order::RestoreLink { a, b } => {
                let fail = matches!(input.order, Order::FailLink { .. });
                let (Some(ma), Some(mb)) = (s.org.find(a), s.org.find(b)) else {
                    continue;
                };
                for (i, l) in s.org.links.iter().enumerate() {
                    if (l.a == ma && l.b == mb) || (l.a == mb && l.b == ma) {
                        if fail {
                            comms.failed.insert(i);
                        } else {
                            comms.failed.remove(&i);
                        }
                    }
                }
                let kind = if fail {
                    EventKind::LinkFailed {
                        a: a.clone(),
                        b: b.clone(),
                    }
                } else {
                    EventKind::LinkRestored {
                        a: a.clone(),
                        b: b.clone(),
                    }
                };
                log.push(clock.tick, now, kind);
            }
            Order::AddUnit { unit } => {
                let Some(MemberKind::Unit(uid)) =
                    s.org.find(unit).map(|m| s.org.member(m).kind.clone())
                else {
                    continue;
                };
                if cmd.aid_requested.insert(uid.0) {
                    // arrives in this tick's command step
                    cmd.aid_due.insert((now, uid.0));
                    log.push(
                        clock.tick,
                        now,
                        EventKind::MutualAidRequested {
                            seat: order::FACILITATOR.into(),
                            unit: unit.clone(),
                            eta_s: now,
                        },
                    );
                } else {
                    log.push(
                        clock.tick,
                        now,
                        EventKind::OrderRefused {
                            seat: input.seat.clone(),
                            reason: format!("`{unit}` has already been requested or added"),
                        },
                    );
                }
            }
            Order::SetSeatMode { seat, human } => {
                let Some(m) = s.org.find(seat) else { continue };
                if *human {
                    cmd.held.insert(m);
                } else {
                    cmd.held.remove(&m);
                }
                log.push(
                    clock.tick,
                    now,
                    EventKind::SeatModeChanged {
                        seat: seat.clone(),
                        human: *human,
                    },
                );
            }
            Order::SetWind {
                wind_m_s,
                wind_from_deg,
            } => {
                script.wind_m_s = *wind_m_s;
                script.wind_from_deg = *wind_from_deg;
                log.push(
                    clock.tick,
                    now,
                    EventKind::WeatherChanged {
                        wind_m_s: *wind_m_s,
                        wind_from_deg: *wind_from_deg,
                    },
                );
            }
            // handled by `command::apply_command_order` above
            Order::Acknowledge { .. }
            | Order::Warn { .. }
            | Order::SetLevel { .. }
            | Order::Evacuate { .. }
            | Order::ShelterInPlace { .. }
            | Order::CloseRoad { .. }
            | Order::RequestMutualAid { .. } => {}
            Order::Dispatch { unit, .. } | Order::Recall { unit } => {
                let (Some(seat), Some(to)) = (s.org.find(&input.seat), s.org.find(unit)) else {
                    continue;
                };
                send(
                    s,
                    &mut comms,
                    &mut log,
                    clock.tick,
                    now,
                    seat,
                    to,
                    Payload::Order {
                        seat,
                        order: input.order.clone(),
                    },
                );
            }
            Order::DeliverInject { inject } => {
                let Some(k) = s.injects.iter().position(|i| &i.id == inject) else {
                    continue;
                };
                // the input itself is the last one applied
                let earlier = &queue.applied[..queue.applied.len() - 1];
                if k < script.next_inject || script::delivered_early(earlier, inject) {
                    log.push(
                        clock.tick,
                        now,
                        EventKind::OrderRefused {
                            seat: input.seat.clone(),
                            reason: format!("inject `{inject}` has already been delivered"),
                        },
                    );
                    continue;
                }
                script::deliver(
                    s,
                    &s.injects[k],
                    &mut cmd,
                    &mut rng,
                    &mut log,
                    clock.tick,
                    now,
                );
            }
            Order::Message { to, text } if input.seat == order::FACILITATOR => {
                // a facilitator's message is an unscheduled inject: it arrives at once
                log.push(
                    clock.tick,
                    now,
                    EventKind::InjectDelivered {
                        inject: "facilitator".into(),
                        to: to.clone(),
                        from: order::FACILITATOR.into(),
                        text: text.clone(),
                    },
                );
            }
            Order::Message { to, text } => {
                let (Some(seat), Some(to)) = (s.org.find(&input.seat), s.org.find(to)) else {
                    continue;
                };
                send(
                    s,
                    &mut comms,
                    &mut log,
                    clock.tick,
                    now,
                    seat,
                    to,
                    Payload::Text(text.clone()),
                );
            }
        }
    }
}
