//! The road network: an undirected petgraph graph of junctions and road sections,
//! with shortest-time routing that avoids closed sections.
//!
//! Invariants: node and edge indices are those of the scenario's order (stable), and
//! every edge knows the grid cells it crosses, so hazards can close it.

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use super::layers::GridSpec;

/// Highest speed a road section may have, km/h: inline roads, GeoJSON `speed_km_h`
/// and `maxspeed`, OpenStreetMap `maxspeed` all hold to it.
pub const MAX_ROAD_SPEED_KM_H: f64 = 300.0;

/// Road classes with their default speeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum RoadClass {
    /// Expressway, 100 km/h.
    Highway,
    /// Arterial road, 60 km/h.
    Primary,
    /// Township road, 40 km/h.
    #[default]
    Secondary,
    /// Village lane, 25 km/h.
    Track,
    /// Forest or levee path, 10 km/h.
    Path,
}

impl RoadClass {
    /// Default speed limit, km/h.
    pub fn default_speed_km_h(self) -> f64 {
        match self {
            RoadClass::Highway => 100.0,
            RoadClass::Primary => 60.0,
            RoadClass::Secondary => 40.0,
            RoadClass::Track => 25.0,
            RoadClass::Path => 10.0,
        }
    }
}

/// A junction or road end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoadNode {
    /// Id from the scenario (or generated for GeoJSON).
    pub id: String,
    /// `(col, row)`.
    pub cell: (u32, u32),
}

/// A road section.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoadEdge {
    /// Class.
    pub class: RoadClass,
    /// Length, m.
    pub length_m: f64,
    /// Speed limit, km/h.
    pub speed_km_h: f64,
    /// Flat indices of the cells the section crosses, from one end to the other.
    pub cells: Vec<u32>,
    /// A bridge: water under it does not close it.
    #[serde(default)]
    pub bridge: bool,
}

/// Why a road section cannot be used right now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EdgeState {
    /// Closed by an order (police cordon, road closure).
    pub closed_by_order: bool,
    /// Deepest water on the section, m.
    pub water_depth_m: f32,
    /// A cell of the section is burning.
    pub burning: bool,
    /// Concentration above the IDLH level on the section.
    pub toxic: bool,
}

/// The road graph plus the current state of every section.
#[derive(Debug, Clone)]
pub struct RoadNetwork {
    /// The graph; node weights are [`RoadNode`], edge weights [`RoadEdge`].
    pub graph: UnGraph<RoadNode, RoadEdge>,
    /// Current state per edge index.
    pub state: Vec<EdgeState>,
}

/// A route: nodes visited and sections used, with total length and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Node indices from start to end.
    pub nodes: Vec<u32>,
    /// Edge indices, one fewer than nodes.
    pub edges: Vec<u32>,
    /// Total length, m.
    pub length_m: f64,
    /// Travel time at the unit's speed, s.
    pub time_s: f64,
}

/// Who is asking for a route: its top speed and how deep a water it can ford.
#[derive(Debug, Clone, Copy)]
pub struct Traveller {
    /// Top speed, km/h.
    pub speed_km_h: f64,
    /// Fording depth, m.
    pub fording_depth_m: f64,
    /// Whether the crew has gas-tight protection (breathing apparatus) and may drive
    /// through toxic sections.
    pub gas_protected: bool,
}

impl RoadNetwork {
    /// An empty network.
    pub fn new() -> Self {
        RoadNetwork {
            graph: UnGraph::default(),
            state: Vec::new(),
        }
    }

    /// Add a node; returns its index.
    pub fn add_node(&mut self, id: String, cell: (u32, u32)) -> u32 {
        self.graph.add_node(RoadNode { id, cell }).index() as u32
    }

