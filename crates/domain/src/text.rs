//! Free-text fields: trimmed, line endings normalised, control and direction-override characters refused,
//! length bounded in characters. HTML and template syntax are kept verbatim: they are text, escaped where shown.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;

/// Whether a field may span several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Newlines are refused.
    Single,
    /// Newlines and tabs are kept.
    Multi,
}

/// The error for a required field left empty.
pub fn required(field: &'static str) -> FieldError {
    FieldError::new(field, "Wajib diisi.", "Required.")
}

/// The characters that change how surrounding text is displayed without being visible: the Arabic letter mark,
/// the left-to-right and right-to-left marks, the bidirectional embeddings and overrides (U+202A–U+202E), the
/// isolates (U+2066–U+2069) and the byte-order mark. They can disguise a URL, a file name or a name, so no
/// field accepts them and no document or message shows them. The one list of them: see
/// [`is_direction_override`].
pub const DIRECTION_OVERRIDES: [char; 13] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}',
];

/// Whether `c` is one of the [`DIRECTION_OVERRIDES`].
pub fn is_direction_override(c: char) -> bool {
    DIRECTION_OVERRIDES.contains(&c)
}

/// Whether `c` must not be shown as it is: a control character other than newline and tab, or a
/// [direction override](DIRECTION_OVERRIDES).
pub fn is_hidden_character(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t')) || is_direction_override(c)
}

