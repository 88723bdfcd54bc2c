//! Many seeds at once: the same scenario and inputs run over a range of seeds in
//! parallel across runs (rayon; each run is single-threaded and deterministic), with
//! a progress bar, summarised as the distribution of every objective's measure
//! (p50, p90, worst) and the share of runs meeting each objective.

use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::order::Input;
use crate::scenario::Scenario;
use crate::scoring::{Rating, score};
use crate::sim::Engine;

/// Distribution of one objective over the runs.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveStats {
    /// Objective id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Share of runs rated P.
    pub met_share: f64,
    /// Median measure.
    pub p50: Option<f64>,
    /// 90th percentile measure.
    pub p90: Option<f64>,
    /// Worst measure (largest; smallest for lead times and counts met).
    pub worst: Option<f64>,
    /// Runs rated P, S, M, U.
    pub ratings: [usize; 4],
}

/// Summary of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct BatchSummary {
    /// Runs.
    pub runs: usize,
    /// Wall-clock seconds.
    pub wall_s: f64,
    /// Per objective.
    pub objectives: Vec<ObjectiveStats>,
    /// Mean total points.
    pub mean_total: f64,
}

fn pct(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    Some(sorted[i])
}

/// Run the seeds `a..=b` (each through tick `last`, or to the end) and print a summary.
pub fn run_seeds(
    s: &Arc<Scenario>,
    inputs: &[Input],
    (a, b): (u64, u64),
    last: Option<u64>,
    json: bool,
) -> Result<BatchSummary, String> {
    let n = (b - a + 1) as usize;
    let bar = ProgressBar::new(n as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {elapsed} (eta {eta})")
            .map_err(|e| e.to_string())?,
    );
    let t0 = Instant::now();
    let cards: Result<Vec<_>, String> = (a..=b)
        .into_par_iter()
        .map(|seed| {
            let mut e = Engine::new(s.clone(), seed, inputs.to_vec())?;
            match last {
                Some(t) => e.run_through(t),
                None => e.run_to_end(),
            }
            bar.inc(1);
            Ok(score(s, e.events()))
        })
        .collect();
    bar.finish_and_clear();
    let cards = cards?;
    let wall_s = t0.elapsed().as_secs_f64();
    let mut objectives = Vec::new();
    for (i, o) in s.objectives.iter().enumerate() {
        let mut vals: Vec<f64> = cards
            .iter()
            .filter_map(|c| c.objectives[i].measured)
            .collect();
        vals.sort_by(f64::total_cmp);
        let mut ratings = [0usize; 4];
        for c in &cards {
            ratings[match c.objectives[i].rating {
                Rating::P => 0,
                Rating::S => 1,
                Rating::M => 2,
                Rating::U => 3,
            }] += 1;
        }
        // for lead times and counts met, smaller is worse
        let smaller_is_worse = matches!(
            o.target,
            crate::scenario::raw::RawTarget::WarningLead { .. }
                | crate::scenario::raw::RawTarget::EvacuatedBeforeArrival { .. }
                | crate::scenario::raw::RawTarget::FireKeptFrom { .. }
        );
        objectives.push(ObjectiveStats {
            id: o.id.clone(),
            title: o.title.clone(),
            met_share: ratings[0] as f64 / cards.len().max(1) as f64,
            p50: pct(&vals, 0.5),
            p90: if smaller_is_worse {
                pct(&vals, 0.1)
            } else {
                pct(&vals, 0.9)
            },
            worst: if smaller_is_worse {
                vals.first().copied()
            } else {
                vals.last().copied()
            },
            ratings,
        });
    }
    let mean_total = cards.iter().map(|c| c.total).sum::<f64>() / cards.len().max(1) as f64;
    let summary = BatchSummary {
        runs: cards.len(),
        wall_s,
        objectives,
        mean_total,
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&summary).map_err(|e| e.to_string())?
        );
    } else {
        println!(
            "{} — {} runs (seeds {a}..{b}) in {:.1} s ({:.1} runs/s)",
            s.meta.name,
            summary.runs,
            wall_s,
            summary.runs as f64 / wall_s.max(1e-9)
        );
        println!(
            "  {:<5} {:>7}  {:>10} {:>10} {:>10}   P/S/M/U",
            "obj", "met", "p50", "p90", "worst"
        );
        for o in &summary.objectives {
            let f = |v: Option<f64>| v.map(|x| format!("{x:.0}")).unwrap_or_else(|| "—".into());
            println!(
                "  {:<5} {:>6.1}%  {:>10} {:>10} {:>10}   {}/{}/{}/{}  {}",
                o.id,
                o.met_share * 100.0,
                f(o.p50),
                f(o.p90),
                f(o.worst),
                o.ratings[0],
                o.ratings[1],
                o.ratings[2],
                o.ratings[3],
                o.title
            );
        }
        println!("  mean total {:.1}", summary.mean_total);
    }
    Ok(summary)
}
