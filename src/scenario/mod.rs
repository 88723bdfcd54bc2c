//! Scenarios: the RON file ([`raw`]), its validation ([`validate`]) and the validated,
//! id-resolved [`Scenario`] the engine runs.
//!
//! Invariants of a [`Scenario`]: every id is resolved to an index; every layer has
//! `grid.len()` values; every place and road node lies on the grid; every unit is under
//! a command post; every member can reach the top post over the links; times are whole
//! ticks within the exercise.

pub mod authority;
pub mod diag;
pub mod layer_files;
pub mod names;
pub mod orders_file;
pub mod raw;
pub mod refusal;
pub mod ron_index;
pub mod synth;
pub mod validate;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use diag::Diagnostic;
pub use layer_files::{LayerFiles, SourceFile};
pub use raw::{CommandLevel, HazardKind, PlaceKind, RawScenario, UnitKind};
pub use validate::text_hash;

use crate::map::{GridSpec, RoadNetwork};
use crate::order::{Capability, Channel};

/// Index of a place in [`Scenario::places`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct PlaceId(pub u32);

/// Index of an organisation member (command post or unit) in [`Organisation::members`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct MemberId(pub u32);

/// Index of a field unit in [`Organisation::units`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct UnitId(pub u32);

/// Metadata after validation.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Title.
    pub name: String,
    /// Description for trainers.
    pub description: String,
    /// The description in Chinese (empty: none given).
    pub description_zh: String,
    /// Hazards trained.
    pub hazard_kinds: Vec<HazardKind>,
    /// Start date-time, local, zero-padded `YYYY-MM-DDTHH:MM[:SS]` (written without
    /// padding in the file, it is padded here: see [`crate::time::parse_start`]).
    pub start: String,
    /// Seconds of the day at the start (for day/night).
    pub start_second_of_day: u32,
    /// The time zone of `start` as declared (IANA name or fixed offset), validated;
    /// `None`: the default +08:00.
    pub time_zone: Option<String>,
    /// Exercise length, s.
    pub duration_s: u64,
    /// Tick length, s.
    pub tick_s: u64,
    /// Default seed.
    pub seed: u64,
}

impl Meta {
    /// The description in Chinese when `chinese` and the scenario gives one, otherwise
    /// as written.
    pub fn description_in(&self, chinese: bool) -> &str {
        in_language(chinese, &self.description, &self.description_zh)
    }

    /// Number of ticks in the exercise.
    pub fn ticks(&self) -> u64 {
        self.duration_s / self.tick_s
    }
}

/// A named place.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: PlaceKind,
    /// `(col, row)`.
    pub cell: (u32, u32),
    /// People present at the start.
    pub population: u32,
    /// Buildings.
    pub buildings: u32,
    /// Shelter capacity.
    pub capacity: Option<u32>,
    /// Road node serving it.
    pub road_node: u32,
    /// Gauge warning and danger levels, m.
    pub gauge: Option<(f64, f64)>,
}

/// What an organisation member is.
#[derive(Debug, Clone, Serialize)]
pub enum MemberKind {
    /// A command post.
    Command {
        /// Level.
        level: CommandLevel,
        /// Person responsible for acknowledging warnings.
        responsible: Option<String>,
        /// Places it warns and evacuates.
        covers: Vec<PlaceId>,
        /// Where it sits.
        place: Option<PlaceId>,
    },
    /// A field unit.
    Unit(UnitId),
}

/// A command post or unit.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: MemberKind,
    /// Superior.
    pub parent: Option<MemberId>,
    /// Direct subordinates, in scenario order.
    pub children: Vec<MemberId>,
}

/// A field unit's properties.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSpec {
    /// Its member entry.
    pub member: MemberId,
    /// Type.
    pub kind: UnitKind,
    /// Capabilities.
    pub capabilities: Vec<Capability>,
    /// Top speed, km/h.
    pub speed_km_h: f64,
    /// Fording depth, m.
    pub fording_depth_m: f64,
    /// Crew.
    pub crew: u32,
    /// Home place.
    pub home: PlaceId,
    /// Mutual-aid delay, s, for units from outside (unavailable until requested).
    pub mutual_aid_s: Option<u64>,
}

