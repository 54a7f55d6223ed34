//! The files of the documents issued on a case, found again from the case's records and read back: where
//! [`crate::issue::issue_document`] writes them (`<case code>/<kind>-<number>.html`, and `.pdf` when printed,
//! under the documents directory), and who may read them. The escalation report carries the reporter's contact
//! details and the certificate the reporter's name, so those two are read only by the roles that see a
//! reporter's contact ([`crate::case_access::sees_reporter_contact`]) or issue that kind of document.

use std::path::{Path, PathBuf};

use csirt_domain::case::{Case, DocumentKind, DocumentRecord};
use csirt_domain::sop::issue_key;
use csirt_domain::team::TeamFile;
use csirt_site::site::SitePaths;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::case_access::{CONTACT_ACTIONS, sees_reporter_contact};
use crate::desk::Desk;
use crate::documents::kind_key;
use crate::error::StaffError;

/// The documents directory's name, at the site's root (beside `content/` and `templates/`); `csirt case issue`
/// writes there by default when run from the site's root.
pub const DOCUMENTS_DIRECTORY: &str = "documents";

/// Where the team of `team` keeps the documents issued on its cases: [`DOCUMENTS_DIRECTORY`] at the root of the
/// site whose team file it is (the directory that holds `content/` and `templates/`).
pub fn documents_dir(team: &TeamFile) -> PathBuf {
    documents_dir_of(&team.path)
}

/// [`documents_dir`] of the team file at `config`.
fn documents_dir_of(config: &Path) -> PathBuf {
    let templates = SitePaths::from_config(config).templates;
    match templates.parent().and_then(Path::parent) {
        Some(root) => root.join(DOCUMENTS_DIRECTORY),
        None => PathBuf::from(DOCUMENTS_DIRECTORY),
    }
}

/// A document's file name without extension, from its kind and number: letters, digits and hyphens only, e.g.
/// `notification-letter-007-SPIS-TegalKab-CSIRT-XI-2026`. It names the document in links too.
pub fn file_stem(kind: DocumentKind, number: &str) -> String {
    let number: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}-{number}", kind_key(kind).replace('_', "-"))
}

/// One document issued on a case, with its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedDocument {
    /// Its record on the case.
    pub record: DocumentRecord,
    /// Its file name without extension ([`file_stem`]).
    pub name: String,
    /// The HTML file.
    pub html: PathBuf,
    /// The PDF file, when one was printed and is there.
    pub pdf: Option<PathBuf>,
}

/// Which file of an issued document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuedFormat {
    /// The HTML page as rendered.
    Html,
    /// The PDF printed from it.
    Pdf,
}

/// The documents issued on `case` whose files are kept under `dir`, in the order they were issued.
pub fn issued_documents(dir: &Path, case: &Case) -> Vec<IssuedDocument> {
    let case_dir = dir.join(case.code.to_string());
    case.documents
        .iter()
        .map(|record| {
            let name = file_stem(record.kind, &record.number);
            let html = case_dir.join(format!("{name}.html"));
            let pdf = Some(html.with_extension("pdf")).filter(|pdf| pdf.is_file());
            IssuedDocument {
                record: record.clone(),
                name,
                html,
                pdf,
            }
        })
        .collect()
}

/// The document issued on `case` named `wanted`: by its file name ([`file_stem`]) or its number as written.
pub fn find_issued(dir: &Path, case: &Case, wanted: &str) -> Option<IssuedDocument> {
    issued_documents(dir, case)
        .into_iter()
        .find(|document| document.name == wanted || document.record.number == wanted)
}

/// Whether the document kind carries the reporter's personal data: the escalation report their contact
/// details, the certificate their name.
fn names_the_reporter(kind: DocumentKind) -> bool {
    matches!(
        kind,
        DocumentKind::EscalationReport | DocumentKind::CertificateOfAppreciation
    )
}

/// Refuses `staffer` a document of `kind` that names the reporter unless they see reporters' contact details
/// or may issue that kind; any account reads the others.
pub fn may_read(desk: &Desk, staffer: &Staffer, kind: DocumentKind) -> Result<(), StaffError> {
    let issue = issue_key(kind);
    if !names_the_reporter(kind)
        || sees_reporter_contact(desk, staffer)
        || authorize(desk, staffer, &issue).is_ok()
    {
        return Ok(());
    }
    let profile = &desk.procedure().profile;
    let mut allowed: Vec<String> = CONTACT_ACTIONS
        .iter()
        .map(|action| (*action).to_owned())
        .chain(std::iter::once(issue))
        .flat_map(|action| profile.roles_for(&action).to_vec())
        .collect();
    allowed.sort();
    allowed.dedup();
    Err(StaffError::NotPermitted {
        login: staffer.login().to_string(),
        action: format!("read:{}", kind_key(kind)),
        what: "read a document that names the reporter".to_owned(),
        allowed,
        held: staffer.account().role_list(),
    })
}

/// The `format` file of the document named `wanted` on `case` (see [`find_issued`]), kept under `dir`, read as
/// `staffer` (see [`may_read`]); `None` when the case has no such document or the file is not there.
pub fn read_issued_document(
    desk: &Desk,
    staffer: &Staffer,
    dir: &Path,
    case: &Case,
    wanted: &str,
    format: IssuedFormat,
) -> Result<Option<(IssuedDocument, Vec<u8>)>, StaffError> {
    let Some(document) = find_issued(dir, case, wanted) else {
        return Ok(None);
    };
    may_read(desk, staffer, document.record.kind)?;
    let path = match format {
        IssuedFormat::Html => document.html.clone(),
        IssuedFormat::Pdf => match &document.pdf {
            Some(pdf) => pdf.clone(),
            None => return Ok(None),
        },
    };
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some((document, bytes))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(StaffError::file(&path, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_letters_digits_and_hyphens() {
        assert_eq!(
            file_stem(
                DocumentKind::NotificationLetter,
                "007/SPIS/TegalKab-CSIRT/XI/2026"
            ),
            "notification-letter-007-SPIS-TegalKab-CSIRT-XI-2026"
        );
        assert_eq!(
            file_stem(DocumentKind::FinalReport, "../../etc"),
            "final-report-------etc"
        );
    }

    #[test]
    fn documents_live_at_the_sites_root() {
        assert_eq!(
            documents_dir_of(Path::new("content/config.toml")),
            PathBuf::from("documents")
        );
        assert_eq!(
            documents_dir_of(Path::new("csirt-site/content/config.toml")),
            PathBuf::from("csirt-site/documents")
        );
    }
}
