//! Shared helpers for the integration tests, and the generator's fixture bindings.

pub mod examples;
pub mod shared;

/// Bindings generated from `codegen/tests/fixtures/constructs.yaml` (every construct of
/// the spec format), compiled here with warnings denied.
#[deny(warnings)]
#[path = "fixtures/constructs/mod.rs"]
#[rustfmt::skip]
pub mod constructs;

pub mod deep;
pub mod json_tree;
pub mod minimal;
pub mod rng;
pub mod samples;
pub mod unknown_fields;
