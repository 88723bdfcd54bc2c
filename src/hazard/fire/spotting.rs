//! Spotting at a point, the BehavePlus SPOT module as the behave engine computes it:
//! the maximum spotting distance of firebrands lofted by a burning pile, a surface fire
//! or torching trees (Albini 1979, 1981, 1983; Chase 1981, 1984), on flat ground and
//! adjusted for ridge-and-valley terrain ([`spotting`], [`Spotting`]), and the chance
//! that a firebrand landing in fine dead fuel starts a fire (Schroeder 1969,
//! [`firebrand_ignition_probability`]).
//!
//! Sources:
//! * Albini, F. A. (1979). *Spot fire distance from burning trees — a predictive
//!   model.* USDA FS GTR INT-56 (torching trees: steady flame height and duration by
//!   species, lofting height factors, flat-terrain distance, mountain terrain).
//! * Albini, F. A. (1981). *Spot fire distance from isolated sources — extensions of a
//!   predictive model.* USDA FS Res. Note INT-309 (burning piles: z = 12.2·flame height).
//! * Albini, F. A. (1983). *Potential spotting distance from wind-driven surface
//!   fires.* USDA FS Res. Pap. INT-309; Chase, C. H. (1984). *Spotting distance from
//!   wind-driven surface fires — extensions of equations for pocket calculators.* USDA
//!   FS Res. Note INT-346 (surface fires: lofting height from Byram's intensity and the
//!   wind, drift).
//! * Schroeder, M. J. (1969). *Ignition probability.* USDA FS Office Report 2106-1
//!   (heat of ignition of fine fuel from its temperature and moisture).
//! * The cover-height floor 2.2·z^0.337 − 4 ft, the "open" downwind canopy halving the
//!   cover height and the fuel temperature air + 25 − 20·shade (°F) are BehavePlus's.
//!
//! Units: the formulas run in the published US units (ft, mi, mi/h, in, BTU/ft/s); the
//! API is SI. Invariants: distances are finite and ≥ 0; an input that cannot loft a
//! firebrand (no wind, no flame, no tree) gives zero distance, not an error.

use super::{FireError, KW_M_PER_BTU_FT_S, M_PER_FT, M_S_PER_MPH};

/// Metres per statute mile.
const M_PER_MILE: f64 = 1609.344;
/// Centimetres per inch.
const CM_PER_IN: f64 = 2.54;
/// Firebrand height above a burning pile per unit flame height (Albini 1981).
pub const PILE_FIREBRAND_FACTOR: f64 = 12.2;

/// The tree species of Albini's (1979) torching-tree model, with their steady flame
/// height and flame duration coefficients.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum TreeSpecies {
    /// Engelmann spruce (Picea engelmannii).
    EngelmannSpruce,
    /// Douglas-fir (Pseudotsuga menziesii).
    #[default]
    DouglasFir,
    /// Subalpine fir (Abies lasiocarpa).
    SubalpineFir,
    /// Western hemlock (Tsuga heterophylla).
    WesternHemlock,
    /// Ponderosa pine (Pinus ponderosa).
    PonderosaPine,
    /// Lodgepole pine (Pinus contorta).
    LodgepolePine,
    /// Western white pine (Pinus monticola).
    WesternWhitePine,
    /// Grand fir (Abies grandis).
    GrandFir,
    /// Balsam fir (Abies balsamea).
    BalsamFir,
    /// Slash pine (Pinus elliottii).
    SlashPine,
    /// Longleaf pine (Pinus palustris).
    LongleafPine,
    /// Pond pine (Pinus serotina).
    PondPine,
    /// Shortleaf pine (Pinus echinata).
    ShortleafPine,
    /// Loblolly pine (Pinus taeda).
    LoblollyPine,
}

impl TreeSpecies {
    /// Every species, in the order of Albini's (1979) table.
    pub const ALL: [TreeSpecies; 14] = [
        TreeSpecies::EngelmannSpruce,
        TreeSpecies::DouglasFir,
        TreeSpecies::SubalpineFir,
        TreeSpecies::WesternHemlock,
        TreeSpecies::PonderosaPine,
        TreeSpecies::LodgepolePine,
        TreeSpecies::WesternWhitePine,
        TreeSpecies::GrandFir,
        TreeSpecies::BalsamFir,
        TreeSpecies::SlashPine,
        TreeSpecies::LongleafPine,
        TreeSpecies::PondPine,
        TreeSpecies::ShortleafPine,
        TreeSpecies::LoblollyPine,
    ];

