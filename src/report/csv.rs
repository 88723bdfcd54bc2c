//! CSV exports: `metrics.csv` (one row per run and objective) and `events.csv` (every
//! event of every run, with its JSON).
//!
//! Each file starts with the UTF-8 byte-order mark, so that Excel (on Chinese
//! Windows too) reads it as UTF-8; text cells go through
//! [`crate::output::text::csv_cell`] (no control characters, no formulas).

use std::path::Path;

use super::Report;
use crate::output::text::{UTF8_BOM, csv_cell};
use crate::time::hms;

/// The files [`write()`] writes into its directory.
pub const FILES: &[&str] = &["metrics.csv", "events.csv"];

fn err(e: impl std::fmt::Display) -> String {
    format!("cannot write CSV: {e}")
}

/// A CSV writer into memory, the byte-order mark already written.
fn sheet() -> ::csv::Writer<Vec<u8>> {
    ::csv::Writer::from_writer(UTF8_BOM.to_vec())
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>, String> {
    w.into_inner().map_err(err)
}

/// Write `metrics.csv` and `events.csv` into `dir` (created if missing); `force`
/// replaces existing files.
pub fn write(report: &Report, dir: &Path, force: bool) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let kind = crate::output::Kind::Ordinary("CSV file");
    let mut m = sheet();
    m.write_record([
        "recording",
        "objective",
        "title",
        "capability",
        "rating",
        "measured",
        "measured_value",
        "target",
        "met",
        "points",
        "max_points",
    ])
    .map_err(err)?;
    for r in &report.runs {
        for o in &r.card.objectives {
            m.write_record([
                csv_cell(&r.label).as_ref(),
                &csv_cell(&o.id),
                &csv_cell(&o.title),
                &csv_cell(&o.capability),
                &o.rating_text(),
                &csv_cell(&o.value),
                &o.measured.map(|v| v.to_string()).unwrap_or_default(),
                &csv_cell(&o.target),
                &o.met.to_string(),
                &format!("{:.3}", o.points),
                &format!("{:.3}", o.max_points),
            ])
            .map_err(err)?;
        }
    }
    crate::output::write(&dir.join(FILES[0]), &finish(m)?, kind, force)?;
    let mut e = sheet();
    e.write_record(["recording", "tick", "t_s", "time", "event", "json"])
        .map_err(err)?;
    for r in &report.runs {
        for ev in &r.events {
            let json = serde_json::to_string(ev).map_err(err)?;
            e.write_record([
                csv_cell(&r.label).as_ref(),
                &ev.tick.to_string(),
                &ev.t_s.to_string(),
                &hms(ev.t_s),
                &super::kind_name(ev),
                &json,
            ])
            .map_err(err)?;
        }
    }
    crate::output::write(&dir.join(FILES[1]), &finish(e)?, kind, force)
}
