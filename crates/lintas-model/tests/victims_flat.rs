//! The HTCDS flat layout: import behaviour on hand-written files, and properties over generated
//! ones (every valid case survives export and re-import unchanged; no input makes the readers
//! panic).
// A test crate: helpers outside #[test] functions may unwrap too (clippy.toml covers only those).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use lintas_model::Sharing;
use lintas_model::victims::codes::{self, Picklist};
use lintas_model::victims::{VictimCase, flat};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn import(text: &str) -> Vec<flat::Row> {
    flat::read_csv(text.as_bytes(), &flat::Options::new(today()))
        .unwrap()
        .collect()
}

#[test]
fn one_row_per_case_with_every_error_at_once() {
    let text = "external_ref,prs_FirstName,prs_Citizenship,vic_TypeOfExploitation,vic_ForcedCriminalityIndicators,hte_Type,hte_Country,hte_Date,sharing_level\n\
                BD-001,Min,MM;TH,ForcedCriminality,Means_DocumentsOrPhoneConfiscated;Purpose_ForcedOnlineScams,Exploitation,MMR,2024-02,\n\
                BD-002,Aung,Burma,ForcedLabor,Means_DebtOrRansom,Exploited,XXX,2024-13,regional\n";
    let rows = import(text);
    assert_eq!(rows.len(), 2);
    let case = rows[0].record.as_ref().unwrap();
    assert_eq!(case.person.citizenship, ["MMR", "THA"]);
    let ev = case.exploitation().unwrap();
    assert_eq!(ev.country.as_deref(), Some("MMR"));
    assert_eq!(ev.date.unwrap().to_string(), "2024-02");
    assert_eq!(case.sharing.level, "national");

    assert_eq!(rows[1].line, 3);
    let errors = rows[1].record.as_ref().unwrap_err();
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("hte_Date", "invalid_date"),
            ("prs_Citizenship", "invalid_country"),
            ("vic_TypeOfExploitation", "unknown_code"),
            ("vic_ForcedCriminalityIndicators", "not_allowed"),
            ("hte_Type", "unknown_code"),
            ("hte_Country", "invalid_country"),
            ("sharing_level", "not_allowed"),
        ]
    );
    assert!(errors[6].message.contains("never shared regionally"));
    assert!(
        errors[2].message.contains("ForcedLabour"),
        "{}",
        errors[2].message
    );
}

#[test]
fn sharing_column_overrides_the_default_and_regional_is_refused() {
    let text =
        "prs_FirstName,sharing_level,sharing_states\nA,,\nB,bilateral,THA;MYS\nC,aggregate,\n";
    let options = flat::Options {
        sharing: Sharing {
            level: "bilateral".into(),
            states: vec!["AUS".into()],
        },
        today: today(),
    };
    let rows: Vec<flat::Row> = flat::read_csv(text.as_bytes(), &options).unwrap().collect();
    let levels: Vec<(String, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let s = &r.record.as_ref().unwrap().sharing;
            (s.level.clone(), s.states.clone())
        })
        .collect();
    assert_eq!(
        levels,
        [
            ("bilateral".to_string(), vec!["AUS".to_string()]),
            (
                "bilateral".to_string(),
                vec!["THA".to_string(), "MYS".to_string()]
            ),
            ("aggregate".to_string(), vec![]),
        ]
    );
    let regional = flat::Options {
        sharing: Sharing {
            level: "regional".into(),
            states: vec![],
        },
        today: today(),
    };
    let e = flat::read_csv(text.as_bytes(), &regional).err().unwrap();
    assert!(e.to_string().contains("never shared regionally"), "{e}");
}

#[test]
fn a_label_like_value_is_data_not_the_label_row() {
    // Found by fuzzing: a case owner called "Case Owner" once made the exported row look like
    // the official spreadsheet's row of labels, and the case vanished on re-import.
    let rows = import("cas_CaseOwner,prs_Title\nCase Owner,\n,Title\n");
    assert_eq!(rows.len(), 2);
    let case = rows[0].record.as_ref().unwrap();
    assert_eq!(case.case.case_owner.as_deref(), Some("Case Owner"));
    let mut out = Vec::new();
    flat::write_csv(std::slice::from_ref(case), &mut out).unwrap();
    let back: Vec<flat::Row> = flat::read_csv(&out[..], &flat::Options::new(today()))
        .unwrap()
        .collect();
    assert_eq!(back[0].record.as_ref().unwrap(), case);
    // A real label row (every cell a label, most of their own column) is skipped.
    let rows = import(
        "cas_CaseOwner,prs_FirstName,cas_Status\nCase Owner,First Name,Status\nSiti,Ayu,Active\n",
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 3);
}

