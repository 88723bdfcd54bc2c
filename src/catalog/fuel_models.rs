//! Standard fire behaviour fuel models for the Rothermel surface fire model.
//!
//! This module owns the parameter tables of the 13 original fuel models
//! (Anderson, H. E. 1982. *Aids to determining fuel models for estimating fire
//! behavior.* USDA Forest Service GTR INT-122) and the 40 fuel models of
//! Scott, J. H. & Burgan, R. E. 2005. *Standard fire behavior fuel models: a
//! comprehensive set for use with Rothermel's surface fire spread model.*
//! USDA Forest Service RMRS-GTR-153, plus the non-burnable codes NB1..NB9
//! (numbers 91..99). Values are stored exactly as the BehavePlus / `behave`
//! engine stores them (US customary units: lb/ft², ft, 1/ft, BTU/lb, fraction).
//!
//! Invariants: every entry has a unique `number` and `code`; loads are
//! non-negative; every burnable entry has `depth_ft > 0`, `mx_dead > 0` and
//! positive surface-area-to-volume ratios. Non-burnable entries have all loads
//! zero. The 10-h and 100-h SAV ratios are the fixed Rothermel/BehavePlus values
//! [`SAV_10H`] and [`SAV_100H`].

/// Surface-area-to-volume ratio of 10-h dead fuel, 1/ft (Anderson 1982; BehavePlus).
pub const SAV_10H: f64 = 109.0;
/// Surface-area-to-volume ratio of 100-h dead fuel, 1/ft (Anderson 1982; BehavePlus).
pub const SAV_100H: f64 = 30.0;

/// Conversion of tons/acre to lb/ft² (2000 lb / 43 560 ft²), used by the
/// Scott & Burgan table which is published in tons/acre.
const T_AC: f64 = 2000.0 / 43_560.0;

/// One fire behaviour fuel model (Rothermel 1972 inputs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuelModel {
    /// Standard number: 1..13 (Anderson), 91..99 (NB), 101..204 (Scott & Burgan).
    pub number: u16,
    /// Standard code, e.g. `"FM1"`, `"GR2"`, `"NB1"`.
    pub code: &'static str,
    /// Descriptive name.
    pub name: &'static str,
    /// Fuel bed depth, ft.
    pub depth_ft: f64,
    /// Dead fuel moisture of extinction, fraction.
    pub mx_dead: f64,
    /// Low heat of combustion of dead fuel, BTU/lb.
    pub heat_dead: f64,
    /// Low heat of combustion of live fuel, BTU/lb.
    pub heat_live: f64,
    /// 1-h dead load, lb/ft².
    pub load_1h: f64,
    /// 10-h dead load, lb/ft².
    pub load_10h: f64,
    /// 100-h dead load, lb/ft².
    pub load_100h: f64,
    /// Live herbaceous load, lb/ft².
    pub load_herb: f64,
    /// Live woody load, lb/ft².
    pub load_woody: f64,
    /// 1-h dead SAV ratio, 1/ft.
    pub sav_1h: f64,
    /// Live herbaceous SAV ratio, 1/ft.
    pub sav_herb: f64,
    /// Live woody SAV ratio, 1/ft.
    pub sav_woody: f64,
    /// Dynamic model: live herbaceous load is transferred to dead by curing
    /// (Scott & Burgan 2005, p. 9). Anderson's 13 models are static.
    pub dynamic: bool,
}

impl FuelModel {
    /// Whether the model carries no fuel (NB codes).
    pub fn is_burnable(&self) -> bool {
        self.load_1h + self.load_10h + self.load_100h + self.load_herb + self.load_woody > 0.0
    }

    /// Look a model up by its standard number (1..13, 91..99, 101..204).
    pub fn by_number(number: u16) -> Option<&'static FuelModel> {
        FUEL_MODELS.iter().find(|m| m.number == number)
    }

    /// Look a model up by code or number string, case-insensitive and trimmed:
    /// `"FM1"`, `"1"`, `"gr2"`, `"102"`, `"NB9"`, `"99"`.
    pub fn by_code(code: &str) -> Option<&'static FuelModel> {
        let c = code.trim();
        if let Ok(n) = c.parse::<u16>() {
            return Self::by_number(n);
        }
        FUEL_MODELS.iter().find(|m| m.code.eq_ignore_ascii_case(c))
    }

    /// All table entries (13 + 9 + 40 = 62).
    pub fn all() -> &'static [FuelModel] {
        &FUEL_MODELS
    }
}

