//! Raster layers on the scenario grid and their procedural generators.
//!
//! All layers share one grid: `index = row * width + col`, row 0 the north edge.

/// Largest |easting| and |northing| accepted anywhere a projected position is given,
/// m: the grid's `origin` and every vertex of a road file. Larger than any projected
/// coordinate on Earth (Gauss–Krüger eastings with a zone prefix stay under 10⁸ m),
/// and small enough that f64 keeps sub-millimetre precision, so that cutting a line
/// at the grid's edge stays exact.
pub const MAX_PROJECTED_M: f64 = 1e9;

/// Grid geometry shared by every layer and hazard field.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridSpec {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Cell side, m.
    pub cell_m: f64,
    /// Projected coordinates (m) of the south-west corner.
    pub origin: (f64, f64),
}

impl GridSpec {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.width as usize * self.height as usize
    }
    /// Whether the grid has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Flat index of `(col, row)`.
    pub fn index(&self, col: u32, row: u32) -> usize {
        row as usize * self.width as usize + col as usize
    }
    /// `(col, row)` of a flat index.
    pub fn cell_of(&self, index: usize) -> (u32, u32) {
        (
            (index % self.width as usize) as u32,
            (index / self.width as usize) as u32,
        )
    }
    /// Whether `(col, row)` is on the grid.
    pub fn contains(&self, col: u32, row: u32) -> bool {
        col < self.width && row < self.height
    }
    /// Centre of a cell in local metres: x east from the west edge, y south from the north edge.
    pub fn centre_m(&self, col: u32, row: u32) -> (f64, f64) {
        (
            (col as f64 + 0.5) * self.cell_m,
            (row as f64 + 0.5) * self.cell_m,
        )
    }
    /// Cell containing local metres (x east, y south), clamped to the grid.
    pub fn cell_at_m(&self, x: f64, y: f64) -> (u32, u32) {
        let c = (x / self.cell_m)
            .floor()
            .clamp(0.0, self.width as f64 - 1.0);
        let r = (y / self.cell_m)
            .floor()
            .clamp(0.0, self.height as f64 - 1.0);
        (c as u32, r as u32)
    }
    /// Local metres (x east, y south) of projected coordinates (easting, northing).
    pub fn local_of_projected(&self, e: f64, n: f64) -> (f64, f64) {
        (
            e - self.origin.0,
            self.height as f64 * self.cell_m - (n - self.origin.1),
        )
    }
}

/// Smooth value noise in `[-1, 1]`, summed over octaves. Portable: integer hashing
/// and plain f64 arithmetic only, so every platform gives the same terrain.
pub fn value_noise(width: u32, height: u32, seed: u64, scale_cells: f64, octaves: u32) -> Vec<f64> {
    fn hash(seed: u64, x: i64, y: i64) -> f64 {
        // SplitMix64 over the lattice point
        let mut z = seed
            ^ (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
    fn smooth(t: f64) -> f64 {
        t * t * (3.0 - 2.0 * t)
    }
    let mut out = vec![0.0; width as usize * height as usize];
    let mut norm = 0.0;
    let mut amp = 1.0;
    let mut scale = scale_cells.max(1.0);
    for o in 0..octaves.clamp(1, 8) {
        let s = seed.wrapping_add(o as u64 * 0x1234_5678_9ABC);
        for row in 0..height {
            for col in 0..width {
                let fx = col as f64 / scale;
                let fy = row as f64 / scale;
                let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
                let (tx, ty) = (smooth(fx - x0 as f64), smooth(fy - y0 as f64));
                let a = hash(s, x0, y0);
                let b = hash(s, x0 + 1, y0);
                let c = hash(s, x0, y0 + 1);
                let d = hash(s, x0 + 1, y0 + 1);
                let v = a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
                out[row as usize * width as usize + col as usize] += v * amp;
            }
        }
        norm += amp;
        amp *= 0.5;
        scale = (scale / 2.0).max(1.0);
    }
    for v in &mut out {
        *v /= norm;
    }
    out
}

/// Land-cover code of open water (Scott & Burgan NB8).
pub const WATER_LAND_COVER: u16 = 98;

/// Manning's n for a land-cover (fuel model) code, used when no roughness layer is given.
/// Values after Chow (1959) floodplain tables: short grass 0.030, brush 0.070,
/// timber 0.100, urban 0.015 (paved), agriculture 0.035, water 0.030.
pub fn manning_for_land_cover(code: u16) -> f64 {
    match code {
        91 => 0.015,
        93 => 0.035,
        98 => 0.030,
        99 => 0.025,
        1..=3 | 101..=109 => 0.030,
        4..=7 | 121..=124 | 141..=149 => 0.070,
        8..=13 | 161..=165 | 181..=189 | 201..=204 => 0.100,
        _ => 0.035,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_bounded_and_deterministic() {
        let a = value_noise(64, 48, 7, 16.0, 4);
        let b = value_noise(64, 48, 7, 16.0, 4);
        assert_eq!(a, b);
        assert!(a.iter().all(|v| (-1.0..=1.0).contains(v)));
        assert_ne!(a, value_noise(64, 48, 8, 16.0, 4));
    }

    #[test]
    fn grid_geometry() {
        let g = GridSpec {
            width: 10,
            height: 5,
            cell_m: 20.0,
            origin: (1000.0, 2000.0),
        };
        assert_eq!(g.cell_of(g.index(3, 4)), (3, 4));
        assert_eq!(g.centre_m(0, 0), (10.0, 10.0));
        assert_eq!(g.cell_at_m(39.0, 99.0), (1, 4));
        // north-west corner in projected metres is (1000, 2100)
        assert_eq!(g.local_of_projected(1000.0, 2100.0), (0.0, 0.0));
    }
}
