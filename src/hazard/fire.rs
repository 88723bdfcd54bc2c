//! Forest-fire hazard: Rothermel surface fire behaviour and raster spread.
//!
//! This module owns
//! * the point surface fire model ([`Fuelbed`], [`surface_fire`]): Rothermel (1972)
//!   with the Albini (1976) corrections exactly as implemented by the USFS
//!   BehavePlus engine (`behave`): five fuel size classes plus the dead herbaceous
//!   class of dynamic models, dead/live weighting, Albini's live moisture of
//!   extinction, size-sorted net load weighting, mineral damping, heat sink, wind
//!   and slope factors combined as vectors into an effective wind, the 0.9·I_R wind
//!   limit, Anderson (1983) length-to-width ratio and the elliptical spread shape;
//! * the raster spread model ([`FireGrid`]): a deterministic minimum-travel-time
//!   (Dijkstra) propagation of arrival times over a 16-direction stencil, with
//!   weather changes, fire lines and water drops;
//! * the hand-crew line production helper [`fireline_rate_m_per_h`].
//!
//! Fuel model parameters live in [`crate::catalog::fuel_models`].
//!
//! Units: the public API is SI (m, m/s, m/min, kW/m, kW/m², kJ/m², s) with chains/hour
//! and mi/h helpers; the Rothermel internals ([`Fuelbed`], [`Spread`]) keep the
//! BehavePlus US units (ft, ft/min, lb/ft², BTU) so they can be compared line by line.
//! Flame length is Byram's L = 0.45·I^0.46 (ft, BTU/ft/s), i.e. L = 0.0775·I^0.46 in
//! m with I in kW/m.
//!
//! Invariants of [`FireGrid`]:
//! * cell index = `row * width + col`, row 0 is the north edge, col 0 the west edge;
//!   east = +col, north = −row; azimuths are degrees clockwise from north and wind
//!   directions are the direction the wind blows FROM;
//! * a cell ignites at most once; its arrival time never changes afterwards;
//! * arrival times are final for every time ≤ [`FireGrid::now_s`] and cells are
//!   recorded in non-decreasing arrival order;
//! * non-burnable cells (code 0, NB1..NB9, zero-load models) and fire-line cells never ignite;
//! * the computation is deterministic: ties in the priority queue break on cell index.

use crate::catalog::fuel_models::{FuelModel, SAV_10H, SAV_100H};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;

// ---------------------------------------------------------------------------
// Units and constants
// ---------------------------------------------------------------------------

/// Metres per foot (exact, international foot).
pub const M_PER_FT: f64 = 0.3048;
/// Metres per chain (66 ft). 1 ch/h = 20.1168 m/h.
pub const M_PER_CHAIN: f64 = 20.1168;
/// ft/min per mi/h (5280 / 60).
pub const FT_MIN_PER_MPH: f64 = 88.0;
/// Metres per second per mile per hour (1609.344 / 3600).
pub const M_S_PER_MPH: f64 = 0.44704;
/// Joules per international-table BTU.
const J_PER_BTU: f64 = 1_055.055_852_62;
/// kW/m² per BTU/ft²/min (reaction intensity).
const KW_M2_PER_BTU_FT2_MIN: f64 = J_PER_BTU / (M_PER_FT * M_PER_FT) / 60.0 / 1000.0;
/// kJ/m² per BTU/ft² (heat per unit area).
const KJ_M2_PER_BTU_FT2: f64 = J_PER_BTU / (M_PER_FT * M_PER_FT) / 1000.0;
/// kW/m per BTU/ft/s (fireline intensity).
const KW_M_PER_BTU_FT_S: f64 = J_PER_BTU / M_PER_FT / 1000.0;

/// Oven-dry particle density, lb/ft³ (Rothermel 1972; Albini 1976 p. 91).
const PARTICLE_DENSITY: f64 = 32.0;
/// Total mineral content S_T, fraction (Rothermel 1972; BehavePlus).
const TOTAL_SILICA: f64 = 0.0555;
/// Effective (silica-free) mineral content S_e, fraction (Rothermel 1972; BehavePlus).
const EFFECTIVE_SILICA: f64 = 0.01;
/// Upper bound of the length-to-width ratio (BehavePlus caps the ellipse at 8).
pub const MAX_LWR: f64 = 8.0;
/// Wind limit factor: effective wind (ft/min) may not exceed 0.9·I_R (BTU/ft²/min)
/// (Rothermel 1972, eq. 87; BehavePlus "apply wind limit").
const WIND_LIMIT_FACTOR: f64 = 0.9;
/// Byram flame length coefficient, m per (kW/m)^0.46 (Byram 1959: L = 0.45 I^0.46 ft
/// with I in BTU/ft/s, converted to SI).
const BYRAM_FLAME_M: f64 = 0.0775;
/// Byram flame length exponent.
const BYRAM_EXP: f64 = 0.46;
/// Default burn-out time of a grid cell, s: a cell counts as burning for this long
/// after the front arrives (flaming plus short smouldering of fine fuels; configurable
/// with [`FireGrid::set_burnout_s`]).
pub const DEFAULT_BURNOUT_S: f64 = 600.0;

/// Errors of the fire model.
#[derive(Debug, Clone, PartialEq)]
pub enum FireError {
    /// An input value is out of its domain (negative, NaN, ...).
    InvalidInput(&'static str),
    /// Fuel and elevation vectors do not match `width * height`.
    DimensionMismatch {
        /// Expected number of cells.
        expected: usize,
        /// Length of the fuel layer.
        fuel: usize,
        /// Length of the elevation layer.
        elevation: usize,
    },
    /// A fuel code in the raster is not in the fuel model table.
    UnknownFuel {
        /// Cell index.
        cell: usize,
        /// The offending code.
        code: u16,
    },
    /// A cell index is outside the grid.
    CellOutOfRange(usize),
}

impl fmt::Display for FireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FireError::InvalidInput(what) => write!(f, "invalid fire model input: {what}"),
            FireError::DimensionMismatch {
                expected,
                fuel,
                elevation,
            } => write!(
                f,
                "grid expects {expected} cells, fuel layer has {fuel}, elevation layer has {elevation}"
            ),
            FireError::UnknownFuel { cell, code } => {
                write!(f, "unknown fuel model code {code} at cell {cell}")
            }
            FireError::CellOutOfRange(c) => write!(f, "cell {c} is outside the grid"),
        }
    }
}

impl std::error::Error for FireError {}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// Fuel moisture contents, fractions of oven-dry weight (0.06 = 6 %).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moisture {
    /// 1-h dead fuel moisture.
    pub one_h: f64,
    /// 10-h dead fuel moisture.
    pub ten_h: f64,
    /// 100-h dead fuel moisture.
    pub hundred_h: f64,
    /// Live herbaceous moisture.
    pub live_herb: f64,
    /// Live woody moisture.
    pub live_woody: f64,
}

impl Moisture {
    /// Moistures given in percent.
    pub fn from_percent(one_h: f64, ten_h: f64, hundred_h: f64, herb: f64, woody: f64) -> Self {
        Moisture {
            one_h: one_h / 100.0,
            ten_h: ten_h / 100.0,
            hundred_h: hundred_h / 100.0,
            live_herb: herb / 100.0,
            live_woody: woody / 100.0,
        }
    }

    fn validate(&self) -> Result<(), FireError> {
        let all = [
            self.one_h,
            self.ten_h,
            self.hundred_h,
            self.live_herb,
            self.live_woody,
        ];
        if all.iter().all(|m| m.is_finite() && *m >= 0.0) {
            Ok(())
        } else {
            Err(FireError::InvalidInput("moisture must be finite and >= 0"))
        }
    }
}

/// Wind speed input, as BehavePlus accepts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindSpeed {
    /// Midflame wind, m/s.
    MidflameMS(f64),
    /// Midflame wind, mi/h.
    MidflameMph(f64),
    /// 20-ft (6.1 m) open wind, m/s, reduced by a wind adjustment factor; `None`
    /// uses the unsheltered default of [`default_waf`] for the model's bed depth.
    TwentyFootMS {
        /// Wind speed, m/s.
        speed: f64,
        /// User wind adjustment factor (0..1].
        waf: Option<f64>,
    },
    /// 20-ft wind, mi/h (see [`WindSpeed::TwentyFootMS`]).
    TwentyFootMph {
        /// Wind speed, mi/h.
        speed: f64,
        /// User wind adjustment factor (0..1].
        waf: Option<f64>,
    },
}

/// Unsheltered wind adjustment factor for a fuel bed depth (ft):
/// WAF = 1.83 / ln((20 + 0.36·d) / (0.13·d)) (Albini & Baughman 1979; BehavePlus).
/// Returns 1.0 for a non-positive depth.
pub fn default_waf(depth_ft: f64) -> f64 {
    if depth_ft <= 0.0 {
        return 1.0;
    }
    1.83 / ((20.0 + 0.36 * depth_ft) / (0.13 * depth_ft)).ln()
}

/// Wind adjustment factor with an overstory canopy, as BehavePlus computes it
/// (Albini & Baughman 1979): with crown fill f = crown_ratio·cover/3, a sheltered
/// fuel bed (cover > 0, f >= 0.05, canopy height >= 6 ft) uses
/// WAF = 0.555 / (√(f·H) · ln((20 + 0.36·H)/(0.13·H))), otherwise [`default_waf`].
/// `cover` and `crown_ratio` are fractions, heights in ft.
pub fn canopy_waf(depth_ft: f64, cover: f64, canopy_height_ft: f64, crown_ratio: f64) -> f64 {
    let fill = crown_ratio * cover / 3.0;
    if cover < 1.0e-7 || fill < 0.05 || canopy_height_ft < 6.0 {
        return default_waf(depth_ft);
    }
    let h = canopy_height_ft;
    0.555 / ((fill * h).sqrt() * ((20.0 + 0.36 * h) / (0.13 * h)).ln())
}

impl WindSpeed {
    /// Midflame speed (ft/min) and the WAF used, if any.
    fn midflame_ft_min(&self, depth_ft: f64) -> Result<(f64, Option<f64>), FireError> {
        let (mph, waf) = match *self {
            WindSpeed::MidflameMS(v) => (v / M_S_PER_MPH, None),
            WindSpeed::MidflameMph(v) => (v, None),
            WindSpeed::TwentyFootMS { speed, waf } => {
                let w = waf.unwrap_or_else(|| default_waf(depth_ft));
                (speed / M_S_PER_MPH * w, Some(w))
            }
            WindSpeed::TwentyFootMph { speed, waf } => {
                let w = waf.unwrap_or_else(|| default_waf(depth_ft));
                (speed * w, Some(w))
            }
        };
        if !mph.is_finite() || mph < 0.0 || waf.is_some_and(|w| !(w > 0.0 && w <= 1.0)) {
            return Err(FireError::InvalidInput(
                "wind speed must be finite and >= 0, WAF in (0, 1]",
            ));
        }
        Ok((mph * FT_MIN_PER_MPH, waf))
    }
}

