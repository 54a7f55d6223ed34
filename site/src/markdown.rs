//! Markdown to HTML (pulldown-cmark: tables, footnotes, strikethrough), with an `id` on every heading so pages
//! can be linked to by section, and the page's links and anchors collected for `csirt check`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// The headings' ids, in order.
    pub anchors: Vec<String>,
    /// Every link target with the (1-based) line of the body it is on.
    pub links: Vec<(String, usize)>,
    /// The second-level headings, for a table of contents: (id, text).
    pub toc: Vec<(String, String)>,
}

/// Lowercase ASCII letters and digits, other runs turned into one hyphen: `Langkah 2: Verifikasi` →
/// `langkah-2-verifikasi`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.push(c);
        } else {
            hyphen = true;
        }
    }
    if slug.is_empty() {
        "bagian".to_owned()
    } else {
        slug
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`; `first_line` is the line of the file the body starts on, for link positions.
pub fn render(body: &str, first_line: usize) -> Rendered {
    let line_of = |offset: usize| first_line + body[..offset.min(body.len())].matches('\n').count();
    let mut rendered = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr<'_>>, Vec<Event<'_>>, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
            rendered
                .links
                .push((dest_url.to_string(), line_of(range.start)));
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id, Vec::new(), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, id, inner, text)) = heading.take() else {
                    continue;
                };
                let base = id.map_or_else(|| slugify(&text), |id| id.to_string());
                let mut unique = base.clone();
                let mut n = 1;
                while rendered.anchors.contains(&unique) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                if level == HeadingLevel::H2 {
                    rendered.toc.push((unique.clone(), text.trim().to_owned()));
                }
                rendered.anchors.push(unique.clone());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => match &mut heading {
                Some((_, _, inner, text)) => {
                    if let Event::Text(t) | Event::Code(t) = &other {
                        text.push_str(t);
                    }
                    inner.push(other);
                }
                None => events.push(other),
            },
        }
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render(
            "## Langkah 1: Lapor\n\ntext\n\n## Langkah 1: Lapor\n\n### Detail {#khusus}\n",
            5,
        );
        assert_eq!(
            r.anchors,
            ["langkah-1-lapor", "langkah-1-lapor-1", "khusus"]
        );
        assert!(
            r.html
                .contains(r#"<h2 id="langkah-1-lapor">Langkah 1: Lapor</h2>"#),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn links_are_collected_with_their_lines() {
        let r = render(
            "Baca [panduan](/panduan/#lapor).\n\n![x](/img.png)\n\n[luar](https://bssn.go.id)",
            4,
        );
        assert_eq!(
            r.links,
            [
                ("/panduan/#lapor".to_owned(), 4),
                ("/img.png".to_owned(), 6),
                ("https://bssn.go.id".to_owned(), 8)
            ]
        );
    }

    #[test]
    fn tables_and_footnotes() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nCatatan[^1].\n\n[^1]: Sumber.\n",
            1,
        );
        assert!(
            r.html.contains("<table>") && r.html.contains("footnote"),
            "{}",
            r.html
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Apa itu TLP?"), "apa-itu-tlp");
        assert_eq!(slugify("  Ringkasan / Summary "), "ringkasan-summary");
        assert_eq!(slugify("!!!"), "bagian");
    }
}
