//! The Gaussian puff model ([`PuffModel`]) the exercise steps every tick: release at
//! the source, advection by a uniform, possibly changing wind, growth with the Briggs
//! sigmas (continuous across stability changes through virtual distances), retirement
//! of negligible or distant puffs, and the concentration at a point or on a grid.
//!
//! Invariants: released mass = airborne + retired mass; puffs never shrink; the model is
//! deterministic (fixed iteration order, no hashing).

use super::dispersion::{briggs_sigma_y, briggs_sigma_z};
use super::steady::reflection;
use super::{FieldError, MIN_WIND_M_S, StabilityClass, Terrain, check_grid, sanitize};

/// Default minimum travel distance for puff growth, m. A new puff has zero
/// travel and would have zero sigma (singular concentration); its sigmas
/// are evaluated at `max(travel, this)`, i.e. a freshly released puff is a
/// source a few metres across (class D open: σy ≈ 0.8 m, σz ≈ 0.6 m).
/// This clamps only near-source values; far-field sigmas are unaffected.
pub const DEFAULT_MIN_TRAVEL_M: f64 = 10.0;

/// Puffs whose 4σ box lies beyond the domain by more than this margin (m)
/// are dropped by default; the margin lets a cloud that just left come back
/// after a wind reversal.
pub const DEFAULT_RETIRE_MARGIN_M: f64 = 1000.0;

/// Default retirement threshold: a puff whose peak concentration (upper
/// bound, with reflection) is below this value in kg/m³ is dropped.
/// 1e-12 kg/m³ = 1e-6 mg/m³, orders of magnitude under any AEGL-1.
pub const DEFAULT_MIN_PEAK_KG_M3: f64 = 1e-12;

/// Default cap on the number of live puffs; beyond it the two oldest are
/// merged (mass conserved).
pub const DEFAULT_MAX_PUFFS: usize = 5000;

/// Half-width of the box over which [`PuffModel::fill_grid`] evaluates a
/// puff, in sigmas (exp(−4²/2) ≈ 3.4e-4 of the peak is neglected).
pub const GRID_CUTOFF_SIGMAS: f64 = 4.0;

/// Upper end of the virtual-distance search when a stability change
/// re-expresses a puff's size in the new class, m.
const MAX_VIRTUAL_DISTANCE_M: f64 = 1.0e6;

/// kg/m³ → mg/m³.
const MG_PER_KG: f64 = 1.0e6;

/// Settings of a [`PuffModel`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PuffParams {
    /// Initial stability class (change it with [`PuffModel::set_stability`]).
    pub stability: StabilityClass,
    /// Terrain for the Briggs coefficients.
    pub terrain: Terrain,
    /// Source position, m east of the west edge.
    pub source_x_m: f64,
    /// Source position, m south of the north edge.
    pub source_y_m: f64,
    /// Release height above ground, m.
    pub source_height_m: f64,
    /// Minimum travel distance at which puff sigmas are evaluated, m (see
    /// [`DEFAULT_MIN_TRAVEL_M`]).
    pub min_travel_m: f64,
    /// Release at most one puff per this many seconds, accumulating the
    /// mass of intermediate steps (0 = one puff per step with mass). Keep
    /// `u · interval` below ~1.5 σy at the nearest distance of interest,
    /// or the plume shows as separate blobs there.
    pub release_interval_s: f64,
    /// Domain `(width_m, height_m)` with origin at the north-west corner;
    /// puffs farther outside than `retire_margin_m` (beyond 4σ) are dropped.
    /// `None` keeps puffs regardless of position.
    pub domain_m: Option<(f64, f64)>,
    /// See [`DEFAULT_RETIRE_MARGIN_M`].
    pub retire_margin_m: f64,
    /// See [`DEFAULT_MIN_PEAK_KG_M3`].
    pub min_peak_kg_m3: f64,
    /// See [`DEFAULT_MAX_PUFFS`] (at least 2 is enforced).
    pub max_puffs: usize,
}