/// Inputs of a point surface fire computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceInputs {
    /// Fuel moistures.
    pub moisture: Moisture,
    /// Wind speed.
    pub wind: WindSpeed,
    /// Direction the wind blows FROM, degrees clockwise from north.
    pub wind_from_deg: f64,
    /// Slope steepness as a fraction (rise / run = tan of the slope angle).
    pub slope: f64,
    /// Aspect: direction the slope faces (downslope), degrees clockwise from north.
    pub aspect_deg: f64,
    /// Apply Rothermel's wind limit (BehavePlus default: on).
    pub apply_wind_limit: bool,
}

impl SurfaceInputs {
    /// Wind blowing straight upslope (aspect 0°, wind from 0°: upslope is south and the
    /// wind pushes south), wind limit on — the BehavePlus "wind blowing upslope" case.
    pub fn upslope(moisture: Moisture, wind: WindSpeed, slope: f64) -> Self {
        SurfaceInputs {
            moisture,
            wind,
            wind_from_deg: 0.0,
            slope,
            aspect_deg: 0.0,
            apply_wind_limit: true,
        }
    }
}

// ---------------------------------------------------------------------------
// Fuel bed (moisture-dependent, wind/slope-independent part)
// ---------------------------------------------------------------------------

/// Moisture-dependent Rothermel intermediates of one fuel model (US units inside,
/// as in BehavePlus). Wind and slope are applied by [`Fuelbed::spread`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fuelbed {
    /// Fuel bed depth, ft.
    pub depth_ft: f64,
    /// Characteristic SAV ratio σ, 1/ft.
    pub sigma: f64,
    /// Packing ratio β.
    pub beta: f64,
    /// Relative packing ratio β/β_op.
    pub relative_packing: f64,
    /// Reaction intensity I_R, BTU/ft²/min.
    pub reaction_intensity: f64,
    /// No-wind no-slope rate of spread R0, ft/min.
    pub r0: f64,
    /// Propagating flux ratio ξ.
    pub propagating_flux: f64,
    /// Heat sink ρ_b·ε·Q_ig, BTU/ft³.
    pub heat_sink: f64,
    /// Dead moisture of extinction, fraction.
    pub mx_dead: f64,
    /// Live moisture of extinction (Albini 1976), fraction.
    pub mx_live: f64,
    /// Residence time t_r = 384/σ, min (Anderson 1969).
    pub residence_time_min: f64,
    /// Heat per unit area I_R·t_r, BTU/ft².
    pub heat_per_unit_area: f64,
    wind_b: f64,
    wind_c: f64,
    wind_e: f64,
    slope_k: f64,
}

/// Moisture damping coefficient η_M (Rothermel 1972, eq. 29).
fn eta_m(m: f64, mx: f64) -> f64 {
    if mx <= 0.0 || m >= mx {
        return 0.0;
    }
    let r = m / mx;
    1.0 - 2.59 * r + 5.11 * r * r - 3.52 * r * r * r
}

/// Albini (1976) size-class bin of a SAV ratio (1/ft) for the net-load weighting.
fn sav_bin(sav: f64) -> usize {
    if sav >= 1200.0 {
        0
    } else if sav >= 192.0 {
        1
    } else if sav >= 96.0 {
        2
    } else if sav >= 48.0 {
        3
    } else if sav >= 16.0 {
        4
    } else {
        5
    }
}

/// Per-category (dead or live) sums of one fuel bed.
struct Category {
    area: f64,
    sigma: f64,
    moisture: f64,
    net_load: f64,
    heat: f64,
    silica: f64,
}

/// Weighting factors of one life category (Rothermel 1972 eqs. 53–56; Albini 1976).
fn category(load: &[f64], sav: &[f64], moist: &[f64], heat: f64) -> (Category, Vec<f64>) {
    let areas: Vec<f64> = load
        .iter()
        .zip(sav)
        .map(|(w, s)| w * s / PARTICLE_DENSITY)
        .collect();
    let total: f64 = areas.iter().sum();
    let f: Vec<f64> = areas
        .iter()
        .map(|a| if total > 1.0e-7 { a / total } else { 0.0 })
        .collect();
    // Size-sorted fraction g_ij: sum of f in the same SAV bin.
    let mut bins = [0.0; 6];
    for (fi, s) in f.iter().zip(sav) {
        bins[sav_bin(*s)] += fi;
    }
    let mut c = Category {
        area: total,
        sigma: 0.0,
        moisture: 0.0,
        net_load: 0.0,
        heat: 0.0,
        silica: 0.0,
    };
    for i in 0..load.len() {
        if sav[i] > 1.0e-7 {
            c.sigma += f[i] * sav[i];
            c.moisture += f[i] * moist[i];
            c.heat += f[i] * heat;
            c.silica += f[i] * EFFECTIVE_SILICA;
            let b = sav_bin(sav[i]);
            let g = if b < 5 { bins[b] } else { 0.0 };
            c.net_load += g * load[i] * (1.0 - TOTAL_SILICA);
        }
    }
    (c, f)
}

/// Mineral damping coefficient η_s = 0.174·S_e^−0.19, at most 1 (Rothermel 1972, eq. 30).
fn eta_s(weighted_silica: f64) -> f64 {
    let d = weighted_silica.powf(0.19);
    if d < 1.0e-6 {
        0.0
    } else {
        (0.174 / d).min(1.0)
    }
}

/// Result of applying wind and slope to a fuel bed (US units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Head rate of spread, ft/min.
    pub head_ft_min: f64,
    /// Direction of maximum spread, radians clockwise from upslope.
    pub dir_from_upslope_rad: f64,
    /// Effective midflame wind speed, ft/min.
    pub effective_wind_ft_min: f64,
    /// Length-to-width ratio.
    pub lwr: f64,
    /// Ellipse eccentricity.
    pub eccentricity: f64,
    /// Whether the wind limit capped the effective wind.
    pub wind_limit_exceeded: bool,
}

/// Anderson (1983) length-to-width ratio from effective midflame wind in mi/h, capped
/// at [`MAX_LWR`]: LWR = 0.936·e^(0.1147·U) + 0.461·e^(−0.0692·U) − 0.397.
pub fn length_to_width_ratio(effective_wind_mph: f64) -> f64 {
    if effective_wind_mph <= 1.0e-7 {
        return 1.0;
    }
    let u = effective_wind_mph;
    (0.936 * (0.1147 * u).exp() + 0.461 * (-0.0692 * u).exp() - 0.397).clamp(1.0, MAX_LWR)
}

/// Eccentricity e = √(LWR² − 1)/LWR of the fire ellipse.
pub fn eccentricity(lwr: f64) -> f64 {
    let x = lwr * lwr - 1.0;
    if x > 0.0 { x.sqrt() / lwr } else { 0.0 }
}

impl Fuelbed {
    /// Rothermel intermediates of `model` at `moisture`, including the dynamic herb
    /// load transfer of Scott & Burgan (2005): the cured fraction
    /// 1.333 − 1.11·M_herb (all cured below 30 %, none above 120 %, the BehavePlus
    /// form) moves to a dead herbaceous class with the live herb SAV and the 1-h moisture.
    pub fn new(model: &FuelModel, moisture: &Moisture) -> Result<Fuelbed, FireError> {
        moisture.validate()?;
        let m = moisture;
        let mut load_d = [model.load_1h, model.load_10h, model.load_100h, 0.0];
        let sav_d = [model.sav_1h, SAV_10H, SAV_100H, model.sav_herb];
        let moist_d = [m.one_h, m.ten_h, m.hundred_h, m.one_h];
        let mut load_l = [model.load_herb, model.load_woody];
        let sav_l = [model.sav_herb, model.sav_woody];
        let moist_l = [m.live_herb, m.live_woody];
        if model.dynamic {
            let cured = if m.live_herb < 0.30 {
                1.0
            } else if m.live_herb <= 1.20 {
                (1.333 - 1.11 * m.live_herb).clamp(0.0, 1.0)
            } else {
                0.0
            };
            load_d[3] = load_l[0] * cured;
            load_l[0] -= load_d[3];
        }
        let (dead, f_dead) = category(&load_d, &sav_d, &moist_d, model.heat_dead);
        let (live, _) = category(&load_l, &sav_l, &moist_l, model.heat_live);
        let total_load: f64 = load_d.iter().chain(load_l.iter()).sum();
        let depth = model.depth_ft;
        if total_load <= 0.0 || depth <= 0.0 || dead.area + live.area <= 1.0e-7 {
            return Ok(Fuelbed::inert(model));
        }
        let frac_dead = dead.area / (dead.area + live.area);
        let frac_live = 1.0 - frac_dead;
        let sigma = frac_dead * dead.sigma + frac_live * live.sigma;

        // Live moisture of extinction (Albini 1976, p. 89; BehavePlus).
        let mx_dead = model.mx_dead;
        let mut mx_live = mx_dead;
        if model.load_herb + model.load_woody > 0.0 {
            let mut fine_dead = 0.0;
            let mut fine_dead_m = 0.0;
            for i in 0..4 {
                if sav_d[i] > 1.0e-7 {
                    let w = load_d[i] * (-138.0 / sav_d[i]).exp();
                    fine_dead += w;
                    fine_dead_m += w * moist_d[i];
                }
            }
            let mf_dead = if fine_dead > 1.0e-7 {
                fine_dead_m / fine_dead
            } else {
                0.0
            };
            let fine_live: f64 = (0..2)
                .filter(|&i| sav_l[i] > 1.0e-7)
                .map(|i| load_l[i] * (-500.0 / sav_l[i]).exp())
                .sum();
            let ratio = if fine_live > 1.0e-7 {
                fine_dead / fine_live
            } else {
                0.0
            };
            mx_live = (2.9 * ratio * (1.0 - mf_dead / mx_dead) - 0.226).max(mx_dead);
        }

        let bulk_density = total_load / depth;
        let beta = total_load / (depth * PARTICLE_DENSITY);
        let beta_op = 3.348 * sigma.powf(-0.8189);
        let rel = beta / beta_op;
        let aa = 133.0 * sigma.powf(-0.7913);
        let s15 = sigma.powf(1.5);
        let gamma_max = s15 / (495.0 + 0.0594 * s15);
        let gamma = gamma_max * rel.powf(aa) * (aa * (1.0 - rel)).exp();
        let ir = gamma
            * (dead.net_load * dead.heat * eta_m(dead.moisture, mx_dead) * eta_s(dead.silica)
                + live.net_load * live.heat * eta_m(live.moisture, mx_live) * eta_s(live.silica));
        let xi = ((0.792 + 0.681 * sigma.sqrt()) * (beta + 0.1)).exp() / (192.0 + 0.2595 * sigma);

        // Heat sink (Rothermel 1972 eq. 77, BehavePlus weighting).
        let mut hs = 0.0;
        for i in 0..4 {
            if sav_d[i] > 1.0e-7 {
                hs += frac_dead
                    * f_dead[i]
                    * (250.0 + 1116.0 * moist_d[i])
                    * (-138.0 / sav_d[i]).exp();
            }
        }
        let live_area: f64 = (0..2).map(|i| load_l[i] * sav_l[i]).sum();
        for i in 0..2 {
            if sav_l[i] > 1.0e-7 && live_area > 1.0e-7 {
                let f = load_l[i] * sav_l[i] / live_area;
                hs += frac_live * f * (250.0 + 1116.0 * moist_l[i]) * (-138.0 / sav_l[i]).exp();
            }
        }
        hs *= bulk_density;
        let r0 = if hs < 1.0e-7 { 0.0 } else { ir * xi / hs };
        let t_r = 384.0 / sigma;
        Ok(Fuelbed {
            depth_ft: depth,
            sigma,
            beta,
            relative_packing: rel,
            reaction_intensity: ir,
            r0,
            propagating_flux: xi,
            heat_sink: hs,
            mx_dead,
            mx_live,
            residence_time_min: t_r,
            heat_per_unit_area: ir * t_r,
            wind_b: 0.02526 * sigma.powf(0.54),
            wind_c: 7.47 * (-0.133 * sigma.powf(0.55)).exp(),
            wind_e: 0.715 * (-0.000359 * sigma).exp(),
            slope_k: 5.275 * beta.powf(-0.3),
        })
    }

