//! A chemical leak inside the exercise: the puff model driven by the scenario's
//! release curve and weather, its concentration field at breathing height in ppm,
//! and containment by a hazmat team. Each tick the release is judged dense or passive
//! by the Britter & McQuaid (1988) criterion for its rate, the substance's source cloud
//! (flashing liquefied gas or evaporating liquid, see
//! [`crate::catalog::substances::Substance::release_source`]) and the wind: a dense
//! release gets the workbook's continuous-plume correlations near the source and puffs
//! from a virtual source beyond (`plume/dense.rs`); a passive one the Gaussian near field.
//!
//! Invariants: the field is recomputed every tick after the puffs move; the release
//! after containment is `contained_fraction` of the scripted rate.

use super::flood::hydrograph;
use super::plume::{
    DenseContinuous, MIN_WIND_M_S, PuffModel, PuffParams, Regime, SkyCondition, StabilityClass,
    Terrain, Verdict, classify_continuous, pasquill_class, plume_cell_mean_kg_m3, reduced_gravity,
};
use crate::catalog::substances::{
    STORAGE_TEMPERATURE_K, Substance, ThreatLevel, lookup, mg_m3_to_ppm,
};
use crate::scenario::raw::{DispersionTerrain, StabilityClass as RawClass};
use crate::scenario::{LeakSpec, PlaceId, Scenario};

/// A substance is stored by its id and looked up again when read back.
mod substance_by_id {
    use super::{Substance, lookup};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: &&'static Substance, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<&'static Substance, D::Error> {
        let id = String::deserialize(de)?;
        lookup(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown substance `{id}`")))
    }
}

/// The near field covers the distance the wind carries gas in this long, s (about
/// one tick of travel, where the puffs are too sparse to give the plume).
pub const NEAR_FIELD_TICKS_S: f64 = 60.0;

/// Breathing height at which concentrations are evaluated, m.
pub const BREATHING_HEIGHT_M: f64 = 1.5;

/// Ambient air temperature of a leak, K (20 °C, also the storage temperature).
pub const AMBIENT_TEMPERATURE_K: f64 = STORAGE_TEMPERATURE_K;

/// The leak during a run.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct LeakState {
    /// Source place.
    pub source: PlaceId,
    /// Hazmat set-up time, s.
    pub setup_s: u64,
    /// Second the leak was contained.
    pub contained_at: Option<u64>,
    /// Whether the release has begun (for the event).
    pub started: bool,
    /// Second from which `release` is counted: 0 for a fixed start; for a leak started
    /// by the flood, `None` until the water reaches the trigger depth.
    #[serde(default = "released_from_start")]
    pub released_from_s: Option<u64>,
    /// The flood trigger (place index, depth m) of a leak the flood starts.
    #[serde(default)]
    pub flood_trigger: Option<(u32, f64)>,
    model: PuffModel,
    #[serde(with = "substance_by_id")]
    substance: &'static Substance,
    release: Vec<(f64, f64)>,
    contained_fraction: f64,
    fixed: Option<StabilityClass>,
    cloud_octas: u8,
    start_second_of_day: u32,
    width: usize,
    height: usize,
    cell_m: f64,
    /// Concentration at breathing height, ppm, per cell.
    pub field_ppm: Vec<f32>,
    /// Stability class in force.
    pub stability: StabilityClass,
    /// Dose accumulated by the people at each place (index = place), while people are
    /// there; sheltering in place cuts the concentration they breathe.
    pub doses: Vec<crate::catalog::substances::Dose>,
    /// Density of the release's source cloud, kg/m³ (0 in states saved before dense gas:
    /// then passive).
    #[serde(default)]
    pub source_density_kg_m3: f64,
    /// Temperature of the source cloud, K.
    #[serde(default)]
    pub source_temperature_k: f64,
    /// How the release disperses in the current tick.
    #[serde(default = "passive")]
    pub regime: Regime,
}

fn passive() -> Regime {
    Regime::Passive
}

fn released_from_start() -> Option<u64> {
    Some(0)
}

fn class(c: RawClass) -> StabilityClass {
    match c {
        RawClass::A => StabilityClass::A,
        RawClass::B => StabilityClass::B,
        RawClass::C => StabilityClass::C,
        RawClass::D => StabilityClass::D,
        RawClass::E => StabilityClass::E,
        RawClass::F => StabilityClass::F,
    }
}

