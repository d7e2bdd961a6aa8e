//! # markwatch-core
//!
//! The engine behind markwatch: it turns trademark [`Record`]s into cross-script keys and finds
//! marks that an examiner would consider similar, across Japanese and Chinese scripts.
//!
//! Principal types:
//! - [`Record`]: one application or registration, as every reader yields it.
//! - [`Error`] with an [`ErrorKind`]: user faults apart from internal faults.
//! - [`Clock`]: the injected date source for deadline code.
//! - [`Rules`]: maps a match ([`MatchFacts`]) to [`GroundFinding`]s; [`rules::deadlines()`] turns
//!   them and a record's dates into [`Deadline`]s.
//!
//! This crate has no HTTP, SQL or argument-parsing dependency: readers live in
//! `markwatch-ingest`, the store in `markwatch-store`, the CLI in `markwatch`.
//!
//! ```
//! use markwatch_core::{Office, Record};
//! let r = Record::new("CN:61234567", Office::CN, "无印良品");
//! assert_eq!(r.office.code(), "CN");
//! ```

mod clock;
mod error;
mod model;

pub use clock::{Clock, FixedClock};
pub use error::{Error, ErrorKind, Result};
pub use model::{
    Dates, GoodsClass, Language, MarkKind, NiceClass, Office, Party, Record, Source, Status,
    RECORD_FORMAT_VERSION,
};

pub mod normalize;

pub mod applicants;
pub use applicants::{Profile, ProfileConfig, Profiler};

pub mod rules;
pub use rules::{Deadline, DeadlineState, GroundFinding, MatchFacts, Rules, TargetKind};

pub mod goods;
pub mod index;
pub mod registers;
pub mod score;
pub mod watch;
