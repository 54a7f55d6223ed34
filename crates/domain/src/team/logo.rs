//! The team's logo (`team.logo`): an SVG or PNG file beside the team file, which the site publishes at a fixed
//! path and shows in its header. It is checked when read: the type its content has is the one its name says,
//! it is small, it says how large it is (so the page reserves its space before it loads), and an SVG runs no
//! script and loads nothing from elsewhere.

use std::fmt;

/// The largest logo file accepted: a logo is a few kilobytes; a photograph is not a logo.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// The image types a logo may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoKind {
    /// SVG (`.svg`), the better choice: sharp at every size and usually the smallest.
    Svg,
    /// PNG (`.png`).
    Png,
}

impl LogoKind {
    /// The kind a file name's extension names (`.svg` or `.png`, any case); `None` for any other.
    pub fn of_name(name: &str) -> Option<LogoKind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(LogoKind::Svg),
            "png" => Some(LogoKind::Png),
            _ => None,
        }
    }

    /// Where the site publishes a logo of this kind: `/assets/logo.svg` or `/assets/logo.png`.
    pub const fn url_path(self) -> &'static str {
        match self {
            LogoKind::Svg => "/assets/logo.svg",
            LogoKind::Png => "/assets/logo.png",
        }
    }
}

impl fmt::Display for LogoKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogoKind::Svg => "SVG",
            LogoKind::Png => "PNG",
        })
    }
}

/// A logo, read and checked.
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    /// SVG or PNG.
    pub kind: LogoKind,
    /// The file's bytes, published as they are.
    pub bytes: Vec<u8>,
    /// Its intrinsic width (PNG pixels, or SVG user units), at least 1.
    pub width: u32,
    /// Its intrinsic height, at least 1.
    pub height: u32,
}

impl fmt::Debug for Logo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logo")
            .field("kind", &self.kind)
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Logo {
    /// Checks `bytes` as a logo of the `kind` its file name says; the error says what is wrong.
    pub fn parse(bytes: Vec<u8>, kind: LogoKind) -> Result<Logo, String> {
        if bytes.is_empty() {
            return Err("the file is empty".to_owned());
        }
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(format!(
                "the file has {} bytes, more than the {} KiB a logo may have: export it smaller (an SVG, or a PNG \
                 of at most a few hundred pixels)",
                bytes.len(),
                LOGO_MAX_BYTES / 1024
            ));
        }
        let is_png = bytes.starts_with(PNG_SIGNATURE);
        let (width, height) = match kind {
            LogoKind::Png if is_png => png_size(&bytes)?,
            LogoKind::Svg if !is_png => svg_size(&bytes)?,
            LogoKind::Png => {
                return Err("the name says PNG, but the file is not a PNG image".to_owned());
            }
            LogoKind::Svg => {
                return Err(
                    "the name says SVG, but the file is a PNG image: name it .png".to_owned(),
                );
            }
        };
        Ok(Logo {
            kind,
            bytes,
            width,
            height,
        })
    }

    /// Where the site publishes it.
    pub fn url_path(&self) -> &'static str {
        self.kind.url_path()
    }
}

/// A PNG's width and height, from its header chunk (`IHDR`, always first).
fn png_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let header = bytes
        .get(8..24)
        .filter(|header| &header[4..8] == b"IHDR")
        .ok_or_else(|| "the PNG image has no header (IHDR): the file is damaged".to_owned())?;
    let number = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (width, height) = (number(8), number(12));
    if width == 0 || height == 0 {
        return Err(format!("the PNG image is {width}×{height} pixels"));
    }
    Ok((width, height))
}

/// What an SVG logo must not contain: script, HTML inside it, entity declarations and event handlers. In an
/// `<img>` none of them would run, but the file is also published on its own, on the site's origin.
const SVG_REFUSED: [(&str, &str); 5] = [
    ("<script", "a <script> element"),
    (
        "<foreignobject",
        "a <foreignObject> element (HTML inside the SVG)",
    ),
    ("<!entity", "an entity declaration"),
    ("javascript:", "a javascript: link"),
    ("<iframe", "an <iframe>"),
];

