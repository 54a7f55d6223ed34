//! The load's parts: answers' heads, reports and requests, plans.

use super::connection::{Head, parse_head};
use super::*;

#[test]
fn heads_are_read_once_complete() {
    let answer =
        b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
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
    let closing = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n\
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
