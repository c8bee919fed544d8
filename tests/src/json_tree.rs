//! JSON as a tree that keeps what `serde_json::Value` loses: the order of an object's
//! members, and numbers, strings and keys exactly as written. The property tests parse
//! real updates into it, shuffle members and insert unknown fields, and write it back.

use crate::rng::Rng;

/// A JSON value; numbers and strings hold their source text (strings with their quotes).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`, `true`, `false` or a number, as written.
    Atom(String),
    /// A string, as written: quotes and escapes included.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in order: each key as written (quotes included), and its value.
    Object(Vec<(String, Json)>),
}

/// Parses JSON `text` (one value, optional whitespace around it).
///
/// # Errors
/// Where the text is not JSON, with the byte offset.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.space();
    if parser.at != parser.bytes.len() {
        return Err(format!("trailing characters at byte {}", parser.at));
    }
    Ok(value)
}

/// Deeper than this the parser refuses: the samples are real updates, not nesting tests.
const MAX_DEPTH: usize = 200;

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn text(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.bytes[from..self.at]).into_owned()
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} at byte {}", self.at));
        }
        self.space();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    self.expect(b':')?;
                    let value = self.value(depth + 1)?;
                    members.push((key, value));
                    self.space();
                    if self.separator(b'}')? {
                        return Ok(Json::Object(members));
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.separator(b']')? {
                        return Ok(Json::Array(items));
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(_) => {
                let from = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                {
                    self.at += 1;
                }
                let atom = self.text(from);
                if atom.is_empty() {
                    return Err(format!("expected a value at byte {from}"));
                }
                Ok(Json::Atom(atom))
            }
            None => Err("unexpected end".to_owned()),
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", byte as char, self.at))
        }
    }

    /// After a member or an item: `true` at the closing `end`, `false` after a comma.
    fn separator(&mut self, end: u8) -> Result<bool, String> {
        match self.bytes.get(self.at) {
            Some(b',') => {
                self.at += 1;
                Ok(false)
            }
            Some(&b) if b == end => {
                self.at += 1;
                Ok(true)
            }
            _ => Err(format!("expected `,` or `{}` at byte {}", end as char, self.at)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let from = self.at;
        self.expect(b'"')?;
        loop {
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(self.text(from));
                }
                Some(b'\\') => self.at += 2,
                Some(_) => self.at += 1,
                None => return Err(format!("unterminated string from byte {from}")),
            }
        }
    }
}

impl Json {
    /// The JSON text, members in their order.
    pub fn write(&self) -> String {
        let mut out = String::new();
        self.write_into(&mut out);
        out
    }

    fn write_into(&self, out: &mut String) {
        match self {
            Json::Atom(text) | Json::Str(text) => out.push_str(text),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_into(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(key);
                    out.push(':');
                    value.write_into(out);
                }
                out.push('}');
            }
        }
    }

    /// The same value with every object's members in a random order, at every level.
    pub fn shuffled(&self, rng: &mut Rng) -> Json {
        match self {
            Json::Atom(_) | Json::Str(_) => self.clone(),
            Json::Array(items) => Json::Array(items.iter().map(|item| item.shuffled(rng)).collect()),
            Json::Object(members) => {
                let mut members: Vec<(String, Json)> =
                    members.iter().map(|(key, value)| (key.clone(), value.shuffled(rng))).collect();
                rng.shuffle(&mut members);
                Json::Object(members)
            }
        }
    }

    /// The same value without the object members whose value is `null` (at every level):
    /// an absent optional field and a `null` one decode alike and are written back absent.
    pub fn without_nulls(&self) -> Json {
        match self {
            Json::Atom(_) | Json::Str(_) => self.clone(),
            Json::Array(items) => Json::Array(items.iter().map(Json::without_nulls).collect()),
            Json::Object(members) => Json::Object(
                members
                    .iter()
                    .filter(|(_, value)| *value != Json::Atom("null".to_owned()))
                    .map(|(key, value)| (key.clone(), value.without_nulls()))
                    .collect(),
            ),
        }
    }

    /// How many objects the value holds, itself included.
    pub fn object_count(&self) -> usize {
        match self {
            Json::Atom(_) | Json::Str(_) => 0,
            Json::Array(items) => items.iter().map(Json::object_count).sum(),
            Json::Object(members) => 1 + members.iter().map(|(_, value)| value.object_count()).sum::<usize>(),
        }
    }

    /// Inserts `member` into the `index`-th object (in document order, from 0) at
    /// member position `position` (clamped to its length); `false` when there are fewer
    /// objects.
    pub fn insert_member(&mut self, index: usize, position: usize, member: (String, Json)) -> bool {
        let mut member = Some(member);
        self.insert_nth(&mut { index }, position, &mut member);
        member.is_none()
    }

    fn insert_nth(&mut self, index: &mut usize, position: usize, member: &mut Option<(String, Json)>) {
        match self {
            Json::Atom(_) | Json::Str(_) => {}
            Json::Array(items) => {
                for item in items {
                    item.insert_nth(index, position, member);
                    if member.is_none() {
                        return;
                    }
                }
            }
            Json::Object(members) => {
                if *index == 0 {
                    if let Some(member) = member.take() {
                        let position = position.min(members.len());
                        members.insert(position, member);
                    }
                    return;
                }
                *index -= 1;
                for (_, value) in members {
                    value.insert_nth(index, position, member);
                    if member.is_none() {
                        return;
                    }
                }
            }
        }
    }
}
