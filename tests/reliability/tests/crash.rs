//! The self-hosted server killed with SIGKILL in the middle of a load (with retries), then started again on the
//! same data directory: every report answered `201` is there and readable through the server, the database
//! passes SQLite's integrity check, and no report is stored twice. `CSIRT_CRASH_ROUNDS` rounds (default 2) of
//! `CSIRT_CRASH_REPORTS` reports each (default 6,000), killed once a third of a round is acknowledged.

// A binary of its own, as each reliability test is: they drive thousands of requests at a server process and
// time it, and beside another one in the same binary they would measure each other's load.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use csirt_bench::load::Plan;
use csirt_reliability::binary::scale;
use csirt_reliability::drive::*;
use csirt_reliability::ledger::Ledger;
use csirt_store::SqliteStore;

fn integrity_check(database: &std::path::Path) -> String {
    let connection = rusqlite::Connection::open(database).unwrap();
    connection
        .query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        .unwrap()
}

#[test]
fn every_acknowledged_report_survives_sigkill_mid_load() {
    let rounds = scale("CSIRT_CRASH_ROUNDS", 2);
    let reports = scale("CSIRT_CRASH_REPORTS", 6_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let mut server = start_server(&[]);
    let mut receipts = Vec::new();
    let (mut sent, mut failed) = (0, 0);
    for round in 0..rounds {
        let acknowledged = Arc::new(AtomicU64::new(0));
        let plan = Plan {
            repeat_every: 5,
            acknowledged: Some(Arc::clone(&acknowledged)),
            ..Plan::default()
        };
        let first = round * reports;
        let addr = server.addr();
        let running = runtime.spawn(async move { load(addr, 64, &plan, first, reports).await });
        let started = Instant::now();
        while acknowledged.load(Ordering::Relaxed) < reports / 3 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the load stalled"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        server.kill().unwrap();
        let outcome = runtime.block_on(running).unwrap();
        println!("{}", figures(&format!("crash round {round}"), &outcome));
        assert!(
            outcome.transport_errors > 0 && outcome.created() < outcome.sent,
            "the kill fell after the load: {:?}",
            outcome.statuses
        );
        assert_eq!(
            outcome.other_statuses(),
            0,
            "only 201 or no answer: {:?}",
            outcome.statuses
        );
        sent += outcome.sent;
        failed += outcome.transport_errors;
        receipts.extend(outcome.receipts);

        assert_eq!(integrity_check(&server.database()), "ok");
        server.restart().unwrap();
        server.wait_ready(READY).unwrap();
        // Every acknowledged report reads back through the restarted server.
        let addr = server.addr();
        let codes: Vec<String> = receipts.iter().map(|(_, code)| code.clone()).collect();
        let unreadable = runtime.block_on(async move {
            let mut connection = csirt_bench::load::Connection::open(addr).await.unwrap();
            let mut unreadable = Vec::new();
            for code in codes {
                let answer = connection
                    .get(&format!("/api/reports/{code}"))
                    .await
                    .unwrap();
                let body: serde_json::Value =
                    serde_json::from_slice(&answer.body).unwrap_or_default();
                if answer.status != 200 || body["tracking_code"] != code.as_str() {
                    unreadable.push((code, answer.status));
                }
            }
            unreadable
        });
        assert!(
            unreadable.is_empty(),
            "unreadable after restart: {unreadable:?}"
        );
    }
    server.kill().unwrap();
    assert_eq!(integrity_check(&server.database()), "ok");
    let store = SqliteStore::open(server.data_dir()).unwrap();
    let cases = runtime.block_on(stored_cases(&store));
    let ledger = Ledger::tally(&receipts, &cases);
    println!(
        "crash: {rounds} SIGKILLs, requests sent {sent}, without an answer {failed}; {ledger}; \
         integrity_check ok"
    );
    assert!(ledger.holds(), "{ledger}");
}
