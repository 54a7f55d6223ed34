//! Concurrent load on each store, a share of the reports retried with the same `Idempotency-Key` (the retry sent
//! right behind the first, so two connections usually carry it at once): every `201` maps to exactly one stored
//! case, every code is unique, and no retry made a second case.
//!
//! Sizes: `CSIRT_LOAD_REPORTS` (SQLite, default 10,000) and `CSIRT_LOAD_REPORTS_DYNAMODB` (default 1,000: moto answers one request at a time).

// A binary of its own, as each reliability test is: they drive thousands of requests at a server process and
// time it, and beside another one in the same binary they would measure each other's load.

#![allow(clippy::unwrap_used)]

use csirt_bench::load::Plan;
use csirt_reliability::binary::scale;
use csirt_reliability::drive::*;
use csirt_reliability::ledger::Ledger;
use csirt_store::SqliteStore;
use csirt_test_kit::aws::{AwsResources, moto_endpoint};

/// Every 5th report is sent twice with its key.
const REPEAT_EVERY: u64 = 5;

fn plan() -> Plan {
    Plan {
        repeat_every: REPEAT_EVERY,
        ..Plan::default()
    }
}

fn check(name: &str, reports: u64, outcome: &csirt_bench::load::Outcome, ledger: &Ledger) {
    println!("{}", figures(name, outcome));
    println!("{name}: reports {reports}; {ledger}");
    let retried = reports.div_ceil(REPEAT_EVERY);
    assert_eq!(outcome.sent, reports + retried, "every job sent once");
    assert_eq!(outcome.transport_errors, 0, "{:?}", outcome.first_error);
    assert_eq!(outcome.created(), outcome.sent, "{:?}", outcome.statuses);
    assert_eq!(outcome.bad_receipts, 0);
    assert!(ledger.holds(), "{ledger}");
    assert_eq!(ledger.acknowledged, reports);
    assert_eq!(ledger.stored, reports, "{ledger}");
}

#[test]
fn thousands_of_concurrent_submissions_with_retries_on_sqlite() {
    let reports = scale("CSIRT_LOAD_REPORTS", 10_000);
    let mut server = start_server(&[]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let outcome = runtime.block_on(load(server.addr(), 64, &plan(), 0, reports));
    server.kill().unwrap();
    let store = SqliteStore::open(server.data_dir()).unwrap();
    let cases = runtime.block_on(stored_cases(&store));
    let ledger = Ledger::tally(&outcome.receipts, &cases);
    check("load on SQLite", reports, &outcome, &ledger);
    assert_eq!(
        cases.len() as u64,
        reports,
        "nothing but the load is stored"
    );
}

#[test]
fn thousands_of_concurrent_submissions_with_retries_on_dynamodb() {
    let reports = scale("CSIRT_LOAD_REPORTS_DYNAMODB", 1_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let endpoint = moto_endpoint();
    let resources = runtime.block_on(AwsResources::create(&endpoint));
    let mut server = start_server(&resources.server_env(&endpoint));
    let outcome = runtime.block_on(load(server.addr(), 32, &plan(), 0, reports));
    server.kill().unwrap();
    let cases = runtime.block_on(stored_cases(&resources.store()));
    let ledger = Ledger::tally(&outcome.receipts, &cases);
    check("load on DynamoDB", reports, &outcome, &ledger);
    assert_eq!(
        cases.len() as u64,
        reports,
        "nothing but the load is stored"
    );
}