    /// Steady flame height of one tree, ft = a·DBH^b (DBH in inches) (Albini 1979).
    fn flame_height_coeffs(self) -> (f64, f64) {
        use TreeSpecies::*;
        match self {
            EngelmannSpruce | DouglasFir | SubalpineFir | WesternHemlock => (15.7, 0.451),
            PonderosaPine | LodgepolePine | WesternWhitePine => (12.9, 0.453),
            GrandFir | BalsamFir => (16.5, 0.515),
            SlashPine | LongleafPine | PondPine | ShortleafPine | LoblollyPine => (2.71, 1.0),
        }
    }

    /// Steady flame duration of one tree = a·DBH^b (Albini 1979).
    fn flame_duration_coeffs(self) -> (f64, f64) {
        use TreeSpecies::*;
        match self {
            EngelmannSpruce | PonderosaPine | LodgepolePine => (12.6, -0.256),
            DouglasFir | SubalpineFir | WesternWhitePine | GrandFir | BalsamFir => (10.7, -0.278),
            WesternHemlock => (6.30, -0.249),
            SlashPine | LongleafPine => (11.9, -0.389),
            PondPine | ShortleafPine => (7.91, -0.344),
            LoblollyPine => (13.5, -0.544),
        }
    }

    /// Name as written in a scenario or on the command line.
    pub fn name(self) -> &'static str {
        use TreeSpecies::*;
        match self {
            EngelmannSpruce => "EngelmannSpruce",
            DouglasFir => "DouglasFir",
            SubalpineFir => "SubalpineFir",
            WesternHemlock => "WesternHemlock",
            PonderosaPine => "PonderosaPine",
            LodgepolePine => "LodgepolePine",
            WesternWhitePine => "WesternWhitePine",
            GrandFir => "GrandFir",
            BalsamFir => "BalsamFir",
            SlashPine => "SlashPine",
            LongleafPine => "LongleafPine",
            PondPine => "PondPine",
            ShortleafPine => "ShortleafPine",
            LoblollyPine => "LoblollyPine",
        }
    }
}

/// What lofts the firebrands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpotSource {
    /// A burning pile (Albini 1981) with its flame height, m.
    BurningPile {
        /// Flame height, m.
        flame_height_m: f64,
    },
    /// A wind-driven surface fire (Albini 1983; Chase 1984) with its flame length, m.
    SurfaceFire {
        /// Flame length, m.
        flame_length_m: f64,
    },
    /// Torching trees (Albini 1979).
    TorchingTrees {
        /// Species.
        species: TreeSpecies,
        /// Diameter at breast height, cm.
        dbh_cm: f64,
        /// Tree height, m.
        tree_height_m: f64,
        /// Number of trees torching together (≥ 1).
        trees: u32,
    },
}

/// The downwind canopy, as BehavePlus asks for it: an open canopy counts for half its
/// height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum DownwindCanopy {
    /// Closed canopy: the cover height is used as given.
    #[default]
    Closed,
    /// Open canopy: half the cover height is used.
    Open,
}

/// Where the source sits in ridge-and-valley terrain (Albini 1979), with the value the
/// mountain-terrain formula takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SpotLocation {
    /// Midslope, windward side.
    MidslopeWindward,
    /// Valley bottom.
    ValleyBottom,
    /// Midslope, leeward side.
    MidslopeLeeward,
    /// Ridge top.
    RidgeTop,
}

impl SpotLocation {
    fn index(self) -> f64 {
        match self {
            SpotLocation::MidslopeWindward => 0.0,
            SpotLocation::ValleyBottom => 1.0,
            SpotLocation::MidslopeLeeward => 2.0,
            SpotLocation::RidgeTop => 3.0,
        }
    }
}

/// Ridge-and-valley terrain between source and landing (Albini 1979).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpotTerrain {
    /// Where the source is.
    pub location: SpotLocation,
    /// Horizontal distance from ridge to valley bottom, m.
    pub ridge_to_valley_distance_m: f64,
    /// Elevation difference from ridge to valley bottom, m.
    pub ridge_to_valley_elevation_m: f64,
}

