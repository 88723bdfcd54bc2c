//! Breaching: a fire crossing a strip of non-burnable ground (a road, a stream, a
//! field) along one of the 8 neighbour directions when the strip is at most
//! [`BREACH_FLAME_LENGTHS`] flame lengths wide.
//!
//! Invariants: a fire line is never breached; a strip wider than [`BREACH_MAX_M`] is
//! never crossed; a breach lands only on an unignited burnable cell.

use super::FireGrid;
use super::spread::{FLAG_IGNITED, FLAG_LINE, FLAG_NONBURN};

/// Breaching: a fire crosses a strip of non-burnable ground (a road, a stream, a
/// field, a yard) up to this many flame lengths wide, the flame length being Byram's
/// for the fire's rate towards the strip (so a head fire crosses a strip its flanks
/// and back do not). An exercise assumption, not a published model: a break narrower
/// than about 1.5 flame lengths does not hold against flames alone (the rule of thumb
/// for control-line width), and a running surface fire throws embers some tens of
/// metres ahead; 4 flame lengths lets a running brush fire (5–10 m flames) jump a
/// 25-m road cell while a grass or litter fire (flames under 2 m) is held by it.
/// Fire lines built by crews are never breached (they are held and patrolled).
pub const BREACH_FLAME_LENGTHS: f64 = 4.0;
/// Widest strip of non-burnable ground a fire can breach, m (beyond this only
/// long-range spotting, which is not modelled, would cross).
pub const BREACH_MAX_M: f64 = 100.0;

impl FireGrid {
    /// Breach move `k` (one of the 8 neighbour directions) from `a`: the first cell
    /// beyond a strip of non-burnable cells that starts next to `a`, with the strip's
    /// width in metres; `None` when the neighbour burns, the strip is wider than
    /// [`BREACH_MAX_M`], holds a fire line, or ends at the grid edge or an ignited cell.
    pub(super) fn breach_target(&self, a: usize, k: usize) -> Option<(usize, f64)> {
        let d = &self.dirs[k];
        let col = (a % self.width) as i64;
        let row = (a / self.width) as i64;
        let step_m = 2.0 * d.half_len * self.cell_m;
        let mut n = 1i64;
        loop {
            let c = col + n * i64::from(d.dc);
            let r = row + n * i64::from(d.dr);
            if c < 0 || r < 0 || c >= self.width as i64 || r >= self.height as i64 {
                return None;
            }
            let b = r as usize * self.width + c as usize;
            let f = self.flags[b];
            if f & FLAG_LINE != 0 {
                return None;
            }
            if f & FLAG_NONBURN != 0 {
                if n as f64 * step_m > BREACH_MAX_M {
                    return None;
                }
                n += 1;
                continue;
            }
            if n == 1 || f & FLAG_IGNITED != 0 {
                return None;
            }
            return Some((b, (n - 1) as f64 * step_m));
        }
    }

    /// Time (s) to breach a strip `gap_m` wide by move `k` from a cell burning toward
    /// it at `ra` (m/s) with flames `flame_m` long (Byram's, or Thomas's for a crown fire)
    /// to a cell that burns at `rb`: half a step in the source cell and the strip at the
    /// source's rate, half a step in the target at its own; infinite when the flames are
    /// too short for the strip.
    pub(super) fn breach_time(&self, ra: f64, rb: f64, flame_m: f64, k: usize, gap_m: f64) -> f64 {
        let d = &self.dirs[k];
        if !(ra > 0.0 && rb > 0.0) || gap_m > BREACH_FLAME_LENGTHS * flame_m {
            return f64::INFINITY;
        }
        let half = d.half_len * self.cell_m;
        (half + gap_m) / ra + half / rb
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::{uniform, wind};

    /// 61 × 81 cells of 10 m of `code` with a road (non-burnable, 91) `gap` cells wide
    /// across rows 20.., a fire lit at row 60, wind from the south at `wind_m_s`;
    /// whether the fire reaches the far side of the road (row 10) in 3 hours.
    fn crosses_road(code: u16, gap: usize, wind_m_s: f64, from_deg: f64) -> bool {
        let (w, h) = (61usize, 81usize);
        let mut fuel = vec![code; w * h];
        for r in 20..20 + gap {
            for c in 0..w {
                fuel[r * w + c] = 91;
            }
        }
        let mut g = FireGrid::new(w, h, 10.0, fuel, vec![0.0; w * h]).expect("grid");
        g.set_weather(wind(wind_m_s, from_deg)).expect("weather");
        g.ignite(60 * w + 30, 0.0).expect("ignite");
        g.advance_to(3.0 * 3600.0).expect("advance");
        (0..w).any(|c| g.arrival_s(10 * w + c).is_some())
    }

    #[test]
    fn a_running_brush_fire_breaches_a_road_that_holds_a_grass_fire() {
        // chaparral (FM4) heading into a 10-m road with a 4 m/s midflame wind: flames
        // of several metres, 4 flame lengths > 10 m: it crosses
        assert!(crosses_road(4, 1, 4.0, 180.0));
        // but not a 100-m wide strip (beyond BREACH_MAX_M)
        assert!(!crosses_road(4, 11, 4.0, 180.0));
        // short grass (FM1) in a light wind: flames well under a metre, the road holds
        assert!(!crosses_road(1, 1, 1.0, 180.0));
        // the same brush fire backing into the road against the wind does not cross
        assert!(!crosses_road(4, 1, 4.0, 0.0));
        // breaching is deterministic
        let run = || {
            let (w, h) = (61usize, 81usize);
            let mut fuel = vec![4u16; w * h];
            for c in 0..w {
                fuel[20 * w + c] = 91;
            }
            let mut g = FireGrid::new(w, h, 10.0, fuel, vec![0.0; w * h]).expect("grid");
            g.set_weather(wind(4.0, 180.0)).expect("weather");
            g.ignite(60 * w + 30, 0.0).expect("ignite");
            g.schedule_weather(900.0, wind(4.0, 200.0)).expect("shift");
            g.advance_to(3.0 * 3600.0).expect("advance");
            (0..w * h).map(|c| g.arrival_s(c)).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn a_fire_line_is_never_breached() {
        let (w, h) = (61usize, 81usize);
        let mut g = uniform(w, h, 10.0, 4);
        for c in 0..w {
            g.add_fire_line(20 * w + c).expect("line");
            g.add_fire_line(21 * w + c).expect("line");
        }
        g.set_weather(wind(4.0, 180.0)).expect("weather");
        g.ignite(60 * w + 30, 0.0).expect("ignite");
        g.advance_to(3.0 * 3600.0).expect("advance");
        assert!((0..w).all(|c| g.arrival_s(10 * w + c).is_none()));
    }
}
