//! Orders through the command structure, the plan, and the scorecard: timings with
//! hand-computed answers, call-and-respond, authority, and scores recomputed from
//! the log.

use std::path::Path;
use std::sync::Arc;

use drillsim::order::{self, Input};
use drillsim::scenario::orders_file;
use drillsim::scenario::{self, Scenario};
use drillsim::scoring::{Rating, score};
use drillsim::sim::Engine;
use drillsim::sim::events::{Event, EventKind};

/// District HQ —2 min— township —3 min— village post covering `hamlet`.
fn scenario(plan: &str, objectives: &str) -> Arc<Scenario> {
    let text = format!(
        r#"Scenario(
    meta: (name: "Chain", hazard_kinds: [Flood], start: "2026-07-01T08:00", duration: "2h", tick: "10s", seed: 5),
    map: (
        grid: (width: 50, height: 50, cell_m: 20.0),
        layers: (elevation: Constant(10.0)),
        roads: Inline((nodes: [(id: "a", cell: (5, 5)), (id: "b", cell: (40, 40))], edges: [(from: "a", to: "b")])),
        places: [
            (id: "hq_site", name: "HQ", kind: CommandPost, cell: (5, 5)),
            (id: "hamlet", name: "Hamlet", kind: Village, cell: (40, 40), population: 300),
            (id: "shelter", name: "Shelter", kind: Shelter, cell: (5, 6), capacity: 1000),
        ],
    ),
    organisation: (
        nodes: [
            (id: "district", name: "District HQ", level: District),
            (id: "town", name: "Township", level: Township, parent: "district"),
            (id: "village", name: "Village post", level: Village, parent: "town", covers: ["hamlet"], responsible: "Village head Li"),
        ],
        units: [
            (id: "bus", name: "Bus", kind: Transport, commander: "town", home: "shelter", crew: 1),
            (id: "aid_bus", name: "Neighbouring county bus", kind: Transport, commander: "district", home: "shelter", crew: 1, mutual_aid: "1h"),
        ],
        links: [
            (from: "district", to: "town", channel: Phone, latency: "2m"),
            (from: "town", to: "village", channel: Phone, latency: "3m"),
        ],
    ),
    injects: [(id: "I01", time: "00:10:00", from: "Met bureau", to: "district", channel: Phone, text: "Red rainstorm warning")],
    objectives: [{objectives}],
    plan: {plan},
)"#
    );
    match scenario::from_text(Path::new("chain.ron"), &text) {
        Ok(s) => Arc::new(s),
        Err(d) => panic!("{}", d.iter().map(|x| x.render()).collect::<String>()),
    }
}

const FIXED_1MIN: &str = r#"(delays: [
    (seat: "district", min: "1m", mode: "1m", max: "1m"),
    (seat: "town", min: "1m", mode: "1m", max: "1m"),
    (seat: "village", min: "1m", mode: "1m", max: "1m"),
], rules: [])"#;

const OBJECTIVES: &str = r#"
    (id: "O1", title: "Warn the hamlet in time", capability: "Public Information and Warning", target: WarningLead(places: ["hamlet"], lead: "30m")),
    (id: "O2", title: "Acknowledge within 5 minutes", capability: "Operational Communications", target: AcknowledgeWithin(within: "5m")),
    (id: "O3", title: "Level III within 15 minutes of the red warning", capability: "Operational Coordination", target: ResponseLevelWithin(level: III, within: "15m", after: "I01")),
    (id: "O4", title: "Evacuate the hamlet", capability: "Mass Care Services", target: EvacuatedBeforeArrival(places: ["hamlet"])),
"#;

fn orders(s: &Scenario, text: &str) -> Vec<Input> {
    orders_file::orders_from_text(Path::new("o.ron"), text, s)
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|x| x.render()).collect::<String>()))
}

fn run(s: &Arc<Scenario>, seed: u64, inputs: Vec<Input>) -> Vec<Event> {
    let mut e = Engine::new(s.clone(), seed, inputs).unwrap();
    e.run_to_end();
    e.events().to_vec()
}

fn at(ev: &[Event], f: impl Fn(&EventKind) -> bool) -> Option<u64> {
    ev.iter().find(|e| f(&e.kind)).map(|e| e.t_s)
}

