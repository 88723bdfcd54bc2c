//! Conditions of the raster spread: the [`Weather`] in force (uniform midflame wind
//! and fuel moistures) and what is derived from it once per weather and shared by every
//! cell (`Conditions`: fuel beds, spread ellipses on flat ground and heat per unit area
//! by fuel code), and the spread ellipse of one cell (`Ell`), built from
//! [`Fuelbed::spread`](super::Fuelbed::spread).
//!
//! Invariants: the per-code tables are indexed by standard fuel model number (< 256);
//! a code absent from the grid holds no bed and a zero ellipse; a zero ellipse spreads
//! nowhere.

use super::{
    FT_MIN_PER_MPH, FireError, Fuelbed, KJ_M2_PER_BTU_FT2, M_PER_FT, M_S_PER_MPH, Moisture,
};
use crate::catalog::fuel_models::FuelModel;

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
    pub(super) fn validate(&self) -> Result<(), FireError> {
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

/// Spread ellipse of one cell under one weather: rate toward unit vector u
/// = a / (1 − e·(h·u)), with a = R_head·(1 − e) in m/s and h the head unit vector
/// (east, north).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Ell {
    a: f32,
    e: f32,
    hx: f32,
    hy: f32,
}

impl Ell {
    #[inline]
    pub(super) fn rate(&self, ux: f64, uy: f64) -> f64 {
        let c = f64::from(self.hx) * ux + f64::from(self.hy) * uy;
        f64::from(self.a) / (1.0 - f64::from(self.e) * c)
    }

    pub(super) fn head(&self) -> f64 {
        f64::from(self.a) / (1.0 - f64::from(self.e))
    }
}

/// Ellipse of a fuel bed for a weather on a cell with slope `slope` (tan) whose
/// upslope direction is `up_az` (radians clockwise from north).
pub(super) fn make_ell(bed: &Fuelbed, w: &Weather, slope: f64, up_az: f64) -> Ell {
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

/// Weather-dependent tables shared by all cells.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Conditions {
    pub(super) weather: Weather,
    /// Time from which these conditions hold, s.
    pub(super) start_s: f64,
    /// Identifier stamped on cached cell ellipses.
    pub(super) id: u32,
    /// Fuel beds by fuel code (index = standard number).
    pub(super) beds: Vec<Option<Fuelbed>>,
    /// Ellipse on flat ground by fuel code.
    pub(super) flat: Vec<Ell>,
    /// Heat per unit area by fuel code, kJ/m².
    pub(super) hpa: Vec<f64>,
}

/// Size of the per-code tables (codes are standard numbers ≤ 204).
pub(super) const CODE_TABLE: usize = 256;

impl Conditions {
    pub(super) fn new(
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
