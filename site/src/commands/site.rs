//! `csirt build` and `csirt check`: the site from `content/` and `templates/`.

use std::path::{Path, PathBuf};

use clap::Args;
use csirt_site::{Site, SiteErrors, build, build_date};

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
}

/// Prints progress on long builds: every thousand pages.
pub fn progress(done: usize, total: usize) {
    if total >= 1000 && (done.is_multiple_of(1000) || done == total) {
        eprintln!("rendered {done}/{total} pages");
    }
}

/// Loads and builds the site into `output`, returning a one-line summary.
pub fn build_site(config: &Path, output: &Path) -> Result<(Site, String), SiteErrors> {
    let started = std::time::Instant::now();
    let site = Site::load(config)?;
    let report = build(&site, output, build_date(), &progress)?;
    let summary = format!(
        "built {} pages ({} files) into {} in {} ms",
        report.pages,
        report.files,
        report.output.display(),
        started.elapsed().as_millis()
    );
    Ok((site, summary))
}

/// Runs `csirt build`.
pub fn run_build(args: &BuildArgs) -> Result<(), String> {
    let (_, summary) = build_site(&args.site.config, &args.output).map_err(|e| e.to_string())?;
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