/// An SVG's width and height: its root element's `width` and `height` when they are plain numbers (or pixels),
/// else its `viewBox`. Refuses text that is not UTF-8, has no `<svg>` root, runs script or loads other files.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "the name says SVG, but the file is not text (UTF-8)".to_owned())?;
    let lower = text.to_ascii_lowercase();
    for (needle, what) in SVG_REFUSED {
        if lower.contains(needle) {
            return Err(format!(
                "the SVG contains {what}; a logo is a drawing only: save it again as plain SVG"
            ));
        }
    }
    if has_event_handler(&lower) {
        return Err(
            "the SVG has an event-handler attribute (on…=): a logo is a drawing only; save it again as plain SVG"
                .to_owned(),
        );
    }
    if let Some(external) = external_reference(&lower) {
        return Err(format!(
            "the SVG loads {external} from elsewhere, which the site's Content-Security-Policy blocks: embed it or \
             convert text to paths"
        ));
    }
    let root = root_svg_tag(text)
        .ok_or_else(|| "the name says SVG, but the file has no <svg> root element".to_owned())?;
    let attribute = |name: &str| attribute_value(root, name);
    let length = |name: &str| attribute(name).and_then(|value| pixels(&value));
    if let (Some(width), Some(height)) = (length("width"), length("height")) {
        return Ok((width, height));
    }
    let view_box = attribute("viewBox").ok_or_else(|| {
        "the SVG has neither a viewBox nor a width and height in pixels, so the page cannot reserve its space: \
         add viewBox=\"0 0 WIDTH HEIGHT\" to the <svg> element"
            .to_owned()
    })?;
    let numbers: Vec<f64> = view_box
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("the SVG's viewBox {view_box:?} is not four numbers"))?;
    match numbers[..] {
        [_, _, width, height] => match (rounded(width), rounded(height)) {
            (Some(width), Some(height)) => Ok((width, height)),
            _ => Err(format!(
                "the SVG's viewBox {view_box:?} has no positive width and height"
            )),
        },
        _ => Err(format!(
            "the SVG's viewBox {view_box:?} is not four numbers"
        )),
    }
}

/// Whether lower-cased SVG text has an attribute named `on…` (`onload=`, `onclick =`).
fn has_event_handler(lower: &str) -> bool {
    lower.match_indices("on").any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace() || c == '"' || c == '\'') {
            return false;
        }
        let rest = &lower[at + 2..];
        let name_length = rest.chars().take_while(char::is_ascii_alphabetic).count();
        name_length > 0 && rest[name_length..].trim_start().starts_with('=')
    })
}

/// The first reference of lower-cased SVG text to another origin or file: an `href` or `url()` that is not a
/// fragment (`#id`) or `data:`; `None` when it has none. The namespace declarations (`xmlns…="http…"`) are names,
/// not references.
fn external_reference(lower: &str) -> Option<String> {
    for marker in ["href=\"", "href='", "url(", "@import"] {
        for (at, _) in lower.match_indices(marker) {
            let value = lower[at + marker.len()..]
                .trim_start_matches(['"', '\'', ' '])
                .trim_start();
            if marker == "@import" || !(value.starts_with('#') || value.starts_with("data:")) {
                let end = value
                    .find(['"', '\'', ')', ' '])
                    .unwrap_or(value.len())
                    .min(60);
                return Some(format!("{:?}", &value[..end]));
            }
        }
    }
    None
}

/// The root `<svg …>` start tag of SVG text (from `<svg` to its `>`), past the XML declaration, comments and a
/// doctype; `None` when the first element is not `svg`.
fn root_svg_tag(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>")?.1.trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->")?.1.trim_start();
        } else if rest.starts_with("<!") {
            rest = rest.split_once('>')?.1.trim_start();
        } else {
            break;
        }
    }
    let after = rest.strip_prefix("<svg")?;
    if !after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
        return None;
    }
    let end = rest.find('>')?;
    Some(&rest[..end])
}

/// The value of attribute `name` in a start tag (double or single quotes).
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    while let Some(at) = search.find(name) {
        let before = search[..at].chars().next_back();
        let rest = search[at + name.len()..].trim_start();
        search = &search[at + name.len()..];
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| value[..end].trim().to_owned());
    }
    None
}

/// A length in pixels: a plain number or one ending in `px`; `None` for percentages, `em` and the like.
fn pixels(value: &str) -> Option<u32> {
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number.parse::<f64>().ok().and_then(rounded)
}