#[test]
fn two_links_and_a_one_minute_decision_acknowledge_at_six_minutes() {
    let s = scenario(FIXED_1MIN, "");
    let o = orders(
        &s,
        r#"[(at: "00:00:00", seat: "district", order: Warn(places: ["hamlet"], level: Orange, channel: Phone))]"#,
    );
    let ev = run(&s, 1, o);
    // 2 min + 3 min on the links, 1 min for the village head to acknowledge
    assert_eq!(
        at(
            &ev,
            |k| matches!(k, EventKind::Acknowledged { item, after_s: 60, source, .. } if item == "warning:hamlet" && source == "plan")
        ),
        Some(360)
    );
    assert_eq!(
        at(
            &ev,
            |k| matches!(k, EventKind::PlaceWarned { place, .. } if place == "hamlet")
        ),
        Some(360)
    );
    // and the acknowledgement travels back the same 5 minutes
    assert_eq!(
        at(
            &ev,
            |k| matches!(k, EventKind::MessageReceived { what, to, .. } if what.starts_with("ack") && to == "district")
        ),
        Some(660)
    );
}

#[test]
fn a_held_seat_must_acknowledge_itself() {
    let s = scenario(FIXED_1MIN, "");
    let o = orders(
        &s,
        r#"[
        (at: "00:00:00", seat: "district", order: Warn(places: ["hamlet"], level: Red, channel: Phone)),
        (at: "00:20:00", seat: "village", order: Acknowledge(item: "warning")),
    ]"#,
    );
    let ev = run(&s, 1, o);
    // the village post is held by the orders file: no plan acknowledgement at 6 min
    let t = at(
        &ev,
        |k| matches!(k, EventKind::Acknowledged { item, source, by: Some(b), .. } if item == "warning:hamlet" && source == "player" && b == "Village head Li"),
    );
    assert_eq!(t, Some(1200));
    assert!(
        ev.iter()
            .any(|e| matches!(&e.kind, EventKind::Acknowledged { after_s: 900, .. }))
    );
}

#[test]
fn authority_is_checked_for_every_order() {
    let s = scenario(FIXED_1MIN, "");
    // the village post cannot order the township's bus, nor set the response level
    let text = r#"[(at: "00:01:00", seat: "village", order: Dispatch(unit: "bus", to: "hamlet", task: Transport)),
                   (at: "00:01:00", seat: "town", order: SetLevel(level: II))]"#;
    let d = orders_file::orders_from_text(Path::new("o.ron"), text, &s).unwrap_err();
    assert_eq!(d.len(), 2);
    assert!(
        d[0].message.contains("no authority over `bus`"),
        "{}",
        d[0].message
    );
    assert!(
        d[1].message.contains("only the top command post"),
        "{}",
        d[1].message
    );
    // applied live (the GUI path), a refused order is logged with its reason
    let bad = Input {
        at: "00:01:00".parse().unwrap(),
        seat: "village".into(),
        order: order::Order::Evacuate {
            place: "hamlet".into(),
            to: "hamlet".into(),
        },
    };
    let ev = run(&s, 1, vec![bad]);
    assert!(ev.iter().any(|e| matches!(&e.kind, EventKind::OrderRefused { reason, .. } if reason.contains("not a shelter"))));
}

#[test]
fn evacuation_takes_the_time_its_rate_gives() {
    let s = scenario(FIXED_1MIN, "");
    let o = orders(
        &s,
        r#"[(at: "00:00:00", seat: "district", order: Evacuate(place: "hamlet", to: "shelter"))]"#,
    );
    let ev = run(&s, 1, o);
    let start = at(&ev, |k| {
        matches!(k, EventKind::EvacuationStarted { people: 300, .. })
    })
    .unwrap();
    assert_eq!(start, 360);
    // 300 people at 10 a minute: 30 minutes
    assert_eq!(
        at(&ev, |k| matches!(
            k,
            EventKind::EvacuationDone { people: 300, .. }
        )),
        Some(start + 1800)
    );
}

#[test]
fn no_orders_and_no_plan_rate_warnings_unable() {
    let s = scenario("(rules: [])", OBJECTIVES);
    let ev = run(&s, 1, vec![]);
    let card = score(&s, &ev);
    assert_eq!(card.objectives[0].rating, Rating::U);
    assert_eq!(card.objectives[2].rating, Rating::U);
    assert_eq!(card.objectives[3].rating, Rating::U);
    // the inject waited for the district and the plan acknowledged it: rated on time
    assert!(card.total < card.max_total / 2.0);
}

#[test]
fn the_plan_baseline_meets_the_objectives_it_was_written_for() {
    let plan = r#"(
        delays: [(seat: "district", min: "1m", mode: "2m", max: "4m"), (seat: "village", min: "30s", mode: "1m", max: "3m")],
        rules: [
            (id: "R1", seat: "district", when: InjectReceived("I01"), then: [
                SetLevel(level: III),
                Warn(places: ["hamlet"], level: Red, channel: Phone),
                Evacuate(place: "hamlet", to: "shelter"),
            ]),
        ],
    )"#;
    let s = scenario(plan, OBJECTIVES);
    for seed in 1..20 {
        let ev = run(&s, seed, vec![]);
        let card = score(&s, &ev);
        for o in &card.objectives {
            assert_eq!(
                o.rating,
                Rating::P,
                "seed {seed}: {} {} — {:?}",
                o.id,
                o.value,
                o.critical_path
            );
        }
    }
    // decision delays come from the seed: two seeds differ
    let d = |seed| {
        at(&run(&s, seed, vec![]), |k| {
            matches!(k, EventKind::ResponseLevelChanged { .. })
        })
    };
    assert!(
        (1..10)
            .map(d)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1
    );
}

