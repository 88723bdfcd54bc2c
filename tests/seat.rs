//! What a seat may know and do (`seat`): the pickers pass the authority check of
//! orders files and nothing else, the inbox counts down to the acknowledgement
//! target, the hazard is reported near the seat's units and places only, and the
//! console sees every seat.

use std::path::Path;

use drillsim::order::{Input, Order, WarningLevel};
use drillsim::scenario::authority::check_input;
use drillsim::scenario::{self, MemberKind};
use drillsim::seat;
use drillsim::sim::Engine;
use drillsim::time::Dur;

fn fixture() -> std::sync::Arc<scenario::Scenario> {
    scenario::open(Path::new("tests/fixtures/serve.ron")).expect("valid fixture")
}

#[test]
fn pickers_offer_exactly_what_the_authority_check_allows() {
    let s = fixture();
    for m in &s.org.members {
        if !matches!(m.kind, MemberKind::Command { .. }) {
            continue;
        }
        let c = seat::order_choices(&s, &m.id);
        for (u, tasks) in &c.units {
            for t in tasks {
                let task = serde_json::from_value(serde_json::json!(t)).unwrap();
                let i = Input {
                    at: Dur(0),
                    seat: m.id.clone(),
                    order: Order::Dispatch {
                        unit: u.id.clone(),
                        to: "dongwan".into(),
                        task,
                    },
                };
                assert_eq!(check_input(&s, &i), None, "{} offered {} {t}", m.id, u.id);
            }
        }
        // every unit left out would be refused
        for spec in &s.org.units {
            let uid = &s.org.member(spec.member).id;
            if c.units.iter().any(|(u, _)| &u.id == uid) {
                continue;
            }
            let i = Input {
                at: Dur(0),
                seat: m.id.clone(),
                order: Order::Recall { unit: uid.clone() },
            };
            assert!(check_input(&s, &i).is_some(), "{} could recall {uid}", m.id);
        }
        for p in &s.places {
            let i = Input {
                at: Dur(0),
                seat: m.id.clone(),
                order: Order::Warn {
                    places: vec![p.id.clone()],
                    level: WarningLevel::Red,
                    channel: drillsim::order::Channel::Radio,
                },
            };
            let offered = c.covered.iter().any(|x| x.id == p.id);
            assert_eq!(
                offered,
                check_input(&s, &i).is_none(),
                "{} warn {}",
                m.id,
                p.id
            );
        }
        assert_eq!(
            c.kinds.iter().any(|k| k == "set_level"),
            m.id == "district_hq",
            "{}",
            m.id
        );
    }
    let v = seat::order_choices(&s, "v_dongwan");
    assert_eq!(
        v.covered.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["dongwan"]
    );
    assert!(v.units.is_empty());
    assert!(
        seat::order_choices(&s, "boat_1").kinds.is_empty(),
        "a unit is no seat"
    );
}

#[test]
fn the_inbox_counts_down_and_each_seat_sees_its_own() {
    let s = fixture();
    let mut e = Engine::new(s.clone(), 1, Vec::new()).unwrap();
    e.hold_seats(&["district_hq".into(), "v_dongwan".into()])
        .unwrap();
    e.run_through(12); // two simulated minutes
    let hq = seat::seat_view(&s, &mut e, "district_hq").unwrap();
    assert!(hq.human);
    let i01 = hq.inbox.iter().find(|i| i.ack == "I01").expect("I01 waits");
    assert_eq!(i01.waited_s, 120);
    // O1: acknowledgements within 3 minutes count district_hq
    assert_eq!(i01.countdown_s, Some(60));
    let v = seat::seat_view(&s, &mut e, "v_dongwan").unwrap();
    assert!(v.inbox.is_empty());
    assert!(v.log.iter().all(|l| !l.text.contains("I01")), "{:?}", v.log);
    assert!(v.units.is_empty());
    assert_eq!(v.places.len(), s.places.len());
    assert!(seat::seat_view(&s, &mut e, "boat_1").is_err());
    // the console: every post, the MSEL with what was delivered, live objectives
    let c = seat::console(&s, &mut e);
    assert_eq!(c.seats.len(), 6);
    assert!(c.msel.iter().any(|r| r.id == "I01" && r.delivered));
    assert!(c.msel.iter().any(|r| r.id == "I03" && !r.delivered));
    assert_eq!(c.objectives.len(), 4);
    assert_eq!(c.units.len(), s.org.units.len());
}

#[test]
fn the_hazard_is_reported_near_the_seats_units_and_places() {
    let s = fixture();
    let mut e = Engine::new(s.clone(), 1, Vec::new()).unwrap();
    e.step();
    let at = |x: u32, y: u32| s.grid.index(x, y);
    let dong = s.org.find("v_dongwan").unwrap();
    let mask = seat::visible_cells(&s, &mut e, Some(dong)).unwrap();
    // around Dongwan (150, 95) yes; Xiwan (30, 110), far west, no
    assert!(mask[at(150, 95)] && mask[at(150 + 40, 95)]);
    assert!(!mask[at(30, 110)]);
    assert!(
        !mask[at(150, 95 - 55)],
        "55 cells (1.1 km) north of Dongwan"
    );
    // the district covers what its townships and villages cover, and sees its units
    let hq = s.org.find("district_hq").unwrap();
    let all = seat::visible_cells(&s, &mut e, Some(hq)).unwrap();
    assert!(all[at(30, 110)] && all[at(150, 95)]);
    assert!(all.iter().filter(|&&b| b).count() > mask.iter().filter(|&&b| b).count());
    assert!(
        seat::visible_cells(&s, &mut e, None).is_none(),
        "the facilitator sees all"
    );
}

#[test]
fn a_live_seat_cannot_flood_the_exercise() {
    // message texts, orders waiting for the clock and orders in all were unbounded:
    // twenty connections added 175 MB to a recording in 30 s
    let s = fixture();
    let mut e = Engine::new(s.clone(), 1, Vec::new()).unwrap();
    e.push_input(Input {
        at: Dur(0),
        seat: "facilitator".into(),
        order: Order::SetSeatMode {
            seat: "district_hq".into(),
            human: true,
        },
    });
    e.run_through(0);
    let msg = |text: String| Input {
        at: Dur(10),
        seat: "district_hq".into(),
        order: Order::Message {
            to: "town_s".into(),
            text,
        },
    };
    let ok = seat::refuse(&s, &e, &msg("rain".into()), false);
    assert!(ok.is_none(), "{:?}", ok.map(|r| r.en));
    let long = msg("雨".repeat(seat::choices::MAX_MESSAGE_CHARS + 1));
    let why = seat::refuse(&s, &e, &long, false).expect("too long");
    assert!(why.en.contains("characters long"), "{}", why.en);
    for i in 0..seat::choices::MAX_WAITING_PER_SEAT {
        let m = msg(format!("note {i}"));
        assert!(seat::refuse(&s, &e, &m, false).is_none(), "{i}");
        e.push_input(m);
    }
    let why = seat::refuse(&s, &e, &msg("one more".into()), false).expect("too many waiting");
    assert!(why.en.contains("wait for the clock"), "{}", why.en);
    // once they apply, the seat may go on
    e.run_through(2);
    assert!(seat::refuse(&s, &e, &msg("again".into()), false).is_none());
}