/// Builds a static (Anderson) model from lb/ft² loads.
#[allow(clippy::too_many_arguments)]
const fn a(
    number: u16,
    code: &'static str,
    name: &'static str,
    depth_ft: f64,
    mx_dead: f64,
    loads: [f64; 5],
    sav_1h: f64,
) -> FuelModel {
    FuelModel {
        number,
        code,
        name,
        depth_ft,
        mx_dead,
        heat_dead: 8000.0,
        heat_live: 8000.0,
        load_1h: loads[0],
        load_10h: loads[1],
        load_100h: loads[2],
        load_herb: loads[3],
        load_woody: loads[4],
        sav_1h,
        sav_herb: 1500.0,
        sav_woody: 1500.0,
        dynamic: false,
    }
}

/// Builds a Scott & Burgan model from tons/acre loads; `sav` = [1-h, herb, woody] 1/ft.
#[allow(clippy::too_many_arguments)]
const fn sb(
    number: u16,
    code: &'static str,
    name: &'static str,
    depth_ft: f64,
    mx_dead: f64,
    heat: f64,
    loads_t_ac: [f64; 5],
    sav: [f64; 3],
    dynamic: bool,
) -> FuelModel {
    FuelModel {
        number,
        code,
        name,
        depth_ft,
        mx_dead,
        heat_dead: heat,
        heat_live: heat,
        load_1h: loads_t_ac[0] * T_AC,
        load_10h: loads_t_ac[1] * T_AC,
        load_100h: loads_t_ac[2] * T_AC,
        load_herb: loads_t_ac[3] * T_AC,
        load_woody: loads_t_ac[4] * T_AC,
        sav_1h: sav[0],
        sav_herb: sav[1],
        sav_woody: sav[2],
        dynamic,
    }
}

/// Builds a non-burnable model.
const fn nb(number: u16, code: &'static str, name: &'static str) -> FuelModel {
    a(number, code, name, 1.0, 0.10, [0.0; 5], 1500.0)
}

