//! Suppression: fire lines built by crews ([`FireGrid::add_fire_line`]), water drops
//! that slow or stop the spread for a while ([`FireGrid::apply_water`]), and the
//! sustained line production of a hand crew ([`fireline_rate_m_per_h`]).
//!
//! Invariants: fire never enters, squeezes past nor breaches a fire line; while a drop
//! lasts, spread into or out of its cell is multiplied by 1 − effectiveness; neither is
//! recorded on a cell that has already ignited (burnt out, for water).

use super::replan::EventKind;
use super::spread::{FLAG_IGNITED, FLAG_LINE, FLAG_WATER};
use super::{FireError, FireGrid, M_PER_CHAIN};

/// Sustained fireline production of a 20-person Type I hand crew (construction,
/// burnout and holding), m/h, by fuel model number; `None` for non-burnable or
/// unknown codes.
///
/// Source: NWCG Fireline Handbook (PMS 410-1) / Incident Response Pocket Guide
/// (PMS 461), "Sustained line production rates of 20-person crews", chains/hour
/// for Type I crews by Anderson fuel model: FM1 30, FM2 24, FM3 5, FM4 5, FM5 6,
/// FM6 6, FM7 4, FM8 7, FM9 28 (conifer litter), FM10 6, FM11 15, FM12 7, FM13 5.
/// Scott & Burgan models use the rate of their nearest Anderson group (grass fast,
/// shrub slower, timber/slash slowest); broadleaf litter uses the FM9 hardwood rate (40).
pub fn fireline_rate_m_per_h(fuel: u16) -> Option<f64> {
    let ch_h = match fuel {
        1 | 101 | 102 => 30.0,
        2 | 121 | 122 | 161 => 24.0,
        3 | 4 | 13 | 103..=109 | 144..=149 | 204 => 5.0,
        5 | 6 | 10 | 123 | 124 | 141..=143 | 162..=165 | 184 | 185 => 6.0,
        7 => 4.0,
        8 | 12 | 181 | 183 | 187 | 202 | 203 => 7.0,
        9 | 188 => 28.0,
        182 | 186 | 189 => 40.0,
        11 | 201 => 15.0,
        _ => return None,
    };
    Some(ch_h * M_PER_CHAIN)
}

/// A water drop on one cell.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct WaterDrop {
    start_s: f64,
    end_s: f64,
    effectiveness: f64,
}

impl FireGrid {
    /// Builds a fire line on `cell`: fire can no longer enter it nor pass between two
    /// line (or non-burnable) cells diagonally or by a knight move. Returns `Ok(false)`
    /// if the cell has already ignited.
    pub fn add_fire_line(&mut self, cell: usize) -> Result<bool, FireError> {
        self.check_cell(cell)?;
        if self.flags[cell] & FLAG_IGNITED != 0 {
            return Ok(false);
        }
        self.flags[cell] |= FLAG_LINE;
        self.dirty = true;
        Ok(true)
    }

    /// Drops water on `cell` from `time_s` (clamped to now) for `duration_s`: spread into
    /// or out of the cell is multiplied by `1 − effectiveness` (1 stops it) while the
    /// drop lasts. Returns `Ok(false)` if the cell is already burnt out at that time.
    pub fn apply_water(
        &mut self,
        cell: usize,
        time_s: f64,
        effectiveness: f64,
        duration_s: f64,
    ) -> Result<bool, FireError> {
        self.check_cell(cell)?;
        if !(time_s.is_finite()
            && duration_s.is_finite()
            && duration_s > 0.0
            && (0.0..=1.0).contains(&effectiveness))
        {
            return Err(FireError::InvalidInput(
                "water: finite time, duration > 0, effectiveness in [0, 1]",
            ));
        }
        let start = time_s.max(self.now);
        if self.is_burnt(cell, start) {
            return Ok(false);
        }
        let end = start + duration_s;
        self.water.entry(cell as u32).or_default().push(WaterDrop {
            start_s: start,
            end_s: end,
            effectiveness,
        });
        self.flags[cell] |= FLAG_WATER;
        if start <= self.now {
            self.water_changed();
        } else {
            self.push_event(start, EventKind::Water);
        }
        self.push_event(end, EventKind::Water);
        Ok(true)
    }

    pub(super) fn water_changed(&mut self) {
        self.mark_replan();
        self.cond.start_s = self.now;
    }

