//! The GUI under a virtual display: screenshots of bundled scenarios in play and view
//! mode, checked pixel by pixel against where the app says it drew things (a sidecar
//! JSON written beside each screenshot). Needs `--features gui` and either a display or
//! `xvfb-run` (tools/setup.sh installs Xvfb, Mesa's software renderer and a CJK font).
//! Every file a test or the binary writes goes into the test's own temporary directory,
//! and the binary runs there: a default output path (a live exercise's recording is
//! `<scenario>-<unix time>.drec` in the working directory) never lands in the tree.
#![cfg(feature = "gui")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Run the binary with a display: the current one, or a fresh Xvfb.
/// `program` on the display in `DISPLAY`, or under `xvfb-run` when there is none.
fn on_display(program: &str) -> Command {
    if std::env::var_os("DISPLAY").is_some() {
        return Command::new(program);
    }
    let ok = Command::new("sh")
        .args(["-c", "command -v xvfb-run"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "no DISPLAY and no xvfb-run: run tools/setup.sh (installs xvfb and Mesa)"
    );
    let mut c = Command::new("xvfb-run");
    c.args(["-a", "-s", "-screen 0 1280x720x24", program]);
    c
}

/// A file of the repository, as an absolute path (the binary runs in a scratch
/// directory).
fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// One test's temporary directory: the files it writes, and the binary's working
/// directory. Removed when the test passes; kept (and its path printed) when it fails,
/// to look at the screenshots.
struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    fn new() -> Scratch {
        Scratch(Some(
            tempfile::Builder::new()
                .prefix("drillsim-gui-")
                .tempdir()
                .expect("temporary directory"),
        ))
    }

    fn dir(&self) -> &Path {
        self.0.as_ref().expect("present until dropped").path()
    }

    /// A file in the directory.
    fn file(&self, name: &str) -> PathBuf {
        self.dir().join(name)
    }

    /// `program` on a display, in the directory.
    fn on_display(&self, program: &str) -> Command {
        let mut c = on_display(program);
        c.current_dir(self.dir());
        c
    }

    /// drillsim with a window: exit code and stderr.
    fn drillsim_gui(&self, args: &[&str]) -> (i32, String) {
        let out = self
            .on_display(env!("CARGO_BIN_EXE_drillsim"))
            .args(args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code().unwrap_or(-1), err)
    }

    /// drillsim without a window: exit code and stdout followed by stderr.
    fn drillsim(&self, args: &[&str]) -> (i32, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_drillsim"))
            .current_dir(self.dir())
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(d) = self.0.take()
        {
            eprintln!("the test's files are kept in {}", d.keep().display());
        }
    }
}

struct Shot {
    w: u32,
    h: u32,
    rgb: Vec<u8>,
    side: Value,
}

