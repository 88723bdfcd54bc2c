//! The engine: messages take exactly the links' latencies, orders respect authority,
//! units drive the roads, and runs are deterministic — with a deliberate divergence
//! caught by the checksum.

use std::path::Path;
use std::sync::Arc;

use drillsim::order::{Input, Order, Task};
use drillsim::scenario::{self, Scenario};
use drillsim::scenario::{authority, orders_file};
use drillsim::sim::Engine;
use drillsim::sim::events::EventKind;
use drillsim::time::Dur;

fn fixture() -> Arc<Scenario> {
    let text = include_str!("fixtures/basic.ron");
    Arc::new(scenario::from_text(Path::new("tests/fixtures/basic.ron"), text).expect("valid"))
}

fn orders(s: &Scenario) -> Vec<Input> {
    orders_file::orders_from_text(
        Path::new("o.ron"),
        include_str!("fixtures/basic_orders.ron"),
        s,
    )
    .expect("valid orders")
}

fn msg(at: &str, seat: &str, to: &str, text: &str) -> Input {
    Input {
        at: at.parse().unwrap(),
        seat: seat.into(),
        order: Order::Message {
            to: to.into(),
            text: text.into(),
        },
    }
}

#[test]
fn a_message_takes_the_sum_of_the_link_latencies() {
    // district_hq → town_s (phone, 2 min) → v_dongwan (phone, 3 min) = 5 min
    let s = fixture();
    let mut e = Engine::new(
        s,
        1,
        vec![msg(
            "00:10:00",
            "district_hq",
            "v_dongwan",
            "prepare to evacuate",
        )],
    )
    .unwrap();
    e.run_through(200);
    let got = e.events().iter().find_map(|ev| match &ev.kind {
        EventKind::MessageReceived { to, transit_s, .. } if to == "v_dongwan" => {
            Some((ev.t_s, *transit_s))
        }
        _ => None,
    });
    assert_eq!(got, Some((15 * 60, 5 * 60)));
}

#[test]
fn a_failed_link_reroutes_and_a_cut_node_is_reported() {
    let s = fixture();
    let fail = |a: &str, b: &str, at: &str| Input {
        at: at.parse().unwrap(),
        seat: "facilitator".into(),
        order: Order::FailLink {
            a: a.into(),
            b: b.into(),
        },
    };
    // with the phone to Hedong's village down, the message goes via Dongwan's radio: 2 + 3 + 2 = 7 min
    let mut e = Engine::new(
        s.clone(),
        1,
        vec![
            fail("town_s", "v_hedong", "00:00:00"),
            msg("00:01:00", "district_hq", "v_hedong", "warn"),
        ],
    )
    .unwrap();
    e.run_through(100);
    assert!(e.events().iter().any(|ev| matches!(&ev.kind, EventKind::MessageReceived { to, transit_s: 420, .. } if to == "v_hedong")));
    // cut Xiwan off completely
    let mut e = Engine::new(
        s,
        1,
        vec![
            fail("town_s", "v_xiwan", "00:00:00"),
            msg("00:01:00", "district_hq", "v_xiwan", "warn"),
        ],
    )
    .unwrap();
    e.run_through(100);
    assert!(e.events().iter().any(
        |ev| matches!(&ev.kind, EventKind::MessageUndeliverable { to, .. } if to == "v_xiwan")
    ));
}

#[test]
fn orders_outside_authority_are_refused() {
    let s = fixture();
    // town_s does not command boat_1 (it is under district_hq directly)
    let bad = Input {
        at: Dur(0),
        seat: "town_s".into(),
        order: Order::Dispatch {
            unit: "boat_1".into(),
            to: "dongwan".into(),
            task: Task::Rescue,
        },
    };
    let reason = authority::check_input(&s, &bad).expect("refused").0;
    assert!(reason.contains("no authority"), "{reason}");
    let mut e = Engine::new(s.clone(), 1, vec![bad]).unwrap();
    e.run_through(5);
    assert!(
        e.events()
            .iter()
            .any(|ev| matches!(&ev.kind, EventKind::OrderRefused { seat, .. } if seat == "town_s"))
    );
    // and the orders file loader points at it
    let text = "[ (at: \"00:01:00\", seat: \"town_s\", order: Dispatch(unit: \"boat_1\", to: \"dongwan\", task: Rescue)) ]";
    let d = orders_file::orders_from_text(Path::new("o.ron"), text, &s).unwrap_err();
    assert_eq!(
        (d[0].line, d[0].col),
        (1, text.find("\"boat_1\"").unwrap() + 1)
    );
    assert!(d[0].message.contains("no authority"));
    // a capability the unit lacks
    let text = "[ (at: \"00:01:00\", seat: \"district_hq\", order: Dispatch(unit: \"police_1\", to: \"dongwan\", task: Sandbag)) ]";
    let d = orders_file::orders_from_text(Path::new("o.ron"), text, &s).unwrap_err();
    assert!(
        d[0].message.contains("cannot do Sandbag"),
        "{}",
        d[0].message
    );
}

