//! The raster spread ([`FireGrid`]): the state of the grid, ignition, the
//! deterministic minimum-travel-time (Dijkstra) propagation of arrival times over the
//! stencil, and the queries on the result (arrival, burning, intensity, flame length,
//! area, front).
//!
//! Invariants (see also the module documentation): a cell ignites at most once and its
//! arrival time never changes afterwards; arrivals up to [`FireGrid::now_s`] are final
//! and recorded in non-decreasing order; priority-queue ties break on cell index.

use super::canopy::{CanopyLayers, FireSettings};
use super::conditions::{CODE_TABLE, Conditions, Ell};
use super::embers::SpotFire;
use super::replan::{Event, EventKind};
use super::stencil::{Dir, N_BREACH_DIRS, N_DIRS, stencil};
use super::suppression::WaterDrop;
use super::terrain::horn_slope;
use super::{FireError, FireType, Weather, flame_length_m, thomas_flame_length_m};
use crate::catalog::fuel_models::FuelModel;
use rand::RngCore;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// Default burn-out time of a grid cell, s: a cell counts as burning for this long
/// after the front arrives (flaming plus short smouldering of fine fuels; configurable
/// with [`FireGrid::set_burnout_s`]).
pub const DEFAULT_BURNOUT_S: f64 = 600.0;

/// Cell flag: fuel does not burn (code 0, NB, zero load).
pub(super) const FLAG_NONBURN: u8 = 1;
/// Cell flag: fire line.
pub(super) const FLAG_LINE: u8 = 2;
/// Cell flag: at least one water drop recorded.
pub(super) const FLAG_WATER: u8 = 4;
/// Cell flag: ignited (arrival time final).
pub(super) const FLAG_IGNITED: u8 = 8;
/// Flags that stop fire entering or squeezing past a cell.
pub(super) const BLOCKING: u8 = FLAG_NONBURN | FLAG_LINE;
/// `src_dir` value of a cell ignited directly (not by a neighbour).
pub(super) const NO_DIR: u8 = u8::MAX;
/// `fire_type` value: the cell burnt as a surface fire (or has not burnt).
pub(super) const BURNT_SURFACE: u8 = 0;
/// `fire_type` value: the cell's canopy torched (passive crown fire).
pub(super) const BURNT_TORCHING: u8 = 1;
/// `fire_type` value: the cell burnt in an active crown fire.
pub(super) const BURNT_CROWNING: u8 = 2;

/// Priority-queue entry; ordered so that `BinaryHeap` pops the earliest time,
/// ties broken by the lowest cell index (determinism).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Item {
    pub(super) t: f64,
    pub(super) cell: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        o.t.total_cmp(&self.t).then_with(|| o.cell.cmp(&self.cell))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Deterministic minimum-travel-time fire spread over a raster.
