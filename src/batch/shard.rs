//! Batches spread over machines: `run --seeds A..B --shard K/N --out FILE` runs the
//! seeds of shard K (0-based; seed `A + i` belongs to shard `i mod N`, so shards are
//! balanced) and writes a [`ShardFile`]; `batch merge FILE…` checks that the files are
//! the N shards of one batch and prints the summary of the whole range.
//!
//! Invariants: a shard file names its batch (scenario and orders fingerprint, seed
//! range, shard count, stop tick); merge refuses files of different batches, a missing
//! or repeated shard, and seeds outside or missing from the range. The merged summary
//! is computed from the records in seed order, exactly as a single run computes it, so
//! it is the same bit for bit (only the wall time differs: merge reports the sum of the
//! shards' wall times).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::{
    BatchSummary, ObjectiveMeta, RunRecord, objective_meta, print_summary, run_records, summarise,
};
use crate::order::Input;
use crate::scenario::Scenario;

/// Version of the shard file format.
pub const SHARD_FORMAT: u32 = 1;

/// The batch a shard belongs to: what must be equal for shards to merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchId {
    /// Scenario name.
    pub scenario: String,
    /// SHA-256 (hex) of the scenario file, its layers and the orders file, as given by
    /// the caller ([`fingerprint`]).
    pub fingerprint: String,
    /// First and last seed of the whole batch.
    pub seeds: (u64, u64),
    /// Number of shards.
    pub shards: u64,
    /// Last tick run (`None`: to the end).
    pub until_tick: Option<u64>,
    /// Version of the flood model's face update the runs used
    /// ([`crate::hazard::flood::KERNELS`]; absent in shard files written before versions
    /// existed, meaning 1). Runs of different versions give different floods, so their
    /// shards do not merge.
    #[serde(default = "crate::hazard::flood::unversioned_kernel")]
    pub flood_kernel: u32,
}

/// One shard's results, as written by `run --shard` (JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// [`SHARD_FORMAT`].
    pub format: u32,
    /// The batch.
    pub batch: BatchId,
    /// This shard's index, 0 ≤ shard < shards.
    pub shard: u64,
    /// The objectives.
    pub objectives: Vec<ObjectiveMeta>,
    /// One record per seed of the shard, ascending.
    pub runs: Vec<RunRecord>,
    /// Wall-clock seconds the shard took.
    pub wall_s: f64,
}

/// The seeds of shard `k` of `n` over `a..=b`: `a + i` for every i with `i mod n = k`.
pub fn shard_seeds((a, b): (u64, u64), k: u64, n: u64) -> Vec<u64> {
    (a..=b).filter(|s| (s - a) % n == k).collect()
}

/// SHA-256 (hex) of a batch's inputs: the given files' bytes (scenario file, orders
/// file), each preceded by its length, then the scenario's layers as loaded
/// (elevation, land cover, roughness), so shards run on different data do not merge.
pub fn fingerprint(s: &Scenario, files: &[PathBuf]) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        // line ends normalised, as a scenario's hash is: the same file saved on
        // Windows is the same batch
        let bytes = normalized_newline_bytes(&bytes);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    for z in &s.elevation {
        h.update(z.to_bits().to_le_bytes());
    }
    for c in &s.land_cover {
        h.update(c.to_le_bytes());
    }
    for n in &s.roughness {
        h.update(n.to_bits().to_le_bytes());
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// `bytes` with its line ends normalised ([`crate::source::normalized_newlines`]) when
/// it is text.
fn normalized_newline_bytes(bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(t) => crate::source::normalized_newlines(t).as_bytes().to_vec(),
        Err(_) => bytes.to_vec(),
    }
}

/// Parses `K/N` (0 ≤ K < N ≤ [`MAX_SHARDS`]).
pub fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or("write the shard as K/N, e.g. 0/4 (K counts from 0)")?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a shard index"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a shard count"))?;
    if n == 0 || k >= n {
        return Err(format!(
            "shard {k}/{n}: K must be below N (K counts from 0)"
        ));
    }
    if n > MAX_SHARDS {
        return Err(format!(
            "shard {k}/{n}: at most {MAX_SHARDS} shards (one per seed)"
        ));
    }
    Ok((k, n))
}

