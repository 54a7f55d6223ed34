//! The files that are not pages: Atom feeds of the newest advisories, the sitemap, robots.txt and
//! `/.well-known/security.txt` (RFC 9116), whose `Expires` is renewed at every build.

use chrono::{Days, NaiveDate};
use csirt_domain::lang::Lang;
use serde::Serialize;
use tera::Context;

use super::Output;
use crate::error::SiteError;
use crate::page::Page;
use crate::site::Site;
use crate::templates::tera_message;

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    url: String,
    date: String,
    summary: Option<&'a str>,
    html: &'a str,
}

#[derive(Serialize)]
struct SitemapEntry {
    url: String,
    alternate: Option<(String, String)>,
}

fn render_template(site: &Site, template: &str, context: &Context) -> Result<String, SiteError> {
    site.tera
        .render(template, context)
        .map_err(|e| SiteError::at(&site.paths.templates.join(template), tera_message(&e)))
}

/// The newest advisories a feed carries: a reader polling it needs the recent ones, not the whole archive (the
/// section's page lists them all).
pub const FEED_ENTRIES: usize = 50;

/// The Atom feed of the advisories section whose own page is `index`: its [`FEED_ENTRIES`] newest pages.
pub fn feed(site: &Site, index: &Page) -> Result<Output, SiteError> {
    let base = &site.config.base_url;
    let pages = site.content.section_pages(&index.dir, index.lang);
    let entries: Vec<FeedEntry<'_>> = pages
        .iter()
        .take(FEED_ENTRIES)
        .map(|p| FeedEntry {
            title: &p.front.title,
            url: format!("{base}{}", p.path),
            date: p
                .front
                .date
                .map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string())
                .unwrap_or_default(),
            summary: p.front.description.as_deref(),
            html: &p.body.html,
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "title",
        &format!("{} — {}", index.front.title, site.config.team.name),
    );
    context.insert("feed_url", &format!("{base}{}atom.xml", index.path));
    context.insert("page_url", &format!("{base}{}", index.path));
    context.insert(
        "updated",
        &entries
            .first()
            .map_or_else(|| "2026-01-01T00:00:00Z".to_owned(), |e| e.date.clone()),
    );
    context.insert("lang", index.lang.code());
    context.insert("author", &site.config.team.name);
    context.insert("entries", &entries);
    Ok(Output {
        path: format!("{}atom.xml", index.path.trim_start_matches('/')),
        bytes: render_template(site, "atom.xml", &context)?.into_bytes(),
    })
}

/// `sitemap.xml`: every page with its translation. The numbered pages of the Hall of Fame are left out: they
/// are reached from its page, and a closure that adds one does not have to write the sitemap again.
pub fn sitemap(site: &Site) -> Result<Output, SiteError> {
    let base = &site.config.base_url;
    let mut urls: Vec<SitemapEntry> = site
        .content
        .pages
        .iter()
        .filter(|p| !p.path.ends_with(".html"))
        .map(|p| SitemapEntry {
            url: format!("{base}{}", p.path),
            alternate: site
                .content
                .translation(p)
                .map(|t| (t.lang.code().to_owned(), format!("{base}{}", t.path))),
        })
        .collect();
    urls.sort_by(|a, b| a.url.cmp(&b.url));
    let mut context = Context::new();
    context.insert("urls", &urls);
    Ok(Output {
        path: "sitemap.xml".into(),
        bytes: render_template(site, "sitemap.xml", &context)?.into_bytes(),
    })
}

/// `robots.txt`.
pub fn robots(site: &Site) -> Result<Output, SiteError> {
    let mut context = Context::new();
    context.insert("base_url", &site.config.base_url);
    Ok(Output {
        path: "robots.txt".into(),
        bytes: render_template(site, "robots.txt", &context)?.into_bytes(),
    })
}

/// `/.well-known/security.txt`, expiring `expires_after_days` after `today`.
pub fn security_txt(site: &Site, today: NaiveDate) -> Result<Output, SiteError> {
    let base = &site.config.base_url;
    let days = u64::from(site.config.security_txt.expires_after_days);
    let expires = today.checked_add_days(Days::new(days)).unwrap_or(today);
    let find = |key: &str| {
        site.content
            .find(key, Lang::Id)
            .map(|p| format!("{base}{}", p.path))
    };
    let mut context = Context::new();
    context.insert("email", &site.config.team.email);
    context.insert("form", &find("/lapor"));
    context.insert("expires", &expires.format("%Y-%m-%dT00:00:00Z").to_string());
    context.insert("acknowledgments", &find("/hall-of-fame"));
    context.insert("policy", &find(&site.config.security_txt.policy_page));
    context.insert("canonical", &format!("{base}/.well-known/security.txt"));
    context.insert(
        "encryption",
        &site.config.security_txt.encryption.as_ref().map(|e| {
            if e.starts_with("https://") {
                e.clone()
            } else {
                format!("{base}{e}")
            }
        }),
    );
    Ok(Output {
        path: ".well-known/security.txt".into(),
        bytes: render_template(site, "security.txt", &context)?.into_bytes(),
    })
}
