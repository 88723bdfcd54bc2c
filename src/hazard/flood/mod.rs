//! Raster flood model: the local inertial shallow-water scheme of Bates, Horritt &
//! Fewtrell (2010, J. Hydrol. 387, 33-45), as used by LISFLOOD-FP's "ACC" solver.
//!
//! # What this module owns
//! [`FloodGrid`] owns the water state of one raster: depth per cell, unit-width discharge
//! on every cell face, the running maximum depth, the simulation clock and the mass
//! balance ledger ([`MassBalance`]). Terrain (bed elevation) and Manning's n are copied in
//! at construction; the bed can later be edited with [`FloodGrid::set_bed`] (levee breach,
//! sandbag wall). Forcing (river inflows, rain, pumps, fixed-depth boundaries) is supplied
//! by the caller for each tick through [`Forcing`]; open (free outflow) boundary cells are
//! configured on the grid with [`FloodGrid::set_open_boundary`].
//!
//! # Grid convention
//! Cell index = `row * width + col`; row 0 is the NORTH edge, col 0 the WEST edge. Cells
//! are square, `cell_m` metres on a side. The domain boundary is closed (no flow) except
//! at open-boundary cells and fixed-depth cells.
//!
//! # Numerics
//! For each interior face the flux per unit width `q` (m²/s, positive towards east / south)
//! is updated semi-implicitly in friction:
//! `q ← (q − g·h_f·dt·Δη/Δx) / (1 + g·dt·n²·|q| / h_f^(7/3))`,
//! with `h_f = max(η_a, η_b) − max(z_a, z_b)` (η = bed + depth). A face carries no flow when
//! `h_f ≤` [`FloodParams::flow_depth_min_m`] (LISFLOOD-FP's depth threshold, 1 mm by
//! default). The face Manning coefficient is the arithmetic mean of the two cells' n.
//! Continuity: `h += dt·(Σq_in − Σq_out)/Δx`. The sub-step is
//! `dt = α·Δx/√(g·h_max)` (α = 0.7), capped at [`FloodParams::max_dt_s`];
//! [`FloodGrid::advance`] takes as many sub-steps as needed to cover the caller's tick
//! exactly (the last one shortened). `h_max` includes the depth the sources may add in the
//! coming sub-step, so a strong inflow into a dry domain cannot overshoot the CFL limit.
//!
//! # Invariants
//! * Depths are never negative: before continuity, every cell whose outgoing demand (face
//!   outflow + pump + open-boundary outflow) exceeds the water it holds has all its outgoing
//!   terms scaled by the same factor so it exports exactly what it has. The scaled values
//!   are what is stored and booked, so the ledger stays exact. A residual of the order of
//!   one ulp (≈1e-16 m) can remain after scaling; it is clamped to zero and shows up in
//!   [`MassBalance::error_m3`] (it is many orders of magnitude below the 1e-6 budget).
//! * Mass balance: after every sub-step
//!   `stored = manual + inflow − outflow + rain − pumped` holds to round-off; the worst
//!   relative error over all sub-steps is kept in [`MassBalance::max_rel_error`]. Totals
//!   are accumulated with Neumaier compensated summation; `stored` is recomputed as a sum.
//! * Cells outside the per-row active column ranges are dry (depth exactly 0). Only the
//!   active ranges (rows/columns of wet cells plus a one-cell margin, which CFL guarantees
//!   water cannot cross in one sub-step) are updated, and every face touching an active
//!   cell is recomputed before continuity uses it, so dry regions cost nothing.
//! * A cell may appear several times in [`Forcing::inflows`] or [`Forcing::pumps`]
//!   (rates add); in [`Forcing::fixed_depths`] the last entry for a cell wins.
//! * Runs are deterministic: same inputs give bitwise identical results (no threads,
//!   no hashing, fixed iteration order).
//!
//! # Validation (unit tests beside the code they test; figures measured on the dev machine)
//! * Bates et al. (2010) moving wave (n = 0.01, u = 1 m/s, t = 3600 s): with the analytic
//!   boundary discharge u·h(0,t) every check point (0, 1000, 2000, 3000 m) is within 5 %
//!   at 50 m and 25 m cells. With a fixed-depth (HFIX) boundary the points up to 2000 m
//!   are within 5 % but 3000 m is 11 % low at 50 m (14 % at 10 m): the boundary
//!   discharge must accelerate through the local-inertia term, so ~6 % less water enters
//!   and the front lags ~250 m. This does not shrink with Δx, i.e. it belongs to the
//!   local-inertia equations with a depth boundary, not to the discretisation.
//! * Mass balance error ≈ 1e-15 relative (budget 1e-6); lake at rest exact to 1e-12 m;
//!   a central mound stays mirror/diagonal symmetric to 1e-12 m; bitwise determinism.
//! * EA Test 4 style plain (200 × 400 cells of 5 m, n = 0.05, 0→20→0 m³/s over 2 h through
//!   a 20 m inlet): ≈ 60 M wet-cell updates/s on one core (release), front (h > 1 cm)
//!   at 403 m after 1 h and 693 m after 2 h. Run the `bench_ea_test4` ignored test.
//!
//! # Files
//! The public items are re-exported here, so every path `crate::hazard::flood::X` names
//! them.
//! * `params.rs`: numerical parameters and their defaults ([`FloodParams`]);
//! * `grid.rs`: the [`FloodGrid`] state, construction, cell edits and read access;
//! * `boundary.rs`: open (free outflow) boundary cells ([`OutflowKind`]);
//! * `forcing.rs`: per-tick forcing ([`Forcing`]: inflows, rain, pumps, fixed depths) and
//!   [`hydrograph`] interpolation;
//! * `flux.rs`: the inertial face flux of Bates et al. (2010) and its fast cube root;
//! * `step.rs`: the time step ([`FloodGrid::advance`]): CFL sub-steps, sources, face
//!   fluxes, outflow limiter, sinks, continuity;
//! * `mass.rs`: the mass balance ledger ([`MassBalance`]) and compensated sums.
//!
//! This file holds the errors ([`FloodError`]).

