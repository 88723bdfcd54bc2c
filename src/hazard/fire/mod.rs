//! Forest-fire hazard: Rothermel surface fire behaviour and raster spread.
//!
//! This module owns
//! * the point surface fire model ([`Fuelbed`], [`surface_fire`]): Rothermel (1972)
//!   with the Albini (1976) corrections exactly as implemented by the USFS
//!   BehavePlus engine (`behave`): five fuel size classes plus the dead herbaceous
//!   class of dynamic models, dead/live weighting, Albini's live moisture of
//!   extinction, size-sorted net load weighting, mineral damping, heat sink, wind
//!   and slope factors combined as vectors into an effective wind, the 0.9·I_R wind
//!   limit, Anderson (1983) length-to-width ratio and the elliptical spread shape;
//! * the raster spread model ([`FireGrid`]): a deterministic minimum-travel-time
//!   (Dijkstra) propagation of arrival times over a 16-direction stencil, with
//!   weather changes, fire lines and water drops;
//! * the hand-crew line production helper [`fireline_rate_m_per_h`].
//!
//! Fuel model parameters live in [`crate::catalog::fuel_models`].
//!
//! Units: the public API is SI (m, m/s, m/min, kW/m, kW/m², kJ/m², s) with chains/hour
//! and mi/h helpers; the Rothermel internals ([`Fuelbed`], [`Spread`]) keep the
//! BehavePlus US units (ft, ft/min, lb/ft², BTU) so they can be compared line by line.
//! Flame length is Byram's L = 0.45·I^0.46 (ft, BTU/ft/s), i.e. L ≈ 0.0775·I^0.46 in
//! m with I in kW/m.
//!
//! Invariants of [`FireGrid`]:
//! * cell index = `row * width + col`, row 0 is the north edge, col 0 the west edge;
//!   east = +col, north = −row; azimuths are degrees clockwise from north and wind
//!   directions are the direction the wind blows FROM;
//! * a cell ignites at most once; its arrival time never changes afterwards;
//! * arrival times are final for every time ≤ [`FireGrid::now_s`] and cells are
//!   recorded in non-decreasing arrival order;
//! * non-burnable cells (code 0, NB1..NB9, zero-load models) and fire-line cells never ignite;
//! * the computation is deterministic: ties in the priority queue break on cell index.
//!
//! Files, one concept each (the public items are re-exported here, so every path
//! `crate::hazard::fire::X` names them):
//! * `fuelbed.rs`: fuel moisture and the Rothermel fuel bed with wind and slope applied
//!   ([`Moisture`], [`Fuelbed`], [`Spread`], length-to-width ratio, eccentricity);
//! * `wind.rs`: midflame / 20-ft wind input and the wind adjustment factors;
//! * `surface.rs`: the point surface fire ([`surface_fire`], [`SurfaceFire`]) and Byram's
//!   flame length;
//! * `conditions.rs`: the [`Weather`] of the raster spread and the per-weather tables and
//!   spread ellipses derived from it;
//! * `stencil.rs`: the 16-direction propagation stencil;
//! * `spread.rs`: [`FireGrid`], its Dijkstra propagation and its queries;
//! * `replan.rs`: weather changes, scheduled events and re-planning of the front;
//! * `crown.rs`: crown fire at a point (Van Wagner 1977, Rothermel 1991, Scott &
//!   Reinhardt 2001; [`crown_fire`]);
//! * `spotting.rs`: maximum spotting distance at a point (Albini 1979–1983; [`spotting`])
//!   and Schroeder's (1969) firebrand ignition probability;
//! * `canopy.rs`: the grid's canopy layers and settings, and the spread of one cell with
//!   its crown;
//! * `embers.rs`: spot fires on the grid;
//! * `breach.rs`: fire crossing narrow strips of non-burnable ground;
//! * `suppression.rs`: fire lines, water drops and hand-crew line production;
//! * `terrain.rs`: slope and aspect from the elevation raster (Horn 1981).
//!
//! This file holds the errors and the unit conversions shared by all of them.

mod breach;
mod canopy;
mod conditions;
mod crown;
mod embers;
mod fuelbed;
mod replan;
mod spotting;
mod spread;
mod stencil;
mod suppression;
mod surface;
mod terrain;
mod wind;

