//! The simulation's things in the interface language, by the scenario's names: event
//! descriptions, items waiting for acknowledgement, warning and response levels,
//! place and unit kinds, unit status, tasks, and the scoring's targets and measured
//! values. Ids (`v_dongwan`, `district_hq`) never reach the screen where the scenario
//! names the thing; free text the scenario writes (inject text, names) is shown as
//! written. English keeps the engine's wording; Chinese follows the report's terms
//! ([`crate::report::i18n`]).

use crate::order::Order;
use crate::report::i18n::Lang;
use crate::scenario::Scenario;
use crate::scenario::names::{
    message_words, name_of, names_for_ids, names_in_language, road_section_name,
};
use crate::sim::command::PendingKind;
use crate::sim::events::{Event, EventKind};
use crate::time::hms;

/// `en` or `zh` by `lang`.
fn pick(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// A warning level (`Blue` … `Red`) in words.
pub fn warning_level(lang: Lang, level: &str) -> String {
    let Some(zh) = crate::scenario::names::warning_level_zh(level) else {
        return level.to_string();
    };
    pick(lang, level.to_string(), zh.to_string())
}

/// A response level (`IV` … `I`) in words.
pub fn response_level(lang: Lang, level: &str) -> String {
    pick(
        lang,
        level.to_string(),
        crate::scenario::names::response_level_zh(level),
    )
}

/// A word the engine writes in `Debug` form (place kind, unit kind, unit status,
/// task, capability, hazard) in the interface language; English splits the camel
/// case (`EnRoute` → `en route`).
pub fn word(lang: Lang, w: &str) -> String {
    const ZH: &[(&str, &str)] = &[
        ("Aerial", "航空"),
        ("Ambulance", "救护车"),
        ("Available", "待命"),
        ("Command", "指挥"),
        ("CommandPost", "指挥所"),
        ("CutOff", "受阻"),
        ("Depot", "物资库"),
        ("Drone", "无人机"),
        ("EngineeringTeam", "工程抢险队"),
        ("EnRoute", "行进中"),
        ("FireEngine", "消防车"),
        ("FireStation", "消防站"),
        ("ForestFireCrew", "森林消防队"),
        ("HazmatTeam", "危化品处置队"),
        ("Hospital", "医院"),
        ("Landmark", "地标"),
        ("Medical", "医疗救护"),
        ("OnScene", "在现场"),
        ("Plant", "工厂"),
        ("Police", "公安警力"),
        ("RescueBoatTeam", "舟艇救援队"),
        ("Reserve", "预备"),
        ("Returning", "返回中"),
        ("RiverGauge", "水文站"),
        ("School", "学校"),
        ("Shelter", "安置点"),
        ("Village", "村庄"),
        ("WaterTanker", "水罐车"),
        ("chemical_leak", "危化品泄漏"),
        ("flood", "洪水"),
        ("forest_fire", "森林火灾"),
    ];
    match lang {
        // tasks in the words `scenario::names::task_words` gives the report's too
        Lang::Zh => ZH
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, z)| z.to_string())
            .unwrap_or_else(|| crate::scenario::names::task_words(w, true)),
        Lang::En => {
            if w.contains('_') {
                return w.replace('_', " ");
            }
            let mut out = String::new();
            for (i, c) in w.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push(' ');
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// A phrase the engine or the scoring writes in English (a target, a measured value,
/// an event's detail) in the interface language, with the scenario's names in place
/// of ids.
pub fn phrase(s: &Scenario, lang: Lang, en: &str) -> String {
    let named = names_in_language(s, &names_for_ids(s, en), lang == Lang::Zh);
    match lang {
        Lang::En => named,
        Lang::Zh => {
            // the engine's own phrasings first, before the report's word table turns
            // their " at " into " 于 " ("fire 于 the place" was shown)
            let mut named = named;
            for (e, z) in [
                ("fire at the place", "火已烧至"),
                ("fire on the road", "道路起火"),
            ] {
                named = named.replace(e, z);
            }
            for x in crate::catalog::substances::SUBSTANCES {
                named = named.replace(
                    &format!("{} at AEGL-", x.name),
                    &format!("{}浓度达 AEGL-", x.name_zh),
                );
            }
            let mut out = crate::report::i18n::phrase(crate::report::i18n::Lang::Zh, &named);
            for (e, z) in [
                ("fire on the road", "道路起火"),
                (
                    "toxic gas above IDLH (open to gas-protected crews only)",
                    "毒气浓度超过IDLH(仅对防护队伍开放)",
                ),
                ("fire at the place", "火已烧至"),
                ("closed by order of", "奉命封闭,下令者:"),
                ("m deep", "米深"),
                ("water", "水"),
                ("flooded", "被淹"),
                // the live values of outcome objectives ("120 untreated so far")
                (" so far", "(截至目前)"),
            ] {
                out = out.replace(e, z);
            }
            out
        }
    }
}

/// An item waiting for acknowledgement in words: the inject's text, or the warning or
/// evacuation with its places by name.
pub fn pending(s: &Scenario, lang: Lang, k: &PendingKind) -> String {
    let text = match k {
        PendingKind::Inject(id) => s
            .injects
            .iter()
            .find(|i| &i.id == id)
            .map(|i| i.text_in(lang == Lang::Zh).to_string())
            .unwrap_or_else(|| id.clone()),
        PendingKind::Warning { place, level } => {
            let name = &s.places[place.0 as usize].name;
            let lv = warning_level(lang, &format!("{level:?}"));
            pick(
                lang,
                format!("{lv} warning for {name}"),
                format!("{name}{lv}预警"),
            )
        }
        PendingKind::Evacuate { place, to } => {
            let (a, b) = (
                &s.places[place.0 as usize].name,
                &s.places[to.0 as usize].name,
            );
            pick(
                lang,
                format!("evacuate {a} to {b}"),
                format!("将{a}人员转移至{b}"),
            )
        }
    };
    names_in_language(s, &text, lang == Lang::Zh)
}

/// One line of the event log: the time and the event in words, things by name.
pub fn describe(s: &Scenario, lang: Lang, e: &Event) -> String {
    let n = |id: &str| name_of(s, id);
    let w = |x: &str| word(lang, x);
    let ph = |x: &str| phrase(s, lang, x);
    let (en, zh) = match &e.kind {
        EventKind::ExerciseStarted { scenario, seed } => (
            format!(
                "exercise started: {} (seed {seed})",
                crate::scenario::names::name_in(scenario, false)
            ),
            format!(
                "演练开始:{}(随机种子 {seed})",
                crate::scenario::names::name_in(scenario, true)
            ),
        ),
        EventKind::InjectDelivered {
            inject,
            to,
            from,
            text,
        } => {
            let text_zh = s
                .injects
                .iter()
                .find(|i| i.id == *inject)
                .map(|i| i.text_in(true))
                .unwrap_or(text);
            (
                format!(
                    "inject {inject} from {} → {}: {text}",
                    crate::scenario::names::name_in(from, false),
                    n(to)
                ),
                format!(
                    "情景注入 {inject},{} → {}:{text_zh}",
                    crate::scenario::names::name_in(from, true),
                    n(to)
                ),
            )
        }
        EventKind::MessageSent {
            msg,
            from,
            to,
            what,
        } => (
            format!(
                "msg #{msg} sent {} → {}: {}",
                n(from),
                n(to),
                message_words(s, what, lang == Lang::Zh)
            ),
            format!(
                "信息 #{msg} 已发出 {} → {}:{}",
                n(from),
                n(to),
                message_words(s, what, lang == Lang::Zh)
            ),
        ),
        EventKind::MessageReceived {
            msg,
            from,
            to,
            what,
            transit_s,
            ..
        } => (
            format!(
                "msg #{msg} received by {} from {} after {}: {}",
                n(to),
                n(from),
                hms(*transit_s),
                message_words(s, what, lang == Lang::Zh)
            ),
            format!(
                "信息 #{msg} 经 {} 由{}收到(发自{}):{}",
                hms(*transit_s),
                n(to),
                n(from),
                message_words(s, what, lang == Lang::Zh)
            ),
        ),
        EventKind::MessageUndeliverable { msg, at, to } => (
            format!(
                "msg #{msg} stuck at {}: no working path to {}",
                n(at),
                n(to)
            ),
            format!("信息 #{msg} 滞留于{}:没有通往{}的可用链路", n(at), n(to)),
        ),
        EventKind::OrderRefused { seat, reason } => (
            format!("order from {} refused: {reason}", n(seat)),
            format!("{}的指令被拒绝:{reason}", n(seat)),
        ),
        EventKind::UnitDispatched {
            unit,
            to,
            task,
            route_m,
            eta_s,
        } => (
            format!(
                "{} dispatched to {} ({}), {:.1} km, ETA {}",
                n(unit),
                n(to),
                w(task),
                route_m / 1000.0,
                hms(*eta_s)
            ),
            format!(
                "{} 调派至{}({}),{:.1} 公里,预计 {} 到达",
                n(unit),
                n(to),
                w(task),
                route_m / 1000.0,
                hms(*eta_s)
            ),
        ),
        EventKind::UnitArrived { unit, place } => (
            format!("{} arrived at {}", n(unit), n(place)),
            format!("{} 到达{}", n(unit), n(place)),
        ),
        EventKind::UnitCutOff { unit, to } => (
            format!("{} cut off: no usable road to {}", n(unit), n(to)),
            format!("{} 受阻:没有通往{}的可用道路", n(unit), n(to)),
        ),
        EventKind::UnitRerouted { unit, route_m } => (
            format!("{} rerouted, {:.1} km", n(unit), route_m / 1000.0),
            format!("{} 改道,{:.1} 公里", n(unit), route_m / 1000.0),
        ),
        EventKind::LinkFailed { a, b } => (
            format!("link {} — {} FAILED", n(a), n(b)),
            format!("通信链路 {} — {} 中断", n(a), n(b)),
        ),
        EventKind::LinkRestored { a, b } => (
            format!("link {} — {} restored", n(a), n(b)),
            format!("通信链路 {} — {} 恢复", n(a), n(b)),
        ),
        EventKind::WeatherChanged {
            wind_m_s,
            wind_from_deg,
        } => (
            format!("wind now {wind_m_s} m/s from {wind_from_deg}°"),
            format!("风况变化:风速 {wind_m_s} 米/秒,来向 {wind_from_deg}°"),
        ),
        EventKind::HazardStarted { hazard, detail } => (
            format!("{} started: {}", w(hazard), ph(detail)),
            format!("{}开始:{}", w(hazard), hazard_detail_zh(s, detail)),
        ),
        EventKind::SpotFire {
            cell, distance_m, ..
        } => (
            format!(
                "SPOT FIRE at ({}, {}): a firebrand caught {distance_m:.0} m downwind",
                cell.0, cell.1
            ),
            format!(
                "飞火:({}, {}) 处被下风向 {distance_m:.0} 米外的火星引燃",
                cell.0, cell.1
            ),
        ),
        EventKind::CrownFire { cell, fire_type } => match fire_type.as_str() {
            "crowning" => (
                format!(
                    "ACTIVE CROWN FIRE: the fire runs through the canopy at ({}, {})",
                    cell.0, cell.1
                ),
                format!("树冠火:火势在 ({}, {}) 处沿树冠蔓延", cell.0, cell.1),
            ),
            _ => (
                format!("trees torching at ({}, {})", cell.0, cell.1),
                format!("单株树冠燃烧:({}, {})", cell.0, cell.1),
            ),
        },
        EventKind::BreachOpened { name } => {
            (format!("LEVEE BREACH: {name}"), format!("堤防决口:{name}"))
        }
        EventKind::GaugeThreshold {
            gauge,
            level,
            water_level_m,
        } => (
            format!(
                "gauge {} above {level} level: {water_level_m:.2} m",
                n(gauge)
            ),
            format!(
                "{}水位超过{}水位:{water_level_m:.2} 米",
                n(gauge),
                if level == "danger" {
                    "危险"
                } else {
                    "警戒"
                }
            ),
        ),
        EventKind::PlaceReached {
            place,
            hazard,
            detail,
        } => (
            format!("{} reached {}: {}", w(hazard), n(place), ph(detail)),
            format!("{}到达{}:{}", w(hazard), n(place), ph(detail)),
        ),
        EventKind::PeopleExposed {
            place,
            people,
            hazard,
        } => (
            format!("{people} people exposed to {} at {}", w(hazard), n(place)),
            format!("{}有 {people} 人暴露于{}", n(place), w(hazard)),
        ),
        EventKind::RoadClosed { a, b, reason } => (
            format!("road {} closed: {}", road_section_name(s, a, b), ph(reason)),
            format!("道路 {} 封闭:{}", road_section_name(s, a, b), ph(reason)),
        ),
        EventKind::RoadReopened { a, b } => (
            format!("road {} passable again", road_section_name(s, a, b)),
            format!("道路 {} 恢复通行", road_section_name(s, a, b)),
        ),
        EventKind::TaskStarted { unit, task, place } => (
            format!("{} started {} at {}", n(unit), w(task), n(place)),
            format!("{} 在{}开始{}", n(unit), n(place), w(task)),
        ),
        EventKind::TaskDone {
            unit,
            task,
            place,
            detail,
        } => (
            format!(
                "{} finished {} at {}: {}",
                n(unit),
                w(task),
                n(place),
                ph(detail)
            ),
            format!("{} 在{}完成{}:{}", n(unit), n(place), w(task), ph(detail)),
        ),
        EventKind::LeakContained { unit } => (
            format!("leak contained by {}", n(unit)),
            format!("{} 已控制泄漏", n(unit)),
        ),
        EventKind::AwaitingAck { seat, item } => (
            format!(
                "{} waits for {} to acknowledge",
                ack_item(s, lang, item),
                n(seat)
            ),
            format!("{} 等待{}确认", ack_item(s, lang, item), n(seat)),
        ),
        EventKind::WarningIssued {
            seat,
            place,
            level,
            post,
        } => {
            let lv = warning_level(lang, level);
            (
                format!(
                    "{} issued a {lv} warning for {} (to {})",
                    n(seat),
                    n(place),
                    n(post)
                ),
                format!("{} 对{}发布{lv}预警(发往{})", n(seat), n(place), n(post)),
            )
        }
        EventKind::Acknowledged {
            seat,
            item,
            after_s,
            source,
            ..
        } => (
            format!(
                "{} acknowledged {} after {} ({source})",
                n(seat),
                ack_item(s, lang, item),
                hms(*after_s)
            ),
            format!(
                "{} 确认{},用时 {}({})",
                n(seat),
                ack_item(s, lang, item),
                hms(*after_s),
                if source == "plan" {
                    "预案"
                } else {
                    "参演人员"
                }
            ),
        ),
        EventKind::PlaceWarned { place, level, by } => {
            let lv = warning_level(lang, level);
            (
                format!("households at {} warned ({lv}) by {}", n(place), n(by)),
                format!("{}住户已收到{lv}预警(发布方:{})", n(place), n(by)),
            )
        }
        EventKind::ResponseLevelChanged { level, seat } => (
            format!("response level {level} declared by {}", n(seat)),
            format!("{} 启动{}应急响应", n(seat), response_level(lang, level)),
        ),
        EventKind::EvacuationStarted { place, to, people } => (
            format!(
                "evacuation of {} to {} started: {people} people",
                n(place),
                n(to)
            ),
            format!("{}向{}转移开始:{people} 人", n(place), n(to)),
        ),
        EventKind::EvacuationDone { place, people } => (
            format!("{} evacuated: {people} people", n(place)),
            format!("{}转移完成:{people} 人", n(place)),
        ),
        EventKind::ShelterInPlace { place, seat } => (
            format!("{} told to shelter in place by {}", n(place), n(seat)),
            format!("{}要求{}就地避险", n(seat), n(place)),
        ),
        EventKind::PlanRuleFired {
            rule,
            seat,
            delay_s,
        } => (
            format!(
                "plan rule {rule} fired for {}; orders in {}",
                n(seat),
                hms(*delay_s)
            ),
            format!(
                "预案规则 {rule} 对{}触发;{} 后下达指令",
                n(seat),
                hms(*delay_s)
            ),
        ),
        EventKind::Outcome {
            people_exposed,
            buildings_flooded,
            area_burnt_ha,
            casualties,
        } => (
            format!(
                "outcome: {people_exposed} people exposed, {casualties} casualties untreated, {buildings_flooded} buildings flooded, {area_burnt_ha:.1} ha burnt"
            ),
            format!(
                "结果:{people_exposed} 人暴露,{casualties} 名伤员未救治,{buildings_flooded} 栋建筑被淹,过火 {area_burnt_ha:.1} 公顷"
            ),
        ),
        EventKind::MutualAidRequested { seat, unit, eta_s } => (
            format!(
                "{} requested mutual aid: {}, expected at {}",
                n(seat),
                n(unit),
                hms(*eta_s)
            ),
            format!("{} 请求增援:{},预计 {} 到达", n(seat), n(unit), hms(*eta_s)),
        ),
        EventKind::SeatModeChanged { seat, human } => (
            format!(
                "{} is now played by {}",
                n(seat),
                if *human { "people" } else { "the plan" }
            ),
            format!(
                "{} 现由{}操作",
                n(seat),
                if *human { "参演人员" } else { "预案" }
            ),
        ),
        EventKind::MutualAidArrived { unit } => (
            format!("mutual aid {} arrived and is available", n(unit)),
            format!("增援力量 {} 到达并待命", n(unit)),
        ),
        EventKind::RescueDone { place, people } => (
            format!("{people} people rescued from {}", n(place)),
            format!("从{}救出 {people} 人", n(place)),
        ),
        EventKind::CasualtiesTreated { place, people } => (
            format!("{people} casualties treated at {}", n(place)),
            format!("{}救治伤员 {people} 名", n(place)),
        ),
        EventKind::ExerciseEnded => ("exercise ended".into(), "演练结束".into()),
    };
    // a bilingual name in the interface language only (the event log said every
    // name twice: "区防汛抗旱指挥部 District flood-control HQ")
    format!(
        "{}  {}",
        hms(e.t_s),
        names_in_language(s, &pick(lang, en, zh), lang == Lang::Zh)
    )
}

/// A hazard's start (`HazardStarted`'s detail, written in English by the engine) in
/// Chinese: the ignition cell; the substance, its source and, when the flood started
/// it, the water there; and the dispersion regime the plume model chose (the English
/// sentence gives the Britter–McQuaid number; the player needs the regime).
fn hazard_detail_zh(s: &Scenario, detail: &str) -> String {
    if let Some(cell) = detail.strip_prefix("ignition at cell ") {
        return format!("起火点:单元格 {cell}");
    }
    let Some((what, why)) = detail.split_once("; ") else {
        return phrase(s, Lang::Zh, detail);
    };
    let Some((substance, rest)) = what.split_once(" release at ") else {
        return phrase(s, Lang::Zh, detail);
    };
    let substance_zh =
        crate::catalog::substances::lookup(substance).map_or(substance, |x| x.name_zh);
    let (source, flood) = match rest.split_once(": started by the flood, water ") {
        Some((src, f)) => {
            // "0.53 m deep at plant (trigger 0.5 m)"
            let depth = f.split(" m deep").next().unwrap_or("");
            let (at, trigger) = f
                .split_once(" m deep at ")
                .map(|(_, a)| a)
                .and_then(|a| a.split_once(" (trigger "))
                .map(|(at, t)| (at, t.trim_end_matches(')').trim_end_matches(" m")))
                .unwrap_or(("", ""));
            (
                src,
                format!(
                    "(洪水引发:{}水深 {depth} 米,触发水深 {trigger} 米)",
                    name_of(s, at)
                ),
            )
        }
        None => (rest, String::new()),
    };
    let regime = if why.contains("dense continuous plume") {
        "重气连续羽流(Britter–McQuaid 判据)"
    } else if why.contains("dense instantaneous cloud") {
        "重气瞬时云团(Britter–McQuaid 判据)"
    } else {
        "被动高斯扩散"
    };
    format!("{substance_zh}在{}泄漏{flood};{regime}", name_of(s, source))
}

/// A channel (`Radio`, `Phone`, `Broadcast`, `Sms`, `Messenger`) in words.
pub fn channel(lang: Lang, c: &str) -> String {
    let zh = match c {
        "Radio" => "电台",
        "Phone" => "电话",
        "Broadcast" => "广播",
        "Sms" => "短信",
        "Messenger" => "通信员",
        _ => c,
    };
    pick(lang, c.to_lowercase(), zh.to_string())
}

/// An order in words, in the interface language, things by name (the inbox's queue
/// showed the order's `Debug` form: `Dispatch { unit: "boat_1", … }`).
pub fn order(s: &Scenario, lang: Lang, o: &Order) -> String {
    let n = |id: &str| name_of(s, id);
    let w = |x: &str| word(lang, x);
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| n(i))
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " })
    };
    let channel = |c: &crate::order::Channel| channel(lang, &format!("{c:?}"));
    let (en, zh) = match o {
        Order::Dispatch { unit, to, task } => {
            let task = w(&format!("{task:?}"));
            (
                format!("dispatch {} to {} ({task})", n(unit), n(to)),
                format!("调派{}前往{}({task})", n(unit), n(to)),
            )
        }
        Order::Recall { unit } => (format!("recall {}", n(unit)), format!("召回{}", n(unit))),
        Order::Acknowledge { item } => (
            format!("acknowledge the {}", ack_item(s, lang, item)),
            format!("确认{}", ack_item(s, lang, item)),
        ),
        Order::Warn {
            places,
            level,
            channel: c,
        } => {
            let lv = warning_level(lang, &format!("{level:?}"));
            (
                format!("warn {} ({lv}, by {})", list(places), channel(c)),
                format!("向{}发布{lv}预警({})", list(places), channel(c)),
            )
        }
        Order::SetLevel { level } => {
            let lv = response_level(lang, &format!("{level:?}"));
            (format!("response level {lv}"), format!("启动{lv}"))
        }
        Order::Evacuate { place, to } => (
            format!("evacuate {} to {}", n(place), n(to)),
            format!("组织{}人员转移至{}", n(place), n(to)),
        ),
        Order::ShelterInPlace { place } => (
            format!("shelter in place at {}", n(place)),
            format!("{}就地避险", n(place)),
        ),
        Order::CloseRoad { a, b } => (
            format!("close road {}", road_section_name(s, a, b)),
            format!("封闭道路 {}", road_section_name(s, a, b)),
        ),
        Order::RequestMutualAid { units } => (
            format!("request mutual aid: {}", list(units)),
            format!("请求增援:{}", list(units)),
        ),
        Order::Message { to, text } => (
            format!("message to {}: {text}", n(to)),
            format!("发给{}的消息:{text}", n(to)),
        ),
        Order::FailLink { a, b } => (
            format!("fail link {} – {}", n(a), n(b)),
            format!("中断通信 {} – {}", n(a), n(b)),
        ),
        Order::RestoreLink { a, b } => (
            format!("restore link {} – {}", n(a), n(b)),
            format!("恢复通信 {} – {}", n(a), n(b)),
        ),
        Order::AddUnit { unit } => (
            format!("add unit {}", n(unit)),
            format!("增加队伍{}", n(unit)),
        ),
        Order::SetSeatMode { seat, human } => (
            format!(
                "hand {} to {}",
                n(seat),
                if *human { "people" } else { "the plan" }
            ),
            format!(
                "将{}交由{}",
                n(seat),
                if *human { "参演人员" } else { "预案" }
            ),
        ),
        Order::SetWind {
            wind_m_s,
            wind_from_deg,
        } => (
            format!("wind {wind_m_s:.1} m/s from {wind_from_deg:.0}°"),
            format!("风速 {wind_m_s:.1} 米/秒,风向 {wind_from_deg:.0}°"),
        ),
        Order::DeliverInject { inject } => (
            format!("deliver inject {inject} now"),
            format!("立即下达情景注入 {inject}"),
        ),
    };
    names_in_language(s, &pick(lang, en, zh), lang == Lang::Zh)
}

