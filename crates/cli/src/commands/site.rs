//! `csirt build` and `csirt check`: the site from `content/` and `templates/`.

use std::path::{Path, PathBuf};

use clap::Args;
use csirt_site::{BuildKind, Site, SiteErrors, build, build_date, build_updating};

/// Where the site's configuration is and where the built site goes.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site configuration; content is read from its directory, templates from `../templates`.
    #[arg(long, default_value = "content/config.toml")]
    pub config: PathBuf,
}

/// `csirt build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output directory, replaced whole when the build succeeds.
    #[arg(long, default_value = "public")]
    pub output: PathBuf,
    /// Render every page even when only the case export changed.
    #[arg(long)]
    pub full: bool,
}

/// Prints progress on long builds: every thousand pages.
pub fn progress(done: usize, total: usize) {
    if total >= 1000 && (done.is_multiple_of(1000) || done == total) {
        eprintln!("rendered {done}/{total} pages");
    }
}

/// Builds the site into `output` (only the pages showing case data when nothing else changed, unless `full`),
/// returning a one-line summary.
pub fn build_site(config: &Path, output: &Path, full: bool) -> Result<String, SiteErrors> {
    let started = std::time::Instant::now();
    let (report, kind) = if full {
        let site = Site::load(config)?;
        (
            build(&site, output, build_date(), &progress)?,
            BuildKind::Full,
        )
    } else {
        build_updating(config, output, build_date(), &progress)?
    };
    let what = match kind {
        BuildKind::Full => "built",
        BuildKind::ExportOnly => "updated the case pages:",
    };
    Ok(format!(
        "{what} {} pages ({} files) into {} in {} ms",
        report.pages,
        report.files,
        report.output.display(),
        started.elapsed().as_millis()
    ))
}

/// Runs `csirt build`.
pub fn run_build(args: &BuildArgs) -> Result<(), String> {
    let summary =
        build_site(&args.site.config, &args.output, args.full).map_err(|e| e.to_string())?;
    println!("{summary}");
    Ok(())
}

/// Runs `csirt check`: content, templates, internal links and anchors; every problem listed.
pub fn run_check(args: &SiteArgs) -> Result<(), String> {
    let site = Site::load(&args.config).map_err(|e| report(&e))?;
    let (pages, files) =
        csirt_site::check::check_site(&site, build_date()).map_err(|e| report(&e))?;
    println!("checked {pages} pages and {files} files: no problems");
    Ok(())
}

fn report(errors: &SiteErrors) -> String {
    format!("{} problem(s):\n{errors}", errors.0.len())
}
