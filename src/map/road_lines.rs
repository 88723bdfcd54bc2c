//! Road polylines (from GeoJSON or OpenStreetMap) into a [`RoadNetwork`] on the grid.
//!
//! Every vertex becomes a road node, vertices in the same grid cell are merged (so
//! lines that share an end point join, and a dense OSM way is thinned to one node per
//! cell), and consecutive vertices become road sections whose length is the straight
//! distance between them (at least half a cell). Positions are local metres (x east
//! from the west edge, y south from the north edge, [`GridSpec::local_of_projected`]).
//! [`clip`] cuts a polyline at the grid's edges, for extracts cut by a box larger than
//! the grid.

use std::collections::HashMap;

use super::{GridSpec, RoadClass, RoadNetwork};

/// A network being built from polylines.
#[derive(Default)]
pub struct LineNetwork {
    net: RoadNetwork,
    ids: HashMap<String, u32>,
    by_cell: HashMap<(u32, u32), u32>,
}

/// One polyline's road attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRoad<'a> {
    /// Node id prefix (`g` for GeoJSON, `osm` for OpenStreetMap).
    pub prefix: &'a str,
    /// Road class.
    pub class: RoadClass,
    /// Speed, km/h.
    pub speed_km_h: f64,
    /// A bridge (water under it does not close it).
    pub bridge: bool,
}

impl LineNetwork {
    /// An empty network.
    pub fn new() -> Self {
        LineNetwork {
            net: RoadNetwork::new(),
            ..Default::default()
        }
    }

    /// Whether a local position (m) lies on the grid; the south and east edges count
    /// as on it (a vertex exactly on the edge belongs to the last cell).
    pub fn on_grid(grid: &GridSpec, x: f64, y: f64) -> bool {
        let w = grid.width as f64 * grid.cell_m;
        let h = grid.height as f64 * grid.cell_m;
        x >= 0.0 && y >= 0.0 && x <= w && y <= h
    }

    /// Add one polyline of local positions that all lie on the grid.
    pub fn add(&mut self, grid: &GridSpec, points: &[(f64, f64)], road: &LineRoad<'_>) {
        let mut prev: Option<(u32, (f64, f64))> = None;
        for &(x, y) in points {
            let cell = grid.cell_at_m(x, y);
            let node = match self.by_cell.get(&cell) {
                Some(&n) => n,
                None => {
                    let id = format!("{}{}", road.prefix, self.ids.len());
                    let n = self.net.add_node(id.clone(), cell);
                    self.ids.insert(id, n);
                    self.by_cell.insert(cell, n);
                    n
                }
            };
            if let Some((p, (px, py))) = prev
                && p != node
            {
                let len = ((x - px).powi(2) + (y - py).powi(2))
                    .sqrt()
                    .max(grid.cell_m * 0.5);
                let e = self
                    .net
                    .add_edge(grid, p, node, road.class, len, road.speed_km_h);
                if road.bridge {
                    self.net.graph[petgraph::graph::EdgeIndex::new(e as usize)].bridge = true;
                }
            }
            prev = Some((node, (x, y)));
        }
    }

    /// Nodes so far.
    pub fn node_count(&self) -> usize {
        self.net.node_count()
    }

    /// The network and its node ids.
    pub fn finish(self) -> (RoadNetwork, HashMap<String, u32>) {
        (self.net, self.ids)
    }
}

/// The parts of a polyline (local metres) inside the grid: each run of vertices on
/// the grid, with the crossing points of the edges added at both ends.
pub fn clip(grid: &GridSpec, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let w = grid.width as f64 * grid.cell_m;
    let h = grid.height as f64 * grid.cell_m;
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Liang–Barsky clipping of the segment a→b to [0, w] × [0, h]
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        let mut keep = true;
        for (p, q) in [(-dx, a.0), (dx, w - a.0), (-dy, a.1), (dy, h - a.1)] {
            if p == 0.0 {
                if q < 0.0 {
                    keep = false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if !keep || t0 > t1 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let p0 = (a.0 + t0 * dx, a.1 + t0 * dy);
        let p1 = (a.0 + t1 * dx, a.1 + t1 * dy);
        if cur.is_empty() {
            cur.push(p0);
        } else if cur.last() != Some(&p0) {
            out.push(std::mem::take(&mut cur));
            cur.push(p0);
        }
        cur.push(p1);
        if t1 < 1.0 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if cur.len() >= 2 {
        out.push(cur);
    }
    out.retain(|l| l.len() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_the_inside_parts() {
        let g = GridSpec {
            width: 10,
            height: 10,
            cell_m: 10.0,
            origin: (0.0, 0.0),
        };
        // from outside west, through, out east, back in
        let line = [
            (-50.0, 50.0),
            (50.0, 50.0),
            (150.0, 50.0),
            (150.0, 20.0),
            (50.0, 20.0),
        ];
        let parts = clip(&g, &line);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], vec![(0.0, 50.0), (50.0, 50.0), (100.0, 50.0)]);
        assert_eq!(parts[1], vec![(100.0, 20.0), (50.0, 20.0)]);
        assert!(clip(&g, &[(-5.0, -5.0), (-1.0, -9.0)]).is_empty());
    }

    #[test]
    fn shared_cells_join_lines() {
        let g = GridSpec {
            width: 10,
            height: 10,
            cell_m: 10.0,
            origin: (0.0, 0.0),
        };
        let mut n = LineNetwork::new();
        let road = LineRoad {
            prefix: "t",
            class: RoadClass::Primary,
            speed_km_h: 60.0,
            bridge: true,
        };
        n.add(&g, &[(5.0, 5.0), (55.0, 5.0)], &road);
        n.add(&g, &[(56.0, 6.0), (56.0, 95.0)], &road);
        let (net, ids) = n.finish();
        assert_eq!(net.node_count(), 3);
        assert_eq!(net.graph.edge_count(), 2);
        assert!(net.graph.edge_weights().all(|e| e.bridge));
        assert!(ids.contains_key("t0"));
    }
}
