//! How items are laid out in the table: one partition per case, holding the case item and its events in order;
//! one item per idempotency record (`IDEM#<key hash>`) and per rate-limit counter (`RATE#<bucket>`), both
//! expiring by their `expires_at` attribute.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::chain::{AuditKey, case_scope};
use crate::{Idempotency, StoreError, queue_sort_key};
use csirt_domain::case::{Case, Event};
use csirt_domain::tracking::TrackingCode;

/// An item as the SDK reads and writes it.
pub(super) type Item = HashMap<String, AttributeValue>;

/// Partition key: `CASE#<code key>`.
pub(super) const PK: &str = "pk";
/// Sort key: `CASE` for the case, `EVENT#<seq>` for its events.
pub(super) const SK: &str = "sk";
/// The case's version (number).
pub(super) const VERSION: &str = "version";
/// The case's state key.
pub(super) const STATE: &str = "state";
/// Partition key of the queue index: the state key.
pub(super) const QUEUE_STATE: &str = "queue_state";
/// Sort key of the queue index: [`queue_sort_key`].
pub(super) const QUEUE_SORT: &str = "queue_sort";
/// The case or event as JSON.
pub(super) const DOC: &str = "doc";
/// Expiry time (epoch seconds) of short-lived items: idempotency records and rate-limit counters. DynamoDB's TTL
/// deletes such items some time after it, so every read and condition treats an expired item as absent.
pub(super) const EXPIRES_AT: &str = "expires_at";
/// The global secondary index that lists a state's cases in queue order.
pub(super) const QUEUE_INDEX: &str = "queue";
/// Fingerprint (SHA-256 hex) of the submission an idempotency record stands for.
pub(super) const FINGERPRINT: &str = "fingerprint";
/// The full tracking code of the case an idempotency record answers with.
pub(super) const CODE: &str = "code";
/// The number of hits on a rate-limit counter.
pub(super) const HITS: &str = "hits";

pub(super) const CASE_PK_PREFIX: &str = "CASE#";
pub(super) const CASE_SK: &str = "CASE";
/// Prefix of every event item's sort key.
pub(super) const EVENT_SK_PREFIX: &str = "EVENT#";
pub(super) const IDEMPOTENCY_PK_PREFIX: &str = "IDEM#";
const IDEMPOTENCY_SK: &str = "IDEM";
pub(super) const RATE_PK_PREFIX: &str = "RATE#";
const RATE_SK: &str = "RATE";
/// Partition key prefix of sequences (document numbers): a key space of their own, apart from rate limits.
pub(super) const SEQUENCE_PK_PREFIX: &str = "SEQ#";
const SEQUENCE_SK: &str = "SEQ";
/// A sequence's last value.
pub(super) const VALUE: &str = "value";
/// An event's link in its chain ([`crate::chain`]).
pub(super) const LINK: &str = "link";
/// A case item's seal ([`crate::chain::seal_record`]).
pub(super) const SEAL: &str = "seal";
/// A redacted event's redaction seal ([`crate::chain::AuditKey::redaction_seal`]).
pub(super) const REDACTION: &str = "redaction";

/// A string attribute value.
pub(super) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

/// A number attribute value.
pub(super) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// An instant as a number attribute in whole seconds since the Unix epoch, the unit of DynamoDB's TTL.
pub(super) fn epoch_seconds(at: DateTime<Utc>) -> AttributeValue {
    n(at.timestamp())
}

/// The partition key value of the case with this code key.
pub(super) fn case_pk(key: &str) -> AttributeValue {
    s(format!("{CASE_PK_PREFIX}{key}"))
}

/// The sort key of event `seq`, zero-padded so that text order is number order.
pub(super) fn event_sk(seq: u32) -> String {
    format!("{EVENT_SK_PREFIX}{seq:010}")
}

/// The primary key of the case item.
pub(super) fn case_key(code: &TrackingCode) -> Item {
    HashMap::from([
        (PK.to_owned(), case_pk(code.key())),
        (SK.to_owned(), s(CASE_SK)),
    ])
}

/// The primary key of the idempotency record of the client key with this hash.
pub(super) fn idempotency_key(key_hash: &str) -> Item {
    HashMap::from([
        (
            PK.to_owned(),
            s(format!("{IDEMPOTENCY_PK_PREFIX}{key_hash}")),
        ),
        (SK.to_owned(), s(IDEMPOTENCY_SK)),
    ])
}

/// The idempotency record: its key, the submission's fingerprint, the code of the case it stored and its
/// expiry (the table's TTL attribute).
pub(super) fn idempotency_item(record: &Idempotency, code: &TrackingCode) -> Item {
    let mut item = idempotency_key(&record.key_hash);
    item.insert(FINGERPRINT.to_owned(), s(record.fingerprint.as_str()));
    item.insert(CODE.to_owned(), s(code.to_string()));
    item.insert(EXPIRES_AT.to_owned(), epoch_seconds(record.expires_at));
    item
}

