//! `cargo xtask --help` and each command's `--help` print their usage and succeed; a
//! wrong command line prints the usage and fails with status 2.

use std::process::Command;

/// Exit code, stdout and stderr of `xtask <args>`.
fn xtask(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn help_prints_usage_and_exits_0() {
    let cases: [(&[&str], &str); 7] = [
        (&["--help"], "usage: cargo xtask <command>"),
        (&["-h"], "usage: cargo xtask <command>"),
        (&["help"], "usage: cargo xtask <command>"),
        (&["codegen", "--help"], "usage: cargo xtask codegen [--check]"),
        (&["diff", "--help"], "usage: cargo xtask diff <A> <B>"),
        (&["import", "--help"], "usage: cargo xtask import telegram --from <page.html>"),
        (&["import", "telegram", "-h"], "usage: cargo xtask import telegram --from <page.html>"),
    ];
    for (args, usage) in cases {
        let (code, stdout, _) = xtask(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(stdout.starts_with(usage), "{args:?}: {stdout}");
    }
}

#[test]
fn a_wrong_command_line_prints_usage_and_exits_2() {
    for args in [&[][..], &["frobnicate"], &["codegen", "--chek"], &["diff", "onlyone"]] {
        let (code, stdout, stderr) = xtask(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.contains("usage: cargo xtask"), "{args:?}: {stderr}");
    }
}

#[test]
fn an_unknown_command_is_named() {
    let (code, _, stderr) = xtask(&["frobnicate"]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("cargo xtask: no command `frobnicate`"), "{stderr}");
}
