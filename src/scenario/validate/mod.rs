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

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::diag::{Diagnostic, Diags};
use super::raw::*;
use super::*;

mod crs;
mod files;
pub use files::MAX_LAYER_FILE_BYTES;
mod grid;
mod hazards;
mod layers;
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

/// Land-cover codes with a meaning: Anderson 1–13, Scott & Burgan, non-burnable 91–99.
pub fn known_land_cover(code: u16) -> bool {
    matches!(code,
        1..=13 | 91..=99 | 101..=109 | 121..=124 | 141..=149 | 161..=165 | 181..=189 | 201..=204)
}

/// Read a file and validate it.
pub fn load(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    match std::fs::read_to_string(path) {
        Ok(text) => from_text(path, &text),
        Err(e) => {
            let text = Arc::new(String::new());
            Err(vec![Diagnostic::at(
                path,
                &text,
                (0, 0),
                format!("cannot read scenario: {e}"),
                Some(
                    "check the path; scenarios are RON files such as scenarios/flood/riverside.ron"
                        .into(),
                ),
            )])
        }
    }
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
    // line ends normalised: the same scenario saved on Windows (CRLF) has the same hash
    let hash = hex(&Sha256::digest(
        crate::source::normalized_newlines(&text).as_bytes(),
    ));
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
}

fn did_you_mean<'a>(word: &str, options: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut all: Vec<&str> = options.collect();
    all.sort_unstable();
    all.dedup();
    let best = all.iter().map(|o| levenshtein(word, o)).min()?;
    if best <= 2.max(word.chars().count() / 3) {
        let close: Vec<String> = all
            .iter()
            .filter(|o| levenshtein(word, o) == best)
            .map(|o| format!("`{o}`"))
            .collect();
        Some(format!("did you mean {}?", close.join(" or ")))
    } else if all.len() <= 12 {
        Some(format!("known ids: {}", all.join(", ")))
    } else {
        None
    }
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
        let (roads, road_ids) = match &grid {
            Some(g) => self.roads(g, &raw.map.roads),
            None => (RoadNetwork::new(), HashMap::new()),
        };
        // places from files join the inline ones (each checked at its row first)
        let mut raw = raw;
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
        let weather = self.weather(&raw.weather, duration, tick);
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
            ),
            None => Hazards::default(),
        };

        if !self.d.items.is_empty() {
            return Err(self.d.items);
        }
        let (Some(meta), Some(grid), Some(Some(layers)), Some(org)) = (meta, grid, layers, org)
        else {
            // every None above came with a diagnostic; this is a safety net
            self.d.err("", "scenario is incomplete", None);
            return Err(self.d.items);
        };
        let objectives = self.objectives(&raw.objectives, &org, &place_ids);
        let plan = self.plan(&raw.plan, &org);
        let mut injects = injects;
        injects.sort_by(|a, b| a.time_s.cmp(&b.time_s).then_with(|| a.id.cmp(&b.id)));
        Ok(Scenario {
            meta,
            grid,
            crs: self.crs.clone(),
            elevation: layers.0,
            land_cover: layers.1,
            roughness: layers.2,
            population: layers.3,
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
