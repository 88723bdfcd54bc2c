//! Roads from an OpenStreetMap extract (`.osm.pbf`), read with the `osmpbf` crate, and
//! a minimal `.osm.pbf` writer for fixtures and benchmarks.
//!
//! Only ways tagged `highway=*` with a class in [`highway_class`] are read, with the
//! nodes they use (the `osmpbf` indexed reader's two passes). OSM is WGS 84
//! longitude/latitude; the caller projects the points onto the grid and cuts each way
//! at the grid's edges ([`super::road_lines::clip`]): an extract is cut by a box, never
//! exactly by the grid, so roads running off the grid are expected, not errors. A way
//! whose nodes are missing from the extract is split where they are missing.
//!
//! Speed: the way's `maxspeed` (`60`, `60 km/h`, `40 mph`, `walk`, read by
//! [`parse_maxspeed`]) when it gives a speed, else the class default of the table in
//! [`highway_class`]: for `none`, `signals`, `variable` and zone codes (`CN:urban`),
//! and also for a value that is not a speed (`fast`, `0`, `999`). An extract is
//! third-party data the trainer did not write and cannot fix line by line, so such a
//! tag is skipped rather than refused — unlike the same value in a GeoJSON road file
//! the trainer made ([`super::geo`]), which is an error at the property. `bridge=*`
//! (anything but `no`) marks a bridge. Sizes: the file is read whole after its length
//! is checked ([`MAX_FILE_BYTES`]); `osmpbf` refuses blob headers over 64 KiB and blobs
//! that inflate past 32 MiB (the PBF format's own limits).

use std::collections::HashMap;
use std::io::{Cursor, Write};

use super::{MAX_ROAD_SPEED_KM_H, RoadClass};

/// Largest extract read, bytes ([`crate::source::MAX_OSM_BYTES`], 256 MiB: a
/// recording embeds it; a county or district; cut a province with `osmium extract
/// -b` first).
pub const MAX_FILE_BYTES: u64 = crate::source::MAX_OSM_BYTES;

/// A highway way with its points.
#[derive(Debug, Clone, PartialEq)]
pub struct OsmWay {
    /// OSM way id.
    pub id: i64,
    /// The `highway` tag.
    pub highway: String,
    /// Road class.
    pub class: RoadClass,
    /// Speed, km/h.
    pub speed_km_h: f64,
    /// Whether it is a bridge.
    pub bridge: bool,
    /// Runs of consecutive known nodes, (longitude, latitude) in degrees.
    pub parts: Vec<Vec<(f64, f64)>>,
}

/// Road class and default speed (km/h) of a `highway` value; `None` for values that
/// are not roads one can drive or walk (construction, proposed, platform, …).
///
/// | highway | class | km/h |
/// |---|---|---|
/// | motorway | Highway | 100 |
/// | motorway_link | Highway | 60 |
/// | trunk | Primary | 80 |
/// | trunk_link, primary | Primary | 60 |
/// | primary_link, secondary | Secondary | 50 |
/// | secondary_link, tertiary, tertiary_link | Secondary | 40 |
/// | unclassified, road | Secondary | 30 |
/// | residential, service | Secondary | 20 |
/// | living_street | Secondary | 10 |
/// | track | Track | 25 |
/// | path, footway, bridleway, cycleway, pedestrian | Path | 10 |
/// | steps | Path | 3 |
///
/// Speeds are the usual rural defaults (China's Road Traffic Safety Law
/// implementing rules, art. 45–46: 30 km/h on roads without a centre line in towns,
/// 40 km/h outside; motorways 100–120) rounded for emergency vehicles in traffic.
pub fn highway_class(value: &str) -> Option<(RoadClass, f64)> {
    Some(match value {
        "motorway" => (RoadClass::Highway, 100.0),
        "motorway_link" => (RoadClass::Highway, 60.0),
        "trunk" => (RoadClass::Primary, 80.0),
        "trunk_link" | "primary" => (RoadClass::Primary, 60.0),
        "primary_link" | "secondary" => (RoadClass::Secondary, 50.0),
        "secondary_link" | "tertiary" | "tertiary_link" => (RoadClass::Secondary, 40.0),
        "unclassified" | "road" => (RoadClass::Secondary, 30.0),
        "residential" | "service" => (RoadClass::Secondary, 20.0),
        "living_street" => (RoadClass::Secondary, 10.0),
        "track" => (RoadClass::Track, 25.0),
        "path" | "footway" | "bridleway" | "cycleway" | "pedestrian" => (RoadClass::Path, 10.0),
        "steps" => (RoadClass::Path, 3.0),
        _ => return None,
    })
}

