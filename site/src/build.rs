//! A build: load, render every file in parallel, and write only the files that changed into the output, which
//! is never left half one build and half another (see [`crate::output`]), each text file with its compressed
//! copies. When only the case export changed since the last build, only the pages that show case data are
//! rendered. The static files are copied, those under `assets/` also under their fingerprinted names (see
//! [`crate::assets`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::assets::{ASSETS_DIR, Assets};
use crate::error::{SiteError, SiteErrors};
use crate::output::OutputDir;
use crate::render::{EXPORT_TEMPLATES, Renderer, export_sources};
use crate::site::{Site, SitePaths};
use crate::stamp::{Stamp, input_stamp};

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Pages rendered.
    pub pages: usize,
    /// Files the build produced (rendered or copied).
    pub files: usize,
    /// Of those, files written because they were new or differed from the output's.
    pub changed: usize,
    /// Files removed from the output because the site no longer has them.
    pub removed: usize,
    /// Where.
    pub output: PathBuf,
}

/// How a build went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// Every file rendered and compared with the output.
    Full,
    /// Only the case export changed since the last build: only the pages that show case data were rendered.
    ExportOnly,
}

/// The date builds count from: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today (UTC).
pub fn build_date() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
        .date_naive()
}

/// Static files to copy: (source, path relative to the output): every file under `dir`, and each file under its
/// `assets/` a second time under its fingerprinted name (`assets/site.css` and `assets/site.3f9a1c2b.css`, see
/// [`crate::assets`]).
pub fn static_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, SiteError> {
    let mut files = plain_static_files(dir)?;
    let assets = Assets::load(dir)?;
    for (source, relative) in files.clone() {
        let asset = relative
            .strip_prefix(ASSETS_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|name| assets.get(name));
        if let Some(asset) = asset {
            files.push((source, asset.fingerprinted.clone()));
        }
    }
    Ok(files)
}

/// Every file under `dir`: (source, path relative to `dir`).
fn plain_static_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, SiteError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::at(dir, e.to_string()))?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push((
                entry.path().to_owned(),
                relative.to_string_lossy().replace('\\', "/"),
            ));
        }
    }
    Ok(files)
}

