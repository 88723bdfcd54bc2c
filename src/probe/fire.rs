//! `drillsim probe crown` and `drillsim probe spot`: the crown fire and spotting models
//! as calculators (BehavePlus CROWN and SPOT modules), and the wind-limit choice shared
//! with `probe fire`. Every intermediate is printed, so a fire analyst can compare it
//! line by line with BehavePlus.

use clap::{Args, ValueEnum};
use serde_json::json;

use super::{check, in_range, moistures_ok, wind_arg};
use crate::catalog::fuel_models::FuelModel;
use crate::hazard::fire::{
    Canopy, CrownFire, CrownInputs, DownwindCanopy, M_PER_FT, M_S_PER_MPH, Moisture, SpotInputs,
    SpotLocation, SpotSource, SpotTerrain, TreeSpecies, WindLimit, crown_fire,
    firebrand_ignition_probability, kg_m3_from_lb_ft3, spotting,
};
use crate::scenario::validate::{
    AIR_TEMPERATURE_RANGE_C, DEAD_MOISTURE_RANGE_PCT, FOLIAR_MOISTURE_RANGE_PCT,
    MAX_CANOPY_BULK_DENSITY_KG_M3, MAX_CANOPY_HEIGHT_M, TORCHING_TREES_RANGE, TREE_DBH_RANGE_CM,
    WIND_ADJUSTMENT_RANGE,
};

/// Metres per statute mile.
const M_PER_MILE: f64 = 1609.344;

/// Wind limit on the command line.
#[derive(ValueEnum, Clone, Copy, Debug, Default)]
pub enum WindLimitArg {
    /// No limit (behave engine default; Andrews, Cruz & Rothermel 2013).
    #[default]
    None,
    /// Rothermel (1972): 0.9 × reaction intensity.
    Rothermel1972,
    /// Andrews, Cruz & Rothermel (2013): 96.8 × I_R^(1/3).
    Andrews2013,
}

impl WindLimitArg {
    /// The model's wind limit.
    pub fn limit(self) -> WindLimit {
        match self {
            WindLimitArg::None => WindLimit::None,
            WindLimitArg::Rothermel1972 => WindLimit::Rothermel1972,
            WindLimitArg::Andrews2013 => WindLimit::Andrews2013,
        }
    }
}

/// Inputs of `probe crown`.
#[derive(Args, Debug)]
pub struct CrownArgs {
    /// Surface fuel model code: FM1…FM13, GR1…SB4, or 1…13, 101…204.
    #[arg(long)]
    pub fuel: String,
    /// 20-ft wind, mi/h.
    #[arg(
        long,
        conflicts_with = "wind_20ft_m_s",
        required_unless_present = "wind_20ft_m_s"
    )]
    pub wind_20ft_mph: Option<f64>,
    /// 20-ft wind, m/s.
    #[arg(long)]
    pub wind_20ft_m_s: Option<f64>,
    /// Wind adjustment factor of the surface fire (default: from canopy cover and crown
    /// ratio, as BehavePlus).
    #[arg(long)]
    pub waf: Option<f64>,
    /// Canopy cover, percent.
    #[arg(long)]
    pub canopy_cover_pct: f64,
    /// Canopy height, ft.
    #[arg(
        long,
        conflicts_with = "canopy_height_m",
        required_unless_present = "canopy_height_m"
    )]
    pub canopy_height_ft: Option<f64>,
    /// Canopy height, m.
    #[arg(long)]
    pub canopy_height_m: Option<f64>,
    /// Canopy base height, ft.
    #[arg(
        long,
        conflicts_with = "canopy_base_height_m",
        required_unless_present = "canopy_base_height_m"
    )]
    pub canopy_base_height_ft: Option<f64>,
    /// Canopy base height, m.
    #[arg(long)]
    pub canopy_base_height_m: Option<f64>,
    /// Canopy bulk density, kg/m³.
    #[arg(
        long,
        conflicts_with = "canopy_bulk_density_lb_ft3",
        required_unless_present = "canopy_bulk_density_lb_ft3"
    )]
    pub canopy_bulk_density_kg_m3: Option<f64>,
    /// Canopy bulk density, lb/ft³.
    #[arg(long)]
    pub canopy_bulk_density_lb_ft3: Option<f64>,
    /// Foliar moisture, %.
    #[arg(long, default_value_t = 100.0)]
    pub foliar_moisture_pct: f64,
    /// Slope, percent.
    #[arg(long, default_value_t = 0.0)]
    pub slope_pct: f64,
    /// Wind direction relative to upslope, degrees (0 = blowing straight upslope).
    #[arg(long, default_value_t = 0.0)]
    pub wind_dir_from_upslope_deg: f64,
    /// Wind limit of the surface and crown fuel runs.
    #[arg(long, value_enum, ignore_case = true, default_value = "none")]
    pub wind_limit: WindLimitArg,
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
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// A canopy or tree height given as `--{name}-ft` or `--{name}-m`, in 0 to
/// [`MAX_CANOPY_HEIGHT_M`] m as a scenario's canopy height layer.
fn height_ok(ft: Option<f64>, m: Option<f64>, name: &str) -> Result<(), String> {
    if let Some(v) = m {
        in_range(&format!("--{name}-m"), v, (0.0, MAX_CANOPY_HEIGHT_M), " m")?;
    }
    if let Some(v) = ft {
        in_range(
            &format!("--{name}-ft"),
            v,
            (0.0, MAX_CANOPY_HEIGHT_M / M_PER_FT),
            " ft",
        )
        .map_err(|e| format!("{e} (0–{MAX_CANOPY_HEIGHT_M} m)"))?;
    }
    Ok(())
}

