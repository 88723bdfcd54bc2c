//! `map.layers`: the raster layers (elevation, land cover, roughness, population) and
//! where each one's values come from.

use serde::{Deserialize, Serialize};

/// The raster layers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayers {
    /// Ground elevation, m.
    pub elevation: RawLayer,
    /// Land cover as fuel model numbers (Anderson 1–13, Scott & Burgan 101–204,
    /// non-burnable 91 urban, 93 agriculture, 98 water, 99 bare). Default: 1.
    #[serde(default)]
    pub land_cover: Option<RawLayer>,
    /// Manning's n. Default: derived from land cover.
    #[serde(default)]
    pub roughness: Option<RawLayer>,
    /// Residents per cell outside named places. Default: 0.
    #[serde(default)]
    pub population: Option<RawLayer>,
    /// Canopy cover, percent 0–100 (LANDFIRE CC). The four canopy layers come together
    /// or not at all; without them every fire stays on the surface.
    #[serde(default)]
    pub canopy_cover_pct: Option<RawLayer>,
    /// Canopy height, m (LANDFIRE CH, which LANDFIRE stores in m × 10).
    #[serde(default)]
    pub canopy_height_m: Option<RawLayer>,
    /// Canopy base height, m (LANDFIRE CBH, stored by LANDFIRE in m × 10).
    #[serde(default)]
    pub canopy_base_height_m: Option<RawLayer>,
    /// Canopy bulk density, kg/m³ (LANDFIRE CBD, stored by LANDFIRE in kg/m³ × 100).
    #[serde(default)]
    pub canopy_bulk_density_kg_m3: Option<RawLayer>,
}

/// Where a layer's values come from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum RawLayer {
    /// The same value everywhere.
    Constant(f64),
    /// Row-major values, north row first, `width × height` of them.
    Inline(Vec<f64>),
    /// An ESRI ASCII grid file, relative to the scenario's folder (the scenario's grid
    /// exactly).
    Asc(String),
    /// Band 1 of a GeoTIFF file beside the scenario, resampled onto the grid with the
    /// layer's default method (elevation and roughness bilinear, land cover mode,
    /// population sum).
    GeoTiff(String),
    /// A raster file (GeoTIFF or `.asc`) with the band and resampling method chosen.
    Raster(RawRaster),
    /// Smooth value noise from a seed.
    Noise(RawNoise),
    /// A tilted plane: `base + slope_east·x + slope_north·y` (x, y in m from the south-west corner).
    Plane {
        /// Value at the south-west corner.
        base: f64,
        /// Rise per metre eastwards.
        slope_east: f64,
        /// Rise per metre northwards.
        slope_north: f64,
    },
}

/// A raster file and how to read it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRaster {
    /// The file, relative to the scenario's folder (`.tif`, `.tiff`, `.asc`).
    pub file: String,
    /// Band, from 1.
    #[serde(default = "default_band")]
    pub band: u16,
    /// Resampling onto the grid; default by layer (see [`RawLayer::GeoTiff`]).
    #[serde(default)]
    pub resampling: Option<crate::map::raster::Resampling>,
}

fn default_band() -> u16 {
    1
}

/// Parameters of procedural value noise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNoise {
    /// Generator seed (independent of the run seed).
    pub seed: u64,
    /// Mean value.
    pub base: f64,
    /// Largest deviation from the mean.
    pub amplitude: f64,
    /// Feature size in cells of the first octave.
    pub scale_cells: f64,
    /// Number of octaves (1–8).
    #[serde(default = "default_octaves")]
    pub octaves: u32,
}

fn default_octaves() -> u32 {
    4
}
