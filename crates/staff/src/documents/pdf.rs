//! Printing a rendered document to PDF with Debian's Chromium, when it is installed.

use std::path::Path;
use std::process::Command;

use super::error::DocumentError;

/// Where Debian's `chromium` package installs the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Prints the HTML file `html` to `pdf` with headless Chromium: A4 (or the page size the document's style sheet
/// sets), without the browser's own header and footer. Fails with a clear message when Chromium is missing,
/// fails, or writes no PDF.
pub fn print_pdf(html: &Path, pdf: &Path) -> Result<(), DocumentError> {
    let fail = |message: String| DocumentError::Print {
        html: html.to_owned(),
        message,
    };
    if !Path::new(CHROMIUM).is_file() {
        return Err(fail(format!(
            "{CHROMIUM} is not installed; install Debian's chromium package (apt-get install chromium) or print the \
             HTML file from a browser"
        )));
    }
    let source = std::path::absolute(html).map_err(|e| fail(e.to_string()))?;
    if !source.is_file() {
        return Err(fail("the file does not exist".to_owned()));
    }
    let target = std::path::absolute(pdf).map_err(|e| fail(e.to_string()))?;
    let url = url::Url::from_file_path(&source)
        .map_err(|()| fail("cannot make a file URL of the path".to_owned()))?;
    let profile = tempfile::tempdir().map_err(|e| fail(format!("no temporary directory: {e}")))?;
    let output = Command::new(CHROMIUM)
        .arg("--headless")
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--no-pdf-header-footer")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(url.as_str())
        .output()
        .map_err(|e| fail(format!("cannot run {CHROMIUM}: {e}")))?;
    if !output.status.success() {
        return Err(fail(format!(
            "{CHROMIUM} exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let written = std::fs::read(&target).map_err(|e| {
        fail(format!(
            "{CHROMIUM} wrote no PDF to {}: {e}",
            target.display()
        ))
    })?;
    if !written.starts_with(b"%PDF") {
        return Err(fail(format!("{} is not a PDF", target.display())));
    }
    Ok(())
}
