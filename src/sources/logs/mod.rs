//! Log sources: following files like `tail -F` ([`follow`]), running
//! commands like `kubectl logs -f` ([`command`]), and what is done to each
//! line on the way in: [`line`] makes it safe, [`level`] classifies it,
//! [`pattern`] masks it into an error pattern; [`ingest`] does the three
//! for a source, remembering patterns between lines; [`wake`] wakes a
//! file's tail when the file changes. [`group`] applies the same
//! steps to a whole file (`warroom patterns`).

pub mod command;
pub mod follow;
pub mod group;
pub mod ingest;
pub mod json;
pub mod level;
pub mod line;
pub mod pattern;
pub mod time;
pub mod wake;

pub use level::Level;
