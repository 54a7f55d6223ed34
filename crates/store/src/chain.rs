//! The tamper-evident history: every event of a case, and every entry of the account audit log, carries a link
//! that is an HMAC-SHA256, under a key the store keeps apart from the events, of the event's position, the link
//! before it and the event as stored. Whoever can write the events but not read the key cannot alter, remove,
//! insert or reorder an event without [`verify`] finding the first one that breaks the chain.
//!
//! A case event that held a reporter's personal data may be *redacted* at the reporter's request (UU 27/2022):
//! the store replaces its stored text by the redacted form and keeps its link, which later links rest on, beside
//! a *redaction seal* — an HMAC under the same key of the chain, the position, the original link and the
//! redacted text ([`AuditKey::redaction_seal`]). [`verify`] checks a redacted event against its seal instead of
//! its link, and requires a later event of the chain — the redaction, by an authenticated member of staff — to
//! name it ([`csirt_domain::case::Change::RedactReporter`]). So a redaction is told from tampering: text replaced
//! without the key, or without a redaction event that names it, breaks the chain there.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use csirt_domain::case::{Change, Event};

use crate::StoreError;

/// The key the links are made with: 32 random bytes, kept apart from the events. `Debug` never shows it.
#[derive(Clone)]
pub struct AuditKey(Arc<[u8; 32]>);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(<redacted>)")
    }
}

impl AuditKey {
    /// A new random key.
    pub fn generate() -> Result<AuditKey, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| {
            StoreError::Unavailable(format!("no randomness for the audit key: {e}"))
        })?;
        Ok(AuditKey(Arc::new(bytes)))
    }

    /// A key from its hex form (64 hex digits), as the store keeps it.
    pub fn from_hex(text: &str) -> Option<AuditKey> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(AuditKey(Arc::new(bytes)))
    }

    /// The key's hex form, for the store to keep.
    pub fn to_hex(&self) -> String {
        hex::encode(*self.0)
    }

    /// The link of event `seq` of the chain `scope`, following the link `previous` ("" for the first event),
    /// over the event as stored (`doc`).
    pub fn link(&self, scope: &str, seq: u64, previous: &str, doc: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&*self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        for part in [scope, &seq.to_string(), previous, doc] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// An HMAC under the key of `text` for `purpose`, apart from every link and seal: how a counter is keyed by
    /// something that must not be stored in clear (a reporter's mailbox, for the e-mails it may get a day).
    pub fn digest(&self, purpose: &str, text: &str) -> String {
        self.link(&format!("digest:{purpose}"), 0, "", text)
    }

    /// The seal of event `seq` of the chain `scope` redacted to `doc`, whose link (kept, for the next event's)
    /// is `link`.
    pub fn redaction_seal(&self, scope: &str, seq: u64, link: &str, doc: &str) -> String {
        self.link(&format!("redaction:{scope}"), seq, link, doc)
    }
}

/// The chain of one case's events: `case:<code key>`.
pub fn case_scope(key: &str) -> String {
    format!("case:{key}")
}

/// The chain of the account audit log.
pub const ACCOUNTS_SCOPE: &str = "accounts";

/// The seal of a case record (the case as it stands: report, state, the team's work) at `version`, after the
/// event whose link is `last_link`: the record cannot be changed apart from its events unnoticed.
pub fn seal_record(
    key: &AuditKey,
    code_key: &str,
    version: u64,
    last_link: &str,
    doc: &str,
) -> String {
    key.link(&format!("case-record:{code_key}"), version, last_link, doc)
}

/// A case record as stored, with its seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRecord {
    /// Its version: the number of its events.
    pub version: u64,
    /// The case as stored.
    pub doc: String,
    /// Its seal, when it has one.
    pub seal: Option<String>,
}

/// One event as stored: its position, its stored text and its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    /// Its position, from 1.
    pub seq: u64,
    /// The event as stored.
    pub doc: String,
    /// Its link, when it has one.
    pub link: Option<String>,
    /// Its redaction seal, when its text was redacted ([`AuditKey::redaction_seal`]).
    pub redaction: Option<String>,
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// An event's link does not match: it, or one before it, was altered, or it was put in another's place.
    #[error("event {seq} was altered or replaced (its link does not match)")]
    Altered {
        /// The first event that does not match.
        seq: u64,
    },
    /// An event has no link: it was written around the store.
    #[error("event {seq} has no link: it was not written by the store")]
    Unlinked {
        /// The event.
        seq: u64,
    },
    /// Events are missing or out of order.
    #[error("event {expected} is missing (the next event stored is number {found})")]
    Gap {
        /// The position expected.
        expected: u64,
        /// The position found there.
        found: u64,
    },
    /// The case record does not match its events: changed apart from them, or put back as it was before later
    /// events that were then cut.
    #[error("the case record (report, state, the team's work) was changed outside the store")]
    RecordAltered,
    /// An event's text was redacted, but no later event records the redaction.
    #[error("event {seq} was redacted, but no redaction event of the case names it")]
    UnrecordedRedaction {
        /// The event.
        seq: u64,
    },
    /// The last events are missing.
    #[error("the log ends at event {last}, but {expected} events were written")]
    Truncated {
        /// The last event stored.
        last: u64,
        /// How many there should be.
        expected: u64,
    },
}

