//! The exercise's script: the `weather` section (the start and scripted changes) and
//! the `injects` section, the master scenario events list (MSEL).

use serde::{Deserialize, Serialize};

use crate::order::Channel;
use crate::time::Dur;

/// Weather at the start and scripted changes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeather {
    /// Wind speed at 10 m, m/s; default 2.
    #[serde(default = "default_wind")]
    pub wind_m_s: f64,
    /// Direction the wind blows from, degrees clockwise from north; default 0 (north).
    #[serde(default)]
    pub wind_from_deg: f64,
    /// Cloud cover in eighths (for the Pasquill stability class); default 4.
    #[serde(default = "default_cloud")]
    pub cloud_octas: u8,
    /// Scripted changes.
    #[serde(default)]
    pub changes: Vec<RawWeatherChange>,
}

fn default_wind() -> f64 {
    2.0
}

fn default_cloud() -> u8 {
    4
}

impl Default for RawWeather {
    fn default() -> Self {
        RawWeather {
            wind_m_s: default_wind(),
            wind_from_deg: 0.0,
            cloud_octas: default_cloud(),
            changes: Vec::new(),
        }
    }
}

/// A scripted weather change.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeatherChange {
    /// When, from the start.
    pub at: Dur,
    /// New wind speed at 10 m, m/s.
    pub wind_m_s: f64,
    /// New wind direction (from), degrees.
    pub wind_from_deg: f64,
}

/// One row of the MSEL.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawInject {
    /// Unique id, e.g. `"I01"`.
    pub id: String,
    /// Delivery time from the start.
    pub time: Dur,
    /// Who it comes from (free text: "Met bureau", "Village head").
    pub from: String,
    /// Command post (or unit) that receives it.
    pub to: String,
    /// Channel it arrives on.
    pub channel: Channel,
    /// The message.
    pub text: String,
    /// The message in Chinese, for players and reports in Chinese; empty: `text` is
    /// shown in both languages.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_zh: String,
    /// What the players are expected to do.
    #[serde(default)]
    pub expected_action: String,
    /// The expected action in Chinese; empty: `expected_action` in both languages.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub expected_action_zh: String,
    /// The objective or core capability the inject tests (HSEEP MSEL column).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub objective: String,
    /// Notes for controllers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}
