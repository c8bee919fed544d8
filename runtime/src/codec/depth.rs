//! The nesting budget every decoder shares.
//!
//! A deserializer's own recursion limit (`serde_json` has one of 128 levels) holds only
//! while one deserializer reads the whole input. Buffered values are replayed through
//! fresh deserializers, and other formats have no limit at all, so the budget is kept
//! here instead: a per-thread count of the objects, unions and buffered containers being
//! decoded, raised on entry and lowered on exit. Decoding is synchronous, so a guard is
//! never held across an `.await`.

use std::cell::Cell;

use serde::de;

/// How many objects, unions and buffered containers may be open at once while decoding.
///
/// Legitimate answers nest a few levels (a reply's pinned message, rich text inside rich
/// text); this is far above that, and low enough that the deepest allowed input decodes on
/// a 2 MiB thread stack in an unoptimised build.
pub const MAX_DEPTH: u32 = 96;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// One open level; the level closes when the guard is dropped (also on errors).
pub struct Depth(());

impl Depth {
    /// Opens a level, or fails when [`MAX_DEPTH`] levels are open already.
    #[inline]
    pub fn enter<E: de::Error>() -> Result<Depth, E> {
        DEPTH.with(|depth| {
            let open = depth.get();
            if open >= MAX_DEPTH {
                return Err(E::custom(format_args!("nesting deeper than {MAX_DEPTH} levels")));
            }
            depth.set(open + 1);
            Ok(Depth(()))
        })
    }
}

impl Drop for Depth {
    #[inline]
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Error = serde::de::value::Error;

    #[test]
    fn levels_close_when_guards_drop() {
        let guards: Vec<Depth> =
            (0..MAX_DEPTH).map(|_| Depth::enter::<Error>().expect("within the budget")).collect();
        assert!(Depth::enter::<Error>().is_err(), "one level past the budget is refused");
        drop(guards);
        assert!(Depth::enter::<Error>().is_ok(), "dropped guards give their levels back");
    }
}
