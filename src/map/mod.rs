//! The map: grid and raster layers, the road network and named places.

pub mod asc;
pub mod geo;
pub mod layers;
pub mod roads;

pub use layers::GridSpec;
pub use roads::{RoadClass, RoadNetwork, Route, Traveller};
