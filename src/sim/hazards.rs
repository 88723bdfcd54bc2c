//! The hazards inside the exercise: the fire, flood and leak models of
//! [`crate::hazard`] held as one resource ([`HazardState`]), built from the scenario,
//! advanced once per tick to the current time with the scenario's forcing (inflows,
//! rain, breaches, weather) and the work of units on scene (fire line, water drops,
//! engine attack, sandbag walls, pumps, leak containment).
//!
//! Invariants: hazard fields are only written here; units' work is applied in unit
//! id order, so the fields are deterministic. What the fields do to roads, places
//! and people is derived afterwards in [`super::effects`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bevy::prelude::*;

use super::events::{EventKind, EventLog};
use super::flood_share::{BedOp, FloodShare, FloodStep};
use super::units::{Unit, UnitState, UnitStatus};
use super::{ScenarioRes, Script, SimClock, SimRng};
use crate::hazard::fire::{
    CanopyLayers, FireGrid, FireSettings, FireType, Moisture, SpotSettings, TreeSpecies,
    Weather as FireWeather, WindLimit,
};
use crate::hazard::flood::{FloodGrid, OutflowKind, hydrograph};
use crate::hazard::leak::LeakState;
use crate::order::Task;
use crate::scenario::Scenario;

/// Radius (cells) of the fire line a crew builds around a place.
pub const FIRE_LINE_RADIUS_CELLS: i64 = 4;
/// Radius (cells) of the sandbag ring around a place.
pub const SANDBAG_RADIUS_CELLS: i64 = 3;
/// Height a sandbag wall adds to the ground, m.
pub const SANDBAG_HEIGHT_M: f64 = 1.2;
/// Sandbag wall an engineering team builds per hour, m (a 12-person team filling and
/// placing about 600 bags/h; USACE flood-fight guidance of ~1 m of 1-m wall per 50 bags).
pub const SANDBAG_RATE_M_PER_H: f64 = 120.0;
/// A mobile pump's capacity, m³/s.
pub const PUMP_M3_S: f64 = 0.5;
/// Effectiveness and duration of one aerial water drop on the cells it covers.
pub const WATER_DROP: (f64, f64) = (0.9, 1800.0);
/// Interval between aerial drops (turnaround to refill), s.
pub const WATER_DROP_INTERVAL_S: u64 = 900;
/// Effectiveness of a ground engine's direct attack on cells next to it.
pub const ENGINE_ATTACK: f64 = 0.7;
/// Ratio of the 10-m wind to the 20-ft (6.1 m) wind: the weather's 10-m wind is divided
/// by it for the crown fire and spotting models (Turner & Lawson 1978; the behave
/// engine's `windSpeedAtTwentyFeetFromTenMeter`).
pub const TEN_M_PER_TWENTY_FT_WIND: f64 = 1.15;

/// Everything the hazards hold during a run.
#[derive(Resource, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct HazardState {
    /// Fire model.
    pub fire: Option<FireGrid>,
    /// Flood model; runs of a batch with the same water-changing inputs share it
    /// ([`super::flood_share`]), so it is changed only through `Arc::make_mut` or
    /// replaced as a whole.
    #[serde(with = "super::flood_share::serde_arc")]
    pub flood: Option<Arc<FloodGrid>>,
    /// Leak model.
    pub leak: Option<LeakState>,
    /// Breaches opened so far.
    pub next_breach: usize,
    /// (place index, hazard) pairs already reached.
    pub reached: BTreeSet<(u32, String)>,
    /// Gauge level reached per gauge place: 1 warning, 2 danger.
    pub gauge_level: BTreeMap<u32, u8>,
    /// Road sections closed for ordinary vehicles, with the reason.
    pub closed: BTreeMap<u32, String>,
    /// Work done at a place on a task — (place index, task) → metres of line or
    /// wall; several units at the same place share it.
    pub work: BTreeMap<(u32, Task), f64>,
    /// Cells of wall or line already built per (place index, task).
    pub built: BTreeMap<(u32, Task), usize>,
    /// Whether the fire has started (for the event).
    pub fire_started: bool,
    /// Reading of each river gauge (by place index) while its water is wet, m.
    #[serde(default)]
    pub gauge_m: BTreeMap<u32, f64>,
    /// Kinds of crown fire already reported (`Torching`, `Crowning`).
    #[serde(default)]
    pub crown_reported: BTreeSet<FireType>,
}

