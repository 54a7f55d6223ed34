//! An advisory's rendered body as CSAF notes and references take it: plain text laid out as Markdown reads
//! (headings with `#`, lists with `-` and numbers, a link's target after its text), and the body's links to
//! other sites with a short description of each. The HTML is the Markdown renderer's own output, so a small
//! tokenizer that knows its few tags is enough.

/// One piece of the HTML: a tag or the text between tags.
enum Token<'a> {
    /// An opening (or self-closing) tag: its lower-case name and the raw text of its attributes.
    Open(&'a str, &'a str),
    /// A closing tag's name.
    Close(&'a str),
    /// Text, still escaped.
    Text(&'a str),
}

/// Splits `html` into tags and text (comments are dropped).
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            tokens.push(Token::Text(rest));
            break;
        };
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        rest = &rest[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = rest.find('>') else {
            tokens.push(Token::Text(rest));
            break;
        };
        let tag = rest[1..end].trim_end_matches('/').trim();
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            tokens.push(Token::Close(name.trim()));
        } else {
            let (name, attributes) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            tokens.push(Token::Open(name, attributes));
        }
    }
    tokens
}

/// The value of attribute `name` in a tag's attribute text, unescaped.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let pattern = format!("{name}=\"");
    let mut search = attributes;
    loop {
        let at = search.find(&pattern)?;
        let before = search[..at].chars().last();
        let value = &search[at + pattern.len()..];
        if before.is_none_or(char::is_whitespace) {
            return Some(unescape(&value[..value.find('"')?]));
        }
        search = value;
    }
}

/// Decodes character references: the named ones the renderer writes and numeric ones.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|number| {
                    match number
                        .strip_prefix('x')
                        .or_else(|| number.strip_prefix('X'))
                    {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Writes plain text block by block.
struct Writer {
    out: String,
    /// The open lists, innermost last: `None` for a bulleted one, else the next item's number.
    lists: Vec<Option<u64>>,
    /// The targets of the open links, to write after their text (`None`: not written).
    links: Vec<Option<String>>,
    /// Inside `<pre>`: text kept as it is.
    pre: bool,
    /// Right after a list item's marker: its first paragraph goes on the marker's line.
    item_start: bool,
    /// Cells written in the current table row.
    cells: usize,
}

impl Writer {
    fn trim_trailing_spaces(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
    }

    fn newline(&mut self) {
        self.trim_trailing_spaces();
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blank_line(&mut self) {
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn indent(&mut self) {
        for _ in 1..self.lists.len() {
            self.out.push_str("  ");
        }
    }

    /// Starts a block: on its own paragraph outside lists, on the item's line or the next one inside.
    fn block(&mut self) {
        if self.item_start {
            return;
        }
        if self.lists.is_empty() {
            self.blank_line();
        } else {
            self.newline();
            self.indent();
            self.out.push_str("  ");
        }
    }

    fn text(&mut self, raw: &str) {
        let text = unescape(raw);
        if self.pre {
            self.out.push_str(&text);
            return;
        }
        let mut words = String::with_capacity(text.len());
        for (i, word) in text.split([' ', '\n', '\t', '\r']).enumerate() {
            if i > 0 {
                words.push(' ');
            }
            words.push_str(word);
        }
        // Whitespace between blocks is not text, and runs of it are one space.
        if words.trim().is_empty() {
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            return;
        }
        if self.out.ends_with([' ', '\n']) || self.out.is_empty() {
            self.out.push_str(words.trim_start());
        } else {
            self.out.push_str(&words);
        }
        self.item_start = false;
    }
}

/// `html` as plain text with Markdown's layout; `base_url` makes the site's own links absolute.
pub fn plain_text(html: &str, base_url: &str) -> String {
    let mut w = Writer {
        out: String::new(),
        lists: Vec::new(),
        links: Vec::new(),
        pre: false,
        item_start: false,
        cells: 0,
    };
    for token in tokens(html) {
        match token {
            Token::Text(text) => w.text(text),
            Token::Open(name, attributes) => match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    w.item_start = false;
                    w.blank_line();
                    let level = name[1..].parse().unwrap_or(2);
                    w.out.push_str(&"#".repeat(level));
                    w.out.push(' ');
                }
                "p" | "blockquote" | "table" | "div" => w.block(),
                "pre" => {
                    w.block();
                    w.pre = true;
                }
                "ul" | "ol" => {
                    if w.lists.is_empty() {
                        w.blank_line();
                    }
                    w.item_start = false;
                    let numbered = (name == "ol").then(|| {
                        attribute(attributes, "start")
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(1)
                    });
                    w.lists.push(numbered);
                }
                "li" => {
                    w.newline();
                    w.indent();
                    match w.lists.last_mut() {
                        Some(Some(number)) => {
                            w.out.push_str(&format!("{number}. "));
                            *number += 1;
                        }
                        _ => w.out.push_str("- "),
                    }
                    w.item_start = true;
                }
                "tr" => {
                    w.newline();
                    w.cells = 0;
                }
                "td" | "th" => {
                    if w.cells > 0 {
                        w.out.push_str(" | ");
                    }
                    w.cells += 1;
                }
                "br" => w.newline(),
                "hr" => {
                    w.blank_line();
                    w.out.push_str("---");
                    w.blank_line();
                }
                "code" if !w.pre => w.out.push('`'),
                "img" => {
                    if let Some(alt) = attribute(attributes, "alt") {
                        w.text(&alt.replace('&', "&amp;"));
                    }
                }
                "a" => {
                    let target = attribute(attributes, "href").and_then(|href| {
                        if href.starts_with("http://")
                            || href.starts_with("https://")
                            || href.starts_with("mailto:")
                        {
                            Some(href)
                        } else if href.starts_with('/') {
                            Some(format!("{base_url}{href}"))
                        } else {
                            None
                        }
                    });
                    w.links.push(target);
                }
                _ => {}
            },
            Token::Close(name) => match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "blockquote" | "table" | "div" => {
                    w.newline();
                }
                "pre" => {
                    w.pre = false;
                    w.newline();
                }
                "ul" | "ol" => {
                    w.lists.pop();
                    w.newline();
                }
                "code" if !w.pre => w.out.push('`'),
                "a" => {
                    if let Some(Some(target)) = w.links.pop() {
                        let shown = target
                            .trim_start_matches("mailto:")
                            .trim_start_matches("https://")
                            .trim_start_matches("http://")
                            .trim_start_matches("www.")
                            .trim_end_matches('/');
                        let text = w.out.trim_end();
                        if !text.ends_with(shown) && !text.ends_with(&target) {
                            w.out.push_str(&format!(" ({target})"));
                        }
                    }
                }
                _ => {}
            },
        }
    }
    w.trim_trailing_spaces();
    w.out.trim().to_owned()
}

