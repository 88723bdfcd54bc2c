//! From the RON text to a [`Scenario`]: parse, then check everything at once.
//!
//! Every problem found becomes a [`Diagnostic`] at `file:line:col` with the offending
//! text and a hint; validation goes on after an error so that a trainer sees all of
//! them in one pass. Nothing here panics on any input (see the property test in
//! `tests/validation.rs`).
//!
//! This file holds the entry points ([`load`], [`from_text`]), the limits the checks
//! enforce, the validator and its top-level `run` (which fixes the order in which the
//! sections are checked, and so the order of the diagnostics), and the "did you
//! mean" hint. Each section of the scenario file has its own `impl` block in a file
//! named after it: `meta.rs` (with the start date-time), `grid.rs`, `files.rs` (layer
//! and road files beside the scenario), `layers.rs`, `roads.rs`, `places.rs`,
//! `org.rs`, `hazards.rs`, `script.rs` (weather and injects), `objectives.rs` and
//! `plan.rs` (with the plan's orders checked against the built scenario).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::diag::{Diagnostic, Diags};
use super::raw::*;
use super::*;

mod crs;
mod files;
pub use files::{MAX_LAYER_FILE_BYTES, refuse as refuse_file_ref};
mod grid;
mod hazards;
mod layers;
pub use layers::{MAX_CANOPY_BULK_DENSITY_KG_M3, MAX_CANOPY_HEIGHT_M};
mod meta;
mod objectives;
mod org;
mod place_files;
mod places;
mod plan;
mod rasters;
mod roads;
mod roads_osm;
mod script;

/// Largest grid accepted, cells (a 4096 × 4096 grid).
pub const MAX_CELLS: u64 = 4096 * 4096;
/// Smallest and largest cell side, m.
pub const CELL_M_RANGE: (f64, f64) = (1.0, 1000.0);
/// Longest exercise accepted, s (ten days).
pub const MAX_DURATION_S: u64 = 10 * 24 * 3600;
/// How far (in m) a place may be from the nearest road node when none is named.
pub const MAX_ROAD_SNAP_M: f64 = 2000.0;
/// Longest duration of anything in a scenario other than the exercise itself
/// (latencies, delays, set-up and burn-out times, time-series points, objective
/// windows), s: ten days, as [`MAX_DURATION_S`]. Bounding them keeps every
/// `time + duration` in the engine far from overflow.
pub const MAX_SPAN_S: u64 = MAX_DURATION_S;
/// Ground and water-surface elevations accepted, m: below the Dead Sea shore
/// (−430 m) to above Everest (8 849 m).
pub const ELEVATION_RANGE_M: (f64, f64) = (-500.0, 9000.0);
/// Deepest water a scenario may put on a cell, m (standing water, flood triggers):
/// deeper than any flood on land — dam-break waves on a valley floor stay under
/// 30 m. The flood scheme's time step shrinks as 1/√depth, so an absurd depth
/// (a level of 1e12 m) would make one tick take minutes.
pub const MAX_WATER_DEPTH_M: f64 = 50.0;
/// Largest |easting| and |northing| of the grid's origin, m: larger than any
/// projected coordinate on Earth (Gauss–Krüger eastings with a zone prefix stay
/// under 10⁸ m), and small enough that f64 keeps sub-millimetre precision. The
/// same bound as a road file's vertices ([`crate::map::MAX_PROJECTED_M`]).
pub const MAX_ORIGIN_M: f64 = crate::map::MAX_PROJECTED_M;
/// Most residents of one cell of the population layer: 10⁶ (the densest city
/// districts hold about 10⁵ per km², and a cell is at most 1 km²).
pub const MAX_CELL_POPULATION: f64 = 1e6;
/// Most people, buildings or shelter places at one place (a city district).
pub const MAX_PLACE_COUNT: u32 = 10_000_000;
/// Most people (or buildings) in a whole scenario, summed over places and over the
/// population layer: 10⁸, so that every count the engine sums fits a u32.
pub const MAX_TOTAL_COUNT: u64 = 100_000_000;
/// Longest road section, m (a straight road across the largest grid is 4096 km
/// at 1 km cells; any real section between two junctions is far shorter).
pub const MAX_ROAD_SECTION_M: f64 = 1_000_000.0;
/// Most levels below the top command post (units included): 32. Real command
/// structures have a handful (district → township → village → unit); the bound
/// keeps "is this unit under that seat", asked for every order, short.
pub const MAX_COMMAND_DEPTH: usize = 32;
/// Largest crew of one unit: 1 000 people (a unit in the graph is one team).
pub const MAX_CREW: u32 = 1000;
/// Deepest water a unit may be able to drive through, m (a boat team's default is
/// 3 m); aerial units fly over any.
pub const MAX_FORDING_DEPTH_M: f64 = 100.0;
/// Most points an objective may be worth.
pub const MAX_POINTS: f64 = 1_000_000.0;
/// Highest concentration a plan trigger may name, ppm (10⁶ ppm is pure gas).
pub const MAX_PPM: f64 = 1_000_000.0;