/// Inputs of a spotting distance computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpotInputs {
    /// What lofts the firebrands.
    pub source: SpotSource,
    /// 20-ft (6.1 m) open wind, m/s.
    pub wind_20ft_m_s: f64,
    /// Height of the cover (trees) downwind, m.
    pub downwind_cover_height_m: f64,
    /// Open or closed downwind canopy.
    pub downwind_canopy: DownwindCanopy,
    /// Ridge-and-valley terrain; `None`: flat.
    pub terrain: Option<SpotTerrain>,
}

/// Spotting distance and its intermediates (SI).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spotting {
    /// Steady flame height of the torching trees, m (0 for other sources).
    pub flame_height_m: f64,
    /// Steady flame duration of the torching trees (Albini's units; 0 for others).
    pub flame_duration: f64,
    /// Ratio of tree height to steady flame height (torching trees).
    pub flame_ratio: f64,
    /// Maximum firebrand height, m.
    pub firebrand_height_m: f64,
    /// Cover height used (after the open-canopy halving and the critical floor), m.
    pub cover_height_used_m: f64,
    /// Downwind drift of a surface-fire firebrand, m (surface fires only).
    pub drift_m: f64,
    /// Maximum spotting distance on flat terrain, m.
    pub flat_distance_m: f64,
    /// Maximum spotting distance over the ridge-and-valley terrain (equal to the flat
    /// distance without terrain), m.
    pub distance_m: f64,
}

/// Cover height used in the distance formula: at least 2.2·z^0.337 − 4 ft for a
/// firebrand height z in ft (BehavePlus).
fn cover_height_used_ft(firebrand_height_ft: f64, cover_ft: f64) -> f64 {
    let critical = if firebrand_height_ft < 1.0e-7 {
        0.0
    } else {
        2.2 * firebrand_height_ft.powf(0.337) - 4.0
    };
    cover_ft.max(critical)
}

/// Albini's (1979) flat-terrain distance, mi, for firebrand height z and cover height
/// h (ft) and 20-ft wind U (mi/h): 0.000718·U·√h·(0.362 + √(z/h)/2·ln(z/h)).
fn flat_distance_mi(z_ft: f64, h_ft: f64, u_mph: f64) -> f64 {
    if h_ft <= 1.0e-7 {
        return 0.0;
    }
    let r = z_ft / h_ft;
    0.000718 * u_mph * h_ft.sqrt() * (0.362 + r.sqrt() / 2.0 * r.ln())
}

/// Albini's (1979) adjustment of a flat distance (mi) for ridge-and-valley terrain:
/// the fixed point of x = a − b·(cos(π·x − L·π/2) − cos(L·π/2)), a = flat/ridge-valley
/// distance, b = elevation (ft)/(10π)/1000, L the location index, six iterations as
/// BehavePlus does.
fn mountain_distance_mi(flat_mi: f64, t: &SpotTerrain) -> f64 {
    let dist_mi = t.ridge_to_valley_distance_m / M_PER_MILE;
    let elev_ft = t.ridge_to_valley_elevation_m / M_PER_FT;
    if !(elev_ft > 1.0e-7 && dist_mi > 1.0e-7) {
        return flat_mi;
    }
    let a = flat_mi / dist_mi;
    let b = elev_ft / (10.0 * std::f64::consts::PI) / 1000.0;
    let l = t.location.index() * std::f64::consts::PI / 2.0;
    let mut x = a;
    for _ in 0..6 {
        x = a - b * ((std::f64::consts::PI * x - l).cos() - l.cos());
    }
    x * dist_mi
}

