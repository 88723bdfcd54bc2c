//! Toxic substances for the chemical-leak model: molar masses, published
//! exposure thresholds (ERPG, AEGL-60 min, IDLH), unit conversion between
//! mg/m³ and ppm, the [`ThreatLevel`] scale used for threat zones, and the
//! [`Dose`] accumulator for exposed people.
//!
//! This module owns the *toxicology* side only; dispersion lives in
//! [`crate::hazard::plume`].
//!
//! # Sources
//! - **ERPG** (Emergency Response Planning Guidelines, 1-hour): AIHA,
//!   *ERPG/WEEL Handbook*, 2016 edition (values unchanged in later tables).
//! - **AEGL** (Acute Exposure Guideline Levels, 60-minute column): US EPA /
//!   National Research Council, *Acute Exposure Guideline Levels for
//!   Selected Airborne Chemicals* (final values table, epa.gov/aegl).
//! - **IDLH** (Immediately Dangerous to Life or Health): NIOSH, *Pocket
//!   Guide to Chemical Hazards* / IDLH documentation (1994, revised values).
//! - **Toxic-load exponent n** (C^n·t = const): ten Berge, Zwart & Appelman
//!   (1986), *Concentration–time mortality response relationship of
//!   irritant and systemically acting vapours and gases*, J. Hazard. Mater.
//!   13, 301–309; the same exponents are used in the AEGL technical support
//!   documents for time scaling.
//!
//! - **Physical data for dense-gas releases** (normal boiling point, enthalpy of
//!   vaporisation at it): NIST Chemistry WebBook, SRD 69 (Linstrom & Mallard, eds.);
//!   liquid density and heat capacity near the boiling point: Perry's Chemical
//!   Engineers' Handbook, 8th ed. (2008), Tables 2-32 and 2-153; all rounded to three
//!   figures. How a release of each substance leaves its container ([`Storage`]):
//!   CCPS (1999), *Guidelines for Consequence Analysis of Chemical Releases*, §2.2.
//!
//! All thresholds are in ppm (by volume). Values are exercise data: check
//! them against current tables before any real-world use.

/// Molar volume of an ideal gas at 25 °C and 101.325 kPa, in litres per
/// mole (L/mol). This is the conventional industrial-hygiene constant for
/// `ppm = mg/m³ × 24.45 / M` (NIOSH / OSHA convention).
pub const MOLAR_VOLUME_25C_L_MOL: f64 = 24.45;

/// Converts a mass concentration (mg/m³) to a volume fraction (ppm) at
/// 25 °C, 1 atm, for a gas of molar mass `molar_mass_g_mol` (g/mol).
///
/// Returns 0 for a non-positive or non-finite molar mass.
pub fn mg_m3_to_ppm(mg_m3: f64, molar_mass_g_mol: f64) -> f64 {
    if molar_mass_g_mol.is_finite() && molar_mass_g_mol > 0.0 {
        mg_m3 * MOLAR_VOLUME_25C_L_MOL / molar_mass_g_mol
    } else {
        0.0
    }
}

/// Converts a volume fraction (ppm) to a mass concentration (mg/m³) at
/// 25 °C, 1 atm, for a gas of molar mass `molar_mass_g_mol` (g/mol).
pub fn ppm_to_mg_m3(ppm: f64, molar_mass_g_mol: f64) -> f64 {
    ppm * molar_mass_g_mol / MOLAR_VOLUME_25C_L_MOL
}

/// How severe an airborne concentration is, ordered by severity
/// (`Clear < Level1 < Level2 < Level3`).
///
/// The three tiers follow the common meaning shared by ERPG and AEGL:
/// tier 1 = notable discomfort / irritation, reversible; tier 2 = serious or
/// irreversible effects, impaired ability to escape; tier 3 =
/// life-threatening. Which guideline supplies the numbers is chosen by
/// [`Guideline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ThreatLevel {
    /// Below every threshold.
    Clear,
    /// At or above tier 1 (discomfort).
    Level1,
    /// At or above tier 2 (serious effects, impaired escape).
    Level2,
    /// At or above tier 3 (life-threatening).
    Level3,
}

