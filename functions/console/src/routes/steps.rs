//! Steps of the procedure posted from the case page. The form is checked to come from the console's own page
//! and from the case's current version; the library decides whether the signed-in account may take the step
//! ([`authorize`], asked first so that a refused role is told before any field), parses the form
//! ([`parse_step`]) and takes the step as that account ([`take_step`]).

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::accounts::authorize;
use csirt_staff::desk::tracking_code;
use csirt_staff::step_form::{StepKind, parse_step};
use csirt_staff::steps::take_step;

use super::case::{Outcome, Posted, incident_into_class_and_type, render};
use super::forms::posted_form;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The hidden field that carries the case's version the form was opened on.
pub const VERSION_FIELD: &str = "version";

/// A step that is not one of the procedure's.
fn no_such_step(step: &str, lang: Lang) -> Problem {
    let keys: Vec<&str> = StepKind::ALL.iter().map(|s| s.key()).collect();
    let message = match lang {
        Lang::Id => format!(
            "{step:?} bukan langkah prosedur; langkahnya: {}.",
            keys.join(", ")
        ),
        Lang::En => format!(
            "{step:?} is not a step of the procedure; the steps are {}.",
            keys.join(", ")
        ),
    };
    Problem::new(StatusCode::NOT_FOUND, message, lang)
}

/// `POST /staff/cases/{code}/steps/{step}`: takes the step, then `303` to the case's timeline; a form from an
/// older version of the case gets `409` and a refused field `422`, both on the case page with what was typed,
/// and nothing written.
pub async fn take(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path((raw_code, step_key)): Path<(String, String)>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let mut fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let Some(step) = StepKind::from_key(&step_key) else {
        return no_such_step(&step_key, lang).into_response();
    };
    let code = match tracking_code(&raw_code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    // Marking an SOP step done is given by the step's own actors, which the library checks when it is taken.
    if step != StepKind::CompleteStep
        && let Err(error) = authorize(&state.desk, &signed_in.staffer, &step.action())
    {
        return Problem::from_staff(&error, lang).into_response();
    }
    let current = match state.desk.cases.get(&code).await {
        Ok(Some(case)) => case.version,
        Ok(None) => {
            let error = StaffError::NoSuchCase(code.to_string());
            return Problem::from_staff(&error, lang).into_response();
        }
        Err(error) => return Problem::from_staff(&StaffError::from(error), lang).into_response(),
    };
    let sent = fields
        .get(VERSION_FIELD)
        .map_or("", |v| v.trim())
        .to_owned();
    if sent.parse::<u32>().ok() != Some(current) {
        let outcome = Outcome {
            posted: Some(Posted {
                step,
                fields: &fields,
                errors: None,
            }),
            stale_version: Some(if sent.is_empty() { "—" } else { &sent }),
            ..Outcome::default()
        };
        return render(&state, &signed_in, &raw_code, outcome, StatusCode::CONFLICT).await;
    }
    if step == StepKind::Classify {
        incident_into_class_and_type(&mut fields);
    }
    let change = match parse_step(&state.desk.procedure().profile, step, &fields) {
        Ok(change) => change,
        Err(errors) => {
            let outcome = Outcome {
                posted: Some(Posted {
                    step,
                    fields: &fields,
                    errors: Some(&errors),
                }),
                ..Outcome::default()
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render(&state, &signed_in, &raw_code, outcome, status).await;
        }
    };
    match take_step(&state.desk, &code, change, &signed_in.staffer, Utc::now()).await {
        Ok((case, _)) => {
            let published = match step {
                StepKind::Close => {
                    format!("&published={}", publish_closure(&state, &signed_in).await)
                }
                _ => String::new(),
            };
            Redirect::to(&format!(
                "/staff/cases/{}?done={}{published}#timeline",
                case.code,
                step.key()
            ))
            .into_response()
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// After a closure, republishes the site (export, and a rebuild where this console builds it) when the account
/// may publish, so that the Hall of Fame and statistics follow at once: `done`, `not_permitted`, `failed`, or
/// `elsewhere` where this console does not build the site (on Lambda: `csirt publish` does)
/// (the case stays closed either way; the publish page can be used again).
async fn publish_closure(state: &ConsoleState, signed_in: &SignedIn) -> &'static str {
    if state.publishing.is_none() {
        return "elsewhere";
    }
    if authorize(&state.desk, &signed_in.staffer, "publish").is_err() {
        return "not_permitted";
    }
    match super::publish::republish(state, &signed_in.staffer).await {
        Ok(_) => "done",
        Err(error) => {
            tracing::warn!(kind = ?error.kind(), "the site was not republished after a closure: {error}");
            "failed"
        }
    }
}
