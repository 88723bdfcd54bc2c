//! The report page: one self-contained HTML file (inline CSS, inline SVG, PNG maps as
//! `data:` URIs; no scripts, nothing fetched) laid out after the HSEEP after-action
//! report and improvement plan.

use std::fmt::Write as _;

use super::findings::{findings_section, improvement_plan};
use super::i18n::{Lang, f, l, phrase};
use super::{Report, Run, charts, i18n, map};
use crate::scenario::MemberKind;
use crate::scoring::Rating;
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
ul.cp,p.cp{margin:0;padding-left:18px;font-size:12.5px;color:#444}
.row{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
td.step .d{display:inline-block;min-width:6.2em;text-align:right}
.charts3{display:grid;grid-template-columns:repeat(3,minmax(0,340px));gap:0 14px;align-items:start}
.charts3>h3,.charts3>p{margin-bottom:4px}
.row>figure,.row>div.col{margin:0;flex:0 0 auto}
figure{margin:0}
figcaption{font-size:12.5px;color:#444;margin-top:2px;max-width:640px}
figure img{border:1px solid #999;display:block;max-width:100%}
.legend span{display:inline-block;margin-right:14px;font-size:12.5px}
.sw{display:inline-block;width:12px;height:12px;border:1px solid #333;vertical-align:-2px;margin-right:4px}
td[contenteditable]{background:#fffde7;min-width:90px}
table.ip,table.card,table.ttw,table.inj,table.side,table.obj{table-layout:fixed;width:100%}
table.ip td[contenteditable]{min-width:0}
table.ip td,table.card td,table.ttw td,table.inj td,table.side td,table.obj td{overflow-wrap:anywhere}
table.ttw th,table.inj th{font-size:.9em;hyphens:auto}
table.ttw td,table.ttw th{padding:2px 3px}
table.ttw td{font-size:.94em}
.note{font-size:12.5px;color:#555}
.paper{display:none}
.total{font-weight:bold}
.warn{color:#b71c1c}
.good{color:#1b5e20}
td.sub{padding-left:14px;color:#444}
tr.group th{background:#eceff1;text-align:left;font-weight:normal;font-style:italic}
svg{max-width:100%;height:auto}
.cover{padding:28px 0 18px;border-bottom:3px solid #1f3a5f}
.cover h1{font-size:30px;color:#1f3a5f;margin:0 0 6px}
.cover .sub{font-size:17px;color:#333;margin:0 0 24px}
.cover table.kv th{width:220px}
.blank{display:inline-block;min-width:260px;border-bottom:1px solid #777;height:1.2em}
table.ttw,table.inj{font-size:12px}
table.ttw td,table.inj td{white-space:normal}
@page{size:A4;margin:9mm 10mm 10mm}
@media print{
 body{background:#fff;font-size:10px;line-height:1.25}
 header.bar{display:none}
 main{padding:0;max-width:none}
 nav{display:none}
 .cover{border:0;padding:0 0 4px}
 .cover h1{font-size:24px;margin:0 0 2px}
 .cover .sub{font-size:14px;margin:0 0 8px}
 .cover table.kv th{width:170px}
 td[contenteditable]{background:#fff}
 h2,h3,h4{break-after:avoid;page-break-after:avoid;break-inside:avoid}
 h2{margin-top:10px}
 h3{margin:8px 0 3px}
 table{margin:3px 0 6px}
 h2+p.note,h2+p.note+p.note,h3+p.note,h2+p.legend,h3+p.legend,p.legend+p.legend:not(.key){break-after:avoid;page-break-after:avoid}
 p.note{break-inside:avoid}
 .note,ul.cp,p.cp{font-size:9.5px}
 table.keep{break-inside:avoid}
 thead{display:table-header-group}
 tr,figure,svg,img,ul>li{break-inside:avoid;page-break-inside:avoid}
 table,table.ttw,table.inj{font-size:9.5px}
 /* Latin tables at 9 px (6.75 pt) and a leading of 1.2 keep the largest bundled
    comparison on 7 pages; Chinese keeps 9.5 px and 1.25, which its glyphs need */
 html[lang=en] body{line-height:1.2}
 html[lang=en] table,html[lang=en] table.ttw,html[lang=en] table.inj{font-size:9px}
 th,td{padding:2px 5px}
 table.ip th,table.ip td,table.inj th,table.inj td{padding:2px 3px}
 table.ip th,table.ip td{font-size:9px}
 table.ip td{height:2.8em}
 table.ip tr.group th{font-size:10px;font-weight:bold;font-style:normal}
 tr.group{break-after:avoid;page-break-after:avoid}
 .row{gap:6px;flex-wrap:nowrap}
 .row>div.col,.row>figure{flex:1 1 0;min-width:0}
 .row svg,.row img{width:100%;height:auto}
 .row .legend svg{width:auto}
 .row.two{flex-wrap:wrap}
 .charts3{grid-template-columns:repeat(3,minmax(0,1fr));gap:0 6px;break-inside:avoid}
 .charts3>div>svg{width:100%;height:auto}
 .row.two>figure{flex:0 0 calc(50% - 3px)}
 figcaption{font-size:9px}
 svg.timeline{width:100%;height:auto}
 .legend span{font-size:9.5px;margin-right:8px}
 .section{break-before:page}
 .colophon{display:none}
 .screen{display:none}
 .paper{display:block}
}
"#;

/// The runs that get their own scorecard and "where the time went" tables: every run
/// of a single-run report; when comparing, the teams (the plan baseline is shown in
/// the comparisons instead).
pub fn detailed_runs(report: &Report) -> impl Iterator<Item = &Run> {
    let comparing = report.is_comparison();
    report
        .runs
        .iter()
        .filter(move |r| !(comparing && r.is_baseline()))
}

/// A table cell showing a rating in its colour.
pub fn rating_cell(r: Rating) -> String {
    format!("<td class=\"r r{r:?}\">{r:?}</td>")
}

/// An objective's rating cell: [`rating_cell`], or "—" for an objective the run
/// stopped before deciding.
fn objective_rating_cell(x: &crate::scoring::ObjectiveScore) -> String {
    match x.undecided_at_s {
        Some(_) => "<td class=\"r\">—</td>".to_string(),
        None => rating_cell(x.rating),
    }
}

/// An objective's points, one decimal; "—" for an objective the run stopped before
/// deciding.
fn objective_points(x: &crate::scoring::ObjectiveScore) -> String {
    match x.undecided_at_s {
        Some(_) => "—".to_string(),
        None => format!("{:.1}", x.points),
    }
}

/// An objective's measured value in the report's words, with "not decided" and the
/// moment the run stopped for an objective the run stopped before deciding.
fn objective_value(x: &crate::scoring::ObjectiveScore, lang: Lang) -> String {
    let v = phrase(lang, &x.value);
    match x.undecided_at_s {
        Some(t) => f(
            lang,
            "{0} (not decided: the recording stops at {1})",
            &[&v, &crate::time::hms(t)],
        ),
        None => v,
    }
}

fn seat_role(run: &Run, seat: &str) -> &'static str {
    if run.player_seats.contains(seat) {
        "player"
    } else {
        "plan"
    }
}

/// "player" or "plan" in the report's language.
fn role_word(lang: Lang, role: &str) -> &'static str {
    if role == "player" {
        l(lang, "player")
    } else {
        l(lang, "plan")
    }
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
    let lang = report.lang;
    let s = &report.scenario;
    let recs: Vec<&Run> = report.runs.iter().filter(|r| !r.is_baseline()).collect();
    // the exercise's facts (date, duration, runs, scenario hash) are on the cover
    let _ = write!(
        o,
        "<h2 id=\"overview\">1. {}</h2>",
        l(lang, "Exercise overview")
    );
    // seats
    let _ = write!(
        o,
        "<h3>{}</h3><table class=\"keep\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        l(lang, "Seats (command posts)"),
        l(lang, "Name"),
        l(lang, "Level"),
        l(lang, "Responsible"),
        l(lang, "Covers")
    );
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
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                esc(&mem.name),
                crate::scenario::names::command_level_words(*level, lang == Lang::Zh),
                esc(responsible.as_deref().unwrap_or("—")),
                esc(&covers
                    .iter()
                    .map(|p| s.places[p.0 as usize].name.clone())
                    .collect::<Vec<_>>()
                    .join(", "))
            );
            for r in &recs {
                let role = seat_role(r, &mem.id);
                let _ = write!(o, "<td class=\"{role}\">{}</td>", role_word(lang, role));
            }
            o.push_str("</tr>");
        }
    }
    let _ = write!(
        o,
        "</table><p class=\"note\">{}</p>",
        l(
            lang,
            "A seat is <b>player</b> when people held it or at least one input in the recording came from it; otherwise the contingency plan played it."
        )
    );
    // objectives
    let tasks = s.objectives.iter().any(|ob| !ob.critical_tasks.is_empty());
    // the objectives' table may break between rows (its heading row repeats): kept
    // whole, a long one left a fifth of the first page empty; fixed widths give the
    // objective and its target the room (the automatic layout gave the target twice
    // the objective's, whose title then ran to four lines)
    let widths: &[u32] = if tasks {
        &[4, 26, 18, 26, 19, 7]
    } else {
        &[4, 35, 20, 34, 7]
    };
    o.push_str("<h3>");
    o.push_str(l(lang, "Objectives and core capabilities"));
    o.push_str("</h3><table class=\"obj\"><colgroup>");
    for w in widths {
        let _ = write!(o, "<col style=\"width:{w}%\">");
    }
    o.push_str("</colgroup>");
    let _ = write!(
        o,
        "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{}<th>{}</th></tr>",
        l(lang, "Id"),
        l(lang, "Objective"),
        l(lang, "Core capability"),
        l(lang, "Target"),
        if tasks {
            format!("<th>{}</th>", l(lang, "Critical tasks"))
        } else {
            String::new()
        },
        l(lang, "Points")
    );
    let card = report.runs.first().map(|r| &r.card);
    for (i, ob) in s.objectives.iter().enumerate() {
        let target = card
            .and_then(|c| c.objectives.get(i))
            .map(|x| phrase(lang, &x.target))
            .unwrap_or_default();
        let task_cell = if tasks {
            format!(
                "<td>{}</td>",
                esc(&ob.critical_tasks_in(lang == Lang::Zh).join("; "))
            )
        } else {
            String::new()
        };
        let _ = write!(
            o,
            "<tr><td><b>{}</b></td><td>{}</td><td>{}</td><td>{}</td>{task_cell}<td class=\"num\">{}</td></tr>",
            esc(&ob.id),
            esc(&i18n::objective_title(
                &report.scenario,
                lang,
                &ob.id,
                &ob.title
            )),
            esc(&i18n::capability(lang, &ob.capability)),
            esc(&target),
            ob.points
        );
    }
    o.push_str("</table>");
}

fn scorecard(o: &mut String, report: &Report) {
    let lang = report.lang;
    let _ = write!(
        o,
        "<h2 id=\"scorecard\">2. {}</h2><p class=\"legend\"><span><span class=\"sw\" style=\"background:#c8e6c9\"></span>{}</span><span><span class=\"sw\" style=\"background:#fff59d\"></span>{}</span><span><span class=\"sw\" style=\"background:#ffcc80\"></span>{}</span><span><span class=\"sw\" style=\"background:#ef9a9a\"></span>{}</span></p>",
        l(lang, "Analysis of capabilities: scorecard"),
        l(lang, "P — performed without challenges"),
        l(lang, "S — with some challenges"),
        l(lang, "M — with major challenges"),
        l(lang, "U — unable to be performed")
    );
    if report.is_comparison() {
        // the objective wide enough for its title in two or three lines, the
        // measured value for "acknowledgements" whole (at 14 % it broke as
        // "acknowledgement|s"), the points for "10.0", for up to three runs (two
        // teams and the plan); with more, the objective gives way to the measures
        let objective_w = if report.runs.len() <= 3 { 24.0 } else { 20.0 };
        let _ = write!(
            o,
            "<h3>{}</h3><table class=\"side\"><colgroup><col style=\"width:{objective_w}%\">",
            l(lang, "Side by side")
        );
        let per_run = (100.0 - objective_w) / report.runs.len() as f64;
        for _ in &report.runs {
            let _ = write!(
                o,
                "<col style=\"width:3.5%\"><col style=\"width:{:.1}%\"><col style=\"width:5.5%\">",
                per_run - 9.0
            );
        }
        let _ = write!(o, "</colgroup><tr><th>{}</th>", l(lang, "Objective"));
        for r in &report.runs {
            let _ = write!(o, "<th colspan=\"3\">{}</th>", esc(&r.label));
        }
        o.push_str("</tr>");
        for (i, ob) in report.scenario.objectives.iter().enumerate() {
            let _ = write!(
                o,
                "<tr><td><b>{}</b> {}</td>",
                esc(&ob.id),
                esc(&i18n::objective_title(
                    &report.scenario,
                    lang,
                    &ob.id,
                    &ob.title
                ))
            );
            for r in &report.runs {
                match r.card.objectives.get(i) {
                    Some(x) => {
                        let _ = write!(
                            o,
                            "{}<td>{}</td><td class=\"num\">{}</td>",
                            objective_rating_cell(x),
                            esc(&objective_value(x, lang)),
                            objective_points(x)
                        );
                    }
                    None => o.push_str("<td></td><td></td><td></td>"),
                }
            }
            o.push_str("</tr>");
        }
        let _ = write!(o, "<tr class=\"total\"><td>{}</td>", l(lang, "Total"));
        for r in &report.runs {
            let _ = write!(
                o,
                "<td colspan=\"3\" class=\"num\">{:.1} / {:.1}</td>",
                r.card.total, r.card.max_total
            );
        }
        o.push_str("</tr>");
        o.push_str(&super::where_time_went::comparison_rows(report));
        o.push_str("</table>");
    }
    if report.is_comparison() {
        // comparing: no scorecard per run (the table above has every run's ratings,
        // the plan baseline's too; each team's critical paths are the analysis of its
        // areas for improvement in section 7), the seats' times side by side
        seat_times_compared(o, report);
        return;
    }
    for r in &report.runs {
        // the critical path's column only when some objective has one (a quarter of
        // the width stood empty in the fire and leak reports)
        let any_cp = r
            .card
            .objectives
            .iter()
            .any(|x| !x.critical_path.is_empty());
        let (cols, cp_head) = if any_cp {
            (
                "<col style=\"width:4.5%\"><col style=\"width:13.5%\"><col style=\"width:13.5%\"><col style=\"width:6.5%\"><col style=\"width:13.5%\"><col style=\"width:16.5%\"><col style=\"width:8%\"><col style=\"width:24%\">",
                format!("<th>{}</th>", l(lang, "Critical path")),
            )
        } else {
            (
                "<col style=\"width:5%\"><col style=\"width:20%\"><col style=\"width:17%\"><col style=\"width:6.5%\"><col style=\"width:20%\"><col style=\"width:22.5%\"><col style=\"width:9%\">",
                String::new(),
            )
        };
        let _ = write!(
            o,
            "<h3>{}</h3><table class=\"card\"><colgroup>{cols}</colgroup><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{cp_head}</tr>",
            f(lang, "Scorecard — {0}", &[&esc(&r.label)]),
            l(lang, "Id"),
            l(lang, "Objective"),
            l(lang, "Capability"),
            l(lang, "Rating"),
            l(lang, "Measured"),
            l(lang, "Target"),
            l(lang, "Points"),
        );
        for x in &r.card.objectives {
            let cp = if any_cp && x.undecided_at_s.is_some() {
                // why it is late is not known before it is decided
                "<td></td>".to_string()
            } else if any_cp {
                format!("<td>{}</td>", critical_path_list(lang, &x.critical_path))
            } else {
                String::new()
            };
            let _ = write!(
                o,
                "<tr><td><b>{}</b></td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td class=\"num\">{} / {:.1}</td>{cp}</tr>",
                esc(&x.id),
                esc(&i18n::objective_title(
                    &report.scenario,
                    lang,
                    &x.id,
                    &x.title
                )),
                esc(&i18n::capability(lang, &x.capability)),
                objective_rating_cell(x),
                esc(&objective_value(x, lang)),
                esc(&phrase(lang, &x.target)),
                objective_points(x),
                x.max_points
            );
        }
        let _ = write!(
            o,
            "<tr class=\"total\"><td colspan=\"6\">{}</td><td class=\"num\">{:.1} / {:.1}</td>{}</tr></table>",
            l(lang, "Total"),
            r.card.total,
            r.card.max_total,
            if any_cp { "<td></td>" } else { "" }
        );
        seat_times(o, report, r);
    }
}

/// A critical path as a list (empty when there is none).
fn critical_path_list(lang: Lang, path: &[String]) -> String {
    if path.is_empty() {
        return String::new();
    }
    format!(
        "<ul class=\"cp\">{}</ul>",
        path.iter()
            .map(|c| format!("<li>{}</li>", esc(&phrase(lang, c))))
            .collect::<String>()
    )
}

/// The time each seat added deciding and relaying, the teams side by side (seats in
/// the first team's order, then any only another team has; a seat that added nothing
/// and acknowledged nothing in every team is left out).
fn seat_times_compared(o: &mut String, report: &Report) {
    let lang = report.lang;
    let teams: Vec<&Run> = detailed_runs(report).collect();
    let mut seats: Vec<&str> = Vec::new();
    for r in &teams {
        // a seat that added no time and gave no acknowledgement in this team says
        // nothing
        for st in r
            .card
            .seats
            .iter()
            .filter(|st| st.decision_s > 0 || st.relay_s > 0 || st.acknowledgements > 0)
        {
            if !seats.contains(&st.seat.as_str()) {
                seats.push(&st.seat);
            }
        }
    }
    if seats.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<h3>{}</h3><table class=\"keep\"><thead><tr><th rowspan=\"2\">{}</th>",
        l(lang, "Time each seat added"),
        l(lang, "Seat")
    );
    for r in &teams {
        let _ = write!(o, "<th colspan=\"3\">{}</th>", esc(&r.label));
    }
    o.push_str("</tr><tr>");
    for _ in &teams {
        let _ = write!(
            o,
            "<th>{}</th><th>{}</th><th>{}</th>",
            l(lang, "Deciding"),
            l(lang, "Relaying"),
            l(lang, "Acknowledgements")
        );
    }
    // both heading rows in the head: `with_table_heads` takes the first row alone,
    // which cut the "Seat" heading's two rows apart and shifted every heading of
    // the second row one column left
    o.push_str("</tr></thead><tbody>");
    for seat in seats {
        let _ = write!(
            o,
            "<tr><td>{}</td>",
            esc(&super::acks::seat_name(&report.scenario, seat))
        );
        for r in &teams {
            match r.card.seats.iter().find(|st| st.seat == seat) {
                Some(st) => o.push_str(&seat_time_cells(st)),
                None => o.push_str("<td></td><td></td><td></td>"),
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
}

/// The time each seat of a run added deciding and relaying.
fn seat_times(o: &mut String, report: &Report, r: &Run) {
    let lang = report.lang;
    if r.card.seats.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<table class=\"keep\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        l(lang, "Seat"),
        l(lang, "Deciding"),
        l(lang, "Relaying"),
        l(lang, "Acknowledgements")
    );
    for st in &r.card.seats {
        let _ = write!(
            o,
            "<tr><td>{}</td>{}</tr>",
            esc(&super::acks::seat_name(&report.scenario, &st.seat)),
            seat_time_cells(st)
        );
    }
    o.push_str("</table>");
}

/// A seat's time deciding, time relaying and acknowledgements, as three table cells.
fn seat_time_cells(st: &crate::scoring::SeatTimes) -> String {
    format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        hms(st.decision_s),
        hms(st.relay_s),
        st.acknowledgements
    )
}

fn timelines(o: &mut String, report: &Report) {
    let lang = report.lang;
    let _ = write!(
        o,
        "<h2 id=\"timeline\">3. {}</h2><p class=\"note\">{}",
        l(lang, "Timeline of key events"),
        l(
            lang,
            "One lane per command post, its name in bold where people played it and in grey where the plan did; markers are labelled on the page. Dispatches are drawn in the lane of the unit's commander."
        )
    );
    if report.is_comparison() {
        let _ = write!(
            o,
            " {}",
            l(
                lang,
                "The teams' timelines; the plan baseline's steps are in the comparison table of section 2."
            )
        );
    }
    o.push_str("</p>");
    let te = t_end(report);
    o.push_str(&super::timeline::legend_html(&report.scenario, lang));
    for r in detailed_runs(report) {
        let _ = write!(o, "<h3>{}</h3>", esc(&r.label));
        o.push_str(&super::timeline::svg(&report.scenario, r, te, lang));
    }
}

/// Draws one chart for a run from its gathered measures.
type Chart<'a> = Box<dyn Fn(&charts::Measures) -> String + 'a>;

fn chart_section(o: &mut String, report: &Report) {
    let lang = report.lang;
    let _ = write!(o, "<h2 id=\"charts\">5. {}</h2>", l(lang, "Measurements"));
    if report.is_comparison() {
        let _ = write!(
            o,
            "<p class=\"note\">{}</p>",
            l(lang, "Runs side by side share their axes.")
        );
    }
    let te = t_end(report);
    // each run's items and series gathered once, for its chart, the shared axes and
    // the legends
    let measures: Vec<charts::Measures> = report
        .runs
        .iter()
        .map(|r| charts::Measures::of(&report.scenario, r, lang))
        .collect();
    // one minutes axis for every run: the longest acknowledged wait or target (an
    // item never acknowledged runs to the axis end and says so)
    let ack_max = super::acks::axis_max_min(measures.iter().flat_map(|m| {
        m.acks
            .iter()
            .flat_map(|b| [b.acknowledged.then_some(b.waited_s), b.target_s])
            .flatten()
            .map(|x| x as f64 / 60.0)
    }));
    let hz_max = measures
        .iter()
        .map(|m| charts::series_max(&m.hazard.0))
        .fold(0.0, f64::max);
    let p_max = measures
        .iter()
        .map(|m| charts::series_max(&m.people))
        .fold(0.0, f64::max);
    let sections: [(&str, charts::ChartKind, Chart<'_>); 3] = [
        (
            l(lang, "Time to acknowledge"),
            charts::ChartKind::Acknowledgement,
            Box::new(|m: &charts::Measures| {
                charts::ack_times(&m.run.label, &m.acks, ack_max, lang)
            }),
        ),
        (
            l(lang, "Hazard growth against the response"),
            charts::ChartKind::HazardGrowth,
            Box::new(|m: &charts::Measures| charts::hazard_growth(m, te, hz_max)),
        ),
        (
            l(lang, "People at risk"),
            charts::ChartKind::PeopleAtRisk,
            Box::new(|m: &charts::Measures| charts::people_at_risk(m, te, p_max, lang)),
        ),
    ];
    if !report.is_comparison() {
        // one run: the charts side by side, each with its legend as wide as the chart,
        // in a grid of three rows — the titles, the legends, the charts — so that the
        // charts start level however their titles and legends wrap (as columns of
        // their own they started at three heights)
        o.push_str("<div class=\"charts3\">");
        for (title, _, _) in &sections {
            let _ = write!(o, "<h3>{title}</h3>");
        }
        for (_, kind, _) in &sections {
            o.push_str(&charts::legend_html(*kind, &measures, lang));
        }
        for (_, _, draw) in &sections {
            let _ = write!(o, "<div>{}</div>", draw(&measures[0]));
        }
        o.push_str("</div>");
        return;
    }
    for (title, kind, draw) in &sections {
        let _ = write!(
            o,
            "<h3>{title}</h3>{}<div class=\"row\">",
            charts::legend_html(*kind, &measures, lang)
        );
        for m in &measures {
            let _ = write!(o, "<div class=\"col\">{}</div>", draw(m));
        }
        o.push_str("</div>");
    }
}

fn maps(o: &mut String, report: &Report) {
    let lang = report.lang;
    let s = &report.scenario;
    let _ = write!(
        o,
        "<h2 id=\"maps\">6. {}</h2>",
        l(lang, "Maps at key moments")
    );
    let sheltering = report.runs.iter().any(|r| {
        r.events
            .iter()
            .any(|e| matches!(e.kind, crate::sim::events::EventKind::ShelterInPlace { .. }))
    });
    // the key above the maps, free to end a page (the maps follow on the next): kept
    // with a row of maps, above or below, it moved the row to the next page and left
    // a fifth to a third of a page empty in the larger exercises
    let key = format!(
        "{}{}",
        map::legend_html(s, lang),
        super::map_overlay::legend_html(lang, sheltering)
    );
    let fig = |o: &mut String, r: &Run, m: &super::MapImage, shown_w: u32| {
        let _ = write!(
            o,
            "<figure>{}<figcaption><b>{}</b> {} — {}</figcaption></figure>",
            super::map_overlay::figure_svg(s, r, m, shown_w, lang),
            esc(&r.label),
            hms(m.t_s),
            esc(&map_caption(lang, m))
        );
    };
    o.push_str(&key);
    if !report.is_comparison() {
        let r = &report.runs[0];
        // printed two to a row, so that the place names stay legible (four to a row
        // printed them at 4.3 pt)
        o.push_str("<div class=\"row two\">");
        for m in &r.maps {
            fig(o, r, m, 340);
        }
        o.push_str("</div>");
        return;
    }
    // comparing ([`super::MapSet::Comparison`]): when the hazard first reached a place
    // (a moment of its own in each run) for every team side by side, then the end of
    // the run
    let shown_w = (680 / report.runs.len() as u32).clamp(200, 340);
    for first_reached in [true, false] {
        o.push_str("<div class=\"row maprow\">");
        for r in &report.runs {
            if let Some(m) = r.maps.iter().find(|m| {
                if first_reached {
                    !m.moments.contains(&super::MapMoment::End)
                        && m.moments
                            .iter()
                            .any(|x| matches!(x, super::MapMoment::FirstReached { .. }))
                } else {
                    m.moments.contains(&super::MapMoment::End)
                }
            }) {
                fig(o, r, m, shown_w);
            }
        }
        o.push_str("</div>");
    }
}

/// A map's caption in `lang`.
fn map_caption(lang: Lang, m: &super::MapImage) -> String {
    m.moments
        .iter()
        .map(|x| match x {
            super::MapMoment::Share(25) => l(lang, "25 % of the run").to_string(),
            super::MapMoment::Share(_) => l(lang, "50 % of the run").to_string(),
            super::MapMoment::End => l(lang, "end of the run").to_string(),
            super::MapMoment::FirstReached {
                hazard,
                place,
                at_s,
            } => f(
                lang,
                "the {0} first reached {1} at {2}",
                &[&hazard_name(lang, hazard), place, &hms(*at_s)],
            ),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A hazard's name in `lang`.
pub fn hazard_name(lang: Lang, hazard: &str) -> String {
    match hazard {
        "flood" => l(lang, "flood").into(),
        "forest_fire" => l(lang, "fire").into(),
        "chemical_leak" => l(lang, "gas").into(),
        h => h.replace('_', " "),
    }
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let s = &report.scenario;
    let lang = report.lang;
    let mut o = String::with_capacity(1 << 20);
    let kind = if report.is_comparison() {
        l(lang, "Comparison after-action report")
    } else {
        l(lang, "After-action report")
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{kind} — {}</title><style>{CSS}</style></head><body><header class=\"bar\"><h1>{kind} / {}</h1><p>{} — {} — {}</p></header><main>",
        lang.html(),
        esc(&crate::scenario::names::name_in(
            &s.meta.name,
            lang == Lang::Zh
        )),
        l(lang, "improvement plan"),
        esc(&crate::scenario::names::name_in(
            &s.meta.name,
            lang == Lang::Zh
        )),
        esc(&s.meta.start.replace('T', " ")),
        esc(&report
            .runs
            .iter()
            .map(|r| r.label.clone())
            .collect::<Vec<_>>()
            .join(" · "))
    );
    let _ = write!(o, "<nav class=\"note\">{}: ", l(lang, "Contents"));
    let toc = [
        ("summary", l(lang, "summary")),
        ("overview", l(lang, "overview")),
        ("scorecard", l(lang, "scorecard")),
        ("timeline", l(lang, "timeline")),
        ("time", l(lang, "where the time went")),
        ("charts", l(lang, "measurements")),
        ("maps", l(lang, "maps")),
        ("findings", l(lang, "strengths and areas for improvement")),
        ("ip", l(lang, "improvement plan")),
    ];
    let links: Vec<String> = toc
        .iter()
        .map(|(id, w)| format!("<a href=\"#{id}\">{w}</a>"))
        .collect();
    o.push_str(&links.join(" · "));
    o.push_str("</nav>");
    let short = |text: &str| crate::scenario::names::names_in_language(s, text, lang == Lang::Zh);
    super::front::cover(&mut o, report);
    let mut summary = String::new();
    super::front::summary(&mut summary, report);
    overview(&mut summary, report);
    o.push_str(&short(&summary));
    // after the cover a bilingual name is said in the report's language only: the
    // cover's participants give each name whole, once; the tables, charts and findings
    // after it said every name twice, which took a page and more of a comparison (the
    // inject table most)
    let mut rest = String::with_capacity(1 << 20);
    scorecard(&mut rest, report);
    timelines(&mut rest, report);
    super::where_time_went::section(&mut rest, report);
    chart_section(&mut rest, report);
    maps(&mut rest, report);
    let areas = findings_section(&mut rest, report);
    improvement_plan(&mut rest, report, &areas);
    o.push_str(&short(&rest));
    let _ = writeln!(
        o,
        "<p class=\"note colophon\">{}</p></main></body></html>",
        f(
            lang,
            "Generated by drillsim {0} from the recordings listed above; every figure is re-simulated from the recorded inputs.",
            &[env!("CARGO_PKG_VERSION")]
        )
    );
    with_table_heads(&o)
}

/// Every table's first row of headings wrapped in `<thead>` and the rest in `<tbody>`
/// (so a printed table repeats its headings on each page), after its `<colgroup>` if
/// it has one; tables whose first row
/// holds data cells, or that already have a `<thead>`, are left as they are.
pub fn with_table_heads(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 4096);
    let mut rest = html;
    while let Some(i) = rest.find("<table") {
        let Some(open_end) = rest[i..].find('>').map(|k| i + k + 1) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        rest = &rest[open_end..];
        let Some(close) = rest.find("</table>") else {
            continue;
        };
        let mut body = &rest[..close];
        // column widths come before the rows
        if body.starts_with("<colgroup")
            && let Some(k) = body.find("</colgroup>")
        {
            let k = k + "</colgroup>".len();
            out.push_str(&body[..k]);
            body = &body[k..];
        }
        let first_row_end = body.find("</tr>").map(|k| k + "</tr>".len());
        match first_row_end {
            Some(e)
                if body.starts_with("<tr>")
                    && !body[..e].contains("<td")
                    && !body.contains("<thead") =>
            {
                out.push_str("<thead>");
                out.push_str(&body[..e]);
                out.push_str("</thead><tbody>");
                out.push_str(&body[e..]);
                out.push_str("</tbody>");
            }
            _ => out.push_str(body),
        }
        out.push_str("</table>");
        rest = &rest[close + "</table>".len()..];
    }
    out.push_str(rest);
    out
}
