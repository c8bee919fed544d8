//! Peak memory while a server sends an endless body: the client must stop at its body
//! limit, holding no more than the limit (plus buffers).
//!
//! Run: `cargo run --release -p integration --example endless_body [limit_mib]` (Linux:
//! reads `VmRSS` and `VmHWM` from `/proc/self/status`). The fake server runs in a child
//! process (this binary with `serve`), so only the client's memory is measured. Prints
//! the resident memory before the call, the peak after it, and the peak's growth against
//! the limit.

use fake_server::{FakeServer, Fault};

/// A field of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The server's side: prints its base URL, answers every `getUpdates` with an endless
/// body, and exits when its parent closes stdin (or after two minutes).
async fn serve() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.inject_cycle("getUpdates", vec![Some(Fault::Endless)]);
    println!("{}", server.base_url());
    let stdin = tokio::task::spawn_blocking(|| std::io::Read::read(&mut std::io::stdin(), &mut [0u8; 1]));
    let _ = tokio::time::timeout(std::time::Duration::from_secs(120), stdin).await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    if std::env::args().nth(1).as_deref() == Some("serve") {
        runtime.block_on(serve());
        return;
    }
    let limit_mib: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(100);
    let mut child = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .arg("serve")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the server process");
    let mut base_url = String::new();
    let stdout = child.stdout.take().expect("piped");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut base_url).expect("the base URL");
    runtime.block_on(async {
        let client = tgfamily::Client::<tgfamily::telegram::Telegram>::new("123:token")
            .with_base_url(base_url.trim())
            .with_body_limit(limit_mib << 20);
        let bot = tgfamily::telegram::Bot::with_client(client);
        // Warm up the pool and the allocator with one ordinary call.
        bot.get_me().await.expect("getMe");
        let before = status_kib("VmRSS:").expect("Linux /proc");
        let (anon_before, file_before) = (status_kib("RssAnon:"), status_kib("RssFile:"));
        let peak_before = status_kib("VmHWM:").expect("Linux /proc");
        let error = bot.get_updates().await.expect_err("the body is endless");
        let peak = status_kib("VmHWM:").expect("Linux /proc");
        // What is resident after the call, by kind: anonymous (the heap, what the
        // allocator kept of freed blocks) and file-backed (code run for the first time).
        let grown = |now: Option<u64>, then: Option<u64>| now.zip(then).map(|(now, then)| now as f64 / 1024.0 - then as f64 / 1024.0);
        let (anon, file) = (grown(status_kib("RssAnon:"), anon_before), grown(status_kib("RssFile:"), file_before));
        println!("error: {error}");
        println!(
            "limit {limit_mib} MiB: resident before {:.1} MiB (peak {:.1}), peak after {:.1} MiB, growth {:.2} MiB = limit + {:.2} MiB",
            before as f64 / 1024.0,
            peak_before as f64 / 1024.0,
            peak as f64 / 1024.0,
            (peak - before) as f64 / 1024.0,
            (peak - before) as f64 / 1024.0 - limit_mib as f64,
        );
        if let (Some(anon), Some(file)) = (anon, file) {
            println!("resident after the call: anonymous {anon:+.2} MiB, file-backed {file:+.2} MiB");
        }
    });
    drop(child.stdin.take());
    let _ = child.wait();
}