impl ThreatLevel {
    /// The non-clear levels, from least to most severe.
    pub const ZONES: [ThreatLevel; 3] = [Self::Level1, Self::Level2, Self::Level3];

    /// Index into [`Self::ZONES`] (`None` for [`ThreatLevel::Clear`]).
    pub fn zone_index(self) -> Option<usize> {
        match self {
            Self::Clear => None,
            Self::Level1 => Some(0),
            Self::Level2 => Some(1),
            Self::Level3 => Some(2),
        }
    }
}

/// Which family of published thresholds defines the [`ThreatLevel`] tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Guideline {
    /// AEGL-1/2/3, 60-minute values (US EPA). The default, as in the
    /// ALOHA level-of-concern hierarchy (AEGL, then ERPG).
    #[default]
    Aegl60,
    /// ERPG-1/2/3 (AIHA), 1-hour values.
    Erpg,
}

/// Three tiered thresholds in ppm; `None` where the guideline gives no value
/// (e.g. "not appropriate"), in which case that tier is never reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelsOfConcern {
    /// Tier-1 threshold, ppm.
    pub tier1_ppm: Option<f64>,
    /// Tier-2 threshold, ppm.
    pub tier2_ppm: Option<f64>,
    /// Tier-3 threshold, ppm.
    pub tier3_ppm: Option<f64>,
}

impl LevelsOfConcern {
    /// The threshold for a level (`None` for `Clear` or a missing tier).
    pub fn threshold_ppm(&self, level: ThreatLevel) -> Option<f64> {
        match level {
            ThreatLevel::Clear => None,
            ThreatLevel::Level1 => self.tier1_ppm,
            ThreatLevel::Level2 => self.tier2_ppm,
            ThreatLevel::Level3 => self.tier3_ppm,
        }
    }

    /// The highest level whose threshold `ppm` is at or above. NaN or
    /// negative input gives [`ThreatLevel::Clear`].
    pub fn threat_level(&self, ppm: f64) -> ThreatLevel {
        for level in ThreatLevel::ZONES.iter().rev() {
            if let Some(t) = self.threshold_ppm(*level)
                && ppm >= t
            {
                return *level;
            }
        }
        ThreatLevel::Clear
    }
}

/// Standard atmospheric pressure, Pa.
pub const ATMOSPHERE_PA: f64 = 101_325.0;
/// Molar gas constant, J/(mol·K).
pub const GAS_CONSTANT: f64 = 8.314_462_618;
/// Storage temperature assumed for a release from a tank, K (20 °C).
pub const STORAGE_TEMPERATURE_K: f64 = 293.15;

/// How a substance is usually held, which sets what a release puts into the air.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Storage {
    /// Liquefied under its own vapour pressure (above its boiling point): a release
    /// flashes: a fraction c_p·(T_s − T_b)/h_fg boils at once and the cloud leaves at the
    /// boiling point, carrying droplets.
    LiquefiedUnderPressure {
        /// Liquid heat capacity, J/(kg·K).
        liquid_heat_capacity_j_kg_k: f64,
        /// Enthalpy of vaporisation at the boiling point, J/kg.
        heat_of_vaporisation_j_kg: f64,
    },
    /// A liquid below its boiling point at storage temperature: it evaporates from a
    /// pool and the vapour leaves at the ambient temperature.
    Liquid,
}

/// What a release puts into the air at the source (see [`Substance::release_source`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReleaseSource {
    /// Density of the source cloud (vapour plus airborne droplets), kg/m³.
    pub density_kg_m3: f64,
    /// Its temperature, K.
    pub temperature_k: f64,
    /// Mass fraction that flashes to vapour (0 for an evaporating liquid).
    pub flash_fraction: f64,
}

