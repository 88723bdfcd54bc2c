//! The report page: one self-contained HTML file (inline CSS, inline SVG, PNG maps as
//! `data:` URIs; no scripts, nothing fetched) laid out after the HSEEP after-action
//! report and improvement plan.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Report, Run, charts, map};
use crate::scenario::raw::RawTarget;
use crate::scenario::{MemberKind, Scenario};
use crate::scoring::Rating;
use crate::sim::events::EventKind;
use crate::time::hms;

/// Escape text for HTML; characters XML 1.0 forbids (control characters from
/// scenario names) become spaces ([`crate::output::text::xml_text`]).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in crate::output::text::xml_text(s).chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The report's style sheet (also used by the competition leaderboard).
pub const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;color:#1d232b;background:#f4f5f7;line-height:1.4}
main{max-width:1240px;margin:0 auto;padding:18px 28px 60px;background:#fff}
header{background:#1f3a5f;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;opacity:.85}
h2{border-bottom:2px solid #1f3a5f;padding-bottom:3px;margin-top:34px;color:#1f3a5f}
h3{margin:20px 0 6px;color:#333}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13.5px}
th,td{border:1px solid #c9ced6;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#e8ecf2}
table.kv th{width:190px}
td.num{text-align:right;white-space:nowrap}
td.r{font-weight:bold;text-align:center;width:28px}
td.rP{background:#c8e6c9;color:#1b5e20}
td.rS{background:#fff59d;color:#6d5d00}
td.rM{background:#ffcc80;color:#8a3b00}
td.rU{background:#ef9a9a;color:#7f0000}
td.player{color:#0d47a1;font-weight:bold}
td.plan{color:#666}
ul.cp{margin:0;padding-left:18px;font-size:12.5px;color:#444}
.row{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
.row>figure,.row>div.col{margin:0;flex:0 0 auto}
figure{margin:0}
figcaption{font-size:12.5px;color:#444;margin-top:2px;max-width:640px}
figure img{border:1px solid #999;display:block;max-width:100%}
.legend span{display:inline-block;margin-right:14px;font-size:12.5px}
.sw{display:inline-block;width:12px;height:12px;border:1px solid #333;vertical-align:-2px;margin-right:4px}
td[contenteditable]{background:#fffde7;min-width:90px}
.note{font-size:12.5px;color:#555}
.total{font-weight:bold}
.warn{color:#b71c1c}
svg{max-width:100%;height:auto}
@media print{body{background:#fff}main{padding:0}td[contenteditable]{background:#fff}}
"#;

/// A table cell showing a rating in its colour.
pub fn rating_cell(r: Rating) -> String {
    format!("<td class=\"r r{r:?}\">{r:?}</td>")
}

fn seat_role(run: &Run, seat: &str) -> &'static str {
    if run.player_seats.contains(seat) {
        "player"
    } else {
        "plan"
    }
}

fn place_name(s: &Scenario, id: &str) -> String {
    s.place(id)
        .map(|p| s.places[p.0 as usize].name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn t_end(report: &Report) -> f64 {
    let tick = report.scenario.meta.tick_s as f64;
    report
        .runs
        .iter()
        .map(|r| r.last_tick as f64 * tick)
        .fold(60.0, f64::max)
}

fn overview(o: &mut String, report: &Report) {
    let s = &report.scenario;
    let m = &s.meta;
    let recs: Vec<&Run> = report.runs.iter().filter(|r| !r.is_baseline()).collect();
    let _ = write!(
        o,
        "<h2 id=\"overview\">1. Exercise overview</h2><table class=\"kv\">\
         <tr><th>Exercise name</th><td>{}</td></tr>\
         <tr><th>Scenario</th><td>{}</td></tr>\
         <tr><th>Hazards</th><td>{}</td></tr>\
         <tr><th>Start</th><td>{}</td></tr>\
         <tr><th>Duration</th><td>{} (tick {} s)</td></tr>",
        esc(&m.name),
        esc(&m.description),
        esc(&m
            .hazard_kinds
            .iter()
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>()
            .join(", ")),
        esc(&m.start),
        hms(m.duration_s),
        m.tick_s
    );
    for r in &report.runs {
        let what = match &r.path {
            Some(p) => format!("recording <code>{}</code>", esc(&p.display().to_string())),
            None => "the contingency plan alone, re-simulated without inputs".into(),
        };
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{what}; seed {}; ran to {}{}</td></tr>",
            esc(&r.label),
            r.seed,
            hms(r.last_tick * m.tick_s),
            r.damage
                .as_ref()
                .map(|d| format!(" — <span class=\"warn\">{}</span>", esc(d)))
                .unwrap_or_default()
        );
    }
    let _ = write!(
        o,
        "<tr><th>Scenario hash</th><td><code>{}</code></td></tr></table>",
        esc(&s.source.hash)
    );
    // seats
    o.push_str("<h3>Seats (command posts)</h3><table><tr><th>Seat</th><th>Name</th><th>Level</th><th>Responsible</th><th>Covers</th>");
    for r in &recs {
        let _ = write!(o, "<th>{}</th>", esc(&r.label));
    }
    o.push_str("</tr>");
    for mem in &s.org.members {
        if let MemberKind::Command {
            level,
            responsible,
            covers,
            ..
        } = &mem.kind
        {
            let _ = write!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td><td>{:?}</td><td>{}</td><td>{}</td>",
                esc(&mem.id),
                esc(&mem.name),
                level,
                esc(responsible.as_deref().unwrap_or("—")),
                esc(&covers
                    .iter()
                    .map(|p| s.places[p.0 as usize].name.clone())
                    .collect::<Vec<_>>()
                    .join(", "))
            );
            for r in &recs {
                let role = seat_role(r, &mem.id);
                let _ = write!(o, "<td class=\"{role}\">{role}</td>");
            }
            o.push_str("</tr>");
        }
    }
    o.push_str("</table><p class=\"note\">A seat is <b>player</b> when at least one input in the recording came from it; otherwise the contingency plan played it.</p>");
    // objectives
    let tasks = s.objectives.iter().any(|ob| !ob.critical_tasks.is_empty());
    let _ = write!(
        o,
        "<h3>Objectives and core capabilities</h3><table><tr><th>Id</th><th>Objective</th><th>Core capability</th><th>Target</th>{}<th>Points</th></tr>",
        if tasks { "<th>Critical tasks</th>" } else { "" }
    );
    let card = report.runs.first().map(|r| &r.card);
    for (i, ob) in s.objectives.iter().enumerate() {
        let target = card
            .and_then(|c| c.objectives.get(i))
            .map(|x| x.target.clone())
            .unwrap_or_default();
        let task_cell = if tasks {
            format!("<td>{}</td>", esc(&ob.critical_tasks.join("; ")))
        } else {
            String::new()
        };
        let _ = write!(
            o,
            "<tr><td><b>{}</b></td><td>{}</td><td>{}</td><td>{}</td>{task_cell}<td class=\"num\">{}</td></tr>",
            esc(&ob.id),
            esc(&ob.title),
            esc(&ob.capability),
            esc(&target),
            ob.points
        );
    }
    o.push_str("</table>");
}

fn scorecard(o: &mut String, report: &Report) {
    o.push_str("<h2 id=\"scorecard\">2. Analysis of capabilities: scorecard</h2>");
    o.push_str("<p class=\"legend\"><span><span class=\"sw\" style=\"background:#c8e6c9\"></span>P — performed without challenges</span><span><span class=\"sw\" style=\"background:#fff59d\"></span>S — with some challenges</span><span><span class=\"sw\" style=\"background:#ffcc80\"></span>M — with major challenges</span><span><span class=\"sw\" style=\"background:#ef9a9a\"></span>U — unable to be performed</span></p>");
    if report.runs.len() > 1 {
        o.push_str("<h3>Side by side</h3><table><tr><th>Objective</th>");
        for r in &report.runs {
            let _ = write!(o, "<th colspan=\"3\">{}</th>", esc(&r.label));
        }
        o.push_str("</tr>");
        for (i, ob) in report.scenario.objectives.iter().enumerate() {
            let _ = write!(o, "<tr><td><b>{}</b> {}</td>", esc(&ob.id), esc(&ob.title));
            for r in &report.runs {
                match r.card.objectives.get(i) {
                    Some(x) => {
                        let _ = write!(
                            o,
                            "{}<td>{}</td><td class=\"num\">{:.1}</td>",
                            rating_cell(x.rating),
                            esc(&x.value),
                            x.points
                        );
                    }
                    None => o.push_str("<td></td><td></td><td></td>"),
                }
            }
            o.push_str("</tr>");
        }
        o.push_str("<tr class=\"total\"><td>Total</td>");
        for r in &report.runs {
            let _ = write!(
                o,
                "<td colspan=\"3\" class=\"num\">{:.1} / {:.1}</td>",
                r.card.total, r.card.max_total
            );
        }
        o.push_str("</tr></table>");
    }
    for r in &report.runs {
        let _ = write!(o, "<h3>Scorecard — {}</h3>", esc(&r.label));
        o.push_str("<table><tr><th>Id</th><th>Objective</th><th>Capability</th><th>Rating</th><th>Measured</th><th>Target</th><th>Points</th><th>Critical path</th></tr>");
        for x in &r.card.objectives {
            let cp = if x.critical_path.is_empty() {
                String::new()
            } else {
                format!(
                    "<ul class=\"cp\">{}</ul>",
                    x.critical_path
                        .iter()
                        .map(|c| format!("<li>{}</li>", esc(c)))
                        .collect::<String>()
                )
            };
            let _ = write!(
                o,
                "<tr><td><b>{}</b></td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td class=\"num\">{:.1} / {:.1}</td><td>{cp}</td></tr>",
                esc(&x.id),
                esc(&x.title),
                esc(&x.capability),
                rating_cell(x.rating),
                esc(&x.value),
                esc(&x.target),
                x.points,
                x.max_points
            );
        }
        let _ = write!(
            o,
            "<tr class=\"total\"><td colspan=\"6\">Total</td><td class=\"num\">{:.1} / {:.1}</td><td></td></tr></table>",
            r.card.total, r.card.max_total
        );
        if !r.card.seats.is_empty() {
            o.push_str("<table><tr><th>Seat</th><th>Deciding</th><th>Relaying</th><th>Acknowledgements</th></tr>");
            for st in &r.card.seats {
                let _ = write!(
                    o,
                    "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    esc(&st.seat),
                    hms(st.decision_s),
                    hms(st.relay_s),
                    st.acknowledgements
                );
            }
            o.push_str("</table>");
        }
    }
}

/// Swimlane timeline: one lane per command post.
pub fn timeline_svg(s: &Scenario, run: &Run, t_end: f64) -> String {
    let posts = super::command_posts(s);
    let lane_h = 40.0;
    let left = 210.0;
    let width = 1180.0;
    let top = 34.0;
    let plot_w = width - left - 20.0;
    let height = top + lane_h * posts.len() as f64 + 34.0;
    let x = |t: f64| left + t / t_end.max(1.0) * plot_w;
    let lane: BTreeMap<&str, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.0.as_str(), i))
        .collect();
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    // legend
    let legend = [
        ("circle", "#1f77b4", "inject received"),
        ("tri", "#c62828", "warning issued"),
        ("diamond", "#2e7d32", "acknowledged"),
        ("square", "#7b1fa2", "response level"),
        ("bar", "#444", "unit dispatched"),
    ];
    let mut lx = left;
    for (shape, col, name) in legend {
        o.push_str(&marker(shape, col, lx + 6.0, 16.0, name));
        let _ = write!(o, "<text x=\"{}\" y=\"20\">{}</text>", lx + 16.0, name);
        lx += 150.0;
    }
    for (i, (id, name)) in posts.iter().enumerate() {
        let y = top + lane_h * i as f64;
        let fill = if i % 2 == 0 { "#f3f6fa" } else { "#ffffff" };
        let role = seat_role(run, id);
        let _ = write!(
            o,
            "<rect x=\"{left}\" y=\"{y}\" width=\"{plot_w}\" height=\"{lane_h}\" fill=\"{fill}\" stroke=\"#d0d5dd\"/>\
             <text x=\"6\" y=\"{}\" font-weight=\"{}\">{}</text><text x=\"6\" y=\"{}\" fill=\"#666\" font-size=\"10\">{} · {role}</text>",
            y + 15.0,
            if role == "player" { "bold" } else { "normal" },
            esc(&truncate(name, 30)),
            y + 28.0,
            esc(id)
        );
    }
    // time axis
    let y_axis = top + lane_h * posts.len() as f64;
    let step = if t_end <= 3.0 * 3600.0 {
        1800.0
    } else {
        3600.0
    };
    let mut t = 0.0;
    while t <= t_end + 1.0 {
        let _ = write!(
            o,
            "<line x1=\"{0}\" y1=\"{top}\" x2=\"{0}\" y2=\"{1}\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/><text x=\"{0}\" y=\"{2}\" text-anchor=\"middle\">{3}</text>",
            x(t),
            y_axis + 4.0,
            y_axis + 18.0,
            charts::hhmm(t)
        );
        t += step;
    }
    for e in &run.events {
        let t = e.t_s as f64;
        let (seat, shape, col, what): (Option<String>, &str, &str, String) = match &e.kind {
            EventKind::InjectDelivered {
                inject, to, text, ..
            } => (
                Some(to.clone()),
                "circle",
                "#1f77b4",
                format!("inject {inject}: {text}"),
            ),
            EventKind::WarningIssued {
                seat, place, level, ..
            } => (
                Some(seat.clone()),
                "tri",
                "#c62828",
                format!("{level} warning for {}", place_name(s, place)),
            ),
            EventKind::Acknowledged {
                seat,
                item,
                after_s,
                source,
                ..
            } => (
                Some(seat.clone()),
                "diamond",
                "#2e7d32",
                format!("acknowledged {item} after {} ({source})", hms(*after_s)),
            ),
            EventKind::ResponseLevelChanged { level, seat } => (
                Some(seat.clone()),
                "square",
                "#7b1fa2",
                format!("response level {level}"),
            ),
            EventKind::UnitDispatched { unit, to, task, .. } => (
                super::unit_commander(s, unit),
                "bar",
                "#444",
                format!("{unit} dispatched to {} ({task})", place_name(s, to)),
            ),
            _ => (None, "", "", String::new()),
        };
        let Some(i) = seat.as_deref().and_then(|x| lane.get(x)) else {
            continue;
        };
        // each kind at its own height so markers at the same minute stay apart
        let dy = match shape {
            "circle" => -9.0,
            "tri" => -3.0,
            "diamond" => 3.0,
            "square" => 9.0,
            _ => 0.0,
        };
        let y = top + lane_h * *i as f64 + lane_h / 2.0 + dy;
        o.push_str(&marker(
            shape,
            col,
            x(t),
            y,
            &format!("{} {}", hms(e.t_s), what),
        ));
    }
    o.push_str("</svg>");
    o
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn marker(shape: &str, col: &str, x: f64, y: f64, title: &str) -> String {
    let t = format!("<title>{}</title>", esc(title));
    match shape {
        "circle" => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{col}\" fill-opacity=\"0.85\" stroke=\"#fff\">{t}</circle>"
        ),
        "tri" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{col}\" stroke=\"#fff\">{t}</polygon>",
            x,
            y - 7.0,
            x - 6.0,
            y + 5.0,
            x + 6.0,
            y + 5.0
        ),
        "diamond" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{col}\" stroke=\"#fff\">{t}</polygon>",
            x,
            y - 6.0,
            x + 6.0,
            y,
            x,
            y + 6.0,
            x - 6.0,
            y
        ),
        "square" => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{col}\" stroke=\"#fff\">{t}</rect>",
            x - 5.0,
            y - 5.0
        ),
        _ => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"18\" fill=\"{col}\">{t}</rect>",
            x - 1.5,
            y - 9.0
        ),
    }
}

fn timelines(o: &mut String, report: &Report) {
    o.push_str("<h2 id=\"timeline\">3. Timeline of key events</h2><p class=\"note\">One lane per command post; hover a marker for details. Dispatches are drawn in the lane of the unit's commander.</p>");
    let te = t_end(report);
    for r in &report.runs {
        let _ = write!(o, "<h3>{}</h3>", esc(&r.label));
        o.push_str(&timeline_svg(&report.scenario, r, te));
    }
}

fn ack_target_min(s: &Scenario) -> Option<f64> {
    s.objectives.iter().find_map(|o| match &o.target {
        RawTarget::AcknowledgeWithin { within, .. } => Some(within.0 as f64 / 60.0),
        _ => None,
    })
}

/// Draws one chart for a run.
type Chart<'a> = Box<dyn Fn(&Run) -> String + 'a>;

fn chart_section(o: &mut String, report: &Report) {
    o.push_str("<h2 id=\"charts\">4. Measurements</h2><p class=\"note\">In the hazard and people charts, grey vertical lines mark units dispatched and red ones warnings issued. Runs side by side share their axes.</p>");
    let te = t_end(report);
    let s = &report.scenario;
    let ack_max = report
        .runs
        .iter()
        .flat_map(|r| charts::ack_times(r).into_iter().map(|x| x.1))
        .fold(1.0, f64::max);
    let hz_max = report
        .runs
        .iter()
        .map(|r| charts::series_max(&charts::hazard_series(r)))
        .fold(0.0, f64::max);
    let p_max = report
        .runs
        .iter()
        .map(|r| charts::series_max(&charts::people_series(r)))
        .fold(0.0, f64::max);
    let sections: [(&str, Chart<'_>); 3] = [
        (
            "Time to acknowledge",
            Box::new(|r: &Run| charts::ack_bars(r, ack_max * 1.05, ack_target_min(s))),
        ),
        (
            "Hazard growth against the response",
            Box::new(|r: &Run| charts::hazard_growth(r, te, hz_max)),
        ),
        (
            "People at risk",
            Box::new(|r: &Run| charts::people_at_risk(r, te, p_max)),
        ),
    ];
    if report.runs.len() == 1 {
        // one run: the charts side by side
        o.push_str("<div class=\"row\">");
        for (title, draw) in &sections {
            let _ = write!(
                o,
                "<div class=\"col\"><h3>{title}</h3>{}</div>",
                draw(&report.runs[0])
            );
        }
        o.push_str("</div>");
        return;
    }
    for (title, draw) in &sections {
        let _ = write!(o, "<h3>{title}</h3><div class=\"row\">");
        for r in &report.runs {
            let _ = write!(o, "<div class=\"col\">{}</div>", draw(r));
        }
        o.push_str("</div>");
    }
}

fn maps(o: &mut String, report: &Report) {
    o.push_str("<h2 id=\"maps\">5. Maps at key moments</h2><p class=\"legend\">\
        <span><span class=\"sw\" style=\"background:#6e0a0a\"></span>burnt</span>\
        <span><span class=\"sw\" style=\"background:#ff8c00\"></span>burning / AEGL-2</span>\
        <span><span class=\"sw\" style=\"background:#96c8ff\"></span>shallow water</span>\
        <span><span class=\"sw\" style=\"background:#0a288c\"></span>deep water</span>\
        <span><span class=\"sw\" style=\"background:#f5d700\"></span>AEGL-1</span>\
        <span><span class=\"sw\" style=\"background:#dc1414\"></span>AEGL-3</span>\
        <span><span class=\"sw\" style=\"background:#fff;border-radius:6px\"></span>place</span>\
        <span><span class=\"sw\" style=\"background:#28aa3c;border-radius:6px\"></span>shelter</span>\
        <span><span class=\"sw\" style=\"background:#e600c8\"></span>unit</span>\
        <span><span class=\"sw\" style=\"background:#3c2d1e;height:3px\"></span>road (red: closed)</span></p>");
    let k = map::scale(&report.scenario);
    let (w, h) = (
        report.scenario.grid.width * k,
        report.scenario.grid.height * k,
    );
    // side by side when comparing: smaller images
    let shown_w = if report.runs.len() > 1 {
        w.min(400)
    } else {
        w.min(570)
    };
    for r in &report.runs {
        let _ = write!(o, "<h3>{}</h3><div class=\"row\">", esc(&r.label));
        for m in &r.maps {
            let _ = write!(
                o,
                "<figure><img src=\"{}\" width=\"{shown_w}\" alt=\"map at {}\" style=\"aspect-ratio:{w}/{h}\"><figcaption>{} — {}</figcaption></figure>",
                map::data_uri(&m.png),
                hms(m.t_s),
                hms(m.t_s),
                esc(&m.caption)
            );
        }
        o.push_str("</div>");
    }
}

/// An area for improvement.
#[derive(Debug, Clone)]
pub struct Area {
    /// The issue.
    pub issue: String,
    /// Supporting analysis.
    pub detail: Vec<String>,
    /// Capability element.
    pub capability: String,
    /// Responsible organisation (prefilled when one seat is named).
    pub responsible: String,
}

/// Strengths and areas for improvement derived from a run's measurements.
pub fn findings(s: &Scenario, run: &Run) -> (Vec<String>, Vec<Area>) {
    let mut strengths = Vec::new();
    let mut areas = Vec::new();
    for x in &run.card.objectives {
        if x.rating == Rating::P {
            strengths.push(format!(
                "{} {} ({}): {} — target {}.",
                x.id, x.title, x.capability, x.value, x.target
            ));
        } else {
            areas.push(Area {
                issue: format!(
                    "{} {} rated {:?}: {} against a target of {}.",
                    x.id, x.title, x.rating, x.value, x.target
                ),
                detail: x.critical_path.clone(),
                capability: x.capability.clone(),
                responsible: String::new(),
            });
        }
    }
    // the slowest seats
    let name = |id: &str| {
        s.org
            .find(id)
            .map(|m| s.org.member(m).name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    for st in run
        .card
        .seats
        .iter()
        .filter(|st| st.decision_s + st.relay_s > 0)
        .take(2)
    {
        areas.push(Area {
            issue: format!(
                "{} was among the slowest links: {} deciding and {} relaying messages ({} acknowledgements, {}).",
                name(&st.seat),
                hms(st.decision_s),
                hms(st.relay_s),
                st.acknowledgements,
                seat_role(run, &st.seat)
            ),
            detail: Vec::new(),
            capability: "Operational Communications".into(),
            responsible: name(&st.seat),
        });
    }
    // late warnings: a place reached before its households were warned
    let mut seen = BTreeSet::new();
    for e in &run.events {
        if let EventKind::PlaceReached { place, hazard, .. } = &e.kind {
            if !seen.insert(place.clone()) {
                continue;
            }
            // only places with households to warn
            let Some(pid) = s.place(place) else { continue };
            if s.places[pid.0 as usize].population == 0 || s.covering_post(pid).is_none() {
                continue;
            }
            let warned = run.events.iter().find_map(|w| match &w.kind {
                EventKind::PlaceWarned { place: p, .. } if p == place => Some(w.t_s),
                _ => None,
            });
            let post = s
                .place(place)
                .and_then(|p| s.covering_post(p))
                .map(|m| s.org.member(m).name.clone())
                .unwrap_or_default();
            match warned {
                Some(w) if w <= e.t_s => {}
                Some(w) => areas.push(Area {
                    issue: format!(
                        "Late warning: {} was reached by the {hazard} at {} but its households were warned only at {}.",
                        place_name(s, place),
                        hms(e.t_s),
                        hms(w)
                    ),
                    detail: Vec::new(),
                    capability: "Public Information and Warning".into(),
                    responsible: post,
                }),
                None => areas.push(Area {
                    issue: format!(
                        "No warning: {} was reached by the {hazard} at {} and its households were never warned.",
                        place_name(s, place),
                        hms(e.t_s)
                    ),
                    detail: Vec::new(),
                    capability: "Public Information and Warning".into(),
                    responsible: post,
                }),
            }
        }
    }
    // idle units
    let dispatched: BTreeSet<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::UnitDispatched { unit, .. } => Some(unit.as_str()),
            _ => None,
        })
        .collect();
    let idle: Vec<String> = s
        .org
        .units
        .iter()
        .map(|u| &s.org.member(u.member).id)
        .filter(|id| !dispatched.contains(id.as_str()))
        .map(|id| format!("{} ({id})", name(id)))
        .collect();
    if !idle.is_empty() {
        areas.push(Area {
            issue: format!(
                "Idle resources: {} of {} units were never dispatched: {}.",
                idle.len(),
                s.org.units.len(),
                idle.join(", ")
            ),
            detail: Vec::new(),
            capability: "Operational Coordination".into(),
            responsible: String::new(),
        });
    } else if !s.org.units.is_empty() {
        strengths.push(format!(
            "Every one of the {} units was put to work.",
            s.org.units.len()
        ));
    }
    (strengths, areas)
}

fn findings_section(o: &mut String, report: &Report) -> Vec<(String, Area)> {
    o.push_str("<h2 id=\"findings\">6. Strengths and areas for improvement</h2>");
    let mut all = Vec::new();
    for r in report.runs.iter().filter(|r| !r.is_baseline()) {
        let (strengths, areas) = findings(&report.scenario, r);
        let _ = write!(o, "<h3>{}</h3><h4>Strengths</h4><ul>", esc(&r.label));
        if strengths.is_empty() {
            o.push_str("<li class=\"note\">No objective was performed without challenges.</li>");
        }
        for st in &strengths {
            let _ = write!(o, "<li>{}</li>", esc(st));
        }
        o.push_str("</ul><h4>Areas for improvement</h4><ol>");
        for a in &areas {
            let _ = write!(o, "<li>{}", esc(&a.issue));
            if !a.detail.is_empty() {
                let _ = write!(
                    o,
                    "<ul class=\"cp\">{}</ul>",
                    a.detail
                        .iter()
                        .map(|d| format!("<li>{}</li>", esc(d)))
                        .collect::<String>()
                );
            }
            o.push_str("</li>");
        }
        o.push_str("</ol>");
        all.extend(areas.into_iter().map(|a| (r.label.clone(), a)));
    }
    all
}

fn improvement_plan(o: &mut String, report: &Report, areas: &[(String, Area)]) {
    let many = report.runs.iter().filter(|r| !r.is_baseline()).count() > 1;
    o.push_str("<h2 id=\"ip\">7. Improvement plan</h2><p class=\"note\">One row per area for improvement; the yellow cells are editable — fill them in at the hot wash and print or save the page.</p><table><tr><th>#</th>");
    if many {
        o.push_str("<th>Team</th>");
    }
    o.push_str("<th>Issue / area for improvement</th><th>Corrective action</th><th>Capability element</th><th>Primary responsible organisation</th><th>Organisation POC</th><th>Start date</th><th>Completion date</th></tr>");
    for (i, (label, a)) in areas.iter().enumerate() {
        let _ = write!(o, "<tr><td>{}</td>", i + 1);
        if many {
            let _ = write!(o, "<td>{}</td>", esc(label));
        }
        let _ = write!(
            o,
            "<td>{}</td><td contenteditable=\"true\"></td><td contenteditable=\"true\">{}</td><td contenteditable=\"true\">{}</td><td contenteditable=\"true\"></td><td contenteditable=\"true\"></td><td contenteditable=\"true\"></td></tr>",
            esc(&a.issue),
            esc(&a.capability),
            esc(&a.responsible)
        );
    }
    o.push_str("</table>");
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let s = &report.scenario;
    let mut o = String::with_capacity(1 << 20);
    let kind = if report.runs.len() > 1 {
        "Comparison after-action report"
    } else {
        "After-action report"
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{kind} — {}</title><style>{CSS}</style></head><body><header><h1>{kind} / improvement plan</h1><p>{} — {} — {}</p></header><main>",
        esc(&s.meta.name),
        esc(&s.meta.name),
        esc(&s.meta.start.replace('T', " ")),
        esc(&report
            .runs
            .iter()
            .map(|r| r.label.clone())
            .collect::<Vec<_>>()
            .join(" vs "))
    );
    o.push_str("<nav class=\"note\">Contents: <a href=\"#overview\">overview</a> · <a href=\"#scorecard\">scorecard</a> · <a href=\"#timeline\">timeline</a> · <a href=\"#charts\">measurements</a> · <a href=\"#maps\">maps</a> · <a href=\"#findings\">strengths and areas for improvement</a> · <a href=\"#ip\">improvement plan</a></nav>");
    overview(&mut o, report);
    scorecard(&mut o, report);
    timelines(&mut o, report);
    chart_section(&mut o, report);
    maps(&mut o, report);
    let areas = findings_section(&mut o, report);
    improvement_plan(&mut o, report, &areas);
    let _ = writeln!(
        o,
        "<p class=\"note\">Generated by drillsim {} from the recordings listed above; every figure is re-simulated from the recorded inputs.</p></main></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    o
}