/// What an OpenStreetMap `maxspeed` value says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxSpeed {
    /// A limit, km/h, in (0, [`MAX_ROAD_SPEED_KM_H`]].
    Kmh(f64),
    /// A value with a meaning but no number: `none` (no limit), `signals` and
    /// `variable` (set by signs), or an implicit zone code such as `CN:urban` or
    /// `DE:rural` (OSM's country-specific default). The road's class speed applies.
    Implicit,
}

/// Read a `maxspeed` value: a number of km/h (`60`, `60 km/h`, `60 kmh`), miles per
/// hour (`40 mph`), `walk` (5 km/h), or one of the words and zone codes of
/// [`MaxSpeed::Implicit`]. `Err` says why anything else is not a speed: not a number
/// (`fast`, `NaN`), or a speed outside (0, [`MAX_ROAD_SPEED_KM_H`]] km/h (`0`, `-5`,
/// `99999999`).
pub fn parse_maxspeed(v: &str) -> Result<MaxSpeed, String> {
    let t = v.trim();
    match t {
        "walk" => return Ok(MaxSpeed::Kmh(5.0)),
        "none" | "signals" | "variable" => return Ok(MaxSpeed::Implicit),
        _ => {}
    }
    if is_zone_code(t) {
        return Ok(MaxSpeed::Implicit);
    }
    let (num, mph) = match t.strip_suffix("mph") {
        Some(n) => (n.trim(), true),
        None => (
            t.trim_end_matches("km/h").trim_end_matches("kmh").trim(),
            false,
        ),
    };
    let not_speed = || {
        format!(
            "`{t}` is not a speed (write a number of km/h such as `60`, or `40 mph`, `walk`, `none`, `signals`, or a zone code such as `CN:urban`)"
        )
    };
    let x: f64 = num.parse().map_err(|_| not_speed())?;
    if !x.is_finite() {
        return Err(not_speed());
    }
    let kmh = if mph { x * 1.609_344 } else { x };
    speed_in_range(kmh)
        .map(MaxSpeed::Kmh)
        .map_err(|m| format!("`{t}`: {m}"))
}

/// `kmh` when it is a road speed, in (0, [`MAX_ROAD_SPEED_KM_H`]]; else the message
/// "speed … km/h is outside 0–300".
pub fn speed_in_range(kmh: f64) -> Result<f64, String> {
    if kmh > 0.0 && kmh <= MAX_ROAD_SPEED_KM_H {
        Ok(kmh)
    } else {
        Err(format!(
            "speed {} km/h is outside 0–{MAX_ROAD_SPEED_KM_H}",
            crate::source::short_number(kmh)
        ))
    }
}

/// An implicit maximum speed code: a country code, optionally with a region, a colon
/// and a lower-case word (`CN:urban`, `DE:rural`, `US-CA:urban`, `RU:living_street`).
fn is_zone_code(t: &str) -> bool {
    let Some((country, kind)) = t.split_once(':') else {
        return false;
    };
    let (cc, region) = country.split_once('-').unwrap_or((country, ""));
    cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
        && !kind.is_empty()
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-' || b.is_ascii_digit())
}

/// Read the highway ways of an `.osm.pbf` held in memory.
pub fn read_highways(bytes: &[u8]) -> Result<Vec<OsmWay>, String> {
    use osmpbf::{Element, IndexedReader};
    let mut reader = IndexedReader::new(Cursor::new(bytes))
        .map_err(|e| format!("not an OpenStreetMap PBF extract: {e}"))?;
    struct Raw {
        id: i64,
        highway: String,
        maxspeed: Option<f64>,
        bridge: bool,
        refs: Vec<i64>,
    }
    let mut ways: Vec<Raw> = Vec::new();
    let mut nodes: HashMap<i64, (f64, f64)> = HashMap::new();
    let is_road = |w: &osmpbf::Way<'_>| {
        w.tags()
            .any(|(k, v)| k == "highway" && highway_class(v).is_some())
    };
    reader
        .read_ways_and_deps(is_road, |el| match el {
            Element::Way(w) => {
                let mut r = Raw {
                    id: w.id(),
                    highway: String::new(),
                    maxspeed: None,
                    bridge: false,
                    refs: w.refs().collect(),
                };
                for (k, v) in w.tags() {
                    match k {
                        "highway" => r.highway = v.to_string(),
                        // third-party data: a value not read is skipped (the
                        // class speed applies), see the module's documentation
                        "maxspeed" => {
                            r.maxspeed = match parse_maxspeed(v) {
                                Ok(MaxSpeed::Kmh(k)) => Some(k),
                                _ => None,
                            }
                        }
                        "bridge" => r.bridge = v != "no",
                        _ => {}
                    }
                }
                ways.push(r);
            }
            Element::Node(n) => {
                nodes.insert(n.id(), (n.lon(), n.lat()));
            }
            Element::DenseNode(n) => {
                nodes.insert(n.id(), (n.lon(), n.lat()));
            }
            Element::Relation(_) => {}
        })
        .map_err(|e| format!("cannot read the extract: {e}"))?;
    let mut out = Vec::with_capacity(ways.len());
    for w in ways {
        let Some((class, default)) = highway_class(&w.highway) else {
            continue;
        };
        let mut parts = vec![Vec::new()];
        for r in &w.refs {
            match nodes.get(r) {
                Some(&p) => parts.last_mut().expect("one part").push(p),
                None if parts.last().is_some_and(|p| !p.is_empty()) => parts.push(Vec::new()),
                None => {}
            }
        }
        parts.retain(|p| p.len() >= 2);
        out.push(OsmWay {
            id: w.id,
            highway: w.highway,
            class,
            speed_km_h: w.maxspeed.unwrap_or(default),
            bridge: w.bridge,
            parts,
        });
    }
    Ok(out)
}

