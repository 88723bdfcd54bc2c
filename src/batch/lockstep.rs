//! Runs of a batch in lockstep, sharing their flood: every run steps tick 0, then every
//! run tick 1, and so on, all through one [`FloodExchange`], so the flood is computed
//! once per distinct history of the inputs that change the water, not once per run
//! ([`crate::sim::flood_share`]).
//!
//! The runs are dealt round-robin to worker threads (as many as rayon's pool has:
//! `RAYON_NUM_THREADS` sets it); a thread builds, steps and scores its own runs (an
//! engine stays on the thread that built it) and the threads meet at a barrier after
//! every tick.
//!
//! Invariant: each run is stepped exactly as it would be alone (same engine, same
//! ticks, same order of systems); only who computes a flood step changes, never its
//! result, so every run's events and checksums are those of the run alone.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex};

use crate::order::Input;
use crate::scenario::Scenario;
use crate::sim::Engine;
use crate::sim::flood_share::FloodExchange;

/// How many runs are kept in lockstep at once (bounds the memory of a large batch:
/// every run in the window is alive together). Runs of later windows share nothing
/// with earlier ones but the scenario.
pub const WINDOW: usize = 1000;

/// What a lockstep batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockstepStats {
    /// Flood steps computed.
    pub flood_steps_computed: u64,
    /// Flood steps the runs asked for (one per run and tick that changes the water).
    pub flood_steps_asked: u64,
}