/// A toxic gas with its properties and published thresholds (all ppm).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Substance {
    /// Stable lower-case identifier, e.g. `"chlorine"`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Display name in Chinese (GB/T 16483 safety data sheet usage).
    pub name_zh: &'static str,
    /// Chemical formula, also accepted by [`lookup`] (e.g. `"Cl2"`).
    pub formula: &'static str,
    /// CAS registry number.
    pub cas: &'static str,
    /// Molar mass, g/mol.
    pub molar_mass_g_mol: f64,
    /// ERPG-1/2/3, ppm (AIHA).
    pub erpg: LevelsOfConcern,
    /// AEGL-1/2/3 for 60 minutes, ppm (US EPA).
    pub aegl_60min: LevelsOfConcern,
    /// IDLH, ppm (NIOSH).
    pub idlh_ppm: f64,
    /// Toxic-load exponent n in C^n·t (ten Berge et al. 1986), if published.
    pub toxic_load_n: Option<f64>,
    /// Normal boiling point, K.
    pub boiling_point_k: f64,
    /// Liquid density near the boiling point, kg/m³.
    pub liquid_density_kg_m3: f64,
    /// How it is stored.
    pub storage: Storage,
}

const fn loc(t1: Option<f64>, t2: f64, t3: f64) -> LevelsOfConcern {
    LevelsOfConcern {
        tier1_ppm: t1,
        tier2_ppm: Some(t2),
        tier3_ppm: Some(t3),
    }
}

/// Chlorine, Cl₂ (CAS 7782-50-5).
/// ERPG 1/3/20 ppm (AIHA 2016); AEGL-60 0.50/2.0/20 ppm (EPA final);
/// IDLH 10 ppm (NIOSH); n = 2.0 (ten Berge 1986, used in the chlorine AEGL TSD).
/// Boiling point 239.11 K, h_fg 20.41 kJ/mol (NIST); liquid 1560 kg/m³, c_p 0.946 kJ/(kg·K) (Perry's); stored liquefied under pressure.
pub const CHLORINE: Substance = Substance {
    id: "chlorine",
    name: "Chlorine",
    name_zh: "氯气",
    formula: "Cl2",
    cas: "7782-50-5",
    molar_mass_g_mol: 70.906,
    erpg: loc(Some(1.0), 3.0, 20.0),
    aegl_60min: loc(Some(0.50), 2.0, 20.0),
    idlh_ppm: 10.0,
    toxic_load_n: Some(2.0),
    boiling_point_k: 239.11,
    liquid_density_kg_m3: 1560.0,
    storage: Storage::LiquefiedUnderPressure {
        liquid_heat_capacity_j_kg_k: 946.0,
        heat_of_vaporisation_j_kg: 287_800.0,
    },
};

/// Ammonia, NH₃ (CAS 7664-41-7).
/// ERPG 25/150/750 ppm (AIHA); AEGL-60 30/160/1100 ppm (EPA final);
/// IDLH 300 ppm (NIOSH); n = 2.0 (ten Berge 1986, used in the ammonia AEGL TSD).
/// Boiling point 239.82 K, h_fg 23.33 kJ/mol (NIST); liquid 682 kg/m³, c_p 4.44 kJ/(kg·K) (Perry's); stored liquefied under pressure.
pub const AMMONIA: Substance = Substance {
    id: "ammonia",
    name: "Ammonia",
    name_zh: "氨气",
    formula: "NH3",
    cas: "7664-41-7",
    molar_mass_g_mol: 17.031,
    erpg: loc(Some(25.0), 150.0, 750.0),
    aegl_60min: loc(Some(30.0), 160.0, 1100.0),
    idlh_ppm: 300.0,
    toxic_load_n: Some(2.0),
    boiling_point_k: 239.82,
    liquid_density_kg_m3: 682.0,
    storage: Storage::LiquefiedUnderPressure {
        liquid_heat_capacity_j_kg_k: 4440.0,
        heat_of_vaporisation_j_kg: 1_370_000.0,
    },
};

