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
    /// Both languages, Bahasa Indonesia first.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The language's code: `id` or `en`, as in URLs (`?lang=en`), template names (`*.en.txt`), HTML `lang`
    /// attributes, settings (`CSIRT_TEAM_LANG`) and the serialised form.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The language with code `code` (`id` or `en`, exactly); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The other language.
    pub const fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// `id` in Bahasa Indonesia, `en` in English: one of two values, by language.
    pub fn pick<T>(self, id: T, en: T) -> T {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

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
        lang.pick(&self.id, &self.en)
    }

    /// The text in `lang`, to change it.
    pub fn get_mut(&mut self, lang: Lang) -> &mut String {
        lang.pick(&mut self.id, &mut self.en)
    }
}

impl std::fmt::Display for Lang {
    /// The language's code, `id` or `en`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    /// Parses a language code, `id` or `en`.
    fn from_str(code: &str) -> Result<Lang, String> {
        Lang::from_code(code).ok_or_else(|| format!("{code:?} is not id or en"))
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

    #[test]
    fn one_code_per_language_everywhere() {
        for lang in Lang::ALL {
            // The code is the serialised form and the Display form, and reads back.
            assert_eq!(
                serde_json::to_string(&lang).unwrap(),
                format!("\"{}\"", lang.code())
            );
            assert_eq!(lang.to_string(), lang.code());
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
            assert_eq!(lang.other().other(), lang);
            assert_ne!(lang.other(), lang);
        }
        assert_eq!(Lang::Id.code(), "id");
        assert_eq!(Lang::En.code(), "en");
        for unknown in ["", "EN", "en-US", "fr", " id"] {
            assert_eq!(Lang::from_code(unknown), None, "{unknown:?}");
            assert!(unknown.parse::<Lang>().is_err());
        }
    }

    #[test]
    fn localized_text_by_language() {
        let mut text = Localized::new("Halo", "Hello");
        assert_eq!(text.get(Lang::Id), "Halo");
        assert_eq!(text.get(Lang::En), "Hello");
        *text.get_mut(Lang::En) = "Hi".into();
        assert_eq!(text, Localized::new("Halo", "Hi"));
        assert_eq!(Lang::En.pick(1, 2), 2);
    }
}
