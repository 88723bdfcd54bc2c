//! The report as people print and pass it on: the two-team comparison in headless Chromium, English and Chinese, and a recording moved to another directory.

use super::*;

/// Pages of a PDF written by Chromium: its page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// Where the rendered report pages are kept for people to look at:
/// `target/report-render/` (outside the source tree).
fn render_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-render");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Headless Chromium, or a panic saying how to get it.
fn chromium() -> &'static str {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("headless Chromium is needed: run tools/setup.sh")
}

/// Headless Chromium on the page at `html` with its own profile under `profile` and
/// the `extra` arguments (a screenshot, a print): what it printed and the seconds it
/// took.
fn headless(html: &Path, profile: &Path, extra: &[&str]) -> (std::process::Output, f64) {
    let t0 = std::time::Instant::now();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(extra)
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    (out, t0.elapsed().as_secs_f64())
}

/// The page at `html` printed to A4 by headless Chromium into `pdf` (with its own
/// profile under `profile`): the number of pages and the seconds it took.
fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) -> (usize, f64) {
    let _ = std::fs::remove_file(pdf);
    let (out, secs) = headless(
        html,
        profile,
        &[&format!("--print-to-pdf={}", pdf.display())],
    );
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (pdf_pages(&std::fs::read(pdf).unwrap()), secs)
}