/// Maximum spotting distance of `inputs` (BehavePlus SPOT module).
pub fn spotting(inputs: &SpotInputs) -> Result<Spotting, FireError> {
    let finite_pos = |v: f64| v.is_finite() && v >= 0.0;
    let source_ok = match inputs.source {
        SpotSource::BurningPile { flame_height_m } => finite_pos(flame_height_m),
        SpotSource::SurfaceFire { flame_length_m } => finite_pos(flame_length_m),
        SpotSource::TorchingTrees {
            dbh_cm,
            tree_height_m,
            ..
        } => finite_pos(dbh_cm) && finite_pos(tree_height_m),
    };
    let terrain_ok = inputs.terrain.is_none_or(|t| {
        finite_pos(t.ridge_to_valley_distance_m) && finite_pos(t.ridge_to_valley_elevation_m)
    });
    if !(source_ok
        && terrain_ok
        && finite_pos(inputs.wind_20ft_m_s)
        && finite_pos(inputs.downwind_cover_height_m))
    {
        return Err(FireError::InvalidInput(
            "spotting: flame, tree, wind, cover and terrain values must be finite and >= 0",
        ));
    }
    let u = inputs.wind_20ft_m_s / M_S_PER_MPH;
    let mut cover_ft = inputs.downwind_cover_height_m / M_PER_FT;
    if inputs.downwind_canopy == DownwindCanopy::Open {
        cover_ft *= 0.5;
    }
    let mut out = Spotting::default();
    if u <= 1.0e-7 {
        return Ok(out);
    }
    // firebrand height (ft) and any drift (mi)
    let (z_ft, drift_mi) = match inputs.source {
        SpotSource::BurningPile { flame_height_m } => {
            let fh = flame_height_m / M_PER_FT;
            if fh <= 1.0e-7 {
                return Ok(out);
            }
            (PILE_FIREBRAND_FACTOR * fh, 0.0)
        }
        SpotSource::SurfaceFire { flame_length_m } => {
            let fl = flame_length_m / M_PER_FT;
            if fl <= 1.0e-7 {
                return Ok(out);
            }
            // thermal energy–wind relation and Byram's intensity from flame length
            let f = 322.0 * (0.474 * u).powf(-1.01);
            let byram = (fl / 0.45).powf(1.0 / 0.46);
            let z = if f * byram < 1.0e-7 {
                0.0
            } else {
                1.055 * (f * byram).sqrt()
            };
            (z, 0.000278 * u * z.powf(0.643))
        }
        SpotSource::TorchingTrees {
            species,
            dbh_cm,
            tree_height_m,
            trees,
        } => {
            let dbh_in = dbh_cm / CM_PER_IN;
            if dbh_in <= 1.0e-7 || trees < 1 {
                return Ok(out);
            }
            let n = f64::from(trees);
            let (ha, hb) = species.flame_height_coeffs();
            let (da, db) = species.flame_duration_coeffs();
            let flame_h = ha * dbh_in.powf(hb) * n.powf(0.4);
            let tree_ft = tree_height_m / M_PER_FT;
            let ratio = tree_ft / flame_h;
            let duration = da * dbh_in.powf(db) * n.powf(-0.2);
            // lofting factors by flame ratio and duration (Albini 1979)
            let (fa, fb) = if ratio >= 1.0 {
                (4.24, 0.332)
            } else if ratio >= 0.5 {
                (3.64, 0.391)
            } else if duration < 3.5 {
                (2.78, 0.418)
            } else {
                (4.70, 0.000)
            };
            out.flame_height_m = flame_h * M_PER_FT;
            out.flame_duration = duration;
            out.flame_ratio = ratio;
            (fa * duration.powf(fb) * flame_h + tree_ft / 2.0, 0.0)
        }
    };
    out.firebrand_height_m = z_ft * M_PER_FT;
    let h = cover_height_used_ft(z_ft, cover_ft);
    out.cover_height_used_m = h * M_PER_FT;
    if h <= 1.0e-7 || z_ft <= 1.0e-7 {
        return Ok(out);
    }
    let flat_mi = flat_distance_mi(z_ft, h, u) + drift_mi;
    let mountain_mi = match &inputs.terrain {
        Some(t) => mountain_distance_mi(flat_mi, t),
        None => flat_mi,
    };
    out.drift_m = drift_mi * M_PER_MILE;
    out.flat_distance_m = (flat_mi * M_PER_MILE).max(0.0);
    out.distance_m = (mountain_mi * M_PER_MILE).max(0.0);
    Ok(out)
}

/// Byram's fireline intensity (kW/m) of a flame length (m), the inverse of Byram's
/// L = 0.45·I^0.46 (ft, BTU/ft/s) as Albini's surface-fire model uses it.
pub fn byram_intensity_from_flame_kw_m(flame_length_m: f64) -> f64 {
    if flame_length_m <= 0.0 {
        0.0
    } else {
        (flame_length_m / M_PER_FT / 0.45).powf(1.0 / 0.46) * KW_M_PER_BTU_FT_S
    }
}

