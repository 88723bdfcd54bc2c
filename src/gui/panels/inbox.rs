//! The inbox of the seat shown: items awaiting its acknowledgement, what it received,
//! what it sent or had refused, and its inputs queued for the next tick.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use super::seat_label;
use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::gui::words;
use crate::order::Order;
use crate::sim::events::{Event, EventKind};
use crate::time::hms;

/// The seat's inbox, outbox and queued inputs.
pub(super) fn inbox(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let seat = sess.seat.clone();
    ui.heading(format!(
        "{} — {}",
        t(lang, "awaiting_ack"),
        seat_label(sess, &seat)
    ));
    let items = sess
        .s
        .org
        .find(&seat)
        .map(|m| crate::seat::inbox::inbox(&sess.s, &sess.engine, m))
        .unwrap_or_default();
    if items.is_empty() {
        ui.label(t(lang, "nothing_waiting"));
    }
    // the item in words by name, in the interface language
    let kinds: Vec<(u64, crate::sim::command::PendingKind)> = sess
        .s
        .org
        .find(&seat)
        .and_then(|m| {
            sess.engine
                .world()
                .resource::<crate::sim::command::CommandState>()
                .pending
                .get(&m)
                .map(|l| l.iter().map(|p| (p.id, p.kind.clone())).collect())
        })
        .unwrap_or_default();
    for it in &items {
        let text = kinds
            .iter()
            .find(|(id, _)| *id == it.id)
            .map(|(_, k)| words::pending(&sess.s, lang, k))
            .unwrap_or_else(|| it.text.clone());
        ui.horizontal_wrapped(|ui| {
            ui.label(hms(it.received_s));
            if let Some(level) = &it.level {
                ui.colored_label(
                    level_colour(level),
                    RichText::new(words::warning_level(lang, level)).strong(),
                );
            }
            ui.label(text);
        });
        ui.horizontal(|ui| {
            // the button first, its words on one line: at the end of the row a narrow
            // panel wrapped "Acknowledge" over two lines
            if sess.live()
                && ui
                    .add(
                        egui::Button::new(t(lang, "acknowledge"))
                            .wrap_mode(egui::TextWrapMode::Extend),
                    )
                    .clicked()
            {
                let seat = seat.clone();
                sess.send(
                    &seat,
                    Order::Acknowledge {
                        item: it.ack.clone(),
                    },
                );
            }
            ui.label(format!("{} {}", t(lang, "waited"), hms(it.waited_s)));
            match it.countdown_s {
                Some(c) if c >= 0 => {
                    ui.colored_label(
                        Color32::from_rgb(250, 200, 0),
                        format!("{} {}", t(lang, "target_in"), hms(c as u64)),
                    );
                }
                Some(c) => {
                    ui.colored_label(
                        Color32::from_rgb(255, 110, 90),
                        format!("{} {}", t(lang, "overdue"), hms(c.unsigned_abs())),
                    );
                }
                None => {}
            }
        });
    }
    ui.separator();
    ui.heading(t(lang, "inbox"));
    let mine = |e: &Event| match &e.kind {
        EventKind::InjectDelivered { to, .. } => *to == seat,
        EventKind::MessageReceived { to, .. } => *to == seat,
        EventKind::MessageUndeliverable { to, .. } => *to == seat,
        _ => false,
    };
    for e in sess
        .engine
        .events()
        .iter()
        .rev()
        .filter(|e| mine(e))
        .take(60)
    {
        ui.label(words::describe(&sess.s, lang, e));
    }
    ui.separator();
    ui.heading(t(lang, "outbox"));
    let sent = |e: &Event| match &e.kind {
        EventKind::MessageSent { from, .. } => *from == seat,
        EventKind::OrderRefused { seat: s, .. } => *s == seat,
        EventKind::WarningIssued { seat: s, .. } => *s == seat,
        EventKind::ResponseLevelChanged { seat: s, .. } => *s == seat,
        _ => false,
    };
    for e in sess
        .engine
        .events()
        .iter()
        .rev()
        .filter(|e| sent(e))
        .take(60)
    {
        let text = words::describe(&sess.s, lang, e);
        if matches!(e.kind, EventKind::OrderRefused { .. }) {
            ui.colored_label(Color32::from_rgb(255, 110, 90), text);
        } else {
            ui.label(text);
        }
    }
    let queued: Vec<String> = {
        let q = sess.engine.world().resource::<crate::sim::InputQueue>();
        q.pending
            .iter()
            .filter(|i| i.seat == seat)
            .map(|i| format!("{}  {}", hms(i.at.0), words::order(&sess.s, lang, &i.order)))
            .collect()
    };
    for q in queued {
        ui.label(RichText::new(q).italics());
    }
}

/// The colour of a warning level (`Blue`, `Yellow`, `Orange`, `Red`).
fn level_colour(level: &str) -> Color32 {
    match level {
        "Red" => Color32::from_rgb(230, 40, 40),
        "Orange" => Color32::from_rgb(255, 140, 0),
        "Yellow" => Color32::from_rgb(240, 210, 0),
        _ => Color32::from_rgb(70, 130, 255),
    }
}
