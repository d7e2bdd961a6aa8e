//! The web UI: one page, one script, one style sheet, embedded in the binary so that nothing
//! is fetched from elsewhere at run time. The page talks to the JSON API with the token the
//! user logs in with (kept in `sessionStorage`).

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use sha2::{Digest, Sha256};

use super::SharedState;
use crate::report::html;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

/// Strict: the page loads only its own script and style, and connects only to its origin.
/// One exception: the inline style sheet of the evidence reports ([`html::CSS`]), allowed by
/// its SHA-256 alone, because the finding view shows a report in a sandboxed `srcdoc` frame,
/// which inherits this policy.
static CSP: LazyLock<String> = LazyLock::new(|| {
    let hash = crate::base64::encode(&Sha256::digest(html::CSS.as_bytes()));
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-{hash}'; \
         connect-src 'self'; img-src 'self' data:; font-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
});

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP.as_str()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
}

/// The UI routes: `/`, `/app.js`, `/style.css`.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
}
