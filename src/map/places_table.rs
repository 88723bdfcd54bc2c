//! Named places (villages, schools, shelters, plants, gauges, …) from a table (CSV or
//! `.xlsx`, [`super::table`]) or from GeoJSON points, with English or Chinese headers.
//!
//! Columns (header names compared loosely: case, spaces, `_` and bracketed units
//! ignored; any order; unknown columns ignored):
//!
//! | field | headers accepted | |
//! |---|---|---|
//! | id | id, code, 编号, 代码 | optional: the name is the id |
//! | name | name, 名称, 名字, 地名 | required |
//! | kind | kind, type, 类型, 类别 | required, see [`canonical_kind`] |
//! | population | population, people, pop, 人口, 人数 | whole number, default 0 |
//! | buildings | buildings, houses, 房屋, 房屋数, 建筑, 建筑物 | whole number, default 0 |
//! | capacity | capacity, 容量, 容纳人数 | shelters, people |
//! | longitude, latitude | longitude/lon/lng, latitude/lat, 经度, 纬度 | WGS 84 degrees |
//! | easting, northing | easting/x, northing/y, 东坐标, 北坐标 | in the scenario's CRS (instead of longitude/latitude) |
//! | warning level, danger level | warning_m, warning, 警戒水位; danger_m, danger, 保证水位, 危险水位 | river gauges, m |
//! | road node | road_node, 道路节点 | optional |
//!
//! A column named twice (`population` and `Population (people)`) is an error at the
//! second header cell ([`duplicate_columns`]): which one counts would be a guess.
//! Ids, names and road nodes are kept by [`name_text`]: each run of blanks and
//! control characters (a tab, Word's manual line break U+000B, ESC, NUL) becomes one
//! space, so the id every other file writes is the one the table gives.
//!
//! GeoJSON: a FeatureCollection of Points with the same names as properties (in the
//! file's CRS: the `crs` member, else WGS 84). Every problem of every row is reported.

use super::table::{
    Cell, Table, TableError, Where, duplicate_columns, find_columns, name_text, normalise_header,
};

/// Where a place's position is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coords {
    /// Longitude, latitude (degrees, WGS 84).
    LonLat(f64, f64),
    /// Easting, northing in the scenario's CRS (or the file's declared CRS for GeoJSON).
    Projected(f64, f64),
}

/// One place as read.
#[derive(Debug, Clone, PartialEq)]
pub struct TablePlace {
    /// Id (the name when the table has no id column).
    pub id: String,
    /// Name.
    pub name: String,
    /// Canonical kind name (`Village`, `School`, … as the scenario's `PlaceKind`).
    pub kind: &'static str,
    /// People.
    pub population: u32,
    /// Buildings.
    pub buildings: u32,
    /// Shelter capacity.
    pub capacity: Option<u32>,
    /// Position.
    pub coords: Coords,
    /// Gauge warning and danger levels, m.
    pub gauge: Option<(f64, f64)>,
    /// Road node id.
    pub road_node: Option<String>,
    /// Where the row is (its first cell), and where its position is (for "outside
    /// the grid").
    pub at: Where,
    /// Where the position is written.
    pub coords_at: Where,
}

/// Canonical kind of a kind cell (English names of the scenario language, their
/// lower-case and spaced forms, and Chinese terms).
pub fn canonical_kind(text: &str) -> Option<&'static str> {
    let t = normalise_header(text);
    Some(match t.as_str() {
        "village" | "community" | "settlement" | "村" | "村庄" | "行政村" | "自然村" | "社区"
        | "居民点" => "Village",
        "school" | "学校" | "小学" | "中学" | "幼儿园" => "School",
        "hospital" | "clinic" | "医院" | "卫生院" | "诊所" => "Hospital",
        "plant" | "factory" | "工厂" | "化工厂" | "企业" => "Plant",
        "shelter" | "避难所" | "安置点" | "避难场所" | "应急避难场所" => "Shelter",
        "depot" | "warehouse" | "仓库" | "物资库" | "储备库" => "Depot",
        "firestation" | "消防站" | "消防队" => "FireStation",
        "rivergauge" | "gauge" | "水文站" | "水位站" => "RiverGauge",
        "commandpost" | "指挥部" | "指挥所" => "CommandPost",
        "landmark" | "other" | "地标" | "其他" => "Landmark",
        _ => return None,
    })
}

