//! The swimlane timeline (inline SVG): a lane for the hazard (start, breaches, gauge
//! levels, places reached, roads closed, leak contained) above one lane per command
//! post (injects received, warnings issued, acknowledgements, response levels, units
//! dispatched in the lane of their commander). An item that waited for an
//! acknowledgement that never came is a hollow red ring; from a lane's first such item
//! a dashed line runs along the lane's foot to the end of the run. Markers carry a
//! short label on the page (not only a hover title) where it covers no other label or
//! marker. The image is [`WIDTH`] px wide, so that printed across A4 its smallest text
//! is 6 pt.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, f, l};
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
/// until 2026-12-01), cut at a word's end to 18 characters with an ellipsis ("Nanwan
/// primary school" → "Nanwan primary…"), a qualifier in brackets dropped without one
/// ("Police patrol 2 (Nanzhuang station)" → "Police patrol 2").
fn short_name(name: &str, lang: Lang) -> String {
    let name = crate::scenario::names::name_in(name, lang == Lang::Zh);
    if name.chars().count() <= 18 {
        return name;
    }
    let mut out = String::new();
    let mut words = name.split(' ').peekable();
    while let Some(w) = words.next_if(|w| out.chars().count() + w.chars().count() < 18) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        truncate(&name, 18)
    } else if words.peek().is_some_and(|w| !w.starts_with('(')) {
        // a name cut short says so ("Nanwan primary" read as a whole name); a
        // qualifier in brackets goes without one
        out.push('…');
        out
    } else {
        out
    }
}

fn marker(shape: &str, col: &str, x: f64, y: f64, title: &str) -> String {
    let t = format!("<title>{}</title>", esc(title));
    match shape {
        "circle" => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{col}\" fill-opacity=\"0.85\" stroke=\"#fff\">{t}</circle>"
        ),
        "ring" => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"none\" stroke=\"{col}\" stroke-width=\"2.5\">{t}</circle>"
        ),
        "tri" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{col}\" stroke=\"#fff\">{t}</polygon>",
            x,
            y - 6.0,
            x - 5.5,
            y + 4.5,
            x + 5.5,
            y + 4.5
        ),
        "diamond" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{col}\" stroke=\"#fff\">{t}</polygon>",
            x,
            y - 5.0,
            x + 5.0,
            y,
            x,
            y + 5.0,
            x - 5.0,
            y
        ),
        "square" => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"{col}\" stroke=\"#fff\">{t}</rect>",
            x - 3.5,
            y - 3.5
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
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"16\" fill=\"{col}\">{t}</rect>",
            x - 1.5,
            y - 8.0
        ),
    }
}

/// The hazard lane's colours: a hazard started or reached a place (orange), a breach
/// (dark red), a gauge level (blue), a road closed (brown), the leak contained (teal:
/// not the green of an acknowledgement).
const HAZARD_EVENT: &str = "#ef6c00";
const BREACH: &str = "#b71c1c";
const GAUGE: &str = "#1565c0";
const ROAD_CLOSED: &str = "#8d6e63";
/// A road passable again (pale green: a closure bar without one after it is still shut).
const ROAD_REOPENED: &str = "#9ccc65";
const CONTAINED: &str = "#00897b";
/// An item never acknowledged by a post no objective asks to acknowledge (grey: not
/// counted against the team).
const UNCOUNTED: &str = "#9e9e9e";

/// A box on the page, `[x0, y0, x1, y1]`, px.
type Box = [f64; 4];

/// The box a marker covers (see [`marker`]).
fn marker_box(shape: &str, x: f64, y: f64) -> Box {
    let (hw, hh) = match shape {
        "circle" => (4.5, 4.5),
        "ring" => (7.0, 7.0),
        "tri" => (5.5, 6.0),
        "diamond" => (5.0, 5.0),
        "square" => (3.5, 3.5),
        "star" => (4.0, 7.0),
        _ => (1.5, 8.0),
    };
    [x - hw, y - hh, x + hw, y + hh]
}

/// A label's width at 11 px (DejaVu Sans, the report's sans-serif): about 3.4 px for
/// the narrow Latin letters and marks, 7.0 for capitals and digits, 6.2 for the other
/// Latin characters, 11.5 for a CJK one (measured on the printed timelines; one figure
/// for every letter, 6.4, dropped short labels such as "I01" beside a marker 30 px on).
fn label_width(label: &str) -> f64 {
    label
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | ' ' | '(' | ')' | '|' => 3.4,
            'A'..='Z' | '0'..='9' | 'm' | 'w' => 7.0,
            c if c.is_ascii() => 6.2,
            _ => 11.5,
        })
        .sum()
}