/// Runs `probe crown`.
pub fn run_crown(a: CrownArgs) -> Result<String, String> {
    let model = FuelModel::by_code(&a.fuel).ok_or_else(|| {
        format!(
            "error: unknown fuel model `{}` (use FM1…FM13, GR1…SB4, or 1…13, 101…204)",
            a.fuel
        )
    })?;
    moistures_ok(
        [(a.m1, "--m1"), (a.m10, "--m10"), (a.m100, "--m100")],
        [(a.mherb, "--mherb"), (a.mwoody, "--mwoody")],
    )?;
    let wind = match (a.wind_20ft_mph, a.wind_20ft_m_s) {
        (Some(v), _) => wind_arg("--wind-20ft-mph", v, true)?,
        (_, Some(v)) => wind_arg("--wind-20ft-m-s", v, false)?,
        _ => 0.0,
    };
    let ch = a
        .canopy_height_m
        .or(a.canopy_height_ft.map(|f| f * M_PER_FT))
        .unwrap_or(0.0);
    let cbh = a
        .canopy_base_height_m
        .or(a.canopy_base_height_ft.map(|f| f * M_PER_FT))
        .unwrap_or(0.0);
    let cbd = a
        .canopy_bulk_density_kg_m3
        .or(a.canopy_bulk_density_lb_ft3.map(kg_m3_from_lb_ft3))
        .unwrap_or(0.0);
    in_range("--canopy-cover-pct", a.canopy_cover_pct, (0.0, 100.0), " %")?;
    // each in the unit it was given, the scenario's canopy layers' ranges
    for (ft, m, name) in [
        (a.canopy_height_ft, a.canopy_height_m, "canopy-height"),
        (
            a.canopy_base_height_ft,
            a.canopy_base_height_m,
            "canopy-base-height",
        ),
    ] {
        height_ok(ft, m, name)?;
    }
    in_range(
        if a.canopy_bulk_density_kg_m3.is_some() {
            "--canopy-bulk-density-kg-m3"
        } else {
            "--canopy-bulk-density-lb-ft3 (in kg/m³)"
        },
        cbd,
        (0.0, MAX_CANOPY_BULK_DENSITY_KG_M3),
        " kg/m³",
    )?;
    in_range(
        "--foliar-moisture-pct",
        a.foliar_moisture_pct,
        FOLIAR_MOISTURE_RANGE_PCT,
        " %",
    )?;
    if let Some(w) = a.waf {
        in_range("--waf", w, WIND_ADJUSTMENT_RANGE, "")?;
    }
    check(
        a.slope_pct.is_finite() && (0.0..=1000.0).contains(&a.slope_pct),
        "--slope-pct must be 0–1000",
    )?;
    check(
        a.wind_dir_from_upslope_deg.is_finite(),
        "--wind-dir-from-upslope-deg must be a number",
    )?;
    let inputs = CrownInputs {
        moisture: Moisture::from_percent(a.m1, a.m10, a.m100, a.mherb, a.mwoody),
        wind_20ft_m_s: wind,
        waf: a.waf,
        // aspect 180 (upslope is north): a wind from the south blows upslope
        wind_from_deg: (180.0 + a.wind_dir_from_upslope_deg).rem_euclid(360.0),
        slope: a.slope_pct / 100.0,
        aspect_deg: 180.0,
        wind_limit: a.wind_limit.limit(),
        canopy: Canopy {
            cover: a.canopy_cover_pct / 100.0,
            height_m: ch,
            base_height_m: cbh,
            bulk_density_kg_m3: cbd,
            foliar_moisture: a.foliar_moisture_pct / 100.0,
        },
    };
    let c = crown_fire(model, &inputs).map_err(|e| format!("error: {e}"))?;
    let ch_h = CrownFire::ch_h;
    let v = json!({
        "fuel": model.code,
        "wind_limit": inputs.wind_limit.name(),
        "waf": c.waf,
        "crown_ratio": c.crown_ratio,
        "wind_20ft_m_s": c.wind_20ft_m_s,
        "surface_ros_m_min": c.surface.head_ros_m_min,
        "surface_ros_ch_h": c.surface.head_ros_ch_h(),
        "surface_fireline_intensity_kw_m": c.surface.fireline_intensity_kw_m,
        "surface_flame_length_m": c.surface.flame_length_m,
        "surface_heat_per_unit_area_kj_m2": c.surface.heat_per_unit_area_kj_m2,
        "critical_surface_intensity_kw_m": c.critical_surface_intensity_kw_m,
        "critical_surface_flame_length_m": c.critical_surface_flame_length_m,
        "transition_ratio": c.transition_ratio,
        "crown_ros_m_min": c.crown_ros_m_min,
        "crown_ros_ch_h": ch_h(c.crown_ros_m_min),
        "critical_crown_ros_m_min": c.critical_crown_ros_m_min,
        "active_ratio": c.active_ratio,
        "fire_type": c.fire_type.name(),
        "canopy_fuel_load_kg_m2": c.canopy_fuel_load_kg_m2,
        "canopy_heat_per_unit_area_kj_m2": c.canopy_heat_per_unit_area_kj_m2,
        "crown_heat_per_unit_area_kj_m2": c.crown_heat_per_unit_area_kj_m2,
        "crown_fireline_intensity_kw_m": c.crown_fireline_intensity_kw_m,
        "crown_flame_length_m": c.crown_flame_length_m,
        "crown_length_to_width": c.crown_length_to_width,
        "crowning_index_m_s": c.crowning_index_m_s,
        "crowning_index_mph": c.crowning_index_m_s / M_S_PER_MPH,
        "critical_surface_ros_m_min": c.critical_surface_ros_m_min,
        "crowning_surface_ros_m_min": c.crowning_surface_ros_m_min,
        "crown_fraction_burned": c.crown_fraction_burned,
        "passive_ros_m_min": c.passive_ros_m_min,
        "passive_fireline_intensity_kw_m": c.passive_fireline_intensity_kw_m,
        "passive_flame_length_m": c.passive_flame_length_m,
        "final_ros_m_min": c.final_ros_m_min,
        "final_ros_ch_h": ch_h(c.final_ros_m_min),
        "final_heat_per_unit_area_kj_m2": c.final_heat_per_unit_area_kj_m2,
        "final_fireline_intensity_kw_m": c.final_fireline_intensity_kw_m,
        "final_flame_length_m": c.final_flame_length_m,
    });
    if a.json {
        return Ok(v.to_string());
    }
    Ok(format!(
        "Crown fire, surface fuel {} ({}), canopy cover {:.0} %, height {:.2} m, base {:.2} m, \
         bulk density {:.3} kg/m³, foliar moisture {:.0} %, 20-ft wind {:.2} m/s ({:.2} mi/h)\n\
         \x20 wind limit            {}\n\
         \x20 surface fire (WAF {:.6})\n\
         \x20   rate of spread      {:>10.4} m/min  ({:.6} ch/h)\n\
         \x20   fireline intensity  {:>10.1} kW/m, flame length {:.2} m\n\
         \x20 initiation (Van Wagner 1977)\n\
         \x20   critical surface intensity {:>10.3} kW/m (flame length {:.2} m)\n\
         \x20   transition ratio    {:>10.6}\n\
         \x20 active crown fire (Rothermel 1991)\n\
         \x20   crown rate of spread {:>9.4} m/min  ({:.6} ch/h)\n\
         \x20   critical crown rate {:>10.4} m/min (3/CBD)\n\
         \x20   active ratio        {:>10.6}\n\
         \x20   intensity           {:>10.1} kW/m, flame length {:.2} m (Thomas), length-to-width {:.4}\n\
         \x20 fire type             {}\n\
         \x20 Scott & Reinhardt (2001)\n\
         \x20   R'initiation        {:>10.4} m/min\n\
         \x20   crowning index      {:>10.3} m/s 20-ft wind ({:.2} mi/h)\n\
         \x20   R'sa                {:>10.4} m/min\n\
         \x20   crown fraction burned {:>8.6}\n\
         \x20   final rate of spread {:>9.4} m/min  ({:.6} ch/h)\n\
         \x20   final intensity     {:>10.1} kW/m, flame length {:.2} m",
        model.code,
        model.name,
        a.canopy_cover_pct,
        ch,
        cbh,
        cbd,
        a.foliar_moisture_pct,
        wind,
        wind / M_S_PER_MPH,
        inputs.wind_limit.describe(),
        c.waf,
        c.surface.head_ros_m_min,
        c.surface.head_ros_ch_h(),
        c.surface.fireline_intensity_kw_m,
        c.surface.flame_length_m,
        c.critical_surface_intensity_kw_m,
        c.critical_surface_flame_length_m,
        c.transition_ratio,
        c.crown_ros_m_min,
        ch_h(c.crown_ros_m_min),
        c.critical_crown_ros_m_min,
        c.active_ratio,
        c.crown_fireline_intensity_kw_m,
        c.crown_flame_length_m,
        c.crown_length_to_width,
        c.fire_type.name(),
        c.critical_surface_ros_m_min,
        c.crowning_index_m_s,
        c.crowning_index_m_s / M_S_PER_MPH,
        c.crowning_surface_ros_m_min,
        c.crown_fraction_burned,
        c.final_ros_m_min,
        ch_h(c.final_ros_m_min),
        c.final_fireline_intensity_kw_m,
        c.final_flame_length_m,
    ))
}

