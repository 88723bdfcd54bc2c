//! The objectives panel: the points secured so far (those of every objective whose
//! rating is already certain), and each objective's live status from
//! [`crate::scoring::live`] — Met, Failed (it cannot be met any more) or Pending with
//! the time left where a deadline is known — with its target and the value measured
//! so far, and once its rating is certain the scorecard's P/S/M/U and points beside
//! it. The status is the scorecard's own once the outcome is certain, so the panel
//! never calls an objective Met that the final scorecard will fail, nor Pending one
//! already lost.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use crate::gui::i18n::tr as t;
use crate::gui::screenshot::{ObjectiveShot, rect4};
use crate::gui::session::Session;
use crate::gui::words;
use crate::scoring::live::{LiveStatus, live};
use crate::time::hms;

/// Colour of Met.
pub(super) const MET: Color32 = Color32::from_rgb(80, 200, 120);
/// Colour of Failed.
pub(super) const FAILED: Color32 = Color32::from_rgb(255, 110, 90);
/// Colour of Pending.
pub(super) const PENDING: Color32 = Color32::from_rgb(250, 200, 0);

/// The objectives and their live status now; returns where each status was drawn.
pub(super) fn objectives(ui: &mut Ui, sess: &mut Session) -> Vec<ObjectiveShot> {
    let lang = sess.lang;
    let card = crate::scoring::score(&sess.s, sess.engine.events());
    let now = live(&sess.s, &sess.engine);
    // the points of every objective whose rating is certain (the final scorecard's);
    // 0.0 + …: an empty float sum is −0.0
    let secured: f64 = 0.0 + now.iter().filter_map(|l| l.points).sum::<f64>();
    ui.label(format!(
        "{}: {:.1} / {:.1}",
        t(lang, "points_secured"),
        secured,
        card.max_total
    ));
    let mut shots = Vec::new();
    egui::ScrollArea::vertical().id_salt("obj").show(ui, |ui| {
        for o in &now {
            // once certain, the scorecard's rating and points beside Met or Failed
            let rated = |word: &str| match (o.rating, o.points) {
                (Some(r), Some(p)) => format!("{word} — {r:?} ({p:.1} {})", t(lang, "points_unit")),
                _ => word.to_string(),
            };
            let (status, col) = match o.status {
                LiveStatus::Met => (rated(t(lang, "met")), MET),
                LiveStatus::Failed => (rated(t(lang, "failed")), FAILED),
                LiveStatus::Pending { left_s: Some(left) } => (
                    format!("{} ({} {})", t(lang, "pending"), hms(left), t(lang, "left")),
                    PENDING,
                ),
                LiveStatus::Pending { left_s: None } => (t(lang, "pending").to_string(), PENDING),
            };
            let title = words::objective_title(&sess.s, lang, &o.id, &o.title);
            let r = ui.horizontal_wrapped(|ui| {
                let r = ui.colored_label(col, RichText::new(&status).strong());
                ui.label(RichText::new(format!("{} {title}", o.id)).strong());
                r.rect
            });
            shots.push(ObjectiveShot {
                id: o.id.clone(),
                title,
                status,
                rect: rect4(r.inner),
            });
            ui.label(format!(
                "{}: {}",
                t(lang, "target"),
                words::phrase(&sess.s, lang, &o.target)
            ));
            ui.label(format!(
                "{}: {}",
                t(lang, "measured"),
                words::phrase(&sess.s, lang, &o.value)
            ));
            ui.separator();
        }
    });
    shots
}
