//! The scenario's names for its ids: what people read where the engine and the scoring
//! write ids (`v_dongwan`, `district_hq`, `warning:dongwan`). Used by the GUI and the
//! report, so both say the same.

use super::Scenario;

/// The scenario's name for the place or member `id` (a unit is a member), or `id`
/// itself when the scenario names nothing so.
pub fn name_of(s: &Scenario, id: &str) -> String {
    if let Some(p) = s.places.iter().find(|p| p.id == id) {
        return p.name.clone();
    }
    if let Some(m) = s.org.find(id) {
        return s.org.member(m).name.clone();
    }
    id.to_string()
}

/// The name people know the road node `id` by: the nearest of the places it serves
/// (their `road_node`), else the nearest place of all (by cells), else `id` itself.
/// A road node's id may be a member's too (`v_hedong` is a junction and a village
/// committee in the bundled flood), so [`name_of`] is not for road nodes.
pub fn road_node_name(s: &Scenario, id: &str) -> String {
    let Some(&node) = s.lookup.road_nodes.get(id) else {
        return id.to_string();
    };
    let at = s.roads.graph[petgraph::graph::NodeIndex::new(node as usize)].cell;
    let d2 = |c: (u32, u32)| {
        let dx = c.0 as i64 - at.0 as i64;
        let dy = c.1 as i64 - at.1 as i64;
        dx * dx + dy * dy
    };
    let nearest = |served: bool| {
        s.places
            .iter()
            .filter(|p| !served || p.road_node == node)
            .min_by_key(|p| d2(p.cell))
    };
    nearest(true)
        .or_else(|| nearest(false))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The road section between road nodes `a` and `b` in words: "A – B" by
/// [`road_node_name`], or "A" alone when both ends take the same name.
pub fn road_section_name(s: &Scenario, a: &str, b: &str) -> String {
    let (na, nb) = (road_node_name(s, a), road_node_name(s, b));
    if na == nb {
        na
    } else {
        format!("{na} – {nb}")
    }
}

/// The part of a bilingual name in one language: the Chinese words (`chinese`) or the
/// others ("东湾村 Dongwan village" → "东湾村" / "Dongwan village"); the whole name
/// when it has no words of that language. Where room is short (the GUI's organisation
/// chart) the name need not be said twice.
pub fn name_in(name: &str, chinese: bool) -> String {
    let cjk = |w: &&str| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let part: Vec<&str> = name
        .split_whitespace()
        .filter(|w| cjk(w) == chinese)
        .collect();
    if part.is_empty() {
        name.to_string()
    } else {
        part.join(if chinese { "" } else { " " })
    }
}

/// `text` with every bilingual place or member name of the scenario — and the person
/// responsible at each post ("Village head Zhao 赵村长") — cut to its part in one
/// language ([`name_in`]): the report in English says "Dongwan village", in Chinese
/// "东湾村", where "东湾村 Dongwan village" said it twice. Longer names are replaced
/// first, so a name inside another is not cut apart.
pub fn names_in_language(s: &Scenario, text: &str, chinese: bool) -> String {
    let mut out = text.to_string();
    for (full, en, zh) in &s.lookup.bilingual {
        let short = if chinese { zh } else { en };
        if short != full && out.contains(full.as_str()) {
            out = out.replace(full.as_str(), short);
        }
    }
    out
}

/// A warning level (`Blue` … `Red`, as the engine writes it) in Chinese; `None` for
/// anything else.
pub fn warning_level_zh(level: &str) -> Option<&'static str> {
    match level {
        "Blue" => Some("蓝色"),
        "Yellow" => Some("黄色"),
        "Orange" => Some("橙色"),
        "Red" => Some("红色"),
        _ => None,
    }
}

