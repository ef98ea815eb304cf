//! The lost/stolen registry and stored watchlists, run against SQLite and PostgreSQL alike.

use crate::common;
use crate::on_both_backends;

use chrono::NaiveDate;
use common::TestStore;
use lintas_model::registry::{RegistryEntry, read_registry_csv};
use lintas_model::{Role, Sharing};
use lintas_names::lists::{ListFormat, parse};
use lintas_names::{EntityKind, Entry, Query};
use lintas_store::{Error, Principal, Registered, Store};

on_both_backends! {
    registry_reports_lookups_and_tenancy => registry_reports_lookups_and_tenancy;
    registry_import_is_idempotent_and_reports_rows => registry_import_is_idempotent_and_reports_rows;
    watchlist_reimport_reports_the_diff_and_screening_follows => watchlist_reimport_reports_the_diff_and_screening_follows;
    watchlist_tenancy => watchlist_tenancy;
}

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/watchlists/"
);

async fn principal(store: &Store, member: &str, agency: &str, role: Role) -> Principal {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    let key = store.create_api_key(&agency, role, "test").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

fn report(number: &str, status: &str, level: &str, states: &[&str]) -> RegistryEntry {
    RegistryEntry {
        issuing_state: "IDN".into(),
        document_number: number.into(),
        status: status.into(),
        reported_on: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        document_code: Some("P".into()),
        external_ref: None,
        note: None,
        sharing: Sharing {
            level: level.into(),
            states: states.iter().map(|s| s.to_string()).collect(),
        },
    }
}

fn sharing(level: &str) -> Sharing {
    Sharing {
        level: level.into(),
        states: vec![],
    }
}

async fn registry_reports_lookups_and_tenancy(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "Imigrasi", Role::Officer).await;
    let idn_admin = principal(s, "IDN", "Imigrasi HQ", Role::Admin).await;
    let aus = principal(s, "AUS", "ABF", Role::Analyst).await;
    let tha_viewer = principal(s, "THA", "Immigration Bureau", Role::Viewer).await;
    let rso = principal(s, "RSO", "RSO", Role::RegionalAnalyst).await;

    let (regional, how) = s
        .register_document(&idn, report("x 123-4567", "Stolen", "regional", &[]))
        .await
        .unwrap();
    assert_eq!(how, Registered::Created);
    assert_eq!(regional.entry.document_number, "X1234567");
    assert_eq!((regional.owner.as_str(), regional.version), ("IDN", 1));
    s.register_document(&idn, report("B7654321", "lost", "national", &[]))
        .await
        .unwrap();
    s.register_document(&idn, report("C1111111", "revoked", "bilateral", &["AUS"]))
        .await
        .unwrap();

    let found = |p: Principal, number: &'static str| async move {
        s.lookup_document(&p, "idn", number)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.entry.status)
            .collect::<Vec<_>>()
    };
    // The MRZ form of the number (with fillers) finds what was typed with spaces and dashes.
    assert_eq!(found(aus.clone(), "X1234567<<").await, ["stolen"]);
    assert_eq!(found(tha_viewer.clone(), "x1234567").await, ["stolen"]);
    assert_eq!(found(idn.clone(), "B7654321").await, ["lost"]);
    assert!(found(aus.clone(), "B7654321").await.is_empty());
    assert_eq!(found(aus.clone(), "C1111111").await, ["revoked"]);
    assert!(found(tha_viewer.clone(), "C1111111").await.is_empty());
    assert!(matches!(
        s.lookup_document(&rso, "IDN", "X1234567").await,
        Err(Error::Forbidden(_))
    ));

    // Reporting again updates the member's entry (any of its maintainers may); the same
    // report again changes nothing.
    let (updated, how) = s
        .register_document(
            &idn_admin,
            report("X1234567", "known_fraudulent", "regional", &[]),
        )
        .await
        .unwrap();
    assert_eq!(
        (how, updated.id, updated.version, updated.agency.as_str()),
        (Registered::Updated, regional.id, 2, "Imigrasi HQ")
    );
    let (_, how) = s
        .register_document(
            &idn_admin,
            report("X1234567", "known_fraudulent", "regional", &[]),
        )
        .await
        .unwrap();
    assert_eq!(how, Registered::Unchanged);
    // Another member's report of the same document is a second hit, not an overwrite.
    let aus_officer = principal(s, "AUS", "ABF", Role::Officer).await;
    s.register_document(&aus_officer, report("X1234567", "stolen", "regional", &[]))
        .await
        .unwrap();
    let mut both: Vec<(String, String)> = s
        .lookup_document(&tha_viewer, "IDN", "X1234567")
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.owner, e.entry.status))
        .collect();
    both.sort();
    assert_eq!(
        both,
        [
            ("AUS".to_string(), "stolen".to_string()),
            ("IDN".to_string(), "known_fraudulent".to_string())
        ]
    );

    // The list: what each member may see, searched by the number's beginning in any spelling.
    let listed = |p: Principal, number: Option<&'static str>| async move {
        let mut v: Vec<(String, String)> = s
            .list_registry(&p, number, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.owner, e.entry.document_number))
            .collect();
        v.sort();
        v
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        listed(tha_viewer.clone(), None).await,
        [pair("AUS", "X1234567"), pair("IDN", "X1234567")]
    );
    assert_eq!(
        listed(aus.clone(), Some("c-111")).await,
        [pair("IDN", "C1111111")]
    );
    assert_eq!(
        listed(idn.clone(), Some("b 76")).await,
        [pair("IDN", "B7654321")]
    );
    assert!(listed(idn.clone(), Some("%")).await.len() == 4);
    assert!(listed(idn.clone(), Some("Z")).await.is_empty());
    assert!(matches!(
        s.list_registry(&rso, None, 10).await,
        Err(Error::Forbidden(_))
    ));

    // Two first reports of one document at the same time: one creates, the other finds it.
    let race = report("E5550001", "lost", "regional", &[]);
    let (a, b) = tokio::join!(
        s.register_document(&idn, race.clone()),
        s.register_document(&idn_admin, race)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.0.id, b.0.id);
    let mut outcomes = [a.1, b.1];
    outcomes.sort_by_key(|o| *o != Registered::Created);
    assert_eq!(outcomes[0], Registered::Created);
    assert_ne!(outcomes[1], Registered::Created);

    for p in [&aus, &tha_viewer, &rso] {
        assert!(matches!(
            s.register_document(p, report("D1", "lost", "regional", &[]))
                .await,
            Err(Error::Forbidden(_))
        ));
    }
    match s
        .register_document(&idn, report("D-1", "misplaced", "aggregate", &[]))
        .await
    {
        Err(Error::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["status", "sharing.level"]);
        }
        other => panic!("expected invalid, got {other:?}"),
    }
}

