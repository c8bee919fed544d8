//! `cargo xtask diff` as a command: sides given as platform names, paths and git
//! revisions, the formats, and diff(1)'s exit status (0 equal, 1 different, 2 error).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fixture spec's path.
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/diff").join(name)
}

/// What a run of `xtask diff <args>` in `dir` gave: exit code, stdout, stderr.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn diff(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_spec_against_itself_reports_nothing_and_exits_0() {
    for platform in ["potato", "cloudchat", "telegram"] {
        let run = diff(&root(), &[platform, platform]);
        assert_eq!(run.code, Some(0), "{platform}: {}", run.stderr);
        assert!(run.stdout.ends_with("no differences\n"), "{}", run.stdout);
    }
    let run = diff(&root(), &["potato", "spec/potato.yaml", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["equal"], true);
}

#[test]
fn different_specs_exit_1_in_every_format() {
    let run = diff(&root(), &["potato", "cloudchat"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.starts_with("spec/potato.yaml (potato) → spec/cloudchat.yaml (cloudchat)\n"));
    assert!(!run.stdout.contains('\x1b'), "no colour when not on a terminal");

    let run = diff(&root(), &["potato", "cloudchat", "--format", "markdown"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.starts_with("# potato → cloudchat\n"), "{}", run.stdout);

    let run = diff(&root(), &["--format", "json", "potato", "telegram"]);
    assert_eq!(run.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["equal"], false);
    assert_eq!(json["b"]["platform"], "telegram");
}

#[test]
fn errors_exit_2_with_a_message() {
    let broken = fixture("broken.yaml");
    let cases: [(&[&str], &str); 6] = [
        (&["potato"], "expected two specs"),
        (&["potato", "cloudchat", "--format", "html"], "unknown format `html`"),
        (&["potato", "nosuchplatform"], "`nosuchplatform` is neither a file nor a platform"),
        (&["potato", "no/such/spec.yaml"], "no/such/spec.yaml: no such file"),
        (&["potato", broken.to_str().expect("UTF-8 path")], "broken.yaml:10:14: unknown type `Usr`"),
        (&["potato", "potato", "--colour"], "unknown option `--colour`"),
    ];
    for (args, message) in cases {
        let run = diff(&root(), args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

/// A scratch git repository whose two commits hold the methods fixture's sides (and the
/// broken spec) as `spec.yaml`; `None` (after saying why) without git.
fn repository() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-git-revisions");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=diff test",
                "-c",
                "user.email=diff@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(&dir)
            .output()
            .map(|output| {
                assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr))
            })
    };
    if git(&["init", "--quiet"]).is_err() {
        eprintln!("skipped: git is not installed");
        return None;
    }
    for (side, message) in [("methods/a.yaml", "A"), ("methods/b.yaml", "B"), ("broken.yaml", "broken")] {
        std::fs::copy(fixture(side), dir.join("spec.yaml")).expect("copy the fixture");
        git(&["add", "spec.yaml"]).expect("git add");
        git(&["commit", "--quiet", "-m", message]).expect("git commit");
    }
    Some(dir)
}

#[test]
fn sides_can_be_git_revisions() {
    let Some(repo) = repository() else { return };
    let run = diff(&repo, &["HEAD~2:spec.yaml", "HEAD~1:spec.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.starts_with("HEAD~2:spec.yaml (alpha) → HEAD~1:spec.yaml (beta)\n"), "{}", run.stdout);
    assert!(run.stdout.contains("delHook → deleteHook (lined up by link)"), "{}", run.stdout);

    let b = fixture("methods/b.yaml");
    let run = diff(&repo, &["HEAD~1:spec.yaml", b.to_str().expect("UTF-8 path")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let run = diff(&repo, &["HEAD~2:spec.yaml", "HEAD:spec.yaml"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("error: HEAD:spec.yaml:10:14: unknown type `Usr`"), "{}", run.stderr);

    for (side, message) in
        [("nosuchrev:spec.yaml", "git show nosuchrev:spec.yaml failed"), ("HEAD:gone.yaml", "gone.yaml")]
    {
        let run = diff(&repo, &[side, "HEAD~1:spec.yaml"]);
        assert_eq!(run.code, Some(2), "{side}");
        assert!(run.stderr.contains(message), "{side}: {}", run.stderr);
    }
}
