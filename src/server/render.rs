//! The map's rasters for the web client, one pixel per grid cell (the browser scales
//! them without smoothing): the terrain (hillshade, once per exercise) and the hazard
//! as reported to a client (transparent where there is none or where the client is
//! not told of it). Colours are the after-action report's (`report::map`).

use crate::scenario::Scenario;
use crate::sim::Engine;
use crate::sim::hazards::HazardState;

fn encode(w: u32, h: u32, colour: png::ColorType, px: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w.max(1), h.max(1));
        enc.set_color(colour);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        // writing a well-sized buffer to a Vec cannot fail
        if let Ok(mut wr) = enc.write_header() {
            let _ = wr.write_image_data(px);
        }
    }
    out
}

/// The terrain as a grey hillshade PNG, `width × height` pixels.
pub fn terrain_png(s: &Scenario) -> Vec<u8> {
    let shade = crate::report::map::hillshade(s);
    encode(
        s.grid.width,
        s.grid.height,
        png::ColorType::Grayscale,
        &shade,
    )
}

/// The hazard now as an RGBA PNG, `width × height` pixels; cells where `mask` is
/// false are left transparent.
pub fn hazard_png(s: &Scenario, e: &Engine, mask: Option<&[bool]>) -> Vec<u8> {
    let c = e.clock();
    let t = (c.tick.saturating_sub(1) * c.tick_s) as f64;
    let hz = e.world().resource::<HazardState>();
    let n = s.grid.len();
    let mut px = vec![0u8; n * 4];
    for cell in 0..n {
        if mask.is_some_and(|m| !m.get(cell).copied().unwrap_or(false)) {
            continue;
        }
        if let Some((rgb, a)) = crate::report::map::hazard_colour(hz, cell, t) {
            px[cell * 4..cell * 4 + 3].copy_from_slice(&rgb);
            px[cell * 4 + 3] = (a.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
    encode(s.grid.width, s.grid.height, png::ColorType::Rgba, &px)
}