    /// Spread multiplier of water on `cell` at time `t` (1 = no water).
    pub(super) fn water_factor(&self, cell: usize, t: f64) -> f64 {
        if self.flags[cell] & FLAG_WATER == 0 {
            return 1.0;
        }
        self.water
            .get(&(cell as u32))
            .map(|drops| {
                drops
                    .iter()
                    .filter(|d| d.start_s <= t && t < d.end_s)
                    .fold(1.0_f64, |f, d| f.min(1.0 - d.effectiveness))
            })
            .unwrap_or(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fuel_models::FuelModel;
    use crate::hazard::fire::test_support::{close, uniform, wind};

    #[test]
    fn fireline_production_rates() {
        let grass = fireline_rate_m_per_h(1).expect("FM1");
        let brush = fireline_rate_m_per_h(5).expect("FM5");
        let timber = fireline_rate_m_per_h(10).expect("FM10");
        assert!(grass > brush && brush >= timber);
        assert!(close(grass, 30.0 * 20.1168, 1e-12));
        assert!(fireline_rate_m_per_h(99).is_none());
        for m in FuelModel::all().iter().filter(|m| m.is_burnable()) {
            assert!(fireline_rate_m_per_h(m.number).is_some(), "{}", m.code);
        }
    }

    #[test]
    fn fire_line_stops_fire() {
        let (w, h) = (100usize, 60usize);
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(3.0, 270.0)).expect("weather");
        for r in 0..h {
            assert_eq!(g.add_fire_line(r * w + 50), Ok(true));
        }
        g.ignite(30 * w + 20, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        assert!(g.arrival_s(30 * w + 49).is_some());
        for r in 0..h {
            for c in 50..w {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
    }

    #[test]
    fn diagonal_line_blocks_knight_and_diagonal_moves() {
        // An 8-connected diagonal line: cells (c = 20 + r). Fire starts west of it.
        let (w, h) = (100usize, 60usize);
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(4.0, 270.0)).expect("weather");
        for r in 0..h {
            g.add_fire_line(r * w + 20 + r).expect("line");
        }
        g.ignite(50 * w + 5, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        assert!(g.arrival_s(50 * w + 69).is_some(), "west side burns");
        for r in 0..h {
            for c in (21 + r)..w {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
        // The same geometry from the other side, anti-diagonal line (c = 80 − r).
        let mut g = uniform(w, h, 10.0, 1);
        g.set_weather(wind(4.0, 90.0)).expect("weather");
        for r in 0..h {
            g.add_fire_line(r * w + 80 - r).expect("line");
        }
        g.ignite(10 * w + 95, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        for r in 0..h {
            for c in 0..(80 - r) {
                assert!(g.arrival_s(r * w + c).is_none(), "leak at ({c},{r})");
            }
        }
    }

    #[test]
    fn water_stops_then_releases() {
        let (w, h) = (120usize, 30usize);
        let build = || {
            let mut g = uniform(w, h, 10.0, 1);
            g.set_weather(wind(3.0, 270.0)).expect("weather");
            g.ignite(15 * w + 10, 0.0).expect("ignite");
            g
        };
        let mut free = build();
        free.advance_to(f64::INFINITY).expect("advance");
        let mut g = build();
        for r in 0..h {
            for c in 50..=52 {
                assert_eq!(g.apply_water(r * w + c, 0.0, 1.0, 3600.0), Ok(true));
            }
        }
        g.advance_to(3500.0).expect("advance");
        for r in 0..h {
            for c in 50..w {
                assert!(
                    g.arrival_s(r * w + c).is_none(),
                    "crossed wet band at ({c},{r})"
                );
            }
        }
        g.advance_to(f64::INFINITY).expect("advance");
        let t = g
            .arrival_s(15 * w + 100)
            .expect("burns after the water dries");
        assert!(t >= 3600.0);
        // Partial effectiveness only slows the fire.
        let mut slow = build();
        for r in 0..h {
            for c in 50..=52 {
                slow.apply_water(r * w + c, 0.0, 0.5, 1.0e5).expect("water");
            }
        }
        slow.advance_to(f64::INFINITY).expect("advance");
        let ts = slow.arrival_s(15 * w + 100).expect("reached");
        let tf = free.arrival_s(15 * w + 100).expect("reached");
        assert!(ts > tf && ts < t);
        assert!(g.apply_water(0, 0.0, 1.5, 10.0).is_err());
    }
}