/// Hydrogen sulfide, H₂S (CAS 7783-06-4).
/// ERPG 0.1/30/100 ppm (AIHA); AEGL-60 0.51/27/50 ppm (EPA final);
/// IDLH 100 ppm (NIOSH); n = 4.4 (ten Berge 1986, used in the H₂S AEGL TSD).
/// Boiling point 212.85 K, h_fg 18.67 kJ/mol (NIST); liquid 949 kg/m³, c_p 2.0 kJ/(kg·K) (Perry's); stored liquefied under pressure.
pub const HYDROGEN_SULFIDE: Substance = Substance {
    id: "hydrogen_sulfide",
    name: "Hydrogen sulfide",
    name_zh: "硫化氢",
    formula: "H2S",
    cas: "7783-06-4",
    molar_mass_g_mol: 34.081,
    erpg: loc(Some(0.1), 30.0, 100.0),
    aegl_60min: loc(Some(0.51), 27.0, 50.0),
    idlh_ppm: 100.0,
    toxic_load_n: Some(4.4),
    boiling_point_k: 212.85,
    liquid_density_kg_m3: 949.0,
    storage: Storage::LiquefiedUnderPressure {
        liquid_heat_capacity_j_kg_k: 2000.0,
        heat_of_vaporisation_j_kg: 548_000.0,
    },
};

/// Sulfur dioxide, SO₂ (CAS 7446-09-5).
/// ERPG 0.3/3/15 ppm (AIHA); AEGL-60 0.20/0.75/30 ppm (EPA final);
/// IDLH 100 ppm (NIOSH); no ten Berge exponent given here (`None`).
/// Boiling point 263.13 K, h_fg 24.94 kJ/mol (NIST); liquid 1460 kg/m³, c_p 1.36 kJ/(kg·K) (Perry's); stored liquefied under pressure.
pub const SULFUR_DIOXIDE: Substance = Substance {
    id: "sulfur_dioxide",
    name: "Sulfur dioxide",
    name_zh: "二氧化硫",
    formula: "SO2",
    cas: "7446-09-5",
    molar_mass_g_mol: 64.066,
    erpg: loc(Some(0.3), 3.0, 15.0),
    aegl_60min: loc(Some(0.20), 0.75, 30.0),
    idlh_ppm: 100.0,
    toxic_load_n: None,
    boiling_point_k: 263.13,
    liquid_density_kg_m3: 1460.0,
    storage: Storage::LiquefiedUnderPressure {
        liquid_heat_capacity_j_kg_k: 1360.0,
        heat_of_vaporisation_j_kg: 389_000.0,
    },
};

/// Hydrogen chloride, HCl (CAS 7647-01-0).
/// ERPG 3/20/150 ppm (AIHA); AEGL-60 1.8/22/100 ppm (EPA final);
/// IDLH 50 ppm (NIOSH); n = 1.0 (ten Berge 1986, used in the HCl AEGL TSD).
/// Boiling point 188.15 K, h_fg 16.15 kJ/mol (NIST); liquid 1190 kg/m³, c_p 1.62 kJ/(kg·K) (Perry's); stored liquefied under pressure.
pub const HYDROGEN_CHLORIDE: Substance = Substance {
    id: "hydrogen_chloride",
    name: "Hydrogen chloride",
    name_zh: "氯化氢",
    formula: "HCl",
    cas: "7647-01-0",
    molar_mass_g_mol: 36.461,
    erpg: loc(Some(3.0), 20.0, 150.0),
    aegl_60min: loc(Some(1.8), 22.0, 100.0),
    idlh_ppm: 50.0,
    toxic_load_n: Some(1.0),
    boiling_point_k: 188.15,
    liquid_density_kg_m3: 1190.0,
    storage: Storage::LiquefiedUnderPressure {
        liquid_heat_capacity_j_kg_k: 1620.0,
        heat_of_vaporisation_j_kg: 443_000.0,
    },
};