///
/// Propagation: Dijkstra over arrival times with a 16-direction stencil (8 neighbours
/// plus 8 knight moves). The travel time of a step A→B of length d is
/// `d/2 / R_A(θ) + d/2 / R_B(θ)` where R_X(θ) is the elliptical Rothermel rate of cell X
/// toward the step direction θ (head, LWR and direction from [`Fuelbed::spread`](super::Fuelbed::spread)),
/// evaluated with the weather in force when A ignites; water divides it by
/// `1 − effectiveness`.
///
/// Slope: per cell, from the elevation raster with Horn's (1981) 3×3 finite
/// differences (one-sided at the edges); its tangent and upslope azimuth enter Rothermel's
/// slope factor and the wind–slope vector sum.
///
/// Weather changes, water drops and fire lines re-plan the front: every tentative
/// (unreached) arrival is recomputed from its ignited neighbours. For a step A→B the
/// fraction of the step already covered is estimated with the previous conditions,
/// `p = (t − t_A) / T_old`, and the rest is travelled with the new conditions:
/// `t_B = t + (1 − p)·T_new` (exact for one change; for several changes the previous
/// conditions are assumed to have held since A ignited). Re-planning is lazy: changes
/// made at one instant are collected and applied once, at the next
/// [`FireGrid::advance_to`]. Several changes scheduled for one instant are coalesced too.
///
/// Blocking: fire never enters a fire-line or non-burnable cell; a diagonal step is
/// refused when both side cells block, a knight step when either crossed cell blocks,
/// so a 1-cell 8-connected line stops all 16 moves. A strip of non-burnable cells (not
/// a fire line) is breached when it is at most [`BREACH_FLAME_LENGTHS`](super::BREACH_FLAME_LENGTHS) flame lengths
/// of the fire heading into it wide (see there).
///
/// Performance: per-cell ellipses are computed lazily once per weather (flat cells
/// share one per fuel), the hot loop allocates nothing beyond heap growth.
///
/// Crown fire: with canopy layers ([`FireGrid::set_canopy`]) each cell's spread
/// combines its surface ellipse with its crown (see `canopy.rs` and `conditions.rs`):
/// a cell torches in the directions where its surface fire reaches Van Wagner's critical
/// intensity and spreads at Scott & Reinhardt's passive rate there, crowns actively when
/// its head does (or when an active crown fire reaches a conditional stand), with its own
/// intensity and Thomas flame length. Crown fire cells burn, close roads and reach
/// places like any other.
///
/// Spotting: with spot settings ([`FireGrid::set_settings`]) and a random stream
/// ([`FireGrid::advance_to_with_rng`]), torching and crowning cells loft firebrands that
/// start spot fires downwind (see `embers.rs`).
///
/// Burning: a cell is burning while `0 ≤ t − arrival < burnout_s`
/// ([`DEFAULT_BURNOUT_S`] unless set) and burnt afterwards.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FireGrid {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) cell_m: f64,
    pub(super) fuel: Vec<u16>,
    pub(super) slope: Vec<f32>,
    pub(super) upslope_az: Vec<f32>,
    pub(super) flags: Vec<u8>,
    pub(super) time: Vec<f64>,
    pub(super) src_dir: Vec<u8>,
    pub(super) intensity: Vec<f32>,
    /// How each ignited cell burnt (`BURNT_SURFACE`, `BURNT_TORCHING`, `BURNT_CROWNING`).
    #[serde(default)]
    pub(super) fire_type: Vec<u8>,
    pub(super) ell: Vec<Ell>,
    pub(super) ell_id: Vec<u32>,
    pub(super) order: Vec<u32>,
    pub(super) active: Vec<u32>,
    pub(super) heap: BinaryHeap<Item>,
    pub(super) pending: Vec<(f64, u32)>,
    pub(super) water: BTreeMap<u32, Vec<WaterDrop>>,
    pub(super) events: Vec<Event>,
    pub(super) cond: Conditions,
    pub(super) present: Vec<u16>,
    pub(super) dirs: [Dir; N_DIRS],
    pub(super) now: f64,
    pub(super) burnout_s: f64,
    pub(super) dirty: bool,
    pub(super) replan_old: Option<Conditions>,
    /// Canopy layers, if any.
    #[serde(default)]
    pub(super) canopy: Option<CanopyLayers>,
    /// Wind limit, foliar moisture, spotting.
    #[serde(default)]
    pub(super) settings: FireSettings,
    /// Spot fires started, in launch order.
    #[serde(default)]
    pub(super) spots: Vec<SpotFire>,
}

