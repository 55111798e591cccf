//! The journal: one JSON-lines file per incident, the incident's single
//! source of truth. Entries are appended under an advisory lock and fsync'd
//! ([`append`]), read back whole ([`replay`]) or as they arrive ([`follow`]).
//! [`dir`] finds and creates incidents; [`presence`] tells which operators
//! have the incident open; [`owner`] warns when someone unexpected could
//! rewrite a journal; [`share`] makes a directory one user's or a group's
//! and explains a denied access; [`rescue`] keeps entries that could not be
//! written when the dashboard leaves. No terminal code here.

pub mod append;
pub mod dir;
pub mod follow;
pub mod owner;
pub mod presence;
pub mod replay;
pub mod rescue;
pub mod share;

pub use append::append;
pub use dir::{IncidentDir, Loaded};
pub use follow::{Follower, Poll};
pub use replay::{Chunk, parse_lines};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot write journal {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot use incident directory {path}: {source}")]
    Dir { path: PathBuf, source: std::io::Error },
    #[error("no incident {0} in {1}")]
    NoSuchIncident(String, PathBuf),
    #[error("journal {0} does not start with a declaration")]
    NotDeclared(PathBuf),
}
