//! Reading the structure of JSON bytes without trusting them: where a value ends, the
//! members of an object, the elements of an array. Nothing is checked but strings and
//! brackets, nothing recurses, and bytes need not be UTF-8, so a broken update is found
//! and cut out while its neighbours are read as usual.

/// A part of the input: `start..end`.
pub(crate) type Span = std::ops::Range<usize>;

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The end of the string whose opening quote is at `at`, after its closing quote.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        match bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// The value starting at `at` (after whitespace), read for its structure only: a string,
/// an object or array up to its matching bracket, or a bare word up to the next
/// delimiter. `None` when the input ends first.
pub(crate) fn value(bytes: &[u8], at: usize) -> Option<Span> {
    let start = skip_whitespace(bytes, at);
    let end = match bytes.get(start)? {
        b'"' => string_end(bytes, start)?,
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = start;
            loop {
                match bytes.get(at)? {
                    b'"' => {
                        at = string_end(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            break at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        b'}' | b']' | b',' | b':' => return None,
        _ => {
            let mut at = start;
            while bytes
                .get(at)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                at += 1;
            }
            at
        }
    };
    Some(start..end)
}

/// The members (key with its quotes, value) of the object at `span`, as far as they can be
/// read: reading stops at the first thing that is not a member. `None` when `span` is not
/// an object.
pub(crate) fn members(bytes: &[u8], span: Span) -> Option<Vec<(Span, Span)>> {
    let bytes = &bytes[..span.end];
    let mut at = skip_whitespace(bytes, span.start);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    let mut members = Vec::new();
    loop {
        at = skip_whitespace(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            return Some(members);
        }
        let Some(key_end) = string_end(bytes, at) else { return Some(members) };
        let key = at..key_end;
        at = skip_whitespace(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return Some(members);
        }
        let Some(value) = value(bytes, at + 1) else { return Some(members) };
        at = skip_whitespace(bytes, value.end);
        members.push((key, value));
        match bytes.get(at) {
            Some(b',') => at += 1,
            _ => return Some(members),
        }
    }
}

/// The elements of the array at `span`, as far as they can be read. `None` when `span`
/// is not an array.
pub(crate) fn elements(bytes: &[u8], span: Span) -> Option<Vec<Span>> {
    let bytes = &bytes[..span.end];
    let mut at = skip_whitespace(bytes, span.start);
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    at += 1;
    let mut elements = Vec::new();
    loop {
        if bytes.get(skip_whitespace(bytes, at)) == Some(&b']') {
            return Some(elements);
        }
        let Some(element) = value(bytes, at) else { return Some(elements) };
        at = skip_whitespace(bytes, element.end);
        elements.push(element);
        match bytes.get(at) {
            Some(b',') => at += 1,
            _ => return Some(elements),
        }
    }
}

/// Whether the key at `span` (quotes included) is `name`, escapes read.
pub(crate) fn key_is(bytes: &[u8], span: &Span, name: &str) -> bool {
    let raw = &bytes[span.clone()];
    if !raw.contains(&b'\\') {
        return raw.len() == name.len() + 2 && &raw[1..raw.len() - 1] == name.as_bytes();
    }
    serde_json::from_slice::<String>(raw).is_ok_and(|key| key == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(bytes: &[u8], spans: &[Span]) -> Vec<String> {
        spans.iter().map(|span| String::from_utf8_lossy(&bytes[span.clone()]).into_owned()).collect()
    }

    #[test]
    fn reads_elements_around_broken_ones() {
        let body = b"[ {\"a\": \"]}\\\"\"}, 42 ,{\"b\": \xff ,}, [1,[2]] ,null]";
        let spans = elements(body, 0..body.len()).expect("an array");
        assert_eq!(
            texts(body, &spans),
            ["{\"a\": \"]}\\\"\"}", "42", "{\"b\": \u{fffd} ,}", "[1,[2]]", "null"]
        );
        assert_eq!(elements(b"[]", 0..2), Some(vec![]));
        assert_eq!(elements(b"{}", 0..2), None);
        let cut = b"[{\"a\": 1}, {\"b\": [";
        assert_eq!(elements(cut, 0..cut.len()).map(|spans| spans.len()), Some(1));
    }

    #[test]
    fn reads_members_until_the_first_broken_one() {
        let body = br#"{"ok": true, "res\u0075lt": [1, 2], "x": , "y": 1}"#;
        let read = members(body, 0..body.len()).expect("an object");
        assert_eq!(read.len(), 2);
        assert!(key_is(body, &read[1].0, "result"));
        assert_eq!(&body[read[0].1.clone()], b"true");
        assert_eq!(members(b" 42", 0..3), None);
    }
}
