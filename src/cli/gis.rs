//! The GIS commands of the command line: `new` (an exercise from GIS files), `msel`
//! (the injects as a spreadsheet, out and in) and `export` (a recording's results for
//! GIS), split from `cli.rs` to keep each file to one concept.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::Command;
use crate::scenario::diag::render_diags;

/// `msel` subcommands.
#[derive(Subcommand, Debug)]
pub enum MselCommand {
    /// Write a scenario's injects as an MSEL spreadsheet (.xlsx, or .csv with a BOM).
    Export {
        /// Scenario file.
        scenario: PathBuf,
        /// Output .xlsx or .csv.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Header language: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Replace an existing output file (never the scenario, a recording or a key).
        #[arg(long)]
        force: bool,
    },
    /// Read an MSEL spreadsheet into a copy of a scenario (its injects replaced).
    Import {
        /// MSEL .xlsx or .csv (English or Chinese headers).
        msel: PathBuf,
        /// The scenario the rows belong to.
        #[arg(long)]
        scenario: PathBuf,
        /// The new scenario file (beside the scenario).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace an existing output file (never the scenario, the MSEL, a recording
        /// or a key).
        #[arg(long)]
        force: bool,
    },
}

pub(super) fn parse_hazard(s: &str) -> Result<crate::scenario::HazardKind, String> {
    use crate::scenario::HazardKind as K;
    match s {
        "flood" => Ok(K::Flood),
        "fire" | "forest-fire" => Ok(K::ForestFire),
        "leak" | "chemical-leak" => Ok(K::ChemicalLeak),
        _ => Err(format!("`{s}`: flood, fire or leak")),
    }
}

/// Run `new`, `msel` or `export`; any other command is refused.
pub(super) fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::New {
            dir,
            dem,
            roads,
            places,
            msel,
            crs,
            cell_m,
            hazard,
            name,
            start,
            time_zone,
            duration,
            force,
        } => {
            let o = crate::author::new::NewOptions {
                dir,
                dem,
                roads,
                places,
                msel,
                crs,
                cell_m,
                hazard,
                name,
                start,
                time_zone,
                duration_s: duration.0,
                force,
            };
            crate::outln!("{}", crate::author::new::new_exercise(&o)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Msel(MselCommand::Export {
            scenario,
            output,
            lang,
            force,
        }) => {
            let lang = match lang.as_str() {
                "en" => crate::author::msel::Lang::En,
                "zh" => crate::author::msel::Lang::Zh,
                other => return Err(format!("--lang {other}: en or zh")),
            };
            crate::outln!(
                "{}",
                crate::author::msel::export(&scenario, &output, lang, force)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Msel(MselCommand::Import {
            msel,
            scenario,
            output,
            force,
        }) => {
            crate::output::Plan::new(force)
                .input(&scenario, "scenario")
                .input(&msel, "MSEL")
                .output(&output, crate::output::Kind::Ordinary("scenario"))?;
            match crate::author::msel::import(&msel, &scenario, &output, force) {
                Ok(m) => {
                    crate::outln!("{m}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(d) => {
                    eprint!("{}", render_diags(&d));
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Export {
            recording,
            field,
            at,
            max,
            output,
            force,
        } => {
            let when = match (at, max) {
                (_, true) => crate::export::When::Max,
                (Some(t), false) => crate::export::When::At(t.0),
                (None, false) => crate::export::When::End,
            };
            let w = crate::export::export(&recording, field, when, &output, force)?;
            if let Some(warning) = &w.warning {
                crate::errln!("{warning}");
            }
            for f in &w.files {
                crate::outln!("wrote {}", f.display());
            }
            crate::outln!("{}", w.summary);
            Ok(ExitCode::SUCCESS)
        }
        _ => Err("not a GIS command".into()),
    }
}
