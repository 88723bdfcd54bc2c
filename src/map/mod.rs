//! The map: grid and raster layers, the road network and named places, and the GIS
//! files they come from: `.asc` and GeoTIFF rasters ([`asc`], [`geotiff`], resampled
//! onto the grid by [`raster`]), GeoJSON and OpenStreetMap roads ([`geo`], [`osm`]),
//! place tables ([`places_table`], read by [`table`], workbook values checked by
//! [`xlsx_values`]), all placed through a coordinate reference system
//! ([`crs`]).

pub mod asc;
pub mod crs;
pub mod geo;
pub mod geotiff;
pub mod layers;
pub mod osm;
pub mod places_table;
pub mod raster;
pub mod road_lines;
pub mod roads;
pub mod table;
pub mod xlsx_values;

pub use layers::{GridSpec, MAX_PROJECTED_M};
pub use roads::{MAX_ROAD_SPEED_KM_H, RoadClass, RoadNetwork, Route, Traveller};
