//! The `meta` section: name, the hazard kinds trained, start, length, tick and seed.

use serde::{Deserialize, Serialize};

use crate::time::Dur;

/// Scenario metadata.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Short title.
    pub name: String,
    /// What the exercise is about, for trainers.
    #[serde(default)]
    pub description: String,
    /// The description in Chinese (`report --lang zh`); empty: said as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_zh: String,
    /// Which hazards the exercise trains.
    pub hazard_kinds: Vec<HazardKind>,
    /// Exercise start, local time, `YYYY-MM-DDTHH:MM[:SS]`.
    pub start: String,
    /// The time zone `start` is in, an IANA name (`"Asia/Shanghai"`) or a fixed
    /// offset (`"+08:00"`); CAP `sent` times are written in it. Default: +08:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Exercise length.
    pub duration: Dur,
    /// Simulation time step.
    pub tick: Dur,
    /// Seed used when the command line gives none.
    #[serde(default)]
    pub seed: u64,
}

/// The hazard families the engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum HazardKind {
    /// River and pluvial flooding.
    Flood,
    /// Forest or grass fire.
    ForestFire,
    /// Toxic gas release.
    ChemicalLeak,
}