pub use breach::{BREACH_FLAME_LENGTHS, BREACH_MAX_M};
pub use canopy::{CanopyLayers, FireSettings, SpotSettings};
pub use conditions::Weather;
pub use crown::{
    BEHAVE_BTU_FT_S_PER_KW_M, CANOPY_HEAT_BTU_LB, CROWN_FUEL_WAF, Canopy, CrownFire, CrownFuel,
    CrownInputs, FireType, ROTHERMEL_1991_CROWN_FACTOR, critical_crown_ros_m_min,
    critical_surface_intensity_kw_m, crown_fire, crown_fraction_burned, crown_length_to_width,
    kg_m3_from_lb_ft3, thomas_flame_length_m,
};
pub use embers::{MIN_SPOT_CELLS, SPOT_LATERAL_SCATTER, SpotFire};
pub use fuelbed::{Fuelbed, MAX_LWR, Moisture, Spread, eccentricity, length_to_width_ratio};
pub use spotting::{
    DownwindCanopy, PILE_FIREBRAND_FACTOR, SpotInputs, SpotLocation, SpotSource, SpotTerrain,
    Spotting, TreeSpecies, byram_intensity_from_flame_kw_m, firebrand_ignition_probability,
    spotting,
};
pub use spread::{DEFAULT_BURNOUT_S, FireGrid};
pub use suppression::fireline_rate_m_per_h;
pub use surface::{SurfaceFire, SurfaceInputs, flame_length_m, surface_fire};
pub use wind::{
    ANDREWS_2013_LIMIT_COEFF, ROTHERMEL_1972_LIMIT_FACTOR, WindLimit, WindSpeed, canopy_waf,
    default_waf,
};

use std::fmt;

/// Metres per foot (exact, international foot).
pub const M_PER_FT: f64 = 0.3048;
/// Metres per chain (66 ft). 1 ch/h = 20.1168 m/h.
pub const M_PER_CHAIN: f64 = 20.1168;
/// ft/min per mi/h (5280 / 60).
pub const FT_MIN_PER_MPH: f64 = 88.0;
/// Metres per second per mile per hour (1609.344 / 3600).
pub const M_S_PER_MPH: f64 = 0.44704;
/// Joules per international-table BTU.
const J_PER_BTU: f64 = 1_055.055_852_62;
/// kW/m² per BTU/ft²/min (reaction intensity).
const KW_M2_PER_BTU_FT2_MIN: f64 = J_PER_BTU / (M_PER_FT * M_PER_FT) / 60.0 / 1000.0;
/// kJ/m² per BTU/ft² (heat per unit area).
const KJ_M2_PER_BTU_FT2: f64 = J_PER_BTU / (M_PER_FT * M_PER_FT) / 1000.0;
/// kW/m per BTU/ft/s (fireline intensity).
const KW_M_PER_BTU_FT_S: f64 = J_PER_BTU / M_PER_FT / 1000.0;

/// Errors of the fire model.
#[derive(Debug, Clone, PartialEq)]
pub enum FireError {
    /// An input value is out of its domain (negative, NaN, ...).
    InvalidInput(&'static str),
    /// Fuel and elevation vectors do not match `width * height`.
    DimensionMismatch {
        /// Expected number of cells.
        expected: usize,
        /// Length of the fuel layer.
        fuel: usize,
        /// Length of the elevation layer.
        elevation: usize,
    },
    /// A fuel code in the raster is not in the fuel model table.
    UnknownFuel {
        /// Cell index.
        cell: usize,
        /// The offending code.
        code: u16,
    },
    /// A cell index is outside the grid.
    CellOutOfRange(usize),
}

impl fmt::Display for FireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FireError::InvalidInput(what) => write!(f, "invalid fire model input: {what}"),
            FireError::DimensionMismatch {
                expected,
                fuel,
                elevation,
            } => write!(
                f,
                "grid expects {expected} cells, fuel layer has {fuel}, elevation layer has {elevation}"
            ),
            FireError::UnknownFuel { cell, code } => {
                write!(f, "unknown fuel model code {code} at cell {cell}")
            }
            FireError::CellOutOfRange(c) => write!(f, "cell {c} is outside the grid"),
        }
    }
}

impl std::error::Error for FireError {}

#[cfg(test)]
mod test_support;
