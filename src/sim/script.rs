//! The exercise's script as time passes: the MSEL's injects delivered at their
//! times (each waits at a command post for acknowledgement) and the scenario's
//! weather changes. An inject the facilitator delivered early
//! ([`Order::DeliverInject`], a recorded input) is skipped at its scheduled time.

use bevy::prelude::*;

use super::command;
use super::command::CommandState;
use super::events::{EventKind, EventLog};
use super::{Engine, InputQueue, ScenarioRes, Script, SimClock, SimRng, member_id};
use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::{Inject, MemberKind, Scenario};

/// Apply the weather changes due by now.
pub(crate) fn weather_script(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut script: ResMut<Script>,
    mut log: ResMut<EventLog>,
) {
    let now = clock.now_s();
    let changes = &sc.0.weather.changes;
    while script.next_weather < changes.len() && changes[script.next_weather].0 <= now {
        let w = changes[script.next_weather].1;
        script.wind_m_s = w.wind_m_s;
        script.wind_from_deg = w.wind_from_deg;
        script.next_weather += 1;
        log.push(
            clock.tick,
            now,
            EventKind::WeatherChanged {
                wind_m_s: w.wind_m_s,
                wind_from_deg: w.wind_from_deg,
            },
        );
    }
}

/// Whether one of the inputs `applied` so far is the facilitator's
/// [`Order::DeliverInject`] of inject `id`: it was delivered early, and is not
/// delivered again at its scheduled time. Read from the applied inputs (part of the
/// recording and of every snapshot), so a replay, a seek and a resumed exercise agree.
pub fn delivered_early(applied: &[(u64, Input)], id: &str) -> bool {
    applied.iter().any(|(_, i)| {
        i.seat == FACILITATOR && matches!(&i.order, Order::DeliverInject { inject } if inject == id)
    })
}

/// Whether MSEL inject `id` has been delivered, early or at its scheduled time, in
/// the engine's state now. Unknown ids are not delivered.
pub fn inject_delivered(e: &Engine, id: &str) -> bool {
    let w = e.world();
    let s = &w.resource::<ScenarioRes>().0;
    let Some(k) = s.injects.iter().position(|i| i.id == id) else {
        return false;
    };
    k < w.resource::<Script>().next_inject
        || delivered_early(&w.resource::<InputQueue>().applied, id)
}

/// Whether a facilitator's [`Order::DeliverInject`] of inject `id` waits in the input
/// queue (given, not yet applied).
pub fn inject_queued(e: &Engine, id: &str) -> bool {
    e.world().resource::<InputQueue>().pending.iter().any(|i| {
        i.seat == FACILITATOR && matches!(&i.order, Order::DeliverInject { inject } if inject == id)
    })
}

/// Deliver inject `inj` now: logged as delivered and, at a command post, queued for
/// acknowledgement. The one path of a scheduled inject and of one delivered early.
#[allow(clippy::too_many_arguments)] // the resources a delivery touches
pub(crate) fn deliver(
    s: &Scenario,
    inj: &Inject,
    cmd: &mut CommandState,
    rng: &mut SimRng,
    log: &mut EventLog,
    tick: u64,
    now: u64,
) {
    log.push(
        tick,
        now,
        EventKind::InjectDelivered {
            inject: inj.id.clone(),
            to: member_id(s, inj.to),
            from: inj.from.clone(),
            text: inj.text.clone(),
        },
    );
    if matches!(s.org.member(inj.to).kind, MemberKind::Command { .. }) {
        command::add_pending(
            s,
            cmd,
            rng,
            log,
            tick,
            inj.to,
            now,
            command::PendingKind::Inject(inj.id.clone()),
            None,
        );
    }
}

/// Deliver the injects due by now, but those the facilitator delivered early.
pub(crate) fn deliver_injects(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    queue: Res<InputQueue>,
    mut script: ResMut<Script>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while script.next_inject < s.injects.len() && s.injects[script.next_inject].time_s <= now {
        let inj = &s.injects[script.next_inject];
        if !delivered_early(&queue.applied, &inj.id) {
            deliver(s, inj, &mut cmd, &mut rng, &mut log, clock.tick, now);
        }
        script.next_inject += 1;
    }
}
