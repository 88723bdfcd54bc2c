//! Simulation time: durations as written in scenarios and orders, and the
//! exercise's start date-time.
//!
//! A duration is written either in the human form of `humantime` (`"90s"`, `"15m"`,
//! `"6h"`, `"1h 30m"`) or as a clock offset from the exercise start (`"02:30:00"`,
//! `"45:00"`). Inside the simulation, time is a whole number of ticks held in
//! [`crate::sim::SimClock`]; seconds are only used at the edges.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub mod zone;
use std::fmt;

/// A duration in whole seconds, as scenarios and orders write it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dur(pub u64);

impl Dur {
    /// Seconds in this duration.
    pub fn secs(self) -> u64 {
        self.0
    }
    /// From minutes.
    pub fn from_mins(m: u64) -> Self {
        Dur(m * 60)
    }
}

/// Parse `"90s"`, `"15m"`, `"6h"`, `"1h 30m"`, `"02:30:00"`, `"45:00"` into seconds.
pub fn parse_duration(text: &str) -> Result<Dur, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 {
            return Err(format!("`{t}` has too many `:` (use HH:MM:SS)"));
        }
        let mut total: u64 = 0;
        for (i, p) in parts.iter().enumerate() {
            let v: u64 = p
                .parse()
                .map_err(|_| format!("`{t}` is not HH:MM:SS (part `{p}` is not a whole number)"))?;
            if i > 0 && v >= 60 {
                return Err(format!("`{t}`: minutes and seconds must be below 60"));
            }
            total = total
                .checked_mul(60)
                .and_then(|x| x.checked_add(v))
                .ok_or_else(|| format!("`{t}` is too long"))?;
        }
        return Ok(Dur(total));
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{t}` has no unit: write e.g. `{t}s`, `{t}m` or `{t}h`, or HH:MM:SS"
        ));
    }
    let d = humantime::parse_duration(t).map_err(|e| format!("`{t}` is not a duration: {e}"))?;
    if d.subsec_nanos() != 0 {
        return Err(format!("`{t}`: durations are whole seconds"));
    }
    Ok(Dur(d.as_secs()))
}

/// Format signed seconds as `HH:MM:SS`, with a minus sign (U+2212) before a negative
/// time (a lead time after the hazard arrived).
pub fn signed_hms(secs: i64) -> String {
    if secs < 0 {
        format!("−{}", hms(secs.unsigned_abs()))
    } else {
        hms(secs.unsigned_abs())
    }
}

/// Format seconds as `HH:MM:SS` (hours may exceed 24).
pub fn hms(secs: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// The tick that a time given on the command line (`--at`, `--until`), `t_s` seconds
/// into the exercise, names, for ticks of `tick_s` seconds.
///
/// Errors: `t_s` is not a whole number of ticks (the message names the two ticks
/// around it).
pub fn tick_of(t_s: u64, tick_s: u64) -> Result<u64, String> {
    let tick_s = tick_s.max(1);
    if t_s.is_multiple_of(tick_s) {
        Ok(t_s / tick_s)
    } else {
        let before = t_s / tick_s * tick_s;
        Err(format!(
            "{} is not on a tick: the exercise moves in ticks of {tick_s} s (use {} or {})",
            hms(t_s),
            hms(before),
            hms(before.saturating_add(tick_s))
        ))
    }
}

impl fmt::Display for Dur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hms(self.0))
    }
}

impl std::str::FromStr for Dur {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_duration(s)
    }
}

impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hms(self.0))
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_duration(&s).map_err(serde::de::Error::custom)
    }
}

/// Latest year a scenario may start in: CAP and ISO 8601 write four-digit years, and
/// the start plus the longest exercise (ten days) must still be one.
pub const LAST_START_YEAR: i16 = 9998;

/// A scenario's start: local date and time, no offset, as written
/// `YYYY-MM-DDTHH:MM[:SS]`. Zero padding may be left out (`2026-7-21T9:30`, as people
/// type it) and a space may stand for the `T`; the year has four digits (1000 to
/// [`LAST_START_YEAR`]). The calendar is `jiff`'s (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Date and time of the start.
    pub at: jiff::civil::DateTime,
    /// Whether seconds were written (kept in [`Start::canonical`]).
    pub seconds_written: bool,
}

impl Start {
    /// Seconds of the day at the start.
    pub fn second_of_day(&self) -> u32 {
        let t = self.at.time();
        t.hour() as u32 * 3600 + t.minute() as u32 * 60 + t.second() as u32
    }

    /// The start written with zero padding: `YYYY-MM-DDTHH:MM`, or
    /// `YYYY-MM-DDTHH:MM:SS` when seconds were written (so a padded start reads as
    /// it was written).
    pub fn canonical(&self) -> String {
        let f = if self.seconds_written {
            "%Y-%m-%dT%H:%M:%S"
        } else {
            "%Y-%m-%dT%H:%M"
        };
        self.at.strftime(f).to_string()
    }

    /// The local date-time `t_s` seconds after the start, `YYYY-MM-DDTHH:MM:SS`.
    /// Errors past the calendar's end (year 9999).
    pub fn plus(&self, t_s: u64) -> Result<String, String> {
        let secs = i64::try_from(t_s).map_err(|_| "too far after the start".to_string())?;
        let at = self
            .at
            .checked_add(jiff::SignedDuration::from_secs(secs))
            .map_err(|e| format!("{t_s} s after {}: {e}", self.canonical()))?;
        Ok(at.strftime("%Y-%m-%dT%H:%M:%S").to_string())
    }
}

/// Parse a scenario's start (see [`Start`]). The error says what is wrong in words.
pub fn parse_start(text: &str) -> Result<Start, String> {
    let t = text.trim();
    if t.ends_with('Z') || t.rfind(['+']).is_some() || t.matches('-').count() > 2 {
        return Err("write local time without an offset or `Z`".into());
    }
    let (date, time) = t
        .split_once('T')
        .or_else(|| t.split_once(' '))
        .ok_or("no `T` between date and time")?;
    let num = |part: &str, max_digits: usize, what: &str| -> Result<i64, String> {
        if part.is_empty() || part.len() > max_digits || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{part}` is not a {what}"));
        }
        part.parse::<i64>()
            .map_err(|_| format!("`{part}` is not a {what}"))
    };
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3 {
        return Err("the date must be YEAR-MONTH-DAY, e.g. 2026-07-21".into());
    }
    if d[0].len() != 4 {
        return Err(format!("the year `{}` must have four digits", d[0]));
    }
    let y = num(d[0], 4, "year")?;
    let mo = num(d[1], 2, "month")?;
    let da = num(d[2], 2, "day")?;
    let tp: Vec<&str> = time.trim().split(':').collect();
    if !(2..=3).contains(&tp.len()) {
        return Err("the time must be HH:MM or HH:MM:SS".into());
    }
    let h = num(tp[0], 2, "hour")?;
    let mi = num(tp[1], 2, "minute")?;
    let se = match tp.get(2) {
        Some(x) => num(x, 2, "second")?,
        None => 0,
    };
    if !(1000..=LAST_START_YEAR as i64).contains(&y) {
        return Err(format!("the year must be 1000 to {LAST_START_YEAR}"));
    }
    if h > 23 || mi > 59 || se > 59 {
        return Err("time out of range".into());
    }
    let at =
        jiff::civil::DateTime::new(y as i16, mo as i8, da as i8, h as i8, mi as i8, se as i8, 0)
            .map_err(|_| format!("no such date: {y:04}-{mo:02}-{da:02}"))?;
    Ok(Start {
        at,
        seconds_written: tp.len() == 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_and_clock_forms() {
        assert_eq!(parse_duration("90s"), Ok(Dur(90)));
        assert_eq!(parse_duration("15m"), Ok(Dur(900)));
        assert_eq!(parse_duration("6h"), Ok(Dur(21600)));
        assert_eq!(parse_duration("1h 30m"), Ok(Dur(5400)));
        assert_eq!(parse_duration("02:30:00"), Ok(Dur(9000)));
        assert_eq!(parse_duration("45:10"), Ok(Dur(2710)));
        assert!(parse_duration("12").unwrap_err().contains("no unit"));
        assert!(parse_duration("1:75:00").is_err());
        assert!(parse_duration("soon").is_err());
        assert_eq!(hms(9000), "02:30:00");
    }

    #[test]
    fn signed_times_carry_a_minus_sign() {
        assert_eq!(signed_hms(9000), "02:30:00");
        assert_eq!(signed_hms(0), "00:00:00");
        assert_eq!(signed_hms(-90), "−00:01:30");
        assert_eq!(signed_hms(i64::MIN).chars().next(), Some('−'));
    }

    #[test]
    fn starts_with_or_without_padding_mean_the_same_moment() {
        let a = parse_start("2026-7-21T9:30").unwrap();
        let b = parse_start("2026-07-21T09:30").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.canonical(), "2026-07-21T09:30");
        assert_eq!(a.second_of_day(), 9 * 3600 + 30 * 60);
        assert_eq!(a.plus(200).unwrap(), "2026-07-21T09:33:20");
        assert_eq!(
            parse_start("2026-07-21 14:00:05").unwrap().canonical(),
            "2026-07-21T14:00:05"
        );
        // the calendar: leap days, month ends, a year's end
        assert_eq!(
            parse_start("2028-02-28T12:00")
                .unwrap()
                .plus(86_400)
                .unwrap(),
            "2028-02-29T12:00:00"
        );
        assert_eq!(
            parse_start("2026-12-31T23:30:10")
                .unwrap()
                .plus(1800)
                .unwrap(),
            "2027-01-01T00:00:10"
        );
        assert!(
            parse_start("2027-02-29T00:00")
                .unwrap_err()
                .contains("no such date")
        );
        assert!(parse_start("2026-13-01T00:00").is_err());
        assert!(
            parse_start("26-07-21T09:30")
                .unwrap_err()
                .contains("four digits")
        );
        assert!(
            parse_start("2026-07-21T09:30+08:00")
                .unwrap_err()
                .contains("offset")
        );
        assert!(
            parse_start("2026-07-21T09:30Z")
                .unwrap_err()
                .contains("offset")
        );
        assert!(parse_start("2026-07-21").unwrap_err().contains("no `T`"));
        assert!(parse_start("2026-07-21T9").unwrap_err().contains("HH:MM"));
        assert!(parse_start("2026-07-21T24:00").is_err());
        assert!(parse_start("9999-12-31T00:00").is_err());
        assert!(parse_start("2026-07-21T09:3x").is_err());
    }
}