/// An acknowledgement item as the engine labels it (`warning:<place>`,
/// `evacuate:<place>` or an inject id) in words, the place by name: "warning for
/// Dongwan village" / "东湾村预警", "inject I03" / "情景注入 I03".
pub fn ack_item(s: &Scenario, lang: Lang, item: &str) -> String {
    match item.split_once(':') {
        Some(("warning", place)) => pick(
            lang,
            format!("warning for {}", name_of(s, place)),
            format!("{}预警", name_of(s, place)),
        ),
        Some(("evacuate", place)) => pick(
            lang,
            format!("evacuation order for {}", name_of(s, place)),
            format!("{}转移指令", name_of(s, place)),
        ),
        _ => pick(lang, format!("inject {item}"), format!("情景注入 {item}")),
    }
}

/// An objective's title in the interface language: the scenario's own in English; in
/// Chinese, what its target asks for, with places and seats by name (the scenario
/// writes its titles in one language only).
pub fn objective_title(s: &Scenario, lang: Lang, id: &str, title: &str) -> String {
    match lang {
        Lang::En => title.to_string(),
        Lang::Zh => names_in_language(
            s,
            &crate::scenario::names::objective_title_zh(s, id).unwrap_or_else(|| title.to_string()),
            true,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riverside() -> Scenario {
        let p =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood/riverside.ron");
        crate::scenario::load(&p).expect("bundled scenario")
    }

    /// What the engine says of a place reached, in Chinese: "fire 于 the place" and
    /// "Chlorine 于 AEGL-2" were shown, the report's word table having turned their
    /// " at " first.
    #[test]
    fn hazard_details_read_in_chinese() {
        let s = riverside();
        assert_eq!(phrase(&s, Lang::Zh, "fire at the place"), "火已烧至");
        let gas = phrase(&s, Lang::Zh, "Chlorine at AEGL-2 (2.0 ppm)");
        assert_eq!(gas, "氯气浓度达 AEGL-2 (2.0 ppm)");
        // the exercise's name once, in the interface language
        let start = Event {
            tick: 0,
            t_s: 0,
            kind: EventKind::ExerciseStarted {
                scenario: s.meta.name.clone(),
                seed: 42,
            },
        };
        assert_eq!(
            describe(&s, Lang::Zh, &start),
            "00:00:00  演练开始:清河沙河汛情(随机种子 42)"
        );
    }

    /// An item waiting for acknowledgement reads as what it is, the place by name: the
    /// Chinese GUI called `warning:dongwan` an inject ("情景注入 warning:dongwan").
    #[test]
    fn acknowledgement_items_read_by_kind_and_name() {
        let s = riverside();
        let dongwan = name_of(&s, "dongwan");
        assert_eq!(
            ack_item(&s, Lang::Zh, "warning:dongwan"),
            format!("{dongwan}预警")
        );
        assert_eq!(
            ack_item(&s, Lang::En, "evacuate:dongwan"),
            format!("evacuation order for {dongwan}")
        );
        assert_eq!(ack_item(&s, Lang::Zh, "I03"), "情景注入 I03");
    }

    /// A queued order reads in words with names, in either language: the inbox showed
    /// its `Debug` form.
    #[test]
    fn queued_orders_read_in_words() {
        let s = riverside();
        let o = Order::ShelterInPlace {
            place: "dongwan".into(),
        };
        let zh = order(&s, Lang::Zh, &o);
        // the name in the interface language alone
        assert_eq!(zh, "东湾村就地避险");
        let o = Order::CloseRoad {
            a: "v_dong".into(),
            b: "v_hedong".into(),
        };
        let en = order(&s, Lang::En, &o);
        assert!(
            en.contains("Hedong village") && !en.contains("committee"),
            "{en}"
        );
        assert!(!en.contains("v_"), "{en}");
    }

    /// The leak's start reads wholly in Chinese: the substance, the source by name and
    /// the regime (the GUI showed the plume model's English sentence).
    #[test]
    fn a_leak_start_reads_in_chinese() {
        let s = riverside();
        let zh = hazard_detail_zh(
            &s,
            "Chlorine release at dongwan: started by the flood, water 0.53 m deep at dongwan (trigger 0.5 m); (g0'·q0/(U³·D))^(1/3) = 0.612 >= 0.15: dense continuous plume (Britter & McQuaid 1988)",
        );
        assert!(zh.starts_with("氯气在"), "{zh}");
        assert!(
            zh.contains("水深 0.53 米") && zh.contains("重气连续羽流"),
            "{zh}"
        );
        assert!(!zh.contains("dense") && !zh.contains("release"), "{zh}");
        assert_eq!(
            hazard_detail_zh(&s, "ignition at cell (3, 4)"),
            "起火点:单元格 (3, 4)"
        );
    }

    /// The live values of the outcome objectives read wholly in Chinese (the GUI showed
    /// "120 未救治 so far").
    #[test]
    fn live_outcome_values_are_chinese() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report.ron");
        let s = crate::scenario::load(&p).expect("fixture");
        for en in [
            "120 untreated so far",
            "3 flooded so far",
            "12.5 ha burnt so far",
        ] {
            let zh = phrase(&s, Lang::Zh, en);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{en} -> {zh}");
        }
    }
}
