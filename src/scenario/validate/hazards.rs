//! The `hazards` section: at most one hazard of each kind, each listed in
//! `meta.hazard_kinds`; a forest fire's ignitions and fuel moistures, a flood's
//! inflows, rain, standing water, breaches and outflow cells, a chemical leak's
//! source, substance, release and start. Cells must lie on the grid and time series
//! must rise in time and stay in range.

use std::collections::HashMap;

use super::{
    AIR_TEMPERATURE_RANGE_C, DEAD_MOISTURE_RANGE_PCT, ELEVATION_RANGE_M, FOLIAR_MOISTURE_RANGE_PCT,
    LIVE_MOISTURE_RANGE_PCT, MAX_RELEASE_KG_S, MAX_WATER_DEPTH_M, RELEASE_HEIGHT_RANGE_M,
    TORCHING_TREES_RANGE, TREE_DBH_RANGE_CM, Validator, WIND_ADJUSTMENT_RANGE, did_you_mean,
};
use crate::map::GridSpec;
use crate::scenario::raw::{RawHazard, RawLeakStart};
use crate::scenario::{
    BreachSpec, FireSpec, FloodSpec, FloodTrigger, HazardKind, Hazards, InflowSpec, LeakSpec,
    PlaceId,
};

impl Validator {
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
            self.span_ok(&format!("{path}[{i}]"), *t, "time");
            last = Some(t.0);
            out.push((t.0 as f64, v * scale));
        }
        out
    }

    pub(super) fn hazards(
        &mut self,
        g: &GridSpec,
        hs: &[RawHazard],
        kinds: &[HazardKind],
        places: &HashMap<&str, PlaceId>,
        duration: u64,
        elevation: Option<&[f32]>,
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
                        let (min, max) = if k < 3 {
                            DEAD_MOISTURE_RANGE_PCT
                        } else {
                            LIVE_MOISTURE_RANGE_PCT
                        };
                        if !(min..=max).contains(v) {
                            self.d.err(
                                &format!("{p}.moisture_pct.{}", names[k]),
                                format!("moisture {v} % is outside {min}–{max} %"),
                                None,
                            );
                        }
                    }
                    let (lo, hi) = WIND_ADJUSTMENT_RANGE;
                    if !(lo..=hi).contains(&f.wind_adjustment) {
                        self.d.err(&format!("{p}.wind_adjustment"), format!("wind adjustment factor {} is outside {lo}–{hi}", f.wind_adjustment), Some("typical values: 0.1 under closed canopy, 0.4 partly sheltered, 0.5 open grass".into()));
                    }
                    let burnout_s = f.burnout.map(|d| d.0).unwrap_or(600);
                    if burnout_s == 0 {
                        self.d.err(
                            &format!("{p}.burnout"),
                            "burn-out time must be positive",
                            None,
                        );
                    } else if let Some(b) = f.burnout {
                        self.span_ok(&format!("{p}.burnout"), b, "burn-out time");
                    }
                    let (lo, hi) = FOLIAR_MOISTURE_RANGE_PCT;
                    if !(lo..=hi).contains(&f.foliar_moisture_pct) {
                        self.d.err(
                            &format!("{p}.foliar_moisture_pct"),
                            format!(
                                "foliar moisture {} % is outside {lo}–{hi} %",
                                f.foliar_moisture_pct
                            ),
                            Some(
                                "conifer foliage is typically 70–130 %; 100 % is the usual default"
                                    .into(),
                            ),
                        );
                    }
                    if let Some(sp) = &f.spotting {
                        let sp_path = format!("{p}.spotting");
                        let (lo, hi) = TREE_DBH_RANGE_CM;
                        if !(lo..=hi).contains(&sp.dbh_cm) {
                            self.d.err(
                                &format!("{sp_path}.dbh_cm"),
                                format!("tree diameter {} cm is outside {lo}–{hi} cm", sp.dbh_cm),
                                None,
                            );
                        }
                        for (name, n) in [
                            ("torching_trees", sp.torching_trees),
                            ("crowning_trees", sp.crowning_trees),
                        ] {
                            let (lo, hi) = TORCHING_TREES_RANGE;
                            if !(lo..=hi).contains(&n) {
                                self.d.err(
                                    &format!("{sp_path}.{name}"),
                                    format!("{n} trees is outside {lo}–{hi}"),
                                    None,
                                );
                            }
                        }
                        let (lo, hi) = AIR_TEMPERATURE_RANGE_C;
                        if !(lo..=hi).contains(&sp.air_temperature_c) {
                            self.d.err(
                                &format!("{sp_path}.air_temperature_c"),
                                format!(
                                    "air temperature {} °C is outside {lo}–{hi} °C",
                                    sp.air_temperature_c
                                ),
                                None,
                            );
                        }
                    }
                    out.fire = Some(FireSpec {
                        ignitions,
                        moisture_pct: ms,
                        wind_adjustment: f.wind_adjustment,
                        burnout_s,
                        foliar_moisture_pct: f.foliar_moisture_pct,
                        wind_limit: f.wind_limit,
                        spotting: f.spotting.clone(),
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
                    // the rectangles together cover at most the grid's number of
                    // cells (overlaps counted): the work and the list stay linear
                    let mut covered = 0u64;
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
                        covered += u64::from(pool.to.0 - pool.from.0 + 1)
                            * u64::from(pool.to.1 - pool.from.1 + 1);
                        if covered > g.len() as u64 {
                            self.d.err(
                                &pp,
                                format!(
                                    "the rectangles of initial_water cover {covered} cells so far, more than the grid's {}",
                                    g.len()
                                ),
                                Some("rectangles may overlap, but together cover at most as many cells as the grid has".into()),
                            );
                            break;
                        }
                        let (lo, hi) = ELEVATION_RANGE_M;
                        if !(lo..=hi).contains(&pool.level_m) {
                            self.d.err(
                                &format!("{pp}.level_m"),
                                format!("water level {} m is outside {lo}…{hi} m", pool.level_m),
                                Some("a water-surface elevation, m above sea level".into()),
                            );
                            continue;
                        }
                        if let Some(elev) = elevation {
                            let deepest = (pool.from.1..=pool.to.1)
                                .flat_map(|r| (pool.from.0..=pool.to.0).map(move |c| (c, r)))
                                .map(|(c, r)| pool.level_m - f64::from(elev[g.index(c, r)]))
                                .fold(0.0, f64::max);
                            if deepest > MAX_WATER_DEPTH_M {
                                self.d.err(
                                    &format!("{pp}.level_m"),
                                    format!(
                                        "water level {} m stands {deepest:.1} m above the lowest ground of the rectangle, deeper than {MAX_WATER_DEPTH_M} m",
                                        pool.level_m
                                    ),
                                    Some("the level is an elevation, not a depth: cells with lower ground are filled up to it".into()),
                                );
                                continue;
                            }
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
                        let (lo, hi) = ELEVATION_RANGE_M;
                        if !(lo..=hi).contains(&b.bed_m) {
                            self.d.err(
                                &format!("{bp}.bed_m"),
                                format!("bed elevation {} m is outside {lo}…{hi} m", b.bed_m),
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
                        MAX_RELEASE_KG_S,
                        1.0,
                    );
                    let (lo, hi) = RELEASE_HEIGHT_RANGE_M;
                    if !(lo..=hi).contains(&l.source_height_m) {
                        self.d.err(
                            &format!("{p}.source_height_m"),
                            format!("release height must be {lo}–{hi} m"),
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
                    if let Some(c) = l.containment_setup {
                        self.span_ok(&format!("{p}.containment_setup"), c, "set-up time");
                    }
                    let flood_trigger = match &l.start {
                        RawLeakStart::Fixed => None,
                        RawLeakStart::WhenFlooded { place, depth_m } => {
                            let sp = format!("{p}.start");
                            let at = self.place_ref(&format!("{sp}.place"), place, places);
                            if !(*depth_m > 0.0 && *depth_m <= MAX_WATER_DEPTH_M) {
                                self.d.err(
                                    &format!("{sp}.depth_m"),
                                    format!("trigger depth must be more than 0 and at most {MAX_WATER_DEPTH_M} m, not {depth_m}"),
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
}
