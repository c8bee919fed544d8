//! The one error type of the passport module.

use std::fmt;

/// Everything that can go wrong while loading a key or decoding a passport callback.
///
/// No variant carries key material or decrypted data: messages name what was wrong and,
/// for record fields, which field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PassportError {
    /// The private key is not a usable PEM-encoded RSA private key. The text says why
    /// (no PEM block, an unsupported label such as a public or encrypted key, or bad
    /// key data).
    BadPem(&'static str),
    /// The callback has no `hash` parameter, or it is empty.
    MissingHash,
    /// The callback's `tg_passport` parameter is present but is not `success`.
    NotSuccessful {
        /// The `tg_passport` value received (percent-decoded).
        status: String,
    },
    /// The `hash` value is not Base64 (standard or URL-safe alphabet, padding optional).
    NotBase64,
    /// The ciphertext length is not a whole number of key-sized blocks.
    TruncatedCiphertext {
        /// Length of the decoded ciphertext, in bytes.
        len: usize,
        /// Size of one block (the RSA modulus), in bytes.
        block_size: usize,
    },
    /// RSA PKCS#1 v1.5 decryption of a block failed: the data was encrypted for
    /// another key, or it is corrupt.
    Decryption,
    /// The decrypted data is not UTF-8.
    NotUtf8,
    /// The callback's query string is unreadable (too long, a bad `%` escape, the `hash`
    /// parameter twice), or the decrypted record is not the spec's record: the
    /// [`Rejected`](crate::verify::query_callback::Rejected) says which field and why.
    Callback(crate::verify::query_callback::Rejected),
}

impl fmt::Display for PassportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadPem(reason) => write!(f, "invalid RSA private key PEM: {reason}"),
            Self::MissingHash => f.write_str("the callback has no `hash` parameter, or it is empty"),
            Self::NotSuccessful { status } => {
                write!(f, "the callback reports tg_passport={status:?}, not \"success\"")
            }
            Self::NotBase64 => f.write_str("the `hash` value is not valid Base64"),
            Self::TruncatedCiphertext { len, block_size } => write!(
                f,
                "the ciphertext is {len} bytes, not a multiple of the {block_size}-byte key size \
                 (truncated or not for this key)"
            ),
            Self::Decryption => {
                f.write_str("RSA decryption failed: the hash was encrypted for another key, or is corrupt")
            }
            Self::NotUtf8 => f.write_str("the decrypted passport data is not valid UTF-8"),
            Self::Callback(rejected) => write!(f, "passport callback: {rejected}"),
        }
    }
}

impl std::error::Error for PassportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Callback(rejected) => Some(rejected),
            _ => None,
        }
    }
}

impl From<crate::verify::query_callback::Rejected> for PassportError {
    fn from(rejected: crate::verify::query_callback::Rejected) -> PassportError {
        use crate::verify::query_callback::Rejected;
        match rejected {
            Rejected::MissingPayload { .. } => PassportError::MissingHash,
            Rejected::NotSuccessful { status } => PassportError::NotSuccessful { status },
            other => PassportError::Callback(other),
        }
    }
}
