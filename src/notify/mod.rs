//! Telling people: when the next stakeholder update is due ([`cadence`]),
//! posting updates to webhooks with timeout and retry ([`webhook`]), and
//! running runbook actions ([`runbook`]). The timing is pure; posting and
//! running happen on their own tasks and never block the screen.

pub mod cadence;
pub mod runbook;
pub mod webhook;
