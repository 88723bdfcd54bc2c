//! `drillsim run`: one run with its timeline and scorecard, a batch of seeds, or one
//! shard of a batch (see `docs/batch.md`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::scenario;
use crate::scenario::diag::render_diags;
use crate::sim::Engine;
use crate::time::{Dur, hms};

/// Arguments of `drillsim run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Scenario file.
    pub scenario: PathBuf,
    /// Seed (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Orders file (RON list of time, seat, order).
    #[arg(long)]
    pub orders: Option<PathBuf>,
    /// Stop at this time (e.g. 90m, 02:30:00): on a tick, not after the end of the exercise.
    #[arg(long, value_parser = super::parse_dur)]
    pub until: Option<Dur>,
    /// JSON lines instead of a readable timeline.
    #[arg(long)]
    pub json: bool,
    /// Write a recording of the run (crash-safe frames) to this file.
    #[arg(long, conflicts_with = "seeds")]
    pub record: Option<PathBuf>,
    /// Run many seeds in parallel (e.g. `1..1000`) and report the distribution of
    /// each objective's measure instead of a timeline.
    #[arg(long, value_parser = super::parse_seeds, conflicts_with = "seed")]
    pub seeds: Option<(u64, u64)>,
    /// With --seeds: run only shard K of N (K from 0; seed A+i belongs to shard
    /// i mod N) and write its results to --out for `batch merge` (one machine or
    /// job-array task per shard; see docs/batch.md).
    #[arg(long, value_parser = crate::batch::shard::parse_shard, requires_all = ["seeds", "out"])]
    pub shard: Option<(u64, u64)>,
    /// With --shard: the shard file to write (JSON).
    #[arg(long, requires = "shard")]
    pub out: Option<PathBuf>,
    /// Threads the flood model may use inside each tick of a single run (the
    /// result is bit-identical for any number; batches run one thread per run).
    #[arg(long, default_value_t = 1, conflicts_with = "seeds", value_parser = parse_threads)]
    pub threads: usize,
}

/// Most threads `--threads` accepts (a thread per row band; more than the rows of a
/// large grid's bands would only wait).
pub const MAX_THREADS: usize = 256;

/// `--threads N`: 1 to [`MAX_THREADS`].
fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!(
            "give a whole number of threads from 1 to {MAX_THREADS}"
        )),
    }
}

/// The tick `--until` names: on a tick and not after the end of the exercise.
///
/// # Errors
/// A time between two ticks (naming the ticks around it), or after the end.
fn until_tick(d: Dur, s: &crate::scenario::Scenario) -> Result<u64, String> {
    let tick = crate::time::tick_of(d.0, s.meta.tick_s)?;
    if tick > s.meta.ticks() {
        return Err(format!(
            "--until {} is after the end of the exercise ({}); leave --until out to run to the end",
            hms(d.0),
            hms(s.meta.ticks().saturating_mul(s.meta.tick_s))
        ));
    }
    Ok(tick)
}

