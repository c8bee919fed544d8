//! Spec loading, validation, resolution and Rust emission for Telegram-family Bot APIs.
//!
//! The flow: [`load`] reads YAML into the [`spec`] model, [`resolve`] checks it and lowers
//! it into the [`ir`], and [`emit`] turns the IR into formatted Rust source files; [`diff`]
//! compares two APIs.

pub mod diag;
pub mod diff;
pub mod emit;
pub mod error_catalogue;
pub mod ir;
pub mod load;
pub mod names;
pub mod resolve;
pub mod rules;
pub mod spec;
pub mod spec_yaml;
pub mod typeexpr;