/// Hydrogen cyanide, HCN (CAS 74-90-8).
/// ERPG-1 not appropriate (`None`), ERPG-2 10, ERPG-3 25 ppm (AIHA);
/// AEGL-60 1.0/7.1/15 ppm (EPA final); IDLH 50 ppm (NIOSH);
/// n = 2.6 (ten Berge 1986, used in the HCN AEGL TSD).
/// Boiling point 298.85 K (NIST): a liquid at 20 °C, released by evaporation; liquid 688 kg/m³ (Perry's).
pub const HYDROGEN_CYANIDE: Substance = Substance {
    id: "hydrogen_cyanide",
    name: "Hydrogen cyanide",
    name_zh: "氰化氢",
    formula: "HCN",
    cas: "74-90-8",
    molar_mass_g_mol: 27.025,
    erpg: loc(None, 10.0, 25.0),
    aegl_60min: loc(Some(1.0), 7.1, 15.0),
    idlh_ppm: 50.0,
    toxic_load_n: Some(2.6),
    boiling_point_k: 298.85,
    liquid_density_kg_m3: 688.0,
    storage: Storage::Liquid,
};

/// Every substance in the library.
pub const SUBSTANCES: [Substance; 6] = [
    CHLORINE,
    AMMONIA,
    HYDROGEN_SULFIDE,
    SULFUR_DIOXIDE,
    HYDROGEN_CHLORIDE,
    HYDROGEN_CYANIDE,
];

/// Finds a substance by id, display name or formula, ignoring ASCII case,
/// surrounding whitespace, and treating `' '`, `'-'` and `'_'` alike
/// (`"chlorine"`, `"Cl2"`, `"Hydrogen Sulfide"`, `"h2s"`).
pub fn lookup(key: &str) -> Option<&'static Substance> {
    let norm = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    let k = norm(key);
    if k.is_empty() {
        return None;
    }
    SUBSTANCES
        .iter()
        .find(|s| norm(s.id) == k || norm(s.name) == k || norm(s.formula) == k || norm(s.cas) == k)
}

