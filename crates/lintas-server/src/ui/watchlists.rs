//! Watchlist pages: the lists the user may see, importing a version of one (through
//! `lintas_app::watchlists::import_watchlist`, as over the API), and one list's versions, the
//! diff between two of them and its entries searched by name.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_model::{Action, Sharing};
use lintas_names::Entry;
use lintas_store::{
    EntryChange, Error, Session, WatchlistDiff, WatchlistImport, WatchlistInfo, WatchlistVersion,
};
use serde::Deserialize;

use super::registry::read_upload;
use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Entries shown at most on a list's page.
const SHOWN: usize = 100;

pub(crate) struct ListRow {
    pub info: WatchlistInfo,
    pub sharing: String,
}

#[derive(Debug, Default)]
pub(crate) struct ImportForm {
    list: String,
    format: String,
    sharing_level: String,
    sharing_states: String,
}

#[derive(Template)]
#[template(path = "watchlists.html")]
struct ListsPage {
    nav: Option<Nav>,
    csrf: String,
    can_open: bool,
    can_import: bool,
    lists: Vec<ListRow>,
    form: ImportForm,
    import_error: Option<String>,
    imported: Option<(WatchlistImport, Option<String>)>,
}

fn sharing_text(s: &Sharing) -> String {
    match s.level.as_str() {
        "bilateral" => format!("bilateral: {}", s.states.join(", ")),
        level => level.to_string(),
    }
}

async fn lists_page(state: &AppState, session: &Session) -> Result<ListsPage, Error> {
    let p = &session.principal;
    let lists = state.store.list_watchlists(p).await?;
    Ok(ListsPage {
        nav: nav(session, "watchlists"),
        csrf: session.csrf.clone(),
        can_open: p.role.may(Action::Check),
        can_import: p.role.may(Action::MaintainCheckData),
        lists: lists
            .into_iter()
            .map(|info| ListRow {
                sharing: sharing_text(&info.sharing),
                info,
            })
            .collect(),
        form: ImportForm {
            sharing_level: "national".into(),
            ..ImportForm::default()
        },
        import_error: None,
        imported: None,
    })
}

/// `GET /watchlists`.
pub(crate) async fn list(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    match lists_page(&state, &session).await {
        Ok(view) => page(StatusCode::OK, &view),
        Err(e) => error_page(&session, e),
    }
}

/// `POST /watchlists/import`: a new version of one of the member's lists.
pub(crate) async fn import(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    mut multipart: Multipart,
) -> Response {
    if let Err(e) = session.principal.require(Action::MaintainCheckData) {
        return error_page(&session, e);
    }
    let (fields, file) = match read_upload(&mut multipart).await {
        Ok(u) => u,
        Err(e) => return error_page(&session, e),
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let form = ImportForm {
        list: get("list"),
        format: get("format"),
        sharing_level: Some(get("sharing_level"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "national".into()),
        sharing_states: get("sharing_states"),
    };
    let sharing = Sharing {
        level: form.sharing_level.clone(),
        states: form
            .sharing_states
            .split([';', ',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let outcome = match file {
        None => Err("Choose the list file to import.".to_string()),
        Some(bytes) => match lintas_app::watchlists::import_watchlist(
            &state.store,
            &session.principal,
            &form.list,
            Some(form.format.as_str()),
            sharing,
            bytes,
        )
        .await
        {
            Ok(report) => Ok(report),
            Err(Error::BadRequest(why)) => Err(format!("The list was not imported: {why}")),
            Err(Error::Invalid(errors)) => Err(format!(
                "The list was not imported: {}",
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            Err(e) => return error_page(&session, e),
        },
    };
    let mut view = match lists_page(&state, &session).await {
        Ok(v) => v,
        Err(e) => return error_page(&session, e),
    };
    match outcome {
        Ok(report) => {
            let id = view
                .lists
                .iter()
                .find(|l| l.info.owner == report.owner && l.info.name == report.list)
                .map(|l| l.info.id.clone());
            view.imported = Some((report, id));
            page(StatusCode::OK, &view)
        }
        Err(why) => {
            view.import_error = Some(why);
            view.form = form;
            page(StatusCode::BAD_REQUEST, &view)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListQuery {
    q: String,
    from: Option<i64>,
    to: Option<i64>,
}

pub(crate) struct EntryRow {
    pub id: String,
    pub name: String,
    pub aliases: String,
    pub birth_dates: String,
    pub nationalities: String,
    pub reason: String,
    pub listed_on: String,
}

fn entry_row(e: Entry) -> EntryRow {
    let mut names = e.names.into_iter();
    EntryRow {
        id: e.id,
        name: names.next().unwrap_or_default(),
        aliases: names.collect::<Vec<_>>().join("; "),
        birth_dates: e
            .birth_dates
            .iter()
            .map(|b| match (b.month, b.day) {
                (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", b.year),
                (Some(m), None) => format!("{:04}-{m:02}", b.year),
                _ => format!("{:04}", b.year),
            })
            .collect::<Vec<_>>()
            .join("; "),
        nationalities: e.nationalities.join("; "),
        reason: e.reason.unwrap_or_default(),
        listed_on: e.listed_on.unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "watchlist.html")]
struct ListPage {
    nav: Option<Nav>,
    list: ListRow,
    versions: Vec<WatchlistVersion>,
    diff: Option<WatchlistDiff>,
    diff_error: Option<String>,
    from: i64,
    to: i64,
    q: String,
    total: usize,
    entries: Vec<EntryRow>,
}

impl ListPage {
    fn fields(&self, c: &EntryChange) -> String {
        c.fields.join(", ")
    }
}

/// `GET /watchlists/{id}`: versions, a diff (`from`, `to`; by default the latest version
/// against the one before) and the entries matching `q`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let p = &session.principal;
    if let Err(e) = p.require(Action::Check) {
        return error_page(&session, e);
    }
    let store = &state.store;
    let (info, versions) =
        match tokio::try_join!(store.watchlist(p, &id), store.watchlist_versions(p, &id)) {
            Ok(r) => r,
            Err(e) => return error_page(&session, e),
        };
    let to = query.to.unwrap_or(info.version);
    let from = query.from.unwrap_or(to - 1);
    let (diff, diff_error) = match store.watchlist_diff(p, &id, from, to).await {
        Ok(d) => (Some(d), None),
        Err(Error::BadRequest(why)) => (None, Some(why)),
        Err(e) => return error_page(&session, e),
    };
    let found = match store
        .search_watchlist_entries(p, &id, &query.q, SHOWN)
        .await
    {
        Ok(f) => f,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "watchlists"),
            list: ListRow {
                sharing: sharing_text(&info.sharing),
                info,
            },
            versions,
            diff,
            diff_error,
            from,
            to,
            q: query.q.trim().to_string(),
            total: found.total,
            entries: found.entries.into_iter().map(entry_row).collect(),
        },
    )
}
