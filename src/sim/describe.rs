//! One readable timeline line per event (`00:12:30  msg #4 received by …`): what
//! `run` prints, the GUI's event log and the report's timeline show.

use super::events::{Event, EventKind};
use crate::time::hms;

/// One readable timeline line for an event.
pub fn describe(e: &Event) -> String {
    let t = hms(e.t_s);
    let what = match &e.kind {
        EventKind::ExerciseStarted { scenario, seed } => {
            format!("exercise started: {scenario} (seed {seed})")
        }
        EventKind::InjectDelivered {
            inject,
            to,
            from,
            text,
        } => format!("inject {inject} from {from} → {to}: {text}"),
        EventKind::MessageSent {
            msg,
            from,
            to,
            what,
        } => format!("msg #{msg} sent {from} → {to}: {what}"),
        EventKind::MessageReceived {
            msg,
            from,
            to,
            what,
            transit_s,
            ..
        } => format!(
            "msg #{msg} received by {to} from {from} after {}: {what}",
            hms(*transit_s)
        ),
        EventKind::MessageUndeliverable { msg, at, to } => {
            format!("msg #{msg} stuck at {at}: no working path to {to}")
        }
        EventKind::OrderRefused { seat, reason } => format!("order from {seat} refused: {reason}"),
        EventKind::UnitDispatched {
            unit,
            to,
            task,
            route_m,
            eta_s,
        } => format!(
            "{unit} dispatched to {to} ({task}), {:.1} km, ETA {}",
            route_m / 1000.0,
            hms(*eta_s)
        ),
        EventKind::UnitArrived { unit, place } => format!("{unit} arrived at {place}"),
        EventKind::UnitCutOff { unit, to } => format!("{unit} cut off: no usable road to {to}"),
        EventKind::UnitRerouted { unit, route_m } => {
            format!("{unit} rerouted, {:.1} km", route_m / 1000.0)
        }
        EventKind::LinkFailed { a, b } => format!("link {a} — {b} FAILED"),
        EventKind::LinkRestored { a, b } => format!("link {a} — {b} restored"),
        EventKind::WeatherChanged {
            wind_m_s,
            wind_from_deg,
        } => format!("wind now {wind_m_s} m/s from {wind_from_deg}°"),
        EventKind::HazardStarted { hazard, detail } => format!("{hazard} started: {detail}"),
        EventKind::SpotFire {
            cell,
            from,
            distance_m,
        } => format!(
            "SPOT FIRE at ({}, {}): a firebrand from the fire at ({}, {}) caught {distance_m:.0} m downwind",
            cell.0, cell.1, from.0, from.1
        ),
        EventKind::CrownFire { cell, fire_type } => match fire_type.as_str() {
            "crowning" => format!(
                "ACTIVE CROWN FIRE: the fire runs through the canopy at ({}, {})",
                cell.0, cell.1
            ),
            _ => format!("trees torching at ({}, {})", cell.0, cell.1),
        },
        EventKind::BreachOpened { name } => format!("LEVEE BREACH: {name}"),
        EventKind::GaugeThreshold {
            gauge,
            level,
            water_level_m,
        } => format!("gauge {gauge} above {level} level: {water_level_m:.2} m"),
        EventKind::PlaceReached {
            place,
            hazard,
            detail,
        } => format!("{hazard} reached {place}: {detail}"),
        EventKind::PeopleExposed {
            place,
            people,
            hazard,
        } => format!("{people} people exposed to {hazard} at {place}"),
        EventKind::RoadClosed { a, b, reason } => format!("road {a}–{b} closed: {reason}"),
        EventKind::RoadReopened { a, b } => format!("road {a}–{b} passable again"),
        EventKind::TaskStarted { unit, task, place } => format!("{unit} started {task} at {place}"),
        EventKind::TaskDone {
            unit,
            task,
            place,
            detail,
        } => format!("{unit} finished {task} at {place}: {detail}"),
        EventKind::LeakContained { unit } => format!("leak contained by {unit}"),
        EventKind::AwaitingAck { seat, item } => format!("{item} waits for {seat} to acknowledge"),
        EventKind::WarningIssued {
            seat,
            place,
            level,
            post,
        } => format!("{seat} issued a {level} warning for {place} (to {post})"),
        EventKind::Acknowledged {
            seat,
            item,
            by,
            after_s,
            source,
        } => format!(
            "{seat} acknowledged {item}{} after {} ({source})",
            by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default(),
            hms(*after_s)
        ),
        EventKind::PlaceWarned { place, level, by } => {
            format!("households at {place} warned ({level}) by {by}")
        }
        EventKind::ResponseLevelChanged { level, seat } => {
            format!("response level {level} declared by {seat}")
        }
        EventKind::EvacuationStarted { place, to, people } => {
            format!("evacuation of {place} to {to} started: {people} people")
        }
        EventKind::EvacuationDone { place, people } => {
            format!("{place} evacuated: {people} people")
        }
        EventKind::ShelterInPlace { place, seat } => {
            format!("{place} told to shelter in place by {seat}")
        }
        EventKind::PlanRuleFired {
            rule,
            seat,
            delay_s,
        } => format!(
            "plan rule {rule} fired for {seat}; orders in {}",
            hms(*delay_s)
        ),
        EventKind::Outcome {
            people_exposed,
            buildings_flooded,
            area_burnt_ha,
            casualties,
        } => format!(
            "outcome: {people_exposed} people exposed, {casualties} casualties untreated, {buildings_flooded} buildings flooded, {area_burnt_ha:.1} ha burnt"
        ),
        EventKind::MutualAidRequested { seat, unit, eta_s } => format!(
            "{seat} requested mutual aid: {unit}, expected at {}",
            hms(*eta_s)
        ),
        EventKind::SeatModeChanged { seat, human } => format!(
            "{seat} is now played by {}",
            if *human { "people" } else { "the plan" }
        ),
        EventKind::MutualAidArrived { unit } => {
            format!("mutual aid {unit} arrived and is available")
        }
        EventKind::RescueDone { place, people } => format!("{people} people rescued from {place}"),
        EventKind::CasualtiesTreated { place, people } => {
            format!("{people} casualties treated at {place}")
        }
        EventKind::ExerciseEnded => "exercise ended".into(),
    };
    format!("{t}  {what}")
}
