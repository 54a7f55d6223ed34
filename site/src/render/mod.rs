//! Rendering: every file of the site is a [`Job`] — a page through its template, a numbered page of the Hall of
//! Fame, a feed, the sitemap, robots.txt, security.txt — that a [`Renderer`] turns into bytes on its own, so a
//! build renders them in parallel and writes each as soon as it is rendered. The same input always gives the
//! same bytes.

pub mod csaf;
pub mod hall_of_fame;
mod special;
pub mod team_values;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use csirt_domain::lang::Lang;
use csirt_domain::layout::{self, Hole, LayoutFile};
use csirt_domain::team::TeamAssets;
use rayon::prelude::*;
use serde::Deserialize;
use tera::Context;

use crate::content::lang_prefix;
use crate::error::{SiteError, SiteErrors};
use crate::page::Page;
use crate::site::Site;
use crate::templates::tera_message;
use hall_of_fame::{PagerView, Split, Target};
use views::{FormView, ListedView, PageView, SopView, TeamView};

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

/// The template of the layout the intake's pages are shown in ([`csirt_domain::layout`]).
pub const LAYOUT_TEMPLATE: &str = "intake.html";

/// The templates that show case data: their pages change when the case export does.
pub const EXPORT_TEMPLATES: [&str; 2] = ["hall_of_fame.html", "statistics.html"];

