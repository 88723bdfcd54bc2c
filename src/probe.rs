//! `drillsim probe`: the hazard models as calculators, for trainers to sanity-check a
//! scenario's numbers (and for tests against published values; see ORACLES). The crown
//! fire and spotting probes live in `probe/fire.rs`.
//!
//! An argument for a quantity a scenario also holds is refused outside the range the
//! scenario accepts, with the argument and the range named (`in_range`): winds
//! 0–[`MAX_WIND_M_S`] m/s (134.2 mi/h), release rates 0–[`MAX_RELEASE_KG_S`] kg/s,
//! release heights, fuel, foliar moistures, wind adjustment factors, tree diameters,
//! torching trees and air temperatures as in `crate::scenario::validate`.

mod dense;
mod fire;

pub use dense::{DenseArgs, ModelArg};

pub use fire::{CanopyArg, CrownArgs, LocationArg, SourceArg, SpeciesArg, SpotArgs, WindLimitArg};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::catalog::fuel_models::FuelModel;
use crate::catalog::substances::{lookup, mg_m3_to_ppm};
use crate::hazard::fire::{M_S_PER_MPH, Moisture, SurfaceInputs, WindSpeed, surface_fire};
use crate::hazard::plume::{
    MIN_WIND_M_S, StabilityClass, Terrain, briggs_sigmas, plume_concentration,
};
use crate::scenario::validate::{
    DEAD_MOISTURE_RANGE_PCT, LIVE_MOISTURE_RANGE_PCT, MAX_RELEASE_KG_S, MAX_WIND_M_S,
    RELEASE_HEIGHT_RANGE_M, WIND_ADJUSTMENT_RANGE,
};
use crate::source::short_number;

/// Which model to probe.
#[derive(Subcommand, Debug)]
pub enum Probe {
    /// Rothermel surface fire at a point (BehavePlus conventions).
    Fire(FireArgs),
    /// Crown fire at a point: torching, active crowning and the final spread (Van Wagner
    /// 1977, Rothermel 1991, Scott & Reinhardt 2001), every intermediate printed.
    Crown(CrownArgs),
    /// Maximum spotting distance from a burning pile, a surface fire or torching trees
    /// (Albini), and a firebrand's ignition probability (Schroeder 1969).
    Spot(SpotArgs),
    /// Steady Gaussian plume with Briggs dispersion.
    Plume(PlumeArgs),
    /// The analytic moving-wave depth of Bates et al. (2010) used to test the flood model.
    Flood(FloodArgs),
}

/// Inputs of `probe fire`.
#[derive(Args, Debug)]
pub struct FireArgs {
    /// Fuel model code: FM1…FM13, 1…13, GR1…SB4, 101…204.
    #[arg(long)]
    pub fuel: String,
    /// Midflame wind, mi/h.
    #[arg(long, conflicts_with_all = ["wind_m_s", "wind_20ft_mph", "wind_20ft_m_s"])]
    pub wind_mph: Option<f64>,
    /// Midflame wind, m/s.
    #[arg(long, conflicts_with_all = ["wind_20ft_mph", "wind_20ft_m_s"])]
    pub wind_m_s: Option<f64>,
    /// 20-ft wind, mi/h (reduced to midflame by --waf or the fuel bed's default).
    #[arg(long, conflicts_with = "wind_20ft_m_s")]
    pub wind_20ft_mph: Option<f64>,
    /// 20-ft wind, m/s.
    #[arg(long)]
    pub wind_20ft_m_s: Option<f64>,
    /// Wind adjustment factor for a 20-ft wind (0–1].
    #[arg(long)]
    pub waf: Option<f64>,
    /// Slope, percent.
    #[arg(long, default_value_t = 0.0)]
    pub slope_pct: f64,
    /// Direction the wind blows from, degrees clockwise from upslope's opposite
    /// (0 = wind blowing straight upslope, BehavePlus's "upslope" mode).
    #[arg(long, default_value_t = 0.0)]
    pub wind_dir_from_upslope_deg: f64,
    /// 1-h dead fuel moisture, %.
    #[arg(long, default_value_t = 6.0)]
    pub m1: f64,
    /// 10-h dead fuel moisture, %.
    #[arg(long, default_value_t = 7.0)]
    pub m10: f64,
    /// 100-h dead fuel moisture, %.
    #[arg(long, default_value_t = 8.0)]
    pub m100: f64,
    /// Live herbaceous moisture, %.
    #[arg(long, default_value_t = 60.0)]
    pub mherb: f64,
    /// Live woody moisture, %.
    #[arg(long, default_value_t = 90.0)]
    pub mwoody: f64,
    /// Upper limit on the effective wind (default none, as the behave engine).
    #[arg(long, value_enum, ignore_case = true, default_value = "none")]
    pub wind_limit: WindLimitArg,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Stability classes on the command line.
#[derive(ValueEnum, Clone, Copy, Debug)]
#[allow(missing_docs)] // the letters are the Pasquill classes
pub enum Class {
    A,
    B,
    C,
    D,
    E,
    F,
}

/// Dispersion terrain on the command line.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum TerrainArg {
    /// Open country.
    Open,
    /// Urban.
    Urban,
}

