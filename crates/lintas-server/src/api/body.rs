//! Shared request/response helpers: JSON bodies whose errors name the field, ETags.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use lintas_model::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

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

/// The version in `If-Match` (`"3"` or `W/"3"`), if present.
pub(crate) fn if_match(headers: &HeaderMap) -> Result<Option<i64>, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse()
        .map(Some)
        .map_err(|_| Problem::bad_request("If-Match must be the ETag of the record, e.g. \"3\""))
}

/// 428 for updates sent without `If-Match`.
pub(crate) fn precondition_required() -> Problem {
    Problem::new(
        StatusCode::PRECONDITION_REQUIRED,
        "precondition-required",
        "If-Match required",
        Some("send the record's ETag in If-Match so concurrent edits are not lost".to_string()),
    )
}
