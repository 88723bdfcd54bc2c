//! Spot fires on the raster: when a cell ignites as a torching or crowning fire (and,
//! if the run asks for it, as a surface fire) it lofts one firebrand whose maximum
//! spotting distance is Albini's (`spotting.rs`) for that source, the 20-ft wind and the
//! cell's canopy. The firebrand lands downwind at a distance drawn uniformly up to that
//! maximum (with a lateral scatter of ±10 % of the distance), and starts a spot fire
//! with Schroeder's (1969) ignition probability for the 1-h moisture, the air
//! temperature and the shade of the canopy where it lands. The spot fire ignites when
//! the firebrand arrives, after a flight of distance / 20-ft wind.
//!
//! Every draw comes from the random stream handed to
//! [`FireGrid::advance_to_with_rng`] (in the exercise, the engine's seeded hazard
//! stream `SimRng::hazard`), three draws per lofted firebrand, in ignition order, so the
//! same seed gives the same spot fires; without a stream no firebrand is lofted.
//!
//! Invariants: a firebrand that lands within 1.5 cells of its source, off the grid, on
//! a cell that cannot burn, on a fire line or on an ignited cell starts nothing; every
//! spot fire started is recorded ([`SpotFire`]) in launch order.

use rand::RngCore;

use super::spotting::{DownwindCanopy, SpotInputs, SpotSource, spotting};
use super::spread::{BLOCKING, FLAG_IGNITED};
use super::{FireGrid, FireType, firebrand_ignition_probability};

/// Firebrands landing closer than this many cells to their source are not followed
/// (the front itself gets there).
pub const MIN_SPOT_CELLS: f64 = 1.5;
/// Lateral scatter of a landing point, as a fraction of the distance on either side.
pub const SPOT_LATERAL_SCATTER: f64 = 0.1;

/// A spot fire a firebrand started.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpotFire {
    /// Cell whose fire lofted the firebrand.
    pub source: usize,
    /// Cell where it landed and caught.
    pub cell: usize,
    /// When the source ignited (the firebrand was lofted), s.
    pub launched_s: f64,
    /// When the spot fire ignites, s.
    pub ignites_s: f64,
    /// Distance flown, m.
    pub distance_m: f64,
    /// Albini's maximum spotting distance of the source, m.
    pub max_distance_m: f64,
}

