//! The Rothermel (1972) fuel bed with the Albini (1976) corrections, as the BehavePlus
//! engine computes it: fuel moisture ([`Moisture`]), the moisture-dependent
//! intermediates of one fuel model ([`Fuelbed`]: characteristic SAV ratio, packing,
//! reaction intensity, propagating flux, heat sink, no-wind no-slope rate, live moisture
//! of extinction, dynamic herb curing) and the application of wind and slope
//! ([`Fuelbed::spread`] giving a [`Spread`]) with the optional wind limit
//! ([`WindLimit`](super::WindLimit)), Anderson's (1983)
//! length-to-width ratio and the ellipse eccentricity.
//!
//! Units are BehavePlus's US units (ft, ft/min, lb/ft², BTU) so the code can be
//! compared with `behave` line by line. Invariants: a bed that does not burn
//! ([`Fuelbed::burns`] false) spreads at 0 with a length-to-width ratio of 1; the ratio
//! always lies in [1, [`MAX_LWR`]].

use super::wind::ROTHERMEL_1972_LIMIT_FACTOR;
use super::{FT_MIN_PER_MPH, FireError, WindLimit};
use crate::catalog::fuel_models::{FuelModel, SAV_10H, SAV_100H};

/// Oven-dry particle density, lb/ft³ (Rothermel 1972; Albini 1976 p. 91).
const PARTICLE_DENSITY: f64 = 32.0;
/// Total mineral content S_T, fraction (Rothermel 1972; BehavePlus).
const TOTAL_SILICA: f64 = 0.0555;
/// Effective (silica-free) mineral content S_e, fraction (Rothermel 1972; BehavePlus).
const EFFECTIVE_SILICA: f64 = 0.01;
/// Upper bound of the length-to-width ratio (BehavePlus caps the ellipse at 8).
pub const MAX_LWR: f64 = 8.0;

/// Fuel moisture contents, fractions of oven-dry weight (0.06 = 6 %).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moisture {
    /// 1-h dead fuel moisture.
    pub one_h: f64,
    /// 10-h dead fuel moisture.
    pub ten_h: f64,
    /// 100-h dead fuel moisture.
    pub hundred_h: f64,
    /// Live herbaceous moisture.
    pub live_herb: f64,
    /// Live woody moisture.
    pub live_woody: f64,
}

impl Moisture {
    /// Moistures given in percent.
    pub fn from_percent(one_h: f64, ten_h: f64, hundred_h: f64, herb: f64, woody: f64) -> Self {
        Moisture {
            one_h: one_h / 100.0,
            ten_h: ten_h / 100.0,
            hundred_h: hundred_h / 100.0,
            live_herb: herb / 100.0,
            live_woody: woody / 100.0,
        }
    }

    pub(super) fn validate(&self) -> Result<(), FireError> {
        let all = [
            self.one_h,
            self.ten_h,
            self.hundred_h,
            self.live_herb,
            self.live_woody,
        ];
        if all.iter().all(|m| m.is_finite() && *m >= 0.0) {
            Ok(())
        } else {
            Err(FireError::InvalidInput("moisture must be finite and >= 0"))
        }
    }
}

/// Moisture-dependent Rothermel intermediates of one fuel model (US units inside,
/// as in BehavePlus). Wind and slope are applied by [`Fuelbed::spread`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fuelbed {
    /// Fuel bed depth, ft.
    pub depth_ft: f64,
    /// Characteristic SAV ratio σ, 1/ft.
    pub sigma: f64,
    /// Packing ratio β.
    pub beta: f64,
    /// Relative packing ratio β/β_op.
    pub relative_packing: f64,
    /// Reaction intensity I_R, BTU/ft²/min.
    pub reaction_intensity: f64,
    /// No-wind no-slope rate of spread R0, ft/min.
    pub r0: f64,
    /// Propagating flux ratio ξ.
    pub propagating_flux: f64,
    /// Heat sink ρ_b·ε·Q_ig, BTU/ft³.
    pub heat_sink: f64,
    /// Dead moisture of extinction, fraction.
    pub mx_dead: f64,
    /// Live moisture of extinction (Albini 1976), fraction.
    pub mx_live: f64,
    /// Residence time t_r = 384/σ, min (Anderson 1969).
    pub residence_time_min: f64,
    /// Heat per unit area I_R·t_r, BTU/ft².
    pub heat_per_unit_area: f64,
    wind_b: f64,
    wind_c: f64,
    wind_e: f64,
    slope_k: f64,
}

