//! The `meta` section: name, hazard kinds, start date-time, tick and duration (a
//! whole number of ticks, at most [`MAX_DURATION_S`]).

use super::{MAX_DURATION_S, Validator};
use crate::scenario::Meta;
use crate::scenario::raw::RawMeta;

impl Validator {
    pub(super) fn meta(&mut self, m: &RawMeta) -> Option<Meta> {
        let mut ok = true;
        if m.name.trim().is_empty() {
            self.d.err(
                "meta.name",
                "the scenario has no name",
                Some("give it a short title".into()),
            );
            ok = false;
        }
        if m.hazard_kinds.is_empty() {
            self.d.err(
                "meta.hazard_kinds",
                "no hazard kind listed",
                Some("list what the exercise trains, e.g. [Flood]".into()),
            );
            ok = false;
        }
        let start = parse_start(&m.start);
        if let Err(e) = &start {
            self.d.err(
                "meta.start",
                format!("start `{}` is not a date-time: {e}", m.start),
                Some("write it as \"2026-07-21T14:00\" (local time, no offset)".into()),
            );
            ok = false;
        }
        let zone = match &m.time_zone {
            Some(z) => match crate::time::zone::parse_zone(z) {
                Ok(_) => Some(z.trim().to_string()),
                Err(e) => {
                    self.d.err("meta.time_zone", e, Some(
                        "an IANA zone such as \"Asia/Shanghai\", \"Asia/Urumqi\", \"UTC\", or an offset such as \"+08:00\"".into(),
                    ));
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if m.tick.0 == 0 {
            self.d.err(
                "meta.tick",
                "tick must be at least 1 second",
                Some("e.g. \"10s\"".into()),
            );
            ok = false;
        } else if m.tick.0 > 3600 {
            self.d.err(
                "meta.tick",
                "tick longer than an hour",
                Some("ticks of 1–60 s keep orders and hazards in step".into()),
            );
            ok = false;
        }
        if m.duration.0 == 0 || m.duration.0 > MAX_DURATION_S {
            self.d.err(
                "meta.duration",
                format!(
                    "duration must be between 1 s and {} days",
                    MAX_DURATION_S / 86400
                ),
                None,
            );
            ok = false;
        } else if m.tick.0 > 0 && !m.duration.0.is_multiple_of(m.tick.0) {
            self.d.err(
                "meta.duration",
                format!(
                    "duration {} is not a whole number of {}-s ticks",
                    m.duration, m.tick.0
                ),
                Some(format!(
                    "use {} or {}",
                    crate::time::hms(m.duration.0 / m.tick.0 * m.tick.0),
                    crate::time::hms((m.duration.0 / m.tick.0 + 1) * m.tick.0)
                )),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let mut kinds = m.hazard_kinds.clone();
        kinds.sort();
        kinds.dedup();
        Some(Meta {
            name: m.name.clone(),
            description: m.description.clone(),
            description_zh: m.description_zh.clone(),
            hazard_kinds: kinds,
            start: start.as_ref().map(|s| s.canonical()).unwrap_or_default(),
            start_second_of_day: start.map(|s| s.second_of_day()).unwrap_or(0),
            time_zone: zone,
            duration_s: m.duration.0,
            tick_s: m.tick.0,
            seed: m.seed,
        })
    }
}

/// Parse the start ([`crate::time::parse_start`]: zero padding optional).
fn parse_start(s: &str) -> Result<crate::time::Start, String> {
    crate::time::parse_start(s)
}
