//! A minimal HTTP/1.1 reader and writer: enough for a Bot API client, and nothing hidden.

use std::future::Future;
use std::pin::Pin;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::Reply;

/// The most a request may hold, headers and body; larger ones close the connection.
const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub verb: String,
    /// The path, without the query string.
    pub path: String,
    /// The query string (without `?`), percent-encoded as sent.
    pub query: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field name.
    pub name: String,
    /// The file name, for file parts.
    pub file_name: Option<String>,
    /// The part's bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(key, _)| *key == name).map(|(_, value)| value.as_str())
    }

    /// The body as JSON, when it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The parts of a `multipart/form-data` body (empty for other bodies).
    pub fn parts(&self) -> Vec<Part> {
        let Some(boundary) = self
            .header("content-type")
            .and_then(|value| value.split("boundary=").nth(1))
            .map(|b| format!("--{}", b.trim_matches('"')))
        else {
            return Vec::new();
        };
        split(&self.body, boundary.as_bytes())
            .into_iter()
            .filter_map(|chunk| {
                let chunk = chunk.strip_prefix(b"\r\n")?;
                let end = find(chunk, b"\r\n\r\n")?;
                let head = String::from_utf8_lossy(&chunk[..end]).into_owned();
                let body = chunk[end + 4..].strip_suffix(b"\r\n")?.to_vec();
                let disposition =
                    head.lines().find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
                Some(Part {
                    name: quoted(disposition, "name=")?,
                    file_name: quoted(disposition, "filename="),
                    body,
                })
            })
            .collect()
    }
}

