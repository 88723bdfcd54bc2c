//! Strengths, areas for improvement and the improvement plan (HSEEP AAR/IP sections 6
//! and 7), derived from one run's measurements.
//!
//! Who is named: a corrective action is asked only of an organisation the team played
//! (a seat that gave inputs or that people were seated at); a seat the plan played
//! follows the scenario's own delays and is never blamed. A failure at a place the
//! plan's post covers goes to the nearest post above it that the team played, or to
//! no one. A place that the hazard starts at (the plant at a leak's source) cannot be
//! warned ahead of it and gives no warning finding. A team that met every objective
//! gets no area for improvement: what is worth noting then (idle units) is an
//! observation, not a row of the improvement plan.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, f as tf, l, phrase};
use super::{Report, Run, acks};
use crate::scenario::{MemberId, Scenario};
use crate::scoring::Rating;
use crate::sim::events::EventKind;
use crate::time::hms;

/// Steps of an area's analysis listed under it; the rest are counted.
const DETAIL_SHOWN: usize = 3;

/// A step of an area's analysis this long or shorter, characters, runs on with the
/// others in one paragraph.
const SHORT_STEP: usize = 80;

/// An area for improvement.
#[derive(Debug, Clone)]
pub struct Area {
    /// The issue.
    pub issue: String,
    /// The issue in a line for the improvement plan, when [`Area::issue`] carries
    /// measurements or names that section 7 already gives (an objective's measured
    /// value, a seat's added time, the idle units' names).
    pub short: Option<String>,
    /// Supporting analysis.
    pub detail: Vec<String>,
    /// The core capability (FEMA's National Preparedness Goal) of the objective or
    /// of the kind of finding.
    pub capability: String,
    /// Responsible organisation: a seat the team played, or empty (to be assigned).
    pub responsible: String,
}

/// What a run's measurements say: strengths, areas for improvement, and observations
/// that call for no corrective action.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Strengths.
    pub strengths: Vec<String>,
    /// Areas for improvement (one improvement-plan row each).
    pub areas: Vec<Area>,
    /// Observations.
    pub observations: Vec<String>,
}

/// A member's name.
fn name(s: &Scenario, id: &str) -> String {
    acks::seat_name(s, id)
}

/// A place's name.
fn place_name(s: &Scenario, id: &str) -> String {
    s.place(id)
        .map(|p| s.places[p.0 as usize].name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The nearest post at or above `post` that the team played.
fn played_at_or_above(s: &Scenario, run: &Run, post: MemberId) -> Option<MemberId> {
    let mut at = Some(post);
    let mut hops = 0;
    while let Some(m) = at {
        if run.player_seats.contains(&s.org.member(m).id) {
            return Some(m);
        }
        at = s.org.member(m).parent;
        hops += 1;
        if hops > s.org.members.len() {
            break;
        }
    }
    None
}

/// Places a hazard starts at, with that hazard (`chemical_leak`): nobody can be
/// warned ahead of it there — but of another hazard they can (the cascade's plant,
/// reached by the flood before it leaks, is excused only for the gas).
pub(crate) fn hazard_sources(s: &Scenario) -> std::collections::BTreeMap<String, &'static str> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(l) = &s.hazards.leak {
        out.insert(s.places[l.source.0 as usize].id.clone(), "chemical_leak");
    }
    out
}