const FIELDS: &[&[&str]] = &[
    &["id", "code", "编号", "代码"],
    &["name", "名称", "名字", "地名"],
    &["kind", "type", "类型", "类别"],
    &["population", "people", "pop", "人口", "人数"],
    &["buildings", "houses", "房屋", "房屋数", "建筑", "建筑物"],
    &["capacity", "容量", "容纳人数"],
    &["longitude", "lon", "lng", "long", "经度"],
    &["latitude", "lat", "纬度"],
    &["easting", "x", "东坐标"],
    &["northing", "y", "北坐标"],
    &["warningm", "warning", "warninglevel", "警戒水位"],
    &["dangerm", "danger", "dangerlevel", "保证水位", "危险水位"],
    &["roadnode", "道路节点"],
];

/// Places from a table; all problems at once.
pub fn from_table(t: &Table) -> Result<Vec<TablePlace>, Vec<TableError>> {
    let Some(header) = t.rows.first() else {
        return Err(vec![TableError::file("the table is empty")]);
    };
    let cols = find_columns(header, FIELDS);
    let mut errs = duplicate_columns(header, FIELDS);
    let hat = header.first().map(|c| c.at.clone());
    let need = |i: usize, what: &str, errs: &mut Vec<TableError>| {
        if cols[i].is_none() {
            errs.push(TableError {
                at: hat.clone(),
                message: format!(
                    "no `{what}` column (headers accepted: {})",
                    FIELDS[i].join(", ")
                ),
            });
        }
    };
    need(1, "name", &mut errs);
    need(2, "kind", &mut errs);
    let lonlat = cols[6].is_some() && cols[7].is_some();
    let en = cols[8].is_some() && cols[9].is_some();
    if !lonlat && !en {
        errs.push(TableError {
            at: hat.clone(),
            message: "no position columns: give longitude and latitude (经度, 纬度) or easting and northing".into(),
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    // a value after the header's last column is refused, not dropped
    errs.extend(super::table::beyond_header(t));
    let mut out = Vec::new();
    for row in &t.rows[1..] {
        let cell = |i: usize| cols[i].map(|c| &row[c]);
        match place_of(
            cell(0),
            cell(1),
            cell(2),
            [cell(3), cell(4), cell(5)],
            if lonlat {
                (cell(6), cell(7), true)
            } else {
                (cell(8), cell(9), false)
            },
            (cell(10), cell(11)),
            cell(12),
            &row[0].at,
        ) {
            Ok(p) => out.push(p),
            Err(mut e) => errs.append(&mut e),
        }
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

#[allow(clippy::too_many_arguments)] // one argument per column group, named at the call
fn place_of(
    id: Option<&Cell>,
    name: Option<&Cell>,
    kind: Option<&Cell>,
    counts: [Option<&Cell>; 3],
    pos: (Option<&Cell>, Option<&Cell>, bool),
    gauge: (Option<&Cell>, Option<&Cell>),
    road: Option<&Cell>,
    row_at: &Where,
) -> Result<TablePlace, Vec<TableError>> {
    let mut errs = Vec::new();
    let name_c = name.expect("checked above");
    let kind_c = kind.expect("checked above");
    let name = name_text(&name_c.text);
    if name.is_empty() {
        errs.push(TableError::at(&name_c.at, "the place has no name"));
    }
    let kind = canonical_kind(&kind_c.text);
    if kind.is_none() {
        errs.push(TableError::at(
            &kind_c.at,
            format!(
                "`{}` is not a kind of place (Village 村, School 学校, Hospital 医院, Plant 工厂, \
                 Shelter 安置点, Depot 仓库, FireStation 消防站, RiverGauge 水文站, \
                 CommandPost 指挥部, Landmark 地标)",
                kind_c.text
            ),
        ));
    }
    let mut whole = |c: Option<&Cell>, what: &str| -> Option<u32> {
        let c = c?;
        if c.text.is_empty() {
            return None;
        }
        match c.number {
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 => Some(x as u32),
            _ => {
                errs.push(TableError::at(
                    &c.at,
                    format!("{what} `{}` is not a whole number ≥ 0", c.text),
                ));
                None
            }
        }
    };
    let population = whole(counts[0], "population").unwrap_or(0);
    let buildings = whole(counts[1], "buildings").unwrap_or(0);
    let capacity = whole(counts[2], "capacity");
    let mut num = |c: Option<&Cell>, what: &str, range: (f64, f64)| -> Option<f64> {
        let c = c?;
        match c.number {
            Some(x) if x >= range.0 && x <= range.1 => Some(x),
            Some(x) => {
                errs.push(TableError::at(
                    &c.at,
                    format!("{what} {x} is outside {}…{}", range.0, range.1),
                ));
                None
            }
            None => {
                errs.push(TableError::at(
                    &c.at,
                    if c.text.is_empty() {
                        format!("no {what}")
                    } else {
                        format!("{what} `{}` is not a number", c.text)
                    },
                ));
                None
            }
        }
    };
    let (a, b) = if pos.2 {
        (
            num(pos.0, "longitude", (-180.0, 180.0)),
            num(pos.1, "latitude", (-90.0, 90.0)),
        )
    } else {
        (
            num(pos.0, "easting", (-1e8, 1e8)),
            num(pos.1, "northing", (-1e8, 1e8)),
        )
    };
    let g = match gauge {
        (Some(w), Some(d)) if !w.text.is_empty() || !d.text.is_empty() => {
            match (
                num(Some(w), "warning level", (-500.0, 9000.0)),
                num(Some(d), "danger level", (-500.0, 9000.0)),
            ) {
                (Some(w), Some(d)) => Some((w, d)),
                _ => None,
            }
        }
        _ => None,
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(TablePlace {
        id: id
            .map(|c| name_text(&c.text))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| name.clone()),
        name,
        kind: kind.expect("checked"),
        population,
        buildings,
        capacity,
        coords: if pos.2 {
            Coords::LonLat(a.expect("checked"), b.expect("checked"))
        } else {
            Coords::Projected(a.expect("checked"), b.expect("checked"))
        },
        gauge: g,
        road_node: road.map(|c| name_text(&c.text)).filter(|s| !s.is_empty()),
        at: row_at.clone(),
        coords_at: pos
            .0
            .map(|c| c.at.clone())
            .unwrap_or_else(|| row_at.clone()),
    })
}

/// Places from GeoJSON Points; positions are [`Coords::Projected`] in the file's
/// declared CRS or [`Coords::LonLat`] without one. Every feature's problems are
/// reported, at the feature's `"Feature"` in the text.
pub fn from_geojson(text: &str) -> Result<(Vec<TablePlace>, Option<String>), Vec<TableError>> {
    // features are placed in reading order: one pass over the text for all of them
    let mut pos = crate::source::LineCols::new(text);
    let mut at_off = |off: usize| {
        let (line, col) = pos.at(off);
        Where::Text {
            line,
            col,
            offset: off,
        }
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let off = crate::source::offset_of(text, e.line(), e.column().max(1));
        vec![TableError::at(&at_off(off), format!("not valid JSON: {e}"))]
    })?;
    let crs = value
        .get("crs")
        .and_then(|c| c.get("properties"))
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string);
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return Err(vec![TableError::file("expected a FeatureCollection")]);
    };
    let starts: Vec<usize> = text.match_indices("\"Feature\"").map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (fi, f) in features.iter().enumerate() {
        let at = at_off(starts.get(fi).copied().unwrap_or(0));
        let props = f.get("properties").and_then(|p| p.as_object());
        // one row of cells made from the properties, all at the feature
        let mut header = Vec::new();
        let mut row = Vec::new();
        if let Some(p) = props {
            for (k, v) in p {
                header.push(cell(k.clone(), None, &at));
                let (t, n) = match v {
                    serde_json::Value::String(s) => (s.trim().to_string(), s.trim().parse().ok()),
                    serde_json::Value::Number(n) => (n.to_string(), n.as_f64()),
                    serde_json::Value::Null => (String::new(), None),
                    other => (other.to_string(), None),
                };
                row.push(cell(t, n, &at));
            }
        }
        let point = f
            .get("geometry")
            .filter(|g| g.get("type").and_then(|t| t.as_str()) == Some("Point"))
            .and_then(|g| g.get("coordinates"))
            .and_then(|c| c.as_array());
        // a coordinate written as text ("500110", as a spreadsheet exports it) says so
        if let Some(text) = point.into_iter().flatten().take(2).find(|v| !v.is_number()) {
            errs.push(TableError::at(
                &at,
                format!(
                    "feature {fi}: coordinate {text} is {}: a coordinate must be a number, not text",
                    if text.is_string() { "text" } else { "not a number" }
                ),
            ));
            continue;
        }
        let coords = point.and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
        let Some((x, y)) = coords else {
            errs.push(TableError::at(
                &at,
                format!("feature {fi}: places must be Point geometries with two coordinates"),
            ));
            continue;
        };
        let lonlat = crs.is_none();
        header.push(cell(
            if lonlat { "longitude" } else { "easting" }.into(),
            None,
            &at,
        ));
        header.push(cell(
            if lonlat { "latitude" } else { "northing" }.into(),
            None,
            &at,
        ));
        row.push(cell(x.to_string(), Some(x), &at));
        row.push(cell(y.to_string(), Some(y), &at));
        let t = Table {
            sheet: None,
            rows: vec![header, row],
            text: None,
        };
        match from_table(&t) {
            Ok(mut p) => out.append(&mut p),
            Err(e) => errs.extend(e.into_iter().map(|mut e| {
                e.message = format!("feature {fi}: {}", e.message);
                e.at = Some(at.clone());
                e
            })),
        }
    }
    if errs.is_empty() {
        Ok((out, crs))
    } else {
        Err(errs)
    }
}

fn cell(text: String, number: Option<f64>, at: &Where) -> Cell {
    Cell {
        text,
        number,
        excel_days: None,
        at: at.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headers_and_every_problem_at_its_cell() {
        let t = super::super::table::read_csv(
            "名称,类型,人口（人）,经度,纬度\n下河村,村,320,117.01,30.02\n一中,学校,abc,117.02,95\n"
                .to_string(),
        )
        .unwrap();
        let e = from_table(&t).unwrap_err();
        let at: Vec<String> = e
            .iter()
            .map(|e| e.at.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(at, vec!["3:7", "3:18"], "{e:?}");
        let ok = super::super::table::read_csv(
            "Name,Kind,Population,Lon,Lat\nLower,Village,320,117.01,30.02\n".to_string(),
        )
        .unwrap();
        let p = from_table(&ok).unwrap();
        assert_eq!(
            (p[0].id.as_str(), p[0].kind, p[0].population),
            ("Lower", "Village", 320)
        );
        assert_eq!(p[0].coords, Coords::LonLat(117.01, 30.02));
    }

    /// One rule for names and ids from a table (`name_text`): a tab, Word's manual
    /// line break, ESC or NUL is a space, as in every reference to the place.
    #[test]
    fn control_characters_in_names_become_one_space() {
        let t = super::super::table::read_csv(
            "name,kind,population,easting,northing,road_node\n\
             Low village\u{b}East hamlet,村,420,500850,3300650,j\t1\n\
             Low\tvillage,村,1,500850,3300650,\n\
             Esc\u{1b}aped,村,1,500850,3300650,\n\
             Nul\u{0}led \u{0},村,1,500850,3300650,\n"
                .to_string(),
        )
        .unwrap();
        let p = from_table(&t).unwrap();
        let ids: Vec<&str> = p.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "Low village East hamlet",
                "Low village",
                "Esc aped",
                "Nul led"
            ]
        );
        assert!(p.iter().all(|p| p.id == p.name));
        assert_eq!(p[0].road_node.as_deref(), Some("j 1"));
        let t = super::super::table::read_csv(
            "id,name,kind,easting,northing\nv\u{b}1,\u{0}\u{b},村,500850,3300650\n".to_string(),
        )
        .unwrap();
        let e = from_table(&t).unwrap_err();
        assert!(e[0].message.contains("no name"), "{e:?}");
    }

    #[test]
    fn a_column_named_twice_is_refused() {
        let t = super::super::table::read_csv(
            "name,kind,population,easting,northing,population\nA,村,1,500850,3300650,2\n"
                .to_string(),
        )
        .unwrap();
        let e = from_table(&t).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].at.as_ref().unwrap().to_string(), "1:39");
        assert!(
            e[0].message.contains("second `population` column"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn geojson_coordinates_as_text_are_named() {
        let text = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"A","kind":"Shelter"},"geometry":{"type":"Point","coordinates":["117.0",30.0]}}]}"#;
        let e = from_geojson(text).unwrap_err();
        assert!(
            e[0].message
                .contains("coordinate \"117.0\" is text: a coordinate must be a number"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn geojson_points() {
        let text = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Shelter A","kind":"Shelter","capacity":500},"geometry":{"type":"Point","coordinates":[117.0,30.0]}},
 {"type":"Feature","properties":{"name":"B","kind":"castle"},"geometry":{"type":"Point","coordinates":[117.0,30.0]}}]}"#;
        let e = from_geojson(text).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("castle"));
        assert_eq!(e[0].at.as_ref().unwrap().to_string(), "3:10");
        let ok = text.replace("castle", "学校");
        let (p, crs) = from_geojson(&ok).unwrap();
        assert_eq!(p[0].capacity, Some(500));
        assert_eq!(p[1].kind, "School");
        assert!(crs.is_none());
    }
}
