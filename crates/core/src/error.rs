//! Errors with kinds: user faults apart from internal faults.

use std::fmt;

/// What went wrong, in a stable snake_case name (`ErrorKind::code`). The binary maps kinds to
/// exit codes (user faults → 2, internal → 1) and, later, the server to HTTP statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input is malformed or violates a documented constraint (user fault).
    InvalidInput,
    /// A named thing (file, record, watch list) does not exist (user fault).
    NotFound,
    /// A file or format version this build does not understand (user fault).
    Unsupported,
    /// Stored data failed a check (checksum, integrity); not the user's doing.
    Corrupt,
    /// An operating-system I/O failure.
    Io,
    /// A bug.
    Internal,
}

impl ErrorKind {
    /// The stable snake_case name.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
        }
    }

    /// True if and only if the fault lies with the input or the request, not with markwatch.
    pub fn is_user_fault(self) -> bool {
        matches!(
            self,
            ErrorKind::InvalidInput | ErrorKind::NotFound | ErrorKind::Unsupported
        )
    }
}

/// The engine's error: a kind and a message that names what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// Shorthand for an [`ErrorKind::InvalidInput`] error.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, e.to_string())
    }
}

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
