//! A CJK font for egui, whose built-in fonts have no Chinese glyphs. The first font
//! found is added as a fallback after egui's own fonts, so Latin text keeps its look
//! and Chinese names, injects and the Chinese interface render instead of boxes.
//! Without a system font the build's own subset of WenQuanYi Micro Hei (GB 2312,
//! `assets/fonts/`, Apache-2.0) is used, so Chinese never shows as boxes.

use std::sync::Arc;

use bevy_egui::egui;

/// Where Debian and other systems keep CJK fonts, with the face index inside a `.ttc`.
/// `DRILLSIM_CJK_FONT` (a path, optionally `path#index`) comes first.
const CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    // Noto Sans CJK collections hold JP, KR, SC, TC, HK: face 2 is Simplified Chinese
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
];

/// The font file to use: the environment override, then the first candidate present.
pub fn find() -> Option<(std::path::PathBuf, u32)> {
    if let Ok(v) = std::env::var("DRILLSIM_CJK_FONT") {
        let (path, index) = match v.rsplit_once('#') {
            Some((p, i)) => (p.to_string(), i.parse().unwrap_or(0)),
            None => (v, 0),
        };
        return Some((path.into(), index));
    }
    CANDIDATES
        .iter()
        .map(|(p, i)| (std::path::PathBuf::from(p), *i))
        .find(|(p, _)| p.is_file())
}

/// The Chinese font built into the binary: WenQuanYi Micro Hei subset to GB 2312
/// and the characters drillsim uses (see `assets/README.md`).
pub const EMBEDDED_CJK: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei-gb2312.ttf");

/// Add the CJK font to egui's proportional and monospace families: a system font
/// when there is one (full coverage), else the embedded subset.
pub fn install(ctx: &egui::Context) {
    let system = find().and_then(|(path, index)| match std::fs::read(&path) {
        Ok(bytes) => Some((bytes, index)),
        Err(e) => {
            eprintln!(
                "warning: cannot read CJK font {} ({e}); using the built-in one",
                path.display()
            );
            None
        }
    });
    let (bytes, index) = system.unwrap_or_else(|| (EMBEDDED_CJK.to_vec(), 0));
    let mut data = egui::FontData::from_owned(bytes);
    data.index = index;
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("cjk".into(), Arc::new(data));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("cjk".into());
    }
    ctx.set_fonts(fonts);
}
