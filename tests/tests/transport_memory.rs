//! How much memory an endless answer body makes the client hold: counted, not timed.
//!
//! A counting global allocator adds up the bytes live on the threads that opted in (the
//! client's: a current-thread runtime runs the call and hyper's connection task on the
//! test's thread); the fake server runs on a runtime of its own, on another thread, so its
//! buffers are not counted. The test asserts that the peak of live heap bytes during the
//! call stays under the body limit + 1 MiB, at three limits, and prints the largest blocks
//! live at the peak and the process's peak resident memory next to it (`VmHWM`, which
//! includes the server's thread and what the allocator keeps of freed blocks: reported,
//! not asserted). A single test in its own binary, so no other test allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};

use fake_server::{FakeServer, Fault, Platform};
use tgfamily::{Client, Error, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const MIB: usize = 1 << 20;

thread_local! {
    /// Whether this thread's allocations are counted.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Blocks at least this large are listed by address while live.
const LISTED_FROM: usize = 16 * 1024;
/// How many large blocks can be listed at once.
const LISTED: usize = 64;

/// The system allocator, counting the live bytes of the counted threads.
struct Counting {
    live: AtomicIsize,
    peak: AtomicIsize,
    /// Guards `blocks` and `at_peak`.
    lock: AtomicBool,
    blocks: [(AtomicUsize, AtomicUsize); LISTED],
    at_peak: [AtomicUsize; LISTED],
}

#[global_allocator]
static ALLOCATOR: Counting = Counting {
    live: AtomicIsize::new(0),
    peak: AtomicIsize::new(0),
    lock: AtomicBool::new(false),
    blocks: [const { (AtomicUsize::new(0), AtomicUsize::new(0)) }; LISTED],
    at_peak: [const { AtomicUsize::new(0) }; LISTED],
};

fn counted() -> bool {
    COUNTED.try_with(Cell::get).unwrap_or(false)
}

impl Counting {
    fn locked<T>(&self, f: impl FnOnce() -> T) -> T {
        while self.lock.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        let result = f();
        self.lock.store(false, Ordering::Release);
        result
    }

    /// Counts `size` more bytes live (`transient` more for the moment of the call) and
    /// keeps the peak, with the large blocks live at it.
    fn grow(&self, size: usize, transient: usize) {
        let live = self.live.fetch_add(size as isize, Ordering::Relaxed) + size as isize;
        let moment = live + transient as isize;
        if moment > self.peak.load(Ordering::Relaxed) {
            self.locked(|| {
                if moment > self.peak.load(Ordering::Relaxed) {
                    self.peak.store(moment, Ordering::Relaxed);
                    for (slot, (_, size)) in self.at_peak.iter().zip(&self.blocks) {
                        slot.store(size.load(Ordering::Relaxed), Ordering::Relaxed);
                    }
                }
            });
        }
    }

    fn list(&self, ptr: *mut u8, size: usize) {
        if size >= LISTED_FROM {
            self.locked(|| {
                if let Some((address, block)) =
                    self.blocks.iter().find(|(address, _)| address.load(Ordering::Relaxed) == 0)
                {
                    address.store(ptr as usize, Ordering::Relaxed);
                    block.store(size, Ordering::Relaxed);
                }
            });
        }
    }

    fn unlist(&self, ptr: *mut u8, size: usize) {
        if size >= LISTED_FROM {
            self.locked(|| {
                if let Some((address, block)) =
                    self.blocks.iter().find(|(address, _)| address.load(Ordering::Relaxed) == ptr as usize)
                {
                    address.store(0, Ordering::Relaxed);
                    block.store(0, Ordering::Relaxed);
                }
            });
        }
    }
}

// SAFETY: every call is passed on to the system allocator unchanged; the counting around
// it allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, passed on.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && counted() {
            self.grow(layout.size(), 0);
            self.list(ptr, layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if counted() {
            self.live.fetch_sub(layout.size() as isize, Ordering::Relaxed);
            self.unlist(ptr, layout.size());
        }
        // SAFETY: the caller's block and layout, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's block, layout and size, passed on.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() && counted() {
            let old = layout.size();
            self.unlist(ptr, old);
            // A block that moved was copied: both were live for a moment (counted so,
            // even when the system moved it by remapping pages).
            let transient = if moved == ptr { 0 } else { old.min(new_size) };
            if new_size >= old {
                self.grow(new_size - old, transient);
            } else {
                self.live.fetch_sub((old - new_size) as isize, Ordering::Relaxed);
            }
            self.list(moved, new_size);
        }
        moved
    }
}

/// A field of `/proc/self/status`, in KiB (Linux).
fn status_kib(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What one endless answer cost the client.
struct Cost {
    /// The peak of live heap bytes during the call, over those live before it.
    peak_heap: usize,
    /// The largest blocks live at that peak, largest first.
    blocks_at_peak: Vec<usize>,
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
        let base = ALLOCATOR.live.load(Ordering::Relaxed);
        ALLOCATOR.peak.store(base, Ordering::Relaxed);
        COUNTED.set(true);
        let error = bot.get_updates().await.expect_err("the body is endless");
        COUNTED.set(false);
        assert!(matches!(error, Error::TooLarge { method: "getUpdates", limit: l } if l == limit), "{error:?}");
        let peak = ALLOCATOR.peak.load(Ordering::Relaxed);
        let mut blocks_at_peak: Vec<usize> = ALLOCATOR
            .at_peak
            .iter()
            .map(|size| size.load(Ordering::Relaxed))
            .filter(|size| *size > 0)
            .collect();
        blocks_at_peak.sort_unstable_by(|a, b| b.cmp(a));
        let peak_rss_kib = rss_before.zip(status_kib("VmHWM:")).map(|(before, peak)| peak.saturating_sub(before));
        Cost { peak_heap: usize::try_from(peak - base).unwrap_or(0), blocks_at_peak, peak_rss_kib }
    })
}

#[test]
fn an_endless_body_holds_at_most_the_limit_and_one_mib() {
    // The server's own runtime and thread: nothing it allocates is counted.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = server_runtime.block_on(FakeServer::start_for(Platform::Telegram));
    server.inject_cycle("getUpdates", vec![Some(Fault::Endless)]);
    for limit in [MIB, 16 * MIB, 100 * MIB] {
        let cost = endless_answer_cost(&server, limit);
        let over = cost.peak_heap as f64 / MIB as f64 - (limit / MIB) as f64;
        let blocks: Vec<String> = cost.blocks_at_peak.iter().map(|size| format!("{} KiB", size / 1024)).collect();
        let rss = cost.peak_rss_kib.map_or("unknown".to_owned(), |kib| {
            format!("+{:.2} MiB (limit + {:.2} MiB)", kib as f64 / 1024.0, kib as f64 / 1024.0 - (limit / MIB) as f64)
        });
        println!(
            "limit {} MiB: peak live heap +{} bytes = limit + {over:.3} MiB; blocks >= 16 KiB at the peak: [{}]; peak RSS {rss}",
            limit / MIB,
            cost.peak_heap,
            blocks.join(", ")
        );
        assert!(cost.peak_heap <= limit + MIB, "limit {limit}: {} bytes live at the peak", cost.peak_heap);
    }
}
