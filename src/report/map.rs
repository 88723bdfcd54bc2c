//! Map images: hillshaded elevation in greys, the hazard on top (fire: burnt dark
//! red, burning orange; flood: blue by depth; leak: yellow / orange / red by threat
//! level), roads as lines, places as dots and units as squares; encoded as PNG.

use base64::Engine as _;

use super::i18n::{Lang, l};

use crate::catalog::substances::ThreatLevel;
use crate::record::replay::UnitView;
use crate::scenario::{PlaceKind, Scenario};
use crate::sim::hazards::HazardState;

/// Water shallower than this is not drawn (rain on the ground), m.
const FLOOD_SHOWN_M: f64 = 0.1;

/// Largest image side, px.
const MAX_SIDE_PX: u32 = 640;

/// Fill of a shelter on the map: brown, neither a place status colour
/// ([`super::palette`]) nor a hazard colour.
const SHELTER: [u8; 3] = [165, 110, 55];

/// Pixels per cell for a scenario's grid (1–8).
pub fn scale(s: &Scenario) -> u32 {
    let side = s.grid.width.max(s.grid.height).max(1);
    (MAX_SIDE_PX / side).clamp(1, 8)
}

/// Grey level (0–255) per cell: hillshade (sun from the north-west at 45°) blended
/// with the elevation.
pub fn hillshade(s: &Scenario) -> Vec<u8> {
    let (w, h) = (s.grid.width as i64, s.grid.height as i64);
    let z = |c: i64, r: i64| -> f64 {
        let c = c.clamp(0, w - 1);
        let r = r.clamp(0, h - 1);
        s.elevation[(r * w + c) as usize] as f64
    };
    let (lo, hi) = s.elevation.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| {
        (a.min(v as f64), b.max(v as f64))
    });
    let span = (hi - lo).max(1e-6);
    let cell = s.grid.cell_m.max(1e-6);
    // exaggerate relief so gentle plains still show their shape
    let zf = 5.0;
    let (az, alt) = (315f64.to_radians(), 45f64.to_radians());
    let mut out = Vec::with_capacity(s.grid.len());
    for r in 0..h {
        for c in 0..w {
            let dzdx = (z(c + 1, r) - z(c - 1, r)) / (2.0 * cell) * zf;
            // rows run south, so north is -r
            let dzdy = (z(c, r - 1) - z(c, r + 1)) / (2.0 * cell) * zf;
            let slope = (dzdx * dzdx + dzdy * dzdy).sqrt().atan();
            let aspect = dzdy.atan2(-dzdx);
            let shade = (alt.sin() * slope.cos()
                + alt.cos() * slope.sin() * (az - std::f64::consts::FRAC_PI_2 - aspect).cos())
            .clamp(0.0, 1.0);
            let elev = (z(c, r) - lo) / span;
            let g = 90.0 + 120.0 * shade * 0.7 + 45.0 * elev;
            out.push(g.clamp(0.0, 255.0) as u8);
        }
    }
    out
}

struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Canvas {
    fn set(&mut self, x: i64, y: i64, rgb: [u8; 3]) {
        if x >= 0 && y >= 0 && (x as u32) < self.w && (y as u32) < self.h {
            let i = (y as usize * self.w as usize + x as usize) * 3;
            self.px[i..i + 3].copy_from_slice(&rgb);
        }
    }
    fn rect(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, rgb: [u8; 3]) {
        for y in y0..=y1 {
            for x in x0..=x1 {
                self.set(x, y, rgb);
            }
        }
    }
    fn line(&mut self, (mut x0, mut y0): (i64, i64), (x1, y1): (i64, i64), rgb: [u8; 3]) {
        let dx = (x1 - x0).abs();
        let dy = -(y1 - y0).abs();
        let sx = if x0 < x1 { 1 } else { -1 };
        let sy = if y0 < y1 { 1 } else { -1 };
        let mut err = dx + dy;
        loop {
            self.set(x0, y0, rgb);
            self.set(x0 + 1, y0, rgb);
            if x0 == x1 && y0 == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x0 += sx;
            }
            if e2 <= dx {
                err += dx;
                y0 += sy;
            }
        }
    }
    fn disc(&mut self, cx: i64, cy: i64, r: i64, fill: [u8; 3], edge: [u8; 3]) {
        for y in -r - 1..=r + 1 {
            for x in -r - 1..=r + 1 {
                let d2 = x * x + y * y;
                if d2 <= r * r {
                    self.set(cx + x, cy + y, fill);
                } else if d2 <= (r + 1) * (r + 1) {
                    self.set(cx + x, cy + y, edge);
                }
            }
        }
    }
}

