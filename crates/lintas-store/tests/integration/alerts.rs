//! Trend alerts on the versioned-record core, on both backends: raising is idempotent, the
//! review workflow and its audit events, tenancy (another member neither sees nor moves an
//! alert), and the signal line list (only what the viewer may see, only the alert's stratum).

use lintas_model::Role;
use lintas_model::alerts::{AlertFinding, AlertState, AlertTransition};
use lintas_store::{AlertFilter, Error};

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    alerts_are_raised_once => alerts_are_raised_once;
    alert_review_moves_and_is_audited => alert_review_moves_and_is_audited;
    alerts_stay_with_their_member => alerts_stay_with_their_member;
    alert_line_list_shows_the_visible_incidents_of_its_stratum => alert_line_list_shows_the_visible_incidents_of_its_stratum;
}

fn finding(series: &str, period: &str) -> AlertFinding {
    let (y, m) = period.split_once('-').unwrap();
    let last = match m {
        "02" => 28,
        "04" | "06" | "09" | "11" => 30,
        _ => 31,
    };
    serde_json::from_value(serde_json::json!({
        "scope": "incidents|month|member,kind|",
        "series": series,
        "strata": series.split('/').collect::<Vec<_>>(),
        "period": period,
        "period_start": format!("{y}-{m}-01"),
        "period_end": format!("{y}-{m}-{last}"),
        "observed": 14, "expected": 4.5, "upper": 9.0, "method": "farrington",
        "baseline_from": "2022-09", "baseline_to": "2025-04",
        "score": 1.8, "p_value": 0.0004, "alarm": true, "alarm_fdr": true,
        "reason": "4.2 years of history (b = 3)"
    }))
    .unwrap()
}

async fn alerts_are_raised_once(t: TestStore) {
    let s = &t.store;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    let first = vec![
        finding("IDN/smuggling", "2026-08"),
        finding("MYS/smuggling", "2026-08"),
    ];
    let r = s.raise_alerts(&rso, &first).await.unwrap();
    assert_eq!((r.raised, r.already), (2, 0));
    // A re-run with one more alarm raises only that one.
    let mut again = first.clone();
    again.push(finding("IDN/smuggling", "2026-09"));
    let r = s.raise_alerts(&rso, &again).await.unwrap();
    assert_eq!((r.raised, r.already), (1, 2));
    let page = s
        .list_alerts(&rso, &AlertFilter::default(), None, None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    // Newest period first, every field as raised.
    assert_eq!(page.items[0].finding, finding("IDN/smuggling", "2026-09"));
    assert!(page.items.iter().all(|a| a.state == AlertState::New));
    assert!(
        page.items
            .iter()
            .all(|a| a.owner == "RSO" && a.version == 1)
    );
    // Another member's run of the same series is its own alert.
    let idn = principal(s, "IDN", "POLRI", Role::Analyst).await;
    let r = s.raise_alerts(&idn, &first).await.unwrap();
    assert_eq!((r.raised, r.already), (2, 0));
    // Paging.
    let one = s
        .list_alerts(&rso, &AlertFilter::default(), Some(2), None)
        .await
        .unwrap();
    assert_eq!(one.items.len(), 2);
    let rest = s
        .list_alerts(
            &rso,
            &AlertFilter::default(),
            Some(2),
            one.next_cursor.as_deref(),
        )
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next_cursor.is_none());
    // A viewer may not raise or read alerts.
    let viewer = principal(s, "RSO", "Regional Support Office", Role::Viewer).await;
    assert!(matches!(
        s.raise_alerts(&viewer, &first).await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.list_alerts(&viewer, &AlertFilter::default(), None, None)
            .await,
        Err(Error::Forbidden(_))
    ));
}

async fn alert_review_moves_and_is_audited(t: TestStore) {
    let s = &t.store;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    // Another agency of the same member reviews too (the raising one may be the daily run).
    let colleague = principal(s, "RSO", "Trend detection", Role::RegionalAnalyst).await;
    s.raise_alerts(&colleague, &[finding("IDN/smuggling", "2026-08")])
        .await
        .unwrap();
    let a = s
        .list_alerts(&rso, &AlertFilter::default(), None, None)
        .await
        .unwrap()
        .items
        .remove(0);
    let to = |to: AlertState, reason: &str| AlertTransition {
        to,
        reason: reason.into(),
    };
    // Deciding needs review first, and a reason.
    let err = s
        .transition_alert(&rso, a.id, None, to(AlertState::Confirmed, "surge"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(e) if e[0].field == "to"),
        "{err:?}"
    );
    let a = s
        .transition_alert(&rso, a.id, Some(1), to(AlertState::UnderReview, ""))
        .await
        .unwrap();
    assert_eq!((a.state, a.version), (AlertState::UnderReview, 2));
    let err = s
        .transition_alert(&rso, a.id, None, to(AlertState::Confirmed, "  "))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(e) if e[0].field == "reason"),
        "{err:?}"
    );
    // A stale version is refused.
    assert!(matches!(
        s.transition_alert(&rso, a.id, Some(1), to(AlertState::Confirmed, "x"))
            .await,
        Err(Error::VersionConflict { current: 2 })
    ));
    let a = s
        .transition_alert(
            &rso,
            a.id,
            Some(2),
            to(
                AlertState::Confirmed,
                "boats from Lombok confirmed by BAKAMLA",
            ),
        )
        .await
        .unwrap();
    assert_eq!(a.state, AlertState::Confirmed);
    assert_eq!(
        a.state_reason.as_deref(),
        Some("boats from Lombok confirmed by BAKAMLA")
    );
    // Confirmed periods are what later baselines leave out.
    let confirmed = s
        .confirmed_periods(&rso, "incidents|month|member,kind|")
        .await
        .unwrap();
    assert_eq!(
        confirmed.get("IDN/smuggling").cloned(),
        Some(vec!["2026-08".to_string()])
    );
    // Filters by state.
    let open = AlertFilter {
        states: vec![AlertState::New, AlertState::UnderReview],
        ..Default::default()
    };
    assert!(
        s.list_alerts(&rso, &open, None, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // Raising the same alarm again leaves the review alone.
    let r = s
        .raise_alerts(&rso, &[finding("IDN/smuggling", "2026-08")])
        .await
        .unwrap();
    assert_eq!(r.already, 1);
    assert_eq!(
        s.get_alert(&rso, a.id).await.unwrap().state,
        AlertState::Confirmed
    );
    // Every move is in the audit log, committed with it.
    let moves: i64 = t
        .raw_text(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_events WHERE action = 'alert.transition' AND record_id = '{}'",
            a.id
        ))
        .await
        .parse()
        .unwrap();
    assert_eq!(moves, 2);
    let raised: i64 = t
        .raw_text(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_events WHERE action = 'alert.create'",
        )
        .await
        .parse()
        .unwrap();
    assert_eq!(raised, 1);
}

