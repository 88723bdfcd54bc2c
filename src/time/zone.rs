//! Dates, times and time zones with `jiff` (time-zone database bundled into the
//! binary, so a zone means the same on every machine and in every recording).
//!
//! A scenario's `start` is a civil date-time (`2026-07-21T14:00`) in its
//! `time_zone`: an IANA name (`Asia/Shanghai`), `UTC`, or a fixed offset (`+08:00`,
//! `-05:30`). Without one, [`DEFAULT_OFFSET`] (what the bundled scenarios and earlier
//! CAP output used). Moments of the exercise are the start plus elapsed seconds —
//! absolute time, so a daylight-saving change during an exercise shows in the offset.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, ZonedDateTime as Zoned};

/// Offset used when a scenario names no time zone.
pub const DEFAULT_OFFSET: &str = "+08:00";

/// A time zone from an IANA name, `UTC`/`Z`, or a fixed offset `±HH[:MM]`.
pub fn parse_zone(name: &str) -> Result<TimeZone, String> {
    let t = name.trim();
    if t.eq_ignore_ascii_case("utc") || t == "Z" {
        return Ok(TimeZone::UTC);
    }
    if let Some(sign) = t.chars().next().filter(|c| *c == '+' || *c == '-') {
        let rest = &t[1..];
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        let (h, m): (i32, i32) = match (h.parse(), m.parse()) {
            (Ok(h), Ok(m)) if h <= 14 && m < 60 => (h, m),
            _ => {
                return Err(format!(
                    "`{t}` is not an offset (write ±HH:MM, e.g. +08:00)"
                ));
            }
        };
        let secs = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
        return Offset::from_seconds(secs)
            .map(TimeZone::fixed)
            .map_err(|e| format!("`{t}`: {e}"));
    }
    TimeZone::get(t).map_err(|_| {
        format!("`{t}` is not a time zone in the IANA database (e.g. Asia/Shanghai, Asia/Urumqi, Asia/Hong_Kong, UTC)")
    })
}

/// The scenario's start as a zoned moment: `start` is `YYYY-MM-DDTHH:MM[:SS]`,
/// `zone` as [`parse_zone`] (default [`DEFAULT_OFFSET`]).
pub fn start_moment(start: &str, zone: Option<&str>) -> Result<Zoned, String> {
    let dt: DateTime = start
        .trim()
        .parse()
        .map_err(|e| format!("`{start}` is not a date-time YYYY-MM-DDTHH:MM[:SS]: {e}"))?;
    let tz = parse_zone(zone.unwrap_or(DEFAULT_OFFSET))?;
    dt.to_zoned_datetime(tz)
        .map_err(|e| format!("`{start}`: {e}"))
}

/// The moment `t_s` seconds after the start.
pub fn moment(start: &str, zone: Option<&str>, t_s: u64) -> Result<Zoned, String> {
    start_moment(start, zone)?
        .checked_add(SignedDuration::from_secs(t_s as i64))
        .map_err(|e| format!("{start} + {t_s} s: {e}"))
}

/// RFC 3339 / ISO 8601 with the zone's offset at that moment, whole seconds
/// (`2026-07-21T14:30:00+08:00`), as CAP's `sent` wants it.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Whole seconds from the start to a clock time: `text` is a date-time
/// (`2026-07-21 15:30`, `2026-07-21T15:30:00`) in the scenario's zone, or a time of
/// day (`15:30`), taken on the start's date, or the next day when earlier than the
/// start. `Err` when before the start.
pub fn seconds_since_start(start: &Zoned, text: &str) -> Result<u64, String> {
    let t = text.trim().replace(' ', "T");
    let when: Zoned = if let Ok(dt) = t.parse::<DateTime>() {
        dt.to_zoned_datetime(start.time_zone().clone())
            .map_err(|e| format!("`{text}`: {e}"))?
    } else if let Ok(tm) = t.parse::<jiff::civil::Time>() {
        let same_day = start
            .date()
            .to_datetime(tm)
            .to_zoned_datetime(start.time_zone().clone())
            .map_err(|e| format!("`{text}`: {e}"))?;
        if same_day < *start {
            same_day
                .checked_add(jiff::Span::new().days(1))
                .map_err(|e| format!("`{text}`: {e}"))?
        } else {
            same_day
        }
    } else {
        return Err(format!(
            "`{text}` is not a clock time (HH:MM or YYYY-MM-DD HH:MM)"
        ));
    };
    let d = start.duration_until(&when);
    if d.is_negative() {
        return Err(format!(
            "`{text}` is before the exercise starts ({})",
            rfc3339(start)
        ));
    }
    Ok(d.as_secs() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_offsets_and_daylight_saving() {
        let z = moment("2026-07-21T14:00", Some("Asia/Shanghai"), 5400).unwrap();
        assert_eq!(rfc3339(&z), "2026-07-21T15:30:00+08:00");
        assert_eq!(
            rfc3339(&moment("2026-12-31T23:30", None, 3600).unwrap()),
            "2027-01-01T00:30:00+08:00"
        );
        assert_eq!(
            rfc3339(&moment("2026-07-21T14:00", Some("UTC"), 0).unwrap()),
            "2026-07-21T14:00:00+00:00"
        );
        // New York leaves daylight time at 02:00 on 2026-11-01: two hours later is 01:00 EST
        let ny = moment("2026-11-01T00:30", Some("America/New_York"), 7200).unwrap();
        assert_eq!(rfc3339(&ny), "2026-11-01T01:30:00-05:00");
        assert!(parse_zone("Mars/Olympus").unwrap_err().contains("IANA"));
        assert!(parse_zone("+25:00").is_err());
        assert_eq!(
            rfc3339(&moment("2026-07-21T14:00", Some("-05:30"), 0).unwrap()),
            "2026-07-21T14:00:00-05:30"
        );
    }

    #[test]
    fn clock_times_become_seconds_from_the_start() {
        let s = start_moment("2026-07-21T22:00", Some("Asia/Shanghai")).unwrap();
        assert_eq!(seconds_since_start(&s, "22:30"), Ok(1800));
        assert_eq!(seconds_since_start(&s, "01:00"), Ok(3 * 3600));
        assert_eq!(seconds_since_start(&s, "2026-07-22 00:15"), Ok(8100));
        assert!(seconds_since_start(&s, "2026-07-21 21:00").is_err());
        assert!(seconds_since_start(&s, "soon").is_err());
    }
}