    /// Add a section between two nodes; cells are traced on the grid.
    pub fn add_edge(
        &mut self,
        grid: &GridSpec,
        a: u32,
        b: u32,
        class: RoadClass,
        length_m: f64,
        speed_km_h: f64,
    ) -> u32 {
        let ca = self.graph[NodeIndex::new(a as usize)].cell;
        let cb = self.graph[NodeIndex::new(b as usize)].cell;
        let cells = trace_cells(ca, cb)
            .into_iter()
            .map(|(c, r)| grid.index(c, r) as u32)
            .collect();
        let e = self.graph.add_edge(
            NodeIndex::new(a as usize),
            NodeIndex::new(b as usize),
            RoadEdge {
                class,
                length_m,
                speed_km_h,
                cells,
                bridge: false,
            },
        );
        self.state.push(EdgeState::default());
        e.index() as u32
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Straight distance between two nodes, m.
    pub fn straight_m(&self, grid: &GridSpec, a: u32, b: u32) -> f64 {
        let ca = self.graph[NodeIndex::new(a as usize)].cell;
        let cb = self.graph[NodeIndex::new(b as usize)].cell;
        let dx = ca.0 as f64 - cb.0 as f64;
        let dy = ca.1 as f64 - cb.1 as f64;
        (dx * dx + dy * dy).sqrt() * grid.cell_m
    }

    /// An index of the nodes by position, for many [`NearestNodes::nearest`]
    /// questions (one per place) in time that grows with the logarithm of the
    /// number of nodes, not with the number itself as [`RoadNetwork::nearest_node`].
    pub fn nearest_index(&self) -> NearestNodes {
        let mut pts: Vec<(u32, (f64, f64))> = self
            .graph
            .node_indices()
            .map(|n| {
                let c = self.graph[n].cell;
                (n.index() as u32, (c.0 as f64, c.1 as f64))
            })
            .collect();
        NearestNodes::arrange(&mut pts, 0);
        NearestNodes { pts }
    }

    /// Nearest node to a cell, with its distance in cells.
    pub fn nearest_node(&self, cell: (u32, u32)) -> Option<(u32, f64)> {
        self.graph
            .node_indices()
            .map(|n| {
                let c = self.graph[n].cell;
                let dx = c.0 as f64 - cell.0 as f64;
                let dy = c.1 as f64 - cell.1 as f64;
                (n.index() as u32, (dx * dx + dy * dy).sqrt())
            })
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    }

    /// Whether the traveller may use an edge now.
    pub fn usable(&self, edge: u32, t: &Traveller) -> bool {
        let s = &self.state[edge as usize];
        !s.closed_by_order
            && !s.burning
            && (!s.toxic || t.gas_protected)
            && (s.water_depth_m as f64) <= t.fording_depth_m
    }

    /// Which sections the traveller may use now, one bit per edge. Routing succeeds or
    /// fails on this set alone, so a route that failed fails again while it is equal.
    pub fn usable_set(&self, t: &Traveller) -> Vec<u64> {
        let mut bits = vec![0u64; self.state.len().div_ceil(64)];
        for e in 0..self.state.len() {
            if self.usable(e as u32, t) {
                bits[e / 64] |= 1 << (e % 64);
            }
        }
        bits
    }

    /// Travel time over an edge, s.
    pub fn edge_time_s(&self, edge: u32, t: &Traveller) -> f64 {
        let e = &self.graph[EdgeIndex::new(edge as usize)];
        e.length_m / (e.speed_km_h.min(t.speed_km_h) / 3.6)
    }

    /// Fastest route from `from` to `to` over usable sections (petgraph A* with a zero
    /// heuristic, i.e. Dijkstra); `None` when cut off.
    pub fn route(&self, from: u32, to: u32, t: &Traveller) -> Option<Route> {
        let (time_s, path) = petgraph::algo::astar(
            &self.graph,
            NodeIndex::new(from as usize),
            |n| n.index() as u32 == to,
            |e| {
                let id = e.id().index() as u32;
                if self.usable(id, t) {
                    self.edge_time_s(id, t)
                } else {
                    f64::INFINITY
                }
            },
            |_| 0.0,
        )?;
        if !time_s.is_finite() {
            return None;
        }
        let mut edges = Vec::with_capacity(path.len().saturating_sub(1));
        let mut length_m = 0.0;
        for w in path.windows(2) {
            // the fastest usable edge between consecutive nodes
            let best = self
                .graph
                .edges_connecting(w[0], w[1])
                .filter(|e| self.usable(e.id().index() as u32, t))
                .min_by(|a, b| {
                    self.edge_time_s(a.id().index() as u32, t)
                        .total_cmp(&self.edge_time_s(b.id().index() as u32, t))
                })?;
            edges.push(best.id().index() as u32);
            length_m += best.weight().length_m;
        }
        Some(Route {
            nodes: path.iter().map(|n| n.index() as u32).collect(),
            edges,
            length_m,
            time_s,
        })
    }
}

impl Default for RoadNetwork {
    fn default() -> Self {
        Self::new()
    }
}

/// Cells on the straight line between two cells (Bresenham), both ends included.
pub fn trace_cells(a: (u32, u32), b: (u32, u32)) -> Vec<(u32, u32)> {
    let (mut x0, mut y0) = (a.0 as i64, a.1 as i64);
    let (x1, y1) = (b.0 as i64, b.1 as i64);
    let dx = (x1 - x0).abs();
    let dy = -(y1 - y0).abs();
    let sx = if x0 < x1 { 1 } else { -1 };
    let sy = if y0 < y1 { 1 } else { -1 };
    let mut err = dx + dy;
    let mut out = Vec::new();
    loop {
        out.push((x0 as u32, y0 as u32));
        if x0 == x1 && y0 == y1 {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x0 += sx;
        }
        if e2 <= dx {
            err += dx;
            y0 += sy;
        }
    }
    out
}

/// Road nodes in a 2-d tree (Bentley 1975): the node list arranged so that the
/// middle element of every range splits it on x (even depths) or y (odd depths).
/// [`NearestNodes::nearest`] answers as [`RoadNetwork::nearest_node`] does, ties
/// included (the lowest node index wins).
#[derive(Debug, Clone)]
pub struct NearestNodes {
    pts: Vec<(u32, (f64, f64))>,
}

impl NearestNodes {
    fn key(p: &(u32, (f64, f64)), axis: usize) -> f64 {
        if axis == 0 { p.1.0 } else { p.1.1 }
    }