impl PuffParams {
    /// Parameters with the given class, terrain and source, defaults for
    /// the rest.
    pub fn new(
        stability: StabilityClass,
        terrain: Terrain,
        source_x_m: f64,
        source_y_m: f64,
        source_height_m: f64,
    ) -> Self {
        Self {
            stability,
            terrain,
            source_x_m,
            source_y_m,
            source_height_m,
            min_travel_m: DEFAULT_MIN_TRAVEL_M,
            release_interval_s: 0.0,
            domain_m: None,
            retire_margin_m: DEFAULT_RETIRE_MARGIN_M,
            min_peak_kg_m3: DEFAULT_MIN_PEAK_KG_M3,
            max_puffs: DEFAULT_MAX_PUFFS,
        }
    }
}

/// One released puff.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Puff {
    x: f64,
    y: f64,
    mass_kg: f64,
    /// Virtual travel distances (m) giving the current σy / σz in the
    /// current class; they differ from the true travel after a class change.
    xv_y: f64,
    xv_z: f64,
    sy: f64,
    sz: f64,
}

/// Gaussian puff model of a (possibly time-varying) release in a uniform,
/// possibly time-varying wind.
///
/// Each [`step`](Self::step) releases one puff of `rate · dt` at the source,
/// then moves every puff by the current wind for `dt` and grows it with its
/// own travel distance using the Briggs sigmas (σx = σy), never shrinking.
/// After a stability change each puff continues from the distance that
/// gives its present size in the new class ("virtual distance"), so sizes
/// are continuous. Concentration is the sum over puffs of
///
/// `M / ((2π)^{3/2} σx σy σz) · exp(−dx²/2σx² − dy²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]`.
///
/// For a steady release and wind this converges to
/// [`plume_concentration`](super::plume_concentration) (tested within 2 % on the centreline).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PuffModel {
    params: PuffParams,
    class: StabilityClass,
    puffs: Vec<Puff>,
    released_kg: f64,
    retired_kg: f64,
    pending_kg: f64,
    pending_s: f64,
    time_s: f64,
    /// Virtual travel distance a newly released puff starts with, m (0: a point source;
    /// set by [`PuffModel::set_release_offset`] for the passive far field of a dense
    /// release).
    #[serde(default)]
    release_offset_m: f64,
}

impl PuffModel {
    /// A model with no puffs. Non-finite parameters are replaced by safe
    /// values (0 position/height, defaults for the tuning knobs).
    pub fn new(params: PuffParams) -> Self {
        let mut p = params;
        p.source_x_m = sanitize(p.source_x_m, 0.0);
        p.source_y_m = sanitize(p.source_y_m, 0.0);
        p.source_height_m = sanitize(p.source_height_m, 0.0).max(0.0);
        p.min_travel_m = sanitize(p.min_travel_m, DEFAULT_MIN_TRAVEL_M).max(1e-3);
        p.release_interval_s = sanitize(p.release_interval_s, 0.0).max(0.0);
        p.retire_margin_m = sanitize(p.retire_margin_m, DEFAULT_RETIRE_MARGIN_M).max(0.0);
        p.min_peak_kg_m3 = sanitize(p.min_peak_kg_m3, DEFAULT_MIN_PEAK_KG_M3).max(0.0);
        p.max_puffs = p.max_puffs.max(2);
        p.domain_m = p
            .domain_m
            .filter(|(w, h)| w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0);
        Self {
            class: p.stability,
            params: p,
            puffs: Vec::new(),
            released_kg: 0.0,
            retired_kg: 0.0,
            pending_kg: 0.0,
            pending_s: 0.0,
            time_s: 0.0,
            release_offset_m: 0.0,
        }
    }

