//! Toxic gas dispersion for the chemical-leak hazard: Pasquill stability
//! classes, Briggs (1973) dispersion coefficients, the steady Gaussian plume
//! (for checks and quick estimates), the Gaussian **puff** model that the
//! simulation steps each tick, and threat zones on a grid field.
//!
//! Substance data, unit conversion and threat levels live in
//! [`crate::catalog::substances`].
//!
//! # Grid and wind conventions
//! Positions are metres: `x_m` east from the west edge, `y_m` **south**
//! from the north edge. Cell `(col, row)` has its centre at
//! `((col + 0.5)·cell, (row + 0.5)·cell)`, index `row·width + col`, row 0 is
//! the north edge. Wind direction is where the wind blows **from**, degrees
//! clockwise from north: wind from 270° carries gas east (+x), wind from 0°
//! carries gas south (+y).
//!
//! # Model limits
//! Passive (neutrally buoyant) gas, flat terrain, uniform wind, total
//! ground reflection, no mixing-lid reflection, no plume rise, no
//! dense-gas slumping, no deposition or decay. Good enough for an exercise
//! picture; not a substitute for ALOHA/PHAST in real planning.

use crate::catalog::substances::{LevelsOfConcern, ThreatLevel, mg_m3_to_ppm};
use std::f64::consts::PI;
use std::fmt;

/// Lowest wind speed used by the dispersion formulas, m/s. The Gaussian
/// plume is undefined in a calm (C ∝ 1/u); below this speed the plume
/// formula uses this value and puffs still grow as if travelling at it.
/// 0.5 m/s is the usual calm floor in regulatory models (e.g. AERMOD/ALOHA
/// treat < 0.5–1 m/s as calm).
pub const MIN_WIND_M_S: f64 = 0.5;

/// Default minimum travel distance for puff growth, m. A new puff has zero
/// travel and would have zero sigma (singular concentration); its sigmas
/// are evaluated at `max(travel, this)`, i.e. a freshly released puff is a
/// source a few metres across (class D open: σy ≈ 0.8 m, σz ≈ 0.6 m).
/// This clamps only near-source values; far-field sigmas are unaffected.
pub const DEFAULT_MIN_TRAVEL_M: f64 = 10.0;

/// Puffs whose 4σ box lies beyond the domain by more than this margin (m)
/// are dropped by default; the margin lets a cloud that just left come back
/// after a wind reversal.
pub const DEFAULT_RETIRE_MARGIN_M: f64 = 1000.0;

/// Default retirement threshold: a puff whose peak concentration (upper
/// bound, with reflection) is below this value in kg/m³ is dropped.
/// 1e-12 kg/m³ = 1e-6 mg/m³, orders of magnitude under any AEGL-1.
pub const DEFAULT_MIN_PEAK_KG_M3: f64 = 1e-12;

/// Default cap on the number of live puffs; beyond it the two oldest are
/// merged (mass conserved).
pub const DEFAULT_MAX_PUFFS: usize = 5000;

/// Half-width of the box over which [`PuffModel::fill_grid`] evaluates a
/// puff, in sigmas (exp(−4²/2) ≈ 3.4e-4 of the peak is neglected).
pub const GRID_CUTOFF_SIGMAS: f64 = 4.0;

/// Upper end of the virtual-distance search when a stability change
/// re-expresses a puff's size in the new class, m.
const MAX_VIRTUAL_DISTANCE_M: f64 = 1.0e6;

/// kg/m³ → mg/m³.
const MG_PER_KG: f64 = 1.0e6;

/// Pasquill–Gifford atmospheric stability class (A very unstable … F
/// moderately stable).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
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
    /// Moderately stable.
    F,
}

/// Surface roughness regime for the Briggs coefficients.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Terrain {
    /// Open country (Briggs 1973 rural fit to Pasquill–Gifford).
    #[default]
    Open,
    /// Urban (Briggs 1973 fit to the McElroy–Pooler St. Louis data).
    Urban,
}

/// Sky condition for [`pasquill_class`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SkyCondition {
    /// Day, strong incoming solar radiation (sun high, clear sky).
    DayStrong,
    /// Day, moderate insolation.
    DayModerate,
    /// Day, slight insolation (sun low or broken cloud).
    DaySlight,
    /// Night with thin overcast or ≥ 4/8 low cloud.
    NightCloudy,
    /// Night with ≤ 3/8 cloud.
    NightClear,
    /// Heavy overcast (8/8), day or night: always D.
    Overcast,
}

/// Pasquill stability class from the 10-m wind speed (m/s) and the sky.
///
/// Pasquill (1961), *The estimation of the dispersion of windborne
/// material*, Meteorol. Mag. 90, 33–49; as tabulated by Turner (1970),
/// *Workbook of Atmospheric Dispersion Estimates*, EPA AP-26, Table 1:
///
/// | u10 (m/s) | strong | moderate | slight | night ≥ 4/8 | night ≤ 3/8 |
/// |-----------|--------|----------|--------|-------------|-------------|
/// | < 2       | A      | A–B      | B      | (F)         | (F)         |
/// | 2 – 3     | A–B    | B        | C      | E           | F           |
/// | 3 – 5     | B      | B–C      | C      | D           | E           |
/// | 5 – 6     | C      | C–D      | D      | D           | D           |
/// | > 6       | C      | D        | D      | D           | D           |
///
/// Overcast day or night is D. Turner leaves night < 2 m/s blank; F is
/// used here (the common convention, e.g. in ALOHA). Intermediate classes
/// (A–B, B–C, C–D) resolve to the **more stable** letter, which gives the
/// higher ground-level concentration from a ground release (the cautious
/// choice for emergency planning). Band edges: `u < 2`, `2 ≤ u < 3`,
/// `3 ≤ u < 5`, `5 ≤ u < 6`, `u ≥ 6`. Negative or NaN wind counts as calm.
pub fn pasquill_class(wind_10m_m_s: f64, sky: SkyCondition) -> StabilityClass {
    use StabilityClass::*;
    let band = if wind_10m_m_s >= 6.0 {
        4
    } else if wind_10m_m_s >= 5.0 {
        3
    } else if wind_10m_m_s >= 3.0 {
        2
    } else if wind_10m_m_s >= 2.0 {
        1
    } else {
        0
    };
    let row: [StabilityClass; 5] = match sky {
        SkyCondition::DayStrong => [A, B, B, C, C],
        SkyCondition::DayModerate => [B, B, C, D, D],
        SkyCondition::DaySlight => [B, C, C, D, D],
        SkyCondition::NightCloudy => [F, E, D, D, D],
        SkyCondition::NightClear => [F, F, E, D, D],
        SkyCondition::Overcast => [D, D, D, D, D],
    };
    row[band]
}