impl ChainBreak {
    /// The first event that is not as written.
    pub fn seq(&self) -> u64 {
        match self {
            ChainBreak::Altered { seq }
            | ChainBreak::Unlinked { seq }
            | ChainBreak::UnrecordedRedaction { seq } => *seq,
            ChainBreak::Gap { expected, .. } => *expected,
            ChainBreak::Truncated { last, .. } => last + 1,
            ChainBreak::RecordAltered => 0,
        }
    }
}

/// Checks the chain `scope` stored as `rows` (in stored order) holding `expected` events (the case's version,
/// when the case item says how many it has).
pub fn verify(
    key: &AuditKey,
    scope: &str,
    rows: &[ChainRow],
    expected: Option<u64>,
) -> Result<(), ChainBreak> {
    let mut previous = String::new();
    for (index, row) in rows.iter().enumerate() {
        let position = index as u64 + 1;
        if row.seq != position {
            return Err(ChainBreak::Gap {
                expected: position,
                found: row.seq,
            });
        }
        let Some(link) = &row.link else {
            return Err(ChainBreak::Unlinked { seq: row.seq });
        };
        let intact = match &row.redaction {
            // The link stands for the text as first written, which is gone: the seal vouches for the redacted
            // text and ties it to that link, which the next link rests on.
            Some(seal) => *seal == key.redaction_seal(scope, row.seq, link, &row.doc),
            None => *link == key.link(scope, row.seq, &previous, &row.doc),
        };
        if !intact {
            return Err(ChainBreak::Altered { seq: row.seq });
        }
        previous.clone_from(link);
    }
    check_redactions(rows)?;
    let last = rows.len() as u64;
    match expected {
        Some(expected) if expected > last => Err(ChainBreak::Truncated { last, expected }),
        _ => Ok(()),
    }
}

/// Requires every redacted row to be named by a later redaction event of the chain.
fn check_redactions(rows: &[ChainRow]) -> Result<(), ChainBreak> {
    let mut recorded: Vec<u64> = Vec::new();
    for row in rows.iter().rev() {
        if row.redaction.is_some() && !recorded.contains(&row.seq) {
            return Err(ChainBreak::UnrecordedRedaction { seq: row.seq });
        }
        if row.doc.contains("\"redact_reporter\"")
            && let Ok(Event {
                change: Change::RedactReporter { events, .. },
                ..
            }) = serde_json::from_str::<Event>(&row.doc)
        {
            recorded.extend(events.iter().map(|seq| u64::from(*seq)));
        }
    }
    Ok(())
}

/// The positions of the chain's events whose text was redacted at the reporter's request.
pub fn redacted(rows: &[ChainRow]) -> Vec<u64> {
    rows.iter()
        .filter(|row| row.redaction.is_some())
        .map(|row| row.seq)
        .collect()
}

