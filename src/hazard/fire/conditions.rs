//! Conditions of the raster spread: the [`Weather`] in force (uniform midflame and
//! 20-ft winds and fuel moistures) and what is derived from it once per weather and
//! shared by every cell (`Conditions`: fuel beds, spread ellipses on flat ground and
//! heat per unit area by fuel code, the crown fuel and the active crown fire's
//! ellipse), and the spread of one cell (`Ell`): its surface ellipse built from
//! [`Fuelbed::spread`](super::Fuelbed::spread) and, under a canopy, what its crown
//! does (Scott & Reinhardt 2001, see `crown.rs`).
//!
//! Invariants: the per-code tables are indexed by standard fuel model number (< 256);
//! a code absent from the grid holds no bed and a zero ellipse; a zero ellipse spreads
//! nowhere; a cell without canopy spreads by its surface ellipse alone.

use super::crown::{CrownFuel, crown_fraction_burned, crown_length_to_width};
use super::{
    FT_MIN_PER_MPH, FireError, FireType, Fuelbed, KJ_M2_PER_BTU_FT2, M_PER_FT, M_S_PER_MPH,
    Moisture, WindLimit, eccentricity,
};
use crate::catalog::fuel_models::FuelModel;

/// Weather driving the raster spread; uniform over the grid.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Weather {
    /// Midflame wind speed of unsheltered surface fuel (every cell without a sheltering
    /// canopy), m/s.
    pub midflame_wind_m_s: f64,
    /// Direction the wind blows FROM, degrees clockwise from north (meteorological).
    pub wind_from_deg: f64,
    /// Fuel moistures.
    pub moisture: Moisture,
    /// 20-ft (6.1 m) open wind, m/s: the midflame wind under a sheltering canopy is this
    /// times the canopy's wind adjustment factor; it drives the crown fuel (Rothermel
    /// 1991), the crown fire's length-to-width ratio and spotting. 0 in calm air (and in
    /// weathers written before crown fire existed).
    #[serde(default)]
    pub wind_20ft_m_s: f64,
}

impl Default for Weather {
    /// Calm, with the BehavePlus example moistures 6/7/8/60/90 %.
    fn default() -> Self {
        Weather {
            midflame_wind_m_s: 0.0,
            wind_from_deg: 0.0,
            moisture: Moisture::from_percent(6.0, 7.0, 8.0, 60.0, 90.0),
            wind_20ft_m_s: 0.0,
        }
    }
}

impl Weather {
    pub(super) fn validate(&self) -> Result<(), FireError> {
        let valid = self.midflame_wind_m_s.is_finite()
            && self.midflame_wind_m_s >= 0.0
            && self.wind_20ft_m_s.is_finite()
            && self.wind_20ft_m_s >= 0.0
            && self.wind_from_deg.is_finite();
        if !valid {
            return Err(FireError::InvalidInput(
                "wind speed must be finite and >= 0, direction finite",
            ));
        }
        self.moisture.validate()
    }

    /// Azimuth the wind blows toward, radians clockwise from north.
    pub(super) fn toward_rad(&self) -> f64 {
        (self.wind_from_deg + 180.0).to_radians()
    }
}

/// Crown state of a cell (`Ell::kind`): no canopy.
pub(super) const CROWN_NONE: u8 = 0;
/// Crown state: a canopy that may torch (Scott & Reinhardt's passive crown fire) but
/// cannot carry an active crown fire (active ratio < 1).
pub(super) const CROWN_PASSIVE: u8 = 1;
/// Crown state: the head fire crowns actively (transition and active ratios ≥ 1).
pub(super) const CROWN_ACTIVE: u8 = 2;
/// Crown state: conditional crown fire (active ratio ≥ 1, transition ratio < 1): an
/// active crown fire arriving from a crowning neighbour goes on crowning; a surface fire
/// only torches.
pub(super) const CROWN_CONDITIONAL: u8 = 3;

