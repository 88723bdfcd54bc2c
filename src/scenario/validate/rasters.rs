//! Raster layers from files that need resampling: GeoTIFF (`GeoTiff`, `Raster`) and
//! `.asc` through `Raster`. The raster is moved into the grid's CRS and resampled
//! ([`crate::map::raster`]); a raster that does not cover the grid is refused with how
//! much is missing and where; nodata under the grid is refused (a hole in the
//! elevation would be a bottomless pit for water) except in population, where it means
//! nobody lives there (0).
//!
//! Default methods: elevation, roughness and other continuous layers bilinear; land
//! cover mode (nearest when the cells match); population sum (counts kept).

use std::path::PathBuf;
use std::sync::Arc;

use super::Validator;
use crate::map::GridSpec;
use crate::map::raster::{GeoRaster, Resampling, resample};
use crate::map::{asc, geotiff};
use crate::scenario::diag::Diagnostic;

/// The default resampling of a layer by its path in the scenario.
pub fn default_resampling(path: &str) -> Resampling {
    if path.ends_with("land_cover") {
        Resampling::Mode
    } else if path.ends_with("population") {
        Resampling::Sum
    } else {
        Resampling::Bilinear
    }
}

impl Validator {
    /// Read a binary file the scenario names, at most `max` bytes (through
    /// [`Validator::read_raw`], so a recording embeds it).
    pub(super) fn read_bytes(
        &mut self,
        path: &str,
        rel: &str,
        max: u64,
    ) -> Option<(PathBuf, std::sync::Arc<Vec<u8>>)> {
        self.read_raw(path, rel, max)
    }

    fn label(&mut self, file: &std::path::Path, label: &str, msg: String, hint: Option<String>) {
        self.d.add(Diagnostic::at_label(file, label, "", msg, hint));
    }

    pub(super) fn raster_layer(
        &mut self,
        g: &GridSpec,
        path: &str,
        file: &str,
        band: u16,
        method: Option<Resampling>,
    ) -> Option<Vec<f64>> {
        if self.crs_failed {
            return None;
        }
        let method = method.unwrap_or_else(|| default_resampling(path));
        let lower = file.to_ascii_lowercase();
        let r: GeoRaster = if lower.ends_with(".asc") {
            let (full, bytes) = self.read_bytes(&format!("{path}.0"), file, 256 << 20)?;
            let text = match crate::source::text_from_bytes(bytes.to_vec()) {
                Ok(t) => Arc::new(t),
                Err(e) => {
                    self.label(&full, "", e.to_string(), None);
                    return None;
                }
            };
            match asc::parse(&text) {
                Ok(a) => {
                    if band != 1 {
                        self.label(
                            &full,
                            &format!("band {band}"),
                            "an .asc file has one band".into(),
                            None,
                        );
                        return None;
                    }
                    GeoRaster::from_asc(&a)
                }
                Err(e) => {
                    self.d
                        .err_in(&full, &text, (e.offset, e.offset + 1), e.message, None);
                    return None;
                }
            }
        } else {
            let (full, bytes) =
                self.read_bytes(&format!("{path}.0"), file, geotiff::MAX_FILE_BYTES)?;
            match geotiff::read(&bytes, band) {
                Ok(r) => r,
                Err(e) => {
                    let label = e.place.unwrap_or_default();
                    self.label(&full, &label, e.message, None);
                    return None;
                }
            }
        };
        let full = self.dir.join(file);
        if let (Some(rc), None) = (&r.crs, &self.crs) {
            self.label(
                &full,
                "",
                format!(
                    "the raster is in {}, but the scenario declares no CRS",
                    rc.describe()
                ),
                Some(format!(
                    "add `crs: \"{}\"` to the map section (the grid's CRS)",
                    rc.declared
                )),
            );
            return None;
        }
        let out = match resample(&r, g, self.crs.as_ref(), method) {
            Ok(o) => o,
            Err(e) => {
                self.label(&full, "", e, None);
                return None;
            }
        };
        let crs_name = r
            .crs
            .as_ref()
            .or(self.crs.as_ref())
            .map(|c| c.describe())
            .unwrap_or_else(|| "the grid's frame".into());
        let mut ok = true;
        if out.outside.0 > 0 {
            let (c0, r0, c1, r1) = out.outside.2.unwrap_or_default();
            let corners = r.corners();
            let xs = corners.iter().map(|c| c.0);
            let ys = corners.iter().map(|c| c.1);
            let (x0, x1) = (
                xs.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
            );
            let (y0, y1) = (
                ys.clone().fold(f64::INFINITY, f64::min),
                ys.fold(f64::NEG_INFINITY, f64::max),
            );
            self.label(
                &full,
                &format!("band {}", r.band),
                format!(
                    "the raster does not cover the grid: {} of {} cells ({:.1} %) lie outside it, within columns {c0}–{c1} and rows {r0}–{r1}; the raster spans x {x0:.1}…{x1:.1}, y {y0:.1}…{y1:.1} in {crs_name}",
                    out.outside.0,
                    g.len(),
                    100.0 * out.outside.0 as f64 / g.len() as f64,
                ),
                Some("move or shrink the grid (map.grid origin, width, height) to the raster, or use a larger raster".into()),
            );
            ok = false;
        }
        let mut values = out.values;
        if out.nodata.0 > 0 {
            if method == Resampling::Sum || path.ends_with("population") {
                for v in values.iter_mut().filter(|v| v.is_nan()) {
                    *v = 0.0;
                }
            } else {
                let eg = out.nodata.1[0];
                let (px, py) = eg.pixel.unwrap_or((0, 0));
                self.label(
                    &full,
                    &format!("band {}, pixel ({px}, {py})", r.band),
                    format!(
                        "nodata{} under {} grid cell(s), e.g. cell ({}, {}); every cell of `{path}` needs a value",
                        r.nodata.map(|n| format!(" ({n})")).unwrap_or_default(),
                        out.nodata.0,
                        eg.cell.0,
                        eg.cell.1,
                    ),
                    Some("fill the holes in your GIS (QGIS: Raster → Analysis → Fill nodata; GDAL: gdal_fillnodata)".into()),
                );
                ok = false;
            }
        }
        ok.then_some(values)
    }
}
