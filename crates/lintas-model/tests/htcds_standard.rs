//! Our HTCDS picklists and columns against the standard's own files, read in place from
//! `../shared/data/htcds/` (IOM, CC BY 4.0; see its PROVENANCE.md). Fails when a picklist
//! value of the standard is unknown to us, when a label differs, when we add a value without
//! marking it ours, or when a field of the standard's spreadsheet or form has no column here.
// A test crate: helpers outside #[test] functions may unwrap too (clippy.toml covers only those).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Data, Reader, open_workbook_auto};
use lintas_model::victims::{codes, flat};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/htcds/");

fn sheet(file: &str, name: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(format!("{DIR}{file}")).expect("open the standard's file");
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The standard writes some labels with trailing (non-breaking) spaces.
fn clean(s: &str) -> String {
    s.replace('\u{a0}', " ").trim().to_string()
}

/// Field → [(value, label)] from the field standards spreadsheet, skipping ISO code lists
/// ("Use ISO 3166…"), which are checked against the country table instead.
fn field_standards() -> BTreeMap<String, (String, Vec<(String, String)>)> {
    let rows = sheet("HTCDS Field Standards 2.0.ods", "Field_Standards");
    let header = &rows[0];
    let at = |name: &str| header.iter().position(|h| h.starts_with(name)).unwrap();
    let (status, field, names, labels) = (
        at("Status"),
        at("Field Name including Prefix"),
        at("Value Names"),
        at("Value Labels"),
    );
    let mut out = BTreeMap::new();
    for row in &rows[1..] {
        let cell = |i: usize| row.get(i).cloned().unwrap_or_default();
        let values: Vec<String> = cell(names)
            .lines()
            .map(clean)
            .filter(|v| !v.is_empty())
            .collect();
        if values.len() < 2 {
            continue;
        }
        let labels: Vec<String> = cell(labels).lines().map(clean).collect();
        let pairs = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), labels.get(i).cloned().unwrap_or_default()))
            .collect();
        out.insert(clean(&cell(field)), (clean(&cell(status)), pairs));
    }
    out
}

#[test]
fn every_picklist_of_the_field_standards_is_ours_value_for_value() {
    let standard = field_standards();
    assert!(standard.len() >= 20, "read {} picklists", standard.len());
    for (field, (status, values)) in &standard {
        let ours = codes::picklist(field)
            .unwrap_or_else(|| panic!("HTCDS picklist {field} ({status}) has no list here"));
        assert!(!ours.extension, "{field} is the standard's, not ours");
        for (code, label) in values {
            let v = ours
                .get(code)
                .unwrap_or_else(|| panic!("{field}: HTCDS value `{code}` is unknown to us"));
            assert_eq!(&v.label, label, "{field}: label of {code}");
            assert!(!v.extension, "{field}: {code} is HTCDS's, not an extension");
        }
        for v in ours.values {
            let in_standard = values.iter().any(|(c, _)| c == v.code);
            assert_eq!(
                !in_standard, v.extension,
                "{field}: `{}` must be marked an extension exactly when HTCDS lacks it",
                v.code
            );
        }
    }
    for list in codes::ALL {
        assert!(
            list.extension || standard.contains_key(list.field),
            "{} is not a picklist of the standard; mark it ours",
            list.field
        );
    }
}

/// The XLSForm's choice lists, by the field they serve.
const FORM_LISTS: &[(&str, &str)] = &[
    ("gender", "prs_Gender"),
    ("methodofrecruitment", "vic_MethodOfRecruitment"),
    ("methodsofcontrol", "vic_MethodsOfControl"),
    ("typeofexploitation", "vic_TypeOfExploitation"),
    ("forcedlabourindustry", "vic_ForcedLabourIndustry"),
    ("typeofsexexploitation", "vic_TypeOfSexExploitation"),
    ("status", "cas_Status"),
    ("traffickingstatus", "vic_TraffickingStatus"),
    (
        "traffickingstatusdecisionmakingorg",
        "vic_TraffickingStatusDecisionMakingOrg",
    ),
];