impl Substance {
    /// Fraction of the liquid that flashes to vapour when released from storage at
    /// `storage_k`: c_p·(T_s − T_b)/h_fg, in [0, 1] (CCPS 1999, §2.2.3); 0 for a liquid
    /// stored below its boiling point.
    pub fn flash_fraction(&self, storage_k: f64) -> f64 {
        match self.storage {
            Storage::LiquefiedUnderPressure {
                liquid_heat_capacity_j_kg_k: cp,
                heat_of_vaporisation_j_kg: h,
            } if h > 0.0 => (cp * (storage_k - self.boiling_point_k) / h).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }

    /// Density of the substance's vapour at `temperature_k` and 1 atm (ideal gas), kg/m³.
    pub fn vapour_density_kg_m3(&self, temperature_k: f64) -> f64 {
        ATMOSPHERE_PA * self.molar_mass_g_mol / 1000.0 / (GAS_CONSTANT * temperature_k)
    }

    /// The source cloud of a release from storage at `storage_k` into air at
    /// `ambient_k`. A liquefied gas flashes: the cloud leaves at the boiling point and,
    /// by the common "twice the flash" rule (CCPS 1999, §2.2.3: the liquid carried off as
    /// fine aerosol equals the flashed vapour; the rest rains out), holds droplets of the
    /// same mass as its vapour while the flash fraction is below one half; its density
    /// is the vapour's at the boiling point times airborne mass over vapour mass
    /// (droplet volume neglected). A liquid below its boiling point evaporates: vapour at
    /// the ambient temperature.
    pub fn release_source(&self, storage_k: f64, ambient_k: f64) -> ReleaseSource {
        let f = self.flash_fraction(storage_k);
        if f > 0.0 {
            let airborne = (2.0 * f).min(1.0);
            ReleaseSource {
                density_kg_m3: self.vapour_density_kg_m3(self.boiling_point_k) * airborne / f,
                temperature_k: self.boiling_point_k,
                flash_fraction: f,
            }
        } else {
            ReleaseSource {
                density_kg_m3: self.vapour_density_kg_m3(ambient_k),
                temperature_k: ambient_k,
                flash_fraction: 0.0,
            }
        }
    }

    /// Thresholds of the chosen guideline.
    pub fn levels(&self, guideline: Guideline) -> LevelsOfConcern {
        match guideline {
            Guideline::Aegl60 => self.aegl_60min,
            Guideline::Erpg => self.erpg,
        }
    }

    /// The highest level exceeded (at or above) by `ppm`, using the default
    /// guideline (AEGL 60 min).
    pub fn threat_level(&self, ppm: f64) -> ThreatLevel {
        self.aegl_60min.threat_level(ppm)
    }

    /// The highest level exceeded (at or above) by `ppm` under `guideline`.
    pub fn threat_level_with(&self, guideline: Guideline, ppm: f64) -> ThreatLevel {
        self.levels(guideline).threat_level(ppm)
    }

    /// Whether `ppm` is at or above the NIOSH IDLH.
    pub fn exceeds_idlh(&self, ppm: f64) -> bool {
        ppm >= self.idlh_ppm
    }

    /// mg/m³ → ppm for this substance (25 °C, 1 atm).
    pub fn ppm(&self, mg_m3: f64) -> f64 {
        mg_m3_to_ppm(mg_m3, self.molar_mass_g_mol)
    }

    /// ppm → mg/m³ for this substance (25 °C, 1 atm).
    pub fn mg_m3(&self, ppm: f64) -> f64 {
        ppm_to_mg_m3(ppm, self.molar_mass_g_mol)
    }
}

/// Exposure of one person (or one location) accumulated over time.
///
/// - `exposure_mg_min_m3`: ∫ C dt, C in mg/m³, t in minutes (the classic
///   "dose" or Haber product).
/// - `toxic_load`: ∫ Cⁿ dt with C in **ppm** and t in minutes
///   (ppmⁿ·min), when the substance has a ten Berge exponent n.
/// - `peak_ppm`: the highest concentration seen.
///
/// Rectangle rule: each call adds the concentration held over `dt_s`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dose {
    molar_mass_g_mol: f64,
    n: Option<f64>,
    /// ∫ C dt, mg·min/m³.
    pub exposure_mg_min_m3: f64,
    /// ∫ Cⁿ dt, ppmⁿ·min (0 if no exponent).
    pub toxic_load: f64,
    /// Highest concentration seen, ppm.
    pub peak_ppm: f64,
    /// Total time accumulated, minutes.
    pub duration_min: f64,
}

impl Dose {
    /// An empty accumulator for `substance` (uses its molar mass and n).
    pub fn new(substance: &Substance) -> Self {
        Self::with_exponent(substance.molar_mass_g_mol, substance.toxic_load_n)
    }

    /// An empty accumulator for a gas of the given molar mass (g/mol) and
    /// optional toxic-load exponent.
    pub fn with_exponent(molar_mass_g_mol: f64, n: Option<f64>) -> Self {
        Self {
            molar_mass_g_mol,
            n: n.filter(|n| n.is_finite() && *n > 0.0),
            exposure_mg_min_m3: 0.0,
            toxic_load: 0.0,
            peak_ppm: 0.0,
            duration_min: 0.0,
        }
    }

    /// The toxic-load exponent in use.
    pub fn exponent(&self) -> Option<f64> {
        self.n
    }

    /// Adds exposure to `c_mg_m3` (mg/m³) held for `dt_s` seconds.
    /// Negative, NaN or infinite inputs are ignored.
    pub fn accumulate(&mut self, c_mg_m3: f64, dt_s: f64) {
        if !(dt_s.is_finite() && dt_s > 0.0) {
            return;
        }
        let dt_min = dt_s / 60.0;
        self.duration_min += dt_min;
        if !(c_mg_m3.is_finite() && c_mg_m3 > 0.0) {
            return;
        }
        self.exposure_mg_min_m3 += c_mg_m3 * dt_min;
        let ppm = mg_m3_to_ppm(c_mg_m3, self.molar_mass_g_mol);
        self.peak_ppm = self.peak_ppm.max(ppm);
        if let Some(n) = self.n {
            self.toxic_load += ppm.powf(n) * dt_min;
        }
    }

