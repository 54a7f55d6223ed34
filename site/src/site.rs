//! Everything a build reads, loaded once: configuration, content, templates, the SOP profile and the case export.

use std::path::{Path, PathBuf};

use csirt_cases::sop::SopProfile;
use tera::Tera;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::error::{SiteError, SiteErrors};
use crate::export::SiteExport;

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
    /// Configuration.
    pub config: SiteConfig,
    /// Pages.
    pub content: Content,
    /// Compiled templates.
    pub tera: Tera,
    /// The team's procedure.
    pub profile: SopProfile,
    /// Closed cases.
    pub export: SiteExport,
}

/// Escapes text for HTML and XML text and double- or single-quoted attributes: `& < > " '`. Unlike Tera's
/// default it leaves `/` alone, so URLs stay readable in the output.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Every file under `dir` as (name relative to `dir` with `/` separators, text); a file that cannot be read
/// is named with its path.
pub fn read_template_sources(dir: &Path) -> Result<Vec<(String, String)>, SiteError> {
    let mut sources = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::at(dir, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let text =
            std::fs::read_to_string(entry.path()).map_err(|e| SiteError::io(entry.path(), e))?;
        sources.push((name, text));
    }
    Ok(sources)
}

/// Reads every template under `dir`, named by their path relative to it.
pub fn load_templates(dir: &Path) -> Result<Tera, SiteError> {
    let sources = read_template_sources(dir)?;
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_markup);
    tera.add_raw_templates(sources)
        .map_err(|e| SiteError::at(dir, tera_message(&e)))?;
    Ok(tera)
}

/// A Tera error with its causes, which carry the template name and line.
pub fn tera_message(error: &tera::Error) -> String {
    csirt_cases::error_chain::error_chain(error)
}

/// The SOP profile the configuration names: a file relative to the content directory, or a shipped one.
pub fn load_profile(paths: &SitePaths, config: &SiteConfig) -> Result<SopProfile, SiteError> {
    let profile_file = paths.content.join(&config.sop_profile);
    if profile_file.is_file() {
        SopProfile::load(&profile_file)
    } else {
        SopProfile::builtin(&config.sop_profile)
    }
    .map_err(|e| SiteError::at(&paths.config, format!("sop_profile: {e}")))
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
        let config = SiteConfig::load(&paths.config)?;
        let mut errors = Vec::new();
        let content = match sources {
            None => Content::load_with(&paths.content, wants_body),
            Some(sources) => {
                let files: Vec<PathBuf> = sources.iter().map(|s| paths.content.join(s)).collect();
                Content::load_files(&paths.content, &files, wants_body)
            }
        }
        .map_err(|e| errors.extend(e.0))
        .ok();
        let tera = load_templates(&paths.templates)
            .map_err(|e| errors.push(e))
            .ok();
        let profile = load_profile(&paths, &config)
            .map_err(|e| errors.push(e))
            .ok();
        let export = match &config.export {
            Some(file) => SiteExport::load(&paths.content.join(file))
                .map_err(|e| errors.push(e))
                .ok(),
            None => Some(SiteExport::default()),
        };
        match (content, tera, profile, export) {
            (Some(content), Some(tera), Some(profile), Some(export)) if errors.is_empty() => {
                Ok(Site {
                    paths,
                    config,
                    content,
                    tera,
                    profile,
                    export,
                })
            }
            _ => Err(SiteErrors(errors)),
        }
    }
}
