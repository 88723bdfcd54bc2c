//! Live objective status (`scoring::live`): on every bundled scenario, with the plan
//! alone or an orders file, an objective called Met or Failed
//! during the run keeps that answer to the end, a Pending deadline never runs out
//! while still Pending, the answer at the end is the scorecard's, and a rating (P/S/M/U
//! and points) given during the run is the final scorecard's.

use std::path::Path;

use drillsim::scenario::{self, orders_file};
use drillsim::scoring::live::{LiveStatus, live};
use drillsim::scoring::score;
use drillsim::sim::Engine;

fn check(scenario_path: &str, orders: Option<&str>) -> (usize, usize, usize) {
    let s = scenario::open(Path::new(scenario_path)).expect("bundled scenario");
    let inputs = match orders {
        Some(o) => orders_file::load_orders(Path::new(o), &s).expect("bundled orders"),
        None => Vec::new(),
    };
    let mut e = Engine::new(s.clone(), s.meta.seed, inputs).expect("engine");
    let n = s.objectives.len();
    // the first decided answer per objective and when it was given
    let mut decided: Vec<Option<(LiveStatus, u64)>> = vec![None; n];
    // the first rating given per objective, with its points and when it was given
    let mut rated: Vec<Option<(drillsim::scoring::Rating, Option<f64>, u64)>> = vec![None; n];
    let mut early = (0, 0, 0);
    let every = (s.meta.ticks() / 400).max(1);
    while !e.finished() {
        e.step();
        let tick = e.clock().tick - 1;
        if !tick.is_multiple_of(every) && !e.finished() {
            continue;
        }
        for (i, o) in live(&s, &e).iter().enumerate() {
            if let Some(r) = o.rating {
                rated[i].get_or_insert((r, o.points, tick));
            }
            match (o.status, decided[i]) {
                (LiveStatus::Pending { left_s }, None) => {
                    if let Some(l) = left_s {
                        assert!(
                            l > 0 || e.finished(),
                            "{scenario_path} {:?}: {} pending with no time left at tick {tick}",
                            orders,
                            o.id
                        );
                    }
                }
                (LiveStatus::Pending { .. }, Some((d, at))) => panic!(
                    "{scenario_path} {orders:?}: {} was {d:?} at tick {at} and is Pending again at tick {tick}",
                    o.id
                ),
                (st, None) => decided[i] = Some((st, tick)),
                (st, Some((d, at))) => assert_eq!(
                    st, d,
                    "{scenario_path} {orders:?}: {} was {d:?} at tick {at}, {st:?} at tick {tick}",
                    o.id
                ),
            }
        }
    }
    let card = score(&s, e.events());
    let last = e.clock().last_tick;
    let end = live(&s, &e);
    for (i, (o, c)) in end.iter().zip(&card.objectives).enumerate() {
        let want = if c.met {
            LiveStatus::Met
        } else {
            LiveStatus::Failed
        };
        assert_eq!(
            o.status, want,
            "{scenario_path} {orders:?}: {} at the end",
            o.id
        );
        // a rating given during the run is the final scorecard's, points and all
        assert_eq!(
            o.rating,
            Some(c.rating),
            "{scenario_path} {orders:?}: {} at the end",
            o.id
        );
        if let Some((r, p, at)) = rated[i] {
            if at < last && r != drillsim::scoring::Rating::P {
                early.2 += 1;
            }
            assert_eq!(
                (r, p),
                (c.rating, Some(c.points)),
                "{scenario_path} {orders:?}: {} rated at tick {at}",
                o.id
            );
        }
        if let Some((st, at)) = decided[i] {
            assert_eq!(
                st, want,
                "{scenario_path} {orders:?}: {} decided at tick {at}",
                o.id
            );
            if at < last {
                if st == LiveStatus::Met {
                    early.0 += 1;
                } else {
                    early.1 += 1;
                }
            }
        }
    }
    early
}