/// Spread of one cell under one weather.
///
/// Surface ellipse: rate toward unit vector u = a / (1 − e·(h·u)), with a = R_head·(1 − e)
/// in m/s and h the head unit vector (east, north). Under a canopy (`kind` ≠
/// [`CROWN_NONE`]) the crown ellipse (ca, ce, ch) is the active crown fire's (Rothermel
/// 1991 rate and length-to-width ratio, heading downwind), `r_init` and `r_sa` are Scott &
/// Reinhardt's R'initiation and R'sa (m/s): in a direction where the surface rate R_s
/// exceeds R'initiation the canopy torches and the rate is R_s + CFB·(R_c − R_s) with
/// CFB = (R_s − R'init)/(R'sa − R'init) clamped to [0, 1]; an actively crowning cell (or a
/// conditional one reached by an active crown fire) spreads at the larger of the crown
/// and surface rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Ell {
    a: f32,
    e: f32,
    hx: f32,
    hy: f32,
    ca: f32,
    ce: f32,
    chx: f32,
    chy: f32,
    r_init: f32,
    r_sa: f32,
    kind: u8,
}

/// How a cell burns toward one direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Behaviour {
    /// Rate of spread, m/s.
    pub(super) rate: f64,
    /// Surface, torching or crowning.
    pub(super) fire_type: FireType,
    /// Crown fraction burned (1 when crowning, 0 on the surface).
    pub(super) cfb: f64,
}

impl Ell {
    /// Surface rate toward unit vector (ux, uy), m/s.
    #[inline]
    fn surface_rate(&self, ux: f64, uy: f64) -> f64 {
        let c = f64::from(self.hx) * ux + f64::from(self.hy) * uy;
        f64::from(self.a) / (1.0 - f64::from(self.e) * c)
    }

    /// Active crown fire rate toward unit vector (ux, uy), m/s.
    #[inline]
    fn crown_rate(&self, ux: f64, uy: f64) -> f64 {
        let c = f64::from(self.chx) * ux + f64::from(self.chy) * uy;
        f64::from(self.ca) / (1.0 - f64::from(self.ce) * c)
    }

    /// Rate toward (ux, uy), m/s; `from_active`: the fire arrives as (or the cell burns
    /// as) an active crown fire.
    #[inline]
    pub(super) fn rate_from(&self, ux: f64, uy: f64, from_active: bool) -> f64 {
        if self.kind == CROWN_NONE {
            return self.surface_rate(ux, uy);
        }
        self.behaviour(ux, uy, from_active).rate
    }

    /// Rate, fire type and crown fraction burned toward (ux, uy).
    pub(super) fn behaviour(&self, ux: f64, uy: f64, from_active: bool) -> Behaviour {
        let rs = self.surface_rate(ux, uy);
        let surface = Behaviour {
            rate: rs,
            fire_type: FireType::Surface,
            cfb: 0.0,
        };
        match self.kind {
            CROWN_NONE => surface,
            k if k == CROWN_ACTIVE || (k == CROWN_CONDITIONAL && from_active) => Behaviour {
                rate: rs.max(self.crown_rate(ux, uy)),
                fire_type: FireType::Crowning,
                cfb: 1.0,
            },
            _ => {
                let r_init = f64::from(self.r_init);
                if !(rs > 0.0 && rs >= r_init) {
                    return surface;
                }
                let cfb = crown_fraction_burned(rs, r_init, f64::from(self.r_sa));
                Behaviour {
                    rate: rs + cfb * (self.crown_rate(ux, uy) - rs),
                    fire_type: FireType::Torching,
                    cfb,
                }
            }
        }
    }

    /// Head (maximum) surface rate, m/s.
    pub(super) fn head(&self) -> f64 {
        f64::from(self.a) / (1.0 - f64::from(self.e))
    }

    /// Head rate of the cell's fire (surface, passive or active crown), m/s, and its
    /// behaviour: along the surface head, or along the crown head for an active crown fire.
    pub(super) fn head_behaviour(&self, from_active: bool) -> Behaviour {
        let active = self.kind == CROWN_ACTIVE || (self.kind == CROWN_CONDITIONAL && from_active);
        if active {
            let (x, y) = (f64::from(self.chx), f64::from(self.chy));
            let c = self.behaviour(x, y, from_active);
            let s = self.behaviour(f64::from(self.hx), f64::from(self.hy), from_active);
            return if s.rate > c.rate { s } else { c };
        }
        self.behaviour(f64::from(self.hx), f64::from(self.hy), from_active)
    }