/// Sky condition for the Pasquill table from cloud cover (eighths) and local time.
/// Day is 06:00–18:00; strong insolation around midday (10:00–15:00) with at most 2/8
/// cloud, moderate with up to 5/8 or outside midday, slight otherwise; 8/8 is overcast.
pub fn sky(cloud_octas: u8, second_of_day: u32) -> SkyCondition {
    let h = (second_of_day / 3600) % 24;
    if cloud_octas >= 8 {
        SkyCondition::Overcast
    } else if (6..18).contains(&h) {
        let midday = (10..15).contains(&h);
        match (cloud_octas, midday) {
            (0..=2, true) => SkyCondition::DayStrong,
            (0..=5, _) => SkyCondition::DayModerate,
            _ => SkyCondition::DaySlight,
        }
    } else if cloud_octas >= 4 {
        SkyCondition::NightCloudy
    } else {
        SkyCondition::NightClear
    }
}

impl LeakState {
    /// Set up the leak for a scenario.
    pub fn new(s: &Scenario, spec: &LeakSpec) -> Result<LeakState, String> {
        let substance = lookup(&spec.substance)
            .ok_or_else(|| format!("unknown substance `{}`", spec.substance))?;
        let p = &s.places[spec.source.0 as usize];
        let (x, y) = s.grid.centre_m(p.cell.0, p.cell.1);
        let fixed = spec.stability.map(class);
        let stability = fixed.unwrap_or_else(|| {
            pasquill_class(
                s.weather.initial.wind_m_s,
                sky(s.weather.cloud_octas, s.meta.start_second_of_day),
            )
        });
        let terrain = match spec.terrain {
            DispersionTerrain::Open => Terrain::Open,
            DispersionTerrain::Urban => Terrain::Urban,
        };
        let source = substance.release_source(STORAGE_TEMPERATURE_K, AMBIENT_TEMPERATURE_K);
        let mut params = PuffParams::new(stability, terrain, x, y, spec.source_height_m);
        let w = s.grid.width as f64 * s.grid.cell_m;
        let h = s.grid.height as f64 * s.grid.cell_m;
        params.domain_m = Some((w, h));
        Ok(LeakState {
            source: spec.source,
            setup_s: spec.containment_setup_s,
            contained_at: None,
            started: false,
            released_from_s: if spec.flood_trigger.is_some() {
                None
            } else {
                Some(0)
            },
            flood_trigger: spec.flood_trigger.map(|t| (t.place.0, t.depth_m)),
            model: PuffModel::new(params),
            substance,
            release: spec.release_kg_s.clone(),
            contained_fraction: spec.contained_fraction,
            fixed,
            cloud_octas: s.weather.cloud_octas,
            start_second_of_day: s.meta.start_second_of_day,
            width: s.grid.width as usize,
            height: s.grid.height as usize,
            cell_m: s.grid.cell_m,
            field_ppm: vec![0.0; s.grid.len()],
            stability,
            doses: vec![crate::catalog::substances::Dose::new(substance); s.places.len()],
            source_density_kg_m3: source.density_kg_m3,
            source_temperature_k: source.temperature_k,
            regime: Regime::Passive,
        })
    }

    /// The Britter–McQuaid verdict on a release of `rate_kg_s` in a 10-m wind of
    /// `wind_m_s`: dense continuous plume or passive, with the number that decided.
    pub fn verdict(&self, rate_kg_s: f64, wind_m_s: f64) -> Verdict {
        let rho = self.source_density_kg_m3;
        if !(rho > 0.0 && rate_kg_s > 0.0) {
            return classify_continuous(0.0, 0.0, wind_m_s);
        }
        let g0 = reduced_gravity(rho, super::plume::air_density_kg_m3(AMBIENT_TEMPERATURE_K));
        classify_continuous(rate_kg_s / rho, g0, wind_m_s)
    }

    /// The dense plume of a release of `rate_kg_s`, when the release is dense.
    fn dense(&self, rate_kg_s: f64, wind_m_s: f64) -> Option<DenseContinuous> {
        (self.verdict(rate_kg_s, wind_m_s).regime == Regime::DenseContinuous).then(|| {
            DenseContinuous::new(
                rate_kg_s,
                self.source_density_kg_m3,
                self.source_temperature_k,
                AMBIENT_TEMPERATURE_K,
                wind_m_s,
            )
        })
    }