impl HazardState {
    /// Build the models for a scenario.
    pub fn new(s: &Scenario) -> Result<HazardState, String> {
        let g = &s.grid;
        let (w, h) = (g.width as usize, g.height as usize);
        let mut st = HazardState::default();
        if let Some(f) = &s.hazards.fire {
            let mut grid = FireGrid::new(w, h, g.cell_m, s.land_cover.clone(), s.elevation.clone())
                .map_err(|e| format!("fire model: {e}"))?;
            grid.set_burnout_s(f.burnout_s as f64)
                .map_err(|e| format!("fire model: {e}"))?;
            if let Some(c) = &s.canopy {
                grid.set_canopy(CanopyLayers {
                    cover: c.cover.clone(),
                    height_m: c.height_m.clone(),
                    base_height_m: c.base_height_m.clone(),
                    bulk_density_kg_m3: c.bulk_density_kg_m3.clone(),
                })
                .map_err(|e| format!("fire model: {e}"))?;
            }
            grid.set_settings(fire_settings(f))
                .map_err(|e| format!("fire model: {e}"))?;
            grid.set_weather(fire_weather(
                s,
                f,
                s.weather.initial.wind_m_s,
                s.weather.initial.wind_from_deg,
            ))
            .map_err(|e| format!("fire model: {e}"))?;
            for &(cell, t) in &f.ignitions {
                grid.ignite(cell, t as f64)
                    .map_err(|e| format!("fire model: {e}"))?;
            }
            st.fire = Some(grid);
        }
        if let Some(f) = &s.hazards.flood {
            let bed: Vec<f64> = s.elevation.iter().map(|&z| z as f64).collect();
            let n: Vec<f64> = s.roughness.iter().map(|&z| z as f64).collect();
            let mut grid =
                FloodGrid::new(w, h, g.cell_m, bed, n).map_err(|e| format!("flood model: {e}"))?;
            for &(cell, level) in &f.initial_level {
                if grid.bed(cell).is_some_and(|b| b < level) {
                    grid.set_water_level(cell, level)
                        .map_err(|e| format!("flood model: {e}"))?;
                }
            }
            for &cell in &f.outflow_cells {
                grid.set_open_boundary(cell, OutflowKind::Critical)
                    .map_err(|e| format!("flood model: {e}"))?;
            }
            st.flood = Some(Arc::new(grid));
        }
        if let Some(l) = &s.hazards.leak {
            st.leak = Some(LeakState::new(s, l)?);
        }
        Ok(st)
    }
}

/// The fire model's weather from the scenario's 10-m wind: the unsheltered midflame
/// wind is the 10-m wind times `wind_adjustment`, the 20-ft wind the 10-m wind / 1.15.
fn fire_weather(
    s: &Scenario,
    f: &crate::scenario::FireSpec,
    wind_m_s: f64,
    from_deg: f64,
) -> FireWeather {
    let _ = s;
    let m = f.moisture_pct;
    FireWeather {
        midflame_wind_m_s: wind_m_s * f.wind_adjustment,
        wind_from_deg: from_deg,
        moisture: Moisture::from_percent(m[0], m[1], m[2], m[3], m[4]),
        wind_20ft_m_s: wind_m_s / TEN_M_PER_TWENTY_FT_WIND,
    }
}

