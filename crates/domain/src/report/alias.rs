//! The reporter's Hall of Fame choice: consent and the public alias shown on the site.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;
use crate::text::{Lines, clean};

/// A name a reporter chose to be thanked under in public: 2 to 60 letters, digits, spaces and `. - _ '`.
/// Nothing else, so it can never carry markup, a link or an e-mail address onto the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicAlias(String);

impl PublicAlias {
    /// Parses `hall_of_fame_alias`; empty gives `None`.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        let Some(text) = clean("hall_of_fame_alias", raw, 60, Lines::Single)? else {
            return Ok(None);
        };
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\'');
        if text.chars().count() < 2 || !text.chars().all(allowed) {
            return Err(FieldError::new(
                "hall_of_fame_alias",
                "Nama samaran 2-60 karakter: huruf, angka, spasi, titik, tanda hubung, garis bawah, atau apostrof.",
                "An alias is 2-60 characters: letters, digits, spaces, dots, hyphens, underscores or apostrophes.",
            ));
        }
        Ok(Some(PublicAlias(text)))
    }

    /// The alias.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PublicAlias {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        PublicAlias::parse_optional(&raw)?
            .ok_or_else(|| crate::text::required("hall_of_fame_alias"))
    }
}

impl From<PublicAlias> for String {
    fn from(alias: PublicAlias) -> String {
        alias.0
    }
}

/// Whether the reporter may be thanked in public, and under which alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "consent", rename_all = "snake_case")]
pub enum HallOfFame {
    /// Not to be named.
    Declined,
    /// May be named under this alias once the case is closed as valid.
    Consented {
        /// The public alias.
        alias: PublicAlias,
    },
}

/// Parses a checkbox or boolean: `true`, `on`, `yes`, `ya`, `1` and their opposites; empty is `false`.
pub fn parse_flag(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "ya" | "1" => Ok(true),
        "" | "false" | "off" | "no" | "tidak" | "0" => Ok(false),
        _ => Err(FieldError::new(
            field,
            "Nilai harus ya atau tidak.",
            "The value must be yes or no.",
        )),
    }
}

impl HallOfFame {
    /// Parses `hall_of_fame_consent` and `hall_of_fame_alias` together: consent needs an alias.
    pub fn parse(consent: &str, alias: &str) -> Result<Self, FieldError> {
        let alias = PublicAlias::parse_optional(alias)?;
        match (parse_flag("hall_of_fame_consent", consent)?, alias) {
            (true, Some(alias)) => Ok(HallOfFame::Consented { alias }),
            (true, None) => Err(FieldError::new(
                "hall_of_fame_alias",
                "Isi nama samaran yang boleh ditampilkan di Hall of Fame.",
                "Give the alias that may be shown in the Hall of Fame.",
            )),
            (false, _) => Ok(HallOfFame::Declined),
        }
    }

    /// The alias, when the reporter consented.
    pub fn alias(&self) -> Option<&PublicAlias> {
        match self {
            HallOfFame::Consented { alias } => Some(alias),
            HallOfFame::Declined => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_plain_names() {
        assert_eq!(
            PublicAlias::parse_optional("Budi_S.")
                .unwrap()
                .unwrap()
                .as_str(),
            "Budi_S."
        );
        assert_eq!(
            PublicAlias::parse_optional("Ni Luh Ayu")
                .unwrap()
                .unwrap()
                .as_str(),
            "Ni Luh Ayu"
        );
        for bad in [
            "<script>",
            "a",
            "{{ alias }}",
            "me@x.id",
            "https://evil",
            "x\u{202e}y",
            &"a".repeat(61),
        ] {
            assert_eq!(
                PublicAlias::parse_optional(bad).unwrap_err().field,
                "hall_of_fame_alias",
                "{bad}"
            );
        }
    }

    #[test]
    fn consent_needs_an_alias_and_without_consent_the_alias_is_dropped() {
        assert!(matches!(
            HallOfFame::parse("on", "Budi"),
            Ok(HallOfFame::Consented { .. })
        ));
        assert_eq!(
            HallOfFame::parse("on", "").unwrap_err().field,
            "hall_of_fame_alias"
        );
        assert_eq!(HallOfFame::parse("", "Budi").unwrap(), HallOfFame::Declined);
        assert_eq!(
            HallOfFame::parse("maybe", "Budi").unwrap_err().field,
            "hall_of_fame_consent"
        );
    }
}