/// Probability (0–1) that a firebrand landing in fine dead fuel ignites it (Schroeder
/// 1969, as BehavePlus's IGNITE module computes it): the fuel temperature is the air
/// temperature + 25 − 20·shade °F, the heat of ignition
/// Q_ig = 144.51 − 0.266·T − 0.00058·T² − T·M + 18.54·(1 − e^(−15.1·M)) + 640·M cal/g
/// (T fuel temperature °C, M 1-h moisture as a fraction), at most 400, and
/// P = 0.000048·X^4.3/50 with X = (400 − Q_ig)/10, clamped to [0, 1].
/// `one_h_moisture` and `sun_shade` are fractions, `air_temperature_c` °C.
pub fn firebrand_ignition_probability(
    one_h_moisture: f64,
    air_temperature_c: f64,
    sun_shade: f64,
) -> f64 {
    if !(one_h_moisture.is_finite() && air_temperature_c.is_finite() && sun_shade.is_finite()) {
        return 0.0;
    }
    let air_f = air_temperature_c * 9.0 / 5.0 + 32.0;
    let fuel_f = air_f + 25.0 - 20.0 * sun_shade.clamp(0.0, 1.0);
    let t = (fuel_f - 32.0) * 5.0 / 9.0;
    let m = one_h_moisture.max(0.0);
    let q = (144.51 - 0.266 * t - 0.00058 * t * t - t * m
        + 18.54 * (1.0 - (-15.1 * m).exp())
        + 640.0 * m)
        .min(400.0);
    let x = 0.1 * (400.0 - q);
    (0.000048 * x.powf(4.3) / 50.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::close;

    const MI: f64 = M_PER_MILE;

    fn inputs(source: SpotSource, mph: f64, cover_ft: f64, open: bool) -> SpotInputs {
        SpotInputs {
            source,
            wind_20ft_m_s: mph * M_S_PER_MPH,
            downwind_cover_height_m: cover_ft * M_PER_FT,
            downwind_canopy: if open {
                DownwindCanopy::Open
            } else {
                DownwindCanopy::Closed
            },
            terrain: None,
        }
    }

    /// ORACLES.md: a burning pile with 10-ft flames, 20-ft wind 15 mi/h, downwind canopy
    /// 60 ft open, flat: firebrand height 122 ft, spotting distance 168.648 m.
    #[test]
    fn oracle_burning_pile() {
        let pile = SpotSource::BurningPile {
            flame_height_m: 10.0 * M_PER_FT,
        };
        let s = spotting(&inputs(pile, 15.0, 60.0, true)).expect("valid");
        assert!(close(s.firebrand_height_m / M_PER_FT, 122.0, 0.005));
        assert!(close(s.distance_m, 168.648, 0.005), "{}", s.distance_m);
        assert_eq!(s.distance_m, s.flat_distance_m);
    }

    fn ridge() -> Option<SpotTerrain> {
        Some(SpotTerrain {
            location: SpotLocation::RidgeTop,
            ridge_to_valley_distance_m: MI,
            ridge_to_valley_elevation_m: 2000.0 * M_PER_FT,
        })
    }

    /// The behave engine's test suite (testBehave.cpp, testSpotModule): ridge top, ridge
    /// to valley 1 mi and 2000 ft, downwind cover 30 ft, 20-ft wind 5 mi/h. Pile with
    /// 5-ft flames: closed 0.021330 mi (flat 0.017067), open 0.030863 mi (flat
    /// 0.024700). 15 Engelmann spruce of 20 in DBH, 30 ft tall: 0.222396 mi (flat
    /// 0.181449).
    #[test]
    fn behave_test_suite_pile_and_trees() {
        let pile = SpotSource::BurningPile {
            flame_height_m: 5.0 * M_PER_FT,
        };
        let mut i = inputs(pile, 5.0, 30.0, false);
        i.terrain = ridge();
        let s = spotting(&i).expect("valid");
        assert!(
            close(s.distance_m / MI, 0.021330, 1e-4),
            "{}",
            s.distance_m / MI
        );
        assert!(close(s.flat_distance_m / MI, 0.017067, 1e-4));
        i.downwind_canopy = DownwindCanopy::Open;
        let s = spotting(&i).expect("valid");
        assert!(
            close(s.distance_m / MI, 0.030863, 1e-4),
            "{}",
            s.distance_m / MI
        );
        assert!(close(s.flat_distance_m / MI, 0.024700, 1e-4));
        let trees = SpotSource::TorchingTrees {
            species: TreeSpecies::EngelmannSpruce,
            dbh_cm: 20.0 * CM_PER_IN,
            tree_height_m: 30.0 * M_PER_FT,
            trees: 15,
        };
        let mut i = inputs(trees, 5.0, 30.0, false);
        i.terrain = ridge();
        let s = spotting(&i).expect("valid");
        assert!(
            close(s.distance_m / MI, 0.222396, 1e-4),
            "{}",
            s.distance_m / MI
        );
        assert!(close(s.flat_distance_m / MI, 0.181449, 1e-4));
    }

    /// testSpotModule's surface fire: the GS4 surface fire of the suite (6/7/8/60/90 %,
    /// 5 mi/h 20-ft wind at WAF 1, upslope on 30 %): 0.267467 mi over the ridge, flat
    /// 0.22005 mi.
    #[test]
    fn behave_test_suite_surface_fire() {
        use crate::hazard::fire::test_support::{fm, oracle_moisture};
        use crate::hazard::fire::{SurfaceInputs, WindSpeed, surface_fire};
        let f = surface_fire(
            fm("GS4"),
            &SurfaceInputs::upslope(
                oracle_moisture(),
                WindSpeed::TwentyFootMph {
                    speed: 5.0,
                    waf: Some(1.0),
                },
                0.30,
            ),
        )
        .expect("valid");
        let src = SpotSource::SurfaceFire {
            flame_length_m: f.flame_length_m,
        };
        let mut i = inputs(src, 5.0, 30.0, false);
        i.terrain = ridge();
        let s = spotting(&i).expect("valid");
        assert!(
            close(s.distance_m / MI, 0.267467, 1e-4),
            "{}",
            s.distance_m / MI
        );
        assert!(close(s.flat_distance_m / MI, 0.22005, 1e-4));
        assert!(s.drift_m > 0.0);
    }

    #[test]
    fn nothing_to_loft_is_zero() {
        let pile = SpotSource::BurningPile {
            flame_height_m: 3.0,
        };
        assert_eq!(
            spotting(&inputs(pile, 0.0, 30.0, false))
                .expect("ok")
                .distance_m,
            0.0
        );
        let none = SpotSource::BurningPile {
            flame_height_m: 0.0,
        };
        assert_eq!(
            spotting(&inputs(none, 10.0, 30.0, false))
                .expect("ok")
                .distance_m,
            0.0
        );
        let bad = SpotSource::BurningPile {
            flame_height_m: f64::NAN,
        };
        assert!(spotting(&inputs(bad, 10.0, 30.0, false)).is_err());
        // more wind, farther
        let a = spotting(&inputs(pile, 5.0, 30.0, false))
            .expect("ok")
            .distance_m;
        let b = spotting(&inputs(pile, 20.0, 30.0, false))
            .expect("ok")
            .distance_m;
        assert!(b > a && a > 0.0);
    }

    /// The behave engine's test suite (testIgniteModule): 6 % 1-h moisture, 80 °F, 50 %
    /// shade: 0.54831705; 7 %, 90 °F, 25 % shade: 0.50717573.
    #[test]
    fn schroeder_ignition_probability() {
        let c = |f: f64| (f - 32.0) * 5.0 / 9.0;
        assert!(close(
            firebrand_ignition_probability(0.06, c(80.0), 0.5),
            0.54831705,
            1e-6
        ));
        assert!(close(
            firebrand_ignition_probability(0.07, c(90.0), 0.25),
            0.50717573,
            1e-6
        ));
        // drier and hotter is likelier; wet fuel does not catch
        assert!(
            firebrand_ignition_probability(0.03, 30.0, 0.0)
                > firebrand_ignition_probability(0.10, 30.0, 0.0)
        );
        assert_eq!(firebrand_ignition_probability(0.40, 10.0, 1.0), 0.0);
        assert!(firebrand_ignition_probability(0.02, 40.0, 0.0) <= 1.0);
    }
}