async fn registry_import_is_idempotent_and_reports_rows(t: TestStore) {
    let s = &t.store;
    let today = s.clock().now().date_naive();
    let idn = principal(s, "IDN", "Imigrasi", Role::Officer).await;
    let mut csv = String::from("issuing_state,document_number,status,reported_on,sharing_level\n");
    for n in 0..40 {
        csv.push_str(&format!(
            "IDN,A{n:07},stolen,2026-0{}-15,regional\n",
            n % 9 + 1
        ));
    }
    csv.push_str("IDN,A0000003,lost,2026-01-01,regional\n"); // line 42: twice in one file
    csv.push_str("IDN,B1,stolen,15/01/2026,regional\n"); // line 43
    csv.push_str("ZZZ,B2,stolen,2026-01-15,regional\n"); // line 44
    let (csv, idn_ref) = (&csv, &idn);
    let import = || async move {
        let rows: Vec<_> = read_registry_csv(csv.as_bytes(), today).unwrap().collect();
        let mut importer = s.registry_importer(idn_ref).unwrap();
        let mut report = importer.import_batch(rows[..25].to_vec()).await.unwrap();
        report.merge(importer.import_batch(rows[25..].to_vec()).await.unwrap());
        report
    };
    let first = import().await;
    assert_eq!((first.outcome.created, first.outcome.invalid), (40, 3));
    let problems: Vec<(u64, &str, &str)> = first
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (42, "document_number", "duplicate"),
            (43, "reported_on", "invalid_date"),
            (44, "issuing_state", "invalid_country"),
        ]
    );
    let again = import().await;
    assert_eq!(
        (
            again.outcome.created,
            again.outcome.unchanged,
            again.outcome.updated
        ),
        (0, 40, 0)
    );
    let aus = principal(s, "AUS", "ABF", Role::Viewer).await;
    assert_eq!(
        s.lookup_document(&aus, "IDN", "A0000039")
            .await
            .unwrap()
            .len(),
        1
    );

    // A changed status updates in place; another member's import cannot touch IDN's entries.
    let changed = "issuing_state,document_number,status,reported_on,sharing_level\nIDN,A0000001,revoked,2026-02-15,regional\n";
    let rows: Vec<_> = read_registry_csv(changed.as_bytes(), today)
        .unwrap()
        .collect();
    let r = s
        .registry_importer(&idn)
        .unwrap()
        .import_batch(rows)
        .await
        .unwrap();
    assert_eq!(r.outcome.updated, 1);
    let mys = principal(s, "MYS", "JIM", Role::Officer).await;
    let rows: Vec<_> = read_registry_csv(changed.as_bytes(), today)
        .unwrap()
        .collect();
    let r = s
        .registry_importer(&mys)
        .unwrap()
        .import_batch(rows)
        .await
        .unwrap();
    assert_eq!(r.outcome.created, 1);
    let mut owners: Vec<(String, i64)> = s
        .lookup_document(&aus, "IDN", "A0000001")
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.owner, e.version))
        .collect();
    owners.sort();
    assert_eq!(owners, [("IDN".to_string(), 2), ("MYS".to_string(), 1)]);
    assert!(matches!(
        s.registry_importer(&aus),
        Err(Error::Forbidden(_))
    ));
}

