//! Requests to the HTTP API: in process, through `markwatch::server::app` without a port
//! (`tower::ServiceExt::oneshot`), or over a real socket to a running server (`request`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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

/// One HTTP/1.1 request over a real socket to a server at `addr` (`host:port`), with a bearer
/// `token` when given and a JSON content type; reads the answer to the end and returns the
/// status and the body. The path is written as given (no encoding), for hostile paths.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("not HTTP: {text}"));
    let body = text.split_once("\r\n\r\n").map_or("", |p| p.1).to_string();
    (status, body)
}
