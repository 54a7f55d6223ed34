//! `csirt build` and `csirt check`: the site from `content/` and `templates/`.

use std::path::{Path, PathBuf};

use clap::Args;
use csirt_domain::team::{TeamFile, team_file_problems};
use csirt_site::rebuild::rebuild_site;
use csirt_site::{Site, SiteErrors, build_date};
use csirt_staff::documents::{DocumentError, DocumentTemplates};

use crate::failure::Failure;

/// Where the site's configuration is and where the built site goes.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The team file; content is read from its directory, templates from `../templates`.
    #[arg(long, env = "CSIRT_CONFIG", default_value = "content/config.toml")]
    pub config: PathBuf,
}

/// `csirt build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output directory; only files whose content changed are written, and a failed build leaves it as it was.
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
    rebuild_site(config, output, full, &progress).map(|rebuilt| rebuilt.summary())
}

/// Runs `csirt build`.
pub fn run_build(args: &BuildArgs) -> Result<(), Failure> {
    let summary =
        build_site(&args.site.config, &args.output, args.full).map_err(|e| e.to_string())?;
    println!("{summary}");
    Ok(())
}

/// Runs `csirt check`: content, templates, internal links and anchors, the document templates, and the team
/// file against its SOP profile; every problem listed.
pub fn run_check(args: &SiteArgs) -> Result<(), Failure> {
    let site = Site::load(&args.config).map_err(|e| report(&e.0))?;
    let mut problems = Vec::new();
    let (pages, files) = match csirt_site::check::check_site(&site, build_date()) {
        Ok(counts) => counts,
        Err(errors) => {
            problems.extend(errors.0.iter().map(ToString::to_string));
            (0, 0)
        }
    };
    let documents = DocumentTemplates::dir_for(&site.paths);
    match DocumentTemplates::load(&documents) {
        Ok(_) => {}
        Err(DocumentError::Template { file, message }) => {
            problems.push(format!("{}: {message}", file.display()));
        }
        Err(other) => problems.push(format!("{}: {other}", documents.display())),
    }
    let team = TeamFile::load(&args.config).map_err(|e| e.to_string())?;
    for problem in team_file_problems(&team) {
        problems.push(format!("{}: {problem}", args.config.display()));
    }
    if !problems.is_empty() {
        return Err(report(&problems));
    }
    println!("checked {pages} pages and {files} files: no problems");
    Ok(())
}

/// Every problem, counted.
fn report(problems: &[impl std::fmt::Display]) -> Failure {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Failure::from(format!("{} problem(s):\n{}", lines.len(), lines.join("\n")))
}
