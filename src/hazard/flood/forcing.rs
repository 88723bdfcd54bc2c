//! Forcing of a [`FloodGrid`] over one tick ([`Forcing`]: point inflows, rain with an
//! optional mask, pumps, fixed-depth cells), its validation against the grid, and linear
//! interpolation in a river [`hydrograph`].
//!
//! Invariant: forcing accepted by the grid has cells inside it and finite, non-negative
//! rates and depths, and a rain mask of one entry per cell.

use super::{FloodError, FloodGrid};

/// Forcing held constant over one call of [`FloodGrid::advance`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Forcing<'a> {
    /// Point inflows `(cell, m³/s)` (e.g. river hydrograph values at this time), ≥ 0.
    pub inflows: &'a [(usize, f64)],
    /// Uniform rain rate, m/s (≥ 0).
    pub rain_m_per_s: f64,
    /// Optional rain mask (one entry per cell; rain falls only where `true`).
    pub rain_mask: Option<&'a [bool]>,
    /// Pumps `(cell, m³/s)`, ≥ 0. A pump removes water only while there is water;
    /// the volume actually pumped is booked in [`MassBalance::pumped_m3`](super::MassBalance::pumped_m3).
    pub pumps: &'a [(usize, f64)],
    /// Fixed-depth ("HFIX"-style) cells `(cell, depth m)`: at the start and at the end of
    /// every sub-step the cell depth is reset to the given value, so the cell acts as a
    /// ghost cell of prescribed depth. The volume added (removed) is booked as boundary
    /// inflow (outflow).
    pub fixed_depths: &'a [(usize, f64)],
}

/// Linear interpolation in a hydrograph `[(t_s, m³/s)]` sorted by time; clamped to the
/// first/last value outside the covered range; 0 for an empty hydrograph.
pub fn hydrograph(points: &[(f64, f64)], t: f64) -> f64 {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return 0.0;
    };
    if t <= first.0 {
        return first.1;
    }
    if t >= last.0 {
        return last.1;
    }
    for w in points.windows(2) {
        let (t0, q0) = w[0];
        let (t1, q1) = w[1];
        if t <= t1 {
            let span = t1 - t0;
            if span <= 0.0 {
                return q1;
            }
            return q0 + (q1 - q0) * (t - t0) / span;
        }
    }
    last.1
}

impl FloodGrid {
    pub(super) fn validate(&self, f: &Forcing<'_>) -> Result<(), FloodError> {
        let n = self.depth.len();
        let lists = [
            ("inflow (m3/s)", f.inflows),
            ("pump rate (m3/s)", f.pumps),
            ("fixed depth (m)", f.fixed_depths),
        ];
        for (what, list) in lists {
            for &(cell, v) in list {
                self.check_cell(cell)?;
                if !(v.is_finite() && v >= 0.0) {
                    return Err(FloodError::InvalidValue { what, value: v });
                }
            }
        }
        if !(f.rain_m_per_s.is_finite() && f.rain_m_per_s >= 0.0) {
            return Err(FloodError::InvalidValue {
                what: "rain rate (m/s)",
                value: f.rain_m_per_s,
            });
        }
        if let Some(mask) = f.rain_mask
            && mask.len() != n
        {
            return Err(FloodError::LengthMismatch {
                what: "rain mask",
                expected: n,
                got: mask.len(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hydrograph_interpolates_and_clamps() {
        let h = [(0.0, 0.0), (3600.0, 20.0), (7200.0, 0.0)];
        assert_eq!(hydrograph(&h, -5.0), 0.0);
        assert_eq!(hydrograph(&h, 1800.0), 10.0);
        assert_eq!(hydrograph(&h, 3600.0), 20.0);
        assert_eq!(hydrograph(&h, 5400.0), 10.0);
        assert_eq!(hydrograph(&h, 1e9), 0.0);
        assert_eq!(hydrograph(&[], 1.0), 0.0);
        assert_eq!(hydrograph(&[(5.0, 3.0)], 1.0), 3.0);
    }
}
