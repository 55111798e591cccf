//! Postmortems and handover briefs ([`brief`]): the report as data from the journal ([`model`]), its key
//! times ([`times`]), and rendering to Markdown and JSON ([`render`]). No
//! terminal here.

pub mod brief;
pub mod model;
pub mod render;
pub mod times;

pub use model::{Report, build};