#[test]
fn a_late_warning_names_where_the_time_went() {
    let plan = r#"(delays: [(seat: "village", min: "25m", mode: "25m", max: "25m")], rules: [])"#;
    let objectives = r#"(id: "O2", title: "Acknowledge within 5 minutes", capability: "Operational Communications", target: AcknowledgeWithin(within: "5m", seats: ["village"]))"#;
    let s = scenario(plan, objectives);
    let o = orders(
        &s,
        r#"[(at: "00:00:00", seat: "district", order: Warn(places: ["hamlet"], level: Red, channel: Phone))]"#,
    );
    let card = score(&s, &run(&s, 1, o));
    let c = &card.objectives[0];
    assert_eq!(c.rating, Rating::M);
    assert!(
        c.critical_path
            .iter()
            .any(|p| p.contains("waited 00:25:00 at village for Village head Li")),
        "{:?}",
        c.critical_path
    );
    let village = card.seats.iter().find(|x| x.seat == "village").unwrap();
    assert_eq!(village.decision_s, 1500);
    let town = card.seats.iter().find(|x| x.seat == "town").unwrap();
    // the township relayed the warning down its 3-minute link and the acknowledgement
    // back up its 2-minute link
    assert_eq!(town.relay_s, 180 + 120);
}

#[test]
fn scores_recomputed_from_the_log_are_identical() {
    let plan = r#"(rules: [(id: "R1", seat: "district", when: InjectReceived("I01"), then: [SetLevel(level: III), Warn(places: ["hamlet"], level: Red, channel: Phone)])])"#;
    let s = scenario(plan, OBJECTIVES);
    let ev = run(&s, 9, vec![]);
    let json: Vec<String> = ev
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let back: Vec<Event> = json
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(back, ev);
    let a = serde_json::to_string(&score(&s, &ev)).unwrap();
    let b = serde_json::to_string(&score(&s, &back)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn plan_orders_are_checked_when_the_scenario_loads() {
    let plan = r#"(rules: [(id: "R9", seat: "village", when: At("10m"), then: [Dispatch(unit: "bus", to: "hamlet", task: Transport)])])"#;
    let text = std::panic::catch_unwind(|| scenario(plan, ""));
    let msg = match text {
        Ok(_) => panic!("must not validate"),
        Err(e) => e.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(
        msg.contains("rule `R9`") && msg.contains("no authority over `bus`"),
        "{msg}"
    );
}

#[test]
fn mutual_aid_arrives_after_its_delay() {
    let s = scenario(FIXED_1MIN, "");
    let o = orders(
        &s,
        r#"[
        (at: "00:00:00", seat: "district", order: Dispatch(unit: "aid_bus", to: "hamlet", task: Transport)),
        (at: "00:05:00", seat: "district", order: RequestMutualAid(units: ["aid_bus"])),
        (at: "01:10:00", seat: "district", order: Dispatch(unit: "aid_bus", to: "hamlet", task: Transport)),
    ]"#,
    );
    let ev = run(&s, 1, o);
    assert!(ev.iter().any(|e| e.t_s < 300 && matches!(&e.kind, EventKind::OrderRefused { reason, .. } if reason.contains("has not arrived"))));
    assert_eq!(
        at(
            &ev,
            |k| matches!(k, EventKind::MutualAidArrived { unit } if unit == "aid_bus")
        ),
        Some(300 + 3600)
    );
    assert!(
        at(
            &ev,
            |k| matches!(k, EventKind::UnitDispatched { unit, .. } if unit == "aid_bus")
        )
        .is_some_and(|t| t > 4200)
    );
    // only units marked as mutual aid can be requested
    let d = orders_file::orders_from_text(
        Path::new("o.ron"),
        r#"[(at: "00:01:00", seat: "district", order: RequestMutualAid(units: ["bus"]))]"#,
        &s,
    )
    .unwrap_err();
    assert!(d[0].message.contains("not a mutual-aid unit"));
}

#[test]
fn warnings_and_mutual_aid_follow_the_command_chain() {
    let s = scenario(FIXED_1MIN, "");
    // the village post covers the hamlet: the township above it may warn it
    let ok = r#"[(at: "00:01:00", seat: "town", order: Warn(places: ["hamlet"], level: Red, channel: Phone))]"#;
    assert!(orders_file::orders_from_text(Path::new("o.ron"), ok, &s).is_ok());
    // mutual aid for a unit under the district cannot be requested by the village post
    let bad = r#"[(at: "00:01:00", seat: "village", order: RequestMutualAid(units: ["aid_bus"]))]"#;
    let d = orders_file::orders_from_text(Path::new("o.ron"), bad, &s).unwrap_err();
    assert!(
        d[0].message.contains("no authority over `aid_bus`"),
        "{}",
        d[0].message
    );
}

#[test]
fn a_place_has_one_responsible_post() {
    let text = r#"Scenario(
    meta: (name: "Two posts", hazard_kinds: [Flood], start: "2026-07-01T08:00", duration: "1h", tick: "10s"),
    map: (grid: (width: 10, height: 10, cell_m: 20.0), layers: (elevation: Constant(1.0)),
          roads: Inline((nodes: [(id: "a", cell: (1, 1))], edges: [])),
          places: [(id: "p", name: "P", kind: Village, cell: (2, 2), population: 10)]),
    organisation: (
        nodes: [(id: "d", name: "D", level: District, covers: ["p"]), (id: "v", name: "V", level: Village, parent: "d", covers: ["p"])],
        links: [(from: "d", to: "v", channel: Phone, latency: "1m")],
    ),
)"#;
    let d = scenario::from_text(Path::new("two.ron"), text).unwrap_err();
    assert!(
        d.iter()
            .any(|x| x.message.contains("already covered by `d`")),
        "{d:?}"
    );
}

#[test]
fn an_acknowledgement_given_in_the_tick_the_item_arrives_counts() {
    let s = scenario(FIXED_1MIN, "");
    // the warning reaches the village post at 00:05:00 (2 + 3 min of links), the
    // inject reaches the district at 00:10:00: both acknowledged in their arrival tick
    let o = orders(
        &s,
        r#"[
        (at: "00:00:00", seat: "district", order: Warn(places: ["hamlet"], level: Red, channel: Phone)),
        (at: "00:05:00", seat: "village", order: Acknowledge(item: "warning")),
        (at: "00:10:00", seat: "district", order: Acknowledge(item: "I01")),
    ]"#,
    );
    let ev = run(&s, 1, o.clone());
    assert!(
        !ev.iter()
            .any(|e| matches!(e.kind, EventKind::OrderRefused { .. })),
        "{:?}",
        ev.iter()
            .filter(|e| matches!(e.kind, EventKind::OrderRefused { .. }))
            .collect::<Vec<_>>()
    );
    let t = at(
        &ev,
        |k| matches!(k, EventKind::Acknowledged { item, after_s: 0, source, .. } if item == "warning:hamlet" && source == "player"),
    );
    assert_eq!(t, Some(300));
    let t = at(
        &ev,
        |k| matches!(k, EventKind::Acknowledged { item, after_s: 0, .. } if item == "I01"),
    );
    assert_eq!(t, Some(600));
    // the same orders give the same log
    assert_eq!(format!("{ev:?}"), format!("{:?}", run(&s, 1, o)));
    // one tick too early there is still nothing to acknowledge
    let early = orders(
        &s,
        r#"[
        (at: "00:00:00", seat: "district", order: Warn(places: ["hamlet"], level: Red, channel: Phone)),
        (at: "00:04:50", seat: "village", order: Acknowledge(item: "warning")),
    ]"#,
    );
    let ev = run(&s, 1, early);
    assert_eq!(
        at(
            &ev,
            |k| matches!(k, EventKind::OrderRefused { seat, .. } if seat == "village")
        ),
        Some(290)
    );
}

#[test]
fn first_on_scene_counts_only_units_able_to_work_on_the_hazard() {
    let objectives = r#"(id: "O1", title: "Responders at the hamlet", capability: "Mass Search and Rescue Operations", target: FirstOnScene(place: "hamlet", within: "30m"))"#;
    let s = scenario(FIXED_1MIN, objectives);
    // a bus (transport only) at the hamlet is not a flood responder
    let o = orders(
        &s,
        r#"[(at: "00:00:00", seat: "town", order: Dispatch(unit: "bus", to: "hamlet", task: Transport))]"#,
    );
    let ev = run(&s, 1, o);
    assert!(
        ev.iter()
            .any(|e| matches!(&e.kind, EventKind::UnitArrived { unit, place } if unit == "bus" && place == "hamlet"))
    );
    let card = score(&s, &ev);
    assert_eq!(
        card.objectives[0].rating,
        Rating::U,
        "{:?}",
        card.objectives[0]
    );
    assert!(
        card.objectives[0].critical_path[0].contains("no unit able to work on the hazard"),
        "{:?}",
        card.objectives[0].critical_path
    );
}