/// Runs `drillsim run`. Errors: a message for the user (bad files, outputs, seeds).
pub(super) fn run(a: RunArgs) -> Result<ExitCode, String> {
    let RunArgs {
        scenario,
        seed,
        orders,
        until,
        json,
        seeds,
        record,
        shard,
        out,
        threads,
    } = a;
    if let Some(path) = &record {
        let mut plan = crate::output::Plan::new(false);
        plan.input(&scenario, "scenario");
        if let Some(o) = &orders {
            plan.input(o, "orders file");
        }
        plan.output(path, crate::output::Kind::Recording)?;
    }
    let s = scenario::open(&scenario)?;
    let inputs = match &orders {
        Some(p) => {
            crate::scenario::orders_file::load_orders(p, &s).map_err(|d| render_diags(&d))?
        }
        None => Vec::new(),
    };
    if shard.is_some() && seeds.is_none() {
        return Err(
            "--shard runs a shard of a batch: give the batch's seeds with --seeds A..B".into(),
        );
    }
    if let (Some(range), Some((k, n)), Some(out)) = (seeds, shard, &out) {
        let count = range.1 - range.0 + 1;
        if n > count {
            return Err(format!(
                "--shard {k}/{n}: {n} shards for the {count} seeds {}..{}; give at most {count}",
                range.0, range.1
            ));
        }
        // refuse a bad --out before hours of runs
        let mut plan = crate::output::Plan::new(false);
        plan.input(&scenario, "scenario");
        if let Some(o) = &orders {
            plan.input(o, "orders file");
        }
        plan.output(out, crate::output::Kind::Kept("shard file"))?;
        let last = until.map(|d| until_tick(d, &s)).transpose()?;
        let mut files = vec![scenario.clone()];
        files.extend(orders.clone());
        let batch = crate::batch::shard::BatchId {
            scenario: s.meta.name.clone(),
            fingerprint: crate::batch::shard::fingerprint(&s, &files)?,
            seeds: range,
            shards: n,
            until_tick: last,
            flood_kernel: crate::hazard::flood::CURRENT_KERNEL,
        };
        let f = crate::batch::shard::run_shard(&s, &inputs, batch, k, out)?;
        crate::errln!(
            "shard {k}/{n}: {} runs in {:.1} s written to {}",
            f.runs.len(),
            f.wall_s,
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(range) = seeds {
        let last = until.map(|d| until_tick(d, &s)).transpose()?;
        return crate::batch::run_seeds(&s, &inputs, range, last, json).map(|_| ExitCode::SUCCESS);
    }
    let seed = seed.unwrap_or(s.meta.seed);
    let mut engine = Engine::new(s.clone(), seed, inputs)?;
    engine.set_flood_threads(threads)?;
    if let Some(path) = &record {
        engine.record_to(
            path,
            crate::record::DEFAULT_CHECKSUM_EVERY,
            crate::record::DEFAULT_SNAPSHOT_EVERY,
        )?;
    }
    let last = match until {
        Some(d) => until_tick(d, &s)?,
        None => s.meta.ticks(),
    };
    let stdout = std::io::stdout();
    // names and texts from the scenario and the orders: no control characters
    let mut out = crate::output::terminal::Terminal::new(stdout.lock());
    let mut printed = 0;
    if !json {
        let _ = writeln!(
            out,
            "{} — seed {seed}, tick {} s, until {}",
            s.meta.name,
            s.meta.tick_s,
            hms(last * s.meta.tick_s)
        );
    }
    while !engine.finished() && engine.clock().tick <= last {
        engine.step();
        let evs = engine.events();
        for e in &evs[printed..] {
            let line = if json {
                serde_json::to_string(e).unwrap_or_default()
            } else {
                crate::sim::describe::describe(e)
            };
            if writeln!(out, "{line}").is_err() {
                return Ok(ExitCode::SUCCESS); // closed pipe
            }
        }
        printed = evs.len();
    }
    if record.is_some() {
        // stopped with --until: the recording closes with an end frame here
        engine.stop_early();
        if let Some(e) = engine.record_error() {
            return Err(format!("the recording failed: {e}"));
        }
    }
    let checksum = engine.checksum();
    let clock = engine.clock();
    let stopped = clock.tick.saturating_sub(1) * clock.tick_s;
    let mut card = crate::scoring::score(&s, engine.events());
    // a run stopped with --until: what it has not decided is not rated
    crate::scoring::live::mark_undecided(&mut card, &s, &engine);
    // beside a team's run, the plan alone on the same seed
    let baseline = if orders.is_some() {
        let mut b = Engine::new(s.clone(), seed, Vec::new())?;
        b.run_through(last);
        let mut bc = crate::scoring::score(&s, b.events());
        crate::scoring::live::mark_undecided(&mut bc, &s, &b);
        Some(bc)
    } else {
        None
    };
    if json {
        let sc = serde_json::json!({"scorecard": card, "baseline": baseline});
        let _ = writeln!(out, "{sc}");
        let summary = serde_json::json!({"summary": {"ticks": clock.tick, "t_s": stopped, "events": printed, "checksum": checksum}});
        let _ = writeln!(out, "{summary}");
    } else {
        if !s.objectives.is_empty() {
            let _ = write!(out, "{}", card.render(baseline.as_ref()));
        }
        let _ = writeln!(
            out,
            "— stopped at {} after {} ticks; {} events; state checksum {}",
            hms(stopped),
            clock.tick,
            printed,
            &checksum[..16]
        );
    }
    if let Some(path) = &record
        && !engine.finished()
    {
        crate::errln!(
            "note: {} stops at {}, before the end of the exercise ({}); it ends there and verifies to there",
            path.display(),
            hms(stopped),
            hms(s.meta.ticks() * s.meta.tick_s)
        );
    }
    Ok(ExitCode::SUCCESS)
}
