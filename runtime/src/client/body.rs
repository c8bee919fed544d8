//! Reading an answer's body, never more than a limit.

/// Why a body was not read whole.
pub(super) enum BodyError {
    /// It is (or declares itself) longer than the limit.
    TooLarge,
    /// The connection failed while reading.
    Read(reqwest::Error),
}

/// The first buffer of a body of unknown length: most answers fit.
const FIRST_CAPACITY: usize = 64 * 1024;

/// The capacity for `needed` bytes after `capacity`: the first buffer, then the limit at
/// once. The allocator maps a large buffer lazily (only pages written to are resident),
/// so reserving the limit costs what is read; growing step by step would leave the
/// smaller buffers behind, resident, and copy each.
fn next_capacity(capacity: usize, needed: usize, limit: usize) -> usize {
    if capacity == 0 && needed <= FIRST_CAPACITY {
        FIRST_CAPACITY.min(limit)
    } else {
        limit
    }
}

/// The body of `response`, when it is at most `limit` bytes. A longer one is refused as
/// soon as its `Content-Length` says so, or once the limit is passed while reading: the
/// response is dropped unread, which closes the connection. The buffer never grows past
/// `limit`, and a large one is not copied.
pub(super) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
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
            body.reserve_exact(next_capacity(body.capacity(), body.len() + chunk.len(), limit) - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::next_capacity;

    #[test]
    fn capacity_is_a_first_buffer_then_the_limit_and_never_more() {
        assert_eq!(next_capacity(0, 10, 100 << 20), 64 * 1024);
        assert_eq!(next_capacity(0, 100 * 1024, 100 << 20), 100 << 20);
        assert_eq!(next_capacity(64 * 1024, 64 * 1024 + 1, 100 << 20), 100 << 20);
        assert_eq!(next_capacity(0, 10, 1000), 1000);
    }
}
