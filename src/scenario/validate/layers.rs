//! The `map.layers` section: elevation, land cover, roughness and population, each
//! one value per grid cell, from a constant, inline values, an ESRI ASCII file, noise
//! or a plane; land cover must be a known fuel model code and roughness defaults to
//! the land cover's Manning's n.

use super::{Validator, known_land_cover};
use crate::map::GridSpec;
use crate::map::asc;
use crate::map::layers::{manning_for_land_cover, value_noise};
use crate::scenario::raw::{RawLayer, RawLayers};

impl Validator {
    fn layer(&mut self, g: &GridSpec, path: &str, l: &RawLayer) -> Option<Vec<f64>> {
        let n = g.len();
        let vals = match l {
            RawLayer::Constant(v) => vec![*v; n],
            RawLayer::Inline(v) => {
                if v.len() != n {
                    self.d.err(
                        path,
                        format!(
                            "inline layer has {} values; the grid has {} × {} = {n}",
                            v.len(),
                            g.width,
                            g.height
                        ),
                        Some("values are row by row, north row first".into()),
                    );
                    return None;
                }
                v.clone()
            }
            RawLayer::Asc(rel) => {
                let (full, text) = self.read_file(&format!("{path}.0"), rel)?;
                match asc::parse(&text) {
                    Ok(a) => {
                        if a.ncols != g.width as usize || a.nrows != g.height as usize {
                            self.d.err_in(
                                &full,
                                &text,
                                (0, text.find('\n').unwrap_or(0)),
                                format!(
                                    "grid is {} × {}, the scenario's grid is {} × {}",
                                    a.ncols, a.nrows, g.width, g.height
                                ),
                                Some("all layers share the scenario's grid".into()),
                            );
                            return None;
                        }
                        if (a.cellsize - g.cell_m).abs() > 1e-9 {
                            self.d.err_in(
                                &full,
                                &text,
                                (0, 0),
                                format!(
                                    "cellsize {} differs from the scenario's cell_m {}",
                                    a.cellsize, g.cell_m
                                ),
                                None,
                            );
                            return None;
                        }
                        if let Some(nd) = a.nodata
                            && let Some(i) = a.values.iter().position(|v| *v == nd)
                        {
                            let (c, r) = g.cell_of(i);
                            self.d.err_in(
                                &full,
                                &text,
                                (0, 0),
                                format!("NODATA at cell ({c}, {r})"),
                                Some("layers must have a value in every cell".into()),
                            );
                            return None;
                        }
                        a.values
                    }
                    Err(e) => {
                        self.d.err_in(
                            &full,
                            &text,
                            (e.offset, e.offset + 1),
                            e.message,
                            Some(
                                "ESRI ASCII grid: six header lines then ncols × nrows numbers"
                                    .into(),
                            ),
                        );
                        return None;
                    }
                }
            }
            RawLayer::GeoTiff(file) => self.raster_layer(g, path, file, 1, None)?,
            RawLayer::Raster(r) => self.raster_layer(g, path, &r.file, r.band, r.resampling)?,
            RawLayer::Noise(nz) => {
                if !(nz.scale_cells >= 1.0
                    && nz.scale_cells <= 1e6
                    && nz.amplitude.is_finite()
                    && nz.base.is_finite())
                    || nz.octaves == 0
                    || nz.octaves > 8
                {
                    self.d.err(
                        path,
                        "noise needs scale_cells ≥ 1, octaves 1–8 and finite base and amplitude",
                        None,
                    );
                    return None;
                }
                value_noise(g.width, g.height, nz.seed, nz.scale_cells, nz.octaves)
                    .into_iter()
                    .map(|v| nz.base + nz.amplitude * v)
                    .collect()
            }
            RawLayer::Plane {
                base,
                slope_east,
                slope_north,
            } => {
                let mut v = Vec::with_capacity(n);
                for row in 0..g.height {
                    for col in 0..g.width {
                        let x = (col as f64 + 0.5) * g.cell_m;
                        let y = (g.height as f64 - row as f64 - 0.5) * g.cell_m;
                        v.push(base + slope_east * x + slope_north * y);
                    }
                }
                v
            }
        };
        if let Some(i) = vals.iter().position(|v| !v.is_finite()) {
            let (c, r) = g.cell_of(i);
            self.d.err(
                path,
                format!("value at cell ({c}, {r}) is not a finite number"),
                None,
            );
            return None;
        }
        Some(vals)
    }

    #[allow(clippy::type_complexity)] // four parallel layers, named at the call site
    pub(super) fn layers(
        &mut self,
        g: &GridSpec,
        l: &RawLayers,
    ) -> Option<(Vec<f32>, Vec<u16>, Vec<f32>, Vec<f32>)> {
        let elev = self.layer(g, "map.layers.elevation", &l.elevation);
        if let Some(e) = &elev
            && let Some(i) = e.iter().position(|v| !(-500.0..=9000.0).contains(v))
        {
            let (c, r) = g.cell_of(i);
            self.d.err(
                "map.layers.elevation",
                format!(
                    "elevation {} m at cell ({c}, {r}) is outside −500…9000 m",
                    e[i]
                ),
                None,
            );
        }
        let cover = match &l.land_cover {
            Some(lc) => self.layer(g, "map.layers.land_cover", lc),
            None => Some(vec![1.0; g.len()]),
        };
        let cover_codes = cover.and_then(|v| {
            let mut out = Vec::with_capacity(v.len());
            for (i, x) in v.iter().enumerate() {
                if x.fract() != 0.0 || *x < 0.0 || *x > 65535.0 || !known_land_cover(*x as u16) {
                    let (c, r) = g.cell_of(i);
                    self.d.err(
                        "map.layers.land_cover",
                        format!("land cover {x} at cell ({c}, {r}) is not a fuel model code"),
                        Some("use Anderson 1–13, Scott & Burgan 101–204, or 91 urban, 93 agriculture, 98 water, 99 bare".into()),
                    );
                    return None;
                }
                out.push(*x as u16);
            }
            Some(out)
        });
        let rough = match (&l.roughness, &cover_codes) {
            (Some(r), _) => self.layer(g, "map.layers.roughness", r),
            (None, Some(c)) => Some(c.iter().map(|&x| manning_for_land_cover(x)).collect()),
            (None, None) => None,
        };
        if let Some(r) = &rough
            && let Some(i) = r.iter().position(|v| !(0.005..=1.0).contains(v))
        {
            let (c, rw) = g.cell_of(i);
            self.d.err(
                "map.layers.roughness",
                format!(
                    "Manning's n {} at cell ({c}, {rw}) is outside 0.005–1.0",
                    r[i]
                ),
                None,
            );
        }
        let pop = match &l.population {
            Some(p) => self.layer(g, "map.layers.population", p),
            None => Some(vec![0.0; g.len()]),
        };
        if let Some(p) = &pop
            && let Some(i) = p.iter().position(|v| *v < 0.0)
        {
            let (c, r) = g.cell_of(i);
            self.d.err(
                "map.layers.population",
                format!("negative population at cell ({c}, {r})"),
                None,
            );
        }
        let f32s = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        Some((f32s(elev?), cover_codes?, f32s(rough?), f32s(pop?)))
    }
}
