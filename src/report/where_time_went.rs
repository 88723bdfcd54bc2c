//! Where the time went: per place, the chain from the hazard's arrival back through
//! the warning (issued, received at the post, acknowledged, households warned) and the
//! evacuation (order received at the post, started, done), with the lead time and the
//! longest step; per inject, its text, the expected action, what the receiving seat
//! did next and the delay. Every time is the first event of its kind for that place
//! (or inject) in the run's event log; a step that never happened is `None`.
//!
//! Places listed: those with people that the hazard reached or that were warned or
//! evacuated, in the scenario's order.

use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, f, l};
use super::{Report, Run, acks};
use crate::scenario::Scenario;
use crate::sim::events::{Event, EventKind};
use crate::time::{hms, signed_hms};

/// One place's chain of times, s from the start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlaceLine {
    /// Place id.
    pub place: String,
    /// Place name.
    pub name: String,
    /// People living there.
    pub population: u32,
    /// The hazard reached it.
    pub arrival_s: Option<u64>,
    /// The first warning for it was issued.
    pub warning_issued_s: Option<u64>,
    /// The warning reached the post that covers it (waiting for acknowledgement).
    pub warning_received_s: Option<u64>,
    /// The post acknowledged it.
    pub warning_acknowledged_s: Option<u64>,
    /// Its households were warned.
    pub households_warned_s: Option<u64>,
    /// An evacuation order for it reached the post.
    pub evacuation_ordered_s: Option<u64>,
    /// People began to leave.
    pub evacuation_started_s: Option<u64>,
    /// Everyone had left.
    pub evacuation_done_s: Option<u64>,
    /// Its people were told to shelter in place (a chemical release: staying indoors
    /// with windows shut is the protective action instead of leaving).
    pub sheltered_s: Option<u64>,
    /// The hazard starts here (a leaking plant): no warning can come before it.
    pub hazard_source: bool,
}

impl PlaceLine {
    /// Warning lead time, s: arrival minus households warned (negative: warned after
    /// the hazard arrived); `None` when either never happened.
    pub fn lead_s(&self) -> Option<i64> {
        Some(self.arrival_s? as i64 - self.households_warned_s? as i64)
    }

    /// Reached by the hazard and its households never warned, though a warning could
    /// have come first (not the hazard's source).
    pub fn reached_unwarned(&self) -> bool {
        self.arrival_s.is_some() && self.households_warned_s.is_none() && !self.hazard_source
    }

