//! The flood state of one raster ([`FloodGrid`]): bed, Manning's n, depth, face fluxes,
//! maximum depth, per-row wet ranges, clock and ledger; its construction, the edits a
//! scenario makes (depth, water level, bed) and read access (depth, level, discharge,
//! velocity, wet cells).
//!
//! Invariants: every per-cell vector has `width × height` entries and every value is
//! finite; depths are ≥ 0; a cell outside its row's wet range has depth exactly 0; every
//! manual change of water is booked in the ledger.

use std::sync::Arc;

use super::boundary::OutflowKind;
use super::mass::Ksum;
use super::step::Sink;
use super::{FloodError, FloodParams};

fn one() -> usize {
    1
}

/// Empty column range marker.
pub(super) const EMPTY: (usize, usize) = (usize::MAX, 0);

/// Serde for the arrays a grid shares with its clones: written and read as the plain
/// list, so snapshots are the same bytes as when the grid owned them.
mod shared_vec {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        v: &Arc<Vec<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_slice().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Arc<Vec<T>>, D::Error> {
        Vec::<T>::deserialize(d).map(Arc::new)
    }
}

/// The flood state of one raster. See the module documentation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FloodGrid {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) cell_m: f64,
    pub(super) area: f64,
    pub(super) params: FloodParams,
    /// Bed elevation per cell, m; shared with the clones of this grid until one of them
    /// changes it (`Arc::make_mut`), so that a batch's copy of a shared flood state
    /// copies only what a step changes.
    #[serde(with = "shared_vec")]
    pub(super) bed: Arc<Vec<f64>>,
    /// Manning's n per cell, s/m^(1/3); never changes, shared with every clone.
    #[serde(with = "shared_vec")]
    pub(super) manning: Arc<Vec<f64>>,
    pub(super) depth: Vec<f64>,
    pub(super) max_depth: Vec<f64>,
    /// x-face flux, m²/s (single precision), layout `row * (width + 1) + col` = west
    /// face of cell (row, col).
    pub(super) qx: Vec<f32>,
    /// y-face flux, m²/s (single precision), layout `row * width + col` = north face of
    /// cell (row, col).
    pub(super) qy: Vec<f32>,
    /// Datum of the single-precision copies `z32` and `eta32`, m: the lowest bed at
    /// construction (so that their 24-bit mantissa spans the relief, not the height
    /// above sea level). Part of the state: a restored grid keeps its datum.
    #[serde(default)]
    pub(super) datum_m: f64,
    /// g·n² per x face (n = mean of the two cells), m/s²·s²/m^(2/3); never changes,
    /// shared with every clone.
    #[serde(with = "shared_vec")]
    pub(super) gn2x: Arc<Vec<f32>>,
    /// g·n² per y face; as `gn2x`.
    #[serde(with = "shared_vec")]
    pub(super) gn2y: Arc<Vec<f32>>,
    /// Per-row column range `[lo, hi)` containing every cell with depth > 0.
    pub(super) wet: Vec<(usize, usize)>,
    /// Per-row active column range for the current sub-step.
    pub(super) active: Vec<(usize, usize)>,
    pub(super) open: Vec<(usize, OutflowKind)>,
    pub(super) sinks: Vec<Sink>,
    /// Scratch list of limited cells `(row, col, factor)` of the current sub-step.
    pub(super) limited: Vec<(usize, usize, f64)>,
    /// Threads the sweeps of a sub-step may use (1: the calling thread only).
    #[serde(skip, default = "one")]
    pub(super) threads: usize,
    /// The thread pool when `threads > 1`.
    #[serde(skip)]
    pub(super) pool: Option<std::sync::Arc<rayon::ThreadPool>>,
    /// Edge faces holding a boundary inflow during the current `advance` call:
    /// `(x face?, face index, q m²/s)` (positive into the domain, as stored).
    #[serde(default)]
    pub(super) edge_inflow: Vec<(bool, usize, f32)>,
    /// Largest depth after the last sub-step, m.
    pub(super) h_max: f64,
    pub(super) time_s: f64,
    pub(super) manual: Ksum,
    pub(super) inflow: Ksum,
    pub(super) outflow: Ksum,
    pub(super) rain: Ksum,
    pub(super) pumped: Ksum,
    pub(super) max_rel_error: f64,
}

