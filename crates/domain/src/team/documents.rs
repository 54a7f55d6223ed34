//! The `[documents]` section of the team file: who signs the team's letters, where they are dated and
//! how they are numbered.

use crate::case::DocumentKind;
use serde::Deserialize;

use super::number::{DEFAULT_NUMBER_FORMAT, check_pattern};

/// How the team's letters, reports and certificates are headed, numbered and signed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The first line of the letterhead (*kop surat*), e.g. `PEMERINTAH KABUPATEN TEGAL`.
    pub government: String,
    /// Where letters are dated, e.g. `Slawi`.
    pub place: String,
    /// Who signs.
    pub signatory: Signatory,
    /// The number pattern: `{seq}` (or `{seq:03}`, zero-padded to three digits), `{code}`, `{team}`,
    /// `{month}`, `{month_roman}` and `{year}`.
    #[serde(default = "default_number_format")]
    pub number_format: String,
    /// Each document's code in its number.
    #[serde(default)]
    pub codes: DocumentCodes,
    /// Copies (*tembusan*) of the analysis and final reports, e.g. `Sekretaris Daerah Kabupaten Tegal`.
    #[serde(default)]
    pub copies: Vec<String>,
    /// The head of the region the report on a handled incident is also addressed to, after the head of agency,
    /// e.g. `Gubernur Maluku Utara`; when absent that report goes to the head of agency only.
    #[serde(default)]
    pub head_of_region: Option<String>,
}

/// The official who signs, as the signature block shows them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Position, e.g. `Kepala Dinas Komunikasi dan Informatika Kabupaten Tegal`.
    pub title: String,
    /// Full name with degrees.
    pub name: String,
    /// Rank (*pangkat*), e.g. `Pembina Tingkat I`, when the team prints it.
    #[serde(default)]
    pub rank: Option<String>,
    /// Civil-servant number (*NIP*), e.g. `19700426 199001 2 001`.
    pub nip: String,
}

/// The code each kind of document carries in its number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentCodes {
    /// *Laporan Analisis Insiden Siber dan Rekomendasi Penanganan*.
    pub analysis_report: String,
    /// The escalation report to the provincial CSIRT or BSSN.
    pub escalation_report: String,
    /// *Surat Pemberitahuan Insiden Siber*.
    pub notification_letter: String,
    /// *Sertifikat Apresiasi*.
    pub certificate_of_appreciation: String,
    /// *Laporan Penanganan Insiden Siber*.
    pub final_report: String,
    /// *Laporan verifikasi*.
    pub verification_report: String,
    /// *Surat jawaban* to the reporting agency.
    pub reply_letter: String,
    /// *Laporan hasil pelaksanaan kegiatan* to the head of agency and the Governor.
    pub head_of_agency_report: String,
    /// *Laporan kegiatan berkala*, the periodic activity report (not issued on a case).
    pub activity_report: String,
}

impl Default for DocumentCodes {
    fn default() -> Self {
        DocumentCodes {
            analysis_report: "LAIS".into(),
            escalation_report: "ESK".into(),
            notification_letter: "SPIS".into(),
            certificate_of_appreciation: "SA".into(),
            final_report: "LPIS".into(),
            verification_report: "LVIS".into(),
            reply_letter: "SJIS".into(),
            head_of_agency_report: "LHPK".into(),
            activity_report: "LKB".into(),
        }
    }
}

impl DocumentCodes {
    /// The code of `kind`.
    pub fn of(&self, kind: DocumentKind) -> &str {
        match kind {
            DocumentKind::AnalysisReport => &self.analysis_report,
            DocumentKind::EscalationReport => &self.escalation_report,
            DocumentKind::NotificationLetter => &self.notification_letter,
            DocumentKind::CertificateOfAppreciation => &self.certificate_of_appreciation,
            DocumentKind::FinalReport => &self.final_report,
            DocumentKind::VerificationReport => &self.verification_report,
            DocumentKind::ReplyLetter => &self.reply_letter,
            DocumentKind::HeadOfAgencyReport => &self.head_of_agency_report,
        }
    }
}

fn default_number_format() -> String {
    DEFAULT_NUMBER_FORMAT.into()
}

impl DocumentSettings {
    /// Checks what deserialising cannot: no empty field, a number pattern that is understood and contains
    /// `{seq}`. Returns every problem, each naming its key.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let required = [
            ("documents.government", &self.government),
            ("documents.place", &self.place),
            ("documents.signatory.title", &self.signatory.title),
            ("documents.signatory.name", &self.signatory.name),
            ("documents.signatory.nip", &self.signatory.nip),
        ];
        for (key, value) in required {
            if value.trim().is_empty() {
                problems.push(format!("{key} must not be empty"));
            }
        }
        if let Err(problem) = check_pattern(&self.number_format) {
            problems.push(format!("documents.number_format: {problem}"));
        }
        let codes = &self.codes;
        for (key, code) in [
            ("analysis_report", &codes.analysis_report),
            ("escalation_report", &codes.escalation_report),
            ("notification_letter", &codes.notification_letter),
            (
                "certificate_of_appreciation",
                &codes.certificate_of_appreciation,
            ),
            ("final_report", &codes.final_report),
            ("verification_report", &codes.verification_report),
            ("reply_letter", &codes.reply_letter),
            ("head_of_agency_report", &codes.head_of_agency_report),
            ("activity_report", &codes.activity_report),
        ] {
            if code.trim().is_empty() {
                problems.push(format!("documents.codes.{key} must not be empty"));
            }
        }
        problems
    }
}
