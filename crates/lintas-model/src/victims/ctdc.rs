//! Export to the Counter Trafficking Data Collaborative's flat columns: the layout of CTDC's
//! k-anonymised Global Dataset (`The Global Dataset 14 Apr 2020.csv`), one row per victim,
//! flags as `1`/`0`, unknown as `-99`, countries as ISO 3166 alpha-2. The mapping from HTCDS
//! picklists to CTDC's flags is ours and documented in `docs/victims.md`; this is the column
//! layout that protected regional releases (k-anonymity, synthetic data) start from.

use chrono::Datelike;

use super::case::VictimCase;

/// CTDC's columns, in the Global Dataset's order.
pub const COLUMNS: &[&str] = &[
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
];

/// CTDC's code for unknown.
pub const UNKNOWN: &str = "-99";

/// HTCDS `vic_MethodsOfControl` value → CTDC column.
const MEANS: &[(&str, &str)] = &[
    ("DebtBondage", "meansOfControlDebtBondage"),
    ("TakesEarnings", "meansOfControlTakesEarnings"),
    (
        "RestrictsFinancialAccess",
        "meansOfControlRestrictsFinancialAccess",
    ),
    ("PhysicalThreats", "meansOfControlThreats"),
    ("ThreatensChildrenFamily", "meansOfControlThreats"),
    ("PsychologicalAbuse", "meansOfControlPsychologicalAbuse"),
    ("PhysicalAbuse", "meansOfControlPhysicalAbuse"),
    ("SexualAbuse", "meansOfControlSexualAbuse"),
    ("FalsePromises", "meansOfControlFalsePromises"),
    (
        "PsychoactiveSubstance",
        "meansOfControlPsychoactiveSubstances",
    ),
    ("RestrictsMedicalCare", "meansOfControlRestrictsMedicalCare"),
    (
        "ExcessiveWorkingHours",
        "meansOfControlExcessiveWorkingHours",
    ),
    (
        "ThreatsLawEnforcement",
        "meansOfControlThreatOfLawEnforcement",
    ),
    ("WithholdsNecessities", "meansOfControlWithholdsNecessities"),
    ("WithholdsDocuments", "meansOfControlWithholdsDocuments"),
    ("Other", "meansOfControlOther"),
];

/// HTCDS `vic_TypeOfExploitation` value → CTDC `is…` column. `ForcedCriminality` (ours) is
/// CTDC's "other exploitation" with the labour type "illicit activities".
const TYPES: &[(&str, &str)] = &[
    ("ForcedLabour", "isForcedLabour"),
    ("ChildLabour", "isForcedLabour"),
    ("SexualExploitation", "isSexualExploit"),
    ("ForcedMarriage", "isForcedMarriage"),
    ("ForcedMilitaryByNonStateActors", "isForcedMilitary"),
    ("OrganRemoval", "isOrganRemoval"),
    ("Servitude", "isSlaveryAndPractices"),
    ("ForcedBegging", "isOtherExploit"),
    ("ForcedAdoption", "isOtherExploit"),
    ("Surrogacy", "isOtherExploit"),
    ("ForcedCriminality", "isOtherExploit"),
    ("Other", "isOtherExploit"),
];

/// ISIC section (HTCDS `vic_ForcedLabourIndustry`) → CTDC labour type.
fn labour_column(section: &str) -> &'static str {
    match section.split('_').next().unwrap_or("") {
        "A" => "typeOfLabourAgriculture",
        "B" => "typeOfLabourMiningOrDrilling",
        "C" => "typeOfLabourManufacturing",
        "F" => "typeOfLabourConstruction",
        "G" => "typeOfLabourPeddling",
        "H" => "typeOfLabourTransportation",
        "I" => "typeOfLabourHospitality",
        "T" => "typeOfLabourDomesticWork",
        _ => "typeOfLabourOther",
    }
}

const SEX: &[(&str, &str)] = &[
    ("Prostitution", "typeOfSexProstitution"),
    ("Pornography", "typeOfSexPornography"),
    (
        "RemoteInteractiveServices",
        "typeOfSexRemoteInteractiveServices",
    ),
    ("PrivateSexualServices", "typeOfSexPrivateSexualServices"),
];

/// CTDC's `ageBroad` band for an age in years.
pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=8 => "0--8",
        9..=17 => "9--17",
        18..=20 => "18--20",
        21..=23 => "21--23",
        24..=26 => "24--26",
        27..=29 => "27--29",
        30..=38 => "30--38",
        39..=47 => "39--47",
        _ => "48+",
    }
}

fn alpha2(alpha3: &str) -> String {
    isocountry::CountryCode::for_alpha3(alpha3)
        .map(|c| c.alpha2().to_string())
        .unwrap_or_else(|_| UNKNOWN.to_string())
}