fn un_list() -> Vec<Entry> {
    let data = std::fs::read(format!("{DATA}un_sc_consolidated_2024-09-26.xml")).unwrap();
    parse(&data, ListFormat::Un).unwrap()
}

fn ids(matches: &[lintas_store::ScreeningMatch]) -> Vec<&str> {
    matches.iter().map(|m| m.id.as_str()).collect()
}

async fn watchlist_reimport_reports_the_diff_and_screening_follows(t: TestStore) {
    let s = &t.store;
    let aus = principal(s, "AUS", "DFAT", Role::Officer).await;
    let v1 = un_list();
    let first = s
        .import_watchlist(&aus, "UNSC", "un", sharing("regional"), v1.clone())
        .await
        .unwrap();
    assert_eq!(
        (
            first.entries,
            first.added,
            first.changed,
            first.removed,
            first.version
        ),
        (v1.len() as u64, v1.len() as u64, 0, 0, 1)
    );
    let same = s
        .import_watchlist(&aus, "UNSC", "un", sharing("regional"), v1.clone())
        .await
        .unwrap();
    assert_eq!(
        (
            same.added,
            same.changed,
            same.removed,
            same.unchanged,
            same.version
        ),
        (0, 0, 0, v1.len() as u64, 1)
    );

    let taher = Query {
        names: vec!["Mohammad Taher Anwari".into()],
        ..Query::default()
    };
    let hits = s.screen_person(&aus, &taher, 0.7, 5).await.unwrap();
    assert_eq!(ids(&hits).first(), Some(&"TAi.005"));
    assert_eq!(hits[0].list, "UNSC");
    assert_eq!(hits[0].listing_state, "AUS");

    // A newer version: TAi.005 delisted, one entry's birth date corrected, one new listing.
    let mut v2: Vec<Entry> = v1.iter().filter(|e| e.id != "TAi.005").cloned().collect();
    let corrected = v2
        .iter_mut()
        .find(|e| e.kind == EntityKind::Person && e.id != "TAi.005")
        .unwrap();
    corrected.birth_dates.clear();
    let corrected_id = corrected.id.clone();
    let mut new = Entry::person("QDi.999", "Abdul Wahid Rahimi");
    new.nationalities = vec!["AFG".into()];
    v2.push(new);
    let second = s
        .import_watchlist(&aus, "UNSC", "un", sharing("regional"), v2.clone())
        .await
        .unwrap();
    assert_eq!(
        (second.added, second.changed, second.removed, second.version),
        (1, 1, 1, 2)
    );
    assert_eq!(
        (
            second.added_ids.as_slice(),
            second.changed_ids.as_slice(),
            second.removed_ids.as_slice()
        ),
        (
            &["QDi.999".to_string()][..],
            &[corrected_id.clone()][..],
            &["TAi.005".to_string()][..]
        )
    );
    assert_eq!(second.unchanged, v2.len() as u64 - 2);

    // The in-memory index follows the new version.
    assert!(!ids(&s.screen_person(&aus, &taher, 0.7, 5).await.unwrap()).contains(&"TAi.005"));
    let wahid = Query {
        names: vec!["Abdulwahid RAHIMI".into()],
        ..Query::default()
    };
    assert_eq!(
        ids(&s.screen_person(&aus, &wahid, 0.7, 5).await.unwrap()).first(),
        Some(&"QDi.999")
    );
    let lists = s.list_watchlists(&aus).await.unwrap();
    assert_eq!(
        lists
            .iter()
            .map(|l| (l.name.as_str(), l.entries, l.version))
            .collect::<Vec<_>>(),
        [("UNSC", v2.len() as i64, 2)]
    );

    // Each changing import is a recorded version (the unchanged re-import is not), and the
    // diff between any two is composed from them.
    let id = lists[0].id.clone();
    let versions = s.watchlist_versions(&aus, &id).await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.version, v.added, v.changed, v.removed, v.entries))
            .collect::<Vec<_>>(),
        [
            (2, 1, 1, 1, v2.len() as i64),
            (1, v1.len() as i64, 0, 0, v1.len() as i64)
        ]
    );
    let diff = s.watchlist_diff(&aus, &id, 1, 2).await.unwrap();
    let ids_of =
        |c: &[lintas_store::EntryChange]| c.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids_of(&diff.added), ["QDi.999"]);
    assert_eq!(ids_of(&diff.removed), ["TAi.005"]);
    assert_eq!(ids_of(&diff.changed), [corrected_id]);
    assert_eq!(diff.changed[0].fields, ["birth_dates"]);
    assert_eq!(diff.added[0].name, "Abdul Wahid Rahimi");
    // From the empty list: everything on version 2 is added, TAi.005 never appears.
    let whole = s.watchlist_diff(&aus, &id, 0, 2).await.unwrap();
    assert_eq!(whole.added.len(), v2.len());
    assert!(whole.changed.is_empty() && whole.removed.is_empty());
    assert!(!ids_of(&whole.added).contains(&"TAi.005".to_string()));
    assert!(matches!(
        s.watchlist_diff(&aus, &id, 2, 3).await,
        Err(Error::BadRequest(_))
    ));
    // Entries by name (any alias, any case).
    let found = s
        .search_watchlist_entries(&aus, &id, "wahid rah", 10)
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.entries[0].id, "QDi.999");
    // Another member sees nothing of a list it may not see... (this list is regional: it may).
    let mys = principal(s, "MYS", "PDRM", Role::Viewer).await;
    assert_eq!(
        s.watchlist_diff(&mys, &id, 1, 2).await.unwrap().added.len(),
        1
    );
    let auditor = principal(s, "AUS", "DFAT", Role::Auditor).await;
    assert!(matches!(
        s.search_watchlist_entries(&auditor, &id, "", 10).await,
        Err(Error::Forbidden(_))
    ));
}

