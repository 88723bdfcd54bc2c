//! The report's HSEEP front matter: a cover page (exercise name, date, scenario,
//! hazards, the teams and the seats each played, space for the evaluators and the
//! exercise director) and an executive summary — one short narrative per team built
//! from its scorecard, its findings and where its time went.

use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, f, l, phrase};
use super::{Report, findings, where_time_went};
use crate::scoring::Rating;
use crate::time::hms;

/// The cover: the exercise name and the HSEEP exercise overview in one table (date,
/// duration, scenario, hazards, exercise type, each run's recording, the scenario
/// hash, each team's participants), with blanks for the exercise director and the
/// evaluators. It heads the first page, which goes on with the executive summary and
/// the seats and objectives of section 1: a cover page of its own was two thirds
/// empty.
pub fn cover(o: &mut String, report: &Report) {
    let lang = report.lang;
    let s = &report.scenario;
    let m = &s.meta;
    let kind = if report.is_comparison() {
        l(lang, "Comparison after-action report / improvement plan")
    } else {
        l(lang, "After-action report / improvement plan")
    };
    let _ = write!(
        o,
        "<section class=\"cover\"><h1>{}</h1><p class=\"sub\">{kind}</p><table class=\"kv\">\
         <tr><th>{}</th><td>{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr>",
        esc(&crate::scenario::names::name_in(&m.name, lang == Lang::Zh)),
        l(lang, "Exercise date"),
        esc(&m.start.replace('T', " ")),
        l(lang, "Duration"),
        f(
            lang,
            "{0} (time step {1} s)",
            &[&hms(m.duration_s), &m.tick_s.to_string()]
        ),
        l(lang, "Scenario"),
        esc(m.description_in(lang == crate::report::i18n::Lang::Zh)),
        l(lang, "Hazards"),
        esc(&m
            .hazard_kinds
            .iter()
            .map(|h| crate::scenario::names::hazard_kind_words(
                *h,
                lang == crate::report::i18n::Lang::Zh
            ))
            .collect::<Vec<_>>()
            .join(", ")),
        l(lang, "Exercise type"),
        l(lang, "Tabletop exercise, simulated (drillsim)"),
    );
    for r in &report.runs {
        let what = match &r.path {
            Some(p) => f(
                lang,
                "recording <code>{0}</code>",
                &[&esc(&p.display().to_string())],
            ),
            None => l(
                lang,
                "the contingency plan alone, re-simulated without inputs",
            )
            .into(),
        };
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{}{}</td></tr>",
            esc(&r.label),
            f(
                lang,
                "{0}; seed {1}; ran to {2}",
                &[&what, &r.seed.to_string(), &hms(r.last_tick * m.tick_s)]
            ),
            r.damage
                .as_ref()
                .map(|d| format!(" — <span class=\"warn\">{}</span>", esc(d)))
                .unwrap_or_default()
        );
    }
    let _ = write!(
        o,
        "<tr><th>{}</th><td><code>{}</code></td></tr>",
        l(lang, "Scenario hash"),
        esc(&s.source.hash)
    );
    for r in report.runs.iter().filter(|r| !r.is_baseline()) {
        // in the organisation's order and the report's language (they were listed
        // by id, each in both languages)
        let seats: Vec<String> = s
            .org
            .members
            .iter()
            .filter(|m| r.player_seats.contains(&m.id))
            .map(|m| crate::scenario::names::name_in(&m.name, lang == Lang::Zh))
            .chain(
                r.player_seats
                    .iter()
                    .filter(|id| s.org.find(id).is_none())
                    .cloned(),
            )
            .collect();
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{}</td></tr>",
            f(lang, "Participants — {0}", &[&esc(&r.label)]),
            if seats.is_empty() {
                l(lang, "no seat held by people (the plan played every seat)").to_string()
            } else {
                esc(&seats.join("; "))
            }
        );
    }
    let _ = write!(
        o,
        "<tr><th>{}</th><td><span class=\"blank\"></span></td></tr>\
         <tr><th>{}</th><td><span class=\"blank\"></span></td></tr>\
         <tr><th>{}</th><td><span class=\"blank\"></span><br><span class=\"blank\"></span></td></tr>\
         <tr><th>{}</th><td><span class=\"blank\"></span></td></tr>\
         <tr><th>{}</th><td>{}</td></tr>\
         </table></section>",
        l(lang, "Exercise director"),
        l(lang, "Lead evaluator"),
        l(lang, "Evaluators"),
        l(lang, "Hot wash held on"),
        l(lang, "Handling"),
        l(
            lang,
            "For training and exercise review; the figures are re-simulated from the recorded inputs."
        )
    );
}

/// The executive summary: one paragraph per team.
pub fn summary(o: &mut String, report: &Report) {
    let lang = report.lang;
    let s = &report.scenario;
    let _ = write!(
        o,
        "<h2 id=\"summary\">{}</h2>",
        l(lang, "Executive summary")
    );
    for r in report.runs.iter().filter(|r| !r.is_baseline()) {
        let card = &r.card;
        let met = card
            .objectives
            .iter()
            .filter(|x| x.rating == Rating::P)
            .count();
        let mut text = f(
            lang,
            "{0} scored {1} of {2} points: {3} of {4} objectives were performed without challenges.",
            &[
                &r.label,
                &format!("{:.1}", card.total),
                &format!("{:.1}", card.max_total),
                &met.to_string(),
                &card.objectives.len().to_string(),
            ],
        );
        let missed: Vec<String> = card
            .objectives
            .iter()
            .filter(|x| x.rating != Rating::P && x.undecided_at_s.is_none())
            .map(|x| {
                format!(
                    "{} ({}, {:?})",
                    super::i18n::objective_title(s, lang, &x.id, &x.title),
                    phrase(lang, &x.value),
                    x.rating
                )
            })
            .collect();
        if !missed.is_empty() {
            text.push(' ');
            text.push_str(&f(lang, "Fell short: {0}.", &[&missed.join("; ")]));
        }
        let open = card.undecided();
        if open > 0 {
            text.push(' ');
            text.push_str(&f(
                lang,
                "{0} objectives were not decided: the recording stops at {1}, before the end of the exercise ({2}).",
                &[
                    &open.to_string(),
                    &hms(r.last_tick * s.meta.tick_s),
                    &hms(s.meta.ticks() * s.meta.tick_s),
                ],
            ));
        }
        // where the most time went at a place the hazard reached
        let lines = where_time_went::places(s, r);
        if let Some((pl, (step, secs))) = lines
            .iter()
            .filter(|p| p.arrival_s.is_some())
            .filter_map(|p| p.longest_step().map(|x| (p, x)))
            .max_by_key(|(_, x)| x.1)
        {
            text.push(' ');
            text.push_str(&f(
                lang,
                "The longest single step at a place the hazard reached: {0} at {1} ({2}).",
                &[l(lang, step), &pl.name, &hms(secs)],
            ));
        }
        // not the place a hazard starts at (a leaking plant): it is reached at once
        let never: Vec<&str> = lines
            .iter()
            .filter(|p| p.reached_unwarned())
            .map(|p| p.name.as_str())
            .collect();
        if !never.is_empty() {
            text.push(' ');
            text.push_str(&f(
                lang,
                "Reached without any warning: {0}.",
                &[&never.join(", ")],
            ));
        }
        let fi = findings::findings(s, r, lang);
        text.push(' ');
        text.push_str(&f(
            lang,
            "{0} strengths, {1} areas for improvement.",
            &[&fi.strengths.len().to_string(), &fi.areas.len().to_string()],
        ));
        let _ = write!(o, "<p>{}</p>", esc(&text));
    }
}
