//! `drillsim compete`: a competition round's commands (new key, official sessions,
//! plays, judging and the leaderboard), split from `cli.rs` to keep each file to one
//! concept.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CompeteArgs, screenshot_outputs};
use crate::scenario::diag::render_diags;
use crate::time::hms;

pub(super) fn compete(a: CompeteArgs) -> Result<ExitCode, String> {
    use crate::compete::{Mode, Round, board, judge};
    use crate::output::{Kind, Plan};
    use crate::record::sign::Key;
    // every file the command reads and writes, checked before any work
    // the round first: its scenario and every file that reads are inputs too
    let round = Round::load(&a.round).map_err(|d| render_diags(&d))?;
    let mut plan = Plan::new(a.force);
    plan.input(&a.round, "round file");
    round.scenario.source.protect(&mut plan);
    for (p, what) in [(&a.key, "key file"), (&a.orders, "orders file")] {
        if let Some(p) = p {
            plan.input(p, what);
        }
    }
    for r in &a.judge {
        plan.input(r, "recording");
    }
    if let Some(p) = &a.new_key {
        plan.output(p, Kind::Key)?;
    }
    if let Some(p) = &a.output {
        plan.output(p, Kind::Recording)?;
    }
    if let Some(p) = &a.screenshot {
        screenshot_outputs(&mut plan, p)?;
    }
    for (p, what) in [
        (&a.html, "leaderboard"),
        (&a.csv, "leaderboard"),
        (&a.json, "leaderboard"),
        (&a.report, "report"),
    ] {
        if let Some(p) = p {
            plan.output(p, Kind::Ordinary(what))?;
        }
    }
    if let Some(path) = &a.new_key {
        let k = Key::generate();
        // officials only: readable by its owner
        let mut f = crate::output::create_new(path, Kind::Key, Some(0o600))?;
        writeln!(f, "{}", k.to_hex())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        crate::outln!(
            "wrote a new key for round `{}` to {} (key id {}); give it to the officials only",
            round.id,
            path.display(),
            k.id()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let key = a.key.as_deref().map(Key::load).transpose()?;
    if a.output.is_some() && a.play.is_none() && a.live.is_none() && a.serve.is_none() {
        return Err(
            "-o names the recording of a session: give it with --play, --live or --serve".into(),
        );
    }
    if let Some(team) = &a.serve {
        let (Some(out), Some(key)) = (&a.output, &key) else {
            return Err("--serve needs --key and -o".into());
        };
        round.team(team)?;
        if round.mode(crate::record::SessionMode::Live).is_none() {
            return Err(format!(
                "round `{}` does not allow live sessions; add Live(max_speed: …) to its modes",
                round.id
            ));
        }
        crate::server::serve_official(crate::server::OfficialOptions {
            round,
            team: team.clone(),
            key: key.clone(),
            output: out.clone(),
            listen: a.listen,
            url: a.url.clone(),
            lang: a.web_lang,
            observers: a.observers,
            links: None,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(team) = &a.live {
        let (Some(out), Some(key)) = (&a.output, &key) else {
            return Err("--live needs --key and -o".into());
        };
        // say what is wrong with the team or the round before any window opens
        round.team(team)?;
        if round.mode(crate::record::SessionMode::Live).is_none() {
            return Err(format!(
                "round `{}` does not allow live sessions; add Live(max_speed: …) to its modes",
                round.id
            ));
        }
        crate::gui::play_official(crate::gui::OfficialOptions {
            round,
            team: team.clone(),
            key: key.clone(),
            output: out.clone(),
            lang: a.lang,
            screenshot: a.screenshot.clone(),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(team) = &a.play {
        let (Some(orders), Some(out), Some(key)) = (&a.orders, &a.output, &key) else {
            return Err("--play needs --orders, --key and -o".into());
        };
        // a team the round lacks is the argument's mistake, not the orders file's
        round.team(team)?;
        let (inputs, warnings) = round
            .load_team_orders(team, orders)
            .map_err(|d| render_diags(&d))?;
        for w in &warnings {
            crate::errln!("warning: {}", w.headline());
        }
        let t0 = std::time::Instant::now();
        let mut e = round.start_session(
            team,
            crate::record::SessionMode::OrdersFile,
            inputs,
            out,
            key,
        )?;
        e.run_to_end();
        if let Some(err) = e.record_error() {
            return Err(format!("the recording failed: {err}"));
        }
        let card = crate::scoring::score(&round.scenario, e.events());
        let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
        crate::outln!(
            "official session of round `{}` for team `{}`: {} events, {:.1} of {:.1} points before weights; signed recording {} ({:.0} kB) in {:.1} s",
            round.id,
            team,
            e.events().len(),
            card.total,
            card.max_total,
            out.display(),
            size as f64 / 1024.0,
            t0.elapsed().as_secs_f64()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !a.judge.is_empty() {
        let Some(key) = &key else {
            return Err("--judge needs --key".into());
        };
        let j = judge::judge(&round, key, &a.judge);
        crate::out!("{}", board::render_text(&j));
        board::write(
            &j,
            a.html.as_deref(),
            a.csv.as_deref(),
            a.json.as_deref(),
            a.force,
        )?;
        for (what, p) in [("HTML", &a.html), ("CSV", &a.csv), ("JSON", &a.json)] {
            if let Some(p) = p {
                crate::outln!("wrote the leaderboard as {what} to {}", p.display());
            }
        }
        if let Some(p) = &a.report {
            let files: Vec<PathBuf> = j.entries.iter().map(|e| e.file.clone()).collect();
            if files.is_empty() {
                crate::errln!("warning: no accepted recording: no comparison report written");
            } else {
                let r = crate::report::build(&files)?;
                for w in &r.warnings {
                    crate::errln!("warning: {w}");
                }
                crate::report::write_all(&r, p, None, None, a.force)?;
                crate::outln!("wrote the comparison report to {}", p.display());
            }
        }
        return Ok(if j.rejected.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    // describe the round
    crate::outln!(
        "{} — round `{}` (file hash {})",
        round.name,
        round.id,
        &round.hash[..12]
    );
    crate::outln!(
        "  scenario {} (\"{}\"), seed {}, weather {}, time limit {}",
        round.scenario.source.path.display(),
        round.scenario.meta.name,
        round.seed,
        round.weather_name.as_deref().unwrap_or("as scripted"),
        hms(round.time_limit_s)
    );
    let modes: Vec<String> = round
        .modes
        .iter()
        .map(|m| match m {
            Mode::OrdersFile => "orders file".to_string(),
            Mode::Live {
                max_speed,
                max_wall_s,
            } => format!(
                "live at most {max_speed}× real time{}",
                max_wall_s
                    .map(|w| format!(" within {}", hms(w)))
                    .unwrap_or_default()
            ),
        })
        .collect();
    crate::outln!("  modes: {}", modes.join("; "));
    for o in &round.scenario.objectives {
        crate::outln!(
            "  objective {} weight {}: {}",
            o.id,
            round.weight(&o.id),
            o.title
        );
    }
    crate::outln!(
        "  authority violations: {:?}; late orders: {:?}; tie-breaks: {}",
        round.authority_violation,
        round.late_order,
        round
            .tie_breaks
            .iter()
            .map(judge::tie_break_name)
            .collect::<Vec<_>>()
            .join(", then ")
    );
    for t in &round.teams {
        crate::outln!("  team {} ({}): {}", t.id, t.name, t.seats.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
