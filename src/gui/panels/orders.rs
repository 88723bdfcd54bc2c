//! The orders panel: a form for each kind of order a human seat may give (dispatch,
//! recall, acknowledge, warn, response level, evacuate, shelter, close a road, mutual
//! aid, message), and the button that sends it. What the pickers offer is
//! [`crate::seat::choices::order_choices`]: only the order kinds, units, tasks, places,
//! response levels and mutual-aid units the seat has authority for (the check an
//! orders file gets), each shown by its name with the id after it.

use std::collections::BTreeSet;

use bevy_egui::egui::{self, RichText, Ui};

use super::combo;
use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::gui::words;
use crate::order::{Channel, FACILITATOR, Order, ResponseLevel, Task, WarningLevel};
use crate::scenario::Scenario;
use crate::scenario::names::road_section_name;
use crate::seat::choices::{Choice, OrderChoices, order_choices};
use crate::time::hms;

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
    /// What the pickers offer, for the seat named (computed once per seat).
    choices: Option<(String, OrderChoices)>,
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
            choices: None,
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
    let f = &mut sess.form;
    if f.choices.as_ref().is_none_or(|(who, _)| *who != seat) {
        f.choices = Some((seat.clone(), order_choices(&s, &seat)));
    }
    let ch = f
        .choices
        .as_ref()
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let zh = lang == crate::gui::i18n::Lang::Zh;
    let places = named_choices(&ch.places, zh);
    let covered = named_choices(&ch.covered, zh);
    let shelters = named_choices(&ch.shelters, zh);
    let units = named_choices(ch.units.iter().map(|(c, _)| c), zh);
    let aid_units = named_choices(&ch.aid_units, zh);
    let kinds: Vec<OrderKind> = ORDER_KINDS
        .into_iter()
        .filter(|k| ch.kinds.iter().any(|x| x == k.key()))
        .collect();
    if !kinds.contains(&f.kind)
        && let Some(k) = kinds.first()
    {
        f.kind = *k;
    }
    // keep every picker on something it offers
    let keep = |v: &mut String, opts: &[(String, String)]| {
        if !opts.iter().any(|(id, _)| *id == *v)
            && let Some((id, _)) = opts.first()
        {
            *v = id.clone();
        }
    };
    // the items waiting for this seat's acknowledgement: (ack label, words), one per
    // label, oldest first
    let mut waiting: Vec<(String, String)> = Vec::new();
    if let Some(m) = s.org.find(&seat) {
        for it in crate::seat::inbox::inbox(&s, &sess.engine, m) {
            if !waiting.iter().any(|(a, _)| *a == it.ack) {
                let text = match lang {
                    crate::gui::i18n::Lang::En => it.text.clone(),
                    crate::gui::i18n::Lang::Zh => it.text_zh.clone(),
                };
                waiting.push((it.ack.clone(), format!("{} {text}", hms(it.received_s))));
            }
        }
    }
    keep(&mut f.item, &waiting);
    keep(&mut f.unit, &units);
    match f.kind {
        OrderKind::Evacuate | OrderKind::Shelter => keep(&mut f.place, &covered),
        _ => keep(&mut f.place, &places),
    }
    if f.kind == OrderKind::Evacuate {
        keep(&mut f.to, &shelters);
    }
    let tasks: Vec<Task> = ch
        .units
        .iter()
        .find(|(c, _)| c.id == f.unit)
        .map(|(_, ts)| {
            TASKS
                .into_iter()
                .filter(|t| ts.iter().any(|x| *x == format!("{t:?}")))
                .collect()
        })
        .unwrap_or_default();
    if !tasks.contains(&f.task)
        && let Some(tk) = tasks.first()
    {
        f.task = *tk;
    }
    let levels: Vec<ResponseLevel> = LEVELS
        .into_iter()
        .filter(|l| ch.response_levels.iter().any(|x| *x == format!("{l:?}")))
        .collect();
    if !levels.contains(&f.level)
        && let Some(l) = levels.first()
    {
        f.level = *l;
    }
    egui::ComboBox::from_id_salt("order_kind")
        .selected_text(t(lang, f.kind.key()))
        .show_ui(ui, |ui| {
            for k in &kinds {
                ui.selectable_value(&mut f.kind, *k, t(lang, k.key()));
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
                        .truncate()
                        .selected_text(words::word(lang, &format!("{:?}", f.task)))
                        .show_ui(ui, |ui| {
                            for tk in &tasks {
                                let label = words::word(lang, &format!("{tk:?}"));
                                ui.selectable_value(&mut f.task, *tk, label);
                            }
                        });
                    ui.end_row();
                }
            }
            OrderKind::Acknowledge => {
                // what the seat has waiting, by its words (the oldest of a kind is
                // the one acknowledged), not an item label typed by hand
                ui.label(t(lang, "item"));
                if waiting.is_empty() {
                    ui.label(t(lang, "nothing_waiting"));
                } else {
                    combo(ui, "o_item", &mut f.item, &waiting);
                }
                ui.end_row();
            }
            OrderKind::Warn => {
                ui.label(t(lang, "level"));
                egui::ComboBox::from_id_salt("o_warn")
                    .truncate()
                    .selected_text(words::warning_level(lang, &format!("{:?}", f.warning)))
                    .show_ui(ui, |ui| {
                        for w in WARNINGS {
                            let label = words::warning_level(lang, &format!("{w:?}"));
                            ui.selectable_value(&mut f.warning, w, label);
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "channel"));
                egui::ComboBox::from_id_salt("o_channel")
                    .truncate()
                    .selected_text(words::channel(lang, &format!("{:?}", f.channel)))
                    .show_ui(ui, |ui| {
                        for c in CHANNELS {
                            ui.selectable_value(
                                &mut f.channel,
                                c,
                                words::channel(lang, &format!("{c:?}")),
                            );
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "places"));
                f.places.retain(|p| covered.iter().any(|(id, _)| id == p));
                ui.vertical(|ui| {
                    for (id, label) in &covered {
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
                    .truncate()
                    .selected_text(words::response_level(lang, &format!("{:?}", f.level)))
                    .show_ui(ui, |ui| {
                        for l in &levels {
                            let label = words::response_level(lang, &format!("{l:?}"));
                            ui.selectable_value(&mut f.level, *l, label);
                        }
                    });
                ui.end_row();
            }
            OrderKind::Evacuate | OrderKind::Shelter => {
                ui.label(t(lang, "place"));
                combo(ui, "o_place", &mut f.place, &covered);
                ui.end_row();
                if f.kind == OrderKind::Evacuate {
                    ui.label(t(lang, "to"));
                    combo(ui, "o_to", &mut f.to, &shelters);
                    ui.end_row();
                }
            }
            OrderKind::CloseRoad => {
                ui.label(t(lang, "road"));
                // named by the places at their ends; two sections that read the same
                // are told apart by their node ids
                let names: Vec<String> = ch
                    .roads
                    .iter()
                    .map(|(a, b)| road_section_name(&s, a, b))
                    .collect();
                let edges: Vec<String> = names
                    .iter()
                    .zip(&ch.roads)
                    .map(|(n, (a, b))| {
                        if names.iter().filter(|m| *m == n).count() > 1 {
                            format!("{n} ({a}–{b})")
                        } else {
                            n.clone()
                        }
                    })
                    .collect();
                egui::ComboBox::from_id_salt("o_road")
                    .truncate()
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
                    for (id, label) in &aid_units {
                        let mut on = f.aid.contains(id);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                f.aid.insert(id.clone());
                            } else {
                                f.aid.remove(id);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            OrderKind::Message => {
                ui.label(t(lang, "to"));
                let members = named_choices(&ch.recipients, zh);
                keep(&mut f.to, &members);
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
                let (a, b) = ch.roads.get(f.road).cloned().unwrap_or_default();
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

/// The entries of a picker as (id, label): the choice's name in the interface language
/// (`zh`), as people know the unit or place; the order carries the id. Where two
/// choices of the list share a name, each of them says its id after the name too, so
/// that no two entries read the same; a choice without a name shows its id.
fn named_choices<'a>(cs: impl IntoIterator<Item = &'a Choice>, zh: bool) -> Vec<(String, String)> {
    let named: Vec<(String, String)> = cs
        .into_iter()
        .map(|c| {
            let name = c
                .label
                .strip_prefix(c.id.as_str())
                .unwrap_or(&c.label)
                .trim();
            (c.id.clone(), crate::scenario::names::name_in(name, zh))
        })
        .collect();
    named
        .iter()
        .map(|(id, name)| {
            let label = if name.is_empty() {
                id.clone()
            } else if named.iter().filter(|(_, n)| n == name).count() > 1 {
                format!("{name} ({id})")
            } else {
                name.clone()
            };
            (id.clone(), label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: &str, label: &str) -> Choice {
        Choice {
            id: id.into(),
            label: label.into(),
        }
    }

    /// Pickers say names, in the interface language, and an id only where two choices
    /// would otherwise read the same.
    #[test]
    fn pickers_show_names_and_an_id_only_to_tell_twins_apart() {
        let cs = [
            choice("boat_1", "boat_1 Rescue boat team 1 冲锋舟1队"),
            choice("pump_a", "pump_a Mobile pump"),
            choice("pump_b", "pump_b Mobile pump"),
            choice("x9", "x9"),
        ];
        let en = named_choices(&cs, false);
        let labels: Vec<&str> = en.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Rescue boat team 1",
                "Mobile pump (pump_a)",
                "Mobile pump (pump_b)",
                "x9"
            ]
        );
        let ids: Vec<&str> = en.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["boat_1", "pump_a", "pump_b", "x9"]);
        assert_eq!(named_choices(&cs[..1], true)[0].1, "冲锋舟1队");
    }
}