/// A task (`TreatCasualties`, as the engine writes it) in words: Chinese (`zh`) or
/// lower-case English ("treat casualties").
pub fn task_words(task: &str, zh: bool) -> String {
    if zh {
        let w = match task {
            "Suppress" => "灭火",
            "FireLine" => "开设隔离带",
            "WaterDrop" => "洒水灭火",
            "AerialDrop" => "航空灭火",
            "Rescue" => "救援",
            "Sandbag" => "沙袋加固",
            "Pump" => "排涝",
            "Transport" => "转运",
            "Cordon" => "警戒",
            "TreatCasualties" => "救治伤员",
            "ContainLeak" => "堵漏",
            "Decontaminate" => "洗消",
            "Reconnoitre" => "侦察",
            "Standby" => "待命",
            other => other,
        };
        return w.to_string();
    }
    let mut out = String::new();
    for (i, c) in task.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What a message carries (`comms::Payload::describe`: "order: boat_1 to dongwan
/// (Rescue)", "ack of #4", "Red warning for dongwan", "evacuate a to b", or a text
/// people wrote) in words, things by name, in Chinese (`zh`) or English. A text
/// people wrote is kept as written — its words are not ids to be swapped ("the park
/// gauge" is not the member `park`) nor English to be put word by word into
/// Chinese; an acknowledgement says what it is without the engine's message
/// number.
pub fn message_words(s: &Scenario, what: &str, zh: bool) -> String {
    let n = |id: &str| name_in(&name_of(s, id), zh);
    if let Some(rest) = what.strip_prefix("order: ") {
        if let Some(unit) = rest.strip_prefix("recall ") {
            return if zh {
                format!("指令:召回{}", n(unit))
            } else {
                format!("order: recall {}", n(unit))
            };
        }
        // "{unit} to {place} ({Task})"
        if let Some((unit, tail)) = rest.split_once(" to ")
            && let Some((place, task)) = tail.rsplit_once(" (")
            && is_known(s, unit)
        {
            let task = task_words(task.trim_end_matches(')'), zh);
            return if zh {
                format!("指令:{}前往{}({task})", n(unit), n(place))
            } else {
                format!("order: {} to {} ({task})", n(unit), n(place))
            };
        }
        return names_in_language(s, &names_for_ids(s, what), zh);
    }
    if what.starts_with("ack of #") {
        return if zh {
            "确认回执"
        } else {
            "acknowledgement"
        }
        .to_string();
    }
    if let Some(text) = what.strip_prefix("message: ") {
        let text = coded_ids_named(s, text, zh);
        return if zh {
            format!("消息:{text}")
        } else {
            format!("message: {text}")
        };
    }
    if let Some((level, place)) = what.split_once(" warning for ")
        && let Some(lv) = warning_level_zh(level)
    {
        return if zh {
            format!("{}{lv}预警", n(place))
        } else {
            format!("{level} warning for {}", n(place))
        };
    }
    if let Some(rest) = what.strip_prefix("evacuate ")
        && let Some((a, b)) = rest.split_once(" to ")
        && is_known(s, a)
    {
        return if zh {
            format!("组织{}人员转移至{}", n(a), n(b))
        } else {
            format!("evacuate {} to {}", n(a), n(b))
        };
    }
    coded_ids_named(s, what, zh)
}

/// `text` people wrote with the ids in it that cannot be ordinary words (they hold
/// `_` or a digit: "boat_2") replaced by their names in one language; a word such as
/// "park", which is also a member's id, stays as written.
fn coded_ids_named(s: &Scenario, text: &str, zh: bool) -> String {
    map_id_words(text, |word, out| {
        let coded = word.contains('_') || word.chars().any(|c| c.is_ascii_digit());
        if coded && word.chars().any(|c| c.is_ascii_alphabetic()) && is_known(s, word) {
            out.push_str(&name_in(&name_of(s, word), zh));
        } else {
            out.push_str(word);
        }
    })
}

/// A character an id may hold: ASCII letters, digits, `_` and `-`.
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `text` with each word that could be an id (a run of [`is_id_char`]) written out by
/// `word` (the word, and the text written so far), every other character kept.
fn map_id_words(text: &str, mut word: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if is_id_char(c) {
            run.push(c);
        } else {
            if !run.is_empty() {
                word(&run, &mut out);
                run.clear();
            }
            out.push(c);
        }
    }
    if !run.is_empty() {
        word(&run, &mut out);
    }
    out
}

/// Whether `id` is a place or member id of the scenario.
fn is_known(s: &Scenario, id: &str) -> bool {
    s.places.iter().any(|p| p.id == id) || s.org.find(id).is_some()
}

/// `text` with every place or member id that stands as a word (a run of ASCII
/// letters, digits, `_` and `-`) replaced by its name; an item label
/// `warning:<place>` reads `warning for <name>` and `evacuate:<place>` `evacuation
/// order for <name>`. Anything else is kept as written.
pub fn names_for_ids(s: &Scenario, text: &str) -> String {
    map_id_words(text, |word, out| {
        if is_known(s, word) {
            for (label, words) in [
                ("warning:", "warning for "),
                ("evacuate:", "evacuation order for "),
            ] {
                let before = out.len().saturating_sub(label.len());
                // a label starts the text or follows a non-id character
                if out.ends_with(label)
                    && out[..before]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !is_id_char(c))
                {
                    out.truncate(before);
                    out.push_str(words);
                    break;
                }
            }
            out.push_str(&name_of(s, word));
        } else {
            out.push_str(word);
        }
    })
}