/// Farthest receptor `probe plume` answers for, m, downwind or across (100 km: the
/// Briggs (1973) curves are given to 10 km; beyond 100 km no exercise asks).
pub const MAX_RECEPTOR_M: f64 = 100_000.0;
/// Highest receptor `probe plume` answers for, m (10 km).
pub const MAX_RECEPTOR_HEIGHT_M: f64 = 10_000.0;
/// Concentration of the pure gas, ppm: the ceiling of every probe's answer.
pub const PURE_GAS_PPM: f64 = 1e6;

/// Inputs of `probe plume`.
#[derive(Args, Debug)]
pub struct PlumeArgs {
    /// Release rate, kg/s (or --mass-kg for an instantaneous release).
    #[arg(long, required_unless_present = "mass_kg")]
    pub rate_kg_s: Option<f64>,
    /// Wind speed, m/s.
    #[arg(long)]
    pub wind_m_s: f64,
    /// Pasquill stability class.
    #[arg(long, value_enum, ignore_case = true)]
    pub stability: Class,
    /// Open country or urban.
    #[arg(long, value_enum, ignore_case = true, default_value = "open")]
    pub terrain: TerrainArg,
    /// Downwind distance, m.
    #[arg(long)]
    pub x_m: f64,
    /// Crosswind distance, m.
    #[arg(long, default_value_t = 0.0)]
    pub y_m: f64,
    /// Receptor height, m.
    #[arg(long, default_value_t = 0.0)]
    pub z_m: f64,
    /// Release height, m.
    #[arg(long, default_value_t = 0.0)]
    pub source_height_m: f64,
    /// Substance, for ppm and threat levels (and its source cloud for the dense-gas
    /// criterion).
    #[arg(long)]
    pub substance: Option<String>,
    /// Dense-gas inputs.
    #[command(flatten)]
    pub dense: DenseArgs,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Inputs of `probe flood`.
#[derive(Args, Debug)]
pub struct FloodArgs {
    /// Manning's n.
    #[arg(long, default_value_t = 0.01)]
    pub n: f64,
    /// Wave speed, m/s.
    #[arg(long, default_value_t = 1.0)]
    pub u_m_s: f64,
    /// Time, s.
    #[arg(long, default_value_t = 3600.0)]
    pub t_s: f64,
    /// Distance from the inflow boundary, m.
    #[arg(long)]
    pub x_m: f64,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// The 60-minute AEGL tier a threat level stands for.
fn aegl_name(l: crate::catalog::substances::ThreatLevel) -> &'static str {
    use crate::catalog::substances::ThreatLevel as T;
    match l {
        T::Clear => "below AEGL-1",
        T::Level1 => "AEGL-1",
        T::Level2 => "AEGL-2",
        T::Level3 => "AEGL-3",
    }
}

pub(crate) fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("error: {what}"))
    }
}

/// Refuse the value `v` of the argument `arg` unless it lies in `range` (`unit`
/// after the numbers): the range a scenario accepts for the same quantity, taken
/// from [`crate::scenario::validate`], so a probe never answers for an input no
/// exercise can hold.
pub(crate) fn in_range(arg: &str, v: f64, (lo, hi): (f64, f64), unit: &str) -> Result<(), String> {
    // a bound converted to another unit (134.216… mi/h) to one decimal
    let bound = |x: f64| {
        let s = format!("{x}");
        if s.len() > 8 { format!("{x:.1}") } else { s }
    };
    check(
        v.is_finite() && v >= lo && v <= hi,
        &format!(
            "{arg} {} is outside {}–{}{unit}, the range a scenario accepts",
            short_number(v),
            bound(lo),
            bound(hi)
        ),
    )
}

