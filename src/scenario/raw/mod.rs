//! The scenario file as written: serde structs that mirror the RON text one to one.
//!
//! Nothing here is checked beyond what serde checks (types, field names). References
//! are plain strings; [`super::validate`] resolves them into a [`super::Scenario`].
//! Every section is documented with an example in `docs/scenario-format.md`.
//!
//! [`RawScenario`] is the whole file; each section's structs live in a file named
//! after it (`meta.rs`, `map.rs` for the map and its grid, `layers.rs`, `roads.rs`,
//! `places.rs`, `org.rs`, `hazards.rs`, `script.rs` for weather and injects,
//! `objectives.rs`, `plan.rs`) and are re-exported here, so every type is
//! `scenario::raw::X`.

use serde::{Deserialize, Serialize};

mod hazards;
mod layers;
mod map;
mod meta;
mod objectives;
mod org;
mod places;
mod plan;
mod roads;
mod script;

pub use hazards::{
    DispersionTerrain, RawBreach, RawFire, RawFlood, RawHazard, RawIgnition, RawInflow, RawLeak,
    RawLeakStart, RawMoisture, RawPool, RawSpotting, RawTreeSpecies, RawWindLimit, StabilityClass,
};
pub use layers::{RawLayer, RawLayers, RawNoise, RawRaster};
pub use map::{RawGrid, RawMap};
pub use meta::{HazardKind, RawMeta};
pub use objectives::{RawObjective, RawTarget};
pub use org::{CommandLevel, RawLink, RawNode, RawOrg, RawUnit, RawUnitLink, UnitKind};
pub use places::{PlaceKind, RawGauge, RawPlace};
pub use plan::{GaugeLevel, RawDelay, RawPlan, RawRule, RawTrigger};
pub use roads::{RawRoadEdge, RawRoadNet, RawRoadNode, RawRoads};
pub use script::{RawInject, RawWeather, RawWeatherChange};

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct RawScenario {
    /// Name, timing and seed.
    pub meta: RawMeta,
    /// Grid, layers, roads and places.
    pub map: RawMap,
    /// Command posts, field units and the links between them.
    pub organisation: RawOrg,
    /// Weather at the start and its scripted changes.
    #[serde(default)]
    pub weather: RawWeather,
    /// The hazards that run in this scenario.
    #[serde(default)]
    pub hazards: Vec<RawHazard>,
    /// The master scenario events list (MSEL).
    #[serde(default)]
    pub injects: Vec<RawInject>,
    /// What the exercise is scored on (HSEEP objectives).
    #[serde(default)]
    pub objectives: Vec<RawObjective>,
    /// The contingency plan as rules; plays every seat no person holds.
    #[serde(default)]
    pub plan: RawPlan,
}
