//! Failures as pages: a [`StaffError`] becomes the status its kind calls for, with the library's own message
//! (the same words `csirt` prints), escaped, on a page that links back to the queue.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use csirt_domain::lang::Lang;
use csirt_staff::{ErrorKind, StaffError};
use csirt_store::StoreError;

/// A request the console could not do; nothing was written.
#[derive(Debug)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// What happened, in the page's language where the console words it, else the library's words.
    pub message: String,
    /// The page's language.
    pub lang: Lang,
}

impl Problem {
    /// A problem with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>, lang: Lang) -> Problem {
        Problem {
            status,
            message: message.into(),
            lang,
        }
    }

    /// The status a staff failure calls for: 422 for a value, 409 for the procedure or a lost race, 403 for a
    /// role, 404, 503, else 500.
    pub fn from_staff(error: &StaffError, lang: Lang) -> Problem {
        let status = match (error, error.kind()) {
            (StaffError::NotPermitted { .. }, _) => StatusCode::FORBIDDEN,
            (StaffError::Store(StoreError::Conflict { .. }), _) => StatusCode::CONFLICT,
            (_, ErrorKind::Invalid) => StatusCode::UNPROCESSABLE_ENTITY,
            (_, ErrorKind::Refused) => StatusCode::CONFLICT,
            (_, ErrorKind::NotFound) => StatusCode::NOT_FOUND,
            (_, ErrorKind::Unavailable) => StatusCode::SERVICE_UNAVAILABLE,
            (_, ErrorKind::Failed) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(kind = ?error.kind(), "console request failed: {error}");
        }
        Problem::new(status, error.to_string(), lang)
    }

    /// A form that did not come from the console's own page.
    pub fn forged(lang: Lang) -> Problem {
        let message = match lang {
            Lang::Id => {
                "Formulir ditolak: tidak dikirim dari halaman konsol ini (token anti-pemalsuan tidak cocok). \
                 Muat ulang halaman lalu coba lagi; tidak ada yang diubah."
            }
            Lang::En => {
                "Form refused: it was not sent from this console's page (the anti-forgery token does not \
                 match). Reload the page and try again; nothing was changed."
            }
        };
        Problem::new(StatusCode::FORBIDDEN, message, lang)
    }
}

impl From<(StaffError, Lang)> for Problem {
    fn from((error, lang): (StaffError, Lang)) -> Problem {
        Problem::from_staff(&error, lang)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let (title, back) = match self.lang {
            Lang::Id => ("Tidak dapat dilakukan", "Kembali ke antrean"),
            Lang::En => ("Could not be done", "Back to the queue"),
        };
        let body = format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} ({status})</title><link rel=\"stylesheet\" href=\"/staff/assets/console.css\"></head>\
             <body><main class=\"console-main\" id=\"main\"><h1>{title}</h1>\
             <p class=\"problem\" role=\"alert\">{message}</p><p><a href=\"/staff/\">{back}</a></p></main></body></html>",
            lang = self.lang.code(),
            status = self.status.as_u16(),
            message = tera::escape_html(&self.message).replace('\n', "<br>"),
        );
        let mut response = (self.status, Html(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