/// A wind speed argument in m/s (`mph`: given in mi/h), refused outside 0 to
/// [`MAX_WIND_M_S`] m/s, the winds a scenario accepts.
pub(crate) fn wind_arg(arg: &str, v: f64, mph: bool) -> Result<f64, String> {
    if mph {
        in_range(arg, v, (0.0, MAX_WIND_M_S / M_S_PER_MPH), " mi/h")
            .map_err(|e| format!("{e} (0–{MAX_WIND_M_S} m/s)"))?;
        Ok(v * M_S_PER_MPH)
    } else {
        in_range(arg, v, (0.0, MAX_WIND_M_S), " m/s")?;
        Ok(v)
    }
}

/// The five fuel moisture arguments, in the ranges a scenario's fire accepts (dead
/// fuels [`DEAD_MOISTURE_RANGE_PCT`], live [`LIVE_MOISTURE_RANGE_PCT`]).
pub(crate) fn moistures_ok(dead: [(f64, &str); 3], live: [(f64, &str); 2]) -> Result<(), String> {
    for (v, n) in dead {
        in_range(n, v, DEAD_MOISTURE_RANGE_PCT, " %")?;
    }
    for (v, n) in live {
        in_range(n, v, LIVE_MOISTURE_RANGE_PCT, " %")?;
    }
    Ok(())
}

