//! The facilitator's console: every seat with who plays it and what waits for its
//! acknowledgement, the MSEL with what has been delivered, the links and which have
//! failed, the wind, reserve units, the live objectives and the whole log.

use serde::Serialize;

use super::inbox::{InboxItem, LogLine, inbox, log_lines};
use super::map::{PlaceMark, UnitMark, places, units};
use super::{ClockView, clock, is_human, queued};
use crate::order::FACILITATOR;
use crate::scenario::{MemberId, MemberKind, Scenario};
use crate::scoring::live::{LiveObjective, live};
use crate::sim::comms::Comms;
use crate::sim::events::EventKind;
use crate::sim::{Engine, Script};

/// One seat as the facilitator sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatRow {
    /// Seat id.
    pub id: String,
    /// Name.
    pub name: String,
    /// People play it (false: the plan).
    pub human: bool,
    /// What waits for its acknowledgement, oldest first.
    pub inbox: Vec<InboxItem>,
}

/// One MSEL row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MselRow {
    /// Inject id.
    pub id: String,
    /// Scheduled second.
    pub at_s: u64,
    /// Sender, as written.
    pub from: String,
    /// Recipient seat.
    pub to: String,
    /// Text.
    pub text: String,
    /// Text in Chinese (the scenario's `text_zh`, else `text`).
    pub text_zh: String,
    /// Expected action.
    pub expected: String,
    /// Expected action in Chinese (`expected_action_zh`, else as written).
    pub expected_zh: String,
    /// Delivered already.
    pub delivered: bool,
}

/// One communication link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRow {
    /// One end.
    pub a: String,
    /// Other end.
    pub b: String,
    /// Channel.
    pub channel: String,
    /// Latency, s.
    pub latency_s: u64,
    /// Failed now.
    pub failed: bool,
}

/// The facilitator's console now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Console {
    /// The clock.
    pub clock: ClockView,
    /// Every command post.
    pub seats: Vec<SeatRow>,
    /// The MSEL.
    pub msel: Vec<MselRow>,
    /// Links.
    pub links: Vec<LinkRow>,
    /// Wind now: (m/s, from degrees).
    pub wind: (f64, f64),
    /// Reserve (mutual-aid) units the facilitator may add.
    pub reserve: Vec<super::Choice>,
    /// Live objectives.
    pub objectives: Vec<LiveObjective>,
    /// Every unit.
    pub units: Vec<UnitMark>,
    /// Every place.
    pub places: Vec<PlaceMark>,
    /// The whole log, newest first.
    pub log: Vec<LogLine>,
    /// The facilitator's inputs queued and not yet applied.
    pub queued: Vec<(u64, String, String)>,
}

/// The console of the exercise now.
pub fn console(s: &Scenario, e: &mut Engine) -> Console {
    let seats = s
        .org
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.kind, MemberKind::Command { .. }))
        .map(|(i, m)| {
            let id = MemberId(i as u32);
            SeatRow {
                id: m.id.clone(),
                name: m.name.clone(),
                human: is_human(e, id),
                inbox: inbox(s, e, id),
            }
        })
        .collect();
    let delivered: std::collections::BTreeSet<&str> = e
        .events()
        .iter()
        .filter_map(|ev| match &ev.kind {
            EventKind::InjectDelivered { inject, .. } => Some(inject.as_str()),
            _ => None,
        })
        .collect();
    let msel = s
        .injects
        .iter()
        .map(|i| MselRow {
            id: i.id.clone(),
            at_s: i.time_s,
            from: i.from.clone(),
            to: s.org.member(i.to).id.clone(),
            text: i.text.clone(),
            text_zh: i.text_in(true).to_string(),
            expected: i.expected_action.clone(),
            expected_zh: i.expected_action_in(true).to_string(),
            delivered: delivered.contains(i.id.as_str()),
        })
        .collect();
    let failed = &e.world().resource::<Comms>().failed;
    let links = s
        .org
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| LinkRow {
            a: s.org.member(l.a).id.clone(),
            b: s.org.member(l.b).id.clone(),
            channel: format!("{:?}", l.channel),
            latency_s: l.latency_s,
            failed: failed.contains(&i),
        })
        .collect();
    let sc = e.world().resource::<Script>();
    let wind = (sc.wind_m_s, sc.wind_from_deg);
    let reserve = s
        .org
        .units
        .iter()
        .filter(|u| u.mutual_aid_s.is_some())
        .map(|u| {
            let m = s.org.member(u.member);
            super::Choice {
                id: m.id.clone(),
                label: format!("{} {}", m.id, m.name),
            }
        })
        .collect();
    Console {
        clock: clock(e),
        seats,
        msel,
        links,
        wind,
        reserve,
        objectives: live(s, e),
        units: units(s, e, None),
        places: places(s, e, None),
        log: log_lines(s, e, None),
        queued: queued(e, FACILITATOR),
    }
}