/// One file of the site to render.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    /// A content page through its template (the Hall of Fame's own page shows its newest entries).
    Page(&'a Page),
    /// Numbered page `k` of the Hall of Fame whose own page is the page given.
    HallOfFame(&'a Page, usize),
    /// The Atom feed of the advisories section whose own page is the page given.
    Feed(&'a Page),
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// `/.well-known/security.txt`.
    SecurityTxt,
    /// The layout the intake's pages are shown in, in one language (when the templates have `intake.html`).
    IntakeLayout(Lang),
    /// A file of the advisories in CSAF 2.0 under `/.well-known/csaf/`.
    Csaf(csaf::CsafJob<'a>),
    /// The team's logo (`team.logo`), at `/assets/logo.svg` or `/assets/logo.png`.
    Logo,
    /// The team's OpenPGP public key (`team.openpgp_key`), at `/pgp-key.txt`.
    OpenPgpKey,
    /// The printable (A4) profile of the RFC 2350 page given, at `…/cetak/` or `…/print/`.
    Rfc2350Print(&'a Page),
}

/// Renders the jobs of one site as of one day: holds what every page shares (interface strings, the menu, the
/// team) so that each job only adds its own.
pub struct Renderer<'a> {
    site: &'a Site,
    today: NaiveDate,
    strings: Strings,
    /// The context every page starts from, by language (Indonesian, English).
    base: [Context; 2],
    advisories: Option<&'a str>,
    split: Split,
    /// The logo and key the team file names, read and checked.
    assets: TeamAssets,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site` as of `today` (the date `security.txt` expires from).
    pub fn new(site: &'a Site, today: NaiveDate) -> Result<Self, SiteError> {
        let strings_file = site.paths.templates.join("strings.toml");
        let strings: Strings = std::fs::read_to_string(&strings_file)
            .map_err(|e| SiteError::io(&strings_file, e))
            .and_then(|text| {
                toml::from_str(&text).map_err(|e| SiteError::at(&strings_file, e.to_string()))
            })?;
        let assets =
            TeamAssets::load(&site.paths.config, &site.config, today).map_err(SiteError::from)?;
        let base = [Lang::Id, Lang::En].map(|lang| base_context(site, &strings, &assets, lang));
        Ok(Renderer {
            site,
            today,
            strings,
            base,
            advisories: advisories_dir(site),
            split: Split::of(site.export.hall_of_fame.len()),
            assets,
        })
    }

    /// How the Hall of Fame is split into pages.
    pub fn split(&self) -> Split {
        self.split
    }

    /// Every file of the site but the static files, the largest first (the advisories' list, the sitemap), so
    /// that no large one is left for last while the other threads have nothing to do.
    pub fn all_jobs(&self) -> Vec<Job<'a>> {
        let pages = &self.site.content.pages;
        let large = |p: &Page| p.template() == "advisories.html" || p.template() == "home.html";
        let mut jobs: Vec<Job<'a>> = pages.iter().filter(|p| large(p)).map(Job::Page).collect();
        jobs.push(Job::Sitemap);
        jobs.extend(self.feed_pages().map(Job::Feed));
        jobs.extend(csaf::jobs(self).into_iter().map(Job::Csaf));
        jobs.extend(
            self.hall_of_fame_pages()
                .flat_map(|page| (1..=self.split.numbered).map(move |k| Job::HallOfFame(page, k))),
        );
        jobs.extend(pages.iter().filter(|p| !large(p)).map(Job::Page));
        jobs.extend([Job::Robots, Job::SecurityTxt]);
        jobs.extend(self.team_jobs());
        if self
            .site
            .tera
            .get_template_names()
            .any(|name| name == LAYOUT_TEMPLATE)
        {
            jobs.extend(Lang::ALL.map(Job::IntakeLayout));
        }
        jobs
    }

    /// The files that show case data: the pages of [`EXPORT_TEMPLATES`] and the numbered Hall of Fame pages
    /// `numbered` selects.
    pub fn export_jobs(&self, numbered: &dyn Fn(usize) -> bool) -> Vec<Job<'a>> {
        let mut jobs: Vec<Job<'a>> = self
            .site
            .content
            .pages
            .iter()
            .filter(|p| EXPORT_TEMPLATES.contains(&p.template()))
            .map(Job::Page)
            .collect();
        for page in self.hall_of_fame_pages() {
            jobs.extend(
                (1..=self.split.numbered)
                    .filter(|&k| numbered(k))
                    .map(|k| Job::HallOfFame(page, k)),
            );
        }
        jobs
    }

    /// The output paths of numbered Hall of Fame pages `from` and above, in both languages: the pages to remove
    /// when the Hall of Fame has shrunk to fewer pages.
    pub fn hall_of_fame_files(&self, from: usize, to: usize) -> Vec<String> {
        self.hall_of_fame_pages()
            .flat_map(|page| {
                (from..=to).map(|k| {
                    output_file(&hall_of_fame::path(
                        &page.path,
                        page.lang,
                        Target::Number(k),
                    ))
                })
            })
            .collect()
    }

    fn hall_of_fame_pages(&self) -> impl Iterator<Item = &'a Page> + use<'a> {
        let pages: &'a [Page] = &self.site.content.pages;
        pages.iter().filter(|p| p.template() == "hall_of_fame.html")
    }

    fn feed_pages(&self) -> impl Iterator<Item = &'a Page> + use<'a> {
        let site = self.site;
        let dir = self.advisories;
        [Lang::Id, Lang::En].into_iter().filter_map(move |lang| {
            dir.and_then(|dir| site.content.find(&format!("{dir}/_index"), lang))
        })
    }

    /// Renders one job.
    pub fn render(&self, job: Job<'a>) -> Result<Output, SiteError> {
        match job {
            Job::Page(page) => self.render_page(page, None),
            Job::HallOfFame(page, k) => self.render_page(page, Some(k)),
            Job::Feed(index) => special::feed(self.site, index),
            Job::Sitemap => special::sitemap(self.site),
            Job::Robots => special::robots(self.site),
            Job::SecurityTxt => {
                // RFC 9116 has no field for it; CSAF 2.0 (requirement 8) adds `CSAF:`, naming the provider
                // metadata, when the site publishes CSAF documents.
                let csaf = (!csaf::jobs(self).is_empty())
                    .then(|| format!("{}/{}", self.site.config.base_url, csaf::PROVIDER_METADATA));
                special::security_txt(self.site, &self.assets, csaf.as_deref(), self.today)
            }
            Job::IntakeLayout(lang) => self.render_layout(lang),
            Job::Csaf(job) => csaf::render(self, job),
            Job::Logo | Job::OpenPgpKey => self.render_team_file(job),
            Job::Rfc2350Print(page) => self.render_rfc2350_print(page),
        }
    }

    /// Renders `jobs` in parallel, handing each file to `sink` as soon as it is rendered and reporting progress
    /// through `progress(done, total)`. Every failure is returned, each naming its file.
    pub fn render_each(
        &self,
        jobs: &[Job<'a>],
        sink: &(dyn Fn(Output) -> Result<(), SiteError> + Sync),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(), SiteErrors> {
        let total = jobs.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let errors: Vec<SiteError> = jobs
            .par_iter()
            .with_max_len(16)
            .filter_map(|job| {
                let result = self.render(*job).and_then(sink);
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(n, total);
                result.err()
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(SiteErrors(errors))
        }
    }
}

/// Renders the whole site in memory as of `today`, sorted by path (for `csirt check`).
pub fn render_all(
    site: &Site,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Output>, SiteErrors> {
    let renderer = Renderer::new(site, today)?;
    let outputs = std::sync::Mutex::new(Vec::new());
    renderer.render_each(
        &renderer.all_jobs(),
        &|output| {
            outputs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(output);
            Ok(())
        },
        progress,
    )?;
    let mut outputs = outputs
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// What every page of one language shares: the language, the interface strings, the team, the menu and the links
/// to the special pages.
fn base_context(site: &Site, strings: &Strings, assets: &TeamAssets, lang: Lang) -> Context {
    let menu: Vec<(&str, &str)> = site
        .content
        .menu(lang)
        .iter()
        .map(|p| (p.front.title.as_str(), p.path.as_str()))
        .collect();
    let links: BTreeMap<&str, Option<&str>> = link_keys(site)
        .into_iter()
        .map(|(name, key)| (name, site.content.find(key, lang).map(|p| p.path.as_str())))
        .collect();
    let mut context = Context::new();
    context.insert("lang", lang.code());
    context.insert("other_lang", lang.other().code());
    context.insert("t", lang.pick(&strings.id, &strings.en));
    context.insert("team", &TeamView::of(&site.config, assets, lang));
    context.insert("base_url", &site.config.base_url);
    context.insert("api", &site.config.api_path);
    context.insert("home", &format!("{}/", lang_prefix(lang)));
    context.insert("menu", &menu);
    context.insert("links", &links);
    context
}

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

/// The content files (relative to the content directory) that rendering the pages showing case data needs:
/// those pages and their translations, and what every page shares (the menu's pages, the special pages).
pub fn export_sources(site: &Site) -> Vec<PathBuf> {
    let content = &site.content;
    let keys = link_keys(site);
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

impl<'a> Renderer<'a> {
    /// Renders `page`, or numbered page `number` of the Hall of Fame whose own page it is.
    fn render_page(&self, page: &'a Page, number: Option<usize>) -> Result<Output, SiteError> {
        let site = self.site;
        let lang = page.lang;
        let base_url = &site.config.base_url;
        let mut context = self.base[usize::from(lang == Lang::En)].clone();
        let body = team_values::fill(&page.body.html, &site.config, lang);
        let mut view = PageView::of(page, &body, base_url);
        let mut path = page.path.clone();
        let translation = site.content.translation(page);
        let mut translation_path = translation.map_or_else(
            || format!("{}/", lang_prefix(lang.other())),
            |t| t.path.clone(),
        );
        if let Some(k) = number {
            path = hall_of_fame::path(&page.path, lang, Target::Number(k));
            view.url = format!("{base_url}{path}");
            if let Some(other) = translation.filter(|t| t.template() == page.template()) {
                translation_path = hall_of_fame::path(&other.path, other.lang, Target::Number(k));
            }
        }
        context.insert("page", &view);
        context.insert("translation", &translation_path);
        context.insert("csaf", &csaf::links(self, page));
        let advisories = self.advisories;
        match page.template() {
            "home.html" => {
                let latest: Vec<ListedView<'_>> = advisories
                    .map(|dir| site.content.section_pages(dir, lang))
                    .unwrap_or_default()
                    .into_iter()
                    .take(3)
                    .map(ListedView::of)
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
                let pages: Vec<ListedView<'_>> = site
                    .content
                    .section_pages(&page.dir, lang)
                    .into_iter()
                    .map(ListedView::of)
                    .collect();
                context.insert("pages", &pages);
                context.insert("feed", &format!("{}atom.xml", page.path));
            }
            "sop.html" => context.insert("sop", &SopView::of(&site.profile, lang)),
            "report.html" => context.insert("form", &FormView::of(&site.config.api_path, lang)),
            "status.html" => context.insert("states", &views::state_labels(lang)),
            "hall_of_fame.html" => self.hall_of_fame_context(&mut context, page, number),
            "statistics.html" => {
                let (rows, total) = views::statistics(&site.export, lang);
                context.insert("rows", &rows);
                context.insert("total", &total);
            }
            "rfc2350.html" => self.rfc2350_context(&mut context, page),
            _ => {}
        }
        let html = site.tera.render(page.template(), &context).map_err(|e| {
            SiteError::at(
                &page.source,
                format!("template {}: {}", page.template(), tera_message(&e)),
            )
        })?;
        Ok(Output {
            path: output_file(&path),
            bytes: html.into_bytes(),
        })
    }

    /// The layout of the intake's pages in `lang`: the site's page around the holes the intake fills. Its
    /// language switch is a hole too, and it has no canonical URL (`page.url` is empty).
    fn render_layout(&self, lang: Lang) -> Result<Output, SiteError> {
        let mut context = self.base[usize::from(lang == Lang::En)].clone();
        context.insert(
            "page",
            &BTreeMap::from([("title", ""), ("path", ""), ("url", "")]),
        );
        context.insert("translation", Hole::LanguageSwitch.marker());
        let html = self
            .site
            .tera
            .render(LAYOUT_TEMPLATE, &context)
            .map_err(|e| {
                SiteError::at(
                    &self.site.paths.templates.join(LAYOUT_TEMPLATE),
                    tera_message(&e),
                )
            })?;
        layout::check(&html).map_err(|e| {
            SiteError::at(
                &self.site.paths.templates.join(LAYOUT_TEMPLATE),
                e.to_string(),
            )
        })?;
        Ok(Output {
            path: LayoutFile::path(lang).to_owned(),
            bytes: html.into_bytes(),
        })
    }

    /// What the Hall of Fame template sees on its own page (`number` is `None`) or a numbered page: `entries`,
    /// `pager` (the links between pages) and, on a numbered page, `range` (the closing dates of its oldest and
    /// newest entries).
    fn hall_of_fame_context(&self, context: &mut Context, page: &Page, number: Option<usize>) {
        let lang = page.lang;
        let export = &self.site.export;
        let positions = self.split.entries(number);
        if number.is_some() && !positions.is_empty() {
            let date = |i: usize| {
                export.hall_of_fame[i]
                    .closed_on
                    .format("%Y-%m-%d")
                    .to_string()
            };
            context.insert(
                "range",
                &BTreeMap::from([
                    ("newest", date(positions.start)),
                    ("oldest", date(positions.end - 1)),
                ]),
            );
        }
        context.insert("entries", &views::hall_of_fame(export, positions, lang));
        let strings = lang.pick(&self.strings.id, &self.strings.en);
        let newest = strings.get("hof_newest").map_or("", String::as_str);
        context.insert(
            "pager",
            &PagerView::of(&self.split.pager(number), &page.path, lang, newest),
        );
    }
}
