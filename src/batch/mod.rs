//! Many seeds at once: the same scenario and inputs run over a range of seeds in
//! parallel across runs (one thread per core; each run is deterministic), with a
//! progress bar and the time left, summarised as the distribution of every objective's
//! measure (p50, p90, worst) and the share of runs meeting each objective. The runs go
//! in lockstep and share their flood while the inputs that change the water are the
//! same ([`lockstep`]); every run's results are those of the run alone.
//!
//! A batch too large for one machine is cut into shards ([`shard`]): each shard runs a
//! fixed share of the seeds and writes its run records to a file; merging the files
//! gives the summary of the whole range, bit for bit the one a single run prints.
//!
//! Invariant: the summary depends only on the run records in seed order.

pub mod lockstep;
pub mod shard;

use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

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
    /// Share of the runs that decided it rated P (`None`: no run decided it, every
    /// run stopped with `--until` before).
    pub met_share: Option<f64>,
    /// Median measure.
    pub p50: Option<f64>,
    /// 90th percentile measure.
    pub p90: Option<f64>,
    /// Worst measure (largest; smallest for lead times and counts met).
    pub worst: Option<f64>,
    /// Runs rated P, S, M, U.
    pub ratings: [usize; 4],
    /// Runs that stopped (`--until`) before deciding it: in no rating.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_decided: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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

/// One run's result as the summary needs it: the seed, the total points and, per
/// objective, the measure and the rating. Floats are kept as their IEEE-754 bits so a
/// shard file read back gives exactly the numbers of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Seed.
    pub seed: u64,
    /// Total points, `f64::to_bits`.
    pub total_bits: u64,
    /// Per objective: measure (`f64::to_bits`, `None` when not measured) and rating
    /// (0 P, 1 S, 2 M, 3 U; [`NOT_DECIDED`] when the run stopped before deciding it).
    pub objectives: Vec<(Option<u64>, u8)>,
}

/// What the summary needs to know of an objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveMeta {
    /// Objective id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Whether a smaller measure is worse (lead times, counts met).
    pub smaller_is_worse: bool,
}

/// The objectives of a scenario as the summary needs them.
pub fn objective_meta(s: &Scenario) -> Vec<ObjectiveMeta> {
    s.objectives
        .iter()
        .map(|o| ObjectiveMeta {
            id: o.id.clone(),
            title: o.title.clone(),
            // for lead times and counts met, smaller is worse
            smaller_is_worse: matches!(
                o.target,
                crate::scenario::raw::RawTarget::WarningLead { .. }
                    | crate::scenario::raw::RawTarget::EvacuatedBeforeArrival { .. }
                    | crate::scenario::raw::RawTarget::ProtectedBeforeArrival { .. }
                    | crate::scenario::raw::RawTarget::FireKeptFrom { .. }
            ),
        })
        .collect()
}

/// The rating index of an objective a run stopped (`--until`) before deciding
/// ([`crate::scoring::live::mark_undecided`]).
pub const NOT_DECIDED: u8 = 4;

fn rating_index(r: Rating) -> u8 {
    match r {
        Rating::P => 0,
        Rating::S => 1,
        Rating::M => 2,
        Rating::U => 3,
    }
}

/// Runs `seeds` (each through tick `last`, or to the end) in parallel across runs with
/// a progress bar that shows the time left, and returns their records in the order of
/// `seeds`.
///
/// The runs go in lockstep windows of [`lockstep::WINDOW`] runs that share their flood
/// ([`crate::sim::flood_share`]): it is computed once per distinct history of the
/// inputs that change the water, and every record is the record of the run alone.
pub fn run_records(
    s: &Arc<Scenario>,
    inputs: &[Input],
    seeds: &[u64],
    last: Option<u64>,
) -> Result<Vec<RunRecord>, String> {
    let bar = ProgressBar::new(seeds.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} runs  {elapsed} elapsed, {eta} left ({per_sec})",
        )
        .map_err(|e| e.to_string())?,
    );
    // ticks a run steps: 0 through its last tick
    let per_run = last.unwrap_or(u64::MAX).min(s.meta.ticks()) + 1;
    let threads = rayon::current_num_threads();
    let mut records = Vec::with_capacity(seeds.len());
    for (w, window) in seeds.chunks(lockstep::WINDOW).enumerate() {
        let base = (w * lockstep::WINDOW) as u64;
        let (mut r, st) = lockstep::run_shared(
            s,
            inputs,
            window,
            last,
            threads,
            |e, seed| run_record(s, e, seed),
            |ticks| bar.set_position(base + ticks / per_run),
        )?;
        if std::env::var_os("DRILLSIM_BATCH_STATS").is_some() {
            // how much the runs shared (docs/batch.md): on stderr, not in the table
            crate::errln!(
                "flood steps: {} computed for {} asked ({} runs, seeds {}..={})",
                st.flood_steps_computed,
                st.flood_steps_asked,
                window.len(),
                window[0],
                window[window.len() - 1]
            );
        }
        records.append(&mut r);
    }
    bar.finish_and_clear();
    Ok(records)
}