/// The fire model's settings from the scenario: wind limit, foliar moisture, spotting.
pub fn fire_settings(f: &crate::scenario::FireSpec) -> FireSettings {
    use crate::scenario::raw::{RawTreeSpecies as R, RawWindLimit};
    let wind_limit = match f.wind_limit {
        RawWindLimit::None => WindLimit::None,
        RawWindLimit::Rothermel1972 => WindLimit::Rothermel1972,
        RawWindLimit::Andrews2013 => WindLimit::Andrews2013,
    };
    let spotting = f.spotting.as_ref().map(|sp| SpotSettings {
        species: match sp.species {
            R::EngelmannSpruce => TreeSpecies::EngelmannSpruce,
            R::DouglasFir => TreeSpecies::DouglasFir,
            R::SubalpineFir => TreeSpecies::SubalpineFir,
            R::WesternHemlock => TreeSpecies::WesternHemlock,
            R::PonderosaPine => TreeSpecies::PonderosaPine,
            R::LodgepolePine => TreeSpecies::LodgepolePine,
            R::WesternWhitePine => TreeSpecies::WesternWhitePine,
            R::GrandFir => TreeSpecies::GrandFir,
            R::BalsamFir => TreeSpecies::BalsamFir,
            R::SlashPine => TreeSpecies::SlashPine,
            R::LongleafPine => TreeSpecies::LongleafPine,
            R::PondPine => TreeSpecies::PondPine,
            R::ShortleafPine => TreeSpecies::ShortleafPine,
            R::LoblollyPine => TreeSpecies::LoblollyPine,
        },
        dbh_cm: sp.dbh_cm,
        torching_trees: sp.torching_trees,
        crowning_trees: sp.crowning_trees,
        from_surface_fires: sp.from_surface_fires,
        air_temperature_c: sp.air_temperature_c,
    });
    FireSettings {
        wind_limit,
        foliar_moisture: f.foliar_moisture_pct / 100.0,
        spotting,
    }
}

/// Cells within a ring (Chebyshev radius `r`) around a cell, clockwise from north.
pub fn ring(s: &Scenario, centre: (u32, u32), r: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let (c0, r0) = (centre.0 as i64, centre.1 as i64);
    let mut push = |c: i64, rr: i64| {
        if c >= 0 && rr >= 0 && (c as u32) < s.grid.width && (rr as u32) < s.grid.height {
            out.push(s.grid.index(c as u32, rr as u32));
        }
    };
    for c in -r..=r {
        push(c0 + c, r0 - r);
    }
    for rr in -r + 1..=r {
        push(c0 + r, r0 + rr);
    }
    for c in (-r..r).rev() {
        push(c0 + c, r0 + r);
    }
    for rr in (-r + 1..r).rev() {
        push(c0 - r, r0 + rr);
    }
    out
}

/// The water level a river gauge sees before its stilling well damps it, m: the
/// mean water surface of the wet cells among the gauge's cell and its 8 neighbours
/// (`None` when all are dry). A single cell of the shallow-water grid jumps as a
/// steep front crosses it; the neighbourhood mean moves with the river.
pub fn gauge_raw_level_m(s: &Scenario, flood: &FloodGrid, cell: (u32, u32)) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for r in 0..=1 {
        for c in ring(s, cell, r) {
            if flood.depth(c).is_some_and(|d| d > 0.0) {
                sum += flood.water_level(c).unwrap_or(0.0);
                n += 1;
            }
        }
    }
    (n > 0).then(|| sum / n as f64)
}