impl Shot {
    fn load(png_path: &Path) -> Shot {
        let dec = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(png_path).expect("screenshot written"),
        ));
        let mut rd = dec.read_info().expect("png");
        let mut buf = vec![0; rd.output_buffer_size()];
        let info = rd.next_frame(&mut buf).expect("frame");
        let ch = info.color_type.samples();
        let rgb = buf[..info.buffer_size()]
            .chunks(ch)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let side: Value = serde_json::from_str(
            &std::fs::read_to_string(png_path.with_extension("json")).expect("sidecar"),
        )
        .expect("sidecar json");
        Shot {
            w: info.width,
            h: info.height,
            rgb,
            side,
        }
    }

    fn ppp(&self) -> f32 {
        self.side["pixels_per_point"].as_f64().unwrap_or(1.0) as f32
    }

    fn px(&self, x: f32, y: f32) -> [u8; 3] {
        let k = self.ppp();
        let (x, y) = (
            ((x * k) as u32).min(self.w - 1),
            ((y * k) as u32).min(self.h - 1),
        );
        let i = ((y * self.w + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    fn rect(v: &Value) -> [f32; 4] {
        let a: Vec<f32> = v
            .as_array()
            .expect("rect")
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect();
        [a[0], a[1], a[2], a[3]]
    }

    /// Distinct colours and the share of pixels far from the region's mean.
    fn variety(&self, r: [f32; 4]) -> (usize, f64) {
        let mut colours = std::collections::BTreeSet::new();
        let mut px = Vec::new();
        let mut y = r[1] + 1.0;
        while y < r[3] - 1.0 {
            let mut x = r[0] + 1.0;
            while x < r[2] - 1.0 {
                let p = self.px(x, y);
                colours.insert(p);
                px.push(p);
                x += 1.0;
            }
            y += 1.0;
        }
        let n = px.len().max(1) as f64;
        let mean: Vec<f64> = (0..3)
            .map(|c| px.iter().map(|p| p[c] as f64).sum::<f64>() / n)
            .collect();
        let far = px
            .iter()
            .filter(|p| (0..3).map(|c| (p[c] as f64 - mean[c]).abs()).sum::<f64>() > 60.0)
            .count();
        (colours.len(), far as f64 / n)
    }

    /// Share of hazard sample points whose pixel shows the hazard's hue: where the
    /// hazard colour is clearly red/orange/yellow (red well above blue) the pixel's red
    /// must exceed its blue, and where it is clearly blue the pixel's blue must exceed
    /// its red. Terrain (greys and greens) passes neither test on its own in the way
    /// these colours do, and blending (done by the GPU in linear light) keeps the order.
    fn hazard_match(&self) -> (usize, f64) {
        let pts = self.side["hazard_points"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let ok = pts
            .iter()
            .filter(|p| {
                let xy = p[0].as_array().unwrap();
                let c: Vec<f64> = p[1]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect();
                let px = self.px(
                    xy[0].as_f64().unwrap() as f32,
                    xy[1].as_f64().unwrap() as f32,
                );
                let (r, b) = (px[0] as f64, px[2] as f64);
                if c[0] - c[2] > 100.0 {
                    r > b + 25.0
                } else if c[2] - c[0] > 100.0 {
                    b > r + 15.0
                } else {
                    true
                }
            })
            .count();
        (pts.len(), ok as f64 / pts.len().max(1) as f64)
    }

    /// Most ink/paper transitions along one row of a text rectangle: a row through
    /// missing-glyph boxes crosses ink twice per box; Chinese glyphs cross many strokes.
    fn max_row_transitions(&self, r: [f32; 4]) -> usize {
        let k = self.ppp();
        let (x0, x1) = ((r[0] * k) as u32, ((r[2] * k) as u32).min(self.w - 1));
        let (y0, y1) = ((r[1] * k) as u32, ((r[3] * k) as u32).min(self.h - 1));
        let lum = |x: u32, y: u32| {
            let i = ((y * self.w + x) * 3) as usize;
            (self.rgb[i] as u32 + self.rgb[i + 1] as u32 + self.rgb[i + 2] as u32) / 3
        };
        let bg = lum(x0, y0);
        (y0..=y1)
            .map(|y| {
                let ink: Vec<bool> = (x0..=x1).map(|x| lum(x, y).abs_diff(bg) > 60).collect();
                ink.windows(2).filter(|w| w[0] != w[1]).count()
            })
            .max()
            .unwrap_or(0)
    }
}

fn check_panels(s: &Shot) {
    for p in s.side["panels"].as_array().expect("panels") {
        let name = p[0].as_str().unwrap();
        let (colours, far) = s.variety(Shot::rect(&p[1]));
        assert!(
            colours > 20 && far > 0.01,
            "panel {name} looks blank: {colours} colours, {far:.3} of pixels differ"
        );
    }
}

#[test]
fn play_fire_draws_map_hazard_and_panels() {
    let tmp = Scratch::new();
    let png = tmp.file("fire.png");
    let rec = tmp.file("fire.drec");
    let (code, err) = tmp.drillsim_gui(&[
        "play",
        &repo("scenarios/forest_fire/hills.ron"),
        "--seat",
        "fcp",
        "--at",
        "01:30:00",
        "--show",
        "organisation",
        "--record",
        rec.to_str().unwrap(),
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = Shot::load(&png);
    // the organisation chart's names: none over another, none outside its panel
    let right = s.side["panels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "right")
        .map(|p| Shot::rect(&p[1]))
        .expect("right panel");
    check_drawn(&s, "organisation", right, 8);
    assert!(s.w >= 1000 && s.h >= 600, "{}×{}", s.w, s.h);
    assert_eq!(s.side["t_s"].as_u64(), Some(5400));
    let (n, share) = s.hazard_match();
    assert!(n >= 20, "only {n} hazard cells on screen at 01:30:00");
    assert!(
        share > 0.7,
        "hazard colours found at {share:.2} of its cells"
    );
    // terrain shows: the map has many colours
    let (colours, _) = s.variety(Shot::rect(&s.side["map"]));
    assert!(colours > 500, "map looks flat: {colours} colours");
    check_panels(&s);
    // the live session was recorded up to where the window closed, and everything
    // recorded reproduces; the exercise did not reach its end, so `--verify` says
    // the recording is incomplete (exit 1) and names how far it verifies
    let (code, out) = tmp.drillsim(&["replay", rec.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1, "{out}");
    let checks = out
        .lines()
        .find(|l| l.contains("checksums match"))
        .unwrap_or_else(|| panic!("no checksum line: {out}"));
    let counts: Vec<&str> = checks.split(": ").nth(1).unwrap_or("").split(' ').collect();
    assert!(
        counts.len() > 2 && counts[0] == counts[2] && counts[0] != "0",
        "not every checksum matched: {out}"
    );
    assert!(out.contains("INCOMPLETE"), "{out}");
    assert!(
        out.contains("verifies up to 01:30:00"),
        "the recording should reach the screenshot time: {out}"
    );
    assert!(
        !out.contains("DIVERGED") && !out.contains("DAMAGED"),
        "{out}"
    );
}

/// The objective with `id` as the sidecar says the objectives panel drew it.
fn objective<'a>(s: &'a Shot, id: &str) -> &'a Value {
    s.side["objectives"]
        .as_array()
        .expect("objectives in the sidecar")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("objective {id} not drawn: {}", s.side["objectives"]))
}

/// Whether the status text of an objective is drawn in a colour near `rgb` (the
/// text's own pixels, not the panel behind it).
fn status_has_colour(s: &Shot, o: &Value, rgb: [u8; 3]) -> bool {
    let r = Shot::rect(&o["rect"]);
    let mut y = r[1];
    while y < r[3] {
        let mut x = r[0];
        while x < r[2] {
            let p = s.px(x, y);
            if (0..3).all(|c| p[c].abs_diff(rgb[c]) < 40) {
                return true;
            }
            x += 0.5;
        }
        y += 0.5;
    }
    false
}

/// The flood with the district HQ played by people who do nothing: nothing is Met at
/// 00:00:00; its objective O4
/// (response level III within 20 minutes of the red rainstorm warning I01, delivered
/// at 00:00:00) is Pending with the time left at 00:10:00 and Failed, drawn in red, at
/// 00:30:00 — the panel used to say "Pending" until the end, because the deadline
/// runs from an inject. What the panel draws is what `scoring::live` says. The
/// session runs on the scenario's own seed (`meta.seed: 42`), not 1.
#[test]
fn play_objective_turns_failed_on_screen_and_play_uses_the_scenarios_seed() {
    let tmp = Scratch::new();
    let scenario = repo("scenarios/flood/riverside.ron");
    let mut shots = Vec::new();
    for at in ["00:00:00", "00:10:00", "00:30:00"] {
        let png = tmp.file(&format!("objectives-{}.png", &at[..5].replace(':', "")));
        let rec = tmp.file(&format!("objectives-{}.drec", &at[..5].replace(':', "")));
        let (code, err) = tmp.drillsim_gui(&[
            "play",
            &scenario,
            "--seat",
            "district_hq",
            "--at",
            at,
            "--record",
            rec.to_str().unwrap(),
            "--screenshot",
            png.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let r = drillsim::record::read(&rec).expect("recording reads");
        assert_eq!(r.header.seed, 42, "play ignored meta.seed");
        shots.push(Shot::load(&png));
    }
    // nothing is Met at the start
    let start = shots.remove(0);
    for o in start.side["objectives"]
        .as_array()
        .expect("objectives drawn")
    {
        let st = o["status"].as_str().unwrap();
        assert!(!st.starts_with("Met"), "{} Met at 00:00:00", o["id"]);
    }
    let before = objective(&shots[0], "O4");
    let st = before["status"].as_str().unwrap();
    assert!(
        st.starts_with("Pending (00:10:00") || st.starts_with("Pending (00:09:"),
        "O4 at 00:10:00: {st}"
    );
    assert!(
        status_has_colour(&shots[0], before, [250, 200, 0]),
        "Pending not drawn in yellow"
    );
    let after = objective(&shots[1], "O4");
    assert_eq!(after["status"], "Failed", "O4 at 00:30:00");
    assert!(
        status_has_colour(&shots[1], after, [255, 110, 90]),
        "Failed not drawn in red"
    );
    // every status drawn is the library's
    let s = drillsim::scenario::open(Path::new(&scenario)).unwrap();
    let inputs = vec![drillsim::order::Input {
        at: drillsim::time::Dur(0),
        seat: drillsim::order::FACILITATOR.into(),
        order: drillsim::order::Order::SetSeatMode {
            seat: "district_hq".into(),
            human: true,
        },
    }];
    let mut e = drillsim::sim::Engine::new(s.clone(), 42, inputs).unwrap();
    e.run_through(1800 / s.meta.tick_s);
    for l in drillsim::scoring::live::live(&s, &e) {
        let drawn = objective(&shots[1], &l.id)["status"]
            .as_str()
            .unwrap()
            .to_string();
        let want = match l.status {
            drillsim::scoring::live::LiveStatus::Met => "Met",
            drillsim::scoring::live::LiveStatus::Failed => "Failed",
            drillsim::scoring::live::LiveStatus::Pending { .. } => "Pending",
        };
        assert!(
            drawn.starts_with(want),
            "{}: drawn {drawn}, live says {want}",
            l.id
        );
        // a certain rating is drawn beside the status, with its points
        if let (Some(r), Some(p)) = (l.rating, l.points) {
            assert!(
                drawn.ends_with(&format!("— {r:?} ({p:.1} points)")),
                "{}: drawn {drawn}, rated {r:?}",
                l.id
            );
        }
    }
}

#[test]
fn play_flood_in_chinese_renders_chinese_glyphs() {
    let tmp = Scratch::new();
    let png = tmp.file("flood_zh.png");
    let (code, err) = tmp.drillsim_gui(&[
        "play",
        &repo("scenarios/flood/riverside.ron"),
        "--lang",
        "zh",
        "--at",
        "03:00:00",
        "--record",
        tmp.file("flood.drec").to_str().unwrap(),
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = Shot::load(&png);
    assert_eq!(
        s.side["cjk_glyphs"].as_bool(),
        Some(true),
        "no CJK font: {err}"
    );
    let heading = &s.side["heading"];
    assert_eq!(heading[0].as_str(), Some("实时演练"));
    let tr = s.max_row_transitions(Shot::rect(&heading[1]));
    // four boxes would cross ink at most 8 times in a row
    assert!(
        tr > 10,
        "the Chinese heading looks like boxes ({tr} transitions)"
    );
    let (n, share) = s.hazard_match();
    assert!(n >= 20 && share > 0.7, "flood: {n} cells, {share:.2} match");
    check_panels(&s);
    // the objectives themselves are in Chinese, not only the frame: titles, statuses
    let objectives = s.side["objectives"].as_array().expect("objectives drawn");
    assert!(!objectives.is_empty());
    let cjk = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for o in objectives {
        for field in ["title", "status"] {
            let text = o[field].as_str().unwrap_or_default();
            assert!(cjk(text), "{} {field} not in Chinese: {text}", o["id"]);
        }
    }
    // the wind on the map, in Chinese
    let wind = s.side["wind"].as_str().unwrap_or_default();
    assert!(cjk(wind) && wind.contains("m/s"), "wind: {wind}");
}

#[test]
fn view_leak_recording_at_a_moment() {
    let tmp = Scratch::new();
    let rec = tmp.file("leak.drec");
    let (code, out) = tmp.drillsim(&[
        "run",
        &repo("scenarios/chemical_leak/park.ron"),
        "--orders",
        &repo("scenarios/chemical_leak/orders_prompt.ron"),
        "--record",
        rec.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    let png = tmp.file("leak_view.png");
    let (code, err) = tmp.drillsim_gui(&[
        "view",
        rec.to_str().unwrap(),
        "--at",
        "00:40:00",
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = Shot::load(&png);
    assert_eq!(s.side["t_s"].as_u64(), Some(2400));
    assert_eq!(s.side["heading"][0].as_str(), Some("REPLAY"));
    let (n, share) = s.hazard_match();
    assert!(n >= 20 && share > 0.7, "leak: {n} cells, {share:.2} match");
    check_panels(&s);
    // a replay offers no live-only tab, and refuses to open one
    let tabs: Vec<&str> = s.side["tabs"]
        .as_array()
        .expect("tabs")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        !tabs.contains(&"orders") && !tabs.contains(&"facilitator") && tabs.contains(&"inbox"),
        "{tabs:?}"
    );
    let (code, err) = tmp.drillsim_gui(&[
        "view",
        rec.to_str().unwrap(),
        "--show",
        "orders",
        "--screenshot",
        tmp.file("never.png").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no orders tab"), "{err}");
    assert!(!tmp.file("never.png").exists());
    // in Chinese the timeline's row labels and times stay apart and inside the window
    // (rows of 9 points ran the Chinese labels into each other, and a 64-point panel
    // cut the times off)
    let png = tmp.file("leak_view_zh.png");
    let (code, err) = tmp.drillsim_gui(&[
        "view",
        rec.to_str().unwrap(),
        "--at",
        "00:40:00",
        "--lang",
        "zh",
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = Shot::load(&png);
    let w = s.side["window"].as_array().unwrap();
    let window = [
        0.0,
        0.0,
        w[0].as_f64().unwrap() as f32,
        w[1].as_f64().unwrap() as f32,
    ];
    check_drawn(&s, "timeline", window, 6);
}

/// The words drawn in `place` (`organisation` or `timeline`): at least `least` of
/// them, each inside `within` and clear of every other.
fn check_drawn(s: &Shot, place: &str, within: [f32; 4], least: usize) {
    let drawn: Vec<(&str, [f32; 4])> = s.side["drawn"]
        .as_array()
        .expect("drawn words")
        .iter()
        .filter(|d| d[0] == place)
        .map(|d| (d[1].as_str().unwrap(), Shot::rect(&d[2])))
        .collect();
    assert!(drawn.len() >= least, "{place}: only {drawn:?}");
    for (i, (t, r)) in drawn.iter().enumerate() {
        assert!(
            r[0] >= within[0] - 0.5
                && r[1] >= within[1] - 0.5
                && r[2] <= within[2] + 0.5
                && r[3] <= within[3] + 0.5,
            "{place}: '{t}' {r:?} leaves {within:?}"
        );
        for (u, q) in &drawn[i + 1..] {
            assert!(!overlap(*r, *q), "{place}: '{t}' and '{u}' overlap");
        }
    }
}

/// Whether two rectangles [x0, y0, x1, y1] overlap (touching edges do not).
fn overlap(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5
}

/// The flood at 02:00:00 with the legend open, and again with the event log open: the
/// map takes at least half the window and keeps its size (so its scale) when the tab
/// changes; place labels lie inside the map and overlap neither each other nor a
/// panel; the legend names every place status, unit status, closed roads, gauges and
/// posts and the land cover the map is tinted with (built-up land in a neutral grey),
/// gives no two rows the same colour, and draws each swatch in its colour; the map
/// states the wind.
#[test]
fn play_map_legend_and_labels() {
    let tmp = Scratch::new();
    let scenario = repo("scenarios/flood/riverside.ron");
    let mut shots = Vec::new();
    for tab in ["legend", "events"] {
        let png = tmp.file(&format!("map-{tab}.png"));
        let (code, err) = tmp.drillsim_gui(&[
            "play",
            &scenario,
            "--at",
            "02:00:00",
            "--show",
            tab,
            "--record",
            tmp.file(&format!("map-{tab}.drec")).to_str().unwrap(),
            "--screenshot",
            png.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        shots.push(Shot::load(&png));
    }
    let (s, other) = (&shots[0], &shots[1]);
    let map = Shot::rect(&s.side["map"]);
    let window = s.side["window"][0].as_f64().unwrap() as f32;
    assert!(
        map[2] - map[0] >= window / 2.0,
        "the map is {} of {window} points wide",
        map[2] - map[0]
    );
    assert_eq!(
        s.side["map"], other.side["map"],
        "the map moved or changed scale with the tab"
    );
    check_panels(s);
    // labels
    let labels = s.side["labels"].as_array().expect("labels");
    assert!(labels.len() >= 3, "only {} labels", labels.len());
    // the shelter people are sent to is named on the map (it was left unlabelled), and
    // a bilingual name is said once, in the interface language
    let texts: Vec<&str> = labels.iter().map(|l| l[0].as_str().unwrap()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("No. 2 Middle School shelter")),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("东湾村")),
        "English labels say the English name: {texts:?}"
    );
    let panels: Vec<[f32; 4]> = s.side["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Shot::rect(&p[1]))
        .collect();
    for (i, l) in labels.iter().enumerate() {
        let r = Shot::rect(&l[1]);
        assert!(
            r[0] >= map[0] && r[1] >= map[1] && r[2] <= map[2] && r[3] <= map[3],
            "label {} leaves the map",
            l[0]
        );
        for p in &panels {
            assert!(!overlap(r, *p), "label {} runs under a panel", l[0]);
        }
        for m in &labels[i + 1..] {
            assert!(
                !overlap(r, Shot::rect(&m[1])),
                "labels {} and {} overlap",
                l[0],
                m[0]
            );
        }
    }
    // the legend
    let rows = s.side["legend"].as_array().expect("legend drawn");
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    for want in [
        "Place: not warned",
        "Place: warned",
        "Place: sheltering in place",
        "Place: evacuating",
        "Place: evacuated",
        "Place: reached by the hazard",
        "River gauge",
        "Command post",
        "Unit: available",
        "Unit: en route",
        "Unit: on scene",
        "Unit: returning",
        "Unit: cut off",
        "Road open",
        "Road closed",
        "Flood: water depth",
        "B rescue boat team",
        "Land: water",
        "Land: built-up",
        "Land: grass, crops",
    ] {
        assert!(
            texts.iter().any(|t| t.starts_with(want)),
            "the legend lacks `{want}`: {texts:?}"
        );
    }
    assert!(
        !texts
            .iter()
            .any(|t| t.starts_with("Fire") || t.starts_with("Leak")),
        "the flood's legend lists hazards it does not have: {texts:?}"
    );
    let coloured: Vec<(&str, [u8; 3])> = rows
        .iter()
        .filter_map(|r| {
            let c = r["colour"].as_array()?;
            let c: Vec<u8> = c.iter().map(|v| v.as_u64().unwrap() as u8).collect();
            Some((r["text"].as_str().unwrap(), [c[0], c[1], c[2]]))
        })
        .collect();
    // built-up land is a neutral grey (it was a pinkish brown that read as a halo
    // around every village)
    let (_, built) = coloured
        .iter()
        .find(|(t, _)| t.starts_with("Land: built-up"))
        .expect("built-up land has a colour");
    assert!(
        built.iter().max().unwrap() - built.iter().min().unwrap() <= 8,
        "built-up land is tinted {built:?}"
    );
    for (i, (a, ca)) in coloured.iter().enumerate() {
        for (b, cb) in &coloured[i + 1..] {
            let d: u32 = (0..3).map(|k| ca[k].abs_diff(cb[k]) as u32).sum();
            assert!(d > 60, "`{a}` and `{b}` share a colour: {ca:?} / {cb:?}");
        }
    }
    // each colour drawn where the legend says (rows scrolled out of sight aside)
    let right = panels[1];
    let mut seen = 0;
    for r in rows {
        let Some(c) = r["colour"].as_array() else {
            continue;
        };
        let c: Vec<u8> = c.iter().map(|v| v.as_u64().unwrap() as u8).collect();
        let at = r["at"].as_array().unwrap();
        let (x, y) = (
            at[0].as_f64().unwrap() as f32,
            at[1].as_f64().unwrap() as f32,
        );
        if y > right[3] - 4.0 {
            continue;
        }
        seen += 1;
        let px = s.px(x, y);
        assert!(
            (0..3).all(|k| px[k].abs_diff(c[k]) < 40),
            "legend row {} drawn {px:?}, says {c:?}",
            r["text"]
        );
    }
    assert!(seen >= 12, "only {seen} legend colours in sight");
    let wind = s.side["wind"].as_str().unwrap_or_default();
    assert!(
        wind.starts_with("Wind ") && wind.contains("m/s"),
        "wind: {wind}"
    );
}

/// A recording written by `drillsim serve` — a networked exercise played to its end
/// by WebSocket clients (the facilitator and the district seat) — verifies, `score`
/// and `report` accept it, and the GUI viewer opens it at a moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn view_a_recording_written_by_serve() {
    use serde_json::json;
    let tmp = Scratch::new();
    let rec = tmp.file("served.drec");
    let srv = common::Server::start(&[
        &repo("tests/fixtures/serve.ron"),
        "--record",
        rec.to_str().unwrap(),
        "--code-grace",
        "0s",
    ]);
    let mut fac = common::join(&srv.addr, &srv.code("facilitator"))
        .await
        .unwrap();
    let mut hq = common::join(&srv.addr, &srv.code("seat district_hq"))
        .await
        .unwrap();
    for order in [
        json!({"t": "ack", "item": "I01"}),
        json!({"t": "order", "order": {"SetLevel": {"level": "III"}}}),
        json!({"t": "order", "order": {"Dispatch": {"unit": "eng_1", "to": "dongwan", "task": "Sandbag"}}}),
    ] {
        let a = hq.request(order).await;
        assert_eq!(a["ok"], true, "{a}");
    }
    let a = fac.request(json!({"t": "msel", "inject": "I03"})).await;
    assert_eq!(a["ok"], true, "{a}");
    let a = fac
        .request(json!({"t": "control", "speed": 60, "run": true}))
        .await;
    assert_eq!(a["ok"], true, "{a}");
    fac.until(120, |v| v["clock"]["finished"] == true).await;
    drop((fac, hq));
    srv.stop();
    common::verifies(&rec);
    let r = rec.to_str().unwrap();
    let (code, out) = tmp.drillsim(&["score", r]);
    assert_eq!(code, 0, "{out}");
    let html = tmp.file("served.html");
    let (code, out) = tmp.drillsim(&["report", r, "-o", html.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let png = tmp.file("served_view.png");
    let (code, err) = tmp.drillsim_gui(&[
        "view",
        r,
        "--at",
        "00:10:00",
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = Shot::load(&png);
    assert_eq!(s.side["t_s"].as_u64(), Some(600));
    assert_eq!(s.side["heading"][0].as_str(), Some("REPLAY"));
    check_panels(&s);
}

#[test]
fn bad_input_is_refused_before_a_window_opens() {
    let tmp = Scratch::new();
    let (code, err) = tmp.drillsim_gui(&[
        "play",
        &repo("scenarios/flood/riverside.ron"),
        "--seat",
        "nobody",
        "--screenshot",
        tmp.file("never.png").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown seat `nobody`"), "{err}");
    let (code, err) = tmp.drillsim_gui(&["view", "/nonexistent.drec"]);
    assert_ne!(code, 0);
    assert!(err.contains("nonexistent"), "{err}");
}

#[test]
fn an_official_live_session_plays_the_team_seats_and_stays_unsigned_until_the_end() {
    let tmp = Scratch::new();
    let round = &repo("scenarios/flood/round.ron");
    let key = tmp.file("round.key");
    let (code, out) = tmp.drillsim(&["compete", round, "--new-key", key.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let rec = tmp.file("live.drec");
    let png = tmp.file("live.png");
    // a team the round does not have: refused before any window opens
    let (code, out) = tmp.drillsim(&[
        "compete",
        round,
        "--live",
        "nobody",
        "--key",
        key.to_str().unwrap(),
        "-o",
        rec.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no team `nobody`"), "{out}");
    assert!(!rec.exists());

    let (code, err) = tmp.drillsim_gui(&[
        "compete",
        round,
        "--live",
        "beiqiao",
        "--key",
        key.to_str().unwrap(),
        "-o",
        rec.to_str().unwrap(),
        "--lang",
        "zh",
        "--screenshot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("at most ×4"), "{err}");
    assert!(err.contains("is not signed"), "{err}");
    let s = Shot::load(&png);
    assert_eq!(
        s.side["official"].as_str(),
        Some("riverside-cup-1 · beiqiao")
    );
    // the team's four seats, and neither the facilitator nor the plan's seats
    let seats: Vec<&str> = s.side["seat_choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(seats, ["district_hq", "town_s", "v_dongwan", "v_hedong"]);
    assert_eq!(s.side["cjk_glyphs"].as_bool(), Some(true));
    check_panels(&s);
    // the recording names the session; stopped at its start, a judge refuses it
    let (code, out) = tmp.drillsim(&[
        "compete",
        round,
        "--judge",
        rec.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("live session of team `beiqiao` stopped"),
        "{out}"
    );
}

/// The whole path of a team in a live round: the window opens, Space starts the clock
/// (held to the round's ×600), the exercise runs to its end, the recording is signed,
/// Ctrl+Q closes the window, and the judge accepts the recording.
#[test]
fn an_official_live_session_played_to_the_end_is_signed_and_the_judge_accepts_it() {
    let tmp = Scratch::new();
    let ok = Command::new("sh")
        .args(["-c", "command -v xdotool"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "no xdotool: run tools/setup.sh (installs it)");
    let round = &repo("tests/fixtures/round_live.ron");
    let key = tmp.file("live-round.key");
    let rec = tmp.file("live-full.drec");
    let err = tmp.file("live-full.err");
    let bin = env!("CARGO_BIN_EXE_drillsim");
    let (code, out) = tmp.drillsim(&["compete", round, "--new-key", key.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");

    let script: [&str; 7] = [
        &repo("tests/live_session.sh"),
        bin,
        round,
        "red",
        key.to_str().unwrap(),
        rec.to_str().unwrap(),
        err.to_str().unwrap(),
    ];
    let started = std::time::Instant::now();
    let out = tmp.on_display("sh").args(script).output().expect("runs");
    let session_err = std::fs::read_to_string(&err).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}\n{session_err}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        session_err.contains("the recording is signed"),
        "{session_err}"
    );
    assert!(!session_err.contains("is not signed"), "{session_err}");
    // 6 h of exercise at no more than ×600 (plus the judge's 30 s of slack)
    assert!(started.elapsed().as_secs_f64() >= 6.0 * 3600.0 / 600.0 - 30.0);

    let (code, out) = tmp.drillsim(&[
        "compete",
        round,
        "--judge",
        rec.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("refused"), "{out}");
    assert!(out.contains("Red team"), "{out}");
    let (code, out) = tmp.drillsim(&["replay", rec.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("end of exercise"), "{out}");
}