impl FireGrid {
    /// A grid of `width × height` cells of side `cell_m` metres. `fuel` holds standard
    /// fuel model numbers (0 and NB codes 91..99 are non-burnable), `elevation` metres.
    /// The initial weather is [`Weather::default`]; time starts at 0 s.
    pub fn new(
        width: usize,
        height: usize,
        cell_m: f64,
        fuel: Vec<u16>,
        elevation: Vec<f32>,
    ) -> Result<FireGrid, FireError> {
        let n = width
            .checked_mul(height)
            .ok_or(FireError::InvalidInput("grid too large"))?;
        if n == 0 || n > u32::MAX as usize {
            return Err(FireError::InvalidInput("grid must have 1..=u32::MAX cells"));
        }
        if !(cell_m.is_finite() && cell_m > 0.0) {
            return Err(FireError::InvalidInput("cell size must be > 0"));
        }
        if fuel.len() != n || elevation.len() != n {
            return Err(FireError::DimensionMismatch {
                expected: n,
                fuel: fuel.len(),
                elevation: elevation.len(),
            });
        }
        if elevation.iter().any(|z| !z.is_finite()) {
            return Err(FireError::InvalidInput("elevation must be finite"));
        }
        let mut flags = vec![0u8; n];
        let mut seen = [false; CODE_TABLE];
        for (cell, &code) in fuel.iter().enumerate() {
            if code == 0 {
                flags[cell] = FLAG_NONBURN;
                continue;
            }
            let model = FuelModel::by_number(code).ok_or(FireError::UnknownFuel { cell, code })?;
            if model.is_burnable() {
                seen[usize::from(code)] = true;
            } else {
                flags[cell] = FLAG_NONBURN;
            }
        }
        let present: Vec<u16> = (0..CODE_TABLE as u16)
            .filter(|&c| seen[usize::from(c)])
            .collect();
        let (slope, upslope_az) = horn_slope(width, height, cell_m, &elevation);
        let settings = FireSettings::default();
        let cond = Conditions::new(Weather::default(), 0.0, 1, &present, settings.wind_limit)?;
        Ok(FireGrid {
            width,
            height,
            cell_m,
            fuel,
            slope,
            upslope_az,
            flags,
            time: vec![f64::INFINITY; n],
            src_dir: vec![NO_DIR; n],
            intensity: vec![0.0; n],
            fire_type: vec![BURNT_SURFACE; n],
            ell: vec![Ell::default(); n],
            ell_id: vec![0; n],
            order: Vec::new(),
            active: Vec::new(),
            heap: BinaryHeap::new(),
            pending: Vec::new(),
            water: BTreeMap::new(),
            events: Vec::new(),
            cond,
            present,
            dirs: stencil(),
            now: 0.0,
            burnout_s: DEFAULT_BURNOUT_S,
            dirty: false,
            replan_old: None,
            canopy: None,
            settings,
            spots: Vec::new(),
        })
    }

    /// Columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Cell side, m.
    pub fn cell_m(&self) -> f64 {
        self.cell_m
    }

    /// Current simulation time, s: arrivals up to this time are final.
    pub fn now_s(&self) -> f64 {
        self.now
    }

    /// Weather currently in force.
    pub fn weather(&self) -> &Weather {
        &self.cond.weather
    }

    /// Slope (tan) of a cell as used by the model.
    pub fn slope_at(&self, cell: usize) -> Option<f64> {
        self.slope.get(cell).map(|s| f64::from(*s))
    }

    /// Sets the burn-out time (s) used by [`FireGrid::is_burning`] and friends.
    pub fn set_burnout_s(&mut self, burnout_s: f64) -> Result<(), FireError> {
        if !(burnout_s.is_finite() && burnout_s > 0.0) {
            return Err(FireError::InvalidInput("burn-out time must be > 0"));
        }
        self.burnout_s = burnout_s;
        Ok(())
    }

    pub(super) fn check_cell(&self, cell: usize) -> Result<(), FireError> {
        if cell < self.fuel.len() {
            Ok(())
        } else {
            Err(FireError::CellOutOfRange(cell))
        }
    }

    /// Ignites `cell` at `time_s` (clamped to [`FireGrid::now_s`]; a later time is
    /// scheduled). Returns `Ok(false)` if the cell cannot burn, is a fire line or has
    /// already ignited (burnt cells never re-ignite).
    pub fn ignite(&mut self, cell: usize, time_s: f64) -> Result<bool, FireError> {
        self.check_cell(cell)?;
        if !time_s.is_finite() {
            return Err(FireError::InvalidInput("ignition time must be finite"));
        }
        if self.flags[cell] & (BLOCKING | FLAG_IGNITED) != 0 {
            return Ok(false);
        }
        let t = time_s.max(self.now);
        let c = cell as u32;
        self.pending.push((t, c));
        if t < self.time[cell] {
            self.time[cell] = t;
            self.src_dir[cell] = NO_DIR;
            self.heap.push(Item { t, cell: c });
        }
        Ok(true)
    }

    /// Propagates every arrival up to `time_s`, applying scheduled weather and water
    /// changes on the way. A time before [`FireGrid::now_s`] is a no-op. No firebrand is
    /// lofted (spotting needs a random stream: [`FireGrid::advance_to_with_rng`]).
    pub fn advance_to(&mut self, time_s: f64) -> Result<(), FireError> {
        self.advance(time_s, None)
    }

    /// [`FireGrid::advance_to`], drawing the spot fires of the run's spot settings from
    /// `rng` (three draws per lofted firebrand, in ignition order).
    pub fn advance_to_with_rng(
        &mut self,
        time_s: f64,
        rng: &mut dyn RngCore,
    ) -> Result<(), FireError> {
        self.advance(time_s, Some(rng))
    }