/// A marker and the label it would carry.
struct LabelSpot {
    /// The marker's centre, px.
    at: (f64, f64),
    /// The box the marker covers.
    marker: Box,
    /// Whether a label may not cover the marker: a dispatch's or a road's bar (3 px
    /// wide, 16 px high) may be crossed, its ends stay in sight; every other marker
    /// may not.
    blocks: bool,
    /// The label's width, px (0: no label).
    width: f64,
    /// Whether the label holds CJK characters, whose glyphs reach 2 px higher than
    /// Latin capitals (the Chinese labels touched the label above them).
    cjk: bool,
    /// The gap from the marker's centre to the label, px.
    gap: f64,
    /// Rank in which labels claim their room, lowest first (see [`label_rank`]).
    rank: u8,
}

/// The gap from a marker's centre to its label, px: its half-width and 1.5 px (a ring,
/// 7.25 px to its stroke's outer edge, 7.5).
fn label_gap(shape: &str) -> f64 {
    match shape {
        "ring" => 7.5,
        "tri" => 7.0,
        "bar" => 4.0,
        other => (marker_box(other, 0.0, 0.0)[2] + 1.5).max(5.0),
    }
}

/// The rank in which a kind of marker claims room for its label: the hazard's events
/// and the injects first (short labels the reader looks for), then the items never
/// acknowledged, the response levels, the warnings, and the dispatches last.
fn label_rank(shape: &str) -> u8 {
    match shape {
        "star" => 0,
        "circle" => 1,
        "ring" => 2,
        "square" => 3,
        "tri" => 4,
        "diamond" => 5,
        _ => 6,
    }
}

/// Where a label is drawn: right of its marker from `x`, or left of it ending at `x`
/// (`text-anchor="end"`), on the baseline `y`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LabelSide {
    Right(f64, f64),
    Left(f64, f64),
}

/// The box of a label of `width` px on the baseline `y` from `x0` to `x1`: Latin text
/// of 11 px reaches from about 8 px above the baseline (capitals and digits) to 1 px
/// below it (a descender's halo may touch a marker); CJK glyphs, with their halo, from
/// 11 px above to 2 below.
fn text_box(x0: f64, x1: f64, y: f64, cjk: bool) -> Box {
    if cjk {
        [x0, y - 11.0, x1, y + 2.0]
    } else {
        [x0, y - 8.0, x1, y + 1.0]
    }
}

/// Each label beside its marker, claimed in the order of [`LabelSpot::rank`] (then of
/// the spots): to the right if that covers no marker that blocks and no label placed
/// before it, else to the left, else not at all (its text stays in the marker's hover
/// title). Labels stay between `x_min` and `x_max`. Results in the order of `spots`.
fn place_labels(spots: &[LabelSpot], x_min: f64, x_max: f64) -> Vec<Option<LabelSide>> {
    let overlaps = super::boxes_overlap::<f64>;
    let mut order: Vec<usize> = (0..spots.len()).collect();
    order.sort_by_key(|&i| (spots[i].rank, i));
    let mut placed: Vec<Box> = Vec::new();
    let mut out = vec![None; spots.len()];
    for i in order {
        let sp = &spots[i];
        if sp.width <= 0.0 {
            continue;
        }
        let (cx, cy) = sp.at;
        let y = cy + 4.0;
        let right = text_box(cx + sp.gap, cx + sp.gap + sp.width, y, sp.cjk);
        let left = text_box(cx - sp.gap - sp.width, cx - sp.gap, y, sp.cjk);
        // a marker at the label's own point (the ring around an inject's circle) is
        // the label's own
        let free = |b: &Box| {
            b[0] >= x_min
                && b[2] <= x_max
                && !placed.iter().any(|p| overlaps(p, b))
                && !spots
                    .iter()
                    .enumerate()
                    .any(|(k, o)| k != i && o.blocks && o.at != sp.at && overlaps(&o.marker, b))
        };
        let side = if free(&right) {
            Some((right, LabelSide::Right(cx + sp.gap, y)))
        } else if free(&left) {
            Some((left, LabelSide::Left(cx - sp.gap, y)))
        } else {
            None
        };
        if let Some((b, s)) = side {
            placed.push(b);
            out[i] = Some(s);
        }
    }
    out
}