/// Briggs (1973) σy and σz in metres at downwind distance `x_m` (m).
///
/// Briggs, G. A. (1973), *Diffusion estimation for small emissions*, ATDL
/// report 79 (as tabulated in Hanna, Briggs & Hosker 1982, Table 4.5).
/// Intended for 100 m – 10 km; used outside that range as is.
/// Returns `(0, 0)` for `x ≤ 0` or non-finite `x`.
pub fn briggs_sigmas(class: StabilityClass, terrain: Terrain, x_m: f64) -> (f64, f64) {
    if !(x_m.is_finite() && x_m > 0.0) {
        return (0.0, 0.0);
    }
    (
        briggs_sigma_y(class, terrain, x_m),
        briggs_sigma_z(class, terrain, x_m),
    )
}

fn briggs_sigma_y(class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
    use StabilityClass::*;
    match terrain {
        Terrain::Open => {
            let a = match class {
                A => 0.22,
                B => 0.16,
                C => 0.11,
                D => 0.08,
                E => 0.06,
                F => 0.04,
            };
            a * x / (1.0 + 0.0001 * x).sqrt()
        }
        Terrain::Urban => {
            let a = match class {
                A | B => 0.32,
                C => 0.22,
                D => 0.16,
                E | F => 0.11,
            };
            a * x / (1.0 + 0.0004 * x).sqrt()
        }
    }
}

fn briggs_sigma_z(class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
    use StabilityClass::*;
    match terrain {
        Terrain::Open => match class {
            A => 0.20 * x,
            B => 0.12 * x,
            C => 0.08 * x / (1.0 + 0.0002 * x).sqrt(),
            D => 0.06 * x / (1.0 + 0.0015 * x).sqrt(),
            E => 0.03 * x / (1.0 + 0.0003 * x),
            F => 0.016 * x / (1.0 + 0.0003 * x),
        },
        Terrain::Urban => match class {
            A | B => 0.24 * x * (1.0 + 0.001 * x).sqrt(),
            C => 0.20 * x,
            D => 0.14 * x / (1.0 + 0.0003 * x).sqrt(),
            E | F => 0.08 * x / (1.0 + 0.0015 * x).sqrt(),
        },
    }
}

/// One evaluation of the steady plume.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlumePoint {
    /// Concentration, kg/m³.
    pub concentration_kg_m3: f64,
    /// Crosswind dispersion coefficient at this distance, m.
    pub sigma_y_m: f64,
    /// Vertical dispersion coefficient at this distance, m.
    pub sigma_z_m: f64,
}

/// Steady Gaussian plume with total ground reflection:
///
/// `C = Q / (2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]`
///
/// `q_kg_s` release rate (kg/s), `u_m_s` wind speed (m/s, floored at
/// [`MIN_WIND_M_S`]), `x_m` downwind and `y_m` crosswind distance from the
/// source (m), `z_m` receptor height and `h_m` release height (m).
/// `x ≤ 0`, a non-positive rate or any non-finite input gives zero.
#[allow(clippy::too_many_arguments)]
pub fn plume_concentration(
    q_kg_s: f64,
    u_m_s: f64,
    class: StabilityClass,
    terrain: Terrain,
    x_m: f64,
    y_m: f64,
    z_m: f64,
    h_m: f64,
) -> PlumePoint {
    let zero = PlumePoint {
        concentration_kg_m3: 0.0,
        sigma_y_m: 0.0,
        sigma_z_m: 0.0,
    };
    let finite = [q_kg_s, x_m, y_m, z_m, h_m].iter().all(|v| v.is_finite());
    if !finite || x_m <= 0.0 {
        return zero;
    }
    let (sy, sz) = briggs_sigmas(class, terrain, x_m);
    let u = if u_m_s.is_finite() {
        u_m_s.max(MIN_WIND_M_S)
    } else {
        MIN_WIND_M_S
    };
    let c = if q_kg_s > 0.0 {
        q_kg_s / (2.0 * PI * u * sy * sz)
            * (-y_m * y_m / (2.0 * sy * sy)).exp()
            * reflection(z_m, h_m, sz)
    } else {
        0.0
    };
    PlumePoint {
        concentration_kg_m3: c,
        sigma_y_m: sy,
        sigma_z_m: sz,
    }
}

/// Steady plume concentration (kg/m³) averaged across a grid cell of side `cell_m`
/// whose centre is `x_m` downwind and `y_m` crosswind of the source: the plume
/// formula of [`plume_concentration`] with the crosswind Gaussian averaged over the
/// cell's width (exact, with erf) and the downwind distance taken as at least half a
/// cell (the mean distance from a source inside the cell). Near the source the plume
/// is far narrower than a cell, so a point value at the cell centre misses it (or
/// diverges at x = 0); the cell mean is what people anywhere in the cell breathe on
/// average. Zero upwind of the source cell.
#[allow(clippy::too_many_arguments)]
pub fn plume_cell_mean_kg_m3(
    q_kg_s: f64,
    u_m_s: f64,
    class: StabilityClass,
    terrain: Terrain,
    x_m: f64,
    y_m: f64,
    z_m: f64,
    h_m: f64,
    cell_m: f64,
) -> f64 {
    let finite = [q_kg_s, x_m, y_m, z_m, h_m, cell_m]
        .iter()
        .all(|v| v.is_finite());
    if !finite || q_kg_s <= 0.0 || cell_m <= 0.0 || x_m < -cell_m / 2.0 {
        return 0.0;
    }
    let x = x_m.max(cell_m / 2.0);
    let (sy, sz) = briggs_sigmas(class, terrain, x);
    let u = if u_m_s.is_finite() {
        u_m_s.max(MIN_WIND_M_S)
    } else {
        MIN_WIND_M_S
    };
    let k = 1.0 / (std::f64::consts::SQRT_2 * sy);
    // mean of exp(−y²/2σy²) over the cell = σy·√(2π)/cell · ΔΦ
    let share = 0.5 * (erf((y_m + cell_m / 2.0) * k) - erf((y_m - cell_m / 2.0) * k));
    q_kg_s / ((2.0 * PI).sqrt() * u * sz * cell_m) * share * reflection(z_m, h_m, sz)
}

