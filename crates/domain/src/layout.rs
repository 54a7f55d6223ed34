//! The page layout the site hands the intake: the site's own header, navigation, language switch, stylesheet
//! and footer around a hole, so that the pages the intake renders for browsers without JavaScript (receipt,
//! problems, status, rate limit) look like the rest of the site. The site build writes one layout per language
//! ([`LayoutFile`]); the intake reads it from the built site and fills its [`Hole`]s with [`fill`].

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

/// `layout` with its holes filled: `title` and `language_switch` escaped here, `content` as the HTML it is. Each
/// marker is replaced once, in one pass, so nothing a filling holds is ever read as a marker.
pub fn fill(layout: &str, title: &str, language_switch: &str, content: &str) -> String {
    let title = escape(title);
    let switch = escape(language_switch);
    let mut out = String::with_capacity(layout.len() + content.len() + 64);
    let mut rest = layout;
    loop {
        let next = [
            (Hole::Title, title.as_str()),
            (Hole::LanguageSwitch, switch.as_str()),
            (Hole::Content, content),
        ]
        .into_iter()
        .filter_map(|(hole, with)| rest.find(hole.marker()).map(|at| (at, hole, with)))
        .min_by_key(|(at, _, _)| *at);
        match next {
            Some((at, hole, with)) => {
                out.push_str(&rest[..at]);
                out.push_str(with);
                rest = &rest[at + hole.marker().len()..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// HTML escaping of text for element content and quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &str = "<title>%%INTAKE_TITLE%% — Tim</title><a href=\"/__INTAKE_LANGUAGE_SWITCH__\">EN</a>\
        <link rel=\"alternate\" href=\"https://x/__INTAKE_LANGUAGE_SWITCH__\"><main>%%INTAKE_CONTENT%%</main>";

    #[test]
    fn fills_every_hole_and_escapes_what_is_text() {
        let page = fill(
            LAYOUT,
            "Status <b>",
            "/api/reports/A?lang=en&x=\"",
            "<h1>%%INTAKE_TITLE%%</h1>",
        );
        assert_eq!(
            page,
            "<title>Status &lt;b&gt; — Tim</title><a href=\"/api/reports/A?lang=en&amp;x=&quot;\">EN</a>\
             <link rel=\"alternate\" href=\"https://x/api/reports/A?lang=en&amp;x=&quot;\">\
             <main><h1>%%INTAKE_TITLE%%</h1></main>"
        );
    }

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
