//! Charts drawn as SVG with plotters (SVG backend only): time to acknowledge (a dot per
//! item in one row per seat, against each seat's own target, unanswered items counted),
//! hazard growth against the response (lines with markers for dispatches and warnings),
//! people at risk over time. Each is 340 px wide so that three print legibly side by
//! side on A4; their legends are the page's ([`legend_html`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::i18n::{Lang, l};
use super::{Run, acks};
use crate::scenario::Scenario;
use crate::sim::events::EventKind;

/// Chart size, px. Narrow, so that text prints legibly when three charts share an A4
/// row (a comparison of two teams and the plan): each is then shown about 61 mm wide,
/// and the smallest text, at `FONT`, prints at 6.2 pt (plotters writes an SVG font
/// size of 0.806 × the size it is given, 12.1 px of 340).
pub const SIZE: (u32, u32) = (340, 140);

/// Font size of labels, ticks and values, as given to plotters.
const FONT: u32 = 15;

/// Font size of a chart's caption, as given to plotters.
const CAPTION: u32 = 17;

const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(230, 120, 20);
const GREEN: RGBColor = RGBColor(44, 160, 44);
const RED: RGBColor = RGBColor(200, 30, 30);
const GREY: RGBColor = RGBColor(130, 130, 130);
const PURPLE: RGBColor = RGBColor(120, 60, 170);
const INK: RGBColor = RGBColor(30, 30, 30);
/// The shade of a seat's heading row in the acknowledgement chart.
const SEAT_ROW: RGBColor = RGBColor(232, 234, 240);
/// The area burnt: not the red of the warnings' lines.
const BROWN: RGBColor = RGBColor(140, 80, 20);

/// `HH:MM` of seconds.
pub fn hhmm(t: f64) -> String {
    let t = t.max(0.0) as u64;
    format!("{:02}:{:02}", t / 3600, (t / 60) % 60)
}

fn svg_of(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let ok = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|_| draw(&root))
            .and_then(|_| root.present().map_err(|e| e.to_string()));
        if let Err(e) = ok {
            drop(root);
            return format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"40\"><text x=\"4\" y=\"20\">chart failed: {}</text></svg>",
                size.0,
                super::html::esc(&e)
            );
        }
    }
    // SVG is XML: labels from scenario names may hold characters XML 1.0 forbids
    crate::output::text::xml_text(&out).into_owned()
}