/// Error function, Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7).
pub fn erf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-x * x).exp();
    if x < 0.0 { -y } else { y }
}

/// `exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)`.
fn reflection(z: f64, h: f64, sz: f64) -> f64 {
    let k = 1.0 / (2.0 * sz * sz);
    (-(z - h) * (z - h) * k).exp() + (-(z + h) * (z + h) * k).exp()
}

/// Invalid arguments to a grid function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// The slice length is not `width × height`.
    SizeMismatch {
        /// `width × height` (or `usize::MAX` on overflow).
        expected: usize,
        /// The slice length given.
        got: usize,
    },
    /// The cell size is not a positive finite number.
    BadCellSize,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SizeMismatch { expected, got } => {
                write!(f, "grid has {got} cells, expected {expected}")
            }
            Self::BadCellSize => write!(f, "cell size must be positive and finite"),
        }
    }
}

impl std::error::Error for FieldError {}

fn check_grid(width: usize, height: usize, cell_m: f64, len: usize) -> Result<(), FieldError> {
    let expected = width.saturating_mul(height);
    if expected != len {
        return Err(FieldError::SizeMismatch { expected, got: len });
    }
    if !(cell_m.is_finite() && cell_m > 0.0) {
        return Err(FieldError::BadCellSize);
    }
    Ok(())
}

/// Settings of a [`PuffModel`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PuffParams {
    /// Initial stability class (change it with [`PuffModel::set_stability`]).
    pub stability: StabilityClass,
    /// Terrain for the Briggs coefficients.
    pub terrain: Terrain,
    /// Source position, m east of the west edge.
    pub source_x_m: f64,
    /// Source position, m south of the north edge.
    pub source_y_m: f64,
    /// Release height above ground, m.
    pub source_height_m: f64,
    /// Minimum travel distance at which puff sigmas are evaluated, m (see
    /// [`DEFAULT_MIN_TRAVEL_M`]).
    pub min_travel_m: f64,
    /// Release at most one puff per this many seconds, accumulating the
    /// mass of intermediate steps (0 = one puff per step with mass). Keep
    /// `u · interval` below ~1.5 σy at the nearest distance of interest,
    /// or the plume shows as separate blobs there.
    pub release_interval_s: f64,
    /// Domain `(width_m, height_m)` with origin at the north-west corner;
    /// puffs farther outside than `retire_margin_m` (beyond 4σ) are dropped.
    /// `None` keeps puffs regardless of position.
    pub domain_m: Option<(f64, f64)>,
    /// See [`DEFAULT_RETIRE_MARGIN_M`].
    pub retire_margin_m: f64,
    /// See [`DEFAULT_MIN_PEAK_KG_M3`].
    pub min_peak_kg_m3: f64,
    /// See [`DEFAULT_MAX_PUFFS`] (at least 2 is enforced).
    pub max_puffs: usize,
}

impl PuffParams {
    /// Parameters with the given class, terrain and source, defaults for
    /// the rest.
    pub fn new(
        stability: StabilityClass,
        terrain: Terrain,
        source_x_m: f64,
        source_y_m: f64,
        source_height_m: f64,
    ) -> Self {
        Self {
            stability,
            terrain,
            source_x_m,
            source_y_m,
            source_height_m,
            min_travel_m: DEFAULT_MIN_TRAVEL_M,
            release_interval_s: 0.0,
            domain_m: None,
            retire_margin_m: DEFAULT_RETIRE_MARGIN_M,
            min_peak_kg_m3: DEFAULT_MIN_PEAK_KG_M3,
            max_puffs: DEFAULT_MAX_PUFFS,
        }
    }
}

/// One released puff.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Puff {
    x: f64,
    y: f64,
    mass_kg: f64,
    /// Virtual travel distances (m) giving the current σy / σz in the
    /// current class; they differ from the true travel after a class change.
    xv_y: f64,
    xv_z: f64,
    sy: f64,
    sz: f64,
}

/// Gaussian puff model of a (possibly time-varying) release in a uniform,
/// possibly time-varying wind.
///
/// Each [`step`](Self::step) releases one puff of `rate · dt` at the source,
/// then moves every puff by the current wind for `dt` and grows it with its
/// own travel distance using the Briggs sigmas (σx = σy), never shrinking.
/// After a stability change each puff continues from the distance that
/// gives its present size in the new class ("virtual distance"), so sizes
/// are continuous. Concentration is the sum over puffs of
///
/// `M / ((2π)^{3/2} σx σy σz) · exp(−dx²/2σx² − dy²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]`.
///
/// For a steady release and wind this converges to
/// [`plume_concentration`] (tested within 2 % on the centreline).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PuffModel {
    params: PuffParams,
    class: StabilityClass,
    puffs: Vec<Puff>,
    released_kg: f64,
    retired_kg: f64,
    pending_kg: f64,
    pending_s: f64,
    time_s: f64,
}

fn sanitize(v: f64, fallback: f64) -> f64 {
    if v.is_finite() { v } else { fallback }
}