/// A uniform draw in [0, 1) from 53 random bits.
fn unit(rng: &mut dyn RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl FireGrid {
    /// Albini's maximum spotting distance (m) of cell `a` burning as `fire_type` with
    /// Byram flame length `flame_m` (surface fires), 0 when it lofts nothing.
    pub fn max_spot_distance_m(&self, a: usize, fire_type: FireType, flame_m: f64) -> f64 {
        let Some(sp) = self.settings.spotting else {
            return 0.0;
        };
        let canopy = self.canopy_at(a);
        let source = match (fire_type, canopy) {
            (FireType::Torching | FireType::Crowning, Some(c)) => SpotSource::TorchingTrees {
                species: sp.species,
                dbh_cm: sp.dbh_cm,
                tree_height_m: c.height_m,
                trees: if fire_type == FireType::Crowning {
                    sp.crowning_trees
                } else {
                    sp.torching_trees
                },
            },
            (FireType::Surface, _) if sp.from_surface_fires => SpotSource::SurfaceFire {
                flame_length_m: flame_m,
            },
            _ => return 0.0,
        };
        let (cover_h, canopy_mode) = match canopy {
            Some(c) if c.cover >= 0.5 => (c.height_m, DownwindCanopy::Closed),
            Some(c) => (c.height_m, DownwindCanopy::Open),
            None => (0.0, DownwindCanopy::Open),
        };
        spotting(&SpotInputs {
            source,
            wind_20ft_m_s: self.cond.weather.wind_20ft_m_s,
            downwind_cover_height_m: cover_h,
            downwind_canopy: canopy_mode,
            terrain: None,
        })
        .map(|s| s.flat_distance_m)
        .unwrap_or(0.0)
    }

    /// Lofts the firebrand of cell `a`, ignited at `t_a` as `fire_type` (flame length
    /// `flame_m`), and schedules the spot fire it starts, if any.
    pub(super) fn loft_firebrand(
        &mut self,
        a: usize,
        t_a: f64,
        fire_type: FireType,
        flame_m: f64,
        rng: &mut dyn RngCore,
    ) {
        let Some(sp) = self.settings.spotting else {
            return;
        };
        let max = self.max_spot_distance_m(a, fire_type, flame_m);
        let u20 = self.cond.weather.wind_20ft_m_s;
        if !(max >= MIN_SPOT_CELLS * self.cell_m && u20 > 0.0) {
            return;
        }
        let (d_draw, side_draw, catch_draw) = (unit(rng), unit(rng), unit(rng));
        let d = max * (1.0 - d_draw); // in (0, max]
        let lateral = (2.0 * side_draw - 1.0) * SPOT_LATERAL_SCATTER * d;
        let az = self.cond.weather.toward_rad();
        let (ex, ny) = (az.sin(), az.cos());
        let col = (a % self.width) as f64 + 0.5;
        let row = (a / self.width) as f64 + 0.5;
        // east = +col, north = −row; lateral is to the right of the wind
        let dx = d * ex + lateral * ny;
        let dy = d * ny - lateral * ex;
        let c = (col + dx / self.cell_m).floor();
        let r = (row - dy / self.cell_m).floor();
        if c < 0.0 || r < 0.0 || c >= self.width as f64 || r >= self.height as f64 {
            return;
        }
        let b = r as usize * self.width + c as usize;
        let flown = (dx.hypot(dy)).max(0.0);
        if flown < MIN_SPOT_CELLS * self.cell_m || self.flags[b] & (BLOCKING | FLAG_IGNITED) != 0 {
            return;
        }
        let shade = self.canopy_at(b).map(|c| c.cover).unwrap_or(0.0);
        let p = firebrand_ignition_probability(
            self.cond.weather.moisture.one_h,
            sp.air_temperature_c,
            shade,
        );
        if catch_draw >= p {
            return;
        }
        let t = t_a + flown / u20;
        if self.ignite(b, t).unwrap_or(false) {
            self.spots.push(SpotFire {
                source: a,
                cell: b,
                launched_s: t_a,
                ignites_s: t,
                distance_m: flown,
                max_distance_m: max,
            });
        }
    }

    /// Spot fires started so far (launched up to [`FireGrid::now_s`]), in launch order;
    /// a spot fire whose cell the front reached first is still listed (see
    /// [`FireGrid::spot_fire_caught`]).
    pub fn spot_fires(&self) -> &[SpotFire] {
        &self.spots
    }

    /// Whether spot fire `s` started its cell's fire (the cell's arrival is the
    /// firebrand's), as of [`FireGrid::now_s`].
    pub fn spot_fire_caught(&self, s: &SpotFire) -> bool {
        self.arrival_s(s.cell) == Some(s.ignites_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::oracle_moisture;
    use crate::hazard::fire::{CanopyLayers, FireSettings, M_S_PER_MPH, SpotSettings, Weather};
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

    /// A 200 × 60 grid of 10-m cells of timber (TU5) under a canopy that torches, with
    /// a 60-m wide non-burnable firebreak across columns 100..106 and a west wind.
    fn stand_with_break(seed: u64, spotting: bool) -> FireGrid {
        let (w, h) = (200usize, 60usize);
        let mut fuel = vec![165u16; w * h];
        for r in 0..h {
            for c in 100..106 {
                fuel[r * w + c] = 99;
            }
        }
        let mut g = FireGrid::new(w, h, 10.0, fuel, vec![0.0; w * h]).expect("grid");
        g.set_canopy(CanopyLayers {
            cover: vec![0.6; w * h],
            height_m: vec![18.0; w * h],
            base_height_m: vec![1.0; w * h],
            bulk_density_kg_m3: vec![0.1; w * h],
        })
        .expect("canopy");
        g.set_settings(FireSettings {
            spotting: spotting.then(SpotSettings::default),
            ..FireSettings::default()
        })
        .expect("settings");
        g.set_weather(Weather {
            midflame_wind_m_s: 2.0,
            wind_from_deg: 270.0,
            moisture: oracle_moisture(),
            wind_20ft_m_s: 15.0 * M_S_PER_MPH,
        })
        .expect("weather");
        g.ignite(30 * w + 10, 0.0).expect("ignite");
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        g.advance_to_with_rng(4.0 * 3600.0, &mut rng)
            .expect("advance");
        g
    }

    fn beyond_break(g: &FireGrid) -> bool {
        (0..60).any(|r| (106..200).any(|c| g.arrival_s(r * 200 + c).is_some()))
    }

    #[test]
    fn firebrands_carry_the_fire_across_a_break_the_front_cannot_cross() {
        // without spotting the 60-m break holds (the torching fire's flames are shorter
        // than the breaching reach would need)
        let held = stand_with_break(1, false);
        assert!(!beyond_break(&held));
        // with spotting the torching stand lofts firebrands over it
        let g = stand_with_break(1, true);
        assert!(!g.spot_fires().is_empty());
        assert!(beyond_break(&g), "no spot fire crossed the break");
        let s = g.spot_fires()[0];
        assert!(s.distance_m <= s.max_distance_m * (1.0 + SPOT_LATERAL_SCATTER) + 1e-9);
        assert!(s.ignites_s > s.launched_s);
        // same seed, same spots; another seed, other spots
        assert_eq!(g.spot_fires(), stand_with_break(1, true).spot_fires());
        assert_ne!(g.spot_fires(), stand_with_break(2, true).spot_fires());
    }
}
