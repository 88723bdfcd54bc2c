//! From the RON text to a [`Scenario`]: parse, then check everything at once.
//!
//! Every problem found becomes a [`Diagnostic`] at `file:line:col` with the offending
//! text and a hint; validation goes on after an error so that a trainer sees all of
//! them in one pass. Nothing here panics on any input (see the property test in
//! `tests/validation.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::diag::{Diagnostic, Diags};
use super::raw::*;
use super::*;
use crate::map::asc;
use crate::map::layers::{manning_for_land_cover, value_noise};

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
    let text = Arc::new(text.to_string());
    let mut d = Diags::new(path, text.clone());
    let raw: RawScenario = d.parse()?;
    let hash = hex(&Sha256::digest(text.as_bytes()));
    let v = Validator {
        d,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
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
        },
    )
}

struct Validator {
    d: Diags,
    dir: PathBuf,
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
        let grid = self.grid(&raw.map.grid);
        let layers = grid.as_ref().map(|g| self.layers(g, &raw.map.layers));
        let (roads, road_ids) = match &grid {
            Some(g) => self.roads(g, &raw.map.roads),
            None => (RoadNetwork::new(), HashMap::new()),
        };
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
            source,
        })
        .and_then(|sc| self.check_plan_orders(sc))
    }

    /// Plan actions are orders: check each against the built scenario (authority,
    /// capabilities, places) and point at the rule.
    fn check_plan_orders(mut self, sc: Scenario) -> Result<Scenario, Vec<Diagnostic>> {
        for (i, r) in sc.plan.rules.iter().enumerate() {
            for (k, order) in r.then.iter().enumerate() {
                let input = crate::order::Input {
                    at: crate::time::Dur(0),
                    seat: r.seat.clone(),
                    order: order.clone(),
                };
                if let Some((msg, _)) = super::authority::check_input(&sc, &input) {
                    self.d.err(
                        &format!("plan.rules[{i}].then[{k}]"),
                        format!("rule `{}`: {msg}", r.id),
                        None,
                    );
                }
            }
        }
        if self.d.items.is_empty() {
            Ok(sc)
        } else {
            Err(self.d.items)
        }
    }

    fn objectives(
        &mut self,
        objs: &[RawObjective],
        org: &Organisation,
        places: &HashMap<&str, PlaceId>,
    ) -> Vec<RawObjective> {
        let mut seen = BTreeSet::new();
        let inject_ids = self.injects_ids.clone();
        let inject_ok = |id: &Option<String>| id.as_ref().is_none_or(|i| inject_ids.contains(i));
        let mut bad_after = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            let p = format!("objectives[{i}]");
            if !seen.insert(o.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("objective id `{}` is used twice", o.id),
                    None,
                );
            }
            if !(o.points.is_finite() && o.points >= 0.0) {
                self.d
                    .err(&format!("{p}.points"), "points must be ≥ 0", None);
            }
            let tp = format!("{p}.target");
            let check_places = |s: &mut Self, list: &[String]| {
                if list.is_empty() {
                    s.d.err(&format!("{tp}.places"), "list at least one place", None);
                }
                for (k, pl) in list.iter().enumerate() {
                    s.place_ref(&format!("{tp}.places[{k}]"), pl, places);
                }
            };
            match &o.target {
                RawTarget::AcknowledgeWithin { seats, .. } => {
                    for (k, seat) in seats.iter().enumerate() {
                        if org.find(seat).is_none() {
                            self.d.err(
                                &format!("{tp}.seats[{k}]"),
                                format!("unknown command post `{seat}`"),
                                None,
                            );
                        }
                    }
                }
                RawTarget::WarningLead { places: l, .. }
                | RawTarget::EvacuatedBeforeArrival { places: l }
                | RawTarget::FireKeptFrom { places: l } => check_places(self, l),
                RawTarget::FirstOnScene { place, after, .. } => {
                    self.place_ref(&format!("{tp}.place"), place, places);
                    if !inject_ok(after) {
                        bad_after.push(format!("{tp}.after"));
                    }
                }
                RawTarget::ResponseLevelWithin { after, .. } if !inject_ok(after) => {
                    bad_after.push(format!("{tp}.after"));
                }
                RawTarget::AreaBurntAtMostHa { max } if !(max.is_finite() && *max >= 0.0) => {
                    self.d.err(&format!("{tp}.max"), "area must be ≥ 0", None);
                }
                _ => {}
            }
        }
        for p in bad_after {
            self.d.err(
                &p,
                "unknown inject",
                Some("name an inject id from `injects`".into()),
            );
        }
        objs.to_vec()
    }

    fn plan(&mut self, plan: &RawPlan, org: &Organisation) -> Plan {
        let mut out = Plan::default();
        let command = |id: &str| {
            org.find(id)
                .filter(|m| matches!(org.member(*m).kind, MemberKind::Command { .. }))
        };
        for (i, d) in plan.delays.iter().enumerate() {
            let p = format!("plan.delays[{i}]");
            let Some(m) = command(&d.seat) else {
                self.d.err(
                    &format!("{p}.seat"),
                    format!("unknown command post `{}`", d.seat),
                    None,
                );
                continue;
            };
            if !(d.min.0 <= d.mode.0 && d.mode.0 <= d.max.0) {
                self.d.err(&p, "delays need min ≤ mode ≤ max", None);
                continue;
            }
            out.delays.insert(m, (d.min.0, d.mode.0, d.max.0));
        }
        let mut seen = BTreeSet::new();
        for (i, r) in plan.rules.iter().enumerate() {
            let p = format!("plan.rules[{i}]");
            if !seen.insert(r.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("rule id `{}` is used twice", r.id),
                    None,
                );
            }
            let Some(m) = command(&r.seat) else {
                self.d.err(
                    &format!("{p}.seat"),
                    format!("unknown command post `{}`", r.seat),
                    None,
                );
                continue;
            };
            if r.then.is_empty() {
                self.d.err(
                    &format!("{p}.then"),
                    "a rule needs at least one order",
                    None,
                );
            }
            let wp = format!("{p}.when");
            match &r.when {
                RawTrigger::InjectReceived(id) if !self.injects_ids.contains(id) => {
                    self.d.err(&wp, format!("unknown inject `{id}`"), None);
                }
                RawTrigger::GaugeAbove { gauge, .. }
                    if self
                        .place_kinds
                        .get(gauge.as_str())
                        .is_none_or(|k| *k != PlaceKind::RiverGauge) =>
                {
                    self.d.err(
                        &format!("{wp}.gauge"),
                        format!("`{gauge}` is not a river gauge"),
                        None,
                    );
                }
                RawTrigger::HazardWithin { place, distance_m } => {
                    if !self.place_kinds.contains_key(place.as_str()) {
                        self.d.err(
                            &format!("{wp}.place"),
                            format!("unknown place `{place}`"),
                            None,
                        );
                    }
                    if !(0.0..=20_000.0).contains(distance_m) {
                        self.d.err(
                            &format!("{wp}.distance_m"),
                            "distance must be 0–20 000 m",
                            None,
                        );
                    }
                }
                RawTrigger::ConcentrationAbove { place, .. } | RawTrigger::PlaceReached(place)
                    if !self.place_kinds.contains_key(place.as_str()) =>
                {
                    self.d.err(&wp, format!("unknown place `{place}`"), None);
                }
                _ => {}
            }
            out.rules.push(r.clone());
            out.rule_seats.push(m);
        }
        out
    }

    fn cells(&mut self, g: &GridSpec, path: &str, cells: &[(u32, u32)]) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if g.contains(c.0, c.1) {
                out.push(g.index(c.0, c.1));
            } else {
                self.d.err(
                    &format!("{path}[{i}]"),
                    format!(
                        "cell ({}, {}) is off the {} × {} grid",
                        c.0, c.1, g.width, g.height
                    ),
                    Some(
                        "cells are (column, row) from the north-west corner, starting at 0".into(),
                    ),
                );
            }
        }
        out
    }

    fn series(
        &mut self,
        path: &str,
        pts: &[(crate::time::Dur, f64)],
        what: &str,
        max: f64,
        scale: f64,
    ) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let mut last = None;
        for (i, (t, v)) in pts.iter().enumerate() {
            if !(v.is_finite() && *v >= 0.0 && *v <= max) {
                self.d.err(
                    &format!("{path}[{i}]"),
                    format!("{what} {v} is outside 0–{max}"),
                    None,
                );
            }
            if last.is_some_and(|l| t.0 <= l) {
                self.d
                    .err(&format!("{path}[{i}]"), "times must increase", None);
            }
            last = Some(t.0);
            out.push((t.0 as f64, v * scale));
        }
        out
    }

    fn hazards(
        &mut self,
        g: &GridSpec,
        hs: &[RawHazard],
        kinds: &[HazardKind],
        places: &HashMap<&str, PlaceId>,
        duration: u64,
    ) -> Hazards {
        let mut out = Hazards::default();
        for (i, h) in hs.iter().enumerate() {
            let p = format!("hazards[{i}]");
            let (kind, dup) = match h {
                RawHazard::ForestFire(_) => (HazardKind::ForestFire, out.fire.is_some()),
                RawHazard::Flood(_) => (HazardKind::Flood, out.flood.is_some()),
                RawHazard::ChemicalLeak(_) => (HazardKind::ChemicalLeak, out.leak.is_some()),
            };
            if dup {
                self.d.err(
                    &p,
                    format!("a second {kind:?} hazard"),
                    Some("a scenario has at most one hazard of each kind".into()),
                );
                continue;
            }
            if !kinds.contains(&kind) {
                self.d.err(
                    &p,
                    format!("{kind:?} is not listed in meta.hazard_kinds"),
                    Some(format!("add {kind:?} to meta.hazard_kinds")),
                );
            }
            match h {
                RawHazard::ForestFire(f) => {
                    let mut ignitions = Vec::new();
                    for (k, ig) in f.ignitions.iter().enumerate() {
                        let ip = format!("{p}.ignitions[{k}]");
                        if !g.contains(ig.cell.0, ig.cell.1) {
                            self.d.err(
                                &format!("{ip}.cell"),
                                format!(
                                    "ignition cell ({}, {}) is off the grid",
                                    ig.cell.0, ig.cell.1
                                ),
                                None,
                            );
                            continue;
                        }
                        if ig.at.0 > duration {
                            self.d.err(
                                &format!("{ip}.at"),
                                "ignition after the end of the exercise",
                                None,
                            );
                        }
                        ignitions.push((g.index(ig.cell.0, ig.cell.1), ig.at.0));
                    }
                    if f.ignitions.is_empty() {
                        self.d.err(
                            &format!("{p}.ignitions"),
                            "a fire needs at least one ignition",
                            None,
                        );
                    }
                    let m = &f.moisture_pct;
                    let ms = [m.one_h, m.ten_h, m.hundred_h, m.herb, m.woody];
                    let names = ["one_h", "ten_h", "hundred_h", "herb", "woody"];
                    for (k, v) in ms.iter().enumerate() {
                        let max = if k < 3 { 60.0 } else { 300.0 };
                        if !(1.0..=max).contains(v) {
                            self.d.err(
                                &format!("{p}.moisture_pct.{}", names[k]),
                                format!("moisture {v} % is outside 1–{max} %"),
                                None,
                            );
                        }
                    }
                    if !(0.05..=1.0).contains(&f.wind_adjustment) {
                        self.d.err(&format!("{p}.wind_adjustment"), format!("wind adjustment factor {} is outside 0.05–1", f.wind_adjustment), Some("typical values: 0.1 under closed canopy, 0.4 partly sheltered, 0.5 open grass".into()));
                    }
                    let burnout_s = f.burnout.map(|d| d.0).unwrap_or(600);
                    if burnout_s == 0 {
                        self.d.err(
                            &format!("{p}.burnout"),
                            "burn-out time must be positive",
                            None,
                        );
                    }
                    out.fire = Some(FireSpec {
                        ignitions,
                        moisture_pct: ms,
                        wind_adjustment: f.wind_adjustment,
                        burnout_s,
                    });
                }
                RawHazard::Flood(f) => {
                    let mut inflows = Vec::new();
                    for (k, inf) in f.inflows.iter().enumerate() {
                        let ip = format!("{p}.inflows[{k}]");
                        let cells = self.cells(g, &format!("{ip}.cells"), &inf.cells);
                        if inf.cells.is_empty() {
                            self.d.err(
                                &format!("{ip}.cells"),
                                "an inflow needs at least one cell",
                                None,
                            );
                        }
                        if inf.hydrograph.is_empty() {
                            self.d.err(
                                &format!("{ip}.hydrograph"),
                                "a hydrograph needs at least one point",
                                None,
                            );
                        }
                        let hydrograph = self.series(
                            &format!("{ip}.hydrograph"),
                            &inf.hydrograph,
                            "discharge (m³/s)",
                            100_000.0,
                            1.0,
                        );
                        inflows.push(InflowSpec {
                            name: inf.name.clone(),
                            cells,
                            hydrograph,
                        });
                    }
                    let rain_m_s = self.series(
                        &format!("{p}.rain_mm_h"),
                        &f.rain_mm_h,
                        "rain (mm/h)",
                        500.0,
                        0.001 / 3600.0,
                    );
                    let mut initial_level = Vec::new();
                    for (k, pool) in f.initial_water.iter().enumerate() {
                        let pp = format!("{p}.initial_water[{k}]");
                        if !g.contains(pool.from.0, pool.from.1)
                            || !g.contains(pool.to.0, pool.to.1)
                            || pool.from.0 > pool.to.0
                            || pool.from.1 > pool.to.1
                        {
                            self.d.err(
                                &pp,
                                "the rectangle must lie on the grid with `from` north-west of `to`",
                                None,
                            );
                            continue;
                        }
                        if !pool.level_m.is_finite() {
                            self.d.err(
                                &format!("{pp}.level_m"),
                                "water level must be finite",
                                None,
                            );
                            continue;
                        }
                        for r in pool.from.1..=pool.to.1 {
                            for c in pool.from.0..=pool.to.0 {
                                initial_level.push((g.index(c, r), pool.level_m));
                            }
                        }
                    }
                    let mut breaches = Vec::new();
                    for (k, b) in f.breaches.iter().enumerate() {
                        let bp = format!("{p}.breaches[{k}]");
                        let cells = self.cells(g, &format!("{bp}.cells"), &b.cells);
                        if b.at.0 > duration {
                            self.d.err(
                                &format!("{bp}.at"),
                                format!("breach at {} is after the end of the exercise", b.at),
                                None,
                            );
                        }
                        if !b.bed_m.is_finite() {
                            self.d.err(
                                &format!("{bp}.bed_m"),
                                "bed elevation must be finite",
                                None,
                            );
                        }
                        breaches.push(BreachSpec {
                            name: b.name.clone(),
                            at_s: b.at.0,
                            cells,
                            bed_m: b.bed_m,
                        });
                    }
                    breaches.sort_by_key(|b| b.at_s);
                    let outflow_cells =
                        self.cells(g, &format!("{p}.outflow_cells"), &f.outflow_cells);
                    for (k, c) in f.outflow_cells.iter().enumerate() {
                        if g.contains(c.0, c.1)
                            && !(c.0 == 0 || c.1 == 0 || c.0 == g.width - 1 || c.1 == g.height - 1)
                        {
                            self.d.err(
                                &format!("{p}.outflow_cells[{k}]"),
                                format!(
                                    "outflow cell ({}, {}) is not on the grid's edge",
                                    c.0, c.1
                                ),
                                Some("water leaves the grid through edge cells".into()),
                            );
                        }
                    }
                    out.flood = Some(FloodSpec {
                        inflows,
                        rain_m_s,
                        initial_level,
                        breaches,
                        outflow_cells,
                    });
                }
                RawHazard::ChemicalLeak(l) => {
                    let source = self.place_ref(&format!("{p}.source"), &l.source, places);
                    if crate::catalog::substances::lookup(&l.substance).is_none() {
                        let hint = did_you_mean(
                            &l.substance,
                            crate::catalog::substances::SUBSTANCES.iter().map(|s| s.id),
                        );
                        self.d.err(
                            &format!("{p}.substance"),
                            format!("unknown substance `{}`", l.substance),
                            hint,
                        );
                    }
                    if l.release_kg_s.is_empty() {
                        self.d.err(
                            &format!("{p}.release_kg_s"),
                            "a release needs at least one point",
                            None,
                        );
                    }
                    let release = self.series(
                        &format!("{p}.release_kg_s"),
                        &l.release_kg_s,
                        "release rate (kg/s)",
                        10_000.0,
                        1.0,
                    );
                    if !(0.0..=500.0).contains(&l.source_height_m) {
                        self.d.err(
                            &format!("{p}.source_height_m"),
                            "release height must be 0–500 m",
                            None,
                        );
                    }
                    if !(0.0..=1.0).contains(&l.contained_fraction) {
                        self.d.err(
                            &format!("{p}.contained_fraction"),
                            "contained fraction must be 0–1",
                            None,
                        );
                    }
                    let flood_trigger = match &l.start {
                        RawLeakStart::Fixed => None,
                        RawLeakStart::WhenFlooded { place, depth_m } => {
                            let sp = format!("{p}.start");
                            let at = self.place_ref(&format!("{sp}.place"), place, places);
                            if !(depth_m.is_finite() && *depth_m > 0.0) {
                                self.d.err(
                                    &format!("{sp}.depth_m"),
                                    format!("trigger depth must be a positive number of metres, not {depth_m}"),
                                    Some("e.g. `depth_m: 0.5` — knee-deep water at the plant".into()),
                                );
                            }
                            if !hs.iter().any(|h| matches!(h, RawHazard::Flood(_))) {
                                self.d.err(
                                    &sp,
                                    "the leak waits for a flood, but the scenario has no Flood hazard",
                                    Some("add a Flood hazard, or use `start: Fixed`".into()),
                                );
                            }
                            at.map(|place| FloodTrigger {
                                place,
                                depth_m: *depth_m,
                            })
                        }
                    };
                    if let Some(src) = source {
                        out.leak = Some(LeakSpec {
                            flood_trigger,
                            source: src,
                            substance: l.substance.clone(),
                            release_kg_s: release,
                            source_height_m: l.source_height_m,
                            terrain: l.terrain,
                            stability: l.stability,
                            contained_fraction: l.contained_fraction,
                            containment_setup_s: l
                                .containment_setup
                                .map(|d| d.0)
                                .unwrap_or(15 * 60),
                        });
                    }
                }
            }
        }
        out
    }

    fn meta(&mut self, m: &RawMeta) -> Option<Meta> {
        let mut ok = true;
        if m.name.trim().is_empty() {
            self.d.err(
                "meta.name",
                "the scenario has no name",
                Some("give it a short title".into()),
            );
            ok = false;
        }
        if m.hazard_kinds.is_empty() {
            self.d.err(
                "meta.hazard_kinds",
                "no hazard kind listed",
                Some("list what the exercise trains, e.g. [Flood]".into()),
            );
            ok = false;
        }
        let start = parse_start(&m.start);
        if let Err(e) = &start {
            self.d.err(
                "meta.start",
                format!("start `{}` is not a date-time: {e}", m.start),
                Some("write it as \"2026-07-21T14:00\" (local time)".into()),
            );
            ok = false;
        }
        if m.tick.0 == 0 {
            self.d.err(
                "meta.tick",
                "tick must be at least 1 second",
                Some("e.g. \"10s\"".into()),
            );
            ok = false;
        } else if m.tick.0 > 3600 {
            self.d.err(
                "meta.tick",
                "tick longer than an hour",
                Some("ticks of 1–60 s keep orders and hazards in step".into()),
            );
            ok = false;
        }
        if m.duration.0 == 0 || m.duration.0 > MAX_DURATION_S {
            self.d.err(
                "meta.duration",
                format!(
                    "duration must be between 1 s and {} days",
                    MAX_DURATION_S / 86400
                ),
                None,
            );
            ok = false;
        } else if m.tick.0 > 0 && !m.duration.0.is_multiple_of(m.tick.0) {
            self.d.err(
                "meta.duration",
                format!(
                    "duration {} is not a whole number of {}-s ticks",
                    m.duration, m.tick.0
                ),
                Some(format!(
                    "use {} or {}",
                    crate::time::hms(m.duration.0 / m.tick.0 * m.tick.0),
                    crate::time::hms((m.duration.0 / m.tick.0 + 1) * m.tick.0)
                )),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let mut kinds = m.hazard_kinds.clone();
        kinds.sort();
        kinds.dedup();
        Some(Meta {
            name: m.name.clone(),
            description: m.description.clone(),
            hazard_kinds: kinds,
            start: m.start.clone(),
            start_second_of_day: start.unwrap_or(0),
            duration_s: m.duration.0,
            tick_s: m.tick.0,
            seed: m.seed,
        })
    }

    fn grid(&mut self, g: &RawGrid) -> Option<GridSpec> {
        let cells = g.width as u64 * g.height as u64;
        if g.width == 0 || g.height == 0 {
            self.d.err(
                "map.grid",
                "the grid has no cells",
                Some("width and height must be at least 1".into()),
            );
            return None;
        }
        if cells > MAX_CELLS {
            self.d.err(
                "map.grid",
                format!(
                    "grid of {} × {} = {cells} cells is larger than the limit of {MAX_CELLS}",
                    g.width, g.height
                ),
                Some("use larger cells (cell_m) or a smaller area".into()),
            );
            return None;
        }
        if !(g.cell_m >= CELL_M_RANGE.0 && g.cell_m <= CELL_M_RANGE.1) {
            self.d.err(
                "map.grid.cell_m",
                format!(
                    "cell size {} m is outside {}–{} m",
                    g.cell_m, CELL_M_RANGE.0, CELL_M_RANGE.1
                ),
                Some("exercises use cells of 5–50 m".into()),
            );
            return None;
        }
        if !(g.origin.0.is_finite() && g.origin.1.is_finite()) {
            self.d.err("map.grid.origin", "origin must be finite", None);
            return None;
        }
        Some(GridSpec {
            width: g.width,
            height: g.height,
            cell_m: g.cell_m,
            origin: g.origin,
        })
    }

    /// Resolve a file reference that must stay inside the scenario's folder.
    fn file_ref(&mut self, path: &str, rel: &str) -> Option<PathBuf> {
        let p = Path::new(rel);
        if p.is_absolute()
            || p.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::Prefix(_) | Component::RootDir
                )
            })
        {
            self.d.err(
                path,
                format!("file `{rel}` is outside the scenario's folder"),
                Some("layer and road files must sit in the scenario's folder or below it".into()),
            );
            return None;
        }
        Some(self.dir.join(p))
    }

    fn read_file(&mut self, path: &str, rel: &str) -> Option<(PathBuf, Arc<String>)> {
        let full = self.file_ref(path, rel)?;
        match std::fs::read_to_string(&full) {
            Ok(t) => Some((full, Arc::new(t))),
            Err(e) => {
                self.d.err(
                    path,
                    format!("cannot read `{}`: {e}", full.display()),
                    Some("the path is relative to the scenario file".into()),
                );
                None
            }
        }
    }

    fn layer(&mut self, g: &GridSpec, path: &str, l: &RawLayer) -> Option<Vec<f64>> {
        let n = g.len();
        let vals = match l {
            RawLayer::Constant(v) => vec![*v; n],
            RawLayer::Inline(v) => {
                if v.len() != n {
                    self.d.err(
                        path,
                        format!(
                            "inline layer has {} values; the grid has {} × {} = {n}",
                            v.len(),
                            g.width,
                            g.height
                        ),
                        Some("values are row by row, north row first".into()),
                    );
                    return None;
                }
                v.clone()
            }
            RawLayer::Asc(rel) => {
                let (full, text) = self.read_file(&format!("{path}.0"), rel)?;
                match asc::parse(&text) {
                    Ok(a) => {
                        if a.ncols != g.width as usize || a.nrows != g.height as usize {
                            self.d.err_in(
                                &full,
                                &text,
                                (0, text.find('\n').unwrap_or(0)),
                                format!(
                                    "grid is {} × {}, the scenario's grid is {} × {}",
                                    a.ncols, a.nrows, g.width, g.height
                                ),
                                Some("all layers share the scenario's grid".into()),
                            );
                            return None;
                        }
                        if (a.cellsize - g.cell_m).abs() > 1e-9 {
                            self.d.err_in(
                                &full,
                                &text,
                                (0, 0),
                                format!(
                                    "cellsize {} differs from the scenario's cell_m {}",
                                    a.cellsize, g.cell_m
                                ),
                                None,
                            );
                            return None;
                        }
                        if let Some(nd) = a.nodata
                            && let Some(i) = a.values.iter().position(|v| *v == nd)
                        {
                            let (c, r) = g.cell_of(i);
                            self.d.err_in(
                                &full,
                                &text,
                                (0, 0),
                                format!("NODATA at cell ({c}, {r})"),
                                Some("layers must have a value in every cell".into()),
                            );
                            return None;
                        }
                        a.values
                    }
                    Err(e) => {
                        self.d.err_in(
                            &full,
                            &text,
                            (e.offset, e.offset + 1),
                            e.message,
                            Some(
                                "ESRI ASCII grid: six header lines then ncols × nrows numbers"
                                    .into(),
                            ),
                        );
                        return None;
                    }
                }
            }
            RawLayer::Noise(nz) => {
                if !(nz.scale_cells >= 1.0
                    && nz.scale_cells <= 1e6
                    && nz.amplitude.is_finite()
                    && nz.base.is_finite())
                    || nz.octaves == 0
                    || nz.octaves > 8
                {
                    self.d.err(
                        path,
                        "noise needs scale_cells ≥ 1, octaves 1–8 and finite base and amplitude",
                        None,
                    );
                    return None;
                }
                value_noise(g.width, g.height, nz.seed, nz.scale_cells, nz.octaves)
                    .into_iter()
                    .map(|v| nz.base + nz.amplitude * v)
                    .collect()
            }
            RawLayer::Plane {
                base,
                slope_east,
                slope_north,
            } => {
                let mut v = Vec::with_capacity(n);
                for row in 0..g.height {
                    for col in 0..g.width {
                        let x = (col as f64 + 0.5) * g.cell_m;
                        let y = (g.height as f64 - row as f64 - 0.5) * g.cell_m;
                        v.push(base + slope_east * x + slope_north * y);
                    }
                }
                v
            }
        };
        if let Some(i) = vals.iter().position(|v| !v.is_finite()) {
            let (c, r) = g.cell_of(i);
            self.d.err(
                path,
                format!("value at cell ({c}, {r}) is not a finite number"),
                None,
            );
            return None;
        }
        Some(vals)
    }

    #[allow(clippy::type_complexity)] // four parallel layers, named at the call site
    fn layers(
        &mut self,
        g: &GridSpec,
        l: &RawLayers,
    ) -> Option<(Vec<f32>, Vec<u16>, Vec<f32>, Vec<f32>)> {
        let elev = self.layer(g, "map.layers.elevation", &l.elevation);
        if let Some(e) = &elev
            && let Some(i) = e.iter().position(|v| !(-500.0..=9000.0).contains(v))
        {
            let (c, r) = g.cell_of(i);
            self.d.err(
                "map.layers.elevation",
                format!(
                    "elevation {} m at cell ({c}, {r}) is outside −500…9000 m",
                    e[i]
                ),
                None,
            );
        }
        let cover = match &l.land_cover {
            Some(lc) => self.layer(g, "map.layers.land_cover", lc),
            None => Some(vec![1.0; g.len()]),
        };
        let cover_codes = cover.and_then(|v| {
            let mut out = Vec::with_capacity(v.len());
            for (i, x) in v.iter().enumerate() {
                if x.fract() != 0.0 || *x < 0.0 || *x > 65535.0 || !known_land_cover(*x as u16) {
                    let (c, r) = g.cell_of(i);
                    self.d.err(
                        "map.layers.land_cover",
                        format!("land cover {x} at cell ({c}, {r}) is not a fuel model code"),
                        Some("use Anderson 1–13, Scott & Burgan 101–204, or 91 urban, 93 agriculture, 98 water, 99 bare".into()),
                    );
                    return None;
                }
                out.push(*x as u16);
            }
            Some(out)
        });
        let rough = match (&l.roughness, &cover_codes) {
            (Some(r), _) => self.layer(g, "map.layers.roughness", r),
            (None, Some(c)) => Some(c.iter().map(|&x| manning_for_land_cover(x)).collect()),
            (None, None) => None,
        };
        if let Some(r) = &rough
            && let Some(i) = r.iter().position(|v| !(0.005..=1.0).contains(v))
        {
            let (c, rw) = g.cell_of(i);
            self.d.err(
                "map.layers.roughness",
                format!(
                    "Manning's n {} at cell ({c}, {rw}) is outside 0.005–1.0",
                    r[i]
                ),
                None,
            );
        }
        let pop = match &l.population {
            Some(p) => self.layer(g, "map.layers.population", p),
            None => Some(vec![0.0; g.len()]),
        };
        if let Some(p) = &pop
            && let Some(i) = p.iter().position(|v| *v < 0.0)
        {
            let (c, r) = g.cell_of(i);
            self.d.err(
                "map.layers.population",
                format!("negative population at cell ({c}, {r})"),
                None,
            );
        }
        let f32s = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        Some((f32s(elev?), cover_codes?, f32s(rough?), f32s(pop?)))
    }

    fn roads(&mut self, g: &GridSpec, r: &RawRoads) -> (RoadNetwork, HashMap<String, u32>) {
        let mut net = RoadNetwork::new();
        let mut ids = HashMap::new();
        match r {
            RawRoads::Inline(rn) => {
                for (i, n) in rn.nodes.iter().enumerate() {
                    let p = format!("map.roads.nodes[{i}]");
                    if !g.contains(n.cell.0, n.cell.1) {
                        self.d.err(
                            &format!("{p}.cell"),
                            format!(
                                "road node `{}` at ({}, {}) is off the {} × {} grid",
                                n.id, n.cell.0, n.cell.1, g.width, g.height
                            ),
                            Some(
                                "cells are (column, row) from the north-west corner, starting at 0"
                                    .into(),
                            ),
                        );
                        continue;
                    }
                    if ids.contains_key(&n.id) {
                        self.d.err(
                            &format!("{p}.id"),
                            format!("road node id `{}` is used twice", n.id),
                            None,
                        );
                        continue;
                    }
                    let idx = net.add_node(n.id.clone(), n.cell);
                    ids.insert(n.id.clone(), idx);
                }
                for (i, e) in rn.edges.iter().enumerate() {
                    let p = format!("map.roads.edges[{i}]");
                    let a = self.road_ref(&format!("{p}.from"), &e.from, &ids);
                    let b = self.road_ref(&format!("{p}.to"), &e.to, &ids);
                    let (Some(a), Some(b)) = (a, b) else { continue };
                    if a == b {
                        self.d.err(
                            &p,
                            format!("road section from `{}` to itself", e.from),
                            None,
                        );
                        continue;
                    }
                    let len = e
                        .length_m
                        .unwrap_or_else(|| net.straight_m(g, a, b).max(g.cell_m * 0.5));
                    if !(len > 0.0 && len.is_finite()) {
                        self.d.err(
                            &format!("{p}.length_m"),
                            "road length must be positive",
                            None,
                        );
                        continue;
                    }
                    let speed = e.speed_km_h.unwrap_or(e.class.default_speed_km_h());
                    if !(speed > 0.0 && speed <= 300.0) {
                        self.d.err(
                            &format!("{p}.speed_km_h"),
                            format!("speed {speed} km/h is outside 0–300"),
                            None,
                        );
                        continue;
                    }
                    let id = net.add_edge(g, a, b, e.class, len, speed);
                    net.graph[petgraph::graph::EdgeIndex::new(id as usize)].bridge = e.bridge;
                }
            }
            RawRoads::GeoJson(rel) => {
                if let Some((full, text)) = self.read_file("map.roads.0", rel) {
                    match crate::map::geo::roads_from_geojson(g, &text) {
                        Ok((n, i)) => {
                            net = n;
                            ids = i;
                        }
                        Err((span, msg)) => self.d.err_in(
                            &full,
                            &text,
                            span,
                            msg,
                            Some("a FeatureCollection of LineStrings in projected metres".into()),
                        ),
                    }
                }
            }
        }
        (net, ids)
    }

    fn road_ref(&mut self, path: &str, id: &str, ids: &HashMap<String, u32>) -> Option<u32> {
        match ids.get(id) {
            Some(&i) => Some(i),
            None => {
                let hint = did_you_mean(id, ids.keys().map(String::as_str));
                self.d.err(path, format!("unknown road node `{id}`"), hint);
                None
            }
        }
    }

    fn places(
        &mut self,
        g: Option<&GridSpec>,
        ps: &[RawPlace],
        roads: &RoadNetwork,
        road_ids: &HashMap<String, u32>,
    ) -> Vec<Place> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, p) in ps.iter().enumerate() {
            let path = format!("map.places[{i}]");
            if !seen.insert(p.id.clone()) {
                self.d.err(
                    &format!("{path}.id"),
                    format!("place id `{}` is used twice", p.id),
                    Some("ids must be unique".into()),
                );
            }
            let Some(g) = g else { continue };
            if !g.contains(p.cell.0, p.cell.1) {
                self.d.err(
                    &format!("{path}.cell"),
                    format!(
                        "place `{}` at ({}, {}) is off the {} × {} grid",
                        p.id, p.cell.0, p.cell.1, g.width, g.height
                    ),
                    Some(
                        "cells are (column, row) from the north-west corner, starting at 0".into(),
                    ),
                );
                continue;
            }
            let road_node = match &p.road_node {
                Some(r) => self.road_ref(&format!("{path}.road_node"), r, road_ids),
                None => match roads.nearest_node(p.cell) {
                    Some((n, dist)) if dist * g.cell_m <= MAX_ROAD_SNAP_M => Some(n),
                    Some((_, dist)) => {
                        self.d.err(
                            &format!("{path}.cell"),
                            format!(
                                "place `{}` is {:.0} m from the nearest road node",
                                p.id,
                                dist * g.cell_m
                            ),
                            Some(format!(
                                "add a road within {MAX_ROAD_SNAP_M} m or name a road_node"
                            )),
                        );
                        None
                    }
                    None => {
                        self.d
                            .err("map.roads", "the road network has no nodes", None);
                        None
                    }
                },
            };
            let gauge = match (&p.gauge, p.kind) {
                (Some(gl), _) if gl.danger_m < gl.warning_m => {
                    self.d.err(
                        &format!("{path}.gauge"),
                        format!(
                            "danger level {} m is below the warning level {} m",
                            gl.danger_m, gl.warning_m
                        ),
                        None,
                    );
                    None
                }
                (Some(gl), _) => Some((gl.warning_m, gl.danger_m)),
                (None, PlaceKind::RiverGauge) => {
                    self.d.err(
                        &path,
                        format!("river gauge `{}` has no warning and danger levels", p.id),
                        Some("add gauge: (warning_m: …, danger_m: …)".into()),
                    );
                    None
                }
                (None, _) => None,
            };
            if let Some(rn) = road_node {
                out.push(Place {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    cell: p.cell,
                    population: p.population,
                    buildings: p.buildings,
                    capacity: p.capacity,
                    road_node: rn,
                    gauge,
                });
            }
        }
        out
    }

    fn place_ref(
        &mut self,
        path: &str,
        id: &str,
        places: &HashMap<&str, PlaceId>,
    ) -> Option<PlaceId> {
        match places.get(id) {
            Some(&p) => Some(p),
            None => {
                let hint = did_you_mean(id, places.keys().copied());
                self.d.err(path, format!("unknown place `{id}`"), hint);
                None
            }
        }
    }

    fn org(&mut self, o: &RawOrg, places: &HashMap<&str, PlaceId>) -> Option<Organisation> {
        let before = self.d.items.len();
        let mut ids: BTreeMap<String, MemberId> = BTreeMap::new();
        let mut paths = Vec::new();
        for (i, n) in o.nodes.iter().enumerate() {
            let p = format!("organisation.nodes[{i}]");
            if ids.insert(n.id.clone(), MemberId(i as u32)).is_some() {
                self.d.err(
                    &format!("{p}.id"),
                    format!("id `{}` is used twice", n.id),
                    Some("command posts and units share one namespace".into()),
                );
            }
            paths.push(p);
        }
        let nn = o.nodes.len();
        for (i, u) in o.units.iter().enumerate() {
            let p = format!("organisation.units[{i}]");
            if ids
                .insert(u.id.clone(), MemberId((nn + i) as u32))
                .is_some()
            {
                self.d.err(
                    &format!("{p}.id"),
                    format!("id `{}` is used twice", u.id),
                    Some("command posts and units share one namespace".into()),
                );
            }
            paths.push(p);
        }
        let cmd_ids: Vec<&str> = o.nodes.iter().map(|n| n.id.as_str()).collect();
        let member_ref =
            |s: &mut Self, path: &str, id: &str, commands_only: bool| -> Option<MemberId> {
                match ids.get(id) {
                    Some(&m) if commands_only && m.0 as usize >= nn => {
                        s.d.err(
                            path,
                            format!("`{id}` is a field unit, not a command post"),
                            Some("units report to command posts".into()),
                        );
                        None
                    }
                    Some(&m) => Some(m),
                    None => {
                        let hint = did_you_mean(
                            id,
                            if commands_only {
                                cmd_ids.clone()
                            } else {
                                ids.keys().map(String::as_str).collect()
                            }
                            .into_iter(),
                        );
                        s.d.err(
                            path,
                            format!(
                                "unknown {} `{id}`",
                                if commands_only {
                                    "command post"
                                } else {
                                    "organisation member"
                                }
                            ),
                            hint,
                        );
                        None
                    }
                }
            };
        let mut members = Vec::new();
        let mut tops = Vec::new();
        for (i, n) in o.nodes.iter().enumerate() {
            let p = &paths[i];
            let parent = n
                .parent
                .as_ref()
                .and_then(|x| member_ref(self, &format!("{p}.parent"), x, true));
            if n.parent.is_none() {
                tops.push(i);
            }
            if n.parent.as_deref() == Some(n.id.as_str()) {
                self.d.err(
                    &format!("{p}.parent"),
                    format!("`{}` is its own parent", n.id),
                    None,
                );
            }
            let place = n
                .place
                .as_ref()
                .and_then(|x| self.place_ref(&format!("{p}.place"), x, places));
            let covers = n
                .covers
                .iter()
                .enumerate()
                .filter_map(|(k, c)| self.place_ref(&format!("{p}.covers[{k}]"), c, places))
                .collect();
            members.push(Member {
                id: n.id.clone(),
                name: n.name.clone(),
                kind: MemberKind::Command {
                    level: n.level,
                    responsible: n.responsible.clone(),
                    covers,
                    place,
                },
                parent,
                children: Vec::new(),
            });
        }
        if tops.len() != 1 {
            if tops.is_empty() {
                self.d.err(
                    "organisation.nodes",
                    "no top command post: every node has a parent",
                    Some("the district HQ has no `parent`".into()),
                );
            } else {
                for &t in &tops[1..] {
                    self.d.err(
                        &format!("{}.id", paths[t]),
                        format!(
                            "`{}` has no parent, but `{}` is already the top command post",
                            o.nodes[t].id, o.nodes[tops[0]].id
                        ),
                        Some("give it a `parent`".into()),
                    );
                }
            }
        }
        let mut units = Vec::new();
        let mut links = Vec::new();
        let mut soft: Vec<(String, String, Option<String>)> = Vec::new();
        for (i, u) in o.units.iter().enumerate() {
            let p = &paths[nn + i];
            let commander = member_ref(self, &format!("{p}.commander"), &u.commander, true);
            let home = self.place_ref(&format!("{p}.home"), &u.home, places);
            let speed = u.speed_km_h.unwrap_or(u.kind.default_speed_km_h());
            // range problems do not stop the graph checks: reported at the end
            if !(speed > 0.0 && speed <= 1000.0) {
                soft.push((
                    format!("{p}.speed_km_h"),
                    format!("speed {speed} km/h is outside 0–1000"),
                    None,
                ));
            }
            if u.crew == 0 {
                soft.push((
                    format!("{p}.crew"),
                    format!("unit `{}` has no crew", u.id),
                    Some("crew is the number of people in the unit".to_string()),
                ));
            }
            let ford = u
                .fording_depth_m
                .unwrap_or(u.kind.default_fording_depth_m());
            if ford.is_nan() || ford < 0.0 {
                soft.push((
                    format!("{p}.fording_depth_m"),
                    "fording depth must be ≥ 0".to_string(),
                    None,
                ));
            }
            let member = MemberId((nn + i) as u32);
            members.push(Member {
                id: u.id.clone(),
                name: u.name.clone(),
                kind: MemberKind::Unit(UnitId(i as u32)),
                parent: commander,
                children: Vec::new(),
            });
            if let Some(c) = commander {
                let (channel, latency) = u
                    .link
                    .as_ref()
                    .map(|l| (l.channel, l.latency.0))
                    .unwrap_or((Channel::Radio, 30));
                links.push(Link {
                    a: c,
                    b: member,
                    channel,
                    latency_s: latency,
                    one_way: false,
                });
            }
            units.push(UnitSpec {
                member,
                kind: u.kind,
                capabilities: u
                    .capabilities
                    .clone()
                    .unwrap_or_else(|| u.kind.default_capabilities()),
                speed_km_h: speed,
                fording_depth_m: ford,
                crew: u.crew,
                home: home.unwrap_or(PlaceId(0)),
                mutual_aid_s: u.mutual_aid.map(|d| d.0),
            });
        }
        let mut explicit = Vec::new();
        for (i, l) in o.links.iter().enumerate() {
            let p = format!("organisation.links[{i}]");
            let a = member_ref(self, &format!("{p}.from"), &l.from, false);
            let b = member_ref(self, &format!("{p}.to"), &l.to, false);
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.d
                        .err(&p, format!("link from `{}` to itself", l.from), None);
                    continue;
                }
                explicit.push(Link {
                    a,
                    b,
                    channel: l.channel,
                    latency_s: l.latency.0,
                    one_way: l.one_way,
                });
            }
        }
        explicit.extend(links);
        let links = explicit;
        if self.d.items.len() > before {
            return None;
        }
        // cycles in the command tree
        for start in 0..members.len() {
            let mut cur = members[start].parent;
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if c.0 as usize == start || steps > members.len() {
                    self.d.err(
                        &format!("{}.parent", paths[start]),
                        format!("`{}` is in a command loop", members[start].id),
                        Some("the chain of parents must end at the top command post".into()),
                    );
                    break;
                }
                cur = members[c.0 as usize].parent;
            }
        }
        if self.d.items.len() > before {
            return None;
        }
        // a place is covered by at most one post (it warns and evacuates it)
        let mut covered: BTreeMap<PlaceId, usize> = BTreeMap::new();
        for (i, m) in members.iter().enumerate() {
            if let MemberKind::Command { covers, .. } = &m.kind {
                for (k, pl) in covers.iter().enumerate() {
                    if let Some(first) = covered.insert(*pl, i) {
                        self.d.err(
                            &format!("{}.covers[{k}]", paths[i]),
                            format!("place is already covered by `{}`", members[first].id),
                            Some("each place has one post responsible for warning it".into()),
                        );
                    }
                }
            }
        }
        if self.d.items.len() > before {
            return None;
        }
        for i in 0..members.len() {
            if let Some(p) = members[i].parent {
                members[p.0 as usize].children.push(MemberId(i as u32));
            }
        }
        let top = MemberId(tops[0] as u32);
        // everyone must be able to reach the top and be reached from it over the links
        let reach = |from: MemberId, forward: bool| -> Vec<bool> {
            let mut seen = vec![false; members.len()];
            let mut stack = vec![from];
            seen[from.0 as usize] = true;
            while let Some(m) = stack.pop() {
                for l in &links {
                    let next = if forward {
                        if l.a == m {
                            Some(l.b)
                        } else if l.b == m && !l.one_way {
                            Some(l.a)
                        } else {
                            None
                        }
                    } else if l.b == m {
                        Some(l.a)
                    } else if l.a == m && !l.one_way {
                        Some(l.b)
                    } else {
                        None
                    };
                    if let Some(n) = next
                        && !seen[n.0 as usize]
                    {
                        seen[n.0 as usize] = true;
                        stack.push(n);
                    }
                }
            }
            seen
        };
        let down = reach(top, true);
        let up = reach(top, false);
        for (i, m) in members.iter().enumerate() {
            if !down[i] || !up[i] {
                let dir = if !down[i] {
                    "cannot be reached from"
                } else {
                    "cannot reach"
                };
                self.d.err(
                    &format!("{}.id", paths[i]),
                    format!(
                        "`{}` {dir} the top command post `{}` over the links",
                        m.id, members[top.0 as usize].id
                    ),
                    Some("add a link (radio, phone…) to its commander".into()),
                );
            }
        }
        if self.d.items.len() > before {
            return None;
        }
        // the graph is sound; range errors still reject the scenario in `run`
        for (path, msg, hint) in soft {
            self.d.err(&path, msg, hint);
        }
        Some(Organisation {
            members,
            units,
            links,
            top,
        })
    }

    fn weather(&mut self, w: &RawWeather, duration: u64, _tick: u64) -> Weather {
        let check = |s: &mut Self, path: &str, speed: f64, dir: f64| {
            if !(0.0..=60.0).contains(&speed) {
                s.d.err(
                    &format!("{path}.wind_m_s"),
                    format!("wind speed {speed} m/s is outside 0–60"),
                    None,
                );
            }
            if !(0.0..=360.0).contains(&dir) {
                s.d.err(
                    &format!("{path}.wind_from_deg"),
                    format!("wind direction {dir}° is outside 0–360"),
                    Some("degrees clockwise from north, the direction the wind blows from".into()),
                );
            }
        };
        check(self, "weather", w.wind_m_s, w.wind_from_deg);
        if w.cloud_octas > 8 {
            self.d.err(
                "weather.cloud_octas",
                "cloud cover is counted in eighths, 0–8",
                None,
            );
        }
        let mut changes = Vec::new();
        for (i, c) in w.changes.iter().enumerate() {
            let p = format!("weather.changes[{i}]");
            check(self, &p, c.wind_m_s, c.wind_from_deg);
            if c.at.0 > duration {
                self.d.err(
                    &format!("{p}.at"),
                    format!("change at {} is after the end of the exercise", c.at),
                    None,
                );
            }
            changes.push((
                c.at.0,
                WeatherState {
                    wind_m_s: c.wind_m_s,
                    wind_from_deg: c.wind_from_deg % 360.0,
                },
            ));
        }
        changes.sort_by_key(|c| c.0);
        Weather {
            initial: WeatherState {
                wind_m_s: w.wind_m_s,
                wind_from_deg: w.wind_from_deg % 360.0,
            },
            cloud_octas: w.cloud_octas,
            changes,
        }
    }

    fn injects(
        &mut self,
        inj: &[RawInject],
        org: &Organisation,
        duration: u64,
        tick: u64,
    ) -> Vec<Inject> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, r) in inj.iter().enumerate() {
            let p = format!("injects[{i}]");
            if !seen.insert(r.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("inject id `{}` is used twice", r.id),
                    None,
                );
            }
            if r.time.0 > duration {
                self.d.err(
                    &format!("{p}.time"),
                    format!(
                        "inject at {} comes after the end of the exercise ({})",
                        r.time,
                        crate::time::hms(duration)
                    ),
                    None,
                );
            } else if r.time.0 % tick != 0 {
                self.d.err(
                    &format!("{p}.time"),
                    format!("inject time {} is not on a {tick}-s tick", r.time),
                    None,
                );
            }
            if r.text.trim().is_empty() {
                self.d.err(&format!("{p}.text"), "inject has no text", None);
            }
            let Some(to) = org.find(&r.to) else {
                let hint = did_you_mean(&r.to, org.members.iter().map(|m| m.id.as_str()));
                self.d.err(
                    &format!("{p}.to"),
                    format!("unknown recipient `{}`", r.to),
                    hint,
                );
                continue;
            };
            out.push(Inject {
                id: r.id.clone(),
                time_s: r.time.0,
                from: r.from.clone(),
                to,
                channel: r.channel,
                text: r.text.clone(),
                expected_action: r.expected_action.clone(),
            });
        }
        out
    }
}

