//! The top bar: heading, scenario name, official round and team, simulated time,
//! response level, run / pause / step, speed (held to an official round's maximum),
//! the seat picker, the language switch, the recording indicator, and the last notice.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use super::seat_label;
use crate::gui::clock::SPEEDS;
use crate::gui::i18n::{Lang, tr as t};
use crate::gui::screenshot::{Layout, rect4};
use crate::gui::session::{Mode, Session};
use crate::order::FACILITATOR;
use crate::scenario::MemberKind;
use crate::sim::command::CommandState;
use crate::time::hms;

/// The top bar; notes the heading, official session and seat choices in `layout`.
pub(super) fn top_bar(ui: &mut Ui, sess: &mut Session, layout: &mut Layout) {
    let lang = sess.lang;
    // wraps onto a second row on a narrow window (long Chinese seat names at 1280 px
    // used to push the recording indicator off the screen)
    ui.horizontal_wrapped(|ui| {
        let heading = if sess.live() {
            t(lang, "live_exercise")
        } else {
            t(lang, "replay")
        };
        let h = ui.label(RichText::new(heading).strong().size(16.0));
        layout.heading = (heading.to_string(), rect4(h.rect));
        // the exercise's name in the interface language (a bilingual name said once)
        ui.label(
            RichText::new(crate::scenario::names::name_in(
                &sess.s.meta.name,
                lang == crate::gui::i18n::Lang::Zh,
            ))
            .strong(),
        );
        if let Some(o) = &sess.official {
            layout.official = format!("{} · {}", o.round, o.team);
            ui.label(
                RichText::new(format!("{} {} · {}", t(lang, "official"), o.round, o.team))
                    .strong()
                    .color(Color32::from_rgb(240, 200, 60)),
            );
        }
        ui.separator();
        let (_, t_s) = sess.now();
        ui.label(RichText::new(hms(t_s)).monospace().size(18.0));
        let level = sess
            .engine
            .world()
            .resource::<CommandState>()
            .level
            .map(|l| crate::gui::words::response_level(lang, &format!("{l:?}")))
            .unwrap_or_else(|| "—".into());
        ui.label(format!("{} {level}", t(lang, "response_level")));
        ui.separator();
        let run_label = if sess.pace.running {
            t(lang, "pause")
        } else {
            t(lang, "run")
        };
        if ui.button(run_label).clicked() {
            sess.pace.running = !sess.pace.running;
        }
        if ui.button(t(lang, "step")).clicked() {
            sess.pace.step();
        }
        egui::ComboBox::from_id_salt("speed")
            .selected_text(format!("×{}", sess.pace.speed))
            .width(64.0)
            .show_ui(ui, |ui| {
                let max = sess.official.as_ref().map(|o| o.max_speed);
                for v in SPEEDS.into_iter().filter(|v| max.is_none_or(|m| *v <= m)) {
                    if ui
                        .selectable_label(sess.pace.speed == v, format!("×{v}"))
                        .clicked()
                    {
                        sess.pace.set_speed(v);
                    }
                }
                if let Some(m) = max
                    && !SPEEDS.contains(&m)
                    && ui
                        .selectable_label(sess.pace.speed == m, format!("×{m}"))
                        .clicked()
                {
                    sess.pace.set_speed(m);
                }
            });
        ui.separator();
        ui.label(t(lang, "seat"));
        let seats: Vec<String> = if sess.official.is_some() {
            // an official team sees and plays its own seats only
            sess.seats.iter().cloned().collect()
        } else {
            let mut v = vec![FACILITATOR.to_string()];
            v.extend(sess.member_ids(|k| matches!(k, MemberKind::Command { .. })));
            v
        };
        layout.seat_choices = seats.clone();
        egui::ComboBox::from_id_salt("seat")
            .selected_text(seat_label(sess, &sess.seat))
            .show_ui(ui, |ui| {
                for s in &seats {
                    let label = seat_label(sess, s);
                    if ui.selectable_label(sess.seat == *s, label).clicked() {
                        sess.seat = s.clone();
                    }
                }
            });
        ui.separator();
        if ui
            .button(match lang {
                Lang::En => "中文",
                Lang::Zh => "English",
            })
            .clicked()
        {
            sess.lang = match lang {
                Lang::En => Lang::Zh,
                Lang::Zh => Lang::En,
            };
        }
        match &sess.mode {
            Mode::Play { record } => {
                ui.label(
                    RichText::new(format!("● {}", t(lang, "recording")))
                        .color(Color32::from_rgb(220, 40, 40)),
                )
                .on_hover_text(record.display().to_string());
            }
            Mode::View { path, .. } => {
                ui.label(path.display().to_string());
            }
        }
    });
    if let Some((msg, ok)) = &sess.notice {
        let col = if *ok {
            Color32::from_rgb(80, 200, 120)
        } else {
            Color32::from_rgb(255, 110, 90)
        };
        ui.colored_label(col, msg);
    }
}
