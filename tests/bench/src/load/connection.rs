//! One keep-alive HTTP/1.1 connection to the server and the answers read from it.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most headers an answer may carry.
const MAX_HEADERS: usize = 32;
/// The largest answer read (head and body).
const MAX_ANSWER: usize = 64 * 1024;

/// One keep-alive connection to the server, opened again after an error.
pub struct Connection {
    pub(super) addr: SocketAddr,
    stream: Option<TcpStream>,
    buffer: Vec<u8>,
}

/// An answer: status, `Retry-After` and body.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// The parts of an answer's head this client reads.
#[derive(Debug, PartialEq)]
pub(super) struct Head {
    pub(super) status: u16,
    pub(super) head_len: usize,
    pub(super) body_len: usize,
    pub(super) close: bool,
    pub(super) retry_after: Option<String>,
}

impl Connection {
    /// Opens a connection to `addr`.
    pub async fn open(addr: SocketAddr) -> Result<Self, String> {
        let stream = connect(addr)
            .await
            .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        Ok(Connection {
            addr,
            stream: Some(stream),
            buffer: Vec::with_capacity(4096),
        })
    }

    /// `GET path`, and its answer.
    pub async fn get(&mut self, path: &str) -> Result<Answer, String> {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\r\n",
            self.addr
        );
        self.exchange(request.as_bytes()).await
    }

    /// Sends one request and reads its answer.
    pub async fn exchange(&mut self, request: &[u8]) -> Result<Answer, String> {
        let result = self.try_exchange(request).await;
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    async fn try_exchange(&mut self, request: &[u8]) -> Result<Answer, String> {
        if self.stream.is_none() {
            let stream = connect(self.addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            self.stream = Some(stream);
        }
        let Connection {
            stream: Some(stream),
            buffer,
            ..
        } = self
        else {
            return Err("no connection".into());
        };
        buffer.clear();
        stream
            .write_all(request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut chunk = [0u8; 4096];
        let head = loop {
            let read = stream
                .read(&mut chunk)
                .await
                .map_err(|e| format!("read: {e}"))?;
            if read == 0 {
                return Err("the server closed the connection before answering".into());
            }
            buffer.extend_from_slice(&chunk[..read]);
            if let Some(head) = parse_head(buffer)? {
                break head;
            }
            if buffer.len() > MAX_ANSWER {
                return Err("the answer's head is too large".into());
            }
        };
        let end = head.head_len + head.body_len;
        if end > MAX_ANSWER {
            return Err(format!(
                "the answer's body is too large ({} bytes)",
                head.body_len
            ));
        }
        while buffer.len() < end {
            let read = stream
                .read(&mut chunk)
                .await
                .map_err(|e| format!("read: {e}"))?;
            if read == 0 {
                return Err("the server closed the connection in the middle of an answer".into());
            }
            buffer.extend_from_slice(&chunk[..read]);
        }
        if buffer.len() > end {
            return Err("the server sent more than one answer".into());
        }
        let body = buffer[head.head_len..end].to_vec();
        if head.close {
            self.stream = None;
        }
        Ok(Answer {
            status: head.status,
            retry_after: head.retry_after,
            body,
        })
    }
}

/// Opens a TCP connection with Nagle's algorithm off.
async fn connect(addr: SocketAddr) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Parses an answer's head: status, head length, body length, whether the server closes the connection and
/// `Retry-After`. `None` while the head is incomplete.
pub(super) fn parse_head(bytes: &[u8]) -> Result<Option<Head>, String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match response.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(format!("unreadable answer: {e}")),
    };
    let status = response.code.ok_or("an answer without a status")?;
    let mut body_len = None;
    let mut close = false;
    let mut retry_after = None;
    for header in response.headers.iter() {
        let value = std::str::from_utf8(header.value).unwrap_or("").trim();
        if header.name.eq_ignore_ascii_case("content-length") {
            body_len = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length {value:?}"))?,
            );
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(format!(
                "Transfer-Encoding {value:?} is not supported: the server sends Content-Length"
            ));
        } else if header.name.eq_ignore_ascii_case("connection") {
            close = value.eq_ignore_ascii_case("close");
        } else if header.name.eq_ignore_ascii_case("retry-after") {
            retry_after = Some(value.to_owned());
        }
    }
    // Answers without a body (204, 304) carry no length.
    let body_len = body_len.unwrap_or(0);
    Ok(Some(Head {
        status,
        head_len,
        body_len,
        close,
        retry_after,
    }))
}