/// Parse `YYYY-MM-DDTHH:MM[:SS]`; returns seconds of the day.
fn parse_start(s: &str) -> Result<u32, String> {
    let (date, time) = s.split_once('T').ok_or("no `T` between date and time")?;
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3 || d[0].len() != 4 {
        return Err("date must be YYYY-MM-DD".into());
    }
    let y: i32 = d[0].parse().map_err(|_| "bad year")?;
    let mo: u32 = d[1].parse().map_err(|_| "bad month")?;
    let da: u32 = d[2].parse().map_err(|_| "bad day")?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || da == 0 || da > days[mo as usize - 1] {
        return Err("no such date".into());
    }
    let t: Vec<&str> = time.split(':').collect();
    if !(2..=3).contains(&t.len()) {
        return Err("time must be HH:MM or HH:MM:SS".into());
    }
    let h: u32 = t[0].parse().map_err(|_| "bad hour")?;
    let m: u32 = t[1].parse().map_err(|_| "bad minute")?;
    let sec: u32 = if t.len() == 3 {
        t[2].parse().map_err(|_| "bad second")?
    } else {
        0
    };
    if h > 23 || m > 59 || sec > 59 {
        return Err("time out of range".into());
    }
    Ok(h * 3600 + m * 60 + sec)
}