/// The bundled exercises as trainers run them: the prompt and slow teams, whole
/// recordings, compared with the plan baseline, print on at most 7 A4 pages in
/// English and in Chinese (the issue asks for under 8). Riverside printed on 10 until
/// 2026-12-01, the inject table and the findings taking most of the difference; the
/// hills fire on 8 until its timeline legend could end a page and the tables' columns
/// were fitted to their words; the cascade — the largest, with 17 injects, 9
/// objectives and 13 areas for improvement — on 8 in English until the maps' key
/// could end a page above them and the inject and improvement-plan tables were
/// fitted again. Riverside, with a page to spare in either language (docs/report.md),
/// is left out to keep the test's time: each whole flood run takes about 25 s here.
#[test]
fn the_bundled_two_team_comparisons_print_on_at_most_seven_pages() {
    let dir = tempfile::tempdir().unwrap();
    let keep = render_dir();
    for (folder, scenario) in [
        ("cascade", "cascade"),
        ("forest_fire", "hills"),
        ("chemical_leak", "park"),
    ] {
        let scenarios = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(folder);
        let mut recs = Vec::new();
        for team in ["prompt", "slow"] {
            let rec = dir.path().join(format!("{scenario}-{team}.drec"));
            let (code, out, err) = drillsim(&[
                "run",
                scenarios.join(format!("{scenario}.ron")).to_str().unwrap(),
                "--orders",
                scenarios
                    .join(format!("orders_{team}.ron"))
                    .to_str()
                    .unwrap(),
                "--record",
                rec.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{out}{err}");
            recs.push(rec);
        }
        // built once (each build re-simulates the two teams and the plan baseline),
        // then written in both languages
        let mut report = drillsim::report::build(&recs).unwrap();
        for (run, name) in report
            .runs
            .iter_mut()
            .filter(|r| !r.is_baseline())
            .zip(["Prompt team", "Slow team"])
        {
            run.label = name.to_string();
        }
        for lang in ["en", "zh"] {
            let html = keep.join(format!("{scenario}-comparison-{lang}.html"));
            report.set_lang(lang.parse().unwrap());
            let text = drillsim::report::html::render(&report);
            if lang == "zh" && scenario == "cascade" {
                says_the_scenario_in_chinese(&text);
            }
            participants_in_the_report_language(&text, lang);
            // the cascade's prompt team met every objective: its heading in the
            // improvement plan says so (it had no row at all)
            if lang == "en" && scenario == "cascade" {
                assert!(
                    text.contains(
                        "<tr class=\"group\"><th colspan=\"9\">Prompt team</th></tr><tr><td colspan=\"9\" class=\"note\">No corrective action is called for"
                    ),
                    "the prompt team's empty improvement plan"
                );
            }
            std::fs::write(&html, text).unwrap();
            let pdf = keep.join(format!("{scenario}-comparison-{lang}.pdf"));
            let (pages, secs) = print_to_pdf(
                &html,
                &pdf,
                &dir.path().join(format!("chrome-{scenario}-{lang}")),
            );
            eprintln!(
                "{scenario} {lang}: HTML {} kB, PDF {pages} pages in {secs:.1} s",
                std::fs::metadata(&html).unwrap().len() / 1024
            );
            assert!(
                pages <= 7,
                "{scenario} {lang}: {pages} A4 pages for the bundled comparison"
            );
            let orphans = orphaned_headings(&std::fs::read_to_string(&html).unwrap(), &pdf);
            assert!(
                orphans.is_empty(),
                "{scenario} {lang}: headings alone at the foot of a page: {orphans:?}"
            );
        }
    }
}

/// The headings (`h2`–`h4`, and a table's group rows, "Team B" over its rows of the
/// improvement plan) that end a printed page, their text left behind without what
/// they head: the last line of each page's text (`pdftotext`, poppler-utils) compared
/// with every heading's, spaces ignored. The park's Chinese improvement plan left
/// "Team B" at the foot of page 5 until 2026-12-02.
fn orphaned_headings(html: &str, pdf: &Path) -> Vec<String> {
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut headings = Vec::new();
    for (open, close) in [
        ("<h2", "</h2>"),
        ("<h3", "</h3>"),
        ("<h4", "</h4>"),
        ("<tr class=\"group\"><th", "</th>"),
    ] {
        for part in html.split(open).skip(1) {
            let Some(inner) = part.split(close).next() else {
                continue;
            };
            // the text without its tags
            let mut text = String::new();
            let mut in_tag = true; // the rest of the opening tag comes first
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = squeeze(&text.replace("&amp;", "&"));
            if !text.is_empty() {
                headings.push(text);
            }
        }
    }
    assert!(headings.len() > 10, "headings: {headings:?}");
    let pages = pdf_pages(&std::fs::read(pdf).unwrap());
    let mut orphans = Vec::new();
    for page in 1..=pages {
        let out = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"])
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext (Debian's poppler-utils; tools/setup.sh installs it)");
        let text = String::from_utf8_lossy(&out.stdout);
        let last = text
            .lines()
            .rev()
            .map(squeeze)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        if headings.contains(&last) {
            orphans.push(format!("page {page}: {last}"));
        }
    }
    orphans
}

/// The cover lists each team's participants by their names in the report's
/// language: until 2026-12-01 it gave every bundled seat's name in both languages
/// ("南庄镇 Nanzhuang township"), as the scenario writes it.
fn participants_in_the_report_language(html: &str, lang: &str) {
    let mut rows = 0;
    for row in html.split("<tr><th>").skip(1) {
        let Some(cell) = row
            .strip_prefix(if lang == "zh" {
                "参演人员"
            } else {
                "Participants"
            })
            .and_then(|r| r.split("<td>").nth(1))
            .and_then(|r| r.split("</td>").next())
        else {
            continue;
        };
        rows += 1;
        let cjk = cell.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let latin = cell.chars().any(|c| c.is_ascii_alphabetic());
        assert!(
            if lang == "zh" { !latin } else { !cjk },
            "{lang}: participants {cell}"
        );
    }
    assert_eq!(rows, 2, "{lang}: a participants row per team");
}

/// The Chinese report says what the scenario gives in Chinese in Chinese — its
/// description, inject texts, expected actions and critical tasks (`*_zh`) — and its
/// own words too: hazard kinds, command levels, the time step and the scorecard's
/// phrasings. Until 2026-12-01 all of these were printed in English.
fn says_the_scenario_in_chinese(zh: &str) {
    for chinese in [
        "夏季暴雨致清河水位上涨",                   // description_zh
        "预计未来 6 小时清河流域降雨量 100–150 mm", // I01 text_zh
        "启动Ⅲ级应急响应",                          // I01 expected_action_zh
        "区防汛抗旱指挥部发布预警",                 // O1 critical_tasks_zh
        "洪涝",                                     // the hazard kind
        "村(社区)级",                               // a command level
        "时间步长 10 秒",
        // the timeline's legend names every symbol of the hazard's lane
        "水位达警戒或危险水位",
        "灾害开始或波及地点",
    ] {
        assert!(zh.contains(chinese), "the Chinese report lacks `{chinese}`");
    }
    for english in [
        "100–150 mm in the next 6 hours",
        "Raise response to level III",
        "A summer rainstorm raises the Qinghe",
        "(tick 10 s)",
        "<td>Flood</td>",
        "<td>Village</td>",
        "the warning waited",
        "Plan baseline",
    ] {
        assert!(!zh.contains(english), "the Chinese report says `{english}`");
    }
}

/// The report of a two-team flood comparison, in English and in Chinese, rendered by
/// headless Chromium: the page has the per-village "where the time went" table and
/// maps named by team and moment; `--lang zh` writes `lang="zh-CN"` and Chinese
/// headings; printed to A4 it takes at most 7 pages in either language (the issue
/// asks for under 8); PNG screenshots and the PDFs are kept in
/// `target/report-render/`.
#[test]
fn two_team_flood_comparison_renders_in_chromium_in_english_and_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture();
    let a = record(
        dir.path(),
        "team_a",
        Some(include_str!("../fixtures/report_orders.ron")),
        &text,
    );
    let b = record(
        dir.path(),
        "team_b",
        Some(include_str!("../fixtures/basic_orders.ron")),
        &text,
    );
    let keep = render_dir();
    for lang in ["en", "zh"] {
        let html_path = keep.join(format!("flood-comparison-{lang}.html"));
        let t0 = std::time::Instant::now();
        let (code, stdout, err) = drillsim(&[
            "report",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--name",
            "Team Alpha",
            "--name",
            "Team Beta",
            "--lang",
            lang,
            "--force",
            "-o",
            html_path.to_str().unwrap(),
        ]);
        let report_s = t0.elapsed().as_secs_f64();
        assert_eq!(code, 0, "{stdout}{err}");
        let html = std::fs::read_to_string(&html_path).unwrap();
        check_balanced(&html);
        // teams named, not file names
        assert!(html.contains("Team Alpha") && html.contains("Team Beta"));
        for file_label in ["<h3>team_a.drec</h3>", "— team_a.drec"] {
            assert!(!html.contains(file_label), "a file name shown as a team");
        }
        // the per-village table and the named maps
        assert!(html.contains("<table class=\"ttw\">"));
        for village in ["Dongwan village", "Hedong village"] {
            assert!(
                html.contains(&format!("<td>{village}</td>")),
                "{lang}: {village}"
            );
        }
        assert!(html.contains("<figcaption><b>Team Alpha</b>"));
        // the timeline labels a dispatch with the unit's name, not its id
        assert!(
            !html.contains(">boat_1</text>"),
            "{lang}: unit id on the timeline"
        );
        if lang == "zh" {
            assert!(html.contains("<html lang=\"zh-CN\">"));
            for heading in [
                "时间都去哪儿了",
                "关键时刻地图",
                "改进计划",
                "执行摘要",
                "并列对比",
                "各岗位增加的用时",
            ] {
                assert!(html.contains(heading), "zh: no {heading}");
            }
            // no English heading left
            for english in [
                "Where the time went",
                "Maps at key moments",
                "Improvement plan<",
                "Executive summary",
                // objective titles and core capabilities (the scenario writes them in
                // English; the Chinese report says what the target asks for)
                "Acknowledge warnings and injects within 5 minutes",
                "Operational Communications",
                "Public Information and Warning",
                // warning levels on the timeline
                "Red →",
            ] {
                assert!(!html.contains(english), "zh: English left: {english}");
            }
        } else {
            assert!(html.contains("<html lang=\"en\">"));
            assert!(html.contains("Where the time went"));
        }
        // headless Chromium: a PNG of the top of the page and the whole page printed
        let png = keep.join(format!("flood-comparison-{lang}.png"));
        let pdf = keep.join(format!("flood-comparison-{lang}.pdf"));
        let _ = std::fs::remove_file(&png);
        let profile = dir.path().join(format!("chrome-{lang}"));
        let (out, png_s) = headless(
            &html_path,
            &profile,
            &[
                "--window-size=1280,2400",
                &format!("--screenshot={}", png.display()),
            ],
        );
        assert!(
            png.exists(),
            "no screenshot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (pages, pdf_s) = print_to_pdf(&html_path, &pdf, &profile);
        let bytes = std::fs::read(&pdf).unwrap();
        eprintln!(
            "{lang}: HTML {} kB in {report_s:.1} s; PNG {} kB in {png_s:.1} s; PDF {} pages, {} kB in {pdf_s:.1} s",
            html.len() / 1024,
            std::fs::metadata(&png).unwrap().len() / 1024,
            pages,
            bytes.len() / 1024
        );
        assert!(pages >= 2, "{lang}: {pages} pages");
        // the issue asks for under 8 pages: two teams and the plan baseline print on 6
        // A4 pages in English and in Chinese (measured 2026-12-01, at the print
        // style's own sizes: text 10 px, tables 9.5 px, nothing below 9 px); the
        // bundled exercise's comparison, longer, is held to 7 below
        let most = 7;
        assert!(
            pages <= most,
            "{lang}: {pages} A4 pages for a two-team comparison"
        );
        // the screenshot decodes and is not blank
        let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
        let mut rd = dec.read_info().unwrap();
        let mut buf = vec![0; rd.output_buffer_size()];
        let info = rd.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, 1280);
        let distinct: std::collections::BTreeSet<&[u8]> =
            buf[..info.buffer_size()].chunks(3).take(400_000).collect();
        assert!(distinct.len() > 50, "{lang}: the screenshot looks blank");
    }
}

/// A recording carries its layers: the bundled flood (its elevation and land cover
/// are `.asc` files beside the scenario) recorded for 30 minutes in one directory,
/// moved to another, with the scenario and its layer files deleted, still reports.
#[test]
fn a_recording_moved_to_another_directory_still_reports() {
    let made = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood");
    for f in [
        "riverside.ron",
        "riverside_dem.asc",
        "riverside_landcover.asc",
    ] {
        std::fs::copy(src.join(f), made.path().join(f)).unwrap();
    }
    let s = scenario::open(&made.path().join("riverside.ron")).unwrap();
    let mut e = Engine::new(s.clone(), s.meta.seed, Vec::new()).unwrap();
    let rec = made.path().join("riverside.drec");
    e.record_to(&rec, 30, 120).unwrap();
    e.run_through(1800 / s.meta.tick_s);
    drop(e);
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("mailed.drec");
    std::fs::copy(&rec, &moved).unwrap();
    drop(made); // the scenario, its layers and the original recording are gone
    let out = elsewhere.path().join("aar.html");
    let (code, stdout, err) = drillsim(&[
        "report",
        moved.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Where the time went"));
    assert!(html.contains("Riverside"));
}
