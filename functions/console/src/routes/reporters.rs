//! The reporter data page (`/staff/reporters`): staff find a reporter's cases, open and closed, by the e-mail
//! address or telephone number the reporter gives them, to answer a request under UU 27/2022. The search is
//! posted (never in the URL, so never in an access log or the browser's history) and answered on the page itself,
//! each case linking to its page, where the rights are exercised. The library decides who may search, parses what
//! was typed and writes the audit entry ([`find_reporter_cases`]).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use csirt_domain::case::PrivacyAction;
use csirt_staff::StaffError;
use csirt_staff::accounts::authorize;
use csirt_staff::privacy::{FoundCase, ReporterQuery, find_reporter_cases};
use serde::Serialize;

use super::forms::{field_messages, posted_form};
use super::queue::local_time;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The page's path.
const PATH: &str = "/staff/reporters";
/// The radio buttons' field: `email` or `phone`.
pub const BY_FIELD: &str = "by";
/// The text field: the address or number as the reporter gives it.
pub const CONTACT_FIELD: &str = "contact";

/// The search form as sent, with what was refused beside its field.
#[derive(Debug, Default, Serialize)]
struct SearchForm {
    by: String,
    contact: String,
    by_error: Option<String>,
    contact_error: Option<String>,
}

/// One case found, as the list shows it.
#[derive(Debug, Serialize)]
struct FoundRow {
    code: String,
    received: String,
    state_key: &'static str,
    state: String,
}

/// What one rendering of the page shows: the form, and the cases found once a search was made.
#[derive(Debug, Default)]
struct Parts {
    form: SearchForm,
    found: Option<Vec<FoundCase>>,
}

/// Renders the page with `parts`, answered with `status`.
fn render(
    state: &ConsoleState,
    signed_in: &SignedIn,
    parts: Parts,
    status: StatusCode,
) -> Response {
    let strings = state.pages.strings(signed_in.lang);
    let text = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_owned());
    let found: Option<Vec<FoundRow>> = parts.found.map(|found| {
        found
            .iter()
            .map(|case| FoundRow {
                code: case.code.to_string(),
                received: local_time(state, case.received_at),
                state_key: case.state.key(),
                state: text(&format!("case_state_{}", case.state.key())),
            })
            .collect()
    });
    let summary = found.as_ref().map(|found| match found.len() {
        0 => text("reporters_found_none"),
        count => text("reporters_found_count").replace("{count}", &count.to_string()),
    });
    let frame = Frame::signed_in(signed_in, &state.desk.team.config.team.name, PATH);
    let page = state.pages.render("reporters.html", &frame, |c| {
        c.insert("form", &parts.form);
        c.insert("found", &found);
        c.insert("summary", &summary);
    });
    match page {
        Ok(html) => (status, html).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// Refuses the page to an account whose roles the SOP does not give `find_reporter`, in the library's words.
fn may_search(state: &ConsoleState, signed_in: &SignedIn) -> Result<(), Problem> {
    authorize(
        &state.desk,
        &signed_in.staffer,
        PrivacyAction::FindReporter.key(),
    )
    .map_err(|error| Problem::from_staff(&error, signed_in.lang))
}

/// `GET /staff/reporters`: the search form.
pub async fn page(State(state): State<ConsoleState>, signed_in: SignedIn) -> Response {
    if let Err(problem) = may_search(&state, &signed_in) {
        return problem.into_response();
    }
    let parts = Parts {
        form: SearchForm {
            by: "email".into(),
            ..SearchForm::default()
        },
        found: None,
    };
    render(&state, &signed_in, parts, StatusCode::OK)
}

/// `POST /staff/reporters`: `by` (`email` or `phone`) and `contact`. The cases found on the page itself; a value
/// the library refuses comes back beside its field (`422`), nothing looked up.
pub async fn search(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    request: Request,
) -> Response {
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    if let Err(problem) = may_search(&state, &signed_in) {
        return problem.into_response();
    }
    let lang = signed_in.lang;
    let mut form = SearchForm {
        by: fields.get(BY_FIELD).map_or("", |v| v.trim()).to_owned(),
        contact: fields.get(CONTACT_FIELD).cloned().unwrap_or_default(),
        ..SearchForm::default()
    };
    let query = match form.by.as_str() {
        "email" => ReporterQuery::Email(form.contact.clone()),
        "phone" => ReporterQuery::Phone(form.contact.clone()),
        _ => {
            form.by_error = state
                .pages
                .strings(lang)
                .get("reporters_choose_by")
                .cloned();
            let parts = Parts { form, found: None };
            return render(&state, &signed_in, parts, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match find_reporter_cases(&state.desk, &signed_in.staffer, &query, Utc::now()).await {
        Ok(found) => {
            let parts = Parts {
                form,
                found: Some(found),
            };
            render(&state, &signed_in, parts, StatusCode::OK)
        }
        Err(StaffError::Fields { errors, .. }) => {
            form.contact_error = Some(field_messages(&errors, lang));
            let parts = Parts { form, found: None };
            render(&state, &signed_in, parts, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}