/// Strengths, areas for improvement and observations of a run.
pub fn findings(s: &Scenario, run: &Run, lang: Lang) -> Findings {
    let mut f = Findings::default();
    if run.last_tick < s.meta.ticks() {
        let stop = hms(run.last_tick * s.meta.tick_s);
        f.observations.push(tf(
            lang,
            "The recording stops at {0}, before the end of the exercise ({1}): \"never acknowledged\" here means not acknowledged by {0}.",
            &[&stop, &hms(s.meta.ticks() * s.meta.tick_s)],
        ));
    }
    for x in &run.card.objectives {
        if let Some(t) = x.undecided_at_s {
            // a recording that stops early: neither a strength nor a shortfall
            f.observations.push(tf(
                lang,
                "{0} {1} was not decided: the recording stops at {2}, before its result is known.",
                &[
                    &x.id,
                    &super::i18n::objective_title(s, lang, &x.id, &x.title),
                    &hms(t),
                ],
            ));
            continue;
        }
        if x.rating == Rating::P {
            f.strengths.push(tf(
                lang,
                // the target is the objectives table's (section 1), said once
                "{0} {1} ({2}): {3}.",
                &[
                    &x.id,
                    &super::i18n::objective_title(s, lang, &x.id, &x.title),
                    &super::i18n::capability(lang, &x.capability),
                    &phrase(lang, &x.value),
                ],
            ));
        } else {
            f.areas.push(Area {
                issue: tf(
                    lang,
                    "{0} {1} rated {2}: {3}.",
                    &[
                        &x.id,
                        &super::i18n::objective_title(s, lang, &x.id, &x.title),
                        &format!("{:?}", x.rating),
                        &phrase(lang, &x.value),
                    ],
                ),
                short: Some(tf(
                    lang,
                    "{0} {1} rated {2}.",
                    &[
                        &x.id,
                        &super::i18n::objective_title(s, lang, &x.id, &x.title),
                        &format!("{:?}", x.rating),
                    ],
                )),
                detail: x.critical_path.iter().map(|c| phrase(lang, c)).collect(),
                capability: super::i18n::capability(lang, &x.capability),
                responsible: String::new(),
            });
        }
    }
    let all_met = run
        .card
        .objectives
        .iter()
        .all(|x| x.rating == Rating::P && x.undecided_at_s.is_none());
    // seats the team played that left items late or unanswered against their own target
    let bars = acks::bars(s, run);
    let mut seats: Vec<String> = Vec::new();
    for b in &bars {
        if run.player_seats.contains(&b.seat)
            && (b.late() || !b.acknowledged)
            && !seats.contains(&b.seat)
        {
            seats.push(b.seat.clone());
        }
    }
    for seat in &seats {
        let mine: Vec<&acks::AckBar> = bars.iter().filter(|b| &b.seat == seat).collect();
        let late = mine.iter().filter(|b| b.acknowledged && b.late()).count();
        let never = mine.iter().filter(|b| !b.acknowledged).count();
        let target = mine.iter().find_map(|b| b.target_s);
        // a seat no objective gives a target is late against nothing: only what it
        // never acknowledged is said
        let mut issue = if target.is_none() {
            tf(
                lang,
                "{0} never acknowledged {1} of {2} items; no objective sets it an acknowledgement target.",
                &[&name(s, seat), &never.to_string(), &mine.len().to_string()],
            )
        } else {
            tf(
                lang,
                "{0} left {1} of {2} items late against its {3} acknowledgement target ({4} never acknowledged).",
                &[
                    &name(s, seat),
                    &(late + never).to_string(),
                    &mine.len().to_string(),
                    &target.map(hms).unwrap_or_default(),
                    &never.to_string(),
                ],
            )
        };
        // the plan gives the count in a line; section 7 adds the time it cost
        let short = if target.is_none() {
            tf(
                lang,
                "{0}: {1} of {2} items never acknowledged.",
                &[&name(s, seat), &never.to_string(), &mine.len().to_string()],
            )
        } else if never == 0 {
            tf(
                lang,
                "{0}: {1} of {2} items late against its {3} acknowledgement target.",
                &[
                    &name(s, seat),
                    &late.to_string(),
                    &mine.len().to_string(),
                    &target.map(hms).unwrap_or_default(),
                ],
            )
        } else {
            tf(
                lang,
                "{0}: {1} of {2} items late against its {3} acknowledgement target, {4} never acknowledged.",
                &[
                    &name(s, seat),
                    &(late + never).to_string(),
                    &mine.len().to_string(),
                    &target.map(hms).unwrap_or_default(),
                    &never.to_string(),
                ],
            )
        };
        // what the seat's decisions and relays cost, when they cost anything (a post that
        // acknowledged nothing was credited "00:00:00 deciding and 00:00:00 relaying")
        if let Some(st) = run
            .card
            .seats
            .iter()
            .find(|st| &st.seat == seat && st.decision_s + st.relay_s > 0)
        {
            issue.push(' ');
            issue.push_str(&tf(
                lang,
                "It added {0} deciding and {1} relaying.",
                &[&hms(st.decision_s), &hms(st.relay_s)],
            ));
        }
        if all_met {
            f.observations.push(issue);
            continue;
        }
        f.areas.push(Area {
            issue,
            detail: mine
                .iter()
                .filter(|b| !b.acknowledged || b.late())
                .map(|b| {
                    let item = acks::item_label_in(s, &b.item, lang);
                    if b.acknowledged {
                        tf(
                            lang,
                            "{0} waited {1} from {2}",
                            &[&item, &hms(b.waited_s), &hms(b.since_s)],
                        )
                    } else {
                        tf(
                            lang,
                            "{0} never acknowledged (waiting since {1})",
                            &[&item, &hms(b.since_s)],
                        )
                    }
                })
                .collect(),
            short: Some(short),
            capability: super::i18n::capability(lang, "Operational Communications"),
            responsible: name(s, seat),
        });
    }
    // late warnings: a place reached before its households were warned
    let sources = hazard_sources(s);
    let mut seen = BTreeSet::new();
    for e in &run.events {
        let EventKind::PlaceReached { place, hazard, .. } = &e.kind else {
            continue;
        };
        if !seen.insert(place.clone()) || sources.get(place) == Some(&hazard.as_str()) {
            continue;
        }
        // only places with households to warn and a post that covers them
        let Some(pid) = s.place(place) else { continue };
        let Some(post) = s.covering_post(pid) else {
            continue;
        };
        if s.places[pid.0 as usize].population == 0 {
            continue;
        }
        let warned = run.events.iter().find_map(|w| match &w.kind {
            EventKind::PlaceWarned { place: p, .. } if p == place => Some(w.t_s),
            _ => None,
        });
        let responsible = played_at_or_above(s, run, post)
            .map(|m| s.org.member(m).name.clone())
            .unwrap_or_default();
        let hazard = super::html::hazard_name(lang, hazard);
        let pn = place_name(s, place);
        let (issue, short) = match warned {
            Some(w) if w <= e.t_s => continue,
            Some(w) => (
                tf(
                    lang,
                    "Late warning: {0} was reached by the {1} at {2} but its households were warned only at {3}.",
                    &[&pn, &hazard, &hms(e.t_s), &hms(w)],
                ),
                tf(
                    lang,
                    "Late warning: {0}, reached by the {1} at {2}, warned at {3}.",
                    &[&pn, &hazard, &hms(e.t_s), &hms(w)],
                ),
            ),
            None => (
                tf(
                    lang,
                    "No warning: {0} was reached by the {1} at {2} and its households were never warned.",
                    &[&pn, &hazard, &hms(e.t_s)],
                ),
                tf(
                    lang,
                    "No warning: {0}, reached by the {1} at {2}.",
                    &[&pn, &hazard, &hms(e.t_s)],
                ),
            ),
        };
        if all_met {
            f.observations.push(issue);
        } else {
            f.areas.push(Area {
                issue,
                detail: Vec::new(),
                short: Some(short),
                capability: super::i18n::capability(lang, "Public Information and Warning"),
                responsible,
            });
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
    // a unit the team ordered out that found no usable road was not left idle: said
    // apart (the cascade's slow team was told it never sent the hazmat team it had
    // ordered at 03:30, cut off by the flood)
    let cut_off: BTreeSet<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::UnitCutOff { unit, .. } => Some(unit.as_str()),
            _ => None,
        })
        .filter(|u| !dispatched.contains(u))
        .collect();
    let idle: Vec<String> = s
        .org
        .units
        .iter()
        .map(|u| &s.org.member(u.member).id)
        .filter(|id| !dispatched.contains(id.as_str()) && !cut_off.contains(id.as_str()))
        .map(|id| name(s, id))
        .collect();
    if !cut_off.is_empty() {
        f.observations.push(tf(
            lang,
            "Ordered out but cut off, no usable road to their task: {0}.",
            &[&cut_off
                .iter()
                .map(|id| name(s, id))
                .collect::<Vec<_>>()
                .join(", ")],
        ));
    }
    if !idle.is_empty() {
        let issue = tf(
            lang,
            "Idle resources: {0} of {1} units were never dispatched: {2}.",
            &[
                &idle.len().to_string(),
                &s.org.units.len().to_string(),
                &idle.join(", "),
            ],
        );
        if all_met {
            f.observations.push(issue);
        } else {
            f.areas.push(Area {
                issue,
                detail: Vec::new(),
                // the units are named in section 7
                short: Some(tf(
                    lang,
                    "Idle resources: {0} of {1} units never dispatched.",
                    &[&idle.len().to_string(), &s.org.units.len().to_string()],
                )),
                capability: super::i18n::capability(lang, "Operational Coordination"),
                responsible: String::new(),
            });
        }
    } else if !s.org.units.is_empty() && cut_off.is_empty() {
        f.strengths.push(tf(
            lang,
            "Every one of the {0} units was put to work.",
            &[&s.org.units.len().to_string()],
        ));
    }
    f
}

