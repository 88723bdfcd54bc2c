//! The round file as written: serde structs for RON, checked in [`super::Round`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::time::Dur;

/// A competition round.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Round")]
pub struct RawRound {
    /// Short id, written into every recording of the round.
    pub id: String,
    /// Title.
    #[serde(default)]
    pub name: String,
    /// Scenario file, relative to the round file.
    pub scenario: String,
    /// Seed every team plays (default: the scenario's).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Weather variant every team plays under.
    #[serde(default)]
    pub weather: Option<RawWeatherVariant>,
    /// Simulated time after which orders are late (default: the exercise's end).
    #[serde(default)]
    pub time_limit: Option<Dur>,
    /// How teams may play (default: orders files only).
    #[serde(default)]
    pub modes: Vec<RawMode>,
    /// Weights, penalties and tie-breaks.
    #[serde(default)]
    pub scoring: RawScoring,
    /// The teams and the seats each holds.
    pub teams: Vec<RawTeam>,
}

/// The wind every team plays under, delivered as facilitator wind changes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeatherVariant {
    /// Name of the variant.
    pub name: String,
    /// Wind at the start, m/s.
    pub wind_m_s: f64,
    /// Direction the wind blows from at the start, degrees.
    pub wind_from_deg: f64,
    /// Later changes.
    #[serde(default)]
    pub changes: Vec<RawWind>,
}

/// A wind change of a variant.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWind {
    /// When.
    pub at: Dur,
    /// Wind, m/s.
    pub wind_m_s: f64,
    /// From, degrees.
    pub wind_from_deg: f64,
}

/// A way of playing the round.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum RawMode {
    /// Orders files, run headless by the official session.
    OrdersFile,
    /// Live play (GUI) at no more than `max_speed` × real time, within `max_wall`.
    Live {
        /// Fastest pace allowed, simulated seconds per wall-clock second.
        max_speed: f64,
        /// Longest wall-clock time a session may take.
        #[serde(default)]
        max_wall: Option<Dur>,
    },
}

/// What a rule does with each offence.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Serialize)]
pub enum RawRule {
    /// Counted and shown; no points taken.
    #[default]
    Count,
    /// This many points taken off per offence.
    Penalty(f64),
    /// Any offence refuses the recording.
    Disqualify,
}

/// Tie-breaks, applied in order when totals are equal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum TieBreak {
    /// Fewer casualties (the final outcome).
    FewerCasualties,
    /// Fewer people exposed (the final outcome).
    FewerPeopleExposed,
    /// The last warning acknowledged earlier (never: last).
    EarlierLastWarningAcknowledged,
    /// Fewer orders refused for want of authority.
    FewerAuthorityViolations,
    /// Fewer late orders.
    FewerLateOrders,
    /// More objectives rated P.
    MoreObjectivesMet,
    /// More weighted points on this objective.
    HigherObjective(String),
    /// The session finished earlier (wall clock).
    EarlierSubmission,
}

/// Scoring rules of a round.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScoring {
    /// Weight per objective id (default 1).
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Orders refused because the seat has no authority.
    #[serde(default)]
    pub authority_violation: RawRule,
    /// Orders timed after the time limit.
    #[serde(default)]
    pub late_order: RawRule,
    /// Tie-breaks in order.
    #[serde(default)]
    pub tie_breaks: Vec<TieBreak>,
}

/// A team.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// Id (written into its recordings).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Command posts the team holds.
    pub seats: Vec<String>,
}
