//! How many whole simulation ticks a frame advances. The wall clock only decides *how
//! many* ticks run in a frame, never what happens in them, so a live session is as
//! deterministic as a headless run of the same inputs.

/// Slowest and fastest speeds offered, as multiples of real time.
pub const SPEEDS: [f64; 9] = [1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0];

/// The run/pause state and the fraction of a tick carried between frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// Running (true) or paused.
    pub running: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Simulated seconds owed but not yet run (less than one tick).
    carry_s: f64,
    /// Ticks asked for by "step" while paused.
    steps: u64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            running: false,
            speed: 60.0,
            carry_s: 0.0,
            steps: 0,
        }
    }
}

impl Pace {
    /// A pace at `speed`, paused.
    pub fn new(speed: f64) -> Self {
        Pace {
            speed: speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            ..Pace::default()
        }
    }

    /// Run one tick at the next frame (and pause).
    pub fn step(&mut self) {
        self.running = false;
        self.steps += 1;
    }

    /// Set the speed (clamped to ×1–×600).
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
    }

    /// Whole ticks to run for a frame that took `frame_s` of real time, with ticks of
    /// `tick_s` simulated seconds. At most `max_ticks` (the rest is dropped, so a slow
    /// frame does not snowball); the fraction of a tick is carried to the next frame.
    pub fn ticks_for_frame(&mut self, frame_s: f64, tick_s: u64, max_ticks: u64) -> u64 {
        let stepped = std::mem::take(&mut self.steps);
        if !self.running {
            self.carry_s = 0.0;
            return stepped.min(max_ticks.max(1));
        }
        let tick_s = tick_s.max(1) as f64;
        // a frame longer than a quarter second is a stall (window dragged, debugger)
        let owed = self.carry_s + frame_s.clamp(0.0, 0.25) * self.speed;
        let whole = (owed / tick_s).floor();
        let n = (whole as u64).min(max_ticks);
        self.carry_s = if n < whole as u64 {
            0.0
        } else {
            owed - whole * tick_s
        };
        n + stepped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_ticks_with_carry() {
        let mut p = Pace::new(60.0);
        p.running = true;
        // 60 frames of 1/60 s at ×60 with 10-s ticks: 60 simulated seconds = 6 ticks
        let n: u64 = (0..60)
            .map(|_| p.ticks_for_frame(1.0 / 60.0, 10, 100))
            .sum();
        assert_eq!(n, 6);
    }

    #[test]
    fn paused_runs_only_steps() {
        let mut p = Pace::new(600.0);
        assert_eq!(p.ticks_for_frame(0.1, 5, 100), 0);
        p.step();
        p.step();
        assert_eq!(p.ticks_for_frame(0.1, 5, 100), 2);
        assert_eq!(p.ticks_for_frame(0.1, 5, 100), 0);
    }

    #[test]
    fn speed_is_clamped_and_stalls_capped() {
        let mut p = Pace::new(10_000.0);
        assert_eq!(p.speed, 600.0);
        p.set_speed(0.1);
        assert_eq!(p.speed, 1.0);
        p.set_speed(600.0);
        p.running = true;
        // a 5-second stall counts as 0.25 s: 150 simulated seconds
        assert_eq!(p.ticks_for_frame(5.0, 10, 1000), 15);
        // the frame cap holds and drops the excess
        assert_eq!(p.ticks_for_frame(0.25, 1, 20), 20);
        assert_eq!(p.ticks_for_frame(0.0, 1, 20), 0);
    }
}