#[test]
fn every_choice_of_the_xlsform_is_known() {
    let rows = sheet("htcds_xlsform.xlsx", "choices");
    let mut lists: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in &rows[1..] {
        if row.len() >= 3 && !row[0].is_empty() {
            lists
                .entry(row[0].clone())
                .or_default()
                .push((clean(&row[1]), clean(&row[2])));
        }
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for (list, choices) in &lists {
        match list.as_str() {
            "citizenship" => {
                assert!(choices.len() > 240);
                for (code, name) in choices {
                    assert!(
                        lintas_model::countries::alpha3(code).is_some(),
                        "citizenship {code} ({name}) has no ISO 3166 alpha-3 here"
                    );
                }
            }
            "consent" => {
                for (code, _) in choices {
                    let case = flat::from_columns(
                        &[("con_Consent", code.as_str())],
                        &Default::default(),
                        today,
                    )
                    .unwrap_or_else(|e| panic!("consent {code}: {e:?}"));
                    assert_eq!(case.consent, Some(code == "TRUE"));
                }
            }
            name => {
                let field = FORM_LISTS
                    .iter()
                    .find(|(l, _)| *l == name)
                    .unwrap_or_else(|| panic!("XLSForm list {name} is not mapped to a field"))
                    .1;
                let ours = codes::picklist(field).unwrap();
                for (code, label) in choices {
                    let v = ours
                        .get(code)
                        .unwrap_or_else(|| panic!("{field}: XLSForm value `{code}` unknown"));
                    assert_eq!(&v.label, label, "{field}: label of {code}");
                }
            }
        }
    }
    assert_eq!(lists.len(), FORM_LISTS.len() + 2);
}

#[test]
fn every_field_of_the_spreadsheet_and_form_has_a_column() {
    let header = &sheet("HTCDS Excel Spreadsheet v2.0.xlsx", "Sheet1")[0];
    let survey = sheet("htcds_xlsform.xlsx", "survey");
    let named: BTreeSet<String> = header
        .iter()
        .chain(survey.iter().skip(1).filter_map(|r| r.get(1)))
        .map(|s| clean(s))
        .filter(|s| s.contains('_') && !s.starts_with("__"))
        .collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for name in &named {
        // A column the flat reader knows lands in the record: one value round-trips.
        let value = match name.as_str() {
            "con_Consent" => "TRUE",
            "prs_Birthdate" | "cas_IncomingReferralDate" | "cas_OutgoingReferralDate" => "2020-01",
            "prs_Gender" => "Feminine",
            "prs_Citizenship" | "prs_MailingCountry" => "ID",
            "prs_HomePhone" | "prs_MobilePhone" => "+62 812 3456 7890",
            "prs_Email" => "a@example.org",
            "vic_TraffickingStatus" => "PossibleVictimOfTrafficking",
            "vic_TraffickingStatusDecisionMakingOrg" | "vic_TraffickinStatusDecisionMakingOrg" => {
                "NGO"
            }
            "vic_MethodOfRecruitment" => "AtWork",
            "vic_MethodsOfControl" | "vic_Methods_of_Control" => "DebtBondage",
            "vic_TypeOfExploitation" => "ForcedLabour",
            "vic_ForcedLabourIndustry" => "F_Construction",
            "vic_TypeOfSexExploitation" => "Prostitution",
            "cas_Status" => "Active",
            "cas_ReasonForIncomingReferral" | "cas_ReasonForOutgoingReferral" => "Other",
            _ => "Some text",
        };
        let case = flat::from_columns(&[(name.as_str(), value)], &Default::default(), today)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_ne!(
            case,
            lintas_model::victims::VictimCase::default(),
            "column {name} is not read"
        );
    }
    assert!(named.contains("vic_TraffickinStatusDecisionMakingOrg"));
}

#[test]
fn the_official_spreadsheet_imports_as_it_is() {
    let bytes = std::fs::read(format!("{DIR}HTCDS Excel Spreadsheet v2.0.xlsx")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let rows: Vec<flat::Row> = flat::read_spreadsheet(&bytes, &flat::Options::new(today))
        .unwrap()
        .collect();
    // 1000 numbered but empty rows: no case, and no error either.
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn a_filled_copy_of_the_official_layout_imports() {
    // The official header and label rows, as the spreadsheet holds them, then two cases.
    let official = sheet("HTCDS Excel Spreadsheet v2.0.xlsx", "Sheet1");
    let mut text = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut text);
        w.write_record(&official[0]).unwrap();
        w.write_record(&official[1]).unwrap();
        let pos = |name: &str| {
            official[0]
                .iter()
                .position(|h| h == name)
                .or_else(|| official[1].iter().position(|l| l == name))
                .unwrap_or_else(|| panic!("{name}"))
        };
        let mut good = vec![String::new(); official[0].len()];
        good[0] = "1".into();
        for (name, value) in [
            ("cas_CaseOwner", "Siti Nurhaliza"),
            ("prs_FirstName", "Ayu"),
            ("prs_SecondName", "Lestari"),
            ("con_Consent", "TRUE"),
            ("prs_Birthdate", "2001-03-14"),
            ("prs_Gender", "Feminine"),
            ("prs_Citizenship", "ID"),
            ("vic_TraffickingStatus", "ActualVictimOfTrafficking"),
            (
                "vic_TraffickinStatusDecisionMakingOrg",
                "CourtOrProsecution",
            ),
            ("vic_MethodOfRecruitment", "ThroughOnlineSocialNetworks"),
            ("vic_MethodsOfControl", "DebtBondage; WithholdsDocuments"),
            ("vic_TypeOfExploitation", "ForcedLabour"),
            (
                "vic_ForcedLabourIndustry",
                "A_AgricultureForestryAndFishing",
            ),
            ("cas_Status", "Follow Up"),
            ("Reason for Outgoing Referral", "AdditionalServicesRequired"),
        ] {
            good[pos(name)] = value.into();
        }
        let mut bad = vec![String::new(); official[0].len()];
        bad[0] = "2".into();
        for (name, value) in [
            ("prs_Birthdate", "14/03/2001"),
            ("prs_Citizenship", "Indonesia"),
            ("vic_TraffickingStatus", "ActualVictimOfTrafficking"),
            ("vic_MethodsOfControl", "DebtBondage;Beatings"),
            ("cas_Status", "Open"),
        ] {
            bad[pos(name)] = value.into();
        }
        w.write_record(&good).unwrap();
        w.write_record(&bad).unwrap();
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let rows: Vec<flat::Row> = flat::read_csv(&text[..], &flat::Options::new(today))
        .unwrap()
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, 3);
    let case = rows[0].record.as_ref().unwrap();
    assert_eq!(case.person.citizenship, ["IDN"]);
    assert_eq!(case.case.status.as_deref(), Some("FollowUp"));
    assert_eq!(
        case.victim.decision_making_org.as_deref(),
        Some("CourtOrProsecution")
    );
    assert_eq!(
        case.victim.methods_of_control,
        ["DebtBondage", "WithholdsDocuments"]
    );
    assert_eq!(
        case.case.reason_for_outgoing_referral.as_deref(),
        Some("AdditionalServicesRequired")
    );
    assert_eq!(case.sharing.level, "national");

    assert_eq!(rows[1].line, 4);
    let errors = rows[1].record.as_ref().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "prs_Birthdate",
            "prs_Citizenship",
            "vic_TraffickingStatusDecisionMakingOrg",
            "vic_MethodsOfControl",
            "cas_Status"
        ]
    );
    assert!(
        errors[3].message.contains("`Beatings`"),
        "{}",
        errors[3].message
    );
}