/// One case as a CTDC row (values in [`COLUMNS`] order). `year_of_registration` is the year
/// the case was registered (the store's creation time), which the HTCDS record does not hold.
pub fn to_row(case: &VictimCase, year_of_registration: Option<i32>) -> Vec<String> {
    let mut row: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let set = |row: &mut std::collections::HashMap<&str, String>, k: &'static str, v: &str| {
        row.insert(k, v.to_string());
    };
    set(
        &mut row,
        "yearOfRegistration",
        &year_of_registration.map_or(UNKNOWN.into(), |y| y.to_string()),
    );
    set(&mut row, "Datasource", "Case Management");
    let gender = match case.person.gender.as_deref() {
        Some("Feminine") => "Female",
        Some("Masculine") => "Male",
        Some("TransgenderFeminine" | "TransgenderMasculine" | "NonConforming") => {
            "Transgender/NonConforming"
        }
        _ => UNKNOWN,
    };
    set(&mut row, "gender", gender);
    let age = match (year_of_registration, case.person.birthdate) {
        (Some(y), Some(b)) => u32::try_from(y - b.first_day().year()).ok(),
        _ => None,
    };
    set(&mut row, "ageBroad", age.map_or(UNKNOWN, age_band));
    let majority = |a: Option<u32>| match a {
        Some(a) if a < 18 => "Minor",
        Some(_) => "Adult",
        None => UNKNOWN,
    };
    set(&mut row, "majorityStatus", majority(age));
    set(
        &mut row,
        "majorityStatusAtExploit",
        majority(case.victim.age_when_trafficked),
    );
    set(
        &mut row,
        "majorityEntry",
        majority(case.victim.age_when_trafficked),
    );
    set(
        &mut row,
        "citizenship",
        &case
            .person
            .citizenship
            .first()
            .map_or(UNKNOWN.into(), |c| alpha2(c)),
    );

    let means = &case.victim.methods_of_control;
    for (_, column) in MEANS {
        set(
            &mut row,
            column,
            if means.is_empty() { UNKNOWN } else { "0" },
        );
    }
    set(
        &mut row,
        "meansOfControlRestrictsMovement",
        if means.is_empty() { UNKNOWN } else { "0" },
    );
    set(
        &mut row,
        "meansOfControlUsesChildren",
        if means.is_empty() { UNKNOWN } else { "0" },
    );
    for m in means {
        if let Some((_, column)) = MEANS.iter().find(|(h, _)| h == m) {
            set(&mut row, column, "1");
        }
    }
    set(
        &mut row,
        "meansOfControlNotSpecified",
        if means.is_empty() { "1" } else { "0" },
    );
    set(&mut row, "meansOfControlConcatenated", &concat(means));

    let types = &case.victim.type_of_exploitation;
    for column in [
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "isSexAndLabour",
        "isForcedMarriage",
        "isForcedMilitary",
        "isOrganRemoval",
        "isSlaveryAndPractices",
    ] {
        set(
            &mut row,
            column,
            if types.is_empty() { UNKNOWN } else { "0" },
        );
    }
    for t in types {
        if let Some((_, column)) = TYPES.iter().find(|(h, _)| h == t) {
            set(&mut row, column, "1");
        }
    }
    if row.get("isForcedLabour").is_some_and(|v| v == "1")
        && row.get("isSexualExploit").is_some_and(|v| v == "1")
    {
        set(&mut row, "isSexAndLabour", "1");
    }
    set(&mut row, "typeOfExploitConcatenated", &concat(types));

    let sectors = &case.victim.forced_labour_industry;
    let labour_known = !sectors.is_empty()
        || types
            .iter()
            .any(|t| t == "ForcedBegging" || t == "ForcedCriminality");
    for column in [
        "typeOfLabourAgriculture",
        "typeOfLabourAquafarming",
        "typeOfLabourBegging",
        "typeOfLabourConstruction",
        "typeOfLabourDomesticWork",
        "typeOfLabourHospitality",
        "typeOfLabourIllicitActivities",
        "typeOfLabourManufacturing",
        "typeOfLabourMiningOrDrilling",
        "typeOfLabourPeddling",
        "typeOfLabourTransportation",
        "typeOfLabourOther",
    ] {
        set(&mut row, column, if labour_known { "0" } else { UNKNOWN });
    }
    let mut labour_names = Vec::new();
    for s in sectors {
        let column = labour_column(s);
        set(&mut row, column, "1");
        labour_names.push(column.trim_start_matches("typeOfLabour").to_string());
    }
    if types.iter().any(|t| t == "ForcedBegging") {
        set(&mut row, "typeOfLabourBegging", "1");
        labour_names.push("Begging".into());
    }
    if types.iter().any(|t| t == "ForcedCriminality") {
        set(&mut row, "typeOfLabourIllicitActivities", "1");
        labour_names.push("IllicitActivities".into());
    }
    let labour = row.get("isForcedLabour").is_some_and(|v| v == "1");
    set(
        &mut row,
        "typeOfLabourNotSpecified",
        if labour && !labour_known {
            "1"
        } else if labour_known {
            "0"
        } else {
            UNKNOWN
        },
    );
    set(&mut row, "typeOfLabourConcatenated", &concat(&labour_names));

    let sex = &case.victim.type_of_sex_exploitation;
    for (_, column) in SEX {
        set(&mut row, column, if sex.is_empty() { UNKNOWN } else { "0" });
    }
    for s in sex {
        if let Some((_, column)) = SEX.iter().find(|(h, _)| h == s) {
            set(&mut row, column, "1");
        }
    }
    set(&mut row, "typeOfSexConcatenated", &concat(sex));
    set(&mut row, "isAbduction", UNKNOWN);

    let relation = match case.victim.relationship_to_trafficker.as_deref() {
        Some("Familial") => Some("Family/Relative"),
        Some("Acquainted" | "Unaquainted") => Some("Other"),
        _ => None,
    };
    set(
        &mut row,
        "RecruiterRelationship",
        relation.unwrap_or(UNKNOWN),
    );
    for (column, value) in [
        ("recruiterRelationIntimatePartner", None),
        ("recruiterRelationFriend", None),
        ("recruiterRelationFamily", Some("Family/Relative")),
        ("recruiterRelationOther", Some("Other")),
    ] {
        let v = match relation {
            None => UNKNOWN,
            Some(r) if Some(r) == value => "1",
            Some(_) => "0",
        };
        set(&mut row, column, v);
    }
    set(
        &mut row,
        "recruiterRelationUnknown",
        if relation.is_none() { "1" } else { "0" },
    );
    set(
        &mut row,
        "CountryOfExploitation",
        &case
            .exploitation()
            .and_then(|e| e.country.as_deref())
            .map_or(UNKNOWN.into(), alpha2),
    );
    COLUMNS
        .iter()
        .map(|c| row.remove(c).unwrap_or_else(|| UNKNOWN.to_string()))
        .collect()
}

