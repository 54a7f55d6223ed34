//! Small HTML pages for browsers that post the form without JavaScript: the receipt with the tracking code,
//! the list of problems, the status. Tera templates from `templates/intake/`, built into the binary (Lambda has
//! no template directory), autoescaped.

use serde::Serialize;
use tera::{Context, Tera};

use csirt_domain::lang::Lang;

const TEMPLATES: [(&str, &str); 5] = [
    (
        "base.html",
        include_str!("../../../templates/intake/base.html"),
    ),
    (
        "receipt.html",
        include_str!("../../../templates/intake/receipt.html"),
    ),
    (
        "errors.html",
        include_str!("../../../templates/intake/errors.html"),
    ),
    (
        "replied.html",
        include_str!("../../../templates/intake/replied.html"),
    ),
    (
        "status.html",
        include_str!("../../../templates/intake/status.html"),
    ),
];

/// The compiled page templates.
#[derive(Debug)]
pub struct Pages {
    tera: Tera,
}

/// One problem listed on the errors page.
#[derive(Debug, Serialize)]
pub struct ListedError<'a> {
    /// The field's label as the form shows it (its name when it has none).
    pub label: &'a str,
    /// The message in the page's language.
    pub message: &'a str,
}

impl Pages {
    /// Compiles the templates.
    pub fn new() -> Result<Self, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES)?;
        tera.autoescape_on(vec![".html"]);
        Ok(Pages { tera })
    }

    fn render(
        &self,
        name: &str,
        lang: Lang,
        csirt: &str,
        fill: impl FnOnce(&mut Context),
    ) -> String {
        let mut context = Context::new();
        context.insert("lang", lang.code());
        context.insert("csirt", csirt);
        fill(&mut context);
        self.tera.render(name, &context).unwrap_or_else(|e| {
            tracing::error!(template = name, "page template failed: {e}");
            String::from("<!doctype html><title>Error</title><p>Error / Galat</p>")
        })
    }

    /// The receipt: the tracking code and where to check the status.
    pub fn receipt(&self, lang: Lang, csirt: &str, code: &str, status_url: &str) -> String {
        self.render("receipt.html", lang, csirt, |c| {
            c.insert("code", code);
            c.insert("status_url", status_url);
        })
    }

    /// The problems that stopped a submission or a status lookup (then with the status form again, holding the
    /// code as typed).
    pub fn errors(
        &self,
        lang: Lang,
        csirt: &str,
        summary: &str,
        errors: &[ListedError<'_>],
        retry_code: Option<&str>,
    ) -> String {
        self.render("errors.html", lang, csirt, |c| {
            c.insert("summary", summary);
            c.insert("errors", errors);
            c.insert("retry_code", &retry_code);
        })
    }

    /// A reply was stored: where to see the thread.
    pub fn replied(&self, lang: Lang, csirt: &str, code: &str, status_url: &str) -> String {
        self.render("replied.html", lang, csirt, |c| {
            c.insert("code", code);
            c.insert("status_url", status_url);
        })
    }

    /// A case's status.
    pub fn status(&self, lang: Lang, csirt: &str, status: &impl Serialize) -> String {
        self.render("status.html", lang, csirt, |c| c.insert("status", status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_what_they_show() {
        let pages = Pages::new().unwrap();
        let html = pages.errors(
            Lang::Id,
            "TegalKab-CSIRT",
            "<script>alert(1)</script>",
            &[ListedError {
                label: "Judul singkat",
                message: "{{ x }} <b>",
            }],
            None,
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
            "{html}"
        );
        assert!(html.contains("{{ x }} &lt;b&gt;"), "{html}");
        assert!(!html.contains("<script>"));
        let receipt = pages.receipt(
            Lang::En,
            "TegalKab-CSIRT",
            "TGL-0000-0000-0000",
            "/status/?code=TGL",
        );
        assert!(receipt.contains("Your tracking code") && receipt.contains("TGL-0000-0000-0000"));
    }
}
