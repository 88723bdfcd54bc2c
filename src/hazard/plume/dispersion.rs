//! Atmospheric dispersion: Pasquill–Gifford stability classes ([`StabilityClass`]),
//! the class from wind and sky ([`pasquill_class`], Pasquill 1961 / Turner 1970) and the
//! Briggs (1973) dispersion coefficients σy, σz over open or urban terrain
//! ([`briggs_sigmas`]), with the calm floor of the wind speed ([`MIN_WIND_M_S`]).
//!
//! Invariant: sigmas are 0 for a non-positive or non-finite distance and increase with
//! distance otherwise.

/// Lowest wind speed used by the dispersion formulas, m/s. The Gaussian
/// plume is undefined in a calm (C ∝ 1/u); below this speed the plume
/// formula uses this value and puffs still grow as if travelling at it.
/// 0.5 m/s is the usual calm floor in regulatory models (e.g. AERMOD/ALOHA
/// treat < 0.5–1 m/s as calm).
pub const MIN_WIND_M_S: f64 = 0.5;

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

pub(super) fn briggs_sigma_y(class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
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

pub(super) fn briggs_sigma_z(class: StabilityClass, terrain: Terrain, x: f64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::plume::plume_concentration;
    use crate::hazard::plume::test_support::rel;
    use StabilityClass::*;

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
}