// ---- a minimal writer (for fixtures and benchmarks) ----

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn field_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    varint(out, ((field as u64) << 3) | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn field_varint(out: &mut Vec<u8>, field: u32, v: u64) {
    varint(out, (field as u64) << 3);
    varint(out, v);
}

fn packed(values: impl Iterator<Item = u64>) -> Vec<u8> {
    let mut b = Vec::new();
    for v in values {
        varint(&mut b, v);
    }
    b
}

fn delta_zigzag(values: impl Iterator<Item = i64>) -> Vec<u8> {
    let mut prev = 0i64;
    packed(values.map(|v| {
        let d = v - prev;
        prev = v;
        zigzag(d)
    }))
}

fn blob(out: &mut Vec<u8>, kind: &str, data: &[u8]) -> std::io::Result<()> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data)?;
    let zdata = z.finish()?;
    let mut b = Vec::new();
    field_varint(&mut b, 2, data.len() as u64);
    field_bytes(&mut b, 3, &zdata);
    let mut h = Vec::new();
    field_bytes(&mut h, 1, kind.as_bytes());
    field_varint(&mut h, 3, b.len() as u64);
    out.extend_from_slice(&(h.len() as u32).to_be_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(&b);
    Ok(())
}

/// A way to write: id, tags, node ids.
pub type WayOut = (i64, Vec<(String, String)>, Vec<i64>);

