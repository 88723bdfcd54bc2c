//! The scenario file as written: serde structs that mirror the RON text one to one.
//!
//! Nothing here is checked beyond what serde checks (types, field names). References
//! are plain strings; [`super::validate`] resolves them into a [`super::Scenario`].
//! Every section is documented with an example in `docs/scenario-format.md`.

use crate::map::RoadClass;
use crate::order::{Capability, Channel, Order, ResponseLevel};
use crate::time::Dur;
use serde::{Deserialize, Serialize};

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

/// An exercise objective (HSEEP: objective → core capability → target → critical tasks).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// Id, e.g. `"O1"`.
    pub id: String,
    /// What the objective is.
    pub title: String,
    /// Core capability (FEMA list), e.g. "Public Information and Warning".
    pub capability: String,
    /// Critical tasks, as text.
    #[serde(default)]
    pub critical_tasks: Vec<String>,
    /// Points for full performance; default 10.
    #[serde(default = "default_points")]
    pub points: f64,
    /// The measurable capability target.
    pub target: RawTarget,
}

fn default_points() -> f64 {
    10.0
}

/// Measurable targets.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum RawTarget {
    /// Every warning and inject at these seats (all posts if empty) acknowledged within T.
    AcknowledgeWithin {
        /// Time allowed after receipt.
        within: Dur,
        /// Seats measured (command post ids); empty: all.
        #[serde(default)]
        seats: Vec<String>,
    },
    /// Households at each place warned at least `lead` before the hazard reaches it.
    WarningLead {
        /// Places.
        places: Vec<String>,
        /// Lead time required.
        lead: Dur,
    },
    /// Each place fully evacuated before the hazard arrives.
    EvacuatedBeforeArrival {
        /// Places.
        places: Vec<String>,
    },
    /// A unit on scene at a place within T (of the start, or of an inject).
    FirstOnScene {
        /// Place.
        place: String,
        /// Time allowed.
        within: Dur,
        /// Inject the clock starts at; default the start.
        #[serde(default)]
        after: Option<String>,
    },
    /// Response level at least `level` within T (of the start, or of an inject).
    ResponseLevelWithin {
        /// Level required.
        level: ResponseLevel,
        /// Time allowed.
        within: Dur,
        /// Inject the clock starts at; default the start.
        #[serde(default)]
        after: Option<String>,
    },
    /// The leak contained within T of the start.
    LeakContainedWithin {
        /// Time allowed.
        within: Dur,
    },
    /// The fire never reaches these places.
    FireKeptFrom {
        /// Places.
        places: Vec<String>,
    },
    /// People exposed to any hazard, at most.
    PeopleExposedAtMost {
        /// Limit.
        max: u32,
    },
    /// Casualties left untreated (people whose gas dose reached AEGL-3), at most.
    CasualtiesAtMost {
        /// Limit.
        max: u32,
    },
    /// Buildings flooded, at most.
    BuildingsFloodedAtMost {
        /// Limit.
        max: u32,
    },
    /// Area burnt, hectares, at most.
    AreaBurntAtMostHa {
        /// Limit.
        max: f64,
    },
}

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

/// Scenario metadata.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Short title.
    pub name: String,
    /// What the exercise is about, for trainers.
    #[serde(default)]
    pub description: String,
    /// Which hazards the exercise trains.
    pub hazard_kinds: Vec<HazardKind>,
    /// Exercise start, local time, `YYYY-MM-DDTHH:MM[:SS]`.
    pub start: String,
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

/// The map section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    /// The raster all layers share.
    pub grid: RawGrid,
    /// Raster layers.
    pub layers: RawLayers,
    /// The road network.
    pub roads: RawRoads,
    /// Named places.
    #[serde(default)]
    pub places: Vec<RawPlace>,
}

/// Grid geometry. Cells are square; row 0 is the north edge, column 0 the west edge.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrid {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Cell side in metres.
    pub cell_m: f64,
    /// Projected coordinates (m) of the south-west corner, as `xllcorner`/`yllcorner`
    /// in ESRI ASCII grids; used to place GeoJSON roads.
    #[serde(default)]
    pub origin: (f64, f64),
}

