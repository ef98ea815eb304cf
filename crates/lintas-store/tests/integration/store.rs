//! The store's behaviour, run against SQLite and PostgreSQL alike.

use crate::common;
use crate::on_both_backends;
mod maritime;
mod wal;

use common::TestStore;
use lintas_model::import::{Format, read};
use lintas_model::{Incident, PartialDate, Person, Place, Role, Route, Sharing};
use lintas_store::{Error, IncidentFilter, Principal, Store};
use uuid::Uuid;

on_both_backends! {
    crud_with_versions => crud_with_versions;
    tenancy_national_bilateral_regional => tenancy_national_bilateral_regional;
    roles_and_agencies => roles_and_agencies;
    filters_and_pages => filters_and_pages;
    import_is_idempotent_and_reports_rows => import_is_idempotent_and_reports_rows;
    import_cannot_touch_another_tenant => import_cannot_touch_another_tenant;
    api_keys_authenticate => api_keys_authenticate;
}

pub(crate) async fn principal(store: &Store, member: &str, agency: &str, role: Role) -> Principal {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    let key = store.create_api_key(&agency, role, "test").await.unwrap();
    store
        .authenticate_api_key(&key.token)
        .await
        .unwrap()
        .unwrap()
}

pub(crate) fn incident(kind: &str, date: &str, sharing: &str, states: &[&str]) -> Incident {
    Incident {
        kind: kind.into(),
        occurred_on: PartialDate::parse(date).unwrap(),
        place: Place {
            country: "IDN".into(),
            name: Some("Kupang".into()),
            ..Default::default()
        },
        route: Route {
            origin: Some("AFG".into()),
            transit: vec!["MYS".into(), "IDN".into()],
            destination: Some("AUS".into()),
        },
        modes: vec!["sea".into()],
        tags: vec!["sea_crossing".into()],
        counts: Default::default(),
        fee: None,
        persons: vec![Person {
            given_names: "Budi".into(),
            role: "crew".into(),
            ..Default::default()
        }],
        identifiers: vec![],
        narrative: "Wooden boat intercepted south of Rote Island".into(),
        external_ref: None,
        sharing: Sharing {
            level: sharing.into(),
            states: states.iter().map(|s| s.to_string()).collect(),
        },
    }
}

async fn crud_with_versions(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "IDN", "POLRI", Role::Officer).await;
    let created = s
        .create_incident(
            &officer,
            incident("smuggling", "2025-03-02", "national", &[]),
        )
        .await
        .unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.owner, "IDN");
    assert_eq!(created.agency, "POLRI");
    let got = s.read_incident_audited(&officer, created.id).await.unwrap();
    assert_eq!(got.incident, created.incident);

    let mut changed = got.incident.clone();
    changed.counts.migrants = Some(41);
    let updated = s
        .update_incident(&officer, created.id, 1, changed.clone())
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.incident.counts.migrants, Some(41));
    // A second writer still holding version 1 is refused.
    match s
        .update_incident(&officer, created.id, 1, changed.clone())
        .await
    {
        Err(Error::VersionConflict { current: 2 }) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
    let mut invalid = changed.clone();
    invalid.kind = "smugling".into();
    match s.update_incident(&officer, created.id, 2, invalid).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "kind"),
        other => panic!("expected invalid, got {other:?}"),
    }
    assert!(matches!(
        s.delete_incident(&officer, created.id, Some(1)).await,
        Err(Error::VersionConflict { current: 2 })
    ));
    s.delete_incident(&officer, created.id, Some(2))
        .await
        .unwrap();
    assert!(matches!(
        s.read_incident_audited(&officer, created.id).await,
        Err(Error::NotFound)
    ));
    let page = s
        .list_incidents_audited(&officer, &IncidentFilter::default(), None, Some(50))
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert!(matches!(
        s.read_incident_audited(&officer, Uuid::now_v7()).await,
        Err(Error::NotFound)
    ));
}

