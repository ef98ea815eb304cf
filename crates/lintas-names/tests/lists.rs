//! Parsers on the real lists in `shared/data/watchlists`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_names::lists::{ListFormat, diff, guess_format, parse};
use lintas_names::{EntityKind, NamesError};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/watchlists/"
);

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}{name}")).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

#[test]
fn un_consolidated_list() -> anyhow::Result<()> {
    let data = read("un_sc_consolidated_2024-09-26.xml");
    assert_eq!(guess_format(&data)?, ListFormat::Un);
    let entries = parse(&data, ListFormat::Un)?;
    let persons = entries
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .count();
    assert_eq!(persons, 682);
    assert_eq!(entries.len() - persons, 193);
    let e = entries
        .iter()
        .find(|e| e.id == "TAi.005")
        .ok_or_else(|| anyhow::anyhow!("TAi.005 missing"))?;
    assert_eq!(
        e.names.first().map(String::as_str),
        Some("MUHAMMAD TAHER ANWARI")
    );
    assert!(e.names.iter().any(|n| n == "محمد طاهر أنوري"));
    assert!(e.names.iter().any(|n| n == "Haji Mudir"));
    assert_eq!(e.nationalities, vec!["AFG".to_string()]);
    assert_eq!(e.birth_dates.first().map(|d| d.year), Some(1961));
    assert!(
        entries
            .iter()
            .any(|e| e.identifiers.iter().any(|i| i.value == "OA 454044"))
    );
    // Entity names with character references are decoded.
    assert!(
        entries
            .iter()
            .all(|e| e.names.iter().all(|n| !n.contains("&amp;")))
    );
    Ok(())
}

#[test]
fn ofac_sdn_list() -> anyhow::Result<()> {
    let data = read("ofac_sdn_2024-05-03.csv");
    assert_eq!(guess_format(&data)?, ListFormat::Ofac);
    let entries = parse(&data, ListFormat::Ofac)?;
    assert_eq!(entries.len(), 14965);
    assert!(
        entries
            .iter()
            .filter(|e| e.kind == EntityKind::Vessel)
            .count()
            >= 851
    );
    let z = entries
        .iter()
        .find(|e| e.id == "2676")
        .ok_or_else(|| anyhow::anyhow!("2676 missing"))?;
    assert_eq!(
        z.names.first().map(String::as_str),
        Some("AL ZAWAHIRI, Dr. Ayman")
    );
    assert_eq!(
        z.birth_dates.first().map(|d| (d.year, d.month, d.day)),
        Some((1951, Some(6), Some(19)))
    );
    assert!(
        entries.iter().filter(|e| e.names.len() > 1).count() > 1000,
        "a.k.a. aliases read from remarks"
    );
    Ok(())
}

#[test]
fn ftm_sample() -> anyhow::Result<()> {
    let data = read("opensanctions_ftm_sample_zala.ftm.jsonl");
    assert_eq!(guess_format(&data)?, ListFormat::Ftm);
    let entries = parse(&data, ListFormat::Ftm)?;
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .count(),
        6
    );
    let p = entries
        .iter()
        .find(|e| e.id == "NK-2Tbri3s6GgNtAwsSXh4qpL")
        .ok_or_else(|| anyhow::anyhow!("missing"))?;
    assert!(p.names.iter().any(|n| n == "Мария Александровна Осетрова"));
    assert_eq!(
        p.birth_dates.first().map(|d| d.to_string()),
        Some("1988-01-07".to_string())
    );
    assert_eq!(p.nationalities, vec!["RUS".to_string()]);
    Ok(())
}

#[test]
fn reimport_diff_on_real_list() -> anyhow::Result<()> {
    let old = parse(&read("un_sc_consolidated_2024-09-26.xml"), ListFormat::Un)?;
    let mut new = old.clone();
    let removed = new.remove(10);
    if let Some(e) = new.get_mut(0) {
        e.names.push("New Alias".into());
    }
    let mut added = lintas_names::Entry::person("XXi.999", "Test Person");
    added.nationalities.push("MMR".into());
    new.push(added);
    let d = diff(&old, &new);
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.changed.len(), 1);
    assert_eq!(
        d.removed.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![removed.id]
    );
    Ok(())
}

#[test]
fn malformed_inputs_are_errors_with_lines() {
    let mut data = read("un_sc_consolidated_2024-09-26.xml");
    data.truncate(data.len() / 2);
    assert!(matches!(
        parse(&data, ListFormat::Un),
        Err(NamesError::Xml { .. })
    ));
    let bad = b"<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER>\n<FIRST_NAME>\xff\xfe</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
    assert!(matches!(
        parse(bad, ListFormat::Un),
        Err(NamesError::InvalidUtf8 { line: 4 })
    ));
    let bad = b"<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
    assert!(matches!(
        parse(bad, ListFormat::Un),
        Err(NamesError::Malformed { line: 2, .. })
    ));
    assert!(matches!(
        guess_format(b"hello"),
        Err(NamesError::UnknownFormat)
    ));
    assert!(parse(b"", ListFormat::Ftm).is_ok_and(|v| v.is_empty()));
}