/// Moisture damping coefficient η_M (Rothermel 1972, eq. 29).
fn eta_m(m: f64, mx: f64) -> f64 {
    if mx <= 0.0 || m >= mx {
        return 0.0;
    }
    let r = m / mx;
    1.0 - 2.59 * r + 5.11 * r * r - 3.52 * r * r * r
}

/// Albini (1976) size-class bin of a SAV ratio (1/ft) for the net-load weighting.
fn sav_bin(sav: f64) -> usize {
    if sav >= 1200.0 {
        0
    } else if sav >= 192.0 {
        1
    } else if sav >= 96.0 {
        2
    } else if sav >= 48.0 {
        3
    } else if sav >= 16.0 {
        4
    } else {
        5
    }
}

/// Per-category (dead or live) sums of one fuel bed.
struct Category {
    area: f64,
    sigma: f64,
    moisture: f64,
    net_load: f64,
    heat: f64,
    silica: f64,
}

/// Weighting factors of one life category (Rothermel 1972 eqs. 53–56; Albini 1976).
fn category(load: &[f64], sav: &[f64], moist: &[f64], heat: f64) -> (Category, Vec<f64>) {
    let areas: Vec<f64> = load
        .iter()
        .zip(sav)
        .map(|(w, s)| w * s / PARTICLE_DENSITY)
        .collect();
    let total: f64 = areas.iter().sum();
    let f: Vec<f64> = areas
        .iter()
        .map(|a| if total > 1.0e-7 { a / total } else { 0.0 })
        .collect();
    // Size-sorted fraction g_ij: sum of f in the same SAV bin.
    let mut bins = [0.0; 6];
    for (fi, s) in f.iter().zip(sav) {
        bins[sav_bin(*s)] += fi;
    }
    let mut c = Category {
        area: total,
        sigma: 0.0,
        moisture: 0.0,
        net_load: 0.0,
        heat: 0.0,
        silica: 0.0,
    };
    for i in 0..load.len() {
        if sav[i] > 1.0e-7 {
            c.sigma += f[i] * sav[i];
            c.moisture += f[i] * moist[i];
            c.heat += f[i] * heat;
            c.silica += f[i] * EFFECTIVE_SILICA;
            let b = sav_bin(sav[i]);
            let g = if b < 5 { bins[b] } else { 0.0 };
            c.net_load += g * load[i] * (1.0 - TOTAL_SILICA);
        }
    }
    (c, f)
}

/// Mineral damping coefficient η_s = 0.174·S_e^−0.19, at most 1 (Rothermel 1972, eq. 30).
fn eta_s(weighted_silica: f64) -> f64 {
    let d = weighted_silica.powf(0.19);
    if d < 1.0e-6 {
        0.0
    } else {
        (0.174 / d).min(1.0)
    }
}

/// Result of applying wind and slope to a fuel bed (US units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Head rate of spread, ft/min.
    pub head_ft_min: f64,
    /// Direction of maximum spread, radians clockwise from upslope.
    pub dir_from_upslope_rad: f64,
    /// Effective midflame wind speed, ft/min.
    pub effective_wind_ft_min: f64,
    /// Length-to-width ratio.
    pub lwr: f64,
    /// Ellipse eccentricity.
    pub eccentricity: f64,
    /// Whether the wind limit capped the effective wind.
    pub wind_limit_exceeded: bool,
    /// The limit on the effective wind in force, ft/min (`None`: no limit).
    pub wind_limit_ft_min: Option<f64>,
}

