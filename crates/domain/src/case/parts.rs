//! The parts of a case that staff add as they work it: classification, mitigation, escalation, analysis,
//! documents, evidence.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::taxonomy::IncidentType;
use crate::text::{Chronology, Description, Impact, StaffText};
use crate::tlp::Tlp;

use super::verification::VerificationCode;

/// How urgent a case is; the queue puts higher priorities first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Drop other work.
    Critical,
    /// Before routine work.
    High,
    /// Routine.
    Medium,
    /// When time allows.
    Low,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 4] = [
        Priority::Critical,
        Priority::High,
        Priority::Medium,
        Priority::Low,
    ];

    /// Queue rank: 0 is most urgent; cases not yet prioritised rank after every priority.
    pub fn rank(priority: Option<Priority>) -> u8 {
        match priority {
            Some(Priority::Critical) => 0,
            Some(Priority::High) => 1,
            Some(Priority::Medium) => 2,
            Some(Priority::Low) => 3,
            None => 4,
        }
    }
}

/// The team's classification: RSIT class and type, priority, TLP of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// RSIT class and type as the team judged it.
    pub incident: IncidentType,
    /// How urgent.
    pub priority: Priority,
    /// Marking of the case and everything issued from it.
    pub tlp: Tlp,
}

/// The verification's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// *Laporan valid*: an incident to handle.
    Valid,
    /// *Laporan tidak valid*: no sign of a cyber incident.
    Invalid,
}

/// What verification found and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Valid or not.
    pub verdict: Verdict,
    /// The reason (required for an invalid report).
    pub reason: Option<StaffText>,
    /// When it was decided.
    pub at: DateTime<Utc>,
}

/// The temporary measures the seed procedures name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MitigationKind {
    /// Suspend or deactivate the domain (*suspend / non-aktif domain*).
    SuspendDomain,
    /// Back up the data (*backup data*).
    BackupData,
    /// Isolate the application (*melokalisir aplikasi*).
    IsolateApplication,
    /// Close specific ports (*menutup port tertentu*).
    ClosePorts,
    /// Replace the site with a maintenance page (*under construction / maintenance*).
    MaintenancePage,
    /// Any other measure, described in the item's detail.
    Other,
}

/// Where one mitigation item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MitigationStatus {
    /// Decided, not started.
    Planned,
    /// Being carried out.
    InProgress,
    /// Carried out.
    Done,
    /// No longer needed.
    Dropped,
}

/// One planned temporary measure, tracked to done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MitigationItem {
    /// Number within the case, from 1.
    pub id: u32,
    /// Which measure.
    pub kind: MitigationKind,
    /// What exactly, e.g. which ports.
    pub detail: Option<StaffText>,
    /// Where it stands.
    pub status: MitigationStatus,
    /// When the status last changed.
    pub updated_at: DateTime<Utc>,
}

/// Who a case is escalated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    /// The provincial CSIRT (KEPRIPROV-CSIRT, JatengProv-CSIRT, …).
    Provincial,
    /// Badan Siber dan Sandi Negara.
    Bssn,
    /// The application's vendor or developer.
    Vendor,
}

/// An escalation and the fields sent with it: BSSN's minimum is the reporter's contact, the description, the
/// chronology and the impact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// Number within the case, from 1.
    pub id: u32,
    /// Partner kind.
    pub partner: PartnerKind,
    /// Partner's name, e.g. `JatengProv-CSIRT`.
    pub partner_name: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// Description as sent.
    pub description: Description,
    /// Chronology as sent.
    pub chronology: Chronology,
    /// Impact as sent.
    pub impact: Impact,
    /// Why the team escalates and what it asks for.
    pub request: Option<StaffText>,
    /// The partner's answer, once recorded.
    pub answer: Option<EscalationAnswer>,
}

/// A partner's answer to an escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationAnswer {
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// What they said or recommended.
    pub text: StaffText,
}

/// The analysis and recommendations report's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// Cause and course of the incident.
    pub analysis: StaffText,
    /// What the system owner should do.
    pub recommendations: StaffText,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// The documents the seed procedures produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// *Laporan Analisis Insiden Siber dan Rekomendasi Penanganan*.
    AnalysisReport,
    /// Escalation report to the provincial CSIRT or BSSN.
    EscalationReport,
    /// *Surat Pemberitahuan Insiden Siber* to the system owner (PSE).
    NotificationLetter,
    /// *Sertifikat Apresiasi* for the reporter.
    CertificateOfAppreciation,
    /// *Laporan Penanganan Insiden Siber*, the final handling report.
    FinalReport,
}

