//! The bot's RSA private key.

use std::fmt;

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;

use super::PassportError;

/// The bot's RSA private key, used to decrypt the callback's `hash`.
///
/// Its `Debug` output shows only the key size, never the key.
#[derive(Clone)]
pub struct PrivateKey(RsaPrivateKey);

impl PrivateKey {
    /// Reads a PEM-encoded RSA private key: PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`,
    /// what `openssl genrsa` writes in OpenSSL 1.x, or 3.x with `-traditional`) or
    /// unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`, what OpenSSL 3.x `genrsa`
    /// writes). Text before and after the PEM block is ignored.
    pub fn from_pem(pem: &str) -> Result<Self, PassportError> {
        let (label, block) = pem_block(pem)?;
        let key = match label {
            "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_pem(block)
                .map_err(|_| PassportError::BadPem("malformed PKCS#1 RSA private key"))?,
            "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_pem(block)
                .map_err(|_| PassportError::BadPem("malformed PKCS#8 key, or not an RSA key"))?,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(PassportError::BadPem(
                    "the key is password-protected; decrypt it first (openssl pkcs8 -nocrypt)",
                ))
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {
                return Err(PassportError::BadPem("this is a public key; the private key is needed"))
            }
            _ => return Err(PassportError::BadPem("expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY")),
        };
        Ok(Self(key))
    }

    /// The key (modulus) size in bytes: the size of one ciphertext block.
    pub fn size(&self) -> usize {
        self.0.size()
    }

    pub(super) fn rsa(&self) -> &RsaPrivateKey {
        &self.0
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey").field("bits", &self.0.n().bits()).finish_non_exhaustive()
    }
}

/// Finds the first PEM block; returns its label and the block text (BEGIN to END line).
fn pem_block(pem: &str) -> Result<(&str, &str), PassportError> {
    const NO_PEM: PassportError = PassportError::BadPem("no PEM block found");
    let start = pem.find("-----BEGIN ").ok_or(NO_PEM)?;
    let rest = &pem[start + "-----BEGIN ".len()..];
    let label = &rest[..rest.find("-----").ok_or(NO_PEM)?];
    let end_marker = format!("-----END {label}-----");
    let end = pem[start..].find(&end_marker).ok_or(NO_PEM)? + start + end_marker.len();
    Ok((label, &pem[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_errors_name_the_problem() {
        let err = |s| PrivateKey::from_pem(s).map(|_| ()).expect_err("should fail");
        assert_eq!(err("hello"), PassportError::BadPem("no PEM block found"));
        assert_eq!(
            err("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"),
            PassportError::BadPem("no PEM block found")
        );
        assert!(
            matches!(err("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), PassportError::BadPem(m) if m.contains("public key"))
        );
        assert!(
            matches!(err("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"), PassportError::BadPem(m) if m.contains("malformed"))
        );
    }
}
