//! A page answered as it is written, for work that takes a while: the page's head at once, then each line the
//! work reports as it happens, then the page's end. It needs no script: the browser shows each line as it
//! arrives. The work runs to its end whether or not the browser stays to read it.

use std::convert::Infallible;
use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
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
    let (sender, receiver) = mpsc::unbounded_channel::<String>();
    let _ = sender.send(head);
    let task = work(Lines(sender.clone()));
    tokio::spawn(async move {
        task.await;
        let _ = sender.send(tail);
    });
    // The body ends when the work and the tail's sender are done: every sender is then dropped.
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let line = receiver.recv().await?;
        Some((Ok::<_, Infallible>(Bytes::from(line)), receiver))
    });
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Proxies such as nginx pass each line on as it comes instead of holding the page back.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
