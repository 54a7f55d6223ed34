//! `csirt build` and `csirt check`: the site from `content/` and `templates/`; and the RFC 2350 profile printed
//! to PDF (`csirt build --rfc2350-pdf FILE`) with the Chromium the case documents are printed with.

use std::path::{Path, PathBuf};

use clap::Args;
use csirt_domain::lang::Lang;
use csirt_domain::team::{TeamFile, team_file_problems};
use csirt_site::rebuild::rebuild_site;
use csirt_site::render::output_file;
use csirt_site::render::views::rfc2350_print_path;
use csirt_site::{Site, SiteErrors, build_date};
use csirt_staff::documents::{DocumentError, DocumentTemplates, print_pdf};

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
    /// After building, also print the RFC 2350 profile to PDF (A4) with Chromium, as the case documents are: the
    /// Indonesian profile to FILE, the English one beside it (`rfc2350.pdf` → `rfc2350.en.pdf`).
    #[arg(long, value_name = "FILE")]
    pub rfc2350_pdf: Option<PathBuf>,
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
    if let Some(pdf) = &args.rfc2350_pdf {
        for written in print_rfc2350(&args.site.config, &args.output, pdf)? {
            println!("printed the RFC 2350 profile to {}", written.display());
        }
    }
    Ok(())
}

/// The PDF file of the profile in `lang`: `pdf` for Bahasa Indonesia, `pdf` with `.en` before its extension for
/// English.
pub fn rfc2350_pdf_file(pdf: &Path, lang: Lang) -> PathBuf {
    match lang {
        Lang::Id => pdf.to_owned(),
        Lang::En => {
            let stem = pdf.file_stem().map_or_else(
                || "rfc2350".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
            let extension = pdf
                .extension()
                .map_or_else(|| "pdf".to_owned(), |e| e.to_string_lossy().into_owned());
            pdf.with_file_name(format!("{stem}.en.{extension}"))
        }
    }
}

/// Prints the printable RFC 2350 profile of each language, as the build wrote it into `output`, to PDF files
/// named after `pdf` ([`rfc2350_pdf_file`]), returning them. The page is printed from a copy whose links to the
/// site's style sheet and images point into `output` and whose other links point to the site's address, so the
/// PDF looks as the page does and its links work outside the site.
pub fn print_rfc2350(config: &Path, output: &Path, pdf: &Path) -> Result<Vec<PathBuf>, Failure> {
    let site = Site::load_with(config, &|front| {
        front.template.as_deref() == Some("rfc2350.html")
    })
    .map_err(|e| report(&e.0))?;
    let mut pages: Vec<_> = site
        .content
        .pages
        .iter()
        .filter(|page| page.template() == "rfc2350.html")
        .collect();
    if pages.is_empty() {
        return Err(Failure::from(format!(
            "{}: the site has no page with template = \"rfc2350.html\" to print",
            site.paths.content.display()
        )));
    }
    pages.sort_by_key(|page| page.lang != Lang::Id);
    let output = std::path::absolute(output).map_err(|e| format!("{}: {e}", output.display()))?;
    let output_url = url::Url::from_directory_path(&output)
        .map_err(|()| format!("{}: cannot make a file URL of the path", output.display()))?;
    let scratch = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let mut written = Vec::new();
    for page in pages {
        let built = output.join(output_file(&rfc2350_print_path(&page.path, page.lang)));
        let html = std::fs::read_to_string(&built).map_err(|e| {
            format!(
                "{}: {e} (the build writes the printable profile there)",
                built.display()
            )
        })?;
        let copy = scratch
            .path()
            .join(format!("rfc2350-{}.html", page.lang.code()));
        std::fs::write(
            &copy,
            printable(&html, output_url.as_str(), &site.config.base_url),
        )
        .map_err(|e| format!("{}: {e}", copy.display()))?;
        let target = rfc2350_pdf_file(pdf, page.lang);
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        print_pdf(&copy, &target).map_err(|e| e.to_string())?;
        written.push(target);
    }
    Ok(written)
}

/// A built page made printable from a file: its site-relative style sheets, icons and images (`src="/…"`,
/// `href="/assets/…"`) point into the output at `output_url` (a `file:` URL ending in `/`), its other
/// site-relative links to the site at `base_url`.
pub fn printable(html: &str, output_url: &str, base_url: &str) -> String {
    html.replace(" src=\"/", &format!(" src=\"{output_url}"))
        .replace(" href=\"/assets/", &format!(" href=\"{output_url}assets/"))
        .replace(" href=\"/", &format!(" href=\"{base_url}/"))
}

/// Runs `csirt check`: content, templates, internal links and anchors, the document templates, the team file
/// against its SOP profile, and the team's key against `security.txt`'s expiry; every problem listed.
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
    // A logo or key that cannot be read was reported with the site; one that can is checked further.
    if let Ok(assets) = team.assets(build_date()) {
        for problem in assets.problems(&team.config, build_date()) {
            problems.push(format!("{}: {problem}", args.config.display()));
        }
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
