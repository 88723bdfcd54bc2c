//! The leaderboard: a terminal table, CSV (one row per team and objective), JSON (the
//! whole [`Judgement`]) and one self-contained HTML page (ranking, per-objective
//! breakdown, side-by-side comparison, penalties, refused recordings), styled like
//! the after-action report.

use std::fmt::Write as _;
use std::path::Path;

use super::judge::{Entry, Judgement};
use crate::report::html::{CSS, esc, rating_cell};
use crate::time::hms;

fn num(x: f64) -> String {
    format!("{x:.2}")
}

fn ack(e: &Entry) -> String {
    e.last_warning_ack_s
        .map(hms)
        .unwrap_or_else(|| "never".into())
}

/// The leaderboard for the terminal.
pub fn render_text(j: &Judgement) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Leaderboard — {} ({}): {}, seed {}{}",
        j.round_name,
        j.round,
        j.scenario,
        j.seed,
        j.weather
            .as_ref()
            .map(|w| format!(", weather \"{w}\""))
            .unwrap_or_default()
    );
    if j.entries.is_empty() {
        let _ = writeln!(o, "  no recording was accepted");
    } else {
        let _ = writeln!(
            o,
            "  {:>4}  {:<22} {:>8} {:>9} {:>8}  {:>4} {:>4}  {:<24} tie-break",
            "rank", "team", "total", "weighted", "penalty", "auth", "late", "ratings"
        );
    }
    for e in &j.entries {
        let ratings: String = e
            .objectives
            .iter()
            .map(|x| format!("{}:{:?}", x.id, x.rating))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            o,
            "  {:>4}  {:<22} {:>8} {:>9} {:>8}  {:>4} {:>4}  {:<24} {}",
            e.rank,
            e.team_name,
            num(e.total),
            num(e.weighted_points),
            num(e.penalty),
            e.authority_violations.len(),
            e.late_orders.len(),
            ratings,
            e.behind_on
                .as_ref()
                .map(|t| format!("behind on {t}"))
                .unwrap_or_default()
        );
    }
    if !j.tie_breaks.is_empty() {
        let _ = writeln!(o, "  tie-breaks: {}", j.tie_breaks.join(", then "));
    }
    if !j.rejected.is_empty() {
        let _ = writeln!(o, "Refused:");
        for r in &j.rejected {
            let _ = writeln!(
                o,
                "  {}{}: {}",
                r.file.display(),
                r.team
                    .as_ref()
                    .map(|t| format!(" (team {t})"))
                    .unwrap_or_default(),
                r.reason
            );
        }
    }
    let n = j.entries.len() + j.rejected.len();
    let _ = writeln!(
        o,
        "judged {n} recording{} in {:.1} s",
        if n == 1 { "" } else { "s" },
        j.judge_s
    );
    o
}

/// A text cell: no control characters, no spreadsheet formula.
fn cell(s: &str) -> String {
    crate::output::text::csv_cell(s).into_owned()
}

/// CSV: one row per accepted team and objective, then one row per refused recording
/// (objective empty, reason in `note`).
pub fn render_csv(j: &Judgement) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |x: csv::Error| x.to_string();
    w.write_record([
        "rank",
        "team",
        "file",
        "total",
        "penalty",
        "authority_violations",
        "late_orders",
        "objective",
        "rating",
        "points",
        "max_points",
        "weight",
        "weighted",
        "value",
        "note",
    ])
    .map_err(e)?;
    for en in &j.entries {
        for x in &en.objectives {
            w.write_record([
                en.rank.to_string(),
                cell(&en.team),
                cell(&en.file.display().to_string()),
                num(en.total),
                num(en.penalty),
                en.authority_violations.len().to_string(),
                en.late_orders.len().to_string(),
                cell(&x.id),
                format!("{:?}", x.rating),
                num(x.points),
                num(x.max_points),
                format!("{}", x.weight),
                num(x.weighted),
                cell(&x.value),
                en.behind_on
                    .as_ref()
                    .map(|t| format!("behind on {t}"))
                    .unwrap_or_default(),
            ])
            .map_err(e)?;
        }
    }
    for r in &j.rejected {
        w.write_record([
            String::new(),
            cell(r.team.as_deref().unwrap_or_default()),
            cell(&r.file.display().to_string()),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "refused".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            cell(&r.reason),
        ])
        .map_err(e)?;
    }
    let bytes = w.into_inner().map_err(|x| x.to_string())?;
    String::from_utf8(bytes).map_err(|x| x.to_string())
}

/// The whole judgement as JSON.
pub fn render_json(j: &Judgement) -> Result<String, String> {
    serde_json::to_string_pretty(j).map_err(|e| e.to_string())
}

