//! Screenshot mode (`--screenshot`): draw a few frames for fonts and layout to settle,
//! capture the window to a PNG, write a sidecar JSON beside it ([`Layout`]: where the
//! map, panels, heading and hazard cells were drawn), then exit. The GUI tests check
//! the pixels against the sidecar.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::egui;

use super::session::Session;

/// Frames to draw before a screenshot is taken (fonts and layout settle).
const SHOT_AFTER_FRAMES: u32 = 8;

/// Where things were drawn in the last frame (for the screenshot's sidecar file).
#[derive(Default, Clone, serde::Serialize)]
pub struct Layout {
    /// Window size, points.
    pub window: [f32; 2],
    /// Pixels per point.
    pub pixels_per_point: f32,
    /// Map rectangle [x0, y0, x1, y1], points.
    pub map: [f32; 4],
    /// Left and right panel rectangles.
    pub panels: Vec<(String, [f32; 4])>,
    /// Screen points of hazard cells with their drawn colour (sampled).
    pub hazard_points: Vec<([f32; 2], [u8; 4])>,
    /// A heading in the interface language and its rectangle.
    pub heading: (String, [f32; 4]),
    /// Whether the loaded fonts cover every Chinese string shown.
    pub cjk_glyphs: bool,
    /// Simulated time shown.
    pub t_s: u64,
    /// Mean frame time over the run, ms.
    pub frame_ms: f64,
    /// An official session: "round · team" (empty otherwise).
    pub official: String,
    /// The seats the seat picker offers.
    pub seat_choices: Vec<String>,
    /// The objectives panel's live statuses as drawn (empty when another tab shows).
    pub objectives: Vec<ObjectiveShot>,
    /// The legend's rows as drawn (empty when the legend tab is not shown).
    pub legend: Vec<LegendRow>,
    /// The map's place labels and their rectangles [x0, y0, x1, y1], points.
    pub labels: Vec<(String, [f32; 4])>,
    /// The wind as the map states it in words.
    pub wind: String,
    /// The tabs the side panels offer, left then right (keys: `inbox`, `orders`, …).
    pub tabs: Vec<String>,
    /// Words drawn in the organisation chart and the replay timeline: (where —
    /// `organisation` or `timeline` —, the words, their rectangle [x0, y0, x1, y1],
    /// points), so that a test can see that none overlaps another or leaves its panel.
    pub drawn: Vec<(String, String, [f32; 4])>,
}

/// One row of the legend as drawn.
#[derive(Default, Clone, serde::Serialize)]
pub struct LegendRow {
    /// The row's text.
    pub text: String,
    /// Centre of its swatch [x, y], points.
    pub at: [f32; 2],
    /// The colour the row gives a meaning to, `None` for a row whose meaning is a
    /// shape or a letter (gauge, post, unit kind, route) [r, g, b].
    pub colour: Option<[u8; 3]>,
}

/// One objective's live status as the objectives panel drew it.
#[derive(Default, Clone, serde::Serialize)]
pub struct ObjectiveShot {
    /// Objective id.
    pub id: String,
    /// The status text shown (`Met`, `Failed`, `Pending (00:12:00 left)`, …).
    pub status: String,
    /// The title shown.
    pub title: String,
    /// Where the status was drawn [x0, y0, x1, y1], points.
    pub rect: [f32; 4],
}

/// Screenshot mode.
pub(super) struct Shot {
    /// Where the PNG goes (the sidecar: the same path with `.json`).
    path: PathBuf,
    /// Frames drawn so far.
    frames: u32,
    /// The capture was asked for.
    requested: bool,
    /// Frames since the capture was asked for.
    waited: u32,
}

impl Shot {
    /// Capture to `path` once the layout has settled.
    pub(super) fn new(path: PathBuf) -> Shot {
        Shot {
            path,
            frames: 0,
            requested: false,
            waited: 0,
        }
    }
}

/// In screenshot mode: wait for the layout to settle, capture, write the sidecar, exit.
pub(super) fn screenshot(
    mut commands: Commands,
    mut sess: NonSendMut<Session>,
    mut exit: MessageWriter<AppExit>,
) {
    let sess = &mut *sess;
    // a frame-time measurement (`--frames`) takes no screenshot: it ends on its own
    if sess.bench.is_some() {
        return;
    }
    let Some(shot) = sess.shot.as_mut() else {
        return;
    };
    shot.frames += 1;
    if !shot.requested && shot.frames >= SHOT_AFTER_FRAMES {
        let _ = std::fs::remove_file(&shot.path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(shot.path.clone()));
        shot.requested = true;
        let mut layout = sess.layout.clone();
        layout.frame_ms = if sess.frames > 0 {
            sess.frame_s_total / sess.frames as f64 * 1000.0
        } else {
            0.0
        };
        let side = shot.path.with_extension("json");
        if let Ok(json) = serde_json::to_string_pretty(&layout) {
            let _ = std::fs::write(side, json);
        }
        return;
    }
    if shot.requested {
        shot.waited += 1;
        let done = std::fs::metadata(&shot.path).is_ok_and(|m| m.len() > 0);
        if done && shot.waited > 2 {
            exit.write(AppExit::Success);
        } else if shot.waited > 600 {
            eprintln!("the screenshot was not written");
            exit.write(AppExit::error());
        }
    }
}

/// A rectangle as [x0, y0, x1, y1], points.
pub(super) fn rect4(r: egui::Rect) -> [f32; 4] {
    [r.min.x, r.min.y, r.max.x, r.max.y]
}

/// Up to 200 hazard cells inside the map rectangle, as screen points with the colour
/// drawn there.
pub(super) fn hazard_samples(sess: &Session, rect: egui::Rect) -> Vec<([f32; 2], [u8; 4])> {
    let s = &sess.s;
    let (_, t_s) = sess.now();
    let hz = sess
        .engine
        .world()
        .resource::<crate::sim::hazards::HazardState>();
    let cells: Vec<usize> = (0..s.grid.len())
        .filter(|&c| super::map::hazard_rgba(hz, c, t_s as f64).is_some())
        .collect();
    let step = (cells.len() / 200).max(1);
    cells
        .iter()
        .step_by(step)
        .filter_map(|&c| {
            let (x, y) = (
                (c % s.grid.width as usize) as f32,
                (c / s.grid.width as usize) as f32,
            );
            let p = sess.map.to_screen((x + 0.5, y + 0.5))?;
            let col = super::map::hazard_rgba(hz, c, t_s as f64)?;
            rect.contains(p).then_some(([p.x, p.y], col))
        })
        .collect()
}
