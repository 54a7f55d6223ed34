//! The load: workers that each keep one HTTP/1.1 connection open and post JSON reports on it one after
//! another, recording every request's latency, status and tracking code. A plain client on tokio's
//! `TcpStream`: no TLS, no redirects. A submission is sent again only when the plan says so: a job may carry an
//! `Idempotency-Key` (and be listed twice, as a client's retry), and a plan may retry a `503` after its
//! `Retry-After`, as a well-behaved client does; without a key a retried submission could be stored twice.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most headers an answer may carry.
const MAX_HEADERS: usize = 32;
/// The largest answer read (head and body).
const MAX_ANSWER: usize = 64 * 1024;

/// What one phase of the load gave.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Requests sent.
    pub sent: u64,
    /// Latency of every answered request, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Answers by status code.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no answer (connection refused, reset or closed, or an unreadable answer).
    pub transport_errors: u64,
    /// The first transport error, for the report.
    pub first_error: Option<String>,
    /// `201` answers whose body held no `tracking_code`.
    pub bad_receipts: u64,
    /// The tracking codes of `201` answers.
    pub codes: Vec<String>,
    /// Every `201` answer: the report's number and the code it got.
    pub receipts: Vec<(u64, String)>,
    /// `503` answers without a `Retry-After` header.
    pub unavailable_without_retry_after: u64,
    /// From the first request sent to the last answer read.
    pub wall: Duration,
}

impl Outcome {
    /// `201` answers.
    pub fn created(&self) -> u64 {
        self.statuses.get(&201).copied().unwrap_or(0)
    }

    /// Answers other than `201`.
    pub fn other_statuses(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| **status != 201)
            .map(|(_, count)| count)
            .sum()
    }

    fn merge(&mut self, other: Outcome) {
        self.sent += other.sent;
        self.latencies_us.extend(other.latencies_us);
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
        self.transport_errors += other.transport_errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
        self.bad_receipts += other.bad_receipts;
        self.codes.extend(other.codes);
        self.receipts.extend(other.receipts);
        self.unavailable_without_retry_after += other.unavailable_without_retry_after;
    }
}