impl DocumentKind {
    /// Whether the document is the reporter's to receive: the certificate of appreciation only. Letters and
    /// reports go to the system owner, the partners and the head of agency, never to the reporter.
    pub fn is_for_reporter(self) -> bool {
        self == DocumentKind::CertificateOfAppreciation
    }

    /// The marking the document carries when none is asked for: TLP:CLEAR for a document given to the reporter
    /// (the certificate of appreciation, which they may show to anyone), else the case's own marking `case_tlp`.
    pub fn default_tlp(self, case_tlp: Tlp) -> Tlp {
        if self.is_for_reporter() {
            Tlp::Clear
        } else {
            case_tlp
        }
    }
}

/// A document issued on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Which document.
    pub kind: DocumentKind,
    /// Its letter or certificate number.
    pub number: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Its marking.
    pub tlp: Tlp,
    /// The printed document kept in the evidence store, for the documents delivered to the reporter (the
    /// certificate of appreciation); absent otherwise (and then not written, so older seals are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<EvidenceRef>,
    /// The code that finds it on the public verification page (printed on it, with its QR code); absent on
    /// documents issued before there were codes (and then not written, so older seals are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationCode>,
    /// Hex SHA-256 of the issued HTML file; absent on documents issued before hashes were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Hex SHA-256 of the PDF printed from it, when one was printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_sha256: Option<String>,
}

/// An evidence file stored with the report, keyed by case and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// Hex SHA-256 of the content: the object's key within the case.
    pub sha256: String,
    /// Media type decided from the content.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// The file's name as the reporter or staff sent it, cleaned by [`crate::evidence::evidence_name`]; absent
    /// on records made before names were kept (and then not written at all, so their seals are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl EvidenceRef {
    /// Whether the file is a raster image (PNG, JPEG, GIF or WebP, by the type decided from its content at
    /// intake), the only kind a page may show inline as a preview.
    pub fn is_raster_image(&self) -> bool {
        matches!(
            self.media_type.as_str(),
            "image/png" | "image/jpeg" | "image/gif" | "image/webp"
        )
    }

    /// Whether the file was kept as opaque bytes because it holds markup or a script
    /// ([`crate::evidence::MediaType::Markup`]): staff open it in a text editor, never a browser.
    pub fn is_opaque(&self) -> bool {
        self.media_type == crate::evidence::MediaType::Markup.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(name: Option<&str>, media_type: &str) -> EvidenceRef {
        EvidenceRef {
            sha256: "ab".repeat(32),
            media_type: media_type.to_owned(),
            size: 12,
            name: name.map(str::to_owned),
        }
    }

    #[test]
    fn a_record_without_a_name_reads_and_writes_as_before() {
        let old = format!(
            r#"{{"sha256":"{}","media_type":"image/png","size":12}}"#,
            "ab".repeat(32)
        );
        let read: EvidenceRef = serde_json::from_str(&old).expect("an old record");
        assert_eq!(read, reference(None, "image/png"));
        assert_eq!(serde_json::to_string(&read).expect("serialised"), old);
        let named = reference(Some("tangkapan layar.png"), "image/png");
        let written = serde_json::to_string(&named).expect("serialised");
        assert!(
            written.ends_with(r#""name":"tangkapan layar.png"}"#),
            "{written}"
        );
        let back: EvidenceRef = serde_json::from_str(&written).expect("a new record");
        assert_eq!(back, named);
    }

    #[test]
    fn only_raster_images_are_previewable() {
        for media_type in ["image/png", "image/jpeg", "image/gif", "image/webp"] {
            assert!(
                reference(None, media_type).is_raster_image(),
                "{media_type}"
            );
        }
        for media_type in [
            "application/pdf",
            "text/plain; charset=utf-8",
            "image/svg+xml",
            "text/html",
        ] {
            assert!(
                !reference(None, media_type).is_raster_image(),
                "{media_type}"
            );
        }
    }
}