    fn arrange(pts: &mut [(u32, (f64, f64))], axis: usize) {
        if pts.len() <= 1 {
            return;
        }
        let mid = pts.len() / 2;
        pts.select_nth_unstable_by(mid, |a, b| {
            Self::key(a, axis).total_cmp(&Self::key(b, axis))
        });
        let (lo, hi) = pts.split_at_mut(mid);
        Self::arrange(lo, 1 - axis);
        Self::arrange(&mut hi[1..], 1 - axis);
    }

    /// Nearest node to a cell, with its distance in cells.
    pub fn nearest(&self, cell: (u32, u32)) -> Option<(u32, f64)> {
        let q = (cell.0 as f64, cell.1 as f64);
        let mut best = None;
        Self::search(&self.pts, 0, q, &mut best);
        best
    }

    fn search(
        pts: &[(u32, (f64, f64))],
        axis: usize,
        q: (f64, f64),
        best: &mut Option<(u32, f64)>,
    ) {
        if pts.is_empty() {
            return;
        }
        let mid = pts.len() / 2;
        let (n, (x, y)) = pts[mid];
        let d = ((x - q.0).powi(2) + (y - q.1).powi(2)).sqrt();
        if best.is_none_or(|b| d.total_cmp(&b.1).then(n.cmp(&b.0)).is_lt()) {
            *best = Some((n, d));
        }
        let diff = if axis == 0 { q.0 - x } else { q.1 - y };
        let (near, far) = if diff < 0.0 {
            (&pts[..mid], &pts[mid + 1..])
        } else {
            (&pts[mid + 1..], &pts[..mid])
        };
        Self::search(near, 1 - axis, q, best);
        // the far side can hold a node as near (a tie) only within |diff|
        if best.is_none_or(|b| diff.abs() <= b.1) {
            Self::search(far, 1 - axis, q, best);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> GridSpec {
        GridSpec {
            width: 100,
            height: 100,
            cell_m: 10.0,
            origin: (0.0, 0.0),
        }
    }

    #[test]
    fn the_node_index_finds_what_a_full_scan_finds() {
        let mut n = RoadNetwork::new();
        let mut z = 12345u64;
        let mut rnd = |m: u64| {
            z = z
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((z >> 33) % m) as u32
        };
        // clustered and repeated positions make ties
        for i in 0..400 {
            let cell = if i % 3 == 0 {
                (rnd(8), rnd(8))
            } else {
                (rnd(100), rnd(100))
            };
            n.add_node(format!("n{i}"), cell);
        }
        let ix = n.nearest_index();
        for _ in 0..2000 {
            let c = (rnd(120), rnd(120));
            assert_eq!(ix.nearest(c), n.nearest_node(c), "{c:?}");
        }
        assert_eq!(RoadNetwork::new().nearest_index().nearest((1, 1)), None);
    }

    #[test]
    fn route_matches_dijkstra_and_avoids_closures() {
        let g = grid();
        let mut n = RoadNetwork::new();
        let a = n.add_node("a".into(), (0, 0));
        let b = n.add_node("b".into(), (50, 0));
        let c = n.add_node("c".into(), (50, 50));
        let d = n.add_node("d".into(), (0, 50));
        let ab = n.add_edge(&g, a, b, RoadClass::Primary, 500.0, 60.0);
        n.add_edge(&g, b, c, RoadClass::Primary, 500.0, 60.0);
        n.add_edge(&g, a, d, RoadClass::Track, 500.0, 25.0);
        n.add_edge(&g, d, c, RoadClass::Track, 500.0, 25.0);
        let t = Traveller {
            speed_km_h: 50.0,
            fording_depth_m: 0.3,
            gas_protected: false,
        };
        let r = n.route(a, c, &t).unwrap();
        assert_eq!(r.nodes, vec![a, b, c]);
        assert!((r.time_s - 1000.0 / (50.0 / 3.6)).abs() < 1e-9);
        // same as petgraph's dijkstra on the same weights
        let dj = petgraph::algo::dijkstra(&n.graph, NodeIndex::new(a as usize), None, |e| {
            n.edge_time_s(e.id().index() as u32, &t)
        });
        assert_eq!(dj[&NodeIndex::new(c as usize)], r.time_s);
        // flood the primary road
        let dry = n.usable_set(&t);
        assert_eq!(dry, vec![0b1111]);
        n.state[ab as usize].water_depth_m = 0.8;
        assert_eq!(n.usable_set(&t), vec![0b1110]);
        let r = n.route(a, c, &t).unwrap();
        assert_eq!(r.nodes, vec![a, d, c]);
        let boat = Traveller {
            speed_km_h: 50.0,
            fording_depth_m: 3.0,
            gas_protected: false,
        };
        assert_eq!(n.route(a, c, &boat).unwrap().nodes, vec![a, b, c]);
        // deeper water than the boat's fording depth is the only difference
        assert_eq!(n.usable_set(&boat), dry);
        // cut everything
        for s in &mut n.state {
            s.burning = true;
        }
        assert!(n.route(a, c, &t).is_none());
        assert_eq!(trace_cells((0, 0), (3, 1)).len(), 4);
    }
}
