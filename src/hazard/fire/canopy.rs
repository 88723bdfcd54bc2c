//! The canopy of the raster spread: LANDFIRE's four canopy layers per cell
//! ([`CanopyLayers`]: cover, height, base height, bulk density), the foliar moisture and
//! wind limit of the run ([`FireSettings`]), and the spread of one cell with its crown
//! (`FireGrid::ellipse_for`): the surface ellipse with the sheltered wind adjustment
//! factor under a canopy (Albini & Baughman 1979), and the crown state of Van Wagner
//! (1977), Rothermel (1991) and Scott & Reinhardt (2001) exactly as the point model
//! `crown.rs` computes it at the head.
//!
//! Invariants: every layer has one value per cell; a cell counts as having canopy when
//! its cover, height and bulk density are all positive and its fuel burns; a cell
//! without canopy spreads exactly as before crown fire existed.

use super::conditions::{
    CROWN_ACTIVE, CROWN_CONDITIONAL, CROWN_PASSIVE, Conditions, Ell, ft_min, make_ell,
};
use super::crown::BEHAVE_BTU_FT_S_PER_KW_M;
use super::spotting::TreeSpecies;
use super::spread::FLAG_NONBURN;
use super::{
    Canopy, FireError, FireGrid, M_PER_FT, WindLimit, canopy_waf, critical_crown_ros_m_min,
    critical_surface_intensity_kw_m, default_waf,
};

/// Canopy layers of a grid, row-major like the fuel layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CanopyLayers {
    /// Canopy cover (LANDFIRE CC), fraction 0–1.
    pub cover: Vec<f32>,
    /// Canopy height (LANDFIRE CH), m.
    pub height_m: Vec<f32>,
    /// Canopy base height (LANDFIRE CBH), m.
    pub base_height_m: Vec<f32>,
    /// Canopy bulk density (LANDFIRE CBD), kg/m³.
    pub bulk_density_kg_m3: Vec<f32>,
}

impl CanopyLayers {
    fn validate(&self, n: usize) -> Result<(), FireError> {
        let layers = [
            &self.cover,
            &self.height_m,
            &self.base_height_m,
            &self.bulk_density_kg_m3,
        ];
        if layers.iter().any(|l| l.len() != n) {
            return Err(FireError::InvalidInput(
                "every canopy layer needs one value per cell",
            ));
        }
        let finite_pos = |l: &Vec<f32>| l.iter().all(|v| v.is_finite() && *v >= 0.0);
        if !layers.iter().all(|l| finite_pos(l)) || self.cover.iter().any(|v| *v > 1.0) {
            return Err(FireError::InvalidInput(
                "canopy layers must be finite and >= 0, cover at most 1",
            ));
        }
        Ok(())
    }
}

/// Firebrand settings of a run (see `embers.rs`): what lofts them and how likely they
/// are to catch where they land.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpotSettings {
    /// Species of the torching trees (Albini 1979).
    pub species: TreeSpecies,
    /// Diameter at breast height of the torching trees, cm.
    pub dbh_cm: f64,
    /// Trees torching together in a torching (passive crown fire) cell.
    pub torching_trees: u32,
    /// Trees torching together in an actively crowning cell.
    pub crowning_trees: u32,
    /// Whether surface fires loft firebrands too (Albini 1983), not only torching and
    /// crowning trees.
    pub from_surface_fires: bool,
    /// Air temperature for Schroeder's ignition probability, °C.
    pub air_temperature_c: f64,
}

impl Default for SpotSettings {
    /// Douglas-fir of 30 cm DBH, 5 trees torching together in a passive crown fire and
    /// 20 in an active one, firebrands from crown fires only, 25 °C.
    fn default() -> Self {
        SpotSettings {
            species: TreeSpecies::DouglasFir,
            dbh_cm: 30.0,
            torching_trees: 5,
            crowning_trees: 20,
            from_surface_fires: false,
            air_temperature_c: 25.0,
        }
    }
}