/// Advance every hazard from the previous tick to now, applying the units' work.
#[allow(clippy::too_many_arguments)] // one system, many resources
pub fn advance_hazards(
    clock: Res<SimClock>,
    sc: Res<ScenarioRes>,
    script: Res<Script>,
    mut hz: ResMut<HazardState>,
    mut log: ResMut<EventLog>,
    mut rng: ResMut<SimRng>,
    share: Option<Res<FloodShare>>,
    units: Query<(&Unit, &UnitState)>,
) {
    let s = &*sc.0;
    let now = clock.now_s();
    let tick = clock.tick;
    let dt = clock.tick_s as f64;
    let hz = &mut *hz;
    // units at work, sorted by id
    let mut working: Vec<(u32, Task, u32, u64)> = units
        .iter()
        .filter(|(_, st)| st.status == UnitStatus::OnScene)
        .filter_map(|(u, st)| Some((u.0.0, st.task?, st.dest?.0, st.task_since_s?)))
        .collect();
    working.sort_by_key(|w| w.0);
    let unit_id = |u: u32| s.org.member(s.org.units[u as usize].member).id.clone();

    if let (Some(fire), Some(spec)) = (hz.fire.as_mut(), s.hazards.fire.as_ref()) {
        let w = fire_weather(s, spec, script.wind_m_s, script.wind_from_deg);
        if *fire.weather() != w {
            let _ = fire.set_weather(w);
        }
        for &(u, task, place, since) in &working {
            let p = &s.places[place as usize];
            match task {
                Task::FireLine => {
                    // line is dug only through the ring's fuel: houses, roads and water
                    // already stop the fire; the crew's pace is the handbook rate of each
                    // cell's fuel (harmonic mean: the time over the whole ring is exact)
                    let need: Vec<usize> = ring(s, p.cell, FIRE_LINE_RADIUS_CELLS)
                        .into_iter()
                        .filter(|&c| fire.is_burnable(c))
                        .collect();
                    let secs_per_m: Vec<f64> = need
                        .iter()
                        .filter_map(|&c| {
                            crate::hazard::fire::fireline_rate_m_per_h(s.land_cover[c])
                        })
                        .filter(|&r| r > 0.0)
                        .map(|r| 1.0 / r)
                        .collect();
                    if secs_per_m.is_empty() {
                        if hz.built.insert((place, task), 0).is_none() {
                            log.push(
                                tick,
                                now,
                                EventKind::TaskDone {
                                    unit: unit_id(u),
                                    task: "FireLine".into(),
                                    place: p.id.clone(),
                                    detail: "no fire line to build: nothing burnable on the ring \
                                             around the place"
                                        .into(),
                                },
                            );
                        }
                        continue;
                    }
                    let rate = secs_per_m.len() as f64 / secs_per_m.iter().sum::<f64>();
                    let crew = s.org.units[u as usize].crew as f64;
                    // handbook rates are for a 20-person crew
                    let done = hz.work.entry((place, task)).or_default();
                    *done += rate * (crew / 20.0) * dt / 3600.0;
                    let cells = ((*done / s.grid.cell_m) as usize).min(need.len());
                    let built = hz.built.entry((place, task)).or_default();
                    while *built < cells {
                        let _ = fire.add_fire_line(need[*built]);
                        *built += 1;
                        if *built == need.len() {
                            log.push(
                                tick,
                                now,
                                EventKind::TaskDone {
                                    unit: unit_id(u),
                                    task: "FireLine".into(),
                                    place: p.id.clone(),
                                    detail: format!(
                                        "{} m of fire line around the place",
                                        (need.len() as f64 * s.grid.cell_m).round()
                                    ),
                                },
                            );
                        }
                    }
                }
                Task::WaterDrop if (now - since) % WATER_DROP_INTERVAL_S < clock.tick_s => {
                    for r in 0..=2 {
                        for cell in ring(s, p.cell, r) {
                            let _ = fire.apply_water(cell, now as f64, WATER_DROP.0, WATER_DROP.1);
                        }
                    }
                }
                Task::Suppress if (now - since) % 600 < clock.tick_s => {
                    for r in 0..=1 {
                        for cell in ring(s, p.cell, r) {
                            let _ = fire.apply_water(cell, now as f64, ENGINE_ATTACK, 600.0);
                        }
                    }
                }
                _ => {}
            }
        }
        if !hz.fire_started && spec.ignitions.iter().any(|&(_, t)| t <= now) {
            hz.fire_started = true;
            let (c, r) = s.grid.cell_of(spec.ignitions[0].0);
            log.push(
                tick,
                now,
                EventKind::HazardStarted {
                    hazard: "forest_fire".into(),
                    detail: format!("ignition at cell ({c}, {r})"),
                },
            );
        }
        let before = fire.now_s();
        let _ = fire.advance_to_with_rng(now as f64, &mut rng.hazard);
        fire_behaviour_events(s, fire, &mut hz.crown_reported, before, tick, now, &mut log);
    }

    if let (Some(flood), Some(spec)) = (hz.flood.as_mut(), s.hazards.flood.as_ref()) {
        // the tick's flood step: bed edits in the order a run makes them (breaches,
        // then the units' walls in unit id order), pumps and forcing; applied below
        // to this run's flood, or taken from the runs that share it
        let mut step = FloodStep {
            tick,
            ..Default::default()
        };
        while hz.next_breach < spec.breaches.len() && spec.breaches[hz.next_breach].at_s <= now {
            let b = &spec.breaches[hz.next_breach];
            step.ops
                .extend(b.cells.iter().map(|&c| BedOp::Set(c, b.bed_m)));
            hz.next_breach += 1;
            log.push(
                tick,
                now,
                EventKind::BreachOpened {
                    name: b.name.clone(),
                },
            );
        }
        for &(u, task, place, _) in &working {
            let p = &s.places[place as usize];
            match task {
                Task::Pump => step
                    .pumps
                    .push((s.grid.index(p.cell.0, p.cell.1), PUMP_M3_S)),
                Task::Sandbag => {
                    let ring = ring(s, p.cell, SANDBAG_RADIUS_CELLS);
                    let done = hz.work.entry((place, task)).or_default();
                    *done += SANDBAG_RATE_M_PER_H * dt / 3600.0;
                    let cells = ((*done / s.grid.cell_m) as usize).min(ring.len());
                    let built = hz.built.entry((place, task)).or_default();
                    while *built < cells {
                        step.ops.push(BedOp::Raise(ring[*built], SANDBAG_HEIGHT_M));
                        *built += 1;
                        if *built == ring.len() {
                            log.push(
                                tick,
                                now,
                                EventKind::TaskDone {
                                    unit: unit_id(u),
                                    task: "Sandbag".into(),
                                    place: p.id.clone(),
                                    detail: format!(
                                        "{} m of sandbag wall",
                                        (ring.len() as f64 * s.grid.cell_m).round()
                                    ),
                                },
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if clock.tick > 0 {
            // forcing at the middle of the interval being simulated
            let t_mid = now as f64 - dt / 2.0;
            for inf in &spec.inflows {
                let q = hydrograph(&inf.hydrograph, t_mid);
                let share = q / inf.cells.len().max(1) as f64;
                step.inflows.extend(inf.cells.iter().map(|&c| (c, share)));
            }
            step.rain_m_per_s = hydrograph(&spec.rain_m_s, t_mid);
            step.advance = Some(dt);
        }
        if !step.is_noop() {
            match &share {
                Some(sh) => sh.0.step_in_place(flood, &step),
                None => step.apply(Arc::make_mut(flood)),
            }
        }
    }

    if let Some(leak) = hz.leak.as_mut() {
        // a leak the flood starts: the flood has advanced above, so this is the water
        // of this tick
        if let Some((place, depth_m)) = leak.flood_trigger
            && leak.released_from_s.is_none()
        {
            let p = &s.places[place as usize];
            let d = hz
                .flood
                .as_ref()
                .and_then(|f| f.depth(s.grid.index(p.cell.0, p.cell.1)))
                .unwrap_or(0.0);
            if d >= depth_m {
                leak.released_from_s = Some(now);
                leak.started = true;
                log.push(
                    tick,
                    now,
                    EventKind::HazardStarted {
                        hazard: "chemical_leak".into(),
                        detail: format!(
                            "{} release at {}: started by the flood, water {d:.2} m deep at {} \
                             (trigger {depth_m} m); {}",
                            leak.substance_name(),
                            s.places[leak.source.0 as usize].id,
                            p.id,
                            leak.verdict(leak.rate_at(now as f64), script.wind_m_s)
                                .why()
                        ),
                    },
                );
            }
        }
        let contained_by = working
            .iter()
            .find(|&&(_, task, place, since)| {
                task == Task::ContainLeak && place == leak.source.0 && now >= since + leak.setup_s
            })
            .map(|w| w.0);
        // nothing to contain before the release begins (a hazmat team already on scene
        // contains it as soon as it does)
        if let Some(u) = contained_by
            && leak.contained_at.is_none()
            && leak.released_from_s.is_some()
        {
            leak.contained_at = Some(now);
            log.push(tick, now, EventKind::LeakContained { unit: unit_id(u) });
        }
        if !leak.started && leak.rate_at(0.0) > 0.0
            || (!leak.started && clock.tick > 0 && leak.rate_at(now as f64) > 0.0)
        {
            leak.started = true;
            log.push(
                tick,
                now,
                EventKind::HazardStarted {
                    hazard: "chemical_leak".into(),
                    detail: format!(
                        "{} release at {}; {}",
                        leak.substance_name(),
                        s.places[leak.source.0 as usize].id,
                        leak.verdict(leak.rate_at(now as f64), script.wind_m_s)
                            .why()
                    ),
                },
            );
        }
        if clock.tick > 0 && leak.released_from_s.is_some() {
            leak.advance(s, now, dt, script.wind_m_s, script.wind_from_deg);
        }
    }
}

/// Logs the spot fires that caught between `before` and now, and the first torching
/// and the first actively crowning cell of the run.
fn fire_behaviour_events(
    s: &Scenario,
    fire: &FireGrid,
    reported: &mut BTreeSet<FireType>,
    before: f64,
    tick: u64,
    now: u64,
    log: &mut EventLog,
) {
    let t_now = now as f64;
    for sp in fire.spot_fires() {
        if sp.ignites_s > before && sp.ignites_s <= t_now && fire.spot_fire_caught(sp) {
            log.push(
                tick,
                now,
                EventKind::SpotFire {
                    cell: s.grid.cell_of(sp.cell),
                    from: s.grid.cell_of(sp.source),
                    distance_m: sp.distance_m.round(),
                },
            );
        }
    }
    if reported.len() == 2 {
        return;
    }
    // cells ignited in this tick, earliest first (arrivals are recorded in order)
    let mut fresh: Vec<usize> = fire
        .ignited_cells()
        .rev()
        .take_while(|&c| fire.arrival_s(c).is_some_and(|t| t > before))
        .collect();
    fresh.reverse();
    for kind in [FireType::Torching, FireType::Crowning] {
        if reported.contains(&kind) {
            continue;
        }
        if let Some(&c) = fresh.iter().find(|&&c| fire.fire_type(c) == Some(kind)) {
            reported.insert(kind);
            log.push(
                tick,
                now,
                EventKind::CrownFire {
                    cell: s.grid.cell_of(c),
                    fire_type: kind.name().to_lowercase(),
                },
            );
        }
    }
}

/// Feed the hazard state into the checksum.
pub fn hash_hazards(hz: &HazardState, h: &mut impl sha2::Digest) {
    if let Some(f) = &hz.fire {
        for c in f.ignited_cells() {
            h.update((c as u64).to_le_bytes());
            h.update(f.arrival_s(c).unwrap_or(-1.0).to_bits().to_le_bytes());
            // crown fire: how the cell burnt (surface cells add nothing, so runs without
            // a canopy keep their checksums)
            match f.fire_type(c) {
                Some(FireType::Torching) => h.update([1u8]),
                Some(FireType::Crowning) => h.update([2u8]),
                _ => {}
            }
        }
        for sp in f.spot_fires() {
            h.update((sp.cell as u64).to_le_bytes());
            h.update((sp.source as u64).to_le_bytes());
            h.update(sp.ignites_s.to_bits().to_le_bytes());
        }
    }
    if let Some(f) = &hz.flood {
        for d in f.depths() {
            h.update(d.to_bits().to_le_bytes());
        }
    }
    if let Some(l) = &hz.leak {
        l.feed_checksum(h);
    }
    h.update((hz.next_breach as u64).to_le_bytes());
    for (g, v) in &hz.gauge_m {
        h.update(g.to_le_bytes());
        h.update(v.to_bits().to_le_bytes());
    }
    for ((place, task), v) in &hz.work {
        h.update(place.to_le_bytes());
        h.update([*task as u8]);
        h.update(v.to_bits().to_le_bytes());
    }
}
