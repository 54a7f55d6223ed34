//! The page layout the site hands the intake: the site's own header, navigation, language switch, stylesheet
//! and footer around a hole, so that the pages the intake renders for browsers without JavaScript (receipt,
//! problems, status, rate limit) look like the rest of the site. The site build writes one layout per language
//! ([`LayoutFile`]); the intake reads it from the built site and fills its [`Hole`]s.

use crate::lang::Lang;

/// A place in a layout that the intake fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hole {
    /// The page's own title, before the team's name in `<title>` (escaped text).
    Title,
    /// The language switch's target: the same page in the other language (an escaped URL path).
    LanguageSwitch,
    /// The page's content inside `<main>` (HTML).
    Content,
}

impl Hole {
    /// The marker the site's layout template writes where this hole is. It survives HTML escaping unchanged; the
    /// language switch's is a valid URL path (the layout is a valid page) that link checkers skip
    /// ([`Hole::is_marker`]).
    pub const fn marker(self) -> &'static str {
        match self {
            Hole::Title => "%%INTAKE_TITLE%%",
            Hole::LanguageSwitch => "/__INTAKE_LANGUAGE_SWITCH__",
            Hole::Content => "%%INTAKE_CONTENT%%",
        }
    }

    /// Whether `text` (an `href`, say) is one of the markers.
    pub fn is_marker(text: &str) -> bool {
        [Hole::Title, Hole::LanguageSwitch, Hole::Content]
            .iter()
            .any(|hole| text.contains(hole.marker()))
    }
}

/// Where the site build writes the layout of a language, relative to the built site's root.
pub struct LayoutFile;

impl LayoutFile {
    /// `_layout/intake.html` (Indonesian) or `en/_layout/intake.html` (English).
    pub fn path(lang: Lang) -> &'static str {
        match lang {
            Lang::Id => "_layout/intake.html",
            Lang::En => "en/_layout/intake.html",
        }
    }
}

/// Why a text is not a usable layout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the layout has no {0} marker")]
pub struct MissingHole(pub &'static str);

/// Checks that `layout` has every hole, once for the content.
pub fn check(layout: &str) -> Result<(), MissingHole> {
    for hole in [Hole::Title, Hole::LanguageSwitch, Hole::Content] {
        if !layout.contains(hole.marker()) {
            return Err(MissingHole(hole.marker()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &str = "<title>%%INTAKE_TITLE%% — Tim</title><a href=\"/__INTAKE_LANGUAGE_SWITCH__\">EN</a>\
        <link rel=\"alternate\" href=\"https://x/__INTAKE_LANGUAGE_SWITCH__\"><main>%%INTAKE_CONTENT%%</main>";

    #[test]
    fn a_layout_without_a_hole_is_refused() {
        assert_eq!(check(LAYOUT), Ok(()));
        assert_eq!(
            check("<main>%%INTAKE_CONTENT%%</main>"),
            Err(MissingHole("%%INTAKE_TITLE%%"))
        );
        assert!(Hole::is_marker("/__INTAKE_LANGUAGE_SWITCH__"));
        assert!(Hole::is_marker("https://x/__INTAKE_LANGUAGE_SWITCH__"));
        assert!(!Hole::is_marker("/en/"));
    }
}
