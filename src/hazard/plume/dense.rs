//! Dense (heavier-than-air) gas dispersion: the Britter & McQuaid (1988) workbook
//! correlations for continuous ([`DenseContinuous`]) and instantaneous
//! ([`DenseInstantaneous`]) ground-level releases, the criteria that decide per release
//! whether dense-gas effects matter or the passive Gaussian model holds
//! ([`classify_continuous`], [`classify_instantaneous`], [`Regime`]), and the passive
//! far field beyond the correlations' range from a virtual source.
//!
//! Sources:
//! * Britter, R. E. & McQuaid, J. (1988). *Workbook on the dispersion of dense gases.*
//!   HSE Contract Research Report 17/1988. Criteria (g0'·q0/(U³·D))^(1/3) ≥ 0.15
//!   (continuous) and (g0'·V0^(1/3))^(1/2)/U ≥ 0.2 (instantaneous); the nomograms of
//!   Cm/C0 against x/D (D = (q0/U)^(1/2)) and x/V0^(1/3) for α =
//!   0.2·log10(g0'²·q0/U⁵) and α = 0.5·log10(g0'·V0^(1/3)/U²); the plume geometry
//!   (upwind extent D/2 + 2·lb, half-width D + 8·lb + 2.5·lb^(1/3)·x^(2/3), lb =
//!   g0'·q0/U³); the non-isothermal correction C = C'/(C' + (1 − C')·T0/Ta); the
//!   duration test U·Td/x ≥ 2.5 continuous, ≤ 0.6 instantaneous.
//! * The nomograms as piecewise-linear curves: AIChE/CCPS (1999/2000), *Guidelines for
//!   Consequence Analysis of Chemical Releases*, §2.1.3; Crowl & Louvar (2011),
//!   *Chemical Process Safety*, 3rd ed., Tables 5-6 and 5-7.
//! * Beyond the last curve (Cm/C0 = 0.002, or 0.001 for puffs) the cloud is treated as
//!   passive: a Gaussian plume (puff) with Briggs sigmas from a virtual source placed so
//!   that its centreline concentration equals the dense-gas one there, as the US EPA's
//!   TSCREEN does after Britter–McQuaid (EPA-454/R-92-024).
//!
//! Validity: ground-level releases on flat ground, wind measured at 10 m of at least
//! [`MIN_WIND_M_S`](super::MIN_WIND_M_S); α between about −1 and 1 (outside it the
//! nearest segment is extended). Between the correlations' first point and the source
//! drillsim interpolates log-log from C' = 1 at x = D (continuous) or x = V0^(1/3)
//! (instantaneous): an assumption, inside about one grid cell of the source.
//! Invariants: concentration ratios lie in [0, 1] and never rise with distance.

use super::{MIN_WIND_M_S, StabilityClass, Terrain, briggs_sigmas};
use std::f64::consts::PI;

/// Standard gravity, m/s².
pub const G_M_S2: f64 = 9.80665;
/// Continuous releases are dense when (g0'·q0/(U³·D))^(1/3) reaches this (B&M 1988).
pub const CONTINUOUS_CRITERION: f64 = 0.15;
/// Instantaneous releases are dense when (g0'·V0^(1/3))^(1/2)/U reaches this.
pub const INSTANTANEOUS_CRITERION: f64 = 0.2;
/// A release is continuous at distance x when U·Td/x is at least this (B&M 1988).
pub const CONTINUOUS_DURATION_RATIO: f64 = 2.5;
/// A release is instantaneous at distance x when U·Td/x is at most this.
pub const INSTANTANEOUS_DURATION_RATIO: f64 = 0.6;

/// Concentration ratios of the continuous-release nomogram.
const PLUME_RATIOS: [f64; 6] = [0.1, 0.05, 0.02, 0.01, 0.005, 0.002];
/// Concentration ratios of the instantaneous-release nomogram.
const PUFF_RATIOS: [f64; 7] = [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];

/// One nomogram curve as the published piecewise-linear fit (CCPS 1999; Crowl & Louvar
/// 2011): segments (α_max, a, b) meaning β = a·α + b for α up to α_max, the first segment
/// flat; beyond the last α_max the last segment is extended.
struct Curve {
    /// Segments in increasing α_max.
    segs: &'static [(f64, f64, f64)],
}

