//! Helpers shared by the fire model's unit tests: the BehavePlus example moistures,
//! fuel model lookup, a point fire, relative closeness, a uniform grid and a weather.

use super::{FireGrid, Moisture, SurfaceFire, SurfaceInputs, Weather, WindSpeed, surface_fire};
use crate::catalog::fuel_models::FuelModel;

pub(super) fn oracle_moisture() -> Moisture {
    Moisture::from_percent(6.0, 7.0, 8.0, 60.0, 90.0)
}

pub(super) fn fm(code: &str) -> &'static FuelModel {
    FuelModel::by_code(code).expect("fuel model in table")
}

pub(super) fn fire(code: &str, wind_mph: f64, slope: f64) -> SurfaceFire {
    let inp = SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(wind_mph), slope);
    surface_fire(fm(code), &inp).expect("valid inputs")
}

pub(super) fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

pub(super) fn uniform(w: usize, h: usize, cell_m: f64, code: u16) -> FireGrid {
    FireGrid::new(w, h, cell_m, vec![code; w * h], vec![0.0; w * h]).expect("valid grid")
}

pub(super) fn wind(m_s: f64, from: f64) -> Weather {
    Weather {
        midflame_wind_m_s: m_s,
        wind_from_deg: from,
        moisture: oracle_moisture(),
        wind_20ft_m_s: m_s / 0.4,
    }
}
