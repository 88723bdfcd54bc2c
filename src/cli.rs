//! Command-line interface (see `docs/cli.md` and DESIGN.md's contract).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario;
use crate::scenario::diag::render_diags;
use crate::time::{Dur, hms};

mod compete;
mod gis;
mod run;
pub use gis::MselCommand;
pub use run::RunArgs;

/// Emergency drill and tabletop exercise simulator.
#[derive(Parser, Debug)]
#[command(name = "drillsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files; exit 0 when all are valid, 1 with file:line:col diagnostics.
    Validate {
        /// Scenario files (RON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run a scenario headless and print the timeline.
    Run(run::RunArgs),
    /// Score a recording (re-simulated from its inputs).
    Score {
        /// Recording file.
        recording: PathBuf,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Replay a recording: verify it, or show the state at a time.
    Replay {
        /// Recording file.
        recording: PathBuf,
        /// Re-simulate and compare every checksum; exit 1 on the first divergence.
        #[arg(long, conflicts_with = "at")]
        verify: bool,
        /// Show the state at this time (HH:MM:SS).
        #[arg(long, value_parser = parse_dur, required_unless_present = "verify")]
        at: Option<Dur>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Run a live tabletop exercise in a window (needs a build with `--features gui`).
    /// The plan plays every seat not given with --seat; the session is recorded.
    Play {
        /// Scenario file (RON).
        scenario: PathBuf,
        /// A seat (command post id) people play; repeat for several.
        #[arg(long = "seat")]
        seats: Vec<String>,
        /// Random seed (default: the scenario's `meta.seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Orders to start from (a team's prepared orders file).
        #[arg(long)]
        orders: Option<PathBuf>,
        /// Recording file (default: SCENARIO-UNIXTIME.drec in this directory).
        #[arg(long)]
        record: Option<PathBuf>,
        /// Render once, save this PNG and exit.
        #[arg(long)]
        screenshot: Option<PathBuf>,
        /// Start at this time (HH:MM:SS); with --screenshot, the moment to render.
        #[arg(long, value_parser = parse_dur)]
        at: Option<Dur>,
        /// Interface language: en or zh.
        #[arg(long, default_value = "en")]
        lang: crate::gui::Lang,
        /// Starting speed, ×1–×600.
        #[arg(long, default_value_t = 60.0)]
        speed: f64,
        /// Measure the frame time: run this many frames with the clock running at
        /// --speed, print mean and 95th-percentile frame time, and exit.
        #[arg(long)]
        frames: Option<u32>,
        /// Open this tab (inbox, orders, facilitator, details, objectives,
        /// organisation, events, legend); repeat for one on each side.
        #[arg(long = "show", value_name = "TAB")]
        show: Vec<String>,
        /// Replace an existing screenshot (never the scenario, the orders or a
        /// recording).
        #[arg(long)]
        force: bool,
    },
    /// Serve a networked exercise: every seat plays in its own browser, the
    /// facilitator runs the clock from a console (see docs/serve.md).
    ///
    /// Prints one join link per seat, one for the facilitator and one per observer
    /// (and writes them to a file to print as slips); each link holds a secret join
    /// code. Listens on 127.0.0.1 unless told otherwise: for players on the room's
    /// network use `--listen 0.0.0.0:8080 --url http://<this computer's address>:8080`.
    /// The exercise is recorded; a server that stopped (Ctrl-C, a crash, `kill -9`)
    /// continues with `drillsim serve --resume FILE`. Several scenarios, or
    /// `--groups N`, host several exercises at once, each with its own codes and
    /// recording.
    #[command(arg_required_else_help = true)]
    Serve {
        /// Scenario files (RON); each gives --groups exercises.
        #[arg(required_unless_present = "resume", conflicts_with = "resume")]
        scenarios: Vec<PathBuf>,
        /// Address and port to listen on (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Recording file (default: `<scenario>-<unix time>.drec` here; with several
        /// exercises each gets `<stem>-<exercise>.drec`).
        #[arg(long)]
        record: Option<PathBuf>,
        /// Seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Language the links open in: en or zh (each player can switch).
        #[arg(long, default_value = "en")]
        lang: crate::server::WebLang,
        /// A seat people play from the start; repeat for several (default: every
        /// command post; the plan plays the others, and the facilitator can hand
        /// seats over during the exercise).
        #[arg(long = "seat")]
        seats: Vec<String>,
        /// Observer (evaluator) links per exercise, 0–32: they see the console and
        /// change nothing.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=32))]
        observers: u32,
        /// Exercises per scenario, 1–16, for groups training in parallel.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=16))]
        groups: u32,
        /// The server's address as players type it, for the links (e.g.
        /// http://192.168.1.20:8080; default: the --listen address).
        #[arg(long)]
        url: Option<String>,
        /// Where to write the join links (default: `<recording>-links.txt`).
        #[arg(long)]
        links: Option<PathBuf>,
        /// Starting speed ×1–×60 (the clock starts paused).
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
        /// Continue these recordings (of servers that stopped) instead of starting
        /// new exercises; the same join links work again.
        #[arg(long, num_args = 1..)]
        resume: Vec<PathBuf>,
        /// How long join codes stay valid after their exercise ends (for the
        /// debrief), e.g. 2h, 30m, 0s.
        #[arg(long, value_parser = parse_dur, default_value = "2h")]
        code_grace: Dur,
    },
    /// Write a synthetic flood scenario of any size (for benchmarks).
    Synth {
        /// Columns.
        #[arg(long, default_value_t = 512)]
        width: u32,
        /// Rows.
        #[arg(long, default_value_t = 512)]
        height: u32,
        /// Cell side, m.
        #[arg(long, default_value_t = 20.0)]
        cell_m: f64,
        /// Approximate number of road nodes.
        #[arg(long, default_value_t = 400)]
        road_nodes: u32,
        /// Field units.
        #[arg(long, default_value_t = 50)]
        units: u32,
        /// Exercise length (e.g. 6h).
        #[arg(long, value_parser = parse_dur, default_value = "6h")]
        duration: Dur,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace an existing output file (never a recording or a key).
        #[arg(long)]
        force: bool,
    },
    /// Open a recording in the replay viewer (needs a build with `--features gui`).
    View {
        /// Recording file.
        recording: PathBuf,
        /// Render once, save this PNG and exit.
        #[arg(long)]
        screenshot: Option<PathBuf>,
        /// Open at this time (HH:MM:SS).
        #[arg(long, value_parser = parse_dur)]
        at: Option<Dur>,
        /// Interface language: en or zh.
        #[arg(long, default_value = "en")]
        lang: crate::gui::Lang,
        /// Open this tab (inbox, details, objectives, organisation, events, legend);
        /// repeat for one on each side.
        #[arg(long = "show", value_name = "TAB")]
        show: Vec<String>,
        /// Replace an existing screenshot (never the recording).
        #[arg(long)]
        force: bool,
    },
    /// After-action report (HTML) from one or more recordings of the same scenario;
    /// several recordings give a comparison with the plan baseline.
    Report {
        /// Recording files.
        #[arg(required = true)]
        recordings: Vec<PathBuf>,
        /// Output HTML file.
        #[arg(short = 'o', long = "output", default_value = "aar.html")]
        output: PathBuf,
        /// Also write metrics.csv and events.csv into this directory.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Also write every warning and its acknowledgements as CAP 1.2 XML into this
        /// directory.
        #[arg(long)]
        cap: Option<PathBuf>,
        /// Replace existing report, CSV and CAP files. A recording, a key or an input
        /// of the command is never replaced, with or without --force.
        #[arg(long)]
        force: bool,
        /// The team's name for each recording, in order: one per recording, or none
        /// (default: the round's team when the recording is a competition session, else
        /// the file name).
        #[arg(long = "name")]
        names: Vec<String>,
        /// Language of the report: en or zh.
        #[arg(long, default_value = "en")]
        lang: crate::report::i18n::Lang,
    },
    /// Hazard model calculator: fire (Rothermel), plume (Gaussian), flood (moving wave).
    #[command(subcommand)]
    Probe(crate::probe::Probe),
    /// Competition rounds: check a round, make a key, run a team's official session, or
    /// judge recordings and write the leaderboard (see docs/competition.md).
    ///
    /// `compete ROUND` checks the round file and describes it;
    /// `compete ROUND --new-key KEYFILE` writes a fresh round key;
    /// `compete ROUND --play TEAM --orders FILE --key KEYFILE -o OUT` runs an official
    /// orders-file session and writes a signed recording;
    /// `compete ROUND --live TEAM --key KEYFILE -o OUT` plays it live in a window (GUI
    /// build), signed when the exercise reaches its end;
    /// `compete ROUND --serve TEAM --key KEYFILE -o OUT` plays it live over the
    /// network, the team's seats in browsers, signed at the end;
    /// `compete ROUND --judge REC... --key KEYFILE [--html F] [--csv F] [--json F]
    /// [--report F]` re-simulates and ranks. Exit 0 when everything was accepted, 2
    /// when some recording was refused (the leaderboard is still written), 1 on an
    /// error.
    Compete(CompeteArgs),
    /// Make a new exercise from your own GIS files: a DEM (GeoTIFF or .asc), roads
    /// (GeoJSON or an OpenStreetMap .osm.pbf extract), a places table (CSV, .xlsx or
    /// GeoJSON points) and optionally an MSEL spreadsheet. Writes DIR/DIR.ron with the
    /// files copied beside it; the organisation, hazard and objectives are a commented
    /// template to fill in (see docs/authoring.md).
    New {
        /// Folder to create.
        dir: PathBuf,
        /// Elevation raster (.tif GeoTIFF or .asc).
        #[arg(long)]
        dem: PathBuf,
        /// Roads: .geojson (WGS 84 longitude/latitude, or the CRS its `crs` member names) or .osm.pbf.
        #[arg(long)]
        roads: PathBuf,
        /// Places: .csv, .xlsx or .geojson with name, kind, population, buildings,
        /// longitude, latitude (English or Chinese headers).
        #[arg(long)]
        places: PathBuf,
        /// MSEL spreadsheet (.xlsx or .csv) whose rows become the injects.
        #[arg(long)]
        msel: Option<PathBuf>,
        /// The grid's CRS, e.g. EPSG:32650 (default: the DEM's, or its UTM zone).
        #[arg(long)]
        crs: Option<String>,
        /// Cell side, m, 1–1000 (default: the DEM's pixel size; larger when the grid
        /// would pass its cell limit).
        #[arg(long, value_parser = parse_cell_m)]
        cell_m: Option<f64>,
        /// Starter hazard: flood, fire or leak.
        #[arg(long, default_value = "flood", value_parser = gis::parse_hazard)]
        hazard: crate::scenario::HazardKind,
        /// Exercise name (default: the folder name).
        #[arg(long)]
        name: Option<String>,
        /// Start, local time YYYY-MM-DDTHH:MM.
        #[arg(long, default_value = "2026-07-01T09:00")]
        start: String,
        /// Time zone of the start (IANA name or offset).
        #[arg(long, default_value = "Asia/Shanghai")]
        time_zone: String,
        /// Length of the exercise (e.g. 6h).
        #[arg(long, value_parser = parse_dur, default_value = "6h")]
        duration: Dur,
        /// Write into DIR even when it is not empty, replacing the files `new` writes
        /// there (never an input, a recording or a key).
        #[arg(long)]
        force: bool,
    },
    /// The MSEL as a spreadsheet: `msel export SCENARIO -o msel.xlsx|.csv`, and
    /// `msel import MSEL --scenario SCENARIO -o NEW.ron`.
    #[command(subcommand)]
    Msel(MselCommand),
    /// Results for GIS: a recording's field at a moment (or its maximum) as GeoTIFF,
    /// .asc or GeoJSON polygons; units' tracks and places' status as GeoJSON.
    Export {
        /// Recording file.
        recording: PathBuf,
        /// What: depth, flood-arrival, fire-arrival, burnt, concentration,
        /// threat-zone, tracks or places.
        #[arg(long)]
        field: crate::export::Field,
        /// The moment (HH:MM:SS); default the end of the recording.
        #[arg(long, value_parser = parse_dur, conflicts_with = "max")]
        at: Option<Dur>,
        /// The worst over the whole run (deepest water, highest concentration or tier).
        #[arg(long)]
        max: bool,
        /// Output: .tif (GeoTIFF), .asc (with a .prj) or .geojson.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace an existing output file (never the recording or a key).
        #[arg(long)]
        force: bool,
    },
    /// Batches spread over machines: `batch merge FILE…` merges the shard files that
    /// `run --seeds A..B --shard K/N --out FILE` wrote into the summary of the whole
    /// range, the same as one run of all seeds prints.
    #[command(subcommand)]
    Batch(BatchCmd),
    /// Analyse the command graph: latencies, single points of failure, spans of control.
    Analyze {
        /// Scenario file.
        scenario: PathBuf,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// `batch` subcommands.
#[derive(Subcommand, Debug)]
pub enum BatchCmd {
    /// Merge the shard files of one batch and print its summary (exit 1 when the files
    /// are not all the shards of one batch).
    Merge {
        /// Shard files written by `run --seeds A..B --shard K/N --out FILE`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// A GUI screenshot and the layout file written beside it (`NAME.json`).
fn screenshot_outputs(plan: &mut crate::output::Plan, png: &std::path::Path) -> Result<(), String> {
    plan.output(png, crate::output::Kind::Ordinary("screenshot"))?;
    plan.output(
        &png.with_extension("json"),
        crate::output::Kind::Ordinary("screenshot layout"),
    )
}

fn parse_seeds(s: &str) -> Result<(u64, u64), String> {
    let (a, b) = s.split_once("..").ok_or("write a range such as 1..1000")?;
    let a: u64 = a
        .trim()
        .parse()
        .map_err(|_| format!("`{a}` is not a seed"))?;
    let b: u64 = b
        .trim()
        .trim_start_matches('=')
        .parse()
        .map_err(|_| format!("`{b}` is not a seed"))?;
    if b < a {
        return Err("the range is empty".into());
    }
    if b - a >= 1_000_000 {
        return Err("at most a million seeds".into());
    }
    Ok((a, b))
}

/// A cell side within the range a scenario's grid accepts
/// ([`crate::scenario::validate::CELL_M_RANGE`]).
fn parse_cell_m(s: &str) -> Result<f64, String> {
    let (lo, hi) = crate::scenario::validate::CELL_M_RANGE;
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!(
            "give the cell side in metres, from {lo} to {hi} (the range a scenario's grid accepts)"
        )),
    }
}

fn parse_dur(s: &str) -> Result<Dur, String> {
    crate::time::parse_duration(s)
}

/// Run the CLI; `Err` carries a message for stderr (exit 1).
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Validate { files } => {
            let mut bad = 0;
            for f in &files {
                match scenario::load(f) {
                    Ok(s) => crate::outln!(
                        "{}: ok — \"{}\", {} × {} cells of {} m, {} places, {} units, {} injects",
                        f.display(),
                        s.meta.name,
                        s.grid.width,
                        s.grid.height,
                        s.grid.cell_m,
                        s.places.len(),
                        s.org.units.len(),
                        s.injects.len()
                    ),
                    Err(d) => {
                        bad += 1;
                        eprint!("{}", render_diags(&d));
                    }
                }
            }
            Ok(if bad == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Run(a) => run::run(a),
        Command::Report {
            recordings,
            output,
            csv,
            cap,
            force,
            names,
            lang,
        } => {
            let t0 = std::time::Instant::now();
            // one name per recording, in order, or none (a shorter list would name some
            // teams and leave the others to their file names without saying so)
            if !names.is_empty() && names.len() != recordings.len() {
                return Err(format!(
                    "{} --name given for {} recordings: give one --name per recording, in order, or none",
                    names.len(),
                    recordings.len()
                ));
            }
            let mut plan = crate::output::Plan::new(force);
            for r in &recordings {
                plan.input(r, "recording");
            }
            plan.output(&output, crate::output::Kind::Ordinary("report"))?;
            if let Some(d) = &csv {
                plan.output_dir(
                    d,
                    crate::report::csv::FILES,
                    crate::output::Kind::Ordinary("CSV file"),
                )?;
            }
            if let Some(d) = &cap {
                plan.output_dir(d, &[], crate::output::Kind::Ordinary("CAP message"))?;
            }
            let mut report = crate::report::build(&recordings)?;
            for (r, n) in report.runs.iter_mut().zip(&names) {
                r.label = n.clone();
            }
            report.set_lang(lang);
            for r in &report.runs {
                if let Some(d) = &r.damage {
                    crate::errln!("warning: {}: {d}", r.label);
                }
            }
            for w in &report.warnings {
                crate::errln!("warning: {w}");
            }
            crate::report::write_all(&report, &output, csv.as_deref(), cap.as_deref(), force)?;
            let size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
            crate::outln!(
                "wrote {} ({} run{}, {:.0} kB) in {:.1} s",
                output.display(),
                report.runs.len(),
                if report.runs.len() == 1 { "" } else { "s" },
                size as f64 / 1024.0,
                t0.elapsed().as_secs_f64()
            );
            if let Some(d) = &csv {
                crate::outln!("wrote {}/metrics.csv and events.csv", d.display());
            }
            if let Some(d) = &cap {
                crate::outln!("wrote CAP 1.2 messages into {}", d.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Score { recording, json } => {
            let rec = crate::record::read(&recording)?;
            let (s, mut e) = crate::record::replay::rebuild(&rec)?;
            e.run_through(crate::record::replay::last_tick(&rec, &s));
            let mut card = crate::scoring::score(&s, e.events());
            // a recording that stops early: what it had not decided is not rated
            crate::scoring::live::mark_undecided(&mut card, &s, &e);
            if let Some(w) = crate::record::partial_warning(&rec, &recording, "scored") {
                crate::errln!("{w}");
            }
            if json {
                crate::outln!(
                    "{}",
                    serde_json::to_string(&card).map_err(|e| e.to_string())?
                );
            } else {
                crate::out!("{}", card.render(None));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Play {
            scenario,
            seats,
            seed,
            orders,
            record,
            screenshot,
            at,
            lang,
            speed,
            frames,
            show,
            force,
        } => {
            let mut plan = crate::output::Plan::new(force);
            plan.input(&scenario, "scenario");
            if let Some(o) = &orders {
                plan.input(o, "orders file");
            }
            if let Some(r) = &record {
                plan.output(r, crate::output::Kind::Recording)?;
            }
            if let Some(p) = &screenshot {
                screenshot_outputs(&mut plan, p)?;
            }
            crate::gui::play(crate::gui::PlayOptions {
                frames,
                scenario,
                seats,
                seed,
                orders,
                record,
                screenshot,
                at,
                lang,
                speed,
                show,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth {
            width,
            height,
            cell_m,
            road_nodes,
            units,
            duration,
            output,
            force,
        } => {
            let spec = crate::scenario::synth::SynthSpec {
                width,
                height,
                cell_m,
                road_nodes,
                units,
                duration_s: duration.0,
            };
            spec.check()?;
            crate::output::Plan::new(force)
                .output(&output, crate::output::Kind::Ordinary("scenario"))?;
            crate::output::write(
                &output,
                crate::scenario::synth::synth_text(&spec).as_bytes(),
                crate::output::Kind::Ordinary("scenario"),
                force,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::View {
            recording,
            screenshot,
            at,
            lang,
            show,
            force,
        } => {
            let mut plan = crate::output::Plan::new(force);
            plan.input(&recording, "recording");
            if let Some(p) = &screenshot {
                screenshot_outputs(&mut plan, p)?;
            }
            crate::gui::view(crate::gui::ViewOptions {
                recording,
                screenshot,
                at,
                lang,
                show,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            recording,
            verify,
            at,
            json,
        } => {
            let rec = crate::record::read(&recording)?;
            if verify {
                let v = crate::record::replay::verify(&rec)?;
                if json {
                    crate::outln!("{}", serde_json::to_string(&v).map_err(|e| e.to_string())?);
                } else {
                    crate::outln!(
                        "{}: {} of {} checksums match; re-simulated at {:.0}× real time",
                        recording.display(),
                        v.matched,
                        v.recorded,
                        v.speed_x_real_time
                    );
                    if let Some((t, want, got)) = &v.first_divergence {
                        crate::outln!(
                            "DIVERGED at tick {t} ({}): recorded {}, re-simulated {}",
                            hms(t.saturating_mul(crate::record::replay::tick_s(&rec))),
                            &want[..16.min(want.len())],
                            &got[..16.min(got.len())]
                        );
                    }
                    if v.snapshots_recorded > 0 || v.snapshot_divergence.is_some() {
                        crate::outln!(
                            "{} of {} snapshots are the re-simulated state",
                            v.snapshots_matched,
                            v.snapshots_recorded
                        );
                    }
                    if let Some((t, why)) = &v.snapshot_divergence {
                        crate::outln!(
                            "SNAPSHOT at tick {t} ({}) is not the re-simulated state: {why}",
                            hms(t.saturating_mul(crate::record::replay::tick_s(&rec)))
                        );
                    }
                    // an end frame before the exercise's last tick: a run stopped on
                    // purpose (`run --until`)
                    let tick_s = crate::record::replay::tick_s(&rec);
                    let early = rec.end.as_ref().and_then(|e| {
                        let last = crate::record::replay::scenario_ticks(&rec)?;
                        (e.tick < last).then(|| {
                            format!(
                                "end of the recording at {} (stopped before the end of the exercise, {})",
                                hms(e.tick.saturating_mul(tick_s)),
                                hms(last.saturating_mul(tick_s))
                            )
                        })
                    });
                    let end_words = early.unwrap_or_else(|| "end of exercise".to_string());
                    match (v.end_matched, &rec.end) {
                        (Some(true), _) => {
                            crate::outln!("{end_words}: event log and final state match")
                        }
                        (Some(false), _) => {
                            crate::outln!("{end_words}: MISMATCH in the event log or final state")
                        }
                        (None, None) => crate::outln!(
                            "INCOMPLETE: the recording has no end frame (the exercise did not finish, or the file was cut)"
                        ),
                        (None, Some(_)) => {}
                    }
                    if let Some(d) = &v.damage {
                        crate::outln!(
                            "DAMAGED at byte {} (frame {}): {}; the prefix before it was verified",
                            d.offset,
                            d.frame,
                            d.reason
                        );
                    }
                    if !v.ok() {
                        crate::outln!(
                            "recoverable: the recording verifies up to {} (tick {}){}",
                            hms(v.verified_through_s),
                            v.verified_through_tick,
                            if v.first_divergence.is_some() || v.snapshot_divergence.is_some() {
                                "; what follows does not reproduce"
                            } else {
                                ""
                            }
                        );
                    }
                }
                return Ok(if v.ok() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            if let Some(w) = crate::record::partial_warning(&rec, &recording, "replaying") {
                crate::errln!("{w}");
            }
            let (s, _) = crate::record::replay::rebuild(&rec)?;
            let want = at.map(|d| d.0).unwrap_or(0);
            let last = crate::record::replay::last_tick(&rec, &s);
            let tick = crate::time::tick_of(want, s.meta.tick_s)?;
            if tick > last {
                return Err(format!(
                    "error: {} is after the end of the recording ({})",
                    hms(want),
                    hms(last.saturating_mul(s.meta.tick_s))
                ));
            }
            let (s, mut e) = crate::record::replay::seek(&rec, tick)?;
            let view = crate::record::replay::state_view(&s, &mut e);
            if json {
                crate::outln!(
                    "{}",
                    serde_json::to_string(&view).map_err(|e| e.to_string())?
                );
            } else {
                crate::out!("{}", view.render());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            scenarios,
            listen,
            record,
            seed,
            lang,
            seats,
            observers,
            groups,
            url,
            links,
            speed,
            resume,
            code_grace,
        } => {
            if !(1.0..=60.0).contains(&speed) {
                return Err(format!("--speed {speed}: use ×1 to ×60"));
            }
            crate::server::serve(crate::server::ServeOptions {
                scenarios,
                resume,
                listen,
                record,
                seed,
                lang,
                seats,
                observers,
                groups,
                url,
                links,
                speed,
                code_grace: std::time::Duration::from_secs(code_grace.0),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compete(a) => compete::compete(a),
        Command::Probe(p) => {
            crate::outln!("{}", crate::probe::run(p)?);
            Ok(ExitCode::SUCCESS)
        }
        c @ (Command::New { .. } | Command::Msel(_) | Command::Export { .. }) => gis::run(c),
        Command::Batch(BatchCmd::Merge { files, json }) => {
            crate::batch::shard::merge_and_print(&files, json).map(|_| ExitCode::SUCCESS)
        }
        Command::Analyze { scenario, json } => {
            let s = scenario::open(&scenario)?;
            let a = crate::org::analysis::analyse(&s);
            if json {
                crate::outln!(
                    "{}",
                    serde_json::to_string_pretty(&a).map_err(|e| e.to_string())?
                );
            } else {
                crate::out!("{}", a.render());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The arguments of `drillsim compete`.
#[derive(clap::Args, Debug)]
pub struct CompeteArgs {
    /// Round file (RON).
    round: PathBuf,
    /// Write a new random key (hex) to this file; keep it away from the teams.
    #[arg(long, value_name = "KEYFILE", conflicts_with_all = ["play", "live", "judge", "serve"])]
    new_key: Option<PathBuf>,
    /// Run an official session for this team (with --orders, --key, -o).
    #[arg(long, value_name = "TEAM", requires_all = ["orders", "key", "output"], conflicts_with_all = ["judge", "live", "serve"])]
    play: Option<String>,
    /// Play an official live session for this team in a window (with --key, -o;
    /// needs a build with `--features gui`). The clock keeps to the round's
    /// max_speed; the recording is signed when the exercise reaches its end.
    #[arg(long, value_name = "TEAM", requires_all = ["key", "output"], conflicts_with_all = ["judge", "serve"])]
    live: Option<String>,
    /// Run an official live session for this team over the network (with --key,
    /// -o): the team's seats play in browsers, the referee's link runs the clock
    /// (at most the round's max_speed, no injects); the recording is signed when
    /// the exercise reaches its end. See docs/serve.md.
    #[arg(long, value_name = "TEAM", requires_all = ["key", "output"], conflicts_with = "judge")]
    serve: Option<String>,
    /// With --serve: address and port to listen on.
    #[arg(long, requires = "serve", default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// With --serve: the server's address as players type it, for the links.
    #[arg(long, requires = "serve")]
    url: Option<String>,
    /// With --serve: observer links, 0–32.
    #[arg(long, requires = "serve", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=32))]
    observers: u32,
    /// With --serve: language the links open in (en or zh).
    #[arg(long = "web-lang", requires = "serve", default_value = "en")]
    web_lang: crate::server::WebLang,
    /// Interface language of a live session: en or zh.
    #[arg(long, requires = "live", default_value = "en")]
    lang: crate::gui::Lang,
    /// With --live: render the session's first moments once, save this PNG and
    /// exit (the recording stays unsigned).
    #[arg(long, requires = "live")]
    screenshot: Option<PathBuf>,
    /// The team's orders file (with --play).
    #[arg(long, requires = "play")]
    orders: Option<PathBuf>,
    /// Where the session's signed recording goes (with --play or --live).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Judge these recordings (with --key).
    #[arg(long, num_args = 1.., value_name = "RECORDING", requires = "key")]
    judge: Vec<PathBuf>,
    /// The round's key file (hex or raw bytes).
    #[arg(long, value_name = "KEYFILE")]
    key: Option<PathBuf>,
    /// Leaderboard as HTML (with --judge).
    #[arg(long, requires = "judge")]
    html: Option<PathBuf>,
    /// Leaderboard as CSV (with --judge).
    #[arg(long, requires = "judge")]
    csv: Option<PathBuf>,
    /// Leaderboard as JSON (with --judge).
    #[arg(long, requires = "judge")]
    json: Option<PathBuf>,
    /// Also write the after-action comparison report of the accepted recordings
    /// (HTML, with the plan baseline) (with --judge).
    #[arg(long, requires = "judge")]
    report: Option<PathBuf>,
    /// Replace existing leaderboard, report or screenshot files. A recording, a key
    /// or an input of the command is never replaced, with or without --force.
    #[arg(long)]
    force: bool,
}
