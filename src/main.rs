//! The `drillsim` command line: a thin layer over the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = drillsim::cli::Cli::parse();
    match drillsim::cli::run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(1)
        }
    }
}