impl Curve {
    fn beta(&self, alpha: f64) -> f64 {
        let s = self.segs;
        for &(amax, a, b) in s {
            if alpha <= amax {
                return a * alpha + b;
            }
        }
        let (_, a, b) = s[s.len() - 1];
        a * alpha + b
    }
}

/// Continuous release, Cm/C0 = 0.1 … 0.002: β = log10(x/D) against α.
const PLUME_CURVES: [Curve; 6] = [
    Curve {
        segs: &[(-0.55, 0.0, 1.75), (-0.14, 0.24, 1.88), (1.0, -0.50, 1.78)],
    },
    Curve {
        segs: &[
            (-0.68, 0.0, 1.92),
            (-0.29, 0.36, 2.16),
            (-0.18, 0.0, 2.06),
            (1.0, -0.56, 1.96),
        ],
    },
    Curve {
        segs: &[
            (-0.69, 0.0, 2.08),
            (-0.31, 0.45, 2.39),
            (-0.16, 0.0, 2.25),
            (1.0, -0.54, 2.16),
        ],
    },
    Curve {
        segs: &[
            (-0.70, 0.0, 2.25),
            (-0.29, 0.49, 2.59),
            (-0.20, 0.0, 2.45),
            (1.0, -0.52, 2.35),
        ],
    },
    Curve {
        segs: &[
            (-0.67, 0.0, 2.40),
            (-0.28, 0.59, 2.80),
            (-0.15, 0.0, 2.63),
            (1.0, -0.48, 2.56),
        ],
    },
    Curve {
        segs: &[
            (-0.69, 0.0, 2.60),
            (-0.25, 0.39, 2.87),
            (-0.13, 0.0, 2.77),
            (1.0, -0.50, 2.71),
        ],
    },
];

/// Instantaneous release, Cm/C0 = 0.1 … 0.001: β = log10(x/V0^(1/3)) against α.
const PUFF_CURVES: [Curve; 7] = [
    Curve {
        segs: &[(-0.44, 0.0, 0.70), (0.43, 0.26, 0.81), (1.0, 0.0, 0.93)],
    },
    Curve {
        segs: &[(-0.56, 0.0, 0.85), (0.31, 0.26, 1.00), (1.0, -0.12, 1.12)],
    },
    Curve {
        segs: &[(-0.66, 0.0, 0.95), (0.32, 0.36, 1.19), (1.0, -0.26, 1.38)],
    },
    Curve {
        segs: &[(-0.71, 0.0, 1.15), (0.37, 0.34, 1.39), (1.0, -0.38, 1.66)],
    },
    Curve {
        segs: &[(-0.52, 0.0, 1.48), (0.24, 0.26, 1.62), (1.0, -0.30, 1.75)],
    },
    Curve {
        segs: &[(0.27, 0.0, 1.83), (1.0, -0.32, 1.92)],
    },
    Curve {
        segs: &[(-0.10, 0.0, 2.075), (1.0, -0.27, 2.05)],
    },
];

/// Which model a release gets, and why.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Regime {
    /// Neutrally buoyant (or buoyant) gas, or the dense-gas number below the workbook's
    /// threshold: the Gaussian model holds.
    Passive,
    /// Dense continuous plume (Britter–McQuaid continuous correlations).
    DenseContinuous,
    /// Dense instantaneous cloud (Britter–McQuaid instantaneous correlations).
    DenseInstantaneous,
}

impl Regime {
    /// Name as printed by `probe plume` and the event log.
    pub fn name(self) -> &'static str {
        match self {
            Regime::Passive => "gaussian",
            Regime::DenseContinuous => "britter_mcquaid_continuous",
            Regime::DenseInstantaneous => "britter_mcquaid_instantaneous",
        }
    }
}

/// Reduced gravity of the source cloud g0' = g·(ρ0 − ρa)/ρa, m/s² (negative for a
/// buoyant gas).
pub fn reduced_gravity(source_density_kg_m3: f64, air_density_kg_m3: f64) -> f64 {
    G_M_S2 * (source_density_kg_m3 - air_density_kg_m3) / air_density_kg_m3
}

/// Density of dry air at `temperature_k` and 101 325 Pa, kg/m³ (ideal gas, M = 28.965
/// g/mol).
pub fn air_density_kg_m3(temperature_k: f64) -> f64 {
    gas_density_kg_m3(28.965, temperature_k)
}

