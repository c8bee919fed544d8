//! The importer's tests: small pages of our own, and the real page against its JSON.
