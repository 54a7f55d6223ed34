//! The documents' Tera templates, read from `templates/documents/` so a team can adapt its letter layout.
//! Everything a template prints from a case is escaped.

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use super::error::DocumentError;
use csirt_domain::text::is_hidden_character;
use csirt_site::site::SitePaths;
use csirt_site::templates::{escape_markup, read_template_sources, tera_message};

/// The templates every document needs; loading checks they are all there.
pub const REQUIRED: [&str; 18] = [
    "base.html",
    "print.css",
    "kop.html",
    "letter.html",
    "signature.html",
    "system.html",
    "mitigation.html",
    "summary.html",
    "analysis_report.html",
    "escalation_report.html",
    "notification_letter.html",
    "certificate_of_appreciation.html",
    "final_report.html",
    "team_report.html",
    "verification_report.html",
    "reply_letter.html",
    "head_of_agency_report.html",
    "activity_report.html",
];

/// The compiled document templates and where they came from.
#[derive(Debug)]
pub struct DocumentTemplates {
    dir: PathBuf,
    names: Vec<String>,
    tera: Tera,
}

/// Escapes text for HTML: `& < > " '`; control characters other than tab and newline, and the invisible
/// direction overrides that could disguise a name or address, become U+FFFD.
pub fn escape_document_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if is_hidden_character(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    escape_markup(&cleaned)
}

impl DocumentTemplates {
    /// The directory of the site configured by `config` (`templates/documents` beside `content/`).
    pub fn dir_for(paths: &SitePaths) -> PathBuf {
        paths
            .templates
            .parent()
            .map_or_else(|| PathBuf::from("documents"), |t| t.join("documents"))
    }

    /// Reads and compiles every template under `dir`; a broken or missing one is named with its path.
    pub fn load(dir: &Path) -> Result<Self, DocumentError> {
        let sources =
            read_template_sources(dir).map_err(|e| template_error(&e.file, e.message.clone()))?;
        let names: Vec<String> = sources.iter().map(|(name, _)| name.clone()).collect();
        if let Some(absent) = REQUIRED.iter().find(|r| !names.iter().any(|n| n == *r)) {
            return Err(template_error(
                &dir.join(absent),
                "missing: every document template must be present",
            ));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_document_text);
        let compiled = tera.add_raw_templates(sources);
        let templates = DocumentTemplates {
            dir: dir.to_owned(),
            names,
            tera,
        };
        compiled.map_err(|e| templates.error(&e))?;
        Ok(templates)
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, DocumentError> {
        self.tera.render(name, context).map_err(|e| self.error(&e))
    }

    /// A Tera error, naming the template file its message names first (Tera quotes names in single quotes).
    fn error(&self, error: &tera::Error) -> DocumentError {
        let message = tera_message(error);
        let file = self
            .names
            .iter()
            .filter_map(|name| message.find(&format!("'{name}'")).map(|at| (at, name)))
            .min()
            .map_or_else(|| self.dir.clone(), |(_, name)| self.dir.join(name));
        template_error(&file, message)
    }
}

fn template_error(file: &Path, message: impl Into<String>) -> DocumentError {
    DocumentError::Template {
        file: file.to_owned(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_and_control_characters() {
        assert_eq!(
            escape_document_text("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(
            escape_document_text("a\u{0}b\u{1b}[31m\u{202E}c\n\td"),
            "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}c\n\td"
        );
    }
}