mod boundary;
mod flux;
mod forcing;
mod grid;
mod mass;
mod params;
mod step;

pub use boundary::OutflowKind;
pub use forcing::{Forcing, hydrograph};
pub use grid::FloodGrid;
pub use mass::MassBalance;
pub use params::{
    DEFAULT_ALPHA, DEFAULT_FLOW_DEPTH_MIN_M, DEFAULT_MAX_DT_S, FloodParams, GRAVITY_M_S2,
};
pub use step::StepStats;

use std::fmt;

/// Errors from constructing or driving a [`FloodGrid`].
#[derive(Debug, Clone, PartialEq)]
pub enum FloodError {
    /// Width or height is zero, or width × height overflows.
    BadDimensions {
        /// Columns given.
        width: usize,
        /// Rows given.
        height: usize,
    },
    /// A per-cell input vector does not have width × height entries.
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Cells in the grid.
        expected: usize,
        /// Entries given.
        got: usize,
    },
    /// A cell index is outside the grid.
    CellOutOfRange {
        /// The index.
        cell: usize,
        /// Cells in the grid.
        cells: usize,
    },
    /// A value is NaN, infinite, or has the wrong sign.
    InvalidValue {
        /// Which value.
        what: &'static str,
        /// The value.
        value: f64,
    },
    /// An open boundary was requested on a cell that is not on the domain edge.
    NotOnBoundary {
        /// The cell.
        cell: usize,
    },
    /// The state became non-finite (should not happen with sane inputs).
    Unstable {
        /// Simulation time, s.
        time_s: f64,
    },
}

impl fmt::Display for FloodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadDimensions { width, height } => {
                write!(f, "invalid flood grid dimensions {width} x {height}")
            }
            Self::LengthMismatch {
                what,
                expected,
                got,
            } => write!(f, "{what}: expected {expected} values, got {got}"),
            Self::CellOutOfRange { cell, cells } => {
                write!(f, "cell {cell} out of range (grid has {cells} cells)")
            }
            Self::InvalidValue { what, value } => write!(f, "invalid {what}: {value}"),
            Self::NotOnBoundary { cell } => {
                write!(f, "cell {cell} is not on the domain edge")
            }
            Self::Unstable { time_s } => {
                write!(f, "flood state became non-finite at t = {time_s} s")
            }
        }
    }
}

impl std::error::Error for FloodError {}

#[cfg(test)]
mod test_support;
