//! The web client, embedded in the binary at build time from `assets/web/` (plain
//! HTML, CSS and JavaScript, no build step) with the vendored Leaflet
//! (`assets/web/vendor/leaflet/`, BSD-2-Clause, its `LICENSE` beside it) and the CJK
//! fallback font of `assets/fonts/`.

/// One embedded file: (URL path, content type, bytes).
pub type Asset = (&'static str, &'static str, &'static [u8]);

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const PNG: &str = "image/png";

/// Every file the client needs, by URL path.
pub const ASSETS: &[Asset] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/index.html"),
    ),
    ("/app.js", JS, include_bytes!("../../assets/web/app.js")),
    ("/i18n.js", JS, include_bytes!("../../assets/web/i18n.js")),
    ("/map.js", JS, include_bytes!("../../assets/web/map.js")),
    (
        "/style.css",
        CSS,
        include_bytes!("../../assets/web/style.css"),
    ),
    (
        "/vendor/leaflet/leaflet.js",
        JS,
        include_bytes!("../../assets/web/vendor/leaflet/leaflet.js"),
    ),
    (
        "/vendor/leaflet/leaflet.css",
        CSS,
        include_bytes!("../../assets/web/vendor/leaflet/leaflet.css"),
    ),
    (
        "/vendor/leaflet/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/web/vendor/leaflet/LICENSE"),
    ),
    (
        "/vendor/leaflet/images/layers.png",
        PNG,
        include_bytes!("../../assets/web/vendor/leaflet/images/layers.png"),
    ),
    (
        "/vendor/leaflet/images/layers-2x.png",
        PNG,
        include_bytes!("../../assets/web/vendor/leaflet/images/layers-2x.png"),
    ),
    (
        "/vendor/leaflet/images/marker-icon.png",
        PNG,
        include_bytes!("../../assets/web/vendor/leaflet/images/marker-icon.png"),
    ),
    (
        "/vendor/leaflet/images/marker-icon-2x.png",
        PNG,
        include_bytes!("../../assets/web/vendor/leaflet/images/marker-icon-2x.png"),
    ),
    (
        "/vendor/leaflet/images/marker-shadow.png",
        PNG,
        include_bytes!("../../assets/web/vendor/leaflet/images/marker-shadow.png"),
    ),
    (
        "/favicon.png",
        PNG,
        include_bytes!("../../assets/icons/drillsim-32.png"),
    ),
    (
        "/fonts/cjk.ttf",
        "font/ttf",
        include_bytes!("../../assets/fonts/wqy-microhei-gb2312.ttf"),
    ),
];

/// The embedded file at `path`.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.0 == path)
}