async fn tenancy_national_bilateral_regional(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let aus_officer = principal(s, "AUS", "ABF", Role::Officer).await;
    let aus_viewer = principal(s, "AUS", "ABF", Role::Viewer).await;
    let tha = principal(s, "THA", "RTP", Role::Analyst).await;
    let rso = principal(s, "RSO", "RSO", Role::RegionalAnalyst).await;

    let national = s
        .create_incident(&idn, incident("smuggling", "2025-01", "national", &[]))
        .await
        .unwrap();
    let bilateral = s
        .create_incident(
            &idn,
            incident("smuggling", "2025-02", "bilateral", &["AUS"]),
        )
        .await
        .unwrap();
    let regional = s
        .create_incident(&idn, incident("trafficking", "2025-03", "regional", &[]))
        .await
        .unwrap();
    let aggregate = s
        .create_incident(&idn, incident("trafficking", "2025-04", "aggregate", &[]))
        .await
        .unwrap();

    let visible = |p: Principal| async move {
        let page = s
            .list_incidents_audited(&p, &IncidentFilter::default(), None, Some(100))
            .await
            .unwrap();
        let mut ids: Vec<Uuid> = page.items.iter().map(|i| i.id).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    assert_eq!(
        visible(idn.clone()).await,
        sorted(vec![national.id, bilateral.id, regional.id, aggregate.id])
    );
    assert_eq!(
        visible(aus_viewer.clone()).await,
        sorted(vec![bilateral.id, regional.id])
    );
    assert_eq!(visible(tha.clone()).await, vec![regional.id]);
    assert_eq!(visible(rso.clone()).await, vec![regional.id]);

    // Another member's national record does not exist for them: not readable, not changeable.
    for p in [&aus_officer, &aus_viewer] {
        assert!(matches!(
            s.read_incident_audited(p, national.id).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            s.read_incident_audited(p, aggregate.id).await,
            Err(Error::NotFound)
        ));
    }
    assert!(matches!(
        s.update_incident(
            &aus_officer,
            national.id,
            1,
            incident("other", "2025", "regional", &[])
        )
        .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.delete_incident(&aus_officer, national.id, None).await,
        Err(Error::NotFound)
    ));
    // Visible but not theirs: forbidden, not found would be a lie.
    assert!(matches!(
        s.update_incident(
            &aus_officer,
            bilateral.id,
            1,
            incident("other", "2025", "regional", &[])
        )
        .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.delete_incident(&aus_officer, regional.id, None).await,
        Err(Error::Forbidden(_))
    ));
    // Filtering by owner cannot reveal hidden records either.
    let f = IncidentFilter {
        owner: Some("IDN".into()),
        ..Default::default()
    };
    assert_eq!(
        s.list_incidents_audited(&tha, &f, None, Some(100))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    // Nothing changed.
    assert_eq!(
        s.read_incident_audited(&idn, national.id)
            .await
            .unwrap()
            .version,
        1
    );
}

async fn roles_and_agencies(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "MYS", "RMP", Role::Officer).await;
    let other_agency = principal(s, "MYS", "MMEA", Role::Officer).await;
    let viewer = principal(s, "MYS", "RMP", Role::Viewer).await;
    let analyst = principal(s, "MYS", "RMP", Role::Analyst).await;
    let admin = principal(s, "MYS", "RMP", Role::Admin).await;
    for p in [&viewer, &analyst, &admin] {
        assert!(matches!(
            s.create_incident(p, incident("smuggling", "2024", "national", &[]))
                .await,
            Err(Error::Forbidden(_))
        ));
        assert!(matches!(s.importer(p), Err(Error::Forbidden(_))));
    }
    let created = s
        .create_incident(&officer, incident("smuggling", "2024", "national", &[]))
        .await
        .unwrap();
    for p in [&viewer, &analyst, &admin, &other_agency] {
        assert_eq!(
            s.read_incident_audited(p, created.id).await.unwrap().id,
            created.id
        );
    }
    assert!(matches!(
        s.update_incident(&other_agency, created.id, 1, created.incident.clone())
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.update_incident(&viewer, created.id, 1, created.incident.clone())
            .await,
        Err(Error::Forbidden(_))
    ));
    let mut with_ref = incident("smuggling", "2024", "national", &[]);
    with_ref.external_ref = Some("RMP/1".into());
    s.create_incident(&officer, with_ref.clone()).await.unwrap();
    assert!(matches!(
        s.create_incident(&officer, with_ref.clone()).await,
        Err(Error::DuplicateExternalRef(_))
    ));
    // The same reference in another agency is another agency's case.
    s.create_incident(&other_agency, with_ref).await.unwrap();
}

async fn filters_and_pages(t: TestStore) {
    let s = &t.store;
    let p = principal(s, "THA", "RTP", Role::Officer).await;
    for (n, month) in (1..=9).enumerate() {
        let mut i = incident(
            if n % 3 == 0 {
                "trafficking"
            } else {
                "smuggling"
            },
            &format!("2024-{month:02}-15"),
            "national",
            &[],
        );
        if n % 2 == 0 {
            i.route.transit = vec!["THA".into()];
            i.modes = vec!["land".into()];
            i.tags = vec!["forced_criminality".into()];
            i.narrative = format!("Scam compound near Myawaddy, case {n}");
        }
        s.create_incident(&p, i).await.unwrap();
    }
    let pr = &p;
    let list = |f: IncidentFilter| async move {
        s.list_incidents_audited(pr, &f, None, Some(100))
            .await
            .unwrap()
            .items
    };
    assert_eq!(
        list(IncidentFilter {
            kind: Some("trafficking".into()),
            ..Default::default()
        })
        .await
        .len(),
        3
    );
    assert_eq!(
        list(IncidentFilter {
            country: Some("tha".into()),
            ..Default::default()
        })
        .await
        .len(),
        5
    );
    assert_eq!(
        list(IncidentFilter {
            country: Some("AUS".into()),
            ..Default::default()
        })
        .await
        .len(),
        9
    );
    assert_eq!(
        list(IncidentFilter {
            country: Some("NZL".into()),
            ..Default::default()
        })
        .await
        .len(),
        0
    );
    assert_eq!(
        list(IncidentFilter {
            mode: Some("land".into()),
            tag: Some("forced_criminality".into()),
            ..Default::default()
        })
        .await
        .len(),
        5
    );
    assert_eq!(
        list(IncidentFilter {
            text: Some("MYAWADDY".into()),
            ..Default::default()
        })
        .await
        .len(),
        5
    );
    assert_eq!(
        list(IncidentFilter {
            text: Some("100%".into()),
            ..Default::default()
        })
        .await
        .len(),
        0
    );
    let from = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    let to = chrono::NaiveDate::from_ymd_opt(2024, 5, 31);
    let ranged = list(IncidentFilter {
        from,
        to,
        ..Default::default()
    })
    .await;
    assert_eq!(
        ranged
            .iter()
            .map(|i| i.incident.occurred_on.to_string())
            .collect::<Vec<_>>(),
        ["2024-05-15", "2024-04-15", "2024-03-15"]
    );

    // Pages of 4 walk all 9 in order, without repeats.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = s
            .list_incidents_audited(&p, &IncidentFilter::default(), cursor.as_deref(), Some(4))
            .await
            .unwrap();
        seen.extend(
            page.items
                .iter()
                .map(|i| i.incident.occurred_on.to_string()),
        );
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let expected: Vec<String> = (1..=9).rev().map(|m| format!("2024-{m:02}-15")).collect();
    assert_eq!(seen, expected);
    assert!(matches!(
        s.list_incidents_audited(&p, &IncidentFilter::default(), Some("garbage"), Some(4))
            .await,
        Err(Error::BadRequest(_))
    ));
}

const CSV: &str = "external_ref,kind,occurred_on,place_country,origin,transit,destination,modes,tags,migrants\n\
R-1,smuggling,2024-05,IDN,AFG,MYS;IDN,AUS,sea,sea_crossing,41\n\
R-2,smugling,2024-05,IDN,AFG,,AUS,sea,,12\n\
R-3,trafficking,2024-06-01,THA,MMR,,THA,land,forced_criminality,\n\
R-1,smuggling,2024-05,IDN,AFG,,AUS,sea,,9\n\
,maritime,2024-07,IDN,,,,sea,,\n";

async fn import_csv(
    s: &Store,
    p: &Principal,
    text: &str,
    batch: usize,
) -> lintas_store::ImportReport {
    let today = s.clock().now().date_naive();
    let rows: Vec<_> = read(text.as_bytes(), Format::Csv, today).unwrap().collect();
    let mut importer = s.importer(p).unwrap();
    let mut report = lintas_store::ImportReport::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(batch).collect();
        report.merge(importer.import_batch(chunk).await.unwrap());
    }
    report
}