/// The record of a finished run.
pub fn run_record(s: &Scenario, e: &Engine, seed: u64) -> RunRecord {
    let mut card = score(s, e.events());
    // a run stopped with --until: what it has not decided is in no rating
    crate::scoring::live::mark_undecided(&mut card, s, e);
    RunRecord {
        seed,
        total_bits: card.total.to_bits(),
        objectives: card
            .objectives
            .iter()
            .map(|o| {
                let k = match o.undecided_at_s {
                    Some(_) => NOT_DECIDED,
                    None => rating_index(o.rating),
                };
                (o.measured.map(f64::to_bits), k)
            })
            .collect(),
    }
}

/// The distribution of every objective over `runs` (in the order given; the figures
/// do not depend on it except through the mean, which is summed in that order).
pub fn summarise(meta: &[ObjectiveMeta], runs: &[RunRecord], wall_s: f64) -> BatchSummary {
    let mut objectives = Vec::new();
    for (i, o) in meta.iter().enumerate() {
        let mut vals: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.objectives.get(i).and_then(|x| x.0).map(f64::from_bits))
            .collect();
        vals.sort_by(f64::total_cmp);
        let mut ratings = [0usize; 4];
        let mut not_decided = 0;
        for r in runs {
            match r.objectives.get(i) {
                Some(&(_, NOT_DECIDED)) => not_decided += 1,
                Some(&(_, k)) => ratings[usize::from(k.min(3))] += 1,
                None => {}
            }
        }
        objectives.push(ObjectiveStats {
            id: o.id.clone(),
            title: o.title.clone(),
            met_share: (runs.len() > not_decided)
                .then(|| ratings[0] as f64 / (runs.len() - not_decided) as f64),
            p50: pct(&vals, 0.5),
            p90: if o.smaller_is_worse {
                pct(&vals, 0.1)
            } else {
                pct(&vals, 0.9)
            },
            worst: if o.smaller_is_worse {
                vals.first().copied()
            } else {
                vals.last().copied()
            },
            ratings,
            not_decided,
        });
    }
    let mean_total = runs
        .iter()
        .map(|r| f64::from_bits(r.total_bits))
        .sum::<f64>()
        / runs.len().max(1) as f64;
    BatchSummary {
        runs: runs.len(),
        wall_s,
        objectives,
        mean_total,
    }
}

/// Prints a summary as JSON (one line) or as a table.
pub fn print_summary(
    name: &str,
    summary: &BatchSummary,
    (a, b): (u64, u64),
    json: bool,
) -> Result<(), String> {
    if json {
        crate::outln!(
            "{}",
            serde_json::to_string(summary).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    crate::outln!(
        "{name} — {} runs (seeds {a}..{b}) in {:.1} s ({:.1} runs/s)",
        summary.runs,
        summary.wall_s,
        summary.runs as f64 / summary.wall_s.max(1e-9)
    );
    crate::outln!(
        "  {:<5} {:>7}  {:>10} {:>10} {:>10}   P/S/M/U",
        "obj",
        "met",
        "p50",
        "p90",
        "worst"
    );
    for o in &summary.objectives {
        let f = |v: Option<f64>| v.map(|x| format!("{x:.0}")).unwrap_or_else(|| "—".into());
        crate::outln!(
            "  {:<5} {:>7}  {:>10} {:>10} {:>10}   {}/{}/{}/{}  {}",
            o.id,
            o.met_share
                .map_or_else(|| "—".to_string(), |m| format!("{:.1}%", m * 100.0)),
            f(o.p50),
            f(o.p90),
            f(o.worst),
            o.ratings[0],
            o.ratings[1],
            o.ratings[2],
            o.ratings[3],
            o.title
        );
        if o.not_decided > 0 {
            crate::outln!(
                "  {:<5} {} stopped before deciding it (not rated)",
                "",
                if o.not_decided == 1 {
                    "1 run".to_string()
                } else {
                    format!("{} runs", o.not_decided)
                }
            );
        }
    }
    crate::outln!("  mean total {:.1}", summary.mean_total);
    Ok(())
}

/// Run the seeds `a..=b` (each through tick `last`, or to the end) and print a summary.
pub fn run_seeds(
    s: &Arc<Scenario>,
    inputs: &[Input],
    (a, b): (u64, u64),
    last: Option<u64>,
    json: bool,
) -> Result<BatchSummary, String> {
    let seeds: Vec<u64> = (a..=b).collect();
    let t0 = Instant::now();
    let runs = run_records(s, inputs, &seeds, last)?;
    let summary = summarise(&objective_meta(s), &runs, t0.elapsed().as_secs_f64());
    print_summary(&s.meta.name, &summary, (a, b), json)?;
    Ok(summary)
}