/// A communication link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// One end.
    pub a: MemberId,
    /// Other end.
    pub b: MemberId,
    /// Channel.
    pub channel: Channel,
    /// One-way latency, s.
    pub latency_s: u64,
    /// Only `a` → `b`.
    pub one_way: bool,
}

/// The organisation graph.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    /// Command posts first (scenario order), then units.
    pub members: Vec<Member>,
    /// Units.
    pub units: Vec<UnitSpec>,
    /// Links (explicit ones, then one implicit link per unit to its commander).
    pub links: Vec<Link>,
    /// The top command post.
    pub top: MemberId,
    /// Member by id (built by [`Organisation::index_members`]).
    #[serde(skip)]
    pub by_id: std::collections::HashMap<String, MemberId>,
}

impl Organisation {
    /// Fill [`Organisation::by_id`] from the members (the first of a repeated id
    /// wins, as a search in order would find it).
    pub fn index_members(&mut self) {
        self.by_id.clear();
        for (i, m) in self.members.iter().enumerate() {
            self.by_id.entry(m.id.clone()).or_insert(MemberId(i as u32));
        }
    }
    /// Member by id.
    pub fn find(&self, id: &str) -> Option<MemberId> {
        self.by_id.get(id).copied()
    }
    /// The member.
    pub fn member(&self, id: MemberId) -> &Member {
        &self.members[id.0 as usize]
    }
    /// Whether `sub` is `boss` or below it in the command tree.
    pub fn is_under(&self, sub: MemberId, boss: MemberId) -> bool {
        let mut cur = Some(sub);
        while let Some(c) = cur {
            if c == boss {
                return true;
            }
            cur = self.members[c.0 as usize].parent;
        }
        false
    }
}

/// Weather at a time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeatherState {
    /// 10-m wind speed, m/s.
    pub wind_m_s: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
}

/// Weather script.
#[derive(Debug, Clone, Serialize)]
pub struct Weather {
    /// At the start.
    pub initial: WeatherState,
    /// Cloud cover, eighths.
    pub cloud_octas: u8,
    /// Scripted changes `(time s, new state)`, sorted by time.
    pub changes: Vec<(u64, WeatherState)>,
}

/// An MSEL row.
#[derive(Debug, Clone, Serialize)]
pub struct Inject {
    /// Id.
    pub id: String,
    /// Delivery time, s from start.
    pub time_s: u64,
    /// Sender (free text).
    pub from: String,
    /// Recipient.
    pub to: MemberId,
    /// Channel.
    pub channel: Channel,
    /// Text.
    pub text: String,
    /// Text in Chinese (empty: none given; see [`Inject::text_in`]).
    pub text_zh: String,
    /// Expected action.
    pub expected_action: String,
    /// Expected action in Chinese (empty: none given).
    pub expected_action_zh: String,
    /// Objective or capability tested.
    pub objective: String,
    /// Controller notes.
    pub notes: String,
}

impl Inject {
    /// The message in Chinese when `chinese` and the scenario gives one (`text_zh`),
    /// otherwise as written.
    pub fn text_in(&self, chinese: bool) -> &str {
        in_language(chinese, &self.text, &self.text_zh)
    }

    /// The expected action in Chinese when `chinese` and the scenario gives one
    /// (`expected_action_zh`), otherwise as written.
    pub fn expected_action_in(&self, chinese: bool) -> &str {
        in_language(chinese, &self.expected_action, &self.expected_action_zh)
    }
}

/// A text the scenario gives in English and, optionally (`zh` not empty), in Chinese:
/// the one for `chinese`, the English when no Chinese is given.
fn in_language<'a>(chinese: bool, en: &'a str, zh: &'a str) -> &'a str {
    if chinese && !zh.is_empty() { zh } else { en }
}

