//! A georeferenced raster (from a GeoTIFF or an ESRI ASCII grid) and its resampling
//! onto the scenario grid.
//!
//! A [`GeoRaster`] holds one band as `f32`, row-major from its first stored row,
//! with missing data (the file's nodata value) as NaN, and the affine transform from
//! pixel corners to coordinates in its CRS, as GDAL's geotransform:
//! `x = t[0] + col·t[1] + row·t[2]`, `y = t[3] + col·t[4] + row·t[5]`.
//!
//! [`resample`] gives one value per grid cell. The grid cell's centre (and, for the
//! area methods, k × k points spread over the cell) is moved into the raster's CRS
//! and looked up there. Methods (named as GDAL names them):
//! - [`Resampling::Nearest`]: the pixel under the cell centre.
//! - [`Resampling::Bilinear`]: linear in x and y between the four pixel centres
//!   around the cell centre (where one of them is nodata, the nearest pixel).
//! - [`Resampling::Average`]: mean of k × k nearest-pixel samples over the cell,
//!   k = ⌈cell / pixel⌉ (at most [`MAX_SUBSAMPLES`]) — the area mean when the grid is
//!   coarser than the raster.
//! - [`Resampling::Mode`]: the most frequent of those samples (ties: the smallest
//!   value) — for categories such as land cover when coarsening.
//! - [`Resampling::Sum`]: for counts per pixel (people): each sample carries
//!   `pixel value × (cell area / k²) / pixel area`, so the total is kept whatever
//!   the two cell sizes.
//!
//! Between CRSs, points are moved exactly at every [`LATTICE`]-th cell and
//! linearly in between (a test bounds the error below 1 cm for UTM ↔ longitude/latitude
//! over 8 cells of 100 m).

use super::GridSpec;
use super::crs::{Crs, Transform};

/// Largest number of sub-samples per cell side for the area methods.
pub const MAX_SUBSAMPLES: u32 = 16;
/// Cells between exactly projected lattice points.
pub const LATTICE: u32 = 8;

/// One band of a georeferenced raster.
#[derive(Debug, Clone)]
pub struct GeoRaster {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Pixel corner → coordinates, GDAL's geotransform order.
    pub transform: [f64; 6],
    /// The CRS the file declares (GeoKeys), if any.
    pub crs: Option<Crs>,
    /// The nodata value as the file wrote it.
    pub nodata: Option<f64>,
    /// Values, `width × height`, row by row; NaN where the file has nodata.
    pub values: Vec<f32>,
    /// Pixel type as stored (`Int16`, `Float32`, …), for messages.
    pub pixel_type: String,
    /// Band read (1-based).
    pub band: u16,
}

impl GeoRaster {
    /// From an ESRI ASCII grid (no CRS: its coordinates are the grid's).
    pub fn from_asc(a: &super::asc::AscGrid) -> GeoRaster {
        let nd = a.nodata;
        GeoRaster {
            width: a.ncols as u32,
            height: a.nrows as u32,
            transform: [
                a.xll,
                a.cellsize,
                0.0,
                a.yll + a.nrows as f64 * a.cellsize,
                0.0,
                -a.cellsize,
            ],
            crs: None,
            nodata: nd,
            values: a
                .values
                .iter()
                .map(|v| if Some(*v) == nd { f32::NAN } else { *v as f32 })
                .collect(),
            pixel_type: "text".into(),
            band: 1,
        }
    }

    /// The raster of a grid's values (NaN where missing), in the grid's frame.
    pub fn from_grid(grid: &GridSpec, crs: Option<Crs>, values: Vec<f32>) -> GeoRaster {
        GeoRaster {
            width: grid.width,
            height: grid.height,
            transform: [
                grid.origin.0,
                grid.cell_m,
                0.0,
                grid.origin.1 + grid.height as f64 * grid.cell_m,
                0.0,
                -grid.cell_m,
            ],
            crs,
            nodata: None,
            values,
            pixel_type: "Float32".into(),
            band: 1,
        }
    }

    /// Value at a pixel (NaN: nodata).
    pub fn at(&self, col: u32, row: u32) -> f32 {
        self.values[row as usize * self.width as usize + col as usize]
    }