    /// Scripted release rate at second `t` of the exercise, kg/s, after containment:
    /// zero before the release has begun (a leak waiting for the flood).
    pub fn rate_at(&self, t: f64) -> f64 {
        let Some(from) = self.released_from_s else {
            return 0.0;
        };
        if t < from as f64 {
            return 0.0;
        }
        let r = hydrograph(&self.release, t - from as f64);
        match self.contained_at {
            Some(c) if t >= c as f64 => r * self.contained_fraction,
            _ => r,
        }
    }

    /// Substance name.
    pub fn substance_name(&self) -> &'static str {
        self.substance.name
    }

    /// The substance.
    pub fn substance(&self) -> &'static Substance {
        self.substance
    }

    /// Move the puffs from `now − dt` to `now` and recompute the field.
    pub fn advance(&mut self, s: &Scenario, now: u64, dt: f64, wind_m_s: f64, wind_from_deg: f64) {
        if self.fixed.is_none() {
            let sod = self.start_second_of_day.wrapping_add(now as u32);
            let c = pasquill_class(wind_m_s, sky(self.cloud_octas, sod));
            if c != self.stability {
                self.stability = c;
                self.model.set_stability(c);
            }
        }
        let rate = self.rate_at(now as f64 - dt / 2.0);
        // a dense release's puffs start from the virtual source of its passive far field
        let terrain = self.model.params().terrain;
        let offset = match self.dense(rate, wind_m_s) {
            Some(d) => d.virtual_distance_m(rate, self.stability, terrain) - d.far_field_start_m(),
            None => 0.0,
        };
        self.model.set_release_offset(offset);
        self.model.step(dt, rate, wind_m_s, wind_from_deg);
        let _ = s;
        let field_ok = self
            .model
            .fill_grid(
                self.width,
                self.height,
                self.cell_m,
                BREATHING_HEIGHT_M,
                &mut self.field_ppm,
            )
            .is_ok();
        if field_ok {
            let m = self.substance.molar_mass_g_mol;
            for v in &mut self.field_ppm {
                *v = mg_m3_to_ppm(*v as f64, m) as f32;
            }
            let rate_now = self.rate_at(now as f64);
            match self.dense(rate_now, wind_m_s) {
                Some(d) => {
                    self.regime = Regime::DenseContinuous;
                    self.dense_near_field(&d, rate_now, wind_from_deg);
                }
                None => {
                    self.regime = Regime::Passive;
                    self.near_source(rate_now, wind_m_s, wind_from_deg);
                }
            }
        }
    }

    /// The dense near field: every cell whose centre lies in the Britter–McQuaid plume
    /// (from the upwind edge to the end of the correlations, within the half-width) takes
    /// the dense-gas concentration at its downwind distance (at least half a cell), in
    /// place of the puffs' (whose virtual source is only right from there on).
    fn dense_near_field(&mut self, d: &DenseContinuous, rate_kg_s: f64, wind_from_deg: f64) {
        if rate_kg_s.is_nan() || rate_kg_s <= 0.0 {
            return;
        }
        let p = *self.model.params();
        let dir = wind_from_deg.to_radians();
        let (ex, ey) = (-dir.sin(), dir.cos());
        let x_end = d.far_field_start_m();
        let reach = x_end.max(d.half_width_m(x_end)) + self.cell_m;
        let cells = (reach / self.cell_m).ceil() as i64;
        let c0 = (p.source_x_m / self.cell_m).floor() as i64;
        let r0 = (p.source_y_m / self.cell_m).floor() as i64;
        let m = self.substance.molar_mass_g_mol;
        let half = 0.5 * self.cell_m;
        for r in r0 - cells..=r0 + cells {
            for c in c0 - cells..=c0 + cells {
                if c < 0 || r < 0 || c >= self.width as i64 || r >= self.height as i64 {
                    continue;
                }
                let dx = (c as f64 + 0.5) * self.cell_m - p.source_x_m;
                let dy = (r as f64 + 0.5) * self.cell_m - p.source_y_m;
                let x = dx * ex + dy * ey;
                let y = dx * ey - dy * ex;
                let in_cell = dx.abs() <= half && dy.abs() <= half;
                if !in_cell
                    && (x < -d.upwind_m() - half || x > x_end || y.abs() > d.half_width_m(x) + half)
                {
                    continue;
                }
                let kg = d.concentration_kg_m3(rate_kg_s, self.stability, p.terrain, x.max(half));
                let ppm = mg_m3_to_ppm(kg * 1e6, m) as f32;
                let i = r as usize * self.width + c as usize;
                self.field_ppm[i] = ppm;
            }
        }
    }

    /// The near field: the puffs leave the source cell within one tick (a puff moves
    /// `u·dt` before the field is sampled, and is then much narrower than a cell), so
    /// cells within that distance downwind of the source, the source cell included,
    /// take at least the steady plume's cell-mean concentration for the current
    /// release rate and wind ([`plume_cell_mean_kg_m3`]).
    fn near_source(&mut self, rate_kg_s: f64, wind_m_s: f64, wind_from_deg: f64) {
        if rate_kg_s.is_nan() || rate_kg_s <= 0.0 {
            return;
        }
        let p = *self.model.params();
        let u = wind_m_s.max(MIN_WIND_M_S);
        let dir = wind_from_deg.to_radians();
        // unit vector the wind blows towards (east, south)
        let (ex, ey) = (-dir.sin(), dir.cos());
        let reach = u * NEAR_FIELD_TICKS_S + 2.0 * self.cell_m;
        let cells = (reach / self.cell_m).ceil() as i64;
        let c0 = (p.source_x_m / self.cell_m).floor() as i64;
        let r0 = (p.source_y_m / self.cell_m).floor() as i64;
        let m = self.substance.molar_mass_g_mol;
        for r in r0 - cells..=r0 + cells {
            for c in c0 - cells..=c0 + cells {
                if c < 0 || r < 0 || c >= self.width as i64 || r >= self.height as i64 {
                    continue;
                }
                let dx = (c as f64 + 0.5) * self.cell_m - p.source_x_m;
                let dy = (r as f64 + 0.5) * self.cell_m - p.source_y_m;
                let x = dx * ex + dy * ey;
                let y = dx * ey - dy * ex;
                if x > reach {
                    continue;
                }
                let kg = plume_cell_mean_kg_m3(
                    rate_kg_s,
                    u,
                    self.stability,
                    p.terrain,
                    x,
                    y,
                    BREATHING_HEIGHT_M,
                    p.source_height_m,
                    self.cell_m,
                );
                let ppm = mg_m3_to_ppm(kg * 1e6, m) as f32;
                let i = r as usize * self.width + c as usize;
                if ppm > self.field_ppm[i] {
                    self.field_ppm[i] = ppm;
                }
            }
        }
    }

    /// Concentration at a cell, ppm.
    pub fn ppm(&self, cell: usize) -> f64 {
        self.field_ppm.get(cell).copied().unwrap_or(0.0) as f64
    }

    /// The substance's IDLH, ppm.
    pub fn idlh_ppm(&self) -> f64 {
        self.substance.idlh_ppm
    }

    /// When a cell is at AEGL-2 (60 min) or worse: a description of the level.
    pub fn threat(&self, cell: usize) -> Option<String> {
        let ppm = self.ppm(cell);
        match self.substance.threat_level(ppm) {
            ThreatLevel::Level2 => {
                Some(format!("{} at AEGL-2 ({ppm:.1} ppm)", self.substance.name))
            }
            ThreatLevel::Level3 => {
                Some(format!("{} at AEGL-3 ({ppm:.1} ppm)", self.substance.name))
            }
            _ => None,
        }
    }

    /// Whether the people of a place have breathed a 60-minute-equivalent toxic load at
    /// or above AEGL-3 (life-threatening): they count as casualties.
    pub fn lethal_dose(&self, place: usize) -> bool {
        let (Some(d), Some(t3)) = (self.doses.get(place), self.substance.aegl_60min.tier3_ppm)
        else {
            return false;
        };
        d.equivalent_ppm(60.0).is_some_and(|e| e >= t3) || d.peak_ppm >= t3 * 3.0
    }

    /// Total mass released so far, kg.
    pub fn released_kg(&self) -> f64 {
        self.model.released_total_kg()
    }

    /// Feed the state into a checksum.
    pub fn feed_checksum(&self, h: &mut impl sha2::Digest) {
        h.update(self.model.released_total_kg().to_bits().to_le_bytes());
        h.update((self.model.puff_count() as u64).to_le_bytes());
        for v in &self.field_ppm {
            h.update(v.to_bits().to_le_bytes());
        }
        h.update(self.contained_at.unwrap_or(u64::MAX).to_le_bytes());
        // only a leak the flood starts has a start to hash: fixed-start checksums stay
        if self.flood_trigger.is_some() {
            h.update(self.released_from_s.unwrap_or(u64::MAX).to_le_bytes());
        }
    }
}
