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

/// A toxic gas with its properties and published thresholds (all ppm).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Substance {
    /// Stable lower-case identifier, e.g. `"chlorine"`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
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
pub const CHLORINE: Substance = Substance {
    id: "chlorine",
    name: "Chlorine",
    formula: "Cl2",
    cas: "7782-50-5",
    molar_mass_g_mol: 70.906,
    erpg: loc(Some(1.0), 3.0, 20.0),
    aegl_60min: loc(Some(0.50), 2.0, 20.0),
    idlh_ppm: 10.0,
    toxic_load_n: Some(2.0),
};

/// Ammonia, NH₃ (CAS 7664-41-7).
/// ERPG 25/150/750 ppm (AIHA); AEGL-60 30/160/1100 ppm (EPA final);
/// IDLH 300 ppm (NIOSH); n = 2.0 (ten Berge 1986, used in the ammonia AEGL TSD).
pub const AMMONIA: Substance = Substance {
    id: "ammonia",
    name: "Ammonia",
    formula: "NH3",
    cas: "7664-41-7",
    molar_mass_g_mol: 17.031,
    erpg: loc(Some(25.0), 150.0, 750.0),
    aegl_60min: loc(Some(30.0), 160.0, 1100.0),
    idlh_ppm: 300.0,
    toxic_load_n: Some(2.0),
};

/// Hydrogen sulfide, H₂S (CAS 7783-06-4).
/// ERPG 0.1/30/100 ppm (AIHA); AEGL-60 0.51/27/50 ppm (EPA final);
/// IDLH 100 ppm (NIOSH); n = 4.4 (ten Berge 1986, used in the H₂S AEGL TSD).
pub const HYDROGEN_SULFIDE: Substance = Substance {
    id: "hydrogen_sulfide",
    name: "Hydrogen sulfide",
    formula: "H2S",
    cas: "7783-06-4",
    molar_mass_g_mol: 34.081,
    erpg: loc(Some(0.1), 30.0, 100.0),
    aegl_60min: loc(Some(0.51), 27.0, 50.0),
    idlh_ppm: 100.0,
    toxic_load_n: Some(4.4),
};

/// Sulfur dioxide, SO₂ (CAS 7446-09-5).
/// ERPG 0.3/3/15 ppm (AIHA); AEGL-60 0.20/0.75/30 ppm (EPA final);
/// IDLH 100 ppm (NIOSH); no ten Berge exponent given here (`None`).
pub const SULFUR_DIOXIDE: Substance = Substance {
    id: "sulfur_dioxide",
    name: "Sulfur dioxide",
    formula: "SO2",
    cas: "7446-09-5",
    molar_mass_g_mol: 64.066,
    erpg: loc(Some(0.3), 3.0, 15.0),
    aegl_60min: loc(Some(0.20), 0.75, 30.0),
    idlh_ppm: 100.0,
    toxic_load_n: None,
};

/// Hydrogen chloride, HCl (CAS 7647-01-0).
/// ERPG 3/20/150 ppm (AIHA); AEGL-60 1.8/22/100 ppm (EPA final);
/// IDLH 50 ppm (NIOSH); n = 1.0 (ten Berge 1986, used in the HCl AEGL TSD).
pub const HYDROGEN_CHLORIDE: Substance = Substance {
    id: "hydrogen_chloride",
    name: "Hydrogen chloride",
    formula: "HCl",
    cas: "7647-01-0",
    molar_mass_g_mol: 36.461,
    erpg: loc(Some(3.0), 20.0, 150.0),
    aegl_60min: loc(Some(1.8), 22.0, 100.0),
    idlh_ppm: 50.0,
    toxic_load_n: Some(1.0),
};

/// Hydrogen cyanide, HCN (CAS 74-90-8).
/// ERPG-1 not appropriate (`None`), ERPG-2 10, ERPG-3 25 ppm (AIHA);
/// AEGL-60 1.0/7.1/15 ppm (EPA final); IDLH 50 ppm (NIOSH);
/// n = 2.6 (ten Berge 1986, used in the HCN AEGL TSD).
pub const HYDROGEN_CYANIDE: Substance = Substance {
    id: "hydrogen_cyanide",
    name: "Hydrogen cyanide",
    formula: "HCN",
    cas: "74-90-8",
    molar_mass_g_mol: 27.025,
    erpg: loc(None, 10.0, 25.0),
    aegl_60min: loc(Some(1.0), 7.1, 15.0),
    idlh_ppm: 50.0,
    toxic_load_n: Some(2.6),
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