    /// Coordinates of a pixel position (pixel units from the top-left corner).
    pub fn coords_of(&self, px: f64, py: f64) -> (f64, f64) {
        let t = &self.transform;
        (t[0] + px * t[1] + py * t[2], t[3] + px * t[4] + py * t[5])
    }

    /// Pixel position (fractional, from the top-left corner) of coordinates; `None`
    /// when the transform cannot be inverted.
    pub fn pixel_of(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let t = &self.transform;
        let det = t[1] * t[5] - t[2] * t[4];
        if det.abs() < 1e-300 || !det.is_finite() {
            return None;
        }
        let (dx, dy) = (x - t[0], y - t[3]);
        Some(((dx * t[5] - dy * t[2]) / det, (dy * t[1] - dx * t[4]) / det))
    }

    /// Pixel size along x and y in CRS units.
    pub fn pixel_size(&self) -> (f64, f64) {
        let t = &self.transform;
        (t[1].hypot(t[4]), t[2].hypot(t[5]))
    }

    /// Ground area of the pixel at a pixel position, m² (degrees converted with the
    /// WGS 84 lengths of a degree at that latitude).
    pub fn pixel_area_m2(&self, py: f64) -> f64 {
        let (sx, sy) = self.pixel_size();
        if self.crs.as_ref().is_some_and(Crs::is_geographic) {
            let lat = self.coords_of(0.0, py).1.to_radians();
            // lengths of one degree on the WGS 84 ellipsoid (Snyder 1987, p. 25, series)
            let m_lat = 111_132.92 - 559.82 * (2.0 * lat).cos() + 1.175 * (4.0 * lat).cos();
            let m_lon = 111_412.84 * lat.cos() - 93.5 * (3.0 * lat).cos();
            sx * m_lon.abs() * sy * m_lat
        } else {
            sx * sy
        }
    }

    /// Coordinates of the raster's four corners (west-north, east-north, east-south,
    /// west-south for a north-up raster).
    pub fn corners(&self) -> [(f64, f64); 4] {
        let (w, h) = (self.width as f64, self.height as f64);
        [
            self.coords_of(0.0, 0.0),
            self.coords_of(w, 0.0),
            self.coords_of(w, h),
            self.coords_of(0.0, h),
        ]
    }
}

/// How raster values become grid values (see the module header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Resampling {
    /// The pixel under the cell centre.
    Nearest,
    /// Bilinear between the four nearest pixel centres.
    Bilinear,
    /// Area mean over the cell.
    Average,
    /// Most frequent value over the cell.
    Mode,
    /// Counts per pixel summed into the cell (area-weighted).
    Sum,
}

impl Resampling {
    /// Lower-case name, as GDAL writes it.
    pub fn name(self) -> &'static str {
        match self {
            Resampling::Nearest => "nearest",
            Resampling::Bilinear => "bilinear",
            Resampling::Average => "average",
            Resampling::Mode => "mode",
            Resampling::Sum => "sum",
        }
    }
}

/// A grid cell the raster does not give a value for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// Grid `(col, row)`.
    pub cell: (u32, u32),
    /// The raster pixel `(col, row)` looked at, when inside the raster.
    pub pixel: Option<(i64, i64)>,
}

/// A grid cell box `(col0, row0, col1, row1)`, inclusive.
pub type CellBox = (u32, u32, u32, u32);

/// Grid values from a raster, and where it fell short.
#[derive(Debug, Clone)]
pub struct Resampled {
    /// One value per grid cell (NaN where missing).
    pub values: Vec<f64>,
    /// Cells whose centre lies outside the raster: count, first few, and the
    /// bounding box `(col0, row0, col1, row1)` of all of them.
    pub outside: (usize, Vec<Gap>, Option<CellBox>),
    /// Cells inside the raster that fall on nodata: count and first few.
    pub nodata: (usize, Vec<Gap>),
    /// Sub-samples per cell side used by the area methods.
    pub k: u32,
}

/// How many example gaps a [`Resampled`] keeps.
pub const GAP_EXAMPLES: usize = 5;

