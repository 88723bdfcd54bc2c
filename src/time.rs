//! Simulation time: durations as written in scenarios and orders.
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

/// Format seconds as `HH:MM:SS` (hours may exceed 24).
pub fn hms(secs: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
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
}