/// Anderson (1983) length-to-width ratio from effective midflame wind in mi/h, capped
/// at [`MAX_LWR`]: LWR = 0.936·e^(0.1147·U) + 0.461·e^(−0.0692·U) − 0.397.
pub fn length_to_width_ratio(effective_wind_mph: f64) -> f64 {
    if effective_wind_mph <= 1.0e-7 {
        return 1.0;
    }
    let u = effective_wind_mph;
    (0.936 * (0.1147 * u).exp() + 0.461 * (-0.0692 * u).exp() - 0.397).clamp(1.0, MAX_LWR)
}

/// Eccentricity e = √(LWR² − 1)/LWR of the fire ellipse.
pub fn eccentricity(lwr: f64) -> f64 {
    let x = lwr * lwr - 1.0;
    if x > 0.0 { x.sqrt() / lwr } else { 0.0 }
}

impl Fuelbed {
    /// Rothermel intermediates of `model` at `moisture`, including the dynamic herb
    /// load transfer of Scott & Burgan (2005): the cured fraction
    /// 1.333 − 1.11·M_herb (all cured below 30 %, none above 120 %, the BehavePlus
    /// form) moves to a dead herbaceous class with the live herb SAV and the 1-h moisture.
    pub fn new(model: &FuelModel, moisture: &Moisture) -> Result<Fuelbed, FireError> {
        moisture.validate()?;
        let m = moisture;
        let mut load_d = [model.load_1h, model.load_10h, model.load_100h, 0.0];
        let sav_d = [model.sav_1h, SAV_10H, SAV_100H, model.sav_herb];
        let moist_d = [m.one_h, m.ten_h, m.hundred_h, m.one_h];
        let mut load_l = [model.load_herb, model.load_woody];
        let sav_l = [model.sav_herb, model.sav_woody];
        let moist_l = [m.live_herb, m.live_woody];
        if model.dynamic {
            let cured = if m.live_herb < 0.30 {
                1.0
            } else if m.live_herb <= 1.20 {
                (1.333 - 1.11 * m.live_herb).clamp(0.0, 1.0)
            } else {
                0.0
            };
            load_d[3] = load_l[0] * cured;
            load_l[0] -= load_d[3];
        }
        let (dead, f_dead) = category(&load_d, &sav_d, &moist_d, model.heat_dead);
        let (live, _) = category(&load_l, &sav_l, &moist_l, model.heat_live);
        let total_load: f64 = load_d.iter().chain(load_l.iter()).sum();
        let depth = model.depth_ft;
        if total_load <= 0.0 || depth <= 0.0 || dead.area + live.area <= 1.0e-7 {
            return Ok(Fuelbed::inert(model));
        }
        let frac_dead = dead.area / (dead.area + live.area);
        let frac_live = 1.0 - frac_dead;
        let sigma = frac_dead * dead.sigma + frac_live * live.sigma;

        // Live moisture of extinction (Albini 1976, p. 89; BehavePlus).
        let mx_dead = model.mx_dead;
        let mut mx_live = mx_dead;
        if model.load_herb + model.load_woody > 0.0 {
            let mut fine_dead = 0.0;
            let mut fine_dead_m = 0.0;
            for i in 0..4 {
                if sav_d[i] > 1.0e-7 {
                    let w = load_d[i] * (-138.0 / sav_d[i]).exp();
                    fine_dead += w;
                    fine_dead_m += w * moist_d[i];
                }
            }
            let mf_dead = if fine_dead > 1.0e-7 {
                fine_dead_m / fine_dead
            } else {
                0.0
            };
            let fine_live: f64 = (0..2)
                .filter(|&i| sav_l[i] > 1.0e-7)
                .map(|i| load_l[i] * (-500.0 / sav_l[i]).exp())
                .sum();
            let ratio = if fine_live > 1.0e-7 {
                fine_dead / fine_live
            } else {
                0.0
            };
            mx_live = (2.9 * ratio * (1.0 - mf_dead / mx_dead) - 0.226).max(mx_dead);
        }

        let bulk_density = total_load / depth;
        let beta = total_load / (depth * PARTICLE_DENSITY);
        let beta_op = 3.348 * sigma.powf(-0.8189);
        let rel = beta / beta_op;
        let aa = 133.0 * sigma.powf(-0.7913);
        let s15 = sigma.powf(1.5);
        let gamma_max = s15 / (495.0 + 0.0594 * s15);
        let gamma = gamma_max * rel.powf(aa) * (aa * (1.0 - rel)).exp();
        let ir = gamma
            * (dead.net_load * dead.heat * eta_m(dead.moisture, mx_dead) * eta_s(dead.silica)
                + live.net_load * live.heat * eta_m(live.moisture, mx_live) * eta_s(live.silica));
        let xi = ((0.792 + 0.681 * sigma.sqrt()) * (beta + 0.1)).exp() / (192.0 + 0.2595 * sigma);

        // Heat sink (Rothermel 1972 eq. 77, BehavePlus weighting).
        let mut hs = 0.0;
        for i in 0..4 {
            if sav_d[i] > 1.0e-7 {
                hs += frac_dead
                    * f_dead[i]
                    * (250.0 + 1116.0 * moist_d[i])
                    * (-138.0 / sav_d[i]).exp();
            }
        }
        let live_area: f64 = (0..2).map(|i| load_l[i] * sav_l[i]).sum();
        for i in 0..2 {
            if sav_l[i] > 1.0e-7 && live_area > 1.0e-7 {
                let f = load_l[i] * sav_l[i] / live_area;
                hs += frac_live * f * (250.0 + 1116.0 * moist_l[i]) * (-138.0 / sav_l[i]).exp();
            }
        }
        hs *= bulk_density;
        let r0 = if hs < 1.0e-7 { 0.0 } else { ir * xi / hs };
        let t_r = 384.0 / sigma;
        Ok(Fuelbed {
            depth_ft: depth,
            sigma,
            beta,
            relative_packing: rel,
            reaction_intensity: ir,
            r0,
            propagating_flux: xi,
            heat_sink: hs,
            mx_dead,
            mx_live,
            residence_time_min: t_r,
            heat_per_unit_area: ir * t_r,
            wind_b: 0.02526 * sigma.powf(0.54),
            wind_c: 7.47 * (-0.133 * sigma.powf(0.55)).exp(),
            wind_e: 0.715 * (-0.000359 * sigma).exp(),
            slope_k: 5.275 * beta.powf(-0.3),
        })
    }

