//! Open (free outflow) boundary cells of a [`FloodGrid`]: the outflow rule
//! ([`OutflowKind`]: critical depth or Manning normal depth) and its configuration on
//! domain-edge cells. The outflow itself is computed with the other sinks in the time
//! step.
//!
//! Invariants: only cells on the domain edge can be open; a cell has at most one rule
//! (the last one set); a normal-depth slope is finite and > 0.

use super::{FloodError, FloodGrid};

/// Free-outflow rule for an open boundary cell. The outflow leaves through one face of
/// width `cell_m` on the domain edge and only while the cell depth exceeds
/// [`FloodParams::flow_depth_min_m`](super::FloodParams::flow_depth_min_m).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum OutflowKind {
    /// Critical-depth (broad-crested weir) outflow driven by the cell depth h taken as
    /// specific energy: `q = √g · (2h/3)^(3/2)` m²/s.
    Critical,
    /// Manning normal-depth outflow for a given water-surface slope (m/m, > 0), as in
    /// LISFLOOD-FP's FREE boundary with a prescribed slope: `q = h^(5/3) · √S / n`
    /// (n of the cell; a cell with n = 0 falls back to `Critical`).
    NormalDepth {
        /// Energy slope, m/m.
        slope: f64,
    },
}

impl FloodGrid {
    /// Makes a domain-edge cell an open (free outflow) boundary; replaces any previous
    /// rule for that cell. Outflow is booked in [`MassBalance::outflow_m3`](super::MassBalance::outflow_m3).
    pub fn set_open_boundary(&mut self, cell: usize, kind: OutflowKind) -> Result<(), FloodError> {
        self.check_cell(cell)?;
        let (r, c) = (cell / self.width, cell % self.width);
        if !(r == 0 || c == 0 || r + 1 == self.height || c + 1 == self.width) {
            return Err(FloodError::NotOnBoundary { cell });
        }
        if let OutflowKind::NormalDepth { slope } = kind
            && !(slope.is_finite() && slope > 0.0)
        {
            return Err(FloodError::InvalidValue {
                what: "outflow slope",
                value: slope,
            });
        }
        self.open.retain(|&(oc, _)| oc != cell);
        self.open.push((cell, kind));
        Ok(())
    }

    /// Closes every open boundary.
    pub fn clear_open_boundaries(&mut self) {
        self.open.clear();
    }
}