async fn import_is_idempotent_and_reports_rows(t: TestStore) {
    let s = &t.store;
    let p = principal(s, "IDN", "POLRI", Role::Officer).await;
    let first = import_csv(s, &p, CSV, 2).await;
    assert_eq!((first.outcome.created, first.outcome.invalid), (3, 2));
    let lines: Vec<(u64, &str, &str)> = first
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, "kind", "unknown_code"),
            (5, "external_ref", "duplicate")
        ]
    );

    let again = import_csv(s, &p, CSV, 3).await;
    assert_eq!(
        (
            again.outcome.created,
            again.outcome.unchanged,
            again.outcome.invalid
        ),
        (0, 3, 2)
    );
    let all = s
        .list_incidents_audited(&p, &IncidentFilter::default(), None, Some(100))
        .await
        .unwrap()
        .items;
    assert_eq!(all.len(), 3);

    // A corrected file updates in place and adds the fixed row.
    let fixed = CSV
        .replace("R-2,smugling", "R-2,smuggling")
        .replace(",41\n", ",42\n");
    let third = import_csv(s, &p, &fixed, 100).await;
    assert_eq!(
        (
            third.outcome.created,
            third.outcome.updated,
            third.outcome.unchanged
        ),
        (1, 1, 2)
    );
    let r1 = s
        .list_incidents_audited(
            &p,
            &IncidentFilter {
                text: None,
                ..Default::default()
            },
            None,
            Some(100),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(r1.len(), 4);
    let updated = r1
        .iter()
        .find(|i| i.incident.external_ref.as_deref() == Some("R-1"))
        .unwrap();
    assert_eq!(
        (updated.version, updated.incident.counts.migrants),
        (2, Some(42))
    );
}