/// Fire settings of a grid beyond the weather.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FireSettings {
    /// Upper limit on the effective wind (default none, as the behave engine).
    pub wind_limit: WindLimit,
    /// Foliar moisture content of the canopy, fraction (default 1.0 = 100 %).
    pub foliar_moisture: f64,
    /// Spotting; `None`: no firebrands.
    pub spotting: Option<SpotSettings>,
}

impl Default for FireSettings {
    fn default() -> Self {
        FireSettings {
            wind_limit: WindLimit::None,
            foliar_moisture: 1.0,
            spotting: None,
        }
    }
}

impl FireSettings {
    fn validate(&self) -> Result<(), FireError> {
        let spot_ok = self.spotting.is_none_or(|s| {
            s.dbh_cm.is_finite()
                && s.dbh_cm > 0.0
                && s.torching_trees >= 1
                && s.crowning_trees >= 1
                && s.air_temperature_c.is_finite()
        });
        if self.foliar_moisture.is_finite() && self.foliar_moisture >= 0.0 && spot_ok {
            Ok(())
        } else {
            Err(FireError::InvalidInput(
                "foliar moisture must be >= 0; spotting needs DBH > 0 and at least one tree",
            ))
        }
    }
}

impl FireGrid {
    /// Sets the canopy layers (replacing any); the front is re-planned.
    pub fn set_canopy(&mut self, layers: CanopyLayers) -> Result<(), FireError> {
        layers.validate(self.fuel.len())?;
        self.canopy = Some(layers);
        self.refresh_conditions()
    }

    /// Sets the wind limit, foliar moisture and spotting; the front is re-planned.
    pub fn set_settings(&mut self, settings: FireSettings) -> Result<(), FireError> {
        settings.validate()?;
        self.settings = settings;
        self.refresh_conditions()
    }

    /// Settings in force.
    pub fn settings(&self) -> &FireSettings {
        &self.settings
    }

    /// Rebuilds the conditions of the current weather (after the canopy or the
    /// settings changed).
    fn refresh_conditions(&mut self) -> Result<(), FireError> {
        let w = self.cond.weather;
        self.set_weather(w)
    }

    /// The canopy of `cell` with the run's foliar moisture, when it has one (cover,
    /// height and bulk density all positive).
    pub fn canopy_at(&self, cell: usize) -> Option<Canopy> {
        let l = self.canopy.as_ref()?;
        let c = Canopy {
            cover: f64::from(*l.cover.get(cell)?),
            height_m: f64::from(l.height_m[cell]),
            base_height_m: f64::from(l.base_height_m[cell]),
            bulk_density_kg_m3: f64::from(l.bulk_density_kg_m3[cell]),
            foliar_moisture: self.settings.foliar_moisture,
        };
        (c.cover > 0.0 && c.height_m > 0.0 && c.bulk_density_kg_m3 > 0.0).then_some(c)
    }

