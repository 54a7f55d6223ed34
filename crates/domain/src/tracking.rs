//! Tracking codes: what a reporter gets back and types in later to see their case's status.
//!
//! A code is a configurable prefix and twelve Crockford base32 symbols, printed `TGL-7KQ3-M9XD-2FH9`. Eleven
//! symbols (55 bits) come from the operating system's CSPRNG; the twelfth is a check symbol over GF(32): the
//! weighted sum `Σ αⁱ·sᵢ` of all twelve symbols is zero, so any single wrong symbol and any two swapped symbols
//! (adjacent or not) are caught before a lookup. Reading is case-insensitive, ignores hyphens and spaces, and
//! takes Crockford's aliases (`O`→`0`, `I` and `L`→`1`). The prefix is presentation: the store's key is the
//! twelve symbols alone, so a code typed without its prefix still finds its case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;

/// Crockford's base32 alphabet: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols drawn at random.
const RANDOM_SYMBOLS: usize = 11;
/// Random symbols plus the check symbol.
pub const SYMBOLS: usize = RANDOM_SYMBOLS + 1;
/// Random bits in a code.
pub const RANDOM_BITS: u32 = 5 * RANDOM_SYMBOLS as u32;
const _: () = assert!(
    RANDOM_BITS >= 50,
    "a tracking code needs at least 50 random bits"
);

/// Multiplies in GF(2⁵) modulo the primitive polynomial x⁵ + x² + 1.
fn gf32_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0x25;
        }
    }
    product
}

/// αⁱ for the generator α = x.
fn alpha_pow(i: usize) -> u8 {
    (0..i % 31).fold(1, |acc, _| gf32_mul(acc, 2))
}

/// Σ αⁱ·sᵢ over the given symbol values.
fn weighted_sum(symbols: &[u8]) -> u8 {
    symbols
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &s)| acc ^ gf32_mul(alpha_pow(i), s))
}

/// The check symbol that makes the weighted sum of all twelve symbols zero.
fn check_symbol(random: &[u8; RANDOM_SYMBOLS]) -> u8 {
    // s₁₁ = α⁻¹¹ · Σ αⁱ·sᵢ, and α⁻¹¹ = α²⁰ because α³¹ = 1.
    gf32_mul(alpha_pow(31 - RANDOM_SYMBOLS), weighted_sum(random))
}

/// Reads one symbol, with Crockford's aliases.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

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
mod tests {
    use super::*;

    fn prefix() -> TrackingPrefix {
        TrackingPrefix::parse("TGL").unwrap()
    }

    fn sample(n: usize) -> Vec<TrackingCode> {
        (0..n)
            .map(|_| TrackingCode::generate(&prefix()).unwrap())
            .collect()
    }

    #[test]
    fn round_trips_through_its_printed_form() {
        for code in sample(200) {
            let printed = code.to_string();
            assert_eq!(printed.len(), "TGL-".len() + 14, "{printed}");
            assert!(printed.starts_with("TGL-"));
            assert_eq!(TrackingCode::parse(&printed).unwrap(), code);
        }
    }

    #[test]
    fn reading_is_forgiving_about_case_separators_prefix_and_aliases() {
        let code = sample(1).remove(0);
        let key = code.key().to_owned();
        let found = |typed: &str| TrackingCode::parse(typed).map(|c| c.key().to_owned());
        assert_eq!(found(&key.to_ascii_lowercase()), Ok(key.clone()));
        assert_eq!(found(&format!("tgl{key}")), Ok(key.clone()));
        assert_eq!(
            found(&format!(" {} ", code.to_string().replace('-', " "))),
            Ok(key.clone())
        );
        assert_eq!(
            found(&key.replace('0', "o").replace('1', "l")),
            Ok(key.clone())
        );
        // A prefix of letters that are also aliases is read as letters.
        let bali = TrackingCode::generate(&TrackingPrefix::parse("bali").unwrap()).unwrap();
        assert_eq!(
            TrackingCode::parse(&bali.to_string())
                .unwrap()
                .prefix()
                .unwrap()
                .as_str(),
            "BALI"
        );
    }