    /// Adds the crown part to a surface ellipse: the crown ellipse of `crown`, R'init and
    /// R'sa (m/s) and the crown state.
    pub(super) fn with_crown(mut self, crown: &Ell, r_init: f64, r_sa: f64, kind: u8) -> Ell {
        self.ca = crown.a;
        self.ce = crown.e;
        self.chx = crown.hx;
        self.chy = crown.hy;
        self.r_init = r_init as f32;
        self.r_sa = r_sa as f32;
        self.kind = kind;
        self
    }
}

/// Surface ellipse of a fuel bed for a midflame wind `wind_ft_min` blowing toward
/// `toward_az` on a cell with slope `slope` (tan) whose upslope direction is `up_az`
/// (radians clockwise from north), with wind limit `limit`.
pub(super) fn make_ell(
    bed: &Fuelbed,
    wind_ft_min: f64,
    toward_az: f64,
    slope: f64,
    up_az: f64,
    limit: WindLimit,
) -> Ell {
    let s = bed.spread(wind_ft_min, toward_az - up_az, slope, limit);
    let head_m_s = s.head_ft_min * M_PER_FT / 60.0;
    let az = up_az + s.dir_from_upslope_rad;
    Ell {
        a: (head_m_s * (1.0 - s.eccentricity)) as f32,
        e: s.eccentricity as f32,
        hx: az.sin() as f32,
        hy: az.cos() as f32,
        ..Ell::default()
    }
}

/// ft/min of a speed in m/s.
pub(super) fn ft_min(m_s: f64) -> f64 {
    m_s / M_S_PER_MPH * FT_MIN_PER_MPH
}

/// Weather-dependent tables shared by all cells.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Conditions {
    pub(super) weather: Weather,
    /// Time from which these conditions hold, s.
    pub(super) start_s: f64,
    /// Identifier stamped on cached cell ellipses.
    pub(super) id: u32,
    /// Fuel beds by fuel code (index = standard number).
    pub(super) beds: Vec<Option<Fuelbed>>,
    /// Ellipse on flat ground by fuel code.
    pub(super) flat: Vec<Ell>,
    /// Heat per unit area by fuel code, kJ/m².
    pub(super) hpa: Vec<f64>,
    /// Wind limit of every surface and crown fuel run.
    pub(super) limit: WindLimit,
    /// The crown fuel (fuel model 10) at this weather's moistures.
    pub(super) crown_fuel: CrownFuel,
    /// Active crown fire ellipse (rate 3.34·R10 at 0.4·U20, length-to-width
    /// 1 + 0.125·U20, heading downwind); shape fields only.
    pub(super) crown: Ell,
    /// Active crown fire rate, m/s.
    pub(super) crown_ros_m_s: f64,
}

/// Size of the per-code tables (codes are standard numbers ≤ 204).
pub(super) const CODE_TABLE: usize = 256;

impl Conditions {
    pub(super) fn new(
        weather: Weather,
        start_s: f64,
        id: u32,
        present: &[u16],
        limit: WindLimit,
    ) -> Result<Conditions, FireError> {
        let mut beds = vec![None; CODE_TABLE];
        let mut flat = vec![Ell::default(); CODE_TABLE];
        let mut hpa = vec![0.0; CODE_TABLE];
        let toward = weather.toward_rad();
        let wind = ft_min(weather.midflame_wind_m_s);
        for &code in present {
            if let Some(model) = FuelModel::by_number(code) {
                let bed = Fuelbed::new(model, &weather.moisture)?;
                let i = usize::from(code);
                flat[i] = make_ell(&bed, wind, toward, 0.0, 0.0, limit);
                hpa[i] = bed.heat_per_unit_area * KJ_M2_PER_BTU_FT2;
                beds[i] = Some(bed);
            }
        }
        let crown_fuel = CrownFuel::new(&weather.moisture)?;
        let u20 = ft_min(weather.wind_20ft_m_s);
        let crown_ros_m_s = crown_fuel.ros_ft_min(u20, limit) * M_PER_FT / 60.0;
        let e = eccentricity(crown_length_to_width(weather.wind_20ft_m_s / M_S_PER_MPH));
        let crown = Ell {
            a: (crown_ros_m_s * (1.0 - e)) as f32,
            e: e as f32,
            hx: toward.sin() as f32,
            hy: toward.cos() as f32,
            ..Ell::default()
        };
        Ok(Conditions {
            weather,
            start_s,
            id,
            beds,
            flat,
            hpa,
            limit,
            crown_fuel,
            crown,
            crown_ros_m_s,
        })
    }
}