    /// Sets the virtual travel distance (m) of the puffs released from now on: they grow
    /// as if they had already travelled that far (negative: as if released that far
    /// downwind, sizes floored at the minimum travel). A dense release's passive far field
    /// starts from such a virtual source (see [`super::DenseContinuous`]); 0 restores a
    /// point source. Non-finite values count as 0.
    pub fn set_release_offset(&mut self, offset_m: f64) {
        self.release_offset_m = sanitize(offset_m, 0.0);
    }

    /// The parameters in use (after sanitising).
    pub fn params(&self) -> &PuffParams {
        &self.params
    }

    /// Current stability class.
    pub fn stability(&self) -> StabilityClass {
        self.class
    }

    /// Changes the stability class from now on. Existing puffs keep their
    /// size and grow at the new class's rate.
    pub fn set_stability(&mut self, class: StabilityClass) {
        if class == self.class {
            return;
        }
        let (old, terrain, xmin) = (self.class, self.params.terrain, self.params.min_travel_m);
        for p in &mut self.puffs {
            p.xv_y = virtual_distance(
                p.xv_y,
                xmin,
                |x| briggs_sigma_y(old, terrain, x),
                |x| briggs_sigma_y(class, terrain, x),
            );
            p.xv_z = virtual_distance(
                p.xv_z,
                xmin,
                |x| briggs_sigma_z(old, terrain, x),
                |x| briggs_sigma_z(class, terrain, x),
            );
        }
        self.class = class;
    }

    /// Advances `dt_s` seconds: releases `release_rate_kg_s · dt_s` kg at
    /// the source (subject to `release_interval_s`), then advects every puff
    /// by the wind (`wind_speed_m_s`, from `wind_from_deg`) and grows it.
    /// A non-positive or non-finite `dt_s` does nothing; a negative or
    /// non-finite rate or speed counts as 0; a non-finite direction as 0°.
    pub fn step(
        &mut self,
        dt_s: f64,
        release_rate_kg_s: f64,
        wind_speed_m_s: f64,
        wind_from_deg: f64,
    ) {
        if !(dt_s.is_finite() && dt_s > 0.0) {
            return;
        }
        let rate = if release_rate_kg_s.is_finite() {
            release_rate_kg_s.max(0.0)
        } else {
            0.0
        };
        let u = if wind_speed_m_s.is_finite() {
            wind_speed_m_s.max(0.0)
        } else {
            0.0
        };
        let dir = sanitize(wind_from_deg, 0.0).to_radians();

        // Release.
        self.pending_kg += rate * dt_s;
        self.pending_s += dt_s;
        if self.pending_kg > 0.0 && self.pending_s + 1e-9 >= self.params.release_interval_s {
            let off = self.release_offset_m;
            let (sy, sz) = self.sigmas(off, off);
            self.puffs.push(Puff {
                x: self.params.source_x_m,
                y: self.params.source_y_m,
                mass_kg: self.pending_kg,
                xv_y: off,
                xv_z: off,
                sy,
                sz,
            });
            self.released_kg += self.pending_kg;
            self.pending_kg = 0.0;
            self.pending_s = 0.0;
        } else if self.pending_kg <= 0.0 {
            self.pending_s = 0.0;
        }

        // Advect (blowing towards dir + 180°: east = −u sin, south = +u cos).
        let (dx, dy) = (-u * dir.sin() * dt_s, u * dir.cos() * dt_s);
        let grow = u.max(MIN_WIND_M_S) * dt_s;
        let (class, terrain, xmin) = (self.class, self.params.terrain, self.params.min_travel_m);
        for p in &mut self.puffs {
            p.x += dx;
            p.y += dy;
            p.xv_y += grow;
            p.xv_z += grow;
            p.sy = p.sy.max(briggs_sigma_y(class, terrain, p.xv_y.max(xmin)));
            p.sz = p.sz.max(briggs_sigma_z(class, terrain, p.xv_z.max(xmin)));
        }
        self.time_s += dt_s;
        self.retire();
    }

