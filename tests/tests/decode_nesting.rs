//! Every recursive type, nested 10, 100, 1,000 and 100,000 levels, through every decoding
//! path (`from_slice`, `from_str`, `from_reader`, `from_value`, a borrowed `&Value`,
//! polling's `decode_answer`, the webhook's `Incoming::from_raw`), on a thread with a 2 MiB
//! stack: it decodes or fails with an error, never overflows the stack. Depth 10 decodes.
//!
//! Each case runs in its own process (`decode_probe`), so a crash is one failed case in
//! the report, not the end of the test binary.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use integration::deep::{Path, Shape, PATHS};

/// The depths tried.
const DEPTHS: [usize; 4] = [10, 100, 1_000, 100_000];
/// A depth every decoder must take.
const SHALLOW: usize = 10;
/// A guard against a hung probe (it is killed and the case fails), not a speed check.
const HANG_GUARD: Duration = Duration::from_secs(300);

/// Runs the probe; its stdout, or why it did not finish cleanly.
fn probe(shape: Shape, depth: usize, path: Path) -> Result<String, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_decode_probe"))
        .args([shape.name(), &depth.to_string(), path.name()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the probe does not start: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > HANG_GUARD => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {HANG_GUARD:?} (killed)"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for the probe failed: {e}")),
        }
    }
    let output = child.wait_with_output().map_err(|e| format!("the probe's output is lost: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() {
        return Ok(stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().find(|line| line.contains("overflow")).or(stderr.lines().last()).unwrap_or("");
    Err(format!("crashed ({}): {last}", output.status))
}

/// Every path and depth for `shape`; fails listing every case that crashed, and every
/// path where depth 10 did not decode.
fn check(shape: Shape) {
    let mut failures = Vec::new();
    let mut cases = 0;
    for depth in DEPTHS {
        for path in PATHS.into_iter().filter(|path| path.runs_at(depth)) {
            cases += 1;
            let case = format!("{} nested {depth} via {}", shape.name(), path.name());
            match probe(shape, depth, path) {
                Ok(out) if depth == SHALLOW && out != "ok" => {
                    failures.push(format!("{case}: a shallow input must decode, got {out}"));
                }
                Ok(out) => println!("{case}: {out}"),
                Err(why) => failures.push(format!("{case}: {why}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_builders_make_the_same_json_as_text_and_as_value() {
    for shape in integration::deep::SHAPES {
        let text: serde_json::Value = serde_json::from_str(&shape.text(3)).expect("the text is JSON");
        assert_eq!(shape.value(3), text, "{shape:?}");
        let depth = |text: &str| text.bytes().filter(|b| matches!(b, b'{' | b'[')).count();
        assert!(depth(&shape.text(50)) >= 50, "{shape:?} does not nest");
    }
}

#[test]
fn telegram_pinned_message_nests_without_crashing() {
    check(Shape::TelegramPinned);
}

#[test]
fn telegram_reply_to_message_nests_without_crashing() {
    check(Shape::TelegramReply);
}

#[test]
fn rich_text_arrays_nest_without_crashing() {
    check(Shape::RichTextArrays);
}

#[test]
fn rich_text_objects_nest_without_crashing() {
    check(Shape::RichTextBold);
}

#[test]
fn rich_text_of_alternating_variants_nests_without_crashing() {
    check(Shape::RichTextMixed);
}

#[test]
fn rich_blocks_nest_without_crashing() {
    check(Shape::RichBlockQuotes);
}

#[test]
fn potato_reply_to_message_nests_without_crashing() {
    check(Shape::PotatoReply);
}

#[test]
fn cloudchat_reply_to_message_nests_without_crashing() {
    check(Shape::CloudChatReply);
}