/// Section 6; returns the areas for improvement with their run's label.
pub fn findings_section(o: &mut String, report: &Report) -> Vec<(String, Area)> {
    let lang = report.lang;
    let _ = write!(
        o,
        "<h2 id=\"findings\">7. {}</h2>",
        l(lang, "Strengths and areas for improvement")
    );
    let mut all = Vec::new();
    for r in report.runs.iter().filter(|r| !r.is_baseline()) {
        let f = findings(&report.scenario, r, lang);
        let _ = write!(
            o,
            "<h3>{}</h3><h4>{}</h4><ul>",
            esc(&r.label),
            l(lang, "Strengths")
        );
        if f.strengths.is_empty() {
            let _ = write!(
                o,
                "<li class=\"note\">{}</li>",
                l(lang, "No objective was performed without challenges.")
            );
        }
        for st in &f.strengths {
            let _ = write!(o, "<li>{}</li>", esc(st));
        }
        let _ = write!(o, "</ul><h4>{}</h4>", l(lang, "Areas for improvement"));
        if f.areas.is_empty() {
            let _ = write!(
                o,
                "<p class=\"note\">{}</p>",
                l(lang, "None: every objective was met.")
            );
        } else {
            o.push_str("<ol>");
            for a in &f.areas {
                let _ = write!(o, "<li>{}", esc(&a.issue));
                if !a.detail.is_empty() {
                    // the first few steps of the analysis; the rest are in the place
                    // and inject tables and on the timeline (a seat's seven unanswered
                    // injects, one line each, took a third of a page)
                    let shown = if a.detail.len() > DETAIL_SHOWN + 1 {
                        DETAIL_SHOWN
                    } else {
                        a.detail.len()
                    };
                    let mut items: String = a.detail[..shown]
                        .iter()
                        .map(|d| format!("<li>{}</li>", esc(d)))
                        .collect();
                    if shown < a.detail.len() {
                        let more = (a.detail.len() - shown).to_string();
                        let _ = write!(
                            items,
                            "<li>{}</li>",
                            tf(
                                lang,
                                "… and {0} more (sections 3 and 4 show each)",
                                &[&more]
                            )
                        );
                    }
                    // short steps (a seat's items, "inject I01 never acknowledged
                    // (waiting since 00:00:00)") run on in one paragraph; long ones (a
                    // place's chain of times) keep a line each
                    if a.detail[..shown]
                        .iter()
                        .all(|d| d.chars().count() <= SHORT_STEP)
                    {
                        let mut run: Vec<String> =
                            a.detail[..shown].iter().map(|d| esc(d)).collect();
                        if shown < a.detail.len() {
                            run.push(tf(
                                lang,
                                "… and {0} more (sections 3 and 4 show each)",
                                &[&(a.detail.len() - shown).to_string()],
                            ));
                        }
                        let _ = write!(o, "<p class=\"cp\">{}</p>", run.join("; "));
                    } else {
                        let _ = write!(o, "<ul class=\"cp\">{items}</ul>");
                    }
                }
                o.push_str("</li>");
            }
            o.push_str("</ol>");
        }
        if !f.observations.is_empty() {
            let _ = write!(o, "<h4>{}</h4><ul>", l(lang, "Observations"));
            for ob in &f.observations {
                let _ = write!(o, "<li>{}</li>", esc(ob));
            }
            o.push_str("</ul>");
        }
        all.extend(f.areas.into_iter().map(|a| (r.label.clone(), a)));
    }
    all
}

