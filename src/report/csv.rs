//! CSV exports: `metrics.csv` (one row per run and objective) and `events.csv` (every
//! event of every run, with its JSON).

use std::path::Path;

use super::Report;
use crate::time::hms;

fn err(e: impl std::fmt::Display) -> String {
    format!("cannot write CSV: {e}")
}

/// Write `metrics.csv` and `events.csv` into `dir` (created if missing).
pub fn write(report: &Report, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut m = ::csv::Writer::from_path(dir.join("metrics.csv")).map_err(err)?;
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
                r.label.as_str(),
                &o.id,
                &o.title,
                &o.capability,
                &format!("{:?}", o.rating),
                &o.value,
                &o.measured.map(|v| v.to_string()).unwrap_or_default(),
                &o.target,
                &o.met.to_string(),
                &format!("{:.3}", o.points),
                &format!("{:.3}", o.max_points),
            ])
            .map_err(err)?;
        }
    }
    m.flush().map_err(err)?;
    let mut e = ::csv::Writer::from_path(dir.join("events.csv")).map_err(err)?;
    e.write_record(["recording", "tick", "t_s", "time", "event", "json"])
        .map_err(err)?;
    for r in &report.runs {
        for ev in &r.events {
            let json = serde_json::to_string(ev).map_err(err)?;
            e.write_record([
                r.label.as_str(),
                &ev.tick.to_string(),
                &ev.t_s.to_string(),
                &hms(ev.t_s),
                &super::kind_name(ev),
                &json,
            ])
            .map_err(err)?;
        }
    }
    e.flush().map_err(err)?;
    Ok(())
}
