//! Figures derived from raw measurements: latency percentiles, the binary's size and whether it is stripped,
//! and the durability tally of the stored cases.

use std::collections::HashSet;
use std::path::Path;

use csirt_domain::tracking::TrackingCode;

/// Latency percentiles, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
}

impl Latency {
    /// Percentiles (nearest rank) of latencies in microseconds; `None` without any.
    pub fn of(latencies_us: &mut [u32]) -> Option<Self> {
        if latencies_us.is_empty() {
            return None;
        }
        latencies_us.sort_unstable();
        let rank = |p: f64| {
            let n = latencies_us.len();
            let index = ((p / 100.0) * n as f64).ceil() as usize;
            f64::from(latencies_us[index.clamp(1, n) - 1]) / 1000.0
        };
        Some(Latency {
            p50: rank(50.0),
            p90: rank(90.0),
            p99: rank(99.0),
            max: rank(100.0),
        })
    }
}

/// The binary's file size and whether its symbol table and debug information were stripped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryInfo {
    /// Size of the file in bytes.
    pub bytes: u64,
    /// `Some(true)` when the ELF file has neither `.symtab` nor `.debug_*` sections; `None` when it is not a
    /// 64-bit little-endian ELF file.
    pub stripped: Option<bool>,
}

impl BinaryInfo {
    /// Reads `path`.
    pub fn of(path: &Path) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(BinaryInfo {
            bytes: bytes.len() as u64,
            stripped: elf_section_names(&bytes).map(|names| {
                !names
                    .iter()
                    .any(|name| name == ".symtab" || name.starts_with(".debug_"))
            }),
        })
    }
}

/// The section names of a 64-bit little-endian ELF file.
fn elf_section_names(file: &[u8]) -> Option<Vec<String>> {
    if file.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let u16_at = |at: usize| Some(u16::from_le_bytes(file.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(file.get(at..at + 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(file.get(at..at + 8)?.try_into().ok()?));
    let table = usize::try_from(u64_at(0x28)?).ok()?;
    let entry = usize::from(u16_at(0x3a)?);
    let count = usize::from(u16_at(0x3c)?);
    let names_index = usize::from(u16_at(0x3e)?);
    if entry < 0x40 || names_index >= count {
        return None;
    }
    let header = |index: usize| table.checked_add(index.checked_mul(entry)?);
    let names_offset = usize::try_from(u64_at(header(names_index)? + 0x18)?).ok()?;
    let mut names = Vec::with_capacity(count);
    for index in 0..count {
        let name_at = names_offset.checked_add(usize::try_from(u32_at(header(index)?)?).ok()?)?;
        let rest = file.get(name_at..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        names.push(String::from_utf8_lossy(&rest[..end]).into_owned());
    }
    Some(names)
}

/// Whether every acknowledged report is in the store, once each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Durability {
    /// Reports answered with `201`.
    pub acknowledged: u64,
    /// Rows in the `cases` table.
    pub stored: u64,
    /// Acknowledged codes with no row.
    pub lost: u64,
    /// Rows beyond one per acknowledged code, plus codes acknowledged more than once.
    pub duplicated: u64,
    /// Answered codes that do not parse as tracking codes.
    pub unreadable: u64,
}

impl Durability {
    /// Tallies `codes` (as answered) against the keys of the stored cases.
    pub fn tally(codes: &[String], stored_keys: &HashSet<String>) -> Self {
        let mut keys = HashSet::with_capacity(codes.len());
        let mut unreadable = 0;
        let mut repeated = 0;
        for code in codes {
            match TrackingCode::parse(code) {
                Ok(code) => {
                    if !keys.insert(code.key().to_owned()) {
                        repeated += 1;
                    }
                }
                Err(_) => unreadable += 1,
            }
        }
        let lost = keys
            .iter()
            .filter(|key| !stored_keys.contains(*key))
            .count() as u64
            + unreadable;
        let found = keys.len() as u64 - (lost - unreadable);
        let stored = stored_keys.len() as u64;
        Durability {
            acknowledged: codes.len() as u64,
            stored,
            lost,
            duplicated: repeated + stored.saturating_sub(found),
            unreadable,
        }
    }
}

/// The keys of every case in the SQLite database at `path`. Opening it replays its write-ahead log, as the
/// server would on its next start.
pub fn stored_keys(path: &Path) -> Result<HashSet<String>, String> {
    let fail = |e: rusqlite::Error| format!("{}: {e}", path.display());
    let connection = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(fail)?;
    let mut statement = connection.prepare("SELECT key FROM cases").map_err(fail)?;
    let keys = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(fail)?
        .collect::<Result<HashSet<_>, _>>()
        .map_err(fail)?;
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut latencies: Vec<u32> = (1..=100).rev().map(|ms| ms * 1000).collect();
        let latency = Latency::of(&mut latencies).unwrap();
        assert_eq!(
            (latency.p50, latency.p90, latency.p99, latency.max),
            (50.0, 90.0, 99.0, 100.0)
        );
        assert_eq!(Latency::of(&mut [1500]).unwrap().p50, 1.5);
        assert_eq!(Latency::of(&mut []), None);
    }

    #[test]
    fn this_test_binary_is_an_elf_file() {
        let exe = std::env::current_exe().unwrap();
        let info = BinaryInfo::of(&exe).unwrap();
        assert!(info.bytes > 0);
        if cfg!(all(target_os = "linux", target_pointer_width = "64")) {
            // The test profile keeps symbols; the release profile strips them.
            let expected = !cfg!(debug_assertions);
            assert_eq!(info.stripped, Some(expected));
        }
        assert_eq!(elf_section_names(b"#!/bin/sh\n"), None);
    }

    #[test]
    fn lost_and_duplicated_are_counted() {
        let prefix = csirt_domain::tracking::TrackingPrefix::parse("CSIRT").unwrap();
        let [a, b, c] = [(); 3].map(|()| TrackingCode::generate(&prefix).unwrap());
        let keys = |codes: &[&TrackingCode]| -> HashSet<String> {
            codes.iter().map(|code| code.key().to_owned()).collect()
        };
        let codes = vec![a.to_string(), b.to_string()];
        assert_eq!(
            Durability::tally(&codes, &keys(&[&a, &b])),
            Durability {
                acknowledged: 2,
                stored: 2,
                lost: 0,
                duplicated: 0,
                unreadable: 0
            }
        );
        let tally = Durability::tally(&codes, &keys(&[&a, &c]));
        assert_eq!((tally.lost, tally.duplicated), (1, 1));
        let twice = vec![a.to_string(), a.to_string(), "nonsense".to_owned()];
        let tally = Durability::tally(&twice, &keys(&[&a]));
        assert_eq!((tally.lost, tally.duplicated, tally.unreadable), (1, 1, 1));
    }
}
