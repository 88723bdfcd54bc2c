//! The exercise's script as time passes: the MSEL's injects delivered at their
//! times (each waits at a command post for acknowledgement) and the scenario's
//! weather changes.

use bevy::prelude::*;

use super::command;
use super::command::CommandState;
use super::events::{EventKind, EventLog};
use super::{ScenarioRes, Script, SimClock, SimRng, member_id};
use crate::scenario::MemberKind;

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

/// Deliver the injects due by now.
pub(crate) fn deliver_injects(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    mut script: ResMut<Script>,
    mut cmd: ResMut<CommandState>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    while script.next_inject < s.injects.len() && s.injects[script.next_inject].time_s <= now {
        let inj = &s.injects[script.next_inject];
        log.push(
            clock.tick,
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
                &mut cmd,
                &mut rng,
                &mut log,
                clock.tick,
                inj.to,
                now,
                command::PendingKind::Inject(inj.id.clone()),
                None,
            );
        }
        script.next_inject += 1;
    }
}
