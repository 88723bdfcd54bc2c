//! The `drillsim` command line: a thin layer over the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = drillsim::cli::Cli::parse();
    match drillsim::cli::run(cli) {
        Ok(code) => code,
        Err(msg) => {
            // the message may quote a file or a network peer: no control characters
            drillsim::errln!("{msg}");
            ExitCode::from(1)
        }
    }
}
