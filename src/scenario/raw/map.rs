//! The `map` section and its grid: the raster every layer shares, then layers, roads
//! and places (each in its own file).

use serde::{Deserialize, Serialize};

use super::{RawLayers, RawPlace, RawRoads};

/// The map section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    /// The raster all layers share.
    pub grid: RawGrid,
    /// Raster layers.
    pub layers: RawLayers,
    /// The road network.
    pub roads: RawRoads,
    /// Named places.
    #[serde(default)]
    pub places: Vec<RawPlace>,
}

/// Grid geometry. Cells are square; row 0 is the north edge, column 0 the west edge.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrid {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Cell side in metres.
    pub cell_m: f64,
    /// Projected coordinates (m) of the south-west corner, as `xllcorner`/`yllcorner`
    /// in ESRI ASCII grids; used to place GeoJSON roads.
    #[serde(default)]
    pub origin: (f64, f64),
}
