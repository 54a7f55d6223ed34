//! The verification code an issued document carries: the key a holder of the document types (or scans from its
//! QR code) on the public verification page. It is random, unguessable and says nothing about the case: not the
//! tracking code, which is the reporter's key, nor anything personal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::parts::DocumentKind;
use crate::lang::Localized;

/// The symbols of a verification code: digits and lower-case letters without `i`, `l`, `o` and `u`, so that a
/// code read aloud or copied by hand is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// How many symbols a code has: 20 symbols of 5 bits, 100 random bits.
pub const VERIFICATION_SYMBOLS: usize = 20;

/// A document's verification code, e.g. `k3x9-7mwq-2rtd-8fhp-c4na` as printed (the store keeps it without
/// hyphens). Built only by [`VerificationCode::generate`] or [`VerificationCode::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VerificationCode(String);

/// Why a typed verification code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerificationCodeError {
    /// It has the wrong number of symbols.
    #[error("a verification code has {VERIFICATION_SYMBOLS} letters and digits; this one has {0}")]
    WrongLength(usize),
    /// It holds a character that is no symbol of a code.
    #[error("a verification code holds only letters and digits (not {0:?})")]
    BadSymbol(char),
}

impl VerificationCode {
    /// Draws a new code from the operating system's CSPRNG.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; VERIFICATION_SYMBOLS];
        getrandom::fill(&mut bytes)?;
        Ok(VerificationCode(
            bytes
                .iter()
                .map(|byte| ALPHABET[usize::from(byte & 0x1f)] as char)
                .collect(),
        ))
    }

    /// Reads a typed code: case-insensitive, hyphens and spaces optional.
    pub fn parse(input: &str) -> Result<Self, VerificationCodeError> {
        let mut code = String::with_capacity(VERIFICATION_SYMBOLS);
        for c in input.chars().filter(|c| !matches!(c, '-' | ' ' | '\t')) {
            let lower = c.to_ascii_lowercase();
            if !ALPHABET.contains(&(lower as u8)) || !lower.is_ascii() {
                return Err(VerificationCodeError::BadSymbol(c));
            }
            code.push(lower);
        }
        if code.chars().count() != VERIFICATION_SYMBOLS {
            return Err(VerificationCodeError::WrongLength(code.chars().count()));
        }
        Ok(VerificationCode(code))
    }

    /// The code as stored: twenty symbols, no hyphens.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as printed on a document: groups of four joined by hyphens.
    pub fn printed(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

impl std::fmt::Display for VerificationCode {
    /// The printed form ([`VerificationCode::printed`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.printed())
    }
}

impl TryFrom<String> for VerificationCode {
    type Error = VerificationCodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<VerificationCode> for String {
    fn from(code: VerificationCode) -> Self {
        code.0
    }
}

/// What the public verification page may tell about an issued document, filed apart from its case under its
/// verification code: kind, number, date, issuing team, the role that signed it, and the hashes of its files.
/// Nothing personal and nothing that leads to the case (no tracking code, no register number, no names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCheck {
    /// The code it is filed under.
    pub code: VerificationCode,
    /// Which document.
    pub kind: DocumentKind,
    /// Its number.
    pub number: String,
    /// When it was signed (or issued, without an approval step).
    pub issued_at: DateTime<Utc>,
    /// The issuing team's short name, e.g. `TTIS`.
    pub team: String,
    /// The office the team belongs to.
    pub organisation: Localized,
    /// The role that approved and signed it, for a document with an approval step; never a person's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_as: Option<Localized>,
    /// Hex SHA-256 of each file issued (the HTML page, and the PDF when printed).
    pub sha256: Vec<String>,
}

impl DocumentCheck {
    /// Whether `sha256` (hex, any case, spaces around ignored) is the hash of one of the document's files.
    pub fn matches(&self, sha256: &str) -> bool {
        let wanted = sha256.trim().to_ascii_lowercase();
        self.sha256.contains(&wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_read_back_and_differ() {
        let one = VerificationCode::generate().unwrap();
        let two = VerificationCode::generate().unwrap();
        assert_ne!(one, two);
        assert_eq!(one.as_str().len(), VERIFICATION_SYMBOLS);
        assert_eq!(VerificationCode::parse(&one.printed()).unwrap(), one);
        assert_eq!(
            VerificationCode::parse(&one.printed().to_uppercase()).unwrap(),
            one
        );
    }

    #[test]
    fn typed_codes_are_checked() {
        assert_eq!(
            VerificationCode::parse("abcd"),
            Err(VerificationCodeError::WrongLength(4))
        );
        assert_eq!(
            VerificationCode::parse("abcd-efgh-jkmn-pqrs-tvw/"),
            Err(VerificationCodeError::BadSymbol('/'))
        );
        assert_eq!(
            VerificationCode::parse("abcd-efgh-jkmn-pqrs-tvwx")
                .unwrap()
                .printed(),
            "abcd-efgh-jkmn-pqrs-tvwx"
        );
    }
}