/// The leaderboard page.
pub fn render_html(j: &Judgement) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Leaderboard — {}</title><style>{CSS}</style></head><body><header><h1>Leaderboard — {}</h1><p>round {} — {} — seed {}{}</p></header><main>",
        esc(&j.round_name),
        esc(&j.round_name),
        esc(&j.round),
        esc(&j.scenario),
        j.seed,
        j.weather
            .as_ref()
            .map(|w| format!(" — weather “{}”", esc(w)))
            .unwrap_or_default()
    );
    o.push_str("<h2>Ranking</h2><table><tr><th>rank</th><th>team</th><th>total</th><th>weighted points</th><th>penalty</th><th>authority violations</th><th>late orders</th><th>casualties</th><th>people exposed</th><th>last warning acknowledged</th><th>mode</th><th>tie-break</th></tr>");
    for e in &j.entries {
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><td class=\"player\">{}</td><td class=\"num total\">{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            e.rank,
            esc(&e.team_name),
            num(e.total),
            num(e.weighted_points),
            num(e.max_weighted_points),
            num(e.penalty),
            e.authority_violations.len(),
            e.late_orders.len(),
            e.casualties,
            e.people_exposed,
            ack(e),
            e.mode.name(),
            e.behind_on
                .as_ref()
                .map(|t| format!("behind on {}", esc(t)))
                .unwrap_or_default()
        );
    }
    o.push_str("</table>");
    if !j.tie_breaks.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">Equal totals are separated by: {}.</p>",
            esc(&j.tie_breaks.join(", then "))
        );
    }
    if let Some(first) = j.entries.first() {
        // side by side: objectives down, teams across
        o.push_str("<h2>Comparison by objective</h2><table><tr><th>objective</th><th>weight</th>");
        for e in &j.entries {
            let _ = write!(o, "<th colspan=\"3\">{}</th>", esc(&e.team_name));
        }
        o.push_str("</tr>");
        for (k, x) in first.objectives.iter().enumerate() {
            let _ = write!(
                o,
                "<tr><td>{} {}</td><td class=\"num\">×{}</td>",
                esc(&x.id),
                esc(&x.title),
                x.weight
            );
            for e in &j.entries {
                if let Some(y) = e.objectives.get(k) {
                    let _ = write!(
                        o,
                        "{}<td class=\"num\">{} → {}</td><td>{}</td>",
                        rating_cell(y.rating),
                        num(y.points),
                        num(y.weighted),
                        esc(&y.value)
                    );
                }
            }
            o.push_str("</tr>");
        }
        o.push_str("<tr><td class=\"total\">penalty</td><td></td>");
        for e in &j.entries {
            let _ = write!(
                o,
                "<td></td><td class=\"num\">−{}</td><td></td>",
                num(e.penalty)
            );
        }
        o.push_str("</tr><tr><td class=\"total\">total</td><td></td>");
        for e in &j.entries {
            let _ = write!(
                o,
                "<td></td><td class=\"num total\">{}</td><td></td>",
                num(e.total)
            );
        }
        o.push_str("</tr></table><p class=\"note\">Each cell: rating, points → weighted points, measured value. Points are those of <code>drillsim score</code>; the round's weights multiply them.</p>");
    }
    for e in &j.entries {
        let _ = write!(
            o,
            "<h2>{}. {}</h2><p class=\"note\">{} — {} session</p><table><tr><th>objective</th><th>rating</th><th>points</th><th>weight</th><th>weighted</th><th>measured</th><th>where the time went</th></tr>",
            e.rank,
            esc(&e.team_name),
            esc(&e.file.display().to_string()),
            e.mode.name()
        );
        for (x, c) in e.objectives.iter().zip(&e.card.objectives) {
            let cp: String = c
                .critical_path
                .iter()
                .map(|p| format!("<li>{}</li>", esc(p)))
                .collect();
            let _ = write!(
                o,
                "<tr><td>{} {}</td>{}<td class=\"num\">{} / {}</td><td class=\"num\">×{}</td><td class=\"num\">{}</td><td>{}</td><td><ul class=\"cp\">{cp}</ul></td></tr>",
                esc(&x.id),
                esc(&x.title),
                rating_cell(x.rating),
                num(x.points),
                num(x.max_points),
                x.weight,
                num(x.weighted),
                esc(&x.value)
            );
        }
        o.push_str("</table>");
        for (title, list) in [
            ("Authority violations", &e.authority_violations),
            ("Late orders", &e.late_orders),
        ] {
            if !list.is_empty() {
                let _ = write!(o, "<h3>{title}</h3><ul>");
                for v in list {
                    let _ = write!(o, "<li>{}</li>", esc(v));
                }
                o.push_str("</ul>");
            }
        }
    }
    if !j.rejected.is_empty() {
        o.push_str(
            "<h2>Refused recordings</h2><table><tr><th>file</th><th>team</th><th>reason</th></tr>",
        );
        for r in &j.rejected {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"warn\">{}</td></tr>",
                esc(&r.file.display().to_string()),
                esc(r.team.as_deref().unwrap_or("?")),
                esc(&r.reason)
            );
        }
        o.push_str("</table>");
    }
    let _ = writeln!(
        o,
        "<p class=\"note\">Round file SHA-256 {}. Every accepted recording was signed with the round's key, re-simulated from its inputs and matched every checksum. Judged in {:.1} s.</p></main></body></html>",
        esc(&j.round_hash),
        j.judge_s
    );
    o
}

/// Write the leaderboard files that were asked for, each whole or not at all
/// ([`crate::output::write`]; the CSV with the UTF-8 byte-order mark); `force`
/// replaces existing files (never a recording or a key).
pub fn write(
    j: &Judgement,
    html: Option<&Path>,
    csv: Option<&Path>,
    json: Option<&Path>,
    force: bool,
) -> Result<(), String> {
    let kind = crate::output::Kind::Ordinary("leaderboard");
    let put = |p: &Path, text: String| crate::output::write(p, text.as_bytes(), kind, force);
    if let Some(p) = html {
        put(p, render_html(j))?;
    }
    if let Some(p) = csv {
        let mut bytes = crate::output::text::UTF8_BOM.to_vec();
        bytes.extend_from_slice(render_csv(j)?.as_bytes());
        crate::output::write(p, &bytes, kind, force)?;
    }
    if let Some(p) = json {
        put(p, render_json(j)?)?;
    }
    Ok(())
}
