//! Synthetic scenarios of any size, for benchmarks and stress tests: a grid of
//! `width × height` cells, a lattice road network of about `road_nodes` junctions,
//! one district HQ with township posts, and `units` field units.
//!
//! The text is ordinary scenario RON, so it goes through the same validation.

use std::fmt::Write;

/// Parameters of a synthetic scenario.
#[derive(Debug, Clone, Copy)]
pub struct SynthSpec {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Cell side, m.
    pub cell_m: f64,
    /// Approximate number of road nodes (a square lattice).
    pub road_nodes: u32,
    /// Field units.
    pub units: u32,
    /// Exercise length, s.
    pub duration_s: u64,
}

/// Most field units of a synthetic scenario (its text stays well under
/// [`crate::source::MAX_SCENARIO_BYTES`]: about 120 bytes a unit).
pub const MAX_UNITS: u32 = 100_000;
/// Most road nodes of a synthetic scenario (about 150 bytes a node with its
/// sections).
pub const MAX_ROAD_NODES: u32 = 100_000;

impl SynthSpec {
    /// Whether the spec makes a scenario that validates: a grid of at least 2 × 2
    /// and at most [`crate::scenario::validate::MAX_CELLS`] cells with a cell
    /// side in [`crate::scenario::validate::CELL_M_RANGE`], at most
    /// [`MAX_UNITS`] units and [`MAX_ROAD_NODES`] road nodes, and a duration of
    /// whole 10-s ticks within [`crate::scenario::validate::MAX_DURATION_S`].
    /// Checked before any text is made.
    pub fn check(&self) -> Result<(), String> {
        use crate::scenario::validate::{CELL_M_RANGE, MAX_CELLS, MAX_DURATION_S};
        let cells = u64::from(self.width) * u64::from(self.height);
        if self.width < 2 || self.height < 2 || cells > MAX_CELLS {
            return Err(format!(
                "a grid of {} × {} cells: width and height must be at least 2 and the grid at most {MAX_CELLS} cells",
                self.width, self.height
            ));
        }
        if !(CELL_M_RANGE.0..=CELL_M_RANGE.1).contains(&self.cell_m) {
            return Err(format!(
                "cell side {} m is outside {}–{} m",
                self.cell_m, CELL_M_RANGE.0, CELL_M_RANGE.1
            ));
        }
        if self.units > MAX_UNITS {
            return Err(format!("{} units: at most {MAX_UNITS}", self.units));
        }
        if self.road_nodes > MAX_ROAD_NODES {
            return Err(format!(
                "{} road nodes: at most {MAX_ROAD_NODES}",
                self.road_nodes
            ));
        }
        if self.duration_s == 0
            || self.duration_s > MAX_DURATION_S
            || !self.duration_s.is_multiple_of(10)
        {
            return Err(format!(
                "duration {} s: whole 10-s ticks, at most {} days",
                self.duration_s,
                MAX_DURATION_S / 86_400
            ));
        }
        Ok(())
    }
}