    fn sigmas(&self, xv_y: f64, xv_z: f64) -> (f64, f64) {
        let xmin = self.params.min_travel_m;
        (
            briggs_sigma_y(self.class, self.params.terrain, xv_y.max(xmin)),
            briggs_sigma_z(self.class, self.params.terrain, xv_z.max(xmin)),
        )
    }

    /// Drops negligible or far-away puffs and merges the oldest beyond the cap.
    fn retire(&mut self) {
        let min_peak = self.params.min_peak_kg_m3;
        let domain = self.params.domain_m;
        let margin = self.params.retire_margin_m;
        let mut dropped = 0.0;
        self.puffs.retain(|p| {
            let keep_peak = puff_peak_kg_m3(p) >= min_peak;
            let keep_pos = match domain {
                None => true,
                Some((w, h)) => {
                    let r = GRID_CUTOFF_SIGMAS * p.sy + margin;
                    p.x > -r && p.y > -r && p.x < w + r && p.y < h + r
                }
            };
            let keep = keep_peak && keep_pos;
            if !keep {
                dropped += p.mass_kg;
            }
            keep
        });
        self.retired_kg += dropped;
        while self.puffs.len() > self.params.max_puffs {
            let b = self.puffs.remove(1);
            let a = &mut self.puffs[0];
            let m = a.mass_kg + b.mass_kg;
            if m > 0.0 {
                a.x = (a.x * a.mass_kg + b.x * b.mass_kg) / m;
                a.y = (a.y * a.mass_kg + b.y * b.mass_kg) / m;
            }
            a.mass_kg = m;
            if b.sy > a.sy {
                (a.sy, a.xv_y) = (b.sy, b.xv_y);
            }
            if b.sz > a.sz {
                (a.sz, a.xv_z) = (b.sz, b.xv_z);
            }
        }
    }

    /// Concentration at a point (kg/m³), summing every puff exactly.
    pub fn concentration_kg_m3(&self, x_m: f64, y_m: f64, z_m: f64) -> f64 {
        if !(x_m.is_finite() && y_m.is_finite() && z_m.is_finite()) {
            return 0.0;
        }
        let h = self.params.source_height_m;
        self.puffs
            .iter()
            .map(|p| {
                let (dx, dy) = (x_m - p.x, y_m - p.y);
                let s2 = 2.0 * p.sy * p.sy;
                p.mass_kg / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
                    * (-(dx * dx + dy * dy) / s2).exp()
                    * reflection(z_m, h, p.sz)
            })
            .sum()
    }

    /// Writes the concentration field at height `z_m` into `out`
    /// (row-major, `width × height`, see the module grid convention) in
    /// **mg/m³**, overwriting it. Each puff is evaluated only over its
    /// ±[`GRID_CUTOFF_SIGMAS`]σ box with a separable exponential; values are
    /// point samples at cell centres (a puff much narrower than a cell can
    /// fall between centres).
    pub fn fill_grid(
        &self,
        width: usize,
        height: usize,
        cell_m: f64,
        z_m: f64,
        out: &mut [f32],
    ) -> Result<(), FieldError> {
        check_grid(width, height, cell_m, out.len())?;
        out.fill(0.0);
        if width == 0 || height == 0 {
            return Ok(());
        }
        let z = sanitize(z_m, 0.0);
        let h = self.params.source_height_m;
        let mut ex: Vec<f32> = Vec::with_capacity(width);
        for p in &self.puffs {
            let amp = p.mass_kg * MG_PER_KG / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
                * reflection(z, h, p.sz);
            if !(amp.is_finite() && amp > 0.0) {
                continue;
            }
            let reach = GRID_CUTOFF_SIGMAS * p.sy;
            let Some((c0, c1)) = cell_range(p.x, reach, cell_m, width) else {
                continue;
            };
            let Some((r0, r1)) = cell_range(p.y, reach, cell_m, height) else {
                continue;
            };
            let k = -1.0 / (2.0 * p.sy * p.sy);
            ex.clear();
            ex.extend((c0..c1).map(|c| {
                let d = (c as f64 + 0.5) * cell_m - p.x;
                (d * d * k).exp() as f32
            }));
            for r in r0..r1 {
                let d = (r as f64 + 0.5) * cell_m - p.y;
                let a = (amp * (d * d * k).exp()) as f32;
                let start = r * width;
                if let Some(row) = out.get_mut(start + c0..start + c1) {
                    for (o, e) in row.iter_mut().zip(&ex) {
                        *o += a * e;
                    }
                }
            }
        }
        Ok(())
    }