/// Renders every file of `site` into `output` as of `today`, reporting progress through `progress(done,
/// total)`: files equal to the output's are left alone, changed ones replaced, those the site no longer has
/// removed. It leaves no stamp, so the next [`build_updating`] into `output` is a full build.
pub fn build(
    site: &Site,
    output: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport, SiteErrors> {
    let mut dir = OutputDir::open(output)?;
    Stamp::remove(output)?;
    write_site(site, &mut dir, today, progress)
}

/// Renders everything into the opened `dir` and commits it.
fn write_site(
    site: &Site,
    dir: &mut OutputDir,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport, SiteErrors> {
    dir.list_existing();
    let renderer = Renderer::new(site, today)?;
    let jobs = renderer.all_jobs();
    // The assets come from the site as loaded, so that the files written are those the pages were given the
    // fingerprinted names of; the other static files are read now.
    let statics: Vec<(PathBuf, String)> = plain_static_files(&site.paths.static_files)?
        .into_iter()
        .filter(|(_, relative)| {
            !relative
                .strip_prefix(ASSETS_DIR)
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .collect();
    renderer.render_each(
        &jobs,
        &|rendered| dir.put(&rendered.path, &rendered.bytes).map(drop),
        progress,
    )?;
    let assets: Vec<(&str, &[u8])> = site
        .assets
        .iter()
        .flat_map(|asset| {
            [
                (asset.path.as_str(), asset.bytes.as_slice()),
                (asset.fingerprinted.as_str(), asset.bytes.as_slice()),
            ]
        })
        .collect();
    let errors: Vec<SiteError> = statics
        .par_iter()
        .filter_map(|(source, relative)| {
            std::fs::read(source)
                .map_err(|e| SiteError::io(source, e))
                .and_then(|bytes| dir.put(relative, &bytes))
                .err()
        })
        .chain(
            assets
                .par_iter()
                .filter_map(|(path, bytes)| dir.put(path, bytes).err()),
        )
        .collect();
    if !errors.is_empty() {
        return Err(SiteErrors(errors));
    }
    let written = dir.commit(&[])?;
    Ok(BuildReport {
        pages: jobs.len(),
        files: written.files,
        changed: written.changed,
        removed: written.removed,
        output: dir.path().to_owned(),
    })
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so readers see the old file or the
/// new one, never a part. The file keeps the permissions of the one it replaces, or gets those of a file the
/// full build writes (a web server run by another user must be able to read it).
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| SiteError::io(dir, e))?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| SiteError::io(dir, e))?;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_file_permissions(dir)?,
    };
    file.as_file()
        .set_permissions(permissions)
        .map_err(|e| SiteError::io(path, e))?;
    file.write_all(bytes).map_err(|e| SiteError::io(path, e))?;
    file.persist(path)
        .map_err(|e| SiteError::io(path, e.error))?;
    Ok(())
}

/// The permissions `std::fs::write` gives a new file (0666 less the process's umask), found by writing one.
fn default_file_permissions(dir: &Path) -> Result<std::fs::Permissions, SiteError> {
    let probe = dir.join(".csirt-permissions-probe");
    std::fs::write(&probe, b"").map_err(|e| SiteError::io(&probe, e))?;
    let permissions = std::fs::metadata(&probe).map(|m| m.permissions());
    let _ = std::fs::remove_file(&probe);
    permissions.map_err(|e| SiteError::io(&probe, e))
}

/// Builds the site configured by `config` into `output`: when only the case export changed since the last build
/// (a case was closed), just the pages that show case data are rendered again; otherwise (or when `full`) every
/// file. Either way only files that differ from the output's are written.
pub fn build_updating(
    config: &Path,
    output: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(BuildReport, BuildKind), SiteErrors> {
    build_with(config, output, today, false, progress)
}

/// [`build_updating`], or a full build whatever changed when `full`; either way the stamp is written for the next
/// build.
pub fn build_with(
    config: &Path,
    output: &Path,
    today: NaiveDate,
    full: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(BuildReport, BuildKind), SiteErrors> {
    let paths = SitePaths::from_config(config);
    let site_config = csirt_domain::team::TeamConfig::load(config).map_err(SiteError::from)?;
    let export = site_config.export.as_ref().map(|e| paths.content.join(e));
    let mut dir = OutputDir::open(output)?;
    let inputs = input_stamp(&paths, export.as_deref(), today)?;
    let previous = Stamp::read(output).filter(|s| s.inputs == inputs && dir.exists());
    Stamp::remove(output)?;
    match previous {
        Some(previous) if !full => {
            let (report, stamp) = build_export_pages(config, &mut dir, today, previous, progress)?;
            stamp.write(output)?;
            Ok((report, BuildKind::ExportOnly))
        }
        _ => {
            let site = Site::load(config)?;
            let report = write_site(&site, &mut dir, today, progress)?;
            let split = crate::render::hall_of_fame::Split::of(site.export.hall_of_fame.len());
            Stamp {
                inputs,
                sources: export_sources(&site),
                hall_of_fame: (1..=split.numbered)
                    .map(|k| split.fingerprint(&site.export, k))
                    .collect(),
            }
            .write(output)?;
            Ok((report, BuildKind::Full))
        }
    }
}

/// Renders again only the pages that show case data — the statistics, the Hall of Fame's own page and those of
/// its numbered pages whose entries or links changed — reading only the content files the stamp names. Returns
/// the report and the stamp to write.
fn build_export_pages(
    config: &Path,
    dir: &mut OutputDir,
    today: NaiveDate,
    previous: Stamp,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(BuildReport, Stamp), SiteErrors> {
    let site = Site::load_sources(config, Some(&previous.sources), &|front| {
        front
            .template
            .as_deref()
            .is_some_and(|t| EXPORT_TEMPLATES.contains(&t))
    })?;
    let renderer = Renderer::new(&site, today)?;
    let split = renderer.split();
    let fingerprints: Vec<u64> = (1..=split.numbered)
        .map(|k| split.fingerprint(&site.export, k))
        .collect();
    let jobs =
        renderer.export_jobs(&|k| previous.hall_of_fame.get(k - 1) != Some(&fingerprints[k - 1]));
    renderer.render_each(
        &jobs,
        &|rendered| dir.put(&rendered.path, &rendered.bytes).map(drop),
        progress,
    )?;
    let gone = renderer.hall_of_fame_files(split.numbered + 1, previous.hall_of_fame.len());
    let written = dir.commit(&gone)?;
    let report = BuildReport {
        pages: jobs.len(),
        files: written.files,
        changed: written.changed,
        removed: written.removed,
        output: dir.path().to_owned(),
    };
    let stamp = Stamp {
        hall_of_fame: fingerprints,
        ..previous
    };
    Ok((report, stamp))
}
