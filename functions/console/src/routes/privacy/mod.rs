//! The reporter's rights on one case (UU 27/2022), posted from the case page's section: the access export as a
//! download, a correction of one of the reporter's fields, a redaction and an erasure, each of the last two behind
//! a confirmation page that names what will be lost (for an erasure, the member of staff types the case's code).
//! Every form carries the session's anti-forgery value; the staff library decides who may do each, checks what
//! was typed, writes the audit entry and does it ([`csirt_staff::privacy`]). After an erasure the browser lands on
//! a page that says the case is gone.

mod correct;
mod erase;
mod export;
mod redact;

pub use correct::correct;
pub use erase::{confirm_erasure, erase, erased};
pub use export::export;
pub use redact::{confirm_redaction, redact};

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use csirt_domain::lang::Lang;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::desk::tracking_code;
use serde::Serialize;

use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The case's code as the path gives it, or the library's refusal as the page that says it.
fn case_code(raw: &str, lang: Lang) -> Result<TrackingCode, Problem> {
    tracking_code(raw).map_err(|error| Problem::from_staff(&error, lang))
}

/// One of the reporter's files a redaction deletes, as the confirmation lists it.
#[derive(Debug, Serialize)]
struct FileLine {
    name: String,
    detail: String,
}

/// A confirmation page: what the action takes away and what stays, and the form that does it.
#[derive(Debug, Default, Serialize)]
struct Confirmation {
    /// `redact` or `erase`.
    kind: &'static str,
    code: String,
    title: String,
    warning: String,
    lost: Vec<String>,
    files: Vec<FileLine>,
    kept: Vec<String>,
    /// A redaction: whether the reporter's files are kept.
    keep_evidence: bool,
    /// An erasure: the code as typed, and why it was refused.
    typed: String,
    typed_error: Option<String>,
}

/// The interface strings of `lang`, each looked up by key (the key itself when missing; a test holds them all).
struct Words<'a>(&'a BTreeMap<String, String>);

impl Words<'_> {
    fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// The string `key` with `{count}` replaced.
    fn count(&self, key: &str, count: usize) -> String {
        self.get(key).replace("{count}", &count.to_string())
    }
}

/// Renders the confirmation page `page`, answered with `status`.
fn render_confirmation(
    state: &ConsoleState,
    signed_in: &SignedIn,
    page: &Confirmation,
    status: StatusCode,
) -> Response {
    let path = format!("/staff/cases/{}/privacy/{}", page.code, page.kind);
    let frame = Frame::signed_in(signed_in, &state.desk.team.config.team.name, &path);
    match state.pages.render("privacy_confirm.html", &frame, |c| {
        c.insert("page", page);
    }) {
        Ok(html) => (status, html).into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use csirt_domain::case::ReporterField;
    use csirt_staff::privacy::FreeText;

    use crate::pages::Pages;
    use crate::routes::case::machine_key;

    #[test]
    fn every_string_the_privacy_pages_look_up_by_a_key_exists() {
        let pages = Pages::new().expect("the console's pages");
        let mut wanted: Vec<String> = ReporterField::ALL
            .iter()
            .map(|field| format!("privacy_field_{}", field.key()))
            .collect();
        for text in [
            FreeText::Title,
            FreeText::Description,
            FreeText::Chronology,
            FreeText::Impact,
        ] {
            wanted.push(format!("privacy_free_text_{}", machine_key(&text)));
        }
        for lang in [csirt_domain::lang::Lang::Id, csirt_domain::lang::Lang::En] {
            let strings = pages.strings(lang);
            for key in &wanted {
                assert!(strings.contains_key(key), "{key} missing");
            }
        }
    }
}
