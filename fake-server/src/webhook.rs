//! Posting queued updates to the webhook, over a minimal HTTP/1.1 client (loopback only).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{bot_api, Delivery, RecordedRequest, Shared};

/// How many times one update is posted before the server gives up on it (as platforms
/// give up "after a reasonable amount of attempts").
const ATTEMPTS: usize = 20;
/// The wait between two posts of an update the webhook refused.
const RETRY_DELAY: Duration = Duration::from_millis(20);
/// How long one post may take.
const POST_TIMEOUT: Duration = Duration::from_secs(5);

/// The address and path of a webhook URL, when it is `http://` to a loopback address.
pub(crate) fn loopback_target(url: &str) -> Option<(SocketAddr, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = authority.rsplit_once(':')?;
    let ip: IpAddr = if host == "localhost" { IpAddr::V4(Ipv4Addr::LOCALHOST) } else { host.parse().ok()? };
    let port: u16 = port.parse().ok()?;
    ip.is_loopback().then(|| (SocketAddr::new(ip, port), path.to_owned()))
}

/// Posts `body` as JSON to `url` (`http://` to a loopback address only) with `headers`,
/// and returns the answer's status.
///
/// # Errors
/// When the URL is not a loopback `http://` URL, or the post fails or takes over 5 s.
pub async fn post_json(url: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<u16> {
    post_json_answer(url, headers, body).await.map(|(status, _)| status)
}

/// Posts `body` as JSON to `url` like [`post_json`], and returns the answer's status and
/// body (at most 1 MiB of it).
///
/// # Errors
/// When the URL is not a loopback `http://` URL, or the post fails or takes over 5 s.
pub async fn post_json_answer(
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let (addr, path) = loopback_target(url)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a loopback http:// URL"))?;
    tokio::time::timeout(POST_TIMEOUT, post(addr, &path, headers, body))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))?
}

/// The most of an answer's body read.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

async fn post(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    stream.write_all(&request).await?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    // The head, then the body: as long as declared, or until the server closes.
    let (head_end, length) = loop {
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok());
            break (end + 4, length);
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 || answer.len() > MAX_ANSWER_BYTES {
            break (answer.len(), Some(0));
        }
        answer.extend_from_slice(&chunk[..read]);
    };
    let wanted = length.unwrap_or(MAX_ANSWER_BYTES).min(MAX_ANSWER_BYTES);
    while answer.len() - head_end < wanted {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..read]);
    }
    let status_line = String::from_utf8_lossy(&answer[..head_end.min(answer.len())]);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no HTTP status line"))?;
    let mut body = answer.split_off(head_end.min(answer.len()));
    body.truncate(wanted);
    Ok((status, body))
}

/// A method call the webhook answered a delivery with (Telegram's "making requests when
/// getting updates"): recorded, and carried out as if the bot had sent it.
async fn take_reply(shared: &Shared, answer: &[u8]) {
    let Ok(serde_json::Value::Object(call)) = serde_json::from_slice::<serde_json::Value>(answer) else {
        return;
    };
    let Some(method) = call.get("method").and_then(serde_json::Value::as_str).map(str::to_owned) else {
        return;
    };
    shared.state().webhook_replies.push(serde_json::Value::Object(call.clone()));
    if let Some(platform) = shared.platform {
        let request = RecordedRequest {
            verb: "POST".to_owned(),
            path: format!("/webhook-reply/{method}"),
            query: String::new(),
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: answer.to_vec(),
        };
        bot_api::answer(shared, platform, &method, &request).await;
    }
}

/// Posts queued updates to the webhook while one is set, one at a time and in order.
pub(crate) async fn deliver(shared: Arc<Shared>) {
    let mut attempts = 0;
    loop {
        let arrived = shared.updates_arrived.notified();
        tokio::pin!(arrived);
        arrived.as_mut().enable();
        let next = {
            let state = shared.state();
            match (&state.webhook, state.updates.front()) {
                (Some(target), Some(update)) => Some((target.clone(), update.clone())),
                _ => None,
            }
        };
        let Some((target, update)) = next else {
            arrived.await;
            continue;
        };
        let body = update.bytes.to_vec();
        let header = shared.platform.and_then(|platform| platform.webhook_secret_header);
        let secret = target.secret_token.as_deref().zip(header).map(|(token, header)| (header, token));
        let headers: Vec<(&str, &str)> = secret.into_iter().collect();
        let answer = post_json_answer(&target.url, &headers, &body).await.ok();
        let status = answer.as_ref().map(|(status, _)| *status);
        let update_id = update.id;
        let delivered = status.is_some_and(|status| (200..300).contains(&status));
        if let (true, Some((_, reply))) = (delivered, &answer) {
            take_reply(&shared, reply).await;
        }
        attempts += 1;
        {
            let mut state = shared.state();
            state.deliveries.push(Delivery { update_id, status });
            let same = state.updates.front() == Some(&update);
            if same && (delivered || attempts >= ATTEMPTS) {
                state.updates.pop_front();
            }
            if delivered || attempts >= ATTEMPTS || !same {
                attempts = 0;
            }
        }
        if !delivered {
            tokio::time::sleep(RETRY_DELAY).await;
        }
    }
}
