//! The replay timeline (view mode only): one labelled row per event group (messages,
//! units, hazard, command), every event of the recording as a tick in its group's
//! colour, a time axis with labelled hours (or quarter hours on a short exercise), the
//! current moment, and the future (after the current moment) greyed; seeking by
//! click or drag.

use std::sync::Arc;

use bevy_egui::egui::{self, Color32, Ui};

use super::events::group;
use crate::gui::i18n::tr as t;
use crate::gui::session::{Mode, Session};
use crate::time::hms;

/// The rows, top to bottom: interface key and colour.
const ROWS: [(&str, Color32); 4] = [
    ("g_messages", Color32::from_rgb(120, 170, 255)),
    ("g_units", Color32::from_rgb(140, 220, 140)),
    ("g_hazard", Color32::from_rgb(255, 140, 60)),
    ("g_command", Color32::from_rgb(230, 230, 230)),
];
/// Height of one row, points: room for a line of Chinese at the labels' size (rows of
/// 9 points let the Chinese labels run into each other).
const ROW_H: f32 = 13.0;
/// Height of the panel that holds the timeline, points: the rows, the time axis with
/// its labels and the panel's margins (64 points clipped the Chinese rows and the
/// times).
pub(super) const PANEL_H: f32 = 4.0 * ROW_H + 32.0;
/// Size of the row labels and times, points.
const FONT_PT: f32 = 10.0;

/// A round tick spacing, s, giving at most about `max_ticks` ticks over `span_s`.
fn tick_step_s(span_s: u64, max_ticks: u64) -> u64 {
    [300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        .into_iter()
        .find(|&s| span_s / s <= max_ticks.max(1))
        .unwrap_or(86400)
}

/// The replay timeline: labelled rows of events, a time axis, drag or click to seek.
pub(super) fn timeline(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let last = sess.last_tick().max(1);
    let tick_s = sess.engine.clock().tick_s.max(1);
    let (tick, _) = sess.now();
    let (resp, painter) = ui.allocate_painter(
        egui::Vec2::new(ui.available_width(), 4.0 * ROW_H + 20.0),
        egui::Sense::click_and_drag(),
    );
    let whole = resp.rect.shrink2(egui::Vec2::new(6.0, 2.0));
    let font = egui::FontId::proportional(FONT_PT);
    // row labels on the left, the rows starting after the widest of them
    let mut label_w: f32 = 0.0;
    for (i, (key, col)) in ROWS.iter().enumerate() {
        let at = painter.text(
            egui::pos2(whole.left(), whole.top() + ROW_H * (i as f32 + 0.5)),
            egui::Align2::LEFT_CENTER,
            t(lang, key),
            font.clone(),
            *col,
        );
        label_w = label_w.max(at.width());
        sess.drawn.push((
            "timeline".into(),
            t(lang, key).into(),
            [at.min.x, at.min.y, at.max.x, at.max.y],
        ));
    }
    let r = egui::Rect::from_min_max(
        egui::pos2(whole.left() + label_w + 8.0, whole.top()),
        egui::pos2(whole.right() - 8.0, whole.top() + 4.0 * ROW_H),
    );
    painter.rect_filled(r, 2.0, Color32::from_gray(55));
    let x_of = |tk: u64| r.left() + r.width() * (tk as f32 / last as f32);
    let now_x = x_of(tick);
    // the future: a darker band
    painter.rect_filled(
        egui::Rect::from_min_max(egui::pos2(now_x, r.top()), r.right_bottom()),
        2.0,
        Color32::from_gray(35),
    );
    let all = match &sess.mode {
        Mode::View { all, .. } => all.clone(),
        Mode::Play { .. } => Arc::new(sess.engine.events().to_vec()),
    };
    for e in all.iter() {
        let g = group(&e.kind).min(3);
        let col = if e.tick > tick {
            Color32::from_gray(95)
        } else {
            ROWS[g].1
        };
        let x = x_of(e.tick);
        let y0 = r.top() + 1.0 + ROW_H * g as f32;
        painter.line_segment(
            [egui::pos2(x, y0), egui::pos2(x, y0 + ROW_H - 2.0)],
            egui::Stroke::new(1.0, col),
        );
    }
    // time axis
    let span_s = last * tick_s;
    let step = tick_step_s(span_s, (r.width() / 70.0) as u64);
    let mut s = 0;
    while s <= span_s {
        let x = x_of(s / tick_s);
        painter.line_segment(
            [egui::pos2(x, r.bottom()), egui::pos2(x, r.bottom() + 3.0)],
            egui::Stroke::new(1.0, Color32::from_gray(170)),
        );
        let align = if s == 0 {
            egui::Align2::LEFT_TOP
        } else if s + step > span_s && span_s - s < step / 2 {
            egui::Align2::RIGHT_TOP
        } else {
            egui::Align2::CENTER_TOP
        };
        let label = hms(s);
        let at = painter.text(
            egui::pos2(x, r.bottom() + 3.0),
            align,
            &label[..5],
            font.clone(),
            Color32::from_gray(200),
        );
        sess.drawn.push((
            "timeline".into(),
            label[..5].to_string(),
            [at.min.x, at.min.y, at.max.x, at.max.y],
        ));
        s += step;
    }
    // the current moment
    painter.line_segment(
        [
            egui::pos2(now_x, r.top() - 1.0),
            egui::pos2(now_x, r.bottom() + 1.0),
        ],
        egui::Stroke::new(2.5, Color32::YELLOW),
    );
    if (resp.drag_stopped() || resp.clicked())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let f = ((p.x - r.left()) / r.width()).clamp(0.0, 1.0);
        sess.seek_to = Some((f * last as f32).round() as u64);
    }
    if resp.dragged()
        && let Some(p) = resp.interact_pointer_pos()
    {
        let f = ((p.x - r.left()) / r.width()).clamp(0.0, 1.0);
        painter.text(
            egui::pos2(p.x, r.top()),
            egui::Align2::CENTER_BOTTOM,
            hms((f * last as f32) as u64 * tick_s),
            font,
            Color32::WHITE,
        );
    }
}
