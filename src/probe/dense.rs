//! The dense-gas side of `drillsim probe plume`: which model a release gets and why
//! (the Britter & McQuaid 1988 criteria), and its concentration when it is dense
//! (workbook correlations for continuous and instantaneous releases, a passive plume or
//! puff from a virtual source beyond them).

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::check;
use crate::catalog::substances::{STORAGE_TEMPERATURE_K, Substance};
use crate::hazard::plume::{
    DenseContinuous, DenseInstantaneous, MIN_WIND_M_S, Regime, StabilityClass, Terrain,
    briggs_sigmas, continuous_at,
};

/// Which dispersion model `probe plume` uses.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ModelArg {
    /// Decide from the release (Britter & McQuaid's criteria).
    #[default]
    Auto,
    /// The passive Gaussian plume (or puff) whatever the release.
    Gaussian,
    /// The dense-gas correlations whatever the criterion says.
    Dense,
}

/// Dense-gas inputs of `probe plume`.
#[derive(Args, Debug, Default)]
pub struct DenseArgs {
    /// Model: auto (decide by the Britter–McQuaid criterion), gaussian or dense.
    #[arg(long, value_enum, ignore_case = true, default_value = "auto")]
    pub model: ModelArg,
    /// Instantaneous release of this mass, kg (instead of a rate).
    #[arg(long)]
    pub mass_kg: Option<f64>,
    /// Release duration, s: with --rate-kg-s, the workbook's test U·Td/x decides between
    /// the continuous (≥ 2.5) and instantaneous (≤ 0.6) correlations (between: both, the
    /// lower concentration kept).
    #[arg(long)]
    pub duration_s: Option<f64>,
    /// Density of the source cloud, kg/m³ (default: from --substance, a flashing
    /// liquefied gas or an evaporating liquid).
    #[arg(long)]
    pub source_density_kg_m3: Option<f64>,
    /// Temperature of the source cloud, K (default: from --substance).
    #[arg(long)]
    pub source_temp_k: Option<f64>,
    /// Ambient air temperature, K.
    #[arg(long, default_value_t = STORAGE_TEMPERATURE_K)]
    pub ambient_temp_k: f64,
}

/// What the dense-gas assessment found.
pub struct Assessment {
    /// Model used.
    pub regime: Regime,
    /// Why, in one line.
    pub why: String,
    /// Concentration at the receptor, kg/m³, when the dense model is used.
    pub concentration_kg_m3: Option<f64>,
    /// Fields for the JSON output.
    pub json: Value,
}

