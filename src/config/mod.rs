//! Configuration: the types ([`types`]), where the file is found and how it
//! is parsed ([`load`]), and the error that names file, line and field
//! ([`error`]). No terminal code here.

pub mod error;
pub mod load;
pub mod types;

pub use error::ConfigError;
pub use load::{Source, find, load, parse};
pub use types::{ColorMode, Config, UiConfig};
