//! A build: load, render, write everything into a temporary directory beside the output, then swap it in whole,
//! so a failed build never leaves a half site and readers never see a mix of two builds.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use walkdir::WalkDir;

use crate::error::{SiteError, SiteErrors};
use crate::render::{Output, render_all};
use crate::site::{Site, SitePaths};

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Pages rendered from content.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Where.
    pub output: PathBuf,
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

/// Static files to copy: (source, path relative to the output).
pub fn static_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, SiteError> {
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

fn write_all(
    dir: &Path,
    outputs: &[Output],
    statics: &[(PathBuf, String)],
) -> Result<(), SiteError> {
    for output in outputs {
        let path = dir.join(&output.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        }
        std::fs::write(&path, &output.bytes).map_err(|e| SiteError::io(&path, e))?;
    }
    for (source, relative) in statics {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        }
        std::fs::copy(source, &path).map_err(|e| SiteError::io(source, e))?;
    }
    Ok(())
}

/// Replaces `output` with `fresh` (a directory beside it): the old site is moved aside, the new one renamed into
/// place, then the old one removed.
fn swap_in(fresh: &Path, output: &Path) -> Result<(), SiteError> {
    let old = output.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| SiteError::io(&old, e))?;
    }
    if output.exists() {
        std::fs::rename(output, &old).map_err(|e| SiteError::io(output, e))?;
    }
    if let Err(e) = std::fs::rename(fresh, output) {
        // Put the old site back rather than leave none.
        let _ = std::fs::rename(&old, output);
        return Err(SiteError::io(output, e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| SiteError::io(&old, e))?;
    }
    Ok(())
}

/// Renders `site` into `output` as of `today`, reporting progress through `progress(done, total)`.
pub fn build(
    site: &Site,
    output: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport, SiteErrors> {
    let outputs = render_all(site, today, progress)?;
    let statics = static_files(&site.paths.static_files)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| SiteError::io(&parent, e))?;
    let fresh = tempfile::Builder::new()
        .prefix(".csirt-build-")
        .tempdir_in(&parent)
        .map_err(|e| SiteError::io(&parent, e))?;
    write_all(fresh.path(), &outputs, &statics)?;
    let fresh_path = fresh.keep();
    if let Err(error) = swap_in(&fresh_path, output) {
        let _ = std::fs::remove_dir_all(&fresh_path);
        return Err(error.into());
    }
    Ok(BuildReport {
        pages: site.content.pages.len(),
        files: outputs.len() + statics.len(),
        output: output.to_owned(),
    })
}

/// How a build went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// Every page rendered and the output swapped in whole.
    Full,
    /// Only the case export changed since the last build: only the pages that show case data were rendered,
    /// each replaced atomically in the existing output.
    ExportOnly,
}

/// The stamp file's layout; a stamp written in another layout never matches.
const STAMP_FORMAT: u32 = 3;

/// A fingerprint of everything a build reads except the case export: content, templates and static files
/// (path, size, modification time), the generator's version and the build date. Equal stamps mean that only the
/// export can have changed since the build that wrote the stamp.
fn input_stamp(
    paths: &SitePaths,
    export: Option<&Path>,
    today: NaiveDate,
) -> Result<String, SiteError> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let export = export.and_then(|e| e.canonicalize().ok());
    let is_export = |path: &Path| {
        export.as_ref().is_some_and(|export| {
            path.file_name() == export.file_name()
                && path.canonicalize().ok().as_ref() == Some(export)
        })
    };
    let mut files = Vec::new();
    for dir in [&paths.content, &paths.templates, &paths.static_files] {
        for entry in WalkDir::new(dir) {
            let entry = entry.map_err(|e| SiteError::at(dir, e.to_string()))?;
            if entry.file_type().is_file() && !is_export(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    // Each file is fingerprinted on its own, in parallel, and the fingerprints are summed: the stamp does not
    // depend on the order the directories list their files in, so nothing needs sorting.
    let fingerprints: Vec<u64> = files
        .par_iter()
        .map(|path| {
            let metadata = std::fs::symlink_metadata(path).map_err(|e| SiteError::io(path, e))?;
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            path.hash(&mut hasher);
            metadata.len().hash(&mut hasher);
            metadata.modified().ok().hash(&mut hasher);
            Ok(hasher.finish())
        })
        .collect::<Result<_, SiteError>>()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    STAMP_FORMAT.hash(&mut hasher);
    today.hash(&mut hasher);
    fingerprints.len().hash(&mut hasher);
    fingerprints
        .iter()
        .fold(0u64, |sum, f| sum.wrapping_add(*f))
        .hash(&mut hasher);
    Ok(format!("{:016x}", hasher.finish()))
}

/// Where a build's stamp is kept: beside the output (`public.stamp`), so it is never served.
fn stamp_file(output: &Path) -> PathBuf {
    output.with_extension("stamp")
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

/// The stamp file: the input stamp on the first line, then the content files an export-only rebuild reads.
fn stamp_text(stamp: &str, sources: &[PathBuf]) -> String {
    let mut text = format!("{stamp}\n");
    for source in sources {
        text.push_str(&source.to_string_lossy());
        text.push('\n');
    }
    text
}

/// Builds the site configured by `config` into `output`: when only the case export changed since the last build
/// (a case was closed), just the pages that show case data are rendered again; otherwise a full build.
pub fn build_updating(
    config: &Path,
    output: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(BuildReport, BuildKind), SiteErrors> {
    let paths = SitePaths::from_config(config);
    let site_config = csirt_domain::team::TeamConfig::load(config).map_err(SiteError::from)?;
    let export = site_config.export.as_ref().map(|e| paths.content.join(e));
    let stamp = input_stamp(&paths, export.as_deref(), today)?;
    let previous = std::fs::read_to_string(stamp_file(output)).unwrap_or_default();
    let mut previous = previous.lines();
    if previous.next() == Some(stamp.as_str()) && output.is_dir() {
        let sources: Vec<PathBuf> = previous.map(PathBuf::from).collect();
        build_export_pages(config, output, today, &sources, progress)
            .map(|report| (report, BuildKind::ExportOnly))
    } else {
        let site = Site::load(config)?;
        let report = build(&site, output, today, progress)?;
        let sources = crate::render::export_sources(&site);
        replace_file(&stamp_file(output), stamp_text(&stamp, &sources).as_bytes())?;
        Ok((report, BuildKind::Full))
    }
}

/// Renders again, in place, only the pages that show case data, reading only the content files `sources`.
fn build_export_pages(
    config: &Path,
    output: &Path,
    today: NaiveDate,
    sources: &[PathBuf],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport, SiteErrors> {
    use crate::render::{EXPORT_TEMPLATES, render_selected};
    let site = Site::load_sources(config, Some(sources), &|front| {
        front
            .template
            .as_deref()
            .is_some_and(|t| EXPORT_TEMPLATES.contains(&t))
    })?;
    let outputs = render_selected(
        &site,
        today,
        &|p| EXPORT_TEMPLATES.contains(&p.template()),
        false,
        progress,
    )?;
    for rendered in &outputs {
        replace_file(&output.join(&rendered.path), &rendered.bytes)?;
    }
    Ok(BuildReport {
        pages: outputs.len(),
        files: outputs.len(),
        output: output.to_owned(),
    })
}
