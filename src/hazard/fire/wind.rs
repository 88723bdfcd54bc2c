//! Wind input of the point surface fire model: midflame or 20-ft (6.1 m) open wind
//! ([`WindSpeed`]) and the wind adjustment factor that reduces a 20-ft wind to midflame
//! height, unsheltered ([`default_waf`]) or under an overstory canopy ([`canopy_waf`])
//! (Albini & Baughman 1979, as in BehavePlus), and the optional upper limit on the
//! effective wind ([`WindLimit`]).
//!
//! Invariant: a midflame wind handed to the fuel bed is finite and ≥ 0 (ft/min) and a
//! wind adjustment factor used lies in (0, 1].

use super::{FT_MIN_PER_MPH, FireError, M_S_PER_MPH};

/// Upper limit on the effective midflame wind of the Rothermel model (US units: wind in
/// ft/min, reaction intensity I_R in BTU/ft²/min). Beyond the limit the head rate of
/// spread stays at its value at the limit.
///
/// The default is [`WindLimit::None`], as in the US Forest Service's behave engine
/// (BehavePlus 6): Andrews, Cruz & Rothermel (2013, *Int. J. Wildland Fire* 22:959–969,
/// doi:10.1071/WF12122) re-derived the limit, found both the original and the revised
/// limit too restrictive against grassfire data, and recommend imposing none.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum WindLimit {
    /// No limit (behave engine default; Andrews, Cruz & Rothermel 2013).
    #[default]
    None,
    /// Rothermel (1972, eq. 87): U ≤ 0.9·I_R.
    Rothermel1972,
    /// The revised limit of Andrews, Cruz & Rothermel (2013, eq. 21): U ≤ 96.8·I_R^(1/3).
    Andrews2013,
}

/// Rothermel's (1972) wind limit factor: U ≤ 0.9·I_R (ft/min, BTU/ft²/min); also the
/// cap the behave engine puts on the slope factor φ_s whatever the limit in force.
pub const ROTHERMEL_1972_LIMIT_FACTOR: f64 = 0.9;
/// Andrews, Cruz & Rothermel (2013, eq. 21) revised limit coefficient: U ≤ 96.8·I_R^(1/3)
/// (ft/min, BTU/ft²/min).
pub const ANDREWS_2013_LIMIT_COEFF: f64 = 96.8;

impl WindLimit {
    /// The limit on the effective midflame wind (ft/min) for a reaction intensity
    /// `reaction_intensity` (BTU/ft²/min); `None` when no limit applies.
    pub fn limit_ft_min(self, reaction_intensity: f64) -> Option<f64> {
        match self {
            WindLimit::None => None,
            WindLimit::Rothermel1972 => Some(ROTHERMEL_1972_LIMIT_FACTOR * reaction_intensity),
            WindLimit::Andrews2013 => {
                Some(ANDREWS_2013_LIMIT_COEFF * reaction_intensity.max(0.0).cbrt())
            }
        }
    }

    /// The name as written in a scenario and printed by `probe fire`.
    pub fn name(self) -> &'static str {
        match self {
            WindLimit::None => "None",
            WindLimit::Rothermel1972 => "Rothermel1972",
            WindLimit::Andrews2013 => "Andrews2013",
        }
    }

    /// A one-line description with the source.
    pub fn describe(self) -> &'static str {
        match self {
            WindLimit::None => {
                "no wind limit (behave engine default; Andrews, Cruz & Rothermel 2013)"
            }
            WindLimit::Rothermel1972 => "Rothermel (1972) limit, U <= 0.9 I_R",
            WindLimit::Andrews2013 => {
                "revised limit of Andrews, Cruz & Rothermel (2013), U <= 96.8 I_R^(1/3)"
            }
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
    pub(super) fn midflame_ft_min(&self, depth_ft: f64) -> Result<(f64, Option<f64>), FireError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::{close, fm, oracle_moisture};
    use crate::hazard::fire::{SurfaceInputs, surface_fire};

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
}