/// The raster layers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayers {
    /// Ground elevation, m.
    pub elevation: RawLayer,
    /// Land cover as fuel model numbers (Anderson 1–13, Scott & Burgan 101–204,
    /// non-burnable 91 urban, 93 agriculture, 98 water, 99 bare). Default: 1.
    #[serde(default)]
    pub land_cover: Option<RawLayer>,
    /// Manning's n. Default: derived from land cover.
    #[serde(default)]
    pub roughness: Option<RawLayer>,
    /// Residents per cell outside named places. Default: 0.
    #[serde(default)]
    pub population: Option<RawLayer>,
}

/// Where a layer's values come from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum RawLayer {
    /// The same value everywhere.
    Constant(f64),
    /// Row-major values, north row first, `width × height` of them.
    Inline(Vec<f64>),
    /// An ESRI ASCII grid file, relative to the scenario's folder.
    Asc(String),
    /// Smooth value noise from a seed.
    Noise(RawNoise),
    /// A tilted plane: `base + slope_east·x + slope_north·y` (x, y in m from the south-west corner).
    Plane {
        /// Value at the south-west corner.
        base: f64,
        /// Rise per metre eastwards.
        slope_east: f64,
        /// Rise per metre northwards.
        slope_north: f64,
    },
}

/// Parameters of procedural value noise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNoise {
    /// Generator seed (independent of the run seed).
    pub seed: u64,
    /// Mean value.
    pub base: f64,
    /// Largest deviation from the mean.
    pub amplitude: f64,
    /// Feature size in cells of the first octave.
    pub scale_cells: f64,
    /// Number of octaves (1–8).
    #[serde(default = "default_octaves")]
    pub octaves: u32,
}

fn default_octaves() -> u32 {
    4
}

/// The road network.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum RawRoads {
    /// Nodes and edges written in the scenario.
    Inline(RawRoadNet),
    /// LineStrings in a GeoJSON file (projected metres, same frame as `grid.origin`).
    GeoJson(String),
}

/// An inline road network.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadNet {
    /// Junctions and road ends.
    pub nodes: Vec<RawRoadNode>,
    /// Road sections between two nodes, usable both ways.
    pub edges: Vec<RawRoadEdge>,
}

/// A road node at a cell.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadNode {
    /// Unique id.
    pub id: String,
    /// `(column, row)`.
    pub cell: (u32, u32),
}

/// A road section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadEdge {
    /// Node id at one end.
    pub from: String,
    /// Node id at the other end.
    pub to: String,
    /// Road class; gives the default speed.
    #[serde(default)]
    pub class: RoadClass,
    /// Length in m; default: straight distance between the nodes.
    #[serde(default)]
    pub length_m: Option<f64>,
    /// Speed limit in km/h; default by class.
    #[serde(default)]
    pub speed_km_h: Option<f64>,
    /// A bridge: water under it does not close the section.
    #[serde(default)]
    pub bridge: bool,
}

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

/// The organisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrg {
    /// Command posts.
    pub nodes: Vec<RawNode>,
    /// Field units.
    #[serde(default)]
    pub units: Vec<RawUnit>,
    /// Communication links between command posts (and units, where not implicit).
    #[serde(default)]
    pub links: Vec<RawLink>,
}

/// A command post.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Unique id (shared namespace with units).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Level in the command structure.
    pub level: CommandLevel,
    /// Superior command post; exactly one node has none (the top).
    #[serde(default)]
    pub parent: Option<String>,
    /// Place where the post sits.
    #[serde(default)]
    pub place: Option<String>,
    /// The person responsible who must acknowledge warnings (call-and-respond).
    #[serde(default)]
    pub responsible: Option<String>,
    /// Places this post is responsible for warning and evacuating.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// Levels of the command structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum CommandLevel {
    /// District (county) headquarters.
    District,
    /// Township or sub-district.
    Township,
    /// Village or community.
    Village,
    /// On-scene / forward command post.
    Field,
    /// A facility's own emergency organisation (a plant, a school).
    Facility,
}

