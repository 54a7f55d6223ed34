//! The DynamoDB endpoint stopped, then throttling, in the middle of a load: the server answers `503` with
//! `Retry-After`, never a `2xx` for a report it did not store, and takes reports again by itself once the
//! endpoint is back. Every report carries an `Idempotency-Key` and is retried after a `503`, as a client
//! should: in the end each is stored exactly once. `CSIRT_OUTAGE_REPORTS` reports (default 600).

// A binary of its own, as each reliability test is: they drive thousands of requests at a server process and
// time it, and beside another one in the same binary they would measure each other's load.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use csirt_bench::load::Plan;
use csirt_reliability::binary::scale;
use csirt_reliability::drive::*;
use csirt_reliability::fault::{FaultProxy, Mode};
use csirt_reliability::ledger::Ledger;
use csirt_test_kit::aws::{AwsResources, moto_endpoint};

/// How long each fault lasts.
const FAULT: Duration = Duration::from_secs(3);

/// Waits until `counter` reaches `target`.
async fn reach(counter: &AtomicU64, target: u64) {
    let started = Instant::now();
    while counter.load(Ordering::Relaxed) < target {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the load stalled"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_and_throttling_mean_503_then_recovery() {
    let reports = scale("CSIRT_OUTAGE_REPORTS", 600);
    let endpoint = moto_endpoint();
    let resources = AwsResources::create(&endpoint).await;
    let upstream: SocketAddr = endpoint.trim_start_matches("http://").parse().unwrap();
    let proxy = FaultProxy::start(upstream).await.unwrap();
    let mut server = start_server(&resources.server_env(&proxy.url()));

    let acknowledged = Arc::new(AtomicU64::new(0));
    let plan = Plan {
        key_all: true,
        retry_unavailable: true,
        deadline: Some(Instant::now() + Duration::from_secs(300)),
        acknowledged: Some(Arc::clone(&acknowledged)),
        ..Plan::default()
    };
    let addr = server.addr();
    let running = tokio::spawn(async move { load(addr, 16, &plan, 0, reports).await });

    reach(&acknowledged, reports / 4).await;
    proxy.set(Mode::Down);
    tokio::time::sleep(FAULT).await;
    let during_outage = acknowledged.load(Ordering::Relaxed);
    proxy.set(Mode::Forward);
    reach(&acknowledged, reports / 2).await;
    proxy.set(Mode::Throttle);
    tokio::time::sleep(FAULT).await;
    proxy.set(Mode::Forward);

    let outcome = running.await.unwrap();
    server.kill().unwrap();
    let cases = stored_cases(&resources.store()).await;
    let ledger = Ledger::tally(&outcome.receipts, &cases);
    println!("{}", figures("outage", &outcome));
    println!("outage: reports {reports}; {ledger}");

    let unavailable = outcome.statuses.get(&503).copied().unwrap_or(0);
    assert!(
        unavailable > 0,
        "no 503 while the endpoint was down: {:?}",
        outcome.statuses
    );
    assert_eq!(
        outcome.unavailable_without_retry_after, 0,
        "a 503 without Retry-After"
    );
    assert_eq!(
        outcome.created() + unavailable,
        outcome.sent,
        "only 201 and 503: {:?}",
        outcome.statuses
    );
    assert_eq!(outcome.transport_errors, 0, "{:?}", outcome.first_error);
    assert!(ledger.holds(), "{ledger}");
    assert_eq!(
        ledger.acknowledged, reports,
        "recovered: every report taken in the end"
    );
    assert_eq!(ledger.stored, reports, "{ledger}");
    assert!(during_outage < reports, "the outage fell after the load");
}