    /// The longest step of the chain that happened: (step name, seconds).
    pub fn longest_step(&self) -> Option<(&'static str, u64)> {
        let steps: [(&'static str, Option<u64>, Option<u64>); 6] = [
            (
                "warning in transit",
                self.warning_issued_s,
                self.warning_received_s,
            ),
            (
                "waiting for acknowledgement",
                self.warning_received_s,
                self.warning_acknowledged_s,
            ),
            (
                "post to households",
                self.warning_acknowledged_s,
                self.households_warned_s,
            ),
            (
                "warning to evacuation order",
                self.households_warned_s,
                self.evacuation_ordered_s,
            ),
            (
                "order to first people leaving",
                self.evacuation_ordered_s,
                self.evacuation_started_s,
            ),
            (
                "evacuation",
                self.evacuation_started_s,
                self.evacuation_done_s,
            ),
        ];
        steps
            .iter()
            .filter_map(|(n, a, b)| Some((*n, (*b)?.checked_sub((*a)?)?)))
            .max_by_key(|x| x.1)
    }
}

/// One inject: what came in, what was expected, what the seat did.
#[derive(Debug, Clone, PartialEq)]
pub struct InjectLine {
    /// Inject id.
    pub id: String,
    /// Recipient's name.
    pub to: String,
    /// Delivered at, s (`None`: never delivered in this run).
    pub delivered_s: Option<u64>,
    /// Its text.
    pub text: String,
    /// The MSEL's expected action.
    pub expected: String,
    /// Acknowledged after, s.
    pub acknowledged_after_s: Option<u64>,
    /// The recipient's acknowledgement target, s ([`acks::seat_target_s`]; `None`: no
    /// objective asks it to acknowledge, so an acknowledgement that never came is
    /// not counted against it).
    pub ack_target_s: Option<u64>,
    /// What the recipient did after it (up to three actions: time and words).
    pub actions: Vec<(u64, String)>,
    /// How many actions it took in all before its next inject.
    pub actions_total: usize,
    /// Delay to the first action, s.
    pub delay_s: Option<u64>,
}

fn first(events: &[Event], f: impl Fn(&EventKind) -> bool) -> Option<u64> {
    events.iter().find(|e| f(&e.kind)).map(|e| e.t_s)
}

/// The chain of times for each place with people that the run touched.
pub fn places(s: &Scenario, run: &Run) -> Vec<PlaceLine> {
    let ev = &run.events;
    let sources = super::findings::hazard_sources(s);
    s.places
        .iter()
        .filter(|p| p.population > 0)
        .map(|p| {
            let id = p.id.as_str();
            let warn_item = format!("warning:{id}");
            let evac_item = format!("evacuate:{id}");
            PlaceLine {
                // the place where the hazard that reached it first starts
                hazard_source: sources.get(&p.id).is_some_and(|h| {
                    ev.iter().find_map(|e| match &e.kind {
                        EventKind::PlaceReached { place, hazard, .. } if place == id => {
                            Some(hazard.as_str() == *h)
                        }
                        _ => None,
                    }) != Some(false)
                }),
                place: p.id.clone(),
                name: p.name.clone(),
                population: p.population,
                arrival_s: first(
                    ev,
                    |k| matches!(k, EventKind::PlaceReached { place, .. } if place == id),
                ),
                warning_issued_s: first(
                    ev,
                    |k| matches!(k, EventKind::WarningIssued { place, .. } if place == id),
                ),
                warning_received_s: first(
                    ev,
                    |k| matches!(k, EventKind::AwaitingAck { item, .. } if *item == warn_item),
                ),
                warning_acknowledged_s: first(
                    ev,
                    |k| matches!(k, EventKind::Acknowledged { item, .. } if *item == warn_item),
                ),
                households_warned_s: first(
                    ev,
                    |k| matches!(k, EventKind::PlaceWarned { place, .. } if place == id),
                ),
                evacuation_ordered_s: first(
                    ev,
                    |k| matches!(k, EventKind::AwaitingAck { item, .. } if *item == evac_item),
                ),
                evacuation_started_s: first(
                    ev,
                    |k| matches!(k, EventKind::EvacuationStarted { place, .. } if place == id),
                ),
                evacuation_done_s: first(
                    ev,
                    |k| matches!(k, EventKind::EvacuationDone { place, .. } if place == id),
                ),
                sheltered_s: first(
                    ev,
                    |k| matches!(k, EventKind::ShelterInPlace { place, .. } if place == id),
                ),
            }
        })
        .filter(|l| {
            l.arrival_s.is_some()
                || l.warning_issued_s.is_some()
                || l.evacuation_started_s.is_some()
                || l.sheltered_s.is_some()
        })
        .collect()
}

/// A warning level (`Blue` … `Red`) in `lang`.
pub fn level_word(lang: Lang, level: &str) -> String {
    match level {
        "Blue" => l(lang, "Blue").into(),
        "Yellow" => l(lang, "Yellow").into(),
        "Orange" => l(lang, "Orange").into(),
        "Red" => l(lang, "Red").into(),
        x => x.to_string(),
    }
}

/// Characters of a message's text shown in the inject table (the whole text is in the
/// event log and the CSV): a post's situation report ran to ten lines of a narrow
/// column.
const MESSAGE_CHARS: usize = 60;

/// `text` cut to `n` characters at a word's end where there is one, with "…".
fn cut(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let head: String = text.chars().take(n).collect();
    let at = head
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .next_back()
        .filter(|&i| i > head.len() / 2)
        .unwrap_or(head.len());
    format!("{}…", head[..at].trim_end_matches([',', ';', ' ']))
}

/// What a seat did, in words, if the event is one of its actions.
fn action_of(s: &Scenario, seat: &str, k: &EventKind, lang: Lang) -> Option<String> {
    let place = |id: &str| {
        s.place(id)
            .map(|p| s.places[p.0 as usize].name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match k {
        EventKind::WarningIssued {
            seat: x,
            place: p,
            level,
            ..
        } if x == seat => Some(f(
            lang,
            "{0} warning for {1}",
            &[&level_word(lang, level), &place(p)],
        )),
        EventKind::ResponseLevelChanged { seat: x, level } if x == seat => {
            Some(f(lang, "response level {0}", &[level]))
        }
        EventKind::MessageSent { from, to, what, .. } if from == seat => Some(f(
            lang,
            "{0} to {1}",
            &[
                // in words with names in the report's language before the cut, so
                // no name is cut in two; a text people wrote stays as written
                &cut(
                    &crate::scenario::names::message_words(s, what, lang == Lang::Zh),
                    MESSAGE_CHARS,
                ),
                &acks::seat_name(s, to),
            ],
        )),
        EventKind::ShelterInPlace { seat: x, place: p } if x == seat => {
            Some(f(lang, "shelter in place at {0}", &[&place(p)]))
        }
        _ => None,
    }
}

/// Each inject of the MSEL in time order.
pub fn injects(s: &Scenario, run: &Run, lang: Lang) -> Vec<InjectLine> {
    let ev = &run.events;
    let end = ev.last().map(|e| e.t_s).unwrap_or(0);
    let mut out: Vec<InjectLine> = s
        .injects
        .iter()
        .map(|i| {
            let to_id = s.org.member(i.to).id.clone();
            let delivered_s = first(
                ev,
                |k| matches!(k, EventKind::InjectDelivered { inject, .. } if *inject == i.id),
            );
            let acknowledged_after_s = ev.iter().find_map(|e| match &e.kind {
                EventKind::Acknowledged {
                    item,
                    after_s,
                    seat,
                    ..
                } if *item == i.id && *seat == to_id => Some(*after_s),
                _ => None,
            });
            // what the seat did after it, until the next inject to the same seat
            let next = s
                .injects
                .iter()
                .filter(|j| j.to == i.to && j.time_s > i.time_s)
                .map(|j| j.time_s)
                .min()
                .unwrap_or(end + 1);
            let mut actions: Vec<(u64, String)> = Vec::new();
            let mut actions_total = 0;
            if let Some(d) = delivered_s {
                for e in ev.iter().filter(|e| e.t_s >= d && e.t_s < next) {
                    if let Some(a) = action_of(s, &to_id, &e.kind, lang) {
                        actions_total += 1;
                        if actions.len() < 3 {
                            actions.push((e.t_s, a));
                        }
                    }
                }
            }
            InjectLine {
                id: i.id.clone(),
                to: acks::seat_name(s, &to_id),
                delivered_s,
                text: i.text_in(lang == Lang::Zh).to_string(),
                expected: i.expected_action_in(lang == Lang::Zh).to_string(),
                acknowledged_after_s,
                ack_target_s: acks::seat_target_s(s, &to_id),
                delay_s: match (delivered_s, actions.first()) {
                    (Some(d), Some((t, _))) => Some(t - d),
                    _ => None,
                },
                actions,
                actions_total,
            }
        })
        .collect();
    out.sort_by_key(|l| l.delivered_s.unwrap_or(u64::MAX));
    out
}

fn t(x: Option<u64>) -> String {
    x.map(hms).unwrap_or_else(|| "—".into())
}

/// The place table's protective-action cell: when the evacuation order reached the
/// post, and, for people told to shelter in place instead (or as well), "shelter in
/// place HH:MM:SS" — without it a sheltered place read as one nobody protected.
fn protective_action(lang: Lang, pl: &PlaceLine) -> String {
    match (pl.evacuation_ordered_s, pl.sheltered_s) {
        (_, None) => t(pl.evacuation_ordered_s),
        (None, Some(s)) => format!("{} {}", l(lang, "shelter in place"), hms(s)),
        (Some(e), Some(s)) => format!("{}<br>{} {}", hms(e), l(lang, "shelter in place"), hms(s)),
    }
}

/// The section: per run, the places table then the injects table; comparing, per team
/// the places table, then one injects table with a column per team.
pub fn section(o: &mut String, report: &Report) {
    let lang = report.lang;
    let _ = write!(
        o,
        "<h2 id=\"time\">4. {}</h2><p class=\"note\">{}",
        l(lang, "Where the time went"),
        l(
            lang,
            "Per place: the hazard's arrival and each step of the warning and the evacuation (first time each happened; — never). Lead time is the arrival less the time the households were warned; the longest step names where most time was lost. Per inject: what the team was told, what was expected, what the receiving post did next (in bold, the time from the inject to its first action)."
        )
    );
    let comparing = report.is_comparison();
    if comparing {
        let _ = write!(
            o,
            " {}",
            l(
                lang,
                "The plan baseline's steps are in the comparison table of section 2, beside each team's."
            )
        );
    }
    o.push_str("</p>");
    let s = &report.scenario;
    for r in super::html::detailed_runs(report) {
        let _ = write!(o, "<h3>{}</h3>", esc(&r.label));
        let lines = places(s, r);
        // fixed widths: the twelve columns keep their room in any language (Chinese
        // headings may break anywhere, which let the automatic layout squeeze the
        // lead time into a column one character wide); a time as wide as
        // "00:00:00", the place's name and the longest step in two lines
        o.push_str(
            "<table class=\"ttw\"><colgroup><col style=\"width:12%\"><col style=\"width:5%\">",
        );
        for _ in 0..8 {
            o.push_str("<col style=\"width:7.25%\">");
        }
        o.push_str("<col style=\"width:8%\"><col style=\"width:17%\"></colgroup><thead><tr>");
        for h in [
            l(lang, "Place"),
            l(lang, "People"),
            l(lang, "Hazard arrives"),
            l(lang, "Warning issued"),
            l(lang, "Received at post"),
            l(lang, "Acknowledged"),
            l(lang, "Households warned"),
            l(lang, "Evacuation or shelter order"),
            l(lang, "Evacuation started"),
            l(lang, "Evacuation done"),
            l(lang, "Lead time"),
            l(lang, "Longest step"),
        ] {
            let _ = write!(o, "<th>{}</th>", soft_hyphens(h));
        }
        o.push_str("</tr></thead><tbody>");
        for pl in &lines {
            let lead = match (pl.lead_s(), pl.arrival_s, pl.households_warned_s) {
                (Some(x), _, _) if x >= 0 => signed_hms(x),
                (Some(x), _, _) => format!("<span class=\"warn\">{}</span>", signed_hms(x)),
                // where the hazard starts no warning can come first
                (None, Some(_), None) if pl.hazard_source => l(lang, "hazard source").into(),
                (None, Some(_), None) => {
                    format!("<span class=\"warn\">{}</span>", l(lang, "never warned"))
                }
                (None, None, _) => l(lang, "not reached").into(),
                _ => "—".into(),
            };
            let longest = pl
                .longest_step()
                .map(|(n, x)| format!("{} ({})", l(lang, n), hms(x)))
                .unwrap_or_else(|| "—".into());
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{lead}</td><td>{}</td></tr>",
                esc(&pl.name),
                pl.population,
                t(pl.arrival_s),
                t(pl.warning_issued_s),
                t(pl.warning_received_s),
                t(pl.warning_acknowledged_s),
                t(pl.households_warned_s),
                protective_action(lang, pl),
                t(pl.evacuation_started_s),
                t(pl.evacuation_done_s),
                soft_hyphens(&esc(&longest))
            );
        }
        o.push_str("</tbody></table>");
        if comparing {
            continue;
        }
        inject_table(o, report, &[r]);
    }
    if comparing {
        let teams: Vec<&Run> = super::html::detailed_runs(report).collect();
        let _ = write!(o, "<h3>{}</h3>", l(lang, "Injects: what each team did"));
        inject_table(o, report, &teams);
    }
}

/// A heading of the place table with soft hyphens in the English words longer than
/// its narrow columns ("Acknowledged", "Households", "Evacuation" ran into the next
/// heading at 9 px); Chinese breaks between any two characters by itself.
fn soft_hyphens(h: &str) -> String {
    // at the dictionary's break (ac·knowl·edged; "Acknow-ledged" until 2026-12-02)
    h.replace("Acknowledged", "Acknowl&shy;edged")
        .replace("acknowledgement", "acknowl&shy;edgement")
        .replace("Households", "House&shy;holds")
        .replace("Evacuation", "Evac&shy;uation")
}

/// What a post did after an inject, as a table cell's HTML: acknowledged after …
/// (or never), up to three of its own actions, and the delay to the first; the
/// delivery time too when `delivered_too` (a team whose inject came at another time
/// than the first team's).
fn did_cell(lang: Lang, line: &InjectLine, delivered_too: bool, most: usize) -> String {
    let mut did: Vec<String> = Vec::new();
    if delivered_too {
        did.push(f(lang, "delivered {0}", &[&t(line.delivered_s)]));
    }
    if let Some(a) = line.acknowledged_after_s {
        did.push(f(lang, "acknowledged after {0}", &[&hms(a)]));
    } else if line.delivered_s.is_some() {
        // in red where an objective asks the post to acknowledge; a post no objective
        // asks (a district HQ acting on the facilitator's injects) is told plainly:
        // the red contradicted a full score
        did.push(if line.ack_target_s.is_some() {
            format!(
                "<span class=\"warn\">{}</span>",
                l(lang, "never acknowledged")
            )
        } else {
            l(lang, "not acknowledged (no target for this post)").to_string()
        });
    }
    // the first action carries the delay to it in bold (a line of its own above
    // the actions made most rows of a two-team table a line taller)
    did.extend(
        line.actions
            .iter()
            .take(most)
            .enumerate()
            .map(|(k, (t, a))| match line.delay_s.filter(|_| k == 0) {
                Some(d) => format!("{} <b>+{}</b> {}", hms(*t), hms(d), esc(a)),
                None => format!("{} {}", hms(*t), esc(a)),
            }),
    );
    let shown = line.actions.len().min(most);
    if line.actions_total > shown {
        did.push(format!(
            "<i>{}</i>",
            f(
                lang,
                "and {0} more before its next inject",
                &[&(line.actions_total - shown).to_string()]
            )
        ));
    }
    if line.actions.is_empty() && line.delivered_s.is_some() {
        did.push(l(lang, "no action of its own").into());
    }
    did.join("<br>")
}

/// The MSEL's injects with what the receiving post did in each of `runs`: one table,
/// the inject (its id and time over its recipient), text and expected action written
/// once; per run a column of what its post did, the delay to its first action in
/// bold. (A column of its own for the delivery time and for each run's delay left
/// the text and the actions so narrow that the table of a two-team comparison ran to
/// two pages.)
fn inject_table(o: &mut String, report: &Report, runs: &[&Run]) {
    let lang = report.lang;
    let s = &report.scenario;
    let per_run: Vec<Vec<InjectLine>> = runs.iter().map(|r| injects(s, r, lang)).collect();
    let Some(first_run) = per_run.first() else {
        return;
    };
    if first_run.is_empty() {
        return;
    }
    // fixed widths: the shared columns once — the inject, its time and its
    // recipient in one (as wide as "Nanzhuang township"; a column of its own for the
    // recipient left the text and the expected action so narrow that their rows ran
    // to five lines), then what each run's post did, shared out over the rest
    let n = runs.len() as f64;
    // (comparing, 13/21/19 % rather than 12/25/21 %: the teams' cells ran longer
    // than the text beside them; measured on the bundled comparisons, 9–25 mm less
    // table in English and 15 mm in Chinese)
    let (inject_w, text_w, expected_w) = if runs.len() == 1 {
        (13.0, 30.0, 25.0)
    } else {
        (13.0, 21.0, 19.0)
    };
    let run_w = (100.0 - inject_w - text_w - expected_w) / n;
    // actions listed per post: three for one run; the first alone when comparing (the
    // delay to it heads the cell; the rest are counted), which keeps a two-team
    // table of sixteen injects on about a page
    let most = if runs.len() == 1 { 3 } else { 1 };
    let _ = write!(
        o,
        "<table class=\"inj\"><colgroup><col style=\"width:{inject_w}%\"><col style=\"width:{text_w}%\"><col style=\"width:{expected_w}%\">"
    );
    for _ in runs {
        let _ = write!(o, "<col style=\"width:{run_w:.1}%\">");
    }
    o.push_str("</colgroup><thead><tr>");
    for h in [
        l(lang, "Inject, to"),
        l(lang, "Text"),
        l(lang, "Expected action"),
    ] {
        let _ = write!(o, "<th>{h}</th>");
    }
    if runs.len() == 1 {
        let _ = write!(o, "<th>{}</th>", l(lang, "What the post did"));
    } else {
        for r in runs {
            let _ = write!(
                o,
                "<th>{}</th>",
                f(lang, "What the post did — {0}", &[&esc(&r.label)])
            );
        }
    }
    o.push_str("</tr></thead><tbody>");
    for line in first_run {
        let _ = write!(
            o,
            "<tr><td><b>{}</b> {}<br>→ {}</td><td>{}</td><td>{}</td>",
            esc(&line.id),
            t(line.delivered_s),
            esc(&line.to),
            esc(&line.text),
            esc(&line.expected),
        );
        for lines in &per_run {
            match lines.iter().find(|x| x.id == line.id) {
                Some(x) => {
                    let _ = write!(
                        o,
                        "<td>{}</td>",
                        did_cell(lang, x, x.delivered_s != line.delivered_s, most)
                    );
                }
                None => o.push_str("<td></td>"),
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
}

/// A step of a place's chain, for the comparison table: its words and its time.
type StepOf = fn(&PlaceLine) -> Option<u64>;

/// A row of the comparison: the step's words, each run's value (s), whether later is
/// worse, and for each run whether it needed the step (see [`needed`]).
type StepRow = (String, Vec<Option<i64>>, bool, Vec<bool>);

/// The steps compared between runs, in chain order, each with the step that protects
/// the people instead of it (an evacuation is not needed where they sheltered in
/// place, nor shelter where they left).
const COMPARED_STEPS: [(&str, StepOf, Option<StepOf>); 6] = [
    ("Warning issued", |p| p.warning_issued_s, None),
    ("Acknowledged", |p| p.warning_acknowledged_s, None),
    ("Households warned", |p| p.households_warned_s, None),
    (
        "Told to shelter in place",
        |p| p.sheltered_s,
        Some(|p| p.evacuation_started_s),
    ),
    (
        "Evacuation started",
        |p| p.evacuation_started_s,
        Some(|p| p.sheltered_s),
    ),
    (
        "Evacuation done",
        |p| p.evacuation_done_s,
        Some(|p| p.sheltered_s),
    ),
];

/// Whether a run needed a step at a place: the hazard reached the place in that run,
/// and the people were not protected the other way instead (`instead`).
fn needed(line: Option<&PlaceLine>, instead: Option<StepOf>) -> bool {
    line.is_some_and(|x| x.arrival_s.is_some() && instead.is_none_or(|alt| alt(x).is_none()))
}

/// A signed difference of seconds as `+HH:MM:SS` / `−HH:MM:SS`, in the colour of
/// better (`good`) or worse (`warn`) when `later_is_worse` says which way is worse.
fn delta(d: i64, later_is_worse: bool) -> String {
    if d == 0 {
        return "±0".into();
    }
    let worse = (d > 0) == later_is_worse;
    format!(
        "<span class=\"{}\">{}{}</span>",
        if worse { "warn" } else { "good" },
        if d > 0 { "+" } else { "" },
        signed_hms(d)
    )
}

/// "plan only" for a step a run never took and the plan did: in red where the run
/// needed it ([`needed`]), plain where it did not (the team kept the fire away and
/// needed no evacuation, or sheltered the school instead of evacuating it; the red
/// read as a failure).
fn plan_only(lang: Lang, needed: bool) -> String {
    if needed {
        format!("<span class=\"warn\">{}</span>", l(lang, "plan only"))
    } else {
        l(lang, "plan only").to_string()
    }
}

/// Rows for the comparison table (three columns per run, the plan baseline last):
/// for every place with people that the hazard reached in some run (every place some
/// run touched, when it reached none), one row per step of the chain
/// (warning issued, acknowledged, households warned, evacuation started and done) and
/// the lead time, leaving out a step no run took: each run's time (— never) and its
/// difference from the plan baseline (later is worse; for the lead time, shorter is
/// worse), "plan never" or "plan only" when one of them never took the step ("plan
/// only" in red only where the run needed the step: the hazard reached the place and
/// its people were not protected the other way).
pub fn comparison_rows(report: &Report) -> String {
    let lang = report.lang;
    let s = &report.scenario;
    let per_run: Vec<Vec<PlaceLine>> = report.runs.iter().map(|r| places(s, r)).collect();
    let baseline = report.runs.iter().position(|r| r.is_baseline());
    let cols = 1 + 3 * report.runs.len();
    // where the hazard reached some place in some run, only such places: a place it
    // never reached lost nothing by a late step (its times are in each team's place
    // table of section 4), and the steps of seven places took most of a page
    let reached = |id: &str| {
        per_run
            .iter()
            .flatten()
            .any(|x| x.place == id && x.arrival_s.is_some())
    };
    let any_reached = per_run.iter().flatten().any(|x| x.arrival_s.is_some());
    let mut o = String::new();
    let _ = write!(
        o,
        "<tr class=\"group\"><th colspan=\"{cols}\">{}</th></tr>",
        if any_reached {
            l(
                lang,
                "Steps per place the hazard reached in some run: the time each run took the step (— never) and its difference from the plan baseline",
            )
        } else {
            l(
                lang,
                "Steps per place: the time each run took the step (— never) and its difference from the plan baseline",
            )
        }
    );
    for p in s.places.iter().filter(|p| p.population > 0) {
        let lines: Vec<Option<&PlaceLine>> = per_run
            .iter()
            .map(|ls| ls.iter().find(|x| x.place == p.id))
            .collect();
        if lines.iter().all(Option::is_none) || (any_reached && !reached(&p.id)) {
            continue;
        }
        let mut rows: Vec<StepRow> = COMPARED_STEPS
            .iter()
            .map(|(name, step, instead)| {
                let v = lines
                    .iter()
                    .map(|x| x.and_then(step).map(|t| t as i64))
                    .collect();
                let need = lines.iter().map(|x| needed(*x, *instead)).collect();
                (l(lang, name).to_string(), v, true, need)
            })
            .collect();
        rows.push((
            l(lang, "Lead time").to_string(),
            lines
                .iter()
                .map(|x| x.and_then(PlaceLine::lead_s))
                .collect(),
            false,
            lines.iter().map(|x| needed(*x, None)).collect(),
        ));
        // a step no run took says nothing
        rows.retain(|r| r.1.iter().any(Option::is_some));
        for (i, (name, vals, later_is_worse, need)) in rows.iter().enumerate() {
            let plan_v = baseline.and_then(|b| vals[b]);
            o.push_str("<tr>");
            if i == 0 {
                let _ = write!(o, "<td><b>{}</b> — {name}</td>", esc(&p.name));
            } else {
                let _ = write!(o, "<td class=\"sub\">{name}</td>");
            }
            for (k, v) in vals.iter().enumerate() {
                let shown = v.map(signed_hms).unwrap_or_else(|| "—".into());
                let diff = if Some(k) == baseline {
                    String::new()
                } else {
                    match (v, plan_v) {
                        (Some(a), Some(b)) => delta(a - b, *later_is_worse),
                        (Some(_), None) => l(lang, "plan never").into(),
                        (None, Some(_)) => plan_only(lang, need[k]),
                        (None, None) => String::new(),
                    }
                };
                // the time and its difference in one cell across the run's three
                // columns: in the score's narrow column the difference ran over the
                // borders ("−00:03|:00")
                let _ = write!(
                    o,
                    "<td colspan=\"3\" class=\"num step\">{shown}<span class=\"d\">{diff}</span></td>"
                );
            }
            o.push_str("</tr>");
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hills' comparison printed a red "plan only" for the evacuation of a village the
    /// team's fire never reached: a step the team did not need is no failure.
    #[test]
    fn plan_only_is_red_only_where_the_hazard_reached_the_place() {
        assert_eq!(
            plan_only(Lang::En, true),
            "<span class=\"warn\">plan only</span>"
        );
        assert_eq!(plan_only(Lang::En, false), "plan only");
        assert_eq!(plan_only(Lang::Zh, false), "仅预案完成");
    }

    /// A step is needed where the hazard reached the place in that run and the people
    /// were not protected the other way: the cascade's slow team sheltered the school
    /// in place (its objective met) and its missing evacuation printed a red "plan
    /// only".
    #[test]
    fn an_evacuation_is_not_needed_where_people_sheltered() {
        let evacuation = COMPARED_STEPS[4];
        let shelter = COMPARED_STEPS[3];
        assert_eq!(evacuation.0, "Evacuation started");
        let reached = PlaceLine {
            arrival_s: Some(9000),
            ..PlaceLine::default()
        };
        let sheltered = PlaceLine {
            sheltered_s: Some(8000),
            ..reached.clone()
        };
        let evacuated = PlaceLine {
            evacuation_started_s: Some(8000),
            ..reached.clone()
        };
        assert!(needed(Some(&reached), evacuation.2));
        assert!(!needed(Some(&sheltered), evacuation.2));
        assert!(!needed(Some(&evacuated), shelter.2));
        assert!(needed(Some(&sheltered), shelter.2));
        assert!(!needed(Some(&PlaceLine::default()), None), "never reached");
        assert!(!needed(None, None));
    }
}