impl FloodGrid {
    /// Creates a dry grid with default [`FloodParams`].
    ///
    /// `bed` (m) and `manning` (s/m^(1/3), ≥ 0) hold one finite value per cell.
    pub fn new(
        width: usize,
        height: usize,
        cell_m: f64,
        bed: Vec<f64>,
        manning: Vec<f64>,
    ) -> Result<Self, FloodError> {
        Self::with_params(width, height, cell_m, bed, manning, FloodParams::default())
    }

    /// Creates a dry grid with explicit numerical parameters.
    pub fn with_params(
        width: usize,
        height: usize,
        cell_m: f64,
        bed: Vec<f64>,
        manning: Vec<f64>,
        params: FloodParams,
    ) -> Result<Self, FloodError> {
        let cells = match width.checked_mul(height) {
            Some(c) if width > 0 && height > 0 && (width + 1).checked_mul(height + 1).is_some() => {
                c
            }
            _ => return Err(FloodError::BadDimensions { width, height }),
        };
        if !(cell_m.is_finite() && cell_m > 0.0) {
            return Err(FloodError::InvalidValue {
                what: "cell size (m)",
                value: cell_m,
            });
        }
        for (what, v) in [("bed", &bed), ("manning", &manning)] {
            if v.len() != cells {
                return Err(FloodError::LengthMismatch {
                    what,
                    expected: cells,
                    got: v.len(),
                });
            }
        }
        if let Some(&z) = bed.iter().find(|z| !z.is_finite()) {
            return Err(FloodError::InvalidValue {
                what: "bed elevation (m)",
                value: z,
            });
        }
        if let Some(&n) = manning.iter().find(|n| !(n.is_finite() && **n >= 0.0)) {
            return Err(FloodError::InvalidValue {
                what: "Manning n",
                value: n,
            });
        }
        let p = params;
        let checks = [
            ("gravity", p.gravity_m_s2, p.gravity_m_s2 > 0.0),
            ("alpha", p.alpha, p.alpha > 0.0 && p.alpha <= 1.0),
            (
                "flow depth threshold",
                p.flow_depth_min_m,
                p.flow_depth_min_m >= 0.0,
            ),
            ("max dt", p.max_dt_s, p.max_dt_s > 0.0),
            ("theta", p.theta, (0.5..=1.0).contains(&p.theta)),
            (
                "kernel version",
                f64::from(p.kernel),
                super::KERNELS.contains(&p.kernel),
            ),
        ];
        for (what, value, ok) in checks {
            if !(value.is_finite() && ok) {
                return Err(FloodError::InvalidValue { what, value });
            }
        }
        let g = p.gravity_m_s2;
        let mut gn2x = vec![0.0_f32; (width + 1) * height];
        let mut gn2y = vec![0.0_f32; width * (height + 1)];
        for r in 0..height {
            for c in 1..width {
                let n = 0.5 * (manning[r * width + c - 1] + manning[r * width + c]);
                gn2x[r * (width + 1) + c] = (g * n * n) as f32;
            }
        }
        for r in 1..height {
            for c in 0..width {
                let n = 0.5 * (manning[(r - 1) * width + c] + manning[r * width + c]);
                gn2y[r * width + c] = (g * n * n) as f32;
            }
        }
        let datum_m = bed.iter().copied().fold(f64::INFINITY, f64::min);
        Ok(Self {
            width,
            height,
            cell_m,
            area: cell_m * cell_m,
            params,
            datum_m,
            bed: Arc::new(bed),
            manning: Arc::new(manning),
            depth: vec![0.0; cells],
            max_depth: vec![0.0; cells],
            qx: vec![0.0; (width + 1) * height],
            qy: vec![0.0; width * (height + 1)],
            gn2x: Arc::new(gn2x),
            gn2y: Arc::new(gn2y),
            wet: vec![EMPTY; height],
            active: vec![EMPTY; height],
            open: Vec::new(),
            sinks: Vec::new(),
            limited: Vec::new(),
            edge_inflow: Vec::new(),
            threads: 1,
            pool: None,
            h_max: 0.0,
            time_s: 0.0,
            manual: Ksum::default(),
            inflow: Ksum::default(),
            outflow: Ksum::default(),
            rain: Ksum::default(),
            pumped: Ksum::default(),
            max_rel_error: 0.0,
        })
    }

