//! The map view: hillshaded terrain tinted by land cover, the hazard as people read it,
//! roads, places and units, with pan, zoom and picking. Drawn with egui's painter over
//! two textures (terrain once, hazard when the tick changes).

use bevy_egui::egui::{
    self, Align2, Color32, ColorImage, FontId, Pos2, Rect, Sense, Stroke, StrokeKind,
    TextureHandle, TextureOptions, Vec2,
};

use crate::catalog::substances::ThreatLevel;
use crate::map::layers::WATER_LAND_COVER;
use crate::scenario::{PlaceKind, Scenario};
use crate::sim::command::CommandState;
use crate::sim::hazards::HazardState;
use crate::sim::units::UnitStatus;
use crate::sim::{Engine, Roads};

/// Water shallower than this is not drawn (rain on the ground), m.
const FLOOD_SHOWN_M: f64 = 0.1;

/// What was clicked on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A place, by index.
    Place(usize),
    /// A unit, by its index in the organisation's unit list.
    Unit(usize),
}

/// One unit as drawn.
#[derive(Debug, Clone)]
pub struct UnitMark {
    /// Index in `Organisation::units`.
    pub index: usize,
    /// Status.
    pub status: UnitStatus,
    /// Position in cells (x east, y south).
    pub pos: (f32, f32),
    /// Remaining route as cell positions.
    pub route: Vec<(f32, f32)>,
    /// Task, if any.
    pub task: Option<String>,
}

/// Pan, zoom and the textures.
#[derive(Default)]
pub struct MapView {
    terrain: Option<TextureHandle>,
    hazard: Option<TextureHandle>,
    hazard_tick: Option<u64>,
    /// Zoom factor over "fit the window".
    pub zoom: f32,
    /// Pan, screen points.
    pub pan: Vec2,
    /// Screen rectangle and cell size of the last drawing: (map rect, origin, px/cell).
    pub last: Option<(Rect, Pos2, f32)>,
}

/// Land-cover tint for a cell: water blue, built-up grey-brown, grass and crops light
/// green, shrub and timber darker greens.
fn land_tint(code: u16) -> [u8; 3] {
    match code {
        WATER_LAND_COVER => [110, 160, 215],
        91 => [200, 185, 170],
        93 => [225, 225, 205],
        99 => [205, 200, 190],
        1..=3 | 101..=109 => [205, 225, 150],
        4..=7 | 121..=124 | 141..=149 => [150, 190, 110],
        8..=13 | 161..=165 | 181..=189 | 201..=204 => [90, 150, 90],
        _ => [210, 210, 200],
    }
}

/// Terrain pixels: hillshade times land-cover tint.
pub fn terrain_rgba(s: &Scenario) -> Vec<u8> {
    let shade = crate::report::map::hillshade(s);
    let mut px = Vec::with_capacity(s.grid.len() * 4);
    for (i, g) in shade.iter().enumerate() {
        let tint = land_tint(s.land_cover.get(i).copied().unwrap_or(0));
        let k = *g as f32 / 200.0;
        for c in tint {
            px.push((c as f32 * k).clamp(0.0, 255.0) as u8);
        }
        px.push(255);
    }
    px
}

/// Colour of a threat level.
pub fn threat_colour(l: ThreatLevel) -> Option<[u8; 3]> {
    match l {
        ThreatLevel::Level3 => Some([220, 20, 20]),
        ThreatLevel::Level2 => Some([255, 140, 0]),
        ThreatLevel::Level1 => Some([245, 215, 0]),
        ThreatLevel::Clear => None,
    }
}

/// The hazard at a cell at second `t` as colour and opacity (0–255): fire burning
/// orange and burnt dark red; flood a blue ramp by depth; leak yellow / orange / red
/// by threat level.
pub fn hazard_rgba(hz: &HazardState, cell: usize, t: f64) -> Option<[u8; 4]> {
    if let Some(f) = &hz.fire {
        if f.is_burning(cell, t) {
            return Some([255, 120, 0, 235]);
        }
        if f.is_burnt(cell, t) {
            return Some([90, 10, 10, 215]);
        }
    }
    if let Some(l) = &hz.leak {
        let ppm = l.ppm(cell);
        if ppm > 0.0
            && let Some(c) = threat_colour(l.substance().threat_level(ppm))
        {
            return Some([c[0], c[1], c[2], 170]);
        }
    }
    if let Some(f) = &hz.flood {
        let d = f.depths().get(cell).copied().unwrap_or(0.0);
        if d > FLOOD_SHOWN_M {
            let k = (d / 3.0).clamp(0.0, 1.0).sqrt();
            let m = |a: f64, b: f64| (a * (1.0 - k) + b * k) as u8;
            return Some([
                m(150.0, 10.0),
                m(200.0, 40.0),
                m(255.0, 140.0),
                150 + (k * 90.0) as u8,
            ]);
        }
    }
    None
}