/// A validated forest fire.
#[derive(Debug, Clone, Serialize)]
pub struct FireSpec {
    /// Ignitions: (cell index, second).
    pub ignitions: Vec<(usize, u64)>,
    /// Moistures 1-h, 10-h, 100-h, herb, woody, percent.
    pub moisture_pct: [f64; 5],
    /// 10-m wind to midflame wind factor.
    pub wind_adjustment: f64,
    /// Burn-out time, s.
    pub burnout_s: u64,
    /// Foliar moisture of the canopy, percent.
    pub foliar_moisture_pct: f64,
    /// Upper limit on the effective midflame wind.
    pub wind_limit: raw::RawWindLimit,
    /// Firebrands and spot fires (`None`: off).
    pub spotting: Option<raw::RawSpotting>,
}

/// The four canopy layers of the map (LANDFIRE's CC, CH, CBH, CBD), one value per cell.
#[derive(Debug, Clone, Serialize)]
pub struct CanopySpec {
    /// Canopy cover, fraction 0–1.
    pub cover: Vec<f32>,
    /// Canopy height, m.
    pub height_m: Vec<f32>,
    /// Canopy base height, m.
    pub base_height_m: Vec<f32>,
    /// Canopy bulk density, kg/m³.
    pub bulk_density_kg_m3: Vec<f32>,
}

/// A validated river inflow.
#[derive(Debug, Clone, Serialize)]
pub struct InflowSpec {
    /// Name.
    pub name: String,
    /// Cell indices.
    pub cells: Vec<usize>,
    /// (second, m³/s).
    pub hydrograph: Vec<(f64, f64)>,
}

/// A validated breach.
#[derive(Debug, Clone, Serialize)]
pub struct BreachSpec {
    /// Name.
    pub name: String,
    /// Second it opens.
    pub at_s: u64,
    /// Cell indices.
    pub cells: Vec<usize>,
    /// New ground elevation, m.
    pub bed_m: f64,
}

/// A validated flood.
#[derive(Debug, Clone, Serialize)]
pub struct FloodSpec {
    /// Inflows.
    pub inflows: Vec<InflowSpec>,
    /// Rain (second, m/s).
    pub rain_m_s: Vec<(f64, f64)>,
    /// Initial water: (cell index, water level m).
    pub initial_level: Vec<(usize, f64)>,
    /// Breaches, by time.
    pub breaches: Vec<BreachSpec>,
    /// Free outflow cells.
    pub outflow_cells: Vec<usize>,
}

/// A validated chemical leak.
#[derive(Debug, Clone, Serialize)]
pub struct LeakSpec {
    /// Source place.
    pub source: PlaceId,
    /// Substance id (resolved in the substance library).
    pub substance: String,
    /// Release (second, kg/s).
    pub release_kg_s: Vec<(f64, f64)>,
    /// Release height, m.
    pub source_height_m: f64,
    /// Open or urban dispersion.
    pub terrain: raw::DispersionTerrain,
    /// Fixed stability class, or derived when `None`.
    pub stability: Option<raw::StabilityClass>,
    /// Share of the release left once contained.
    pub contained_fraction: f64,
    /// Hazmat set-up time on scene, s.
    pub containment_setup_s: u64,
    /// The flood that starts the release, when the leak waits for one; `None`: the
    /// release follows `release_kg_s` from the start of the exercise.
    pub flood_trigger: Option<FloodTrigger>,
}

/// A leak started by the flood: the release begins (its curve counted from then) in
/// the first tick the water at `place` is at least `depth_m` deep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FloodTrigger {
    /// Place whose cell is watched.
    pub place: PlaceId,
    /// Water depth that starts the release, m.
    pub depth_m: f64,
}

/// The hazards of a scenario (at most one of each kind).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hazards {
    /// Forest fire.
    pub fire: Option<FireSpec>,
    /// Flood.
    pub flood: Option<FloodSpec>,
    /// Chemical leak.
    pub leak: Option<LeakSpec>,
}

/// Default decision delay of a seat the plan plays: triangular 1–3–10 min.
pub const DEFAULT_DELAY_S: (u64, u64, u64) = (60, 180, 600);