/// Cleans one free-text value. Returns `None` when the value is empty after trimming.
pub fn clean(
    field: &'static str,
    raw: &str,
    max_chars: usize,
    lines: Lines,
) -> Result<Option<String>, FieldError> {
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = normalised.trim();
    if text.is_empty() {
        return Ok(None);
    }
    for c in text.chars() {
        let allowed_whitespace = matches!(c, '\n' | '\t') && lines == Lines::Multi;
        if c == '\n' && lines == Lines::Single {
            return Err(FieldError::new(
                field,
                "Harus satu baris.",
                "Must be a single line.",
            ));
        }
        if (c.is_control() && !allowed_whitespace) || is_direction_override(c) {
            return Err(FieldError::new(
                field,
                "Berisi karakter kendali yang tidak diizinkan.",
                "Contains control characters that are not allowed.",
            ));
        }
    }
    let count = text.chars().count();
    if count > max_chars {
        return Err(FieldError::new(
            field,
            format!("Paling banyak {max_chars} karakter (tertulis {count})."),
            format!("At most {max_chars} characters ({count} given)."),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Declares a text newtype built only by [`clean`], with its field name, length bound and line rule.
macro_rules! text_field {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:expr, $lines:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The intake API's name for this field.
            pub const FIELD: &'static str = $field;
            /// The most characters the field takes.
            pub const MAX_CHARS: usize = $max;

            /// Parses an optional value: empty gives `None`.
            pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
                Ok(clean($field, raw, $max, $lines)?.map($name))
            }

            /// Parses a required value: empty is an error.
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                Self::parse_optional(raw)?.ok_or_else(|| required($field))
            }

            /// The cleaned text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(raw: String) -> Result<Self, FieldError> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_field!(
    /// The reporter's name or the alias they chose to be contacted under (personal data).
    PersonName, "reporter_name", 120, Lines::Single
);
text_field!(
    /// A message on the thread between the team and the reporter (either way).
    MessageText, "text", 5_000, Lines::Multi
);
text_field!(
    /// The reporter's organisation, when they report for one.
    Organisation, "reporter_organisation", 200, Lines::Single
);
text_field!(
    /// A one-line summary of the incident.
    Title, "title", 200, Lines::Single
);
text_field!(
    /// What happened, in the reporter's words.
    Description, "description", 20_000, Lines::Multi
);
text_field!(
    /// The sequence of events as the reporter saw it (one of BSSN's minimum fields).
    Chronology, "chronology", 20_000, Lines::Multi
);
text_field!(
    /// The impact the reporter observed (one of BSSN's minimum fields).
    Impact, "impact", 10_000, Lines::Multi
);
text_field!(
    /// The affected application's name.
    ApplicationName, "affected_application", 200, Lines::Single
);
text_field!(
    /// The agency (Perangkat Daerah / OPD) that owns the affected system.
    AgencyName, "affected_agency", 200, Lines::Single
);
text_field!(
    /// Staff-written text: notes, reasons, analysis, recommendations. Never shown to the reporter.
    StaffText, "text", 50_000, Lines::Multi
);
text_field!(
    /// The team's own summary of an incident, which letters and reports to the system owner carry instead of
    /// the reporter's words.
    SummaryText, "summary", 20_000, Lines::Multi
);
text_field!(
    /// A staff member's or partner's identifier as recorded on events and assignments.
    ActorName, "actor", 120, Lines::Single
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_normalises_line_endings() {
        let text = Description::parse("  baris satu\r\nbaris dua\rtiga \n").unwrap();
        assert_eq!(text.as_str(), "baris satu\nbaris dua\ntiga");
    }

    #[test]
    fn empty_and_blank_are_missing() {
        assert_eq!(Title::parse_optional("").unwrap(), None);
        assert_eq!(Title::parse_optional(" \n\t ").unwrap(), None);
        let error = Title::parse("   ").unwrap_err();
        assert_eq!(error.field, "title");
        assert_eq!(error.message.id, "Wajib diisi.");
    }

    #[test]
    fn html_and_template_syntax_are_kept_verbatim() {
        for hostile in [
            "<script>alert(1)</script>",
            "{{ config.secret }} {% include \"x\" %}",
            "\"><img src=x onerror=alert(1)>",
            "'; DROP TABLE cases; --",
        ] {
            assert_eq!(Title::parse(hostile).unwrap().as_str(), hostile);
        }
    }

    #[test]
    fn control_and_override_characters_are_refused() {
        for hostile in [
            "a\u{0}b",
            "a\u{7}b",
            "a\u{1b}[31mb",
            "evil\u{202E}txt.exe",
            "x\u{2066}y",
            "\u{feff}x",
        ] {
            let error = Description::parse(hostile).unwrap_err();
            assert_eq!(error.field, "description", "{hostile:?}");
        }
        assert!(Title::parse("dua\nbaris").is_err());
        assert!(Title::parse("tab\tdi dalam").is_err());
        assert!(Description::parse("tab\tdi dalam\nbaris").is_ok());
    }

    #[test]
    fn every_direction_override_is_refused_and_hidden() {
        // The list is exactly the marks, the embeddings and overrides, the isolates and the byte-order mark.
        let expected: Vec<char> = ['\u{061C}', '\u{200E}', '\u{200F}']
            .into_iter()
            .chain('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{FEFF}'])
            .collect();
        assert_eq!(DIRECTION_OVERRIDES.to_vec(), expected);
        for c in DIRECTION_OVERRIDES {
            assert!(is_direction_override(c) && is_hidden_character(c), "{c:?}");
            assert!(Title::parse(&format!("a{c}b")).is_err(), "{c:?}");
        }
        for shown in ['a', ' ', '\n', '\t', 'é', '\u{200B}'] {
            assert!(!is_hidden_character(shown), "{shown:?}");
        }
        assert!(is_hidden_character('\u{1b}') && is_hidden_character('\u{0}'));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let at_limit = "é".repeat(Title::MAX_CHARS);
        assert!(Title::parse(&at_limit).is_ok());
        let over = "漢".repeat(Title::MAX_CHARS + 1);
        let error = Title::parse(&over).unwrap_err();
        assert!(
            error
                .message
                .en
                .contains("At most 200 characters (201 given)"),
            "{}",
            error.message.en
        );
    }

    #[test]
    fn very_long_unicode_is_refused_not_truncated() {
        let huge = "🛡️".repeat(100_000);
        assert!(Description::parse(&huge).is_err());
    }

    #[test]
    fn deserialising_runs_the_parser() {
        assert!(serde_json::from_str::<Title>("\"ok\"").is_ok());
        assert!(serde_json::from_str::<Title>("\"\"").is_err());
        assert!(serde_json::from_str::<Title>("\"a\\u0000b\"").is_err());
    }
}
