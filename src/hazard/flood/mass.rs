//! The water ledger of a [`FloodGrid`] ([`MassBalance`]): stored volume, manual edits,
//! inflow, outflow, rain and pumping, accumulated with Neumaier compensated sums
//! (`Ksum`).
//!
//! Invariant: `stored = manual + inflow − outflow + rain − pumped` to round-off; `stored`
//! is always recomputed as a fresh sum of the depths.

use super::FloodGrid;

/// Water ledger, m³. Identity: `stored ≈ manual + inflow − outflow + rain − pumped`.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MassBalance {
    /// Water currently on the grid (sum of depth × cell area).
    pub stored_m3: f64,
    /// Net water placed by [`FloodGrid::set_depth`] / [`FloodGrid::set_water_level`]
    /// (initial conditions and manual edits).
    pub manual_m3: f64,
    /// Point inflows plus fixed-depth boundary additions.
    pub inflow_m3: f64,
    /// Open-boundary outflow plus fixed-depth boundary removals.
    pub outflow_m3: f64,
    /// Rain.
    pub rain_m3: f64,
    /// Water actually removed by pumps.
    pub pumped_m3: f64,
    /// `stored − (manual + inflow − outflow + rain − pumped)` now.
    pub error_m3: f64,
    /// Worst `|error| / max(|manual| + inflow + rain, stored)` over all sub-steps so far.
    pub max_rel_error: f64,
}

/// Neumaier compensated sum.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Ksum {
    sum: f64,
    comp: f64,
}

impl Ksum {
    pub(super) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.comp += (self.sum - t) + x;
        } else {
            self.comp += (x - t) + self.sum;
        }
        self.sum = t;
    }
    pub(super) fn value(self) -> f64 {
        self.sum + self.comp
    }
}

impl FloodGrid {
    /// Water on the grid, m³ (fresh sum of depth × area).
    pub fn stored_volume_m3(&self) -> f64 {
        let mut s = Ksum::default();
        for row in self.depth.chunks(self.width) {
            s.add(row.iter().sum::<f64>());
        }
        s.value() * self.area
    }
    /// The mass balance ledger, with `stored` recomputed now.
    pub fn mass_balance(&self) -> MassBalance {
        let stored = self.stored_volume_m3();
        let expected = self.expected_stored();
        MassBalance {
            stored_m3: stored,
            manual_m3: self.manual.value(),
            inflow_m3: self.inflow.value(),
            outflow_m3: self.outflow.value(),
            rain_m3: self.rain.value(),
            pumped_m3: self.pumped.value(),
            error_m3: stored - expected,
            max_rel_error: self.max_rel_error,
        }
    }

    pub(super) fn expected_stored(&self) -> f64 {
        let mut s = self.manual;
        s.add(self.inflow.value());
        s.add(-self.outflow.value());
        s.add(self.rain.value());
        s.add(-self.pumped.value());
        s.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::flood::Forcing;
    use crate::hazard::flood::test_support::{bumpy, busy_scenario};

    #[test]
    fn mass_is_conserved_every_substep() {
        let g = busy_scenario(true);
        let mb = g.mass_balance();
        assert!(mb.max_rel_error < 1e-6, "{mb:?}");
        assert!(mb.max_rel_error < 1e-12, "expected round-off only: {mb:?}");
        assert!(mb.rain_m3 > 0.0 && mb.inflow_m3 > 0.0 && mb.pumped_m3 > 0.0);
        assert!(mb.outflow_m3 > 0.0, "open boundaries should drain: {mb:?}");
        // The pumps could not run at full rate the whole time (they ran dry).
        assert!(mb.pumped_m3 < 0.45 * 5400.0, "{mb:?}");
        assert!((mb.stored_m3 - g.stored_volume_m3()).abs() < 1e-9);
    }

    #[test]
    fn closed_domain_mass_exact_with_rain_inflow_pump() {
        let (w, h) = (24, 24);
        let mut g = FloodGrid::new(w, h, 5.0, bumpy(w, h), vec![0.035; w * h]).expect("grid");
        for t in 0..240 {
            let inflows = [(w * 12, if t < 120 { 1.5 } else { 0.0 })];
            let pumps = [(w * 12 + 3, 0.3)];
            let f = Forcing {
                inflows: &inflows,
                rain_m_per_s: if t % 50 < 20 { 1e-5 } else { 0.0 },
                pumps: &pumps,
                ..Forcing::default()
            };
            g.advance(10.0, &f).expect("advance");
            let mb = g.mass_balance();
            assert!(mb.max_rel_error < 1e-6, "{mb:?}");
            assert_eq!(mb.outflow_m3, 0.0);
        }
        let mb = g.mass_balance();
        let depths = g.depths();
        let shallow = depths.iter().filter(|&&d| d < 1e-3).count();
        let deep = depths.iter().filter(|&&d| d > 0.1).count();
        assert!(
            shallow > 0 && deep > 0,
            "want wet and dry cells: {shallow} {deep}"
        );
        assert!(mb.pumped_m3 < 0.3 * 2400.0, "pump should run dry: {mb:?}");
    }
}
