//! The console's pages: Tera templates from `templates/console/`, built into the binary (Lambda has no template
//! directory), autoescaped, with the interface strings of `templates/console/strings/*.toml` in the page's
//! language as `t`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Html;
use csirt_domain::lang::Lang;
use csirt_staff::accounts::Staffer;
use serde::Deserialize;
use tera::{Context, Tera};

use crate::reply::Problem;
use crate::session::SignedIn;

/// Declares the templates and string files, read from `templates/console/` at build time.
macro_rules! console_files {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../../templates/console/", $name)))),*]
    };
}

const TEMPLATES: [(&str, &str); 17] = console_files![
    "base.html",
    "macros.html",
    "login.html",
    "enrol.html",
    "queue.html",
    "queue_print.html",
    "case.html",
    "case_privacy.html",
    "thread.html",
    "documents.html",
    "publish.html",
    "reports.html",
    "accounts.html",
    "passkeys.html",
    "reporters.html",
    "privacy_confirm.html",
    "privacy_erased.html",
];

const STRINGS: [(&str, &str); 6] = console_files![
    "strings/common.toml",
    "strings/case.toml",
    "strings/thread.toml",
    "strings/work.toml",
    "strings/accounts.toml",
    "strings/privacy.toml",
];

/// The console's stylesheet, served at `/staff/assets/console.css`.
pub const STYLESHEET: &str = include_str!("../../../templates/console/console.css");
/// The console's only script (passkeys, copy buttons, confirmations), served at `/staff/assets/console.js`; every
/// page works without it but the passkey ceremony.
pub const SCRIPT: &str = include_str!("../../../templates/console/console.js");

/// One interface string in both languages.
#[derive(Debug, Deserialize)]
struct Text {
    id: String,
    en: String,
}

/// The compiled templates and strings.
#[derive(Debug)]
pub struct Pages {
    tera: Tera,
    strings: [BTreeMap<String, String>; 2],
}

/// Who the page is for: the signed-in account (none on the sign-in pages), its anti-forgery value, the language.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The page's language.
    pub lang: Lang,
    /// The signed-in account, if any.
    pub staffer: Option<&'a Staffer>,
    /// The anti-forgery value forms carry.
    pub form_token: &'a str,
    /// The team's name, for the title.
    pub team: &'a str,
    /// The page's path, for the language switch's way back.
    pub path: &'a str,
    /// Whether the account may look reporters up (the menu's "Reporter data").
    pub finds_reporters: bool,
}

impl<'a> Frame<'a> {
    /// The frame of a signed-in page.
    pub fn signed_in(signed_in: &'a SignedIn, team: &'a str, path: &'a str) -> Frame<'a> {
        Frame {
            lang: signed_in.lang,
            staffer: Some(&signed_in.staffer),
            form_token: &signed_in.form_token,
            team,
            path,
            finds_reporters: signed_in.finds_reporters,
        }
    }
}

impl Pages {
    /// Compiles the templates and reads the strings; a string missing in either language is refused.
    pub fn new() -> Result<Pages, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES)?;
        tera.autoescape_on(vec![".html"]);
        let mut id = BTreeMap::new();
        let mut en = BTreeMap::new();
        for (file, text) in STRINGS {
            let table: BTreeMap<String, Text> = toml::from_str(text)
                .map_err(|e| tera::Error::msg(format!("templates/console/{file}: {e}")))?;
            for (key, text) in table {
                if id.contains_key(&key) {
                    return Err(tera::Error::msg(format!(
                        "templates/console/{file}: string {key:?} is defined twice"
                    )));
                }
                id.insert(key.clone(), text.id);
                en.insert(key, text.en);
            }
        }
        Ok(Pages {
            tera,
            strings: [id, en],
        })
    }

    /// The interface strings in `lang`.
    pub fn strings(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::Id => &self.strings[0],
            Lang::En => &self.strings[1],
        }
    }

    /// Renders the page `name` in `frame`, with what `fill` adds.
    pub fn render(
        &self,
        name: &str,
        frame: &Frame<'_>,
        fill: impl FnOnce(&mut Context),
    ) -> Result<Html<String>, Problem> {
        let mut context = Context::new();
        context.insert("lang", frame.lang.code());
        context.insert("t", self.strings(frame.lang));
        context.insert("csrf", frame.form_token);
        context.insert("team", frame.team);
        context.insert("path", frame.path);
        let back: String = form_urlencoded::byte_serialize(frame.path.as_bytes()).collect();
        context.insert("back", &back);
        if let Some(staffer) = frame.staffer {
            let account = staffer.account();
            context.insert("me_login", account.login.as_str());
            context.insert("me_name", &account.name);
            context.insert("me_roles", &account.role_list());
            context.insert("me_admin", &account.has_role("admin"));
            context.insert("me_finds_reporters", &frame.finds_reporters);
        }
        fill(&mut context);
        self.tera.render(name, &context).map(Html).map_err(|error| {
            let mut cause = String::new();
            let mut source: Option<&dyn std::error::Error> = Some(&error);
            while let Some(e) = source {
                cause.push_str(&format!(": {e}"));
                source = e.source();
            }
            tracing::error!(template = name, "console page failed{cause}");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("page {name} could not be rendered{cause}"),
                frame.lang,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_every_string_has_both_languages() {
        let pages = Pages::new().expect("the console's templates and strings");
        assert_eq!(pages.strings(Lang::Id).len(), pages.strings(Lang::En).len());
        assert!(pages.strings(Lang::Id).contains_key("sign_in"));
    }
}