/// The objective `id`'s title in Chinese, written from its target (the scenario gives
/// its titles in one language), with the scenario's names; `None` for an unknown id.
/// Used by the GUI and the report, so both say the same.
pub fn objective_title_zh(s: &Scenario, id: &str) -> Option<String> {
    use super::raw::RawTarget as T;
    let o = s.objectives.iter().find(|o| o.id == id)?;
    let names = |ids: &[String]| {
        if ids.is_empty() {
            "所有相关地点".to_string()
        } else {
            ids.iter()
                .map(|i| name_of(s, i))
                .collect::<Vec<_>>()
                .join("、")
        }
    };
    let mins = |d: &crate::time::Dur| format!("{} 分钟", d.0 / 60);
    let after = |a: &Option<String>| match a {
        Some(i) => format!("自情景注入 {i} 起"),
        None => "自演练开始起".to_string(),
    };
    Some(match &o.target {
        T::AcknowledgeWithin { within, seats } => {
            format!("{}在 {} 内确认收到预警和指令", names(seats), mins(within))
        }
        T::WarningLead { places, lead } => {
            format!("在灾情到达{}前至少 {} 发布预警", names(places), mins(lead))
        }
        T::EvacuatedBeforeArrival { places } => {
            format!("{}在灾情到达前完成转移", names(places))
        }
        T::ProtectedBeforeArrival { places } => {
            format!("{}在灾情到达前完成转移或就地避险", names(places))
        }
        T::FirstOnScene {
            place,
            within,
            after: a,
        } => format!(
            "{}{} 内首支处置队伍到达{}",
            after(a),
            mins(within),
            name_of(s, place)
        ),
        T::ResponseLevelWithin {
            level,
            within,
            after: a,
        } => format!(
            "{}{} 内启动{}或更高级别应急响应",
            after(a),
            mins(within),
            response_level_zh(&format!("{level:?}"))
        ),
        T::LeakContainedWithin { within } => format!("泄漏开始后 {} 内完成堵漏", mins(within)),
        T::FireKeptFrom { places } => format!("火势未蔓延至{}", names(places)),
        T::PeopleExposedAtMost { max } => format!("暴露于灾情的人员不超过 {max} 人"),
        T::CasualtiesAtMost { max } => format!("未救治伤员不超过 {max} 名"),
        T::BuildingsFloodedAtMost { max } => format!("被淹建筑不超过 {max} 栋"),
        T::AreaBurntAtMostHa { max } => format!("过火面积不超过 {max} 公顷"),
    })
}