/// Decides the model for a release of `rate` kg/s (or `mass` kg) and, for a dense one,
/// computes the ground-level concentration at (x, y).
#[allow(clippy::too_many_arguments)]
pub fn assess(
    d: &DenseArgs,
    substance: Option<&Substance>,
    rate_kg_s: Option<f64>,
    wind_m_s: f64,
    class: StabilityClass,
    terrain: Terrain,
    x_m: f64,
    y_m: f64,
) -> Result<Assessment, String> {
    check(
        d.ambient_temp_k.is_finite() && d.ambient_temp_k > 150.0 && d.ambient_temp_k < 350.0,
        "--ambient-temp-k must be 150–350 K",
    )?;
    let src = substance.map(|s| s.release_source(STORAGE_TEMPERATURE_K, d.ambient_temp_k));
    let rho = d.source_density_kg_m3.or(src.map(|s| s.density_kg_m3));
    let temp = d
        .source_temp_k
        .or(src.map(|s| s.temperature_k))
        .unwrap_or(d.ambient_temp_k);
    check(
        rho.is_none_or(|r| r.is_finite() && r > 0.0) && temp.is_finite() && temp > 0.0,
        "--source-density-kg-m3 and --source-temp-k must be > 0",
    )?;
    check(
        d.mass_kg.is_none_or(|m| m.is_finite() && m > 0.0)
            && d.duration_s.is_none_or(|t| t.is_finite() && t > 0.0),
        "--mass-kg and --duration-s must be > 0",
    )?;
    let Some(rho) = rho else {
        check(
            d.model != ModelArg::Dense,
            "--model dense needs --substance or --source-density-kg-m3",
        )?;
        return Ok(Assessment {
            regime: Regime::Passive,
            why: "no source density (give --substance or --source-density-kg-m3): passive Gaussian dispersion".into(),
            concentration_kg_m3: None,
            json: json!({}),
        });
    };
    // continuous or instantaneous: a mass is instantaneous; a rate with a duration is
    // judged by U·Td/x
    let u = wind_m_s.max(MIN_WIND_M_S);
    let (cont_rate, inst_mass) = match (rate_kg_s, d.mass_kg, d.duration_s) {
        (_, Some(m), _) => (None, Some(m)),
        (Some(q), None, Some(td)) => match continuous_at(td, u, x_m) {
            Some(true) => (Some(q), None),
            Some(false) => (None, Some(q * td)),
            None => (Some(q), Some(q * td)),
        },
        (Some(q), None, None) => (Some(q), None),
        (None, None, _) => return Err("error: give --rate-kg-s or --mass-kg".into()),
    };
    let mut candidates: Vec<(Regime, String, f64, f64, Value)> = Vec::new();
    if let Some(q) = cont_rate {
        let p = DenseContinuous::new(q, rho, temp, d.ambient_temp_k, wind_m_s);
        let v = p.verdict();
        let x_end = p.far_field_start_m();
        let c = if x_m <= x_end {
            if y_m.abs() <= p.half_width_m(x_m) && x_m >= -p.upwind_m() {
                p.concentration_kg_m3(q, class, terrain, x_m)
            } else {
                0.0
            }
        } else {
            // passive far field from the virtual source: off-axis Gaussian
            let xv = p.virtual_distance_m(q, class, terrain) + (x_m - x_end);
            let (sy, _) = briggs_sigmas(class, terrain, xv);
            p.concentration_kg_m3(q, class, terrain, x_m) * (-y_m * y_m / (2.0 * sy * sy)).exp()
        };
        candidates.push((
            v.regime,
            v.why(),
            v.number,
            c,
            json!({
                "dense_number": v.number,
                "threshold": v.threshold,
                "q0_m3_s": p.q0_m3_s,
                "g0_m_s2": p.g0,
                "length_scale_d_m": p.d_m,
                "alpha": p.alpha,
                "buoyancy_length_m": p.lb_m,
                "half_width_m": p.half_width_m(x_m),
                "upwind_extent_m": p.upwind_m(),
                "correlation_end_m": x_end,
                "concentration_ratio": p.ratio_iso(x_m).map(|c| crate::hazard::plume::non_isothermal(c, p.t_ratio)),
            }),
        ));
    }
    if let Some(m) = inst_mass {
        let p = DenseInstantaneous::new(m, rho, temp, d.ambient_temp_k, wind_m_s);
        let v = p.verdict();
        let c = p.concentration_kg_m3(m, class, terrain, x_m);
        candidates.push((
            v.regime,
            v.why(),
            v.number,
            c,
            json!({
                "dense_number": v.number,
                "threshold": v.threshold,
                "v0_m3": p.v0_m3,
                "g0_m_s2": p.g0,
                "alpha": p.alpha,
                "correlation_end_m": p.far_field_start_m(),
                "concentration_ratio": p.ratio_iso(x_m).map(|c| crate::hazard::plume::non_isothermal(c, p.t_ratio)),
            }),
        ));
    }
    // between continuous and instantaneous: the lower concentration (the workbook)
    let Some(best) = candidates.into_iter().min_by(|a, b| a.3.total_cmp(&b.3)) else {
        return Err("error: nothing to assess".into());
    };
    let (regime, why, _number, c, extra) = best;
    let dense = match d.model {
        ModelArg::Auto => regime != Regime::Passive,
        ModelArg::Dense => true,
        ModelArg::Gaussian => false,
    };
    let (regime, why) = match (d.model, dense) {
        (ModelArg::Dense, _) if regime == Regime::Passive => (
            if inst_mass.is_some() && cont_rate.is_none() {
                Regime::DenseInstantaneous
            } else {
                Regime::DenseContinuous
            },
            format!("--model dense (the criterion alone would say: {why})"),
        ),
        (ModelArg::Gaussian, _) => (
            Regime::Passive,
            format!("--model gaussian (the criterion: {why})"),
        ),
        _ => (if dense { regime } else { Regime::Passive }, why),
    };
    Ok(Assessment {
        regime,
        why,
        concentration_kg_m3: dense.then_some(c),
        json: extra,
    })
}