/// Density of an ideal gas of molar mass `molar_mass_g_mol` at `temperature_k` and
/// 101 325 Pa, kg/m³.
pub fn gas_density_kg_m3(molar_mass_g_mol: f64, temperature_k: f64) -> f64 {
    101_325.0 * molar_mass_g_mol / 1000.0 / (8.314_462_618 * temperature_k)
}

/// The dense-gas verdict on a release with the number that decided it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Model to use.
    pub regime: Regime,
    /// The workbook's dense-gas number (a Richardson number to the power 1/3 or 1/2).
    pub number: f64,
    /// Its threshold.
    pub threshold: f64,
}

impl Verdict {
    /// Why, in one line.
    pub fn why(&self) -> String {
        match self.regime {
            Regime::Passive if self.number <= 0.0 => {
                "the gas is not heavier than air (g0' <= 0): passive Gaussian dispersion".into()
            }
            Regime::Passive => format!(
                "dense-gas number {:.3} below the Britter–McQuaid threshold {}: passive Gaussian dispersion",
                self.number, self.threshold
            ),
            Regime::DenseContinuous => format!(
                "(g0'·q0/(U³·D))^(1/3) = {:.3} >= {}: dense continuous plume (Britter & McQuaid 1988)",
                self.number, self.threshold
            ),
            Regime::DenseInstantaneous => format!(
                "(g0'·V0^(1/3))^(1/2)/U = {:.3} >= {}: dense instantaneous cloud (Britter & McQuaid 1988)",
                self.number, self.threshold
            ),
        }
    }
}

/// Britter & McQuaid's criterion for a continuous release of volume flux `q0_m3_s` with
/// reduced gravity `g0` in a 10-m wind `u_m_s` (floored at [`MIN_WIND_M_S`]).
pub fn classify_continuous(q0_m3_s: f64, g0: f64, u_m_s: f64) -> Verdict {
    let u = u_m_s.max(MIN_WIND_M_S);
    let number = if g0 > 0.0 && q0_m3_s > 0.0 {
        let d = (q0_m3_s / u).sqrt();
        (g0 * q0_m3_s / (u * u * u * d)).cbrt()
    } else {
        0.0
    };
    Verdict {
        regime: if number >= CONTINUOUS_CRITERION {
            Regime::DenseContinuous
        } else {
            Regime::Passive
        },
        number,
        threshold: CONTINUOUS_CRITERION,
    }
}

/// Britter & McQuaid's criterion for an instantaneous release of volume `v0_m3`.
pub fn classify_instantaneous(v0_m3: f64, g0: f64, u_m_s: f64) -> Verdict {
    let u = u_m_s.max(MIN_WIND_M_S);
    let number = if g0 > 0.0 && v0_m3 > 0.0 {
        (g0 * v0_m3.cbrt()).sqrt() / u
    } else {
        0.0
    };
    Verdict {
        regime: if number >= INSTANTANEOUS_CRITERION {
            Regime::DenseInstantaneous
        } else {
            Regime::Passive
        },
        number,
        threshold: INSTANTANEOUS_CRITERION,
    }
}

/// Whether a release lasting `duration_s` looks continuous (`Some(true)`),
/// instantaneous (`Some(false)`) or neither (`None`: the workbook says compute both and
/// keep the lower concentration) at distance `x_m` in wind `u_m_s`: U·Td/x ≥ 2.5 or ≤ 0.6.
pub fn continuous_at(duration_s: f64, u_m_s: f64, x_m: f64) -> Option<bool> {
    let r = u_m_s.max(MIN_WIND_M_S) * duration_s / x_m.max(1e-9);
    if r >= CONTINUOUS_DURATION_RATIO {
        Some(true)
    } else if r <= INSTANTANEOUS_DURATION_RATIO {
        Some(false)
    } else {
        None
    }
}

/// The non-isothermal correction of the workbook: volume fraction C from the isothermal
/// ratio C' and T' = T0/Ta (source over ambient temperature).
pub fn non_isothermal(c_iso: f64, t_ratio: f64) -> f64 {
    if c_iso <= 0.0 {
        return 0.0;
    }
    c_iso / (c_iso + (1.0 - c_iso) * t_ratio)
}

