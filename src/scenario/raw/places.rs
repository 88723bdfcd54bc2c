//! `map.places`: named places, their kinds and river gauge levels.

use serde::{Deserialize, Serialize};

/// A named place.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    /// Unique id.
    pub id: String,
    /// Display name (any language).
    pub name: String,
    /// What it is.
    pub kind: PlaceKind,
    /// `(column, row)`.
    pub cell: (u32, u32),
    /// People present at the start.
    #[serde(default)]
    pub population: u32,
    /// Buildings (for flood damage counts).
    #[serde(default)]
    pub buildings: u32,
    /// Shelter capacity, people.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Road node that serves it; default: the nearest node.
    #[serde(default)]
    pub road_node: Option<String>,
    /// River gauge levels (for `RiverGauge`).
    #[serde(default)]
    pub gauge: Option<RawGauge>,
}

/// Kinds of named place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum PlaceKind {
    /// Village or residential community.
    Village,
    /// School.
    School,
    /// Hospital or clinic.
    Hospital,
    /// Industrial plant.
    Plant,
    /// Evacuation shelter.
    Shelter,
    /// Equipment depot or station.
    Depot,
    /// Fire station.
    FireStation,
    /// River gauge.
    RiverGauge,
    /// Command post building.
    CommandPost,
    /// Any other landmark.
    Landmark,
}

/// Warning and danger levels of a river gauge (water surface elevation, m).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGauge {
    /// Warning level.
    pub warning_m: f64,
    /// Danger level.
    pub danger_m: f64,
}