async fn alerts_stay_with_their_member(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Analyst).await;
    let tha = principal(s, "THA", "Royal Thai Police", Role::Admin).await;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    s.raise_alerts(&idn, &[finding("IDN/smuggling", "2026-08")])
        .await
        .unwrap();
    let a = s
        .list_alerts(&idn, &AlertFilter::default(), None, None)
        .await
        .unwrap()
        .items
        .remove(0);
    for other in [&tha, &rso] {
        assert!(matches!(
            s.get_alert(other, a.id).await,
            Err(Error::NotFound)
        ));
        assert!(
            s.list_alerts(other, &AlertFilter::default(), None, None)
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert!(matches!(
            s.transition_alert(
                other,
                a.id,
                None,
                AlertTransition {
                    to: AlertState::UnderReview,
                    reason: String::new()
                }
            )
            .await,
            Err(Error::NotFound)
        ));
    }
    // Same member, a role without trends.
    let officer = principal(s, "IDN", "POLRI", Role::Officer).await;
    assert!(matches!(
        s.get_alert(&officer, a.id).await,
        Err(Error::Forbidden(_))
    ));
}

fn incident(kind: &str, day: &str, sharing: &str) -> lintas_model::Incident {
    serde_json::from_value(serde_json::json!({
        "kind": kind,
        "occurred_on": day,
        "place": {"country": "IDN"},
        "route": {"origin": "AFG", "transit": ["MYS"], "destination": "AUS"},
        "persons": [{"family_name": "Ahmadzai", "given_names": "Farid", "role": "migrant", "nationality": "AFG"}],
        "narrative": "alert line list",
        "sharing": {"level": sharing}
    }))
    .unwrap()
}

async fn alert_line_list_shows_the_visible_incidents_of_its_stratum(t: TestStore) {
    let s = &t.store;
    let officer = principal(s, "IDN", "POLRI", Role::Officer).await;
    let rso = principal(s, "RSO", "Regional Support Office", Role::RegionalAnalyst).await;
    let mut regional = Vec::new();
    for day in ["2026-08-03", "2026-08-19", "2026-08-31"] {
        regional.push(
            s.create_incident(&officer, incident("smuggling", day, "regional"))
                .await
                .unwrap()
                .id,
        );
    }
    // Not in the list: national (the RSO may not see it), another kind, another month, a
    // date known only to the month (not in weekly bins; here monthly, so it counts).
    s.create_incident(&officer, incident("smuggling", "2026-08-10", "national"))
        .await
        .unwrap();
    s.create_incident(&officer, incident("trafficking", "2026-08-10", "regional"))
        .await
        .unwrap();
    s.create_incident(&officer, incident("smuggling", "2026-09-01", "regional"))
        .await
        .unwrap();
    regional.push(
        s.create_incident(&officer, incident("smuggling", "2026-08", "regional"))
            .await
            .unwrap()
            .id,
    );
    s.raise_alerts(&rso, &[finding("IDN/smuggling", "2026-08")])
        .await
        .unwrap();
    let a = s
        .list_alerts(&rso, &AlertFilter::default(), None, None)
        .await
        .unwrap()
        .items
        .remove(0);
    let list = s.alert_incidents(&rso, &a).await.unwrap();
    let mut got: Vec<_> = list.incidents.iter().map(|i| i.id).collect();
    got.sort();
    regional.sort();
    assert_eq!(got, regional);
    assert_eq!(list.not_shown, 14 - 4);
    assert!(
        list.incidents
            .iter()
            .all(|i| i.route == ["AFG", "MYS", "AUS"])
    );
    let routes = s.alert_routes(&rso, &a).await.unwrap();
    assert_eq!(
        routes,
        vec![(vec!["AFG".to_string(), "MYS".into(), "AUS".into()], 4)]
    );
    // The list view is audited, naming the person-bearing incidents shown.
    let listed: i64 = t
        .raw_text(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_events WHERE action = 'incident.list'",
        )
        .await
        .parse()
        .unwrap();
    assert_eq!(listed, 1);
}