/// Time to acknowledge as a dot plot, one row per seat (see [`acks::bars`]): a dot for
/// each item the seat acknowledged at the minutes it waited — green within the seat's
/// own target, orange late, blue when no objective sets the seat a target — a black
/// tick across the row at the seat's target, and the items never acknowledged drawn as
/// one red cross just past the axis's end with their count beside it. Equal
/// waits of one colour are one dot with their count beside it, and the dots of a row
/// are spread over three heights. One row a seat
/// keeps three charts side by side on a third of a page however many items waited
/// (one row an item took most of a page in the larger exercises); each item's own time
/// is in the inject table and the "where the time went" table. `xmax_min` is the right
/// end of the axis (shared between runs side by side; see [`acks::axis_max_min`]);
/// `data` are the run's items ([`Measures::acks`]), `label` its caption.
pub fn ack_times(label: &str, data: &[acks::AckBar], xmax_min: f64, lang: Lang) -> String {
    if data.is_empty() {
        return svg_of((SIZE.0, 60), |root| {
            root.draw(&Text::new(
                l(lang, "nothing waited for acknowledgement"),
                (10, 25),
                ("sans-serif", FONT).into_font(),
            ))
            .map_err(|e| e.to_string())
        });
    }
    let zh = lang == Lang::Zh;
    // the seats in the order of `bars` (the scenario's order of command posts)
    let mut seats: Vec<(&str, Vec<&acks::AckBar>)> = Vec::new();
    for d in data {
        match seats.last_mut() {
            Some((seat, items)) if *seat == d.seat.as_str() => items.push(d),
            _ => seats.push((d.seat.as_str(), vec![d])),
        }
    }
    // 29 columns fit the 200 px left of the axis; the count of items never
    // acknowledged stands by the row's red cross (in the name it cut the name short:
    // "Chemical park a… (1 never)")
    let labels: Vec<String> = seats
        .iter()
        .map(|(_, items)| {
            truncate(
                &crate::scenario::names::name_in(&items[0].seat_name, zh),
                29,
            )
        })
        .collect();
    let n = seats.len();
    // about 19 px a row (the seats' rows on a continuous axis: plotters' segmented
    // axis of 0..n has n + 1 segments, which left an empty row with a stray tick
    // above the first seat)
    let h = 80 + 19 * n as u32;
    let xmax = xmax_min.max(1.0);
    svg_of((SIZE.0, h), |root| {
        let mut chart = ChartBuilder::on(root)
            // the run's name: the page's heading above says which chart it is
            .caption(truncate(label, 40), ("sans-serif", CAPTION))
            .margin(6)
            // the red cross past the axis's end and its count ("12")
            .margin_right(34)
            .x_label_area_size(40)
            .y_label_area_size(200)
            // a square-root scale of minutes: the waits that matter (a few minutes,
            // against targets of 5–10) stay apart even when one wait of hours sets the
            // axis; the ticks are drawn below at round minutes
            .build_cartesian_2d(0f64..xmax.sqrt(), 0f64..n as f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_x_mesh()
            .y_labels(0)
            .x_labels(0)
            .label_style(("sans-serif", FONT))
            .axis_desc_style(("sans-serif", FONT))
            .x_desc(l(lang, "minutes waited, √ scale"))
            .draw()
            .map_err(|e| e.to_string())?;
        let px = |minutes: f64| chart.backend_coord(&(minutes.max(0.0).sqrt(), 0.0)).0;
        // row i from the bottom: its top, middle and bottom, px
        let row_px = |i: usize| {
            let y = |v: f64| chart.backend_coord(&(0.0, v)).1;
            (y(i as f64 + 1.0), y(i as f64 + 0.5), y(i as f64))
        };
        // ticks at round minutes, at least 26 px apart, with a light line up the plot;
        // taken in order of preference (0 and 10, the usual target, first)
        let (plot_top, plot_bottom) = (row_px(n - 1).0, row_px(0).2);
        let mut ticks: Vec<(f64, i32)> = Vec::new();
        for m in [
            0.0, 10.0, 60.0, 30.0, 5.0, 120.0, 240.0, 20.0, 2.0, 1.0, 15.0, 45.0, 90.0, 180.0,
            360.0, 480.0, 720.0, 1440.0,
        ] {
            let x = px(m);
            if m <= xmax && ticks.iter().all(|&(_, t)| (x - t).abs() >= 26) {
                ticks.push((m, x));
            }
        }
        for (m, x) in ticks {
            root.draw(&PathElement::new(
                vec![(x, plot_top), (x, plot_bottom)],
                GREY.mix(0.35).stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&PathElement::new(
                vec![(x, plot_bottom), (x, plot_bottom + 4)],
                INK.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&Text::new(
                acks::minutes_tick(m),
                (x, plot_bottom + 6),
                ("sans-serif", FONT)
                    .into_font()
                    .color(&INK)
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(|e| e.to_string())?;
        }
        for (k, (_, items)) in seats.iter().enumerate() {
            let (top, mid, bottom) = row_px(n - 1 - k);
            // every other row shaded, so that a dot is read against its seat
            if k % 2 == 1 {
                root.draw(&Rectangle::new(
                    [(px(0.0), top), (px(xmax), bottom)],
                    SEAT_ROW.filled(),
                ))
                .map_err(|e| e.to_string())?;
            }
            // the seat's name left of the axis, without a tick (the row's shading and
            // the name's height say which row it is)
            root.draw(&Text::new(
                labels[k].clone(),
                (px(0.0) - 6, mid),
                ("sans-serif", FONT)
                    .into_font()
                    .color(&INK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(|e| e.to_string())?;
            if let Some(t) = items[0].target_s {
                let x = px(t as f64 / 60.0);
                root.draw(&PathElement::new(
                    vec![(x, top + 1), (x, bottom - 1)],
                    INK.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?;
            }
            let tick_x = items[0].target_s.map(|t| px(t as f64 / 60.0));
            for dot in ack_dots(items, |m| px(m.min(xmax)), tick_x, px(0.0) + 12) {
                root.draw(&Circle::new(
                    (dot.x, mid + dot.dy),
                    3,
                    dot.colour.mix(0.85).filled(),
                ))
                .map_err(|e| e.to_string())?;
                if dot.count > 1 {
                    // no box behind it: an opaque one cut notches in the next row's
                    // shading and stubs off the target's tick
                    let (x, side) = if dot.count_left {
                        (dot.x - 5, HPos::Right)
                    } else {
                        (dot.x + 5 + dot.count_shift, HPos::Left)
                    };
                    root.draw(&Text::new(
                        dot.count.to_string(),
                        (x, mid + dot.dy),
                        ("sans-serif", FONT)
                            .into_font()
                            .color(&INK)
                            .pos(Pos::new(side, VPos::Center)),
                    ))
                    .map_err(|e| e.to_string())?;
                }
            }
            // one cross just right of the axis's end, apart from any wait drawn on
            // it, for all the items never acknowledged, and their count beside it
            let never = items.iter().filter(|d| !d.acknowledged).count();
            if never > 0 {
                // red where an objective asks the seat to acknowledge, grey where none
                // does (not counted against the team)
                let cross = if items[0].target_s.is_some() {
                    RED
                } else {
                    GREY
                };
                let (x, y) = (px(xmax) + 9, mid);
                for (a, b) in [
                    ((x - 3, y - 3), (x + 3, y + 3)),
                    ((x - 3, y + 3), (x + 3, y - 3)),
                ] {
                    root.draw(&PathElement::new(vec![a, b], cross.stroke_width(2)))
                        .map_err(|e| e.to_string())?;
                }
                root.draw(&Text::new(
                    never.to_string(),
                    (x + 6, y),
                    ("sans-serif", FONT)
                        .into_font()
                        .color(&cross)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
}

/// An acknowledged item's colour: orange late, green within its seat's target, blue
/// when no objective sets the seat a target.
fn ack_colour(d: &acks::AckBar) -> RGBColor {
    if d.late() {
        ORANGE
    } else if d.target_s.is_some() {
        GREEN
    } else {
        BLUE
    }
}

/// A dot of the time-to-acknowledge chart: where, which colour, how many items.
#[derive(Debug, Clone, PartialEq)]
struct AckDot {
    /// Its centre's x, px.
    x: i32,
    /// Its offset from the row's middle, px (one of three heights).
    dy: i32,
    colour: RGBColor,
    /// Items of one colour within a dot's width of each other (on the √ scale, a
    /// few minutes apart near ten minutes), drawn as one dot with their count beside
    /// it.
    count: usize,
    /// Whether the count stands left of the dot (right of it where that is free).
    count_left: bool,
    /// How far right of its usual place a count right of its dot stands, px (past the
    /// target's tick where the tick would strike it through).
    count_shift: i32,
}

/// The dots of one seat's row: its acknowledged items in order of their waits, those
/// of one colour within a dot's width (6 px) of a dot merged into it (at their mean)
/// and counted beside it. Each dot takes the first of three heights (middle, above,
/// below) where it touches no dot before it (otherwise the height where it touches
/// fewest); then each count goes right of its dot, or just past the seat's target
/// tick at `tick_x` where the tick would strike it through, or left of the dot where
/// the right would touch another dot or a count and the left stays right of `x_min`
/// (12 px clear of the axis: next to it a count read as part of the seat's name; see
/// [`dot_boxes`]).
/// Until 2026-12-01 the items took the three heights in turn, so the fourth of four
/// equal waits hid the first; then a count could still touch a dot one height away
/// or be struck through by the target's tick.
fn ack_dots(
    items: &[&acks::AckBar],
    x_of: impl Fn(f64) -> i32,
    tick_x: Option<i32>,
    x_min: i32,
) -> Vec<AckDot> {
    // (sum of x, colour, count): a dot's x is the mean of its items'
    let mut placed: Vec<(i32, RGBColor, usize)> = Vec::new();
    let mut acked: Vec<(i32, RGBColor)> = items
        .iter()
        .filter(|d| d.acknowledged)
        .map(|d| (x_of(d.waited_s as f64 / 60.0), ack_colour(d)))
        .collect();
    acked.sort_by_key(|&(x, _)| x);
    for (x, c) in acked {
        match placed
            .iter_mut()
            .rev()
            .find(|(sx, pc, n)| *pc == c && x - *sx / *n as i32 <= 6)
        {
            Some(dot) => {
                dot.0 += x;
                dot.2 += 1;
            }
            None => placed.push((x, c, 1)),
        }
    }
    let overlap = super::boxes_overlap::<i32>;
    // first the dots, each clear of the dots before it where a height allows
    let mut dots: Vec<AckDot> = Vec::new();
    for (sum_x, colour, count) in placed {
        let x = sum_x / count as i32;
        let clash = |dy: i32| {
            let (disc, _) = dot_boxes(x, dy, 1, false, 0);
            dots.iter()
                .filter(|d| overlap(&disc, &dot_boxes(d.x, d.dy, 1, false, 0).0))
                .count()
        };
        let heights = [0, -5, 5];
        let dy = heights
            .iter()
            .copied()
            .find(|&dy| clash(dy) == 0)
            .unwrap_or_else(|| heights.into_iter().min_by_key(|&dy| clash(dy)).unwrap_or(0));
        dots.push(AckDot {
            x,
            dy,
            colour,
            count,
            count_left: false,
            count_shift: 0,
        });
    }
    // then the counts, clear of every dot, of the counts placed before and of the tick
    let mut taken: Vec<[i32; 4]> = dots
        .iter()
        .map(|d| dot_boxes(d.x, d.dy, 1, false, 0).0)
        .collect();
    if let Some(t) = tick_x {
        taken.push([t - 1, -10, t + 1, 10]);
    }
    for (i, d) in dots.iter_mut().enumerate() {
        if d.count < 2 {
            continue;
        }
        let text = |left: bool, shift: i32| dot_boxes(d.x, d.dy, d.count, left, shift).1;
        let free = |left: bool, shift: i32| {
            text(left, shift).is_some_and(|b| {
                b[0] >= x_min
                    && taken
                        .iter()
                        .enumerate()
                        .all(|(k, t)| k == i || !overlap(&b, t))
            })
        };
        // right of the dot; past the tick where the tick crosses that place; left of
        // the dot, clear of the axis (next to the axis a count read as part of the
        // seat's name); else right of the dot whatever it touches
        let past_tick = tick_x
            .filter(|&t| text(false, 0).is_some_and(|b| b[0] <= t + 1 && t - 1 <= b[2]))
            .map(|t| t + 3 - (d.x + 4));
        let (left, shift) = if free(false, 0) {
            (false, 0)
        } else if let Some(sh) = past_tick.filter(|&sh| free(false, sh)) {
            (false, sh)
        } else if free(true, 0) {
            (true, 0)
        } else {
            (false, 0)
        };
        d.count_left = left;
        d.count_shift = shift;
        taken.extend(text(left, shift));
    }
    dots
}

/// What a dot of `count` items at (`x`, row middle + `dy`) covers, px from the row's
/// middle: its disc (radius 3; the box a pixel wider, and only its middle 4 px high, so
/// that dots at the three heights, 5 px apart, may stand in one column) and, for a
/// count above one, its text (about 7 px a digit at [`FONT`], 10 px high, starting
/// 5 px right of the centre, or ending 5 px left of it when `left`).
fn dot_boxes(
    x: i32,
    dy: i32,
    count: usize,
    left: bool,
    shift: i32,
) -> ([i32; 4], Option<[i32; 4]>) {
    let disc = [x - 4, dy - 2, x + 4, dy + 2];
    let text = (count > 1).then(|| {
        let w = 7 * count.to_string().len() as i32;
        if left {
            [x - 5 - w, dy - 5, x - 4, dy + 5]
        } else {
            [x + 4 + shift, dy - 5, x + 5 + w + shift, dy + 5]
        }
    });
    (disc, text)
}

/// `s` cut to `n` columns of display width (a Chinese character takes two, as wide
/// as two Latin letters, per Unicode's East Asian Width) with an ellipsis.
pub(super) fn truncate(s: &str, n: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(s) <= n {
        return s.to_string();
    }
    let mut t = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > n {
            break;
        }
        w += cw;
        t.push(c);
    }
    t.push('…');
    t
}

/// Times of dispatches and warnings in a run, s.
fn response_marks(run: &Run) -> (Vec<f64>, Vec<f64>) {
    let mut d = Vec::new();
    let mut w = Vec::new();
    for e in &run.events {
        match &e.kind {
            EventKind::UnitDispatched { .. } => d.push(e.t_s as f64),
            EventKind::WarningIssued { .. } => w.push(e.t_s as f64),
            _ => {}
        }
    }
    (d, w)
}

/// One line series: name, colour, points (s, value).
type Series = (String, RGBColor, Vec<(f64, f64)>);

/// A line chart: `series` over time to `t_end` s, the y axis to `ymax` (shared between
/// runs side by side), with grey vertical lines at the `marks`' dispatches and red ones
/// at their warnings. The legend is the page's ([`legend_html`]): in the chart its text
/// would print too small or cover the lines.
fn line_chart(
    title: &str,
    y_desc: &str,
    series: &[Series],
    t_end: f64,
    ymax: f64,
    marks: Option<(Vec<f64>, Vec<f64>)>,
) -> String {
    svg_of(SIZE, |root| {
        // an empty series gets an axis of whole numbers (0–5), not "0 0 0 1 1"
        let ymax = if ymax > 0.0 { ymax * 1.08 } else { 5.0 };
        // hours on the axis, so the ticks fall on round times
        let h_end = t_end.max(60.0) / 3600.0;
        let mut chart = ChartBuilder::on(root)
            .caption(truncate(title, 40), ("sans-serif", CAPTION))
            .margin(6)
            .margin_right(18)
            .x_label_area_size(26)
            .y_label_area_size(58)
            .build_cartesian_2d(0f64..h_end, 0f64..ymax)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(5)
            .y_labels(6)
            .x_label_formatter(&|x| hhmm(*x * 3600.0))
            .y_label_formatter(&|y| {
                if ymax < 10.0 {
                    format!("{y:.1}")
                } else {
                    format!("{y:.0}")
                }
            })
            .label_style(("sans-serif", FONT))
            .axis_desc_style(("sans-serif", FONT))
            .y_desc(y_desc)
            .draw()
            .map_err(|e| e.to_string())?;
        if let Some((disp, warn)) = marks {
            chart
                .draw_series(disp.into_iter().map(|t| {
                    let t = t / 3600.0;
                    PathElement::new(vec![(t, 0.0), (t, ymax)], GREY.mix(0.7).stroke_width(1))
                }))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(warn.into_iter().map(|t| {
                    let t = t / 3600.0;
                    PathElement::new(vec![(t, 0.0), (t, ymax)], RED.mix(0.8).stroke_width(2))
                }))
                .map_err(|e| e.to_string())?;
        }
        for (_, colour, pts) in series {
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|&(t, v)| (t / 3600.0, v)),
                    colour.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Which chart a legend is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// [`ack_times`].
    Acknowledgement,
    /// [`hazard_growth`].
    HazardGrowth,
    /// [`people_at_risk`].
    PeopleAtRisk,
}

/// The legend of a chart as an HTML paragraph (`<p class="legend">`), printed in the
/// page's text size: the colours of `runs`' series (a chart's series are the same in
/// every run it is drawn for), and the vertical lines or the bars' colours.
pub fn legend_html(kind: ChartKind, measures: &[Measures], lang: Lang) -> String {
    let line = |colour: &RGBColor, width: u32, text: &str| {
        format!(
            "<span><svg width=\"18\" height=\"10\" viewBox=\"0 0 18 10\"><line x1=\"1\" y1=\"5\" x2=\"17\" y2=\"5\" stroke=\"{}\" stroke-width=\"{width}\"/></svg> {}</span>",
            hex(colour),
            super::html::esc(text)
        )
    };
    let dot = |colour: &RGBColor, text: &str| {
        format!(
            "<span><svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"{}\"/></svg> {}</span>",
            hex(colour),
            super::html::esc(text)
        )
    };
    let tick = |text: &str| {
        format!(
            "<span><svg width=\"8\" height=\"12\" viewBox=\"0 0 8 12\"><line x1=\"4\" y1=\"0\" x2=\"4\" y2=\"12\" stroke=\"{}\" stroke-width=\"2\"/></svg> {}</span>",
            hex(&INK),
            super::html::esc(text)
        )
    };
    let mut o = String::from("<p class=\"legend\">");
    match kind {
        ChartKind::Acknowledgement => {
            // only what some chart of the row draws
            let all: Vec<&acks::AckBar> = measures.iter().flat_map(|m| &m.acks).collect();
            let any = |f: &dyn Fn(&acks::AckBar) -> bool| all.iter().any(|b| f(b));
            if any(&|b| b.acknowledged && b.target_s.is_some() && !b.late()) {
                o.push_str(&dot(&GREEN, l(lang, "within the seat's target")));
            }
            if any(&|b| b.acknowledged && b.late()) {
                o.push_str(&dot(&ORANGE, l(lang, "late")));
            }
            if any(&|b| b.acknowledged && b.target_s.is_none()) {
                o.push_str(&dot(&BLUE, l(lang, "no target for this seat")));
            }
            // a count by a dot is possible where a seat acknowledged two items of one
            // colour in one run (the chart merges them when their waits lie within a
            // dot's width); two runs' items at one seat are in two charts
            let pair = |run: &[acks::AckBar]| {
                run.iter().enumerate().any(|(i, a)| {
                    a.acknowledged
                        && run[i + 1..].iter().any(|b| {
                            b.acknowledged && b.seat == a.seat && ack_colour(b) == ack_colour(a)
                        })
                })
            };
            if measures.iter().any(|m| pair(&m.acks)) {
                o.push_str(&format!(
                    "<span><b>2, 3…</b> {}</span>",
                    super::html::esc(l(lang, "items acknowledged after about the same wait"))
                ));
            }
            let cross = |colour: &RGBColor, text: &str| {
                format!(
                    "<span><svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><path d=\"M2 2L8 8M2 8L8 2\" stroke=\"{}\" stroke-width=\"2\"/></svg> {}</span>",
                    hex(colour),
                    super::html::esc(text)
                )
            };
            if any(&|b| !b.acknowledged && b.target_s.is_some()) {
                o.push_str(&cross(
                    &RED,
                    l(lang, "never acknowledged (their number beside the cross)"),
                ));
            }
            if any(&|b| !b.acknowledged && b.target_s.is_none()) {
                o.push_str(&cross(
                    &GREY,
                    l(lang, "not acknowledged (no target for this post)"),
                ));
            }
            if any(&|b| b.target_s.is_some()) {
                o.push_str(&tick(l(lang, "the seat's target")));
            }
        }
        ChartKind::HazardGrowth | ChartKind::PeopleAtRisk => {
            let mut seen: Vec<&str> = Vec::new();
            for m in measures {
                let series = if kind == ChartKind::HazardGrowth {
                    &m.hazard.0
                } else {
                    &m.people
                };
                for (name, colour, _) in series {
                    if !seen.contains(&name.as_str()) {
                        o.push_str(&line(colour, 2, name));
                        seen.push(name);
                    }
                }
            }
            o.push_str(&line(&GREY, 1, l(lang, "unit dispatched")));
            o.push_str(&line(&RED, 2, l(lang, "warning issued")));
        }
    }
    o.push_str("</p>");
    o
}

/// `#rrggbb` of a chart colour, written by [`super::palette::hex`].
fn hex(c: &RGBColor) -> String {
    super::palette::hex([c.0, c.1, c.2])
}

/// What the measurements section draws of one run, gathered once for its chart, its
/// share of the shared axes and the row's legend: the items that waited for an
/// acknowledgement ([`acks::bars`]), the hazard's series and the people's.
pub struct Measures<'a> {
    /// The run.
    pub run: &'a Run,
    /// Every item that waited for an acknowledgement, seat by seat.
    pub acks: Vec<acks::AckBar>,
    /// The hazard's series ([`hazard_series`]) and the unit of its axis.
    pub hazard: (Vec<Series>, &'static str),
    /// The people's series ([`people_series`]).
    pub people: Vec<Series>,
}

impl<'a> Measures<'a> {
    /// Gathers them for `run`.
    pub fn of(s: &Scenario, run: &'a Run, lang: Lang) -> Self {
        Measures {
            run,
            acks: acks::bars(s, run),
            hazard: hazard_series(run, lang),
            people: people_series(run, lang),
        }
    }
}

/// Hazard series with anything in them — burnt ha, flooded cells, toxic cells — and
/// the unit of the axis they share: "ha", "cells" or "ha / cells".
pub fn hazard_series(run: &Run, lang: Lang) -> (Vec<Series>, &'static str) {
    let pts = |f: &dyn Fn(&super::Sample) -> f64| -> Vec<(f64, f64)> {
        run.samples.iter().map(|s| (s.t_s as f64, f(s))).collect()
    };
    // (words, colour, in hectares, value)
    type Measure<'f> = (
        &'static str,
        RGBColor,
        bool,
        &'f dyn Fn(&super::Sample) -> f64,
    );
    let measures: [Measure; 3] = [
        ("area burnt, ha", BROWN, true, &|s| s.burnt_ha),
        (
            "cells deeper than 0.15 m (river channels included)",
            BLUE,
            false,
            &|s| s.flooded_cells as f64,
        ),
        ("cells at AEGL-2 or worse", PURPLE, false, &|s| {
            s.toxic_cells as f64
        }),
    ];
    let mut out = Vec::new();
    let (mut ha, mut cells) = (false, false);
    for (words, colour, in_ha, value) in measures {
        if run.samples.iter().any(|s| value(s) > 0.0) {
            out.push((l(lang, words).into(), colour, pts(value)));
            ha |= in_ha;
            cells |= !in_ha;
        }
    }
    let unit = match (ha, cells) {
        (true, false) => l(lang, "ha"),
        (true, true) => l(lang, "ha / cells"),
        _ => l(lang, "cells"),
    };
    (out, unit)
}

/// Largest value of any series.
pub fn series_max(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.2.iter().map(|p| p.1))
        .fold(0.0, f64::max)
}

/// Hazard growth against the response, on an axis in the unit of what is drawn
/// (hectares burnt, cells flooded or toxic, or both).
pub fn hazard_growth(m: &Measures, t_end: f64, ymax: f64) -> String {
    let (series, unit) = &m.hazard;
    line_chart(
        &m.run.label,
        unit,
        series,
        t_end,
        ymax,
        Some(response_marks(m.run)),
    )
}

/// People series: exposed (as the scorecard counts them), and not yet evacuated at the
/// places the hazard reaches in this run.
pub fn people_series(run: &Run, lang: Lang) -> Vec<Series> {
    vec![
        (
            l(lang, "people exposed (scorecard)").into(),
            // not red: the warnings' vertical lines are red
            INK,
            run.samples
                .iter()
                .map(|s| (s.t_s as f64, s.people_exposed as f64))
                .collect(),
        ),
        (
            l(lang, "not yet evacuated at places the hazard reaches").into(),
            ORANGE,
            run.samples
                .iter()
                .map(|s| (s.t_s as f64, s.people_not_evacuated as f64))
                .collect(),
        ),
    ]
}

/// People at risk over time ([`Measures::people`]).
pub fn people_at_risk(m: &Measures, t_end: f64, ymax: f64, lang: Lang) -> String {
    line_chart(
        &m.run.label,
        l(lang, "people"),
        &m.people,
        t_end,
        ymax,
        Some(response_marks(m.run)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(waited_s: u64, acknowledged: bool, target_s: Option<u64>) -> acks::AckBar {
        acks::AckBar {
            seat: "p".into(),
            seat_name: "Post".into(),
            item: "I01".into(),
            item_label: "inject I01".into(),
            since_s: 0,
            waited_s,
            acknowledged,
            target_s,
        }
    }

    /// Four items acknowledged after the same minute were four dots over three
    /// heights, the fourth on the first: now one dot says "4". Items of another colour
    /// at the same wait keep their own dot at another height; waits far apart stay in
    /// the middle; the items never acknowledged are not dots.
    #[test]
    fn equal_waits_are_one_dot_with_their_count() {
        let items = [
            bar(60, true, Some(600)),
            bar(60, true, Some(600)),
            bar(61, true, Some(600)),
            bar(60, true, Some(600)),
            bar(60, true, None),
            bar(3000, true, Some(600)),
            bar(9000, false, Some(600)),
        ];
        let refs: Vec<&acks::AckBar> = items.iter().collect();
        // 10 px a minute
        let dots = ack_dots(&refs, |m| (m * 10.0) as i32, Some(100), 0);
        assert_eq!(dots.len(), 3, "{dots:?}");
        assert_eq!((dots[0].count, dots[0].colour, dots[0].dy), (4, GREEN, 0));
        assert_eq!((dots[1].count, dots[1].colour), (1, BLUE));
        assert_ne!(dots[1].dy, dots[0].dy, "two colours at one wait stay apart");
        assert_eq!((dots[2].count, dots[2].colour, dots[2].dy), (1, ORANGE, 0));
        assert_eq!(dots.iter().map(|d| d.count).sum::<usize>(), 6);
    }

    /// A dot one height away from a count used to be drawn on it, and the seat's
    /// target tick struck a count through: the count now goes past the tick, or left
    /// of its dot where its right is taken by another dot.
    #[test]
    fn a_count_touches_no_other_dot_nor_the_tick() {
        let overlap = crate::report::boxes_overlap::<i32>;
        let check = |dots: &[AckDot], tick: Option<i32>| {
            for a in dots {
                let (_, text) = dot_boxes(a.x, a.dy, a.count, a.count_left, a.count_shift);
                let Some(text) = text else { continue };
                for b in dots.iter().filter(|b| *b != a) {
                    let (disc, _) = dot_boxes(b.x, b.dy, b.count, b.count_left, b.count_shift);
                    assert!(!overlap(&text, &disc), "{a:?} touches {b:?}");
                }
                if let Some(t) = tick {
                    assert!(
                        !overlap(&text, &[t - 1, -10, t + 1, 10]),
                        "{a:?} on the tick"
                    );
                }
            }
        };
        // two equal green waits (x 100) and a late item just after them (x 112)
        let items = [
            bar(600, true, Some(900)),
            bar(600, true, Some(900)),
            bar(672, true, Some(600)),
        ];
        let refs: Vec<&acks::AckBar> = items.iter().collect();
        let dots = ack_dots(&refs, |m| (m * 10.0) as i32, None, 0);
        assert_eq!(dots.len(), 2, "{dots:?}");
        assert!(dots[0].count_left, "{dots:?}");
        check(&dots, None);
        // three equal waits just left of the target's tick
        let items: Vec<acks::AckBar> = (0..3).map(|_| bar(540, true, Some(570))).collect();
        let refs: Vec<&acks::AckBar> = items.iter().collect();
        let dots = ack_dots(&refs, |m| (m * 10.0) as i32, Some(95), 0);
        assert_eq!(
            (
                dots.len(),
                dots[0].count,
                dots[0].count_left,
                dots[0].count_shift
            ),
            (1, 3, false, 4),
            "past the tick"
        );
        check(&dots, Some(95));
    }
}
