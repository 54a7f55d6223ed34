//! One content file: TOML front matter between `+++` lines, then Markdown.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csirt_domain::lang::Lang;
use csirt_domain::register::RegisterNumber;
use csirt_domain::tlp::Tlp;
use serde::Deserialize;

use crate::error::SiteError;
use crate::markdown::{self, Rendered};

/// A page's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title (its `<h1>`).
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// URL segment; defaults to the file stem.
    #[serde(default)]
    pub slug: Option<String>,
    /// The Tera template; defaults to `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Order in the main menu (lower first).
    #[serde(default)]
    pub weight: i32,
    /// Whether the page is in the main menu.
    #[serde(default)]
    pub menu: bool,
    /// Publication date (required for pages in a section, such as advisories): a TOML date (`2026-03-02`)
    /// or the same as a string.
    #[serde(default, deserialize_with = "toml_date")]
    pub date: Option<NaiveDate>,
    /// TLP marking (advisories).
    #[serde(default)]
    pub tlp: Option<Tlp>,
    /// A draft is not built.
    #[serde(default)]
    pub draft: bool,
    /// The register numbers of the cases an advisory came from (`cases = ["2026/0042"]`): the team's own
    /// reference, checked for its form and never published (no page, feed or CSAF document shows it). Never a
    /// tracking code, which is the reporter's key.
    #[serde(default)]
    pub cases: Vec<RegisterNumber>,
}

/// Reads a date written as a TOML date or as a `YYYY-MM-DD` string.
fn toml_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Toml(datetime) => datetime.to_string(),
        Written::Text(text) => text,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("date {text:?} is not YYYY-MM-DD")))
}

/// A content file, parsed and rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the content directory.
    pub source: PathBuf,
    /// Its language: `name.md` is Indonesian, `name.en.md` English.
    pub lang: Lang,
    /// The directory it is in, relative to the content directory (`""` at the top).
    pub dir: String,
    /// The file stem without the language suffix; `_index` for a section's own page.
    pub stem: String,
    /// Front matter.
    pub front: FrontMatter,
    /// The rendered body.
    pub body: Rendered,
    /// The URL path, e.g. `/en/reporting-guide/` (set once every section's slug is known).
    pub path: String,
}

impl Page {
    /// Whether this is a section's own page (`_index.md`).
    pub fn is_index(&self) -> bool {
        self.stem == "_index"
    }

    /// The key two translations share.
    pub fn translation_key(&self) -> String {
        format!("{}/{}", self.dir, self.stem)
    }

    /// The URL segment: the front matter's slug, else the file stem (a section's own page: its directory's name).
    pub fn slug(&self) -> &str {
        if let Some(slug) = &self.front.slug {
            return slug;
        }
        if self.is_index() {
            return self.dir.rsplit('/').next().unwrap_or_default();
        }
        &self.stem
    }

    /// The template that renders it.
    pub fn template(&self) -> &str {
        self.front.template.as_deref().unwrap_or("page.html")
    }

    /// Parses `text`, the content of `source` (relative to the content directory, for messages and paths).
    pub fn parse(source: &Path, text: &str) -> Result<Page, SiteError> {
        Self::parse_with(source, text, &|_| true)
    }

    /// Parses `text`, rendering the Markdown body only when `wants_body` says so for the front matter (a
    /// rebuild that re-renders a few pages needs every page's front matter but few bodies).
    pub fn parse_with(
        source: &Path,
        text: &str,
        wants_body: &(dyn Fn(&FrontMatter) -> bool + Sync),
    ) -> Result<Page, SiteError> {
        let (front, body, body_line) = split(source, text)?;
        let front: FrontMatter = toml::from_str(front).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |span| front[..span.start].matches('\n').count() + 2);
            SiteError::at_line(source, line, format!("front matter: {}", e.message()))
        })?;
        if front.title.trim().is_empty() {
            return Err(SiteError::at_line(
                source,
                2,
                "front matter: title is empty",
            ));
        }
        if let Some(slug) = &front.slug
            && (slug.is_empty()
                || !slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
        {
            return Err(SiteError::at(
                source,
                format!("slug {slug:?} must be lowercase letters, digits and hyphens"),
            ));
        }
        let file_name = source
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let (stem, lang) = match file_name.strip_suffix(".en.md") {
            Some(stem) => (stem, Lang::En),
            None => (file_name.strip_suffix(".md").unwrap_or(file_name), Lang::Id),
        };
        let dir = source
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let body = if wants_body(&front) {
            markdown::render(body, body_line)
        } else {
            Rendered::default()
        };
        Ok(Page {
            source: source.to_owned(),
            lang,
            dir,
            stem: stem.to_owned(),
            front,
            body,
            path: String::new(),
        })
    }
}

/// Splits front matter from body: (front matter, body, line the body starts on).
fn split<'a>(source: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize), SiteError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(SiteError::at_line(
            source,
            1,
            "a page starts with +++ and its TOML front matter",
        ));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err(SiteError::at_line(
            source,
            1,
            "the front matter is not closed with +++",
        ));
    };
    let front = &rest[..end];
    let after = &rest[end + 4..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let body_line = front.matches('\n').count() + 4;
    Ok((front, body, body_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_language_and_body() {
        let page = Page::parse(
            Path::new("peringatan/judi.en.md"),
            "+++\ntitle = \"Gambling pages\"\ndate = 2026-03-02\ntlp = \"clear\"\n+++\n## Summary\n\n[x](/en/)\n",
        )
        .unwrap();
        assert_eq!(
            (page.lang, page.dir.as_str(), page.stem.as_str()),
            (Lang::En, "peringatan", "judi")
        );
        assert_eq!(page.front.tlp, Some(Tlp::Clear));
        assert_eq!(page.body.anchors, ["summary"]);
        assert_eq!(page.body.links, [("/en/".to_owned(), 8)]);
        assert_eq!(page.translation_key(), "peringatan/judi");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases = [
            ("title = \"x\"\n", "starts with +++"),
            ("+++\ntitle = \"x\"\n", "not closed"),
            (
                "+++\ntitle = \"x\"\ncolour = \"red\"\n+++\n",
                "unknown field",
            ),
            ("+++\ntitle = \"x\"\ndate = \"kemarin\"\n+++\n", "date"),
            ("+++\ntitle = \"\"\n+++\n", "title is empty"),
            ("+++\ntitle = \"x\"\nslug = \"Huruf Besar\"\n+++\n", "slug"),
        ];
        for (text, expected) in cases {
            let error = Page::parse(Path::new("lapor.md"), text).unwrap_err();
            assert!(error.to_string().starts_with("lapor.md:"), "{error}");
            assert!(error.to_string().contains(expected), "{expected}: {error}");
        }
        let error = Page::parse(
            Path::new("a.md"),
            "+++\ntitle = \"x\"\n\nweight = \"berat\"\n+++\n",
        )
        .unwrap_err();
        assert_eq!(error.line, Some(4), "{error}");
    }
}