fn blend(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let m = |x: u8, y: u8| (x as f64 * (1.0 - t) + y as f64 * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

/// Colour of the hazard at a cell at second `t`, with its opacity (0–1); `None` where
/// there is no hazard to draw.
pub fn hazard_colour(hz: &HazardState, cell: usize, t: f64) -> Option<([u8; 3], f64)> {
    if let Some(f) = &hz.fire {
        if f.is_burning(cell, t) {
            return Some(([255, 140, 0], 0.9));
        }
        if f.is_burnt(cell, t) {
            return Some(([110, 10, 10], 0.85));
        }
    }
    if let Some(l) = &hz.leak {
        let ppm = l.ppm(cell);
        if ppm > 0.0 {
            let lvl = l.substance().threat_level(ppm);
            let c = match lvl {
                ThreatLevel::Level3 => Some([220, 20, 20]),
                ThreatLevel::Level2 => Some([255, 140, 0]),
                ThreatLevel::Level1 => Some([245, 215, 0]),
                ThreatLevel::Clear => None,
            };
            if let Some(c) = c {
                return Some((c, 0.75));
            }
        }
    }
    if let Some(f) = &hz.flood {
        let d = f.depths().get(cell).copied().unwrap_or(0.0);
        if d > FLOOD_SHOWN_M {
            // light blue at a few cm to deep navy at 3 m and more
            let k = (d / 3.0).clamp(0.0, 1.0).sqrt();
            let c = blend([150, 200, 255], [10, 40, 140], k);
            return Some((c, 0.55 + 0.4 * k));
        }
    }
    None
}

/// Draw the map at second `t_s` and encode it as PNG.
pub fn render(
    s: &Scenario,
    shade: &[u8],
    hz: &HazardState,
    roads: &crate::map::RoadNetwork,
    units: &[UnitView],
    t_s: u64,
) -> Vec<u8> {
    let k = scale(s);
    let (gw, gh) = (s.grid.width, s.grid.height);
    let mut cv = Canvas {
        w: gw * k,
        h: gh * k,
        px: vec![0; (gw * k * gh * k * 3) as usize],
    };
    let t = t_s as f64;
    for r in 0..gh {
        for c in 0..gw {
            let cell = s.grid.index(c, r);
            let g = shade.get(cell).copied().unwrap_or(128);
            let mut rgb = [g, g, g];
            if let Some((hc, a)) = hazard_colour(hz, cell, t) {
                rgb = blend(rgb, hc, a);
            }
            let (x, y) = ((c * k) as i64, (r * k) as i64);
            cv.rect(x, y, x + k as i64 - 1, y + k as i64 - 1, rgb);
        }
    }
    let centre =
        |(c, r): (u32, u32)| -> (i64, i64) { ((c * k + k / 2) as i64, (r * k + k / 2) as i64) };
    let g = &roads.graph;
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            let closed = roads.state.get(e.index()).is_some_and(|st| {
                st.closed_by_order || st.burning || st.toxic || st.water_depth_m > 0.3
            });
            let col = if closed { [200, 0, 0] } else { [60, 45, 30] };
            cv.line(centre(g[a].cell), centre(g[b].cell), col);
        }
    }
    let dot = (k as i64 + 2).max(3);
    for p in &s.places {
        let (x, y) = centre(p.cell);
        let fill = match p.kind {
            // brown: not a status colour (`palette`), nor a hazard's
            PlaceKind::Shelter => SHELTER,
            PlaceKind::CommandPost => [40, 40, 40],
            _ => [255, 255, 255],
        };
        cv.disc(x, y, dot, fill, [0, 0, 0]);
    }
    let half = (k as i64 + 2).max(3);
    for u in units {
        let x = (u.x_m / s.grid.cell_m * k as f64) as i64;
        let y = (u.y_m / s.grid.cell_m * k as f64) as i64;
        cv.rect(
            x - half - 1,
            y - half - 1,
            x + half + 1,
            y + half + 1,
            [0, 0, 0],
        );
        cv.rect(x - half, y - half, x + half, y + half, [230, 0, 200]);
    }
    encode(cv.w, cv.h, &cv.px)
}

