//! A TCP proxy on loopback in front of an endpoint (moto's DynamoDB), whose mode a test switches mid-load:
//! forward every byte, be down (nothing listens on its port and open connections are cut), or throttle
//! (answer every request as DynamoDB does when throttling: `400` with a `ThrottlingException`). Switching
//! cuts every open connection, so the next request sees the new mode.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What the proxy does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Forwards to the endpoint.
    Forward,
    /// Listens on nothing: connections are refused.
    Down,
    /// Answers every request with DynamoDB's throttling error.
    Throttle,
}

/// DynamoDB's answer when it throttles (its JSON protocol).
const THROTTLED_BODY: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#;

/// The most headers a request to the proxy may carry.
const MAX_HEADERS: usize = 64;

/// A running proxy. Dropping it stops it.
pub struct FaultProxy {
    addr: SocketAddr,
    mode: watch::Sender<Mode>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on a free loopback port in front of `upstream`, forwarding.
    pub async fn start(upstream: SocketAddr) -> Result<Self, String> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen for the proxy: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot listen for the proxy: {e}"))?;
        let (mode, watcher) = watch::channel(Mode::Forward);
        let task = tokio::spawn(serve(listener, addr, upstream, watcher));
        Ok(FaultProxy { addr, mode, task })
    }

    /// The proxy's endpoint, as an `http://` URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Switches the mode; every open connection is cut.
    pub fn set(&self, mode: Mode) {
        self.mode.send_replace(mode);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves in the current mode until the proxy is dropped.
async fn serve(
    first: TcpListener,
    addr: SocketAddr,
    upstream: SocketAddr,
    mut watcher: watch::Receiver<Mode>,
) {
    let mut listener = Some(first);
    loop {
        let mode = *watcher.borrow_and_update();
        if mode == Mode::Down {
            listener = None;
            if watcher.changed().await.is_err() {
                return;
            }
            continue;
        }
        let current = match listener.take() {
            Some(current) => current,
            None => match bind(addr).await {
                Some(current) => current,
                None => return,
            },
        };
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                changed = watcher.changed() => {
                    // Every open connection is cut; the listener stays only while the proxy is up.
                    connections.abort_all();
                    if changed.is_err() {
                        return;
                    }
                    listener = Some(current);
                    break;
                }
                accepted = current.accept() => {
                    if let Ok((client, _)) = accepted {
                        let _ = client.set_nodelay(true);
                        match mode {
                            Mode::Forward => connections.spawn(forward(client, upstream)),
                            _ => connections.spawn(throttle(client)),
                        };
                    }
                }
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// Binds `addr` again after the proxy was down, trying for a while: the port was ours a moment ago.
async fn bind(addr: SocketAddr) -> Option<TcpListener> {
    for _ in 0..100 {
        if let Ok(listener) = TcpListener::bind(addr).await {
            return Some(listener);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    None
}

/// Copies bytes both ways between `client` and `upstream`.
async fn forward(mut client: TcpStream, upstream: SocketAddr) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = server.set_nodelay(true);
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

/// Reads each request on `client` and answers it with DynamoDB's throttling error.
async fn throttle(mut client: TcpStream) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let end = loop {
            if let Some(end) = request_end(&buffer) {
                break end;
            }
            match client.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        buffer.drain(..end);
        let answer = format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\n\
             x-amzn-ErrorType: ThrottlingException\r\nContent-Length: {}\r\n\r\n{THROTTLED_BODY}",
            THROTTLED_BODY.len()
        );
        if client.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Where the first whole request in `bytes` ends (head and `Content-Length` body), once it is all there.
fn request_end(bytes: &[u8]) -> Option<usize> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head) = request.parse(bytes).ok()? else {
        return None;
    };
    let length = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .and_then(|h| {
            std::str::from_utf8(h.value)
                .ok()?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .unwrap_or(0);
    (bytes.len() >= head + length).then_some(head + length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_ends_after_its_body() {
        let request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(request_end(&request[..request.len() - 1]), None);
        assert_eq!(request_end(request), Some(request.len()));
        assert_eq!(request_end(b"GET / HTTP/1.1\r\n\r\n"), Some(18));
    }
}
