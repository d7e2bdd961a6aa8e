//! `markwatch serve`: the HTTP API and the web UI over one store and one register (one index
//! or its shards, [`crate::register`]).
//!
//! [`app`] builds the axum [`Router`] over an [`AppState`]; tests call it directly with
//! `tower::ServiceExt::oneshot`, the binary hands it to [`serve`] with a TCP listener.
//!
//! | route | method | auth | what |
//! |---|---|---|---|
//! | `/` , `/app.js`, `/style.css` | GET | none | the web UI (embedded) |
//! | `/api/openapi.json` | GET | none | the OpenAPI 3 document |
//! | `/api/search?q=&class=&top=` | GET | read | register marks most similar to `q` |
//! | `/api/screen?format=&name=` | POST | write | screen a batch against every watch list, store it |
//! | `/api/watchlists` | GET, POST | read, write | list, create |
//! | `/api/watchlists/{id}` | GET, PUT, DELETE | read, write, write | one watch list |
//! | `/api/alerts?state=` | GET | read | alerts, most urgent first |
//! | `/api/alerts/{id}` | GET | read | one alert with its review history |
//! | `/api/alerts.csv?state=` | GET | read | the alerts as docketing CSV (`markwatch report --format csv`) |
//! | `/api/alerts/{id}/report` | GET | read | the alert's HTML evidence report (`markwatch report`) |
//! | `/api/alerts/{id}/review` | POST | write | set the review state |
//! | `/api/applicants/{name}` | GET | read | an applicant group's profile and indicators |
//!
//! With `--gazette-dir`, files dropped in a directory are screened as they arrive
//! ([`gazette`]).
//!
//! "read" needs a token unless [`AppState::public_read`]; "write" always needs one (see
//! [`auth`]). Every error is JSON `{code, message}` ([`ApiError`]). Request bodies are limited
//! to [`AppState::body_limit`] bytes (413 beyond) and requests to
//! [`AppState::request_timeout`] (503 `timeout` beyond). The access log on stderr has the
//! method, the path (without the query), the status and the time taken; never a header.

mod api;
pub mod auth;
mod error;
pub mod gazette;
mod web;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use markwatch_core::index::IndexBuilder;
use markwatch_core::normalize::Normalizer;
use markwatch_core::{Clock, Error};
use markwatch_store::Store;

use crate::register::{entry_of, in_memory, Register};

pub use error::{status_of, ApiError};

/// The default request body limit: 32 MiB, enough for a gazette batch of some 50,000 filings.
pub const DEFAULT_BODY_LIMIT: usize = 32 << 20;

/// The default request timeout: 60 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The wall clock the server stamps alerts and reviews with, injected so tests fix it.
pub trait WallClock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn unix_seconds(&self) -> i64;
}

/// A wall clock stopped at one instant, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedWallClock(pub i64);

impl WallClock for FixedWallClock {
    fn unix_seconds(&self) -> i64 {
        self.0
    }
}

/// The operating system's clock: the one wall-clock read in markwatch.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl WallClock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the injected clock's production implementation
    fn unix_seconds(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}

/// Adapts a [`WallClock`] to the engine's date [`Clock`] (UTC dates).
struct DateOf<'a>(&'a dyn WallClock);

impl Clock for DateOf<'_> {
    fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp(self.0.unix_seconds(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }
}

/// Everything the handlers share.
pub struct AppState {
    /// The database: tokens, watch lists, alerts (and the records, for a register built at
    /// start-up). One connection behind a mutex: every statement is short.
    pub store: Mutex<Store>,
    /// The register searched by `/api/search` (one index or shards); `None` answers 404
    /// `not_found`.
    pub register: Option<Register>,
    /// True if and only if reads need no token.
    pub public_read: bool,
    /// Stamps alerts and reviews; its UTC date is "today" for deadlines.
    pub clock: Arc<dyn WallClock>,
    /// The screening threshold (default [`markwatch_core::index::DEFAULT_THRESHOLD`]).
    pub threshold: f32,
    /// The largest request body accepted, in bytes (default [`DEFAULT_BODY_LIMIT`]).
    pub body_limit: usize,
    /// The longest a request may take (default [`DEFAULT_TIMEOUT`]).
    pub request_timeout: Duration,
    /// Whether to print the access log on stderr (default true).
    pub access_log: bool,
}

/// The state as the router holds it.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// A state over `store` with no register, reads needing a token, and the defaults above.
    pub fn new(store: Store, clock: Arc<dyn WallClock>) -> AppState {
        AppState {
            store: Mutex::new(store),
            register: None,
            public_read: false,
            clock,
            threshold: markwatch_core::index::DEFAULT_THRESHOLD,
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: DEFAULT_TIMEOUT,
            access_log: true,
        }
    }

    /// Locks the store. A panic while it was held leaves SQLite consistent (every write is
    /// one transaction), so a poisoned lock is taken over rather than propagated.
    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn today(&self) -> NaiveDate {
        DateOf(self.clock.as_ref()).today()
    }
}

/// The router: the API under `/api` and the web UI at `/`, with the body limit, the timeout
/// and the access log applied to every route.
pub fn app(state: SharedState) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(api::openapi))
        .route("/search", get(api::search))
        .route("/screen", post(api::screen))
        .route(
            "/watchlists",
            get(api::list_watchlists).post(api::create_watchlist),
        )
        .route(
            "/watchlists/{id}",
            get(api::get_watchlist)
                .put(api::replace_watchlist)
                .delete(api::delete_watchlist),
        )
        .route("/alerts", get(api::list_alerts))
        .route("/alerts.csv", get(api::alerts_csv))
        .route("/alerts/{id}", get(api::get_alert))
        .route("/alerts/{id}/report", get(api::alert_report))
        .route("/alerts/{id}/review", post(api::review_alert))
        .route("/applicants/{name}", get(api::applicant))
        .fallback(api::no_route)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ));
    Router::new()
        .nest("/api", api)
        .merge(web::routes())
        .fallback(api::no_route)
        .layer(DefaultBodyLimit::max(state.body_limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            timeout_and_log,
        ))
        .with_state(state)
}

async fn timeout_and_log(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = match tokio::time::timeout(state.request_timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s",
                state.request_timeout.as_secs_f32()
            ),
        )
        .into_response(),
    };
    if state.access_log {
        eprintln!(
            "{method} {path} {} {:.1}ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    response
}

/// Serves `app(state)` on `listener` until Ctrl-C or SIGTERM, then finishes the requests in
/// flight and returns. With `gazette_dir`, also watches that directory
/// ([`gazette::watch_gazette_dir`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: SharedState,
    gazette_dir: Option<std::path::PathBuf>,
) -> std::io::Result<()> {
    if let Some(dir) = gazette_dir {
        tokio::spawn(gazette::watch_gazette_dir(
            state.clone(),
            dir,
            gazette::GAZETTE_POLL,
        ));
    }
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("markwatch serve: shutting down");
}

/// Indexes every record of `store` in memory; `None` if the store has no records.
pub fn index_store(store: &Store) -> Result<Option<Register>, Error> {
    let mut builder = IndexBuilder::new(Normalizer::global());
    for r in store.records() {
        builder.add(entry_of(&r?));
    }
    if builder.is_empty() {
        return Ok(None);
    }
    Ok(Some(Register::from(in_memory(&builder)?)))
}
