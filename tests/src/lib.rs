//! Shared helpers for the integration tests, and the generator's fixture bindings.

pub mod examples;
pub mod shared;

/// Bindings generated from `codegen/tests/fixtures/constructs.yaml` (every construct of
/// the spec format), compiled here with warnings denied.
#[deny(warnings)]
#[path = "fixtures/constructs/mod.rs"]
#[rustfmt::skip]
pub mod constructs;

pub mod json_tree;
pub mod rng;
pub mod unknown_fields;
pub mod samples;
pub mod deep;
pub mod minimal;