    fn advance(&mut self, time_s: f64, mut rng: Option<&mut dyn RngCore>) -> Result<(), FireError> {
        if time_s.is_nan() {
            return Err(FireError::InvalidInput("time must not be NaN"));
        }
        if time_s < self.now {
            return Ok(());
        }
        self.flush();
        while let Some(ev) = self.events.first().copied().filter(|e| e.t <= time_s) {
            self.process(ev.t, false, &mut rng);
            self.now = self.now.max(ev.t);
            // Apply every change of this instant, then re-plan once.
            while let Some(e) = self.events.first().copied().filter(|e| e.t <= ev.t) {
                self.events.remove(0);
                match e.kind {
                    EventKind::Weather(w) => self.set_weather(w)?,
                    EventKind::Water => self.water_changed(),
                }
            }
            self.flush();
        }
        self.process(time_s, true, &mut rng);
        if time_s.is_finite() {
            self.now = time_s;
        } else if let Some(&last) = self.order.last() {
            self.now = self.now.max(self.time[last as usize]);
        }
        Ok(())
    }

    /// Pops and ignites cells with arrival `< limit` (or `<= limit` if `inclusive`).
    fn process(&mut self, limit: f64, inclusive: bool, rng: &mut Option<&mut dyn RngCore>) {
        while let Some(&top) = self.heap.peek() {
            if top.t > limit || (!inclusive && top.t >= limit) {
                break;
            }
            self.heap.pop();
            let a = top.cell as usize;
            if self.flags[a] & (FLAG_IGNITED | BLOCKING) != 0 || top.t != self.time[a] {
                continue;
            }
            self.ignite_cell(a, rng);
        }
    }

    /// Cached ellipse of `cell` under the current conditions.
    #[inline]
    pub(super) fn ell_cached(&mut self, cell: usize) -> Ell {
        if self.ell_id[cell] == self.cond.id {
            return self.ell[cell];
        }
        let e = self.ellipse_for(cell, &self.cond);
        self.ell[cell] = e;
        self.ell_id[cell] = self.cond.id;
        e
    }

    /// Target of move `k` from `a` if the fire may take it (in the grid, target not
    /// ignited nor blocking, not squeezing through a line).
    #[inline]
    pub(super) fn step_target(&self, a: usize, k: usize) -> Option<usize> {
        let d = &self.dirs[k];
        let col = (a % self.width) as i64;
        let row = (a / self.width) as i64;
        let c2 = col + i64::from(d.dc);
        let r2 = row + i64::from(d.dr);
        if c2 < 0 || r2 < 0 || c2 >= self.width as i64 || r2 >= self.height as i64 {
            return None;
        }
        let b = r2 as usize * self.width + c2 as usize;
        if self.flags[b] & (FLAG_IGNITED | BLOCKING) != 0 {
            return None;
        }
        if d.kind != 0 {
            let idx = |(mc, mr): (i32, i32)| {
                (row + i64::from(mr)) as usize * self.width + (col + i64::from(mc)) as usize
            };
            let m0 = self.flags[idx(d.mids[0])] & BLOCKING != 0;
            let m1 = self.flags[idx(d.mids[1])] & BLOCKING != 0;
            if (d.kind == 1 && m0 && m1) || (d.kind == 2 && (m0 || m1)) {
                return None;
            }
        }
        Some(b)
    }

    /// Whether cell `a` burns (or burnt) as an active crown fire.
    #[inline]
    pub(super) fn crowning(&self, a: usize) -> bool {
        self.fire_type.get(a) == Some(&BURNT_CROWNING)
    }

    /// The flame length (m) of the fire in cell `a` spreading toward unit vector
    /// (ux, uy) with ellipse `ea` and surface heat per unit area `hpa` (kJ/m²), and its
    /// rate (m/s): Byram's for a surface fire, Thomas's for a crown fire.
    pub(super) fn flame_toward(
        &self,
        a: usize,
        ea: &Ell,
        hpa: f64,
        ux: f64,
        uy: f64,
    ) -> (f64, f64) {
        let b = ea.behaviour(ux, uy, self.crowning(a));
        let i = self.heat_per_unit_area(a, hpa, b.cfb) * b.rate;
        let fl = if b.fire_type.is_crown_fire() {
            thomas_flame_length_m(i)
        } else {
            flame_length_m(i)
        };
        (fl, b.rate)
    }

