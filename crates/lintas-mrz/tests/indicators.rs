//! Risk indicators on real vectors with a fixed reference date.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use common::*;
use lintas_mrz::{IndicatorCode as C, RegistryHit, RegistryStatus, Severity, indicators, parse};
use time::{Date, Month};

fn codes(text: &str, today: Date, hits: &[RegistryHit]) -> Vec<C> {
    let doc = parse(text, &lintas_mrz::ParseOptions::new(today));
    indicators(&doc, today, hits)
        .into_iter()
        .map(|i| i.code)
        .collect()
}

const TD3_UTO: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

#[test]
fn specimen_and_expired() {
    let c = codes(TD3_UTO, today(), &[]);
    assert!(c.contains(&C::SpecimenCode));
    assert!(c.contains(&C::Expired));
    assert!(!c.contains(&C::CheckDigitFailure));
    // Before its expiry the same document is not expired.
    let before = Date::from_calendar_date(2011, Month::January, 1).expect("date");
    assert!(!codes(TD3_UTO, before, &[]).contains(&C::Expired));
}

#[test]
fn check_digit_failure_and_registry_hit() {
    let bad = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C37UTO7408122F1204159ZE184226B<<<<<10";
    let hit = RegistryHit {
        reporting_state: "AUS".into(),
        status: RegistryStatus::Stolen,
        reported_on: Date::from_calendar_date(2026, Month::March, 2).expect("date"),
    };
    let doc = parse(bad, &opts());
    let ind = indicators(&doc, today(), std::slice::from_ref(&hit));
    let reg = ind
        .iter()
        .find(|i| i.code == C::RegistryHit)
        .expect("registry hit");
    assert_eq!(reg.severity, Severity::High);
    assert_eq!(reg.message, "Reported stolen by AUS on 2026-03-02.");
    let cd = ind
        .iter()
        .find(|i| i.code == C::CheckDigitFailure)
        .expect("cd");
    assert!(cd.message.contains("document_number") && cd.message.contains("composite"));
}

#[test]
fn nationality_rules() {
    // A Canadian national holding a US visa: normal.
    let visa = "VNUSATRAVELER<<HAPPY<<<<<<<<<<<<<<<<<<<<<<<<\n1234567897CAN6612120M1407282B3XLC000FD142955";
    assert!(!codes(visa, today(), &[]).contains(&C::NationalityMismatch));
    // A French passport issued to a UKR national: unusual.
    let f = lintas_mrz::MrzFields {
        format: lintas_mrz::Format::TD3,
        document_code: "P".into(),
        issuing_state: "FRA".into(),
        surname: "TEST".into(),
        given_names: "A".into(),
        document_number: "12AB34567".into(),
        nationality: "UKR".into(),
        birth_date: Date::from_calendar_date(1990, Month::January, 1).ok(),
        sex: lintas_mrz::Sex::Female,
        expiry_date: Date::from_calendar_date(2030, Month::January, 1).ok(),
        optional_data: String::new(),
        optional_data_2: String::new(),
        language: lintas_mrz::Language::Default,
    };
    let text = lintas_mrz::generate(&f).expect("mrz").to_string();
    assert!(codes(&text, today(), &[]).contains(&C::NationalityMismatch));
    // Same passport to a stateless person (XXA): context only.
    let stateless = lintas_mrz::generate(&lintas_mrz::MrzFields {
        nationality: "XXA".into(),
        ..f.clone()
    })
    .expect("mrz")
    .to_string();
    let c = codes(&stateless, today(), &[]);
    assert!(c.contains(&C::NoNationality) && !c.contains(&C::NationalityMismatch));
    // A visa for the issuer's own national.
    let own = lintas_mrz::generate(&lintas_mrz::MrzFields {
        format: lintas_mrz::Format::MrvB,
        document_code: "V".into(),
        nationality: "FRA".into(),
        ..f.clone()
    })
    .expect("mrz")
    .to_string();
    assert!(codes(&own, today(), &[]).contains(&C::VisaForOwnNational));
    // Expiry 20 years ahead on a passport.
    let far = lintas_mrz::generate(&lintas_mrz::MrzFields {
        nationality: "FRA".into(),
        expiry_date: Date::from_calendar_date(2046, Month::January, 1).ok(),
        ..f.clone()
    })
    .expect("mrz")
    .to_string();
    let c = codes(&far, today(), &[]);
    assert!(c.contains(&C::ExpiryTooFarAhead) && !c.contains(&C::NationalityMismatch));
    // A crew member certificate for a 10-year-old.
    let crew = lintas_mrz::generate(&lintas_mrz::MrzFields {
        format: lintas_mrz::Format::TD1,
        document_code: "AC".into(),
        nationality: "FRA".into(),
        birth_date: Date::from_calendar_date(2016, Month::January, 1).ok(),
        ..f
    })
    .expect("mrz")
    .to_string();
    assert!(codes(&crew, today(), &[]).contains(&C::HolderTooYoung));
}

#[test]
fn birth_in_future_and_age_from_fields() {
    // Documents built from fields (API input) can carry full dates the MRZ cannot.
    let mut doc = parse(TD3_UTO, &opts());
    doc.birth_date.value = Date::from_calendar_date(2030, Month::January, 1).ok();
    let c: Vec<C> = indicators(&doc, today(), &[])
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert!(c.contains(&C::BirthInFuture));
    doc.birth_date.value = Date::from_calendar_date(1890, Month::January, 1).ok();
    let c: Vec<C> = indicators(&doc, today(), &[])
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert!(c.contains(&C::AgeImplausible));
}
