//! Border checks in the browser's HTML: the check forms posted as a browser posts them (a
//! scanned MRZ with CR LF line breaks, typed fields, a name), on both backends. The result
//! screens show the verdict, the MRZ findings, the registry hit with its reporting state and
//! the watchlist match; every check writes its audit event.

use crate::on_both_backends;
use crate::support::{self, Server};

use lintas_model::Role;
use lintas_model::registry::RegistryEntry;
use lintas_store::{AuditFilter, NewSession, Principal, SessionPolicy};
use reqwest::StatusCode;

const PASSWORD: &str = "checks ui passphrase";
/// The ICAO 9303 specimen passport, as a keyboard-wedge scanner types it: CR LF after each
/// line and a stray space.
const SPECIMEN: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< \r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n";

pub struct Ui {
    pub server: Server,
    pub session: NewSession,
    /// The logged-in user's actor id, as the audit log records it.
    pub actor: String,
}

impl Ui {
    /// A server with a logged-in user `name` of IDN with `role`.
    pub async fn start(server: Server, name: &str, role: Role) -> Ui {
        support::user(&server.store, "IDN", "Imigrasi", name, role, PASSWORD).await;
        let session = server
            .store
            .login(name, PASSWORD, None, None)
            .await
            .unwrap()
            .unwrap();
        let actor = server
            .store
            .session(&session.token, SessionPolicy::default())
            .await
            .unwrap()
            .unwrap()
            .principal
            .actor;
        Ui {
            server,
            session,
            actor,
        }
    }

    fn cookie(&self) -> String {
        format!("{}={}", lintas_server::SESSION_COOKIE, self.session.token)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let resp = self
            .server
            .client
            .get(format!("{}{path}", self.server.base))
            .header("cookie", self.cookie())
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    /// Posts `form` (plus the CSRF token) as a browser does.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &self.session.csrf));
        let resp = self
            .server
            .client
            .post(format!("{}{path}", self.server.base))
            .header("cookie", self.cookie())
            .form(&fields)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    /// Posts a multipart form with one file, as the import forms do.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: &str,
    ) -> (StatusCode, String) {
        let mut form = reqwest::multipart::Form::new().text("csrf", self.session.csrf.clone());
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("upload.csv"),
        );
        let resp = self
            .server
            .client
            .post(format!("{}{path}", self.server.base))
            .header("cookie", self.cookie())
            .multipart(form)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    /// A principal of IDN's agency with `role`, for setting up data and reading the audit log.
    pub async fn principal(&self, role: Role) -> Principal {
        let agency = self
            .server
            .store
            .ensure_agency("IDN", "Imigrasi")
            .await
            .unwrap();
        Principal::local("setup", &agency, role)
    }

    /// Audit events of `action` by the logged-in user.
    pub async fn audited(&self, action: &str) -> usize {
        let admin = self.principal(Role::Admin).await;
        self.server
            .store
            .audit_events(
                &admin,
                &AuditFilter {
                    action: Some(action.into()),
                    actor: Some(self.actor.clone()),
                    ..AuditFilter::default()
                },
                500,
            )
            .await
            .unwrap()
            .len()
    }
}

/// The element `<{tag} … id="{id}" …>…</{tag}>` (its first closing tag), to assert within it.
pub fn element<'a>(html: &'a str, tag: &str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the page:\n{html}"));
    let start = html[..at].rfind(&format!("<{tag}")).unwrap_or(at);
    let rest = &html[start..];
    let end = rest
        .find(&format!("</{tag}>"))
        .map_or(rest.len(), |e| e + tag.len() + 3);
    &rest[..end]
}