    /// Finalises the arrival of cell `a`, records how it burns (surface, torching,
    /// crowning) and its intensity, lofts its firebrand and relaxes its neighbours.
    fn ignite_cell(&mut self, a: usize, rng: &mut Option<&mut dyn RngCore>) {
        self.flags[a] |= FLAG_IGNITED;
        self.order.push(a as u32);
        self.active.push(a as u32);
        let ea = self.ell_cached(a);
        let code = usize::from(self.fuel[a]);
        // an active crown fire arriving from a crowning neighbour carries on in a
        // conditional stand
        let from_active = match self.src_dir[a] {
            NO_DIR => false,
            k => {
                let d = &self.dirs[usize::from(k)];
                let col = (a % self.width) as i64 - i64::from(d.dc);
                let row = (a / self.width) as i64 - i64::from(d.dr);
                col >= 0
                    && row >= 0
                    && (col as usize) < self.width
                    && (row as usize) < self.height
                    && self.crowning(row as usize * self.width + col as usize)
            }
        };
        let b = match self.src_dir[a] {
            NO_DIR => ea.head_behaviour(from_active),
            k => {
                let d = &self.dirs[usize::from(k)];
                ea.behaviour(d.ux, d.uy, from_active)
            }
        };
        self.fire_type[a] = match b.fire_type {
            FireType::Crowning => BURNT_CROWNING,
            FireType::Torching => BURNT_TORCHING,
            _ => BURNT_SURFACE,
        };
        let hpa = self.cond.hpa.get(code).copied().unwrap_or(0.0);
        let intensity = self.heat_per_unit_area(a, hpa, b.cfb) * b.rate;
        self.intensity[a] = intensity as f32;
        let ta = self.time[a];
        if let Some(r) = rng {
            let flame = flame_length_m(intensity);
            self.loft_firebrand(a, ta, b.fire_type, flame, &mut **r);
        }
        let wa = self.water_factor(a, ta);
        if wa <= 0.0 {
            return;
        }
        let active = self.crowning(a);
        let cell_m = self.cell_m;
        for k in 0..N_DIRS {
            let Some(b) = self.step_target(a, k) else {
                continue;
            };
            let d = self.dirs[k];
            let eb = self.ell_cached(b);
            let ra = ea.rate_from(d.ux, d.uy, active);
            let rb = eb.rate_from(d.ux, d.uy, active);
            if !(ra > 0.0 && rb > 0.0) {
                continue;
            }
            let wf = wa.min(self.water_factor(b, ta));
            if wf <= 0.0 {
                continue;
            }
            let t = ta + d.half_len * cell_m * (1.0 / ra + 1.0 / rb) / wf;
            if t < self.time[b] {
                self.time[b] = t;
                self.src_dir[b] = k as u8;
                self.heap.push(Item { t, cell: b as u32 });
            }
        }
        // breaching a strip of non-burnable ground (see [`BREACH_FLAME_LENGTHS`])
        for k in 0..N_BREACH_DIRS {
            let Some((b, gap_m)) = self.breach_target(a, k) else {
                continue;
            };
            let eb = self.ell_cached(b);
            let wf = wa.min(self.water_factor(b, ta));
            let d = self.dirs[k];
            let (flame, ra) = self.flame_toward(a, &ea, hpa, d.ux, d.uy);
            let rb = eb.rate_from(d.ux, d.uy, active);
            let tt = self.breach_time(ra, rb, flame, k, gap_m);
            if !(wf > 0.0 && tt.is_finite()) {
                continue;
            }
            let t = ta + tt / wf;
            if t < self.time[b] {
                self.time[b] = t;
                self.src_dir[b] = k as u8;
                self.heap.push(Item { t, cell: b as u32 });
            }
        }
    }

    /// Whether an ignited cell can still spread somewhere (by a step or a breach).
    pub(super) fn has_open_neighbor(&self, a: usize) -> bool {
        (0..N_DIRS).any(|k| self.step_target(a, k).is_some())
            || (0..N_BREACH_DIRS).any(|k| self.breach_target(a, k).is_some())
    }

    /// Whether `cell` has fuel that can burn (not non-burnable; a fire line still
    /// counts as burnable ground).
    pub fn is_burnable(&self, cell: usize) -> bool {
        self.flags.get(cell).is_some_and(|&f| f & FLAG_NONBURN == 0)
    }

