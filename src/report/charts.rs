//! Charts drawn as SVG with plotters (SVG backend only): time to acknowledge per seat
//! and item against each seat's own target, unanswered items included (bars), hazard growth against the response (lines with markers for dispatches and
//! warnings), people at risk over time.

use plotters::coord::Shift;
use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::i18n::{Lang, f, l};
use super::{Run, acks};
use crate::scenario::Scenario;
use crate::sim::events::EventKind;

/// Chart size, px.
pub const SIZE: (u32, u32) = (560, 230);

const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(230, 120, 20);
const GREEN: RGBColor = RGBColor(44, 160, 44);
const RED: RGBColor = RGBColor(200, 30, 30);
const GREY: RGBColor = RGBColor(130, 130, 130);
const PURPLE: RGBColor = RGBColor(120, 60, 170);
const INK: RGBColor = RGBColor(30, 30, 30);

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

/// Bars: minutes each item waited for a seat's acknowledgement (see [`acks::bars`]),
/// one row per item labelled with the seat's and the item's names; green within the
/// seat's own target, orange late, red never acknowledged (the bar runs to the end of
/// the run); each row's own target drawn as a red tick across that row. `xmax_min` is
/// the right end of the axis (shared between runs side by side; see
/// [`acks::axis_max_min`]).
pub fn ack_bars(s: &Scenario, run: &Run, xmax_min: f64, lang: Lang) -> String {
    let data = acks::bars(s, run);
    if data.is_empty() {
        return svg_of((SIZE.0, 60), |root| {
            root.draw(&Text::new(
                l(lang, "nothing waited for acknowledgement"),
                (10, 25),
                ("sans-serif", 14).into_font(),
            ))
            .map_err(|e| e.to_string())
        });
    }
    let n = data.len();
    // 17 px a row: room for the 12-px labels, and a two-team comparison's three
    // charts side by side stay under a third of an A4 page
    let h = (90 + 17 * n as u32).max(160);
    let xmax = xmax_min.max(1.0);
    svg_of((SIZE.0, h), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                f(lang, "Time to acknowledge — {0}", &[&run.label]),
                ("sans-serif", 16),
            )
            .margin(8)
            .margin_right(16)
            .x_label_area_size(34)
            .y_label_area_size(250)
            .build_cartesian_2d(0f64..xmax, (0..n).into_segmented())
            .map_err(|e| e.to_string())?;
        let labels: Vec<String> = data
            .iter()
            .map(|d| {
                // names in the report's language before the cut (a cut name no
                // longer matches the page's shortening of bilingual names)
                let zh = lang == Lang::Zh;
                format!(
                    "{} · {}",
                    truncate(&crate::scenario::names::name_in(&d.seat_name, zh), 20),
                    truncate(
                        &crate::scenario::names::names_in_language(
                            s,
                            &acks::item_label_in(s, &d.item, lang),
                            zh
                        ),
                        22
                    )
                )
            })
            .collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - *i].clone(),
                _ => String::new(),
            })
            .x_labels(8)
            .x_label_formatter(&|x| acks::minutes_tick(*x))
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 13))
            .x_desc(l(
                lang,
                "minutes waited (red tick: that seat's target; red bar: never acknowledged)",
            ))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(data.iter().enumerate().map(|(k, d)| {
                let i = n - 1 - k;
                let v = (d.waited_s as f64 / 60.0).min(xmax);
                let c = if !d.acknowledged {
                    RED
                } else if d.late() {
                    ORANGE
                } else if d.target_s.is_some() {
                    GREEN
                } else {
                    BLUE
                };
                let mut r = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (v, SegmentValue::Exact(i + 1)),
                    ],
                    c.filled(),
                );
                r.set_margin(3, 3, 0, 0);
                r
            }))
            .map_err(|e| e.to_string())?;
        // the value at the end of each bar
        chart
            .draw_series(data.iter().enumerate().map(|(k, d)| {
                let i = n - 1 - k;
                let v = (d.waited_s as f64 / 60.0).min(xmax);
                let text = if d.acknowledged {
                    format!("{:.1}", d.waited_s as f64 / 60.0)
                } else {
                    f(
                        lang,
                        "never acknowledged ({0} min)",
                        &[&(d.waited_s / 60).to_string()],
                    )
                };
                let (x, anchor, ink) = if v > xmax * 0.6 {
                    (v - xmax * 0.01, HPos::Right, WHITE)
                } else {
                    (v + xmax * 0.01, HPos::Left, BLACK)
                };
                Text::new(
                    text,
                    (x, SegmentValue::CenterOf(i)),
                    ("sans-serif", 11)
                        .into_font()
                        .color(&ink)
                        .pos(Pos::new(anchor, VPos::Center)),
                )
            }))
            .map_err(|e| e.to_string())?;
        // each row's own target
        chart
            .draw_series(data.iter().enumerate().filter_map(|(k, d)| {
                let i = n - 1 - k;
                let t = d.target_s? as f64 / 60.0;
                Some(PathElement::new(
                    vec![(t, SegmentValue::Exact(i)), (t, SegmentValue::Exact(i + 1))],
                    RED.stroke_width(2),
                ))
            }))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// `s` cut to `n` characters with an ellipsis.
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
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