/// Strongest wind accepted, m/s (60 m/s is beyond a category-5 typhoon's
/// sustained 10-m wind; Beaufort 12 starts at 32.7 m/s).
pub const MAX_WIND_M_S: f64 = 60.0;

/// Highest release rate of a chemical leak, kg/s (a full-bore rupture of a large
/// pipeline or tank outlet releases some hundreds to a few thousand kg/s).
pub const MAX_RELEASE_KG_S: f64 = 10_000.0;
/// Release heights of a chemical leak, m (ground to a tall stack).
pub const RELEASE_HEIGHT_RANGE_M: (f64, f64) = (0.0, 500.0);
/// Dead fuel moistures (1-h, 10-h, 100-h) of a forest fire, %: above about 35 % no
/// dead fuel carries fire.
pub const DEAD_MOISTURE_RANGE_PCT: (f64, f64) = (1.0, 60.0);
/// Live fuel moistures (herbaceous, woody) of a forest fire, %.
pub const LIVE_MOISTURE_RANGE_PCT: (f64, f64) = (1.0, 300.0);
/// Wind adjustment factors (20-ft wind to midflame wind) of a forest fire.
pub const WIND_ADJUSTMENT_RANGE: (f64, f64) = (0.05, 1.0);
/// Foliar moistures of a forest fire's canopy, %.
pub const FOLIAR_MOISTURE_RANGE_PCT: (f64, f64) = (30.0, 300.0);
/// Diameters at breast height of spotting's torching trees, cm.
pub const TREE_DBH_RANGE_CM: (f64, f64) = (1.0, 300.0);
/// Number of torching trees in spotting.
pub const TORCHING_TREES_RANGE: (u32, u32) = (1, 1000);
/// Air temperatures of spotting's firebrand ignition, °C.
pub const AIR_TEMPERATURE_RANGE_C: (f64, f64) = (-40.0, 60.0);

/// Lowest wind at which the chemical leak's Gaussian plume and puff model holds,
/// m/s: the concentration goes as 1/u and is undefined in a calm. Regulatory
/// models treat winds under 0.5–1 m/s as calm (US EPA AERMOD, NOAA ALOHA); the
/// plume code applies the same floor (`hazard::plume::MIN_WIND_M_S`). A scenario
/// with a chemical leak is refused when a wind is below it, rather than run with
/// the wind silently raised.
pub const PLUME_MIN_WIND_M_S: f64 = 0.5;

/// The message for a wind below [`PLUME_MIN_WIND_M_S`] in a scenario with a leak.
pub(crate) fn plume_calm_message(speed: f64) -> String {
    format!(
        "wind {speed} m/s is below {PLUME_MIN_WIND_M_S} m/s, the lowest wind the chemical leak's plume model holds for"
    )
}

/// The hint for [`plume_calm_message`].
pub(crate) fn plume_calm_hint() -> String {
    format!(
        "a Gaussian plume is undefined in a calm (the concentration goes as 1/wind); write {PLUME_MIN_WIND_M_S} m/s or more — near-calm conditions are drilled as 0.5 m/s with stability class F"
    )
}

/// Land-cover codes with a meaning: Anderson 1–13, Scott & Burgan, non-burnable 91–99.
pub fn known_land_cover(code: u16) -> bool {
    matches!(code,
        1..=13 | 91..=99 | 101..=109 | 121..=124 | 141..=149 | 161..=165 | 181..=189 | 201..=204)
}

/// Read a file (at most [`crate::source::MAX_SCENARIO_BYTES`], through the bounded
/// reader) and validate it.
pub fn load(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    match super::diag::read_source(
        path,
        crate::source::MAX_SCENARIO_BYTES,
        "scenario",
        Some(
            "check the path; scenarios are RON files such as scenarios/flood/riverside.ron".into(),
        ),
    ) {
        Ok(text) => from_text(path, &text),
        Err(d) => Err(vec![*d]),
    }
}

