//! The simulation's things in the interface language, by the scenario's names: event
//! descriptions, items waiting for acknowledgement, warning and response levels,
//! place and unit kinds, unit status, tasks, and the scoring's targets and measured
//! values. Ids (`v_dongwan`, `district_hq`) never reach the screen where the scenario
//! names the thing; free text the scenario writes (inject text, names) is shown as
//! written. English keeps the engine's wording; Chinese follows the report's terms
//! ([`crate::report::i18n`]).

use crate::gui::i18n::Lang;
use crate::scenario::Scenario;
use crate::scenario::names::{name_of, names_for_ids};
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
    let zh = match level {
        "Blue" => "蓝色",
        "Yellow" => "黄色",
        "Orange" => "橙色",
        "Red" => "红色",
        _ => return level.to_string(),
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
        ("AerialDrop", "航空灭火"),
        ("Ambulance", "救护车"),
        ("Available", "待命"),
        ("Command", "指挥"),
        ("CommandPost", "指挥所"),
        ("ContainLeak", "堵漏"),
        ("Cordon", "警戒"),
        ("CutOff", "受阻"),
        ("Decontaminate", "洗消"),
        ("Depot", "物资库"),
        ("Drone", "无人机"),
        ("EngineeringTeam", "工程抢险队"),
        ("EnRoute", "行进中"),
        ("FireEngine", "消防车"),
        ("FireLine", "开设隔离带"),
        ("FireStation", "消防站"),
        ("ForestFireCrew", "森林消防队"),
        ("HazmatTeam", "危化品处置队"),
        ("Hospital", "医院"),
        ("Landmark", "地标"),
        ("Medical", "医疗救护"),
        ("OnScene", "在现场"),
        ("Plant", "工厂"),
        ("Police", "公安警力"),
        ("Pump", "排涝"),
        ("Reconnoitre", "侦察"),
        ("Rescue", "救援"),
        ("RescueBoatTeam", "舟艇救援队"),
        ("Reserve", "预备"),
        ("Returning", "返回中"),
        ("RiverGauge", "水文站"),
        ("Sandbag", "沙袋加固"),
        ("School", "学校"),
        ("Shelter", "安置点"),
        ("Standby", "待命"),
        ("Suppress", "灭火"),
        ("Transport", "转运"),
        ("TreatCasualties", "救治伤员"),
        ("Village", "村庄"),
        ("WaterDrop", "洒水灭火"),
        ("WaterTanker", "水罐车"),
        ("chemical_leak", "危化品泄漏"),
        ("flood", "洪水"),
        ("forest_fire", "森林火灾"),
    ];
    match lang {
        Lang::Zh => ZH
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, z)| z.to_string())
            .unwrap_or_else(|| w.to_string()),
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
    let named = names_for_ids(s, en);
    match lang {
        Lang::En => named,
        Lang::Zh => {
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
    match k {
        PendingKind::Inject(id) => s
            .injects
            .iter()
            .find(|i| &i.id == id)
            .map(|i| i.text.clone())
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
    }
}

/// One line of the event log: the time and the event in words, things by name.
pub fn describe(s: &Scenario, lang: Lang, e: &Event) -> String {
    let n = |id: &str| name_of(s, id);
    let w = |x: &str| word(lang, x);
    let ph = |x: &str| phrase(s, lang, x);
    let (en, zh) = match &e.kind {
        EventKind::ExerciseStarted { scenario, seed } => (
            format!("exercise started: {scenario} (seed {seed})"),
            format!("演练开始:{scenario}(随机种子 {seed})"),
        ),
        EventKind::InjectDelivered {
            inject,
            to,
            from,
            text,
        } => (
            format!("inject {inject} from {from} → {}: {text}", n(to)),
            format!("情景注入 {inject},{from} → {}:{text}", n(to)),
        ),
        EventKind::MessageSent {
            msg,
            from,
            to,
            what,
        } => (
            format!("msg #{msg} sent {} → {}: {}", n(from), n(to), ph(what)),
            format!("信息 #{msg} 已发出 {} → {}:{}", n(from), n(to), ph(what)),
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
                ph(what)
            ),
            format!(
                "信息 #{msg} 经 {} 由{}收到(发自{}):{}",
                hms(*transit_s),
                n(to),
                n(from),
                ph(what)
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
            format!("{}开始:{}", w(hazard), ph(detail)),
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
            format!("road {}–{} closed: {}", n(a), n(b), ph(reason)),
            format!("道路 {}–{} 封闭:{}", n(a), n(b), ph(reason)),
        ),
        EventKind::RoadReopened { a, b } => (
            format!("road {}–{} passable again", n(a), n(b)),
            format!("道路 {}–{} 恢复通行", n(a), n(b)),
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
            format!("{item} waits for {} to acknowledge", n(seat)),
            format!("{} 等待{}确认", ack_item(lang, item), n(seat)),
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
                "{} acknowledged {item} after {} ({source})",
                n(seat),
                hms(*after_s)
            ),
            format!(
                "{} 确认{},用时 {}({})",
                n(seat),
                ack_item(lang, item),
                hms(*after_s),
                if source == "plan" { "预案" } else { "人员" }
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
                if *human { "人员" } else { "预案" }
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
    format!("{}  {}", hms(e.t_s), pick(lang, en, zh))
}

/// An acknowledgement item (`warning`, `evacuate` or an inject id) in words.
fn ack_item(lang: Lang, item: &str) -> String {
    match (lang, item) {
        (Lang::Zh, "warning") => "预警".into(),
        (Lang::Zh, "evacuate") => "转移指令".into(),
        (Lang::Zh, x) => format!("情景注入 {x}"),
        (Lang::En, x) => x.to_string(),
    }
}

/// An objective's title in the interface language: the scenario's own in English; in
/// Chinese, what its target asks for, with places and seats by name (the scenario
/// writes its titles in one language only).
pub fn objective_title(s: &Scenario, lang: Lang, id: &str, title: &str) -> String {
    match lang {
        Lang::En => title.to_string(),
        Lang::Zh => {
            crate::scenario::names::objective_title_zh(s, id).unwrap_or_else(|| title.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
