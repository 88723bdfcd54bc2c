//! `map.roads`: the road network, inline nodes and sections or a GeoJSON file.

use serde::{Deserialize, Serialize};

use crate::map::RoadClass;

/// The road network.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum RawRoads {
    /// Nodes and edges written in the scenario.
    Inline(RawRoadNet),
    /// LineStrings in a GeoJSON file: WGS 84 longitude/latitude (RFC 7946) or the
    /// CRS its `crs` member names when the map declares a CRS; projected metres in the
    /// grid's frame when it does not.
    GeoJson(String),
    /// The highways of an OpenStreetMap extract (`.osm.pbf`), cut at the grid's edges
    /// (needs `map.crs`).
    Osm(String),
}

/// An inline road network.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadNet {
    /// Junctions and road ends.
    pub nodes: Vec<RawRoadNode>,
    /// Road sections between two nodes, usable both ways.
    pub edges: Vec<RawRoadEdge>,
}

/// A road node at a cell.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadNode {
    /// Unique id.
    pub id: String,
    /// `(column, row)`.
    pub cell: (u32, u32),
}

/// A road section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadEdge {
    /// Node id at one end.
    pub from: String,
    /// Node id at the other end.
    pub to: String,
    /// Road class; gives the default speed.
    #[serde(default)]
    pub class: RoadClass,
    /// Length in m; default: straight distance between the nodes.
    #[serde(default)]
    pub length_m: Option<f64>,
    /// Speed limit in km/h; default by class.
    #[serde(default)]
    pub speed_km_h: Option<f64>,
    /// A bridge: water under it does not close the section.
    #[serde(default)]
    pub bridge: bool,
}