/// Encode RGB pixels as PNG.
pub fn encode(w: u32, h: u32, rgb: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Best);
        // writing to a Vec cannot fail for a well-sized buffer
        if let Ok(mut wr) = enc.write_header() {
            let _ = wr.write_image_data(rgb);
        }
    }
    out
}

/// A `data:` URI for PNG bytes.
pub fn data_uri(png: &[u8]) -> String {
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// The maps' legend as HTML, in `lang`: only what this scenario's hazards draw, with
/// the physical quantity each colour stands for (flood depth in metres — the colour
/// ramp of [`hazard_colour`] sampled at 0.1, 0.5, 1, 2 and 3 m —, gas concentration by
/// the substance's AEGL threat levels, fire state), then shelters, command posts, units
/// and roads (the places, by status, are in the overlay's legend,
/// [`super::map_overlay::legend_html`]; a plain "place" here said "place" twice).
/// Printed above the maps (`p.key`).
pub fn legend_html(s: &Scenario, lang: Lang) -> String {
    let sw = |rgb: [u8; 3], extra: &str, text: &str| {
        format!(
            "<span><span class=\"sw\" style=\"background:#{:02x}{:02x}{:02x};{extra}\"></span>{}</span>",
            rgb[0],
            rgb[1],
            rgb[2],
            super::html::esc(text)
        )
    };
    let mut out = String::from("<p class=\"legend key\">");
    if s.hazards.fire.is_some() {
        out.push_str(&sw([255, 140, 0], "", l(lang, "burning")));
        out.push_str(&sw([110, 10, 10], "", l(lang, "burnt")));
    }
    if s.hazards.flood.is_some() {
        out.push_str(&format!("<span>{}:</span>", l(lang, "water depth")));
        for d in [0.1f64, 0.5, 1.0, 2.0, 3.0] {
            let k = (d / 3.0).clamp(0.0, 1.0).sqrt();
            let c = blend([150, 200, 255], [10, 40, 140], k);
            // drawn over a mid-grey hillshade at the ramp's opacity
            let c = blend([150, 150, 150], c, 0.55 + 0.4 * k);
            let label = if d >= 3.0 {
                "≥ 3 m".to_string()
            } else {
                format!("{d} m")
            };
            out.push_str(&sw(c, "", &label));
        }
    }
    if let Some(leak) = &s.hazards.leak {
        out.push_str(&format!(
            "<span>{} ({}):</span>",
            l(lang, "gas concentration"),
            super::html::esc(
                crate::catalog::substances::lookup(&leak.substance)
                    .map(|x| if lang == Lang::Zh { x.name_zh } else { x.name })
                    .unwrap_or(&leak.substance)
            )
        ));
        out.push_str(&sw([245, 215, 0], "", "≥ AEGL-1"));
        out.push_str(&sw([255, 140, 0], "", "≥ AEGL-2"));
        out.push_str(&sw([220, 20, 20], "", "≥ AEGL-3"));
    }
    out.push_str(&sw(SHELTER, "border-radius:6px", l(lang, "shelter")));
    out.push_str(&sw(
        [40, 40, 40],
        "border-radius:6px",
        l(lang, "command post"),
    ));
    out.push_str(&sw([230, 0, 200], "", l(lang, "unit")));
    out.push_str(&sw([60, 45, 30], "height:3px", l(lang, "road")));
    out.push_str(&sw([200, 0, 0], "height:3px", l(lang, "road closed")));
    out.push_str("</p>");
    out
}
