//! The map legend: every colour, shape and letter the map draws, each with its one
//! meaning — the hazards of this scenario (fire burning and burnt, flood depth in
//! metres, leak threat levels 1–3), place status, place shapes (river gauge, command
//! post), unit status colours and kind letters, open and closed roads, the land-cover
//! tints the scenario has, and the north
//! and wind arrows. The colours are [`crate::gui::map::palette`]'s, so the legend
//! cannot drift from the map.

use bevy_egui::egui::{self, Color32, Pos2, RichText, Sense, Shape, Stroke, Ui, Vec2};

use crate::gui::i18n::tr as t;
use crate::gui::map::{LAND_CLASSES, land_class, palette as p, threat_colour, unit_glyph};
use crate::gui::screenshot::LegendRow;
use crate::gui::session::Session;
use crate::scenario::UnitKind;
use crate::sim::hazards::HazardState;

/// How a legend row's swatch is drawn.
#[derive(Clone, Copy)]
enum Swatch {
    /// A filled square (an area of hazard).
    Area(Color32),
    /// A circle (a place).
    Place(Color32),
    /// A triangle (a river gauge).
    Gauge,
    /// A square (a command post).
    Post,
    /// A unit's square with a letter.
    Unit(Color32, &'static str),
    /// A road.
    Road { closed: bool },
    /// A dashed route.
    Route,
}

/// Draw one swatch and its text; the row as drawn.
fn row(ui: &mut Ui, sw: Swatch, text: &str) -> LegendRow {
    ui.horizontal(|ui| {
        let (r, painter) = ui.allocate_painter(Vec2::new(26.0, 14.0), Sense::hover());
        let rect = r.rect;
        let c = rect.center();
        let black = Stroke::new(1.0, Color32::BLACK);
        match sw {
            Swatch::Area(col) => {
                painter.rect_filled(rect.shrink2(Vec2::new(4.0, 1.0)), 2.0, col);
            }
            Swatch::Place(col) => {
                painter.circle_filled(c, 6.0, col);
                let edge = if col == p::REACHED {
                    Color32::WHITE
                } else {
                    Color32::BLACK
                };
                painter.circle_stroke(c, 6.0, Stroke::new(1.5, edge));
            }
            Swatch::Gauge => {
                let pts = vec![
                    c + Vec2::new(0.0, -6.0),
                    c + Vec2::new(6.0, 6.0),
                    c + Vec2::new(-6.0, 6.0),
                ];
                painter.add(Shape::convex_polygon(
                    pts,
                    p::NOT_WARNED,
                    Stroke::new(1.5, Color32::BLACK),
                ));
            }
            Swatch::Post => {
                let rr = egui::Rect::from_center_size(c, Vec2::splat(11.0));
                painter.rect_filled(rr, 0.0, p::POST);
                painter.rect_stroke(rr, 0.0, black, egui::StrokeKind::Outside);
            }
            Swatch::Unit(col, letter) => {
                let rr = egui::Rect::from_center_size(c, Vec2::splat(12.0));
                painter.rect_filled(rr, 2.0, col);
                painter.rect_stroke(rr, 2.0, black, egui::StrokeKind::Outside);
                let ink = if col == p::UNIT_AVAILABLE
                    || col == p::UNIT_RETURNING
                    || col == p::UNIT_ON_SCENE
                {
                    Color32::BLACK
                } else {
                    Color32::WHITE
                };
                painter.text(
                    c,
                    egui::Align2::CENTER_CENTER,
                    letter,
                    egui::FontId::monospace(10.0),
                    ink,
                );
            }
            Swatch::Road { closed } => {
                let seg = [
                    Pos2::new(rect.left() + 1.0, c.y),
                    Pos2::new(rect.right() - 1.0, c.y),
                ];
                if closed {
                    painter.line_segment(seg, Stroke::new(4.0, p::ROAD_CLOSED));
                    painter.add(Shape::dashed_line(
                        &seg,
                        Stroke::new(4.0, p::ROAD_CLOSED_DASH),
                        4.0,
                        4.0,
                    ));
                } else {
                    painter.line_segment(seg, Stroke::new(3.0, p::ROAD));
                }
            }
            Swatch::Route => {
                let seg = [
                    Pos2::new(rect.left() + 1.0, c.y),
                    Pos2::new(rect.right() - 1.0, c.y),
                ];
                painter.add(Shape::dashed_line(
                    &seg,
                    Stroke::new(1.5, p::UNIT_EN_ROUTE),
                    6.0,
                    4.0,
                ));
            }
        }
        // wraps at the panel's edge: a long row never widens the fixed-width panel
        ui.add(egui::Label::new(text).wrap());
        let colour = match sw {
            Swatch::Area(c) | Swatch::Place(c) => Some(c),
            Swatch::Unit(c, "") => Some(c),
            Swatch::Road { closed: false } => Some(p::ROAD),
            // a closed road is a pattern (white and black dashes), not one colour
            _ => None,
        };
        LegendRow {
            text: text.to_string(),
            at: [c.x, c.y],
            colour: colour.map(|c| [c.r(), c.g(), c.b()]),
        }
    })
    .inner
}

/// A section heading.
fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(4.0);
    ui.label(RichText::new(text).strong());
}

