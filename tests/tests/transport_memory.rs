//! How much memory an endless answer body makes the client hold: counted, not timed.
//!
//! `dhat`'s global allocator keeps the peak of live heap bytes among the blocks allocated
//! while its profiler runs; the profiler runs for exactly one `getUpdates` call whose body
//! never ends, after a first call opened the connection (so blocks that existed before,
//! and were freed during the call, do not lower the count). The fake server runs in this
//! process on a thread of its own; its few blocks of the call (the request it reads, the
//! 64 KiB chunk it writes again and again) are counted too, against the client. The test
//! asserts that the peak stays under the body limit + 1 MiB at three limits, and prints
//! the peak, the largest blocks and the process's peak resident memory (`VmHWM` after
//! resetting it, Linux; it includes what the allocator keeps of freed blocks: reported,
//! not asserted). A single test in its own binary, so no other test allocates meanwhile.

use fake_server::{FakeServer, Fault};
use tgfamily::{Client, Error, RetryPolicy};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const MIB: usize = 1 << 20;

/// A field of `/proc/self/status`, in KiB (Linux).
fn status_kib(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What one endless answer cost the client.
struct Cost {
    /// The peak of live heap bytes allocated during the call.
    peak_heap: usize,
    /// How many blocks were allocated during the call, and how many bytes in all.
    blocks: u64,
    total_bytes: u64,
    /// The growth of the process's peak resident memory, in KiB, when Linux reports it.
    peak_rss_kib: Option<usize>,
}

fn endless_answer_cost(server: &FakeServer, limit: usize) -> Cost {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let client = Client::<tgfamily::telegram::Telegram>::new(TOKEN)
            .with_base_url(server.base_url())
            .with_retry(RetryPolicy::none())
            .with_body_limit(limit);
        let bot = tgfamily::telegram::Bot::with_client(client);
        // The pool's connection and its buffers exist before the count starts.
        bot.get_me().await.expect("getMe");
        let rss_before = status_kib("VmRSS:");
        // Resets VmHWM to the current resident size (Linux 4.0+); without it the growth
        // is measured against the earlier peak, which can only understate it.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let profiler = dhat::Profiler::builder().testing().build();
        let error = bot.get_updates().await.expect_err("the body is endless");
        let stats = dhat::HeapStats::get();
        drop(profiler);
        assert!(
            matches!(error, Error::TooLarge { method: "getUpdates", limit: l } if l == limit),
            "{error:?}"
        );
        let peak_rss_kib =
            rss_before.zip(status_kib("VmHWM:")).map(|(before, peak)| peak.saturating_sub(before));
        Cost {
            peak_heap: stats.max_bytes,
            blocks: stats.total_blocks,
            total_bytes: stats.total_bytes,
            peak_rss_kib,
        }
    })
}

#[test]
fn an_endless_body_holds_at_most_the_limit_and_one_mib() {
    // The server's own runtime and thread.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = server_runtime.block_on(FakeServer::start_for(&tgfamily::telegram::PROFILE));
    server.inject_cycle("getUpdates", vec![Some(Fault::Endless)]);
    for limit in [MIB, 16 * MIB, 100 * MIB] {
        let cost = endless_answer_cost(&server, limit);
        let mib = |bytes: f64| bytes / MIB as f64;
        let rss = cost.peak_rss_kib.map_or("unknown".to_owned(), |kib| {
            format!(
                "+{:.2} MiB = limit + {:.2} MiB",
                kib as f64 / 1024.0,
                kib as f64 / 1024.0 - mib(limit as f64)
            )
        });
        println!(
            "limit {} MiB: peak live heap {} bytes = limit + {:.3} MiB ({} blocks, {:.1} MiB allocated in all); peak RSS {rss}",
            limit / MIB,
            cost.peak_heap,
            mib(cost.peak_heap as f64) - mib(limit as f64),
            cost.blocks,
            mib(cost.total_bytes as f64),
        );
        assert!(cost.peak_heap <= limit + MIB, "limit {limit}: {} bytes live at the peak", cost.peak_heap);
    }
}