/// Concentration ratio C' at x' = x/L from a nomogram's points (β_i, C_i), decreasing
/// in C; log-log interpolation between points, from (x' = 1, C' = 1) before the first,
/// `None` beyond the last (the far field).
fn ratio_from_points(xp: f64, pts: &[(f64, f64)]) -> Option<f64> {
    if xp <= 1.0 {
        return Some(1.0);
    }
    let b = xp.log10();
    let mut prev = (0.0, 0.0); // (β, log10 C') at x' = 1, C' = 1
    for &(beta, c) in pts {
        let lc = c.log10();
        if b <= beta {
            let f = if beta > prev.0 {
                (b - prev.0) / (beta - prev.0)
            } else {
                1.0
            };
            return Some(10f64.powf(prev.1 + f * (lc - prev.1)));
        }
        prev = (beta, lc);
    }
    None
}

/// The nomogram's points at α: (β, C') in order of falling C', β made non-decreasing.
fn points(alpha: f64, curves: &[Curve], ratios: &[f64]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ratios.len());
    for (c, r) in curves.iter().zip(ratios) {
        let mut b = c.beta(alpha);
        if let Some(&(last, _)) = out.last() {
            b = b.max(last);
        }
        out.push((b, *r));
    }
    out
}

/// A dense continuous release (Britter–McQuaid): volume flux `q0_m3_s` of source
/// material at density `source_density_kg_m3` and temperature `source_temperature_k` in
/// a 10-m wind into air at `air_temperature_k`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DenseContinuous {
    /// Volume flux of source material, m³/s.
    pub q0_m3_s: f64,
    /// Reduced gravity g0', m/s².
    pub g0: f64,
    /// 10-m wind, m/s (floored at [`MIN_WIND_M_S`]).
    pub u_m_s: f64,
    /// Source length scale D = (q0/U)^(1/2), m.
    pub d_m: f64,
    /// Nomogram parameter α = 0.2·log10(g0'²·q0/U⁵).
    pub alpha: f64,
    /// Buoyancy length lb = g0'·q0/U³, m.
    pub lb_m: f64,
    /// T' = source / ambient temperature.
    pub t_ratio: f64,
    /// Mass concentration at the source at ambient temperature, kg/m³ (ρ0·T0/Ta).
    pub c0_kg_m3: f64,
}

impl DenseContinuous {
    /// The release of `rate_kg_s` of material of source density `source_density_kg_m3`
    /// (vapour and any airborne droplets) at `source_temperature_k`.
    pub fn new(
        rate_kg_s: f64,
        source_density_kg_m3: f64,
        source_temperature_k: f64,
        air_temperature_k: f64,
        u_m_s: f64,
    ) -> DenseContinuous {
        let u = u_m_s.max(MIN_WIND_M_S);
        let q0 = rate_kg_s / source_density_kg_m3;
        let g0 = reduced_gravity(source_density_kg_m3, air_density_kg_m3(air_temperature_k));
        let t_ratio = source_temperature_k / air_temperature_k;
        DenseContinuous {
            q0_m3_s: q0,
            g0,
            u_m_s: u,
            d_m: (q0 / u).sqrt(),
            alpha: 0.2 * (g0 * g0 * q0 / u.powi(5)).log10(),
            lb_m: g0 * q0 / (u * u * u),
            t_ratio,
            c0_kg_m3: source_density_kg_m3 * t_ratio,
        }
    }

    /// The criterion's verdict.
    pub fn verdict(&self) -> Verdict {
        classify_continuous(self.q0_m3_s, self.g0, self.u_m_s)
    }

    /// Isothermal concentration ratio C' on the centreline at `x_m` downwind, within the
    /// correlations' range; `None` beyond it (see [`DenseContinuous::far_field_start_m`]).
    pub fn ratio_iso(&self, x_m: f64) -> Option<f64> {
        if x_m <= 0.0 {
            return Some(1.0);
        }
        let pts = points(self.alpha, &PLUME_CURVES, &PLUME_RATIOS);
        ratio_from_points(x_m / self.d_m, &pts)
    }

    /// Distance where the last curve (Cm/C0 = 0.002) is reached, m: the end of the
    /// dense-gas correlations and the start of the passive far field.
    pub fn far_field_start_m(&self) -> f64 {
        let pts = points(self.alpha, &PLUME_CURVES, &PLUME_RATIOS);
        self.d_m * 10f64.powf(pts[pts.len() - 1].0)
    }