    /// A fuel bed that does not burn.
    fn inert(model: &FuelModel) -> Fuelbed {
        Fuelbed {
            depth_ft: model.depth_ft,
            sigma: 0.0,
            beta: 0.0,
            relative_packing: 0.0,
            reaction_intensity: 0.0,
            r0: 0.0,
            propagating_flux: 0.0,
            heat_sink: 0.0,
            mx_dead: model.mx_dead,
            mx_live: model.mx_dead,
            residence_time_min: 0.0,
            heat_per_unit_area: 0.0,
            wind_b: 0.0,
            wind_c: 0.0,
            wind_e: 0.0,
            slope_k: 0.0,
        }
    }

    /// Whether this bed spreads fire at all.
    pub fn burns(&self) -> bool {
        self.r0 > 0.0
    }

    /// Wind factor φ_w for a midflame wind in ft/min (Rothermel 1972, eq. 47).
    pub fn phi_wind(&self, wind_ft_min: f64) -> f64 {
        if wind_ft_min < 1.0e-7 || !self.burns() {
            0.0
        } else {
            self.wind_c * wind_ft_min.powf(self.wind_b) * self.relative_packing.powf(-self.wind_e)
        }
    }

    /// Slope factor φ_s = 5.275·β^−0.3·tan²θ (Rothermel 1972, eq. 51).
    pub fn phi_slope(&self, slope_tan: f64) -> f64 {
        if !self.burns() {
            0.0
        } else {
            self.slope_k * slope_tan * slope_tan
        }
    }

    /// Applies midflame wind (ft/min, blowing toward `wind_from_upslope_rad`, radians
    /// clockwise from upslope) and slope (tan) as BehavePlus does: the wind and slope
    /// rate contributions R0·φ are summed as vectors, the effective wind is solved from
    /// φ_ew = R/R0 − 1, and optionally limited to 0.9·I_R.
    pub fn spread(
        &self,
        wind_ft_min: f64,
        wind_from_upslope_rad: f64,
        slope_tan: f64,
        apply_wind_limit: bool,
    ) -> Spread {
        if !self.burns() {
            return Spread {
                head_ft_min: 0.0,
                dir_from_upslope_rad: 0.0,
                effective_wind_ft_min: 0.0,
                lwr: 1.0,
                eccentricity: 0.0,
                wind_limit_exceeded: false,
            };
        }
        let phi_w = self.phi_wind(wind_ft_min);
        let limit = WIND_LIMIT_FACTOR * self.reaction_intensity;
        // BehavePlus guard: the slope factor may not exceed the wind limit value.
        let phi_s = self.phi_slope(slope_tan).min(limit);
        let slope_rate = self.r0 * phi_s;
        let wind_rate = self.r0 * phi_w;
        let x = slope_rate + wind_rate * wind_from_upslope_rad.cos();
        let y = wind_rate * wind_from_upslope_rad.sin();
        let mut head = self.r0 + x.hypot(y);
        let dir = if x.hypot(y) > 0.0 { y.atan2(x) } else { 0.0 };
        let phi_ew = head / self.r0 - 1.0;
        let mut eff = if phi_ew > 0.0 {
            (phi_ew * self.relative_packing.powf(self.wind_e) / self.wind_c).powf(1.0 / self.wind_b)
        } else {
            0.0
        };
        let mut exceeded = false;
        if apply_wind_limit && eff > limit {
            exceeded = true;
            eff = limit;
            head = self.r0 * (1.0 + self.phi_wind(limit));
        }
        let lwr = length_to_width_ratio(eff / FT_MIN_PER_MPH);
        Spread {
            head_ft_min: head,
            dir_from_upslope_rad: dir,
            effective_wind_ft_min: eff,
            lwr,
            eccentricity: eccentricity(lwr),
            wind_limit_exceeded: exceeded,
        }
    }
}

// ---------------------------------------------------------------------------
// Point surface fire output
// ---------------------------------------------------------------------------

/// Surface fire behaviour at a point (SI outputs unless stated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceFire {
    /// Head (maximum) rate of spread, m/min.
    pub head_ros_m_min: f64,
    /// Backing rate R(1−e)/(1+e), m/min.
    pub backing_ros_m_min: f64,
    /// Flanking rate (head + backing)/(2·LWR), the ellipse semi-minor rate, m/min.
    pub flanking_ros_m_min: f64,
    /// No-wind no-slope rate R0, m/min.
    pub no_wind_no_slope_ros_m_min: f64,
    /// Direction of maximum spread, degrees clockwise from north.
    pub direction_max_spread_deg: f64,
    /// Direction of maximum spread, degrees clockwise from upslope.
    pub direction_from_upslope_deg: f64,
    /// Effective midflame wind speed, m/s.
    pub effective_wind_m_s: f64,
    /// Midflame wind speed used, m/s.
    pub midflame_wind_m_s: f64,
    /// Wind adjustment factor applied to a 20-ft wind, if any.
    pub wind_adjustment_factor: Option<f64>,
    /// Whether the wind limit capped the effective wind.
    pub wind_limit_exceeded: bool,
    /// Length-to-width ratio (Anderson 1983).
    pub length_to_width: f64,
    /// Ellipse eccentricity.
    pub eccentricity: f64,
    /// Reaction intensity, kW/m².
    pub reaction_intensity_kw_m2: f64,
    /// Heat per unit area I_R·t_r, kJ/m².
    pub heat_per_unit_area_kj_m2: f64,
    /// Residence time 384/σ, min.
    pub residence_time_min: f64,
    /// Byram fireline intensity at the head, kW/m.
    pub fireline_intensity_kw_m: f64,
    /// Byram flame length at the head, m.
    pub flame_length_m: f64,
    /// Live moisture of extinction, fraction.
    pub mx_live: f64,
}

impl SurfaceFire {
    /// Head rate of spread in chains per hour.
    pub fn head_ros_ch_h(&self) -> f64 {
        self.head_ros_m_min * 60.0 / M_PER_CHAIN
    }

    /// Effective midflame wind, mi/h.
    pub fn effective_wind_mph(&self) -> f64 {
        self.effective_wind_m_s / M_S_PER_MPH
    }

    /// Rate of spread (m/min) of the ellipse at `theta_deg` from the head direction,
    /// measured from the ignition point: R(1−e)/(1−e·cos θ).
    pub fn ros_at_m_min(&self, theta_deg: f64) -> f64 {
        let e = self.eccentricity;
        self.head_ros_m_min * (1.0 - e) / (1.0 - e * theta_deg.to_radians().cos())
    }

    /// Rate of spread (m/min) toward an azimuth (degrees clockwise from north).
    pub fn ros_toward_m_min(&self, azimuth_deg: f64) -> f64 {
        self.ros_at_m_min(azimuth_deg - self.direction_max_spread_deg)
    }

    /// Fireline intensity (kW/m) of a front moving at `ros_m_min`.
    pub fn intensity_at_kw_m(&self, ros_m_min: f64) -> f64 {
        self.heat_per_unit_area_kj_m2 * ros_m_min / 60.0
    }
}

/// Byram flame length (m) from fireline intensity (kW/m): L = 0.0775·I^0.46.
pub fn flame_length_m(fireline_intensity_kw_m: f64) -> f64 {
    if fireline_intensity_kw_m < 1.0e-7 {
        0.0
    } else {
        BYRAM_FLAME_M * fireline_intensity_kw_m.powf(BYRAM_EXP)
    }
}

/// Normalises degrees into [0, 360).
fn norm_deg(d: f64) -> f64 {
    d.rem_euclid(360.0)
}

