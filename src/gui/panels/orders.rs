//! The orders panel: a form for each kind of order a human seat may give (dispatch,
//! recall, acknowledge, warn, response level, evacuate, shelter, close a road, mutual
//! aid, message), offering only the seat's own units, and the button that sends it.

use std::collections::BTreeSet;

use bevy_egui::egui::{self, RichText, Ui};

use super::combo;
use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::order::{Channel, FACILITATOR, Order, ResponseLevel, Task, WarningLevel};
use crate::scenario::Scenario;

/// The kinds of order the form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OrderKind {
    Dispatch,
    Recall,
    Acknowledge,
    Warn,
    SetLevel,
    Evacuate,
    Shelter,
    CloseRoad,
    MutualAid,
    Message,
}

const ORDER_KINDS: [OrderKind; 10] = [
    OrderKind::Dispatch,
    OrderKind::Recall,
    OrderKind::Acknowledge,
    OrderKind::Warn,
    OrderKind::SetLevel,
    OrderKind::Evacuate,
    OrderKind::Shelter,
    OrderKind::CloseRoad,
    OrderKind::MutualAid,
    OrderKind::Message,
];

impl OrderKind {
    /// The interface text key of the kind's name.
    fn key(self) -> &'static str {
        match self {
            OrderKind::Dispatch => "dispatch",
            OrderKind::Recall => "recall",
            OrderKind::Acknowledge => "acknowledge",
            OrderKind::Warn => "warn",
            OrderKind::SetLevel => "set_level",
            OrderKind::Evacuate => "evacuate",
            OrderKind::Shelter => "shelter",
            OrderKind::CloseRoad => "close_road",
            OrderKind::MutualAid => "mutual_aid",
            OrderKind::Message => "message",
        }
    }
}

const TASKS: [Task; 13] = [
    Task::Suppress,
    Task::FireLine,
    Task::WaterDrop,
    Task::Rescue,
    Task::Sandbag,
    Task::Pump,
    Task::ContainLeak,
    Task::Decontaminate,
    Task::Reconnoitre,
    Task::TreatCasualties,
    Task::Cordon,
    Task::Transport,
    Task::Standby,
];
const WARNINGS: [WarningLevel; 4] = [
    WarningLevel::Blue,
    WarningLevel::Yellow,
    WarningLevel::Orange,
    WarningLevel::Red,
];
const LEVELS: [ResponseLevel; 4] = [
    ResponseLevel::IV,
    ResponseLevel::III,
    ResponseLevel::II,
    ResponseLevel::I,
];
const CHANNELS: [Channel; 5] = [
    Channel::Radio,
    Channel::Phone,
    Channel::Broadcast,
    Channel::Sms,
    Channel::Messenger,
];

/// The orders panel's fields.
pub(in crate::gui) struct OrderForm {
    pub(super) kind: OrderKind,
    pub(super) unit: String,
    place: String,
    to: String,
    task: Task,
    warning: WarningLevel,
    places: BTreeSet<String>,
    channel: Channel,
    level: ResponseLevel,
    road: usize,
    text: String,
    item: String,
    aid: BTreeSet<String>,
}

impl OrderForm {
    /// A dispatch of the scenario's first unit to its first place, to reconnoitre.
    pub(in crate::gui) fn new(s: &Scenario) -> Self {
        let first_place = s.places.first().map(|p| p.id.clone()).unwrap_or_default();
        let first_unit = s
            .org
            .units
            .first()
            .map(|u| s.org.member(u.member).id.clone())
            .unwrap_or_default();
        OrderForm {
            kind: OrderKind::Dispatch,
            unit: first_unit,
            place: first_place.clone(),
            to: first_place,
            task: Task::Reconnoitre,
            warning: WarningLevel::Orange,
            places: BTreeSet::new(),
            channel: Channel::Phone,
            level: ResponseLevel::III,
            road: 0,
            text: String::new(),
            item: "all".into(),
            aid: BTreeSet::new(),
        }
    }
}