    /// Number of live puffs.
    pub fn puff_count(&self) -> usize {
        self.puffs.len()
    }

    /// Total mass released so far, kg (including retired puffs).
    pub fn released_total_kg(&self) -> f64 {
        self.released_kg
    }

    /// Mass in live puffs, kg.
    pub fn airborne_kg(&self) -> f64 {
        self.puffs.iter().map(|p| p.mass_kg).sum()
    }

    /// Mass of retired (dropped) puffs, kg.
    pub fn retired_kg(&self) -> f64 {
        self.retired_kg
    }

    /// Simulated time since creation, s.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }
}

/// (2π)^{3/2}.
const TWO_PI_POW_1_5: f64 = 15.749_609_945_722_419;

/// Peak (upper bound, both reflection terms = 1) concentration of a puff, kg/m³.
fn puff_peak_kg_m3(p: &Puff) -> f64 {
    2.0 * p.mass_kg / (TWO_PI_POW_1_5 * p.sy * p.sy * p.sz)
}

/// Half-open cell index range covering `centre ± reach` (metres), clipped
/// to `0..n`; `None` if empty.
fn cell_range(centre: f64, reach: f64, cell_m: f64, n: usize) -> Option<(usize, usize)> {
    let lo = ((centre - reach) / cell_m - 0.5).ceil().max(0.0);
    let hi = ((centre + reach) / cell_m - 0.5).floor() + 1.0;
    let hi = hi.min(n as f64);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return None;
    }
    Some((lo as usize, hi as usize))
}

