//! The `map.layers` section: elevation, land cover, roughness and population, each
//! one value per grid cell, from a constant, inline values, an ESRI ASCII file, noise
//! or a plane; land cover must be a known fuel model code and roughness defaults to
//! the land cover's Manning's n. The optional canopy layers (LANDFIRE's cover, height,
//! base height and bulk density) come all four together, within their ranges.

use std::path::PathBuf;
use std::sync::Arc;

use super::{ELEVATION_RANGE_M, MAX_CELL_POPULATION, MAX_TOTAL_COUNT, Validator, known_land_cover};
use crate::map::GridSpec;
use crate::map::asc;
use crate::map::layers::{manning_for_land_cover, value_noise};
use crate::scenario::CanopySpec;
use crate::scenario::raw::{RawLayer, RawLayers};
use crate::source::short_number;

/// Largest canopy height (and base height) accepted, m (the tallest stands are ~115 m).
pub const MAX_CANOPY_HEIGHT_M: f64 = 120.0;
/// Largest canopy bulk density accepted, kg/m³ (LANDFIRE's densest stands are ~0.45).
pub const MAX_CANOPY_BULK_DENSITY_KG_M3: f64 = 1.0;

/// A layer's values, one per cell (row by row, north row first), and where they were
/// written, so that a bad value is reported in its own file.
struct Layer {
    vals: Vec<f64>,
    /// The ESRI ASCII file and its text when the values came from one.
    asc: Option<(PathBuf, Arc<String>)>,
    /// The values are written inline in the scenario (`Inline([…])`).
    inline: bool,
}

impl Validator {
    /// Report a problem with cell `i` of layer `l` written at `path`: at the value in
    /// its ESRI ASCII file when it came from one, at `path` (the element, for inline
    /// values) otherwise.
    fn cell_err(&mut self, path: &str, l: &Layer, i: usize, message: String, hint: Option<String>) {
        match &l.asc {
            Some((full, text)) => {
                let span = asc::value_span(text, i).unwrap_or((0, 0));
                self.d.err_in(full, text, span, message, hint);
            }
            // (inline values have one per cell: `layer` refuses any other count)
            None if l.inline => {
                self.d.err(&format!("{path}.0[{i}]"), message, hint);
            }
            None => self.d.err(path, message, hint),
        }
    }

