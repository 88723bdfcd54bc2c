//! Details of what was clicked on the map: a place (population, people present,
//! warning, evacuation, shelter, hazards that reached it, dose) or a unit (kind, crew,
//! status, task, capabilities, commander, and a shortcut to dispatch it); the legend
//! when nothing is picked.

use bevy_egui::egui::{self, Ui};

use super::LeftTab;
use super::legend::legend;
use super::orders::OrderKind;
use crate::gui::i18n::tr as t;
use crate::gui::map::Pick;
use crate::gui::session::Session;
use crate::gui::words;
use crate::sim::command::CommandState;

/// What was picked on the map, or the legend.
pub(super) fn details(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let s = sess.s.clone();
    match sess.pick.clone() {
        None => {
            ui.label(t(lang, "click_map"));
            legend(ui, sess);
        }
        Some(Pick::Place(i)) => {
            let p = &s.places[i];
            let w = sess.engine.world();
            let cmd = w.resource::<CommandState>();
            let hz = w.resource::<crate::sim::hazards::HazardState>();
            ui.heading(&p.name);
            egui::Grid::new("place").num_columns(2).show(ui, |ui| {
                ui.label(t(lang, "kind"));
                ui.label(words::word(lang, &format!("{:?}", p.kind)));
                ui.end_row();
                ui.label(t(lang, "population"));
                ui.label(p.population.to_string());
                ui.end_row();
                ui.label(t(lang, "people_present"));
                ui.label(cmd.people_at(i as u32).to_string());
                ui.end_row();
                ui.label(t(lang, "warned"));
                ui.label(
                    cmd.warned
                        .get(&(i as u32))
                        .map(|l| words::warning_level(lang, &format!("{l:?}")))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.end_row();
                ui.label(t(lang, "evacuating"));
                ui.label(if cmd.evacuations.contains_key(&(i as u32)) {
                    "✔"
                } else {
                    "—"
                });
                ui.end_row();
                ui.label(t(lang, "sheltering"));
                ui.label(if cmd.sheltered.contains(&(i as u32)) {
                    "✔"
                } else {
                    "—"
                });
                ui.end_row();
                let reached: Vec<String> = hz
                    .reached
                    .iter()
                    .filter(|(q, _)| *q == i as u32)
                    .map(|(_, h)| words::word(lang, h))
                    .collect();
                ui.label(t(lang, "reached_by"));
                ui.label(if reached.is_empty() {
                    "—".into()
                } else {
                    reached.join(", ")
                });
                ui.end_row();
                if let Some(d) = hz.leak.as_ref().and_then(|l| l.doses.get(i)) {
                    ui.label(t(lang, "dose"));
                    ui.label(format!("{:.1} mg·min/m³", d.exposure_mg_min_m3));
                    ui.end_row();
                }
            });
        }
        Some(Pick::Unit(u)) => {
            let spec = &s.org.units[u];
            let m = s.org.member(spec.member);
            ui.heading(&m.name);
            let mark = sess.units.iter().find(|x| x.index == u).cloned();
            egui::Grid::new("unit").num_columns(2).show(ui, |ui| {
                ui.label(t(lang, "kind"));
                ui.label(words::word(lang, &format!("{:?}", spec.kind)));
                ui.end_row();
                ui.label(t(lang, "crew"));
                ui.label(spec.crew.to_string());
                ui.end_row();
                if let Some(mk) = &mark {
                    ui.label(t(lang, "status"));
                    ui.label(words::word(lang, &format!("{:?}", mk.status)));
                    ui.end_row();
                    ui.label(t(lang, "task"));
                    ui.label(
                        mk.task
                            .as_deref()
                            .map(|x| words::word(lang, x))
                            .unwrap_or_else(|| "—".into()),
                    );
                    ui.end_row();
                }
                ui.label(t(lang, "capabilities"));
                ui.label(
                    spec.capabilities
                        .iter()
                        .map(|c| words::word(lang, &format!("{c:?}")))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                ui.end_row();
                ui.label(t(lang, "under"));
                ui.label(
                    m.parent
                        .map(|p| s.org.member(p).name.clone())
                        .unwrap_or_default(),
                );
                ui.end_row();
            });
            if sess.live()
                && sess.seats.contains(&sess.seat)
                && ui.button(t(lang, "dispatch")).clicked()
            {
                sess.form.kind = OrderKind::Dispatch;
                sess.form.unit = m.id.clone();
                sess.left = LeftTab::Orders;
            }
        }
    }
}
