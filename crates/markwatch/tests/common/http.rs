//! One request to the HTTP API in process, through `markwatch::server::app` without a port
//! (`tower::ServiceExt::oneshot`).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

/// A watch list in the CSV format (two entries, a brand and a GI) for the API tests.
pub const WATCH_CSV: &str = "id,kind,names,owner,country,classes\n\
W-muji,brand,無印良品|MUJI,Ryohin Keikaku,JP,24\n\
W-kobe,gi,神戸ビーフ|神戸牛|Kobe Beef,Kobe Beef Marketing Association,JP,29\n";

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    /// The `Content-Type` header, empty when absent.
    pub content_type: String,
    /// The body.
    pub body: String,
}

impl Reply {
    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends `method uri` with `body`, a bearer `token` and a `content_type` when given, and
/// checks what every reply of the API must be: UTF-8, and never echoing the token.
pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let res = app
        .clone()
        .oneshot(req.body(body.into()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|e| panic!("{uri}: the reply is not UTF-8: {e}"));
    if let Some(t) = token {
        assert!(
            !body.contains(t),
            "{uri}: the token must never be echoed: {body}"
        );
    }
    Reply {
        status,
        content_type,
        body,
    }
}