/// Scenario RON text for the spec (see [`SynthSpec::check`] for specs that
/// validate; a grid side below 2 counts as 2, and at most [`MAX_UNITS`] units and
/// [`MAX_ROAD_NODES`] road nodes are written).
pub fn synth_text(spec: &SynthSpec) -> String {
    let spec = &SynthSpec {
        width: spec.width.max(2),
        height: spec.height.max(2),
        units: spec.units.min(MAX_UNITS),
        road_nodes: spec.road_nodes.min(MAX_ROAD_NODES),
        ..*spec
    };
    let side = (spec.road_nodes as f64).sqrt().ceil().max(2.0) as u32;
    let step_c = ((spec.width - 1) as f64 / (side - 1) as f64).max(1.0);
    let step_r = ((spec.height - 1) as f64 / (side - 1) as f64).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "Scenario(meta: (name: \"Synthetic {w}x{h}\", hazard_kinds: [Flood], start: \"2026-07-01T08:00\", duration: \"{d}s\", tick: \"10s\", seed: 1),",
        w = spec.width,
        h = spec.height,
        d = spec.duration_s
    );
    s.push('\n');
    let _ = write!(
        s,
        "map: (grid: (width: {}, height: {}, cell_m: {}), layers: (elevation: Noise((seed: 3, base: 50.0, amplitude: 20.0, scale_cells: 64.0))),\nroads: Inline((nodes: [",
        spec.width, spec.height, spec.cell_m
    );
    let cell = |i: u32, j: u32| {
        (
            ((i as f64 * step_c).round() as u32).min(spec.width - 1),
            ((j as f64 * step_r).round() as u32).min(spec.height - 1),
        )
    };
    for j in 0..side {
        for i in 0..side {
            let (c, r) = cell(i, j);
            let _ = write!(s, "(id: \"n{i}_{j}\", cell: ({c}, {r})),");
        }
    }
    s.push_str("], edges: [");
    for j in 0..side {
        for i in 0..side {
            let class = if i % 8 == 0 || j % 8 == 0 {
                "Primary"
            } else {
                "Secondary"
            };
            if i + 1 < side {
                let _ = write!(
                    s,
                    "(from: \"n{i}_{j}\", to: \"n{}_{j}\", class: {class}),",
                    i + 1
                );
            }
            if j + 1 < side {
                let _ = write!(
                    s,
                    "(from: \"n{i}_{j}\", to: \"n{i}_{}\", class: {class}),",
                    j + 1
                );
            }
        }
    }
    s.push_str("])),\nplaces: [");
    let places = 64.min(side * side);
    for k in 0..places {
        let i = (k * 7919) % side;
        let j = (k * 104_729 / 7) % side;
        let (c, r) = cell(i, j);
        let kind = if k % 8 == 0 { "Depot" } else { "Village" };
        let _ = write!(
            s,
            "(id: \"p{k}\", name: \"Place {k}\", kind: {kind}, cell: ({c}, {r}), population: {}, road_node: \"n{i}_{j}\"),",
            100 + k * 10
        );
    }
    s.push_str("]),\norganisation: (nodes: [(id: \"hq\", name: \"District HQ\", level: District)");
    let towns = 8;
    for t in 0..towns {
        let _ = write!(
            s,
            ",(id: \"t{t}\", name: \"Township {t}\", level: Township, parent: \"hq\")"
        );
    }
    s.push_str("], units: [");
    let kinds = [
        "FireEngine",
        "RescueBoatTeam",
        "EngineeringTeam",
        "Police",
        "Ambulance",
        "ForestFireCrew",
        "HazmatTeam",
        "Transport",
    ];
    for u in 0..spec.units {
        let home = (u % places.div_ceil(8)) * 8;
        let _ = write!(
            s,
            "(id: \"u{u}\", name: \"Unit {u}\", kind: {}, commander: \"t{}\", home: \"p{home}\", crew: 4),",
            kinds[(u % 8) as usize],
            u % towns
        );
    }
    s.push_str("], links: [");
    for t in 0..towns {
        let _ = write!(
            s,
            "(from: \"hq\", to: \"t{t}\", channel: Phone, latency: \"1m\"),"
        );
    }
    s.push_str("]))\n");
    s
}

/// Orders that keep every unit driving: each unit is sent to a far place, then
/// elsewhere, every `period_s`.
pub fn synth_orders(spec: &SynthSpec, period_s: u64) -> Vec<crate::order::Input> {
    use crate::order::{Input, Order, Task};
    let places = 64u64;
    let mut out = Vec::new();
    let mut t = 0;
    let mut round = 0u64;
    while t < spec.duration_s {
        for u in 0..spec.units as u64 {
            out.push(Input {
                at: crate::time::Dur(t),
                seat: format!("t{}", u % 8),
                order: Order::Dispatch {
                    unit: format!("u{u}"),
                    to: format!("p{}", (u * 13 + round * 29 + 5) % places),
                    task: Task::Standby,
                },
            });
        }
        t += period_s;
        round += 1;
    }
    out
}