/// Checks a case record against its seal and the link of its last event (read with or after the record).
pub fn verify_record(
    key: &AuditKey,
    code_key: &str,
    rows: &[ChainRow],
    record: &SealedRecord,
) -> Result<(), ChainBreak> {
    let last_link = usize::try_from(record.version)
        .ok()
        .and_then(|version| version.checked_sub(1))
        .and_then(|index| rows.get(index))
        .and_then(|row| row.link.as_deref())
        .unwrap_or_default();
    let expected = seal_record(key, code_key, record.version, last_link, &record.doc);
    match &record.seal {
        Some(seal) if *seal == expected => Ok(()),
        _ => Err(ChainBreak::RecordAltered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(key: &AuditKey, docs: &[&str]) -> Vec<ChainRow> {
        let mut previous = String::new();
        let mut rows = Vec::new();
        for (index, doc) in docs.iter().enumerate() {
            let seq = index as u64 + 1;
            let link = key.link("case:X", seq, &previous, doc);
            previous.clone_from(&link);
            rows.push(ChainRow {
                seq,
                doc: (*doc).to_owned(),
                link: Some(link),
                redaction: None,
            });
        }
        rows
    }

    #[test]
    fn an_untouched_chain_verifies_and_every_kind_of_tampering_is_named() {
        let key = AuditKey::generate().unwrap();
        let rows = chain(&key, &["a", "b", "c", "d"]);
        assert_eq!(verify(&key, "case:X", &rows, Some(4)), Ok(()));

        let mut altered = rows.clone();
        altered[1].doc = "B".into();
        assert_eq!(
            verify(&key, "case:X", &altered, Some(4)),
            Err(ChainBreak::Altered { seq: 2 })
        );

        let mut removed = rows.clone();
        removed.remove(2);
        assert_eq!(
            verify(&key, "case:X", &removed, Some(4)),
            Err(ChainBreak::Gap {
                expected: 3,
                found: 4
            })
        );

        let mut reordered = rows.clone();
        reordered.swap(1, 2);
        reordered[1].seq = 2;
        reordered[2].seq = 3;
        assert_eq!(
            verify(&key, "case:X", &reordered, Some(4)),
            Err(ChainBreak::Altered { seq: 2 })
        );

        assert_eq!(
            verify(&key, "case:X", &rows[..3], Some(4)),
            Err(ChainBreak::Truncated {
                last: 3,
                expected: 4
            })
        );

        let other = AuditKey::generate().unwrap();
        assert_eq!(
            verify(&other, "case:X", &rows, Some(4)),
            Err(ChainBreak::Altered { seq: 1 })
        );
        assert_eq!(
            verify(&key, "case:Y", &rows, Some(4)),
            Err(ChainBreak::Altered { seq: 1 }),
            "a chain moved to another case does not verify"
        );
    }

    /// A case event as stored, with `change` as its JSON.
    fn event_doc(seq: u32, change: &str) -> String {
        format!(
            r#"{{"seq":{seq},"at":"2026-12-07T02:00:00Z","actor":{{"kind":"staff","name":"ayu"}},"from":"received","to":"received","change":{change}}}"#
        )
    }

    #[test]
    fn a_redacted_event_verifies_under_its_seal_and_only_when_a_later_event_records_it() {
        let key = AuditKey::generate().unwrap();
        let reply = event_doc(2, r#"{"action":"reporter_reply","text":"Nomor saya 0812"}"#);
        let redaction = event_doc(3, r#"{"action":"redact_reporter","events":[2]}"#);
        let note = event_doc(3, r#"{"action":"add_note","text":"Catatan."}"#);
        let docs = [event_doc(1, r#"{"action":"start_verification"}"#), reply];
        let redact = |rows: &mut Vec<ChainRow>, key: &AuditKey| {
            let doc = event_doc(2, r#"{"action":"reporter_reply","text":"[dihapus]"}"#);
            let link = rows[1].link.clone().unwrap();
            rows[1].redaction = Some(key.redaction_seal("case:X", 2, &link, &doc));
            rows[1].doc = doc;
        };

        let mut rows = chain(&key, &[&docs[0], &docs[1], &redaction]);
        redact(&mut rows, &key);
        assert_eq!(verify(&key, "case:X", &rows, Some(3)), Ok(()));
        assert_eq!(redacted(&rows), [2]);

        // The redacted text changed again: its seal no longer matches.
        let mut altered = rows.clone();
        altered[1].doc = altered[1].doc.replace("dihapus", "diubah");
        assert_eq!(
            verify(&key, "case:X", &altered, Some(3)),
            Err(ChainBreak::Altered { seq: 2 })
        );
        // A seal made without the key.
        let mut forged = chain(&key, &[&docs[0], &docs[1], &redaction]);
        redact(&mut forged, &AuditKey::generate().unwrap());
        assert_eq!(
            verify(&key, "case:X", &forged, Some(3)),
            Err(ChainBreak::Altered { seq: 2 })
        );
        // Text replaced under a valid seal, but no event of the case records a redaction.
        let mut unrecorded = chain(&key, &[&docs[0], &docs[1], &note]);
        redact(&mut unrecorded, &key);
        assert_eq!(
            verify(&key, "case:X", &unrecorded, Some(3)),
            Err(ChainBreak::UnrecordedRedaction { seq: 2 })
        );
        // The redaction event cut from the end is noticed as ever.
        assert_eq!(
            verify(&key, "case:X", &rows[..2], Some(3)),
            Err(ChainBreak::UnrecordedRedaction { seq: 2 })
        );
    }

    #[test]
    fn the_key_never_shows_in_debug() {
        let key = AuditKey::generate().unwrap();
        assert!(!format!("{key:?}").contains(&key.to_hex()));
        assert_eq!(
            AuditKey::from_hex(&key.to_hex()).unwrap().to_hex(),
            key.to_hex()
        );
    }
}
