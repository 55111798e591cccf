//! Service level objectives: the SLI's counters over time ([`history`]),
//! the error-budget and burn-rate math ([`math`], documented in
//! docs/slo.md), and the severity the signals suggest ([`suggest`]). Pure
//! code: no terminal, no I/O.

pub mod history;
pub mod math;
pub mod suggest;
