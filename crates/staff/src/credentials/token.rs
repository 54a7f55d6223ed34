//! One-time tokens: a random secret shown once to a person (an enrolment link or code, a session cookie's
//! value), and its SHA-256 digest, the only form a store keeps.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::{CredentialError, random_bytes};

/// Random bytes in a token (256 bits).
const TOKEN_BYTES: usize = 32;
/// Characters in a token's text: 32 bytes in URL-safe base64 without padding.
const TOKEN_CHARS: usize = 43;
/// Characters in a digest's text: SHA-256 in hex.
const DIGEST_CHARS: usize = 64;

/// A secret of 32 random bytes, shown once to a person, in URL-safe base64 without padding (43 characters).
/// Kept by no store (keep its [`TokenDigest`]); `Debug` is redacted and there is no `Display`.
pub struct OneTimeToken(String);

/// The SHA-256 of a [`OneTimeToken`]'s text, in lowercase hex: the only form a store keeps, to find the token
/// it was made from. Serialises as that string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TokenDigest(String);

impl OneTimeToken {
    /// A new token, from the operating system's random number generator.
    ///
    /// # Errors
    /// [`CredentialError::Token`] if the random number generator fails.
    pub fn generate() -> Result<Self, CredentialError> {
        let mut bytes = [0_u8; TOKEN_BYTES];
        random_bytes(&mut bytes, CredentialError::Token)?;
        Ok(Self(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Reads a token a person brought back (from a link, a form or a cookie), exactly as it was shown.
    ///
    /// # Errors
    /// [`CredentialError::Token`] unless `text` is 43 URL-safe base64 characters encoding 32 bytes.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let well_formed = text.len() == TOKEN_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && URL_SAFE_NO_PAD
                .decode(text)
                .is_ok_and(|bytes| bytes.len() == TOKEN_BYTES);
        if !well_formed {
            return Err(CredentialError::Token(format!(
                "must be {TOKEN_CHARS} characters of URL-safe base64 (A-Z, a-z, 0-9, - and _)"
            )));
        }
        Ok(Self(text.to_owned()))
    }

    /// The token's text, to show to the person once (in a link, a message or a cookie).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token's digest, to store or to look the token up by.
    #[must_use]
    pub fn digest(&self) -> TokenDigest {
        TokenDigest(hex::encode(Sha256::digest(self.0.as_bytes())))
    }
}

impl fmt::Debug for OneTimeToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeToken(<redacted>)")
    }
}

impl TokenDigest {
    /// Reads back a stored digest.
    ///
    /// # Errors
    /// [`CredentialError::Token`] unless `text` is 64 lowercase hex digits.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let well_formed = text.len() == DIGEST_CHARS
            && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !well_formed {
            return Err(CredentialError::Token(format!(
                "a stored digest must be {DIGEST_CHARS} lowercase hex digits"
            )));
        }
        Ok(Self(text.to_owned()))
    }

    /// The digest in lowercase hex, to store.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TokenDigest {
    type Error = CredentialError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<TokenDigest> for String {
    fn from(digest: TokenDigest) -> Self {
        digest.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn generated_tokens_are_43_url_safe_characters_and_differ() {
        let one = OneTimeToken::generate().expect("random");
        let two = OneTimeToken::generate().expect("random");
        assert_eq!(one.as_str().len(), 43);
        assert!(
            one.as_str()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(one.as_str(), two.as_str());
        assert_ne!(one.digest(), two.digest());
    }

    #[test]
    fn parse_reads_back_a_generated_token() {
        let token = OneTimeToken::generate().expect("random");
        let read = OneTimeToken::parse(token.as_str()).expect("reads back");
        assert_eq!(read.as_str(), token.as_str());
        assert_eq!(read.digest(), token.digest());
    }

    #[test]
    fn parse_refuses_anything_but_43_url_safe_base64_characters() {
        let good = "A".repeat(43);
        assert!(OneTimeToken::parse(&good).is_ok());
        let refused = [
            String::new(),
            "A".repeat(42),
            "A".repeat(44),
            format!("{}=", "A".repeat(42)),
            format!("{}+", "A".repeat(42)),
            format!("{}/", "A".repeat(42)),
            format!(" {}", "A".repeat(42)),
            format!("{}é", "A".repeat(41)),
            // The last character carries 2 bits too many: not the encoding of any 32 bytes.
            format!("{}B", "A".repeat(42)),
        ];
        for text in refused {
            let error = OneTimeToken::parse(&text).expect_err(&text);
            assert_eq!(error.field(), "token");
            assert!(error.to_string().starts_with("token: "));
        }
    }

    #[test]
    fn digest_is_the_sha256_hex_of_the_text() {
        let token = OneTimeToken::parse(&"A".repeat(43)).expect("well formed");
        let expected = hex::encode(Sha256::digest("A".repeat(43).as_bytes()));
        assert_eq!(token.digest().as_str(), expected);
        assert_eq!(token.digest().as_str().len(), 64);
    }

    #[test]
    fn digest_serialises_as_its_hex_and_hashes() {
        let digest = OneTimeToken::generate().expect("random").digest();
        let json = serde_json::to_string(&digest).expect("serialises");
        assert_eq!(json, format!("\"{}\"", digest.as_str()));
        let back: TokenDigest = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, digest);
        assert!(HashSet::from([back]).contains(&digest));
        assert!(serde_json::from_str::<TokenDigest>("\"ABC\"").is_err());
        assert!(TokenDigest::parse(&"F".repeat(64)).is_err());
        assert!(TokenDigest::parse(&"f".repeat(64)).is_ok());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = OneTimeToken::generate().expect("random");
        let shown = format!("{token:?}");
        assert_eq!(shown, "OneTimeToken(<redacted>)");
        assert!(!shown.contains(token.as_str()));
    }
}
