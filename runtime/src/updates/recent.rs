//! The update ids (or, for updates without a readable id, the hashes of their bytes) seen
//! lately, to drop an update a server sends twice.

use std::collections::{HashSet, VecDeque};
use std::hash::Hash;

/// How many ids are remembered: far more than one answer holds (Telegram's at most 100),
/// few enough to stay small over months.
const REMEMBERED: usize = 4096;

/// The last [`REMEMBERED`] keys seen.
#[derive(Debug)]
pub(crate) struct Recent<T> {
    ids: HashSet<T>,
    order: VecDeque<T>,
}

/// The last update ids seen.
pub(crate) type RecentIds = Recent<i64>;

impl<T> Default for Recent<T> {
    fn default() -> Recent<T> {
        Recent { ids: HashSet::new(), order: VecDeque::new() }
    }
}

impl<T: Hash + Eq + Copy> Recent<T> {
    /// Remembers `id`; `false` when it was seen lately.
    pub(crate) fn insert(&mut self, id: T) -> bool {
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_a_bounded_window() {
        let mut recent = RecentIds::default();
        assert!(recent.insert(1));
        assert!(!recent.insert(1));
        for id in 2..=REMEMBERED as i64 + 1 {
            assert!(recent.insert(id));
        }
        assert_eq!(recent.ids.len(), REMEMBERED);
        assert!(recent.insert(1), "the oldest id was forgotten");
    }
}
