//! Messages in the exercise: sending one (logged, or logged stuck when no working
//! path exists), moving messages hop by hop, and acting on those that reach their
//! recipient — warnings and evacuation orders wait at a post for acknowledgement;
//! a unit acknowledges an order, then routes to its destination.

use std::collections::VecDeque;

use bevy::prelude::*;

use super::command::{self, CommandState};
use super::comms::{Comms, Payload};
use super::events::{EventKind, EventLog};
use super::movement::traveller;
use super::units::{Unit, UnitState, UnitStatus};
use super::{Roads, ScenarioRes, SimClock, SimRng, member_id};
use crate::order::Order;
use crate::scenario::{MemberId, MemberKind, Scenario};

/// Send a message and log it (and log it stuck when no path exists).
#[allow(clippy::too_many_arguments)] // the log entry needs every one of them
pub(crate) fn send(
    s: &Scenario,
    comms: &mut Comms,
    log: &mut EventLog,
    tick: u64,
    now: u64,
    from: MemberId,
    to: MemberId,
    payload: Payload,
) {
    let what = payload.describe(s);
    let (id, ok) = comms.send(&s.org, now, from, to, payload);
    log.push(
        tick,
        now,
        EventKind::MessageSent {
            msg: id,
            from: member_id(s, from),
            to: member_id(s, to),
            what,
        },
    );
    if !ok {
        log.push(
            tick,
            now,
            EventKind::MessageUndeliverable {
                msg: id,
                at: member_id(s, from),
                to: member_id(s, to),
            },
        );
    }
}

/// Move messages on and act on those that reached their recipient.
#[allow(clippy::too_many_arguments)] // one system, many resources
pub(crate) fn process_messages(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    roads: Res<Roads>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut comms: ResMut<Comms>,
    mut log: ResMut<EventLog>,
    mut q: Query<(&Unit, &mut UnitState)>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while let Some((t, msg)) = comms.pop_due(now) {
        if msg.hop != msg.to {
            let (id, at, to) = (msg.id, msg.hop, msg.to);
            if !comms.forward(&s.org, t, msg) {
                log.push(
                    clock.tick,
                    now,
                    EventKind::MessageUndeliverable {
                        msg: id,
                        at: member_id(s, at),
                        to: member_id(s, to),
                    },
                );
            }
            continue;
        }
        log.push(
            clock.tick,
            now,
            EventKind::MessageReceived {
                msg: msg.id,
                from: member_id(s, msg.from),
                to: member_id(s, msg.to),
                what: msg.payload.describe(s),
                transit_s: t - msg.sent_s,
                hops: msg
                    .hops
                    .iter()
                    .map(|(m, at)| (member_id(s, *m), *at))
                    .collect(),
            },
        );
        // warnings and evacuation orders wait at the post for its acknowledgement
        if let Some((issuer, kind)) = command::pending_of(&msg.payload) {
            command::add_pending(
                s,
                &mut cmd,
                &mut rng,
                &mut log,
                clock.tick,
                msg.to,
                now,
                kind,
                Some((issuer, msg.id)),
            );
            continue;
        }
        let Payload::Order { seat, order } = &msg.payload else {
            continue;
        };
        let MemberKind::Unit(uid) = s.org.member(msg.to).kind else {
            continue;
        };
        // the unit acknowledges, then acts
        send(
            s,
            &mut comms,
            &mut log,
            clock.tick,
            now,
            msg.to,
            *seat,
            Payload::Ack { of: msg.id },
        );
        let Some((_, mut st)) = q.iter_mut().find(|(u, _)| u.0 == uid) else {
            continue;
        };
        if st.status == UnitStatus::Reserve {
            log.push(
                clock.tick,
                now,
                EventKind::OrderRefused {
                    seat: member_id(s, *seat),
                    reason: format!(
                        "`{}` is a mutual-aid unit that has not arrived (request it first)",
                        member_id(s, msg.to)
                    ),
                },
            );
            continue;
        }
        let spec = &s.org.units[uid.0 as usize];
        let unit_id = &s.org.member(spec.member).id;
        let (dest, task, returning) = match order {
            Order::Dispatch { to, task, .. } => match s.place(to) {
                Some(p) => (p, Some(*task), false),
                None => continue,
            },
            Order::Recall { .. } => (spec.home, None, true),
            _ => continue,
        };
        let place = &s.places[dest.0 as usize];
        // finish the section being driven before turning
        let from_node = st.on_edge.map(|(_, n, _, _)| n).unwrap_or(st.node);
        let t = traveller(s, uid);
        let (route_m, eta_s, edges) = if spec.kind.is_aerial() {
            let target = s.grid.centre_m(place.cell.0, place.cell.1);
            let d = ((target.0 - st.pos_m.0).powi(2) + (target.1 - st.pos_m.1).powi(2)).sqrt();
            (d, d / (spec.speed_km_h / 3.6), VecDeque::new())
        } else {
            match roads.0.route(from_node, place.road_node, &t) {
                Some(r) => {
                    let edges = r
                        .edges
                        .iter()
                        .copied()
                        .zip(r.nodes[1..].iter().copied())
                        .collect();
                    (r.length_m, r.time_s, edges)
                }
                None => {
                    // it keeps its destination and task and sets off when a road reopens
                    st.status = UnitStatus::CutOff;
                    st.route.clear();
                    st.dest = Some(dest);
                    st.task = task;
                    st.task_since_s = None;
                    log.push(
                        clock.tick,
                        now,
                        EventKind::UnitCutOff {
                            unit: unit_id.clone(),
                            to: place.id.clone(),
                        },
                    );
                    continue;
                }
            }
        };
        st.route = edges;
        st.dest = Some(dest);
        st.task = task;
        st.task_since_s = None;
        st.status = if returning {
            UnitStatus::Returning
        } else {
            UnitStatus::EnRoute
        };
        log.push(
            clock.tick,
            now,
            EventKind::UnitDispatched {
                unit: unit_id.clone(),
                to: place.id.clone(),
                task: task
                    .map(|t| format!("{t:?}"))
                    .unwrap_or_else(|| "Return".into()),
                route_m: (route_m * 10.0).round() / 10.0,
                eta_s: eta_s.ceil() as u64,
            },
        );
    }
}
