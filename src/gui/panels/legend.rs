//! The map legend: the colours of hazards and of places' warning and evacuation state.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use crate::gui::i18n::{Lang, tr as t};

/// The legend rows, each a colour swatch and its name.
pub(super) fn legend(ui: &mut Ui, lang: Lang) {
    ui.separator();
    ui.label(RichText::new(t(lang, "legend")).strong());
    let rows: [(Color32, &str); 9] = [
        (Color32::from_rgb(255, 120, 0), "fire_burning"),
        (Color32::from_rgb(90, 10, 10), "fire_burnt"),
        (Color32::from_rgb(60, 110, 220), "flood_depth"),
        (Color32::from_rgb(245, 215, 0), "leak_l1"),
        (Color32::from_rgb(255, 140, 0), "leak_l2"),
        (Color32::from_rgb(220, 20, 20), "leak_l3"),
        (Color32::from_rgb(40, 110, 230), "place_warned"),
        (Color32::from_rgb(250, 200, 0), "place_evacuating"),
        (Color32::from_rgb(40, 170, 60), "place_evacuated"),
    ];
    for (c, k) in rows {
        ui.horizontal(|ui| {
            let (r, p) = ui.allocate_painter(egui::Vec2::splat(12.0), egui::Sense::hover());
            p.rect_filled(r.rect, 2.0, c);
            ui.label(t(lang, k));
        });
    }
}
