//! Tracking codes: generation, parsing, the check symbol and the prefix.

use super::*;

fn prefix() -> TrackingPrefix {
    TrackingPrefix::parse("TGL").unwrap()
}

fn sample(n: usize) -> Vec<TrackingCode> {
    (0..n)
        .map(|_| TrackingCode::generate(&prefix()).unwrap())
        .collect()
}

#[test]
fn round_trips_through_its_printed_form() {
    for code in sample(200) {
        let printed = code.to_string();
        assert_eq!(printed.len(), "TGL-".len() + 14, "{printed}");
        assert!(printed.starts_with("TGL-"));
        assert_eq!(TrackingCode::parse(&printed).unwrap(), code);
    }
}

#[test]
fn reading_is_forgiving_about_case_separators_prefix_and_aliases() {
    let code = sample(1).remove(0);
    let key = code.key().to_owned();
    let found = |typed: &str| TrackingCode::parse(typed).map(|c| c.key().to_owned());
    assert_eq!(found(&key.to_ascii_lowercase()), Ok(key.clone()));
    assert_eq!(found(&format!("tgl{key}")), Ok(key.clone()));
    assert_eq!(
        found(&format!(" {} ", code.to_string().replace('-', " "))),
        Ok(key.clone())
    );
    assert_eq!(
        found(&key.replace('0', "o").replace('1', "l")),
        Ok(key.clone())
    );
    // A prefix of letters that are also aliases is read as letters.
    let bali = TrackingCode::generate(&TrackingPrefix::parse("bali").unwrap()).unwrap();
    assert_eq!(
        TrackingCode::parse(&bali.to_string())
            .unwrap()
            .prefix()
            .unwrap()
            .as_str(),
        "BALI"
    );
}

#[test]
fn every_single_substitution_is_caught() {
    for code in sample(50) {
        let symbols: Vec<char> = code.key().chars().collect();
        for position in 0..SYMBOLS {
            for &replacement in ALPHABET {
                let replacement = replacement as char;
                if replacement == symbols[position] {
                    continue;
                }
                let mut typo = symbols.clone();
                typo[position] = replacement;
                let typed: String = typo.into_iter().collect();
                assert_eq!(
                    TrackingCode::parse(&typed),
                    Err(TrackingCodeError::CheckFailed),
                    "{typed}"
                );
            }
        }
    }
}

#[test]
fn every_swap_of_two_different_symbols_is_caught() {
    for code in sample(200) {
        let symbols: Vec<char> = code.key().chars().collect();
        for i in 0..SYMBOLS {
            for j in i + 1..SYMBOLS {
                if symbols[i] == symbols[j] {
                    continue;
                }
                let mut swapped = symbols.clone();
                swapped.swap(i, j);
                let typed: String = swapped.into_iter().collect();
                assert_eq!(
                    TrackingCode::parse(&typed),
                    Err(TrackingCodeError::CheckFailed),
                    "{typed}"
                );
            }
        }
    }
}

#[test]
fn codes_are_distinct_and_use_the_whole_alphabet() {
    let codes = sample(5_000);
    let distinct: std::collections::HashSet<_> = codes.iter().map(|c| c.key().to_owned()).collect();
    assert_eq!(distinct.len(), codes.len());
    // Every symbol appears in every random position across 5,000 draws (each is missed with p ≈ 1e-68).
    for position in 0..RANDOM_SYMBOLS {
        let seen: std::collections::HashSet<char> = codes
            .iter()
            .map(|c| c.key().chars().nth(position).unwrap())
            .collect();
        assert_eq!(seen.len(), 32, "position {position}");
    }
}

#[test]
fn malformed_input_is_refused_with_a_reason() {
    assert_eq!(
        TrackingCode::parse(""),
        Err(TrackingCodeError::WrongLength(0))
    );
    assert_eq!(
        TrackingCode::parse("TGL-7KQ3"),
        Err(TrackingCodeError::WrongLength(7))
    );
    assert!(matches!(
        TrackingCode::parse("UUUU-UUUU-UUUU"),
        Err(TrackingCodeError::InvalidCharacter('U'))
    ));
    assert!(matches!(
        TrackingCode::parse("<script>alrt"),
        Err(TrackingCodeError::InvalidCharacter('<'))
    ));
    assert!(TrackingCode::parse("<script>alert(1)</script>").is_err());
    assert!(TrackingCode::parse("{{7*7}}{{7*7}}").is_err());
    assert!(TrackingCode::parse(&"A".repeat(10_000)).is_err());
    assert!(TrackingCode::parse("12345678901234567890").is_err());
    assert!(TrackingCode::parse("TOOLONGPREFIX-0000-0000-0000").is_err());
    assert!(TrackingCode::parse("ÄÖÜ0-0000-0000-00").is_err());
    let message = TrackingCodeError::CheckFailed.to_field_error();
    assert_eq!(message.field, "tracking_code");
    assert!(message.message.id.contains("salah ketik"));
}

#[test]
fn prefixes_are_two_to_five_letters() {
    assert_eq!(TrackingPrefix::parse("tgl").unwrap().as_str(), "TGL");
    for bad in ["", "T", "TOOLONG", "T1", "T-L", "<b>"] {
        assert_eq!(
            TrackingPrefix::parse(bad),
            Err(TrackingCodeError::BadPrefix),
            "{bad}"
        );
    }
}

/// Every tracking code the site shows as an example (in `content/` and the site's strings) is one a reader could
/// type and have accepted: its check symbol is right.
#[test]
fn the_example_codes_readers_are_shown_are_valid() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("templates/site/strings.toml")];
    for entry in std::fs::read_dir(root.join("content")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut seen = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let groups: Vec<&str> = word.split('-').collect();
            let looks_like_a_code = groups.len() == 4
                && (2..=5).contains(&groups[0].len())
                && groups[0].chars().all(|c| c.is_ascii_uppercase())
                && groups[1..].iter().all(|g| {
                    g.len() == 4
                        && g.chars()
                            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                })
                && groups[1..]
                    .iter()
                    .any(|g| g.chars().any(|c| c.is_ascii_digit()));
            if looks_like_a_code {
                seen += 1;
                assert!(
                    TrackingCode::parse(word).is_ok(),
                    "{}: the example {word} is refused as a typo",
                    file.display()
                );
            }
        }
    }
    assert!(seen >= 5, "only {seen} example codes found");
}