#[test]
fn dispatched_units_drive_the_roads_and_arrive_on_time() {
    let s = fixture();
    let mut e = Engine::new(s.clone(), 1, orders(&s)).unwrap();
    e.run_to_end();
    let ev = e.events();
    for unit in ["eng_1", "boat_1", "boat_2"] {
        let (t0, eta) = ev
            .iter()
            .find_map(|x| match &x.kind {
                EventKind::UnitDispatched { unit: u, eta_s, .. } if u == unit => {
                    Some((x.t_s, *eta_s))
                }
                _ => None,
            })
            .expect("dispatched");
        let t1 = ev
            .iter()
            .find_map(|x| match &x.kind {
                EventKind::UnitArrived { unit: u, .. } if u == unit => Some(x.t_s),
                _ => None,
            })
            .expect("arrived");
        // arrives at the first tick at or after dispatch + travel time
        assert!(
            t1 >= t0 + eta - 1 && t1 < t0 + eta + s.meta.tick_s,
            "{unit}: {t0} + {eta} vs {t1}"
        );
    }
    assert!(matches!(ev.last().unwrap().kind, EventKind::ExerciseEnded));
}

#[test]
fn same_inputs_same_log_and_checksum() {
    let s = fixture();
    let run = || {
        let mut e = Engine::new(s.clone(), 7, orders(&s)).unwrap();
        let mut sums = Vec::new();
        for _ in 0..300 {
            e.step();
            sums.push(e.checksum());
        }
        (e.events().to_vec(), sums)
    };
    let (a, sa) = run();
    let (b, sb) = run();
    assert_eq!(a, b);
    assert_eq!(sa, sb);
}

#[test]
fn a_deliberate_divergence_is_caught_at_its_tick() {
    let s = fixture();
    let base = orders(&s);
    let mut changed = base.clone();
    // move one order by one minute: 00:06:00 → 00:07:00
    let i = changed.iter().position(|x| x.at == Dur(360)).unwrap();
    changed[i].at = Dur(420);
    let sums = |inputs: Vec<Input>| {
        let mut e = Engine::new(s.clone(), 7, inputs).unwrap();
        (0..200)
            .map(|_| {
                e.step();
                e.checksum()
            })
            .collect::<Vec<_>>()
    };
    let a = sums(base);
    let b = sums(changed);
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .expect("divergence detected");
    // tick 36 is 00:06:00, when the original order was applied
    assert_eq!(first, 36);
    // a different seed alone changes the random streams, hence the checksum
    let mut e1 = Engine::new(s.clone(), 1, vec![]).unwrap();
    let mut e2 = Engine::new(s, 2, vec![]).unwrap();
    e1.step();
    e2.step();
    assert_ne!(e1.checksum(), e2.checksum());
}

/// Issue 15: the facilitator's `DeliverInject` delivers a scheduled MSEL inject early,
/// as itself (queued for acknowledgement), and the engine does not deliver it again
/// at its scheduled time; a second delivery, or one after its time, is refused.
/// Deterministic: the same inputs give the same checksums, and a run without early
/// injects is not changed by the rule.
#[test]
fn an_inject_delivered_early_is_not_delivered_again_at_its_time() {
    let s = fixture();
    let deliver = |at: &str, inject: &str| Input {
        at: at.parse().unwrap(),
        seat: "facilitator".into(),
        order: Order::DeliverInject {
            inject: inject.into(),
        },
    };
    // I03 is scheduled at 01:00:00 for v_dongwan, I02 at 00:20:00
    let inputs = vec![
        deliver("00:30:00", "I03"),
        deliver("00:40:00", "I03"),
        deliver("00:40:00", "I02"),
    ];
    let run = |inputs: Vec<Input>| {
        let mut e = Engine::new(s.clone(), 1, inputs).unwrap();
        e.run_through(400);
        e
    };
    let mut e = run(inputs.clone());
    let delivered = |e: &Engine, id: &str| {
        e.events()
            .iter()
            .filter(
                |ev| matches!(&ev.kind, EventKind::InjectDelivered { inject, .. } if inject == id),
            )
            .map(|ev| ev.t_s)
            .collect::<Vec<u64>>()
    };
    assert_eq!(delivered(&e, "I03"), vec![1800], "once, early");
    assert_eq!(delivered(&e, "I02"), vec![1200], "once, at its time");
    // it waits for the village's acknowledgement like the scheduled inject
    let queued = e.events().iter().any(|ev| {
        ev.t_s == 1800
            && matches!(&ev.kind, EventKind::AwaitingAck { seat, item } if seat == "v_dongwan" && item.contains("I03"))
    });
    assert!(queued, "the early inject is queued for acknowledgement");
    let refused: Vec<String> = e
        .events()
        .iter()
        .filter_map(|ev| match &ev.kind {
            EventKind::OrderRefused { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            "inject `I03` has already been delivered".to_string(),
            "inject `I02` has already been delivered".to_string(),
        ]
    );
    // deterministic, and a seat may not deliver an inject
    assert_eq!(run(inputs).checksum(), e.checksum());
    let from_seat = Input {
        at: Dur(600),
        seat: "district_hq".into(),
        order: Order::DeliverInject {
            inject: "I03".into(),
        },
    };
    assert!(authority::check_input(&s, &from_seat).is_some());
    let unknown = deliver("00:10:00", "I99");
    assert!(authority::check_input(&s, &unknown).is_some());
    // without early injects nothing changes: each inject once, at its time
    let plain = run(vec![]);
    assert_eq!(delivered(&plain, "I03"), vec![3600]);
    assert_eq!(delivered(&plain, "I01"), vec![0]);
}