/// The primary key of the rate-limit counter `bucket`.
pub(super) fn rate_key(bucket: &str) -> Item {
    HashMap::from([
        (PK.to_owned(), s(format!("{RATE_PK_PREFIX}{bucket}"))),
        (SK.to_owned(), s(RATE_SK)),
    ])
}

/// The key of the sequence `name`.
pub(super) fn sequence_key(name: &str) -> Item {
    HashMap::from([
        (PK.to_owned(), s(format!("{SEQUENCE_PK_PREFIX}{name}"))),
        (SK.to_owned(), s(SEQUENCE_SK)),
    ])
}

/// The case item: keys, version, state, queue index keys and the case as JSON.
pub(super) fn case_item(case: &Case) -> Result<Item, StoreError> {
    let state = case.state.key();
    let mut item = case_key(&case.code);
    item.insert(
        VERSION.to_owned(),
        AttributeValue::N(case.version.to_string()),
    );
    item.insert(STATE.to_owned(), s(state));
    item.insert(QUEUE_STATE.to_owned(), s(state));
    item.insert(QUEUE_SORT.to_owned(), s(queue_sort_key(case)));
    item.insert(DOC.to_owned(), s(encode(case, &case.code, "the case")?));
    Ok(item)
}

/// The item of `event` of the case with this code, linked under `key` to the event before it (its link
/// `previous`, empty for the first), and that link.
pub(super) fn event_item(
    code: &TrackingCode,
    event: &Event,
    key: &AuditKey,
    previous: &str,
) -> Result<(Item, String), StoreError> {
    let what = format!("event {}", event.seq);
    let doc = encode(event, code, &what)?;
    let link = key.link(
        &case_scope(code.key()),
        u64::from(event.seq),
        previous,
        &doc,
    );
    let item = HashMap::from([
        (PK.to_owned(), case_pk(code.key())),
        (SK.to_owned(), s(event_sk(event.seq))),
        (DOC.to_owned(), s(doc)),
        (LINK.to_owned(), s(link.clone())),
    ]);
    Ok((item, link))
}

/// The key of event `seq` of the case with this code.
pub(super) fn event_key(code: &TrackingCode, seq: u32) -> Item {
    HashMap::from([
        (PK.to_owned(), case_pk(code.key())),
        (SK.to_owned(), s(event_sk(seq))),
    ])
}

fn encode(value: &impl Serialize, code: &TrackingCode, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        code: code.to_string(),
        message: format!(
            "{what} could not be encoded for storage ({})",
            json_problem(&e)
        ),
    })
}

/// Reads the `doc` attribute of an item. `code` names the case in the error; `what` names the item.
pub(super) fn decode<T: DeserializeOwned>(
    item: &Item,
    code: &str,
    what: &str,
) -> Result<T, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt {
        code: code.to_owned(),
        message,
    };
    let doc = match item.get(DOC) {
        Some(AttributeValue::S(doc)) => doc,
        Some(_) => return Err(corrupt(format!("{what}: attribute {DOC} is not a string"))),
        None => return Err(corrupt(format!("{what}: attribute {DOC} is missing"))),
    };
    serde_json::from_str(doc).map_err(|e| corrupt(format!("{what}: {}", json_problem(&e))))
}

/// What is wrong with a JSON document, without quoting any of it: serde's own messages may repeat stored
/// values, and stored values are personal data that must not reach logs.
fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let kind = match e.classify() {
        Category::Io => "input/output failure",
        Category::Syntax => "not valid JSON",
        Category::Data => "JSON of the wrong shape",
        Category::Eof => "truncated JSON",
    };
    format!("{kind} at line {}, column {}", e.line(), e.column())
}

/// The case named by an item read from the queue index, for error messages: its code key.
pub(super) fn code_of(item: &Item) -> String {
    match item.get(PK) {
        Some(AttributeValue::S(pk)) => pk
            .strip_prefix(CASE_PK_PREFIX)
            .unwrap_or("(unknown)")
            .to_owned(),
        _ => "(unknown)".to_owned(),
    }
}

/// The `version` attribute of a case item, if it is a readable number.
pub(super) fn version_of(item: &Item) -> Option<u32> {
    number_of(item, VERSION)
}

/// The number attribute `name` of an item, if it is present and fits `T`.
pub(super) fn number_of<T: std::str::FromStr>(item: &Item, name: &str) -> Option<T> {
    match item.get(name) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

/// The string attribute `name` of an item, if it is present and a string.
pub(super) fn string_of<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(value)) => Some(value),
        _ => None,
    }
}
