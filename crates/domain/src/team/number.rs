//! Document numbers (*nomor surat*) from the configured pattern, e.g. `007/SPIS/TegalKab-CSIRT/XI/2026`.

use crate::case::DocumentKind;
use chrono::{Datelike, NaiveDate};

use super::documents::DocumentSettings;

/// The pattern used when the configuration gives none.
pub const DEFAULT_NUMBER_FORMAT: &str = "{seq:03}/{code}/{team}/{month_roman}/{year}";

/// The placeholders a number pattern may use.
const PLACEHOLDERS: [&str; 6] = ["seq", "code", "team", "month", "month_roman", "year"];

/// One piece of a parsed pattern.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// Text copied as it is.
    Text(&'a str),
    /// A placeholder and, for `{seq:03}`, the width to zero-pad to.
    Field(&'a str, usize),
}

/// Splits a pattern into text and placeholders, or says what is wrong with it.
fn parse(pattern: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("{pattern:?} has a \"{{\" without its \"}}\""))?;
        let inside = &after[..close];
        let (name, width) = match inside.split_once(':') {
            Some((name, width)) => {
                let width = width
                    .parse::<usize>()
                    .ok()
                    .filter(|w| (1..=9).contains(w))
                    .ok_or_else(|| {
                        format!("{{{inside}}}: the width after \":\" is a number from 1 to 9, such as {{seq:03}}")
                    })?;
                (name, width)
            }
            None => (inside, 0),
        };
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "{{{name}}} is not a placeholder; use {}",
                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
            ));
        }
        pieces.push(Piece::Field(name, width));
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("{pattern:?} has a \"}}\" without its \"{{\""));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Checks a number pattern: only known placeholders, and the sequence among them (numbers must be unique).
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let pieces = parse(pattern)?;
    if pieces.iter().any(|p| matches!(p, Piece::Field("seq", _))) {
        Ok(())
    } else {
        Err(format!(
            "{pattern:?} lacks {{seq}}, so two documents would get the same number"
        ))
    }
}

/// A month (1-12) in Roman numerals, as Indonesian letter numbers write it.
pub fn roman_month(month: u32) -> &'static str {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| ROMAN.get(i))
        .copied()
        .unwrap_or("?")
}

/// The number of the `sequence`-th document of `kind` issued by `team` in the year of `issued_on`, after the
/// configured pattern. The sequence comes from the store's per-kind, per-year counter; this only formats it.
/// A pattern the configuration check would refuse is used as far as it is understood.
pub fn document_number(
    settings: &DocumentSettings,
    team: &str,
    kind: DocumentKind,
    sequence: u32,
    issued_on: NaiveDate,
) -> String {
    numbered(settings, team, settings.codes.of(kind), sequence, issued_on)
}

/// The number of the `sequence`-th document carrying `code` issued by `team` in the year of `issued_on`, after
/// the configured pattern: [`document_number`] for a document that is not issued on a case (the periodic
/// activity report, code [`super::DocumentCodes::activity_report`]).
pub fn numbered(
    settings: &DocumentSettings,
    team: &str,
    code: &str,
    sequence: u32,
    issued_on: NaiveDate,
) -> String {
    let pieces = parse(&settings.number_format)
        .or_else(|_| parse(DEFAULT_NUMBER_FORMAT))
        .unwrap_or_default();
    let mut number = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => number.push_str(text),
            Piece::Field(name, width) => {
                let value = match name {
                    "seq" => sequence.to_string(),
                    "code" => code.to_owned(),
                    "team" => team.to_owned(),
                    "month" => issued_on.month().to_string(),
                    "month_roman" => roman_month(issued_on.month()).to_owned(),
                    _ => issued_on.year().to_string(),
                };
                number.push_str(&format!("{value:0>width$}"));
            }
        }
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_checked() {
        assert!(check_pattern("{seq:03}/{code}/{team}/{month_roman}/{year}").is_ok());
        assert!(check_pattern("B-{seq}/DISKOMINFO/000.6/{month:02}/{year}").is_ok());
        for (bad, says) in [
            ("{code}/{year}", "lacks {seq}"),
            ("{seq}/{bulan}", "{bulan} is not a placeholder"),
            ("{seq:x}", "width"),
            ("{seq", "without its"),
            ("{seq}}", "without its"),
        ] {
            let problem = check_pattern(bad).unwrap_err();
            assert!(problem.contains(says), "{bad}: {problem}");
        }
    }

    #[test]
    fn roman_months() {
        assert_eq!(roman_month(1), "I");
        assert_eq!(roman_month(9), "IX");
        assert_eq!(roman_month(12), "XII");
        assert_eq!(roman_month(13), "?");
    }
}
