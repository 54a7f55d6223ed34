//! A restricted team's site (`[publication] restricted = true` in the team file): the pages built from closed
//! cases — the Hall of Fame and the statistics, and their translations — are left out of the content, so no
//! menu, footer, sitemap or `security.txt` names them. A page whose text links to one is refused, naming the
//! file and line, since its text promises what the site does not publish.

use crate::content::Content;
use crate::error::SiteError;
use crate::page::Page;
use crate::render::EXPORT_TEMPLATES;

/// Whether `page` shows case data, or is the translation of one that does.
fn shows_case_data(content: &Content, page: &Page) -> bool {
    EXPORT_TEMPLATES.contains(&page.template())
        || content
            .translation(page)
            .is_some_and(|other| EXPORT_TEMPLATES.contains(&other.template()))
}

/// The page address a link target leads to, as a directory (`/hall-of-fame#x` → `/hall-of-fame/`); `None` for
/// a target off the site or relative to the page.
fn site_path(target: &str) -> Option<String> {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    Some(if path.ends_with('/') || path.ends_with(".html") {
        path.to_owned()
    } else {
        format!("{path}/")
    })
}

/// Removes the pages showing case data from `content`, and returns an error for every link that the remaining
/// pages' Markdown makes to one of them (or to a page below it, such as a numbered Hall of Fame page).
pub fn withhold_case_pages(content: &mut Content) -> Vec<SiteError> {
    let withheld: Vec<(String, String)> = content
        .pages
        .iter()
        .filter(|page| shows_case_data(content, page))
        .map(|page| (page.path.clone(), page.source.display().to_string()))
        .collect();
    if withheld.is_empty() {
        return Vec::new();
    }
    let withheld_paths: Vec<&str> = withheld.iter().map(|(path, _)| path.as_str()).collect();
    content.retain(|page| !withheld_paths.contains(&page.path.as_str()));
    let mut errors = Vec::new();
    for page in &content.pages {
        for (target, line) in &page.body.links {
            let Some(path) = site_path(target) else {
                continue;
            };
            if let Some((_, source)) = withheld.iter().find(|(p, _)| path.starts_with(p.as_str())) {
                errors.push(SiteError::at_line(
                    &page.source,
                    *line,
                    format!(
                        "links to {target} ({source}), which the site does not publish: the team file sets \
                         [publication] restricted = true, so there is no Hall of Fame and no statistics; remove \
                         the link and the text that promises the page"
                    ),
                ));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_become_page_addresses() {
        assert_eq!(
            site_path("/hall-of-fame").as_deref(),
            Some("/hall-of-fame/")
        );
        assert_eq!(
            site_path("/en/statistics/#2026").as_deref(),
            Some("/en/statistics/")
        );
        assert_eq!(
            site_path("/hall-of-fame/halaman/2/?x").as_deref(),
            Some("/hall-of-fame/halaman/2/")
        );
        assert_eq!(site_path("/404.html").as_deref(), Some("/404.html"));
        for off_site in [
            "https://bssn.go.id/",
            "//cdn.example/x",
            "#atas",
            "lapor/",
            "mailto:a@b",
        ] {
            assert_eq!(site_path(off_site), None, "{off_site}");
        }
    }
}