    /// Spread of `cell` under conditions `c` (not cached).
    ///
    /// Without canopy: the fuel's ellipse with the unsheltered midflame wind. Under a
    /// canopy: the midflame wind is the 20-ft wind times the sheltered wind adjustment
    /// factor of [`canopy_waf`] (crown ratio from the canopy and base heights) when the
    /// canopy shelters the fuel, and the crown state is decided at the head as the
    /// behave engine does (transition ratio from Van Wagner's I0, active ratio from the
    /// Rothermel 1991 crown rate and 3/CBD, R'initiation, crowning index and R'sa of
    /// Scott & Reinhardt 2001).
    pub(super) fn ellipse_for(&self, cell: usize, c: &Conditions) -> Ell {
        if self.flags[cell] & FLAG_NONBURN != 0 {
            return Ell::default();
        }
        let code = usize::from(self.fuel[cell]);
        let slope = f64::from(self.slope[cell]);
        let Some(canopy) = self.canopy_at(cell) else {
            if slope == 0.0 {
                return c.flat.get(code).copied().unwrap_or_default();
            }
            return match c.beds.get(code) {
                Some(Some(bed)) => make_ell(
                    bed,
                    ft_min(c.weather.midflame_wind_m_s),
                    c.weather.toward_rad(),
                    slope,
                    f64::from(self.upslope_az[cell]),
                    c.limit,
                ),
                _ => Ell::default(),
            };
        };
        let (Some(Some(bed)), Some(model)) = (
            c.beds.get(code),
            crate::catalog::fuel_models::FuelModel::by_number(self.fuel[cell]),
        ) else {
            return Ell::default();
        };
        let w = &c.weather;
        let height_ft = canopy.height_m / M_PER_FT;
        let sheltered = canopy.cover * canopy.crown_ratio() / 3.0 >= 0.05 && height_ft >= 6.0;
        // wind adjustment factor applied to the 20-ft wind
        let waf20 = if sheltered {
            canopy_waf(
                model.depth_ft,
                canopy.cover,
                height_ft,
                canopy.crown_ratio(),
            )
        } else if w.wind_20ft_m_s > 0.0 {
            w.midflame_wind_m_s / w.wind_20ft_m_s
        } else {
            default_waf(model.depth_ft)
        };
        let midflame = if sheltered {
            w.wind_20ft_m_s * waf20
        } else {
            w.midflame_wind_m_s
        };
        let up = f64::from(self.upslope_az[cell]);
        let toward = w.toward_rad();
        let surface = make_ell(bed, ft_min(midflame), toward, slope, up, c.limit);
        // R'initiation: the surface rate at which the fireline intensity reaches I0
        let i0 = critical_surface_intensity_kw_m(canopy.base_height_m, canopy.foliar_moisture);
        let hpa_btu = bed.heat_per_unit_area;
        // R'initiation = 60·I0/HPA ft/min (I0 in BTU/ft/s by the engine's conversion),
        // here in m/s
        let r_init = if hpa_btu > 0.0 {
            i0 * BEHAVE_BTU_FT_S_PER_KW_M / hpa_btu * M_PER_FT
        } else {
            f64::INFINITY
        };
        // R'sa: the surface rate at the crowning index (20-ft wind), same WAF
        let o_active = c
            .crown_fuel
            .crowning_index_ft_min(canopy.bulk_density_kg_m3);
        let r_sa = if o_active.is_finite() {
            let e = make_ell(bed, o_active * waf20, toward, slope, up, c.limit);
            e.head()
        } else {
            f64::INFINITY
        };
        let r_active = critical_crown_ros_m_min(canopy.bulk_density_kg_m3) / 60.0;
        let active = r_active > 0.0 && c.crown_ros_m_s >= r_active;
        let torches = surface.head() >= r_init;
        let kind = match (active, torches) {
            (true, true) => CROWN_ACTIVE,
            (true, false) => CROWN_CONDITIONAL,
            _ => CROWN_PASSIVE,
        };
        surface.with_crown(&c.crown, r_init, r_sa, kind)
    }