/// Run a probe; returns the text to print.
pub fn run(p: Probe) -> Result<String, String> {
    match p {
        Probe::Fire(a) => {
            let model = FuelModel::by_code(&a.fuel).ok_or_else(|| {
                format!(
                    "error: unknown fuel model `{}` (use FM1…FM13, GR1…SB4, or 1…13, 101…204)",
                    a.fuel
                )
            })?;
            for (v, n, mph) in [
                (a.wind_mph, "--wind-mph", true),
                (a.wind_m_s, "--wind-m-s", false),
                (a.wind_20ft_mph, "--wind-20ft-mph", true),
                (a.wind_20ft_m_s, "--wind-20ft-m-s", false),
            ] {
                if let Some(v) = v {
                    wind_arg(n, v, mph)?;
                }
            }
            if let Some(w) = a.waf {
                in_range("--waf", w, WIND_ADJUSTMENT_RANGE, "")?;
            }
            let wind = match (a.wind_mph, a.wind_m_s, a.wind_20ft_mph, a.wind_20ft_m_s) {
                (Some(v), ..) => WindSpeed::MidflameMph(v),
                (_, Some(v), ..) => WindSpeed::MidflameMS(v),
                (_, _, Some(v), _) => WindSpeed::TwentyFootMph {
                    speed: v,
                    waf: a.waf,
                },
                (_, _, _, Some(v)) => WindSpeed::TwentyFootMS {
                    speed: v,
                    waf: a.waf,
                },
                _ => WindSpeed::MidflameMph(0.0),
            };
            moistures_ok(
                [(a.m1, "--m1"), (a.m10, "--m10"), (a.m100, "--m100")],
                [(a.mherb, "--mherb"), (a.mwoody, "--mwoody")],
            )?;
            check(
                a.slope_pct.is_finite() && (0.0..=1000.0).contains(&a.slope_pct),
                "--slope-pct must be 0–1000",
            )?;
            let mut inputs = SurfaceInputs::upslope(
                Moisture::from_percent(a.m1, a.m10, a.m100, a.mherb, a.mwoody),
                wind,
                a.slope_pct / 100.0,
            );
            // aspect 180 (slope faces south, upslope is north): a wind from the south
            // (180°) blows upslope; rotate by the requested angle
            inputs.aspect_deg = 180.0;
            inputs.wind_from_deg = (180.0 + a.wind_dir_from_upslope_deg).rem_euclid(360.0);
            inputs.wind_limit = a.wind_limit.limit();
            let f = surface_fire(model, &inputs).map_err(|e| format!("error: {e}"))?;
            let v = json!({
                "fuel": model.code,
                "head_ros_m_min": f.head_ros_m_min,
                "head_ros_ch_h": f.head_ros_ch_h(),
                "backing_ros_m_min": f.backing_ros_m_min,
                "flanking_ros_m_min": f.flanking_ros_m_min,
                "length_to_width": f.length_to_width,
                "eccentricity": f.eccentricity,
                "effective_wind_m_s": f.effective_wind_m_s,
                "midflame_wind_m_s": f.midflame_wind_m_s,
                "reaction_intensity_kw_m2": f.reaction_intensity_kw_m2,
                "fireline_intensity_kw_m": f.fireline_intensity_kw_m,
                "flame_length_m": f.flame_length_m,
                "direction_from_upslope_deg": f.direction_from_upslope_deg,
                "wind_limit": f.wind_limit.name(),
                "wind_limit_m_s": f.wind_limit_m_s,
                "wind_limit_exceeded": f.wind_limit_exceeded,
            });
            if a.json {
                return Ok(v.to_string());
            }
            Ok(format!(
                "Surface fire, fuel model {} ({})\n  wind limit            {}{}\n  head rate of spread   {:>10.4} m/min  ({:.6} ch/h)\n  backing rate          {:>10.4} m/min\n  flanking rate         {:>10.4} m/min\n  length-to-width ratio {:>10.6}\n  effective wind        {:>10.3} m/s\n  reaction intensity    {:>10.1} kW/m²\n  fireline intensity    {:>10.1} kW/m\n  flame length          {:>10.2} m{}",
                model.code,
                model.name,
                f.wind_limit.describe(),
                f.wind_limit_m_s
                    .map(|l| format!(": {l:.2} m/s effective midflame wind"))
                    .unwrap_or_default(),
                f.head_ros_m_min,
                f.head_ros_ch_h(),
                f.backing_ros_m_min,
                f.flanking_ros_m_min,
                f.length_to_width,
                f.effective_wind_m_s,
                f.reaction_intensity_kw_m2,
                f.fireline_intensity_kw_m,
                f.flame_length_m,
                if f.wind_limit_exceeded {
                    "\n  (the wind limit capped the effective wind)"
                } else {
                    ""
                }
            ))
        }
        Probe::Crown(a) => fire::run_crown(a),
        Probe::Spot(a) => fire::run_spot(a),
        Probe::Plume(a) => {
            let rate = a.rate_kg_s.unwrap_or(0.0);
            in_range("--rate-kg-s", rate, (0.0, MAX_RELEASE_KG_S), " kg/s")?;
            wind_arg("--wind-m-s", a.wind_m_s, false)?;
            // refused, not raised silently: the model holds from MIN_WIND_M_S up
            check(
                a.wind_m_s >= crate::hazard::plume::MIN_WIND_M_S,
                "--wind-m-s must be at least 0.5 m/s, the lowest wind the plume model holds for (the concentration goes as 1/wind)",
            )?;
            check(
                a.x_m.is_finite() && a.x_m > 0.0 && a.x_m <= MAX_RECEPTOR_M,
                "--x-m (downwind distance) must be > 0 and at most 100000 m",
            )?;
            check(
                a.y_m.is_finite()
                    && a.y_m.abs() <= MAX_RECEPTOR_M
                    && a.z_m.is_finite()
                    && (0.0..=MAX_RECEPTOR_HEIGHT_M).contains(&a.z_m),
                "--y-m must be within ±100000 m and --z-m within 0–10000 m",
            )?;
            in_range(
                "--source-height-m",
                a.source_height_m,
                RELEASE_HEIGHT_RANGE_M,
                " m",
            )?;
            let class = match a.stability {
                Class::A => StabilityClass::A,
                Class::B => StabilityClass::B,
                Class::C => StabilityClass::C,
                Class::D => StabilityClass::D,
                Class::E => StabilityClass::E,
                Class::F => StabilityClass::F,
            };
            let terrain = match a.terrain {
                TerrainArg::Open => Terrain::Open,
                TerrainArg::Urban => Terrain::Urban,
            };
            let substance = match &a.substance {
                Some(name) => {
                    Some(lookup(name).ok_or_else(|| format!("error: unknown substance `{name}`"))?)
                }
                None => None,
            };
            let dense = dense::assess(
                &a.dense,
                substance,
                a.rate_kg_s,
                a.wind_m_s,
                class,
                terrain,
                a.x_m,
                a.y_m,
            )?;
            let gaussian = match a.dense.mass_kg {
                // a passive instantaneous release: the Gaussian puff's peak as it passes
                Some(m) => {
                    let (sy, sz) = briggs_sigmas(class, terrain, a.x_m);
                    2.0 * m / ((2.0 * std::f64::consts::PI).powf(1.5) * sy * sy * sz)
                        * (-a.y_m * a.y_m / (2.0 * sy * sy)).exp()
                }
                None => {
                    plume_concentration(
                        rate,
                        a.wind_m_s,
                        class,
                        terrain,
                        a.x_m,
                        a.y_m,
                        a.z_m,
                        a.source_height_m,
                    )
                    .concentration_kg_m3
                }
            };
            let conc = dense.concentration_kg_m3.unwrap_or(gaussian);
            let (sy, sz) = briggs_sigmas(class, terrain, a.x_m);
            let mg = conc * 1e6;
            let mut v = json!({
                "model": dense.regime.name(),
                "why": dense.why,
                "concentration_kg_m3": conc,
                "concentration_mg_m3": mg,
                "sigma_y_m": sy,
                "sigma_z_m": sz,
                "gaussian_concentration_kg_m3": gaussian,
            });
            if let (Some(obj), Some(extra)) = (v.as_object_mut(), dense.json.as_object()) {
                for (k, x) in extra {
                    obj.insert(k.clone(), x.clone());
                }
            }
            let mut extra = String::new();
            if let Some(s) = substance {
                // the models know no ceiling: close to the source they give more than
                // the pure gas, which is 10^6 ppm
                let model_ppm = mg_m3_to_ppm(mg, s.molar_mass_g_mol);
                let capped = model_ppm > PURE_GAS_PPM;
                let ppm = model_ppm.min(PURE_GAS_PPM);
                v["ppm"] = json!(ppm);
                if capped {
                    v["ppm_capped"] = json!(true);
                    v["model_ppm"] = json!(model_ppm);
                }
                v["substance"] = json!(s.id);
                v["threat_level"] = json!(aegl_name(s.threat_level(ppm)));
                v["above_idlh"] = json!(s.exceeds_idlh(ppm));
                extra = format!(
                    "\n  {} at 25 °C          {:.4} ppm ({}{}){}",
                    s.name,
                    ppm,
                    aegl_name(s.threat_level(ppm)),
                    if s.exceeds_idlh(ppm) {
                        ", above IDLH"
                    } else {
                        ""
                    },
                    if capped {
                        "\n  note: the pure gas; the model gives more this close to the source, where it does not hold"
                    } else {
                        ""
                    }
                );
            }
            let calm = if a.wind_m_s < MIN_WIND_M_S {
                format!(
                    "\n  note: {} m/s is below the models' validity limit; computed at {MIN_WIND_M_S} m/s",
                    a.wind_m_s
                )
            } else {
                String::new()
            };
            if a.json {
                return Ok(v.to_string());
            }
            Ok(format!(
                "Plume, class {:?}, {:?}, {} at u {} m/s, receptor x {} m, y {} m, z {} m (H {} m)\n  model                 {}\n  why                   {}\n  σy {:.3} m, σz {:.3} m (passive)\n  concentration         {:.6e} kg/m³  ({:.4} mg/m³){extra}{calm}",
                a.stability,
                a.terrain,
                match (a.rate_kg_s, a.dense.mass_kg) {
                    (_, Some(m)) => format!("{m} kg at once"),
                    (Some(q), _) => format!("Q {q} kg/s"),
                    _ => String::new(),
                },
                a.wind_m_s,
                a.x_m,
                a.y_m,
                a.z_m,
                a.source_height_m,
                dense.regime.name(),
                dense.why,
                sy,
                sz,
                conc,
                mg
            ))
        }
        Probe::Flood(a) => {
            check(
                [a.n, a.u_m_s, a.t_s, a.x_m].iter().all(|v| v.is_finite())
                    && a.n > 0.0
                    && a.u_m_s > 0.0
                    && a.t_s >= 0.0
                    && a.x_m >= 0.0,
                "--n, --u-m-s must be finite numbers > 0 and --t-s, --x-m finite and ≥ 0",
            )?;
            // h = [(7/3)(C − n²u²(x − ut))]^(3/7), C = 0
            let inner =
                (7.0 / 3.0) * (-(a.n * a.n) * a.u_m_s * a.u_m_s * (a.x_m - a.u_m_s * a.t_s));
            let h = if inner > 0.0 {
                inner.powf(3.0 / 7.0)
            } else {
                0.0
            };
            if a.json {
                return Ok(json!({"depth_m": h}).to_string());
            }
            Ok(format!(
                "Moving wave (Bates et al. 2010), n {}, u {} m/s, t {} s: depth at x = {} m is {:.4} m",
                a.n, a.u_m_s, a.t_s, a.x_m, h
            ))
        }
    }
}