/// The orders panel of the seat shown (a human seat in a live exercise only).
pub(super) fn orders(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    if !sess.live() {
        ui.label(t(lang, "read_only"));
        return;
    }
    let seat = sess.seat.clone();
    if seat == FACILITATOR || !sess.seats.contains(&seat) {
        ui.label(t(lang, "pick_human_seat"));
        return;
    }
    let s = sess.s.clone();
    let places: Vec<(String, String)> = s
        .places
        .iter()
        .map(|p| (p.id.clone(), format!("{} {}", p.id, p.name)))
        .collect();
    let seat_m = s.org.find(&seat);
    let units: Vec<(String, String)> = s
        .org
        .units
        .iter()
        .map(|u| s.org.member(u.member))
        .filter(|m| seat_m.is_some_and(|sm| s.org.is_under(s.org.find(&m.id).unwrap_or(sm), sm)))
        .map(|m| (m.id.clone(), format!("{} {}", m.id, m.name)))
        .collect();
    let f = &mut sess.form;
    egui::ComboBox::from_id_salt("order_kind")
        .selected_text(t(lang, f.kind.key()))
        .show_ui(ui, |ui| {
            for k in ORDER_KINDS {
                ui.selectable_value(&mut f.kind, k, t(lang, k.key()));
            }
        });
    egui::Grid::new("order_form")
        .num_columns(2)
        .show(ui, |ui| match f.kind {
            OrderKind::Dispatch | OrderKind::Recall => {
                ui.label(t(lang, "unit"));
                combo(ui, "o_unit", &mut f.unit, &units);
                ui.end_row();
                if f.kind == OrderKind::Dispatch {
                    ui.label(t(lang, "place"));
                    combo(ui, "o_place", &mut f.place, &places);
                    ui.end_row();
                    ui.label(t(lang, "task"));
                    egui::ComboBox::from_id_salt("o_task")
                        .selected_text(format!("{:?}", f.task))
                        .show_ui(ui, |ui| {
                            for tk in TASKS {
                                ui.selectable_value(&mut f.task, tk, format!("{tk:?}"));
                            }
                        });
                    ui.end_row();
                }
            }
            OrderKind::Acknowledge => {
                ui.label(t(lang, "item"));
                ui.text_edit_singleline(&mut f.item);
                ui.end_row();
            }
            OrderKind::Warn => {
                ui.label(t(lang, "level"));
                egui::ComboBox::from_id_salt("o_warn")
                    .selected_text(format!("{:?}", f.warning))
                    .show_ui(ui, |ui| {
                        for w in WARNINGS {
                            ui.selectable_value(&mut f.warning, w, format!("{w:?}"));
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "channel"));
                egui::ComboBox::from_id_salt("o_channel")
                    .selected_text(format!("{:?}", f.channel))
                    .show_ui(ui, |ui| {
                        for c in CHANNELS {
                            ui.selectable_value(&mut f.channel, c, format!("{c:?}"));
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "places"));
                ui.vertical(|ui| {
                    for (id, label) in &places {
                        let mut on = f.places.contains(id);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                f.places.insert(id.clone());
                            } else {
                                f.places.remove(id);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            OrderKind::SetLevel => {
                ui.label(t(lang, "response_level"));
                egui::ComboBox::from_id_salt("o_level")
                    .selected_text(format!("{:?}", f.level))
                    .show_ui(ui, |ui| {
                        for l in LEVELS {
                            ui.selectable_value(&mut f.level, l, format!("{l:?}"));
                        }
                    });
                ui.end_row();
            }
            OrderKind::Evacuate | OrderKind::Shelter => {
                ui.label(t(lang, "place"));
                combo(ui, "o_place", &mut f.place, &places);
                ui.end_row();
                if f.kind == OrderKind::Evacuate {
                    ui.label(t(lang, "to"));
                    combo(ui, "o_to", &mut f.to, &places);
                    ui.end_row();
                }
            }
            OrderKind::CloseRoad => {
                ui.label(t(lang, "road"));
                let g = &s.roads.graph;
                let edges: Vec<String> = g
                    .edge_indices()
                    .filter_map(|e| g.edge_endpoints(e))
                    .map(|(a, b)| format!("{} – {}", g[a].id, g[b].id))
                    .collect();
                egui::ComboBox::from_id_salt("o_road")
                    .selected_text(edges.get(f.road).cloned().unwrap_or_default())
                    .show_ui(ui, |ui| {
                        for (i, e) in edges.iter().enumerate() {
                            ui.selectable_value(&mut f.road, i, e);
                        }
                    });
                ui.end_row();
            }
            OrderKind::MutualAid => {
                ui.label(t(lang, "units"));
                ui.vertical(|ui| {
                    for u in &s.org.units {
                        if u.mutual_aid_s.is_none() {
                            continue;
                        }
                        let id = s.org.member(u.member).id.clone();
                        let mut on = f.aid.contains(&id);
                        if ui.checkbox(&mut on, &id).changed() {
                            if on {
                                f.aid.insert(id);
                            } else {
                                f.aid.remove(&id);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            OrderKind::Message => {
                ui.label(t(lang, "to"));
                let members: Vec<(String, String)> = s
                    .org
                    .members
                    .iter()
                    .map(|m| (m.id.clone(), format!("{} {}", m.id, m.name)))
                    .collect();
                combo(ui, "o_msg_to", &mut f.to, &members);
                ui.end_row();
                ui.label(t(lang, "text"));
                ui.text_edit_multiline(&mut f.text);
                ui.end_row();
            }
        });
    if ui
        .button(RichText::new(t(lang, "give_order")).strong())
        .clicked()
    {
        let order = match f.kind {
            OrderKind::Dispatch => Order::Dispatch {
                unit: f.unit.clone(),
                to: f.place.clone(),
                task: f.task,
            },
            OrderKind::Recall => Order::Recall {
                unit: f.unit.clone(),
            },
            OrderKind::Acknowledge => Order::Acknowledge {
                item: f.item.clone(),
            },
            OrderKind::Warn => Order::Warn {
                places: f.places.iter().cloned().collect(),
                level: f.warning,
                channel: f.channel,
            },
            OrderKind::SetLevel => Order::SetLevel { level: f.level },
            OrderKind::Evacuate => Order::Evacuate {
                place: f.place.clone(),
                to: f.to.clone(),
            },
            OrderKind::Shelter => Order::ShelterInPlace {
                place: f.place.clone(),
            },
            OrderKind::CloseRoad => {
                let g = &s.roads.graph;
                let (a, b) = g
                    .edge_indices()
                    .nth(f.road)
                    .and_then(|e| g.edge_endpoints(e))
                    .map(|(a, b)| (g[a].id.clone(), g[b].id.clone()))
                    .unwrap_or_default();
                Order::CloseRoad { a, b }
            }
            OrderKind::MutualAid => Order::RequestMutualAid {
                units: f.aid.iter().cloned().collect(),
            },
            OrderKind::Message => Order::Message {
                to: f.to.clone(),
                text: f.text.clone(),
            },
        };
        sess.send(&seat, order);
    }
}