    /// Arrival time (s) of the fire at `cell`, if it has ignited by [`FireGrid::now_s`].
    pub fn arrival_s(&self, cell: usize) -> Option<f64> {
        let f = *self.flags.get(cell)?;
        (f & FLAG_IGNITED != 0).then(|| self.time[cell])
    }

    /// Whether `cell` is burning at `t`: ignited and `0 <= t − arrival < burnout`.
    pub fn is_burning(&self, cell: usize, t: f64) -> bool {
        self.arrival_s(cell)
            .is_some_and(|a| a <= t && t - a < self.burnout_s)
    }

    /// Whether `cell` has burnt out by `t` (`t − arrival >= burnout`).
    pub fn is_burnt(&self, cell: usize, t: f64) -> bool {
        self.arrival_s(cell)
            .is_some_and(|a| t - a >= self.burnout_s)
    }

    /// Fireline intensity (kW/m) of the front that ignited `cell`, using the cell's
    /// rate along the arriving step (head rate for ignition points) and, in a crown fire,
    /// the heat of the canopy that burnt.
    pub fn fireline_intensity_kw_m(&self, cell: usize) -> Option<f64> {
        self.arrival_s(cell)?;
        Some(f64::from(self.intensity[cell]))
    }

    /// How `cell` burnt: `Surface`, `Torching` or `Crowning` (`None` before it ignites).
    pub fn fire_type(&self, cell: usize) -> Option<FireType> {
        self.arrival_s(cell)?;
        Some(
            match self.fire_type.get(cell).copied().unwrap_or(BURNT_SURFACE) {
                BURNT_CROWNING => FireType::Crowning,
                BURNT_TORCHING => FireType::Torching,
                _ => FireType::Surface,
            },
        )
    }

    /// Flame length (m) of the front that ignited `cell`: Byram's for a surface fire,
    /// Thomas's (1963) for a torching or crowning one.
    pub fn flame_length_m(&self, cell: usize) -> Option<f64> {
        let i = self.fireline_intensity_kw_m(cell)?;
        Some(if self.fire_type(cell)?.is_crown_fire() {
            thomas_flame_length_m(i)
        } else {
            flame_length_m(i)
        })
    }

    /// Number of cells ignited at or before `t` (only arrivals up to now are known).
    fn ignited_by(&self, t: f64) -> usize {
        self.order.partition_point(|&c| self.time[c as usize] <= t)
    }

    /// Area (m²) reached by the fire at or before `t` (burning or burnt).
    pub fn burnt_area_m2(&self, t: f64) -> f64 {
        self.ignited_by(t) as f64 * self.cell_m * self.cell_m
    }

    /// Number of cells burning at `t`.
    pub fn burning_cells(&self, t: f64) -> usize {
        let upto = self.ignited_by(t);
        let out = self
            .order
            .partition_point(|&c| self.time[c as usize] <= t - self.burnout_s);
        upto.saturating_sub(out)
    }