fn all(dir: &str, name: &str, orders: &[&str]) -> (usize, usize, usize) {
    let sc = format!("scenarios/{dir}/{name}.ron");
    let mut early = (0, 0, 0);
    for o in orders {
        let path = format!("scenarios/{dir}/orders_{o}.ron");
        let (m, f, r) = check(&sc, Some(&path));
        early.0 += m;
        early.1 += f;
        early.2 += r;
    }
    early
}

// The prompt and slow orders files decide objectives both ways; each run is a whole
// exercise, so the heavier scenarios run with one of them only.

#[test]
fn flood_live_status_agrees_with_the_scorecard() {
    let (met, failed, rated) = all("flood", "riverside", &["prompt", "slow"]);
    // the statuses are decided before the end, not only at it, and a late response
    // gets its final rating (S, M or U) as soon as it comes
    assert!(
        met > 0 && failed > 0 && rated > 0,
        "{met} met early, {failed} failed early, {rated} rated S/M/U early"
    );
}

#[test]
fn fire_live_status_agrees_with_the_scorecard() {
    all("forest_fire", "hills", &["slow"]);
}

#[test]
fn leak_live_status_agrees_with_the_scorecard() {
    all("chemical_leak", "park", &["prompt"]);
}

#[test]
fn cascade_live_status_agrees_with_the_scorecard() {
    let (met, failed, _) = all("cascade", "cascade", &["prompt", "slow"]);
    assert!(
        met > 0 && failed > 0,
        "{met} met early, {failed} failed early"
    );
}

#[test]
fn plan_alone_live_status_agrees_with_the_scorecard() {
    check("scenarios/flood/riverside.ron", None);
}

/// The number in `text` just before `word` ("none of 2 acknowledged" → 2 for
/// "acknowledged" after "none of"), or 0.
fn count_before(text: &str, word: &str) -> usize {
    text.find(word)
        .and_then(|i| text[..i].split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A live acknowledgement objective accounts for every item waiting at its seats: those
/// past the target ("never", "none of N acknowledged") and those still inside it ("K
/// waiting within the time"). The GUI read "none of 2 acknowledged" while 4 items
/// waited, the two inside their time unmentioned.
#[test]
fn live_acknowledgement_value_counts_every_item_waiting() {
    use drillsim::scenario::raw::RawTarget;
    let p = "scenarios/flood/riverside.ron";
    let s = scenario::open(Path::new(p)).expect("bundled scenario");
    let inputs =
        orders_file::load_orders(Path::new("scenarios/flood/orders_slow.ron"), &s).expect("orders");
    let mut e = Engine::new(s.clone(), s.meta.seed, inputs).expect("engine");
    let mut checked_in_time = 0;
    while !e.finished() {
        e.step();
        let tick = e.clock().tick - 1;
        if !tick.is_multiple_of(6) {
            continue;
        }
        let pending = &e
            .world()
            .resource::<drillsim::sim::command::CommandState>()
            .pending;
        let lives = live(&s, &e);
        for (o, lo) in s.objectives.iter().zip(&lives) {
            let RawTarget::AcknowledgeWithin { seats, .. } = &o.target else {
                continue;
            };
            let waiting: usize = pending
                .iter()
                .filter(|(m, _)| {
                    seats.is_empty() || seats.iter().any(|x| *x == s.org.member(**m).id)
                })
                .map(|(_, v)| v.len())
                .sum();
            let v = &lo.value;
            let never = count_before(v, "never").max(if v.starts_with("none of ") {
                count_before(v, "acknowledged")
            } else {
                0
            });
            let in_time = count_before(v, "waiting within the time");
            if in_time > 0 {
                checked_in_time += 1;
            }
            assert_eq!(
                never + in_time,
                waiting,
                "{}: tick {tick}: '{v}' but {waiting} items wait",
                o.id
            );
        }
    }
    assert!(
        checked_in_time > 0,
        "some moment had items waiting inside their time"
    );
}
