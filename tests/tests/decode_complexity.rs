//! Decoding work grows linearly with nesting, measured without clocks: by the number of
//! heap allocations a decode makes (every trial of a variant, every buffered replay and
//! every error allocates), counted by an instrumented global allocator.
//!
//! Rich text nested N levels around an object no variant accepts
//! (`{"type":"bold","text":…{"nope":1}}`, alone, as arrays, with alternating variants,
//! and inside an `InputMessageContent`), and the same around a valid string: for N = 1, 2,
//! 4, … 32, work(2N) − work(0) ≤ 2.5 × (work(N) − work(0)) + 64. The depths stop where the
//! first violation is seen, so an exponential decoder fails in a fraction of a second
//! instead of running for hours.
//!
//! Counting bytes read through `from_reader` cannot tell: serde_json reads every byte once
//! whatever the decoder does with it; allocations count what the decoder does.
//!
//! One test in this binary, so no other test allocates while it counts.

use std::alloc::System;

use serde::de::DeserializeOwned;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use tgfamily::telegram::{InputMessageContent, RichText, Update};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The depths compared: each with its double.
const DEPTHS: [usize; 5] = [1, 2, 4, 8, 16];
/// Slack for allocations that do not depend on depth.
const SLACK: usize = 64;

/// Rich text nested `depth` levels of `level` (`@` marks the hole) around `core`.
fn nest(level: impl Fn(usize) -> &'static str, core: &str, depth: usize) -> String {
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(level(i).split_once('@').expect("a hole").0);
    }
    text.push_str(core);
    for i in (0..depth).rev() {
        text.push_str(level(i).split_once('@').expect("a hole").1);
    }
    text
}

/// Allocations made decoding `text` as `T` (the result is dropped outside the count).
fn work<T: DeserializeOwned>(text: &str) -> usize {
    let region = Region::new(GLOBAL);
    let result = serde_json::from_str::<T>(text);
    let allocations = region.change().allocations;
    drop(result);
    allocations
}

/// Allocations by depth, or why the growth is not linear.
type Measured = Result<Vec<(usize, usize)>, String>;

/// A named shape, measured when called.
type Case<'a> = (&'a str, Box<dyn Fn() -> Measured>);

/// One shape: `make(depth)` is its input, decoded as `T`. Checks the linear bound and
/// returns the allocations per depth measured, or the first violation.
fn check<T: DeserializeOwned>(make: &dyn Fn(usize) -> String) -> Measured {
    let base = work::<T>(&make(0));
    let mut seen = vec![(0, base)];
    for depth in DEPTHS {
        let single = work::<T>(&make(depth));
        let double = work::<T>(&make(2 * depth));
        seen.push((depth, single));
        seen.push((2 * depth, double));
        let (single, double) = (single.saturating_sub(base), double.saturating_sub(base));
        if double * 2 > single * 5 + SLACK * 2 {
            return Err(format!(
                "depth {} costs {double} allocations, depth {depth} {single} (above the base {base}): more than 2.5× + {SLACK}; measured so far {seen:?}",
                2 * depth
            ));
        }
    }
    Ok(seen)
}

#[test]
fn decoding_work_grows_linearly_with_nesting() {
    let bold = |_: usize| r#"{"type":"bold","text":@}"#;
    let mixed = |i: usize| {
        if i.is_multiple_of(2) {
            r#"{"type":"italic","text":@}"#
        } else {
            r#"{"type":"bold","text":@}"#
        }
    };
    let array = |_: usize| r#"[{"type":"bold","text":@}]"#;
    let bad = r#"{"nope":1}"#;
    let in_update = |text: String| {
        format!(
            r#"{{"update_id":1,"message":{{"message_id":1,"date":1,"chat":{{"id":1,"type":"private"}},"rich_message":{{"blocks":[{{"type":"paragraph","text":{text}}}]}}}}}}"#
        )
    };
    let in_content =
        |text: String| format!(r#"{{"rich_message":{{"blocks":[{{"type":"paragraph","text":{text}}}]}}}}"#);
    let cases: Vec<Case> = vec![
        (
            "bold around an object no variant takes",
            Box::new(move || check::<RichText>(&|d| nest(bold, bad, d))),
        ),
        ("italic/bold around it", Box::new(move || check::<RichText>(&|d| nest(mixed, bad, d)))),
        ("arrays of bold around it", Box::new(move || check::<RichText>(&|d| nest(array, bad, d)))),
        ("bold around a string", Box::new(move || check::<RichText>(&|d| nest(bold, r#""x""#, d)))),
        ("italic/bold around a string", Box::new(move || check::<RichText>(&|d| nest(mixed, r#""x""#, d)))),
        (
            "in an update, italic/bold around a bad object",
            Box::new(move || check::<Update>(&|d| in_update(nest(mixed, bad, d)))),
        ),
        (
            "in an InputMessageContent, italic/bold around a bad object",
            Box::new(move || check::<InputMessageContent>(&|d| in_content(nest(mixed, bad, d)))),
        ),
    ];
    let mut failures = Vec::new();
    for (name, case) in &cases {
        match case() {
            Ok(seen) => println!("{name}: allocations by depth {seen:?}"),
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} shapes grow faster than linearly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
