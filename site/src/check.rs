//! The site's part of `csirt check`: every internal link and anchor of the built site resolves. Content and
//! templates are checked by loading and rendering them; links are checked on the rendered output, so links
//! written in templates are checked too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use csirt_domain::layout::Hole;

use crate::error::{SiteError, SiteErrors};
use crate::render::{Output, render_all};
use crate::site::Site;

/// Renders `site` in memory and checks it: content, templates, internal links and anchors. Every problem is returned; the number of pages and files checked otherwise.
pub fn check_site(site: &Site, today: NaiveDate) -> Result<(usize, usize), SiteErrors> {
    let outputs = render_all(site, today, &|_, _| {})?;
    let statics: Vec<String> = crate::build::static_files(&site.paths.static_files)?
        .into_iter()
        .map(|(_, relative)| relative)
        .collect();
    let problems = check_links(&outputs, &statics, &site.config.api_path);
    if problems.is_empty() {
        Ok((site.content.pages.len(), outputs.len() + statics.len()))
    } else {
        Err(SiteErrors(problems))
    }
}

/// The ids of every element in an HTML document (`id="…"`).
fn ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(unescape(&rest[..end]));
        }
    }
    ids
}

/// Decodes the character references the templates' escaping writes.
fn unescape(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href="…"` and `src="…"` of an HTML document.
fn targets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\"", " action=\""] {
        for (i, _) in html.match_indices(attribute) {
            let rest = &html[i + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(unescape(&rest[..end]));
            }
        }
    }
    found
}

/// Checks the internal links of `outputs` (plus the static files' paths); `api` is the mounted intake API,
/// whose paths are not files of the site.
pub fn check_links(outputs: &[Output], static_paths: &[String], api: &str) -> Vec<SiteError> {
    let mut files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for output in outputs {
        let anchors = if output.path.ends_with(".html") {
            ids(&String::from_utf8_lossy(&output.bytes))
        } else {
            BTreeSet::new()
        };
        files.insert(format!("/{}", output.path), anchors);
    }
    for path in static_paths {
        files.insert(format!("/{path}"), BTreeSet::new());
    }
    let mut errors = Vec::new();
    for output in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&output.bytes);
        let own_ids = ids(&html);
        for target in targets(&html) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
                || Hole::is_marker(&target)
            {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            if path.starts_with(api) {
                continue;
            }
            let file = if path.is_empty() {
                format!("/{}", output.path)
            } else if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_owned()
            };
            let broken = match files.get(&file) {
                None => Some(format!("links to {target}, which the site does not have")),
                Some(anchors) => anchor
                    .filter(|a| !a.is_empty())
                    .filter(|a| !(if path.is_empty() { &own_ids } else { anchors }).contains(*a))
                    .map(|a| format!("links to {target}, but that page has no #{a}")),
            };
            if let Some(message) = broken {
                errors.push(SiteError::at(&PathBuf::from(&output.path), message));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> Output {
        Output {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let outputs = [
            page(
                "index.html",
                r##"<a href="/lapor/">x</a> <a href="/lapor/#data">y</a> <a href="#atas">z</a> <a href="/hilang/">w</a> <a href="/lapor/#tidak-ada">v</a> <a href="https://bssn.go.id">e</a> <form action="/api/reports"></form> <img src="/assets/logo.svg">"##,
            ),
            page("lapor/index.html", r#"<h2 id="data">Data</h2>"#),
        ];
        let errors = check_links(&outputs, &["assets/logo.svg".to_owned()], "/api");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].contains("#atas"));
        assert!(messages[1].contains("/hilang/"));
        assert!(messages[2].contains("no #tidak-ada"));
        assert!(messages.iter().all(|m| m.starts_with("index.html: ")));
    }
}
