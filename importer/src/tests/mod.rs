//! The importer's tests: small pages of our own (snapshotted), and the real page against
//! its machine-readable description, the committed spec and itself.

mod committed;
mod crosscheck;
mod fragments;
mod shared;
mod wordings;