/// Runs `seeds` of `s` with `inputs`, each through tick `last` (or to its end), in
/// lockstep sharing one flood exchange, on `threads` threads (≥ 1); `finish` turns each
/// finished engine into its result, returned in the order of `seeds`. `progress` is
/// told the run-ticks done so far after every tick.
pub fn run_shared<R: Send>(
    s: &Arc<Scenario>,
    inputs: &[Input],
    seeds: &[u64],
    last: Option<u64>,
    threads: usize,
    finish: impl Fn(&mut Engine, u64) -> R + Sync,
    progress: impl Fn(u64) + Sync,
) -> Result<(Vec<R>, LockstepStats), String> {
    let exchange = FloodExchange::new(s.clone());
    let threads = threads.clamp(1, seeds.len().max(1));
    // every run steps ticks 0 ..= min(last, last tick): the same number of rounds
    let rounds = last.unwrap_or(u64::MAX).min(s.meta.ticks()) + 1;
    let barrier = Barrier::new(threads);
    let failed = AtomicBool::new(false);
    let error: Mutex<Option<String>> = Mutex::new(None);
    let done = AtomicU64::new(0);
    let results: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let (exchange, barrier, failed, error, done) =
                    (&exchange, &barrier, &failed, &error, &done);
                let (finish, progress) = (&finish, &progress);
                scope.spawn(move || {
                    let fail = |e: String| {
                        failed.store(true, Ordering::SeqCst);
                        error
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get_or_insert(e);
                    };
                    // a panic on one thread must not leave the others at the barrier:
                    // it is caught, the batch stops stepping, and it is raised again
                    // once every thread has passed its last barrier
                    let mut panic = None;
                    let mine: Vec<usize> = (k..seeds.len()).step_by(threads).collect();
                    let built = catch_unwind(AssertUnwindSafe(|| {
                        mine.iter()
                            .map(|&i| {
                                let mut e = Engine::new(s.clone(), seeds[i], inputs.to_vec())?;
                                e.share_flood(exchange)?;
                                Ok(e)
                            })
                            .collect::<Result<Vec<Engine>, String>>()
                    }));
                    let mut engines = match built {
                        Ok(Ok(v)) => v,
                        Ok(Err(e)) => {
                            fail(e);
                            Vec::new()
                        }
                        Err(p) => {
                            fail("a run panicked".into());
                            panic = Some(p);
                            Vec::new()
                        }
                    };
                    barrier.wait();
                    for _ in 0..rounds {
                        if !failed.load(Ordering::SeqCst) {
                            let r = catch_unwind(AssertUnwindSafe(|| {
                                let mut stepped = 0;
                                for e in &mut engines {
                                    if !e.finished() && last.is_none_or(|t| e.clock().tick <= t) {
                                        e.step();
                                        stepped += 1;
                                    }
                                }
                                stepped
                            }));
                            match r {
                                Ok(n) => {
                                    done.fetch_add(n, Ordering::Relaxed);
                                }
                                Err(p) => {
                                    fail("a run panicked".into());
                                    panic = Some(p);
                                }
                            }
                        }
                        if barrier.wait().is_leader() {
                            progress(done.load(Ordering::Relaxed));
                        }
                    }
                    if let Some(p) = panic {
                        resume_unwind(p);
                    }
                    if failed.load(Ordering::SeqCst) {
                        return Vec::new();
                    }
                    mine.into_iter()
                        .zip(engines.iter_mut())
                        .map(|(i, e)| (i, finish(e, seeds[i])))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| resume_unwind(p)))
            .collect()
    });
    if let Some(e) = error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let mut all: Vec<(usize, R)> = results.into_iter().flatten().collect();
    all.sort_by_key(|r| r.0);
    let (computed, asked) = exchange.stats();
    Ok((
        all.into_iter().map(|r| r.1).collect(),
        LockstepStats {
            flood_steps_computed: computed,
            flood_steps_asked: asked,
        },
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::order::{Order, Task};
    use crate::sim::events::Event;
    use crate::sim::hazards::HazardState;
    use crate::time::Dur;

    /// The report fixture: a 200 × 150 flood whose plan sends the engineers to raise a
    /// sandbag ring at Dongwan after a seeded decision delay (1–8 min), so runs of
    /// different seeds start their walls at different ticks.
    fn fixture() -> Arc<Scenario> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report.ron");
        Arc::new(crate::scenario::load(&p).expect("fixture validates"))
    }

    fn alone(s: &Arc<Scenario>, seed: u64, inputs: &[Input], last: u64) -> (String, Vec<Event>) {
        let mut e = Engine::new(s.clone(), seed, inputs.to_vec()).unwrap();
        e.run_through(last);
        (e.checksum(), e.events().to_vec())
    }

    fn flood(e: &Engine) -> Arc<crate::hazard::flood::FloodGrid> {
        e.world()
            .resource::<HazardState>()
            .flood
            .clone()
            .expect("a flood")
    }

    const LAST: u64 = 540; // 1 h 30 min: every seed's wall is under way

    #[test]
    fn shared_batch_gives_every_run_its_own_results_bit_for_bit() {
        let s = fixture();
        // seed 1 twice: the second copy never computes a flood step of its own
        let seeds = [1, 2, 3, 4, 5, 6, 7, 1];
        let (shared, stats) = run_shared(
            &s,
            &[],
            &seeds,
            Some(LAST),
            2,
            |e, _| (e.checksum(), e.events().to_vec()),
            |_| {},
        )
        .unwrap();
        for (&seed, got) in seeds.iter().zip(&shared) {
            assert_eq!(*got, alone(&s, seed, &[], LAST), "seed {seed}");
        }
        // every run asks once per tick that moves the water (tick 0 does not)
        assert_eq!(stats.flood_steps_asked, LAST * seeds.len() as u64);
        // the walls made the runs fork: more than one flood per tick ...
        assert!(stats.flood_steps_computed > LAST, "{stats:?}");
        // ... but the twin of seed 1 and the ticks before the walls were shared
        assert!(
            stats.flood_steps_computed + LAST <= stats.flood_steps_asked,
            "{stats:?}"
        );
    }

    /// The road depths read off a shared flood are computed once per state and tick:
    /// the same state in the same tick is not computed again, another state or the
    /// next tick is.
    #[test]
    fn road_depths_are_computed_once_per_state_and_tick() {
        let exchange = FloodExchange::new(fixture());
        let grid = |d: f64| {
            let mut g =
                crate::hazard::flood::FloodGrid::new(2, 1, 10.0, vec![0.0; 2], vec![0.03; 2])
                    .unwrap();
            g.set_depth(0, d).unwrap();
            Arc::new(g)
        };
        let (a, b) = (grid(0.5), grid(0.7));
        let calls = std::cell::Cell::new(0);
        let depths = |tick: u64, f: &Arc<crate::hazard::flood::FloodGrid>| {
            exchange.road_depths(tick, f, || {
                calls.set(calls.get() + 1);
                vec![f.depth(0).unwrap()]
            })
        };
        assert_eq!(*depths(5, &a), vec![0.5]);
        assert_eq!(*depths(5, &a), vec![0.5]);
        assert_eq!(calls.get(), 1, "same state, same tick");
        assert_eq!(*depths(5, &b), vec![0.7]);
        assert_eq!(calls.get(), 2, "another state");
        assert_eq!(*depths(6, &a), vec![0.5]);
        assert_eq!(calls.get(), 3, "the next tick");
    }

    #[test]
    fn a_run_whose_orders_change_the_water_gets_its_own_flood() {
        let s = fixture();
        // the team sends the engineers at once; the plan sends them after its delay
        let order = Input {
            at: Dur(300),
            seat: "district_hq".into(),
            order: Order::Dispatch {
                unit: "eng_1".into(),
                to: "dongwan".into(),
                task: Task::Sandbag,
            },
        };
        let exchange = FloodExchange::new(s.clone());
        let mut team = Engine::new(s.clone(), 1, vec![order.clone()]).unwrap();
        let mut plan = Engine::new(s.clone(), 1, vec![]).unwrap();
        let mut twin = Engine::new(s.clone(), 1, vec![]).unwrap();
        for e in [&mut team, &mut plan, &mut twin] {
            e.share_flood(&exchange).unwrap();
        }
        let wall = |e: &Engine| {
            let hz = e.world().resource::<HazardState>();
            hz.built.values().copied().sum::<usize>()
        };
        let (mut fork, mut first_wall) = (None, None);
        for _ in 0..=LAST {
            for e in [&mut team, &mut plan, &mut twin] {
                e.step();
            }
            let t = team.clock().tick - 1;
            if fork.is_none() && !Arc::ptr_eq(&flood(&team), &flood(&plan)) {
                fork = Some(t);
            }
            if first_wall.is_none() && wall(&team) + wall(&plan) > 0 {
                first_wall = Some(t);
            }
            // runs with the same inputs never fork
            assert!(Arc::ptr_eq(&flood(&plan), &flood(&twin)), "tick {t}");
        }
        let fork = fork.expect("the team's wall forks its flood");
        // shared until the first wall cell, forked in its tick
        assert_eq!(Some(fork), first_wall);
        assert!(fork > 30, "forked at {fork}");
        assert_ne!(wall(&team), wall(&plan));
        // each run is still exactly itself
        assert_eq!(
            (team.checksum(), team.events().to_vec()),
            alone(&s, 1, &[order], LAST)
        );
        assert_eq!(
            (plan.checksum(), plan.events().to_vec()),
            alone(&s, 1, &[], LAST)
        );
        // a run that joins late or from another scenario is refused
        assert!(team.share_flood(&exchange).is_err());
        let other = Arc::new((*s).clone());
        let mut stranger = Engine::new(other, 1, vec![]).unwrap();
        assert!(stranger.share_flood(&exchange).is_err());
    }
}