/// Firebrand source on the command line.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SourceArg {
    /// A burning pile (Albini 1981).
    Pile,
    /// A wind-driven surface fire (Albini 1983).
    Surface,
    /// Torching trees (Albini 1979).
    Torching,
}

/// Downwind canopy on the command line.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum CanopyArg {
    /// Closed canopy.
    Closed,
    /// Open canopy (half the cover height counts).
    Open,
}

/// Source location in ridge-and-valley terrain on the command line.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum LocationArg {
    /// Midslope, windward side.
    MidslopeWindward,
    /// Valley bottom.
    ValleyBottom,
    /// Midslope, leeward side.
    MidslopeLeeward,
    /// Ridge top.
    RidgeTop,
}

/// Tree species on the command line (Albini 1979).
#[derive(ValueEnum, Clone, Copy, Debug)]
#[allow(missing_docs)] // the species' common names
pub enum SpeciesArg {
    EngelmannSpruce,
    DouglasFir,
    SubalpineFir,
    WesternHemlock,
    PonderosaPine,
    LodgepolePine,
    WesternWhitePine,
    GrandFir,
    BalsamFir,
    SlashPine,
    LongleafPine,
    PondPine,
    ShortleafPine,
    LoblollyPine,
}

/// Inputs of `probe spot`.
#[derive(Args, Debug)]
pub struct SpotArgs {
    /// What lofts the firebrands.
    #[arg(long, value_enum, ignore_case = true)]
    pub source: SourceArg,
    /// Burning pile flame height, ft.
    #[arg(long, conflicts_with = "flame_height_m")]
    pub flame_height_ft: Option<f64>,
    /// Burning pile flame height, m.
    #[arg(long)]
    pub flame_height_m: Option<f64>,
    /// Surface fire flame length, ft.
    #[arg(long, conflicts_with = "flame_length_m")]
    pub flame_length_ft: Option<f64>,
    /// Surface fire flame length, m.
    #[arg(long)]
    pub flame_length_m: Option<f64>,
    /// Torching tree species.
    #[arg(long, value_enum, ignore_case = true, default_value = "douglas-fir")]
    pub species: SpeciesArg,
    /// Torching tree diameter at breast height, in.
    #[arg(long, conflicts_with = "dbh_cm")]
    pub dbh_in: Option<f64>,
    /// Torching tree diameter at breast height, cm.
    #[arg(long)]
    pub dbh_cm: Option<f64>,
    /// Torching tree height, ft.
    #[arg(long, conflicts_with = "tree_height_m")]
    pub tree_height_ft: Option<f64>,
    /// Torching tree height, m.
    #[arg(long)]
    pub tree_height_m: Option<f64>,
    /// Number of trees torching together.
    #[arg(long, default_value_t = 1)]
    pub trees: u32,
    /// 20-ft wind, mi/h.
    #[arg(
        long,
        conflicts_with = "wind_20ft_m_s",
        required_unless_present = "wind_20ft_m_s"
    )]
    pub wind_20ft_mph: Option<f64>,
    /// 20-ft wind, m/s.
    #[arg(long)]
    pub wind_20ft_m_s: Option<f64>,
    /// Downwind cover height, ft.
    #[arg(long, conflicts_with = "cover_height_m")]
    pub cover_height_ft: Option<f64>,
    /// Downwind cover height, m.
    #[arg(long)]
    pub cover_height_m: Option<f64>,
    /// Downwind canopy.
    #[arg(long, value_enum, ignore_case = true, default_value = "closed")]
    pub canopy: CanopyArg,
    /// Source location in ridge-and-valley terrain (omit for flat terrain).
    #[arg(long, value_enum, ignore_case = true)]
    pub location: Option<LocationArg>,
    /// Ridge-to-valley horizontal distance, mi.
    #[arg(long, conflicts_with = "ridge_to_valley_distance_m")]
    pub ridge_to_valley_distance_mi: Option<f64>,
    /// Ridge-to-valley horizontal distance, m.
    #[arg(long)]
    pub ridge_to_valley_distance_m: Option<f64>,
    /// Ridge-to-valley elevation difference, ft.
    #[arg(long, conflicts_with = "ridge_to_valley_elevation_m")]
    pub ridge_to_valley_elevation_ft: Option<f64>,
    /// Ridge-to-valley elevation difference, m.
    #[arg(long)]
    pub ridge_to_valley_elevation_m: Option<f64>,
    /// 1-h fuel moisture where the firebrand lands, % (prints the ignition probability).
    #[arg(long)]
    pub m1: Option<f64>,
    /// Air temperature for the ignition probability, °C.
    #[arg(long, default_value_t = 25.0)]
    pub air_temp_c: f64,
    /// Fuel shading from the sun for the ignition probability, %.
    #[arg(long, default_value_t = 0.0)]
    pub shade_pct: f64,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// Runs `probe spot`.
