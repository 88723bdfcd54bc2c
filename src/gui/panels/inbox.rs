//! The inbox of the seat shown: items awaiting its acknowledgement, what it received,
//! what it sent or had refused, and its inputs queued for the next tick.

use bevy_egui::egui::{Color32, RichText, Ui};

use super::seat_label;
use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::order::Order;
use crate::sim::command::{CommandState, PendingKind};
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
    let pending: Vec<(String, String)> = sess
        .s
        .org
        .find(&seat)
        .and_then(|m| {
            sess.engine
                .world()
                .resource::<CommandState>()
                .pending
                .get(&m)
                .cloned()
        })
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let item = match &p.kind {
                PendingKind::Inject(i) => i.clone(),
                PendingKind::Warning { .. } => "warning".into(),
                PendingKind::Evacuate { .. } => "evacuate".into(),
            };
            (
                format!(
                    "{}  {}",
                    hms(p.received_s),
                    crate::sim::command::label(&sess.s, &p.kind)
                ),
                item,
            )
        })
        .collect();
    if pending.is_empty() {
        ui.label(t(lang, "nothing_waiting"));
    }
    for (label, item) in &pending {
        ui.horizontal(|ui| {
            ui.label(label);
            if sess.live() && ui.button(t(lang, "acknowledge")).clicked() {
                let seat = seat.clone();
                sess.send(&seat, Order::Acknowledge { item: item.clone() });
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
        ui.label(crate::sim::describe::describe(e));
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
        let text = crate::sim::describe::describe(e);
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
            .map(|i| format!("{}  {:?}", hms(i.at.0), i.order))
            .collect()
    };
    for q in queued {
        ui.label(RichText::new(q).italics());
    }
}