fn concat(values: &[String]) -> String {
    if values.is_empty() {
        UNKNOWN.to_string()
    } else {
        values.join(";")
    }
}

/// Writes cases as CTDC flat CSV; `years[i]` is case `i`'s year of registration.
pub fn write_csv<W: std::io::Write>(
    cases: &[(VictimCase, Option<i32>)],
    out: W,
) -> Result<(), crate::import::ImportError> {
    let io = |e: csv::Error| crate::import::ImportError::Io(std::io::Error::other(e));
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS).map_err(io)?;
    for (case, year) in cases {
        w.write_record(to_row(case, *year)).map_err(io)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::victims::{HistoricEvent, VictimCase};

    fn get<'a>(row: &'a [String], column: &str) -> &'a str {
        let i = COLUMNS.iter().position(|c| *c == column).unwrap();
        &row[i]
    }

    #[test]
    fn a_scam_compound_case_in_ctdc_columns() {
        let mut case = VictimCase::default();
        case.person.gender = Some("Masculine".into());
        case.person.birthdate = Some(crate::PartialDate::parse("1999-04").unwrap());
        case.person.citizenship = vec!["IDN".into()];
        case.victim.age_when_trafficked = Some(23);
        case.victim.methods_of_control = vec!["DebtBondage".into(), "WithholdsDocuments".into()];
        case.victim.type_of_exploitation = vec!["ForcedCriminality".into()];
        case.victim.relationship_to_trafficker = Some("Acquainted".into());
        case.events.push(HistoricEvent {
            event_type: "Exploitation".into(),
            country: Some("MMR".into()),
            ..Default::default()
        });
        let row = to_row(&case, Some(2024));
        assert_eq!(row.len(), COLUMNS.len());
        assert_eq!(get(&row, "gender"), "Male");
        assert_eq!(get(&row, "ageBroad"), "24--26");
        assert_eq!(get(&row, "majorityStatus"), "Adult");
        assert_eq!(get(&row, "citizenship"), "ID");
        assert_eq!(get(&row, "CountryOfExploitation"), "MM");
        assert_eq!(get(&row, "meansOfControlDebtBondage"), "1");
        assert_eq!(get(&row, "meansOfControlWithholdsDocuments"), "1");
        assert_eq!(get(&row, "meansOfControlThreats"), "0");
        assert_eq!(get(&row, "meansOfControlNotSpecified"), "0");
        assert_eq!(get(&row, "isOtherExploit"), "1");
        assert_eq!(get(&row, "isForcedLabour"), "0");
        assert_eq!(get(&row, "typeOfLabourIllicitActivities"), "1");
        assert_eq!(get(&row, "RecruiterRelationship"), "Other");
        assert_eq!(get(&row, "recruiterRelationOther"), "1");
        assert_eq!(get(&row, "recruiterRelationUnknown"), "0");
    }

    #[test]
    fn unknowns_are_minus_99() {
        let row = to_row(&VictimCase::default(), None);
        assert_eq!(get(&row, "yearOfRegistration"), "-99");
        assert_eq!(get(&row, "gender"), "-99");
        assert_eq!(get(&row, "meansOfControlDebtBondage"), "-99");
        assert_eq!(get(&row, "meansOfControlNotSpecified"), "1");
        assert_eq!(get(&row, "isForcedLabour"), "-99");
        assert_eq!(get(&row, "CountryOfExploitation"), "-99");
        assert_eq!(get(&row, "recruiterRelationUnknown"), "1");
        assert!(row.iter().all(|v| !v.is_empty()));
    }
}