/// SHA-256 (hex) of a scenario's text with its line ends normalised
/// ([`crate::source::normalized_newlines`]): the same scenario saved with Windows
/// (CRLF) or Unix (LF) line ends has one hash, and the hash of a file with LF
/// line ends is the SHA-256 of its bytes, as it always was (old recordings verify).
pub fn text_hash(text: &str) -> String {
    hex(&Sha256::digest(
        crate::source::normalized_newlines(text).as_bytes(),
    ))
}

/// Validate scenario text (layer files are looked up beside `path`).
pub fn from_text(path: &Path, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    from_parts(path, text, LayerFiles::folder(dir))
}

/// Validate scenario text whose layer and road files come from `files`; `path`
/// names the scenario in diagnostics.
pub fn from_parts(path: &Path, text: &str, files: LayerFiles) -> Result<Scenario, Vec<Diagnostic>> {
    let text = Arc::new(text.to_string());
    let mut d = Diags::new(path, text.clone());
    let raw: RawScenario = d.parse()?;
    let hash = text_hash(&text);
    let v = Validator {
        d,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        crs: None,
        crs_failed: false,
        files,
        read: Vec::new(),
        injects_ids: raw.injects.iter().map(|i| i.id.clone()).collect(),
        place_kinds: raw
            .map
            .places
            .iter()
            .map(|p| (p.id.clone(), p.kind))
            .collect(),
        roads_broken: false,
        no_roads_reported: false,
        rejected_places: HashSet::new(),
        place_files_unread: false,
    };
    v.run(
        raw,
        ScenarioSource {
            path: path.to_path_buf(),
            text,
            hash,
            files: Vec::new(),
        },
    )
}

/// The checks of one scenario file: every section adds its problems to `d` and goes
/// on, so that one pass reports them all.
struct Validator {
    d: Diags,
    dir: PathBuf,
    /// The map's CRS (`map.crs`), once checked.
    crs: Option<crate::map::crs::Crs>,
    /// `map.crs` is declared but unusable: files placed through it are not read (one
    /// root cause, one message).
    crs_failed: bool,
    /// Where the files the scenario names come from.
    files: LayerFiles,
    /// Files read so far (each once), for [`ScenarioSource::files`].
    read: Vec<SourceFile>,
    injects_ids: BTreeSet<String>,
    place_kinds: HashMap<String, PlaceKind>,
    /// The road network could not be built (its error is reported): places do not
    /// report a missing road each.
    roads_broken: bool,
    /// "The road network has no nodes" was reported once already.
    no_roads_reported: bool,
    /// Ids and names of places declared in `map.place_files` but rejected at their
    /// row (outside the grid, far from a road, …): that row's error is the root
    /// cause, so references to them elsewhere report nothing more.
    rejected_places: HashSet<String>,
    /// A place file could not be read whole (missing, unreadable, a CRS that does
    /// not work, no grid): any id may have been declared in it, so an unknown place
    /// is not reported (the file's own error is the root cause).
    place_files_unread: bool,
}

/// Longest id compared for a "did you mean" hint, characters (the edit distance
/// costs the product of two lengths).
const MAX_HINT_ID_CHARS: usize = 64;