/// Point surface fire behaviour of `model` under `inputs` (BehavePlus SURFACE module).
pub fn surface_fire(model: &FuelModel, inputs: &SurfaceInputs) -> Result<SurfaceFire, FireError> {
    let valid = inputs.slope.is_finite()
        && inputs.slope >= 0.0
        && inputs.wind_from_deg.is_finite()
        && inputs.aspect_deg.is_finite();
    if !valid {
        return Err(FireError::InvalidInput(
            "slope must be finite and >= 0, directions finite",
        ));
    }
    let bed = Fuelbed::new(model, &inputs.moisture)?;
    let (wind_ft_min, waf) = inputs.wind.midflame_ft_min(model.depth_ft)?;
    // Wind direction relative to upslope: the wind pushes toward from+180 and upslope
    // is aspect+180, so the difference is from − aspect.
    let rel = (inputs.wind_from_deg - inputs.aspect_deg).to_radians();
    let s = bed.spread(wind_ft_min, rel, inputs.slope, inputs.apply_wind_limit);
    let ft_min_to_m_min = M_PER_FT;
    let head = s.head_ft_min * ft_min_to_m_min;
    let e = s.eccentricity;
    let backing = head * (1.0 - e) / (1.0 + e);
    let flanking = (head + backing) / (2.0 * s.lwr);
    let dir_up = s.dir_from_upslope_rad.to_degrees();
    let fli_btu = bed.heat_per_unit_area * s.head_ft_min / 60.0;
    let fli = fli_btu * KW_M_PER_BTU_FT_S;
    Ok(SurfaceFire {
        head_ros_m_min: head,
        backing_ros_m_min: backing,
        flanking_ros_m_min: flanking,
        no_wind_no_slope_ros_m_min: bed.r0 * ft_min_to_m_min,
        direction_max_spread_deg: norm_deg(inputs.aspect_deg + 180.0 + dir_up),
        direction_from_upslope_deg: norm_deg(dir_up),
        effective_wind_m_s: s.effective_wind_ft_min / FT_MIN_PER_MPH * M_S_PER_MPH,
        midflame_wind_m_s: wind_ft_min / FT_MIN_PER_MPH * M_S_PER_MPH,
        wind_adjustment_factor: waf,
        wind_limit_exceeded: s.wind_limit_exceeded,
        length_to_width: s.lwr,
        eccentricity: e,
        reaction_intensity_kw_m2: bed.reaction_intensity * KW_M2_PER_BTU_FT2_MIN,
        heat_per_unit_area_kj_m2: bed.heat_per_unit_area * KJ_M2_PER_BTU_FT2,
        residence_time_min: bed.residence_time_min,
        fireline_intensity_kw_m: fli,
        flame_length_m: flame_length_m(fli),
        mx_live: bed.mx_live,
    })
}

// ---------------------------------------------------------------------------
// Hand crew line production
// ---------------------------------------------------------------------------

/// Sustained fireline production of a 20-person Type I hand crew (construction,
/// burnout and holding), m/h, by fuel model number; `None` for non-burnable or
/// unknown codes.
///
/// Source: NWCG Fireline Handbook (PMS 410-1) / Incident Response Pocket Guide
/// (PMS 461), "Sustained line production rates of 20-person crews", chains/hour
/// for Type I crews by Anderson fuel model: FM1 30, FM2 24, FM3 5, FM4 5, FM5 6,
/// FM6 6, FM7 4, FM8 7, FM9 28 (conifer litter), FM10 6, FM11 15, FM12 7, FM13 5.
/// Scott & Burgan models use the rate of their nearest Anderson group (grass fast,
/// shrub slower, timber/slash slowest); broadleaf litter uses the FM9 hardwood rate (40).
pub fn fireline_rate_m_per_h(fuel: u16) -> Option<f64> {
    let ch_h = match fuel {
        1 | 101 | 102 => 30.0,
        2 | 121 | 122 | 161 => 24.0,
        3 | 4 | 13 | 103..=109 | 144..=149 | 204 => 5.0,
        5 | 6 | 10 | 123 | 124 | 141..=143 | 162..=165 | 184 | 185 => 6.0,
        7 => 4.0,
        8 | 12 | 181 | 183 | 187 | 202 | 203 => 7.0,
        9 | 188 => 28.0,
        182 | 186 | 189 => 40.0,
        11 | 201 => 15.0,
        _ => return None,
    };
    Some(ch_h * M_PER_CHAIN)
}

// ---------------------------------------------------------------------------
// Raster spread
// ---------------------------------------------------------------------------

/// Weather driving the raster spread; uniform over the grid.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Weather {
    /// Midflame wind speed, m/s.
    pub midflame_wind_m_s: f64,
    /// Direction the wind blows FROM, degrees clockwise from north (meteorological).
    pub wind_from_deg: f64,
    /// Fuel moistures.
    pub moisture: Moisture,
}

impl Default for Weather {
    /// Calm, with the BehavePlus example moistures 6/7/8/60/90 %.
    fn default() -> Self {
        Weather {
            midflame_wind_m_s: 0.0,
            wind_from_deg: 0.0,
            moisture: Moisture::from_percent(6.0, 7.0, 8.0, 60.0, 90.0),
        }
    }
}

impl Weather {
    fn validate(&self) -> Result<(), FireError> {
        let valid = self.midflame_wind_m_s.is_finite()
            && self.midflame_wind_m_s >= 0.0
            && self.wind_from_deg.is_finite();
        if !valid {
            return Err(FireError::InvalidInput(
                "wind speed must be finite and >= 0, direction finite",
            ));
        }
        self.moisture.validate()
    }
}

/// Breaching: a fire crosses a strip of non-burnable ground (a road, a stream, a
/// field, a yard) up to this many flame lengths wide, the flame length being Byram's
/// for the fire's rate towards the strip (so a head fire crosses a strip its flanks
/// and back do not). An exercise assumption, not a published model: a break narrower
/// than about 1.5 flame lengths does not hold against flames alone (the rule of thumb
/// for control-line width), and a running surface fire throws embers some tens of
/// metres ahead; 4 flame lengths lets a running brush fire (5–10 m flames) jump a
/// 25-m road cell while a grass or litter fire (flames under 2 m) is held by it.
/// Fire lines built by crews are never breached (they are held and patrolled).
pub const BREACH_FLAME_LENGTHS: f64 = 4.0;
/// Widest strip of non-burnable ground a fire can breach, m (beyond this only
/// long-range spotting, which is not modelled, would cross).
pub const BREACH_MAX_M: f64 = 100.0;

/// Cell flag: fuel does not burn (code 0, NB, zero load).
const FLAG_NONBURN: u8 = 1;
/// Cell flag: fire line.
const FLAG_LINE: u8 = 2;
/// Cell flag: at least one water drop recorded.
const FLAG_WATER: u8 = 4;
/// Cell flag: ignited (arrival time final).
const FLAG_IGNITED: u8 = 8;
/// Flags that stop fire entering or squeezing past a cell.
const BLOCKING: u8 = FLAG_NONBURN | FLAG_LINE;
/// `src_dir` value of a cell ignited directly (not by a neighbour).
const NO_DIR: u8 = u8::MAX;
/// Number of stencil directions.
const N_DIRS: usize = 16;
/// Breaching uses the first 8 stencil directions (orthogonal and diagonal).
const N_BREACH_DIRS: usize = 8;

/// Spread ellipse of one cell under one weather: rate toward unit vector u
/// = a / (1 − e·(h·u)), with a = R_head·(1 − e) in m/s and h the head unit vector
/// (east, north).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Ell {
    a: f32,
    e: f32,
    hx: f32,
    hy: f32,
}

impl Ell {
    #[inline]
    fn rate(&self, ux: f64, uy: f64) -> f64 {
        let c = f64::from(self.hx) * ux + f64::from(self.hy) * uy;
        f64::from(self.a) / (1.0 - f64::from(self.e) * c)
    }

    fn head(&self) -> f64 {
        f64::from(self.a) / (1.0 - f64::from(self.e))
    }
}

/// Ellipse of a fuel bed for a weather on a cell with slope `slope` (tan) whose
/// upslope direction is `up_az` (radians clockwise from north).
fn make_ell(bed: &Fuelbed, w: &Weather, slope: f64, up_az: f64) -> Ell {
    let toward = (w.wind_from_deg + 180.0).to_radians();
    let wind_ft_min = w.midflame_wind_m_s / M_S_PER_MPH * FT_MIN_PER_MPH;
    let s = bed.spread(wind_ft_min, toward - up_az, slope, true);
    let head_m_s = s.head_ft_min * M_PER_FT / 60.0;
    let az = up_az + s.dir_from_upslope_rad;
    Ell {
        a: (head_m_s * (1.0 - s.eccentricity)) as f32,
        e: s.eccentricity as f32,
        hx: az.sin() as f32,
        hy: az.cos() as f32,
    }
}

/// One stencil move.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Dir {
    dc: i32,
    dr: i32,
    /// Unit vector, east component.
    ux: f64,
    /// Unit vector, north component.
    uy: f64,
    /// Half the step length in cell sides.
    half_len: f64,
    /// 0 orthogonal, 1 diagonal (blocked if both side cells block),
    /// 2 knight (blocked if either crossed cell blocks).
    kind: u8,
    /// Cells crossed (diagonal: the two side cells), relative (dc, dr).
    mids: [(i32, i32); 2],
}

/// The 16-direction stencil: 4 orthogonal, 4 diagonal, 8 knight moves.
fn stencil() -> [Dir; N_DIRS] {
    let mut out = [Dir {
        dc: 0,
        dr: 0,
        ux: 0.0,
        uy: 0.0,
        half_len: 0.0,
        kind: 0,
        mids: [(0, 0); 2],
    }; N_DIRS];
    let moves: [(i32, i32); N_DIRS] = [
        (1, 0),
        (0, 1),
        (-1, 0),
        (0, -1),
        (1, 1),
        (1, -1),
        (-1, 1),
        (-1, -1),
        (2, 1),
        (2, -1),
        (-2, 1),
        (-2, -1),
        (1, 2),
        (1, -2),
        (-1, 2),
        (-1, -2),
    ];
    for (slot, &(dc, dr)) in out.iter_mut().zip(moves.iter()) {
        let len = f64::from(dc * dc + dr * dr).sqrt();
        let (kind, mids) = if dc == 0 || dr == 0 {
            (0, [(0, 0); 2])
        } else if dc.abs() == dr.abs() {
            (1, [(dc, 0), (0, dr)])
        } else if dc.abs() == 2 {
            (2, [(dc.signum(), 0), (dc.signum(), dr)])
        } else {
            (2, [(0, dr.signum()), (dc, dr.signum())])
        };
        *slot = Dir {
            dc,
            dr,
            ux: f64::from(dc) / len,
            uy: -f64::from(dr) / len,
            half_len: 0.5 * len,
            kind,
            mids,
        };
    }
    out
}