async fn import_cannot_touch_another_tenant(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let aus = principal(s, "AUS", "ABF", Role::Officer).await;
    import_csv(s, &idn, CSV, 10).await;
    let before = s
        .list_incidents_audited(&idn, &IncidentFilter::default(), None, Some(100))
        .await
        .unwrap()
        .items;
    // AUS imports a file with the same references: it gets its own incidents.
    let report = import_csv(s, &aus, &CSV.replace(",41\n", ",1\n"), 10).await;
    assert_eq!(report.outcome.created, 3);
    let after = s
        .list_incidents_audited(&idn, &IncidentFilter::default(), None, Some(100))
        .await
        .unwrap()
        .items;
    assert_eq!(
        before.iter().map(|i| (i.id, i.version)).collect::<Vec<_>>(),
        after.iter().map(|i| (i.id, i.version)).collect::<Vec<_>>()
    );
    assert_eq!(
        s.list_incidents_audited(&aus, &IncidentFilter::default(), None, Some(100))
            .await
            .unwrap()
            .items
            .len(),
        3
    );
}

async fn api_keys_authenticate(t: TestStore) {
    let s = &t.store;
    let agency = s.ensure_agency("LKA", "Sri Lanka Navy").await.unwrap();
    assert_eq!(
        s.ensure_agency("LKA", "Sri Lanka Navy").await.unwrap(),
        agency
    );
    assert!(matches!(
        s.ensure_agency("XXX", "Nowhere").await,
        Err(Error::BadRequest(_))
    ));
    let key = s
        .create_api_key(&agency, Role::Analyst, "border system")
        .await
        .unwrap();
    let p = s.authenticate_api_key(&key.token).await.unwrap().unwrap();
    assert_eq!(
        (p.member.as_str(), p.role, p.agency.as_str()),
        ("LKA", Role::Analyst, "Sri Lanka Navy")
    );
    let mut tampered = key.token.clone();
    tampered.pop();
    tampered.push('x');
    assert!(s.authenticate_api_key(&tampered).await.unwrap().is_none());
    assert!(
        s.authenticate_api_key("lintas_nothex__")
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.authenticate_api_key("").await.unwrap().is_none());
}

