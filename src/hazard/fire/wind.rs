//! Wind input of the point surface fire model: midflame or 20-ft (6.1 m) open wind
//! ([`WindSpeed`]) and the wind adjustment factor that reduces a 20-ft wind to midflame
//! height, unsheltered ([`default_waf`]) or under an overstory canopy ([`canopy_waf`])
//! (Albini & Baughman 1979, as in BehavePlus).
//!
//! Invariant: a midflame wind handed to the fuel bed is finite and ≥ 0 (ft/min) and a
//! wind adjustment factor used lies in (0, 1].

use super::{FT_MIN_PER_MPH, FireError, M_S_PER_MPH};

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