async fn watchlist_tenancy(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let aus = principal(s, "AUS", "ABF", Role::Analyst).await;
    let nzl = principal(s, "NZL", "INZ", Role::Viewer).await;
    let rso = principal(s, "RSO", "RSO", Role::RegionalAnalyst).await;
    let mut broker = Entry::person("IDN-WL-1", "Sutrisno bin Hadi");
    broker.reason = Some("people smuggling facilitator".into());
    s.import_watchlist(
        &idn,
        "Smuggling facilitators",
        "csv",
        sharing("national"),
        vec![broker.clone()],
    )
    .await
    .unwrap();
    let mut crew = Entry::person("IDN-WL-2", "Sutrisno Hadi Wijaya");
    crew.reason = Some("boat crew, repeat".into());
    s.import_watchlist(
        &idn,
        "Boat crews",
        "csv",
        Sharing {
            level: "bilateral".into(),
            states: vec!["AUS".into()],
        },
        vec![crew],
    )
    .await
    .unwrap();
    let q = Query {
        names: vec!["SUTRISNO HADI".into()],
        ..Query::default()
    };
    let mut own = s.screen_person(&idn, &q, 0.6, 10).await.unwrap();
    own.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(ids(&own), ["IDN-WL-1", "IDN-WL-2"]);
    assert_eq!(
        own[0].reason.as_deref(),
        Some("people smuggling facilitator")
    );
    // AUS sees the bilateral list only; NZL neither.
    assert_eq!(
        ids(&s.screen_person(&aus, &q, 0.6, 10).await.unwrap()),
        ["IDN-WL-2"]
    );
    assert!(s.screen_person(&nzl, &q, 0.6, 10).await.unwrap().is_empty());
    assert_eq!(s.list_watchlists(&nzl).await.unwrap().len(), 0);
    assert!(matches!(
        s.screen_person(&rso, &q, 0.6, 10).await,
        Err(Error::Forbidden(_))
    ));
    // Maintaining lists is for the owning member's officers and admins.
    assert!(matches!(
        s.import_watchlist(
            &aus,
            "Smuggling facilitators",
            "csv",
            sharing("national"),
            vec![broker.clone()]
        )
        .await,
        Err(Error::Forbidden(_))
    ));
    let aus_officer = principal(s, "AUS", "ABF", Role::Officer).await;
    let theirs = s
        .import_watchlist(
            &aus_officer,
            "Smuggling facilitators",
            "csv",
            sharing("regional"),
            vec![],
        )
        .await
        .unwrap();
    // Same name, another owner: a separate list; IDN's is untouched.
    assert_eq!((theirs.owner.as_str(), theirs.entries), ("AUS", 0));
    assert_eq!(
        ids(&s.screen_person(&idn, &q, 0.6, 10).await.unwrap()).len(),
        2
    );
    match s
        .import_watchlist(&idn, "x", "csv", sharing("aggregate"), vec![])
        .await
    {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "sharing.level"),
        other => panic!("expected invalid, got {other:?}"),
    }
    // Widening a list's sharing makes it visible at once.
    s.import_watchlist(
        &idn,
        "Smuggling facilitators",
        "csv",
        sharing("regional"),
        vec![broker],
    )
    .await
    .unwrap();
    assert_eq!(
        ids(&s.screen_person(&nzl, &q, 0.6, 10).await.unwrap()),
        ["IDN-WL-1"]
    );
}
