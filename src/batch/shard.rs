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

/// Parses `K/N` (0 ≤ K < N).
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
        crate::output::Kind::Ordinary("shard file"),
        false,
    )?;
    Ok(file)
}

/// Reads shard files, checks that they are all the shards of one batch and returns the
/// summary of the whole batch with the batch.
pub fn merge(files: &[PathBuf]) -> Result<(BatchId, BatchSummary), String> {
    let mut shards: Vec<ShardFile> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let sh: ShardFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a shard file: {e}", f.display()))?;
        if sh.format != SHARD_FORMAT {
            return Err(format!(
                "{}: shard format {} (this drillsim reads {SHARD_FORMAT})",
                f.display(),
                sh.format
            ));
        }
        if let Some(first) = shards.first()
            && (first.batch != sh.batch || first.objectives != sh.objectives)
        {
            return Err(format!(
                "{}: belongs to another batch than {} (scenario, orders, seeds, shard count, \
                 stop time or flood kernel differ)",
                f.display(),
                files[0].display()
            ));
        }
        if shards.iter().any(|o| o.shard == sh.shard) {
            return Err(format!("{}: shard {} given twice", f.display(), sh.shard));
        }
        shards.push(sh);
    }
    let first = shards.first().ok_or("no shard files given")?;
    let batch = first.batch.clone();
    let meta = first.objectives.clone();
    let missing: Vec<u64> = (0..batch.shards)
        .filter(|k| !shards.iter().any(|s| s.shard == *k))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shards {missing:?} of {} are missing",
            batch.shards
        ));
    }
    let mut runs: Vec<RunRecord> = shards.iter().flat_map(|s| s.runs.iter().cloned()).collect();
    runs.sort_by_key(|r| r.seed);
    let (a, b) = batch.seeds;
    let expected = b.checked_sub(a).map(|d| d + 1).unwrap_or(0);
    let in_order = runs.iter().zip(a..=b).all(|(r, s)| r.seed == s);
    if runs.len() as u64 != expected || !in_order {
        return Err(format!(
            "the shards hold {} runs, not exactly the seeds {a}..{b}",
            runs.len()
        ));
    }
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
                runs: Vec::new(),
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
        // same version: they merge (as far as the kernel goes; no runs here)
        let err = merge(&[shard(0, Some(1)), shard(1, None)]).expect_err("no runs");
        assert!(err.contains("runs"), "{err}");
    }

    #[test]
    fn shard_arguments_are_checked() {
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("1/0").is_err());
        assert!(parse_shard("x").is_err());
    }
}
