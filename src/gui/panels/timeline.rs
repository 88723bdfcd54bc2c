//! The replay timeline (view mode only): every event of the recording as a tick in its
//! group's colour and row, the current moment, and seeking by click or drag.

use std::sync::Arc;

use bevy_egui::egui::{self, Color32, Ui};

use super::events::group;
use crate::gui::session::{Mode, Session};
use crate::time::hms;

/// The replay timeline: events as ticks, drag or click to seek.
pub(super) fn timeline(ui: &mut Ui, sess: &mut Session) {
    let last = sess.last_tick().max(1);
    let tick_s = sess.engine.clock().tick_s.max(1);
    let (tick, _) = sess.now();
    let (resp, painter) = ui.allocate_painter(
        egui::Vec2::new(ui.available_width(), 40.0),
        egui::Sense::click_and_drag(),
    );
    let r = resp.rect.shrink2(egui::Vec2::new(8.0, 6.0));
    painter.rect_filled(r, 3.0, Color32::from_gray(55));
    let x_of = |tk: u64| r.left() + r.width() * (tk as f32 / last as f32);
    let all = match &sess.mode {
        Mode::View { all, .. } => all.clone(),
        Mode::Play { .. } => Arc::new(sess.engine.events().to_vec()),
    };
    for e in all.iter() {
        let col = match group(&e.kind) {
            0 => Color32::from_rgb(120, 170, 255),
            1 => Color32::from_rgb(140, 220, 140),
            2 => Color32::from_rgb(255, 140, 60),
            _ => Color32::from_rgb(230, 230, 230),
        };
        let x = x_of(e.tick);
        let y0 = r.top() + 3.0 + 8.0 * group(&e.kind) as f32;
        painter.line_segment(
            [egui::pos2(x, y0), egui::pos2(x, y0 + 7.0)],
            egui::Stroke::new(1.0, col),
        );
    }
    let x = x_of(tick);
    painter.line_segment(
        [egui::pos2(x, r.top()), egui::pos2(x, r.bottom())],
        egui::Stroke::new(2.5, Color32::YELLOW),
    );
    painter.text(
        egui::pos2(r.right(), r.bottom()),
        egui::Align2::RIGHT_BOTTOM,
        hms(last * tick_s),
        egui::FontId::proportional(11.0),
        Color32::WHITE,
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
            egui::FontId::proportional(11.0),
            Color32::WHITE,
        );
    }
}
