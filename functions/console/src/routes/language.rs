//! The language switch: a cookie, then back to the page it was pressed on.

use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::session::{LANG_COOKIE, console_cookie};

/// Where to go back to.
#[derive(Debug, Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// A path of the console to send a browser to: only `/staff/…` paths, never another site.
pub fn console_path(raw: Option<&str>) -> &str {
    match raw {
        Some(path)
            if path.starts_with("/staff/")
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/staff/",
    }
}

/// `GET /staff/language/{id|en}?back=PATH`.
pub async fn switch(
    Path(lang): Path<String>,
    Query(back): Query<Back>,
    jar: CookieJar,
) -> Response {
    let lang = if lang == "en" { "en" } else { "id" };
    let jar = jar.add(console_cookie(LANG_COOKIE, lang.to_owned()));
    (jar, Redirect::to(console_path(back.back.as_deref()))).into_response()
}

#[cfg(test)]
mod tests {
    use super::console_path;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(console_path(Some("/staff/cases/X")), "/staff/cases/X");
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/staff/\\evil",
            "/",
            "/api/reports",
        ] {
            assert_eq!(console_path(Some(hostile)), "/staff/", "{hostile}");
        }
        assert_eq!(console_path(None), "/staff/");
    }
}
