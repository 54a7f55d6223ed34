//! The HTML pages for browsers that post the form without JavaScript: the receipt with the tracking code, the
//! list of problems, the status. Each is a Tera template of `templates/intake/` (built into the binary: Lambda
//! has no template directory, autoescaped) rendered into the site's own layout, read from the built site
//! ([`csirt_domain::layout`]), so that it has the site's header, menu, language switch and footer; without a
//! built site, into a plain layout of its own.

use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use csirt_domain::lang::Lang;
use csirt_domain::layout::{self, Hole, LayoutFile};

const TEMPLATES: [(&str, &str); 6] = [
    (
        "layout.html",
        include_str!("../../../templates/intake/layout.html"),
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
    (
        "verification.html",
        include_str!("../../../templates/intake/verification.html"),
    ),
];

/// The compiled page templates and where the site's layout is.
#[derive(Debug)]
pub struct Pages {
    tera: Tera,
    /// The built site's directory, whose layout files the pages are shown in.
    site_dir: Option<PathBuf>,
    /// The plain layout in each language (Indonesian, English), for when the site's cannot be read.
    plain: [String; 2],
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
    /// Compiles the templates; `csirt` names the team in the plain layout, `site_dir` is the built site whose
    /// layout the pages are shown in (read for each page, so a rebuilt site shows at once).
    pub fn new(csirt: &str, site_dir: Option<PathBuf>) -> Result<Self, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES)?;
        tera.autoescape_on(vec![".html"]);
        let plain = |lang: Lang| {
            let mut context = Context::new();
            context.insert("lang", lang.code());
            context.insert("other_lang", lang.other().code());
            context.insert("csirt", csirt);
            context.insert("home", lang.pick("/", "/en/"));
            tera.render("layout.html", &context)
        };
        let plain = [plain(Lang::Id)?, plain(Lang::En)?];
        Ok(Pages {
            tera,
            site_dir,
            plain,
        })
    }

    /// The layout of `lang`: the site's when it can be read and has every hole, the plain one otherwise.
    fn layout(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        let plain = &self.plain[usize::from(lang == Lang::En)];
        let Some(dir) = &self.site_dir else {
            return plain.into();
        };
        let file = dir.join(LayoutFile::path(lang));
        match std::fs::read_to_string(&file) {
            Ok(text) => match layout::check(&text) {
                Ok(()) => text.into(),
                Err(e) => {
                    tracing::warn!(file = %file.display(), "site layout unusable: {e}");
                    plain.into()
                }
            },
            Err(e) => {
                tracing::warn!(file = %file.display(), "site layout unreadable: {e}");
                plain.into()
            }
        }
    }

    /// Renders template `name` into the layout of `lang`, titled `title`, its language switch leading to
    /// `switch`.
    fn render(
        &self,
        name: &str,
        lang: Lang,
        title: &str,
        switch: &str,
        fill: impl FnOnce(&mut Context),
    ) -> String {
        let mut context = Context::new();
        context.insert("lang", lang.code());
        fill(&mut context);
        let content = self.tera.render(name, &context).unwrap_or_else(|e| {
            tracing::error!(template = name, "page template failed: {e}");
            String::from("<p>Galat / Error</p>")
        });
        fill_layout(&self.layout(lang), title, switch, &content)
    }

    /// The receipt: the tracking code and where to check the status (`status_url`, in `lang`; the language
    /// switch leads to the status in the other language).
    pub fn receipt(&self, lang: Lang, code: &str, status_url: &str) -> String {
        let title = lang.pick("Laporan diterima", "Report received");
        self.leading_to_status("receipt.html", lang, title, code, status_url)
    }

    /// The problems that stopped a submission or a status lookup (then with the status form again, holding the
    /// code as typed, `retry_code`).
    pub fn errors(
        &self,
        lang: Lang,
        summary: &str,
        errors: &[ListedError<'_>],
        retry_code: Option<&str>,
    ) -> String {
        let (title, switch) = match retry_code {
            Some(code) => (
                lang.pick(
                    "Periksa kembali kode pelacakan",
                    "Please check the tracking code",
                ),
                format!(
                    "/api/status?lang={}&code={}",
                    lang.other().code(),
                    code_characters(code)
                ),
            ),
            None => (
                lang.pick("Periksa kembali laporan Anda", "Please check your report"),
                lang.other().pick("/", "/en/").to_owned(),
            ),
        };
        self.render("errors.html", lang, title, &switch, |c| {
            c.insert("title", title);
            c.insert("summary", summary);
            c.insert("errors", errors);
            c.insert("retry_code", &retry_code);
        })
    }

    /// A reply was stored: where to see the thread.
    pub fn replied(&self, lang: Lang, code: &str, status_url: &str) -> String {
        let title = lang.pick("Pesan terkirim", "Message sent");
        self.leading_to_status("replied.html", lang, title, code, status_url)
    }

    /// A page about case `code` that leads to its status (`status_url`, in `lang`); the language switch leads to
    /// the status in the other language.
    fn leading_to_status(
        &self,
        template: &str,
        lang: Lang,
        title: &str,
        code: &str,
        status_url: &str,
    ) -> String {
        self.render(
            template,
            lang,
            title,
            &status_path(code, lang.other()),
            |c| {
                c.insert("code", code);
                c.insert("status_url", status_url);
            },
        )
    }

    /// A case's status, `code` being its tracking code.
    pub fn status(&self, lang: Lang, code: &str, status: &impl Serialize) -> String {
        let title = lang.pick("Status laporan", "Report status");
        self.render(
            "status.html",
            lang,
            title,
            &status_path(code, lang.other()),
            |c| c.insert("status", status),
        )
    }
}

