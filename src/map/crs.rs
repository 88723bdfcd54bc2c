//! Coordinate reference systems: what a scenario's grid, a GeoTIFF, a GeoJSON file or
//! an OpenStreetMap extract is drawn in, and moving points between them.
//!
//! A CRS is declared as an EPSG code (`"EPSG:32650"`, also the OGC URN forms
//! `urn:ogc:def:crs:EPSG::32650` and `urn:ogc:def:crs:OGC:1.3:CRS84` that GeoJSON
//! files carry) or a PROJ string (`"+proj=utm +zone=50 +datum=WGS84"`). EPSG codes
//! are looked up in the EPSG table of the `crs-definitions` crate (every code of the
//! EPSG registry that has a PROJ.4 form: the UTM zones 326xx/327xx, CGCS2000
//! 4490–4554, Web Mercator 3857, …); the arithmetic is `proj4rs`, a pure-Rust port of
//! PROJ (accurate to about 1e-6 m against PROJ, by its authors' tests). Datum shifts
//! go through WGS 84 with the `+towgs84` parameters of the definition, as PROJ.4 did;
//! grid-based shifts (`+nadgrids`) are not available.
//!
//! Invariants: geographic coordinates are degrees (longitude, latitude) at this
//! module's edges — radians stay inside; a projected CRS used for the grid has metre
//! units ([`Crs::metres`]).

use std::fmt;

/// A coordinate reference system.
#[derive(Clone)]
pub struct Crs {
    /// As the user or the file wrote it (`EPSG:32650`, a PROJ string).
    pub declared: String,
    /// The EPSG code, when the CRS was given as one (or a PROJ string matched one).
    pub epsg: Option<u16>,
    proj: proj4rs::Proj,
}

impl fmt::Debug for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Crs({})", self.declared)
    }
}

impl PartialEq for Crs {
    /// Same EPSG code, or the same declaration.
    fn eq(&self, other: &Self) -> bool {
        match (self.epsg, other.epsg) {
            (Some(a), Some(b)) => a == b,
            _ => self.proj_string() == other.proj_string(),
        }
    }
}

/// EPSG code of WGS 84 longitude/latitude, the CRS of GeoJSON (RFC 7946), OSM and CAP.
pub const WGS84: u16 = 4326;

impl Crs {
    /// Parse a declaration; `Err` says what is wrong and what to write instead.
    pub fn parse(text: &str) -> Result<Crs, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("the CRS is empty: write e.g. \"EPSG:32650\"".into());
        }
        if t.starts_with('+') {
            let proj = proj4rs::Proj::from_proj_string(t)
                .map_err(|e| format!("`{t}` is not a PROJ string proj4rs knows: {e}"))?;
            return Ok(Crs {
                declared: t.to_string(),
                epsg: None,
                proj,
            });
        }
        let upper = t.to_ascii_uppercase();
        if matches!(
            upper.as_str(),
            "WGS84"
                | "CRS84"
                | "OGC:CRS84"
                | "URN:OGC:DEF:CRS:OGC:1.3:CRS84"
                | "URN:OGC:DEF:CRS:OGC::CRS84"
        ) {
            return Crs::from_epsg(WGS84);
        }
        // EPSG:32650, EPSG::32650, urn:ogc:def:crs:EPSG::32650, urn:ogc:def:crs:EPSG:9.8:32650
        let code = upper
            .strip_prefix("URN:OGC:DEF:CRS:")
            .unwrap_or(&upper)
            .strip_prefix("EPSG:")
            .map(|rest| rest.rsplit(':').next().unwrap_or(rest));
        match code {
            Some(c) => match c.trim().parse::<u32>() {
                Ok(n) => u16::try_from(n)
                    .map_err(|_| format!("EPSG code {n} is not in the EPSG table"))
                    .and_then(Crs::from_epsg),
                Err(_) => Err(format!("`{t}`: `{c}` is not an EPSG code number")),
            },
            None => Err(format!(
                "`{t}` is not a CRS: write an EPSG code such as \"EPSG:32650\" (WGS 84 / UTM 50N) \
                 or \"EPSG:4547\" (CGCS2000 / 3-degree Gauss-Kruger CM 114E), or a PROJ string \
                 starting with `+proj=`"
            )),
        }
    }

    /// The CRS of an EPSG code.
    pub fn from_epsg(code: u16) -> Result<Crs, String> {
        let def = crs_definitions::from_code(code).ok_or_else(|| {
            format!(
                "EPSG:{code} is not in the EPSG table (codes of the EPSG registry with a PROJ \
                 form, from the crs-definitions crate)"
            )
        })?;
        let proj = proj4rs::Proj::from_proj_string(def.proj4).map_err(|e| {
            format!(
                "EPSG:{code} ({}) uses a projection proj4rs cannot compute: {e}",
                name_of_wkt(def.wkt)
            )
        })?;
        Ok(Crs {
            declared: format!("EPSG:{code}"),
            epsg: Some(code),
            proj,
        })
    }

    /// WGS 84 longitude/latitude (EPSG:4326).
    pub fn wgs84() -> Crs {
        // the table always holds 4326; a failure here is a broken build
        Crs::from_epsg(WGS84).unwrap_or_else(|_| Crs {
            declared: "EPSG:4326".into(),
            epsg: Some(WGS84),
            proj: proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
                .expect("a fixed PROJ string parses"),
        })
    }

    /// Whether coordinates are longitude and latitude (degrees) rather than projected.
    pub fn is_geographic(&self) -> bool {
        self.proj.is_latlong()
    }

    /// Whether projected coordinates are in metres (as the grid's `cell_m` is).
    pub fn metres(&self) -> bool {
        !self.is_geographic() && (self.proj.to_meter() - 1.0).abs() < 1e-12
    }

    /// The PROJ string: the table's for an EPSG code, else as declared.
    pub fn proj_string(&self) -> String {
        match self.epsg.and_then(crs_definitions::from_code) {
            Some(d) => d.proj4.to_string(),
            None => self.declared.clone(),
        }
    }

    /// OGC WKT 1 of an EPSG code (what a `.prj` file beside an `.asc` holds).
    pub fn wkt(&self) -> Option<&'static str> {
        self.epsg
            .and_then(crs_definitions::from_code)
            .map(|d| d.wkt)
    }

    /// A name for people: `EPSG:32650 (WGS 84 / UTM zone 50N)`, or the PROJ string.
    pub fn describe(&self) -> String {
        match self.wkt() {
            Some(w) => format!("{} ({})", self.declared, name_of_wkt(w)),
            None => self.declared.clone(),
        }
    }
}

