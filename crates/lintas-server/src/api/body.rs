//! Shared request/response helpers: JSON bodies whose errors name the field, ETags.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use lintas_model::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// Largest JSON body of a border check (a document or a person with aliases: kilobytes).
pub(crate) const CHECK_BYTES: usize = 64 * 1024;
/// Largest JSON body of one record (an incident with its people, a corridor's polygon).
pub(crate) const RECORD_BYTES: usize = 1024 * 1024;

pub(crate) fn too_large(limit: usize) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "Request body too large",
        Some(format!("this route takes at most {limit} bytes")),
    )
}

/// Reads a request body of at most `limit` bytes. Handlers call it only after the caller's
/// role has been checked, so a refused request is answered without its body being read; a
/// declared or actual size past the limit is a 413, and a body that stops arriving ends with
/// the read timeout (see `lib.rs`).
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> Result<Bytes, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let mut stream = body.into_data_stream();
    let mut buffer = bytes::BytesMut::new();
    while let Some(chunk) = futures_util::StreamExt::next(&mut stream).await {
        let chunk = chunk.map_err(|_| {
            Problem::new(
                StatusCode::REQUEST_TIMEOUT,
                "body-unreadable",
                "Request body not received",
                Some("the body stopped arriving or the connection broke".to_string()),
            )
        })?;
        if buffer.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.freeze())
}

/// [`read_body`] then [`json_body`].
pub(crate) async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> Result<T, Problem> {
    json_body(&read_body(headers, body, limit).await?)
}

/// Parses a JSON body; a type error becomes a 422 naming the field (`vessels[0].mmsi`).
pub(crate) fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        Problem::invalid(vec![FieldError {
            field: if path == "." { String::new() } else { path },
            code: "invalid_json".into(),
            message: e.inner().to_string(),
        }])
    })
}

/// A JSON response carrying the record's version as its ETag.
pub(crate) fn with_version<T: Serialize>(status: StatusCode, version: i64, body: T) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or(HeaderValue::from_static("\"0\""));
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::ETAG, etag);
    response
}

/// What an `If-Match` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precondition {
    /// `"3"` or `W/"3"`: that version must be the current one.
    Version(i64),
    /// `*` (RFC 9110 13.1.1): any current version will do.
    Any,
}

impl Precondition {
    /// The version asserted, if any.
    pub(crate) fn version(self) -> Option<i64> {
        match self {
            Precondition::Version(v) => Some(v),
            Precondition::Any => None,
        }
    }
}

/// The precondition in `If-Match`, if present.
pub(crate) fn if_match(headers: &HeaderMap) -> Result<Option<Precondition>, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(Some(Precondition::Any));
    }
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse()
        .map(|v| Some(Precondition::Version(v)))
        .map_err(|_| {
            Problem::bad_request("If-Match must be `*` or the ETag of the record, e.g. \"3\"")
        })
}

/// 428 for updates sent without `If-Match`.
/// The version an update may replace, decided before its body is read: from `If-Match` (the
/// tag's version, or the current one for `*`), then the role. `current` looks the record up,
/// at most once and only when needed, so a record the caller cannot see is a 404 whatever its
/// role or headers; a visible one without `If-Match` is a 428; a role that may not do
/// `action` is a 403.
pub(crate) async fn writable_version<F>(
    headers: &HeaderMap,
    principal: &lintas_store::Principal,
    action: lintas_model::Action,
    current: F,
) -> Result<i64, Problem>
where
    F: std::future::Future<Output = Result<i64, lintas_store::Error>>,
{
    let precondition = if_match(headers)?;
    let allowed = principal.require(action);
    let found = match (&precondition, &allowed) {
        (Some(Precondition::Version(_)), Ok(())) => None,
        _ => Some(current.await?),
    };
    let version = match (precondition, found) {
        (Some(Precondition::Version(v)), _) => v,
        (Some(Precondition::Any), Some(v)) => v,
        _ => return Err(precondition_required()),
    };
    allowed?;
    Ok(version)
}

pub(crate) fn precondition_required() -> Problem {
    Problem::new(
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
        "If-Match required",
        Some("send the record's ETag in If-Match so concurrent edits are not lost".to_string()),
    )
}
