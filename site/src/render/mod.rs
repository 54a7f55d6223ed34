//! Rendering: every page through its template, then the feeds, sitemap, robots.txt and security.txt. Pages
//! render in parallel; the result is sorted by path, so the same input always gives the same output.

mod special;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use csirt_domain::lang::Lang;
use rayon::prelude::*;
use serde::Deserialize;
use tera::Context;

use crate::content::lang_prefix;
use crate::error::{SiteError, SiteErrors};
use crate::page::Page;
use crate::site::Site;
use crate::templates::tera_message;
use views::{FormView, PageView, SopView, TeamView};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output directory, e.g. `en/report/index.html`.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// The interface strings of `templates/site/strings.toml`, one table per language.
#[derive(Debug, Deserialize)]
struct Strings {
    id: BTreeMap<String, String>,
    en: BTreeMap<String, String>,
}

/// The output file of a URL path: `/x/` → `x/index.html`, `/404.html` → `404.html`.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

/// The directory of the advisories section: the section whose own page uses `advisories.html`.
fn advisories_dir(site: &Site) -> Option<&str> {
    site.content
        .pages
        .iter()
        .find(|p| p.is_index() && p.template() == "advisories.html")
        .map(|p| p.dir.as_str())
}

/// The templates that show case data: their pages change when the case export does.
pub const EXPORT_TEMPLATES: [&str; 2] = ["hall_of_fame.html", "statistics.html"];

