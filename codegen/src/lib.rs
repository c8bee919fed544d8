//! Spec loading, validation, resolution and Rust emission for Telegram-family Bot APIs.
//!
//! The flow: [`spec::load`] reads YAML into the [`spec`] model, [`resolve`] checks it and
//! lowers it into the [`ir`], and [`emit`] turns the IR into formatted Rust source files;
//! [`diff`] compares two APIs. `docs/architecture.md` maps the rooms.

pub mod diag;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod names;
pub mod resolve;
pub mod spec;