/// A positive size rounded to whole units (at least 1); `None` for zero, negative or absurd sizes.
fn rounded(size: f64) -> Option<u32> {
    if size.is_finite() && size > 0.0 && size <= 100_000.0 {
        // Bounded above, so the conversion cannot overflow; at least 1.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some((size.round() as u32).max(1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(text: &str) -> Result<Logo, String> {
        Logo::parse(text.as_bytes().to_vec(), LogoKind::Svg)
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let logo = svg(r#"<?xml version="1.0"?><!-- a --><svg xmlns="http://www.w3.org/2000/svg" width="120" height="48px"><rect/></svg>"#).unwrap();
        assert_eq!((logo.width, logo.height), (120, 48));
        let logo =
            svg("<svg xmlns='http://www.w3.org/2000/svg' width='100%' viewBox='0,0 64.4 80'/>")
                .unwrap();
        assert_eq!((logo.width, logo.height), (64, 80));
        assert!(
            svg("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")
                .unwrap_err()
                .contains("viewBox")
        );
        assert!(
            svg("<html><svg viewBox=\"0 0 1 1\"/></html>")
                .unwrap_err()
                .contains("<svg> root")
        );
        assert!(
            svg("<svg viewBox=\"0 0 0 10\"/>")
                .unwrap_err()
                .contains("positive")
        );
    }

    #[test]
    fn svg_that_runs_script_or_loads_files_is_refused() {
        for (text, expected) in [
            (
                r#"<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>"#,
                "<script>",
            ),
            (
                r#"<svg viewBox="0 0 1 1" onload="alert(1)"></svg>"#,
                "event-handler",
            ),
            (
                r#"<svg viewBox="0 0 1 1"><a href="javascript:alert(1)"/></svg>"#,
                "javascript:",
            ),
            (
                r#"<svg viewBox="0 0 1 1"><image href="https://x.example/a.png"/></svg>"#,
                "from elsewhere",
            ),
            (
                r#"<svg viewBox="0 0 1 1"><style>@import url(x.css);</style></svg>"#,
                "from elsewhere",
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg viewBox="0 0 1 1"/>"#,
                "entity",
            ),
        ] {
            let error = svg(text).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
        // Fragments and data: URLs stay inside the file; the namespace is a name, not a reference.
        svg(r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 2 2"><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/><text>online</text></svg>"##).unwrap();
    }

    #[test]
    fn the_content_must_be_the_type_the_name_says() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend_from_slice(&[0, 0, 0, 13]);
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&200u32.to_be_bytes());
        png.extend_from_slice(&80u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        let logo = Logo::parse(png.clone(), LogoKind::Png).unwrap();
        assert_eq!(
            (logo.width, logo.height, logo.url_path()),
            (200, 80, "/assets/logo.png")
        );
        assert!(
            Logo::parse(png, LogoKind::Svg)
                .unwrap_err()
                .contains("name it .png")
        );
        let error = Logo::parse(b"<svg viewBox=\"0 0 1 1\"/>".to_vec(), LogoKind::Png).unwrap_err();
        assert!(error.contains("not a PNG"), "{error}");
        assert!(Logo::parse(b"GIF89a".to_vec(), LogoKind::Png).is_err());
        assert!(
            Logo::parse(vec![0xff, 0xd8, 0xff], LogoKind::Svg)
                .unwrap_err()
                .contains("not text")
        );
        assert!(
            Logo::parse(Vec::new(), LogoKind::Svg)
                .unwrap_err()
                .contains("empty")
        );
        let large = format!(
            "<svg viewBox=\"0 0 1 1\">{}</svg>",
            " ".repeat(LOGO_MAX_BYTES)
        );
        assert!(svg(&large).unwrap_err().contains("KiB"));
    }

    #[test]
    fn kinds_come_from_the_name() {
        assert_eq!(LogoKind::of_name("logo.SVG"), Some(LogoKind::Svg));
        assert_eq!(LogoKind::of_name("gambar/logo.png"), Some(LogoKind::Png));
        assert_eq!(LogoKind::of_name("logo.jpg"), None);
        assert_eq!(LogoKind::of_name("logo"), None);
    }
}
