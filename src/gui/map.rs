//! The map view: hillshaded terrain tinted by land cover, the hazard as people read it,
//! roads, places and units, with pan, zoom and picking. Drawn with egui's painter over
//! two textures (terrain once, hazard when the tick changes).

use bevy_egui::egui::{
    self, Align2, Color32, ColorImage, FontId, Pos2, Rect, Sense, Stroke, StrokeKind,
    TextureHandle, TextureOptions, Vec2,
};

use crate::catalog::substances::ThreatLevel;
use crate::gui::i18n::{Lang, tr as t};
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
    /// The place labels of the last drawing, with their rectangles [x0, y0, x1, y1]
    /// (points): inside the map, clear of each other, of the markers and of the map's
    /// own furniture (north arrow, wind, scale bar).
    pub labels: Vec<(String, [f32; 4])>,
    /// The wind as the last drawing stated it in words.
    pub wind: String,
}

/// Land-cover classes as the map tints them: (legend key, tint). Built-up land is a
/// neutral grey, as on topographic maps, and no tint repeats a colour of
/// [`palette`] (the GUI legend test holds every pair apart).
pub const LAND_CLASSES: [(&str, [u8; 3]); 7] = [
    ("land_water", [110, 160, 215]),
    ("land_built_up", [160, 158, 155]),
    ("land_grass_crops", [205, 225, 150]),
    ("land_shrub", [150, 190, 110]),
    ("land_forest", [90, 150, 90]),
    ("land_bare", [225, 205, 185]),
    ("land_other", [230, 230, 222]),
];

/// Index into [`LAND_CLASSES`] of a land-cover code (Scott & Burgan 2005 fuel model
/// numbers, with 91 urban, 92 snow and ice, 93 agriculture, 98 water, 99 barren):
/// grass models (1–3, 101–109) and agriculture read as grass and crops, shrub and
/// grass-shrub (4–7, 121–124, 141–149) as shrub, timber litter and understorey (8–13,
/// 161–165, 181–189, 201–204) as forest.
pub fn land_class(code: u16) -> usize {
    match code {
        WATER_LAND_COVER => 0,
        91 => 1,
        1..=3 | 93 | 101..=109 => 2,
        4..=7 | 121..=124 | 141..=149 => 3,
        8..=13 | 161..=165 | 181..=189 | 201..=204 => 4,
        92 | 99 => 5,
        _ => 6,
    }
}