/// The quoted value after `key` in a header (`name="photo"`), not matching inside
/// another key (`filename=` does not match `name=`).
fn quoted(header: &str, key: &str) -> Option<String> {
    let mut rest = header;
    loop {
        let at = rest.find(key)?;
        let before = rest[..at].chars().last();
        rest = &rest[at + key.len()..];
        if matches!(before, Some(' ' | ';')) {
            let value = rest.strip_prefix('"')?;
            return Some(value[..value.find('"')?].to_owned());
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn split<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let mut chunks = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, boundary) {
        chunks.push(&rest[..at]);
        rest = &rest[at + boundary.len()..];
    }
    chunks.into_iter().skip(1).collect()
}

/// Reads requests from a connection, keeping bytes that arrived early.
#[derive(Default)]
pub struct Reader {
    buffer: Vec<u8>,
}

impl Reader {
    /// The next request, or `None` when the client closed the connection.
    pub async fn read_request(&mut self, stream: &mut TcpStream) -> std::io::Result<Option<RecordedRequest>> {
        let head_end = loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                break end;
            }
            if !self.fill(stream).await? {
                return Ok(None);
            }
        };
        let head = String::from_utf8_lossy(&self.buffer[..head_end]).into_owned();
        self.buffer.drain(..head_end + 4);
        let mut lines = head.lines();
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let verb = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut request = RecordedRequest {
            verb,
            path: path.to_owned(),
            query: query.to_owned(),
            headers,
            body: Vec::new(),
        };
        if request.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            request.body = self.read_chunked(stream).await?;
        } else {
            let length: usize = request.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            request.body = self.read_exact(stream, length).await?;
        }
        Ok(Some(request))
    }

    async fn fill(&mut self, stream: &mut TcpStream) -> std::io::Result<bool> {
        if self.buffer.len() > MAX_REQUEST_BYTES {
            return Err(std::io::Error::other("request too large"));
        }
        let mut chunk = [0u8; 16 * 1024];
        let read = stream.read(&mut chunk).await?;
        self.buffer.extend_from_slice(&chunk[..read]);
        Ok(read > 0)
    }

    async fn read_exact(&mut self, stream: &mut TcpStream, length: usize) -> std::io::Result<Vec<u8>> {
        while self.buffer.len() < length {
            if !self.fill(stream).await? {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        Ok(self.buffer.drain(..length).collect())
    }

    async fn read_chunked(&mut self, stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(end) = find(&self.buffer, b"\r\n") {
                    break end;
                }
                if !self.fill(stream).await? {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
            };
            let size_text = String::from_utf8_lossy(&self.buffer[..line_end]).into_owned();
            self.buffer.drain(..line_end + 2);
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            let chunk = self.read_exact(stream, size + 2).await?;
            if size == 0 {
                return Ok(body);
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
}

/// Writes `reply`; `false` when the connection must close afterwards.
pub fn write_reply(stream: &mut TcpStream, reply: Reply) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
    Box::pin(async move {
        match reply {
            Reply::Json { status, body } => {
                write_body(stream, status, body.to_string().as_bytes(), None, "").await
            }
            Reply::Raw { status, body } => write_body(stream, status, &body, None, "").await,
            Reply::Truncated { body, sent } => {
                write_body(stream, 200, &body, Some(sent), "").await;
                false
            }
            Reply::Redirect { status, location } => {
                let body =
                    format!("<html><body>Moved to <a href=\"{location}\">{location}</a></body></html>");
                let header = format!("location: {location}\r\n");
                write_body(stream, status, body.as_bytes(), None, &header).await
            }
            Reply::Generated { len } => write_generated(stream, len).await,
            Reply::Drop => false,
            Reply::Endless => {
                write_endless(stream).await;
                false
            }
            Reply::Delayed(delay, inner) => {
                tokio::time::sleep(delay).await;
                write_reply(stream, *inner).await
            }
        }
    })
}

/// The longest an endless body is written for, and the most bytes of it.
const ENDLESS_FOR: std::time::Duration = std::time::Duration::from_secs(60);
const ENDLESS_BYTES: u64 = 16 << 30;

/// Writes a chunked `getUpdates` answer whose `result` never ends, until the client closes
/// the connection (or [`ENDLESS_FOR`] or [`ENDLESS_BYTES`] are reached).
async fn write_endless(stream: &mut TcpStream) {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let start = b"{\"ok\":true,\"result\":[";
    let update = br#"{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"again"}},"#;
    let mut chunk = Vec::with_capacity(64 * 1024 + 128);
    while chunk.len() < 64 * 1024 {
        chunk.extend_from_slice(update);
    }
    let framed = |data: &[u8]| {
        let mut out = format!("{:x}\r\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        out
    };
    let chunk = framed(&chunk);
    let mut first = head.as_bytes().to_vec();
    first.extend_from_slice(&framed(start));
    if stream.write_all(&first).await.is_err() {
        return;
    }
    let deadline = tokio::time::Instant::now() + ENDLESS_FOR;
    let mut written = 0u64;
    while written < ENDLESS_BYTES && tokio::time::Instant::now() < deadline {
        if stream.write_all(&chunk).await.is_err() {
            return;
        }
        written += chunk.len() as u64;
    }
}

/// Writes a `200` download of `len` generated bytes, 64 KiB at a time.
async fn write_generated(stream: &mut TcpStream, len: u64) -> bool {
    let head =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {len}\r\n\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    let mut chunk = vec![0u8; 64 * 1024];
    let mut offset = 0u64;
    while offset < len {
        let size = usize::try_from((len - offset).min(chunk.len() as u64)).unwrap_or(chunk.len());
        for (index, byte) in chunk[..size].iter_mut().enumerate() {
            *byte = crate::file_byte(offset + index as u64);
        }
        if stream.write_all(&chunk[..size]).await.is_err() {
            return false;
        }
        offset += size as u64;
    }
    stream.flush().await.is_ok()
}

/// Writes a response; `extra` is more header lines, each ending in `\r\n`.
async fn write_body(
    stream: &mut TcpStream,
    status: u16,
    body: &[u8],
    sent: Option<usize>,
    extra: &str,
) -> bool {
    let head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n",
        reason(status),
        body.len()
    );
    let body = &body[..sent.unwrap_or(body.len()).min(body.len())];
    // One write: a head and a body written apart wait on a delayed ACK (Nagle).
    let mut response = head.into_bytes();
    response.extend_from_slice(body);
    stream.write_all(&response).await.is_ok() && stream.flush().await.is_ok()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        307 => "Temporary Redirect",
        409 => "Conflict",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