impl PuffModel {
    /// A model with no puffs. Non-finite parameters are replaced by safe
    /// values (0 position/height, defaults for the tuning knobs).
    pub fn new(params: PuffParams) -> Self {
        let mut p = params;
        p.source_x_m = sanitize(p.source_x_m, 0.0);
        p.source_y_m = sanitize(p.source_y_m, 0.0);
        p.source_height_m = sanitize(p.source_height_m, 0.0).max(0.0);
        p.min_travel_m = sanitize(p.min_travel_m, DEFAULT_MIN_TRAVEL_M).max(1e-3);
        p.release_interval_s = sanitize(p.release_interval_s, 0.0).max(0.0);
        p.retire_margin_m = sanitize(p.retire_margin_m, DEFAULT_RETIRE_MARGIN_M).max(0.0);
        p.min_peak_kg_m3 = sanitize(p.min_peak_kg_m3, DEFAULT_MIN_PEAK_KG_M3).max(0.0);
        p.max_puffs = p.max_puffs.max(2);
        p.domain_m = p
            .domain_m
            .filter(|(w, h)| w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0);
        Self {
            class: p.stability,
            params: p,
            puffs: Vec::new(),
            released_kg: 0.0,
            retired_kg: 0.0,
            pending_kg: 0.0,
            pending_s: 0.0,
            time_s: 0.0,
        }
    }

    /// The parameters in use (after sanitising).
    pub fn params(&self) -> &PuffParams {
        &self.params
    }

    /// Current stability class.
    pub fn stability(&self) -> StabilityClass {
        self.class
    }

    /// Changes the stability class from now on. Existing puffs keep their
    /// size and grow at the new class's rate.
    pub fn set_stability(&mut self, class: StabilityClass) {
        if class == self.class {
            return;
        }
        let (old, terrain, xmin) = (self.class, self.params.terrain, self.params.min_travel_m);
        for p in &mut self.puffs {
            p.xv_y = virtual_distance(
                p.xv_y,
                xmin,
                |x| briggs_sigma_y(old, terrain, x),
                |x| briggs_sigma_y(class, terrain, x),
            );
            p.xv_z = virtual_distance(
                p.xv_z,
                xmin,
                |x| briggs_sigma_z(old, terrain, x),
                |x| briggs_sigma_z(class, terrain, x),
            );
        }
        self.class = class;
    }

    /// Advances `dt_s` seconds: releases `release_rate_kg_s · dt_s` kg at
    /// the source (subject to `release_interval_s`), then advects every puff
    /// by the wind (`wind_speed_m_s`, from `wind_from_deg`) and grows it.
    /// A non-positive or non-finite `dt_s` does nothing; a negative or
    /// non-finite rate or speed counts as 0; a non-finite direction as 0°.
    pub fn step(
        &mut self,
        dt_s: f64,
        release_rate_kg_s: f64,
        wind_speed_m_s: f64,
        wind_from_deg: f64,
    ) {
        if !(dt_s.is_finite() && dt_s > 0.0) {
            return;
        }
        let rate = if release_rate_kg_s.is_finite() {
            release_rate_kg_s.max(0.0)
        } else {
            0.0
        };
        let u = if wind_speed_m_s.is_finite() {
            wind_speed_m_s.max(0.0)
        } else {
            0.0
        };
        let dir = sanitize(wind_from_deg, 0.0).to_radians();

        // Release.
        self.pending_kg += rate * dt_s;
        self.pending_s += dt_s;
        if self.pending_kg > 0.0 && self.pending_s + 1e-9 >= self.params.release_interval_s {
            let (sy, sz) = self.sigmas(0.0, 0.0);
            self.puffs.push(Puff {
                x: self.params.source_x_m,
                y: self.params.source_y_m,
                mass_kg: self.pending_kg,
                xv_y: 0.0,
                xv_z: 0.0,
                sy,
                sz,
            });
            self.released_kg += self.pending_kg;
            self.pending_kg = 0.0;
            self.pending_s = 0.0;
        } else if self.pending_kg <= 0.0 {
            self.pending_s = 0.0;
        }

        // Advect (blowing towards dir + 180°: east = −u sin, south = +u cos).
        let (dx, dy) = (-u * dir.sin() * dt_s, u * dir.cos() * dt_s);
        let grow = u.max(MIN_WIND_M_S) * dt_s;
        let (class, terrain, xmin) = (self.class, self.params.terrain, self.params.min_travel_m);
        for p in &mut self.puffs {
            p.x += dx;
            p.y += dy;
            p.xv_y += grow;
            p.xv_z += grow;
            p.sy = p.sy.max(briggs_sigma_y(class, terrain, p.xv_y.max(xmin)));
            p.sz = p.sz.max(briggs_sigma_z(class, terrain, p.xv_z.max(xmin)));
        }
        self.time_s += dt_s;
        self.retire();
    }

    fn sigmas(&self, xv_y: f64, xv_z: f64) -> (f64, f64) {
        let xmin = self.params.min_travel_m;
        (
            briggs_sigma_y(self.class, self.params.terrain, xv_y.max(xmin)),
            briggs_sigma_z(self.class, self.params.terrain, xv_z.max(xmin)),
        )
    }

    /// Drops negligible or far-away puffs and merges the oldest beyond the cap.
    fn retire(&mut self) {
        let min_peak = self.params.min_peak_kg_m3;
        let domain = self.params.domain_m;
        let margin = self.params.retire_margin_m;
        let mut dropped = 0.0;
        self.puffs.retain(|p| {
            let keep_peak = puff_peak_kg_m3(p) >= min_peak;
            let keep_pos = match domain {
                None => true,
                Some((w, h)) => {
                    let r = GRID_CUTOFF_SIGMAS * p.sy + margin;
                    p.x > -r && p.y > -r && p.x < w + r && p.y < h + r
                }
            };
            let keep = keep_peak && keep_pos;
            if !keep {
                dropped += p.mass_kg;
            }
            keep
        });
        self.retired_kg += dropped;
        while self.puffs.len() > self.params.max_puffs {
            let b = self.puffs.remove(1);
            let a = &mut self.puffs[0];
            let m = a.mass_kg + b.mass_kg;
            if m > 0.0 {
                a.x = (a.x * a.mass_kg + b.x * b.mass_kg) / m;
                a.y = (a.y * a.mass_kg + b.y * b.mass_kg) / m;
            }
            a.mass_kg = m;
            if b.sy > a.sy {
                (a.sy, a.xv_y) = (b.sy, b.xv_y);
            }
            if b.sz > a.sz {
                (a.sz, a.xv_z) = (b.sz, b.xv_z);
            }
        }
    }

