//! The pace rule of an official live session: how many ticks it may run now so that
//! the simulated time the judge reads never runs ahead of the round's fastest pace
//! ([`judge::PACE_SLACK_S`](super::judge::PACE_SLACK_S) is the judge's tolerance).
//! Every front end that runs an official session (the GUI, the exercise server) holds
//! its clock with [`ticks_allowed`] and [`OFFICIAL_SLACK_S`], so both stay inside
//! what the judge accepts by the same margin.

/// Simulated seconds an official session may run ahead of `max_speed × wall`: half of
/// the judge's [`PACE_SLACK_S`](super::judge::PACE_SLACK_S), so a session held to it
/// is never refused for its pace.
pub const OFFICIAL_SLACK_S: f64 = super::judge::PACE_SLACK_S as f64 / 2.0;

/// How many more ticks an official live session may run now without going faster
/// than the round allows: after them, the simulated time the judge reads
/// (`(next tick - 1) × tick_s`) stays within `max_speed × wall_s + slack_s`.
/// `next_tick` is the tick the engine runs next.
pub fn ticks_allowed(
    next_tick: u64,
    tick_s: u64,
    max_speed: f64,
    wall_s: f64,
    slack_s: f64,
) -> u64 {
    let tick_s = tick_s.max(1) as f64;
    let budget = (max_speed * wall_s.max(0.0) + slack_s.max(0.0)) / tick_s;
    // after n more ticks the judge reads (next_tick + n - 1) ticks of simulated time
    let most = budget.floor() as u64 + 1;
    most.saturating_sub(next_tick)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_sessions_keep_to_the_rounds_pace() {
        // ×4 with 60-s ticks and 30 s of slack: at the start, tick 0 only
        assert_eq!(ticks_allowed(0, 60, 4.0, 0.0, 30.0), 1);
        assert_eq!(ticks_allowed(1, 60, 4.0, 0.0, 30.0), 0);
        // after 60 s of wall clock: 270 s simulated → ticks 0..=4 run
        assert_eq!(ticks_allowed(1, 60, 4.0, 60.0, 30.0), 4);
        assert_eq!(ticks_allowed(5, 60, 4.0, 60.0, 30.0), 0);
        // whatever the frames, the judge's check holds after running what is allowed
        let mut next = 0u64;
        for frame in 0..2000 {
            let wall = frame as f64 * 0.37;
            next += ticks_allowed(next, 60, 4.0, wall, 30.0);
            let sim_s = next.saturating_sub(1) * 60;
            assert!(sim_s as f64 <= 4.0 * wall + 30.0, "frame {frame}");
        }
        // and it kept up: within a tick and the slack of the allowed pace
        let wall = 1999.0 * 0.37;
        assert!(((next - 1) * 60) as f64 >= 4.0 * wall + 30.0 - 60.0);
    }
}
