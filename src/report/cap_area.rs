//! The threatened area of a CAP alert: the hazard's footprint at the moment the
//! warning was issued, as a CAP 1.2 `<polygon>` (§ 3.3.2: WGS 84 `lat,lon` pairs
//! separated by spaces, a closed ring of at least four pairs, first == last).
//!
//! The footprint is every cell a hazard holds at that moment: water deeper than
//! [`crate::sim::effects::PLACE_FLOOD_DEPTH_M`] (the depth at which a place counts as
//! flooded), cells the fire has reached (burnt or burning), cells inside a chemical
//! threat zone (any AEGL tier). Its outline is traced with the `contour` crate
//! (marching squares at 0.5 over the 0/1 footprint, on cell centres); of its
//! polygons the alert carries the one that holds the warned place, else the one
//! nearest to it — the part of the hazard the place is warned about — as its outer
//! ring (CAP has no holes). Straight runs of the outline are cut to their ends.
//! Marching squares gives simple rings (no ring crosses itself). Without a CRS, or
//! with nothing under the hazard at that moment, there is no polygon and the area
//! keeps only its circle.

use std::collections::BTreeMap;

use crate::map::crs::{Crs, Transform};
use crate::scenario::Scenario;
use crate::sim::Engine;
use crate::sim::events::EventKind;
use crate::sim::hazards::HazardState;

/// The cells the hazards hold at `t_s` (see the module header), or `None` when they
/// hold none.
pub fn footprint(s: &Scenario, hz: &HazardState, t_s: u64) -> Option<Vec<bool>> {
    let n = s.grid.len();
    let mut m = vec![false; n];
    if let Some(f) = &hz.flood {
        for (c, v) in m.iter_mut().enumerate() {
            *v |= f
                .depth(c)
                .is_some_and(|d| d > crate::sim::effects::PLACE_FLOOD_DEPTH_M);
        }
    }
    if let Some(f) = &hz.fire {
        for (c, v) in m.iter_mut().enumerate() {
            *v |= f.arrival_s(c).is_some_and(|a| a <= t_s as f64);
        }
    }
    if let Some(l) = &hz.leak {
        for (c, v) in m.iter_mut().enumerate() {
            *v |= l.threat(c).is_some();
        }
    }
    m.iter().any(|v| *v).then_some(m)
}

/// The outer ring, in cell coordinates (x = column, y = row, cell centres at whole
/// numbers), of the footprint's polygon that holds `place` (a cell), else of the one
/// nearest to it; closed (first == last), straight runs cut to their ends.
pub fn ring_near(s: &Scenario, mask: &[bool], place: (u32, u32)) -> Option<Vec<(f64, f64)>> {
    let (w, h) = (s.grid.width as usize, s.grid.height as usize);
    let vals: Vec<f64> = mask.iter().map(|&v| if v { 1.0 } else { 0.0 }).collect();
    let cs = contour::ContourBuilder::new(w, h, false)
        .contours(&vals, &[0.5])
        .ok()?;
    let p = (place.0 as f64, place.1 as f64);
    let mut best: Option<(f64, Vec<(f64, f64)>)> = None;
    for c in &cs {
        for poly in &c.geometry().0 {
            let ring: Vec<(f64, f64)> = poly.exterior().0.iter().map(|c| (c.x, c.y)).collect();
            let d = if contains(&ring, p) {
                0.0
            } else {
                ring.iter()
                    .map(|q| (q.0 - p.0).hypot(q.1 - p.1))
                    .fold(f64::INFINITY, f64::min)
            };
            if best.as_ref().is_none_or(|b| d < b.0) {
                best = Some((d, ring));
            }
        }
    }
    let ring = simplify(best?.1);
    (ring.len() >= 4).then_some(ring)
}

/// Whether `p` lies inside the closed ring (even-odd rule).
pub fn contains(ring: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut inside = false;
    for k in 1..ring.len() {
        let (a, b) = (ring[k - 1], ring[k]);
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

/// A closed ring without its points in the middle of straight runs, closed again.
fn simplify(ring: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut pts = ring;
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let n = pts.len();
    if n < 3 {
        return Vec::new();
    }
    let mut out: Vec<(f64, f64)> = (0..n)
        .filter(|&i| {
            let (a, b, c) = (pts[(i + n - 1) % n], pts[i], pts[(i + 1) % n]);
            ((b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0)).abs() > 1e-9
        })
        .map(|i| pts[i])
        .collect();
    if let Some(f) = out.first().copied() {
        out.push(f);
    }
    out
}

/// The CAP `polygon` text of a ring in cell coordinates: `lat,lon` pairs in WGS 84
/// (6 decimals, about 0.1 m), or `None` without a CRS or when a point cannot be
/// projected.
pub fn cap_polygon(s: &Scenario, ring: &[(f64, f64)]) -> Option<String> {
    let t = Transform::new(s.crs.as_ref()?, &Crs::wgs84());
    let (x0, top, cell) = (
        s.grid.origin.0,
        s.grid.origin.1 + s.grid.height as f64 * s.grid.cell_m,
        s.grid.cell_m,
    );
    let mut out = Vec::with_capacity(ring.len());
    for &(x, y) in ring {
        let (lon, lat) = t
            .apply(x0 + (x + 0.5) * cell, top - (y + 0.5) * cell)
            .ok()?;
        out.push(format!("{lat:.6},{lon:.6}"));
    }
    Some(out.join(" "))
}

/// After a step of `e` (a re-simulated run), the polygons of the warnings it issued:
/// for each `WarningIssued` event from index `from` on, keyed by its index in the
/// event log, the CAP polygon of the hazard near its place at that moment. Nothing
/// without a CRS.
pub fn capture(s: &Scenario, e: &Engine, from: usize, out: &mut BTreeMap<usize, String>) {
    if s.crs.is_none() {
        return;
    }
    let mut mask: Option<Option<Vec<bool>>> = None;
    for (i, ev) in e.events().iter().enumerate().skip(from) {
        let EventKind::WarningIssued { place, .. } = &ev.kind else {
            continue;
        };
        let Some(pid) = s.place(place) else {
            continue;
        };
        let m =
            mask.get_or_insert_with(|| footprint(s, e.world().resource::<HazardState>(), ev.t_s));
        if let Some(poly) = m
            .as_ref()
            .and_then(|m| ring_near(s, m, s.places[pid.0 as usize].cell))
            .and_then(|r| cap_polygon(s, &r))
        {
            out.insert(i, poly);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crosses(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
        let o = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
            ((q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)).signum()
        };
        o(a, b, c) * o(a, b, d) < 0.0 && o(c, d, a) * o(c, d, b) < 0.0
    }

    #[test]
    fn rings_are_simple_closed_and_hold_their_cells() {
        // an L of cells and a separate blob; straight runs are cut to their ends
        let ring = simplify(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert_eq!(
            ring,
            [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
        );
        assert!(contains(&ring, (1.0, 1.0)));
        assert!(!contains(&ring, (3.0, 1.0)));
        for k in 1..ring.len() {
            for j in k + 2..ring.len() {
                if k == 1 && j == ring.len() - 1 {
                    continue;
                }
                assert!(!crosses(ring[k - 1], ring[k], ring[j - 1], ring[j]));
            }
        }
    }
}
