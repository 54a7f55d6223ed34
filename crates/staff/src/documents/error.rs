//! Why a document could not be rendered or printed.

use std::path::PathBuf;

use csirt_domain::case::DocumentKind;

use super::labels::document_title;

/// A document that could not be made. Every message names what it is about: the case and document, or the
/// template file, or the file being printed.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The case lacks what the document needs.
    #[error(
        "case {code}: cannot issue the {} ({}): {}",
        kind_name(*kind),
        document_title(*kind),
        missing.join("; ")
    )]
    Incomplete {
        /// The case's tracking code.
        code: String,
        /// The document asked for.
        kind: DocumentKind,
        /// What is missing, one entry per gap.
        missing: Vec<String>,
    },
    /// A template under `templates/documents/` could not be read, compiled or rendered.
    #[error("{}: {message}", file.display())]
    Template {
        /// The template file (or the directory, when the file is not known).
        file: PathBuf,
        /// What went wrong, with Tera's causes.
        message: String,
    },
    /// Printing to PDF failed.
    #[error("cannot print {} to PDF: {message}", html.display())]
    Print {
        /// The HTML file to print.
        html: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// The document kind's name as staff commands spell it.
pub fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::AnalysisReport => "analysis report",
        DocumentKind::EscalationReport => "escalation report",
        DocumentKind::NotificationLetter => "notification letter",
        DocumentKind::CertificateOfAppreciation => "certificate of appreciation",
        DocumentKind::FinalReport => "final report",
        DocumentKind::VerificationReport => "verification report",
        DocumentKind::ReplyLetter => "reply letter",
        DocumentKind::HeadOfAgencyReport => "report to the head of agency",
    }
}
