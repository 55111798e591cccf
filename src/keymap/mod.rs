//! Key bindings as data: [`action`] names what a key can do, [`table`] is
//! the one list of bindings (which also draws `?` help and the hint bar),
//! [`lookup`] maps a key in a scope to its action, and [`phase`] names
//! the keys each phase of an incident needs first.

pub mod action;
pub mod lookup;
pub mod phase;
pub mod table;

pub use action::Action;
pub use lookup::{key_label, lookup};
pub use table::{BINDINGS, Binding, Scope};
