//! The event log: every event so far (a replay: of the whole recording, later ones
//! greyed), filtered by group, text and seat; a click in a replay seeks to the event.
//! Also the event groups the replay timeline uses.

use std::sync::Arc;

use bevy_egui::egui::{self, Color32, RichText, Ui};

use crate::gui::i18n::tr as t;
use crate::gui::session::{Mode, Session};
use crate::gui::words;
use crate::sim::events::EventKind;

/// Which event groups the log shows.
pub(in crate::gui) struct LogFilter {
    groups: [bool; 4],
    text: String,
    seat_only: bool,
}

impl LogFilter {
    /// Every group, no text, every seat.
    pub(in crate::gui) fn new() -> Self {
        LogFilter {
            groups: [true; 4],
            text: String::new(),
            seat_only: false,
        }
    }
}

/// Event groups for filters and the timeline: messages, units, hazard, command.
pub(super) fn group(k: &EventKind) -> usize {
    use EventKind as E;
    match k {
        E::InjectDelivered { .. }
        | E::MessageSent { .. }
        | E::MessageReceived { .. }
        | E::MessageUndeliverable { .. }
        | E::AwaitingAck { .. }
        | E::Acknowledged { .. }
        | E::OrderRefused { .. } => 0,
        E::UnitDispatched { .. }
        | E::UnitArrived { .. }
        | E::UnitCutOff { .. }
        | E::UnitRerouted { .. }
        | E::TaskStarted { .. }
        | E::TaskDone { .. }
        | E::MutualAidRequested { .. }
        | E::MutualAidArrived { .. }
        | E::LeakContained { .. } => 1,
        E::HazardStarted { .. }
        | E::SpotFire { .. }
        | E::CrownFire { .. }
        | E::BreachOpened { .. }
        | E::GaugeThreshold { .. }
        | E::PlaceReached { .. }
        | E::PeopleExposed { .. }
        | E::RoadClosed { .. }
        | E::RoadReopened { .. }
        | E::WeatherChanged { .. } => 2,
        _ => 3,
    }
}

/// The interface text keys of the event groups, in [`group`] order.
const GROUP_KEYS: [&str; 4] = ["g_messages", "g_units", "g_hazard", "g_command"];

/// The event log.
pub(super) fn events(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    ui.horizontal_wrapped(|ui| {
        for (g, key) in GROUP_KEYS.iter().enumerate() {
            ui.checkbox(&mut sess.filter.groups[g], t(lang, key));
        }
        ui.checkbox(&mut sess.filter.seat_only, t(lang, "this_seat"));
    });
    ui.horizontal(|ui| {
        ui.label(t(lang, "filter"));
        ui.text_edit_singleline(&mut sess.filter.text);
    });
    let needle = sess.filter.text.to_lowercase();
    let seat = sess.seat.clone();
    let (now_tick, _) = sess.now();
    let all = match &sess.mode {
        Mode::View { all, .. } => all.clone(),
        Mode::Play { .. } => Arc::new(sess.engine.events().to_vec()),
    };
    // shown by name in the interface language; "this seat only" matches the seat's
    // id in the engine's own wording
    let rows: Vec<(u64, String, usize)> = all
        .iter()
        .filter(|e| sess.filter.groups[group(&e.kind)])
        .filter(|e| !sess.filter.seat_only || crate::sim::describe::describe(e).contains(&seat))
        .map(|e| (e.tick, words::describe(&sess.s, lang, e), group(&e.kind)))
        .filter(|(_, d, _)| needle.is_empty() || d.to_lowercase().contains(&needle))
        .collect();
    let live = sess.live();
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("events")
        .stick_to_bottom(live)
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for (tick, text, g) in &rows[range] {
                let col = if *tick > now_tick {
                    // later in the recording: not happened yet at this moment
                    Color32::from_gray(110)
                } else {
                    [
                        Color32::from_rgb(150, 190, 255),
                        Color32::from_rgb(160, 230, 160),
                        Color32::from_rgb(255, 170, 100),
                        Color32::from_gray(225),
                    ][*g]
                };
                let r = ui.add(
                    egui::Label::new(RichText::new(text).color(col).size(12.0))
                        .sense(egui::Sense::click()),
                );
                if !live && r.clicked() {
                    jump = Some(*tick);
                }
            }
        });
    if let Some(tk) = jump {
        sess.seek_to = Some(tk);
    }
}