impl Pages {
    /// The verification of a document (`view`): what was found under the code and whether the hash matched,
    /// with the form again.
    pub fn verification(&self, lang: Lang, view: &impl Serialize) -> String {
        let title = lang.pick("Verifikasi dokumen", "Document verification");
        let switch = lang.other().pick("/verifikasi/", "/en/verifikasi/");
        self.render("verification.html", lang, title, switch, |c| {
            c.insert("verification", view);
        })
    }
}

/// `layout` with its holes filled: `title` escaped here, `language_switch` with its `&`s escaped (it is a path
/// this module builds from a tracking code's letters, digits and hyphens, [`status_path`]), `content` as the HTML
/// it is. Each marker is replaced once, in one pass, so nothing a filling holds is ever read as a marker.
fn fill_layout(layout: &str, title: &str, language_switch: &str, content: &str) -> String {
    let title = tera::escape_html(title);
    debug_assert!(!language_switch.contains(['"', '<', '>', '\'']));
    let switch = language_switch.replace('&', "&amp;");
    let mut out = String::with_capacity(layout.len() + content.len() + 64);
    let mut rest = layout;
    loop {
        let next = [
            (Hole::Title, title.as_str()),
            (Hole::LanguageSwitch, switch.as_str()),
            (Hole::Content, content),
        ]
        .into_iter()
        .filter_map(|(hole, with)| rest.find(hole.marker()).map(|at| (at, hole, with)))
        .min_by_key(|(at, _, _)| *at);
        match next {
            Some((at, hole, with)) => {
                out.push_str(&rest[..at]);
                out.push_str(with);
                rest = &rest[at + hole.marker().len()..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// The intake's status page of `code` in `lang`.
pub fn status_path(code: &str, lang: Lang) -> String {
    format!(
        "/api/reports/{}?lang={}",
        code_characters(code),
        lang.code()
    )
}

/// `text` with everything but letters, digits and hyphens dropped: what a tracking code may hold, safe in a URL
/// and in a page.
pub fn code_characters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_hole_once_and_escapes_what_is_text() {
        let layout = "<title>%%INTAKE_TITLE%% — Tim</title><a href=\"/__INTAKE_LANGUAGE_SWITCH__\">EN</a>\
            <link rel=\"alternate\" href=\"https://x/__INTAKE_LANGUAGE_SWITCH__\"><main>%%INTAKE_CONTENT%%</main>";
        let page = fill_layout(
            layout,
            "Status <b>",
            "/api/status?lang=en&code=A",
            "<h1>%%INTAKE_TITLE%%</h1>",
        );
        assert_eq!(
            page,
            "<title>Status &lt;b&gt; — Tim</title><a href=\"/api/status?lang=en&amp;code=A\">EN</a>\
             <link rel=\"alternate\" href=\"https://x/api/status?lang=en&amp;code=A\">\
             <main><h1>%%INTAKE_TITLE%%</h1></main>"
        );
    }

    #[test]
    fn pages_escape_what_they_show() {
        let pages = Pages::new("TegalKab-CSIRT", None).unwrap();
        let html = pages.errors(
            Lang::Id,
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
        assert!(html.contains("<title>Periksa kembali laporan Anda — TegalKab-CSIRT</title>"));
        assert!(html.contains(r#"href="/en/""#), "{html}");
        let receipt = pages.receipt(Lang::En, "TGL-0000-0000-0000", "/status/?code=TGL");
        assert!(receipt.contains("Your tracking code") && receipt.contains("TGL-0000-0000-0000"));
        assert!(receipt.contains(r#"href="/api/reports/TGL-0000-0000-0000?lang=id""#));
    }

    #[test]
    fn pages_are_shown_in_the_site_layout_read_at_each_page() {
        let dir = tempfile::tempdir().unwrap();
        let pages = Pages::new("TegalKab-CSIRT", Some(dir.path().to_owned())).unwrap();
        let status = serde_json::json!({
            "tracking_code": "TGL-A", "label": "Received", "overdue": false, "timeline": [],
            "documents": [], "reply_by_email_only": false, "messages": [], "accepts_replies": false,
        });
        // No built site yet: the plain layout.
        let before = pages.status(Lang::En, "TGL-A", &status);
        assert!(
            before.contains("<title>Report status — TegalKab-CSIRT</title>"),
            "{before}"
        );
        let site = "<title>%%INTAKE_TITLE%% — Tim</title><nav>menu</nav>\
            <a href=\"/__INTAKE_LANGUAGE_SWITCH__\">ID</a><main>%%INTAKE_CONTENT%%</main>";
        std::fs::create_dir_all(dir.path().join("en/_layout")).unwrap();
        std::fs::write(dir.path().join(LayoutFile::path(Lang::En)), site).unwrap();
        let after = pages.status(Lang::En, "TGL-A", &status);
        assert!(
            after.starts_with("<title>Report status — Tim</title><nav>menu</nav>"),
            "{after}"
        );
        assert!(
            after.contains(r#"<a href="/api/reports/TGL-A?lang=id">ID</a><main>"#),
            "{after}"
        );
        assert!(
            after.contains("<h1>Report status <span class=\"tracking-code\">TGL-A</span></h1>"),
            "{after}"
        );
        // A layout without its holes is not used.
        std::fs::write(dir.path().join(LayoutFile::path(Lang::En)), "<main></main>").unwrap();
        let broken = pages.status(Lang::En, "TGL-A", &status);
        assert!(broken.contains("<title>Report status — TegalKab-CSIRT</title>"));
    }
}
