//! The staff-facing register number of a case: the year it was received in and its place in that year's count,
//! written `2026/0042` (at least four digits). It is the team's own reference — the number an advisory's front
//! matter names the cases it came from by (`cases = ["2026/0042"]`) — and never the tracking code, which is the
//! reporter's key and must not reach content files that may be public.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The store's sequence that counts the cases received in `year` (local time of the team).
pub fn register_sequence(year: i32) -> String {
    format!("case-register:{year}")
}

/// The digits the count is padded to.
const COUNT_DIGITS: usize = 4;

/// A case's register number: year of receipt and count within that year (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegisterNumber {
    year: u16,
    count: u32,
}

/// Why a text is not a register number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a case register number: write the year, a slash and the count of at least four digits, as \
     the case shows it (e.g. \"2026/0042\"), never the tracking code"
)]
pub struct RegisterNumberError {
    /// The text refused.
    pub text: String,
}

impl RegisterNumber {
    /// The register number of the `count`th case received in `year`; `None` for a count of 0 or a year outside
    /// 2000–9999.
    pub fn new(year: i32, count: u32) -> Option<Self> {
        let year = u16::try_from(year)
            .ok()
            .filter(|y| (2000..=9999).contains(y))?;
        (count > 0).then_some(RegisterNumber { year, count })
    }

    /// The year the case was received in.
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// Its place in that year's count, from 1.
    pub fn count(self) -> u32 {
        self.count
    }

    /// Reads `2026/0042`: a four-digit year, a slash, and the count as the number is written (padded to four
    /// digits with zeros, longer only when it is above 9999).
    pub fn parse(text: &str) -> Result<Self, RegisterNumberError> {
        let refuse = || RegisterNumberError {
            text: text.to_owned(),
        };
        let (year, count) = text.split_once('/').ok_or_else(refuse)?;
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(count) || count.len() < COUNT_DIGITS {
            return Err(refuse());
        }
        if count.len() > COUNT_DIGITS && count.starts_with('0') {
            return Err(refuse());
        }
        let year: i32 = year.parse().map_err(|_| refuse())?;
        let count: u32 = count.parse().map_err(|_| refuse())?;
        RegisterNumber::new(year, count).ok_or_else(refuse)
    }
}

impl fmt::Display for RegisterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{:0width$}",
            self.year,
            self.count,
            width = COUNT_DIGITS
        )
    }
}

impl FromStr for RegisterNumber {
    type Err = RegisterNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RegisterNumber::parse(text)
    }
}

impl Serialize for RegisterNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RegisterNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        RegisterNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_year_and_a_padded_count() {
        let number = RegisterNumber::new(2026, 42).unwrap();
        assert_eq!(number.to_string(), "2026/0042");
        assert_eq!(RegisterNumber::parse("2026/0042").unwrap(), number);
        assert_eq!((number.year(), number.count()), (2026, 42));
        let large = RegisterNumber::new(2027, 12345).unwrap();
        assert_eq!(large.to_string(), "2027/12345");
        assert_eq!(RegisterNumber::parse("2027/12345").unwrap(), large);
        assert!(RegisterNumber::new(2026, 1).unwrap() < RegisterNumber::new(2026, 2).unwrap());
        assert!(RegisterNumber::new(2026, 9).unwrap() < RegisterNumber::new(2027, 1).unwrap());
    }

    #[test]
    fn anything_else_is_refused_with_the_form_to_write() {
        for bad in [
            "",
            "2026",
            "2026/42",
            "2026/00042",
            "2026/0000",
            "26/0042",
            "1999/0001",
            "2026-0042",
            "2026/00a2",
            " 2026/0042",
            "2026/0042/1",
            "TGL-7K3M-9QXD",
        ] {
            let error = RegisterNumber::parse(bad).unwrap_err();
            assert_eq!(error.text, bad);
            assert!(error.to_string().contains("\"2026/0042\""), "{error}");
        }
        assert!(RegisterNumber::new(2026, 0).is_none());
        assert!(RegisterNumber::new(10_000, 1).is_none());
    }

    #[test]
    fn serde_uses_the_written_form() {
        #[derive(Debug, Serialize, Deserialize)]
        struct Front {
            cases: Vec<RegisterNumber>,
        }
        let front: Front = toml::from_str("cases = [\"2026/0042\", \"2026/0107\"]").unwrap();
        assert_eq!(front.cases[1], RegisterNumber::new(2026, 107).unwrap());
        assert_eq!(
            toml::to_string(&front).unwrap(),
            "cases = [\"2026/0042\", \"2026/0107\"]\n"
        );
        let error = toml::from_str::<Front>("cases = [\"TGL-7K3M\"]").unwrap_err();
        assert!(
            error.to_string().contains("not a case register number"),
            "{error}"
        );
    }
}
