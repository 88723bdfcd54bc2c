//! The steady Gaussian plume with total ground reflection, at a point
//! ([`plume_concentration`]) and averaged across a grid cell ([`plume_cell_mean_kg_m3`]),
//! with the error function it needs ([`erf`]).
//!
//! Invariant: zero upwind of the source, for a non-positive rate and for non-finite
//! inputs; never NaN.

use super::{MIN_WIND_M_S, StabilityClass, Terrain, briggs_sigmas};
use std::f64::consts::PI;

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
pub(super) fn reflection(z: f64, h: f64, sz: f64) -> f64 {
    let k = 1.0 / (2.0 * sz * sz);
    (-(z - h) * (z - h) * k).exp() + (-(z + h) * (z + h) * k).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::plume::test_support::{ground, rel};
    use StabilityClass::*;

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
}
