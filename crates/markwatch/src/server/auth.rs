//! API tokens: random, shown once, stored as SHA-256 hashes; and the request check.
//!
//! A token is `mw_` followed by 64 lower-case hex digits (32 random bytes from the operating
//! system). The store keeps only the hex SHA-256 of the whole token string, so a copy of the
//! database does not reveal a usable token. Requests carry it as `Authorization: Bearer <token>`.
//! Neither the token nor the header is ever logged or echoed.

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::{ApiError, SharedState};

/// The prefix of every token, so that a leaked one is recognisable in a scan.
pub const TOKEN_PREFIX: &str = "mw_";

/// A new random token. Fails only if the operating system has no randomness to give.
pub fn generate_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let mut s = String::with_capacity(TOKEN_PREFIX.len() + 64);
    s.push_str(TOKEN_PREFIX);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    Ok(s)
}

/// The lower-case hex SHA-256 of `token`: what the store keeps.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who made a request: the name of the token presented, inserted into the request's
/// extensions by [`require_token`] when a valid token was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's name (recorded as the reviewer of an alert).
    pub name: String,
}

/// Middleware on `/api`: a request that presents a token must present a valid one; a write
/// (any method but GET and HEAD) always needs one; a read needs one unless the server runs
/// with `--public-read`. `/api/openapi.json` is always public.
pub async fn require_token(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    // The layer sits on the router nested at `/api`, which sees paths without that prefix.
    let public = req.uri().path() == "/openapi.json" || (is_read && state.public_read);
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().ok().and_then(|s| s.strip_prefix("Bearer ")));
    match presented {
        None if public => next.run(req).await,
        None => ApiError::unauthorized(
            "this request needs an API token: send `Authorization: Bearer <token>` \
             (create one with `markwatch token create`)",
        )
        .into_response(),
        Some(None) => ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
            .into_response(),
        Some(Some(token)) => {
            let hash = hash_token(token.trim());
            let found = {
                let store = state.store.lock().unwrap_or_else(|p| p.into_inner());
                store.token_by_hash(&hash)
            };
            match found {
                Ok(Some(info)) => {
                    req.extensions_mut().insert(Caller { name: info.name });
                    next.run(req).await
                }
                Ok(None) => ApiError::unauthorized("unknown API token").into_response(),
                Err(e) => ApiError::from(e).into_response(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = generate_token().unwrap();
        let b = generate_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
        // SHA-256 of "abc", from FIPS 180-2.
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
