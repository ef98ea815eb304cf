//! Watchlists: importing a version of a list from a file's bytes (API and UI uploads).

use lintas_model::{Action, Sharing};
use lintas_names::lists::{ListFormat, guess_format};
use lintas_store::{Error, Principal, Result, Store, WatchlistImport, parse_watchlist};

/// Imports `body` as the new version of the principal's member's list `list`: `format` is
/// `un`, `ofac`, `ftm` or `csv`, guessed from the content when `None`. A file that cannot be
/// read is a `BadRequest` naming its line and field; a bad list name or sharing is `Invalid`.
pub async fn import_watchlist<B>(
    store: &Store,
    principal: &Principal,
    list: &str,
    format: Option<&str>,
    sharing: Sharing,
    body: B,
) -> Result<WatchlistImport>
where
    B: AsRef<[u8]> + Send + 'static,
{
    principal.require(Action::MaintainCheckData)?;
    let format = match format.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => f.parse::<ListFormat>().map_err(|_| {
            Error::BadRequest(format!("format `{f}`: expected un, ofac, ftm or csv"))
        })?,
        None => guess_format(body.as_ref()).map_err(|e| Error::BadRequest(e.to_string()))?,
    };
    // Parsing is CPU work: keep it off the async workers.
    let entries = tokio::task::spawn_blocking(move || parse_watchlist(body.as_ref(), format))
        .await
        .map_err(|_| Error::BadRequest("the upload could not be parsed".into()))?
        .map_err(|e| Error::BadRequest(format!("the list file: {e}")))?;
    store
        .import_watchlist(principal, list, format.as_str(), sharing, entries)
        .await
}