    /// Centreline ground-level concentration at `x_m`, kg/m³: the correlations up to the
    /// far field, then a passive Gaussian plume (Briggs `class`/`terrain` sigmas) from a
    /// virtual source matched there.
    pub fn concentration_kg_m3(
        &self,
        rate_kg_s: f64,
        class: StabilityClass,
        terrain: Terrain,
        x_m: f64,
    ) -> f64 {
        match self.ratio_iso(x_m) {
            Some(c) => self.c0_kg_m3 * non_isothermal(c, self.t_ratio),
            None => {
                let xt = self.far_field_start_m();
                let xv = self.virtual_distance_m(rate_kg_s, class, terrain);
                plume_centre(rate_kg_s, self.u_m_s, class, terrain, xv + (x_m - xt))
            }
        }
    }

    /// The virtual source distance: the downwind distance at which a passive plume of
    /// `rate_kg_s` has the dense-gas concentration of the far-field start, m.
    pub fn virtual_distance_m(
        &self,
        rate_kg_s: f64,
        class: StabilityClass,
        terrain: Terrain,
    ) -> f64 {
        let target = self.c0_kg_m3 * non_isothermal(PLUME_RATIOS[5], self.t_ratio);
        distance_for(target, |x| {
            plume_centre(rate_kg_s, self.u_m_s, class, terrain, x)
        })
    }

    /// Upwind extent of the plume from the source, m: D/2 + 2·lb.
    pub fn upwind_m(&self) -> f64 {
        0.5 * self.d_m + 2.0 * self.lb_m
    }

    /// Crosswind half-width at `x_m`, m: D + 8·lb + 2.5·lb^(1/3)·x^(2/3).
    pub fn half_width_m(&self, x_m: f64) -> f64 {
        self.d_m + 8.0 * self.lb_m + 2.5 * self.lb_m.cbrt() * x_m.max(0.0).powf(2.0 / 3.0)
    }
}

/// A dense instantaneous release (Britter–McQuaid): volume `v0_m3` of source material.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DenseInstantaneous {
    /// Initial cloud volume, m³.
    pub v0_m3: f64,
    /// Reduced gravity g0', m/s².
    pub g0: f64,
    /// 10-m wind, m/s.
    pub u_m_s: f64,
    /// Nomogram parameter α = 0.5·log10(g0'·V0^(1/3)/U²).
    pub alpha: f64,
    /// T' = source / ambient temperature.
    pub t_ratio: f64,
    /// Mass concentration at the source at ambient temperature, kg/m³.
    pub c0_kg_m3: f64,
}

impl DenseInstantaneous {
    /// The release of `mass_kg` at source density and temperature.
    pub fn new(
        mass_kg: f64,
        source_density_kg_m3: f64,
        source_temperature_k: f64,
        air_temperature_k: f64,
        u_m_s: f64,
    ) -> DenseInstantaneous {
        let u = u_m_s.max(MIN_WIND_M_S);
        let v0 = mass_kg / source_density_kg_m3;
        let g0 = reduced_gravity(source_density_kg_m3, air_density_kg_m3(air_temperature_k));
        let t_ratio = source_temperature_k / air_temperature_k;
        DenseInstantaneous {
            v0_m3: v0,
            g0,
            u_m_s: u,
            alpha: 0.5 * (g0 * v0.cbrt() / (u * u)).log10(),
            t_ratio,
            c0_kg_m3: source_density_kg_m3 * t_ratio,
        }
    }

    /// The criterion's verdict.
    pub fn verdict(&self) -> Verdict {
        classify_instantaneous(self.v0_m3, self.g0, self.u_m_s)
    }

    /// Isothermal ratio C' of the cloud's peak as it passes `x_m`; `None` beyond the
    /// correlations.
    pub fn ratio_iso(&self, x_m: f64) -> Option<f64> {
        if x_m <= 0.0 {
            return Some(1.0);
        }
        let pts = points(self.alpha, &PUFF_CURVES, &PUFF_RATIOS);
        ratio_from_points(x_m / self.v0_m3.cbrt(), &pts)
    }

    /// Distance where the last curve (Cm/C0 = 0.001) is reached, m.
    pub fn far_field_start_m(&self) -> f64 {
        let pts = points(self.alpha, &PUFF_CURVES, &PUFF_RATIOS);
        self.v0_m3.cbrt() * 10f64.powf(pts[pts.len() - 1].0)
    }