    /// Heat per unit area (kJ/m²) of the fire in `cell` burning with crown fraction
    /// `cfb`: the surface fuel's plus that share of the canopy's.
    pub(super) fn heat_per_unit_area(&self, cell: usize, hpa_surface: f64, cfb: f64) -> f64 {
        let canopy = self
            .canopy_at(cell)
            .map(|c| c.heat_per_unit_area_kj_m2())
            .unwrap_or(0.0);
        hpa_surface + cfb * canopy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::fire::test_support::{close, fm, oracle_moisture};
    use crate::hazard::fire::{
        CrownInputs, FireType, M_S_PER_MPH, Weather, crown_fire, thomas_flame_length_m,
    };

    fn stand(code: u16, cover: f32, ch: f32, cbh: f32, cbd: f32, n: usize) -> FireGrid {
        let mut g = FireGrid::new(n, n, 10.0, vec![code; n * n], vec![0.0; n * n]).expect("grid");
        g.set_canopy(CanopyLayers {
            cover: vec![cover; n * n],
            height_m: vec![ch; n * n],
            base_height_m: vec![cbh; n * n],
            bulk_density_kg_m3: vec![cbd; n * n],
        })
        .expect("canopy");
        g
    }

    fn weather(mph20: f64) -> Weather {
        Weather {
            midflame_wind_m_s: 0.4 * mph20 * M_S_PER_MPH,
            wind_from_deg: 270.0,
            moisture: oracle_moisture(),
            wind_20ft_m_s: mph20 * M_S_PER_MPH,
        }
    }

    /// A cell's head under a canopy burns as the point model says: the TU5 case of
    /// ORACLES.md torches at 34.3446 ch/h.
    #[test]
    fn a_cell_under_a_canopy_burns_as_the_point_model() {
        let (ch, cbh) = (50.0 * M_PER_FT, 3.0 * M_PER_FT);
        let mut g = stand(165, 0.6, ch as f32, cbh as f32, 0.2, 5);
        g.set_weather(weather(15.0)).expect("weather");
        let e = g.ellipse_for(12, &g.cond);
        let head = e.head_behaviour(false);
        let point = crown_fire(
            fm("TU5"),
            &CrownInputs {
                moisture: oracle_moisture(),
                wind_20ft_m_s: 15.0 * M_S_PER_MPH,
                waf: None,
                wind_from_deg: 270.0,
                slope: 0.0,
                aspect_deg: 0.0,
                wind_limit: WindLimit::None,
                canopy: Canopy {
                    cover: 0.6,
                    height_m: f64::from(ch as f32),
                    base_height_m: f64::from(cbh as f32),
                    bulk_density_kg_m3: f64::from(0.2f32),
                    foliar_moisture: 1.0,
                },
            },
        )
        .expect("valid");
        assert_eq!(point.fire_type, FireType::Torching);
        assert_eq!(head.fire_type, FireType::Torching);
        assert!(
            close(head.rate * 60.0, point.final_ros_m_min, 1e-5),
            "{} vs {}",
            head.rate * 60.0,
            point.final_ros_m_min
        );
        assert!(close(head.cfb, point.crown_fraction_burned, 1e-4));
        // the back burns with less of the crown (here still above I0: it torches too)
        let back = e.behaviour(-1.0, 0.0, false);
        assert!(back.cfb < head.cfb && back.rate < head.rate);
        // intensity and Thomas flame length of the torching head
        let hpa = g.heat_per_unit_area(12, g.cond.hpa[165], head.cfb);
        assert!(close(hpa, point.passive_heat_per_unit_area_kj_m2, 1e-5));
        let fl = thomas_flame_length_m(hpa * head.rate);
        assert!(close(fl, point.final_flame_length_m, 1e-4));
    }

    #[test]
    fn canopy_layers_are_checked() {
        let mut g = FireGrid::new(3, 3, 10.0, vec![165; 9], vec![0.0; 9]).expect("grid");
        let bad = CanopyLayers {
            cover: vec![0.5; 8],
            height_m: vec![20.0; 9],
            base_height_m: vec![2.0; 9],
            bulk_density_kg_m3: vec![0.1; 9],
        };
        assert!(g.set_canopy(bad).is_err());
        let bad = CanopyLayers {
            cover: vec![1.5; 9],
            height_m: vec![20.0; 9],
            base_height_m: vec![2.0; 9],
            bulk_density_kg_m3: vec![0.1; 9],
        };
        assert!(g.set_canopy(bad).is_err());
        assert!(g.canopy_at(4).is_none());
        let s = FireSettings {
            foliar_moisture: f64::NAN,
            ..Default::default()
        };
        assert!(g.set_settings(s).is_err());
    }
}
