//! Masking secrets (the token, a webhook's secret path and token) in text the library
//! keeps or shows.
//!
//! A [`Mask`] does not need a secret to appear whole: it replaces every run of at least
//! [`Mask::MIN_RUN`] consecutive characters of a secret (any prefix, suffix or middle part: an
//! excerpt cut inside the token, a proxy quoting a shortened URL, the bot id's secret half
//! alone), and it reads `\uXXXX` JSON escapes and `%XX` percent-encodings (either case) of
//! any character as the character itself, so an escaped `:` or letter does not hide the
//! token. What can survive is at most `MIN_RUN - 1` consecutive characters of a secret.

use std::fmt;
use std::sync::Arc;

/// The shortest run of a secret's characters that is masked ([`Mask::MIN_RUN`]).
const MIN_RUN: usize = 8;

/// What a masked run is replaced with.
const REPLACEMENT: &str = "<token>";

/// Secrets to mask in text that came from a server. `Debug` shows how many, never which.
///
/// Every error and undecodable update the library makes has gone through the client's mask
/// ([`Client::mask`](crate::Client::mask)); helpers that decode a server's answer take one.
#[derive(Clone, Default)]
pub struct Mask {
    secrets: Arc<[Box<[char]>]>,
}

impl fmt::Debug for Mask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mask({} secrets)", self.secrets.len())
    }
}

/// One character of the text as read, and the bytes of the text it was read from.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    start: usize,
    end: usize,
}

impl Mask {
    /// The shortest run of a secret's characters that is masked (a secret shorter than
    /// this is masked whole). Shorter runs are too common to mask (`1234567`), and reveal
    /// at most 7 of a Telegram token's 35 secret characters.
    pub const MIN_RUN: usize = MIN_RUN;

    /// A mask of `secret` (nothing when it is empty).
    pub fn new(secret: &str) -> Mask {
        Mask::default().with(secret)
    }

    /// The same mask, masking `secret` too (nothing more when it is empty).
    pub fn with(self, secret: &str) -> Mask {
        if secret.is_empty() {
            return self;
        }
        let mut secrets: Vec<Box<[char]>> = self.secrets.iter().cloned().collect();
        secrets.push(secret.chars().collect());
        Mask { secrets: secrets.into() }
    }

    /// `text` with every run of at least [`Mask::MIN_RUN`] characters of a secret (as written,
    /// JSON-escaped or percent-encoded) replaced by `<token>`. Time is linear in the text's
    /// length (times the secrets' lengths).
    pub fn apply(&self, text: &str) -> String {
        if self.secrets.is_empty() {
            return text.to_owned();
        }
        let units = read_units(text);
        let mut masked = vec![false; units.len()];
        for secret in self.secrets.iter() {
            let threshold = MIN_RUN.min(secret.len());
            for at in 0..units.len() {
                let longest = secret
                    .iter()
                    .enumerate()
                    .filter(|(_, ch)| **ch == units[at].ch)
                    .map(|(from, _)| {
                        secret[from..].iter().zip(&units[at..]).take_while(|(s, u)| **s == u.ch).count()
                    })
                    .max()
                    .unwrap_or(0);
                if longest >= threshold {
                    masked[at..at + longest].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        if !masked.contains(&true) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut at = 0;
        while at < units.len() {
            if !masked[at] {
                at += 1;
                continue;
            }
            let start = units[at].start;
            while at < units.len() && masked[at] {
                at += 1;
            }
            out.push_str(&text[copied..start]);
            out.push_str(REPLACEMENT);
            copied = units[at - 1].end;
        }
        out.push_str(&text[copied..]);
        out
    }
}

impl From<&str> for Mask {
    /// The mask of one secret (of none, for `""`).
    fn from(secret: &str) -> Mask {
        Mask::new(secret)
    }
}

impl From<&Mask> for Mask {
    fn from(mask: &Mask) -> Mask {
        mask.clone()
    }
}

/// The characters of `text`, reading `\uXXXX` and `%XX` (ASCII only: every character of a
/// token is ASCII) as the character they stand for.
fn read_units(text: &str) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut units = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        if let Some((ch, len)) = escaped(&bytes[at..]) {
            units.push(Unit { ch, start: at, end: at + len });
            at += len;
            continue;
        }
        // `at` is on a character boundary: escapes are ASCII.
        let ch = text[at..].chars().next().unwrap_or('\u{fffd}');
        units.push(Unit { ch, start: at, end: at + ch.len_utf8() });
        at += ch.len_utf8().max(1);
    }
    units
}

/// The ASCII character `\uXXXX` or `%XX` at the start of `bytes` stands for, and its length.
fn escaped(bytes: &[u8]) -> Option<(char, usize)> {
    let (digits, len) = match bytes {
        [b'\\', b'u', rest @ ..] if rest.len() >= 4 => (&rest[..4], 6),
        [b'%', rest @ ..] if rest.len() >= 2 => (&rest[..2], 3),
        _ => return None,
    };
    let code =
        digits.iter().try_fold(0u32, |code, byte| Some(code * 16 + char::from(*byte).to_digit(16)?))?;
    let ch = char::from_u32(code).filter(char::is_ascii)?;
    Some((ch, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(text: &str, secret: &str) -> String {
        Mask::new(secret).apply(text)
    }

    const TOKEN: &str = "123:SECRET-token";

    #[test]
    fn masks_the_token_as_written_escaped_and_encoded() {
        assert_eq!(mask("a 1:x b 1%3Ax c 1%3ax", "1:x"), "a <token> b <token> c <token>");
        assert_eq!(mask("nothing", ""), "nothing");
        assert_eq!(mask(r"/bot123\u003aSECRET-token/getThing", TOKEN), "/bot<token>/getThing");
        assert_eq!(mask("/bot123%3aS%45CRET-token/", TOKEN), "/bot<token>/");
    }

    #[test]
    fn masks_parts_of_the_token_of_min_run_characters() {
        assert_eq!(mask("cut: 123:SECRE", TOKEN), "cut: <token>");
        assert_eq!(mask("half SECRET-token alone", TOKEN), "half <token> alone");
        assert_eq!(mask("short 123:SEC", TOKEN), "short 123:SEC", "7 characters are kept");
        assert_eq!(mask("é SECRET-t é", TOKEN), "é <token> é");
    }

    #[test]
    fn debug_shows_no_secret() {
        assert_eq!(format!("{:?}", Mask::new(TOKEN).with("other")), "Mask(2 secrets)");
    }
}