/// The contingency plan, validated.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Decision delay (min, mode, max) in s per command post.
    pub delays: std::collections::BTreeMap<MemberId, (u64, u64, u64)>,
    /// Rules, in scenario order.
    pub rules: Vec<raw::RawRule>,
    /// The seat of each rule.
    pub rule_seats: Vec<MemberId>,
}

impl Plan {
    /// Decision delay of a seat.
    pub fn delay(&self, seat: MemberId) -> (u64, u64, u64) {
        self.delays.get(&seat).copied().unwrap_or(DEFAULT_DELAY_S)
    }
}

/// The scenario text and its identity.
#[derive(Debug, Clone)]
pub struct ScenarioSource {
    /// Path it was read from.
    pub path: PathBuf,
    /// Full text.
    pub text: Arc<String>,
    /// SHA-256 of the text with normalised line ends, hex ([`text_hash`]).
    pub hash: String,
    /// Every other file validation read (layers, road networks), in the order first
    /// read, each once: what a recording embeds.
    pub files: Vec<SourceFile>,
}

impl ScenarioSource {
    /// The scenario file and every other file it read (layers, road networks), as
    /// paths: the files a command serving this scenario must never write over.
    pub fn paths(&self) -> Vec<PathBuf> {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        std::iter::once(self.path.clone())
            .chain(self.files.iter().map(|f| dir.join(&f.name)))
            .collect()
    }

    /// Names the scenario file and every other file it read as inputs of `plan`, so that
    /// no output of the command replaces one of them, even with `--force`.
    pub fn protect(&self, plan: &mut crate::output::Plan) {
        let mut paths = self.paths().into_iter();
        if let Some(p) = paths.next() {
            plan.input(&p, "scenario");
        }
        for p in paths {
            plan.input(&p, "scenario's layer, road or place file");
        }
    }

    /// Whether a hash recorded for this scenario (in a recording's header) is its
    /// hash: [`text_hash`], or — for recordings made before line ends were
    /// normalised — the SHA-256 of the text exactly as it was written.
    pub fn matches_hash(&self, recorded: &str) -> bool {
        use sha2::Digest;
        self.hash == recorded || hex(&sha2::Sha256::digest(self.text.as_bytes())) == recorded
    }
}

/// Lower-case hex of bytes, two digits per byte: how [`ScenarioSource::hash`] and every
/// other digest drillsim prints or stores (state checksums, event-log digests,
/// recording hashes, signing keys and MACs) are written.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A validated scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Metadata.
    pub meta: Meta,
    /// Grid.
    pub grid: GridSpec,
    /// The grid's coordinate reference system, when declared (`map.crs`).
    pub crs: Option<crate::map::crs::Crs>,
    /// Elevation, m.
    pub elevation: Vec<f32>,
    /// Land cover / fuel model code.
    pub land_cover: Vec<u16>,
    /// Manning's n.
    pub roughness: Vec<f32>,
    /// Dispersed population per cell.
    pub population: Vec<f32>,
    /// Canopy layers, when the map has them.
    pub canopy: Option<CanopySpec>,
    /// Roads.
    pub roads: RoadNetwork,
    /// Places.
    pub places: Vec<Place>,
    /// Organisation.
    pub org: Organisation,
    /// Weather.
    pub weather: Weather,
    /// MSEL, sorted by time then id.
    pub injects: Vec<Inject>,
    /// Hazards.
    pub hazards: Hazards,
    /// Objectives, validated (references checked).
    pub objectives: Vec<raw::RawObjective>,
    /// The contingency plan, validated.
    pub plan: Plan,
    /// Where it came from.
    pub source: ScenarioSource,
    /// Places, road nodes and covering posts by id, for lookups in constant time
    /// (orders are checked one by one against them).
    pub lookup: Lookup,
}