#[test]
fn unknown_or_repeated_columns_fail_the_file() {
    let opts = flat::Options::new(today());
    let e = flat::read_csv("prs_FirstName,prs_Nickname\n".as_bytes(), &opts)
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("unknown column `prs_Nickname` (column 2)"),
        "{e}"
    );
    let e = flat::read_csv(
        "vic_TraffickingStatusDecisionMakingOrg,vic_TraffickinStatusDecisionMakingOrg\n".as_bytes(),
        &opts,
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("appears twice"), "{e}");
    assert!(flat::read_csv("".as_bytes(), &opts).is_err());
}

#[test]
fn export_refuses_what_one_row_cannot_hold() {
    let case = VictimCase {
        events: vec![Default::default(), Default::default()],
        ..Default::default()
    };
    let mut out = Vec::new();
    let refused = flat::write_csv(&[VictimCase::default(), case], &mut out).unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0, 1);
    assert_eq!(refused[0].1[0].code, "not_flat");
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 2);
}

fn code(list: &'static Picklist) -> impl Strategy<Value = String> {
    proptest::sample::select(list.values.iter().map(|v| v.code).collect::<Vec<_>>())
        .prop_map(str::to_string)
}

fn codes_of(list: &'static Picklist) -> impl Strategy<Value = String> {
    proptest::sample::subsequence(list.values.iter().map(|v| v.code).collect::<Vec<_>>(), 0..4)
        .prop_map(|v| v.join(";"))
}

fn maybe<S: Strategy<Value = String>>(s: S) -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 3 => s]
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,;\"'\n-]{0,24}[a-z]"
}

fn date() -> impl Strategy<Value = String> {
    (1950i32..2026, 1u32..=12, 1u32..=28, 0u8..3).prop_map(|(y, m, d, p)| match p {
        0 => format!("{y}"),
        1 => format!("{y}-{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    })
}

fn country() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "IDN", "THA", "MYS", "MMR", "KHM", "LAO", "PHL", "LKA", "AUS",
    ])
    .prop_map(str::to_string)
}

