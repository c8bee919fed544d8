//! A bot that saves the documents users send, against the fake server: by `file_id`
//! (getFile, then a streamed download) into any `AsyncWrite` and to a path, never
//! holding the file (a 200 MB download grows peak memory by less than 16 MB) nor a URL
//! with the token.

use std::pin::Pin;
use std::task::{Context, Poll};

use fake_server::{file_byte, FakeServer, Reply};
use serde_json::json;
use tgfamily::telegram::{Bot, Telegram};
use tgfamily::Client;
use tokio::io::AsyncWrite;

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const BIG: u64 = 200 * 1024 * 1024;

/// A writer that checks every byte against the server's pattern and keeps none.
#[derive(Default)]
struct Checker {
    offset: u64,
    mismatches: u64,
}

impl AsyncWrite for Checker {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        for &byte in buf {
            if byte != file_byte(self.offset) {
                self.mismatches += 1;
            }
            self.offset += 1;
        }
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A field of /proc/self/status in KiB (Linux), `None` elsewhere.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn get_file_answer(file_id: &str, path: &str, size: u64) -> Reply {
    Reply::ok(json!({"file_id": file_id, "file_unique_id": "u1", "file_size": size, "file_path": path}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mb_document_streams_through_bounded_memory() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.expect_token(TOKEN);
    let bot = Bot::with_client(
        Client::<Telegram>::new(TOKEN)
            .with_base_url(server.base_url())
            .with_timeout(std::time::Duration::from_secs(600)),
    );
    server.serve_file("documents/file_7.bin", BIG);
    server.reply("getFile", get_file_answer("BQACAgIAAxk", "documents/file_7.bin", BIG));
    let before = status_kib("VmRSS:");
    let mut checker = Checker::default();
    let written = bot.client().download_file_id_to("BQACAgIAAxk", &mut checker).await.expect("downloaded");
    assert_eq!((written, checker.offset, checker.mismatches), (BIG, BIG, 0));
    if let (Some(before), Some(peak)) = (before, status_kib("VmHWM:")) {
        let growth_mib = peak.saturating_sub(before) / 1024;
        println!(
            "200 MB download: peak RSS {} MiB -> {} MiB (+{growth_mib} MiB)",
            before / 1024,
            peak / 1024
        );
        assert!(growth_mib < 16, "peak RSS grew by {growth_mib} MiB");
    }
    // The server records the API call and the download (issue 21: it recorded only the call).
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, [format!("/bot{TOKEN}/getFile"), format!("/file/bot{TOKEN}/documents/file_7.bin")]);
}

#[tokio::test]
async fn a_document_is_saved_to_a_path_and_a_missing_one_is_a_typed_error() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    server.serve_file("photos/p.jpg", 300_000);
    server.reply("getFile", get_file_answer("AgAC", "photos/p.jpg", 300_000));
    let dir = std::env::temp_dir().join(format!("tgfamily-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let target = dir.join("p.jpg");
    let written = bot.client().download_file_id_to_path("AgAC", &target).await.expect("saved");
    let saved = std::fs::read(&target).expect("the saved file");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(written, 300_000);
    assert!(saved.iter().enumerate().all(|(i, b)| *b == file_byte(i as u64)), "the content as served");

    // A file the server does not have: its 404 comes back as the platform's error.
    server.reply("getFile", get_file_answer("gone", "photos/gone.jpg", 1));
    let error =
        bot.client().download_file_id_to("gone", &mut Checker::default()).await.expect_err("not found");
    assert_eq!(error.api().map(|api| api.status), Some(404));
    assert!(
        !format!("{error} {error:?}").contains("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
        "no token in errors"
    );
}

/// The parts of `request` carrying `name`, with the raw head of each (for its MIME type).
fn part_heads(request: &fake_server::RecordedRequest) -> String {
    String::from_utf8_lossy(&request.body)
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("content-type"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_path_upload_is_reopened_on_retry_and_a_reader_upload_streams_with_its_mime_type() {
    use fake_server::Fault;
    use tgfamily::InputFile;
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(
        Client::<Telegram>::new(TOKEN)
            .with_base_url(server.base_url())
            .with_retry(tgfamily::RetryPolicy::default().default_delay(std::time::Duration::from_millis(1))),
    );
    let dir = std::env::temp_dir().join(format!("tgfamily-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("cat.png");
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).expect("written");
    // The first attempt is refused for rate (not carried out): the retry sends it again.
    server.inject("sendPhoto", Fault::RateLimit { retry_after: 0 });
    // The fake server answers `true` to sendPhoto (not a Message): only the upload matters.
    let sent = bot.send_photo(7, InputFile::path(&path).mime_type("image/png")).await;
    assert!(matches!(sent, Err(tgfamily::Error::Decode { status: 200, .. })), "{sent:?}");
    let attempts: Vec<_> = server.requests().into_iter().filter(|r| r.path.ends_with("/sendPhoto")).collect();
    assert_eq!(attempts.len(), 2);
    for attempt in &attempts {
        let photo = attempt.parts().into_iter().find(|p| p.name == "photo").expect("the photo part");
        assert_eq!((photo.file_name.as_deref(), photo.body.len()), (Some("cat.png"), content.len()));
        assert!(photo.body == content, "each attempt carries the whole file");
        assert!(part_heads(attempt).contains("image/png"), "{}", part_heads(attempt));
    }
    std::fs::remove_dir_all(&dir).ok();

    // From any AsyncRead, with its size and MIME type.
    let (mut writer, reader) = tokio::io::duplex(1024);
    let producer = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        for chunk in 0..100u8 {
            writer.write_all(&[chunk; 1000]).await.expect("piped");
        }
    });
    let upload = InputFile::reader("report.csv", 100_000, reader).mime_type("text/csv");
    let sent = bot.send_document(7, upload).await;
    assert!(matches!(sent, Err(tgfamily::Error::Decode { status: 200, .. })), "{sent:?}");
    producer.await.expect("produced");
    let request = server.requests().into_iter().rfind(|r| r.path.ends_with("/sendDocument")).expect("sent");
    let document = request.parts().into_iter().find(|p| p.name == "document").expect("the document part");
    assert_eq!(document.body.len(), 100_000);
    assert!(document.body.chunks(1000).enumerate().all(|(i, c)| c.iter().all(|b| usize::from(*b) == i)));
    assert!(part_heads(&request).contains("text/csv"));
}

#[tokio::test]
async fn the_fake_server_answers_get_file_for_what_it_serves_and_records_the_download() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.expect_token(TOKEN);
    server.serve_file("documents/file_7.pdf", 1000);
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    let mut checker = Checker::default();
    let written =
        bot.client().download_file_id_to("documents/file_7.pdf", &mut checker).await.expect("downloaded");
    assert_eq!((written, checker.mismatches), (1000, 0));
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(paths[0].ends_with("/getFile"), "{paths:?}");
    assert!(paths[1].starts_with("/file/bot") && paths[1].ends_with("/documents/file_7.pdf"), "{paths:?}");
    assert_eq!(paths.len(), 2);
    let missing = bot.client().download_file_id_to("nothing", &mut checker).await.expect_err("not served");
    assert!(missing.api().is_some(), "{missing}");
}
