//! Reading an answer's body, never more than a limit.

/// Why a body was not read whole.
pub(super) enum BodyError {
    /// It is (or declares itself) longer than the limit.
    TooLarge,
    /// The connection failed while reading.
    Read(reqwest::Error),
}

/// The body of `response`, when it is at most `limit` bytes. A longer one is refused as
/// soon as its `Content-Length` says so, or once the limit is passed while reading: the
/// response is dropped unread, which closes the connection. The buffer never grows past
/// `limit`.
pub(super) async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let declared = declared.map_or(0, |length| usize::try_from(length).unwrap_or(limit));
    let mut body = Vec::with_capacity(declared.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if chunk.len() > limit - body.len() {
            return Err(BodyError::TooLarge);
        }
        if body.capacity() - body.len() < chunk.len() {
            // Doubling, but never past the limit.
            let wanted = (body.capacity().saturating_mul(2)).max(body.len() + chunk.len()).max(16 * 1024);
            body.reserve_exact(wanted.min(limit) - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