    /// Ignited cells that can still spread to an unreached neighbour (the active front).
    pub fn front_cells(&self) -> Vec<usize> {
        self.active
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| self.has_open_neighbor(c))
            .collect()
    }

    /// All ignited cells in arrival order.
    pub fn ignited_cells(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.order.iter().map(|&c| c as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::M_S_PER_MPH;
    use crate::hazard::fire::test_support::{close, fire, uniform, wind};

    #[test]
    fn calm_flat_contours_are_circular() {
        let (w, h, cm) = (181usize, 181usize, 10.0);
        let mut g = uniform(w, h, cm, 1);
        let c0 = 90usize;
        assert_eq!(g.ignite(c0 * w + c0, 0.0), Ok(true));
        g.advance_to(f64::INFINITY).expect("advance");
        let r0 = fire("FM1", 0.0, 0.0).head_ros_m_min / 60.0;
        let mut speeds = Vec::new();
        for deg in [
            0.0f64, 13.0, 26.57, 35.0, 45.0, 60.0, 77.0, 90.0, 135.0, 200.0, 250.0, 315.0,
        ] {
            let a = deg.to_radians();
            let dc = (80.0 * a.sin()).round() as i64;
            let dr = -(80.0 * a.cos()).round() as i64;
            let cell = (c0 as i64 + dr) as usize * w + (c0 as i64 + dc) as usize;
            let t = g.arrival_s(cell).expect("reached");
            let d = ((dc * dc + dr * dr) as f64).sqrt() * cm;
            speeds.push(d / t);
        }
        let max = speeds.iter().cloned().fold(0.0, f64::max);
        let min = speeds.iter().cloned().fold(f64::INFINITY, f64::min);
        assert!(max <= r0 * (1.0 + 1e-6), "{max} vs {r0}");
        assert!(min >= r0 * 0.96, "{min} vs {r0}");
        assert!(max / min < 1.04, "{speeds:?}");
    }

    #[test]
    fn wind_ellipse_matches_rothermel() {
        let (w, h, cm) = (301usize, 61usize, 10.0);
        let mut g = uniform(w, h, cm, 1);
        let mph5 = 5.0 * M_S_PER_MPH;
        g.set_weather(wind(mph5, 270.0)).expect("weather");
        let (c0, r0) = (60usize, 30usize);
        g.ignite(r0 * w + c0, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        let f = fire("FM1", 5.0, 0.0);
        let head_cell = r0 * w + c0 + 200;
        let back_cell = r0 * w + c0 - 50;
        let t_head = g.arrival_s(head_cell).expect("head reached");
        let t_back = g.arrival_s(back_cell).expect("back reached");
        let v_head = 200.0 * cm / t_head * 60.0;
        let v_back = 50.0 * cm / t_back * 60.0;
        assert!(
            close(v_head, f.head_ros_m_min, 0.01),
            "{v_head} vs {}",
            f.head_ros_m_min
        );
        assert!(
            close(v_back, f.backing_ros_m_min, 0.03),
            "{v_back} vs {}",
            f.backing_ros_m_min
        );
        let e = f.eccentricity;
        assert!(close(v_head / v_back, (1.0 + e) / (1.0 - e), 0.04));
        // Flank: perpendicular distance is the semi-minor of an ellipse through the focus.
        let flank_cell = (r0 - 25) * w + c0;
        assert!(g.arrival_s(flank_cell).is_some());
        // Intensity at the head equals the point model.
        let i = g.fireline_intensity_kw_m(head_cell).expect("intensity");
        assert!(close(i, f.fireline_intensity_kw_m, 0.01), "{i}");
        assert!(g.flame_length_m(head_cell).expect("flame") > 0.0);
    }

    #[test]
    fn non_burnable_grid_does_not_burn() {
        let mut g = uniform(20, 20, 10.0, 91);
        assert_eq!(g.ignite(210, 0.0), Ok(false));
        g.advance_to(1.0e6).expect("advance");
        assert_eq!(g.burnt_area_m2(1.0e6), 0.0);
        let mut g = uniform(20, 20, 10.0, 0);
        assert_eq!(g.ignite(210, 0.0), Ok(false));
        assert!(FireGrid::new(2, 2, 10.0, vec![1, 2, 3, 14], vec![0.0; 4]).is_err());
        assert!(FireGrid::new(2, 2, 10.0, vec![1; 3], vec![0.0; 4]).is_err());
    }

    #[test]
    fn burnt_cells_never_reignite() {
        let mut g = uniform(60, 60, 10.0, 1);
        g.ignite(30 * 60 + 30, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        let before: Vec<Option<f64>> = (0..3600).map(|c| g.arrival_s(c)).collect();
        assert!(before.iter().all(Option::is_some));
        let late = g.now_s() + 10_000.0;
        assert_eq!(g.ignite(0, late), Ok(false));
        g.set_weather(wind(5.0, 90.0)).expect("weather");
        g.advance_to(late + 10_000.0).expect("advance");
        let after: Vec<Option<f64>> = (0..3600).map(|c| g.arrival_s(c)).collect();
        assert_eq!(before, after);
        assert!(g.is_burnt(0, late));
        assert!(!g.is_burning(0, late));
        assert_eq!(g.burning_cells(late), 0);
        assert!(close(g.burnt_area_m2(late), 3600.0 * 100.0, 1e-12));
    }

    #[test]
    fn burning_state_and_counts() {
        let mut g = uniform(80, 80, 10.0, 1);
        g.set_weather(wind(2.0, 200.0)).expect("weather");
        g.ignite(40 * 80 + 40, 0.0).expect("ignite");
        g.advance_to(1800.0).expect("advance");
        let t = 1800.0;
        let n_burning = (0..6400).filter(|&c| g.is_burning(c, t)).count();
        assert_eq!(n_burning, g.burning_cells(t));
        let n_reached = (0..6400).filter(|&c| g.arrival_s(c).is_some()).count();
        assert!(close(g.burnt_area_m2(t), n_reached as f64 * 100.0, 1e-12));
        assert!(!g.front_cells().is_empty());
        assert!(g.is_burning(g.front_cells()[0], t) || g.is_burnt(g.front_cells()[0], t));
    }

    #[test]
    fn deterministic_bitwise() {
        let (w, h) = (90usize, 70usize);
        let run = || {
            let elev: Vec<f32> = (0..w * h)
                .map(|i| {
                    let (c, r) = ((i % w) as f32, (i / w) as f32);
                    40.0 * (c / 9.0).sin() + 25.0 * (r / 7.0).cos()
                })
                .collect();
            let fuel: Vec<u16> = (0..w * h)
                .map(|i| match (i % w) / 30 {
                    0 => 1,
                    1 => 102,
                    _ => 165,
                })
                .collect();
            let mut g = FireGrid::new(w, h, 15.0, fuel, elev).expect("grid");
            g.set_weather(wind(2.5, 240.0)).expect("weather");
            g.ignite(35 * w + 10, 0.0).expect("ignite");
            g.ignite(10 * w + 60, 300.0).expect("ignite");
            g.schedule_weather(1500.0, wind(4.0, 320.0))
                .expect("schedule");
            g.add_fire_line(20 * w + 40).expect("line");
            g.apply_water(40 * w + 45, 900.0, 0.7, 600.0)
                .expect("water");
            g.advance_to(1.0e6).expect("advance");
            (0..w * h)
                .map(|c| g.arrival_s(c).map(f64::to_bits))
                .collect::<Vec<_>>()
        };
        let a = run();
        assert!(a.iter().filter(|x| x.is_some()).count() > w * h / 2);
        assert_eq!(a, run());
    }

    /// Benchmark: `cargo test --release -- --ignored --nocapture bench_1000x1000`.
    #[test]
    #[ignore]
    fn bench_1000x1000() {
        let n = 1000usize;
        let mut g = uniform(n, n, 30.0, 1);
        g.set_weather(wind(3.0, 225.0)).expect("weather");
        g.ignite(500 * n + 500, 0.0).expect("ignite");
        let t0 = std::time::Instant::now();
        g.advance_to(f64::INFINITY).expect("advance");
        let dt = t0.elapsed();
        let reached = (0..n * n).filter(|&c| g.arrival_s(c).is_some()).count();
        println!(
            "1000x1000 FM1, 3 m/s wind: {reached} cells in {:.3} s, last arrival {:.0} s",
            dt.as_secs_f64(),
            g.now_s()
        );
        assert_eq!(reached, n * n);
    }

    /// Benchmark with terrain (per-cell slope), three fuels and a wind shift:
    /// `cargo test --release -- --ignored --nocapture bench_terrain`.
    #[test]
    #[ignore]
    fn bench_terrain_1000x1000() {
        let n = 1000usize;
        let elev: Vec<f32> = (0..n * n)
            .map(|i| {
                let (c, r) = ((i % n) as f32, (i / n) as f32);
                120.0 * (c / 60.0).sin() * (r / 45.0).cos()
            })
            .collect();
        let fuel: Vec<u16> = (0..n * n).map(|i| [1, 102, 165][(i % n) * 3 / n]).collect();
        let mut g = FireGrid::new(n, n, 30.0, fuel, elev).expect("grid");
        g.set_weather(wind(3.0, 225.0)).expect("weather");
        g.ignite(500 * n + 500, 0.0).expect("ignite");
        let t0 = std::time::Instant::now();
        g.advance_to(3.0 * 3600.0).expect("advance");
        g.set_weather(wind(5.0, 300.0)).expect("weather");
        g.advance_to(f64::INFINITY).expect("advance");
        let dt = t0.elapsed();
        let reached = (0..n * n).filter(|&c| g.arrival_s(c).is_some()).count();
        println!(
            "1000x1000 terrain, 3 fuels, wind shift: {reached} cells in {:.3} s",
            dt.as_secs_f64()
        );
        assert_eq!(reached, n * n);
    }
}