/// One keep-alive connection to the server, opened again after an error.
pub struct Connection {
    addr: SocketAddr,
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
struct Head {
    status: u16,
    head_len: usize,
    body_len: usize,
    close: bool,
    retry_after: Option<String>,
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
fn parse_head(bytes: &[u8]) -> Result<Option<Head>, String> {
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

/// A valid JSON report, made distinct by its number. Synthetic data only.
pub fn report(number: u64) -> Vec<u8> {
    serde_json::json!({
        "reporter_name": "Load Test Reporter",
        "reporter_email": "load-test@example.org",
        "reporter_kind": "public",
        "incident_class": "intrusions",
        "incident_type": "application-compromise",
        "title": "Synthetic load-test report",
        "description": format!("Synthetic load-test report number {number}; not a real incident."),
        "chronology": "Generated by the intake benchmark.",
        "impact": "None: this report is generated.",
        "affected_url": "https://www.example.org/benchmark/",
        "hall_of_fame_consent": false,
    })
    .to_string()
    .into_bytes()
}

/// The whole HTTP/1.1 request that submits report `number`, with `key` as its `Idempotency-Key`.
fn request(host: &str, number: u64, key: Option<&str>) -> Vec<u8> {
    let body = report(number);
    let key_header = key.map_or(String::new(), |key| format!("Idempotency-Key: {key}\r\n"));
    let mut request = format!(
        "POST /api/reports HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Accept: application/json\r\n{key_header}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

/// The tracking code in a `201` answer's JSON body.
fn tracking_code(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("tracking_code")?.as_str().map(str::to_owned)
}

/// One submission to send: the report's number and, for a submission a client may retry, its
/// `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The report's number (see [`report`]).
    pub number: u64,
    /// The `Idempotency-Key` header, if any.
    pub key: Option<String>,
}

/// How a load is made and sent.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every `N`th report (by number) carries an `Idempotency-Key` and is sent twice, the second time right
    /// after the first, so two workers usually send it at once. `0`: none.
    pub repeat_every: u64,
    /// Every report carries an `Idempotency-Key` (the retried ones do in any case).
    pub key_all: bool,
    /// A `503` answer is retried with the same key after its `Retry-After` (capped at one second), until
    /// another answer comes or `deadline` passes.
    pub retry_unavailable: bool,
    /// When retries stop; `None`: they do not stop.
    pub deadline: Option<Instant>,
    /// Counts `201` answers as they come, for a test that acts in the middle of a load.
    pub acknowledged: Option<Arc<AtomicU64>>,
}

impl Plan {
    /// The jobs for reports numbered `first..first + count`.
    pub fn jobs(&self, first: u64, count: u64) -> Vec<Job> {
        let mut jobs = Vec::new();
        for number in first..first + count {
            let repeated = self.repeat_every > 0 && number % self.repeat_every == 0;
            let key = (repeated || self.key_all).then(|| format!("load-{number}"));
            jobs.push(Job {
                number,
                key: key.clone(),
            });
            if repeated {
                jobs.push(Job { number, key });
            }
        }
        jobs
    }
}

/// Sends reports numbered `first..first + count`, once each and without keys, over `connections`, one
/// worker per connection, and gives the connections back with what the phase gave.
pub async fn run_phase(
    connections: Vec<Connection>,
    first: u64,
    count: u64,
) -> (Vec<Connection>, Outcome) {
    let plan = Plan::default();
    let jobs = plan.jobs(first, count);
    run_jobs(connections, jobs, &plan).await
}

/// Sends `jobs` in order over `connections` (each worker takes the next job when it is free) as `plan` says,
/// and gives the connections back with what the load gave.
pub async fn run_jobs(
    connections: Vec<Connection>,
    jobs: Vec<Job>,
    plan: &Plan,
) -> (Vec<Connection>, Outcome) {
    let jobs: Arc<[Job]> = jobs.into();
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(connections.len());
    for connection in connections {
        let next = Arc::clone(&next);
        let jobs = Arc::clone(&jobs);
        workers.push(tokio::spawn(worker(connection, next, jobs, plan.clone())));
    }
    let mut connections = Vec::with_capacity(workers.len());
    let mut outcome = Outcome::default();
    for worker in workers {
        match worker.await {
            Ok((connection, part)) => {
                connections.push(connection);
                outcome.merge(part);
            }
            Err(error) => {
                outcome.transport_errors += 1;
                outcome
                    .first_error
                    .get_or_insert_with(|| format!("a worker failed: {error}"));
            }
        }
    }
    outcome.wall = started.elapsed();
    (connections, outcome)
}

/// How long to wait before retrying an answer with `retry_after` (seconds), at most one second.
fn retry_delay(retry_after: Option<&str>) -> Duration {
    let seconds = retry_after
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(1);
    Duration::from_secs(seconds).min(Duration::from_secs(1))
}

async fn worker(
    mut connection: Connection,
    next: Arc<AtomicU64>,
    jobs: Arc<[Job]>,
    plan: Plan,
) -> (Connection, Outcome) {
    let host = connection.addr.to_string();
    let mut outcome = Outcome::default();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = usize::try_from(index).ok().and_then(|i| jobs.get(i)) else {
            break;
        };
        let request = request(&host, job.number, job.key.as_deref());
        loop {
            outcome.sent += 1;
            let started = Instant::now();
            let answer = match connection.exchange(&request).await {
                Ok(answer) => answer,
                Err(error) => {
                    outcome.transport_errors += 1;
                    outcome.first_error.get_or_insert(error);
                    break;
                }
            };
            let micros = started.elapsed().as_micros();
            outcome
                .latencies_us
                .push(u32::try_from(micros).unwrap_or(u32::MAX));
            *outcome.statuses.entry(answer.status).or_default() += 1;
            if answer.status == 201 {
                match tracking_code(&answer.body) {
                    Some(code) => {
                        if let Some(counter) = &plan.acknowledged {
                            counter.fetch_add(1, Ordering::Relaxed);
                        }
                        outcome.receipts.push((job.number, code.clone()));
                        outcome.codes.push(code);
                    }
                    None => outcome.bad_receipts += 1,
                }
            }
            if answer.status != 503 {
                break;
            }
            if answer.retry_after.is_none() {
                outcome.unavailable_without_retry_after += 1;
            }
            let in_time = plan
                .deadline
                .is_none_or(|deadline| Instant::now() < deadline);
            if !plan.retry_unavailable || !in_time {
                break;
            }
            tokio::time::sleep(retry_delay(answer.retry_after.as_deref())).await;
        }
    }
    (connection, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_once_complete() {
        let answer = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse_head(&answer[..20]).unwrap(), None);
        assert_eq!(
            parse_head(answer).unwrap(),
            Some(Head {
                status: 201,
                head_len: answer.len() - 2,
                body_len: 2,
                close: false,
                retry_after: None
            })
        );
        let closing =
            b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n\
                        Content-Length: 0\r\n\r\n";
        assert_eq!(
            parse_head(closing).unwrap(),
            Some(Head {
                status: 503,
                head_len: closing.len(),
                body_len: 0,
                close: true,
                retry_after: Some("5".into())
            })
        );
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").is_err());
    }

    #[test]
    fn reports_differ_by_number_and_codes_are_read() {
        assert_ne!(report(1), report(2));
        let request = String::from_utf8(request("127.0.0.1:9", 7, Some("load-7"))).unwrap();
        assert!(request.starts_with("POST /api/reports HTTP/1.1\r\n"));
        assert!(request.contains("number 7;"));
        assert!(request.contains("\r\nIdempotency-Key: load-7\r\n"));
        assert_eq!(
            tracking_code(br#"{"tracking_code":"CSIRT-ABCD-EFGH-JKMN","status_url":"/status/"}"#)
                .as_deref(),
            Some("CSIRT-ABCD-EFGH-JKMN")
        );
        assert_eq!(tracking_code(b"{}"), None);
    }

    #[test]
    fn a_plan_repeats_every_nth_report_with_its_key() {
        let plan = Plan {
            repeat_every: 3,
            ..Plan::default()
        };
        let jobs = plan.jobs(2, 3);
        let keyed = |number: u64| Job {
            number,
            key: Some(format!("load-{number}")),
        };
        let plain = |number: u64| Job { number, key: None };
        assert_eq!(jobs, vec![plain(2), keyed(3), keyed(3), plain(4)]);
        assert_eq!(retry_delay(Some("30")), Duration::from_secs(1));
        assert_eq!(retry_delay(Some("0")), Duration::ZERO);
    }
}
