//! The `hazards` section: a forest fire, a flood or a chemical leak, with their
//! ignitions, inflows, breaches, releases and dispersion parameters.

use serde::{Deserialize, Serialize};

use crate::time::Dur;

/// A hazard running in the scenario (see `docs/hazards.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum RawHazard {
    /// Surface fire spreading over the land-cover (fuel model) layer.
    ForestFire(RawFire),
    /// Water on the grid: river inflows, rain, breaches.
    Flood(RawFlood),
    /// A toxic gas release at a place.
    ChemicalLeak(RawLeak),
}

/// A forest fire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFire {
    /// Where and when it starts.
    pub ignitions: Vec<RawIgnition>,
    /// Fuel moistures, percent.
    #[serde(default)]
    pub moisture_pct: RawMoisture,
    /// Wind adjustment factor from the 10-m wind to midflame wind (0.1–1.0);
    /// default 0.4 (partially sheltered surface fuels, Andrews 2012 table).
    #[serde(default = "default_waf")]
    pub wind_adjustment: f64,
    /// How long a cell burns before it is out; default 10 min.
    #[serde(default)]
    pub burnout: Option<Dur>,
    /// Foliar moisture of the canopy, percent (crown fire initiation, Van Wagner 1977);
    /// default 100.
    #[serde(default = "default_foliar_moisture")]
    pub foliar_moisture_pct: f64,
    /// Upper limit on the effective midflame wind; default `None` (as the US Forest
    /// Service's behave engine, after Andrews, Cruz & Rothermel 2013).
    #[serde(default)]
    pub wind_limit: RawWindLimit,
    /// Firebrands and spot fires; default on (torching and crowning trees loft
    /// firebrands); `spotting: None` turns them off.
    #[serde(default = "default_spotting")]
    pub spotting: Option<RawSpotting>,
}

fn default_waf() -> f64 {
    0.4
}

fn default_foliar_moisture() -> f64 {
    100.0
}

fn default_spotting() -> Option<RawSpotting> {
    Some(RawSpotting::default())
}

/// Upper limit on the Rothermel model's effective midflame wind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum RawWindLimit {
    /// No limit (behave engine default; Andrews, Cruz & Rothermel 2013).
    #[default]
    None,
    /// Rothermel (1972): effective wind at most 0.9 × reaction intensity.
    Rothermel1972,
    /// The revised limit of Andrews, Cruz & Rothermel (2013): 96.8 × I_R^(1/3).
    Andrews2013,
}

/// Species of torching trees (Albini 1979), for the spotting distance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[allow(missing_docs)] // the species' common names
pub enum RawTreeSpecies {
    EngelmannSpruce,
    #[default]
    DouglasFir,
    SubalpineFir,
    WesternHemlock,
    PonderosaPine,
    LodgepolePine,
    WesternWhitePine,
    GrandFir,
    BalsamFir,
    SlashPine,
    LongleafPine,
    PondPine,
    ShortleafPine,
    LoblollyPine,
}

/// Firebrands lofted by the fire and the spot fires they start.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpotting {
    /// Species of the torching trees; default `DouglasFir`.
    #[serde(default)]
    pub species: RawTreeSpecies,
    /// Diameter at breast height of the torching trees, cm; default 30.
    #[serde(default = "default_dbh")]
    pub dbh_cm: f64,
    /// Trees torching together in a torching cell; default 5.
    #[serde(default = "default_torching_trees")]
    pub torching_trees: u32,
    /// Trees torching together in an actively crowning cell; default 20.
    #[serde(default = "default_crowning_trees")]
    pub crowning_trees: u32,
    /// Whether surface fires loft firebrands too (Albini 1983); default false.
    #[serde(default)]
    pub from_surface_fires: bool,
    /// Air temperature for the ignition probability of a landing firebrand, °C;
    /// default 25.
    #[serde(default = "default_air_temperature")]
    pub air_temperature_c: f64,
}

impl Default for RawSpotting {
    fn default() -> Self {
        RawSpotting {
            species: RawTreeSpecies::default(),
            dbh_cm: default_dbh(),
            torching_trees: default_torching_trees(),
            crowning_trees: default_crowning_trees(),
            from_surface_fires: false,
            air_temperature_c: default_air_temperature(),
        }
    }
}

fn default_dbh() -> f64 {
    30.0
}

fn default_torching_trees() -> u32 {
    5
}

fn default_crowning_trees() -> u32 {
    20
}

fn default_air_temperature() -> f64 {
    25.0
}

/// An ignition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIgnition {
    /// `(column, row)`.
    pub cell: (u32, u32),
    /// When.
    #[serde(default)]
    pub at: Dur,
}