/// Migration 0005 rebuilds `incidents` and `incident_terms` with integer keys: a database made
/// before it keeps its incidents, their search terms and their ids, and stays writable.
#[tokio::test]
async fn upgrade_to_integer_term_keys_keeps_incidents() {
    use std::str::FromStr;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let id = Uuid::now_v7();
    let old = incident("smuggling", "2024-03-05", "national", &[]);
    {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let mut before = sqlx::migrate!("./migrations/sqlite");
        before.migrations = before
            .migrations
            .iter()
            .filter(|m| m.version < 5)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        before.run(&pool).await.unwrap();
        let agency = Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO agencies (id, member, name, created_at) VALUES (?, 'IDN', 'Police', '2026-01-01T00:00:00Z')")
            .bind(&agency)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO incidents (id, owner, agency_id, kind, occurred_from, occurred_to, sharing, \
             dedup_key, content_hash, search_text, doc, version, created_at, updated_at) \
             VALUES (?, 'IDN', ?, 'smuggling', '2024-03-05', '2024-03-05', 'national', ?, x'00', \
             'wooden boat', ?, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .bind(id.to_string())
        .bind(&agency)
        .bind(format!("id:{id}"))
        .bind(serde_json::to_string(&old).unwrap())
        .execute(&pool)
        .await
        .unwrap();
        for term in ["c:AFG", "c:AUS", "m:sea", "t:sea_crossing"] {
            sqlx::query("INSERT INTO incident_terms (term, incident_id) VALUES (?, ?)")
                .bind(term)
                .bind(id.to_string())
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    }
    let store = Store::connect(&url).await.unwrap();
    let officer = principal(&store, "IDN", "Police", Role::Officer).await;
    let by_country = |c: &str| IncidentFilter {
        country: Some(c.into()),
        ..Default::default()
    };
    let page = store
        .list_incidents_audited(&officer, &by_country("AFG"), None, Some(10))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, id);
    assert!(
        store
            .list_incidents_audited(&officer, &by_country("IRN"), None, Some(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // New incidents get the next integer key; changing the old one rewrites its terms.
    store
        .create_incident(
            &officer,
            incident("smuggling", "2024-04-01", "national", &[]),
        )
        .await
        .unwrap();
    let mut changed = old.clone();
    changed.route.origin = Some("IRN".into());
    store
        .update_incident(&officer, id, 1, changed)
        .await
        .unwrap();
    let afg = store
        .list_incidents_audited(&officer, &by_country("AFG"), None, Some(10))
        .await
        .unwrap();
    assert_eq!(afg.items.len(), 1);
    assert_ne!(afg.items[0].id, id);
    let irn = store
        .list_incidents_audited(&officer, &by_country("IRN"), None, Some(10))
        .await
        .unwrap();
    assert_eq!(irn.items.len(), 1);
    assert_eq!(irn.items[0].id, id);
}
