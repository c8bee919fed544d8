//! Shared helpers for the integration tests.

pub mod examples;
pub mod shared;