/// Priority-queue entry; ordered so that `BinaryHeap` pops the earliest time,
/// ties broken by the lowest cell index (determinism).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
struct Item {
    t: f64,
    cell: u32,
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

/// A water drop on one cell.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
struct WaterDrop {
    start_s: f64,
    end_s: f64,
    effectiveness: f64,
}

/// Scheduled change of conditions.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
enum EventKind {
    Weather(Weather),
    /// A water drop starts or ends: re-plan the front.
    Water,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
struct Event {
    t: f64,
    kind: EventKind,
}

/// Weather-dependent tables shared by all cells.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Conditions {
    weather: Weather,
    /// Time from which these conditions hold, s.
    start_s: f64,
    /// Identifier stamped on cached cell ellipses.
    id: u32,
    /// Fuel beds by fuel code (index = standard number).
    beds: Vec<Option<Fuelbed>>,
    /// Ellipse on flat ground by fuel code.
    flat: Vec<Ell>,
    /// Heat per unit area by fuel code, kJ/m².
    hpa: Vec<f64>,
}

/// Size of the per-code tables (codes are standard numbers ≤ 204).
const CODE_TABLE: usize = 256;

impl Conditions {
    fn new(
        weather: Weather,
        start_s: f64,
        id: u32,
        present: &[u16],
    ) -> Result<Conditions, FireError> {
        let mut beds = vec![None; CODE_TABLE];
        let mut flat = vec![Ell::default(); CODE_TABLE];
        let mut hpa = vec![0.0; CODE_TABLE];
        for &code in present {
            if let Some(model) = FuelModel::by_number(code) {
                let bed = Fuelbed::new(model, &weather.moisture)?;
                let i = usize::from(code);
                flat[i] = make_ell(&bed, &weather, 0.0, 0.0);
                hpa[i] = bed.heat_per_unit_area * KJ_M2_PER_BTU_FT2;
                beds[i] = Some(bed);
            }
        }
        Ok(Conditions {
            weather,
            start_s,
            id,
            beds,
            flat,
            hpa,
        })
    }
}

/// Deterministic minimum-travel-time fire spread over a raster.
///
/// Propagation: Dijkstra over arrival times with a 16-direction stencil (8 neighbours
/// plus 8 knight moves). The travel time of a step A→B of length d is
/// `d/2 / R_A(θ) + d/2 / R_B(θ)` where R_X(θ) is the elliptical Rothermel rate of cell X
/// toward the step direction θ (head, LWR and direction from [`Fuelbed::spread`]),
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
/// a fire line) is breached when it is at most [`BREACH_FLAME_LENGTHS`] flame lengths
/// of the fire heading into it wide (see there).
///
/// Performance: per-cell ellipses are computed lazily once per weather (flat cells
/// share one per fuel), the hot loop allocates nothing beyond heap growth.
///
/// Burning: a cell is burning while `0 ≤ t − arrival < burnout_s`
/// ([`DEFAULT_BURNOUT_S`] unless set) and burnt afterwards.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FireGrid {
    width: usize,
    height: usize,
    cell_m: f64,
    fuel: Vec<u16>,
    slope: Vec<f32>,
    upslope_az: Vec<f32>,
    flags: Vec<u8>,
    time: Vec<f64>,
    src_dir: Vec<u8>,
    intensity: Vec<f32>,
    ell: Vec<Ell>,
    ell_id: Vec<u32>,
    order: Vec<u32>,
    active: Vec<u32>,
    heap: BinaryHeap<Item>,
    pending: Vec<(f64, u32)>,
    water: HashMap<u32, Vec<WaterDrop>>,
    events: Vec<Event>,
    cond: Conditions,
    present: Vec<u16>,
    dirs: [Dir; N_DIRS],
    now: f64,
    burnout_s: f64,
    dirty: bool,
    replan_old: Option<Conditions>,
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
        let cond = Conditions::new(Weather::default(), 0.0, 1, &present)?;
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
            ell: vec![Ell::default(); n],
            ell_id: vec![0; n],
            order: Vec::new(),
            active: Vec::new(),
            heap: BinaryHeap::new(),
            pending: Vec::new(),
            water: HashMap::new(),
            events: Vec::new(),
            cond,
            present,
            dirs: stencil(),
            now: 0.0,
            burnout_s: DEFAULT_BURNOUT_S,
            dirty: false,
            replan_old: None,
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