/// Runs shard `k` of `batch` and writes its file to `out` through the output guard
/// (whole or not at all; an existing file is never replaced). Errors: a run fails or
/// `out` cannot be written.
pub fn run_shard(
    s: &Arc<Scenario>,
    inputs: &[Input],
    batch: BatchId,
    k: u64,
    out: &Path,
) -> Result<ShardFile, String> {
    let seeds = shard_seeds(batch.seeds, k, batch.shards);
    let t0 = Instant::now();
    let runs = run_records(s, inputs, &seeds, batch.until_tick)?;
    let file = ShardFile {
        format: SHARD_FORMAT,
        batch,
        shard: k,
        objectives: objective_meta(s),
        runs,
        wall_s: t0.elapsed().as_secs_f64(),
    };
    let text = serde_json::to_string(&file).map_err(|e| e.to_string())?;
    crate::output::write(
        out,
        text.as_bytes(),
        crate::output::Kind::Kept("shard file"),
        false,
    )?;
    Ok(file)
}

/// Most shards a batch may have: one per seed of the largest batch (`--seeds` takes at
/// most a million seeds).
pub const MAX_SHARDS: u64 = 1_000_000;

/// How many of the seeds `0..count` (offsets from the first) fall to shard `k` of `n`.
fn shard_len(count: u64, k: u64, n: u64) -> u64 {
    if k >= count {
        0
    } else {
        (count - k).div_ceil(n)
    }
}