fn did_you_mean<'a>(word: &str, options: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut all: Vec<&str> = options.collect();
    all.sort_unstable();
    all.dedup();
    let len = word.chars().count();
    let limit = 2.max(len / 3);
    if len <= MAX_HINT_ID_CHARS {
        // only ids of about the same length can be within `limit` edits
        let scored: Vec<(usize, &str)> = all
            .iter()
            .filter(|o| {
                o.len() <= 4 * MAX_HINT_ID_CHARS && o.chars().count().abs_diff(len) <= limit
            })
            .map(|o| (levenshtein(word, o), *o))
            .collect();
        if let Some(best) = scored.iter().map(|s| s.0).min()
            && best <= limit
        {
            let close: Vec<String> = scored
                .iter()
                .filter(|s| s.0 == best)
                .map(|s| format!("`{}`", s.1))
                .collect();
            return Some(format!("did you mean {}?", close.join(" or ")));
        }
    }
    (all.len() <= 12).then(|| format!("known ids: {}", all.join(", ")))
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Validator {
    /// Whether `id` not being a place follows from an error already reported (the
    /// place's row in a place file was rejected, or a place file was not read), so
    /// that one root cause gives one message.
    fn place_error_reported(&self, id: &str) -> bool {
        self.place_files_unread || self.rejected_places.contains(id)
    }

    /// A duration that must not exceed [`MAX_SPAN_S`]; `what` names it.
    fn span_ok(&mut self, path: &str, d: crate::time::Dur, what: &str) -> bool {
        if d.0 > MAX_SPAN_S {
            self.d.err(
                path,
                format!("{what} {} is longer than {} days", d, MAX_SPAN_S / 86_400),
                Some("durations in a scenario are at most as long as the longest exercise".into()),
            );
            return false;
        }
        true
    }

    fn run(
        mut self,
        raw: RawScenario,
        source: ScenarioSource,
    ) -> Result<Scenario, Vec<Diagnostic>> {
        let meta = self.meta(&raw.meta);
        self.crs = self.map_crs(&raw.map);
        self.crs_failed = raw.map.crs.is_some() && self.crs.is_none();
        let grid = self.grid(&raw.map.grid);
        let layers = grid.as_ref().map(|g| self.layers(g, &raw.map.layers));
        let canopy = grid.as_ref().map(|g| self.canopy(g, &raw.map.layers));
        let (roads, road_ids) = match &grid {
            Some(g) => self.roads(g, &raw.map.roads),
            None => {
                self.roads_broken = true;
                (RoadNetwork::new(), HashMap::new())
            }
        };
        // places from files join the inline ones (each checked at its row first)
        let mut raw = raw;
        if !raw.map.place_files.is_empty() && (grid.is_none() || self.crs_failed) {
            self.place_files_unread = true;
        }
        if let Some(g) = grid.as_ref().filter(|_| !self.crs_failed) {
            let more = self.place_files(g, &raw.map, &roads);
            for p in &more {
                self.place_kinds.insert(p.id.clone(), p.kind);
            }
            raw.map.places.extend(more);
        }
        let places = self.places(grid.as_ref(), &raw.map.places, &roads, &road_ids);
        let place_ids: HashMap<&str, PlaceId> = raw
            .map
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), PlaceId(i as u32)))
            .collect();
        let org = self.org(&raw.organisation, &place_ids);
        let duration = meta.as_ref().map(|m| m.duration_s).unwrap_or(u64::MAX);
        let tick = meta.as_ref().map(|m| m.tick_s).unwrap_or(1);
        let plume = raw
            .hazards
            .iter()
            .any(|h| matches!(h, RawHazard::ChemicalLeak(_)));
        let weather = self.weather(&raw.weather, duration, plume);
        let injects = org
            .as_ref()
            .map(|o| self.injects(&raw.injects, o, duration, tick))
            .unwrap_or_default();
        let hazards = match &grid {
            Some(g) => self.hazards(
                g,
                &raw.hazards,
                &raw.meta.hazard_kinds,
                &place_ids,
                duration,
                layers
                    .as_ref()
                    .and_then(|l| l.as_ref())
                    .map(|l| l.0.as_slice()),
            ),
            None => Hazards::default(),
        };

        if !self.d.is_empty() {
            return Err(self.d.take());
        }
        let (Some(meta), Some(grid), Some(Some(layers)), Some(org)) = (meta, grid, layers, org)
        else {
            // every None above came with a diagnostic; this is a safety net
            self.d.err("", "scenario is incomplete", None);
            return Err(self.d.take());
        };
        let objectives = self.objectives(&raw.objectives, &org, &place_ids);
        let plan = self.plan(&raw.plan, &org);
        let mut injects = injects;
        injects.sort_by(|a, b| a.time_s.cmp(&b.time_s).then_with(|| a.id.cmp(&b.id)));
        let lookup = Lookup::build(&places, &roads, &org);
        Ok(Scenario {
            lookup,
            meta,
            grid,
            crs: self.crs.clone(),
            elevation: layers.0,
            land_cover: layers.1,
            roughness: layers.2,
            population: layers.3,
            canopy: canopy.flatten().flatten(),
            roads,
            places,
            org,
            weather,
            injects,
            hazards,
            objectives,
            plan,
            source: ScenarioSource {
                files: std::mem::take(&mut self.read),
                ..source
            },
        })
        .and_then(|sc| self.check_plan_orders(sc))
    }
}