/// The legend of what the map of this scenario shows; its rows as drawn.
pub(super) fn legend(ui: &mut Ui, sess: &Session) -> Vec<LegendRow> {
    let mut rows = Vec::new();
    let lang = sess.lang;
    let (fire, flood, leak) = {
        let hz = sess.engine.world().resource::<HazardState>();
        (hz.fire.is_some(), hz.flood.is_some(), hz.leak.is_some())
    };
    ui.separator();
    ui.label(RichText::new(t(lang, "legend")).strong().size(15.0));
    if fire || flood || leak {
        heading(ui, t(lang, "legend_hazard"));
    }
    if fire {
        rows.push(row(
            ui,
            Swatch::Area(p::FIRE_BURNING),
            t(lang, "fire_burning"),
        ));
        rows.push(row(ui, Swatch::Area(p::FIRE_BURNT), t(lang, "fire_burnt")));
    }
    if flood {
        rows.push(row(
            ui,
            Swatch::Area(p::FLOOD_SHALLOW),
            &format!("{} 0.1 m", t(lang, "flood_depth")),
        ));
        rows.push(row(
            ui,
            Swatch::Area(blend(p::FLOOD_SHALLOW, p::FLOOD_DEEP, 0.58)),
            &format!("{} 1 m", t(lang, "flood_depth")),
        ));
        rows.push(row(
            ui,
            Swatch::Area(p::FLOOD_DEEP),
            &format!("{} ≥ 3 m", t(lang, "flood_depth")),
        ));
    }
    if leak {
        use crate::catalog::substances::ThreatLevel as L;
        for (l, key) in [
            (L::Level1, "leak_l1"),
            (L::Level2, "leak_l2"),
            (L::Level3, "leak_l3"),
        ] {
            let c = threat_colour(l).unwrap_or([0, 0, 0]);
            rows.push(row(
                ui,
                Swatch::Area(Color32::from_rgb(c[0], c[1], c[2])),
                t(lang, key),
            ));
        }
    }
    heading(ui, t(lang, "places"));
    for (c, key) in [
        (p::NOT_WARNED, "place_not_warned"),
        (p::WARNED, "place_warned"),
        (p::SHELTERING, "place_sheltering"),
        (p::EVACUATING, "place_evacuating"),
        (p::EVACUATED, "place_evacuated"),
        (p::REACHED, "place_reached"),
    ] {
        rows.push(row(ui, Swatch::Place(c), t(lang, key)));
    }
    rows.push(row(ui, Swatch::Gauge, t(lang, "legend_gauge")));
    rows.push(row(ui, Swatch::Post, t(lang, "legend_post")));
    heading(ui, t(lang, "units"));
    for (c, key) in [
        (p::UNIT_AVAILABLE, "unit_available"),
        (p::UNIT_EN_ROUTE, "unit_en_route"),
        (p::UNIT_ON_SCENE, "unit_on_scene"),
        (p::UNIT_RETURNING, "unit_returning"),
        (p::UNIT_CUT_OFF, "unit_cut_off"),
    ] {
        rows.push(row(ui, Swatch::Unit(c, ""), t(lang, key)));
    }
    rows.push(row(ui, Swatch::Route, t(lang, "legend_route")));
    // only the kinds this scenario has
    let kinds: [(UnitKind, &str); 11] = [
        (UnitKind::FireEngine, "kind_fire_engine"),
        (UnitKind::ForestFireCrew, "kind_forest_crew"),
        (UnitKind::WaterTanker, "kind_tanker"),
        (UnitKind::AerialDrop, "kind_aerial"),
        (UnitKind::RescueBoatTeam, "kind_boat"),
        (UnitKind::HazmatTeam, "kind_hazmat"),
        (UnitKind::Ambulance, "kind_ambulance"),
        (UnitKind::Police, "kind_police"),
        (UnitKind::EngineeringTeam, "kind_engineers"),
        (UnitKind::Drone, "kind_drone"),
        (UnitKind::Transport, "kind_transport"),
    ];
    for (k, key) in kinds {
        if sess.s.org.units.iter().any(|u| u.kind == k) {
            rows.push(row(
                ui,
                Swatch::Unit(p::UNIT_AVAILABLE, unit_glyph(k)),
                &format!("{} {}", unit_glyph(k), t(lang, key)),
            ));
        }
    }
    heading(ui, t(lang, "legend_roads"));
    rows.push(row(
        ui,
        Swatch::Road { closed: false },
        t(lang, "road_open"),
    ));
    rows.push(row(
        ui,
        Swatch::Road { closed: true },
        t(lang, "road_closed"),
    ));
    // the land-cover tints this scenario's map has (none without a land-cover layer)
    if !sess.s.land_cover.is_empty() {
        let mut present = [false; LAND_CLASSES.len()];
        for &code in &sess.s.land_cover {
            present[land_class(code)] = true;
        }
        heading(ui, t(lang, "legend_land"));
        for (i, (key, c)) in LAND_CLASSES.iter().enumerate() {
            if present[i] {
                rows.push(row(
                    ui,
                    Swatch::Area(Color32::from_rgb(c[0], c[1], c[2])),
                    t(lang, key),
                ));
            }
        }
    }
    heading(ui, t(lang, "legend_map"));
    ui.label(t(lang, "legend_arrows"));
    rows
}

/// `a` blended towards `b` by `k` (0–1), per channel.
fn blend(a: Color32, b: Color32, k: f32) -> Color32 {
    let m = |x: u8, y: u8| (x as f32 * (1.0 - k) + y as f32 * k) as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}