/// The fuel model table.
///
/// Anderson (1982, GTR INT-122, table 1) loads in lb/ft² as used by BehavePlus;
/// Scott & Burgan (2005, RMRS-GTR-153, tables 7–12) loads in tons/acre.
/// NB4..NB7 are reserved by Scott & Burgan and kept here as non-burnable.
#[rustfmt::skip]
pub static FUEL_MODELS: [FuelModel; 62] = [
    // --- Anderson (1982) 13 models: [1h, 10h, 100h, herb, woody] lb/ft² ---
    a(1, "FM1", "Short grass", 1.0, 0.12, [0.034, 0.0, 0.0, 0.0, 0.0], 3500.0),
    a(2, "FM2", "Timber grass and understory", 1.0, 0.15, [0.092, 0.046, 0.023, 0.023, 0.0], 3000.0),
    a(3, "FM3", "Tall grass", 2.5, 0.25, [0.138, 0.0, 0.0, 0.0, 0.0], 1500.0),
    a(4, "FM4", "Chaparral", 6.0, 0.20, [0.230, 0.184, 0.092, 0.0, 0.230], 2000.0),
    a(5, "FM5", "Brush", 2.0, 0.20, [0.046, 0.023, 0.0, 0.0, 0.092], 2000.0),
    a(6, "FM6", "Dormant brush, hardwood slash", 2.5, 0.25, [0.069, 0.115, 0.092, 0.0, 0.0], 1750.0),
    a(7, "FM7", "Southern rough", 2.5, 0.40, [0.052, 0.086, 0.069, 0.0, 0.017], 1750.0),
    a(8, "FM8", "Short needle litter", 0.2, 0.30, [0.069, 0.046, 0.115, 0.0, 0.0], 2000.0),
    a(9, "FM9", "Long needle or hardwood litter", 0.2, 0.25, [0.134, 0.019, 0.007, 0.0, 0.0], 2500.0),
    a(10, "FM10", "Timber litter and understory", 1.0, 0.25, [0.138, 0.092, 0.230, 0.0, 0.092], 2000.0),
    a(11, "FM11", "Light logging slash", 1.0, 0.15, [0.069, 0.207, 0.253, 0.0, 0.0], 1500.0),
    a(12, "FM12", "Medium logging slash", 2.3, 0.20, [0.184, 0.644, 0.759, 0.0, 0.0], 1500.0),
    a(13, "FM13", "Heavy logging slash", 3.0, 0.25, [0.322, 1.058, 1.288, 0.0, 0.0], 1500.0),
    // --- Non-burnable (Scott & Burgan 2005, p. 12) ---
    nb(91, "NB1", "Urban, developed"),
    nb(92, "NB2", "Snow, ice"),
    nb(93, "NB3", "Agricultural"),
    nb(94, "NB4", "Reserved non-burnable"),
    nb(95, "NB5", "Reserved non-burnable"),
    nb(96, "NB6", "Reserved non-burnable"),
    nb(97, "NB7", "Reserved non-burnable"),
    nb(98, "NB8", "Open water"),
    nb(99, "NB9", "Bare ground"),
    // --- Scott & Burgan (2005): [1h, 10h, 100h, herb, woody] t/ac; SAV [1h, herb, woody] ---
    sb(101, "GR1", "Short, sparse, dry climate grass", 0.4, 0.15, 8000.0, [0.10, 0.0, 0.0, 0.30, 0.0], [2200.0, 2000.0, 1500.0], true),
    sb(102, "GR2", "Low load, dry climate grass", 1.0, 0.15, 8000.0, [0.10, 0.0, 0.0, 1.00, 0.0], [2000.0, 1800.0, 1500.0], true),
    sb(103, "GR3", "Low load, very coarse, humid climate grass", 2.0, 0.30, 8000.0, [0.10, 0.40, 0.0, 1.50, 0.0], [1500.0, 1300.0, 1500.0], true),
    sb(104, "GR4", "Moderate load, dry climate grass", 2.0, 0.15, 8000.0, [0.25, 0.0, 0.0, 1.90, 0.0], [2000.0, 1800.0, 1500.0], true),
    sb(105, "GR5", "Low load, humid climate grass", 1.5, 0.40, 8000.0, [0.40, 0.0, 0.0, 2.50, 0.0], [1800.0, 1600.0, 1500.0], true),
    sb(106, "GR6", "Moderate load, humid climate grass", 1.5, 0.40, 9000.0, [0.10, 0.0, 0.0, 3.40, 0.0], [2200.0, 2000.0, 1500.0], true),
    sb(107, "GR7", "High load, dry climate grass", 3.0, 0.15, 8000.0, [1.00, 0.0, 0.0, 5.40, 0.0], [2000.0, 1800.0, 1500.0], true),
    sb(108, "GR8", "High load, very coarse, humid climate grass", 4.0, 0.30, 8000.0, [0.50, 1.00, 0.0, 7.30, 0.0], [1500.0, 1300.0, 1500.0], true),
    sb(109, "GR9", "Very high load, humid climate grass", 5.0, 0.40, 8000.0, [1.00, 1.00, 0.0, 9.00, 0.0], [1800.0, 1600.0, 1500.0], true),
    sb(121, "GS1", "Low load, dry climate grass-shrub", 0.9, 0.15, 8000.0, [0.20, 0.0, 0.0, 0.50, 0.65], [2000.0, 1800.0, 1800.0], true),
    sb(122, "GS2", "Moderate load, dry climate grass-shrub", 1.5, 0.15, 8000.0, [0.50, 0.50, 0.0, 0.60, 1.00], [2000.0, 1800.0, 1800.0], true),
    sb(123, "GS3", "Moderate load, humid climate grass-shrub", 1.8, 0.40, 8000.0, [0.30, 0.25, 0.0, 1.45, 1.25], [1800.0, 1600.0, 1600.0], true),
    sb(124, "GS4", "High load, humid climate grass-shrub", 2.1, 0.40, 8000.0, [1.90, 0.30, 0.10, 3.40, 7.10], [1800.0, 1600.0, 1600.0], true),
    sb(141, "SH1", "Low load, dry climate shrub", 1.0, 0.15, 8000.0, [0.25, 0.25, 0.0, 0.15, 1.30], [2000.0, 1800.0, 1600.0], true),
    sb(142, "SH2", "Moderate load, dry climate shrub", 1.0, 0.15, 8000.0, [1.35, 2.40, 0.75, 0.0, 3.85], [2000.0, 1800.0, 1600.0], false),
    sb(143, "SH3", "Moderate load, humid climate shrub", 2.4, 0.40, 8000.0, [0.45, 3.00, 0.0, 0.0, 6.20], [1600.0, 1800.0, 1400.0], false),
    sb(144, "SH4", "Low load, humid climate timber-shrub", 3.0, 0.30, 8000.0, [0.85, 1.15, 0.20, 0.0, 2.55], [2000.0, 1800.0, 1600.0], false),
    sb(145, "SH5", "High load, dry climate shrub", 6.0, 0.15, 8000.0, [3.60, 2.10, 0.0, 0.0, 2.90], [750.0, 1800.0, 1600.0], false),
    sb(146, "SH6", "Low load, humid climate shrub", 2.0, 0.30, 8000.0, [2.90, 1.45, 0.0, 0.0, 1.40], [750.0, 1800.0, 1600.0], false),
    sb(147, "SH7", "Very high load, dry climate shrub", 6.0, 0.15, 8000.0, [3.50, 5.30, 2.20, 0.0, 3.40], [750.0, 1800.0, 1600.0], false),
    sb(148, "SH8", "High load, humid climate shrub", 3.0, 0.40, 8000.0, [2.05, 3.40, 0.85, 0.0, 4.35], [750.0, 1800.0, 1600.0], false),
    sb(149, "SH9", "Very high load, humid climate shrub", 4.4, 0.40, 8000.0, [4.50, 2.45, 0.0, 1.55, 7.00], [750.0, 1800.0, 1500.0], true),
    sb(161, "TU1", "Low load, dry climate timber-grass-shrub", 0.6, 0.20, 8000.0, [0.20, 0.90, 1.50, 0.20, 0.90], [2000.0, 1800.0, 1600.0], true),
    sb(162, "TU2", "Moderate load, humid climate timber-shrub", 1.0, 0.30, 8000.0, [0.95, 1.80, 1.25, 0.0, 0.20], [2000.0, 1800.0, 1600.0], false),
    sb(163, "TU3", "Moderate load, humid climate timber-grass-shrub", 1.3, 0.30, 8000.0, [1.10, 0.15, 0.25, 0.65, 1.10], [1800.0, 1600.0, 1400.0], true),
    sb(164, "TU4", "Dwarf conifer with understory", 0.5, 0.12, 8000.0, [4.50, 0.0, 0.0, 0.0, 2.00], [2300.0, 1800.0, 2000.0], false),
    sb(165, "TU5", "Very high load, dry climate timber-shrub", 1.0, 0.25, 8000.0, [4.00, 4.00, 3.00, 0.0, 3.00], [1500.0, 1800.0, 750.0], false),
    sb(181, "TL1", "Low load compact conifer litter", 0.2, 0.30, 8000.0, [1.00, 2.20, 3.60, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(182, "TL2", "Low load broadleaf litter", 0.2, 0.25, 8000.0, [1.40, 2.30, 2.20, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(183, "TL3", "Moderate load conifer litter", 0.3, 0.20, 8000.0, [0.50, 2.20, 2.80, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(184, "TL4", "Small downed logs", 0.4, 0.25, 8000.0, [0.50, 1.50, 4.20, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(185, "TL5", "High load conifer litter", 0.6, 0.25, 8000.0, [1.15, 2.50, 4.40, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(186, "TL6", "Moderate load broadleaf litter", 0.3, 0.25, 8000.0, [2.40, 1.20, 1.20, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(187, "TL7", "Large downed logs", 0.4, 0.25, 8000.0, [0.30, 1.40, 8.10, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(188, "TL8", "Long-needle litter", 0.3, 0.35, 8000.0, [5.80, 1.40, 1.10, 0.0, 0.0], [1800.0, 1800.0, 1600.0], false),
    sb(189, "TL9", "Very high load broadleaf litter", 0.6, 0.35, 8000.0, [6.65, 3.30, 4.15, 0.0, 0.0], [1800.0, 1800.0, 1600.0], false),
    sb(201, "SB1", "Low load activity fuel", 1.0, 0.25, 8000.0, [1.50, 3.00, 11.00, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(202, "SB2", "Moderate load activity fuel or low load blowdown", 1.0, 0.25, 8000.0, [4.50, 4.25, 4.00, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(203, "SB3", "High load activity fuel or moderate load blowdown", 1.2, 0.25, 8000.0, [5.50, 2.75, 3.00, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
    sb(204, "SB4", "High load blowdown", 2.7, 0.25, 8000.0, [5.25, 3.50, 5.25, 0.0, 0.0], [2000.0, 1800.0, 1600.0], false),
];
