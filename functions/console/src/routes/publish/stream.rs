//! A page answered as it is written, for work that takes a while: the page's head at once, then each line the
//! work reports as it happens, then the page's end. It needs no script: the browser shows each line as it
//! arrives. The work runs to its end whether or not the browser stays to read it.

use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use lambda_http::lambda_runtime::streaming::Body as ChannelBody;
use tokio::sync::mpsc;

/// Where the work reports its lines: HTML, each sent to the browser as it comes.
#[derive(Debug, Clone)]
pub struct Lines(mpsc::UnboundedSender<String>);

impl Lines {
    /// Sends `html` (already escaped) to the page; a browser that left no longer hears it.
    pub fn send(&self, html: String) {
        let _ = self.0.send(html);
    }
}

/// The page `head` + the lines `work` sends + `tail`, streamed (`Transfer-Encoding: chunked`).
pub fn streamed_page<F>(head: String, tail: String, work: impl FnOnce(Lines) -> F) -> Response
where
    F: Future<Output = ()> + Send + 'static,
{
    let (lines, mut written) = mpsc::unbounded_channel::<String>();
    tokio::spawn(work(Lines(lines)));
    // The Lambda runtime's channel body (a dependency already) is a ready-made streaming body for axum.
    let (mut sender, body) = ChannelBody::channel();
    tokio::spawn(async move {
        if sender.send_data(Bytes::from(head)).await.is_err() {
            return;
        }
        while let Some(line) = written.recv().await {
            if sender.send_data(Bytes::from(line)).await.is_err() {
                return;
            }
        }
        let _ = sender.send_data(Bytes::from(tail)).await;
    });
    let mut response = Response::new(Body::new(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Proxies such as nginx pass each line on as it comes instead of holding the page back.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