    fn check_cell(&self, cell: usize) -> Result<(), FireError> {
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

    /// Sets the weather from the current time on; the front is re-planned (lazily, at
    /// the next [`FireGrid::advance_to`]).
    pub fn set_weather(&mut self, weather: Weather) -> Result<(), FireError> {
        weather.validate()?;
        let id = self.cond.id.wrapping_add(1).max(1);
        let new = Conditions::new(weather, self.now, id, &self.present)?;
        self.mark_replan();
        self.cond = new;
        Ok(())
    }

    /// Records the conditions in force before a change (first change of this instant
    /// only) and flags the front for re-planning.
    fn mark_replan(&mut self) {
        if self.replan_old.is_none() {
            let mut old = self.cond.clone();
            old.id = 0;
            self.replan_old = Some(old);
        }
        self.dirty = true;
    }

    /// Re-plans the front if anything changed since the last propagation.
    fn flush(&mut self) {
        if self.dirty {
            let old = self.replan_old.take();
            self.rebuild(old.as_ref());
        }
    }

    /// Schedules a weather change at `time_s` (applied immediately if not in the future).
    pub fn schedule_weather(&mut self, time_s: f64, weather: Weather) -> Result<(), FireError> {
        weather.validate()?;
        if !time_s.is_finite() {
            return Err(FireError::InvalidInput("time must be finite"));
        }
        if time_s <= self.now {
            return self.set_weather(weather);
        }
        self.push_event(time_s, EventKind::Weather(weather));
        Ok(())
    }

    fn push_event(&mut self, t: f64, kind: EventKind) {
        let at = self.events.partition_point(|e| e.t <= t);
        self.events.insert(at, Event { t, kind });
    }

    /// Builds a fire line on `cell`: fire can no longer enter it nor pass between two
    /// line (or non-burnable) cells diagonally or by a knight move. Returns `Ok(false)`
    /// if the cell has already ignited.
    pub fn add_fire_line(&mut self, cell: usize) -> Result<bool, FireError> {
        self.check_cell(cell)?;
        if self.flags[cell] & FLAG_IGNITED != 0 {
            return Ok(false);
        }
        self.flags[cell] |= FLAG_LINE;
        self.dirty = true;
        Ok(true)
    }

    /// Drops water on `cell` from `time_s` (clamped to now) for `duration_s`: spread into
    /// or out of the cell is multiplied by `1 − effectiveness` (1 stops it) while the
    /// drop lasts. Returns `Ok(false)` if the cell is already burnt out at that time.
    pub fn apply_water(
        &mut self,
        cell: usize,
        time_s: f64,
        effectiveness: f64,
        duration_s: f64,
    ) -> Result<bool, FireError> {
        self.check_cell(cell)?;
        if !(time_s.is_finite()
            && duration_s.is_finite()
            && duration_s > 0.0
            && (0.0..=1.0).contains(&effectiveness))
        {
            return Err(FireError::InvalidInput(
                "water: finite time, duration > 0, effectiveness in [0, 1]",
            ));
        }
        let start = time_s.max(self.now);
        if self.is_burnt(cell, start) {
            return Ok(false);
        }
        let end = start + duration_s;
        self.water.entry(cell as u32).or_default().push(WaterDrop {
            start_s: start,
            end_s: end,
            effectiveness,
        });
        self.flags[cell] |= FLAG_WATER;
        if start <= self.now {
            self.water_changed();
        } else {
            self.push_event(start, EventKind::Water);
        }
        self.push_event(end, EventKind::Water);
        Ok(true)
    }

    fn water_changed(&mut self) {
        self.mark_replan();
        self.cond.start_s = self.now;
    }

    /// Spread multiplier of water on `cell` at time `t` (1 = no water).
    fn water_factor(&self, cell: usize, t: f64) -> f64 {
        if self.flags[cell] & FLAG_WATER == 0 {
            return 1.0;
        }
        self.water
            .get(&(cell as u32))
            .map(|drops| {
                drops
                    .iter()
                    .filter(|d| d.start_s <= t && t < d.end_s)
                    .fold(1.0_f64, |f, d| f.min(1.0 - d.effectiveness))
            })
            .unwrap_or(1.0)
    }

    /// Propagates every arrival up to `time_s`, applying scheduled weather and water
    /// changes on the way. A time before [`FireGrid::now_s`] is a no-op.
    pub fn advance_to(&mut self, time_s: f64) -> Result<(), FireError> {
        if time_s.is_nan() {
            return Err(FireError::InvalidInput("time must not be NaN"));
        }
        if time_s < self.now {
            return Ok(());
        }
        self.flush();
        while let Some(ev) = self.events.first().copied().filter(|e| e.t <= time_s) {
            self.process(ev.t, false);
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
        self.process(time_s, true);
        if time_s.is_finite() {
            self.now = time_s;
        } else if let Some(&last) = self.order.last() {
            self.now = self.now.max(self.time[last as usize]);
        }
        Ok(())
    }

    /// Pops and ignites cells with arrival `< limit` (or `<= limit` if `inclusive`).
    fn process(&mut self, limit: f64, inclusive: bool) {
        while let Some(&top) = self.heap.peek() {
            if top.t > limit || (!inclusive && top.t >= limit) {
                break;
            }
            self.heap.pop();
            let a = top.cell as usize;
            if self.flags[a] & (FLAG_IGNITED | BLOCKING) != 0 || top.t != self.time[a] {
                continue;
            }
            self.ignite_cell(a);
        }
    }

    /// Cached ellipse of `cell` under the current conditions.
    #[inline]
    fn ell_cached(&mut self, cell: usize) -> Ell {
        if self.ell_id[cell] == self.cond.id {
            return self.ell[cell];
        }
        let e = self.ellipse_for(cell, &self.cond);
        self.ell[cell] = e;
        self.ell_id[cell] = self.cond.id;
        e
    }

    /// Ellipse of `cell` under conditions `c` (not cached).
    fn ellipse_for(&self, cell: usize, c: &Conditions) -> Ell {
        if self.flags[cell] & FLAG_NONBURN != 0 {
            return Ell::default();
        }
        let code = usize::from(self.fuel[cell]);
        let slope = f64::from(self.slope[cell]);
        if slope == 0.0 {
            return c.flat.get(code).copied().unwrap_or_default();
        }
        match c.beds.get(code) {
            Some(Some(bed)) => make_ell(bed, &c.weather, slope, f64::from(self.upslope_az[cell])),
            _ => Ell::default(),
        }
    }

    /// Target of move `k` from `a` if the fire may take it (in the grid, target not
    /// ignited nor blocking, not squeezing through a line).
    #[inline]
    fn step_target(&self, a: usize, k: usize) -> Option<usize> {
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

    /// Finalises the arrival of cell `a` and relaxes its neighbours.
    fn ignite_cell(&mut self, a: usize) {
        self.flags[a] |= FLAG_IGNITED;
        self.order.push(a as u32);
        self.active.push(a as u32);
        let ea = self.ell_cached(a);
        let code = usize::from(self.fuel[a]);
        let rate = match self.src_dir[a] {
            NO_DIR => ea.head(),
            k => {
                let d = &self.dirs[usize::from(k)];
                ea.rate(d.ux, d.uy)
            }
        };
        let hpa = self.cond.hpa.get(code).copied().unwrap_or(0.0);
        self.intensity[a] = (hpa * rate) as f32;
        let ta = self.time[a];
        let wa = self.water_factor(a, ta);
        if wa <= 0.0 {
            return;
        }
        let cell_m = self.cell_m;
        for k in 0..N_DIRS {
            let Some(b) = self.step_target(a, k) else {
                continue;
            };
            let d = self.dirs[k];
            let eb = self.ell_cached(b);
            let ra = ea.rate(d.ux, d.uy);
            let rb = eb.rate(d.ux, d.uy);
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
            let tt = self.breach_time(ea, eb, hpa, k, gap_m);
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

    /// Breach move `k` (one of the 8 neighbour directions) from `a`: the first cell
    /// beyond a strip of non-burnable cells that starts next to `a`, with the strip's
    /// width in metres; `None` when the neighbour burns, the strip is wider than
    /// [`BREACH_MAX_M`], holds a fire line, or ends at the grid edge or an ignited cell.
    fn breach_target(&self, a: usize, k: usize) -> Option<(usize, f64)> {
        let d = &self.dirs[k];
        let col = (a % self.width) as i64;
        let row = (a / self.width) as i64;
        let step_m = 2.0 * d.half_len * self.cell_m;
        let mut n = 1i64;
        loop {
            let c = col + n * i64::from(d.dc);
            let r = row + n * i64::from(d.dr);
            if c < 0 || r < 0 || c >= self.width as i64 || r >= self.height as i64 {
                return None;
            }
            let b = r as usize * self.width + c as usize;
            let f = self.flags[b];
            if f & FLAG_LINE != 0 {
                return None;
            }
            if f & FLAG_NONBURN != 0 {
                if n as f64 * step_m > BREACH_MAX_M {
                    return None;
                }
                n += 1;
                continue;
            }
            if n == 1 || f & FLAG_IGNITED != 0 {
                return None;
            }
            return Some((b, (n - 1) as f64 * step_m));
        }
    }

    /// Time (s) to breach a strip `gap_m` wide by move `k` from a cell with ellipse
    /// `ea` and heat per unit area `hpa` (kJ/m²) to a cell with ellipse `eb`: half a
    /// step in the source cell and the strip at the source's rate, half a step in the
    /// target at its own; infinite when the flames are too short for the strip.
    fn breach_time(&self, ea: Ell, eb: Ell, hpa: f64, k: usize, gap_m: f64) -> f64 {
        let d = &self.dirs[k];
        let ra = ea.rate(d.ux, d.uy);
        let rb = eb.rate(d.ux, d.uy);
        if !(ra > 0.0 && rb > 0.0) || gap_m > BREACH_FLAME_LENGTHS * flame_length_m(hpa * ra) {
            return f64::INFINITY;
        }
        let half = d.half_len * self.cell_m;
        (half + gap_m) / ra + half / rb
    }

    /// Travel time (s) of move `k` from `a` to `b` under conditions `c`, water
    /// evaluated at `water_t`; infinite if the step cannot burn.
    fn travel_with(&self, a: usize, b: usize, k: usize, c: &Conditions, water_t: f64) -> f64 {
        let d = &self.dirs[k];
        let ra = self.ellipse_for(a, c).rate(d.ux, d.uy);
        let rb = self.ellipse_for(b, c).rate(d.ux, d.uy);
        let wf = self
            .water_factor(a, water_t)
            .min(self.water_factor(b, water_t));
        if !(ra > 0.0 && rb > 0.0 && wf > 0.0) {
            return f64::INFINITY;
        }
        d.half_len * self.cell_m * (1.0 / ra + 1.0 / rb) / wf
    }

    /// Whether an ignited cell can still spread somewhere (by a step or a breach).
    fn has_open_neighbor(&self, a: usize) -> bool {
        (0..N_DIRS).any(|k| self.step_target(a, k).is_some())
            || (0..N_BREACH_DIRS).any(|k| self.breach_target(a, k).is_some())
    }

    /// Recomputes every tentative arrival from the ignited front at the current time.
    /// `old`: the conditions in force before the change (`None`: unchanged).
    fn rebuild(&mut self, old: Option<&Conditions>) {
        let t_now = self.now;
        let mut active = std::mem::take(&mut self.active);
        active.retain(|&a| self.has_open_neighbor(a as usize));
        for &a in &active {
            for k in 0..N_DIRS {
                if let Some(b) = self.step_target(a as usize, k) {
                    self.time[b] = f64::INFINITY;
                }
            }
            for k in 0..N_BREACH_DIRS {
                if let Some((b, _)) = self.breach_target(a as usize, k) {
                    self.time[b] = f64::INFINITY;
                }
            }
        }
        self.heap.clear();
        let flags = &self.flags;
        self.pending
            .retain(|&(_, c)| flags[c as usize] & (FLAG_IGNITED | BLOCKING) == 0);
        for &(_, c) in &self.pending {
            self.time[c as usize] = f64::INFINITY;
        }
        for i in 0..self.pending.len() {
            let (t, c) = self.pending[i];
            if t < self.time[c as usize] {
                self.time[c as usize] = t;
                self.src_dir[c as usize] = NO_DIR;
            }
            self.heap.push(Item { t, cell: c });
        }
        for &a32 in &active {
            let a = a32 as usize;
            let ta = self.time[a];
            let wa_now = self.water_factor(a, t_now);
            for k in 0..N_DIRS {
                let Some(b) = self.step_target(a, k) else {
                    continue;
                };
                let d = self.dirs[k];
                let ra = self.ell_cached(a).rate(d.ux, d.uy);
                let rb = self.ell_cached(b).rate(d.ux, d.uy);
                let wf = wa_now.min(self.water_factor(b, t_now));
                if !(ra > 0.0 && rb > 0.0 && wf > 0.0) {
                    continue;
                }
                let t_new = d.half_len * self.cell_m * (1.0 / ra + 1.0 / rb) / wf;
                let t_old = match old {
                    Some(c) => self.travel_with(a, b, k, c, c.start_s),
                    None => t_new,
                };
                let remaining = if t_old.is_finite() && t_old > 0.0 {
                    (1.0 - (t_now - ta) / t_old).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let t = t_now + remaining * t_new;
                if t < self.time[b] {
                    self.time[b] = t;
                    self.src_dir[b] = k as u8;
                    self.heap.push(Item { t, cell: b as u32 });
                }
            }
            let code_a = usize::from(self.fuel[a]);
            for k in 0..N_BREACH_DIRS {
                let Some((b, gap_m)) = self.breach_target(a, k) else {
                    continue;
                };
                let wf = wa_now.min(self.water_factor(b, t_now));
                let (ea, eb) = (self.ell_cached(a), self.ell_cached(b));
                let hpa = self.cond.hpa.get(code_a).copied().unwrap_or(0.0);
                let t_new = self.breach_time(ea, eb, hpa, k, gap_m) / wf;
                if !(wf > 0.0 && t_new.is_finite()) {
                    continue;
                }
                let t_old = match old {
                    Some(c) => {
                        let hpa_old = c.hpa.get(code_a).copied().unwrap_or(0.0);
                        let wf_old = self
                            .water_factor(a, c.start_s)
                            .min(self.water_factor(b, c.start_s));
                        self.breach_time(
                            self.ellipse_for(a, c),
                            self.ellipse_for(b, c),
                            hpa_old,
                            k,
                            gap_m,
                        ) / wf_old
                    }
                    None => t_new,
                };
                let remaining = if t_old.is_finite() && t_old > 0.0 {
                    (1.0 - (t_now - ta) / t_old).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let t = t_now + remaining * t_new;
                if t < self.time[b] {
                    self.time[b] = t;
                    self.src_dir[b] = k as u8;
                    self.heap.push(Item { t, cell: b as u32 });
                }
            }
        }
        self.active = active;
        self.dirty = false;
        self.replan_old = None;
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

    /// Byram fireline intensity (kW/m) of the front that ignited `cell`, using the
    /// cell's rate along the arriving step (head rate for ignition points).
    pub fn fireline_intensity_kw_m(&self, cell: usize) -> Option<f64> {
        self.arrival_s(cell)?;
        Some(f64::from(self.intensity[cell]))
    }

    /// Byram flame length (m) of the front that ignited `cell`.
    pub fn flame_length_m(&self, cell: usize) -> Option<f64> {
        self.fireline_intensity_kw_m(cell).map(flame_length_m)
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
    pub fn ignited_cells(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().map(|&c| c as usize)
    }
}

/// Slope (tan) and upslope azimuth (radians clockwise from north) of every cell by
/// Horn's (1981) 3×3 finite differences (one-sided at the grid edges).
fn horn_slope(width: usize, height: usize, cell_m: f64, z: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let n = width * height;
    let mut slope = vec![0.0f32; n];
    let mut az = vec![0.0f32; n];
    let at = |c: i64, r: i64| -> f64 {
        let c = c.clamp(0, width as i64 - 1) as usize;
        let r = r.clamp(0, height as i64 - 1) as usize;
        f64::from(z[r * width + c])
    };
    for r in 0..height as i64 {
        for c in 0..width as i64 {
            // Neighbour offsets clamped at the edges; the run is scaled to match, so an
            // edge cell uses a one-sided difference rather than a halved gradient.
            let (cl, cr) = ((c - 1).max(0), (c + 1).min(width as i64 - 1));
            let (rn, rs) = ((r - 1).max(0), (r + 1).min(height as i64 - 1));
            let run_e = (cr - cl) as f64 * cell_m;
            let run_n = (rs - rn) as f64 * cell_m;
            // Gradient: east component (+col) and north component (−row).
            let ge = if run_e > 0.0 {
                ((at(cr, r - 1) + 2.0 * at(cr, r) + at(cr, r + 1))
                    - (at(cl, r - 1) + 2.0 * at(cl, r) + at(cl, r + 1)))
                    / (4.0 * run_e)
            } else {
                0.0
            };
            let gn = if run_n > 0.0 {
                ((at(c - 1, rn) + 2.0 * at(c, rn) + at(c + 1, rn))
                    - (at(c - 1, rs) + 2.0 * at(c, rs) + at(c + 1, rs)))
                    / (4.0 * run_n)
            } else {
                0.0
            };
            let i = r as usize * width + c as usize;
            let s = ge.hypot(gn);
            if s > 1.0e-9 {
                slope[i] = s as f32;
                az[i] = ge.atan2(gn) as f32;
            }
        }
    }
    (slope, az)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oracle_moisture() -> Moisture {
        Moisture::from_percent(6.0, 7.0, 8.0, 60.0, 90.0)
    }

    fn fm(code: &str) -> &'static FuelModel {
        FuelModel::by_code(code).expect("fuel model in table")
    }

    fn fire(code: &str, wind_mph: f64, slope: f64) -> SurfaceFire {
        let inp =
            SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(wind_mph), slope);
        surface_fire(fm(code), &inp).expect("valid inputs")
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn oracle_fm1_calm_flat() {
        let f = fire("FM1", 0.0, 0.0);
        assert!(
            close(f.head_ros_ch_h(), 4.186640, 0.005),
            "{}",
            f.head_ros_ch_h()
        );
        assert!(close(f.length_to_width, 1.0, 0.001));
    }

    #[test]
    fn oracle_fm1_slope_30() {
        let f = fire("FM1", 0.0, 0.30);
        assert!(
            close(f.head_ros_ch_h(), 19.690219, 0.005),
            "{}",
            f.head_ros_ch_h()
        );
        assert!(
            close(f.length_to_width, 1.197205, 0.001),
            "{}",
            f.length_to_width
        );
    }

    #[test]
    fn oracle_fm1_wind_5mph() {
        let f = fire("FM1", 5.0, 0.0);
        assert!(
            close(f.head_ros_ch_h(), 93.891036, 0.005),
            "{}",
            f.head_ros_ch_h()
        );
        assert!(close(f.head_ros_m_min, 31.4798, 0.005));
        assert!(close(f.length_to_width, 1.590064, 0.001));
        assert!(close(f.backing_ros_m_min, 3.9409, 0.005));
        assert!(close(f.flanking_ros_m_min, 11.1381, 0.005));
        assert!(close(f.ros_at_m_min(0.0), f.head_ros_m_min, 1e-12));
        assert!(close(f.ros_at_m_min(180.0), f.backing_ros_m_min, 1e-9));
        assert!(close(f.effective_wind_mph(), 5.0, 1e-6));
        // Byram: I = HPA·R, L = 0.0775·I^0.46.
        let i = f.heat_per_unit_area_kj_m2 * f.head_ros_m_min / 60.0;
        assert!(close(f.fireline_intensity_kw_m, i, 1e-9));
        assert!(close(f.flame_length_m, 0.0775 * i.powf(0.46), 1e-9));
    }

    /// Cases of the `behave` engine's own test suite (testBehave.cpp,
    /// testSurfaceSingleFuelModel): GS4, 6/7/8/60/90 %, 5 mi/h 20-ft wind with the
    /// canopy WAF of 50 % cover, 30 ft canopy, 0.5 crown ratio.
    #[test]
    fn behave_engine_gs4_cases() {
        let gs4 = fm("GS4");
        let waf = canopy_waf(gs4.depth_ft, 0.5, 30.0, 0.5);
        let wind = WindSpeed::TwentyFootMph {
            speed: 5.0,
            waf: Some(waf),
        };
        let up = surface_fire(gs4, &SurfaceInputs::upslope(oracle_moisture(), wind, 0.30))
            .expect("valid");
        let ch = |m_min: f64| m_min * 60.0 / M_PER_CHAIN;
        assert!(close(up.head_ros_ch_h(), 8.876216, 1e-6));
        assert!(close(ch(up.backing_ros_m_min), 2.91614659, 1e-6));
        assert!(close(ch(up.flanking_ros_m_min), 5.08766627, 1e-6));
        assert!(close(up.mx_live, 1.37968551, 1e-6));
        let bed = Fuelbed::new(gs4, &oracle_moisture()).expect("valid");
        assert!(close(bed.sigma, 1631.128734, 1e-9));
        // North-oriented: wind from 45°, aspect 95°, 30° slope.
        let cross = SurfaceInputs {
            moisture: oracle_moisture(),
            wind,
            wind_from_deg: 45.0,
            slope: 30f64.to_radians().tan(),
            aspect_deg: 95.0,
            apply_wind_limit: true,
        };
        let f = surface_fire(gs4, &cross).expect("valid");
        assert!(
            close(f.head_ros_ch_h(), 19.677584, 1e-6),
            "{}",
            f.head_ros_ch_h()
        );
    }

    #[test]
    fn lookup_by_code_and_number() {
        assert_eq!(fm("FM1").number, 1);
        assert_eq!(fm("1").code, "FM1");
        assert_eq!(fm(" gr2 ").number, 102);
        assert_eq!(fm("102").code, "GR2");
        assert_eq!(fm("sb4").number, 204);
        assert_eq!(fm("nb9").number, 99);
        assert!(FuelModel::by_code("XX1").is_none());
        assert!(FuelModel::by_number(14).is_none());
        assert_eq!(FuelModel::all().len(), 62);
        let anderson = FuelModel::all().iter().filter(|m| m.number <= 13).count();
        let sb40 = FuelModel::all().iter().filter(|m| m.number > 100).count();
        assert_eq!((anderson, sb40), (13, 40));
    }

    #[test]
    fn every_burnable_model_is_finite_and_positive() {
        for m in FuelModel::all() {
            let inp = SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(5.0), 0.2);
            let f = surface_fire(m, &inp).expect("valid");
            if m.is_burnable() {
                for v in [
                    f.head_ros_m_min,
                    f.reaction_intensity_kw_m2,
                    f.fireline_intensity_kw_m,
                    f.flame_length_m,
                ] {
                    assert!(v.is_finite() && v > 0.0, "{} gives {v}", m.code);
                }
                assert!(f.head_ros_m_min < 500.0, "{} implausible", m.code);
                assert!((1.0..=MAX_LWR).contains(&f.length_to_width));
                assert!(f.backing_ros_m_min <= f.flanking_ros_m_min);
                assert!(f.flanking_ros_m_min <= f.head_ros_m_min);
            } else {
                assert_eq!(f.head_ros_m_min, 0.0, "{}", m.code);
                assert_eq!(f.fireline_intensity_kw_m, 0.0);
            }
        }
    }

    #[test]
    fn non_burnable_codes_give_zero() {
        for n in 91..=99 {
            let m = FuelModel::by_number(n).expect("NB in table");
            let inp = SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(10.0), 0.5);
            assert_eq!(surface_fire(m, &inp).expect("valid").head_ros_m_min, 0.0);
        }
    }

    #[test]
    fn more_wind_is_faster_and_drier_is_faster() {
        for code in ["FM1", "FM4", "FM10", "GR2", "SH5", "TU1", "TL3", "SB2"] {
            let mut last = -1.0;
            for w in [0.0, 1.0, 3.0, 5.0, 8.0] {
                let r = fire(code, w, 0.0).head_ros_m_min;
                assert!(r > last, "{code} wind {w}");
                last = r;
            }
            let mut last = f64::INFINITY;
            for d in [3.0, 6.0, 9.0, 12.0] {
                let m = Moisture::from_percent(d, d + 1.0, d + 2.0, 60.0, 90.0);
                let inp = SurfaceInputs::upslope(m, WindSpeed::MidflameMph(3.0), 0.0);
                let r = surface_fire(fm(code), &inp).expect("valid").head_ros_m_min;
                assert!(r < last || r == 0.0, "{code} moisture {d}");
                last = r;
            }
        }
        // Past the moisture of extinction the fire does not spread.
        let wet = Moisture::from_percent(13.0, 14.0, 15.0, 60.0, 90.0);
        let inp = SurfaceInputs::upslope(wet, WindSpeed::MidflameMph(3.0), 0.0);
        assert_eq!(
            surface_fire(fm("FM1"), &inp).expect("valid").head_ros_m_min,
            0.0
        );
    }

    #[test]
    fn cross_slope_wind_heads_between() {
        // Aspect 0: slope faces north, upslope points south (180°). Wind from the east
        // pushes west (270°). The head must lie strictly between.
        let inp = SurfaceInputs {
            moisture: oracle_moisture(),
            wind: WindSpeed::MidflameMph(4.0),
            wind_from_deg: 90.0,
            slope: 0.4,
            aspect_deg: 0.0,
            apply_wind_limit: true,
        };
        let f = surface_fire(fm("FM2"), &inp).expect("valid");
        assert!(
            f.direction_max_spread_deg > 180.0 && f.direction_max_spread_deg < 270.0,
            "{}",
            f.direction_max_spread_deg
        );
        // Vector sum: faster than either alone, slower than the scalar sum.
        let slope_only = fire("FM2", 0.0, 0.4).head_ros_m_min;
        let wind_only = fire("FM2", 4.0, 0.0).head_ros_m_min;
        let both_up = fire("FM2", 4.0, 0.4).head_ros_m_min;
        assert!(f.head_ros_m_min > slope_only.max(wind_only));
        assert!(f.head_ros_m_min < both_up);
    }

    #[test]
    fn dynamic_herb_transfer() {
        let at = |herb: f64| {
            let m = Moisture::from_percent(6.0, 7.0, 8.0, herb, 90.0);
            let inp = SurfaceInputs::upslope(m, WindSpeed::MidflameMph(5.0), 0.0);
            surface_fire(fm("GR2"), &inp).expect("valid").head_ros_m_min
        };
        // Fully cured at <= 30 %: identical below 30 %.
        assert!(close(at(10.0), at(29.0), 1e-12));
        assert!(at(30.0) > at(60.0));
        assert!(at(60.0) > at(119.0));
        // Static Anderson models ignore curing (no herb load in FM1).
        let fm1 = |herb: f64| {
            let m = Moisture::from_percent(6.0, 7.0, 8.0, herb, 90.0);
            let inp = SurfaceInputs::upslope(m, WindSpeed::MidflameMph(5.0), 0.0);
            surface_fire(fm("FM1"), &inp).expect("valid").head_ros_m_min
        };
        assert_eq!(fm1(30.0), fm1(200.0));
    }

    #[test]
    fn twenty_foot_wind_and_waf() {
        let waf = default_waf(1.0);
        assert!(close(waf, 1.83 / (20.36f64 / 0.13).ln(), 1e-12));
        let m = oracle_moisture();
        let inp = SurfaceInputs::upslope(
            m,
            WindSpeed::TwentyFootMph {
                speed: 5.0 / waf,
                waf: None,
            },
            0.0,
        );
        let f = surface_fire(fm("FM1"), &inp).expect("valid");
        assert!(close(f.head_ros_ch_h(), 93.891036, 0.005));
        assert_eq!(f.wind_adjustment_factor, Some(waf));
        let inp = SurfaceInputs::upslope(
            m,
            WindSpeed::TwentyFootMS {
                speed: 4.0,
                waf: Some(0.5),
            },
            0.0,
        );
        let g = surface_fire(fm("FM1"), &inp).expect("valid");
        assert!(close(g.midflame_wind_m_s, 2.0, 1e-9));
        let bad = SurfaceInputs::upslope(m, WindSpeed::MidflameMS(-1.0), 0.0);
        assert!(surface_fire(fm("FM1"), &bad).is_err());
    }

    #[test]
    fn wind_limit_caps_spread() {
        let mut inp = SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(60.0), 0.0);
        let limited = surface_fire(fm("FM8"), &inp).expect("valid");
        assert!(limited.wind_limit_exceeded);
        inp.apply_wind_limit = false;
        let free = surface_fire(fm("FM8"), &inp).expect("valid");
        assert!(free.head_ros_m_min > limited.head_ros_m_min);
        assert!(limited.length_to_width <= MAX_LWR);
    }

    #[test]
    fn fireline_production_rates() {
        let grass = fireline_rate_m_per_h(1).expect("FM1");
        let brush = fireline_rate_m_per_h(5).expect("FM5");
        let timber = fireline_rate_m_per_h(10).expect("FM10");
        assert!(grass > brush && brush >= timber);
        assert!(close(grass, 30.0 * 20.1168, 1e-12));
        assert!(fireline_rate_m_per_h(99).is_none());
        for m in FuelModel::all().iter().filter(|m| m.is_burnable()) {
            assert!(fireline_rate_m_per_h(m.number).is_some(), "{}", m.code);
        }
    }

    // ----------------------------------------------------------------- grid

    fn uniform(w: usize, h: usize, cell_m: f64, code: u16) -> FireGrid {
        FireGrid::new(w, h, cell_m, vec![code; w * h], vec![0.0; w * h]).expect("valid grid")
    }

    fn wind(m_s: f64, from: f64) -> Weather {
        Weather {
            midflame_wind_m_s: m_s,
            wind_from_deg: from,
            moisture: oracle_moisture(),
        }
    }

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
    fn slope_from_elevation_speeds_upslope() {
        let (w, h, cm) = (101usize, 101usize, 10.0);
        // Elevation rises to the north (row 0 highest): 30 % slope.
        let elev: Vec<f32> = (0..w * h)
            .map(|i| ((h - 1 - i / w) as f64 * cm * 0.3) as f32)
            .collect();
        let mut g = FireGrid::new(w, h, cm, vec![1; w * h], elev).expect("grid");
        assert!(close(g.slope_at(50 * w + 50).expect("cell"), 0.3, 1e-5));
        assert!(close(g.slope_at(0).expect("edge"), 0.3, 1e-5));
        g.ignite(50 * w + 50, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        let north = g.arrival_s(10 * w + 50).expect("north");
        let south = g.arrival_s(90 * w + 50).expect("south");
        assert!(north < south);
        let f = fire("FM1", 0.0, 0.3);
        assert!(close(400.0 / north * 60.0, f.head_ros_m_min, 0.01));
    }

    #[test]
    fn fire_line_stops_fire() {
        let (w, h) = (100usize, 60usize);
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(3.0, 270.0)).expect("weather");
        for r in 0..h {
            assert_eq!(g.add_fire_line(r * w + 50), Ok(true));
        }
        g.ignite(30 * w + 20, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        assert!(g.arrival_s(30 * w + 49).is_some());
        for r in 0..h {
            for c in 50..w {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
    }

    #[test]
    fn diagonal_line_blocks_knight_and_diagonal_moves() {
        // An 8-connected diagonal line: cells (c = 20 + r). Fire starts west of it.
        let (w, h) = (100usize, 60usize);
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(4.0, 270.0)).expect("weather");
        for r in 0..h {
            g.add_fire_line(r * w + 20 + r).expect("line");
        }
        g.ignite(50 * w + 5, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        assert!(g.arrival_s(50 * w + 69).is_some(), "west side burns");
        for r in 0..h {
            for c in (21 + r)..w {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
        // The same geometry from the other side, anti-diagonal line (c = 80 − r).
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(4.0, 90.0)).expect("weather");
        for r in 0..h {
            g.add_fire_line(r * w + 80 - r).expect("line");
        }
        g.ignite(10 * w + 95, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        for r in 0..h {
            for c in 0..(80 - r) {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
    }

    /// 61 × 81 cells of 10 m of `code` with a road (non-burnable, 91) `gap` cells wide
    /// across rows 20.., a fire lit at row 60, wind from the south at `wind_m_s`;
    /// whether the fire reaches the far side of the road (row 10) in 3 hours.
    fn crosses_road(code: u16, gap: usize, wind_m_s: f64, from_deg: f64) -> bool {
        let (w, h) = (61usize, 81usize);
        let mut fuel = vec![code; w * h];
        for r in 20..20 + gap {
            for c in 0..w {
                fuel[r * w + c] = 91;
            }
        }
        let mut g = FireGrid::new(w, h, 10.0, fuel, vec![0.0; w * h]).expect("grid");
        g.set_weather(wind(wind_m_s, from_deg)).expect("weather");
        g.ignite(60 * w + 30, 0.0).expect("ignite");
        g.advance_to(3.0 * 3600.0).expect("advance");
        (0..w).any(|c| g.arrival_s(10 * w + c).is_some())
    }

    #[test]
    fn a_running_brush_fire_breaches_a_road_that_holds_a_grass_fire() {
        // chaparral (FM4) heading into a 10-m road with a 4 m/s midflame wind: flames
        // of several metres, 4 flame lengths > 10 m: it crosses
        assert!(crosses_road(4, 1, 4.0, 180.0));
        // but not a 100-m wide strip (beyond BREACH_MAX_M)
        assert!(!crosses_road(4, 11, 4.0, 180.0));
        // short grass (FM1) in a light wind: flames well under a metre, the road holds
        assert!(!crosses_road(1, 1, 1.0, 180.0));
        // the same brush fire backing into the road against the wind does not cross
        assert!(!crosses_road(4, 1, 4.0, 0.0));
        // breaching is deterministic
        let run = || {
            let (w, h) = (61usize, 81usize);
            let mut fuel = vec![4u16; w * h];
            for c in 0..w {
                fuel[20 * w + c] = 91;
            }
            let mut g = FireGrid::new(w, h, 10.0, fuel, vec![0.0; w * h]).expect("grid");
            g.set_weather(wind(4.0, 180.0)).expect("weather");
            g.ignite(60 * w + 30, 0.0).expect("ignite");
            g.schedule_weather(900.0, wind(4.0, 200.0)).expect("shift");
            g.advance_to(3.0 * 3600.0).expect("advance");
            (0..w * h).map(|c| g.arrival_s(c)).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn a_fire_line_is_never_breached() {
        let (w, h) = (61usize, 81usize);
        let mut g = uniform(w, h, 10.0, 4);
        for c in 0..w {
            g.add_fire_line(20 * w + c).expect("line");
            g.add_fire_line(21 * w + c).expect("line");
        }
        g.set_weather(wind(4.0, 180.0)).expect("weather");
        g.ignite(60 * w + 30, 0.0).expect("ignite");
        g.advance_to(3.0 * 3600.0).expect("advance");
        assert!((0..w).all(|c| g.arrival_s(10 * w + c).is_none()));
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
    fn wind_shift_turns_the_front() {
        let (w, h) = (201usize, 201usize);
        let run = |shift: bool| {
            let mut g = uniform(w, h, 10.0, 1);
            g.set_weather(wind(3.0, 270.0)).expect("weather");
            g.ignite(100 * w + 100, 0.0).expect("ignite");
            if shift {
                g.schedule_weather(600.0, wind(3.0, 0.0)).expect("schedule");
            }
            g.advance_to(5400.0).expect("advance");
            g
        };
        let a = run(false);
        let b = run(true);
        let south = 160 * w + 100;
        let ta = a.arrival_s(south).unwrap_or(f64::INFINITY);
        let tb = b.arrival_s(south).expect("south reached after the shift");
        assert!(tb < ta, "{tb} vs {ta}");
        // Cells burnt before the shift are identical in both runs.
        for c in 0..w * h {
            if let Some(t) = a.arrival_s(c).filter(|&t| t <= 600.0) {
                assert_eq!(b.arrival_s(c), Some(t));
            }
        }
        // The eastward head slows down after the wind turns.
        let east = 100 * w + 190;
        assert!(b.arrival_s(east).unwrap_or(f64::INFINITY) > a.arrival_s(east).unwrap_or(0.0));
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
    fn water_stops_then_releases() {
        let (w, h) = (120usize, 30usize);
        let build = || {
            let mut g = uniform(w, h, 10.0, 1);
            g.set_weather(wind(3.0, 270.0)).expect("weather");
            g.ignite(15 * w + 10, 0.0).expect("ignite");
            g
        };
        let mut free = build();
        free.advance_to(f64::INFINITY).expect("advance");
        let mut g = build();
        for r in 0..h {
            for c in 50..=52 {
                assert_eq!(g.apply_water(r * w + c, 0.0, 1.0, 3600.0), Ok(true));
            }
        }
        g.advance_to(3500.0).expect("advance");
        for r in 0..h {
            for c in 50..w {
                assert!(
                    g.arrival_s(r * w + c).is_none(),
                    "crossed wet band at ({c},{r})"
                );
            }
        }
        g.advance_to(f64::INFINITY).expect("advance");
        let t = g
            .arrival_s(15 * w + 100)
            .expect("burns after the water dries");
        assert!(t >= 3600.0);
        // Partial effectiveness only slows the fire.
        let mut slow = build();
        for r in 0..h {
            for c in 50..=52 {
                slow.apply_water(r * w + c, 0.0, 0.5, 1.0e5).expect("water");
            }
        }
        slow.advance_to(f64::INFINITY).expect("advance");
        let ts = slow.arrival_s(15 * w + 100).expect("reached");
        let tf = free.arrival_s(15 * w + 100).expect("reached");
        assert!(ts > tf && ts < t);
        assert!(g.apply_water(0, 0.0, 1.5, 10.0).is_err());
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