    #[test]
    fn every_single_substitution_is_caught() {
        for code in sample(50) {
            let symbols: Vec<char> = code.key().chars().collect();
            for position in 0..SYMBOLS {
                for &replacement in ALPHABET {
                    let replacement = replacement as char;
                    if replacement == symbols[position] {
                        continue;
                    }
                    let mut typo = symbols.clone();
                    typo[position] = replacement;
                    let typed: String = typo.into_iter().collect();
                    assert_eq!(
                        TrackingCode::parse(&typed),
                        Err(TrackingCodeError::CheckFailed),
                        "{typed}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_swap_of_two_different_symbols_is_caught() {
        for code in sample(200) {
            let symbols: Vec<char> = code.key().chars().collect();
            for i in 0..SYMBOLS {
                for j in i + 1..SYMBOLS {
                    if symbols[i] == symbols[j] {
                        continue;
                    }
                    let mut swapped = symbols.clone();
                    swapped.swap(i, j);
                    let typed: String = swapped.into_iter().collect();
                    assert_eq!(
                        TrackingCode::parse(&typed),
                        Err(TrackingCodeError::CheckFailed),
                        "{typed}"
                    );
                }
            }
        }
    }

    #[test]
    fn codes_are_distinct_and_use_the_whole_alphabet() {
        let codes = sample(5_000);
        let distinct: std::collections::HashSet<_> =
            codes.iter().map(|c| c.key().to_owned()).collect();
        assert_eq!(distinct.len(), codes.len());
        // Every symbol appears in every random position across 5,000 draws (each is missed with p ≈ 1e-68).
        for position in 0..RANDOM_SYMBOLS {
            let seen: std::collections::HashSet<char> = codes
                .iter()
                .map(|c| c.key().chars().nth(position).unwrap())
                .collect();
            assert_eq!(seen.len(), 32, "position {position}");
        }
    }

    #[test]
    fn malformed_input_is_refused_with_a_reason() {
        assert_eq!(
            TrackingCode::parse(""),
            Err(TrackingCodeError::WrongLength(0))
        );
        assert_eq!(
            TrackingCode::parse("TGL-7KQ3"),
            Err(TrackingCodeError::WrongLength(7))
        );
        assert!(matches!(
            TrackingCode::parse("UUUU-UUUU-UUUU"),
            Err(TrackingCodeError::InvalidCharacter('U'))
        ));
        assert!(matches!(
            TrackingCode::parse("<script>alrt"),
            Err(TrackingCodeError::InvalidCharacter('<'))
        ));
        assert!(TrackingCode::parse("<script>alert(1)</script>").is_err());
        assert!(TrackingCode::parse("{{7*7}}{{7*7}}").is_err());
        assert!(TrackingCode::parse(&"A".repeat(10_000)).is_err());
        assert!(TrackingCode::parse("12345678901234567890").is_err());
        assert!(TrackingCode::parse("TOOLONGPREFIX-0000-0000-0000").is_err());
        assert!(TrackingCode::parse("ÄÖÜ0-0000-0000-00").is_err());
        let message = TrackingCodeError::CheckFailed.to_field_error();
        assert_eq!(message.field, "tracking_code");
        assert!(message.message.id.contains("salah ketik"));
    }

    #[test]
    fn prefixes_are_two_to_five_letters() {
        assert_eq!(TrackingPrefix::parse("tgl").unwrap().as_str(), "TGL");
        for bad in ["", "T", "TOOLONG", "T1", "T-L", "<b>"] {
            assert_eq!(
                TrackingPrefix::parse(bad),
                Err(TrackingCodeError::BadPrefix),
                "{bad}"
            );
        }
    }
}