/// Column letters of a 0-based index (0 → A, 27 → AB).
fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn a_filled_copy_of_the_official_xlsx_imports() {
    use std::io::{Read, Write};
    // The official workbook with its second numbered row filled in as a case worker would:
    // text cells, a real boolean cell for consent, and the column that has only a label.
    let path = format!("{DIR}HTCDS Excel Spreadsheet v2.0.xlsx");
    let official = sheet("HTCDS Excel Spreadsheet v2.0.xlsx", "Sheet1");
    let col = |name: &str| {
        official[0]
            .iter()
            .position(|h| h == name)
            .or_else(|| official[1].iter().position(|l| l == name))
            .map(letters)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let text = |name: &str, v: &str| {
        format!(
            r#"<c r="{}4" t="inlineStr"><is><t>{v}</t></is></c>"#,
            col(name)
        )
    };
    let mut cells = vec![
        r#"<c r="A4"><v>2</v></c>"#.to_string(),
        text("cas_CaseOwner", "Siti Nurhaliza"),
        text("prs_FirstName", "Min"),
        format!(r#"<c r="{}4" t="b"><v>1</v></c>"#, col("con_Consent")),
        text("prs_Birthdate", "1998-07"),
        text("prs_Gender", "Masculine"),
        text("prs_Citizenship", "MM"),
        text("vic_TraffickingStatus", "Possible victim of trafficking"),
        text("vic_TraffickinStatusDecisionMakingOrg", "NGO"),
        text("vic_MethodsOfControl", "WithholdsDocuments;PhysicalAbuse"),
        text("vic_TypeOfExploitation", "ForcedCriminality"),
        text("cas_Status", "Active"),
        text("Reason for Outgoing Referral", "Other"),
    ];
    // Cells of a row must be in column order.
    cells.sort_by_key(|c| {
        let r = c
            .split('"')
            .nth(1)
            .unwrap()
            .trim_end_matches('4')
            .to_string();
        (r.len(), r)
    });
    let row = format!(r#"<row r="4">{}</row>"#, cells.concat());

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in 0..archive.len() {
        let mut entry = archive.by_index(n).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find(r#"<row r="4""#).unwrap();
            let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
            data = format!("{}{row}{}", &xml[..start], &xml[end..]).into_bytes();
        }
        out.start_file(name, stored).unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();

    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let rows: Vec<flat::Row> = flat::read_spreadsheet(&bytes, &flat::Options::new(today))
        .unwrap()
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].line, 4);
    let case = rows[0].record.as_ref().unwrap();
    assert_eq!(case.consent, Some(true));
    assert_eq!(case.person.citizenship, ["MMR"]);
    assert_eq!(
        case.victim.trafficking_status.as_deref(),
        Some("PossibleVictimOfTrafficking")
    );
    assert_eq!(case.victim.decision_making_org.as_deref(), Some("NGO"));
    assert_eq!(case.victim.type_of_exploitation, ["ForcedCriminality"]);
    assert_eq!(
        case.case.reason_for_outgoing_referral.as_deref(),
        Some("Other")
    );
    assert_eq!(case.sharing.level, "national");
}
