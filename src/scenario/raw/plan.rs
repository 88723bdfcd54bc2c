//! The `plan` section: the contingency plan as decision delays and trigger → orders
//! rules; it plays every seat no person holds.

use serde::{Deserialize, Serialize};

use crate::order::{Order, ResponseLevel};
use crate::time::Dur;

/// The contingency plan.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Decision delay of each seat (triangular distribution); default 1–3–10 min.
    #[serde(default)]
    pub delays: Vec<RawDelay>,
    /// Rules: trigger → orders after the seat's decision delay.
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// A seat's decision delay: triangular between `min` and `max` with mode `mode`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelay {
    /// Command post id.
    pub seat: String,
    /// Shortest.
    pub min: Dur,
    /// Most likely.
    pub mode: Dur,
    /// Longest.
    pub max: Dur,
}

/// A plan rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Id.
    pub id: String,
    /// The seat that acts.
    pub seat: String,
    /// When.
    pub when: RawTrigger,
    /// What it orders (the same orders as an orders file).
    pub then: Vec<Order>,
}

/// Plan triggers.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum RawTrigger {
    /// At a time.
    At(Dur),
    /// When the seat has received this inject.
    InjectReceived(String),
    /// When a gauge reaches its warning or danger level.
    GaugeAbove {
        /// Gauge place.
        gauge: String,
        /// `Warning` or `Danger`.
        level: GaugeLevel,
    },
    /// When fire or water is within a distance of a place.
    HazardWithin {
        /// Place.
        place: String,
        /// Distance, m.
        distance_m: f64,
    },
    /// When the gas at a place is above a concentration.
    ConcentrationAbove {
        /// Place.
        place: String,
        /// ppm.
        ppm: f64,
    },
    /// When the response level is at least this.
    LevelAtLeast(ResponseLevel),
    /// When the hazard has reached a place.
    PlaceReached(String),
}

/// Gauge levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum GaugeLevel {
    /// Warning level.
    Warning,
    /// Danger level.
    Danger,
}