    /// Peak ground-level concentration as the cloud passes `x_m`, kg/m³: the
    /// correlations, then a passive Gaussian puff of `mass_kg` (σx = σy) from a virtual
    /// source matched at the far-field start.
    pub fn concentration_kg_m3(
        &self,
        mass_kg: f64,
        class: StabilityClass,
        terrain: Terrain,
        x_m: f64,
    ) -> f64 {
        match self.ratio_iso(x_m) {
            Some(c) => self.c0_kg_m3 * non_isothermal(c, self.t_ratio),
            None => {
                let xt = self.far_field_start_m();
                let target = self.c0_kg_m3 * non_isothermal(PUFF_RATIOS[6], self.t_ratio);
                let xv = distance_for(target, |x| puff_centre(mass_kg, class, terrain, x));
                puff_centre(mass_kg, class, terrain, xv + (x_m - xt))
            }
        }
    }

    /// Cloud radius after `t_s` seconds, m: R² = R0² + 1.2·(g0'·V0)^(1/2)·t with
    /// R0 = (3·V0/4π)^(1/3) (the workbook's gravity-spreading cylinder).
    pub fn radius_m(&self, t_s: f64) -> f64 {
        let r0 = (3.0 * self.v0_m3 / (4.0 * PI)).cbrt();
        (r0 * r0 + 1.2 * (self.g0.max(0.0) * self.v0_m3).sqrt() * t_s.max(0.0)).sqrt()
    }
}

/// Ground-level centreline concentration of a passive ground-level plume, kg/m³.
fn plume_centre(q: f64, u: f64, class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
    if x <= 0.0 {
        return f64::INFINITY;
    }
    let (sy, sz) = briggs_sigmas(class, terrain, x);
    q / (PI * u * sy * sz)
}

/// Ground-level peak of a passive ground-level puff (σx = σy), kg/m³.
fn puff_centre(m: f64, class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
    if x <= 0.0 {
        return f64::INFINITY;
    }
    let (sy, sz) = briggs_sigmas(class, terrain, x);
    2.0 * m / ((2.0 * PI).powf(1.5) * sy * sy * sz)
}