/// Hazard pixels for the whole grid at second `t`.
pub fn hazard_pixels(s: &Scenario, hz: &HazardState, t: f64) -> Vec<u8> {
    let mut px = vec![0u8; s.grid.len() * 4];
    for cell in 0..s.grid.len() {
        if let Some(c) = hazard_rgba(hz, cell, t) {
            px[cell * 4..cell * 4 + 4].copy_from_slice(&c);
        }
    }
    px
}

/// Units as drawn, in unit order.
pub fn unit_marks(s: &Scenario, e: &mut Engine) -> Vec<UnitMark> {
    let cell = s.grid.cell_m.max(1e-6);
    let w = e.world_mut();
    let mut q = w.query::<(&crate::sim::units::Unit, &crate::sim::units::UnitState)>();
    let states: Vec<(usize, crate::sim::units::UnitState)> = q
        .iter(w)
        .map(|(u, st)| (u.0.0 as usize, st.clone()))
        .collect();
    let roads = &w.resource::<Roads>().0;
    let node_pos = |n: u32| {
        let c = roads.graph[petgraph::graph::NodeIndex::new(n as usize)].cell;
        (c.0 as f32 + 0.5, c.1 as f32 + 0.5)
    };
    let mut out: Vec<UnitMark> = Vec::new();
    for (index, st) in states {
        let mut route = Vec::new();
        if let Some((_, far, _, _)) = st.on_edge {
            route.push(node_pos(far));
        }
        route.extend(st.route.iter().map(|&(_, n)| node_pos(n)));
        out.push(UnitMark {
            index,
            status: st.status,
            pos: ((st.pos_m.0 / cell) as f32, (st.pos_m.1 / cell) as f32),
            route,
            task: st.task.map(|t| format!("{t:?}")),
        });
    }
    out.sort_by_key(|m| m.index);
    out
}

/// Status colour of a place.
pub fn place_colour(cmd: &CommandState, hz: &HazardState, i: usize) -> Color32 {
    let i32_ = i as u32;
    if hz.reached.iter().any(|(q, _)| *q == i32_) {
        Color32::from_rgb(200, 0, 0)
    } else if cmd.evacuations.contains_key(&i32_) {
        Color32::from_rgb(250, 200, 0)
    } else if cmd.people_at(i32_) == 0 && cmd.warned.contains_key(&i32_) {
        Color32::from_rgb(40, 170, 60)
    } else if cmd.sheltered.contains(&i32_) {
        Color32::from_rgb(160, 80, 200)
    } else if cmd.warned.contains_key(&i32_) {
        Color32::from_rgb(40, 110, 230)
    } else {
        Color32::WHITE
    }
}

/// Status colour of a unit.
pub fn unit_colour(st: UnitStatus) -> Color32 {
    match st {
        UnitStatus::Available => Color32::from_rgb(60, 60, 220),
        UnitStatus::EnRoute => Color32::from_rgb(230, 0, 200),
        UnitStatus::OnScene => Color32::from_rgb(0, 170, 170),
        UnitStatus::Returning => Color32::from_rgb(120, 120, 120),
        UnitStatus::CutOff => Color32::from_rgb(200, 0, 0),
        UnitStatus::Reserve => Color32::from_rgb(170, 170, 170),
    }
}

impl MapView {
    /// Cell (fractional, x east / y south) → screen.
    pub fn to_screen(&self, cell: (f32, f32)) -> Option<Pos2> {
        let (_, origin, k) = self.last?;
        Some(origin + Vec2::new(cell.0 * k, cell.1 * k))
    }