    /// Lets each sub-step use `threads` threads (≥ 1; 1, the default, uses the calling
    /// thread only). The rows are cut into bands of about equal work; every cell and
    /// face is computed from the old state alone, so the result is bit-identical for
    /// any number of threads. Errors: `threads` is 0, or the thread pool cannot be
    /// built.
    pub fn set_threads(&mut self, threads: usize) -> Result<(), FloodError> {
        if threads == 0 {
            return Err(FloodError::InvalidValue {
                what: "threads",
                value: 0.0,
            });
        }
        self.pool = if threads > 1 {
            let p = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|_| FloodError::InvalidValue {
                    what: "threads (pool could not be built)",
                    value: threads as f64,
                })?;
            Some(std::sync::Arc::new(p))
        } else {
            None
        };
        self.threads = threads;
        Ok(())
    }

    /// Threads a sub-step may use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Grid width (columns).
    pub fn width(&self) -> usize {
        self.width
    }
    /// Grid height (rows).
    pub fn height(&self) -> usize {
        self.height
    }
    /// Cell size, m.
    pub fn cell_m(&self) -> f64 {
        self.cell_m
    }
    /// Simulated time since creation, s.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }
    /// Numerical parameters.
    pub fn params(&self) -> FloodParams {
        self.params
    }
    /// Runs the face update of version `kernel` from now on (one of
    /// [`KERNELS`](super::KERNELS)): a replay sets the version its recording was made
    /// with before its first step.
    ///
    /// # Errors
    /// [`FloodError::InvalidValue`] for a version this build does not have.
    pub fn set_kernel(&mut self, kernel: u32) -> Result<(), FloodError> {
        if !super::KERNELS.contains(&kernel) {
            return Err(FloodError::InvalidValue {
                what: "kernel version",
                value: f64::from(kernel),
            });
        }
        self.params.kernel = kernel;
        Ok(())
    }
    /// Cell index of (row, col), `None` outside the grid.
    pub fn cell_index(&self, row: usize, col: usize) -> Option<usize> {
        (row < self.height && col < self.width).then(|| row * self.width + col)
    }

    pub(super) fn check_cell(&self, cell: usize) -> Result<(), FloodError> {
        if cell < self.depth.len() {
            Ok(())
        } else {
            Err(FloodError::CellOutOfRange {
                cell,
                cells: self.depth.len(),
            })
        }
    }

    pub(super) fn mark_wet(&mut self, cell: usize) {
        let (r, c) = (cell / self.width, cell % self.width);
        let w = &mut self.wet[r];
        *w = (w.0.min(c), w.1.max(c + 1));
    }

    /// Sets the water depth (m, ≥ 0) of a cell. The volume change is booked in
    /// [`MassBalance::manual_m3`](super::MassBalance::manual_m3).
    pub fn set_depth(&mut self, cell: usize, h: f64) -> Result<(), FloodError> {
        self.check_cell(cell)?;
        if !(h.is_finite() && h >= 0.0) {
            return Err(FloodError::InvalidValue {
                what: "depth (m)",
                value: h,
            });
        }
        let old = self.depth[cell];
        self.manual.add((h - old) * self.area);
        self.depth[cell] = h;
        if h > self.max_depth[cell] {
            self.max_depth[cell] = h;
        }
        self.h_max = self.h_max.max(h);
        if h > 0.0 {
            self.mark_wet(cell);
        }
        Ok(())
    }

    /// Sets the water surface elevation (m) of a cell: depth = max(level − bed, 0).
    pub fn set_water_level(&mut self, cell: usize, level: f64) -> Result<(), FloodError> {
        self.check_cell(cell)?;
        if !level.is_finite() {
            return Err(FloodError::InvalidValue {
                what: "water level (m)",
                value: level,
            });
        }
        self.set_depth(cell, (level - self.bed[cell]).max(0.0))
    }

    /// Changes the bed elevation of a cell (breach: lower; sandbag wall: raise).
    ///
    /// The water volume in the cell is kept: the DEPTH is preserved and the water surface
    /// moves with the bed. Water sitting on a raised cell therefore ends up above its
    /// neighbours and drains off to them over the following sub-steps (nothing is created
    /// or destroyed); a lowered cell draws water in from its neighbours.
    pub fn set_bed(&mut self, cell: usize, z: f64) -> Result<(), FloodError> {
        self.check_cell(cell)?;
        if !z.is_finite() {
            return Err(FloodError::InvalidValue {
                what: "bed elevation (m)",
                value: z,
            });
        }
        Arc::make_mut(&mut self.bed)[cell] = z;
        Ok(())
    }

    #[allow(missing_docs)]
    pub fn max_depth_now(&self) -> f64 {
        self.h_max
    }
    /// Depth (m) of a cell, `None` outside the grid.
    pub fn depth(&self, cell: usize) -> Option<f64> {
        self.depth.get(cell).copied()
    }
    /// All depths (m), indexed by cell.
    pub fn depths(&self) -> &[f64] {
        &self.depth
    }
    /// Bed elevation (m) of a cell.
    pub fn bed(&self, cell: usize) -> Option<f64> {
        self.bed.get(cell).copied()
    }
    /// Water surface elevation (bed + depth, m), e.g. for a river gauge.
    pub fn water_level(&self, cell: usize) -> Option<f64> {
        Some(self.bed.get(cell)? + self.depth.get(cell)?)
    }
    /// Maximum depth (m) reached in a cell since creation.
    pub fn max_depth(&self, cell: usize) -> Option<f64> {
        self.max_depth.get(cell).copied()
    }
    /// Cell-centred unit discharge `(east, north)`, m²/s (mean of the two faces each way);
    /// `(0, 0)` for a dry cell.
    pub fn unit_discharge(&self, cell: usize) -> Option<(f64, f64)> {
        self.check_cell(cell).ok()?;
        if self.depth[cell] <= 0.0 {
            // Faces between two dry cells may hold stale values until they are next
            // recomputed; a dry cell carries no flow by definition.
            return Some((0.0, 0.0));
        }
        let (r, c) = (cell / self.width, cell % self.width);
        let fx = r * (self.width + 1) + c;
        let qe = 0.5 * (f64::from(self.qx[fx]) + f64::from(self.qx[fx + 1]));
        let qs = 0.5 * (f64::from(self.qy[cell]) + f64::from(self.qy[cell + self.width]));
        Some((qe, -qs))
    }
    /// Cell-centred velocity `(east, north)`, m/s; zero where depth ≤ the flow threshold.
    pub fn velocity(&self, cell: usize) -> Option<(f64, f64)> {
        let (qe, qn) = self.unit_discharge(cell)?;
        let h = self.depth[cell];
        if h > self.params.flow_depth_min_m {
            Some((qe / h, qn / h))
        } else {
            Some((0.0, 0.0))
        }
    }
    /// Cells with depth > `threshold_m`, ascending.
    pub fn wet_cells(&self, threshold_m: f64) -> Vec<usize> {
        let mut out = Vec::new();
        for (r, &(lo, hi)) in self.wet.iter().enumerate() {
            for c in lo..hi.min(self.width) {
                let i = r * self.width + c;
                if self.depth[i] > threshold_m {
                    out.push(i);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::flood::test_support::flat;
    use crate::hazard::flood::{Forcing, OutflowKind};

    /// West-east river in rows 4..8, levee row 8, protected plain below.
    fn levee_grid() -> (FloodGrid, usize) {
        let (w, h) = (30, 16);
        let mut bed = vec![0.0; w * h];
        for r in 0..h {
            for c in 0..w {
                bed[r * w + c] = match r {
                    0..=3 => 5.0,
                    4..=7 => 0.0,
                    8 => 3.0,
                    _ => 0.2,
                };
            }
        }
        let mut g = FloodGrid::new(w, h, 10.0, bed, vec![0.035; w * h]).expect("grid");
        for r in 4..8 {
            g.set_open_boundary(r * w + w - 1, OutflowKind::Critical)
                .expect("edge");
        }
        (g, w)
    }

    fn run_river(g: &mut FloodGrid, w: usize, seconds: f64) {
        let inflows: Vec<(usize, f64)> = (4..8).map(|r| (r * w, 5.0)).collect();
        let f = Forcing {
            inflows: &inflows,
            ..Forcing::default()
        };
        g.advance(seconds, &f).expect("advance");
    }

    fn plain_is_dry(g: &FloodGrid, w: usize) -> bool {
        (9 * w..16 * w).all(|i| g.depth(i) == Some(0.0))
    }

    #[test]
    fn levee_holds_then_breach_floods_plain() {
        let (mut g, w) = levee_grid();
        run_river(&mut g, w, 3600.0);
        let gauge = g.water_level(6 * w + 15).expect("gauge");
        assert!(gauge > 0.3 && gauge < 3.0, "river level {gauge}");
        assert!(plain_is_dry(&g, w), "levee must hold");
        for c in 14..17 {
            g.set_bed(8 * w + c, 0.0).expect("breach");
        }
        run_river(&mut g, w, 1800.0);
        assert!(g.depth(12 * w + 15).expect("cell") > 0.05, "plain floods");
        assert!(g.mass_balance().max_rel_error < 1e-6);
    }

    #[test]
    fn sandbag_ring_keeps_place_dry() {
        let (mut g, w) = levee_grid();
        // Place: rows 12..14, cols 18..20; ring around it raised to 2 m.
        for r in 11..=14 {
            for c in 17..=21 {
                if r == 11 || r == 14 || c == 17 || c == 21 {
                    g.set_bed(r * w + c, 2.0).expect("sandbag");
                }
            }
        }
        for c in 14..17 {
            g.set_bed(8 * w + c, 0.0).expect("breach");
        }
        run_river(&mut g, w, 3600.0);
        for r in 12..14 {
            for c in 18..21 {
                assert_eq!(g.max_depth(r * w + c), Some(0.0), "place ({r},{c}) got wet");
            }
        }
        assert!(
            g.depth(12 * w + 23).expect("cell") > 0.05,
            "outside the ring is wet"
        );
    }

    #[test]
    fn raising_bed_under_water_keeps_volume() {
        let mut g = flat(10, 10, 2.0, 0.03);
        for i in 0..100 {
            g.set_depth(i, 0.5).expect("depth");
        }
        let v0 = g.stored_volume_m3();
        g.set_bed(55, 1.0).expect("raise");
        assert_eq!(g.depth(55), Some(0.5));
        assert_eq!(g.water_level(55), Some(1.5));
        assert_eq!(g.stored_volume_m3(), v0);
        g.advance(600.0, &Forcing::default()).expect("advance");
        assert!(
            g.depth(55).expect("cell") < 0.01,
            "water drained off the wall"
        );
        assert!((g.stored_volume_m3() - v0).abs() < 1e-9 * v0);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(matches!(
            FloodGrid::new(3, 3, 1.0, vec![0.0; 8], vec![0.03; 9]),
            Err(FloodError::LengthMismatch { .. })
        ));
        assert!(FloodGrid::new(0, 3, 1.0, vec![], vec![]).is_err());
        assert!(FloodGrid::new(1, 1, -1.0, vec![0.0], vec![0.03]).is_err());
        assert!(FloodGrid::new(1, 1, 1.0, vec![f64::NAN], vec![0.03]).is_err());
        let mut g = flat(4, 4, 1.0, 0.03);
        assert!(g.set_depth(16, 1.0).is_err());
        assert!(g.set_depth(3, -1.0).is_err());
        assert!(g.set_bed(3, f64::INFINITY).is_err());
        assert!(matches!(
            g.set_open_boundary(5, OutflowKind::Critical),
            Err(FloodError::NotOnBoundary { cell: 5 })
        ));
        let bad = [(99, 1.0)];
        let f = Forcing {
            inflows: &bad,
            ..Forcing::default()
        };
        assert!(g.advance(1.0, &f).is_err());
        assert!(g.advance(f64::NAN, &Forcing::default()).is_err());
        assert_eq!(g.depth(16), None);
        assert_eq!(g.velocity(16), None);
    }
}
