//! The exercise's script: the `weather` section (wind in range, cloud in octas,
//! changes within the exercise) and the `injects` section, the MSEL (unique ids,
//! times on a tick within the exercise, text, a known recipient).

use std::collections::BTreeSet;

use super::{
    MAX_WIND_M_S, PLUME_MIN_WIND_M_S, Validator, did_you_mean, plume_calm_hint, plume_calm_message,
};
use crate::scenario::raw::{RawInject, RawWeather};
use crate::scenario::{Inject, Organisation, Weather, WeatherState};

impl Validator {
    /// The weather script; with a chemical leak (`plume`), every wind must be at
    /// least [`PLUME_MIN_WIND_M_S`], where the plume model holds.
    pub(super) fn weather(&mut self, w: &RawWeather, duration: u64, plume: bool) -> Weather {
        let check = |s: &mut Self, path: &str, speed: f64, dir: f64| {
            if !(0.0..=MAX_WIND_M_S).contains(&speed) {
                s.d.err(
                    &format!("{path}.wind_m_s"),
                    format!("wind speed {speed} m/s is outside 0–{MAX_WIND_M_S}"),
                    None,
                );
            } else if plume && speed < PLUME_MIN_WIND_M_S {
                s.d.err(
                    &format!("{path}.wind_m_s"),
                    plume_calm_message(speed),
                    Some(plume_calm_hint()),
                );
            }
            if !(0.0..=360.0).contains(&dir) {
                s.d.err(
                    &format!("{path}.wind_from_deg"),
                    format!("wind direction {dir}° is outside 0–360"),
                    Some("degrees clockwise from north, the direction the wind blows from".into()),
                );
            }
        };
        check(self, "weather", w.wind_m_s, w.wind_from_deg);
        if w.cloud_octas > 8 {
            self.d.err(
                "weather.cloud_octas",
                "cloud cover is counted in eighths, 0–8",
                None,
            );
        }
        let mut changes = Vec::new();
        for (i, c) in w.changes.iter().enumerate() {
            let p = format!("weather.changes[{i}]");
            check(self, &p, c.wind_m_s, c.wind_from_deg);
            if c.at.0 > duration {
                self.d.err(
                    &format!("{p}.at"),
                    format!("change at {} is after the end of the exercise", c.at),
                    None,
                );
            }
            changes.push((
                c.at.0,
                WeatherState {
                    wind_m_s: c.wind_m_s,
                    wind_from_deg: c.wind_from_deg % 360.0,
                },
            ));
        }
        changes.sort_by_key(|c| c.0);
        Weather {
            initial: WeatherState {
                wind_m_s: w.wind_m_s,
                wind_from_deg: w.wind_from_deg % 360.0,
            },
            cloud_octas: w.cloud_octas,
            changes,
        }
    }

    pub(super) fn injects(
        &mut self,
        inj: &[RawInject],
        org: &Organisation,
        duration: u64,
        tick: u64,
    ) -> Vec<Inject> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, r) in inj.iter().enumerate() {
            let p = format!("injects[{i}]");
            if !seen.insert(r.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("inject id `{}` is used twice", r.id),
                    None,
                );
            }
            if r.time.0 > duration {
                self.d.err(
                    &format!("{p}.time"),
                    format!(
                        "inject at {} comes after the end of the exercise ({})",
                        r.time,
                        crate::time::hms(duration)
                    ),
                    None,
                );
            } else if r.time.0 % tick != 0 {
                self.d.err(
                    &format!("{p}.time"),
                    format!("inject time {} is not on a {tick}-s tick", r.time),
                    None,
                );
            }
            if r.text.trim().is_empty() {
                self.d.err(&format!("{p}.text"), "inject has no text", None);
            }
            let Some(to) = org.find(&r.to) else {
                let hint = self
                    .d
                    .wants_more()
                    .then(|| did_you_mean(&r.to, org.members.iter().map(|m| m.id.as_str())))
                    .flatten();
                self.d.err(
                    &format!("{p}.to"),
                    format!("unknown recipient `{}`", r.to),
                    hint,
                );
                continue;
            };
            out.push(Inject {
                id: r.id.clone(),
                time_s: r.time.0,
                from: r.from.clone(),
                to,
                channel: r.channel,
                text: r.text.clone(),
                text_zh: r.text_zh.clone(),
                expected_action: r.expected_action.clone(),
                expected_action_zh: r.expected_action_zh.clone(),
                objective: r.objective.clone(),
                notes: r.notes.clone(),
            });
        }
        out
    }
}
