//! The swimlane timeline (inline SVG): a lane for the hazard (start, breaches, gauge
//! levels, places reached, roads closed, leak contained) above one lane per command
//! post (injects received, warnings issued, acknowledgements, response levels, units
//! dispatched in the lane of their commander). An item that waited for an
//! acknowledgement that never came is a hollow red ring with a dashed line to the end
//! of the run. Markers carry a short label on the page (not only a hover title) where
//! it fits without overlapping the previous label on the same row.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, l};
use super::where_time_went::level_word;
use super::{Run, acks, charts};
use crate::scenario::Scenario;
use crate::sim::events::EventKind;
use crate::time::hms;

/// `s` cut to `n` characters with an ellipsis.
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// A place's whole name in the report's language (for a marker's tooltip: its label
/// on the page is the [`short_place`]).
fn place_name(s: &Scenario, id: &str, lang: Lang) -> String {
    let name = s
        .place(id)
        .map(|p| s.places[p.0 as usize].name.clone())
        .unwrap_or_else(|| id.to_string());
    crate::scenario::names::name_in(&name, lang == Lang::Zh)
}

/// A place's short name ([`short_name`] of its name).
fn short_place(s: &Scenario, id: &str, lang: Lang) -> String {
    let name = s
        .place(id)
        .map(|p| s.places[p.0 as usize].name.clone())
        .unwrap_or_else(|| id.to_string());
    short_name(&name, lang)
}

/// A short label for a name, in the report's language: the Chinese word of a
/// bilingual name in Chinese ("东湾村 Dongwan village" → "东湾村"), its English words in
/// English ("Dongwan village"; an English report labelled its markers in Chinese
/// until 2026-12-01), cut at a word's end to 18 characters ("Police patrol 2
/// (Nanzhuang station)" → "Police patrol 2").
fn short_name(name: &str, lang: Lang) -> String {
    let name = crate::scenario::names::name_in(name, lang == Lang::Zh);
    if name.chars().count() <= 18 {
        return name;
    }
    let mut out = String::new();
    for w in name.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > 18 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        truncate(&name, 18)
    } else {
        out
    }
}

fn marker(shape: &str, col: &str, x: f64, y: f64, title: &str) -> String {
    let t = format!("<title>{}</title>", esc(title));
    match shape {
        "circle" => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{col}\" fill-opacity=\"0.85\" stroke=\"#fff\">{t}</circle>"
        ),
        "ring" => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"none\" stroke=\"{col}\" stroke-width=\"2.5\">{t}</circle>"
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
        "star" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{col}\" stroke=\"#333\" stroke-width=\"0.6\">{t}</polygon>",
            x,
            y - 7.0,
            x + 4.0,
            y,
            x,
            y + 7.0,
            x - 4.0,
            y
        ),
        _ => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"18\" fill=\"{col}\">{t}</rect>",
            x - 1.5,
            y - 9.0
        ),
    }
}

/// One mark: lane, second, shape, colour, short label, full text.
struct Mark {
    lane: usize,
    t_s: u64,
    shape: &'static str,
    col: &'static str,
    label: String,
    text: String,
}

