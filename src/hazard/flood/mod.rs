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
//! `q ← (q − g·h_f·dt·Δη/Δx) / (1 + g·dt·n²·|q⃗| / h_f^(7/3))`,
//! with `h_f = max(η_a, η_b) − max(z_a, z_b)` (η = bed + depth). `|q⃗|` is the magnitude
//! of the discharge vector at the face: the face's own old q and the mean of the four old
//! fluxes of the other direction around it, as LISFLOOD-FP 8's default ACC solver does
//! ("2D friction"); in one-dimensional flow it is |q| as in Bates et al. (2010). A face
//! carries no flow when `h_f ≤` [`FloodParams::flow_depth_min_m`] (LISFLOOD-FP's depth
//! threshold, 1 mm by default). The face Manning coefficient is the arithmetic mean of the
//! two cells' n. Continuity: `h += dt·(Σq_in − Σq_out)/Δx`. The sub-step is
//! `dt = α·Δx/√(g·h_max)` (α = 0.7), capped at [`FloodParams::max_dt_s`];
//! [`FloodGrid::advance`] takes as many sub-steps as needed to cover the caller's tick
//! exactly (the last one shortened). `h_max` includes the depth the sources may add in the
//! coming sub-step, so a strong inflow into a dry domain cannot overshoot the CFL limit.
//!
//! Precision: bed, depth, continuity and the ledger are double precision; the face
//! fluxes are stored and updated in single precision (LISFLOOD-FP runs single precision
//! by default), with the water surface slope and flow depth formed in double first.
//! Continuity adds exactly the stored single-precision fluxes, so they move no water
//! outside the ledger.
//!
//! Inflows: an inflow on a cell of the domain edge enters through that cell's edge face
//! as a prescribed boundary flux `Q/Δx` (LISFLOOD-FP's QFIX/QVAR boundaries), added in
//! continuity with the other faces of the sub-step; an inflow on an interior cell is a
//! volume source added at the start of the sub-step. (A source on an edge cell, added
//! before the face fluxes, left the inlet 5 % too shallow on the EA Test 4 plain.)
//!
//! # Invariants
//! * Depths are never negative: before continuity, every cell whose outgoing demand (face
//!   outflow + pump + open-boundary outflow) exceeds the water it holds has all its outgoing
//!   terms scaled by the same factor (rounded toward zero) so it exports at most what it
//!   has. The scaled values are what is stored and booked, so the ledger stays exact. A
//!   residual of the order of one ulp (≈1e-16 m) can remain after scaling; it is clamped
//!   to zero and shows up in [`MassBalance::error_m3`] (many orders of magnitude below
//!   the 1e-6 budget).
//! * Mass balance: after every `advance` call (one tick of the exercise)
//!   `stored = manual + inflow − outflow + rain − pumped` holds to round-off; the worst
//!   relative error over all calls is kept in [`MassBalance::max_rel_error`]. Totals are
//!   accumulated with Neumaier compensated summation; `stored` is recomputed as a sum.
//! * Cells outside the per-row active column ranges are dry (depth exactly 0). Only the
//!   active ranges (rows/columns of wet cells plus a one-cell margin, which CFL guarantees
//!   water cannot cross in one sub-step) are updated, and every face touching an active
//!   cell is recomputed before continuity uses it, so dry regions cost nothing.
//! * A cell may appear several times in [`Forcing::inflows`] or [`Forcing::pumps`]
//!   (rates add); in [`Forcing::fixed_depths`] the last entry for a cell wins.
//! * Runs are deterministic: same inputs give bitwise identical results (no hashing,
//!   fixed iteration order, no library calls in the face update), on any number of
//!   threads ([`FloodGrid::set_threads`]): the sweeps of a sub-step run over bands of
//!   rows, each band writes only its own rows, every new value is a function of the old
//!   state alone and the only reductions are a maximum and integer counts.
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
//! * EA 2D benchmark Test 4 plain (200 × 400 cells of 5 m, n = 0.05, 20 m³/s through a
//!   20 m line at the middle of the west edge), 1 h, against LISFLOOD-FP 8.1 (ACC, single
//!   precision): wet area 544,650 m² at 1 mm / 536,500 m² at 1 cm (536,550), deeper than
//!   10 cm 365,800 m² (363,550), 0.5386 m at the inlet (0.539), 72,000 m³ stored
//!   (72,000) — `ea_benchmark.rs`.
//! * EA Tests 1 and 2 (basins that fill and spill), judged by volume alone against a
//!   fill-and-spill computation with no hydraulics — `ea_benchmark.rs`. Test 1 holds
//!   with the default scheme; Test 2 needs the q-centred flux of de Almeida et al.
//!   (2012) ([`FloodParams::theta`] = 0.7 with α = 0.65): with θ = 1 the filled
//!   depressions never come to rest (a test pins that, so the default is changed on
//!   purpose or not at all).

//! # Files
//! The public items are re-exported here, so every path `crate::hazard::flood::X` names
//! them.
//! * `params.rs`: numerical parameters and their defaults ([`FloodParams`]);
//! * `grid.rs`: the [`FloodGrid`] state, construction, cell edits and read access;
//! * `boundary.rs`: open (free outflow) boundary cells ([`OutflowKind`]);
//! * `forcing.rs`: per-tick forcing ([`Forcing`]: inflows, rain, pumps, fixed depths) and
//!   [`hydrograph`] interpolation;
//! * `flux.rs`: the inertial face flux of Bates et al. (2010) with 2D friction, or its
//!   q-centred form (de Almeida et al. 2012), over a run of faces, and its fast power
//!   h^(7/3);
//! * `step.rs`: the time step ([`FloodGrid::advance`]): CFL sub-steps, sources, edge
//!   inflows, outflow limiter scaling, sinks, fixed depths, the mass check;
//! * `sweep.rs`: the row sweeps of a sub-step (x faces, y faces, limiter detection,
//!   continuity) over bands of rows, on one thread or a pool;
//! * `mass.rs`: the mass balance ledger ([`MassBalance`]) and compensated sums;
//! * `ea_benchmark.rs` (tests only): EA 2D benchmark Test 4.
//!
//! This file holds the errors ([`FloodError`]).

mod boundary;
mod flux;
mod forcing;
mod grid;
mod mass;
mod params;
mod scratch;
mod step;
mod sweep;

pub use boundary::OutflowKind;
pub use forcing::{Forcing, hydrograph};
pub use grid::FloodGrid;
pub use mass::MassBalance;
pub use params::{
    CURRENT_KERNEL, DEFAULT_ALPHA, DEFAULT_FLOW_DEPTH_MIN_M, DEFAULT_MAX_DT_S, FloodParams,
    GRAVITY_M_S2, KERNELS, check_kernel, unversioned_kernel,
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
mod ea_benchmark;
#[cfg(test)]
mod test_support;