/// Land-cover tint for a cell (see [`LAND_CLASSES`]).
fn land_tint(code: u16) -> [u8; 3] {
    LAND_CLASSES[land_class(code)].1
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

/// The map's colours, each with one meaning (the legend lists them all): hazard
/// colours (orange, dark red, the blue ramp, yellow / orange / red threat zones) are
/// not used for places, units or roads, and no two markers share a colour.
pub mod palette {
    use bevy_egui::egui::Color32;

    /// A colour of [`crate::report::palette`] (the place statuses the report's maps
    /// share).
    const fn rgb(c: [u8; 3]) -> Color32 {
        Color32::from_rgb(c[0], c[1], c[2])
    }

    /// Fire burning.
    pub const FIRE_BURNING: Color32 = Color32::from_rgb(255, 120, 0);
    /// Burnt.
    pub const FIRE_BURNT: Color32 = Color32::from_rgb(90, 10, 10);
    /// Flood, shallow end of the depth ramp (0.1 m).
    pub const FLOOD_SHALLOW: Color32 = Color32::from_rgb(150, 200, 255);
    /// Flood, deep end of the depth ramp (3 m and more).
    pub const FLOOD_DEEP: Color32 = Color32::from_rgb(10, 40, 140);
    /// Place not warned.
    pub const NOT_WARNED: Color32 = rgb(crate::report::palette::NOT_WARNED);
    /// Place warned.
    pub const WARNED: Color32 = rgb(crate::report::palette::WARNED);
    /// Place sheltering in place.
    pub const SHELTERING: Color32 = rgb(crate::report::palette::SHELTERING);
    /// Place evacuating.
    pub const EVACUATING: Color32 = rgb(crate::report::palette::EVACUATING);
    /// Place evacuated (nobody left, warned).
    pub const EVACUATED: Color32 = rgb(crate::report::palette::EVACUATED);
    /// Place reached by the hazard.
    pub const REACHED: Color32 = rgb(crate::report::palette::REACHED);
    /// Command post (a square, whatever its state).
    pub const POST: Color32 = Color32::from_rgb(100, 100, 100);
    /// Unit available.
    pub const UNIT_AVAILABLE: Color32 = Color32::from_rgb(255, 235, 170);
    /// Unit en route (and its dashed route).
    pub const UNIT_EN_ROUTE: Color32 = Color32::from_rgb(220, 0, 220);
    /// Unit on scene.
    pub const UNIT_ON_SCENE: Color32 = Color32::from_rgb(0, 185, 190);
    /// Unit returning.
    pub const UNIT_RETURNING: Color32 = Color32::from_rgb(185, 185, 185);
    /// Unit cut off (no usable road).
    pub const UNIT_CUT_OFF: Color32 = Color32::from_rgb(110, 110, 0);
    /// Unit in reserve (not drawn on the map).
    pub const UNIT_RESERVE: Color32 = Color32::from_rgb(200, 170, 120);
    /// Road open.
    pub const ROAD: Color32 = Color32::from_rgb(70, 55, 40);
    /// Road closed: a barrier of dashes alternating between this colour and
    /// [`ROAD_CLOSED_DASH`] (no other line on the map is dashed in two colours).
    pub const ROAD_CLOSED: Color32 = Color32::WHITE;
    /// The dashes over a closed road.
    pub const ROAD_CLOSED_DASH: Color32 = Color32::BLACK;
}

/// Status colour of a place.
pub fn place_colour(cmd: &CommandState, hz: &HazardState, i: usize) -> Color32 {
    let i32_ = i as u32;
    if hz.reached.iter().any(|(q, _)| *q == i32_) {
        palette::REACHED
    } else if cmd.evacuations.contains_key(&i32_) {
        palette::EVACUATING
    } else if cmd.people_at(i32_) == 0 && cmd.warned.contains_key(&i32_) {
        palette::EVACUATED
    } else if cmd.sheltered.contains(&i32_) {
        palette::SHELTERING
    } else if cmd.warned.contains_key(&i32_) {
        palette::WARNED
    } else {
        palette::NOT_WARNED
    }
}

/// Status colour of a unit.
pub fn unit_colour(st: UnitStatus) -> Color32 {
    match st {
        UnitStatus::Available => palette::UNIT_AVAILABLE,
        UnitStatus::EnRoute => palette::UNIT_EN_ROUTE,
        UnitStatus::OnScene => palette::UNIT_ON_SCENE,
        UnitStatus::Returning => palette::UNIT_RETURNING,
        UnitStatus::CutOff => palette::UNIT_CUT_OFF,
        UnitStatus::Reserve => palette::UNIT_RESERVE,
    }
}

impl MapView {
    /// Cell (fractional, x east / y south) → screen.
    pub fn to_screen(&self, cell: (f32, f32)) -> Option<Pos2> {
        let (_, origin, k) = self.last?;
        Some(origin + Vec2::new(cell.0 * k, cell.1 * k))
    }

    /// Draw the map into `ui` at simulated second `t_s` of tick `tick`, with its
    /// furniture's words in `lang`, and return what was clicked.
    #[allow(clippy::too_many_arguments)] // the map shows all of these
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        s: &Scenario,
        e: &mut Engine,
        units: &[UnitMark],
        selected: Option<&Pick>,
        (t_s, tick): (u64, u64),
        lang: Lang,
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
                let seg = [centre(g[a].cell), centre(g[b].cell)];
                if closed {
                    let w = road_w + 1.5;
                    painter.line_segment(seg, Stroke::new(w, palette::ROAD_CLOSED));
                    painter.add(egui::Shape::dashed_line(
                        &seg,
                        Stroke::new(w, palette::ROAD_CLOSED_DASH),
                        4.0,
                        4.0,
                    ));
                } else {
                    painter.line_segment(seg, Stroke::new(road_w, palette::ROAD));
                }
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
        // the map's furniture, top right (the wind, then the north arrow) and bottom left
        // (scale bar): drawn last, kept clear of labels
        let font = FontId::proportional(12.0);
        let na = rect.right_top() + Vec2::new(-24.0, 16.0);
        let north_box = Rect::from_min_max(na + Vec2::new(-14.0, -6.0), na + Vec2::new(14.0, 46.0));
        let script = w.resource::<crate::sim::Script>();
        let (wind_m_s, wind_from) = (script.wind_m_s, script.wind_from_deg);
        let wind_text = format!(
            "{} {:.1} m/s {} {:.0}°",
            t(lang, "wind"),
            wind_m_s,
            t(lang, "from"),
            wind_from
        );
        self.wind = wind_text.clone();
        let wind_galley = painter.layout_no_wrap(wind_text, font.clone(), Color32::WHITE);
        // the wind sits left of the north arrow, in one row with it, so the furniture
        // keeps to a 52-point strip along the map's top edge
        let ww = wind_galley.size().x.max(32.0) + 8.0;
        let wind_box = Rect::from_min_max(
            Pos2::new(north_box.left() - 4.0 - ww, north_box.top()),
            Pos2::new(north_box.left() - 4.0, north_box.bottom()),
        );
        let wc = Pos2::new(wind_box.center().x, wind_box.top() + 16.0);
        let wind_text_at = Pos2::new(
            wind_box.center().x - wind_galley.size().x / 2.0,
            wind_box.bottom() - 3.0 - wind_galley.size().y,
        );
        let bar_m = nice_bar_m(s.grid.cell_m as f32 / k * 120.0);
        let bar_px = bar_m / s.grid.cell_m as f32 * k;
        let b0 = rect.left_bottom() + Vec2::new(12.0, -14.0);
        let scale_box = Rect::from_min_max(
            b0 + Vec2::new(-6.0, -12.0),
            b0 + Vec2::new(bar_px + 60.0, 10.0),
        );
        let mut taken: Vec<Rect> = vec![north_box, wind_box, scale_box];
        // places: markers first (a label never covers another place's marker)
        let cmd = w.resource::<CommandState>();
        let hz = w.resource::<HazardState>();
        let r = (k * 0.9).clamp(4.0, 10.0);
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
            } else if fill == palette::REACHED {
                Stroke::new(1.5, Color32::WHITE)
            } else {
                Stroke::new(1.5, Color32::BLACK)
            };
            match p.kind {
                PlaceKind::CommandPost => {
                    let rr = Rect::from_center_size(c, Vec2::splat(r * 1.6));
                    painter.rect_filled(rr, 0.0, palette::POST);
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
            if rect.contains(c) {
                taken.push(Rect::from_center_size(c, Vec2::splat(r * 2.0 + 2.0)));
            }
            if let Some(pp) = click {
                consider(pp.distance(c), Pick::Place(i));
            }
        }
        // labels: people's places first; each goes right, left, above or below its
        // marker, wherever it fits inside the map and clear of everything placed so
        // far; without its head count when only that fits; left out when nothing does
        // (a click on the place shows its details)
        let mut order: Vec<usize> = (0..s.places.len()).collect();
        order.sort_by_key(|&i| {
            let p = &s.places[i];
            (
                !matches!(
                    p.kind,
                    PlaceKind::Village | PlaceKind::School | PlaceKind::Shelter
                ),
                p.population == 0 && p.kind != PlaceKind::Shelter,
                i,
            )
        });
        self.labels.clear();
        for i in order {
            let p = &s.places[i];
            let c = centre(p.cell);
            // people's places and the shelters they go to always; the rest when zoomed in
            let wanted = k * 4.0 > 6.0
                || matches!(
                    p.kind,
                    PlaceKind::Village | PlaceKind::School | PlaceKind::Shelter
                );
            if !wanted || !rect.contains(c) {
                continue;
            }
            let people = cmd.people_at(i as u32);
            // the name in the interface language (a bilingual name said once), else
            // the whole name
            let name = crate::scenario::names::name_in(&p.name, lang == Lang::Zh);
            let mut texts = vec![name.clone()];
            if p.population > 0 {
                texts.insert(0, format!("{name} ({people})"));
            }
            let placed = texts.into_iter().find_map(|text| {
                let g = painter.layout_no_wrap(text.clone(), font.clone(), Color32::WHITE);
                let sz = g.size() + Vec2::new(2.0, 1.0);
                let gap = r + 3.0;
                [
                    Rect::from_min_size(c + Vec2::new(gap, -sz.y / 2.0), sz),
                    Rect::from_min_size(c + Vec2::new(-gap - sz.x, -sz.y / 2.0), sz),
                    Rect::from_min_size(c + Vec2::new(-sz.x / 2.0, -gap - sz.y), sz),
                    Rect::from_min_size(c + Vec2::new(-sz.x / 2.0, gap), sz),
                ]
                .into_iter()
                .find(|b| rect.contains_rect(*b) && !taken.iter().any(|o| o.intersects(*b)))
                .map(|b| (text, b))
            });
            if let Some((text, b)) = placed {
                painter.text(
                    b.min + Vec2::new(1.0, 1.0),
                    Align2::LEFT_TOP,
                    &text,
                    font.clone(),
                    Color32::BLACK,
                );
                painter.text(b.min, Align2::LEFT_TOP, &text, font.clone(), Color32::WHITE);
                taken.push(b);
                self.labels
                    .push((text, [b.min.x, b.min.y, b.max.x, b.max.y]));
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
            let glyph = unit_glyph(s.org.units[u.index].kind);
            let ink = if matches!(
                u.status,
                UnitStatus::Available | UnitStatus::Returning | UnitStatus::OnScene
            ) {
                Color32::BLACK
            } else {
                Color32::WHITE
            };
            painter.text(
                c,
                Align2::CENTER_CENTER,
                glyph,
                FontId::monospace(half * 1.4),
                ink,
            );
            if let Some(pp) = click {
                consider(pp.distance(c) * 0.9, Pick::Unit(u.index));
            }
        }
        // north arrow
        let backdrop = Color32::from_black_alpha(140);
        painter.rect_filled(north_box, 3.0, backdrop);
        painter.arrow(
            na + Vec2::new(0.0, 22.0),
            Vec2::new(0.0, -20.0),
            Stroke::new(2.0, Color32::WHITE),
        );
        painter.text(
            na + Vec2::new(0.0, 28.0),
            Align2::CENTER_TOP,
            "N",
            font.clone(),
            Color32::WHITE,
        );
        // wind: an arrow the way it blows (from `wind_from`, meteorological degrees
        // clockwise from north), its speed and direction in words under it
        painter.rect_filled(wind_box, 3.0, backdrop);
        let to = (wind_from as f32 + 180.0).to_radians();
        let dir = Vec2::new(to.sin(), -to.cos());
        let len = 24.0;
        painter.arrow(
            wc - dir * (len / 2.0),
            dir * len,
            Stroke::new(2.5, Color32::from_rgb(170, 230, 255)),
        );
        painter.galley(wind_text_at, wind_galley, Color32::WHITE);
        // scale bar
        painter.rect_filled(scale_box, 3.0, backdrop);
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

/// One letter per unit kind, drawn on its icon (the legend lists them).
pub fn unit_glyph(kind: crate::scenario::UnitKind) -> &'static str {
    use crate::scenario::UnitKind as K;
    match kind {
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
        K::Transport => "V",
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