/// The timeline of one run as an SVG, `t_end` seconds wide.
pub fn svg(s: &Scenario, run: &Run, t_end: f64, lang: Lang) -> String {
    let posts = super::command_posts(s);
    let lanes = posts.len() + 1;
    let lane_h = 38.0;
    let left = 210.0;
    let width = 1180.0;
    let top = 34.0;
    let plot_w = width - left - 20.0;
    let height = top + lane_h * lanes as f64 + 34.0;
    let x = |t: f64| left + t / t_end.max(1.0) * plot_w;
    let lane_of: BTreeMap<&str, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.0.as_str(), i + 1))
        .collect();
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    let legend = [
        ("star", "#ef6c00", l(lang, "hazard event")),
        ("circle", "#1f77b4", l(lang, "inject received")),
        ("tri", "#c62828", l(lang, "warning issued")),
        ("diamond", "#2e7d32", l(lang, "acknowledged")),
        ("ring", "#c62828", l(lang, "never acknowledged")),
        ("square", "#7b1fa2", l(lang, "response level")),
        ("bar", "#444", l(lang, "unit dispatched")),
    ];
    let mut lx = 6.0;
    for (shape, col, name) in legend {
        o.push_str(&marker(shape, col, lx + 6.0, 16.0, name));
        let _ = write!(o, "<text x=\"{}\" y=\"20\">{}</text>", lx + 16.0, esc(name));
        lx += 166.0;
    }
    for i in 0..lanes {
        let y = top + lane_h * i as f64;
        let fill = if i == 0 {
            "#fff3e0"
        } else if i % 2 == 0 {
            "#f3f6fa"
        } else {
            "#ffffff"
        };
        let _ = write!(
            o,
            "<rect x=\"{left}\" y=\"{y}\" width=\"{plot_w}\" height=\"{lane_h}\" fill=\"{fill}\" stroke=\"#d0d5dd\"/>"
        );
        if i == 0 {
            let _ = write!(
                o,
                "<text x=\"6\" y=\"{}\" font-weight=\"bold\">{}</text>",
                y + 26.0,
                l(lang, "Hazard")
            );
            continue;
        }
        let (id, name) = &posts[i - 1];
        let player = run.player_seats.contains(id);
        let _ = write!(
            o,
            "<text x=\"6\" y=\"{}\" font-weight=\"{}\">{}</text><text x=\"6\" y=\"{}\" fill=\"#666\" font-size=\"10\">{}</text>",
            y + 17.0,
            if player { "bold" } else { "normal" },
            esc(&truncate(
                &crate::scenario::names::name_in(name, lang == Lang::Zh),
                30
            )),
            y + 31.0,
            if player {
                l(lang, "player")
            } else {
                l(lang, "plan")
            }
        );
    }
    // time axis
    let y_axis = top + lane_h * lanes as f64;
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
    let mut marks: Vec<Mark> = Vec::new();
    for e in &run.events {
        let m = match &e.kind {
            EventKind::HazardStarted { hazard, .. } => Some((
                0,
                "star",
                "#ef6c00",
                l(lang, "start").to_string(),
                format!("{} {}", hazard.replace('_', " "), l(lang, "start")),
            )),
            EventKind::BreachOpened { name } => Some((
                0,
                "star",
                "#b71c1c",
                l(lang, "breach").to_string(),
                format!("{}: {name}", l(lang, "breach")),
            )),
            EventKind::GaugeThreshold {
                gauge,
                level,
                water_level_m,
            } => Some((
                0,
                "star",
                "#1565c0",
                format!("{water_level_m:.1} m"),
                format!(
                    "{} {level} {water_level_m:.2} m",
                    place_name(s, gauge, lang)
                ),
            )),
            EventKind::PlaceReached { place, .. } => Some((
                0,
                "star",
                "#ef6c00",
                short_place(s, place, lang),
                format!("{}: {}", l(lang, "reached"), place_name(s, place, lang)),
            )),
            EventKind::RoadClosed { a, b, .. } => Some((
                0,
                "bar",
                "#8d6e63",
                String::new(),
                format!(
                    "{} {}",
                    l(lang, "road closed"),
                    crate::scenario::names::road_section_name(s, a, b)
                ),
            )),
            EventKind::LeakContained { .. } => Some((
                0,
                "star",
                "#2e7d32",
                l(lang, "contained").to_string(),
                l(lang, "contained").to_string(),
            )),
            EventKind::InjectDelivered {
                inject, to, text, ..
            } => lane_of.get(to.as_str()).map(|&i| {
                (
                    i,
                    "circle",
                    "#1f77b4",
                    inject.clone(),
                    format!(
                        "{inject}: {}",
                        s.injects
                            .iter()
                            .find(|i| i.id == *inject)
                            .map_or(text.as_str(), |i| i.text_in(lang == Lang::Zh))
                    ),
                )
            }),
            EventKind::WarningIssued {
                seat, place, level, ..
            } => lane_of.get(seat.as_str()).map(|&i| {
                (
                    i,
                    "tri",
                    "#c62828",
                    format!(
                        "{} {}",
                        level_word(lang, level),
                        short_place(s, place, lang)
                    ),
                    format!(
                        "{} → {}",
                        level_word(lang, level),
                        place_name(s, place, lang)
                    ),
                )
            }),
            EventKind::Acknowledged {
                seat,
                item,
                after_s,
                ..
            } => lane_of.get(seat.as_str()).map(|&i| {
                (
                    i,
                    "diamond",
                    "#2e7d32",
                    String::new(),
                    format!(
                        "{} {} ({})",
                        l(lang, "acknowledged"),
                        super::acks::item_label_in(s, item, lang),
                        hms(*after_s)
                    ),
                )
            }),
            EventKind::ResponseLevelChanged { level, seat } => {
                lane_of.get(seat.as_str()).map(|&i| {
                    (
                        i,
                        "square",
                        "#7b1fa2",
                        level.clone(),
                        format!("{} {level}", l(lang, "response level")),
                    )
                })
            }
            EventKind::UnitDispatched { unit, to, .. } => super::unit_commander(s, unit)
                .and_then(|c| lane_of.get(c.as_str()).copied())
                .map(|i| {
                    (
                        i,
                        "bar",
                        "#444",
                        short_name(&acks::seat_name(s, unit), lang),
                        format!(
                            "{} → {}",
                            crate::scenario::names::name_in(
                                &acks::seat_name(s, unit),
                                lang == Lang::Zh
                            ),
                            place_name(s, to, lang)
                        ),
                    )
                }),
            _ => None,
        };
        if let Some((lane, shape, col, label, text)) = m {
            marks.push(Mark {
                lane,
                t_s: e.t_s,
                shape,
                col,
                label,
                text,
            });
        }
    }
    // acknowledgements that never came
    let end_s = run.last_tick * s.meta.tick_s;
    for b in acks::bars(s, run).iter().filter(|b| !b.acknowledged) {
        if let Some(&lane) = lane_of.get(b.seat.as_str()) {
            let y = top + lane_h * lane as f64 + lane_h / 2.0 + 12.0;
            let _ = write!(
                o,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#c62828\" stroke-dasharray=\"4,3\" stroke-width=\"1.5\"/>",
                x(b.since_s as f64),
                x(end_s as f64)
            );
            marks.push(Mark {
                lane,
                t_s: b.since_s,
                shape: "ring",
                col: "#c62828",
                label: String::new(),
                text: format!("{}: {}", l(lang, "never acknowledged"), b.item_label),
            });
        }
    }
    // each kind at its own height so markers at the same minute stay apart; a label
    // is drawn where it clears the previous one on its row
    let mut row_end: BTreeMap<(usize, i32), f64> = BTreeMap::new();
    for m in &marks {
        let dy = match m.shape {
            "circle" => -12.0,
            "tri" => -4.0,
            "diamond" => 4.0,
            "square" => 12.0,
            "ring" => 12.0,
            "star" => 0.0,
            _ => 0.0,
        };
        let (cx, cy) = (
            x(m.t_s as f64),
            top + lane_h * m.lane as f64 + lane_h / 2.0 + dy,
        );
        o.push_str(&marker(
            m.shape,
            m.col,
            cx,
            cy,
            &format!("{} {}", hms(m.t_s), m.text),
        ));
        if m.label.is_empty() {
            continue;
        }
        // about 6 px per Latin character, 10 per CJK one, at 9 px
        let w: f64 = m
            .label
            .chars()
            .map(|c| if c.is_ascii() { 5.5 } else { 9.5 })
            .sum();
        let key = (m.lane, dy as i32);
        let free = row_end.get(&key).copied().unwrap_or(0.0);
        let lx = cx + 7.0;
        if lx > free && lx + w < width - 4.0 {
            let _ = write!(
                o,
                "<text x=\"{lx:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#333\">{}</text>",
                cy + 3.0,
                esc(&m.label)
            );
            row_end.insert(key, lx + w + 4.0);
        }
    }
    o.push_str("</svg>");
    o
}