/// A hazard kind in words: "flood" / "洪涝", "forest fire" / "森林火灾",
/// "chemical leak" / "危化品泄漏".
pub fn hazard_kind_words(kind: crate::scenario::raw::HazardKind, zh: bool) -> &'static str {
    use crate::scenario::raw::HazardKind as H;
    match (kind, zh) {
        (H::Flood, false) => "flood",
        (H::Flood, true) => "洪涝",
        (H::ForestFire, false) => "forest fire",
        (H::ForestFire, true) => "森林火灾",
        (H::ChemicalLeak, false) => "chemical leak",
        (H::ChemicalLeak, true) => "危化品泄漏",
    }
}

/// A command post's level in words: "district" / "区(县)级", "township" / "乡镇(街道)级",
/// "village" / "村(社区)级", "on-scene" / "现场指挥", "facility" / "企事业单位".
pub fn command_level_words(level: crate::scenario::raw::CommandLevel, zh: bool) -> &'static str {
    use crate::scenario::raw::CommandLevel as C;
    match (level, zh) {
        (C::District, false) => "district",
        (C::District, true) => "区(县)级",
        (C::Township, false) => "township",
        (C::Township, true) => "乡镇(街道)级",
        (C::Village, false) => "village",
        (C::Village, true) => "村(社区)级",
        (C::Field, false) => "on-scene",
        (C::Field, true) => "现场指挥",
        (C::Facility, false) => "facility",
        (C::Facility, true) => "企事业单位",
    }
}

/// A response level (`I`–`IV`) in Chinese (`Ⅲ级`); anything else as written.
pub fn response_level_zh(level: &str) -> String {
    match level {
        "IV" => "Ⅳ级",
        "III" => "Ⅲ级",
        "II" => "Ⅱ级",
        "I" => "Ⅰ级",
        _ => level,
    }
    .to_string()
}

