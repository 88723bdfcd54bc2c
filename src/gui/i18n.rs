//! The interface in English and Simplified Chinese. Scenario text (names, injects) is
//! shown as written; only the interface's own words are translated here.

/// Interface language: the report's (one language type for the report, the GUI and
/// the words of [`crate::seat::words`] they share).
pub use crate::report::i18n::Lang;

/// (key, English, Chinese).
const TABLE: &[(&str, &str, &str)] = &[
    ("acknowledge", "Acknowledge", "确认收到"),
    ("add_unit", "Add unit", "增派力量"),
    ("awaiting_ack", "Awaiting acknowledgement", "待确认(叫应)"),
    ("capabilities", "Capabilities", "能力"),
    ("channel", "Channel", "渠道"),
    (
        "click_map",
        "Click a place or unit on the map for its details.",
        "点击地图上的地点或队伍查看详情。",
    ),
    ("close_road", "Close road", "封闭道路"),
    ("crew", "Crew", "人员"),
    ("deliver", "Deliver now", "立即下达"),
    ("details", "Details", "详情"),
    ("dispatch", "Dispatch", "调派"),
    ("dose", "Dose", "剂量"),
    ("evacuate", "Evacuate", "组织转移"),
    ("evacuating", "Evacuating", "转移中"),
    ("events", "Events", "事件"),
    ("facilitator", "Facilitator", "导演组"),
    ("fail_link", "Fail link", "中断通信"),
    ("failed", "Failed", "未达成"),
    ("failed_links", "Failed links", "中断链路"),
    ("filter", "Filter", "筛选"),
    ("fire_burning", "Fire: burning front", "火场:燃烧火线"),
    ("fire_burnt", "Fire: burnt area", "火场:过火区域"),
    ("flood_depth", "Flood: water depth", "洪水:水深"),
    ("from", "from", "来自"),
    ("from_deg", "from °", "来向 °"),
    ("from_msel", "From the MSEL…", "从情景清单选择…"),
    ("g_command", "Command", "指挥"),
    ("g_hazard", "Hazard", "灾情"),
    ("g_messages", "Messages", "信息"),
    ("g_units", "Units", "队伍"),
    ("give_order", "Give order", "下达指令"),
    ("give_to_people", "Hand to people", "交由参演人员"),
    ("give_to_plan", "Hand to plan", "交由预案"),
    ("in_transit", "Messages in transit", "传递中信息"),
    ("inbox", "Inbox", "收件箱"),
    ("inject_now", "Deliver an inject", "下达情景注入"),
    (
        "item",
        "Item (id, warning, evacuate, all)",
        "事项(编号、warning、evacuate、all)",
    ),
    ("kind", "Kind", "类型"),
    ("kind_aerial", "aerial drop", "航空灭火"),
    ("kind_ambulance", "ambulance", "救护车"),
    ("kind_boat", "rescue boat team", "舟艇救援队"),
    ("kind_drone", "drone", "无人机"),
    ("kind_engineers", "engineering team", "工程抢险队"),
    ("kind_fire_engine", "fire engine", "消防车"),
    ("kind_forest_crew", "forest fire crew", "森林消防队"),
    ("kind_hazmat", "hazmat team", "危化品处置队"),
    ("kind_police", "police", "公安警力"),
    ("kind_tanker", "water tanker", "水罐车"),
    ("kind_transport", "transport", "转运车辆"),
    (
        "land_bare",
        "Land: bare ground, rock, snow",
        "地表:裸地、岩石、积雪",
    ),
    ("land_built_up", "Land: built-up", "地表:建成区"),
    ("land_forest", "Land: forest", "地表:林地"),
    ("land_grass_crops", "Land: grass, crops", "地表:草地、农田"),
    ("land_other", "Land: other", "地表:其他"),
    ("land_shrub", "Land: shrub", "地表:灌丛"),
    ("land_water", "Land: water", "地表:水域"),
    ("leak_l1", "Leak: threat level 1", "泄漏:一级威胁区"),
    ("leak_l2", "Leak: threat level 2", "泄漏:二级威胁区"),
    ("leak_l3", "Leak: threat level 3", "泄漏:三级威胁区"),
    ("left", "left", "剩余"),
    ("legend", "Legend", "图例"),
    (
        "legend_arrows",
        "Top right: the north arrow; under it the wind, its arrow pointing where the wind blows, with its speed and the direction it comes from. Bottom left: the scale bar.",
        "右上:指北针;其下为风:箭头指向风的去向,并注明风速和来向。左下:比例尺。",
    ),
    (
        "legend_gauge",
        "River gauge (triangle, filled by place status)",
        "水文站(三角形,按地点状态填色)",
    ),
    ("legend_hazard", "Hazard", "灾情"),
    ("legend_land", "Land cover", "地表覆盖"),
    ("legend_map", "Map", "地图"),
    ("legend_post", "Command post (square)", "指挥所(方形)"),
    ("legend_roads", "Roads", "道路"),
    ("legend_route", "A unit's remaining route", "队伍剩余路线"),
    ("level", "Level", "级别"),
    ("links", "Communication links", "通信链路"),
    ("live_exercise", "LIVE EXERCISE", "实时演练"),
    ("measured", "Measured", "实测"),
    ("message", "Message", "发送信息"),
    ("met", "Met", "已达成"),
    ("mutual_aid", "Request mutual aid", "请求增援"),
    (
        "no_reserve",
        "This scenario has no reserve units.",
        "本情景没有预备力量。",
    ),
    ("nothing_waiting", "Nothing is waiting.", "没有待确认事项。"),
    ("now", "Now", "当前"),
    ("objectives", "Objectives", "目标"),
    ("official", "Official session", "正式比赛"),
    (
        "official_failed",
        "The exercise ended but the recording failed",
        "演练已结束,但记录写入失败",
    ),
    (
        "official_no_facilitator",
        "An official session takes no facilitator inputs.",
        "正式比赛不接受导演组输入。",
    ),
    (
        "official_signed",
        "The exercise has ended: the recording is signed and ready for the judges.",
        "演练已结束:记录已签名,可提交评判。",
    ),
    ("orders", "Orders", "指令"),
    ("orders_file", "orders file", "预置指令"),
    ("organisation", "Organisation", "组织体系"),
    ("outbox", "Outbox", "发件箱"),
    ("overdue", "overdue", "已超时"),
    ("pause", "Pause", "暂停"),
    ("pending", "Pending", "进行中"),
    ("people", "people", "参演人员"),
    ("people_present", "People present", "现有人数"),
    (
        "pick_human_seat",
        "Pick a seat played by people (top bar) to give orders.",
        "请在顶部选择由参演人员操作的席位以下达指令。",
    ),
    ("place", "Place", "地点"),
    ("place_evacuated", "Place: evacuated", "地点:已转移"),
    ("place_evacuating", "Place: evacuating", "地点:转移中"),
    ("place_not_warned", "Place: not warned", "地点:未预警"),
    (
        "place_reached",
        "Place: reached by the hazard",
        "地点:灾情已到达",
    ),
    (
        "place_sheltering",
        "Place: sheltering in place",
        "地点:就地避险",
    ),
    ("place_warned", "Place: warned", "地点:已预警"),
    ("places", "Places", "地点"),
    ("plan", "plan", "预案"),
    ("points", "Points", "得分"),
    ("points_secured", "Points secured", "已锁定得分"),
    ("points_unit", "points", "分"),
    ("population", "Population", "人口"),
    ("reached_by", "Reached by", "受灾情影响"),
    ("read_only", "Replay: read only.", "回放:只读。"),
    ("recall", "Recall", "召回"),
    ("recording", "Recording", "录制中"),
    ("replay", "REPLAY", "复盘回放"),
    ("response_level", "Response level", "响应级别"),
    ("restore_link", "Restore link", "恢复通信"),
    ("road", "Road", "道路"),
    (
        "road_closed",
        "Road closed (order, fire, water over 0.3 m or gas)",
        "道路封闭(指令、火、水深超过0.3米或毒气)",
    ),
    ("road_open", "Road open", "道路畅通"),
    ("run", "Run", "运行"),
    ("seat", "Seat", "席位"),
    (
        "seat_is_plan",
        "is played by the plan: hand it to people first (Facilitator tab).",
        "由预案操作:请先在导演组页面交由参演人员。",
    ),
    ("seats", "Seats", "席位"),
    ("sent_for", "Sent; applies at", "已发送,生效时间"),
    ("set_level", "Set response level", "调整响应级别"),
    ("set_wind", "Change wind", "改变风况"),
    ("shelter", "Shelter in place", "就地避险"),
    ("sheltering", "Sheltering", "就地避险"),
    ("status", "Status", "状态"),
    ("step", "Step", "单步"),
    ("target", "Target", "目标值"),
    ("target_in", "target in", "距时限"),
    ("task", "Task", "任务"),
    ("text", "Text", "内容"),
    ("this_seat", "This seat only", "仅本席位"),
    ("to", "To", "至"),
    ("under", "Under", "隶属"),
    ("unit", "Unit", "队伍"),
    ("unit_available", "Unit: available", "队伍:待命"),
    (
        "unit_cut_off",
        "Unit: cut off (no usable road)",
        "队伍:受阻(无可通行道路)",
    ),
    ("unit_en_route", "Unit: en route", "队伍:行进中"),
    ("unit_on_scene", "Unit: on scene", "队伍:在现场"),
    ("unit_returning", "Unit: returning", "队伍:返回中"),
    ("units", "Units", "队伍"),
    ("waited", "waited", "已等待"),
    ("warn", "Warn", "发布预警"),
    ("warned", "Warned", "预警"),
    ("wind", "Wind", "风况"),
];