/// Write nodes `(id, longitude, latitude)` and ways as an `.osm.pbf` (OSM PBF format:
/// a header block, then blocks of at most 8,000 dense nodes or ways, zlib-compressed;
/// granularity 100 nanodegrees). Node ids must be in increasing order.
pub fn write_pbf(nodes: &[(i64, f64, f64)], ways: &[WayOut]) -> std::io::Result<Vec<u8>> {
    const PER_BLOCK: usize = 8000;
    let mut out = Vec::new();
    let mut header = Vec::new();
    field_bytes(&mut header, 4, b"OsmSchema-V0.6");
    field_bytes(&mut header, 4, b"DenseNodes");
    field_bytes(&mut header, 16, b"drillsim");
    blob(&mut out, "OSMHeader", &header)?;
    for chunk in nodes.chunks(PER_BLOCK) {
        let mut dense = Vec::new();
        field_bytes(&mut dense, 1, &delta_zigzag(chunk.iter().map(|n| n.0)));
        field_bytes(
            &mut dense,
            8,
            &delta_zigzag(chunk.iter().map(|n| (n.2 * 1e7).round() as i64)),
        );
        field_bytes(
            &mut dense,
            9,
            &delta_zigzag(chunk.iter().map(|n| (n.1 * 1e7).round() as i64)),
        );
        let mut group = Vec::new();
        field_bytes(&mut group, 2, &dense);
        let mut strings = Vec::new();
        field_bytes(&mut strings, 1, b"");
        let mut block = Vec::new();
        field_bytes(&mut block, 1, &strings);
        field_bytes(&mut block, 2, &group);
        blob(&mut out, "OSMData", &block)?;
    }
    for chunk in ways.chunks(PER_BLOCK) {
        let mut table: Vec<&str> = vec![""];
        let mut index: HashMap<&str, u64> = HashMap::new();
        let mut group = Vec::new();
        for (id, tags, refs) in chunk {
            let mut way = Vec::new();
            field_varint(&mut way, 1, *id as u64);
            let mut keys = Vec::new();
            let mut vals = Vec::new();
            for (k, v) in tags {
                for (s, dst) in [(k.as_str(), &mut keys), (v.as_str(), &mut vals)] {
                    let i = *index.entry(s).or_insert_with(|| {
                        table.push(s);
                        (table.len() - 1) as u64
                    });
                    dst.push(i);
                }
            }
            field_bytes(&mut way, 2, &packed(keys.into_iter()));
            field_bytes(&mut way, 3, &packed(vals.into_iter()));
            field_bytes(&mut way, 8, &delta_zigzag(refs.iter().copied()));
            field_bytes(&mut group, 3, &way);
        }
        let mut strings = Vec::new();
        for s in &table {
            field_bytes(&mut strings, 1, s.as_bytes());
        }
        let mut block = Vec::new();
        field_bytes(&mut block, 1, &strings);
        field_bytes(&mut block, 2, &group);
        blob(&mut out, "OSMData", &block)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_extract_reads_back_with_classes_and_speeds() {
        let nodes: Vec<(i64, f64, f64)> = (1..=6)
            .map(|i| (i, 117.0 + i as f64 * 0.001, 30.0 + i as f64 * 0.0005))
            .collect();
        let t = |k: &str, v: &str| (k.to_string(), v.to_string());
        let ways = vec![
            (
                10,
                vec![t("highway", "primary"), t("maxspeed", "70")],
                vec![1, 2, 3],
            ),
            (
                11,
                vec![t("highway", "track"), t("bridge", "yes")],
                vec![3, 4, 99, 5, 6],
            ),
            (12, vec![t("highway", "proposed")], vec![5, 6]),
            (13, vec![t("building", "yes")], vec![1, 4]),
            // third-party values not read: the class speed, no error
            (
                14,
                vec![t("highway", "secondary"), t("maxspeed", "fast")],
                vec![1, 2],
            ),
            (
                15,
                vec![t("highway", "residential"), t("maxspeed", "signals")],
                vec![2, 3],
            ),
            (
                16,
                vec![t("highway", "track"), t("maxspeed", "99999999")],
                vec![4, 5],
            ),
        ];
        let bytes = write_pbf(&nodes, &ways).unwrap();
        let mut got = read_highways(&bytes).unwrap();
        got.sort_by_key(|w| w.id);
        assert_eq!(got.len(), 5);
        let speeds: Vec<f64> = got[2..].iter().map(|w| w.speed_km_h).collect();
        assert_eq!(speeds, vec![50.0, 20.0, 25.0]);
        assert_eq!(got[0].class, RoadClass::Primary);
        assert_eq!(got[0].speed_km_h, 70.0);
        assert_eq!(got[0].parts[0].len(), 3);
        assert!((got[0].parts[0][0].0 - 117.001).abs() < 1e-7);
        assert_eq!(
            (got[1].class, got[1].speed_km_h, got[1].bridge),
            (RoadClass::Track, 25.0, true)
        );
        // node 99 is not in the extract: the way is split there
        assert_eq!(got[1].parts.len(), 2);
        assert!(read_highways(b"not a pbf").is_err());
    }

    #[test]
    fn maxspeed_forms() {
        let kmh = |v: &str| match parse_maxspeed(v) {
            Ok(MaxSpeed::Kmh(k)) => Some(k),
            _ => None,
        };
        assert_eq!(kmh("60"), Some(60.0));
        assert_eq!(kmh("60 km/h"), Some(60.0));
        assert_eq!(kmh(" 60kmh "), Some(60.0));
        assert!((kmh("40 mph").unwrap() - 64.37).abs() < 0.01);
        assert_eq!(kmh("walk"), Some(5.0));
        for implicit in [
            "none",
            "signals",
            "variable",
            "CN:rural",
            "DE:urban",
            "US-CA:urban",
        ] {
            assert_eq!(
                parse_maxspeed(implicit),
                Ok(MaxSpeed::Implicit),
                "{implicit}"
            );
        }
        for (bad, why) in [
            ("fast", "is not a speed"),
            ("NaN", "is not a speed"),
            ("inf", "is not a speed"),
            ("", "is not a speed"),
            ("cn:rural", "is not a speed"),
            ("0", "outside 0–300"),
            ("-5", "outside 0–300"),
            ("99999999", "outside 0–300"),
            ("1e308", "speed 1e308 km/h"),
            ("200 mph", "outside 0–300"),
        ] {
            let e = parse_maxspeed(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert_eq!(highway_class("construction"), None);
    }
}
