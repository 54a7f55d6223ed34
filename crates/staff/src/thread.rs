//! Writing to the reporter on the case's thread. Whoever holds the tracking code reads the thread, so a message
//! that names an e-mail address or a telephone number (a third party's, as often as not) is refused unless the
//! writer confirms it; the command and the console both ask. Files are type checked by content and stored
//! before the message that names them.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Change, Event, MAX_MESSAGE_FILES};
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;
use crate::steps::take_step;

/// A file the team sends with a message, as read from disk or an upload.
#[derive(Clone)]
pub struct OutgoingFile {
    /// The name to show the reporter.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for OutgoingFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingFile")
            .field("name", &self.name)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// A message to the reporter, as staff wrote it.
#[derive(Debug, Clone)]
pub struct TeamMessage {
    /// The text, not yet parsed.
    pub text: String,
    /// Files to send with it.
    pub files: Vec<OutgoingFile>,
    /// The writer confirmed that the e-mail addresses or telephone numbers in the text may be shown to whoever
    /// holds the tracking code.
    pub personal_data_confirmed: bool,
}

/// Personal data spotted in a message: what kind, and the text found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Spotted {
    /// `email` or `phone`.
    pub kind: &'static str,
    /// The text as written.
    pub text: String,
}

/// The e-mail addresses and telephone numbers in `text`: a word with `@` and a dot after it; a run of 9 to 15
/// digits (spaces, hyphens and brackets between them) that starts with `+`, `0` or `(0`, as Indonesian numbers
/// do — so dates, times, IP addresses and tracking codes are not taken for numbers.
pub fn spot_personal_data(text: &str) -> Vec<Spotted> {
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>')) {
        let word = word.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '"' | '\''));
        if let Some((local, domain)) = word.split_once('@')
            && !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
        {
            found.push(Spotted {
                kind: "email",
                text: word.to_owned(),
            });
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '+'
            || (chars[i] == '0' && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()))
            || (chars[i] == '(' && chars.get(i + 1) == Some(&'0'));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len()
            && (chars[end].is_ascii_digit() || matches!(chars[end], ' ' | '-' | '(' | ')'))
        {
            end += 1;
        }
        let run: String = chars[i..end].iter().collect();
        let run = run.trim_end_matches([' ', '-', '(']).to_owned();
        let digits = run.chars().filter(char::is_ascii_digit).count();
        // What follows the number itself (a word right after its last digit makes it no number).
        let followed_by_word = chars
            .get(i + run.chars().count())
            .is_some_and(|c| c.is_alphanumeric());
        if (9..=15).contains(&digits) && !followed_by_word {
            found.push(Spotted {
                kind: "phone",
                text: run.trim().to_owned(),
            });
        }
        i = end.max(i + 1);
    }
    found
}

/// Posts `message` to the reporter of case `code` as `staffer` at `at`: refused, with nothing written, unless the
/// SOP gives `message_reporter` to one of the account's roles, the text parses, every file is of a type the team
/// accepts, and any e-mail address or telephone number in the text was confirmed.
pub async fn message_reporter(
    desk: &Desk,
    code: &TrackingCode,
    message: TeamMessage,
    staffer: &Staffer,
    at: DateTime<Utc>,
) -> Result<(Case, Event), StaffError> {
    authorize(desk, staffer, "message_reporter")?;
    let text = MessageText::parse(&message.text)
        .map_err(|e| StaffError::Invalid(format!("the message text: {}", e.message.en)))?;
    let spotted = spot_personal_data(text.as_str());
    if !spotted.is_empty() && !message.personal_data_confirmed {
        return Err(StaffError::PersonalDataUnconfirmed(spotted));
    }
    if message.files.len() > MAX_MESSAGE_FILES {
        return Err(StaffError::Invalid(format!(
            "a message carries at most {MAX_MESSAGE_FILES} files ({} given)",
            message.files.len()
        )));
    }
    let mut files = Vec::with_capacity(message.files.len());
    for file in message.files {
        let typed = EvidenceFile::from_upload(file.bytes).map_err(|_| {
            StaffError::Invalid(format!(
                "{}: not an image (PNG, JPEG, GIF, WebP), a PDF or plain text, judged by its content",
                file.name
            ))
        })?;
        files.push(typed.named(&file.name));
    }
    // The case must exist before anything is stored under its key.
    desk.cases
        .get(code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
    for file in &files {
        desk.evidence.put(code.key(), file).await?;
    }
    let change = Change::MessageReporter {
        text,
        files: files.iter().map(EvidenceFile::reference).collect(),
    };
    take_step(desk, code, change, staffer, at).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, String)> {
        spot_personal_data(text)
            .into_iter()
            .map(|s| (s.kind, s.text))
            .collect()
    }

    #[test]
    fn addresses_and_numbers_are_spotted() {
        assert_eq!(
            kinds("Hubungi admin@dinkes.tegalkab.go.id atau 0812-3456-7890."),
            vec![
                ("email", "admin@dinkes.tegalkab.go.id".to_owned()),
                ("phone", "0812-3456-7890".to_owned())
            ]
        );
        assert_eq!(
            kinds("Telepon 0812 3456 7890 besok, atau +62 812 3456 7890 when free"),
            vec![
                ("phone", "0812 3456 7890".to_owned()),
                ("phone", "+62 812 3456 7890".to_owned())
            ]
        );
        assert_eq!(
            kinds("Call +62 283 491234, or (0283) 491 234"),
            vec![
                ("phone", "+62 283 491234".to_owned()),
                ("phone", "(0283) 491 234".to_owned())
            ]
        );
    }

    #[test]
    fn dates_times_addresses_and_codes_are_not_numbers() {
        for text in [
            "Server 203.0.113.10 diblokir pada 2026-11-30 pukul 09.10 WIB.",
            "Kode TGL-7KQ3-M9XD-2FHR, tiket 2026-11-30 10:00.",
            "Port 0 sampai 65535; versi 0.9.1; @username di media sosial.",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }
}