/// Renders the whole site as of `today` (the date `security.txt` expires from).
pub fn render_all(
    site: &Site,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Output>, SiteErrors> {
    render_selected(site, today, &|_| true, true, progress)
}

/// Renders the pages `only` selects, and the feeds, sitemap, robots.txt and security.txt when `with_special`.
pub fn render_selected(
    site: &Site,
    today: NaiveDate,
    only: &(dyn Fn(&Page) -> bool + Sync),
    with_special: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Output>, SiteErrors> {
    let strings_file = site.paths.templates.join("strings.toml");
    let strings: Strings = std::fs::read_to_string(&strings_file)
        .map_err(|e| SiteError::io(&strings_file, e))
        .and_then(|text| {
            toml::from_str(&text).map_err(|e| SiteError::at(&strings_file, e.to_string()))
        })?;
    let shared = [Lang::Id, Lang::En].map(|lang| Shared::of(site, lang));
    let selected: Vec<&Page> = site.content.pages.iter().filter(|p| only(p)).collect();
    let total = selected.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let rendered: Vec<Result<Output, SiteError>> = selected
        .par_iter()
        .map(|page| {
            let output = render_page(
                site,
                &strings,
                &shared[usize::from(page.lang == Lang::En)],
                page,
            );
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            output
        })
        .collect();
    let mut outputs = Vec::with_capacity(rendered.len() + 8);
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(output) => outputs.push(output),
            Err(error) => errors.push(error),
        }
    }
    if with_special {
        match special::render(site, today, advisories_dir(site)) {
            Ok(extra) => outputs.extend(extra),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(SiteErrors(errors));
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// What every page of one language shares: the menu and the links to the special pages.
struct Shared {
    menu: Vec<(String, String)>,
    links: BTreeMap<&'static str, Option<String>>,
}

impl Shared {
    /// The special pages every page links to: name in the templates, translation key.
    fn link_keys(site: &Site) -> [(&'static str, &str); 8] {
        [
            ("report", "/lapor"),
            ("status", "/status"),
            ("guide", "/panduan-pelaporan"),
            ("hall_of_fame", "/hall-of-fame"),
            ("sop", "/sop"),
            ("rfc2350", "/rfc2350"),
            ("policy", &site.config.security_txt.policy_page),
            ("statistics", "/statistik"),
        ]
    }

    fn of(site: &Site, lang: Lang) -> Self {
        let menu = site
            .content
            .menu(lang)
            .iter()
            .map(|p| (p.front.title.clone(), p.path.clone()))
            .collect();
        let links = Self::link_keys(site)
            .into_iter()
            .map(|(name, key)| (name, site.content.find(key, lang).map(|p| p.path.clone())))
            .collect();
        Shared { menu, links }
    }
}

/// The content files (relative to the content directory) that rendering the pages showing case data needs:
/// those pages and their translations, and what every page shares (the menu's pages, the special pages).
pub fn export_sources(site: &Site) -> Vec<PathBuf> {
    let content = &site.content;
    let keys = Shared::link_keys(site);
    let mut sources: Vec<PathBuf> = content
        .pages
        .iter()
        .filter(|page| {
            let key = page.translation_key();
            EXPORT_TEMPLATES.contains(&page.template())
                || content
                    .translation(page)
                    .is_some_and(|other| EXPORT_TEMPLATES.contains(&other.template()))
                || page.front.menu
                || keys.iter().any(|(_, k)| *k == key)
        })
        .map(|page| page.source.clone())
        .collect();
    sources.sort();
    sources
}

fn render_page(
    site: &Site,
    strings: &Strings,
    shared: &Shared,
    page: &Page,
) -> Result<Output, SiteError> {
    let lang = page.lang;
    let mut context = Context::new();
    context.insert("lang", lang.code());
    context.insert("other_lang", lang.other().code());
    context.insert("t", lang.pick(&strings.id, &strings.en));
    context.insert("page", &PageView::of(page, &site.config.base_url));
    context.insert("team", &TeamView::of(&site.config, lang));
    context.insert("base_url", &site.config.base_url);
    context.insert("api", &site.config.api_path);
    context.insert("home", &format!("{}/", lang_prefix(lang)));
    let translation = site.content.translation(page).map_or_else(
        || format!("{}/", lang_prefix(lang.other())),
        |t| t.path.clone(),
    );
    context.insert("translation", &translation);
    context.insert("menu", &shared.menu);
    context.insert("links", &shared.links);
    let advisories = advisories_dir(site);
    match page.template() {
        "home.html" => {
            let latest: Vec<PageView<'_>> = advisories
                .map(|dir| site.content.section_pages(dir, lang))
                .unwrap_or_default()
                .into_iter()
                .take(3)
                .map(|p| PageView::of(p, &site.config.base_url))
                .collect();
            context.insert("advisories", &latest);
            if let Some(dir) = advisories {
                context.insert(
                    "advisories_path",
                    &site
                        .content
                        .find(&format!("{dir}/_index"), lang)
                        .map(|p| &p.path),
                );
            }
        }
        "advisories.html" => {
            let pages: Vec<PageView<'_>> = site
                .content
                .section_pages(&page.dir, lang)
                .into_iter()
                .map(|p| PageView::of(p, &site.config.base_url))
                .collect();
            context.insert("pages", &pages);
            context.insert("feed", &format!("{}atom.xml", page.path));
        }
        "sop.html" => context.insert("sop", &SopView::of(&site.profile, lang)),
        "report.html" => context.insert("form", &FormView::of(&site.config.api_path, lang)),
        "status.html" => context.insert("states", &views::state_labels(lang)),
        "hall_of_fame.html" => context.insert("entries", &views::hall_of_fame(&site.export, lang)),
        "statistics.html" => {
            let (rows, total) = views::statistics(&site.export, lang);
            context.insert("rows", &rows);
            context.insert("total", &total);
        }
        "rfc2350.html" => {
            context.insert("sections", &views::rfc2350(&site.config, lang));
            context.insert("last_updated", &site.config.rfc2350.last_updated);
            context.insert("encryption", &site.config.security_txt.encryption);
        }
        _ => {}
    }
    let html = site.tera.render(page.template(), &context).map_err(|e| {
        SiteError::at(
            &page.source,
            format!("template {}: {}", page.template(), tera_message(&e)),
        )
    })?;
    Ok(Output {
        path: output_file(&page.path),
        bytes: html.into_bytes(),
    })
}