#[allow(clippy::too_many_arguments)] // each is one property of the chart
fn line_chart(
    lang: Lang,
    title: &str,
    y_desc: &str,
    series: &[Series],
    t_end: f64,
    ymax: f64,
    marks: Option<(Vec<f64>, Vec<f64>)>,
    legend_at: SeriesLabelPosition,
) -> String {
    svg_of(SIZE, |root| {
        let ymax = if ymax > 0.0 { ymax * 1.08 } else { 1.0 };
        // hours on the axis, so the ticks fall on round times
        let h_end = t_end.max(60.0) / 3600.0;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .margin_right(24)
            .x_label_area_size(30)
            .y_label_area_size(55)
            .build_cartesian_2d(0f64..h_end, 0f64..ymax)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&|x| hhmm(*x * 3600.0))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 13))
            .y_desc(y_desc)
            .draw()
            .map_err(|e| e.to_string())?;
        if let Some((disp, warn)) = marks {
            let mut first = true;
            for t in disp {
                let t = t / 3600.0;
                let s = chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(t, 0.0), (t, ymax)],
                        GREY.mix(0.7).stroke_width(1),
                    )))
                    .map_err(|e| e.to_string())?;
                if first {
                    s.label(l(lang, "unit dispatched")).legend(|(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], GREY.stroke_width(1))
                    });
                    first = false;
                }
            }
            let mut first = true;
            for t in warn {
                let t = t / 3600.0;
                let s = chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(t, 0.0), (t, ymax)],
                        RED.mix(0.8).stroke_width(2),
                    )))
                    .map_err(|e| e.to_string())?;
                if first {
                    s.label(l(lang, "warning issued")).legend(|(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], RED.stroke_width(2))
                    });
                    first = false;
                }
            }
        }
        for (name, colour, pts) in series {
            let c = *colour;
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|&(t, v)| (t / 3600.0, v)),
                    c.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(legend_at)
            .draw()
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Hazard series with anything in them: burnt ha, flooded cells, toxic cells.
pub fn hazard_series(run: &Run, lang: Lang) -> Vec<Series> {
    let mut out = Vec::new();
    let pts = |f: &dyn Fn(&super::Sample) -> f64| -> Vec<(f64, f64)> {
        run.samples.iter().map(|s| (s.t_s as f64, f(s))).collect()
    };
    if run.samples.iter().any(|s| s.burnt_ha > 0.0) {
        out.push((l(lang, "area burnt, ha").into(), RED, pts(&|s| s.burnt_ha)));
    }
    if run.samples.iter().any(|s| s.flooded_cells > 0) {
        out.push((
            l(lang, "cells flooded > 0.15 m").into(),
            BLUE,
            pts(&|s| s.flooded_cells as f64),
        ));
    }
    if run.samples.iter().any(|s| s.toxic_cells > 0) {
        out.push((
            l(lang, "cells at AEGL-2 or worse").into(),
            PURPLE,
            pts(&|s| s.toxic_cells as f64),
        ));
    }
    out
}

/// Largest value of any series.
pub fn series_max(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.2.iter().map(|p| p.1))
        .fold(0.0, f64::max)
}

/// Hazard growth against the response.
pub fn hazard_growth(run: &Run, t_end: f64, ymax: f64, lang: Lang) -> String {
    let series = hazard_series(run, lang);
    line_chart(
        lang,
        &f(lang, "Hazard growth and response — {0}", &[&run.label]),
        l(lang, "extent"),
        &series,
        t_end,
        ymax,
        Some(response_marks(run)),
        SeriesLabelPosition::UpperLeft,
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

/// People at risk over time.
pub fn people_at_risk(run: &Run, t_end: f64, ymax: f64, lang: Lang) -> String {
    line_chart(
        lang,
        &f(lang, "People at risk — {0}", &[&run.label]),
        l(lang, "people"),
        &people_series(run, lang),
        t_end,
        ymax,
        Some(response_marks(run)),
        SeriesLabelPosition::MiddleRight,
    )
}
