//! The RSO's demo work plan: a few activities of the last year with participants, outputs and
//! targets, so the work-plan page and the annual report's progress table have content.

use chrono::{Duration, NaiveDate};
use lintas_model::Role;
use lintas_model::workplan::{Activity, Participants, Target};
use lintas_store::{Principal, Result, Store};

fn people(member: &str, agency: &str, female: u32, male: u32) -> Participants {
    Participants {
        member: member.into(),
        agency: agency.into(),
        female,
        male,
        other: 0,
    }
}

/// Records the demo activities as the RSO's regional analyst; returns how many.
pub(crate) async fn seed(store: &Store, today: NaiveDate) -> Result<u64> {
    let agency = store
        .ensure_agency("RSO", "Regional Support Office")
        .await?;
    let rso = Principal::local("demo:seed", &agency, Role::RegionalAnalyst);
    let day = |back: i64| today - Duration::days(back);
    let activities = [
        Activity {
            title: "Victim identification and referral training".into(),
            kind: "training".into(),
            starts_on: day(300),
            ends_on: day(296),
            venue: "Bangkok, Thailand".into(),
            members: vec!["THA".into(), "MYS".into(), "KHM".into()],
            participants: vec![
                people("THA", "Royal Thai Police", 9, 7),
                people("MYS", "Royal Malaysia Police", 5, 6),
                people("KHM", "Cambodian National Police", 3, 4),
            ],
            outputs: vec!["Referral pathway checklist (Thai, Malay, Khmer)".into()],
            targets: vec![Target {
                indicator: "front-line officers trained in victim identification".into(),
                target: 60,
                achieved: Some(34),
            }],
            sharing: regional(),
        },
        Activity {
            title: "Maritime smuggling routes workshop".into(),
            kind: "workshop".into(),
            starts_on: day(190),
            ends_on: day(188),
            venue: "Kupang, Indonesia".into(),
            members: vec!["IDN".into(), "AUS".into(), "LKA".into()],
            participants: vec![
                people("IDN", "Maritime Security Agency (BAKAMLA)", 4, 12),
                people("AUS", "Australian Border Force", 3, 5),
                people("LKA", "Sri Lanka Navy", 1, 6),
            ],
            outputs: vec!["Shared list of departure points".into()],
            targets: vec![Target {
                indicator: "joint maritime risk assessments".into(),
                target: 2,
                achieved: Some(1),
            }],
            sharing: regional(),
        },
        Activity {
            title: "Roundtable on online scam recruitment".into(),
            kind: "roundtable".into(),
            starts_on: day(95),
            ends_on: day(95),
            venue: "Online".into(),
            members: vec!["THA".into(), "PHL".into(), "IDN".into(), "MYS".into()],
            participants: vec![
                people("THA", "Department of Special Investigation", 3, 2),
                people("PHL", "Inter-Agency Council Against Trafficking", 4, 1),
                people("IDN", "Indonesian National Police (POLRI)", 2, 3),
                people("MYS", "Royal Malaysia Police", 2, 2),
            ],
            outputs: vec!["Summary of recruitment platforms and indicators".into()],
            targets: Vec::new(),
            sharing: regional(),
        },
        Activity {
            title: "Bali Process data-sharing forum".into(),
            kind: "forum".into(),
            starts_on: day(30),
            ends_on: day(29),
            venue: "Bangkok, Thailand".into(),
            members: vec![
                "AUS".into(),
                "IDN".into(),
                "MYS".into(),
                "THA".into(),
                "LKA".into(),
                "NZL".into(),
            ],
            participants: vec![
                people("AUS", "Australian Federal Police", 2, 2),
                people("IDN", "Indonesian National Police (POLRI)", 1, 3),
                people("NZL", "Immigration New Zealand", 2, 0),
            ],
            outputs: vec!["Agreed indicator list for the annual report".into()],
            targets: vec![Target {
                indicator: "members sharing incident data regionally".into(),
                target: 10,
                achieved: Some(6),
            }],
            sharing: regional(),
        },
    ];
    let mut n = 0;
    for a in activities {
        store.create_activity(&rso, a).await?;
        n += 1;
    }
    Ok(n)
}

fn regional() -> lintas_model::Sharing {
    lintas_model::Sharing {
        level: "regional".into(),
        states: Vec::new(),
    }
}