    /// A fuel bed that does not burn.
    fn inert(model: &FuelModel) -> Fuelbed {
        Fuelbed {
            depth_ft: model.depth_ft,
            sigma: 0.0,
            beta: 0.0,
            relative_packing: 0.0,
            reaction_intensity: 0.0,
            r0: 0.0,
            propagating_flux: 0.0,
            heat_sink: 0.0,
            mx_dead: model.mx_dead,
            mx_live: model.mx_dead,
            residence_time_min: 0.0,
            heat_per_unit_area: 0.0,
            wind_b: 0.0,
            wind_c: 0.0,
            wind_e: 0.0,
            slope_k: 0.0,
        }
    }

    /// Whether this bed spreads fire at all.
    pub fn burns(&self) -> bool {
        self.r0 > 0.0
    }

    /// Wind factor φ_w for a midflame wind in ft/min (Rothermel 1972, eq. 47).
    pub fn phi_wind(&self, wind_ft_min: f64) -> f64 {
        if wind_ft_min < 1.0e-7 || !self.burns() {
            0.0
        } else {
            self.wind_c * wind_ft_min.powf(self.wind_b) * self.relative_packing.powf(-self.wind_e)
        }
    }

    /// The midflame wind (ft/min) whose wind factor is `phi` (the inverse of
    /// [`Fuelbed::phi_wind`], Rothermel 1972 eq. 47 solved for U); 0 for `phi` ≤ 0 or a
    /// bed that does not burn.
    pub fn wind_for_phi(&self, phi: f64) -> f64 {
        if phi <= 0.0 || !self.burns() {
            0.0
        } else {
            (phi * self.relative_packing.powf(self.wind_e) / self.wind_c).powf(1.0 / self.wind_b)
        }
    }

