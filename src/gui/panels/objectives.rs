//! The objectives panel: points so far, and each objective's status (met, failed, or
//! pending with the time left to a fixed deadline), target, measured value and rating.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::scoring::Rating;
use crate::time::hms;

/// The objectives and their status now.
pub(super) fn objectives(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let (_, now) = sess.now();
    let finished = sess.engine.finished();
    let card = crate::scoring::score(&sess.s, sess.engine.events());
    ui.label(format!(
        "{}: {:.1} / {:.1}",
        t(lang, "points"),
        card.total,
        card.max_total
    ));
    egui::ScrollArea::vertical().id_salt("obj").show(ui, |ui| {
        for (o, raw) in card.objectives.iter().zip(&sess.s.objectives) {
            let deadline = deadline_s(&raw.target);
            let (status, col) = if o.met {
                (t(lang, "met").to_string(), Color32::from_rgb(80, 200, 120))
            } else if finished || deadline.is_some_and(|d| now > d) {
                (
                    t(lang, "failed").to_string(),
                    Color32::from_rgb(255, 110, 90),
                )
            } else if let Some(d) = deadline {
                (
                    format!(
                        "{} ({} {})",
                        t(lang, "pending"),
                        hms(d - now),
                        t(lang, "left")
                    ),
                    Color32::from_rgb(250, 200, 0),
                )
            } else {
                (
                    t(lang, "pending").to_string(),
                    Color32::from_rgb(250, 200, 0),
                )
            };
            ui.horizontal(|ui| {
                ui.colored_label(col, RichText::new(status).strong());
                ui.label(RichText::new(&o.title).strong());
            });
            ui.label(format!("{}: {}", t(lang, "target"), o.target));
            ui.label(format!(
                "{}: {}  [{}]",
                t(lang, "measured"),
                o.value,
                match o.rating {
                    Rating::P => "P",
                    Rating::S => "S",
                    Rating::M => "M",
                    Rating::U => "U",
                }
            ));
            ui.separator();
        }
    });
}

/// Seconds from the start by which an objective must be met, when it has a fixed one.
fn deadline_s(t: &crate::scenario::raw::RawTarget) -> Option<u64> {
    use crate::scenario::raw::RawTarget as T;
    match t {
        T::FirstOnScene {
            within,
            after: None,
            ..
        }
        | T::ResponseLevelWithin {
            within,
            after: None,
            ..
        }
        | T::LeakContainedWithin { within } => Some(within.0),
        _ => None,
    }
}
