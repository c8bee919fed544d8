//! The fuzz targets' checks, as a library the targets link (`src/checks.rs`).

pub mod checks;