pub fn run_spot(a: SpotArgs) -> Result<String, String> {
    let m = |ft: Option<f64>, m: Option<f64>| m.or(ft.map(|f| f * M_PER_FT));
    if let Some(d) = a.dbh_cm {
        in_range("--dbh-cm", d, TREE_DBH_RANGE_CM, " cm")?;
    }
    if let Some(d) = a.dbh_in {
        let (lo, hi) = TREE_DBH_RANGE_CM;
        in_range("--dbh-in", d, (lo / 2.54, hi / 2.54), " in")
            .map_err(|e| format!("{e} ({lo}–{hi} cm)"))?;
    }
    let (lo, hi) = TORCHING_TREES_RANGE;
    check(
        (lo..=hi).contains(&a.trees),
        &format!(
            "--trees {} is outside {lo}–{hi}, the range a scenario accepts",
            a.trees
        ),
    )?;
    in_range("--air-temp-c", a.air_temp_c, AIR_TEMPERATURE_RANGE_C, " °C")?;
    // heights of trees and of the cover downwind: a scenario's canopy heights
    for (ft, m, name) in [
        (a.tree_height_ft, a.tree_height_m, "tree-height"),
        (a.cover_height_ft, a.cover_height_m, "cover-height"),
    ] {
        height_ok(ft, m, name)?;
    }
    let source = match a.source {
        SourceArg::Pile => SpotSource::BurningPile {
            flame_height_m: m(a.flame_height_ft, a.flame_height_m)
                .ok_or("error: a burning pile needs --flame-height-ft or --flame-height-m")?,
        },
        SourceArg::Surface => SpotSource::SurfaceFire {
            flame_length_m: m(a.flame_length_ft, a.flame_length_m)
                .ok_or("error: a surface fire needs --flame-length-ft or --flame-length-m")?,
        },
        SourceArg::Torching => SpotSource::TorchingTrees {
            species: TreeSpecies::ALL[a.species as usize],
            dbh_cm: a
                .dbh_cm
                .or(a.dbh_in.map(|i| i * 2.54))
                .ok_or("error: torching trees need --dbh-in or --dbh-cm")?,
            tree_height_m: m(a.tree_height_ft, a.tree_height_m)
                .ok_or("error: torching trees need --tree-height-ft or --tree-height-m")?,
            trees: a.trees,
        },
    };
    let wind = match (a.wind_20ft_mph, a.wind_20ft_m_s) {
        (Some(v), _) => wind_arg("--wind-20ft-mph", v, true)?,
        (_, Some(v)) => wind_arg("--wind-20ft-m-s", v, false)?,
        _ => 0.0,
    };
    let terrain = match a.location {
        None => None,
        Some(loc) => Some(SpotTerrain {
            location: match loc {
                LocationArg::MidslopeWindward => SpotLocation::MidslopeWindward,
                LocationArg::ValleyBottom => SpotLocation::ValleyBottom,
                LocationArg::MidslopeLeeward => SpotLocation::MidslopeLeeward,
                LocationArg::RidgeTop => SpotLocation::RidgeTop,
            },
            ridge_to_valley_distance_m: a
                .ridge_to_valley_distance_m
                .or(a.ridge_to_valley_distance_mi.map(|x| x * M_PER_MILE))
                .ok_or("error: --location needs a ridge-to-valley distance")?,
            ridge_to_valley_elevation_m: m(
                a.ridge_to_valley_elevation_ft,
                a.ridge_to_valley_elevation_m,
            )
            .ok_or("error: --location needs a ridge-to-valley elevation")?,
        }),
    };
    let inputs = SpotInputs {
        source,
        wind_20ft_m_s: wind,
        downwind_cover_height_m: m(a.cover_height_ft, a.cover_height_m).unwrap_or(0.0),
        downwind_canopy: match a.canopy {
            CanopyArg::Closed => DownwindCanopy::Closed,
            CanopyArg::Open => DownwindCanopy::Open,
        },
        terrain,
    };
    let s = spotting(&inputs).map_err(|e| format!("error: {e}"))?;
    let p_ig = match a.m1 {
        Some(m1) => {
            in_range("--m1", m1, DEAD_MOISTURE_RANGE_PCT, " %")?;
            check(
                a.shade_pct.is_finite() && (0.0..=100.0).contains(&a.shade_pct),
                "--shade-pct must be 0–100",
            )?;
            Some(firebrand_ignition_probability(
                m1 / 100.0,
                a.air_temp_c,
                a.shade_pct / 100.0,
            ))
        }
        None => None,
    };
    let mut v = json!({
        "source": format!("{:?}", a.source).to_lowercase(),
        "firebrand_height_m": s.firebrand_height_m,
        "firebrand_height_ft": s.firebrand_height_m / M_PER_FT,
        "cover_height_used_m": s.cover_height_used_m,
        "flame_height_m": s.flame_height_m,
        "flame_duration": s.flame_duration,
        "flame_ratio": s.flame_ratio,
        "drift_m": s.drift_m,
        "flat_distance_m": s.flat_distance_m,
        "distance_m": s.distance_m,
        "distance_mi": s.distance_m / M_PER_MILE,
        "flat_distance_mi": s.flat_distance_m / M_PER_MILE,
    });
    if let Some(p) = p_ig {
        v["ignition_probability"] = json!(p);
    }
    if a.json {
        return Ok(v.to_string());
    }
    let mut out = format!(
        "Spotting (Albini), source {:?}, 20-ft wind {:.2} m/s ({:.2} mi/h)\n\
         \x20 firebrand height      {:>10.2} m ({:.1} ft)\n\
         \x20 cover height used     {:>10.2} m\n",
        a.source,
        wind,
        wind / M_S_PER_MPH,
        s.firebrand_height_m,
        s.firebrand_height_m / M_PER_FT,
        s.cover_height_used_m
    );
    if matches!(a.source, SourceArg::Torching) {
        out += &format!(
            "  steady flame height   {:>10.2} m, duration {:.3}, flame ratio {:.3}\n",
            s.flame_height_m, s.flame_duration, s.flame_ratio
        );
    }
    out += &format!(
        "  spotting distance, flat {:>8.3} m ({:.6} mi)\n  spotting distance     {:>10.3} m ({:.6} mi){}",
        s.flat_distance_m,
        s.flat_distance_m / M_PER_MILE,
        s.distance_m,
        s.distance_m / M_PER_MILE,
        if inputs.terrain.is_some() {
            " over the ridge-and-valley terrain"
        } else {
            " (flat)"
        }
    );
    if let Some(p) = p_ig {
        out += &format!("\n  ignition probability  {:>10.4} (Schroeder 1969)", p);
    }
    Ok(out)
}