/// A field unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    /// Unique id (shared namespace with command posts).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit type; gives default capabilities and speed.
    pub kind: UnitKind,
    /// Command post the unit reports to.
    pub commander: String,
    /// Place the unit starts at (a depot, station, shelter…).
    pub home: String,
    /// People in the crew.
    pub crew: u32,
    /// Capabilities; default by kind.
    #[serde(default)]
    pub capabilities: Option<Vec<Capability>>,
    /// Top speed on roads, km/h; default by kind.
    #[serde(default)]
    pub speed_km_h: Option<f64>,
    /// Deepest water it can drive through, m; default by kind.
    #[serde(default)]
    pub fording_depth_m: Option<f64>,
    /// Link to its commander; default radio with 30 s latency.
    #[serde(default)]
    pub link: Option<RawUnitLink>,
    /// A mutual-aid unit from outside the district: not available until requested
    /// (`RequestMutualAid`), then arrives at its home this long after the request.
    #[serde(default)]
    pub mutual_aid: Option<Dur>,
}

/// The link between a unit and its commander.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitLink {
    /// Channel.
    pub channel: Channel,
    /// One-way latency.
    pub latency: Dur,
}

/// Kinds of field unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum UnitKind {
    /// Structural fire engine.
    FireEngine,
    /// Forest firefighting hand crew.
    ForestFireCrew,
    /// Water tanker.
    WaterTanker,
    /// Helicopter or plane for water drops.
    AerialDrop,
    /// Rescue boat team.
    RescueBoatTeam,
    /// Hazardous materials team.
    HazmatTeam,
    /// Ambulance.
    Ambulance,
    /// Police patrol.
    Police,
    /// Engineering team (sandbags, pumps, heavy plant).
    EngineeringTeam,
    /// Reconnaissance drone team.
    Drone,
    /// Bus or truck for evacuation.
    Transport,
}

impl UnitKind {
    /// Default capabilities of this kind of unit.
    pub fn default_capabilities(self) -> Vec<Capability> {
        use Capability::*;
        match self {
            UnitKind::FireEngine => vec![Suppress, Rescue, Decontaminate],
            UnitKind::ForestFireCrew => vec![Suppress, FireLine],
            UnitKind::WaterTanker => vec![Suppress],
            UnitKind::AerialDrop => vec![WaterDrop, Reconnoitre],
            UnitKind::RescueBoatTeam => vec![Rescue, Transport],
            UnitKind::HazmatTeam => vec![ContainLeak, Decontaminate, Reconnoitre],
            UnitKind::Ambulance => vec![TreatCasualties, Transport],
            UnitKind::Police => vec![Cordon, Reconnoitre],
            UnitKind::EngineeringTeam => vec![Sandbag, Pump],
            UnitKind::Drone => vec![Reconnoitre],
            UnitKind::Transport => vec![Transport],
        }
    }
    /// Default top speed on roads, km/h (aerial units fly straight at this speed).
    pub fn default_speed_km_h(self) -> f64 {
        match self {
            UnitKind::FireEngine | UnitKind::WaterTanker => 60.0,
            UnitKind::ForestFireCrew => 50.0,
            UnitKind::AerialDrop => 180.0,
            UnitKind::RescueBoatTeam => 50.0,
            UnitKind::HazmatTeam => 60.0,
            UnitKind::Ambulance => 70.0,
            UnitKind::Police => 80.0,
            UnitKind::EngineeringTeam => 40.0,
            UnitKind::Drone => 60.0,
            UnitKind::Transport => 50.0,
        }
    }
    /// Default fording depth, m (how deep a flooded road it can still use).
    pub fn default_fording_depth_m(self) -> f64 {
        match self {
            UnitKind::RescueBoatTeam => 3.0,
            UnitKind::EngineeringTeam => 0.6,
            UnitKind::FireEngine | UnitKind::WaterTanker => 0.5,
            UnitKind::AerialDrop | UnitKind::Drone => f64::INFINITY,
            _ => 0.3,
        }
    }
    /// Whether the unit flies (ignores roads).
    pub fn is_aerial(self) -> bool {
        matches!(self, UnitKind::AerialDrop | UnitKind::Drone)
    }
}

/// A communication link between two organisation members.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    /// One end.
    pub from: String,
    /// Other end.
    pub to: String,
    /// Channel.
    pub channel: Channel,
    /// One-way latency.
    pub latency: Dur,
    /// Whether messages may only go `from` → `to`.
    #[serde(default)]
    pub one_way: bool,
}

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
}

fn default_waf() -> f64 {
    0.4
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
    /// What the players are expected to do.
    #[serde(default)]
    pub expected_action: String,
}
