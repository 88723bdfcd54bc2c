//! The library API a newcomer uses first: load a scenario, run it headless with a
//! team's orders file, and print the scorecard beside the contingency plan's own.
//!
//! ```sh
//! cargo run --release --example headless_run -- \
//!     scenarios/chemical_leak/park.ron scenarios/chemical_leak/orders_prompt.ron
//! ```
//!
//! The same three steps are what `drillsim run SCENARIO --orders FILE` does; the
//! GUI and the report build on them too.

use std::path::PathBuf;
use std::process::ExitCode;

use drillsim::scenario::{self, orders_file};
use drillsim::scoring;
use drillsim::sim::Engine;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(scenario_path), orders_path) = (args.next(), args.next()) else {
        eprintln!("usage: headless_run SCENARIO.ron [ORDERS.ron]");
        return ExitCode::from(2);
    };

    // 1. Load and validate: every mistake comes back at file:line:col.
    let s = match scenario::open(&scenario_path) {
        Ok(s) => s,
        Err(rendered) => {
            eprint!("{rendered}");
            return ExitCode::FAILURE;
        }
    };
    let orders = match &orders_path {
        Some(p) => match orders_file::load_orders(p, &s) {
            Ok(o) => o,
            Err(d) => {
                eprint!("{}", scenario::diag::render_diags(&d));
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };

    // 2. Run: the team's orders hold their seats, the plan plays every other seat.
    //    The same scenario, seed and orders always give the same events.
    let seed = s.meta.seed;
    let run = |inputs| -> Result<Engine, String> {
        let mut engine = Engine::new(s.clone(), seed, inputs)?;
        engine.run_to_end();
        Ok(engine)
    };
    let (mut team, plan) = match (run(orders), run(Vec::new())) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cannot build the exercise: {e}");
            return ExitCode::FAILURE;
        }
    };

    // 3. Score: a pure function of the scenario's objectives and the event log.
    let card = scoring::score(&s, team.events());
    let baseline = scoring::score(&s, plan.events());
    println!(
        "{}: {} events, state checksum {}",
        s.meta.name,
        team.events().len(),
        &team.checksum()[..16]
    );
    print!("{}", card.render(Some(&baseline)));
    ExitCode::SUCCESS
}
