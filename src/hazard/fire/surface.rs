//! Point surface fire behaviour, the BehavePlus SURFACE module: [`surface_fire`]
//! combines a fuel model's [`Fuelbed`](super::Fuelbed), a wind and a slope
//! ([`SurfaceInputs`]) into a [`SurfaceFire`]: head, flanking and backing rates of
//! spread, direction of maximum spread, length-to-width ratio, reaction and fireline
//! intensity and Byram's (1959) flame length ([`flame_length_m`]).
//!
//! Outputs are SI (m/min, m/s, kW/m, kW/m², kJ/m², m); directions are degrees clockwise
//! from north. Invariant: invalid inputs are errors, never NaN outputs.

use super::{
    FT_MIN_PER_MPH, FireError, Fuelbed, KJ_M2_PER_BTU_FT2, KW_M_PER_BTU_FT_S,
    KW_M2_PER_BTU_FT2_MIN, M_PER_CHAIN, M_PER_FT, M_S_PER_MPH, Moisture, WindLimit, WindSpeed,
};
use crate::catalog::fuel_models::FuelModel;

/// Byram flame length coefficient, ft per (BTU/ft/s)^0.46 (Byram 1959: L = 0.45·I^0.46;
/// about 0.0775 m per (kW/m)^0.46 in SI).
const BYRAM_FLAME_FT: f64 = 0.45;
/// Byram flame length exponent.
const BYRAM_EXP: f64 = 0.46;

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
    /// Upper limit on the effective wind (default [`WindLimit::None`], as the behave
    /// engine).
    pub wind_limit: WindLimit,
}

impl SurfaceInputs {
    /// Wind blowing straight upslope (aspect 0°, wind from 0°: upslope is south and the
    /// wind pushes south), no wind limit — the BehavePlus "wind blowing upslope" case.
    pub fn upslope(moisture: Moisture, wind: WindSpeed, slope: f64) -> Self {
        SurfaceInputs {
            moisture,
            wind,
            wind_from_deg: 0.0,
            slope,
            aspect_deg: 0.0,
            wind_limit: WindLimit::None,
        }
    }
}

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
    /// The wind limit in force.
    pub wind_limit: WindLimit,
    /// The limit on the effective midflame wind, m/s (`None`: no limit).
    pub wind_limit_m_s: Option<f64>,
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

/// Byram flame length (m) from fireline intensity (kW/m): L = 0.45·I^0.46 ft with I in
/// BTU/ft/s, as the behave engine computes it (≈ 0.0775·I^0.46 m with I in kW/m).
pub fn flame_length_m(fireline_intensity_kw_m: f64) -> f64 {
    if fireline_intensity_kw_m < 1.0e-7 {
        0.0
    } else {
        BYRAM_FLAME_FT * (fireline_intensity_kw_m / KW_M_PER_BTU_FT_S).powf(BYRAM_EXP) * M_PER_FT
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
    let s = bed.spread(wind_ft_min, rel, inputs.slope, inputs.wind_limit);
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
        wind_limit: inputs.wind_limit,
        wind_limit_m_s: s
            .wind_limit_ft_min
            .map(|l| l / FT_MIN_PER_MPH * M_S_PER_MPH),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::{close, fire, fm, oracle_moisture};
    use crate::hazard::fire::{MAX_LWR, canopy_waf};

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
        // Byram: I = HPA·R, L = 0.45·I^0.46 ft (BTU/ft/s) ≈ 0.0775·I^0.46 m (kW/m).
        let i = f.heat_per_unit_area_kj_m2 * f.head_ros_m_min / 60.0;
        assert!(close(f.fireline_intensity_kw_m, i, 1e-9));
        assert!(close(f.flame_length_m, 0.0775 * i.powf(0.46), 1e-3));
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
            wind_limit: WindLimit::Rothermel1972,
        };
        let f = surface_fire(gs4, &cross).expect("valid");
        assert!(
            close(f.head_ros_ch_h(), 19.677584, 1e-6),
            "{}",
            f.head_ros_ch_h()
        );
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
            wind_limit: WindLimit::None,
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
}