/// The distance in the new class giving the same sigma as `xv` in the old
/// class (bisection; both functions increase with x). Sigmas below the
/// minimum-travel value stay at `min(xv, xmin)`; a sigma the new class
/// never reaches maps to the search limit.
fn virtual_distance(xv: f64, xmin: f64, old: impl Fn(f64) -> f64, new: impl Fn(f64) -> f64) -> f64 {
    let target = old(xv.max(xmin));
    if target <= new(xmin) {
        return xv.min(xmin);
    }
    let (mut lo, mut hi) = (xmin, MAX_VIRTUAL_DISTANCE_M);
    if new(hi) <= target {
        return hi;
    }
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if new(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::plume::plume_concentration;
    use crate::hazard::plume::test_support::{DOMAIN, ground, rel, steady};
    use StabilityClass::*;

    #[test]
    fn puffs_converge_to_plume() {
        // Puffs every 2 s at 5 m/s: spacing 10 m, well below σy(500 m) = 39 m.
        let m = steady(2.0, 600);
        for x in [500.0, 1000.0, 2000.0] {
            let c = m.concentration_kg_m3(100.0 + x, 2560.0, 0.0);
            let want = ground(x);
            println!("convergence x={x}: puff/plume - 1 = {:+.4}", c / want - 1.0);
            assert!(rel(c, want) < 0.02, "x={x}: puff {c:e} plume {want:e}");
        }
        // Off-axis too.
        let c = m.concentration_kg_m3(1100.0, 2560.0 + 76.0, 0.0);
        let want = plume_concentration(1.0, 5.0, D, Terrain::Open, 1000.0, 76.0, 0.0, 0.0)
            .concentration_kg_m3;
        assert!(rel(c, want) < 0.03, "{c:e} vs {want:e}");
        // The grid agrees with the point sum at a cell centre (mg/m³).
        let (w, h, cell) = DOMAIN;
        let mut f = vec![0.0f32; w * h];
        m.fill_grid(w, h, cell, 0.0, &mut f).expect("grid");
        let (col, row) = (109, 256); // centre (1095, 2565)
        let p = m.concentration_kg_m3(1095.0, 2565.0, 0.0) * 1e6;
        assert!(rel(f64::from(f[row * w + col]), p) < 2e-3);
        assert!((m.released_total_kg() - 1200.0).abs() < 1e-6);
        assert!((m.airborne_kg() + m.retired_kg() - 1200.0).abs() < 1e-6);
    }

    #[test]
    fn wind_shift_turns_plume() {
        let mut m = PuffModel::new(PuffParams::new(D, Terrain::Open, 2560.0, 2560.0, 0.0));
        for _ in 0..200 {
            m.step(5.0, 1.0, 5.0, 270.0); // from west: gas goes east
        }
        let east = m.concentration_kg_m3(3060.0, 2560.0, 0.0);
        let south = m.concentration_kg_m3(2560.0, 3060.0, 0.0);
        assert!(east > 1e3 * south.max(1e-30), "{east:e} {south:e}");
        for _ in 0..400 {
            m.step(5.0, 1.0, 5.0, 0.0); // from north: gas goes south
        }
        let east2 = m.concentration_kg_m3(3060.0, 2560.0, 0.0);
        let south2 = m.concentration_kg_m3(2560.0, 3060.0, 0.0);
        assert!(south2 > 1e3 * east2.max(1e-30), "{east2:e} {south2:e}");
        assert!(rel(south2, ground(500.0)) < 0.03);
        assert!(m.concentration_kg_m3(2560.0, 2060.0, 0.0) < south2 * 1e-6);
    }

    #[test]
    fn zero_release_zero_field() {
        let mut m = PuffModel::new(PuffParams::new(F, Terrain::Urban, 500.0, 500.0, 2.0));
        for _ in 0..50 {
            m.step(10.0, 0.0, 3.0, 90.0);
        }
        m.step(10.0, f64::NAN, 3.0, 90.0);
        m.step(10.0, -5.0, 3.0, 90.0);
        assert_eq!(m.puff_count(), 0);
        assert_eq!(m.released_total_kg(), 0.0);
        let mut f = vec![1.0f32; 64 * 64];
        m.fill_grid(64, 64, 20.0, 1.5, &mut f).expect("grid");
        assert!(f.iter().all(|v| *v == 0.0));
        assert!(m.fill_grid(64, 63, 20.0, 1.5, &mut f).is_err());
        assert!(m.fill_grid(64, 64, 0.0, 1.5, &mut f).is_err());
    }

    #[test]
    fn deterministic() {
        let run = || {
            let mut m = PuffModel::new(PuffParams::new(B, Terrain::Open, 1000.0, 1000.0, 3.0));
            let mut f = vec![0.0f32; 128 * 128];
            for i in 0..120 {
                let t = i as f64;
                m.set_stability(if i < 60 { B } else { E });
                m.step(10.0, 0.5 + 0.01 * t, 2.0 + (t * 0.1).sin(), 250.0 + t);
            }
            m.fill_grid(128, 128, 20.0, 0.0, &mut f).expect("grid");
            f
        };
        let (a, b) = (run(), run());
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
        assert!(a.iter().any(|v| *v > 0.0));
    }

    #[test]
    fn stability_change_keeps_size_continuous() {
        let mut m = steady(10.0, 60);
        let before: Vec<(f64, f64)> = m.puffs.iter().map(|p| (p.sy, p.sz)).collect();
        m.set_stability(F);
        m.step(1e-6, 0.0, 5.0, 270.0);
        for (p, b) in m.puffs.iter().zip(&before) {
            assert!(p.sy >= b.0 && p.sy < b.0 * 1.001 + 1e-6);
            assert!(p.sz >= b.1 && p.sz < b.1 * 1.001 + 1e-6);
        }
        m.set_stability(A);
        m.step(10.0, 1.0, 5.0, 270.0);
        assert!(m.puffs.iter().all(|p| p.sy.is_finite() && p.sz > 0.0));
    }

    #[test]
    fn release_interval_and_retirement() {
        let mut p = PuffParams::new(D, Terrain::Open, 100.0, 500.0, 0.0);
        p.release_interval_s = 30.0;
        p.domain_m = Some((1000.0, 1000.0));
        p.retire_margin_m = 0.0;
        let mut m = PuffModel::new(p);
        for _ in 0..600 {
            m.step(10.0, 2.0, 5.0, 270.0);
        }
        assert!((m.released_total_kg() - 12_000.0).abs() < 1e-6);
        assert!((m.airborne_kg() + m.retired_kg() - 12_000.0).abs() < 1e-6);
        assert!(m.retired_kg() > 0.0);
        assert!(m.puff_count() < 60, "{}", m.puff_count());
        let mut p = PuffParams::new(D, Terrain::Open, 100.0, 500.0, 0.0);
        p.max_puffs = 10;
        let mut m = PuffModel::new(p);
        for _ in 0..50 {
            m.step(10.0, 1.0, 5.0, 270.0);
        }
        assert_eq!(m.puff_count(), 10);
        assert!((m.airborne_kg() - 500.0).abs() < 1e-9);
    }

    /// `cargo test --release -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn bench_fill_grid() {
        let (w, h, cell) = DOMAIN;
        for (label, u, class, dom, cell, sx) in [
            (
                "5 m/s D, 10 m cells, domain retirement",
                5.0,
                D,
                true,
                cell,
                300.0,
            ),
            (
                "5 m/s D, 10 m cells, no retirement",
                5.0,
                D,
                false,
                cell,
                300.0,
            ),
            (
                "1.5 m/s F, 10 m cells, no retirement",
                1.5,
                F,
                false,
                cell,
                300.0,
            ),
            (
                "0.5 m/s D, 20 m cells, all puffs on grid",
                0.5,
                D,
                false,
                20.0,
                5120.0,
            ),
        ] {
            let mut p = PuffParams::new(class, Terrain::Open, sx, 0.5 * h as f64 * cell, 0.0);
            if dom {
                p.domain_m = Some((w as f64 * cell, h as f64 * cell));
            }
            let mut m = PuffModel::new(p);
            let mut f = vec![0.0f32; w * h];
            let mut t_step = std::time::Duration::ZERO;
            let mut t_fill = std::time::Duration::ZERO;
            let mut fills = 0u32;
            for i in 0..720 {
                let dir = 270.0 + 20.0 * (i as f64 / 100.0).sin();
                let t0 = std::time::Instant::now();
                m.step(10.0, 1.0, u, dir);
                t_step += t0.elapsed();
                if i % 20 == 19 || i >= 700 {
                    let t0 = std::time::Instant::now();
                    m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
                    t_fill += t0.elapsed();
                    fills += 1;
                }
            }
            let t0 = std::time::Instant::now();
            let n = 50;
            for _ in 0..n {
                m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
            }
            let last = t0.elapsed() / n;
            println!(
                "{label}: {} puffs live after 720 ticks; fill_grid 512x512 at end {:.2} ms \
                 (mean over run {:.2} ms); step mean {:.1} us",
                m.puff_count(),
                last.as_secs_f64() * 1e3,
                t_fill.as_secs_f64() * 1e3 / f64::from(fills),
                t_step.as_secs_f64() * 1e6 / 720.0
            );
        }
    }
}