    /// Concentration at a point (kg/m³), summing every puff exactly.
    pub fn concentration_kg_m3(&self, x_m: f64, y_m: f64, z_m: f64) -> f64 {
        if !(x_m.is_finite() && y_m.is_finite() && z_m.is_finite()) {
            return 0.0;
        }
        let h = self.params.source_height_m;
        self.puffs
            .iter()
            .map(|p| {
                let (dx, dy) = (x_m - p.x, y_m - p.y);
                let s2 = 2.0 * p.sy * p.sy;
                p.mass_kg / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
                    * (-(dx * dx + dy * dy) / s2).exp()
                    * reflection(z_m, h, p.sz)
            })
            .sum()
    }

    /// Writes the concentration field at height `z_m` into `out`
    /// (row-major, `width × height`, see the module grid convention) in
    /// **mg/m³**, overwriting it. Each puff is evaluated only over its
    /// ±[`GRID_CUTOFF_SIGMAS`]σ box with a separable exponential; values are
    /// point samples at cell centres (a puff much narrower than a cell can
    /// fall between centres).
    pub fn fill_grid(
        &self,
        width: usize,
        height: usize,
        cell_m: f64,
        z_m: f64,
        out: &mut [f32],
    ) -> Result<(), FieldError> {
        check_grid(width, height, cell_m, out.len())?;
        out.fill(0.0);
        if width == 0 || height == 0 {
            return Ok(());
        }
        let z = sanitize(z_m, 0.0);
        let h = self.params.source_height_m;
        let mut ex: Vec<f32> = Vec::with_capacity(width);
        for p in &self.puffs {
            let amp = p.mass_kg * MG_PER_KG / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
                * reflection(z, h, p.sz);
            if !(amp.is_finite() && amp > 0.0) {
                continue;
            }
            let reach = GRID_CUTOFF_SIGMAS * p.sy;
            let Some((c0, c1)) = cell_range(p.x, reach, cell_m, width) else {
                continue;
            };
            let Some((r0, r1)) = cell_range(p.y, reach, cell_m, height) else {
                continue;
            };
            let k = -1.0 / (2.0 * p.sy * p.sy);
            ex.clear();
            ex.extend((c0..c1).map(|c| {
                let d = (c as f64 + 0.5) * cell_m - p.x;
                (d * d * k).exp() as f32
            }));
            for r in r0..r1 {
                let d = (r as f64 + 0.5) * cell_m - p.y;
                let a = (amp * (d * d * k).exp()) as f32;
                let start = r * width;
                if let Some(row) = out.get_mut(start + c0..start + c1) {
                    for (o, e) in row.iter_mut().zip(&ex) {
                        *o += a * e;
                    }
                }
            }
        }
        Ok(())
    }

    /// Number of live puffs.
    pub fn puff_count(&self) -> usize {
        self.puffs.len()
    }

    /// Total mass released so far, kg (including retired puffs).
    pub fn released_total_kg(&self) -> f64 {
        self.released_kg
    }

    /// Mass in live puffs, kg.
    pub fn airborne_kg(&self) -> f64 {
        self.puffs.iter().map(|p| p.mass_kg).sum()
    }

    /// Mass of retired (dropped) puffs, kg.
    pub fn retired_kg(&self) -> f64 {
        self.retired_kg
    }

    /// Simulated time since creation, s.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }
}

/// (2π)^{3/2}.
const TWO_PI_POW_1_5: f64 = 15.749_609_945_722_419;

/// Peak (upper bound, both reflection terms = 1) concentration of a puff, kg/m³.
fn puff_peak_kg_m3(p: &Puff) -> f64 {
    2.0 * p.mass_kg / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
}

/// Half-open cell index range covering `centre ± reach` (metres), clipped
/// to `0..n`; `None` if empty.
fn cell_range(centre: f64, reach: f64, cell_m: f64, n: usize) -> Option<(usize, usize)> {
    let lo = ((centre - reach) / cell_m - 0.5).ceil().max(0.0);
    let hi = ((centre + reach) / cell_m - 0.5).floor() + 1.0;
    let hi = hi.min(n as f64);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return None;
    }
    Some((lo as usize, hi as usize))
}

/// The distance in the new class giving the same sigma as `xv` in the old
/// class (bisection; both functions increase with x). Sigmas below the
/// minimum-travel value stay at `min(xv, xmin)`; a sigma the new class
/// never reaches maps to the search limit.
fn virtual_distance(xv: f64, xmin: f64, old: impl Fn(f64) -> f64, new: impl Fn(f64) -> f64) -> f64 {
    let target = old(xv.max(xmin));
    if target <= new(xmin) {
        return xv.min(xmin);
    }
    let (mut lo, mut hi) = (xmin, MAX_VIRTUAL_DISTANCE_M);
    if new(hi) <= target {
        return hi;
    }
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if new(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Converts a field in mg/m³ to ppm in place (25 °C, 1 atm).
pub fn field_mg_m3_to_ppm(field: &mut [f32], molar_mass_g_mol: f64) {
    let k = mg_m3_to_ppm(1.0, molar_mass_g_mol) as f32;
    for v in field {
        *v *= k;
    }
}

/// Per-level statistics of a threat zone. Zones are nested: a cell counts
/// for every level at or below its own (as ALOHA draws them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoneStats {
    /// The level.
    pub level: ThreatLevel,
    /// Its threshold, ppm (`None`: the guideline has no value; zone empty).
    pub threshold_ppm: Option<f64>,
    /// Cells at or above the threshold.
    pub cell_count: usize,
    /// `cell_count · cell²`, m².
    pub area_m2: f64,
    /// Largest distance from the source to such a cell centre, m.
    pub max_distance_m: f64,
    /// Largest distance along the current downwind direction (projection
    /// of source→cell on the wind-to vector, ≥ 0), m.
    pub max_downwind_m: f64,
}

/// Threat zones of a ppm field: one [`ZoneStats`] per level in
/// [`ThreatLevel::ZONES`] order (Level1, Level2, Level3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThreatZones {
    /// Level1, Level2, Level3.
    pub zones: [ZoneStats; 3],
}