    /// Draw the map into `ui` and return what was clicked.
    #[allow(clippy::too_many_arguments)] // the map shows all of these
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        s: &Scenario,
        e: &mut Engine,
        units: &[UnitMark],
        selected: Option<&Pick>,
        t_s: u64,
        tick: u64,
    ) -> Option<Pick> {
        let ctx = ui.ctx().clone();
        let (gw, gh) = (s.grid.width as usize, s.grid.height as usize);
        if self.zoom <= 0.0 {
            self.zoom = 1.0;
        }
        let terrain = self
            .terrain
            .get_or_insert_with(|| {
                let img = ColorImage::from_rgba_unmultiplied([gw, gh], &terrain_rgba(s));
                ctx.load_texture("terrain", img, TextureOptions::LINEAR)
            })
            .id();
        if self.hazard_tick != Some(tick) || self.hazard.is_none() {
            let hz = e.world().resource::<HazardState>();
            let img =
                ColorImage::from_rgba_unmultiplied([gw, gh], &hazard_pixels(s, hz, t_s as f64));
            match &mut self.hazard {
                Some(h) => h.set(img, TextureOptions::NEAREST),
                None => {
                    self.hazard = Some(ctx.load_texture("hazard", img, TextureOptions::NEAREST))
                }
            }
            self.hazard_tick = Some(tick);
        }
        let (resp, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let rect = resp.rect;
        painter.rect_filled(rect, 0.0, Color32::from_gray(40));
        // pan and zoom
        if resp.dragged() {
            self.pan += resp.drag_delta();
        }
        if resp.hovered() {
            let (scroll, pinch, hover) = ui.input(|i| {
                (
                    i.smooth_scroll_delta.y,
                    i.zoom_delta(),
                    i.pointer.hover_pos(),
                )
            });
            let f = pinch * (scroll * 0.002).exp();
            if (f - 1.0).abs() > 1e-4 {
                let new = (self.zoom * f).clamp(0.5, 40.0);
                let f = new / self.zoom;
                // keep the point under the pointer still
                if let Some(p) = hover {
                    let c = rect.center() + self.pan;
                    self.pan += (p - c) * (1.0 - f);
                }
                self.zoom = new;
            }
        }
        if resp.double_clicked() {
            self.zoom = 1.0;
            self.pan = Vec2::ZERO;
        }
        let fit = (rect.width() / gw as f32).min(rect.height() / gh as f32);
        let k = fit * self.zoom;
        let size = Vec2::new(gw as f32 * k, gh as f32 * k);
        let origin = rect.center() + self.pan - size / 2.0;
        self.last = Some((rect, origin, k));
        let map_rect = Rect::from_min_size(origin, size);
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        let painter = painter.with_clip_rect(rect);
        painter.image(terrain, map_rect, uv, Color32::WHITE);
        if let Some(h) = &self.hazard {
            painter.image(h.id(), map_rect, uv, Color32::WHITE);
        }
        let at = |c: (f32, f32)| origin + Vec2::new(c.0 * k, c.1 * k);
        let centre = |c: (u32, u32)| at((c.0 as f32 + 0.5, c.1 as f32 + 0.5));
        // roads
        let w = e.world();
        let roads = &w.resource::<Roads>().0;
        let g = &roads.graph;
        let road_w = (k * 0.35).clamp(1.0, 4.0);
        for ei in g.edge_indices() {
            if let Some((a, b)) = g.edge_endpoints(ei) {
                let st = roads.state.get(ei.index());
                let closed = st.is_some_and(|st| {
                    st.closed_by_order || st.burning || st.toxic || st.water_depth_m > 0.3
                });
                let col = if closed {
                    Color32::from_rgb(220, 0, 0)
                } else {
                    Color32::from_rgb(70, 55, 40)
                };
                painter.line_segment(
                    [centre(g[a].cell), centre(g[b].cell)],
                    Stroke::new(road_w, col),
                );
            }
        }
        // unit routes
        for u in units {
            if u.route.is_empty() {
                continue;
            }
            let mut pts = vec![at(u.pos)];
            pts.extend(u.route.iter().map(|&c| at(c)));
            painter.add(egui::Shape::dashed_line(
                &pts,
                Stroke::new(1.5, unit_colour(u.status)),
                6.0,
                4.0,
            ));
        }
        // places
        let cmd = w.resource::<CommandState>();
        let hz = w.resource::<HazardState>();
        let r = (k * 0.9).clamp(4.0, 10.0);
        let font = FontId::proportional(12.0);
        let mut pick: Option<(f32, Pick)> = None;
        let click = resp
            .clicked()
            .then(|| resp.interact_pointer_pos())
            .flatten();
        let mut consider = |d: f32, p: Pick| {
            if d < 12.0 && pick.as_ref().is_none_or(|(best, _)| d < *best) {
                pick = Some((d, p));
            }
        };
        for (i, p) in s.places.iter().enumerate() {
            let c = centre(p.cell);
            let fill = place_colour(cmd, hz, i);
            let edge = if selected == Some(&Pick::Place(i)) {
                Stroke::new(3.0, Color32::YELLOW)
            } else {
                Stroke::new(1.5, Color32::BLACK)
            };
            match p.kind {
                PlaceKind::CommandPost => {
                    let rr = Rect::from_center_size(c, Vec2::splat(r * 1.6));
                    painter.rect_filled(rr, 0.0, Color32::from_gray(30));
                    painter.rect_stroke(rr, 0.0, edge, StrokeKind::Outside);
                }
                PlaceKind::RiverGauge => {
                    let pts = vec![
                        c + Vec2::new(0.0, -r),
                        c + Vec2::new(r, r),
                        c + Vec2::new(-r, r),
                    ];
                    painter.add(egui::Shape::convex_polygon(pts, fill, edge));
                }
                _ => {
                    painter.circle_filled(c, r, fill);
                    painter.circle_stroke(c, r, edge);
                }
            }
            if k * 4.0 > 6.0 || matches!(p.kind, PlaceKind::Village | PlaceKind::School) {
                let people = cmd.people_at(i as u32);
                let label = if p.population > 0 {
                    format!("{} ({people})", p.name)
                } else {
                    p.name.clone()
                };
                let tp = c + Vec2::new(r + 3.0, 0.0);
                painter.text(
                    tp + Vec2::new(1.0, 1.0),
                    Align2::LEFT_CENTER,
                    &label,
                    font.clone(),
                    Color32::BLACK,
                );
                painter.text(
                    tp,
                    Align2::LEFT_CENTER,
                    &label,
                    font.clone(),
                    Color32::WHITE,
                );
            }
            if let Some(pp) = click {
                consider(pp.distance(c), Pick::Place(i));
            }
        }
        // units
        let half = (k * 0.6).clamp(4.0, 8.0);
        for u in units {
            if u.status == UnitStatus::Reserve {
                continue;
            }
            let c = at(u.pos);
            let rr = Rect::from_center_size(c, Vec2::splat(half * 2.0));
            painter.rect_filled(rr, 2.0, unit_colour(u.status));
            let edge = if selected == Some(&Pick::Unit(u.index)) {
                Stroke::new(3.0, Color32::YELLOW)
            } else {
                Stroke::new(1.0, Color32::BLACK)
            };
            painter.rect_stroke(rr, 2.0, edge, StrokeKind::Outside);
            let glyph = unit_glyph(s, u.index);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                glyph,
                FontId::monospace(half * 1.4),
                Color32::WHITE,
            );
            if let Some(pp) = click {
                consider(pp.distance(c) * 0.9, Pick::Unit(u.index));
            }
        }
        // north arrow and scale bar
        let na = rect.right_top() + Vec2::new(-24.0, 16.0);
        painter.arrow(
            na + Vec2::new(0.0, 22.0),
            Vec2::new(0.0, -20.0),
            Stroke::new(2.0, Color32::WHITE),
        );
        painter.text(
            na + Vec2::new(0.0, 30.0),
            Align2::CENTER_TOP,
            "N",
            font.clone(),
            Color32::WHITE,
        );
        let bar_m = nice_bar_m(s.grid.cell_m as f32 / k * 120.0);
        let bar_px = bar_m / s.grid.cell_m as f32 * k;
        let b0 = rect.left_bottom() + Vec2::new(12.0, -14.0);
        painter.line_segment(
            [b0, b0 + Vec2::new(bar_px, 0.0)],
            Stroke::new(3.0, Color32::WHITE),
        );
        painter.text(
            b0 + Vec2::new(bar_px + 6.0, 0.0),
            Align2::LEFT_CENTER,
            if bar_m >= 1000.0 {
                format!("{} km", bar_m / 1000.0)
            } else {
                format!("{bar_m} m")
            },
            font,
            Color32::WHITE,
        );
        pick.map(|(_, p)| p)
    }
}

/// One letter per unit kind, drawn on its icon.
fn unit_glyph(s: &Scenario, index: usize) -> &'static str {
    use crate::scenario::UnitKind as K;
    match s.org.units[index].kind {
        K::FireEngine => "E",
        K::ForestFireCrew => "F",
        K::WaterTanker => "T",
        K::AerialDrop => "A",
        K::RescueBoatTeam => "B",
        K::HazmatTeam => "H",
        K::Ambulance => "+",
        K::Police => "P",
        K::EngineeringTeam => "G",
        K::Drone => "D",
        #[allow(unreachable_patterns)]
        _ => "U",
    }
}

/// A round scale-bar length (1, 2 or 5 × 10ⁿ m) not longer than `max_m`.
fn nice_bar_m(max_m: f32) -> f32 {
    let p = 10f32.powf(max_m.max(1.0).log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v <= max_m)
        .unwrap_or(p)
}
