//! The files that are not content pages: Atom feeds of the newest advisories, the sitemap, robots.txt,
//! `/.well-known/security.txt` (RFC 9116), whose `Expires` is renewed at every build, and what the team file
//! adds: the team's logo and OpenPGP key as they are, and the printable RFC 2350 profile.

use chrono::{Days, NaiveDate};
use csirt_domain::lang::Lang;
use csirt_domain::team::{OPENPGP_KEY_PATH, TeamAssets};
use serde::Serialize;
use tera::Context;

use super::views::{self, KeyView, PageView, rfc2350_print_path};
use super::{Job, Output, Renderer, output_file};
use crate::content::lang_prefix;
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

/// `/.well-known/security.txt`, expiring `expires_after_days` after `today`; its `Encryption:` is the team's
/// published key (`assets`), else `security_txt.encryption`; `CSAF:` names the provider metadata (`csaf`), when there is one.
pub fn security_txt(
    site: &Site,
    assets: &TeamAssets,
    csaf: Option<&str>,
    today: NaiveDate,
) -> Result<Output, SiteError> {
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
    context.insert("encryption", &assets.encryption_url(&site.config));
    context.insert("csaf", &csaf);
    Ok(Output {
        path: ".well-known/security.txt".into(),
        bytes: render_template(site, "security.txt", &context)?.into_bytes(),
    })
}

/// The template of the printable RFC 2350 profile.
pub const RFC2350_PRINT_TEMPLATE: &str = "rfc2350_print.html";

impl<'a> Renderer<'a> {
    /// The files the team file adds: its logo and key as they are, and the printable profile of each RFC 2350
    /// page (when the templates have [`RFC2350_PRINT_TEMPLATE`]).
    pub(super) fn team_jobs(&self) -> Vec<Job<'a>> {
        let mut jobs = Vec::new();
        if self.assets.logo.is_some() {
            jobs.push(Job::Logo);
        }
        if self.assets.openpgp_key.is_some() {
            jobs.push(Job::OpenPgpKey);
        }
        let pages: &'a [Page] = &self.site.content.pages;
        let printable = self.has_print_template();
        jobs.extend(
            pages
                .iter()
                .filter(|p| printable && p.template() == "rfc2350.html")
                .map(Job::Rfc2350Print),
        );
        jobs
    }

    /// Whether the templates have the printable profile's ([`RFC2350_PRINT_TEMPLATE`]).
    fn has_print_template(&self) -> bool {
        self.site
            .tera
            .get_template_names()
            .any(|name| name == RFC2350_PRINT_TEMPLATE)
    }

    /// The logo or key file, byte for byte as the team's file.
    pub(super) fn render_team_file(&self, job: Job<'a>) -> Result<Output, SiteError> {
        let (path, bytes) = match (job, &self.assets.logo, &self.assets.openpgp_key) {
            (Job::Logo, Some(logo), _) => (logo.url_path(), &logo.bytes),
            (Job::OpenPgpKey, _, Some(key)) => (OPENPGP_KEY_PATH, &key.armored),
            _ => {
                return Err(SiteError::at(
                    &self.site.paths.config,
                    format!("{job:?}: the team file names no such file"),
                ));
            }
        };
        Ok(Output {
            path: path.trim_start_matches('/').to_owned(),
            bytes: bytes.clone(),
        })
    }

    /// What the RFC 2350 page and its printable profile show beyond the page: the sections, the date and
    /// version, the team's key (`key`: address, fingerprint, expiry) and the printable profile's path
    /// (`print_path`, none when the templates have no printable profile).
    pub(super) fn rfc2350_context(&self, context: &mut Context, page: &Page) {
        let config = &self.site.config;
        context.insert("sections", &views::rfc2350(config, page.lang));
        context.insert("last_updated", &config.rfc2350.last_updated);
        context.insert("version", &config.rfc2350.version);
        context.insert("key", &KeyView::of(config, &self.assets));
        context.insert(
            "print_path",
            &self
                .has_print_template()
                .then(|| rfc2350_print_path(&page.path, page.lang)),
        );
    }

    /// The printable RFC 2350 profile of the RFC 2350 page `page`: the same sections laid out as one of the
    /// team's documents (A4), at [`rfc2350_print_path`]. Its canonical URL is the page's.
    pub(super) fn render_rfc2350_print(&self, page: &'a Page) -> Result<Output, SiteError> {
        let site = self.site;
        let lang = page.lang;
        let mut context = self.base[usize::from(lang == Lang::En)].clone();
        let path = rfc2350_print_path(&page.path, lang);
        let body = super::team_values::fill(&page.body.html, &site.config, lang);
        let mut view = PageView::of(page, &body, &site.config.base_url);
        view.path = &path;
        context.insert("page", &view);
        let translation = site.content.translation(page).map_or_else(
            || format!("{}/", lang_prefix(lang.other())),
            |other| rfc2350_print_path(&other.path, other.lang),
        );
        context.insert("translation", &translation);
        context.insert("government", &site.config.documents.government);
        context.insert("profile_path", &page.path);
        self.rfc2350_context(&mut context, page);
        let html = site
            .tera
            .render(RFC2350_PRINT_TEMPLATE, &context)
            .map_err(|e| {
                SiteError::at(
                    &page.source,
                    format!("template {RFC2350_PRINT_TEMPLATE}: {}", tera_message(&e)),
                )
            })?;
        Ok(Output {
            path: output_file(&path),
            bytes: html.into_bytes(),
        })
    }
}
