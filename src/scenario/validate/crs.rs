//! `map.crs`: the grid's coordinate reference system — known, projected, in metres.

use super::Validator;
use crate::map::crs::Crs;
use crate::scenario::raw::RawMap;

impl Validator {
    pub(super) fn map_crs(&mut self, m: &RawMap) -> Option<Crs> {
        let text = m.crs.as_ref()?;
        match Crs::parse(text) {
            Ok(c) if c.is_geographic() => {
                self.d.err(
                    "map.crs",
                    format!(
                        "{} is longitude/latitude: the grid needs a projected CRS in metres",
                        c.describe()
                    ),
                    Some(
                        "use the UTM zone of the area (EPSG:326NN north, 327NN south) or the CGCS2000 \
                         Gauss-Kruger zone; `drillsim new` picks the UTM zone from the DEM"
                            .into(),
                    ),
                );
                None
            }
            Ok(c) if !c.metres() => {
                self.d.err(
                    "map.crs",
                    format!("{} is not in metres", c.describe()),
                    Some("cell_m and every distance are metres: choose a metric CRS".into()),
                );
                None
            }
            Ok(c) => Some(c),
            Err(e) => {
                self.d.err("map.crs", e, None);
                None
            }
        }
    }
}
