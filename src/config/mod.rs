//! Configuration: the types ([`types`]), where the file is found and how it
//! is parsed ([`load`]), and the error that names file, line and field
//! ([`error`]). No terminal code here.

pub mod duration;
pub mod error;
pub mod gates;
pub mod load;
pub mod replicate;
pub mod slo;
pub mod sources;
pub mod types;
pub mod updates;

pub use duration::Dur;
pub use error::ConfigError;
pub use load::{Source, find, load, parse};
pub use sources::Sources;
pub use types::{ColorMode, Config, UiConfig};
