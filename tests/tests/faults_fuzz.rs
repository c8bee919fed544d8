//! The fuzz targets' checks on stable: every crashing input the fuzzers found (kept in
//! `fuzz/regressions/<target>/`), and a bounded number of mutations of each seed of
//! `fuzz/corpus/<target>/`, so the properties hold in the ordinary test suite too.

#[path = "../../fuzz/src/checks.rs"]
#[allow(dead_code)] // the library module of the fuzz crate: the test runs it through `TARGETS`
mod checks;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Mutations per seed, and the most time each target's mutations may take.
const MUTATIONS_PER_SEED: usize = 150;
const TIME_PER_TARGET: Duration = Duration::from_secs(4);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted (none when the folder is absent).
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else { return Vec::new() };
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_crashing_input_passes() {
    let mut count = 0;
    for (target, check) in checks::TARGETS {
        for (path, bytes) in inputs("regressions", target) {
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{target} fails again on {}", path.display());
            count += 1;
        }
    }
    println!("{count} regression inputs");
}

/// A small xorshift generator: the same mutations on every run.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `seed` with a few bytes flipped, inserted, removed or replaced by JSON-ish tokens.
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        const TOKENS: [&[u8]; 10] = [
            b"null",
            b"-1",
            b"\"\"",
            b"[]",
            b"{}",
            b"1e999",
            b"9223372036854775808",
            b"\"type\"",
            b":",
            b"\\u0000",
        ];
        let mut bytes = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            let at = self.below(bytes.len() + 1);
            match self.below(4) {
                0 if at < bytes.len() => bytes[at] ^= 1 << self.below(8),
                1 => bytes.insert(at, self.next() as u8),
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {
                    let token = TOKENS[self.below(TOKENS.len())];
                    bytes.splice(at..at, token.iter().copied());
                }
            }
        }
        bytes
    }
}

#[test]
fn seeds_and_their_mutations_pass_every_check() {
    for (target, check) in checks::TARGETS {
        let seeds = inputs("corpus", target);
        assert!(!seeds.is_empty(), "no seeds for {target}");
        let started = Instant::now();
        let mut mutator = Mutator(0x9E37_79B9_7F4A_7C15);
        let mut runs = 0;
        'seeds: for (path, seed) in &seeds {
            check(seed);
            for _ in 0..MUTATIONS_PER_SEED {
                if started.elapsed() > TIME_PER_TARGET {
                    break 'seeds;
                }
                let input = mutator.mutate(seed);
                let outcome = std::panic::catch_unwind(|| check(&input));
                assert!(
                    outcome.is_ok(),
                    "{target} fails on a mutation of {}: {:?}",
                    path.display(),
                    String::from_utf8_lossy(&input)
                );
                runs += 1;
            }
        }
        println!("{target}: {} seeds, {runs} mutations", seeds.len());
    }
}
