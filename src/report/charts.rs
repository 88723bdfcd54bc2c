//! Charts drawn as SVG with plotters (SVG backend only): time to acknowledge per item
//! (bars), hazard growth against the response (lines with markers for dispatches and
//! warnings), people at risk over time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Run;
use crate::sim::events::EventKind;

/// Chart size, px.
pub const SIZE: (u32, u32) = (560, 300);

const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(230, 120, 20);
const GREEN: RGBColor = RGBColor(44, 160, 44);
const RED: RGBColor = RGBColor(200, 30, 30);
const GREY: RGBColor = RGBColor(130, 130, 130);
const PURPLE: RGBColor = RGBColor(120, 60, 170);

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

/// Acknowledgement times in a run: (label, minutes), in order.
pub fn ack_times(run: &Run) -> Vec<(String, f64)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Acknowledged {
                seat,
                item,
                after_s,
                ..
            } => Some((format!("{item} @ {seat}"), *after_s as f64 / 60.0)),
            _ => None,
        })
        .collect()
}

/// Bars: minutes each item waited for acknowledgement; `target_min` draws the target.
pub fn ack_bars(run: &Run, xmax_min: f64, target_min: Option<f64>) -> String {
    let data = ack_times(run);
    if data.is_empty() {
        return svg_of((SIZE.0, 60), |root| {
            root.draw(&Text::new(
                "nothing was acknowledged",
                (10, 25),
                ("sans-serif", 14).into_font(),
            ))
            .map_err(|e| e.to_string())
        });
    }
    let n = data.len();
    let h = (70 + 24 * n as u32).max(150);
    let xmax = xmax_min.max(target_min.unwrap_or(0.0) * 1.1).max(1.0);
    svg_of((SIZE.0, h), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                match target_min {
                    Some(t) => format!(
                        "Time to acknowledge — {} (red line: target {t:.0} min)",
                        run.label
                    ),
                    None => format!("Time to acknowledge — {}", run.label),
                },
                ("sans-serif", 16),
            )
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(200)
            .build_cartesian_2d(0f64..xmax, (0..n).into_segmented())
            .map_err(|e| e.to_string())?;
        let labels: Vec<String> = data.iter().map(|d| d.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - *i].clone(),
                _ => String::new(),
            })
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 13))
            .x_desc("minutes")
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(data.iter().enumerate().map(|(k, (_, v))| {
                let i = n - 1 - k;
                let late = target_min.is_some_and(|t| *v > t);
                let c = if late { ORANGE } else { GREEN };
                let mut r = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*v, SegmentValue::Exact(i + 1)),
                    ],
                    c.filled(),
                );
                r.set_margin(3, 3, 0, 0);
                r
            }))
            .map_err(|e| e.to_string())?;
        if let Some(t) = target_min {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(t, SegmentValue::Exact(0)), (t, SegmentValue::Exact(n))],
                    RED.stroke_width(2),
                )))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
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

fn line_chart(
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
                    s.label("unit dispatched").legend(|(x, y)| {
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
                    s.label("warning issued").legend(|(x, y)| {
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
pub fn hazard_series(run: &Run) -> Vec<Series> {
    let mut out = Vec::new();
    let pts = |f: &dyn Fn(&super::Sample) -> f64| -> Vec<(f64, f64)> {
        run.samples.iter().map(|s| (s.t_s as f64, f(s))).collect()
    };
    if run.samples.iter().any(|s| s.burnt_ha > 0.0) {
        out.push(("area burnt, ha".into(), RED, pts(&|s| s.burnt_ha)));
    }
    if run.samples.iter().any(|s| s.flooded_cells > 0) {
        out.push((
            "cells flooded > 0.15 m".into(),
            BLUE,
            pts(&|s| s.flooded_cells as f64),
        ));
    }
    if run.samples.iter().any(|s| s.toxic_cells > 0) {
        out.push((
            "cells at AEGL-2 or worse".into(),
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
pub fn hazard_growth(run: &Run, t_end: f64, ymax: f64) -> String {
    let series = hazard_series(run);
    line_chart(
        &format!("Hazard growth and response — {}", run.label),
        "extent",
        &series,
        t_end,
        ymax,
        Some(response_marks(run)),
        SeriesLabelPosition::UpperLeft,
    )
}

/// People series: at places reached, at places not evacuated.
pub fn people_series(run: &Run) -> Vec<Series> {
    vec![
        (
            "people at places the hazard reached".into(),
            RED,
            run.samples
                .iter()
                .map(|s| (s.t_s as f64, s.people_reached as f64))
                .collect(),
        ),
        (
            "people at places not evacuated".into(),
            ORANGE,
            run.samples
                .iter()
                .map(|s| (s.t_s as f64, s.people_not_evacuated as f64))
                .collect(),
        ),
    ]
}

/// People at risk over time.
pub fn people_at_risk(run: &Run, t_end: f64, ymax: f64) -> String {
    line_chart(
        &format!("People at risk — {}", run.label),
        "people",
        &people_series(run),
        t_end,
        ymax,
        Some(response_marks(run)),
        SeriesLabelPosition::MiddleRight,
    )
}