/// Resample `r` onto `grid` (whose coordinates are in `grid_crs`; `None`: the
/// raster's own frame). `Err` when points cannot be moved between the two CRSs.
pub fn resample(
    r: &GeoRaster,
    grid: &GridSpec,
    grid_crs: Option<&Crs>,
    method: Resampling,
) -> Result<Resampled, String> {
    let tr = match (grid_crs, &r.crs) {
        (Some(g), Some(rc)) => Some(Transform::new(g, rc)),
        _ => None,
    }
    .filter(|t| !t.is_identity());
    let (w, h) = (grid.width, grid.height);
    // pixel position of a grid point given in cell units from the north-west corner
    let exact = |u: f64, v: f64| -> Result<(f64, f64), String> {
        let e = grid.origin.0 + u * grid.cell_m;
        let n = grid.origin.1 + (h as f64 - v) * grid.cell_m;
        let (x, y) = match &tr {
            Some(t) => t.apply(e, n)?,
            None => (e, n),
        };
        r.pixel_of(x, y)
            .ok_or_else(|| "the raster's transform cannot be inverted".to_string())
    };
    // lattice of exact positions every LATTICE cells (grid corners in cell units)
    let lat_w = w.div_ceil(LATTICE) + 1;
    let lat_h = h.div_ceil(LATTICE) + 1;
    let mut lattice = Vec::with_capacity(lat_w as usize * lat_h as usize);
    for j in 0..lat_h {
        for i in 0..lat_w {
            let u = (i * LATTICE).min(w) as f64;
            let v = (j * LATTICE).min(h) as f64;
            lattice.push(exact(u, v)?);
        }
    }
    let pos = |u: f64, v: f64| -> (f64, f64) {
        if tr.is_none() {
            // affine all the way: exact
            let e = grid.origin.0 + u * grid.cell_m;
            let n = grid.origin.1 + (h as f64 - v) * grid.cell_m;
            return r.pixel_of(e, n).unwrap_or((f64::NAN, f64::NAN));
        }
        let i = ((u / LATTICE as f64).floor() as u32).min(lat_w - 2);
        let j = ((v / LATTICE as f64).floor() as u32).min(lat_h - 2);
        let u0 = (i * LATTICE) as f64;
        let u1 = ((i + 1) * LATTICE).min(w) as f64;
        let v0 = (j * LATTICE) as f64;
        let v1 = ((j + 1) * LATTICE).min(h) as f64;
        let fu = if u1 > u0 { (u - u0) / (u1 - u0) } else { 0.0 };
        let fv = if v1 > v0 { (v - v0) / (v1 - v0) } else { 0.0 };
        let at = |a: u32, b: u32| lattice[(b * lat_w + a) as usize];
        let (p00, p10, p01, p11) = (at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1));
        let lerp = |a: f64, b: f64, c: f64, d: f64| {
            let top = a + (b - a) * fu;
            let bot = c + (d - c) * fu;
            top + (bot - top) * fv
        };
        (
            lerp(p00.0, p10.0, p01.0, p11.0),
            lerp(p00.1, p10.1, p01.1, p11.1),
        )
    };
    // sub-samples per cell side: how many pixels one cell spans
    let k = match method {
        Resampling::Nearest | Resampling::Bilinear => 1,
        _ => {
            let (a, b) = (pos(0.0, 0.0), pos(1.0, 1.0));
            let span = (b.0 - a.0).abs().max((b.1 - a.1).abs());
            (span.ceil() as u32).clamp(1, MAX_SUBSAMPLES)
        }
    };
    let cell_area = grid.cell_m * grid.cell_m;
    let (rw, rh) = (r.width as i64, r.height as i64);
    let inside = |px: f64, py: f64| px >= 0.0 && py >= 0.0 && px < rw as f64 && py < rh as f64;
    let mut values = vec![f64::NAN; grid.len()];
    let mut outside = (0usize, Vec::new(), None::<CellBox>);
    let mut nodata = (0usize, Vec::new());
    let mut samples: Vec<f32> = Vec::with_capacity((k * k) as usize);
    for row in 0..h {
        for col in 0..w {
            let idx = grid.index(col, row);
            let (cx, cy) = pos(col as f64 + 0.5, row as f64 + 0.5);
            if !inside(cx, cy) {
                outside.0 += 1;
                if outside.1.len() < GAP_EXAMPLES {
                    outside.1.push(Gap {
                        cell: (col, row),
                        pixel: None,
                    });
                }
                outside.2 = Some(match outside.2 {
                    None => (col, row, col, row),
                    Some((a, b, c, d)) => (a.min(col), b.min(row), c.max(col), d.max(row)),
                });
                continue;
            }
            let near = (cx.floor() as i64, cy.floor() as i64);
            let v = match method {
                Resampling::Nearest => r.at(near.0 as u32, near.1 as u32) as f64,
                Resampling::Bilinear => bilinear(r, cx, cy),
                _ => {
                    samples.clear();
                    let mut weight = 0.0;
                    for sj in 0..k {
                        for si in 0..k {
                            let (px, py) = pos(
                                col as f64 + (si as f64 + 0.5) / k as f64,
                                row as f64 + (sj as f64 + 0.5) / k as f64,
                            );
                            if !inside(px, py) {
                                continue;
                            }
                            let s = r.at(px.floor() as u32, py.floor() as u32);
                            if s.is_nan() {
                                continue;
                            }
                            if method == Resampling::Sum {
                                weight += s as f64 * (cell_area / (k * k) as f64)
                                    / r.pixel_area_m2(py.floor() + 0.5);
                            }
                            samples.push(s);
                        }
                    }
                    if samples.is_empty() {
                        f64::NAN
                    } else {
                        match method {
                            Resampling::Average => {
                                samples.iter().map(|&s| s as f64).sum::<f64>()
                                    / samples.len() as f64
                            }
                            Resampling::Mode => mode(&mut samples),
                            // missing sub-samples count as empty ground
                            _ => weight,
                        }
                    }
                }
            };
            if v.is_nan() {
                nodata.0 += 1;
                if nodata.1.len() < GAP_EXAMPLES {
                    nodata.1.push(Gap {
                        cell: (col, row),
                        pixel: Some(near),
                    });
                }
            }
            values[idx] = v;
        }
    }
    Ok(Resampled {
        values,
        outside,
        nodata,
        k,
    })
}

