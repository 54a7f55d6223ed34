//! The two languages of the product: Bahasa Indonesia first, English beside it.

use serde::{Deserialize, Serialize};

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header or a form field: English only when asked for first.
    pub fn negotiate(header: &str) -> Lang {
        let first = header
            .split(',')
            .next()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if first == "en" || first.starts_with("en-") {
            Lang::En
        } else {
            Lang::Id
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// Builds a text from its two translations.
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_preferred() {
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,id;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("id-ID,en;q=0.5"), Lang::Id);
        assert_eq!(Lang::negotiate(""), Lang::Id);
        assert_eq!(Lang::negotiate("fr"), Lang::Id);
        assert_eq!(Lang::negotiate("EN"), Lang::En);
    }
}