impl ThreatZones {
    /// The statistics of one level (`None` for `Clear`).
    pub fn get(&self, level: ThreatLevel) -> Option<&ZoneStats> {
        level.zone_index().and_then(|i| self.zones.get(i))
    }
}

/// The threat level of every cell of a ppm field, written into `out`.
pub fn classify_cells(
    field_ppm: &[f32],
    levels: &LevelsOfConcern,
    out: &mut [ThreatLevel],
) -> Result<(), FieldError> {
    if field_ppm.len() != out.len() {
        return Err(FieldError::SizeMismatch {
            expected: field_ppm.len(),
            got: out.len(),
        });
    }
    for (o, v) in out.iter_mut().zip(field_ppm) {
        *o = levels.threat_level(f64::from(*v));
    }
    Ok(())
}

/// Computes nested threat zones of a ppm field (grid convention of this
/// module) for a source at `(source_x_m, source_y_m)` and the current wind
/// direction (from, degrees).
#[allow(clippy::too_many_arguments)]
pub fn threat_zones(
    field_ppm: &[f32],
    width: usize,
    height: usize,
    cell_m: f64,
    source_x_m: f64,
    source_y_m: f64,
    wind_from_deg: f64,
    levels: &LevelsOfConcern,
) -> Result<ThreatZones, FieldError> {
    check_grid(width, height, cell_m, field_ppm.len())?;
    let mut zones = ThreatLevel::ZONES.map(|level| ZoneStats {
        level,
        threshold_ppm: levels.threshold_ppm(level),
        cell_count: 0,
        area_m2: 0.0,
        max_distance_m: 0.0,
        max_downwind_m: 0.0,
    });
    let dir = sanitize(wind_from_deg, 0.0).to_radians();
    let (wx, wy) = (-dir.sin(), dir.cos());
    let sx = sanitize(source_x_m, 0.0);
    let sy = sanitize(source_y_m, 0.0);
    if width > 0 {
        for (row, line) in field_ppm.chunks_exact(width).enumerate() {
            let dy = (row as f64 + 0.5) * cell_m - sy;
            for (col, v) in line.iter().enumerate() {
                let Some(idx) = levels.threat_level(f64::from(*v)).zone_index() else {
                    continue;
                };
                let dx = (col as f64 + 0.5) * cell_m - sx;
                let dist = dx.hypot(dy);
                let down = (dx * wx + dy * wy).max(0.0);
                for z in zones.iter_mut().take(idx + 1) {
                    z.cell_count += 1;
                    z.max_distance_m = z.max_distance_m.max(dist);
                    z.max_downwind_m = z.max_downwind_m.max(down);
                }
            }
        }
    }
    for z in &mut zones {
        z.area_m2 = z.cell_count as f64 * cell_m * cell_m;
    }
    Ok(ThreatZones { zones })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::substances::CHLORINE;
    use StabilityClass::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    fn ground(x: f64) -> f64 {
        plume_concentration(1.0, 5.0, D, Terrain::Open, x, 0.0, 0.0, 0.0).concentration_kg_m3
    }

    #[test]
    fn plume_oracles_class_d_open() {
        for (x, want) in [
            (100.0, 1.4294e-3),
            (500.0, 7.1914e-5),
            (1000.0, 2.1994e-5),
            (2000.0, 7.2644e-6),
        ] {
            let c = ground(x);
            assert!(rel(c, want) < 1e-3, "x={x}: {c:e} vs {want:e}");
        }
        assert_eq!(ground(0.0), 0.0);
        assert_eq!(ground(-10.0), 0.0);
        assert_eq!(ground(f64::NAN), 0.0);
    }

    #[test]
    fn sigmas_at_1000m() {
        let p = plume_concentration(1.0, 5.0, D, Terrain::Open, 1000.0, 0.0, 0.0, 0.0);
        assert!(rel(p.sigma_y_m, 76.277) < 1e-4, "{}", p.sigma_y_m);
        assert!(rel(p.sigma_z_m, 37.947) < 1e-4, "{}", p.sigma_z_m);
        // Spot checks of other classes at 1000 m.
        let (sy, sz) = briggs_sigmas(F, Terrain::Open, 1000.0);
        assert!(rel(sy, 40.0 / 1.1f64.sqrt()) < 1e-12);
        assert!(rel(sz, 16.0 / 1.3) < 1e-12);
        let (sy, sz) = briggs_sigmas(A, Terrain::Urban, 1000.0);
        assert!(rel(sy, 320.0 / 1.4f64.sqrt()) < 1e-12);
        assert!(rel(sz, 240.0 * 2f64.sqrt()) < 1e-12);
        assert_eq!(briggs_sigmas(D, Terrain::Open, 0.0), (0.0, 0.0));
    }

    #[test]
    fn urban_differs_from_open() {
        for class in [A, B, C, D, E, F] {
            let o = briggs_sigmas(class, Terrain::Open, 1000.0);
            let u = briggs_sigmas(class, Terrain::Urban, 1000.0);
            assert!(u.0 > o.0 && u.1 > o.1, "{class:?}");
            let co = plume_concentration(1.0, 5.0, class, Terrain::Open, 1000.0, 0.0, 0.0, 0.0);
            let cu = plume_concentration(1.0, 5.0, class, Terrain::Urban, 1000.0, 0.0, 0.0, 0.0);
            assert!(cu.concentration_kg_m3 < co.concentration_kg_m3);
        }
    }

    #[test]
    fn symmetric_across_axis() {
        for y in [5.0, 30.0, 120.0] {
            let a = plume_concentration(2.0, 3.0, C, Terrain::Open, 800.0, y, 1.5, 10.0);
            let b = plume_concentration(2.0, 3.0, C, Terrain::Open, 800.0, -y, 1.5, 10.0);
            assert_eq!(a, b);
            assert!(a.concentration_kg_m3 < ground(800.0) * 2.0);
        }
    }

    #[test]
    fn elevated_source_peaks_downwind() {
        let c = |x: f64| {
            plume_concentration(1.0, 5.0, D, Terrain::Open, x, 0.0, 0.0, 50.0).concentration_kg_m3
        };
        assert!(c(10.0) < 1e-30, "{:e}", c(10.0));
        let xs: Vec<f64> = (1..=500).map(|i| i as f64 * 10.0).collect();
        let (imax, cmax) = xs
            .iter()
            .map(|&x| c(x))
            .enumerate()
            .fold((0, 0.0), |acc, (i, v)| if v > acc.1 { (i, v) } else { acc });
        assert!(imax > 10 && imax < xs.len() - 10, "peak at {}", xs[imax]);
        assert!(cmax < ground(xs[imax]));
    }

    #[test]
    fn pasquill_table() {
        use SkyCondition::*;
        assert_eq!(pasquill_class(1.0, DayStrong), A);
        assert_eq!(pasquill_class(2.5, DayStrong), B);
        assert_eq!(pasquill_class(4.0, DayModerate), C);
        assert_eq!(pasquill_class(4.0, DaySlight), C);
        assert_eq!(pasquill_class(7.0, DayStrong), C);
        assert_eq!(pasquill_class(7.0, DayModerate), D);
        assert_eq!(pasquill_class(2.5, NightCloudy), E);
        assert_eq!(pasquill_class(2.5, NightClear), F);
        assert_eq!(pasquill_class(4.0, NightClear), E);
        assert_eq!(pasquill_class(4.0, NightCloudy), D);
        assert_eq!(pasquill_class(1.0, NightClear), F);
        assert_eq!(pasquill_class(1.0, Overcast), D);
        assert_eq!(pasquill_class(5.5, DaySlight), D);
        assert_eq!(pasquill_class(f64::NAN, DayStrong), A);
    }

    const DOMAIN: (usize, usize, f64) = (512, 512, 10.0);

    fn steady(dt: f64, steps: usize) -> PuffModel {
        let mut m = PuffModel::new(PuffParams::new(D, Terrain::Open, 100.0, 2560.0, 0.0));
        for _ in 0..steps {
            m.step(dt, 1.0, 5.0, 270.0);
        }
        m
    }

    #[test]
    fn puffs_converge_to_plume() {
        // Puffs every 2 s at 5 m/s: spacing 10 m, well below σy(500 m) = 39 m.
        let m = steady(2.0, 600);
        for x in [500.0, 1000.0, 2000.0] {
            let c = m.concentration_kg_m3(100.0 + x, 2560.0, 0.0);
            let want = ground(x);
            println!("convergence x={x}: puff/plume - 1 = {:+.4}", c / want - 1.0);
            assert!(rel(c, want) < 0.02, "x={x}: puff {c:e} plume {want:e}");
        }
        // Off-axis too.
        let c = m.concentration_kg_m3(1100.0, 2560.0 + 76.0, 0.0);
        let want = plume_concentration(1.0, 5.0, D, Terrain::Open, 1000.0, 76.0, 0.0, 0.0)
            .concentration_kg_m3;
        assert!(rel(c, want) < 0.03, "{c:e} vs {want:e}");
        // The grid agrees with the point sum at a cell centre (mg/m³).
        let (w, h, cell) = DOMAIN;
        let mut f = vec![0.0f32; w * h];
        m.fill_grid(w, h, cell, 0.0, &mut f).expect("grid");
        let (col, row) = (109, 256); // centre (1095, 2565)
        let p = m.concentration_kg_m3(1095.0, 2565.0, 0.0) * 1e6;
        assert!(rel(f64::from(f[row * w + col]), p) < 2e-3);
        assert!((m.released_total_kg() - 1200.0).abs() < 1e-6);
        assert!((m.airborne_kg() + m.retired_kg() - 1200.0).abs() < 1e-6);
    }

    #[test]
    fn wind_shift_turns_plume() {
        let mut m = PuffModel::new(PuffParams::new(D, Terrain::Open, 2560.0, 2560.0, 0.0));
        for _ in 0..200 {
            m.step(5.0, 1.0, 5.0, 270.0); // from west: gas goes east
        }
        let east = m.concentration_kg_m3(3060.0, 2560.0, 0.0);
        let south = m.concentration_kg_m3(2560.0, 3060.0, 0.0);
        assert!(east > 1e3 * south.max(1e-30), "{east:e} {south:e}");
        for _ in 0..400 {
            m.step(5.0, 1.0, 5.0, 0.0); // from north: gas goes south
        }
        let east2 = m.concentration_kg_m3(3060.0, 2560.0, 0.0);
        let south2 = m.concentration_kg_m3(2560.0, 3060.0, 0.0);
        assert!(south2 > 1e3 * east2.max(1e-30), "{east2:e} {south2:e}");
        assert!(rel(south2, ground(500.0)) < 0.03);
        assert!(m.concentration_kg_m3(2560.0, 2060.0, 0.0) < south2 * 1e-6);
    }

    #[test]
    fn zero_release_zero_field() {
        let mut m = PuffModel::new(PuffParams::new(F, Terrain::Urban, 500.0, 500.0, 2.0));
        for _ in 0..50 {
            m.step(10.0, 0.0, 3.0, 90.0);
        }
        m.step(10.0, f64::NAN, 3.0, 90.0);
        m.step(10.0, -5.0, 3.0, 90.0);
        assert_eq!(m.puff_count(), 0);
        assert_eq!(m.released_total_kg(), 0.0);
        let mut f = vec![1.0f32; 64 * 64];
        m.fill_grid(64, 64, 20.0, 1.5, &mut f).expect("grid");
        assert!(f.iter().all(|v| *v == 0.0));
        assert!(m.fill_grid(64, 63, 20.0, 1.5, &mut f).is_err());
        assert!(m.fill_grid(64, 64, 0.0, 1.5, &mut f).is_err());
    }

    #[test]
    fn deterministic() {
        let run = || {
            let mut m = PuffModel::new(PuffParams::new(B, Terrain::Open, 1000.0, 1000.0, 3.0));
            let mut f = vec![0.0f32; 128 * 128];
            for i in 0..120 {
                let t = i as f64;
                m.set_stability(if i < 60 { B } else { E });
                m.step(10.0, 0.5 + 0.01 * t, 2.0 + (t * 0.1).sin(), 250.0 + t);
            }
            m.fill_grid(128, 128, 20.0, 0.0, &mut f).expect("grid");
            f
        };
        let (a, b) = (run(), run());
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
        assert!(a.iter().any(|v| *v > 0.0));
    }

    #[test]
    fn stability_change_keeps_size_continuous() {
        let mut m = steady(10.0, 60);
        let before: Vec<(f64, f64)> = m.puffs.iter().map(|p| (p.sy, p.sz)).collect();
        m.set_stability(F);
        m.step(1e-6, 0.0, 5.0, 270.0);
        for (p, b) in m.puffs.iter().zip(&before) {
            assert!(p.sy >= b.0 && p.sy < b.0 * 1.001 + 1e-6);
            assert!(p.sz >= b.1 && p.sz < b.1 * 1.001 + 1e-6);
        }
        m.set_stability(A);
        m.step(10.0, 1.0, 5.0, 270.0);
        assert!(m.puffs.iter().all(|p| p.sy.is_finite() && p.sz > 0.0));
    }

    #[test]
    fn release_interval_and_retirement() {
        let mut p = PuffParams::new(D, Terrain::Open, 100.0, 500.0, 0.0);
        p.release_interval_s = 30.0;
        p.domain_m = Some((1000.0, 1000.0));
        p.retire_margin_m = 0.0;
        let mut m = PuffModel::new(p);
        for _ in 0..600 {
            m.step(10.0, 2.0, 5.0, 270.0);
        }
        assert!((m.released_total_kg() - 12_000.0).abs() < 1e-6);
        assert!((m.airborne_kg() + m.retired_kg() - 12_000.0).abs() < 1e-6);
        assert!(m.retired_kg() > 0.0);
        assert!(m.puff_count() < 60, "{}", m.puff_count());
        let mut p = PuffParams::new(D, Terrain::Open, 100.0, 500.0, 0.0);
        p.max_puffs = 10;
        let mut m = PuffModel::new(p);
        for _ in 0..50 {
            m.step(10.0, 1.0, 5.0, 270.0);
        }
        assert_eq!(m.puff_count(), 10);
        assert!((m.airborne_kg() - 500.0).abs() < 1e-9);
    }

    #[test]
    fn zones_and_distances() {
        let (w, h, cell) = DOMAIN;
        let m = steady(10.0, 300);
        let mut f = vec![0.0f32; w * h];
        m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
        field_mg_m3_to_ppm(&mut f, CHLORINE.molar_mass_g_mol);
        let z = threat_zones(&f, w, h, cell, 100.0, 2560.0, 270.0, &CHLORINE.aegl_60min)
            .expect("zones");
        let [l1, l2, l3] = z.zones;
        assert!(l1.cell_count >= l2.cell_count && l2.cell_count >= l3.cell_count);
        assert!(l3.cell_count > 0);
        assert!(l1.max_downwind_m > l2.max_downwind_m && l2.max_downwind_m > l3.max_downwind_m);
        assert!(l1.max_distance_m >= l1.max_downwind_m);
        // 1 kg/s chlorine, D, 5 m/s: 2 ppm (5.8 mg/m3) reached ~1.9 km on the axis.
        let x2 = (1..=5000)
            .map(|i| i as f64)
            .take_while(|x| CHLORINE.ppm(ground(*x) * 1e6) >= 2.0)
            .last()
            .unwrap_or(0.0);
        assert!(
            (l2.max_downwind_m - x2).abs() < 60.0,
            "{} vs {x2}",
            l2.max_downwind_m
        );
        assert_eq!(z.get(ThreatLevel::Level2), Some(&l2));
        let mut cls = vec![ThreatLevel::Clear; w * h];
        classify_cells(&f, &CHLORINE.aegl_60min, &mut cls).expect("classify");
        let n3 = cls.iter().filter(|c| **c == ThreatLevel::Level3).count();
        assert_eq!(n3, l3.cell_count);
        assert!(threat_zones(&f, w, h + 1, cell, 0.0, 0.0, 0.0, &CHLORINE.erpg).is_err());
    }

    /// `cargo test --release -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn bench_fill_grid() {
        let (w, h, cell) = DOMAIN;
        for (label, u, class, dom, cell, sx) in [
            (
                "5 m/s D, 10 m cells, domain retirement",
                5.0,
                D,
                true,
                cell,
                300.0,
            ),
            (
                "5 m/s D, 10 m cells, no retirement",
                5.0,
                D,
                false,
                cell,
                300.0,
            ),
            (
                "1.5 m/s F, 10 m cells, no retirement",
                1.5,
                F,
                false,
                cell,
                300.0,
            ),
            (
                "0.5 m/s D, 20 m cells, all puffs on grid",
                0.5,
                D,
                false,
                20.0,
                5120.0,
            ),
        ] {
            let mut p = PuffParams::new(class, Terrain::Open, sx, 0.5 * h as f64 * cell, 0.0);
            if dom {
                p.domain_m = Some((w as f64 * cell, h as f64 * cell));
            }
            let mut m = PuffModel::new(p);
            let mut f = vec![0.0f32; w * h];
            let mut t_step = std::time::Duration::ZERO;
            let mut t_fill = std::time::Duration::ZERO;
            let mut fills = 0u32;
            for i in 0..720 {
                let dir = 270.0 + 20.0 * (i as f64 / 100.0).sin();
                let t0 = std::time::Instant::now();
                m.step(10.0, 1.0, u, dir);
                t_step += t0.elapsed();
                if i % 20 == 19 || i >= 700 {
                    let t0 = std::time::Instant::now();
                    m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
                    t_fill += t0.elapsed();
                    fills += 1;
                }
            }
            let t0 = std::time::Instant::now();
            let n = 50;
            for _ in 0..n {
                m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
            }
            let last = t0.elapsed() / n;
            println!(
                "{label}: {} puffs live after 720 ticks; fill_grid 512x512 at end {:.2} ms \
                 (mean over run {:.2} ms); step mean {:.1} us",
                m.puff_count(),
                last.as_secs_f64() * 1e3,
                t_fill.as_secs_f64() * 1e3 / f64::from(fills),
                t_step.as_secs_f64() * 1e6 / 720.0
            );
        }
    }
}
