//! The content directory: every page, parsed in parallel, with its URL path, its translation and its section.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use csirt_domain::lang::Lang;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{SiteError, SiteErrors};
use crate::page::{FrontMatter, Page};

/// Every page of the site, in a stable order (by source path), indexed by translation key and language.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// The pages.
    pub pages: Vec<Page>,
    /// (translation key, language) → position in `pages`.
    index: HashMap<(String, Lang), usize>,
}

/// The URL prefix of a language: Indonesian at the root, English under `/en`.
pub fn lang_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "",
        Lang::En => "/en",
    }
}

impl Content {
    /// Reads every `*.md` file under `dir` (but `README.md`), reporting every broken file at once.
    pub fn load(dir: &Path) -> Result<Content, SiteErrors> {
        Self::load_with(dir, &|_| true)
    }

    /// Like [`Content::load`], rendering only the bodies `wants_body` asks for.
    pub fn load_with(
        dir: &Path,
        wants_body: &(dyn Fn(&FrontMatter) -> bool + Sync),
    ) -> Result<Content, SiteErrors> {
        let mut files = Vec::new();
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| SiteError::at(dir, e.to_string()))?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.ends_with(".md") && name != "README.md" {
                files.push(entry.into_path());
            }
        }
        Self::load_files(dir, &files, wants_body)
    }

    /// Reads the given `*.md` files of `dir` (paths under `dir`) as the site's content, rendering only the bodies
    /// `wants_body` asks for.
    pub fn load_files(
        dir: &Path,
        files: &[PathBuf],
        wants_body: &(dyn Fn(&FrontMatter) -> bool + Sync),
    ) -> Result<Content, SiteErrors> {
        let parsed: Vec<Result<Page, SiteError>> = files
            .par_iter()
            .map(|file| {
                let relative = file.strip_prefix(dir).unwrap_or(file);
                let text = std::fs::read_to_string(file).map_err(|e| SiteError::io(relative, e))?;
                Page::parse_with(relative, &text, wants_body)
            })
            .collect();
        let mut errors = Vec::new();
        let mut pages = Vec::new();
        for result in parsed {
            match result {
                Ok(page) if page.front.draft => {}
                Ok(page) => pages.push(page),
                Err(error) => errors.push(error),
            }
        }
        let index = pages
            .iter()
            .enumerate()
            .map(|(i, page)| ((page.translation_key(), page.lang), i))
            .collect();
        let mut content = Content { pages, index };
        errors.extend(content.assign_paths());
        errors.extend(content.check_sections());
        if errors.is_empty() {
            Ok(content)
        } else {
            Err(SiteErrors(errors))
        }
    }

    fn section_slug(&self, dir: &str, lang: Lang) -> String {
        let mut path = String::new();
        let mut prefix = String::new();
        for segment in dir.split('/').filter(|s| !s.is_empty()) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(segment);
            let slug = self
                .find(&format!("{prefix}/_index"), lang)
                .map_or(segment, |p| p.slug());
            path.push('/');
            path.push_str(slug);
        }
        path
    }

    fn assign_paths(&mut self) -> Vec<SiteError> {
        let paths: Vec<String> = self
            .pages
            .iter()
            .map(|page| {
                let prefix = lang_prefix(page.lang);
                let section = self.section_slug(&page.dir, page.lang);
                if page.dir.is_empty() && page.stem == "404" {
                    format!("{prefix}/404.html")
                } else if page.is_index() {
                    format!("{prefix}{section}/")
                } else {
                    format!("{prefix}{section}/{}/", page.slug())
                }
            })
            .collect();
        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        let mut errors = Vec::new();
        for (page, path) in self.pages.iter().zip(&paths) {
            if let Some(other) = seen.insert(path, &page.source) {
                errors.push(SiteError::at(
                    &page.source,
                    format!(
                        "its address {path} is also the address of {}",
                        other.display()
                    ),
                ));
            }
        }
        for (page, path) in self.pages.iter_mut().zip(paths) {
            page.path = path;
        }
        errors
    }

    fn check_sections(&self) -> Vec<SiteError> {
        let undated = self
            .pages
            .iter()
            .filter(|p| !p.dir.is_empty() && !p.is_index() && p.front.date.is_none())
            .map(|p| {
                SiteError::at(
                    &p.source,
                    "a page in a section (such as an advisory) needs a date",
                )
            });
        let naming_cases = self
            .pages
            .iter()
            .filter(|p| (p.dir.is_empty() || p.is_index()) && !p.front.cases.is_empty())
            .map(|p| {
                SiteError::at(
                    &p.source,
                    "front matter: cases: only an advisory (a page in a section such as peringatan/) names the \
                     cases it came from",
                )
            });
        undated.chain(naming_cases).collect()
    }

    /// Keeps only the pages `keep` accepts (their addresses stay as they were).
    pub fn retain(&mut self, keep: impl Fn(&Page) -> bool) {
        self.pages.retain(|page| keep(page));
        self.index = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, page)| ((page.translation_key(), page.lang), i))
            .collect();
    }

    /// The page's translation, if there is one.
    pub fn translation(&self, page: &Page) -> Option<&Page> {
        let other = page.lang.other();
        self.find(&page.translation_key(), other)
    }

    /// The page with this translation key in `lang`.
    pub fn find(&self, key: &str, lang: Lang) -> Option<&Page> {
        self.index
            .get(&(key.to_owned(), lang))
            .map(|&i| &self.pages[i])
    }

    /// The pages of section `dir` in `lang`, newest first.
    pub fn section_pages(&self, dir: &str, lang: Lang) -> Vec<&Page> {
        let mut pages: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.dir == dir && p.lang == lang && !p.is_index())
            .collect();
        pages.sort_by(|a, b| {
            b.front
                .date
                .cmp(&a.front.date)
                .then_with(|| a.front.title.cmp(&b.front.title))
        });
        pages
    }

    /// The main menu in `lang`, by weight.
    pub fn menu(&self, lang: Lang) -> Vec<&Page> {
        let mut pages: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.lang == lang && p.front.menu)
            .collect();
        pages.sort_by(|a, b| {
            a.front
                .weight
                .cmp(&b.front.weight)
                .then_with(|| a.path.cmp(&b.path))
        });
        pages
    }
}
