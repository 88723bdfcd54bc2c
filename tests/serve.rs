//! `drillsim serve` driven by WebSocket clients: whole exercises with two seats and
//! the facilitator, refused orders, a disconnect and reconnect, `kill -9` and
//! `--resume`, forged, revoked and expired codes, an oversized message and a flood
//! of messages — and every recording verifies and is accepted by `score`, `report`
//! and (for the official session) `compete --judge`.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Client, Server, drillsim, join, unjoined, verifies, verifies_unfinished};
use futures_util::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const SCENARIO: &str = "tests/fixtures/serve.ron";

fn inbox_has(v: &Value, ack: &str) -> bool {
    v["inbox"]
        .as_array()
        .is_some_and(|a| a.iter().any(|i| i["ack"] == ack))
}

fn log_has(v: &Value, needle: &str) -> bool {
    v["log"].as_array().is_some_and(|a| {
        a.iter()
            .any(|l| l["text"].as_str().is_some_and(|t| t.contains(needle)))
    })
}

fn finished(v: &Value) -> bool {
    v["clock"]["finished"] == true
}

fn ok(a: &Value) -> bool {
    a["ok"] == true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_seats_and_the_facilitator_play_a_whole_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("ex.drec");
    let srv = Server::start(&[
        SCENARIO,
        "--record",
        rec.to_str().unwrap(),
        "--code-grace",
        "0s",
        "--lang",
        "zh",
    ]);
    assert!(
        srv.stdout.iter().any(|l| l.contains("?lang=zh#")),
        "links open in the chosen language"
    );
    // the links file is written, readable by its owner only
    let links = dir.path().join("ex-links.txt");
    let text = std::fs::read_to_string(&links).unwrap();
    assert!(text.contains("seat v_dongwan") && text.contains("facilitator"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&links).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
    let mut fac = join(&srv.addr, &srv.code("facilitator")).await.unwrap();
    let mut hq = join(&srv.addr, &srv.code("seat district_hq"))
        .await
        .unwrap();
    let mut village = join(&srv.addr, &srv.code("seat v_dongwan")).await.unwrap();
    assert_eq!(fac.hello["role"], "facilitator");
    assert_eq!(hq.hello["role"]["seat"], "district_hq");
    // the pickers offer only what the seat may order
    let kinds = |c: &Client| c.hello["static"]["choices"]["kinds"].to_string();
    assert!(kinds(&hq).contains("set_level"));
    assert!(!kinds(&village).contains("set_level"));
    let units = village.hello["static"]["choices"]["units"].to_string();
    assert!(
        !units.contains("boat_1"),
        "the village commands no district unit: {units}"
    );
    assert!(
        hq.hello["static"]["choices"]["units"]
            .to_string()
            .contains("boat_1")
    );
    assert!(
        hq.hello["static"]["map"]["terrain"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );

    // tick 0 has run: the red warning waits at the district HQ, not at the village
    let v = hq.until(20, |v| inbox_has(v, "I01")).await;
    assert!(v["view"]["inbox"][0]["countdown_s"].as_i64().is_some());
    let vv = village.until(20, |v| v["seat"] == "v_dongwan").await;
    let village_text = vv.to_string();
    assert!(
        !village_text.contains("Red rainstorm warning"),
        "a village does not see the district's inbox"
    );
    assert!(!village_text.contains("\"seats\""), "nor the console");
    let c = fac.until(20, |v| v["seats"].is_array()).await;
    assert!(c["view"]["objectives"].as_array().unwrap().len() == 4);
    let hq_row = c["view"]["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "district_hq")
        .unwrap()
        .clone();
    assert_eq!(
        hq_row["inbox"][0]["ack"], "I01",
        "the console shows who has not acknowledged what"
    );

    // refused at once: a village may not set the response level or move the district's boats
    let a = village
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "III"}}}))
        .await;
    assert!(
        !ok(&a) && a["text"].as_str().unwrap().contains("top command post"),
        "{a}"
    );
    let a = village
        .request(json!({"t": "order", "order": {"Dispatch": {"unit": "boat_1", "to": "dongwan", "task": "Rescue"}}}))
        .await;
    assert!(
        !ok(&a) && a["text"].as_str().unwrap().contains("no authority"),
        "{a}"
    );
    // a seat may not act as the facilitator, an observer may do nothing
    let a = village
        .request(
            json!({"t": "fac", "order": {"SetWind": {"wind_m_s": 3.0, "wind_from_deg": 10.0}}}),
        )
        .await;
    assert!(!ok(&a), "{a}");
    let a = fac
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "I"}}}))
        .await;
    assert!(!ok(&a), "{a}");
    let mut obs = join(&srv.addr, &srv.code("observer 1")).await.unwrap();
    let a = obs.request(json!({"t": "control", "run": true})).await;
    assert!(
        !ok(&a) && a["text"].as_str().unwrap().contains("observer"),
        "{a}"
    );

    // the district acknowledges, raises the level and sends the engineers
    let a = hq.request(json!({"t": "ack", "item": "I01"})).await;
    assert!(ok(&a) && a["at_s"].as_u64().is_some(), "{a}");
    let a = hq
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "III"}}}))
        .await;
    assert!(ok(&a), "{a}");
    let a = hq
        .request(json!({"t": "order", "order": {"Dispatch": {"unit": "eng_1", "to": "dongwan", "task": "Sandbag"}}}))
        .await;
    assert!(ok(&a), "{a}");
    // the facilitator steps once: the orders apply
    let a = fac.request(json!({"t": "control", "step": true})).await;
    assert!(ok(&a), "{a}");
    hq.until(20, |v| {
        v["clock"]["response_level"] == "III" && !inbox_has(v, "I01")
    })
    .await;
    // the facilitator: the seepage report now from the MSEL, a link down and up, the wind,
    // one seat to the plan
    let a = fac.request(json!({"t": "msel", "inject": "I03"})).await;
    assert!(ok(&a), "{a}");
    let a = fac
        .request(json!({"t": "fac", "order": {"FailLink": {"a": "town_s", "b": "v_hedong"}}}))
        .await;
    assert!(ok(&a), "{a}");
    let a = fac
        .request(
            json!({"t": "fac", "order": {"SetWind": {"wind_m_s": 9.0, "wind_from_deg": 200.0}}}),
        )
        .await;
    assert!(ok(&a), "{a}");
    let a = fac
        .request(json!({"t": "fac", "order": {"SetSeatMode": {"seat": "town_n", "human": false}}}))
        .await;
    assert!(ok(&a), "{a}");
    let a = fac.request(json!({"t": "fac", "order": {"Message": {"to": "v_dongwan", "text": "<b>Levee</b> patrol: report in"}}})).await;
    assert!(ok(&a), "{a}");
    let a = fac.request(json!({"t": "control", "speed": 600})).await;
    assert!(!ok(&a), "speed is bounded: {a}");
    let a = fac
        .request(json!({"t": "control", "speed": 60, "run": true}))
        .await;
    assert!(ok(&a), "{a}");
    // the village hears of the patrol message and acknowledges the seepage inject
    village.until(30, |v| log_has(v, "Levee")).await;
    let a = village.request(json!({"t": "ack", "item": "all"})).await;
    assert!(ok(&a), "{a}");
    let c = fac
        .until(30, |v| {
            v["links"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["failed"] == true)
                && v["seats"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["id"] == "town_n" && s["human"] == false)
        })
        .await;
    assert!(c["pace"]["running"] == true);
    // the live objectives: level III was raised in time
    let c = fac
        .until(30, |v| {
            v["objectives"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == "O2" && o["status"]["state"] == "met")
        })
        .await;
    assert!(c["view"]["objectives"][0]["status"]["state"].is_string());
    // to the end (20 simulated minutes at ×60)
    let end = fac.until(90, finished).await;
    let final_states: Vec<String> = end["view"]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"]["state"].as_str().unwrap().to_string())
        .collect();
    assert!(
        final_states.iter().all(|s| s == "met" || s == "failed"),
        "{final_states:?}"
    );
    hq.until(10, finished).await;
    // after the end, with no grace, codes have expired
    tokio::time::sleep(Duration::from_millis(300)).await;
    let e = join(&srv.addr, &srv.code("seat town_s"))
        .await
        .err()
        .unwrap();
    assert!(e.contains("expired"), "{e}");
    drop((fac, hq, village, obs));
    srv.stop();
    // the recording verifies and every tool takes it
    verifies(&rec);
    let out = drillsim()
        .args(["score", rec.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    let states: Vec<String> = card["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            if o["met"] == true {
                "met".to_string()
            } else {
                "failed".to_string()
            }
        })
        .collect();
    assert_eq!(
        states, final_states,
        "the console's final answer is the scorecard's"
    );
    let html = dir.path().join("aar.html");
    let out = drillsim()
        .args([
            "report",
            rec.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the players' orders are in the recording, each from its seat and stamped with
    // the tick it applied at
    let recording = drillsim::record::read(&rec).unwrap();
    let tick_s = drillsim::record::replay::tick_s(&recording);
    let given = |seat: &str, what: &str| {
        recording
            .inputs
            .iter()
            .filter(|i| i.seat == seat && format!("{:?}", i.order).contains(what))
            .map(|i| i.at.secs())
            .collect::<Vec<u64>>()
    };
    for (seat, what) in [
        ("district_hq", "SetLevel"),
        ("district_hq", "Dispatch"),
        ("v_dongwan", "Ack"),
        ("facilitator", "FailLink"),
        ("facilitator", "SetWind"),
    ] {
        let at = given(seat, what);
        assert!(!at.is_empty(), "{seat} {what} is recorded");
        assert!(
            at.iter().all(|t| t % tick_s == 0),
            "{seat} {what} at {at:?}"
        );
    }
}

/// Issue 15: an MSEL row the facilitator delivers early is the row itself — it waits
/// for acknowledgement as at its time — and is not delivered a second time when its
/// scheduled time comes (in the live server, and in the replay of its recording).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_msel_inject_delivered_early_is_not_delivered_again_at_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("early.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap()]);
    let mut fac = join(&srv.addr, &srv.code("facilitator")).await.unwrap();
    let mut village = join(&srv.addr, &srv.code("seat v_dongwan")).await.unwrap();
    // I03 is scheduled at 00:08:00; the facilitator delivers it at 00:00:10
    let a = fac.request(json!({"t": "msel", "inject": "I03"})).await;
    assert!(ok(&a) && a["at_s"] == 10, "{a}");
    let a = fac.request(json!({"t": "msel", "inject": "I03"})).await;
    assert!(!ok(&a), "the same row twice is refused: {a}");
    let a = fac.request(json!({"t": "control", "step": true})).await;
    assert!(ok(&a), "{a}");
    // it arrives as the MSEL row: waiting for the village's acknowledgement
    village.until(20, |v| inbox_has(v, "I03")).await;
    let a = village.request(json!({"t": "ack", "item": "I03"})).await;
    assert!(ok(&a), "{a}");
    let a = fac
        .request(json!({"t": "control", "speed": 60, "run": true}))
        .await;
    assert!(ok(&a), "{a}");
    // past 00:08:00 to the end: nothing new waits at the village
    let end = village.until(90, finished).await;
    assert!(
        !inbox_has(&end["view"], "I03"),
        "I03 came again at its time: {}",
        end["view"]["inbox"]
    );
    let c = fac.until(20, finished).await;
    let row = c["view"]["msel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "I03")
        .unwrap()
        .clone();
    assert_eq!(row["delivered"], true, "{row}");
    drop((fac, village));
    srv.stop();
    verifies(&rec);
    // the replay delivers it once, at 00:00:10
    let recording = drillsim::record::read(&rec).unwrap();
    let (_, e) = drillsim::record::replay::verify_engine(&recording).unwrap();
    let at: Vec<u64> = e
        .events()
        .iter()
        .filter(|ev| {
            matches!(&ev.kind, drillsim::sim::events::EventKind::InjectDelivered { inject, .. } if inject == "I03")
        })
        .map(|ev| ev.t_s)
        .collect();
    assert_eq!(at, vec![10]);
}

/// Issue 15: what a player reads comes in Chinese too — refusals of orders (the
/// authority check, an unknown unit, a seat the plan plays), the server's own
/// refusals and what was done — so a client reading Chinese shows no English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_client_reads_refusals_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("zh.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap(), "--lang", "zh"]);
    let mut fac = join(&srv.addr, &srv.code("facilitator")).await.unwrap();
    let mut village = join(&srv.addr, &srv.code("seat v_dongwan")).await.unwrap();
    let zh = |a: &Value| a["text_zh"].as_str().unwrap_or_default().to_string();
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // the authority check: not the top post; not the village's boat; no such unit
    let a = village
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "III"}}}))
        .await;
    assert!(!ok(&a) && zh(&a).contains("最高指挥所"), "{a}");
    assert!(
        a["text"].as_str().unwrap().contains("top command post"),
        "{a}"
    );
    let a = village
        .request(json!({"t": "order", "order": {"Dispatch": {"unit": "boat_1", "to": "dongwan", "task": "Rescue"}}}))
        .await;
    assert!(
        !ok(&a) && zh(&a).contains("无权指挥") && zh(&a).contains("boat_1"),
        "{a}"
    );
    let a = village
        .request(json!({"t": "order", "order": {"Recall": {"unit": "no_such_unit"}}}))
        .await;
    assert!(!ok(&a) && zh(&a).contains("未知队伍"), "{a}");
    // the server's own refusals: a seat acting as the facilitator, a broken message
    let a = village.request(json!({"t": "control", "run": true})).await;
    assert!(!ok(&a) && chinese(&zh(&a)), "{a}");
    let a = fac.request(json!({"t": "control", "speed": 600})).await;
    assert!(!ok(&a) && zh(&a).contains("速度"), "{a}");
    // a seat the plan plays
    let a = fac
        .request(
            json!({"t": "fac", "order": {"SetSeatMode": {"seat": "v_dongwan", "human": false}}}),
        )
        .await;
    assert!(
        ok(&a) && chinese(&zh(&a)),
        "what was done, in Chinese too: {a}"
    );
    let a = fac.request(json!({"t": "control", "step": true})).await;
    assert!(ok(&a), "{a}");
    village.until(20, |v| v["human"] == false).await;
    let a = village
        .request(json!({"t": "order", "order": {"Message": {"to": "town_s", "text": "x"}}}))
        .await;
    assert!(!ok(&a) && zh(&a).contains("预案"), "{a}");
    // the log in Chinese too, by the scenario's names (it was the engine's English)
    let v = fac
        .until(20, |v| v["log"].as_array().is_some_and(|a| a.len() > 3))
        .await;
    for l in v["view"]["log"].as_array().unwrap() {
        let t = l["text_zh"].as_str().unwrap_or_default();
        assert!(chinese(t), "a log line without Chinese: {l}");
    }
    drop((fac, village));
    srv.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_seat_gets_its_whole_state_back() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("re.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap()]);
    let code = srv.code("seat district_hq");
    let mut hq = join(&srv.addr, &code).await.unwrap();
    hq.until(20, |v| inbox_has(v, "I01")).await;
    let a = hq
        .request(json!({"t": "order", "order": {"Dispatch": {"unit": "boat_1", "to": "xiwan", "task": "Rescue"}}}))
        .await;
    assert!(ok(&a));
    let before = hq
        .until(20, |v| {
            v["queued"].as_array().is_some_and(|q| !q.is_empty())
        })
        .await;
    drop(hq); // the browser tab closes (or the network drops)
    let mut again = join(&srv.addr, &code).await.unwrap();
    assert_eq!(again.hello["role"]["seat"], "district_hq");
    let after = again.until(20, |v| v["seat"] == "district_hq").await;
    assert_eq!(
        after["view"], before["view"],
        "the same seat, inbox, queue and log"
    );
    // two tabs of the same seat both get its views
    let mut second = join(&srv.addr, &code).await.unwrap();
    second.until(20, |v| v == &before["view"]).await;
    drop((again, second));
    srv.stop();
    verifies_unfinished(&rec);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_resumes_from_its_recording() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("k.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap()]);
    let (fcode, hcode) = (srv.code("facilitator"), srv.code("seat district_hq"));
    let mut fac = join(&srv.addr, &fcode).await.unwrap();
    let mut hq = join(&srv.addr, &hcode).await.unwrap();
    hq.until(20, |v| inbox_has(v, "I01")).await;
    assert!(ok(&hq.request(json!({"t": "ack", "item": "I01"})).await));
    assert!(ok(&hq
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "II"}}}))
        .await));
    assert!(ok(&fac
        .request(json!({"t": "control", "run": true, "speed": 60}))
        .await));
    // run about seven simulated minutes, then kill -9
    let v = fac
        .until(60, |v| v["clock"]["now_s"].as_u64().unwrap_or(0) >= 420)
        .await;
    let killed_at = v["view"]["clock"]["now_s"].as_u64().unwrap();
    drop((fac, hq));
    srv.kill9();
    let before_len = std::fs::metadata(&rec).unwrap().len();
    assert!(before_len > 0);
    // a frame cut in the middle, as a crash in mid-write leaves it
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(&rec).unwrap();
        f.write_all(&[200, 0, 0, 0, 2, b'{']).unwrap();
    }
    let srv = Server::start(&["--resume", rec.to_str().unwrap()]);
    // the same links work again
    assert_eq!(srv.code("facilitator"), fcode);
    assert_eq!(srv.code("seat district_hq"), hcode);
    let mut fac = join(&srv.addr, &fcode).await.unwrap();
    let mut hq = join(&srv.addr, &hcode).await.unwrap();
    let v = hq.until(20, |v| v["seat"] == "district_hq").await;
    let now = v["view"]["clock"]["now_s"].as_u64().unwrap();
    // lost: at most the last checksum interval (30 ticks of 10 s)
    assert!(
        now + 300 >= killed_at && now <= killed_at,
        "resumed at {now}, killed at {killed_at}"
    );
    assert_eq!(
        v["view"]["clock"]["response_level"], "II",
        "the orders before the crash are kept"
    );
    assert!(!inbox_has(&v["view"], "I01"));
    assert!(log_has(&v["view"], "I01"), "the log is rebuilt too");
    // play on to the end
    assert!(ok(&hq.request(json!({"t": "order", "order": {"Dispatch": {"unit": "eng_1", "to": "dongwan", "task": "Sandbag"}}})).await));
    assert!(ok(&fac
        .request(json!({"t": "control", "run": true, "speed": 60}))
        .await));
    fac.until(90, finished).await;
    drop((fac, hq));
    srv.stop();
    let text = verifies(&rec);
    assert!(text.contains("end of exercise"), "{text}");
    // nothing to resume in a finished recording
    let out = drillsim()
        .args([
            "serve",
            "--resume",
            rec.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("complete"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_guessed_revoked_and_misplaced_codes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("g.drec");
    // two groups: two exercises with their own codes and recordings
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap(), "--groups", "2"]);
    let a = srv.code("A seat v_dongwan");
    let b = srv.code("B seat v_dongwan");
    assert_ne!(a, b);
    assert_eq!(a.len(), 32, "128 bits as hex");
    let c = join(&srv.addr, &b).await.unwrap();
    assert_eq!(c.hello["exercise"], "B");
    drop(c);
    assert!(dir.path().join("g-A.drec").exists() && dir.path().join("g-B.drec").exists());
    // guessed, forged (one digit off), malformed, empty
    let mut forged = a.clone().into_bytes();
    forged[31] = if forged[31] == b'0' { b'1' } else { b'0' };
    for code in [
        "0123456789abcdef0123456789abcdef".to_string(),
        String::from_utf8(forged).unwrap(),
        "not a code".to_string(),
        String::new(),
        "a".repeat(5000),
    ] {
        let t0 = Instant::now();
        let e = join(&srv.addr, &code).await.err().expect("refused");
        assert!(e.contains("not valid"), "{e}");
        assert!(t0.elapsed() < Duration::from_secs(5));
    }
    // the first message must be the join
    let mut c = unjoined(&srv.addr).await;
    c.ws.send(Message::text(r#"{"t":"ack","id":1,"item":"all"}"#))
        .await
        .unwrap();
    while c.read(Duration::from_secs(5)).await == Some(true) {}
    assert!(
        c.errors.iter().any(|e| e.contains("first message")),
        "{:?}",
        c.errors
    );
    // a lost slip: the facilitator issues a new code; the old one is refused, also
    // on a connection that joined with it before (it kept giving orders)
    let mut thief = join(&srv.addr, &a).await.unwrap();
    let mut fac = join(&srv.addr, &srv.code("A facilitator")).await.unwrap();
    let r = fac
        .request(json!({"t": "reissue", "seat": "v_dongwan"}))
        .await;
    assert!(ok(&r), "{r}");
    let link = r["code"].as_str().unwrap();
    let new = link.rsplit('#').next().unwrap();
    let e = join(&srv.addr, &a).await.err().expect("old code refused");
    assert!(e.contains("replaced"), "{e}");
    thief.send(json!({"t": "ack", "item": "all"})).await;
    let mut ended = false;
    for _ in 0..50 {
        if thief.read(Duration::from_secs(5)).await != Some(true) {
            ended = true;
            break;
        }
    }
    assert!(ended, "the revoked connection stays open");
    assert!(
        thief.errors.iter().any(|e| e.contains("replaced")),
        "{:?}",
        thief.errors
    );
    assert!(thief.answers.iter().all(|a| !ok(a)), "{:?}", thief.answers);
    let c = join(&srv.addr, new).await.unwrap();
    assert_eq!(c.hello["role"]["seat"], "v_dongwan");
    // one code holds at most 8 connections; the facilitator still gets in
    let mut more = Vec::new();
    let refused = loop {
        match join(&srv.addr, new).await {
            Ok(c) => more.push(c),
            Err(e) => break e,
        }
        assert!(more.len() < 8, "a ninth connection of one seat was let in");
    };
    assert!(refused.contains("at most 8 for one join code"), "{refused}");
    let fac2 = join(&srv.addr, &srv.code("A facilitator")).await.unwrap();
    drop((more, fac2));
    // the new code is kept beside the recording for --resume
    let codes = std::fs::read_to_string(dir.path().join("g-A.drec.codes")).unwrap();
    assert!(codes.contains(new) && !codes.contains(&a));
    // and the printed links follow: the revoked link is replaced by the new one
    let links: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("links.txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(links.len(), 1);
    assert!(
        links[0].contains(new) && !links[0].contains(&a),
        "{}",
        links[0]
    );
    // a seat code cannot reissue
    let mut seat = c;
    let r = seat
        .request(json!({"t": "reissue", "seat": "v_dongwan"}))
        .await;
    assert!(!ok(&r));
    drop((fac, seat));
    srv.stop();
    verifies_unfinished(&dir.path().join("g-A.drec"));
    verifies_unfinished(&dir.path().join("g-B.drec"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_messages_and_floods_do_not_hurt_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("f.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap()]);
    let mut hq = join(&srv.addr, &srv.code("seat district_hq"))
        .await
        .unwrap();
    let mut fac = join(&srv.addr, &srv.code("facilitator")).await.unwrap();
    assert!(ok(&fac
        .request(json!({"t": "control", "run": true, "speed": 10}))
        .await));
    // an oversized message (1 MiB) closes that connection only
    let mut big = join(&srv.addr, &srv.code("seat town_s")).await.unwrap();
    let huge = format!(
        r#"{{"t":"order","id":1,"order":{{"Message":{{"to":"district_hq","text":"{}"}}}}}}"#,
        "x".repeat(1 << 20)
    );
    let _ = big.ws.send(Message::text(huge)).await;
    let mut closed = false;
    for _ in 0..50 {
        match big.read(Duration::from_secs(5)).await {
            Some(false) => {
                closed = true;
                break;
            }
            Some(true) => {}
            None => break,
        }
    }
    assert!(closed, "the oversized message closed its connection");
    // a flood from another seat: answered "slow down", then disconnected
    let mut flood = join(&srv.addr, &srv.code("seat v_xiwan")).await.unwrap();
    let flooder = tokio::spawn(async move {
        let msg = r#"{"t":"ack","id":7,"item":"all"}"#;
        let mut sent = 0;
        for _ in 0..5000 {
            if flood.ws.send(Message::text(msg)).await.is_err() {
                break;
            }
            sent += 1;
        }
        let mut slow_down = false;
        while let Some(true) = flood.read(Duration::from_secs(5)).await {
            slow_down |= flood
                .answers
                .iter()
                .any(|a| a["text"].as_str().is_some_and(|t| t.contains("slow down")));
        }
        (sent, slow_down, flood.errors)
    });
    // meanwhile the district's orders are answered as fast as ever
    let mut worst = Duration::ZERO;
    for i in 0..20 {
        let t0 = Instant::now();
        let a = hq
            .request(json!({"t": "order", "order": {"Message": {"to": "town_s", "text": format!("check {i}")}}}))
            .await;
        assert!(ok(&a), "{a}");
        worst = worst.max(t0.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        worst < Duration::from_millis(1000),
        "an order took {worst:?} during the flood"
    );
    let (sent, slow_down, errors) = flooder.await.unwrap();
    assert!(sent > 0);
    assert!(slow_down, "the flooder was told to slow down");
    assert!(
        errors.iter().any(|e| e.contains("too many messages")),
        "{errors:?}"
    );
    // junk JSON is refused with a message, the connection stays
    let mut junk = join(&srv.addr, &srv.code("seat town_n")).await.unwrap();
    let a = junk
        .request(json!({"t": "order", "order": {"Explode": {}}}))
        .await;
    assert!(
        !ok(&a) && a["text"].as_str().unwrap().contains("bad message"),
        "{a}"
    );
    let a = junk.request(json!({"t": "order", "order": {"Message": {"to": "district_hq", "text": "still here"}}})).await;
    assert!(ok(&a), "{a}");
    drop((hq, fac, junk, big));
    srv.stop();
    verifies_unfinished(&rec);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_session_over_the_network_is_signed_and_judged() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("round.key");
    let round = "tests/fixtures/round_serve.ron";
    let out = drillsim()
        .args(["compete", round, "--new-key", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec = dir.path().join("blue.drec");
    let srv = Server::spawn(drillsim().args([
        "compete",
        round,
        "--serve",
        "blue",
        "--key",
        key.to_str().unwrap(),
        "-o",
        rec.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]));
    // team seats only, and a referee
    assert!(srv.codes.contains_key("seat district_hq") && srv.codes.contains_key("seat v_dongwan"));
    assert!(
        !srv.codes.contains_key("seat town_s"),
        "{:?}",
        srv.codes.keys()
    );
    let mut referee = join(&srv.addr, &srv.code("facilitator")).await.unwrap();
    let mut hq = join(&srv.addr, &srv.code("seat district_hq"))
        .await
        .unwrap();
    assert!(referee.hello["static"]["official"]["round"] == "serve-live");
    // the referee runs the clock, and nothing else
    let a = referee
        .request(json!({"t": "fac", "order": {"SetWind": {"wind_m_s": 1.0, "wind_from_deg": 1.0}}}))
        .await;
    assert!(
        !ok(&a) && a["text"].as_str().unwrap().contains("official"),
        "{a}"
    );
    let a = referee.request(json!({"t": "control", "step": true})).await;
    assert!(!ok(&a), "{a}");
    hq.until(20, |v| inbox_has(v, "I01")).await;
    assert!(ok(&hq.request(json!({"t": "ack", "item": "I01"})).await));
    assert!(ok(&hq
        .request(json!({"t": "order", "order": {"SetLevel": {"level": "III"}}}))
        .await));
    assert!(ok(&referee
        .request(json!({"t": "control", "run": true, "speed": 60}))
        .await));
    referee.until(90, finished).await;
    drop((referee, hq));
    srv.stop();
    verifies(&rec);
    let out = drillsim()
        .args([
            "compete",
            round,
            "--judge",
            rec.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the judge accepts the network session:\n{text}"
    );
    assert!(text.contains("Blue team"), "{text}");
    // an official recording is never continued
    let out = drillsim()
        .args([
            "serve",
            "--resume",
            rec.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn the_links_file_never_replaces_an_input_or_a_recording() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.ron");
    std::fs::copy(SCENARIO, &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let rec = dir.path().join("r.drec");
    let other = dir.path().join("old.drec");
    std::fs::write(&other, b"DRILLSIM-REC\nsomething recorded").unwrap();
    for (links, why) in [(&scenario, "scenario"), (&other, "recording")] {
        let out = drillsim()
            .args([
                "serve",
                scenario.to_str().unwrap(),
                "--listen",
                "127.0.0.1:0",
            ])
            .args([
                "--record",
                rec.to_str().unwrap(),
                "--links",
                links.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(why), "{err}");
        assert!(!rec.exists(), "refused before anything is recorded");
    }
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

#[test]
fn the_links_file_never_replaces_a_layer_another_file_or_the_recording_it_starts() {
    // --links onto the scenario's elevation layer, an orders file or the recording
    // being written replaced each (the layer left world-readable with the codes in it)
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "park.ron",
        "park_dem.asc",
        "park_landcover.asc",
        "orders_prompt.ron",
    ] {
        std::fs::copy(
            Path::new("scenarios/chemical_leak").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let p = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    let dem = std::fs::read(dir.path().join("park_dem.asc")).unwrap();
    let rec = p("r.drec");
    for (links, why) in [
        (p("park_dem.asc"), "is the scenario file this command reads"),
        (
            p("orders_prompt.ron"),
            "is not a join-links file of an earlier run",
        ),
        (rec.clone(), "named for two outputs"),
        (p("nodir/links.txt"), "does not exist"),
    ] {
        let out = drillsim()
            .args(["serve", &p("park.ron"), "--listen", "127.0.0.1:0"])
            .args(["--record", &rec, "--links", &links])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(why), "{links}: {err}");
        assert!(
            !Path::new(&rec).exists(),
            "refused before anything is recorded"
        );
    }
    assert_eq!(std::fs::read(dir.path().join("park_dem.asc")).unwrap(), dem);
}

#[test]
fn idle_and_slow_connections_are_closed_and_cannot_take_every_socket() {
    // a thousand sockets that sent nothing, or a header a byte at a time, stayed open
    // for good; twenty thousand took every file descriptor and the page would not load
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("r.drec");
    let srv = Server::start(&[SCENARIO, "--record", rec.to_str().unwrap()]);
    let get = || -> String {
        let mut t = TcpStream::connect(&srv.addr).unwrap();
        t.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        t.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        let _ = t.read_to_string(&mut out);
        out
    };
    let mut idle: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(&srv.addr).unwrap())
        .collect();
    let mut slow: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut t = TcpStream::connect(&srv.addr).unwrap();
            t.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            t
        })
        .collect();
    assert!(
        get().starts_with("HTTP/1.1 200"),
        "the page loads beside them"
    );
    // more than one address may hold: the rest are closed at once
    let extra: Vec<TcpStream> = (0..30)
        .map(|_| TcpStream::connect(&srv.addr).unwrap())
        .collect();
    let closed = |t: &mut TcpStream, wait: Duration| -> bool {
        t.set_read_timeout(Some(wait)).unwrap();
        let mut b = [0u8; 256];
        loop {
            match t.read(&mut b) {
                Ok(0) => return true,
                Ok(_) => continue, // a last answer (408), then the end
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return false;
                }
                Err(_) => return true,
            }
        }
    };
    let mut extra = extra;
    let mut refused = 0;
    for t in &mut extra {
        refused += usize::from(closed(t, Duration::from_millis(300)));
    }
    assert!(
        refused >= 15,
        "{refused} of 30 over the per-address limit were closed"
    );
    // trickle one more byte on the slow ones for longer than the header deadline
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(13) {
        for t in &mut slow {
            let _ = t.write_all(b"X");
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    for (i, t) in idle.iter_mut().enumerate() {
        assert!(
            closed(t, Duration::from_secs(2)),
            "idle connection {i} still open"
        );
    }
    for (i, t) in slow.iter_mut().enumerate() {
        assert!(
            closed(t, Duration::from_secs(2)),
            "slow connection {i} still open"
        );
    }
    assert!(get().starts_with("HTTP/1.1 200"));
}