/// Cells of a valid flat row: every column filled with a value the standard accepts, or blank.
fn valid_cells() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let person = (
        maybe(text()),
        maybe(text()),
        maybe(text()),
        maybe(date()),
        maybe(code(&codes::PRS_GENDER)),
        maybe(prop::collection::vec(country(), 1..3).prop_map(|mut v| {
            v.dedup();
            v.join(";")
        })),
        maybe("\\+[1-9][0-9]{7,12}"),
        maybe("[a-z]{1,8}@example\\.org"),
        maybe(country()),
        maybe(code(&codes::PRS_MARITAL_STATUS)),
        maybe("[a-z]{2,3}"),
        maybe(prop_oneof![
            Just("TRUE".to_string()),
            Just("FALSE".to_string())
        ]),
    )
        .prop_map(
            |(first, second, city, birth, gender, cit, phone, email, mc, ms, lang, consent)| {
                vec![
                    ("prs_FirstName", first),
                    ("prs_SecondName", second),
                    ("prs_MailingCity", city),
                    ("prs_Birthdate", birth),
                    ("prs_Gender", gender),
                    ("prs_Citizenship", cit),
                    ("prs_MobilePhone", phone),
                    ("prs_Email", email),
                    ("prs_MailingCountry", mc),
                    ("prs_MaritalStatus", ms),
                    ("prs_PrimaryLanguage", lang),
                    ("con_Consent", consent),
                ]
            },
        );
    let victim = (
        maybe(
            (
                code(&codes::VIC_TRAFFICKING_STATUS),
                code(&codes::VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG),
            )
                .prop_map(|(s, o)| format!("{s}|{o}")),
        ),
        codes_of(&codes::VIC_METHOD_OF_RECRUITMENT),
        codes_of(&codes::VIC_METHODS_OF_CONTROL),
        codes_of(&codes::VIC_TYPE_OF_EXPLOITATION),
        codes_of(&codes::VIC_FORCED_LABOUR_INDUSTRY),
        codes_of(&codes::VIC_TYPE_OF_SEX_EXPLOITATION),
        codes_of(&codes::VIC_FORCED_CRIMINALITY_INDICATORS),
        codes_of(&codes::VIC_RECRUITMENT_WEBSITES_AND_APPS),
        maybe((0u32..90).prop_map(|a| a.to_string())),
        maybe(text()),
    )
        .prop_map(
            |(status, mor, moc, types, industry, sex, fc, apps, age, loc)| {
                let (status, org) = status
                    .split_once('|')
                    .map_or((String::new(), String::new()), |(s, o)| {
                        (s.to_string(), o.to_string())
                    });
                let fc = if types.split(';').any(|t| t == "ForcedCriminality") {
                    fc
                } else {
                    String::new()
                };
                vec![
                    ("vic_TraffickingStatus", status),
                    ("vic_TraffickingStatusDecisionMakingOrg", org),
                    ("vic_MethodOfRecruitment", mor),
                    ("vic_MethodsOfControl", moc),
                    ("vic_TypeOfExploitation", types),
                    ("vic_ForcedLabourIndustry", industry),
                    ("vic_TypeOfSexExploitation", sex),
                    ("vic_ForcedCriminalityIndicators", fc),
                    ("vic_RecruitmentWebsitesAndApps", apps),
                    ("vic_AgeWhenTrafficked", age),
                    ("vic_LocationOfExploitation", loc),
                ]
            },
        );
    let rest = (
        prop::option::of((
            codes_of(&codes::PER_ROLE_IN_PROCESS).prop_filter("a role", |r| !r.is_empty()),
            maybe(text()),
        )),
        prop::option::of((
            code(&codes::HTE_TYPE),
            maybe(country()),
            maybe(date()),
            // Five decimals (about a metre): JSON's shortest float text parses back exactly.
            prop::option::of(
                (-9_000_000i64..9_000_000, -18_000_000i64..18_000_000)
                    .prop_map(|(a, b)| (a as f64 / 1e5, b as f64 / 1e5)),
            ),
            maybe(text()),
        )),
        maybe(code(&codes::CAS_STATUS)),
        maybe(text()),
        maybe(date()),
        maybe(code(&codes::CAS_REASON_FOR_OUTGOING_REFERRAL)),
        prop::option::of((code(&codes::SPL_TYPE), maybe(text()), maybe(date()))),
        prop_oneof![
            Just(("".to_string(), "".to_string())),
            Just(("national".to_string(), "".to_string())),
            Just(("aggregate".to_string(), "".to_string())),
            Just(("bilateral".to_string(), "THA;MYS".to_string())),
        ],
        maybe("[A-Z]{2}-[0-9]{1,5}"),
    )
        .prop_map(
            |(per, ev, status, owner, refdate, reason, plan, sharing, ext)| {
                let mut cells = vec![
                    ("cas_Status", status),
                    ("cas_CaseOwner", owner),
                    ("cas_OutgoingReferralDate", refdate),
                    ("cas_ReasonForOutgoingReferral", reason),
                    ("sharing_level", sharing.0),
                    ("sharing_states", sharing.1),
                    ("external_ref", ext),
                ];
                if let Some((roles, details)) = per {
                    cells.push(("per_RoleInProcess", roles));
                    cells.push(("per_RoleDetails", details));
                }
                if let Some((t, c, d, pos, desc)) = ev {
                    cells.push(("hte_Type", t));
                    cells.push(("hte_Country", c));
                    cells.push(("hte_Date", d));
                    if let Some((lat, lon)) = pos {
                        cells.push(("hte_Latitude", lat.to_string()));
                        cells.push(("hte_Longitude", lon.to_string()));
                    }
                    cells.push(("hte_Description", desc));
                }
                if let Some((t, obj, end)) = plan {
                    cells.push(("spl_Type", t));
                    cells.push(("spl_Objectives", obj));
                    cells.push(("spl_PlannedEndDate", end));
                }
                cells
            },
        );
    (person, victim, rest).prop_map(|(a, b, c)| a.into_iter().chain(b).chain(c).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Valid cells are accepted, and the case survives export to the flat layout and re-import.
    #[test]
    fn valid_cases_round_trip(cells in valid_cells()) {
        let fields: Vec<(&str, &str)> = cells.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let case = flat::from_columns(&fields, &Sharing::default(), today())
            .map_err(|e| TestCaseError::fail(format!("{e:?} for {cells:?}")))?;
        let mut out = Vec::new();
        let refused = flat::write_csv(std::slice::from_ref(&case), &mut out).unwrap();
        prop_assert!(refused.is_empty());
        let rows: Vec<flat::Row> = flat::read_csv(&out[..], &flat::Options::new(today())).unwrap().collect();
        prop_assert_eq!(rows.len(), 1);
        let back = rows[0].record.as_ref().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(back, &case);
        let json = serde_json::to_string(&case).unwrap();
        let from_json: VictimCase = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(from_json, case);
    }

    /// Any text in any known column yields a case or errors naming columns; never a panic.
    #[test]
    fn any_cells_never_panic(
        cells in prop::collection::vec(
            (proptest::sample::select(flat::COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>()), ".{0,30}"),
            0..12,
        )
    ) {
        let fields: Vec<(&str, &str)> = cells.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let Err(errors) = flat::from_columns(&fields, &Sharing::default(), today()) {
            for e in errors {
                prop_assert!(flat::COLUMNS.iter().any(|c| c.name == e.field), "field {}", e.field);
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    /// Arbitrary bytes as CSV or as a spreadsheet: errors, never a panic.
    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let opts = flat::Options::new(today());
        if let Ok(rows) = flat::read_csv(&bytes[..], &opts) {
            for _ in rows {}
        }
        let mut csv = b"prs_FirstName,vic_MethodsOfControl,hte_Date,sharing_level\n".to_vec();
        csv.extend_from_slice(&bytes);
        if let Ok(rows) = flat::read_csv(&csv[..], &opts) {
            for _ in rows {}
        }
        if let Ok(rows) = flat::read_spreadsheet(&bytes, &opts) {
            for _ in rows {}
        }
    }
}
