//! A document as issued, served under the console's strict content policy: its page with the `<style>` elements
//! it carries (documents are single files, for keeping and printing) moved into a stylesheet of its own, that
//! stylesheet, and its files as attachments.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The contents of each `<style>` element of `html`, with where the element starts and ends.
fn style_elements(html: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find("<style").map(|at| from + at) {
        let Some(open_end) = html[start..].find('>').map(|at| start + at + 1) else {
            break;
        };
        let Some(close) = html[open_end..].find("</style>").map(|at| open_end + at) else {
            break;
        };
        let end = close + "</style>".len();
        found.push((start, end, &html[open_end..close]));
        from = end;
    }
    found
}

/// The document's page: `html` with its `<style>` elements replaced by one link to `stylesheet`.
pub fn page(html: &str, stylesheet: &str) -> Response {
    let mut page = String::with_capacity(html.len());
    let mut from = 0;
    for (index, (start, end, _)) in style_elements(html).into_iter().enumerate() {
        page.push_str(&html[from..start]);
        if index == 0 {
            page.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"{}\">",
                stylesheet
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;")
            ));
        }
        from = end;
    }
    page.push_str(&html[from..]);
    with_type(page.into_response(), "text/html; charset=utf-8")
}

/// The document's stylesheet: its `<style>` elements' contents, in order.
pub fn stylesheet(html: &str) -> Response {
    let css: Vec<&str> = style_elements(html)
        .into_iter()
        .map(|(_, _, css)| css)
        .collect();
    with_type(css.join("\n").into_response(), "text/css; charset=utf-8")
}

/// A document's file to keep: `content_type`, saved as `file_name` (letters, digits, hyphens and a dot).
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut response = with_type(bytes.into_response(), content_type);
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `response` with its content type, and no sniffing of another.
fn with_type(mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = "<!DOCTYPE html><html><head><title>Surat</title>\n<style>\nbody { margin: 0; }\n</style>\n\
         <style>\n@page { size: A4; }\n</style>\n</head><body><p>Isi &lt;style&gt;</p></body></html>";

    #[test]
    fn styles_move_into_one_linked_stylesheet() {
        let found = style_elements(DOCUMENT);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].2, "\nbody { margin: 0; }\n");
        assert_eq!(found[1].2, "\n@page { size: A4; }\n");
        let response = page(DOCUMENT, "/staff/cases/X/documents/y?format=css");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
    }

    #[tokio::test]
    async fn the_page_keeps_everything_but_its_style_elements() {
        let response = page(DOCUMENT, "/staff/cases/X/documents/y?format=css");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the page");
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("<style"), "{text}");
        assert_eq!(
            text.matches(
                "<link rel=\"stylesheet\" href=\"/staff/cases/X/documents/y?format=css\">"
            )
            .count(),
            1
        );
        assert!(text.contains("<p>Isi &lt;style&gt;</p>"));
        let css = stylesheet(DOCUMENT);
        let body = axum::body::to_bytes(css.into_body(), usize::MAX)
            .await
            .expect("the stylesheet");
        assert_eq!(
            String::from_utf8_lossy(&body),
            "\nbody { margin: 0; }\n\n\n@page { size: A4; }\n"
        );
    }
}
