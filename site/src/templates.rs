//! Tera templates as the site and the staff documents load them: every file of a directory, named by its path,
//! with HTML/XML escaping that leaves `/` alone; and Tera's errors with the template and line they name. The
//! site's templates also have the function `asset`, the URL of a static asset under its fingerprinted name.

use std::path::Path;

use std::collections::HashMap;

use chrono::NaiveDate;
use csirt_domain::lang::Lang;
use csirt_domain::local_time::long_date_in;
use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::assets::Assets;
use crate::error::SiteError;

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
    tera.register_filter("long_date", long_date);
    tera.add_raw_templates(sources)
        .map_err(|e| SiteError::at(dir, tera_message(&e)))?;
    Ok(tera)
}

/// The site's templates under `dir` ([`load_templates`]) with the function `asset`:
/// `{{ asset(path="site.css") }}` is `/assets/site.3f9a1c2b.css`, the URL of that file of `assets` under its
/// fingerprinted name (see [`crate::assets`]).
pub fn load_site_templates(dir: &Path, assets: &Assets) -> Result<Tera, SiteError> {
    let mut tera = load_templates(dir)?;
    tera.register_function("asset", assets.tera_function());
    Ok(tera)
}

/// The `long_date` filter: a `YYYY-MM-DD` date as readers write it, `5 Oktober 2026` or (with `lang="en"`)
/// `5 October 2026`.
fn long_date(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("long_date: {value} is not a date")))?;
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        tera::Error::msg(format!("long_date: {text:?} is not a YYYY-MM-DD date: {e}"))
    })?;
    let lang = match args.get("lang").and_then(Value::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Id,
    };
    Ok(Value::String(long_date_in(date, lang)))
}

/// A Tera error with its causes, which carry the template name and line.
pub fn tera_message(error: &tera::Error) -> String {
    csirt_domain::error_chain::error_chain(error)
}
