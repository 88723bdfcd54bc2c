//! The live tabletop exercise and the replay viewer (feature `gui`): a bevy app with
//! bevy_egui over the same [`Engine`](crate::sim::Engine). The GUI reads simulation
//! state and sends inputs; it never changes the state itself. The clock advances a
//! whole number of ticks per frame ([`clock`]), so a live session is as deterministic
//! as a headless run, and every live session is recorded.
//!
//! Layout: `app` builds the bevy app and holds the entry points; `session` what one
//! window shows and edits; `advance` the frame-advance system; `screenshot` and `bench`
//! the modes that end on their own; `panels/` the interface, one file per panel; `map`
//! the map; `words` the simulation's things by name in the interface language;
//! `fonts` the CJK font. `clock` and `i18n` build without the feature.

pub mod clock;
pub mod i18n;

#[cfg(feature = "gui")]
mod advance;
#[cfg(feature = "gui")]
mod app;
#[cfg(feature = "gui")]
mod bench;
#[cfg(feature = "gui")]
mod fonts;
#[cfg(feature = "gui")]
mod map;
#[cfg(feature = "gui")]
mod panels;
#[cfg(feature = "gui")]
mod screenshot;
#[cfg(feature = "gui")]
mod session;
#[cfg(feature = "gui")]
use crate::seat::words;

use std::path::PathBuf;

use crate::time::Dur;
pub use i18n::Lang;

/// `drillsim play`.
#[derive(Debug, Clone)]
pub struct PlayOptions {
    /// Scenario file.
    pub scenario: PathBuf,
    /// Seats people play (the plan plays the rest).
    pub seats: Vec<String>,
    /// Seed (`None`: the scenario's `meta.seed`).
    pub seed: Option<u64>,
    /// Orders file to start from (a team's prepared orders).
    pub orders: Option<PathBuf>,
    /// Where to record (default: `<scenario>-<unix time>.drec` here).
    pub record: Option<PathBuf>,
    /// Render once at `at`, save here and exit.
    pub screenshot: Option<PathBuf>,
    /// Time to start at (for screenshots: run headless to it first).
    pub at: Option<Dur>,
    /// Interface language.
    pub lang: Lang,
    /// Starting speed.
    pub speed: f64,
    /// Measure: run this many frames with the clock running, print frame times, exit.
    pub frames: Option<u32>,
    /// Tabs to open (`inbox`, `orders`, `facilitator`, `details`, `objectives`,
    /// `organisation`, `events`, `legend`), e.g. for a screenshot.
    pub show: Vec<String>,
}

/// `drillsim view`.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    /// Recording.
    pub recording: PathBuf,
    /// Render once at `at`, save here and exit.
    pub screenshot: Option<PathBuf>,
    /// Time to open at.
    pub at: Option<Dur>,
    /// Interface language.
    pub lang: Lang,
    /// Tabs to open (`inbox`, `details`, `objectives`, `organisation`, `events`,
    /// `legend`; a replay has no orders or facilitator tab).
    pub show: Vec<String>,
}

/// `drillsim compete ROUND --live TEAM`: an official live session of a competition
/// round. The round's scenario, seed and weather; the team's seats and no others; no
/// facilitator inputs; the clock held to the round's `max_speed`; a signed, paced
/// recording that is valid only once the exercise has run to its end.
#[derive(Clone)]
pub struct OfficialOptions {
    /// The round.
    pub round: crate::compete::Round,
    /// The team playing.
    pub team: String,
    /// The round's key.
    pub key: crate::record::sign::Key,
    /// Where the signed recording goes.
    pub output: PathBuf,
    /// Interface language.
    pub lang: Lang,
    /// Render once at the start, save here and exit (the recording stays unsigned).
    pub screenshot: Option<PathBuf>,
}

impl PlayOptions {
    /// The seed the session runs on: `--seed` when given, else the scenario's own
    /// `meta.seed` (as `run`, `score` and the report's baseline use).
    pub fn seed_for(&self, s: &crate::scenario::Scenario) -> u64 {
        self.seed.unwrap_or(s.meta.seed)
    }
}

/// What a build without the `gui` feature says.
pub const NO_GUI: &str = "this drillsim was built without its GUI; rebuild with \
    `cargo build --release --features gui` (see README: the GUI needs bevy's render stack)";

/// Open a live exercise.
pub fn play(o: PlayOptions) -> Result<(), String> {
    #[cfg(feature = "gui")]
    {
        app::play(o)
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = o;
        Err(NO_GUI.into())
    }
}

/// Open an official live session of a competition round.
pub fn play_official(o: OfficialOptions) -> Result<(), String> {
    #[cfg(feature = "gui")]
    {
        app::play_official(o)
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = o;
        Err(NO_GUI.into())
    }
}

/// Open the replay viewer.
pub fn view(o: ViewOptions) -> Result<(), String> {
    #[cfg(feature = "gui")]
    {
        app::view(o)
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = o;
        Err(NO_GUI.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `play` runs the scenario's `meta.seed` unless `--seed` is given (it used to
    /// default to 1 whatever the scenario said).
    #[test]
    fn play_uses_the_scenarios_seed() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic.ron");
        let s = crate::scenario::open(&path).expect("fixture loads");
        assert_eq!(s.meta.seed, 42);
        let mut o = PlayOptions {
            scenario: path,
            seats: Vec::new(),
            seed: None,
            orders: None,
            record: None,
            screenshot: None,
            at: None,
            lang: Lang::En,
            speed: 60.0,
            frames: None,
            show: Vec::new(),
        };
        assert_eq!(o.seed_for(&s), 42);
        o.seed = Some(7);
        assert_eq!(o.seed_for(&s), 7);
    }
}