/// The distance (m) at which a decreasing concentration profile `c(x)` equals
/// `target` (bisection on a log scale between 1 cm and 10 000 km).
fn distance_for(target: f64, c: impl Fn(f64) -> f64) -> f64 {
    if target.is_nan() || target <= 0.0 {
        return 1.0e7;
    }
    let (mut lo, mut hi) = (1.0e-2f64, 1.0e7f64);
    if c(hi) >= target {
        return hi;
    }
    if c(lo) <= target {
        return lo;
    }
    for _ in 0..200 {
        let mid = (lo * hi).sqrt();
        if c(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi / lo < 1.0 + 1e-12 {
            break;
        }
    }
    (lo * hi).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// The Burro LNG worked example (AIChE/CCPS 1999, p. 122; Crowl & Louvar 2011,
    /// Example 5-10): 0.23 m³/s of liquid LNG (425.6 kg/m³) boiling at 111 K to vapour of
    /// 1.76 kg/m³, 10-m wind 10.9 m/s, air at 298 K: the lower flammability limit (5 %)
    /// is reached about 367 m downwind.
    #[test]
    fn burro_lng_worked_example() {
        let rate = 0.23 * 425.6;
        let r = DenseContinuous::new(rate, 1.76, 111.15, 298.0, 10.9);
        assert_eq!(r.verdict().regime, Regime::DenseContinuous);
        assert!(close(r.d_m, 2.259, 0.005), "{}", r.d_m);
        assert!(close(r.alpha, -0.417, 0.01), "{}", r.alpha);
        // distance to 5 % by volume (non-isothermal correction included)
        let x5 = (1..5000)
            .map(f64::from)
            .find(|&x| non_isothermal(r.ratio_iso(x).unwrap_or(0.0), r.t_ratio) < 0.05)
            .expect("reached");
        assert!((x5 - 367.0).abs() < 367.0 * 0.05, "{x5}");
    }

    #[test]
    fn criteria_and_regimes() {
        // 5 kg/s of chlorine vapour at its boiling point (239 K, 3.61 kg/m³) in 3 m/s
        let g0 = reduced_gravity(3.614, air_density_kg_m3(293.15));
        let v = classify_continuous(5.0 / 3.614, g0, 3.0);
        assert_eq!(v.regime, Regime::DenseContinuous);
        assert!(v.number > 0.15);
        // a trickle in a strong wind is passive
        let v = classify_continuous(0.001 / 3.614, g0, 15.0);
        assert_eq!(v.regime, Regime::Passive);
        // a lighter-than-air gas is never dense
        let g_light = reduced_gravity(0.7, air_density_kg_m3(293.15));
        assert_eq!(
            classify_continuous(10.0, g_light, 2.0).regime,
            Regime::Passive
        );
        assert!(
            classify_continuous(10.0, g_light, 2.0)
                .why()
                .contains("not heavier")
        );
        assert_eq!(
            classify_instantaneous(1000.0, g0, 3.0).regime,
            Regime::DenseInstantaneous
        );
        assert_eq!(continuous_at(600.0, 3.0, 100.0), Some(true));
        assert_eq!(continuous_at(10.0, 3.0, 100.0), Some(false));
        assert_eq!(continuous_at(30.0, 3.0, 100.0), None);
    }

    #[test]
    fn concentrations_fall_with_distance_and_join_the_far_field() {
        let r = DenseContinuous::new(5.0, 7.23, 239.1, 293.15, 3.0);
        let xt = r.far_field_start_m();
        let mut last = f64::INFINITY;
        for i in 1..400 {
            let x = f64::from(i) * 10.0;
            let c = r.concentration_kg_m3(5.0, StabilityClass::D, Terrain::Urban, x);
            assert!(c <= last * (1.0 + 1e-9), "rises at {x}");
            assert!(c.is_finite() && c > 0.0);
            last = c;
        }
        // continuous across the far-field start
        let a = r.concentration_kg_m3(5.0, StabilityClass::D, Terrain::Urban, xt * 0.9999);
        let b = r.concentration_kg_m3(5.0, StabilityClass::D, Terrain::Urban, xt * 1.0001);
        assert!(close(a, b, 0.01), "{a} vs {b}");
        // the plume widens downwind
        assert!(r.half_width_m(200.0) > r.half_width_m(10.0));
        let p = DenseInstantaneous::new(1000.0, 7.23, 239.1, 293.15, 3.0);
        let xt = p.far_field_start_m();
        let a = p.concentration_kg_m3(1000.0, StabilityClass::D, Terrain::Open, xt * 0.9999);
        let b = p.concentration_kg_m3(1000.0, StabilityClass::D, Terrain::Open, xt * 1.0001);
        assert!(close(a, b, 0.01), "{a} vs {b}");
        assert!(p.radius_m(60.0) > p.radius_m(0.0));
    }

    /// The nomograms' points as the CCPS (1999) and Crowl & Louvar (2011) tables give
    /// them, at α = −0.75, −0.4, −0.2 and 0 (continuous) and −0.75, 0 and 0.75
    /// (instantaneous).
    #[test]
    fn nomogram_tables() {
        let b = |a: f64| PLUME_CURVES.iter().map(|c| c.beta(a)).collect::<Vec<_>>();
        let near =
            |got: Vec<f64>, want: &[f64]| got.iter().zip(want).all(|(g, w)| (g - w).abs() < 2e-3);
        assert!(
            near(b(-0.75), &[1.75, 1.92, 2.08, 2.25, 2.40, 2.60]),
            "{:?}",
            b(-0.75)
        );
        assert!(
            near(b(-0.4), &[1.784, 2.016, 2.21, 2.394, 2.564, 2.714]),
            "{:?}",
            b(-0.4)
        );
        assert!(
            near(b(-0.2), &[1.832, 2.06, 2.25, 2.45, 2.63, 2.77]),
            "{:?}",
            b(-0.2)
        );
        assert!(
            near(b(0.0), &[1.78, 1.96, 2.16, 2.35, 2.56, 2.71]),
            "{:?}",
            b(0.0)
        );
        let p = |a: f64| PUFF_CURVES.iter().map(|c| c.beta(a)).collect::<Vec<_>>();
        assert!(
            near(p(-0.75), &[0.70, 0.85, 0.95, 1.15, 1.48, 1.83, 2.075]),
            "{:?}",
            p(-0.75)
        );
        assert!(
            near(p(0.0), &[0.81, 1.0, 1.19, 1.39, 1.62, 1.83, 2.05]),
            "{:?}",
            p(0.0)
        );
        assert!(
            near(p(0.75), &[0.93, 1.03, 1.185, 1.375, 1.525, 1.68, 1.8475]),
            "{:?}",
            p(0.75)
        );
    }
}