/// Dead and live fuel moistures, percent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMoisture {
    /// 1-h dead fuel.
    pub one_h: f64,
    /// 10-h dead fuel.
    pub ten_h: f64,
    /// 100-h dead fuel.
    pub hundred_h: f64,
    /// Live herbaceous.
    pub herb: f64,
    /// Live woody.
    pub woody: f64,
}

impl Default for RawMoisture {
    fn default() -> Self {
        RawMoisture {
            one_h: 6.0,
            ten_h: 7.0,
            hundred_h: 8.0,
            herb: 60.0,
            woody: 90.0,
        }
    }
}

/// A flood.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlood {
    /// River inflows at the grid edge.
    #[serde(default)]
    pub inflows: Vec<RawInflow>,
    /// Rain rate over time, mm/h, `(time, rate)`; linear between points.
    #[serde(default)]
    pub rain_mm_h: Vec<(Dur, f64)>,
    /// Water present at the start: rectangles filled up to a water level.
    #[serde(default)]
    pub initial_water: Vec<RawPool>,
    /// Levee breaches.
    #[serde(default)]
    pub breaches: Vec<RawBreach>,
    /// Cells where water leaves the grid freely (river outlet), `(column, row)`.
    #[serde(default)]
    pub outflow_cells: Vec<(u32, u32)>,
}

/// A river inflow.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawInflow {
    /// Name.
    pub name: String,
    /// Cells the flow enters through (shared equally), `(column, row)`.
    pub cells: Vec<(u32, u32)>,
    /// Discharge over time, m³/s, `(time, discharge)`; linear between points.
    pub hydrograph: Vec<(Dur, f64)>,
}

/// Standing water at the start.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    /// North-west corner `(column, row)`.
    pub from: (u32, u32),
    /// South-east corner `(column, row)`, inclusive.
    pub to: (u32, u32),
    /// Water surface elevation, m; cells with a lower bed are filled to it.
    pub level_m: f64,
}

/// A levee breach.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreach {
    /// Name.
    pub name: String,
    /// When it opens.
    pub at: Dur,
    /// Levee cells that fail, `(column, row)`.
    pub cells: Vec<(u32, u32)>,
    /// Ground elevation of the breached cells, m.
    pub bed_m: f64,
}

/// A toxic gas release.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeak {
    /// Place where the release is (a plant).
    pub source: String,
    /// Substance id (chlorine, ammonia, hydrogen_sulfide, sulfur_dioxide…).
    pub substance: String,
    /// Release rate over time, kg/s, `(time, rate)`; linear between points.
    pub release_kg_s: Vec<(Dur, f64)>,
    /// Release height, m.
    #[serde(default = "default_release_height")]
    pub source_height_m: f64,
    /// Dispersion terrain.
    #[serde(default)]
    pub terrain: DispersionTerrain,
    /// Pasquill stability class; default: from wind, cloud and time of day.
    #[serde(default)]
    pub stability: Option<StabilityClass>,
    /// Share of the release left once a hazmat team has contained it (0–1); default 0.
    #[serde(default)]
    pub contained_fraction: f64,
    /// Set-up time a hazmat team needs on scene before the release is contained.
    #[serde(default)]
    pub containment_setup: Option<Dur>,
    /// When the release begins; default `Fixed`: `release_kg_s` runs from the start of
    /// the exercise.
    #[serde(default)]
    pub start: RawLeakStart,
}

/// When a leak's release begins.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum RawLeakStart {
    /// At the times `release_kg_s` gives, counted from the start of the exercise.
    #[default]
    Fixed,
    /// When the flood water at `place` first reaches `depth_m` (a cascade: the flood
    /// knocks out the plant); `release_kg_s` is then counted from that moment. Needs a
    /// `Flood` hazard in the same scenario; if the water never gets that deep, the
    /// leak never starts.
    WhenFlooded {
        /// Place whose cell the water must reach (usually the leak's source).
        place: String,
        /// Water depth at the place that starts the release, m (> 0).
        depth_m: f64,
    },
}

fn default_release_height() -> f64 {
    1.0
}

/// Dispersion terrain for the Briggs coefficients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum DispersionTerrain {
    /// Open country.
    #[default]
    Open,
    /// Urban.
    Urban,
}

/// Pasquill–Gifford stability classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum StabilityClass {
    /// Very unstable.
    A,
    /// Unstable.
    B,
    /// Slightly unstable.
    C,
    /// Neutral.
    D,
    /// Slightly stable.
    E,
    /// Stable.
    F,
}