async fn specimen_stolen_and_listed(s: Server) {
    let ui = Ui::start(s, "putu", Role::Officer).await;
    let officer = ui.principal(Role::Officer).await;
    let store = &ui.server.store;

    // Before anything is reported or listed, the specimen is not clear: it is a specimen
    // (UTO) and expired in 2012 — high-severity indicators.
    let (status, html) = ui
        .post("/checks/document", &[("source", "mrz"), ("mrz", SPECIMEN)])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let verdict = element(&html, "div", "verdict");
    assert!(verdict.contains("verdict-alert"), "{verdict}");
    assert!(verdict.contains("high-severity"), "{verdict}");
    assert!(!verdict.contains("registry"), "{verdict}");
    assert!(html.contains("No lost/stolen report"), "{html}");

    // IDN reports the specimen's number stolen; IDN keeps a list naming its holder.
    let entry: RegistryEntry = serde_json::from_value(serde_json::json!({
        "issuing_state": "UTO", "document_number": "L898902C3", "status": "stolen",
        "reported_on": "2026-10-14", "note": "Call Imigrasi Kupang",
        "sharing": {"level": "national"}
    }))
    .unwrap();
    store.register_document(&officer, entry).await.unwrap();
    let entries = lintas_store::parse_watchlist(
        b"id,name,birth_dates,nationalities\nIDN-7,Anna Maria Eriksson,1974-08-12,UTO\n",
        "csv".parse().unwrap(),
    )
    .unwrap();
    store
        .import_watchlist(
            &officer,
            "IDN national",
            "csv",
            serde_json::from_value(serde_json::json!({"level": "national"})).unwrap(),
            entries,
        )
        .await
        .unwrap();

    let before = ui.audited("check.document").await;
    let (status, html) = ui
        .post("/checks/document", &[("source", "mrz"), ("mrz", SPECIMEN)])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(ui.audited("check.document").await, before + 1);

    let verdict = element(&html, "div", "verdict");
    assert!(verdict.contains("verdict-alert"), "{verdict}");
    assert!(verdict.contains("Alert"), "{verdict}");
    assert!(
        verdict.contains("lost/stolen registry (1 report)"),
        "{verdict}"
    );
    assert!(verdict.contains("watchlist (1 match)"), "{verdict}");

    // The registry hit names the reporting state and what to do.
    let hits = element(&html, "table", "registry-hits");
    assert!(hits.contains("<td>IDN</td>"), "{hits}");
    assert!(hits.contains("Stolen"), "{hits}");
    assert!(hits.contains("2026-10-14"), "{hits}");
    assert!(hits.contains("Call Imigrasi Kupang"), "{hits}");

    // The watchlist match with its list, entry, score and reasons.
    let matches = element(&html, "table", "watchlist-matches");
    assert!(matches.contains("IDN national"), "{matches}");
    assert!(matches.contains("IDN-7"), "{matches}");
    assert!(matches.contains("Anna Maria Eriksson"), "{matches}");

    // The MRZ findings: every field read and valid, every check digit matching.
    let fields = element(&html, "table", "mrz-fields");
    for value in [
        "ERIKSSON",
        "ANNA MARIA",
        "L898902C3",
        "1974-08-12",
        "UTO (Utopia",
    ] {
        assert!(fields.contains(value), "{value} in {fields}");
    }
    assert!(!fields.contains("✗ invalid"), "{fields}");
    let digits = element(&html, "table", "check-digits");
    for name in ["document_number", "birth_date", "expiry_date", "composite"] {
        assert!(digits.contains(name), "{name} in {digits}");
    }
    assert!(!digits.contains("does not match"), "{digits}");
    let indicators = element(&html, "table", "indicators");
    assert!(indicators.contains("specimen_code"), "{indicators}");
    assert!(indicators.contains("expired"), "{indicators}");
    assert!(indicators.contains("registry_hit"), "{indicators}");

    // A misread check digit (the composite 0 read as 8) is an invalid MRZ, shown per field.
    let misread = SPECIMEN.replace("<<<<<10", "<<<<<18");
    let (status, html) = ui
        .post("/checks/document", &[("source", "mrz"), ("mrz", &misread)])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let digits = element(&html, "table", "check-digits");
    assert!(digits.contains("✗ does not match"), "{digits}");
    let findings = element(&html, "table", "findings");
    assert!(findings.contains("composite"), "{findings}");
    assert!(findings.contains("check_digit"), "{findings}");

    // The same holder by name, spelled another way: the person check finds the listing.
    let before = ui.audited("check.person").await;
    let (status, html) = ui
        .post(
            "/checks/person",
            &[
                ("name", "Ana Maria Erikson"),
                ("birth_date", "1974"),
                ("nationality", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(ui.audited("check.person").await, before + 1);
    let verdict = element(&html, "div", "verdict");
    assert!(verdict.contains("verdict-alert"), "{verdict}");
    let matches = element(&html, "table", "watchlist-matches");
    assert!(matches.contains("IDN-7"), "{matches}");
    assert!(matches.contains("IDN national"), "{matches}");
    // The typed name stays in the form for a second try.
    assert!(html.contains(r#"value="Ana Maria Erikson""#), "{html}");
}

async fn typed_fields_clear_and_bad_input_named(s: Server) {
    let ui = Ui::start(s, "wayan", Role::Viewer).await;

    // A valid New Zealand passport typed from its data page: clear.
    let (status, html) = ui
        .post(
            "/checks/document",
            &[
                ("source", "fields"),
                ("document_number", "LA123456"),
                ("issuing_state", "nzl"),
                ("nationality", "NZL"),
                ("surname", "Tane"),
                ("given_names", "Aroha"),
                ("birth_date", "1990-05-01"),
                ("expiry_date", "2030-01-01"),
                ("sex", "F"),
                ("format", "TD3"),
                ("document_code", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let verdict = element(&html, "div", "verdict");
    assert!(verdict.contains("verdict-clear"), "{verdict}");
    assert!(verdict.contains("Clear"), "{verdict}");
    assert!(element(&html, "table", "mrz-fields").contains("TANE"));
    assert_eq!(ui.audited("check.document").await, 1);

    // Nothing pasted: the form says what is missing and no check runs.
    let (status, html) = ui
        .post("/checks/document", &[("source", "mrz"), ("mrz", " \r\n ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="mrz-error""#), "{html}");
    // One line is not an MRZ: the engine's reason is shown beside the text area, which keeps
    // what was pasted.
    let (status, html) = ui
        .post(
            "/checks/document",
            &[("source", "mrz"), ("mrz", "P<UTOERIKSSON<<ANNA")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(element(&html, "p", "mrz-error").contains("line"), "{html}");
    assert!(
        html.contains("P&#60;UTOERIKSSON&#60;&#60;ANNA</textarea>"),
        "{html}"
    );
    // Typed fields with a missing number and a bad date: both named at once, values kept.
    let (status, html) = ui
        .post(
            "/checks/document",
            &[
                ("source", "fields"),
                ("issuing_state", "IDN"),
                ("nationality", "IDN"),
                ("birth_date", "1988-02-30"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="f-document_number-error""#), "{html}");
    assert!(html.contains(r#"id="f-birth_date-error""#), "{html}");
    assert!(html.contains(r#"value="1988-02-30""#), "{html}");
    // The folded typed-fields form opens to show its errors.
    assert!(html.contains("<details open>"), "{html}");
    // A person check needs a name.
    let (status, html) = ui.post("/checks/person", &[("name", " ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="p-name-error""#), "{html}");
    // None of the refused inputs was a check: the log holds the one check that ran.
    assert_eq!(ui.audited("check.document").await, 1);
    assert_eq!(ui.audited("check.person").await, 0);
}

on_both_backends! {
    a_stolen_and_listed_specimen_alerts_with_its_findings => specimen_stolen_and_listed;
    typed_fields_come_back_clear_and_bad_input_is_named => typed_fields_clear_and_bad_input_named;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_get_the_app_styled_404_and_the_favicon_is_served() {
    let ui = Ui::start(Server::start().await, "made", Role::Officer).await;
    let (status, html) = ui.get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"), "{html}");
    assert!(
        html.contains(r#"href="/checks""#),
        "the navigation is there: {html}"
    );
    assert!(html.contains(r#"rel="icon" href="/assets/favicon.svg""#));
    // Anonymous visitors get the same page without the navigation; API clients a problem.
    let resp = ui
        .server
        .client
        .get(format!("{}/nothing-here", ui.server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(resp.text().await.unwrap().contains("Page not found"));
    let resp = ui
        .server
        .client
        .get(format!("{}/api/v1/nothing-here", ui.server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let resp = ui
        .server
        .client
        .get(format!("{}/assets/favicon.svg", ui.server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert!(resp.text().await.unwrap().starts_with("<svg"));
}

async fn registry_page_reports_imports_and_searches(s: Server) {
    let ui = Ui::start(s, "komang", Role::Officer).await;

    // Report one document: Post/Redirect/Get to the search for its number.
    let (status, html) = ui
        .post(
            "/registry",
            &[
                ("issuing_state", "idn"),
                ("document_number", "c4x-813 27"),
                ("status", "stolen"),
                ("reported_on", "2026-10-14"),
                ("note", "Call Imigrasi Kupang"),
                ("sharing_level", "regional"),
            ],
        )
        .await;
    // reqwest follows the redirect: the page shows the stored, normalised report.
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("is now in the registry"), "{html}");
    let table = element(&html, "table", "registry");
    assert!(table.contains("IDN C4X81327"), "{table}");
    assert!(table.contains("Call Imigrasi Kupang"), "{table}");

    // Every problem of a bad report at once, beside its field, the typed values kept.
    let (status, html) = ui
        .post(
            "/registry",
            &[
                ("issuing_state", "XQZ"),
                ("document_number", "A1"),
                ("status", "misplaced"),
                ("reported_on", "2026-10-14"),
                ("sharing_level", "national"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains(r#"id="r-issuing_state-error""#), "{html}");
    assert!(html.contains(r#"id="r-status-error""#), "{html}");
    assert!(html.contains(r#"value="XQZ""#), "{html}");

    // A CSV with one good and one bad row: the good one is stored, the bad one listed.
    let before = ui.audited("registry.import").await;
    let (status, html) = ui
        .upload(
            "/registry/import",
            &[],
            "issuing_state,document_number,status,reported_on\nIDN,B7654321,lost,2026-10-20\nIDN,B7654322,vanished,2026-10-21\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("1 created, 0 updated, 0 unchanged, 1 invalid rows."),
        "{html}"
    );
    let errors = element(&html, "table", "import-errors");
    assert!(errors.contains("<td>3</td><td>status</td>"), "{errors}");
    assert!(errors.contains("vanished"), "{errors}");
    assert_eq!(ui.audited("registry.import").await, before + 1);
    // A file with an unknown column is refused whole, with the reason.
    let (status, html) = ui
        .upload("/registry/import", &[], "issuing_state,number\nIDN,1\n")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(
        element(&html, "p", "import-error").contains("number"),
        "{html}"
    );

    // Search by number in another spelling finds it; the beginning of a number finds both Bs.
    let (_, html) = ui.get("/registry?q=b-765%204321").await;
    let table = element(&html, "table", "registry");
    assert!(
        table.contains("B7654321") && !table.contains("C4X81327"),
        "{table}"
    );
    let (_, html) = ui.get("/registry?q=b76").await;
    assert!(element(&html, "table", "registry").contains("B7654321"));

    // The reported document, checked on the check page, is a registry hit.
    let (_, html) = ui
        .post(
            "/checks/document",
            &[
                ("source", "fields"),
                ("document_number", "C4X81327"),
                ("issuing_state", "IDN"),
                ("nationality", "IDN"),
                ("surname", "Setiawan"),
                ("given_names", "Budi"),
                ("birth_date", "1988-04-12"),
                ("expiry_date", "2031-06-30"),
                ("sex", "M"),
            ],
        )
        .await;
    assert!(element(&html, "div", "verdict").contains("verdict-alert"));
    assert!(element(&html, "table", "registry-hits").contains("Stolen"));
}

async fn watchlist_pages_import_versions_and_diff(s: Server) {
    let ui = Ui::start(s, "ketut", Role::Officer).await;
    let v1 = "id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on\n\
              IDN-1,Abdul Wahid Rahimi,,1975,AFG,male,,person,smuggling facilitator,2025-01-02\n\
              IDN-2,Reza Karimi,,1980,IRN,male,,person,document fraud,2025-02-03\n";
    let (status, html) = ui
        .upload(
            "/watchlists/import",
            &[
                ("list", "IDN national"),
                ("format", "csv"),
                ("sharing_level", "national"),
            ],
            v1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let result = element(&html, "div", "import-result");
    assert!(result.contains("version 1: 2 entries; 2 added"), "{result}");
    // Version 2: one delisted, one with a new alias, one new.
    let v2 = "id,name,aliases,birth_dates,nationalities,gender,identifiers,kind,reason,listed_on\n\
              IDN-1,Abdul Wahid Rahimi,Abdulwahid Rahimi,1975,AFG,male,,person,smuggling facilitator,2025-01-02\n\
              IDN-3,Siti Aminah,,1990,IDN,female,,person,recruiter,2026-11-01\n";
    let (status, html) = ui
        .upload(
            "/watchlists/import",
            &[
                ("list", "IDN national"),
                ("format", ""),
                ("sharing_level", "national"),
            ],
            v2,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let result = element(&html, "div", "import-result");
    assert!(
        result.contains("version 2: 2 entries; 1 added, 1 changed, 1 removed"),
        "{result}"
    );
    let at = result.find("href=\"/watchlists/").unwrap() + 6;
    let link = result[at..].split('#').next().unwrap().to_string();

    // The list's page: both versions, and version 2 against 1 by default.
    let (status, html) = ui.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let versions = element(&html, "table", "versions");
    assert!(versions.contains("against version 1"), "{versions}");
    assert!(element(&html, "table", "diff-added").contains("Siti Aminah"));
    assert!(element(&html, "table", "diff-removed").contains("Reza Karimi"));
    let changed = element(&html, "table", "diff-changed");
    assert!(
        changed.contains("IDN-1") && changed.contains("names"),
        "{changed}"
    );
    // Entries searched by an alias, in another case.
    let (_, html) = ui.get(&format!("{link}?q=ABDULWAHID")).await;
    let entries = element(&html, "table", "entries");
    assert!(
        entries.contains("IDN-1") && !entries.contains("IDN-3"),
        "{entries}"
    );
    // From version 0: everything on version 2 is added.
    let (_, html) = ui.get(&format!("{link}?from=0&to=2")).await;
    let added = element(&html, "table", "diff-added");
    assert!(
        added.contains("IDN-1") && added.contains("IDN-3"),
        "{added}"
    );
    assert!(ui.audited("watchlist.read").await >= 3);

    // A malformed file is refused with its line named.
    let (status, html) = ui
        .upload(
            "/watchlists/import",
            &[("list", "IDN national"), ("format", "csv")],
            "id,name\nIDN-9\n",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(
        element(&html, "p", "import-error").contains("line"),
        "{html}"
    );
}

on_both_backends! {
    the_registry_page_reports_imports_and_searches => registry_page_reports_imports_and_searches;
    watchlist_pages_import_versions_and_show_the_diff => watchlist_pages_import_versions_and_diff;
}