    fn layer(&mut self, g: &GridSpec, path: &str, l: &RawLayer) -> Option<Layer> {
        let n = g.len();
        let mut asc_src = None;
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
                let max = crate::source::max_asc_bytes(n as u64);
                let (full, text) = self.read_file(&format!("{path}.0"), rel, max)?;
                let expect = (g.width as usize, g.height as usize);
                match asc::parse_expecting(&text, Some(expect)) {
                    Ok(a) => {
                        if (a.cellsize - g.cell_m).abs() > 1e-9 {
                            let at = text.to_ascii_lowercase().find("cellsize").unwrap_or(0);
                            self.d.err_in(
                                &full,
                                &text,
                                (at, at + "cellsize".len()),
                                format!(
                                    "cellsize {} differs from the scenario's cell_m {}",
                                    a.cellsize, g.cell_m
                                ),
                                Some("all layers share the scenario's grid".into()),
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
                                asc::value_span(&text, i).unwrap_or((0, 0)),
                                format!("NODATA at cell ({c}, {r})"),
                                Some("layers must have a value in every cell".into()),
                            );
                            return None;
                        }
                        asc_src = Some((full.clone(), text.clone()));
                        a.values
                    }
                    Err(e) => {
                        self.d.err_in(
                            &full,
                            &text,
                            (e.offset, e.offset + 1),
                            e.message,
                            e.hint.or(Some(
                                "ESRI ASCII grid: six header lines then ncols × nrows numbers"
                                    .into(),
                            )),
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
        let layer = Layer {
            vals,
            asc: asc_src,
            inline: matches!(l, RawLayer::Inline(_)),
        };
        if let Some(i) = layer.vals.iter().position(|v| !v.is_finite()) {
            let (c, r) = g.cell_of(i);
            self.cell_err(
                path,
                &layer,
                i,
                format!("value at cell ({c}, {r}) is not a finite number"),
                None,
            );
            return None;
        }
        Some(layer)
    }

    #[allow(clippy::type_complexity)] // four parallel layers, named at the call site
    pub(super) fn layers(
        &mut self,
        g: &GridSpec,
        l: &RawLayers,
    ) -> Option<(Vec<f32>, Vec<u16>, Vec<f32>, Vec<f32>)> {
        let elev = self.layer(g, "map.layers.elevation", &l.elevation);
        if let Some(e) = &elev
            && let Some(i) = e
                .vals
                .iter()
                .position(|v| !(ELEVATION_RANGE_M.0..=ELEVATION_RANGE_M.1).contains(v))
        {
            let (c, r) = g.cell_of(i);
            self.cell_err(
                "map.layers.elevation",
                e,
                i,
                format!(
                    "elevation {} m at cell ({c}, {r}) is outside {}…{} m",
                    short_number(e.vals[i]),
                    ELEVATION_RANGE_M.0,
                    ELEVATION_RANGE_M.1
                ),
                Some("metres above sea level, from below the Dead Sea to above Everest".into()),
            );
        }
        let elev = elev.map(|l| l.vals);
        let cover = match &l.land_cover {
            Some(lc) => self.layer(g, "map.layers.land_cover", lc),
            None => Some(Layer {
                vals: vec![1.0; g.len()],
                asc: None,
                inline: false,
            }),
        };
        let cover_codes = cover.and_then(|layer| {
            let v = &layer.vals;
            let mut out = Vec::with_capacity(v.len());
            for (i, x) in v.iter().enumerate() {
                if x.fract() != 0.0 || *x < 0.0 || *x > 65535.0 || !known_land_cover(*x as u16) {
                    let (c, r) = g.cell_of(i);
                    self.cell_err(
                        "map.layers.land_cover",
                        &layer,
                        i,
                        format!(
                            "land cover {} at cell ({c}, {r}) is not a fuel model code",
                            short_number(*x)
                        ),
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
            (None, Some(c)) => Some(Layer {
                vals: c.iter().map(|&x| manning_for_land_cover(x)).collect(),
                asc: None,
                inline: false,
            }),
            (None, None) => None,
        };
        if let Some(r) = &rough
            && let Some(i) = r.vals.iter().position(|v| !(0.005..=1.0).contains(v))
        {
            let (c, rw) = g.cell_of(i);
            self.cell_err(
                "map.layers.roughness",
                r,
                i,
                format!(
                    "Manning's n {} at cell ({c}, {rw}) is outside 0.005–1.0",
                    short_number(r.vals[i])
                ),
                None,
            );
        }
        let rough = rough.map(|l| l.vals);
        let pop = match &l.population {
            Some(p) => self.layer(g, "map.layers.population", p),
            None => Some(Layer {
                vals: vec![0.0; g.len()],
                asc: None,
                inline: false,
            }),
        };
        if let Some(pl) = &pop {
            let p = &pl.vals;
            if let Some(i) = p
                .iter()
                .position(|v| !(0.0..=MAX_CELL_POPULATION).contains(v))
            {
                let (c, r) = g.cell_of(i);
                self.cell_err(
                    "map.layers.population",
                    pl,
                    i,
                    format!(
                        "population {} at cell ({c}, {r}) is outside 0–{MAX_CELL_POPULATION}",
                        short_number(p[i])
                    ),
                    Some("residents per cell, outside the named places".into()),
                );
            } else if p.iter().sum::<f64>() > MAX_TOTAL_COUNT as f64 {
                self.d.err(
                    "map.layers.population",
                    format!(
                        "the population layer holds {:.0} people, more than {MAX_TOTAL_COUNT}",
                        p.iter().sum::<f64>()
                    ),
                    None,
                );
            }
        }
        let pop = pop.map(|l| l.vals);
        let f32s = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        Some((f32s(elev?), cover_codes?, f32s(rough?), f32s(pop?)))
    }

    /// The canopy layers, when the map has them: `Some(None)` without any, `None`
    /// after an error.
    pub(super) fn canopy(&mut self, g: &GridSpec, l: &RawLayers) -> Option<Option<CanopySpec>> {
        let named = [
            ("canopy_cover_pct", &l.canopy_cover_pct),
            ("canopy_height_m", &l.canopy_height_m),
            ("canopy_base_height_m", &l.canopy_base_height_m),
            ("canopy_bulk_density_kg_m3", &l.canopy_bulk_density_kg_m3),
        ];
        let given: Vec<&str> = named
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(n, _)| *n)
            .collect();
        if given.is_empty() {
            return Some(None);
        }
        if given.len() < 4 {
            let missing: Vec<&str> = named
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(n, _)| *n)
                .collect();
            self.d.err(
                &format!("map.layers.{}", given[0]),
                format!(
                    "canopy layers come all four together; missing: {}",
                    missing.join(", ")
                ),
                Some(
                    "give canopy_cover_pct, canopy_height_m, canopy_base_height_m and \
                     canopy_bulk_density_kg_m3 (LANDFIRE CC, CH, CBH, CBD), or none"
                        .into(),
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(4);
        let ranges = [
            (0.0, 100.0, "%"),
            (0.0, MAX_CANOPY_HEIGHT_M, "m"),
            (0.0, MAX_CANOPY_HEIGHT_M, "m"),
            (0.0, MAX_CANOPY_BULK_DENSITY_KG_M3, "kg/m³"),
        ];
        for ((name, layer), (lo, hi, unit)) in named.iter().zip(ranges) {
            let path = format!("map.layers.{name}");
            let l = self.layer(g, &path, layer.as_ref()?)?;
            if let Some(i) = l.vals.iter().position(|v| !(lo..=hi).contains(v)) {
                let (c, r) = g.cell_of(i);
                self.cell_err(
                    &path,
                    &l,
                    i,
                    format!(
                        "{} {unit} at cell ({c}, {r}) is outside {lo}–{hi} {unit}",
                        short_number(l.vals[i])
                    ),
                    (*name != "canopy_cover_pct").then(|| {
                        "LANDFIRE stores CH and CBH in m × 10 and CBD in kg/m³ × 100: \
                         divide before use"
                            .into()
                    }),
                );
                return None;
            }
            out.push(l.vals);
        }
        let (cbd, cbh, ch, cc) = (out.pop()?, out.pop()?, out.pop()?, out.pop()?);
        if let Some(i) = (0..g.len()).find(|&i| ch[i] > 0.0 && cbh[i] > ch[i]) {
            let (c, r) = g.cell_of(i);
            self.d.err(
                "map.layers.canopy_base_height_m",
                format!(
                    "canopy base height {} m at cell ({c}, {r}) is above the canopy height {} m",
                    cbh[i], ch[i]
                ),
                None,
            );
            return None;
        }
        let f32s = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        Some(Some(CanopySpec {
            cover: cc.into_iter().map(|x| (x / 100.0) as f32).collect(),
            height_m: f32s(ch),
            base_height_m: f32s(cbh),
            bulk_density_kg_m3: f32s(cbd),
        }))
    }
}