/// The name in a WKT's first quoted string (`PROJCS["WGS 84 / UTM zone 50N",…`).
fn name_of_wkt(wkt: &str) -> &str {
    wkt.split('"').nth(1).unwrap_or("")
}

/// The WGS 84 / UTM zone (EPSG 326xx north, 327xx south) of a longitude and latitude,
/// degrees; the standard 6° zones (the Norway and Svalbard exceptions are ignored).
pub fn utm_epsg(lon: f64, lat: f64) -> u16 {
    let zone = (((lon + 180.0) / 6.0).floor() as i64).clamp(0, 59) as u16 + 1;
    if lat >= 0.0 {
        32600 + zone
    } else {
        32700 + zone
    }
}

/// Moves points from one CRS to another. The identity when both are the same.
#[derive(Clone, Debug)]
pub struct Transform {
    from: Crs,
    to: Crs,
    identity: bool,
}

impl Transform {
    /// From `from` to `to`.
    pub fn new(from: &Crs, to: &Crs) -> Transform {
        Transform {
            identity: from == to,
            from: from.clone(),
            to: to.clone(),
        }
    }

    /// Whether points pass unchanged.
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// The source CRS.
    pub fn from(&self) -> &Crs {
        &self.from
    }

    /// The target CRS.
    pub fn to(&self) -> &Crs {
        &self.to
    }

    /// One point: `(x, y)` or `(longitude, latitude)` in degrees for a geographic CRS.
    /// `Err` when the point has no image (outside the projection's domain) or is not
    /// finite.
    pub fn apply(&self, x: f64, y: f64) -> Result<(f64, f64), String> {
        if !(x.is_finite() && y.is_finite()) {
            return Err(format!("({x}, {y}) is not a finite position"));
        }
        if self.identity {
            return Ok((x, y));
        }
        if self.from.is_geographic()
            && (!(-180.0..=360.0).contains(&x) || !(-90.0..=90.0).contains(&y))
        {
            return Err(format!(
                "({x}, {y}) is not a longitude/latitude (longitude −180…180, latitude −90…90)"
            ));
        }
        let mut p = if self.from.is_geographic() {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.from.proj, &self.to.proj, &mut p).map_err(|e| {
            format!(
                "({x}, {y}) cannot be moved from {} to {}: {e}",
                self.from.declared, self.to.declared
            )
        })?;
        let out = if self.to.is_geographic() {
            (p.0.to_degrees(), p.1.to_degrees())
        } else {
            (p.0, p.1)
        };
        if out.0.is_finite() && out.1.is_finite() {
            Ok(out)
        } else {
            Err(format!(
                "({x}, {y}) has no position in {}",
                self.to.declared
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_parse_and_name_themselves() {
        let utm = Crs::parse("EPSG:32650").unwrap();
        assert_eq!(utm.epsg, Some(32650));
        assert!(utm.metres());
        assert!(
            utm.describe().contains("UTM zone 50N"),
            "{}",
            utm.describe()
        );
        assert_eq!(Crs::parse("urn:ogc:def:crs:EPSG::32650").unwrap(), utm);
        assert!(
            Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84")
                .unwrap()
                .is_geographic()
        );
        assert!(
            Crs::parse("+proj=utm +zone=50 +datum=WGS84 +units=m")
                .unwrap()
                .metres()
        );
        assert!(Crs::parse("EPSG:99999").unwrap_err().contains("99999"));
        assert!(Crs::parse("UTM50").unwrap_err().contains("EPSG:32650"));
        assert!(!Crs::parse("EPSG:4326").unwrap().metres());
    }

    #[test]
    fn utm_round_trip_matches_proj() {
        // PROJ 9: echo 117 30 | cs2cs EPSG:4326 EPSG:32650 (lon/lat order with +proj)
        // gives 500000.00 3318785.35
        let t = Transform::new(&Crs::wgs84(), &Crs::parse("EPSG:32650").unwrap());
        let (e, n) = t.apply(117.0, 30.0).unwrap();
        assert!((e - 500_000.0).abs() < 0.01, "{e}");
        assert!((n - 3_318_785.35).abs() < 0.05, "{n}");
        let back = Transform::new(t.to(), t.from());
        let (lon, lat) = back.apply(e, n).unwrap();
        assert!((lon - 117.0).abs() < 1e-9 && (lat - 30.0).abs() < 1e-9);
        assert!(t.apply(f64::NAN, 0.0).is_err());
        assert!(
            t.apply(500_000.0, 3_000_000.0).is_err(),
            "projected numbers are not degrees"
        );
        assert_eq!(utm_epsg(117.2, 31.8), 32650);
        assert_eq!(utm_epsg(-70.0, -33.0), 32719);
    }
}
