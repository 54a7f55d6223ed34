//! Tracking codes: what a reporter gets back and types in later to see their case's status.
//!
//! A code is a configurable prefix and twelve Crockford base32 symbols, printed `TGL-7KQ3-M9XD-2FHR`. Eleven
//! symbols (55 bits) come from the operating system's CSPRNG; the twelfth is a check symbol over GF(32): the
//! weighted sum `Σ αⁱ·sᵢ` of all twelve symbols is zero, so any single wrong symbol and any two swapped symbols
//! (adjacent or not) are caught before a lookup. Reading is case-insensitive, ignores hyphens and spaces, and
//! takes Crockford's aliases (`O`→`0`, `I` and `L`→`1`). The prefix is presentation: the store's key is the
//! twelve symbols alone, so a code typed without its prefix still finds its case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;

mod symbols;

use symbols::{ALPHABET, RANDOM_SYMBOLS, check_symbol, symbol_value, weighted_sum};
pub use symbols::{RANDOM_BITS, SYMBOLS};

/// The team's prefix on its tracking codes: 2 to 5 letters, e.g. `TGL`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingPrefix(String);

impl TrackingPrefix {
    /// Parses a prefix: 2 to 5 ASCII letters, stored upper case.
    pub fn parse(raw: &str) -> Result<Self, TrackingCodeError> {
        let prefix = raw.trim().to_ascii_uppercase();
        if (2..=5).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(TrackingPrefix(prefix))
        } else {
            Err(TrackingCodeError::BadPrefix)
        }
    }

    /// The prefix's letters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TrackingPrefix {
    type Error = TrackingCodeError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<TrackingPrefix> for String {
    fn from(prefix: TrackingPrefix) -> String {
        prefix.0
    }
}

/// Why a typed code was refused before any lookup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingCodeError {
    /// Not twelve symbols once separators are removed.
    #[error("a tracking code has {SYMBOLS} symbols after its prefix; {0} given")]
    WrongLength(usize),
    /// A character outside Crockford's alphabet.
    #[error("'{0}' is not a tracking-code symbol")]
    InvalidCharacter(char),
    /// The check symbol does not match: a symbol was mistyped or two were swapped.
    #[error("the check symbol does not match: a symbol is mistyped or two are swapped")]
    CheckFailed,
    /// The prefix is not 2 to 5 letters.
    #[error("a tracking-code prefix is 2 to 5 letters")]
    BadPrefix,
}

impl TrackingCodeError {
    /// The error as the reporter sees it on the `tracking_code` field.
    pub fn to_field_error(&self) -> FieldError {
        let (id, en) = match self {
            TrackingCodeError::WrongLength(_) | TrackingCodeError::InvalidCharacter(_) => (
                "Kode pelacakan tidak dikenali. Periksa kembali kode dari tanda terima laporan Anda.",
                "This is not a tracking code. Check the code on your report receipt.",
            ),
            TrackingCodeError::CheckFailed => (
                "Kode pelacakan salah ketik: ada karakter yang keliru atau tertukar.",
                "The tracking code has a typo: a character is wrong or two are swapped.",
            ),
            TrackingCodeError::BadPrefix => (
                "Awalan kode pelacakan terdiri dari 2 sampai 5 huruf.",
                "A tracking-code prefix is 2 to 5 letters.",
            ),
        };
        FieldError::new("tracking_code", id, en)
    }
}

/// A case's tracking code. Built only by [`TrackingCode::generate`] or by parsing a typed code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingCode {
    prefix: Option<TrackingPrefix>,
    /// The twelve symbols, upper case, no separators: the store's key.
    key: String,
}

impl TrackingCode {
    /// Draws a new code from the operating system's CSPRNG.
    pub fn generate(prefix: &TrackingPrefix) -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)?;
        let bits = u64::from_le_bytes(bytes);
        let mut random = [0u8; RANDOM_SYMBOLS];
        for (i, symbol) in random.iter_mut().enumerate() {
            *symbol = ((bits >> (5 * i)) & 0x1f) as u8;
        }
        Ok(Self::from_symbols(Some(prefix.clone()), &random))
    }

    fn from_symbols(prefix: Option<TrackingPrefix>, random: &[u8; RANDOM_SYMBOLS]) -> Self {
        let key = random
            .iter()
            .chain(std::iter::once(&check_symbol(random)))
            .map(|&s| ALPHABET[s as usize] as char)
            .collect();
        TrackingCode { prefix, key }
    }

    /// Reads a typed code: case-insensitive, hyphens and spaces optional, prefix optional.
    pub fn parse(input: &str) -> Result<Self, TrackingCodeError> {
        let compact: Vec<char> = input
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\t'))
            .collect();
        if compact.len() < SYMBOLS {
            return Err(TrackingCodeError::WrongLength(compact.len()));
        }
        let (prefix_chars, body) = compact.split_at(compact.len() - SYMBOLS);
        let prefix = if prefix_chars.is_empty() {
            None
        } else {
            let prefix: String = prefix_chars.iter().collect();
            if !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
                // Symbols before the last twelve that are not a prefix: the code is too long.
                return Err(TrackingCodeError::WrongLength(compact.len()));
            }
            Some(TrackingPrefix::parse(&prefix)?)
        };
        let mut values = [0u8; SYMBOLS];
        for (value, &c) in values.iter_mut().zip(body) {
            *value = symbol_value(c).ok_or(TrackingCodeError::InvalidCharacter(c))?;
        }
        if weighted_sum(&values) != 0 {
            return Err(TrackingCodeError::CheckFailed);
        }
        let key = values
            .iter()
            .map(|&s| ALPHABET[s as usize] as char)
            .collect();
        Ok(TrackingCode { prefix, key })
    }

    /// The twelve symbols without prefix or separators: what the store keys a case by.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The prefix, when the code carries one.
    pub fn prefix(&self) -> Option<&TrackingPrefix> {
        self.prefix.as_ref()
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(prefix) = &self.prefix {
            write!(f, "{}-", prefix.as_str())?;
        }
        let (a, rest) = self.key.split_at(4);
        let (b, c) = rest.split_at(4);
        write!(f, "{a}-{b}-{c}")
    }
}

impl FromStr for TrackingCode {
    type Err = TrackingCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for TrackingCode {
    type Error = TrackingCodeError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<TrackingCode> for String {
    fn from(code: TrackingCode) -> String {
        code.to_string()
    }
}

#[cfg(test)]
mod tests;
