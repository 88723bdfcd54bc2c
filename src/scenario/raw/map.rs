//! The `map` section and its grid: the raster every layer shares, then layers, roads
//! and places (each in its own file).

use serde::{Deserialize, Serialize};

use super::{RawLayers, RawPlace, RawRoads};

/// The map section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    /// The grid's coordinate reference system: an EPSG code (`"EPSG:32650"`) or a
    /// PROJ string, projected in metres. With it, GeoTIFF layers, GeoJSON and
    /// OpenStreetMap roads and place tables in other CRSs (longitude/latitude) are
    /// projected onto the grid, and outputs (GeoTIFF, GeoJSON, CAP) carry
    /// coordinates. Without it, every file is in the grid's own frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    /// The raster all layers share.
    pub grid: RawGrid,
    /// Raster layers.
    pub layers: RawLayers,
    /// The road network.
    pub roads: RawRoads,
    /// Named places.
    #[serde(default)]
    pub places: Vec<RawPlace>,
    /// More places from files beside the scenario: tables (`.csv`, `.xlsx`) or
    /// GeoJSON points (see `map::places_table` for the columns).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub place_files: Vec<String>,
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