/// Bilinear between pixel centres; the nearest pixel where a neighbour is nodata or
/// off the raster.
fn bilinear(r: &GeoRaster, px: f64, py: f64) -> f64 {
    let (fx, fy) = (px - 0.5, py - 0.5);
    let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
    let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
    let get = |c: i64, rr: i64| -> Option<f64> {
        if c < 0 || rr < 0 || c >= r.width as i64 || rr >= r.height as i64 {
            return None;
        }
        let v = r.at(c as u32, rr as u32);
        (!v.is_nan()).then_some(v as f64)
    };
    match (
        get(x0, y0),
        get(x0 + 1, y0),
        get(x0, y0 + 1),
        get(x0 + 1, y0 + 1),
    ) {
        (Some(a), Some(b), Some(c), Some(d)) => {
            let top = a + (b - a) * tx;
            let bot = c + (d - c) * tx;
            top + (bot - top) * ty
        }
        _ => r.at(px.floor() as u32, py.floor() as u32) as f64,
    }
}

/// Most frequent value (ties: the smallest).
fn mode(s: &mut [f32]) -> f64 {
    s.sort_by(f32::total_cmp);
    let (mut best, mut best_n) = (s[0], 0usize);
    let mut i = 0;
    while i < s.len() {
        let mut j = i;
        while j < s.len() && s[j] == s[i] {
            j += 1;
        }
        if j - i > best_n {
            best = s[i];
            best_n = j - i;
        }
        i = j;
    }
    best as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(w: u32, h: u32, cell: f64, origin: (f64, f64)) -> GridSpec {
        GridSpec {
            width: w,
            height: h,
            cell_m: cell,
            origin,
        }
    }

    fn ramp(w: u32, h: u32, cell: f64, origin: (f64, f64)) -> GeoRaster {
        let g = grid(w, h, cell, origin);
        // value = easting of the pixel centre
        let values = (0..h)
            .flat_map(|_| (0..w).map(move |c| (origin.0 + (c as f64 + 0.5) * cell) as f32))
            .collect();
        GeoRaster::from_grid(&g, None, values)
    }

    #[test]
    fn same_grid_gives_the_same_values() {
        let r = ramp(20, 10, 30.0, (1000.0, 2000.0));
        let g = grid(20, 10, 30.0, (1000.0, 2000.0));
        for m in [
            Resampling::Nearest,
            Resampling::Bilinear,
            Resampling::Average,
            Resampling::Mode,
        ] {
            let out = resample(&r, &g, None, m).unwrap();
            let want: Vec<f64> = r.values.iter().map(|&v| v as f64).collect();
            assert_eq!(out.values, want, "{m:?}");
            assert_eq!(out.outside.0 + out.nodata.0, 0);
        }
    }

    #[test]
    fn coarser_grid_averages_and_sums_keep_totals() {
        let g10 = grid(40, 40, 10.0, (0.0, 0.0));
        let people = GeoRaster::from_grid(&g10, None, vec![2.0; 1600]);
        let g40 = grid(10, 10, 40.0, (0.0, 0.0));
        let out = resample(&people, &g40, None, Resampling::Sum).unwrap();
        assert_eq!(out.k, 4);
        let total: f64 = out.values.iter().sum();
        assert!((total - 3200.0).abs() < 1e-6, "{total}");
        let r = ramp(40, 40, 10.0, (0.0, 0.0));
        let avg = resample(&r, &g40, None, Resampling::Average).unwrap();
        // cell 0 spans eastings 0–40: pixel centres 5, 15, 25, 35 → mean 20
        assert!((avg.values[0] - 20.0).abs() < 1e-9, "{}", avg.values[0]);
    }

    #[test]
    fn gaps_are_counted_and_located() {
        let mut r = ramp(10, 10, 10.0, (0.0, 0.0));
        r.values[3] = f32::NAN; // pixel (3, 0)
        // the grid reaches 20 m further east than the raster
        let g = grid(12, 10, 10.0, (0.0, 0.0));
        let out = resample(&r, &g, None, Resampling::Nearest).unwrap();
        assert_eq!(out.outside.0, 20);
        assert_eq!(out.outside.2, Some((10, 0, 11, 9)));
        assert_eq!(out.nodata.0, 1);
        assert_eq!(out.nodata.1[0].pixel, Some((3, 0)));
    }

    #[test]
    fn lattice_interpolation_between_crs_is_below_a_centimetre() {
        // a lon/lat raster under a UTM 50N grid of 100 m cells
        let utm = Crs::parse("EPSG:32650").unwrap();
        let ll = Crs::wgs84();
        let to_ll = Transform::new(&utm, &ll);
        let g = grid(64, 64, 100.0, (500_000.0, 3_300_000.0));
        let (lon0, lat0) = to_ll.apply(499_000.0, 3_308_000.0).unwrap();
        let r = GeoRaster {
            width: 1000,
            height: 1000,
            transform: [lon0, 0.0001, 0.0, lat0, 0.0, -0.0001],
            crs: Some(ll.clone()),
            nodata: None,
            values: vec![1.0; 1_000_000],
            pixel_type: "Float32".into(),
            band: 1,
        };
        let out = resample(&r, &g, Some(&utm), Resampling::Nearest).unwrap();
        assert_eq!(out.outside.0, 0);
        // exact vs interpolated position of a cell centre mid-way between lattice points
        let (col, row) = (4.5, 4.5);
        let e = 500_000.0 + col * 100.0;
        let n = 3_300_000.0 + (64.0 - row) * 100.0;
        let (lon, lat) = to_ll.apply(e, n).unwrap();
        let exact = r.pixel_of(lon, lat).unwrap();
        let c = |u: f64, v: f64| {
            let (lo, la) = to_ll
                .apply(500_000.0 + u * 100.0, 3_300_000.0 + (64.0 - v) * 100.0)
                .unwrap();
            r.pixel_of(lo, la).unwrap()
        };
        let (a, b, cc, d) = (c(0.0, 0.0), c(8.0, 0.0), c(0.0, 8.0), c(8.0, 8.0));
        let f = 4.5 / 8.0;
        let top = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        let bot = (cc.0 + (d.0 - cc.0) * f, cc.1 + (d.1 - cc.1) * f);
        let lin = (top.0 + (bot.0 - top.0) * f, top.1 + (bot.1 - top.1) * f);
        // one pixel is ~10 m here: 1 cm is 0.001 pixel
        assert!((lin.0 - exact.0).abs() < 1e-3 && (lin.1 - exact.1).abs() < 1e-3);
    }
}