    /// Slope factor φ_s = 5.275·β^−0.3·tan²θ (Rothermel 1972, eq. 51).
    pub fn phi_slope(&self, slope_tan: f64) -> f64 {
        if !self.burns() {
            0.0
        } else {
            self.slope_k * slope_tan * slope_tan
        }
    }

    /// Applies midflame wind (ft/min, blowing toward `wind_from_upslope_rad`, radians
    /// clockwise from upslope) and slope (tan) as BehavePlus does: the wind and slope
    /// rate contributions R0·φ are summed as vectors, the effective wind is solved from
    /// φ_ew = R/R0 − 1, and capped by `limit` when one is given (then the head rate is
    /// R0·(1 + φ_w(U_lim))). Whatever the limit, the slope factor φ_s is capped at
    /// 0.9·I_R as the behave engine does.
    pub fn spread(
        &self,
        wind_ft_min: f64,
        wind_from_upslope_rad: f64,
        slope_tan: f64,
        limit: WindLimit,
    ) -> Spread {
        let limit_ft_min = limit.limit_ft_min(self.reaction_intensity);
        if !self.burns() {
            return Spread {
                head_ft_min: 0.0,
                dir_from_upslope_rad: 0.0,
                effective_wind_ft_min: 0.0,
                lwr: 1.0,
                eccentricity: 0.0,
                wind_limit_exceeded: false,
                wind_limit_ft_min: limit_ft_min,
            };
        }
        let phi_w = self.phi_wind(wind_ft_min);
        // behave engine guard: the slope factor may not exceed 0.9·I_R (in force
        // whether or not a wind limit is applied).
        let phi_s = self
            .phi_slope(slope_tan)
            .min(ROTHERMEL_1972_LIMIT_FACTOR * self.reaction_intensity);
        let slope_rate = self.r0 * phi_s;
        let wind_rate = self.r0 * phi_w;
        let x = slope_rate + wind_rate * wind_from_upslope_rad.cos();
        let y = wind_rate * wind_from_upslope_rad.sin();
        let mut head = self.r0 + x.hypot(y);
        let dir = if x.hypot(y) > 0.0 { y.atan2(x) } else { 0.0 };
        let mut eff = self.wind_for_phi(head / self.r0 - 1.0);
        let mut exceeded = false;
        if let Some(lim) = limit_ft_min
            && eff > lim
        {
            exceeded = true;
            eff = lim;
            head = self.r0 * (1.0 + self.phi_wind(lim));
        }
        let lwr = length_to_width_ratio(eff / FT_MIN_PER_MPH);
        Spread {
            head_ft_min: head,
            dir_from_upslope_rad: dir,
            effective_wind_ft_min: eff,
            lwr,
            eccentricity: eccentricity(lwr),
            wind_limit_exceeded: exceeded,
            wind_limit_ft_min: limit_ft_min,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::{close, fm, oracle_moisture};
    use crate::hazard::fire::{SurfaceInputs, WindLimit, WindSpeed, surface_fire};

    #[test]
    fn lookup_by_code_and_number() {
        assert_eq!(fm("FM1").number, 1);
        assert_eq!(fm("1").code, "FM1");
        assert_eq!(fm(" gr2 ").number, 102);
        assert_eq!(fm("102").code, "GR2");
        assert_eq!(fm("sb4").number, 204);
        assert_eq!(fm("nb9").number, 99);
        assert!(FuelModel::by_code("XX1").is_none());
        assert!(FuelModel::by_number(14).is_none());
        assert_eq!(FuelModel::all().len(), 62);
        let anderson = FuelModel::all().iter().filter(|m| m.number <= 13).count();
        let sb40 = FuelModel::all().iter().filter(|m| m.number > 100).count();
        assert_eq!((anderson, sb40), (13, 40));
    }

    #[test]
    fn dynamic_herb_transfer() {
        let at = |herb: f64| {
            let m = Moisture::from_percent(6.0, 7.0, 8.0, herb, 90.0);
            let inp = SurfaceInputs::upslope(m, WindSpeed::MidflameMph(5.0), 0.0);
            surface_fire(fm("GR2"), &inp).expect("valid").head_ros_m_min
        };
        // Fully cured at <= 30 %: identical below 30 %.
        assert!(close(at(10.0), at(29.0), 1e-12));
        assert!(at(30.0) > at(60.0));
        assert!(at(60.0) > at(119.0));
        // Static Anderson models ignore curing (no herb load in FM1).
        let fm1 = |herb: f64| {
            let m = Moisture::from_percent(6.0, 7.0, 8.0, herb, 90.0);
            let inp = SurfaceInputs::upslope(m, WindSpeed::MidflameMph(5.0), 0.0);
            surface_fire(fm("FM1"), &inp).expect("valid").head_ros_m_min
        };
        assert_eq!(fm1(30.0), fm1(200.0));
    }

    #[test]
    fn wind_limit_caps_spread() {
        // no limit by default (behave engine, Andrews, Cruz & Rothermel 2013)
        let mut inp = SurfaceInputs::upslope(oracle_moisture(), WindSpeed::MidflameMph(60.0), 0.0);
        assert_eq!(inp.wind_limit, WindLimit::None);
        let free = surface_fire(fm("FM8"), &inp).expect("valid");
        assert!(!free.wind_limit_exceeded);
        inp.wind_limit = WindLimit::Rothermel1972;
        let r72 = surface_fire(fm("FM8"), &inp).expect("valid");
        assert!(r72.wind_limit_exceeded);
        assert!(free.head_ros_m_min > r72.head_ros_m_min);
        assert!(r72.length_to_width <= MAX_LWR);
        // the 1972 limit is 0.9·I_R (ft/min, BTU/ft²/min): the capped effective wind
        let bed = Fuelbed::new(fm("FM8"), &oracle_moisture()).expect("valid");
        let lim_mph = 0.9 * bed.reaction_intensity / 88.0;
        assert!(close(r72.effective_wind_mph(), lim_mph, 1e-9));
        // the revised limit 96.8·I_R^(1/3) of Andrews et al. (2013)
        inp.wind_limit = WindLimit::Andrews2013;
        let a13 = surface_fire(fm("FM8"), &inp).expect("valid");
        let lim = 96.8 * bed.reaction_intensity.cbrt() / 88.0;
        assert!(a13.wind_limit_exceeded);
        assert!(close(a13.effective_wind_mph(), lim, 1e-9));
        // below both limits all three agree
        inp.wind = WindSpeed::MidflameMph(2.0);
        let rates: Vec<f64> = [
            WindLimit::None,
            WindLimit::Rothermel1972,
            WindLimit::Andrews2013,
        ]
        .iter()
        .map(|&l| {
            inp.wind_limit = l;
            surface_fire(fm("FM8"), &inp).expect("valid").head_ros_m_min
        })
        .collect();
        assert_eq!(rates[0], rates[1]);
        assert_eq!(rates[0], rates[2]);
    }
}
