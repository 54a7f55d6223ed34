//! Everything a build reads, loaded once: the team file, content, templates, the SOP profile and the
//! publication export.

use std::path::{Path, PathBuf};

use csirt_domain::publication::Publication;
use csirt_domain::sop::SopProfile;
use csirt_domain::team::{TeamConfig, TeamFile, TeamFileError};
use tera::Tera;

use crate::assets::Assets;
use crate::content::Content;
use crate::error::{SiteError, SiteErrors};
use crate::restricted::withhold_case_pages;
use crate::templates::load_site_templates;

/// Where a site's inputs are.
#[derive(Debug, Clone)]
pub struct SitePaths {
    /// The configuration file (`content/config.toml`).
    pub config: PathBuf,
    /// The content directory (the configuration file's directory).
    pub content: PathBuf,
    /// The templates directory (`templates/site` beside `content/`).
    pub templates: PathBuf,
    /// Files copied as they are (`templates/static`).
    pub static_files: PathBuf,
}

impl SitePaths {
    /// The paths of the site whose configuration file is `config`: content beside it, templates in
    /// `../templates/site` and static files in `../templates/static`.
    pub fn from_config(config: &Path) -> Self {
        let content = config
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let root = content
            .parent()
            .map_or_else(|| PathBuf::from(".."), Path::to_path_buf);
        SitePaths {
            config: config.to_owned(),
            content,
            templates: root.join("templates").join("site"),
            static_files: root.join("templates").join("static"),
        }
    }
}

/// A loaded site.
#[derive(Debug)]
pub struct Site {
    /// Where it came from.
    pub paths: SitePaths,
    /// The team file's settings.
    pub config: TeamConfig,
    /// Pages (without the Hall of Fame and statistics when the team file's `[publication]` is restricted).
    pub content: Content,
    /// Compiled templates.
    pub tera: Tera,
    /// The static files under `assets/`, with the fingerprinted names the templates give them.
    pub assets: Assets,
    /// The team's procedure.
    pub profile: SopProfile,
    /// Closed cases.
    pub export: Publication,
}

impl From<TeamFileError> for SiteError {
    fn from(error: TeamFileError) -> Self {
        SiteError::at(&error.file, error.message)
    }
}

/// Reads the publication export at `path`; a missing file is an empty export (no closed cases yet).
pub fn load_publication(path: &Path) -> Result<Publication, SiteError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Publication::from_json(&text)
            .map_err(|e| SiteError::at_line(path, e.line(), e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Publication::default()),
        Err(e) => Err(SiteError::io(path, e)),
    }
}

impl Site {
    /// Loads the site configured by `config`, reporting every problem found.
    pub fn load(config: &Path) -> Result<Site, SiteErrors> {
        Self::load_with(config, &|_| true)
    }

    /// Like [`Site::load`], rendering only the page bodies `wants_body` asks for.
    pub fn load_with(
        config: &Path,
        wants_body: &(dyn Fn(&crate::page::FrontMatter) -> bool + Sync),
    ) -> Result<Site, SiteErrors> {
        Self::load_sources(config, None, wants_body)
    }

    /// Like [`Site::load_with`], reading only the content files `sources` names (relative to the content
    /// directory) when given.
    pub fn load_sources(
        config: &Path,
        sources: Option<&[PathBuf]>,
        wants_body: &(dyn Fn(&crate::page::FrontMatter) -> bool + Sync),
    ) -> Result<Site, SiteErrors> {
        let paths = SitePaths::from_config(config);
        let team = TeamFile::load(&paths.config).map_err(SiteError::from)?;
        let export_file = team.export_file();
        let (config, profile) = (team.config, team.procedure.profile);
        let mut errors = Vec::new();
        let mut content = match sources {
            None => Content::load_with(&paths.content, wants_body),
            Some(sources) => {
                let files: Vec<PathBuf> = sources.iter().map(|s| paths.content.join(s)).collect();
                Content::load_files(&paths.content, &files, wants_body)
            }
        }
        .map_err(|e| errors.extend(e.0))
        .ok();
        if let Some(content) = content.as_mut()
            && !config.publication.publishes_case_pages()
        {
            errors.extend(withhold_case_pages(content));
        }
        let assets = Assets::load(&paths.static_files)
            .map_err(|e| errors.push(e))
            .ok();
        let tera = assets.as_ref().and_then(|assets| {
            load_site_templates(&paths.templates, assets)
                .map_err(|e| errors.push(e))
                .ok()
        });
        let export = match &export_file {
            Some(file) => load_publication(file).map_err(|e| errors.push(e)).ok(),
            None => Some(Publication::default()),
        };
        match (content, tera, assets, export) {
            (Some(content), Some(tera), Some(assets), Some(export)) if errors.is_empty() => {
                Ok(Site {
                    paths,
                    config,
                    content,
                    tera,
                    assets,
                    profile,
                    export,
                })
            }
            _ => Err(SiteErrors(errors)),
        }
    }
}
