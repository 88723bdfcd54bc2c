//! Toxic gas dispersion for the chemical-leak hazard: Pasquill stability
//! classes, Briggs (1973) dispersion coefficients, the steady Gaussian plume
//! (for checks and quick estimates), the Gaussian **puff** model that the
//! simulation steps each tick, and threat zones on a grid field.
//!
//! Substance data, unit conversion and threat levels live in
//! [`crate::catalog::substances`].
//!
//! # Grid and wind conventions
//! Positions are metres: `x_m` east from the west edge, `y_m` **south**
//! from the north edge. Cell `(col, row)` has its centre at
//! `((col + 0.5)·cell, (row + 0.5)·cell)`, index `row·width + col`, row 0 is
//! the north edge. Wind direction is where the wind blows **from**, degrees
//! clockwise from north: wind from 270° carries gas east (+x), wind from 0°
//! carries gas south (+y).
//!
//! # Model limits
//! Passive (neutrally buoyant) gas unless the release is dense by the Britter & McQuaid
//! (1988) criterion (`dense.rs`: their workbook correlations near the source, a passive
//! plume from a virtual source beyond); flat terrain, uniform wind, total ground
//! reflection, no mixing-lid reflection, no plume rise, no deposition or decay. Good
//! enough for an exercise picture; not a substitute for ALOHA/PHAST in real planning.
//!
//! # Files
//! The public items are re-exported here, so every path `crate::hazard::plume::X` names
//! them.
//! * `dispersion.rs`: stability classes, [`pasquill_class`] and the Briggs sigmas;
//! * `steady.rs`: the steady Gaussian plume ([`plume_concentration`], cell means, [`erf`]);
//! * `puffs.rs`: the Gaussian puff model ([`PuffModel`]) and its grid field;
//! * `dense.rs`: dense-gas criteria and the Britter–McQuaid correlations
//!   ([`DenseContinuous`], [`DenseInstantaneous`]);
//! * `zones.rs`: threat levels of a ppm field and the nested threat zones.
//!
//! This file holds the grid-argument errors ([`FieldError`]) and the input checks shared
//! by the puff field and the zones.

mod dense;
mod dispersion;
mod puffs;
mod steady;
mod zones;

pub use dense::{
    CONTINUOUS_CRITERION, DenseContinuous, DenseInstantaneous, INSTANTANEOUS_CRITERION, Regime,
    Verdict, air_density_kg_m3, classify_continuous, classify_instantaneous, continuous_at,
    gas_density_kg_m3, non_isothermal, reduced_gravity,
};
pub use dispersion::{
    MIN_WIND_M_S, SkyCondition, StabilityClass, Terrain, briggs_sigmas, pasquill_class,
};
pub use puffs::{
    DEFAULT_MAX_PUFFS, DEFAULT_MIN_PEAK_KG_M3, DEFAULT_MIN_TRAVEL_M, DEFAULT_RETIRE_MARGIN_M,
    GRID_CUTOFF_SIGMAS, PuffModel, PuffParams,
};
pub use steady::{PlumePoint, erf, plume_cell_mean_kg_m3, plume_concentration};
pub use zones::{ThreatZones, ZoneStats, classify_cells, field_mg_m3_to_ppm, threat_zones};

use std::fmt;

/// Invalid arguments to a grid function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// The slice length is not `width × height`.
    SizeMismatch {
        /// `width × height` (or `usize::MAX` on overflow).
        expected: usize,
        /// The slice length given.
        got: usize,
    },
    /// The cell size is not a positive finite number.
    BadCellSize,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SizeMismatch { expected, got } => {
                write!(f, "grid has {got} cells, expected {expected}")
            }
            Self::BadCellSize => write!(f, "cell size must be positive and finite"),
        }
    }
}

impl std::error::Error for FieldError {}

fn check_grid(width: usize, height: usize, cell_m: f64, len: usize) -> Result<(), FieldError> {
    let expected = width.saturating_mul(height);
    if expected != len {
        return Err(FieldError::SizeMismatch { expected, got: len });
    }
    if !(cell_m.is_finite() && cell_m > 0.0) {
        return Err(FieldError::BadCellSize);
    }
    Ok(())
}

fn sanitize(v: f64, fallback: f64) -> f64 {
    if v.is_finite() { v } else { fallback }
}

#[cfg(test)]
mod test_support;
