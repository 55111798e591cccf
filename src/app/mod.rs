//! The application: messages and effects ([`msg`]), the state the screen
//! shows ([`state`]), the pure [`update`], the `:` command line
//! ([`command`]), evidence capture ([`capture`]), the background tasks that feed the loop ([`tasks`],
//! [`journal_thread`]) and the loop itself ([`run`]).

pub mod capture;
pub mod command;
pub mod help;
pub mod journal_thread;
pub mod msg;
pub mod pace;
pub mod replay;
pub mod run;
pub mod state;
pub mod tasks;
pub mod update;

pub use msg::{Effect, Msg};
pub use state::State;
pub use update::update;

#[cfg(test)]
mod tests;