/// The interface text for `key`; the key itself when it has none (a bug the tests catch).
pub fn tr(lang: Lang, key: &str) -> &'static str {
    match TABLE.binary_search_by(|(k, _, _)| k.cmp(&key)) {
        Ok(i) => match lang {
            Lang::En => TABLE[i].1,
            Lang::Zh => TABLE[i].2,
        },
        Err(_) => TABLE
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, en, zh)| if lang == Lang::En { *en } else { *zh })
            .unwrap_or("?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
        for (k, en, zh) in TABLE {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{k}: the Chinese text has no Chinese"
            );
        }
    }

    /// The interface's sources: every file under `src/gui/` but this one.
    fn gui_sources() -> String {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).expect("src/gui is readable") {
                let p = e.expect("dir entry").path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui"),
            &mut files,
        );
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("source is UTF-8"))
            .collect()
    }

    /// Every key the interface asks for has a translation.
    #[test]
    fn every_key_used_is_translated() {
        let src = gui_sources();
        let src = src.as_str();
        let mut keys = Vec::new();
        for part in src.split("t(lang, \"").skip(1) {
            keys.push(part.split('"').next().unwrap_or_default());
        }
        for part in src.split("t(self.lang, \"").skip(1) {
            keys.push(part.split('"').next().unwrap_or_default());
        }
        // keys held in tables: legend rows, event groups, order kinds
        for marker in [
            "\"fire_",
            "\"flood_",
            "\"leak_",
            "\"place_",
            "\"g_",
            "\"unit_",
            "\"kind_",
            "\"legend_",
            "\"road_",
        ] {
            for part in src.split(marker).skip(1) {
                let rest = part.split('"').next().unwrap_or_default();
                keys.push(Box::leak(
                    format!("{}{rest}", &marker[1..]).into_boxed_str(),
                ));
            }
        }
        // `OrderKind::X => "key",` on one line: the order names
        for line in src.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("OrderKind::")
                && let Some((_, k)) = rest.split_once(" => \"")
            {
                keys.push(k.split('"').next().unwrap_or_default());
            }
        }
        assert!(keys.len() > 60, "found only {} keys", keys.len());
        for k in keys {
            assert!(
                TABLE.iter().any(|(x, _, _)| *x == k),
                "interface key `{k}` has no translation"
            );
        }
    }

    #[test]
    fn languages_differ_and_parse() {
        assert_eq!(tr(Lang::En, "pause"), "Pause");
        assert_eq!(tr(Lang::Zh, "pause"), "暂停");
        assert_eq!(tr(Lang::En, "no such key"), "?");
        assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
    }
}
