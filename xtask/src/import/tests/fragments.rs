//! Small pages of our own, imported and snapshotted.
