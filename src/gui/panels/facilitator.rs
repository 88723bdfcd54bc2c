//! The facilitator panel (not in an official session): deliver an inject now, fail or
//! restore a communication link, set the wind, add a reserve unit, and hand seats
//! between people and the plan.

use bevy_egui::egui::{self, Ui};

use super::{combo, seat_label};
use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::gui::words;
use crate::order::{FACILITATOR, Order};
use crate::scenario::{MemberKind, Scenario};
use crate::sim::Script;
use crate::sim::comms::Comms;
use crate::time::hms;

/// The facilitator panel's fields.
pub(in crate::gui) struct FacForm {
    inject_to: String,
    inject_text: String,
    /// The MSEL row picked (its text and recipient fill the form): delivered as that
    /// row, so the engine does not deliver it again at its time, unless edited.
    msel: Option<String>,
    link: usize,
    wind_m_s: f64,
    wind_from_deg: f64,
    add_unit: String,
}

impl FacForm {
    /// Injects go to `seat`; the wind sliders start at the scenario's initial wind.
    pub(in crate::gui) fn new(s: &Scenario, seat: String) -> Self {
        let wind = s.weather.initial;
        FacForm {
            inject_to: seat,
            inject_text: String::new(),
            msel: None,
            link: 0,
            wind_m_s: wind.wind_m_s,
            wind_from_deg: wind.wind_from_deg,
            add_unit: String::new(),
        }
    }
}

/// The facilitator panel (a live exercise only).
pub(super) fn facilitator(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    if !sess.live() {
        ui.label(t(lang, "read_only"));
        return;
    }
    let s = sess.s.clone();
    let commands = sess.member_ids(|k| matches!(k, MemberKind::Command { .. }));
    let cmd_opts: Vec<(String, String)> = commands
        .iter()
        .map(|c| (c.clone(), seat_label(sess, c)))
        .collect();
    ui.heading(t(lang, "inject_now"));
    combo(ui, "f_to", &mut sess.fac.inject_to, &cmd_opts);
    egui::ComboBox::from_id_salt("f_msel")
        .selected_text(t(lang, "from_msel"))
        .show_ui(ui, |ui| {
            for inj in &s.injects {
                let done = crate::sim::script::inject_delivered(&sess.engine, &inj.id);
                let label = format!(
                    "{} {} {}{}",
                    hms(inj.time_s),
                    inj.id,
                    inj.text_in(lang == crate::gui::i18n::Lang::Zh),
                    if done { " ✔" } else { "" }
                );
                let picked = ui
                    .add_enabled_ui(!done, |ui| ui.selectable_label(false, label))
                    .inner
                    .clicked();
                if picked {
                    sess.fac.inject_text = inj.text.clone();
                    sess.fac.inject_to = s.org.member(inj.to).id.clone();
                    sess.fac.msel = Some(inj.id.clone());
                }
            }
        });
    ui.text_edit_multiline(&mut sess.fac.inject_text);
    if ui.button(t(lang, "deliver")).clicked() {
        let (to, text) = (sess.fac.inject_to.clone(), sess.fac.inject_text.clone());
        // the picked MSEL row, unedited, is delivered as itself (not again at its time)
        let row = sess.fac.msel.take().and_then(|id| {
            s.injects
                .iter()
                .find(|i| i.id == id && i.text == text && s.org.member(i.to).id == to)
        });
        match row {
            Some(inj) => sess.send(
                FACILITATOR,
                Order::DeliverInject {
                    inject: inj.id.clone(),
                },
            ),
            None => sess.send(FACILITATOR, Order::Message { to, text }),
        }
    }
    ui.separator();
    ui.heading(t(lang, "links"));
    let failed = sess.engine.world().resource::<Comms>().failed.clone();
    let links: Vec<String> = s
        .org
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // the posts by name in the interface language, the channel in words
            let name = |m| {
                crate::scenario::names::name_in(
                    &s.org.member(m).name,
                    lang == crate::gui::i18n::Lang::Zh,
                )
            };
            format!(
                "{} – {} ({}, {} s){}",
                name(l.a),
                name(l.b),
                words::channel(lang, &format!("{:?}", l.channel)),
                l.latency_s,
                if failed.contains(&i) { " ✖" } else { "" }
            )
        })
        .collect();
    egui::ComboBox::from_id_salt("f_link")
        .selected_text(links.get(sess.fac.link).cloned().unwrap_or_default())
        .show_ui(ui, |ui| {
            for (i, l) in links.iter().enumerate() {
                ui.selectable_value(&mut sess.fac.link, i, l);
            }
        });
    ui.horizontal(|ui| {
        if let Some(l) = s.org.links.get(sess.fac.link) {
            let (a, b) = (s.org.member(l.a).id.clone(), s.org.member(l.b).id.clone());
            if ui.button(t(lang, "fail_link")).clicked() {
                sess.send(
                    FACILITATOR,
                    Order::FailLink {
                        a: a.clone(),
                        b: b.clone(),
                    },
                );
            }
            if ui.button(t(lang, "restore_link")).clicked() {
                sess.send(FACILITATOR, Order::RestoreLink { a, b });
            }
        }
    });
    ui.separator();
    ui.heading(t(lang, "wind"));
    let now_wind = {
        let sc = sess.engine.world().resource::<Script>();
        (sc.wind_m_s, sc.wind_from_deg)
    };
    ui.label(format!(
        "{}: {:.1} m/s, {:.0}°",
        t(lang, "now"),
        now_wind.0,
        now_wind.1
    ));
    ui.add(egui::Slider::new(&mut sess.fac.wind_m_s, 0.0..=30.0).text("m/s"));
    ui.add(egui::Slider::new(&mut sess.fac.wind_from_deg, 0.0..=360.0).text(t(lang, "from_deg")));
    if ui.button(t(lang, "set_wind")).clicked() {
        let (wind_m_s, wind_from_deg) = (sess.fac.wind_m_s, sess.fac.wind_from_deg);
        sess.send(
            FACILITATOR,
            Order::SetWind {
                wind_m_s,
                wind_from_deg,
            },
        );
    }
    ui.separator();
    ui.heading(t(lang, "add_unit"));
    let reserve: Vec<(String, String)> = s
        .org
        .units
        .iter()
        .filter(|u| u.mutual_aid_s.is_some())
        .map(|u| {
            let m = s.org.member(u.member);
            (m.id.clone(), format!("{} {}", m.id, m.name))
        })
        .collect();
    if reserve.is_empty() {
        ui.label(t(lang, "no_reserve"));
    } else {
        combo(ui, "f_unit", &mut sess.fac.add_unit, &reserve);
        if ui.button(t(lang, "add_unit")).clicked() {
            let unit = sess.fac.add_unit.clone();
            sess.send(FACILITATOR, Order::AddUnit { unit });
        }
    }
    ui.separator();
    ui.heading(t(lang, "seats"));
    for c in commands {
        let human = sess.seats.contains(&c);
        // the button first, its words on one line, the seat's name after it wrapping
        // as it needs (the name first squeezed the button into a column of letters)
        ui.horizontal_wrapped(|ui| {
            let label = if human {
                t(lang, "give_to_plan")
            } else {
                t(lang, "give_to_people")
            };
            let clicked = ui
                .add(
                    egui::Button::new(label)
                        .small()
                        .wrap_mode(egui::TextWrapMode::Extend),
                )
                .clicked();
            ui.label(seat_label(sess, &c));
            if clicked {
                sess.send(
                    FACILITATOR,
                    Order::SetSeatMode {
                        seat: c.clone(),
                        human: !human,
                    },
                );
            }
        });
    }
}