    /// The constant concentration (ppm) that would give the same toxic load
    /// over `minutes` (ten Berge scaling, `(TL / t)^(1/n)`). With it the
    /// accumulated exposure can be compared with the AEGL-60 (`minutes =
    /// 60`). `None` without an exponent or for a non-positive duration.
    pub fn equivalent_ppm(&self, minutes: f64) -> Option<f64> {
        let n = self.n?;
        (minutes.is_finite() && minutes > 0.0).then(|| (self.toxic_load / minutes).powf(1.0 / n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_thresholds() {
        let cl = lookup("chlorine").expect("chlorine");
        assert_eq!(cl.idlh_ppm, 10.0);
        assert_eq!(cl.erpg.tier1_ppm, Some(1.0));
        assert_eq!(cl.erpg.tier2_ppm, Some(3.0));
        assert_eq!(cl.erpg.tier3_ppm, Some(20.0));
        assert_eq!(cl.aegl_60min.tier1_ppm, Some(0.5));
        assert_eq!(cl.aegl_60min.tier2_ppm, Some(2.0));
        assert_eq!(cl.aegl_60min.tier3_ppm, Some(20.0));
        let nh3 = lookup("ammonia").expect("ammonia");
        assert_eq!(nh3.idlh_ppm, 300.0);
        assert_eq!(nh3.erpg.tier2_ppm, Some(150.0));
        assert_eq!(nh3.erpg.tier3_ppm, Some(750.0));
        assert_eq!(nh3.aegl_60min.tier3_ppm, Some(1100.0));
        let h2s = lookup("H2S").expect("h2s");
        assert_eq!(h2s.idlh_ppm, 100.0);
        assert_eq!(h2s.aegl_60min.tier1_ppm, Some(0.51));
        let so2 = lookup("so2").expect("so2");
        assert_eq!(so2.erpg.tier3_ppm, Some(15.0));
        assert_eq!(so2.aegl_60min.tier2_ppm, Some(0.75));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("Cl2").map(|s| s.id), Some("chlorine"));
        assert_eq!(lookup("cl2").map(|s| s.id), Some("chlorine"));
        assert_eq!(lookup("  CHLORINE ").map(|s| s.id), Some("chlorine"));
        assert_eq!(
            lookup("Hydrogen Sulfide").map(|s| s.id),
            Some("hydrogen_sulfide")
        );
        assert_eq!(
            lookup("hydrogen-cyanide").map(|s| s.id),
            Some("hydrogen_cyanide")
        );
        assert_eq!(lookup("7664-41-7").map(|s| s.id), Some("ammonia"));
        assert!(lookup("").is_none());
        assert!(lookup("unobtainium").is_none());
    }

    #[test]
    fn thresholds_are_ordered() {
        for s in SUBSTANCES {
            for l in [s.erpg, s.aegl_60min] {
                let t: Vec<f64> = [l.tier1_ppm, l.tier2_ppm, l.tier3_ppm]
                    .into_iter()
                    .flatten()
                    .collect();
                assert!(t.windows(2).all(|w| w[0] < w[1]), "{}", s.id);
            }
            assert!(s.molar_mass_g_mol > 1.0);
        }
    }

    #[test]
    fn release_sources() {
        // chlorine flashes about 18 % at 20 °C; the cloud (vapour + as much aerosol)
        // leaves at 239 K twice as dense as the vapour: far heavier than air
        let f = CHLORINE.flash_fraction(STORAGE_TEMPERATURE_K);
        assert!((f - 0.1776).abs() < 0.002, "{f}");
        let src = CHLORINE.release_source(STORAGE_TEMPERATURE_K, STORAGE_TEMPERATURE_K);
        assert!(
            (src.density_kg_m3 - 7.228).abs() < 0.01,
            "{}",
            src.density_kg_m3
        );
        assert_eq!(src.temperature_k, CHLORINE.boiling_point_k);
        // ammonia vapour is lighter than air (0.87 kg/m³ at its boiling point), but the
        // flashing cloud with its aerosol is heavier (1.73 kg/m³)
        let nh3 = AMMONIA.release_source(STORAGE_TEMPERATURE_K, STORAGE_TEMPERATURE_K);
        assert!(AMMONIA.vapour_density_kg_m3(AMMONIA.boiling_point_k) < 1.2);
        assert!(nh3.density_kg_m3 > 1.7 && nh3.density_kg_m3 < 1.76);
        // hydrogen cyanide is a liquid at 20 °C: its vapour leaves at ambient temperature
        let hcn = HYDROGEN_CYANIDE.release_source(STORAGE_TEMPERATURE_K, STORAGE_TEMPERATURE_K);
        assert_eq!(hcn.flash_fraction, 0.0);
        assert!(hcn.density_kg_m3 < 1.2);
        for s in &SUBSTANCES {
            assert!(s.boiling_point_k > 150.0 && s.boiling_point_k < 320.0);
            assert!(s.liquid_density_kg_m3 > 500.0);
        }
    }

    #[test]
    fn unit_conversion() {
        // 1 ppm chlorine = 70.906 / 24.45 = 2.9 mg/m3.
        let mg = ppm_to_mg_m3(1.0, 70.906);
        assert!((mg - 2.9000).abs() < 1e-3, "{mg}");
        assert!((mg_m3_to_ppm(mg, 70.906) - 1.0).abs() < 1e-12);
        assert_eq!(mg_m3_to_ppm(1.0, 0.0), 0.0);
        assert!((CHLORINE.ppm(CHLORINE.mg_m3(3.0)) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn threat_levels() {
        assert!(ThreatLevel::Clear < ThreatLevel::Level1);
        assert!(ThreatLevel::Level2 < ThreatLevel::Level3);
        let cl = &CHLORINE;
        assert_eq!(cl.threat_level(0.1), ThreatLevel::Clear);
        assert_eq!(cl.threat_level(0.5), ThreatLevel::Level1);
        assert_eq!(cl.threat_level(5.0), ThreatLevel::Level2);
        assert_eq!(cl.threat_level(25.0), ThreatLevel::Level3);
        assert_eq!(cl.threat_level(f64::NAN), ThreatLevel::Clear);
        assert_eq!(
            cl.threat_level_with(Guideline::Erpg, 2.0),
            ThreatLevel::Level1
        );
        assert_eq!(
            cl.threat_level_with(Guideline::Erpg, 3.0),
            ThreatLevel::Level2
        );
        assert!(cl.exceeds_idlh(10.0) && !cl.exceeds_idlh(9.9));
        // HCN has no ERPG-1: below ERPG-2 is clear.
        let hcn = &HYDROGEN_CYANIDE;
        assert_eq!(
            hcn.threat_level_with(Guideline::Erpg, 5.0),
            ThreatLevel::Clear
        );
        assert_eq!(
            hcn.threat_level_with(Guideline::Erpg, 30.0),
            ThreatLevel::Level3
        );
    }

    #[test]
    fn dose_accumulates() {
        let mut d = Dose::new(&CHLORINE);
        let c = CHLORINE.mg_m3(10.0);
        for _ in 0..60 {
            d.accumulate(c, 60.0);
        }
        d.accumulate(f64::NAN, 60.0);
        d.accumulate(-1.0, 60.0);
        d.accumulate(1.0, f64::INFINITY);
        assert!((d.exposure_mg_min_m3 - c * 60.0).abs() < 1e-9);
        assert!((d.toxic_load - 100.0 * 60.0).abs() < 1e-6);
        assert!((d.peak_ppm - 10.0).abs() < 1e-9);
        assert!((d.duration_min - 62.0).abs() < 1e-9);
        let eq = d.equivalent_ppm(60.0).expect("n");
        assert!((eq - 10.0).abs() < 1e-9);
        let so2 = Dose::new(&SULFUR_DIOXIDE);
        assert!(so2.equivalent_ppm(60.0).is_none());
    }
}
