//! [`RunObserver`]: something that follows a run as it happens — the recording
//! writer above all. The engine tells it of every input queued and every tick
//! completed, and lets it read the whole engine then (checksum, snapshot, events),
//! so recordings are written by [`crate::record`] without the engine depending on
//! them.

use super::engine::Engine;
use crate::order::Input;

/// Follows a run: called by [`Engine::push_input`] and [`Engine::step`]. An error
/// stops the observer (the run goes on); [`Engine::observer_error`] keeps the first.
pub trait RunObserver: Send + Sync {
    /// An input was queued while the engine's clock stood at `tick` (the tick to run
    /// next).
    fn input_queued(&mut self, tick: u64, input: &Input) -> Result<(), String>;

    /// Tick `ran` has run completely, its final events included (after the last tick
    /// the exercise's outcome and end are in the log).
    fn tick_done(&mut self, engine: &mut Engine, ran: u64) -> Result<(), String>;

    /// The run stops on purpose after its last tick run, before the end of the
    /// exercise ([`Engine::stop_early`]: `run --until`). Nothing by default.
    fn stopped_early(&mut self, _engine: &mut Engine) -> Result<(), String> {
        Ok(())
    }
}
