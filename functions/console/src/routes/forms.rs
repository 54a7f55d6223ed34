//! A posted console form: its fields, accepted only with this session's anti-forgery value.

use axum::Form;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use csirt_domain::field_error::FieldErrors;
use csirt_domain::lang::Lang;
use csirt_staff::step_form::FormFields;

use crate::reply::Problem;
use crate::session::{FORM_TOKEN_FIELD, SignedIn};

/// The fields of a form posted by the signed-in account from a console page, its anti-forgery value checked.
pub async fn posted_form(signed_in: &SignedIn, request: Request) -> Result<FormFields, Response> {
    let Form(fields): Form<FormFields> =
        Form::from_request(request, &())
            .await
            .map_err(|rejection| {
                Problem::new(rejection.status(), rejection.body_text(), signed_in.lang)
                    .into_response()
            })?;
    signed_in
        .check_form(fields.get(FORM_TOKEN_FIELD).map(String::as_str))
        .map_err(IntoResponse::into_response)?;
    Ok(fields)
}

/// What the library refused about one form field, in `lang`: each message once, joined (a rule about two of the
/// reporter's fields, such as "an e-mail address or a telephone number", names both with the same words).
pub fn field_messages(errors: &FieldErrors, lang: Lang) -> String {
    let mut messages: Vec<&str> = errors.in_language(lang).into_values().collect();
    messages.dedup();
    messages.join(" ")
}
