//! API errors: a JSON body `{code, message}` and one table from error kinds to HTTP statuses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use markwatch_core::ErrorKind;
use serde::Serialize;

/// An API error: an HTTP status, a stable snake_case code and a message naming what was wrong
/// (file or upload label, line or record, field). Serialized as `{"code", "message"}`.
///
/// A 4xx status means the request was at fault; 5xx only an internal fault (corrupt data,
/// I/O failure, a bug), whose message is logged and replaced by a generic one in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable snake_case code.
    pub code: &'static str,
    /// The message.
    pub message: String,
}

/// The one table from engine error kinds to HTTP statuses; the code is [`ErrorKind::code`].
///
/// | kind | status |
/// |---|---|
/// | `invalid_input` | 400 Bad Request |
/// | `not_found` | 404 Not Found |
/// | `unsupported` | 415 Unsupported Media Type |
/// | `corrupt` | 500 Internal Server Error |
/// | `io` | 500 Internal Server Error |
/// | `internal` | 500 Internal Server Error |
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::Corrupt | ErrorKind::Io | ErrorKind::Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

impl ApiError {
    /// An error with an explicit status and code (the server's own codes: `unauthorized`,
    /// `payload_too_large`, `timeout`, `method_not_allowed`).
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `invalid_input`.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::InvalidInput, message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::NotFound, message)
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 500 `internal`.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::of_kind(ErrorKind::Internal, message)
    }

    /// An error of `kind`, mapped by [`status_of`].
    pub fn of_kind(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError::new(status_of(kind), kind.code(), message)
    }

    /// An error for a rejected request body or query (axum's extractor rejections): 413
    /// `payload_too_large` for an oversized body, 400 `invalid_input` otherwise.
    pub fn rejected(status: StatusCode, message: impl Into<String>) -> ApiError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "payload_too_large", message)
        } else if status.is_client_error() {
            ApiError::new(status, "invalid_input", message)
        } else {
            ApiError::internal(message)
        }
    }
}

impl From<markwatch_core::Error> for ApiError {
    fn from(e: markwatch_core::Error) -> ApiError {
        ApiError::of_kind(e.kind(), e.message())
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = if self.status.is_server_error() {
            // The details of an internal fault are for the operator's log, not the client.
            eprintln!("markwatch serve: internal error: {}", self.message);
            "internal error; see the server log"
        } else {
            self.message.as_str()
        };
        let body = Body {
            code: self.code,
            message,
        };
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_faults_are_4xx_and_internal_faults_5xx() {
        for kind in [
            ErrorKind::InvalidInput,
            ErrorKind::NotFound,
            ErrorKind::Unsupported,
            ErrorKind::Corrupt,
            ErrorKind::Io,
            ErrorKind::Internal,
        ] {
            let status = status_of(kind);
            assert_eq!(
                status.is_client_error(),
                kind.is_user_fault(),
                "{kind:?} → {status}"
            );
            assert_eq!(status.is_server_error(), !kind.is_user_fault());
        }
    }
}