/// The text of `tokens` with tags dropped and whitespace collapsed.
fn flat_text(tokens: &[Token<'_>]) -> String {
    let mut text = String::new();
    for token in tokens {
        if let Token::Text(raw) = token {
            text.push_str(&unescape(raw));
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest lead-in kept before a link's text in its description.
const LEAD_IN: usize = 90;

/// The body's links to other sites (`http://` and `https://`), each once, in order: (URL, description). The
/// description is the link's text, after what its list item, paragraph or cell says before it when that is short
/// (`Badan Siber dan Sandi Negara: bssn.go.id`); the URL when the link has no text.
pub fn external_links(html: &str) -> Vec<(String, String)> {
    let tokens = tokens(html);
    let mut links: Vec<(String, String)> = Vec::new();
    let mut block_start = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Open("li" | "p" | "td" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _)
            | Token::Close("li" | "p" | "td" | "th" | "ul" | "ol") => block_start = i + 1,
            Token::Open("a", attributes) => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| matches!(t, Token::Close("a")))
                    .map_or(tokens.len(), |p| i + p);
                let href = attribute(attributes, "href").unwrap_or_default();
                if (href.starts_with("https://") || href.starts_with("http://"))
                    && !links.iter().any(|(url, _)| *url == href)
                {
                    let text = flat_text(&tokens[i + 1..end]);
                    let lead = flat_text(&tokens[block_start..i]);
                    let description = match (text.is_empty(), lead.is_empty()) {
                        (true, _) => href.clone(),
                        (false, false) if lead.chars().count() <= LEAD_IN => {
                            format!("{lead} {text}")
                        }
                        _ => text,
                    };
                    links.push((href, description));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn text_of(markdown_text: &str) -> String {
        plain_text(
            &markdown::render(markdown_text, 1).html,
            "https://csirt.contoh.go.id",
        )
    }

    #[test]
    fn headings_paragraphs_and_lists_keep_their_layout() {
        let text = text_of(
            "## Ringkasan\n\nPenipu *membuat* akun &\nmeminta `OTP`.\n\n## Langkah\n\n1. **Catat** semua situs.\n2. Perbarui:\n   - CMS\n   - plugin\n\n- satu\n\n- dua\n\n  lanjutan\n",
        );
        assert_eq!(
            text,
            "## Ringkasan\n\nPenipu membuat akun & meminta `OTP`.\n\n## Langkah\n\n1. Catat semua situs.\n2. Perbarui:\n  - CMS\n  - plugin\n\n- satu\n- dua\n  lanjutan"
        );
    }

    #[test]
    fn links_show_their_targets_unless_the_text_is_the_target() {
        let text = text_of(
            "Lapor di [formulir](/lapor/), baca [bssn.go.id](https://bssn.go.id) dan [OWASP](https://owasp.org/Top10/?a=1&b=2), [ke atas](#ringkasan).",
        );
        assert_eq!(
            text,
            "Lapor di formulir (https://csirt.contoh.go.id/lapor/), baca bssn.go.id dan OWASP (https://owasp.org/Top10/?a=1&b=2), ke atas."
        );
    }

    #[test]
    fn external_links_are_described_by_their_item() {
        let html = markdown::render(
            "## Referensi\n\n- Badan Siber dan Sandi Negara: [bssn.go.id](https://bssn.go.id)\n- [No More Ransom](https://www.nomoreransom.org) & lagi [bssn](https://bssn.go.id)\n- [internal](/lapor/)\n\nTeks yang panjang sekali sebelum tautan, lebih panjang dari sembilan puluh huruf, jadi hanya teks tautannya yang dipakai: [CISA](https://www.cisa.gov/stopransomware?x=1&y=2).\n",
            1,
        )
        .html;
        assert_eq!(
            external_links(&html),
            [
                (
                    "https://bssn.go.id".to_owned(),
                    "Badan Siber dan Sandi Negara: bssn.go.id".to_owned()
                ),
                (
                    "https://www.nomoreransom.org".to_owned(),
                    "No More Ransom".to_owned()
                ),
                (
                    "https://www.cisa.gov/stopransomware?x=1&y=2".to_owned(),
                    "CISA".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            unescape("a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#39; &bogus; & f"),
            "a & b <c> \"d\" 'e' &bogus; & f"
        );
    }
}