/// Reads one shard file through the bounded reader ([`crate::source::MAX_SHARD_BYTES`];
/// a FIFO or a device is refused by name), a UTF-8 byte-order mark skipped.
fn read_shard(f: &Path) -> Result<ShardFile, String> {
    let shown = f.display();
    let bytes = crate::source::read_bytes(f, crate::source::MAX_SHARD_BYTES)
        .map_err(|e| format!("cannot read shard file {shown}: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        format!(
            "{shown}: not a shard file: not UTF-8 text (first bad byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text)
        .map_err(|e| format!("{shown}:{}:{}: not a shard file: {e}", e.line(), e.column()))
}

/// Checks what one shard file says of itself before anything is sized from it: its
/// format, the batch's seed range and shard count, its own index, that it holds
/// exactly its seeds in ascending order, one entry per objective in every run with a
/// rating the format knows and finite numbers, and a wall time that can be.
fn check_shard(f: &Path, sh: &ShardFile) -> Result<(), String> {
    let shown = f.display();
    if sh.format != SHARD_FORMAT {
        return Err(format!(
            "{shown}: shard format {} (this drillsim reads {SHARD_FORMAT})",
            sh.format
        ));
    }
    let b = &sh.batch;
    crate::hazard::flood::check_kernel(b.flood_kernel).map_err(|e| format!("{shown}: {e}"))?;
    let (first, last) = b.seeds;
    if last < first || last - first >= MAX_SHARDS {
        return Err(format!(
            "{shown}: the seed range {first}..{last} is not a batch (at most a million seeds, first ≤ last)"
        ));
    }
    let count = last - first + 1;
    if b.shards == 0 || b.shards > count {
        return Err(format!(
            "{shown}: {} shards for the {count} seeds {first}..{last} (1 to {count})",
            b.shards
        ));
    }
    if sh.shard >= b.shards {
        return Err(format!(
            "{shown}: shard {} of {} (shards count from 0 to {})",
            sh.shard,
            b.shards,
            b.shards - 1
        ));
    }
    let want = shard_len(count, sh.shard, b.shards);
    if sh.runs.len() as u64 != want {
        return Err(format!(
            "{shown}: shard {} of {} holds {} runs; its seeds are {want}",
            sh.shard,
            b.shards,
            sh.runs.len()
        ));
    }
    let mut ids: Vec<&str> = sh.objectives.iter().map(|o| o.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("{shown}: objective `{}` is listed twice", w[0]));
    }
    for (i, r) in sh.runs.iter().enumerate() {
        let seed = first + sh.shard + i as u64 * b.shards;
        if r.seed != seed {
            return Err(format!(
                "{shown}: run {i} is seed {}; shard {} of {} over {first}..{last} has seed {seed} there",
                r.seed, sh.shard, b.shards
            ));
        }
        if r.objectives.len() != sh.objectives.len() {
            return Err(format!(
                "{shown}: seed {seed} has {} objectives, the batch has {}",
                r.objectives.len(),
                sh.objectives.len()
            ));
        }
        if !f64::from_bits(r.total_bits).is_finite() {
            return Err(format!("{shown}: seed {seed}: the total is not a number"));
        }
        for ((measure, rating), o) in r.objectives.iter().zip(&sh.objectives) {
            if *rating == super::NOT_DECIDED && b.until_tick.is_none() {
                return Err(format!(
                    "{shown}: seed {seed}, objective {}: not decided, in a batch run to the end",
                    o.id
                ));
            }
            if *rating > super::NOT_DECIDED {
                return Err(format!(
                    "{shown}: seed {seed}, objective {}: rating {rating} (0–3 for P/S/M/U, {} not decided)",
                    o.id,
                    super::NOT_DECIDED
                ));
            }
            if measure.is_some_and(|m| !f64::from_bits(m).is_finite()) {
                return Err(format!(
                    "{shown}: seed {seed}, objective {}: the measure is not a number",
                    o.id
                ));
            }
        }
    }
    if !sh.wall_s.is_finite() || sh.wall_s < 0.0 || sh.wall_s > 1e9 {
        return Err(format!(
            "{shown}: a wall time of {} s cannot be",
            crate::source::short_number(sh.wall_s)
        ));
    }
    Ok(())
}

/// What differs between two batches, in words (the first difference found).
fn batch_difference(a: &BatchId, b: &BatchId) -> String {
    if a.scenario != b.scenario {
        format!("the scenario: `{}` against `{}`", b.scenario, a.scenario)
    } else if a.fingerprint != b.fingerprint {
        "the scenario file, its layers or the orders file".into()
    } else if a.seeds != b.seeds {
        format!(
            "the seeds: {}..{} against {}..{}",
            b.seeds.0, b.seeds.1, a.seeds.0, a.seeds.1
        )
    } else if a.shards != b.shards {
        format!("the shard count: {} against {}", b.shards, a.shards)
    } else if a.until_tick != b.until_tick {
        "the stop time (--until)".into()
    } else if a.flood_kernel != b.flood_kernel {
        format!(
            "the flood kernel version: {} against {}",
            b.flood_kernel, a.flood_kernel
        )
    } else {
        "the list of objectives".into()
    }
}

/// Reads shard files, checks that they are all the shards of one batch and returns the
/// summary of the whole batch with the batch. Every file is read through the bounded
/// reader and checked (format, seed range, shard count and index, its own seeds,
/// objectives, ratings, finite numbers, wall time) before anything is sized from it.
pub fn merge(files: &[PathBuf]) -> Result<(BatchId, BatchSummary), String> {
    let mut shards: Vec<ShardFile> = Vec::new();
    for f in files {
        let sh = read_shard(f)?;
        check_shard(f, &sh)?;
        if let Some(first) = shards.first()
            && (first.batch != sh.batch || first.objectives != sh.objectives)
        {
            return Err(format!(
                "{}: belongs to another batch than {}: {} differs",
                f.display(),
                files[0].display(),
                batch_difference(&first.batch, &sh.batch)
            ));
        }
        if let Some(i) = shards.iter().position(|o| o.shard == sh.shard) {
            return Err(format!(
                "{}: shard {} given twice (also {})",
                f.display(),
                sh.shard,
                files[i].display()
            ));
        }
        shards.push(sh);
    }
    let first = shards.first().ok_or("no shard files given")?;
    let batch = first.batch.clone();
    let meta = first.objectives.clone();
    // every file is a distinct shard of this batch (checked above), so the shards
    // missing number shards − files
    let missing_n = batch.shards - shards.len() as u64;
    if missing_n > 0 {
        const SHOWN: usize = 10;
        let missing: Vec<String> = (0..batch.shards)
            .filter(|k| !shards.iter().any(|s| s.shard == *k))
            .take(SHOWN)
            .map(|k| k.to_string())
            .collect();
        let more = if missing_n as usize > SHOWN {
            ", …"
        } else {
            ""
        };
        return Err(format!(
            "{missing_n} of the {} shards are missing: {}{more}",
            batch.shards,
            missing.join(", ")
        ));
    }
    // each shard holds exactly its own seeds (checked), so together they hold the range
    let mut runs: Vec<RunRecord> = shards.iter().flat_map(|s| s.runs.iter().cloned()).collect();
    runs.sort_by_key(|r| r.seed);
    let wall_s = shards.iter().map(|s| s.wall_s).sum();
    Ok((batch, summarise(&meta, &runs, wall_s)))
}

/// `batch merge`: merges and prints the summary.
pub fn merge_and_print(files: &[PathBuf], json: bool) -> Result<BatchSummary, String> {
    let (batch, summary) = merge(files)?;
    print_summary(&batch.scenario, &summary, batch.seeds, json)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_range_once() {
        let mut all: Vec<u64> = (0..4).flat_map(|k| shard_seeds((5, 27), k, 4)).collect();
        all.sort();
        assert_eq!(all, (5..=27).collect::<Vec<_>>());
        assert_eq!(shard_seeds((1, 10), 1, 4), vec![2, 6, 10]);
    }

    /// A shard file written before flood kernels had versions reads as version 1, and
    /// shards run with different versions are refused as different batches.
    #[test]
    fn shards_of_different_flood_kernels_do_not_merge() {
        let dir = tempfile::tempdir().expect("dir");
        let batch = BatchId {
            scenario: "x".into(),
            fingerprint: "00".into(),
            seeds: (1, 2),
            shards: 2,
            until_tick: None,
            flood_kernel: crate::hazard::flood::CURRENT_KERNEL,
        };
        let shard = |k: u64, kernel: Option<u32>| {
            let f = ShardFile {
                format: SHARD_FORMAT,
                batch: batch.clone(),
                shard: k,
                objectives: Vec::new(),
                runs: vec![RunRecord {
                    seed: 1 + k,
                    total_bits: 0f64.to_bits(),
                    objectives: Vec::new(),
                }],
                wall_s: 0.0,
            };
            let mut v = serde_json::to_value(&f).expect("json");
            match kernel {
                Some(n) => v["batch"]["flood_kernel"] = n.into(),
                None => {
                    v["batch"]
                        .as_object_mut()
                        .expect("batch")
                        .remove("flood_kernel");
                }
            }
            let path = dir.path().join(format!("s{k}-{kernel:?}.json"));
            std::fs::write(&path, v.to_string()).expect("write");
            path
        };
        let old: ShardFile =
            serde_json::from_str(&std::fs::read_to_string(shard(0, None)).expect("read"))
                .expect("an old shard file");
        assert_eq!(old.batch.flood_kernel, 1);
        let err = merge(&[shard(0, None), shard(1, Some(2))]).expect_err("mixed kernels");
        assert!(err.contains("flood kernel"), "{err}");
        // same version (an old file's absent version is 1): they merge
        let (b, summary) = merge(&[shard(0, Some(1)), shard(1, None)]).expect("one version");
        assert_eq!((b.flood_kernel, summary.runs), (1, 2));
    }

    #[test]
    fn shard_arguments_are_checked() {
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("1/0").is_err());
        assert!(parse_shard("x").is_err());
        assert!(parse_shard("0/1000001").is_err());
        assert_eq!(shard_len(6, 0, 4), 2);
        assert_eq!(shard_len(6, 3, 4), 1);
        assert_eq!(shard_len(3, 3, 4), 0);
    }
}