/// A hazard as the engine names it (`forest_fire`) in words of `lang`.
fn hazard_words(hazard: &str, lang: Lang) -> String {
    use crate::scenario::raw::HazardKind as H;
    let kind = match hazard {
        "flood" => H::Flood,
        "forest_fire" => H::ForestFire,
        "chemical_leak" => H::ChemicalLeak,
        other => return other.replace('_', " "),
    };
    crate::scenario::names::hazard_kind_words(kind, lang == Lang::Zh).to_string()
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

/// The timeline's legend as an HTML paragraph (`<p class="legend">`), printed in the
/// page's text size, once above the runs' timelines: every symbol the lanes use, one
/// meaning each; the hazard's symbols only those this scenario's hazards can show.
pub fn legend_html(s: &Scenario, lang: Lang) -> String {
    let posts_row = [
        ("circle", "#1f77b4", l(lang, "inject received")),
        ("tri", "#c62828", l(lang, "warning issued")),
        ("diamond", "#2e7d32", l(lang, "acknowledged")),
        (
            "ring",
            "#c62828",
            l(
                lang,
                "never acknowledged: the lane waits to the end of the run",
            ),
        ),
        ("square", "#7b1fa2", l(lang, "response level")),
        ("bar", "#444", l(lang, "unit dispatched")),
    ];
    // the grey ring only where some post has no acknowledgement target
    let uncounted = super::command_posts(s)
        .iter()
        .any(|(id, _)| acks::seat_target_s(s, id).is_none());
    let flood = s.hazards.flood.is_some();
    let hazard_row = [
        (
            true,
            "star",
            HAZARD_EVENT,
            l(lang, "hazard started or reached a place"),
        ),
        (flood, "star", BREACH, l(lang, "breach")),
        (
            flood,
            "star",
            GAUGE,
            l(lang, "gauge warning or danger level"),
        ),
        (true, "bar", ROAD_CLOSED, l(lang, "road closed")),
        (true, "bar", ROAD_REOPENED, l(lang, "road reopened")),
        (
            s.hazards.leak.is_some(),
            "star",
            CONTAINED,
            l(lang, "leak contained"),
        ),
    ];
    let mut o = String::from("<p class=\"legend tl\">");
    let uncounted_row = [(
        uncounted,
        "ring",
        UNCOUNTED,
        l(lang, "not acknowledged (no target for this post)"),
    )];
    for (shown, shape, col, name) in posts_row
        .iter()
        .map(|&(a, b, c)| (true, a, b, c))
        .chain(uncounted_row)
        .chain(hazard_row)
    {
        if !shown {
            continue;
        }
        if shape == "ring" && col != UNCOUNTED {
            // the ring and the line along the lane's foot, as the lanes draw them
            let _ = write!(
                o,
                "<span><svg width=\"30\" height=\"18\" viewBox=\"-8 -9 30 18\" style=\"vertical-align:middle\">{}{}</svg> {}</span>",
                marker(shape, col, 0.0, -3.0, name),
                waiting_line(0.0, 3.0, 7.5, 21.0),
                esc(name)
            );
            continue;
        }
        let _ = write!(
            o,
            "<span><svg width=\"16\" height=\"18\" viewBox=\"-8 -9 16 18\" style=\"vertical-align:middle\">{}</svg> {}</span>",
            marker(shape, col, 0.0, 0.0, name),
            esc(name)
        );
    }
    o.push_str("</p>");
    o
}

/// The dashed red line of a lane that waits for an acknowledgement: down from the
/// ring at (`x0`, `y_from`) to the lane's foot `y_foot`, then along it to `x_end`.
fn waiting_line(x0: f64, y_from: f64, y_foot: f64, x_end: f64) -> String {
    format!(
        "<path d=\"M{x0:.1},{y_from:.1} V{y_foot:.1} H{x_end:.1}\" fill=\"none\" stroke=\"#c62828\" stroke-dasharray=\"4,3\" stroke-width=\"1.5\"/>"
    )
}

/// The timeline's width, px. It prints across A4's text width (190 mm), so 1 px is
/// 0.194 mm: the labels' 11 px print at 6 pt, the names' and the axis's 11.5 px at
/// 6.3 pt. (At 1,180 px wide its 9-px labels printed at 4 pt.)
pub const WIDTH: f64 = 980.0;
/// A lane's height, px: four rows of markers 6 px apart and the line of an
/// acknowledgement that never came along its foot.
const LANE_H: f64 = 32.0;
/// Where each kind of marker sits in its lane, px from the lane's middle, so that
/// markers at the same minute stay apart.
fn row_dy(shape: &str) -> f64 {
    match shape {
        "circle" | "ring" => -9.0,
        "tri" => -3.0,
        "diamond" => 3.0,
        "square" => 9.0,
        _ => 0.0,
    }
}

/// The timeline of one run as an SVG, `t_end` seconds wide, [`WIDTH`] px.
pub fn svg(s: &Scenario, run: &Run, t_end: f64, lang: Lang) -> String {
    let posts = super::command_posts(s);
    let lanes = posts.len() + 1;
    let lane_h = LANE_H;
    let left = 196.0;
    let width = WIDTH;
    // the legend is the page's ([`legend_html`]), once for all the runs' timelines
    let top = 6.0;
    // room right of the plot for half the last time's label ("06:00" was cut)
    let plot_w = width - left - 22.0;
    let height = top + lane_h * lanes as f64 + 24.0;
    let x = |t: f64| left + t / t_end.max(1.0) * plot_w;
    let lane_of: BTreeMap<&str, usize> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.0.as_str(), i + 1))
        .collect();
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11.5\">"
    );
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
                "<text x=\"4\" y=\"{}\" font-weight=\"bold\">{}</text>",
                y + lane_h / 2.0 + 4.0,
                l(lang, "Hazard")
            );
            continue;
        }
        // one line: bold where people played the post, grey where the plan did (the
        // section's note says so; a second line saying it made every lane 38 px)
        let (id, name) = &posts[i - 1];
        let player = run.player_seats.contains(id);
        let name = crate::scenario::names::name_in(name, lang == Lang::Zh);
        let _ = write!(
            o,
            "<text x=\"4\" y=\"{}\"{}><title>{} ({})</title>{}</text>",
            y + lane_h / 2.0 + 4.0,
            if player {
                " font-weight=\"bold\""
            } else {
                " fill=\"#666\""
            },
            esc(&name),
            if player {
                l(lang, "player")
            } else {
                l(lang, "plan")
            },
            esc(&charts::truncate(&name, 26))
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
            y_axis + 16.0,
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
                HAZARD_EVENT,
                l(lang, "start").to_string(),
                format!("{} {}", hazard_words(hazard, lang), l(lang, "start")),
            )),
            EventKind::BreachOpened { name } => Some((
                0,
                "star",
                BREACH,
                l(lang, "breach").to_string(),
                format!(
                    "{}: {}",
                    l(lang, "breach"),
                    crate::scenario::names::name_in(name, lang == Lang::Zh)
                ),
            )),
            EventKind::GaugeThreshold {
                gauge,
                level,
                water_level_m,
            } => Some((
                0,
                "star",
                GAUGE,
                format!("{water_level_m:.1} m"),
                format!(
                    "{} {} {water_level_m:.2} m",
                    place_name(s, gauge, lang),
                    match level.as_str() {
                        "warning" => l(lang, "warning level"),
                        "danger" => l(lang, "danger level"),
                        other => other,
                    }
                ),
            )),
            EventKind::PlaceReached { place, .. } => Some((
                0,
                "star",
                HAZARD_EVENT,
                short_place(s, place, lang),
                format!("{}: {}", l(lang, "reached"), place_name(s, place, lang)),
            )),
            EventKind::RoadClosed { a, b, .. } => Some((
                0,
                "bar",
                ROAD_CLOSED,
                String::new(),
                format!(
                    "{} {}",
                    l(lang, "road closed"),
                    crate::scenario::names::road_section_name(s, a, b)
                ),
            )),
            EventKind::RoadReopened { a, b } => Some((
                0,
                "bar",
                ROAD_REOPENED,
                String::new(),
                format!(
                    "{} {}",
                    l(lang, "road reopened"),
                    crate::scenario::names::road_section_name(s, a, b)
                ),
            )),
            EventKind::LeakContained { .. } => Some((
                0,
                "star",
                CONTAINED,
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
    // acknowledgements that never came: a ring in the row of the injects received (an
    // inject's ring rings its circle), and from the lane's first such item a line
    // along the lane's foot to the end of the run, below every row of markers (it
    // used to run through the response levels' squares, one line per item)
    let end_s = run.last_tick * s.meta.tick_s;
    let mut waiting_from: BTreeMap<usize, u64> = BTreeMap::new();
    for b in acks::bars(s, run).iter().filter(|b| !b.acknowledged) {
        if let Some(&lane) = lane_of.get(b.seat.as_str()) {
            // red, with the lane's waiting line, where an objective asks the post to
            // acknowledge; grey and without the line where none does (a full score's
            // HQ lane was red from end to end)
            let counted = b.target_s.is_some();
            if counted {
                let first = waiting_from.entry(lane).or_insert(b.since_s);
                *first = (*first).min(b.since_s);
            }
            marks.push(Mark {
                lane,
                t_s: b.since_s,
                shape: "ring",
                col: if counted { "#c62828" } else { UNCOUNTED },
                // an inject's ring rings its circle, which carries the inject's id;
                // a warning's or an evacuation order's ring has no circle to name it
                label: if let Some(p) = b.item.strip_prefix("warning:") {
                    f(lang, "warning {0}", &[&short_place(s, p, lang)])
                } else if let Some(p) = b.item.strip_prefix("evacuate:") {
                    f(lang, "evacuate {0}", &[&short_place(s, p, lang)])
                } else {
                    String::new()
                },
                text: format!(
                    "{}: {}",
                    l(
                        lang,
                        if counted {
                            "never acknowledged"
                        } else {
                            "not acknowledged (no target for this post)"
                        }
                    ),
                    super::acks::item_label_in(s, &b.item, lang)
                ),
            });
        }
    }
    for (&lane, &since) in &waiting_from {
        let y_ring = top + lane_h * lane as f64 + lane_h / 2.0 + row_dy("ring");
        let y = top + lane_h * (lane + 1) as f64 - 2.5;
        o.push_str(&waiting_line(
            x(since as f64),
            y_ring + 6.0,
            y,
            x(end_s as f64),
        ));
    }
    // each kind at its own height so markers at the same minute stay apart
    let mut spots = Vec::with_capacity(marks.len());
    for m in &marks {
        let dy = row_dy(m.shape);
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
        spots.push(LabelSpot {
            at: (cx, cy),
            marker: marker_box(m.shape, cx, cy),
            blocks: m.shape != "bar",
            width: label_width(&m.label),
            cjk: !m.label.is_ascii(),
            gap: label_gap(m.shape),
            rank: label_rank(m.shape),
        });
    }
    // a label beside a marker that a ring rings starts clear of the ring
    let rings: Vec<(f64, f64)> = spots
        .iter()
        .zip(&marks)
        .filter(|(_, m)| m.shape == "ring")
        .map(|(sp, _)| sp.at)
        .collect();
    for sp in &mut spots {
        if rings.contains(&sp.at) {
            sp.gap = sp.gap.max(label_gap("ring"));
        }
    }
    // then each label beside its marker where it covers no other marker and no label
    // already placed (markers of different kinds sit 4–8 px apart, closer than a line
    // of text, so rows alone did not keep labels apart)
    for (m, place) in marks.iter().zip(place_labels(&spots, left, width - 4.0)) {
        match place {
            Some(LabelSide::Right(lx, y)) => {
                let _ = write!(
                    o,
                    "<text x=\"{lx:.1}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    esc(&m.label)
                );
            }
            Some(LabelSide::Left(rx, y)) => {
                let _ = write!(
                    o,
                    "<text x=\"{rx:.1}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" text-anchor=\"end\">{}</text>",
                    esc(&m.label)
                );
            }
            None => {}
        }
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(shape: &str, x: f64, y: f64, label: &str) -> LabelSpot {
        LabelSpot {
            at: (x, y),
            marker: marker_box(shape, x, y),
            blocks: shape != "bar",
            width: label_width(label),
            cjk: !label.is_ascii(),
            gap: label_gap(shape),
            rank: label_rank(shape),
        }
    }

    fn label_box(s: &LabelSpot, side: LabelSide) -> Box {
        match side {
            LabelSide::Right(x, y) => text_box(x, x + s.width, y, s.cjk),
            LabelSide::Left(x, y) => text_box(x - s.width, x, y, s.cjk),
        }
    }

    /// The box of each label placed, with its spot's index.
    fn placed_boxes(spots: &[LabelSpot], placed: &[Option<LabelSide>]) -> Vec<(usize, Box)> {
        placed
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|side| (i, label_box(&spots[i], side))))
            .collect()
    }

    /// Markers of different kinds 4 px apart in one lane (a warning and a dispatch
    /// at the same minute) used to print their labels over each other: each row kept
    /// its own labels apart, not its neighbours'. No label covers another, nor
    /// another marker.
    #[test]
    fn labels_clear_each_other_and_other_markers() {
        let spots = vec![
            spot("tri", 300.0, 100.0, "东湾村"),
            spot("bar", 302.0, 104.0, "抢险队"),
            spot("bar", 318.0, 104.0, "冲锋舟一队"),
            spot("diamond", 330.0, 108.0, "I03"),
            spot("square", 600.0, 116.0, "III"),
            spot("circle", 602.0, 92.0, "I01"),
        ];
        let placed = place_labels(&spots, 210.0, 1176.0);
        let boxes = placed_boxes(&spots, &placed);
        assert!(boxes.len() >= 4, "most labels find room: {placed:?}");
        let overlaps = crate::report::boxes_overlap::<f64>;
        for (i, a) in &boxes {
            for (k, b) in &boxes {
                assert!(i == k || !overlaps(a, b), "labels {i} and {k} overlap");
            }
            for (k, sp) in spots.iter().enumerate() {
                assert!(
                    k == *i || !sp.blocks || !overlaps(a, &sp.marker),
                    "label {i} covers marker {k}"
                );
            }
        }
    }

    /// A label with no room on the right (the plot's edge) goes to the left; with no
    /// room either side it is left to the hover title.
    #[test]
    fn a_label_goes_left_or_nowhere() {
        let spots = vec![spot("circle", 1170.0, 50.0, "I16")];
        assert!(matches!(
            place_labels(&spots, 210.0, 1176.0)[0],
            Some(LabelSide::Left(..))
        ));
        let crowded = vec![
            spot("circle", 500.0, 50.0, "I16"),
            spot("circle", 515.0, 50.0, ""),
            spot("circle", 485.0, 50.0, ""),
        ];
        assert_eq!(place_labels(&crowded, 210.0, 1176.0)[0], None);
    }

    /// Hills' first injects (00:00, 00:12, 00:20: 30 px apart) and the hazard lane's
    /// "place reached" among road closures went unlabelled: a dispatch's or a road's
    /// bar blocked every side and the dispatches claimed room first. Bars now let a
    /// label cross them, the hazard's events and the injects claim room before the
    /// dispatches, and a short id fits between two markers 30 px apart.
    #[test]
    fn injects_and_the_hazard_s_events_are_labelled_among_bars() {
        let spots = vec![
            spot("bar", 230.0, 100.0, "Forward team"),
            spot("circle", 210.0, 91.0, "I01"),
            spot("circle", 240.0, 91.0, "I02"),
            spot("circle", 270.0, 91.0, "I03"),
            spot("bar", 400.0, 16.0, ""),
            spot("star", 404.0, 16.0, "Songling"),
            spot("bar", 412.0, 16.0, ""),
        ];
        let placed = place_labels(&spots, 200.0, 970.0);
        for i in [1, 2, 3, 5] {
            assert!(placed[i].is_some(), "marker {i} unlabelled: {placed:?}");
        }
    }

    /// A name cut short says so with an ellipsis; a qualifier in brackets is dropped
    /// without one.
    #[test]
    fn short_names_say_they_are_cut() {
        assert_eq!(
            short_name("Nanwan primary school", Lang::En),
            "Nanwan primary…"
        );
        assert_eq!(
            short_name("Police patrol 2 (Nanzhuang station)", Lang::En),
            "Police patrol 2"
        );
        assert_eq!(short_name("Dongwan village", Lang::En), "Dongwan village");
    }

    /// A CJK label's box is 4 px taller than a Latin one's: Chinese labels two rows
    /// apart (12 px) touched.
    #[test]
    fn cjk_labels_keep_clear_of_the_row_above() {
        let latin = text_box(0.0, 10.0, 100.0, false);
        let cjk = text_box(0.0, 10.0, 100.0, true);
        assert_eq!((latin[1] - cjk[1], cjk[3] - latin[3]), (3.0, 1.0));
        let spots = vec![
            spot("circle", 300.0, 91.0, "东湾村"),
            spot("diamond", 300.0, 103.0, "红色 东湾村"),
        ];
        let placed = place_labels(&spots, 200.0, 970.0);
        let boxes = placed_boxes(&spots, &placed);
        assert_eq!(boxes.len(), 2, "{placed:?}");
        assert!(!crate::report::boxes_overlap(&boxes[0].1, &boxes[1].1));
    }
}
