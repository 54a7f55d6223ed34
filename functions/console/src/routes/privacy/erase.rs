//! Erasing a case altogether at the reporter's request (UU 27/2022 Pasal 8): the confirmation page names what
//! will be lost ([`preview_erasure`]) and asks the member of staff to type the case's code; its form erases
//! ([`erase_case`]) only when the code typed is the case's, and lands on a page that says the case is gone.

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::lang::Lang;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::StaffError;
use csirt_staff::desk::tracking_code;
use csirt_staff::privacy::{ErasurePreview, erase_case, preview_erasure};
use serde::Deserialize;

use super::{Confirmation, Words, case_code, render_confirmation};
use crate::pages::Frame;
use crate::reply::Problem;
use crate::routes::forms::posted_form;
use crate::routes::queue::local_time;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The confirmation form's field: the case's code, typed.
pub const CONFIRM_CODE_FIELD: &str = "confirm_code";

/// Whether `typed` is `code`, prefix included, read as a tracking code is read anywhere (any letter case,
/// hyphens or spaces).
fn typed_is(code: &TrackingCode, typed: &str) -> bool {
    tracking_code(typed.trim()).is_ok_and(|typed| typed == *code)
}

/// The confirmation page of `preview` in `lang`, with the code as `typed` and why it was refused.
fn confirmation(
    state: &ConsoleState,
    lang: Lang,
    preview: &ErasurePreview,
    typed: &str,
    typed_error: Option<String>,
) -> Confirmation {
    let words = Words(state.pages.strings(lang));
    let code = preview.code.to_string();
    let state_label = words.get(&format!("case_state_{}", preview.state.key()));
    let mut lost = vec![
        words
            .get("privacy_erase_case")
            .replace("{state}", &state_label)
            .replace("{received}", &local_time(state, preview.received_at)),
        words.count("privacy_erase_events", preview.events),
        words.count("privacy_erase_messages", preview.messages),
        words.count("privacy_erase_files", preview.files),
    ];
    if preview.documents > 0 {
        lost.push(words.count("privacy_erase_documents", preview.documents));
    }
    let kept = if preview.republish {
        vec![words.get("privacy_erase_republish")]
    } else {
        Vec::new()
    };
    Confirmation {
        kind: "erase",
        title: words.get("privacy_erase_title").replace("{code}", &code),
        warning: words.get("privacy_erase_warning").replace("{code}", &code),
        code,
        lost,
        kept,
        typed: typed.to_owned(),
        typed_error,
        ..Confirmation::default()
    }
}

/// `GET /staff/cases/{code}/privacy/erase`: what erasing the case would take away, and the form that erases it
/// once its code is typed; the library's refusal otherwise (a role without `erase_case`: `403`).
pub async fn confirm_erasure(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
) -> Response {
    let lang = signed_in.lang;
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    match preview_erasure(&state.desk, &signed_in.staffer, &code).await {
        Ok(preview) => {
            let page = confirmation(&state, lang, &preview, "", None);
            render_confirmation(&state, &signed_in, &page, StatusCode::OK)
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// `POST /staff/cases/{code}/privacy/erase`: `confirm_code`, the case's code as typed. Erased as the signed-in
/// account, then `303` to the page that says the case is gone; a role without `erase_case` gets the library's
/// `403`, a code typed wrong the confirmation again (`422`, the reason beside the field); nothing is erased.
pub async fn erase(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    // The library refuses a role without `erase_case` before the code typed is looked at.
    let preview = match preview_erasure(&state.desk, &signed_in.staffer, &code).await {
        Ok(preview) => preview,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let typed = fields.get(CONFIRM_CODE_FIELD).map_or("", String::as_str);
    if !typed_is(&preview.code, typed) {
        let words = Words(state.pages.strings(lang));
        let error = words
            .get("privacy_erase_mismatch")
            .replace("{code}", &code.to_string());
        let page = confirmation(&state, lang, &preview, typed, Some(error));
        return render_confirmation(&state, &signed_in, &page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match erase_case(&state.desk, &signed_in.staffer, &code, Utc::now()).await {
        Ok(erasure) => {
            let republish = if erasure.republish {
                "?republish=1"
            } else {
                ""
            };
            Redirect::to(&format!("/staff/cases/{code}/erased{republish}")).into_response()
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// The page after an erasure's query: `republish=1` when the case counted on the site.
#[derive(Debug, Default, Deserialize)]
pub struct ErasedQuery {
    republish: Option<String>,
}

/// `GET /staff/cases/{code}/erased`: the case is gone, said once the store holds no such case (a case still
/// there is shown instead: `303` to its page).
pub async fn erased(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    Query(query): Query<ErasedQuery>,
) -> Response {
    let lang = signed_in.lang;
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    match state.desk.cases.get(&code).await {
        Ok(Some(case)) => {
            return Redirect::to(&format!("/staff/cases/{}", case.code)).into_response();
        }
        Ok(None) => {}
        Err(error) => return Problem::from_staff(&StaffError::from(error), lang).into_response(),
    }
    let code = code.to_string();
    let path = format!("/staff/cases/{code}/erased");
    let frame = Frame::signed_in(&signed_in, &state.desk.team.config.team.name, &path);
    let page = state.pages.render("privacy_erased.html", &frame, |c| {
        c.insert("code", &code);
        c.insert("republish", &(query.republish.as_deref() == Some("1")));
    });
    match page {
        Ok(html) => html.into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cases_own_code_confirms() {
        let prefix = csirt_domain::tracking::TrackingPrefix::parse("BALI").expect("a prefix");
        let code = TrackingCode::generate(&prefix).expect("a code");
        let other = TrackingCode::generate(&prefix).expect("a code");
        assert!(typed_is(&code, &code.to_string()));
        let loose = format!("  {}  ", code.to_string().to_lowercase().replace('-', " "));
        assert!(typed_is(&code, &loose), "as the code is read anywhere");
        assert!(!typed_is(&code, code.key()), "the prefix too");
        assert!(!typed_is(&code, ""));
        assert!(!typed_is(&code, &other.to_string()));
    }
}
