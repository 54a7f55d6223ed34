//! Enrolment, before there is a session: the one-time code an admin handed over and a new password typed twice
//! set the password and a fresh TOTP secret ([`csirt_staff::accounts::enrol`]). The answer shows the secret
//! once, as its `otpauth://` link, its base32 text and a QR code, then sends the person to sign in. The form is
//! guarded like the sign-in form: a random value in its own cookie that the hidden field must repeat.

use std::collections::BTreeMap;

use axum::extract::{Form, FromRequest, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use csirt_staff::StaffError;
use csirt_staff::accounts::enrol as enrol_account;
use csirt_staff::credentials::{Password, TotpSecret};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::{Deserialize, Serialize};

use super::super::sign_in::fresh_form_token;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::{
    FORM_COOKIE, FORM_TOKEN_FIELD, console_cookie, language, removal, same_token,
};
use crate::state::ConsoleState;

/// The page's path.
const PATH: &str = "/staff/enrol";

/// The enrolment page's query: the code, when the link `csirt staff add` prints was followed.
#[derive(Debug, Default, Deserialize)]
pub struct Asked {
    code: Option<String>,
}

/// The form as it is shown again: the code typed, and what is wrong.
#[derive(Debug, Default, Serialize)]
struct Shown {
    /// The code typed (kept, since nothing was spent).
    code: String,
    /// A refusal of the whole form.
    problem: Option<String>,
    /// What is wrong with the password.
    password_error: Option<String>,
    /// What is wrong with the repeated password.
    again_error: Option<String>,
}

/// What the answer shows once: the account and its new TOTP secret.
#[derive(Debug, Serialize)]
struct Enrolled {
    login: String,
    otpauth: String,
    /// The secret in base32, in groups of four for typing.
    secret: String,
    /// The link as a QR code (inline SVG), when it could be drawn.
    qr_svg: Option<String>,
}

/// The enrolment form with a fresh anti-forgery value in its cookie.
fn form_page(state: &ConsoleState, jar: CookieJar, shown: &Shown, status: StatusCode) -> Response {
    let token = match fresh_form_token() {
        Ok(token) => token,
        Err(problem) => return problem.into_response(),
    };
    let frame = Frame {
        lang: language(&jar),
        staffer: None,
        form_token: &token,
        team: &state.desk.team.config.team.name,
        path: PATH,
        finds_reporters: false,
    };
    let page = state.pages.render("enrol.html", &frame, |c| {
        c.insert("shown", shown);
    });
    match page {
        Ok(page) => (status, jar.add(console_cookie(FORM_COOKIE, token)), page).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// `GET /staff/enrol`: the form (the code filled in when the link carried it).
pub async fn enrol_page(
    State(state): State<ConsoleState>,
    Query(asked): Query<Asked>,
    jar: CookieJar,
) -> Response {
    let shown = Shown {
        code: asked.code.unwrap_or_default().trim().to_owned(),
        ..Shown::default()
    };
    form_page(&state, jar, &shown, StatusCode::OK)
}

/// `POST /staff/enrol`: `code`, `password`, `password_again`, `csrf`.
pub async fn enrol(
    State(state): State<ConsoleState>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let lang = language(&jar);
    let Form(fields): Form<BTreeMap<String, String>> = match Form::from_request(request, &state)
        .await
    {
        Ok(form) => form,
        Err(rejection) => {
            return Problem::new(rejection.status(), rejection.body_text(), lang).into_response();
        }
    };
    let field = |name: &str| fields.get(name).map_or("", String::as_str);
    let mut shown = Shown {
        code: field("code").trim().to_owned(),
        ..Shown::default()
    };
    let expected = jar.get(FORM_COOKIE).map(|c| c.value().to_owned());
    if !same_token(field(FORM_TOKEN_FIELD), expected.as_deref().unwrap_or("")) {
        shown.problem = Some(Problem::forged(lang).message);
        return form_page(&state, jar, &shown, StatusCode::FORBIDDEN);
    }
    let strings = state.pages.strings(lang);
    if field("password") != field("password_again") {
        shown.again_error = strings.get("enrol_mismatch").cloned();
        return form_page(&state, jar, &shown, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let password = match Password::new(field("password").to_owned()) {
        Ok(password) => password,
        Err(error) => {
            shown.password_error = Some(error.to_string());
            return form_page(&state, jar, &shown, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match enrol_account(&state.desk, &shown.code, &password, Utc::now()).await {
        Ok((login, secret)) => enrolled_page(&state, jar, login.as_str(), &secret),
        Err(StaffError::SignInRefused(told)) => {
            shown.problem = Some(told);
            form_page(&state, jar, &shown, StatusCode::UNAUTHORIZED)
        }
        Err(error) => {
            let problem = Problem::from_staff(&error, lang);
            shown.problem = Some(problem.message);
            form_page(&state, jar, &shown, problem.status)
        }
    }
}

/// The answer to a good enrolment: the TOTP secret, shown this once.
fn enrolled_page(
    state: &ConsoleState,
    jar: CookieJar,
    login: &str,
    secret: &TotpSecret,
) -> Response {
    let lang = language(&jar);
    let issuer = &state.desk.procedure().profile.csirt.name;
    let otpauth = secret.otpauth_url(issuer, login);
    let label = state
        .pages
        .strings(lang)
        .get("enrol_qr_label")
        .cloned()
        .unwrap_or_default();
    let enrolled = Enrolled {
        login: login.to_owned(),
        secret: grouped(&secret.to_base32()),
        qr_svg: qr_svg(&otpauth, &label),
        otpauth,
    };
    let frame = Frame {
        lang,
        staffer: None,
        form_token: "",
        team: &state.desk.team.config.team.name,
        path: PATH,
        finds_reporters: false,
    };
    let page = state.pages.render("enrol.html", &frame, |c| {
        c.insert("enrolled", &enrolled);
    });
    match page {
        Ok(page) => (jar.remove(removal(FORM_COOKIE)), page).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// `text` in groups of four characters.
fn grouped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a QR code in SVG, to be inlined in the page (no XML declaration, named for screen readers by
/// `label`). Drawn with `fill` attributes only: no `style`, which the console's CSP forbids.
fn qr_svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let drawn = code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    let start = drawn.find("<svg ")?;
    let named = format!(
        "<svg role=\"img\" aria-label=\"{}\" class=\"qr-code\" ",
        tera::escape_html(label)
    );
    Some(drawn[start..].replacen("<svg ", &named, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_shown_in_groups_of_four() {
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn the_qr_code_is_bare_inline_svg_without_style() {
        let svg = qr_svg("otpauth://totp/X:y?secret=ABC", "QR <code>").expect("a QR code");
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"QR &lt;code&gt;\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style"));
        assert!(!svg.contains("<?xml"));
    }
}