/// Section 7: one row per area for improvement, with blanks to fill in.
pub fn improvement_plan(o: &mut String, report: &Report, areas: &[(String, Area)]) {
    let lang = report.lang;
    let many = report.runs.iter().filter(|r| !r.is_baseline()).count() > 1;
    let _ = write!(
        o,
        "<h2 id=\"ip\">8. {}</h2><p class=\"note screen\">{}</p><p class=\"note paper\">{}</p>",
        l(lang, "Improvement plan"),
        l(
            lang,
            "One row per area for improvement; the yellow cells are editable — fill them in at the hot wash and print or save the page. Capability element: planning, organisation, equipment, training or exercise (P, O, E, T, E)."
        ),
        // on paper the cells are white: say what the blanks are for
        l(
            lang,
            "One row per area for improvement; the blank cells are for the hot wash to fill in by hand. Capability element: planning, organisation, equipment, training or exercise (P, O, E, T, E)."
        )
    );
    if areas.is_empty() {
        let _ = write!(
            o,
            "<p>{}</p>",
            l(
                lang,
                "No corrective action is called for: every objective was met."
            )
        );
        return;
    }
    // HSEEP's improvement plan matrix: the core capability, the issue, the corrective
    // action, the capability element (P/O/E/T/E, for the hot wash to choose: until
    // 2026-12-01 this column held the core capability), the organisation, its point
    // of contact, the dates. Fixed column widths: the issue gets the room, the blanks
    // a writable width, the short ones as wide as their headings ("Organisation" and
    // "Completion" whole at 9 px, "administration" in the organisation's name; automatic layout gave every blank as much as the
    // issue, which then ran several words a line over half a page). When comparing, a
    // row per team heads its rows instead of a team column on every row.
    let _ = write!(
        o,
        "<table class=\"ip\"><colgroup><col style=\"width:3%\"><col style=\"width:12.5%\"><col style=\"width:25%\"><col style=\"width:11%\"><col style=\"width:9.5%\"><col style=\"width:12.5%\"><col style=\"width:10%\"><col style=\"width:7%\"><col style=\"width:9.5%\"></colgroup><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        l(lang, "Core capability"),
        l(lang, "Issue / area for improvement"),
        l(lang, "Corrective action"),
        l(lang, "Capability element"),
        l(lang, "Primary responsible organisation"),
        l(lang, "Organisation POC"),
        l(lang, "Start date"),
        l(lang, "Completion date")
    );
    // comparing: a heading row per team, in the runs' order, and a team with nothing
    // to improve says so under its own (it had no row at all)
    let teams: Vec<&str> = if many {
        report
            .runs
            .iter()
            .filter(|r| !r.is_baseline())
            .map(|r| r.label.as_str())
            .collect()
    } else {
        vec![""]
    };
    let mut i = 0;
    for team in teams {
        if many {
            let _ = write!(
                o,
                "<tr class=\"group\"><th colspan=\"9\">{}</th></tr>",
                esc(team)
            );
            if !areas.iter().any(|(label, _)| label == team) {
                let _ = write!(
                    o,
                    "<tr><td colspan=\"9\" class=\"note\">{}</td></tr>",
                    l(
                        lang,
                        "No corrective action is called for: every objective was met."
                    )
                );
            }
        }
        for (_, a) in areas.iter().filter(|(label, _)| !many || label == team) {
            i += 1;
            ip_row(o, i, a);
        }
    }
    o.push_str("</tbody></table>");
}

/// One row of the improvement plan: the number, the core capability, the issue, the
/// blanks for the hot wash and the primary responsible organisation.
fn ip_row(o: &mut String, i: usize, a: &Area) {
    let _ = write!(
        o,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td contenteditable=\"true\"></td><td contenteditable=\"true\"></td><td contenteditable=\"true\">{}</td><td contenteditable=\"true\"></td><td contenteditable=\"true\"></td><td contenteditable=\"true\"></td></tr>",
        i,
        esc(&a.capability),
        esc(a.short.as_deref().unwrap_or(&a.issue)),
        esc(&a.responsible)
    );
}