/// Indices of a [`Scenario`] built once at validation ([`Lookup::build`]).
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// Place by id.
    pub places: std::collections::HashMap<String, PlaceId>,
    /// Road node by id.
    pub road_nodes: std::collections::HashMap<String, u32>,
    /// Per place: the first command post whose `covers` lists it.
    pub covering: Vec<Option<MemberId>>,
    /// The bilingual names people read — places, members and the person responsible
    /// at each post — as (whole, English part, Chinese part)
    /// ([`names::name_in`]), longest first, each once: what
    /// [`names::names_in_language`] cuts, built here once
    /// rather than for every line it is asked about (the GUI's event log asks per line
    /// and frame).
    pub bilingual: Vec<(String, String, String)>,
}

impl Lookup {
    /// Index the places, road nodes and covering posts.
    pub fn build(places: &[Place], roads: &RoadNetwork, org: &Organisation) -> Lookup {
        let mut out = Lookup {
            covering: vec![None; places.len()],
            ..Lookup::default()
        };
        for (i, p) in places.iter().enumerate() {
            out.places.entry(p.id.clone()).or_insert(PlaceId(i as u32));
        }
        for n in roads.graph.node_indices() {
            out.road_nodes
                .entry(roads.graph[n].id.clone())
                .or_insert(n.index() as u32);
        }
        for (i, m) in org.members.iter().enumerate() {
            if let MemberKind::Command { covers, .. } = &m.kind {
                for p in covers {
                    if let Some(c) = out.covering.get_mut(p.0 as usize)
                        && c.is_none()
                    {
                        *c = Some(MemberId(i as u32));
                    }
                }
            }
        }
        let responsible = org.members.iter().filter_map(|m| match &m.kind {
            MemberKind::Command {
                responsible: Some(r),
                ..
            } => Some(r.as_str()),
            _ => None,
        });
        let mut names: Vec<&str> = places
            .iter()
            .map(|p| p.name.as_str())
            .chain(org.members.iter().map(|m| m.name.as_str()))
            .chain(responsible)
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        names.dedup();
        out.bilingual = names
            .into_iter()
            .map(|n| {
                (
                    n.to_string(),
                    names::name_in(n, false),
                    names::name_in(n, true),
                )
            })
            .filter(|(n, en, zh)| en != n || zh != n)
            .collect();
        out
    }
}

impl Scenario {
    /// Place by id.
    pub fn place(&self, id: &str) -> Option<PlaceId> {
        self.lookup.places.get(id).copied()
    }
    /// The command post responsible for warning and evacuating a place (the first
    /// post whose `covers` lists it).
    pub fn covering_post(&self, place: PlaceId) -> Option<MemberId> {
        self.lookup
            .covering
            .get(place.0 as usize)
            .copied()
            .flatten()
    }

    /// Road section between two road nodes (by id).
    pub fn road_edge(&self, a: &str, b: &str) -> Option<u32> {
        let g = &self.roads.graph;
        let find = |id: &str| {
            self.lookup
                .road_nodes
                .get(id)
                .map(|&n| petgraph::graph::NodeIndex::new(n as usize))
        };
        let (na, nb) = (find(a)?, find(b)?);
        g.find_edge(na, nb).map(|e| e.index() as u32)
    }

    /// Weather in force at second `t`.
    pub fn weather_at(&self, t: u64) -> WeatherState {
        let mut w = self.weather.initial;
        for (at, s) in &self.weather.changes {
            if *at <= t {
                w = *s;
            }
        }
        w
    }
}

/// Read and validate a scenario file.
pub fn load(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    validate::load(path)
}

/// Read and validate a scenario to run it: shared, or every diagnostic rendered as
/// one message (what the CLI, the GUI and the server print).
pub fn open(path: &Path) -> Result<Arc<Scenario>, String> {
    load(path).map(Arc::new).map_err(|d| diag::render_diags(&d))
}

/// Validate scenario text as if read from `path` (layer files resolve beside `path`).
pub fn from_text(path: &Path, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    validate::from_text(path, text)
}

/// Validate scenario text whose other files come from `files` (a recording's
/// embedded files, or a folder); `path` only names the scenario in diagnostics.
pub fn from_parts(path: &Path, text: &str, files: LayerFiles) -> Result<Scenario, Vec<Diagnostic>> {
    validate::from_parts(path, text, files)
}