/// A core capability of the U.S. National Preparedness Goal (FEMA 2015, the
/// capabilities HSEEP evaluates against) in Chinese, as the GUI and the report show
/// it; an unknown one as written.
pub fn capability_zh(capability: &str) -> String {
    const ZH: &[(&str, &str)] = &[
        ("Critical Transportation", "关键交通保障"),
        (
            "Environmental Response/Health and Safety",
            "环境应急/健康与安全",
        ),
        ("Fire Management and Suppression", "火灾管控与扑救"),
        ("Infrastructure Systems", "基础设施系统"),
        ("Mass Care Services", "群众安置与生活救助"),
        ("Mass Search and Rescue Operations", "搜索与救援行动"),
        (
            "On-scene Security, Protection, and Law Enforcement",
            "现场安全、防护与执法",
        ),
        ("Operational Communications", "应急通信"),
        ("Operational Coordination", "指挥协调"),
        ("Planning", "预案与计划"),
        (
            "Public Health, Healthcare, and Emergency Medical Services",
            "公共卫生、医疗与紧急医疗救护",
        ),
        ("Public Information and Warning", "公众信息与预警"),
        ("Situational Assessment", "态势评估"),
    ];
    ZH.iter()
        .find(|(en, _)| *en == capability)
        .map_or_else(|| capability.to_string(), |(_, zh)| zh.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riverside() -> Scenario {
        let p =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood/riverside.ron");
        crate::scenario::load(&p).expect("bundled scenario loads")
    }

    /// A road node is named by the place it serves, not by a member that shares its
    /// id: `v_hedong` is Hedong's junction and its village committee. A junction
    /// serving nothing takes the nearest place's name, and both ends alike read once.
    #[test]
    fn road_nodes_read_as_the_places_they_serve() {
        let s = riverside();
        assert_eq!(road_node_name(&s, "v_hedong"), "河东村 Hedong village");
        assert_ne!(name_of(&s, "v_hedong"), road_node_name(&s, "v_hedong"));
        assert_eq!(
            road_section_name(&s, "v_dong", "v_hedong"),
            "东湾村 Dongwan village – 河东村 Hedong village"
        );
        // j_levee serves the levee pump house
        assert_eq!(
            road_node_name(&s, "j_levee"),
            "东湾排涝站 Dongwan levee pump house"
        );
        // no road node, no place: the id stays
        assert_eq!(road_node_name(&s, "nowhere"), "nowhere");
        let j = road_node_name(&s, "j_south");
        assert_ne!(
            j, "j_south",
            "a bare junction takes the nearest place's name"
        );
    }

    /// What a message carries reads in words and names, in either language; a text
    /// people wrote stays as written (its "park" is not the member `park`, its " at "
    /// no Chinese "于").
    #[test]
    fn messages_read_in_words() {
        let s = riverside();
        let boat = s
            .org
            .members
            .iter()
            .find(|m| m.name.contains("Rescue boat team 1"))
            .expect("a boat team")
            .id
            .clone();
        let zh = message_words(&s, &format!("order: {boat} to dongwan (Rescue)"), true);
        assert_eq!(zh, "指令:冲锋舟一队前往东湾村(救援)");
        let en = message_words(
            &s,
            &format!("order: {boat} to dongwan (TreatCasualties)"),
            false,
        );
        assert_eq!(
            en,
            "order: Rescue boat team 1 to Dongwan village (treat casualties)"
        );
        assert_eq!(message_words(&s, "ack of #4", false), "acknowledgement");
        assert_eq!(
            message_words(&s, "Red warning for dongwan", true),
            "东湾村红色预警"
        );
        let free = "Qinghe rising 0.3 m/h at the bridge; boats going to Hedong";
        assert_eq!(message_words(&s, free, true), free);
        assert_eq!(message_words(&s, free, false), free);
        // an id that cannot be a word is named; one that can ("hedong" is a place id
        // too) is left as written
        assert_eq!(
            message_words(&s, "boat_2 going to hedong", false),
            "Rescue boat team 2 going to hedong"
        );
    }

    /// The person responsible at a post is said once too.
    #[test]
    fn responsible_people_in_one_language() {
        let s = riverside();
        let t = names_in_language(&s, "ask Grid member Chen 陈网格员 at once", false);
        assert_eq!(t, "ask Grid member Chen at once");
        let t = names_in_language(&s, "ask Grid member Chen 陈网格员 at once", true);
        assert_eq!(t, "ask 陈网格员 at once");
    }

    #[test]
    fn a_bilingual_name_splits_by_language() {
        assert_eq!(name_in("东湾村 Dongwan village", true), "东湾村");
        assert_eq!(name_in("东湾村 Dongwan village", false), "Dongwan village");
        assert_eq!(name_in("Rescue boat team 1 冲锋舟一队", true), "冲锋舟一队");
        assert_eq!(name_in("HQ", true), "HQ");
        assert_eq!(name_in("河东村委会", false), "河东村委会");
    }

    #[test]
    fn ids_read_as_names_and_other_words_stay() {
        let s = riverside();
        let dongwan = name_of(&s, "dongwan");
        assert_ne!(dongwan, "dongwan", "the bundled scenario names dongwan");
        let post = name_of(&s, "district_hq");
        assert_ne!(post, "district_hq");
        assert_eq!(
            names_for_ids(&s, "warning:dongwan waited 00:07:00 at district_hq"),
            format!("warning for {dongwan} waited 00:07:00 at {post}")
        );
        assert_eq!(
            names_for_ids(&s, "evacuate:dongwan at district_hq"),
            format!("evacuation order for {dongwan} at {post}")
        );
        // a label glued to another word is not an item label
        assert_eq!(
            names_for_ids(&s, "prewarning:dongwan"),
            format!("prewarning:{dongwan}")
        );
        // parts of longer ids, unknown ids and ordinary words are kept
        assert_eq!(
            names_for_ids(&s, "dongwan_x, nowhere; households warned"),
            "dongwan_x, nowhere; households warned"
        );
        assert_eq!(names_for_ids(&s, ""), "");
    }
}
