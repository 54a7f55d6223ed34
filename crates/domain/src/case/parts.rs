//! The parts of a case that staff add as they work it: classification, mitigation, escalation, analysis,
//! documents, evidence.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
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

/// A field a partner may require with an escalation (a profile's `[[escalation_partners]]`
/// `required_fields`): Perban BSSN 1/2024 Pasal 15's minimum for BSSN is the description, the chronology and
/// the impact; a provincial CSIRT or a vendor may ask for fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationField {
    /// The incident's description (always the report's, so always present).
    Description,
    /// The chronology, from the report or given with the escalation.
    Chronology,
    /// The impact, from the report or given with the escalation.
    Impact,
    /// What the team asks the partner for.
    Request,
}

impl EscalationField {
    /// Every field, in the order errors and documents list them.
    pub const ALL: [EscalationField; 4] = [
        EscalationField::Description,
        EscalationField::Chronology,
        EscalationField::Impact,
        EscalationField::Request,
    ];

    /// The key a profile and the commands use, e.g. `chronology`.
    pub fn key(self) -> &'static str {
        match self {
            EscalationField::Description => "description",
            EscalationField::Chronology => "chronology",
            EscalationField::Impact => "impact",
            EscalationField::Request => "request",
        }
    }

    /// The field by its key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.key() == key)
    }
}

/// Where one escalation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationStatus {
    /// Sent, no answer yet.
    Sent,
    /// The partner answered; the exchange may go on.
    Answered,
    /// Finished: the partner's part is done.
    Closed,
    /// The team withdrew it.
    Withdrawn,
}

impl EscalationStatus {
    /// The machine key, e.g. `answered`.
    pub fn key(self) -> &'static str {
        match self {
            EscalationStatus::Sent => "sent",
            EscalationStatus::Answered => "answered",
            EscalationStatus::Closed => "closed",
            EscalationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Whether the escalation is finished (closed or withdrawn).
    pub fn is_ended(self) -> bool {
        matches!(self, EscalationStatus::Closed | EscalationStatus::Withdrawn)
    }
}

/// How an escalation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationOutcome {
    /// The partner's part is done.
    Closed,
    /// The team withdrew it.
    Withdrawn,
}

/// When and how an escalation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationEnd {
    /// Closed or withdrawn.
    pub outcome: EscalationOutcome,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when staff said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<StaffText>,
}

/// An escalation and the fields sent with it (those its partner's profile entry requires, and any others the
/// team had). Several may be open at once, each with its own state.
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
    /// Chronology as sent; none when neither the report nor the team gave one and the partner did not require
    /// it (then not written, so older records read and seal the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chronology: Option<Chronology>,
    /// Impact as sent; none as for the chronology.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// Why the team escalates and what it asks for.
    pub request: Option<StaffText>,
    /// The partner's latest answer, once recorded.
    pub answer: Option<EscalationAnswer>,
    /// The partner's earlier answers, oldest first (not written while empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_answers: Vec<EscalationAnswer>,
    /// When and how it ended; none while open (and then not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<EscalationEnd>,
}

impl Escalation {
    /// Where it stands: ended (closed or withdrawn), else answered once an answer is recorded, else sent.
    pub fn status(&self) -> EscalationStatus {
        match (&self.ended, &self.answer) {
            (Some(end), _) => match end.outcome {
                EscalationOutcome::Closed => EscalationStatus::Closed,
                EscalationOutcome::Withdrawn => EscalationStatus::Withdrawn,
            },
            (None, Some(_)) => EscalationStatus::Answered,
            (None, None) => EscalationStatus::Sent,
        }
    }

    /// Every answer recorded, oldest first.
    pub fn answers(&self) -> impl Iterator<Item = &EscalationAnswer> {
        self.earlier_answers.iter().chain(self.answer.iter())
    }
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
    /// *Laporan verifikasi* (Batam step 3): what the team checked of a report and its verdict, for the team and
    /// the head of agency.
    VerificationReport,
    /// *Surat jawaban* (Maluku Utara step 1 and 8): the reply letter to the reporting agency (OPD) telling what
    /// was found, what was done and what it should do.
    ReplyLetter,
    /// *Laporan hasil pelaksanaan kegiatan* (Maluku Utara step 10): the report on a handled incident to the head
    /// of agency (*Kepala Dinas*) and the Governor or regional secretary.
    HeadOfAgencyReport,
}

impl DocumentKind {
    /// The document's title in `lang`: in Indonesian as the seed procedures name it.
    pub fn title(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            DocumentKind::AnalysisReport => (
                "Laporan Analisis Insiden Siber dan Rekomendasi Penanganan Insiden Siber",
                "Cyber incident analysis and handling recommendations report",
            ),
            DocumentKind::EscalationReport => (
                "Laporan Eskalasi Insiden Siber",
                "Cyber incident escalation report",
            ),
            DocumentKind::NotificationLetter => (
                "Surat Pemberitahuan Insiden Siber",
                "Cyber incident notification letter",
            ),
            DocumentKind::CertificateOfAppreciation => {
                ("Sertifikat Apresiasi", "Certificate of appreciation")
            }
            DocumentKind::FinalReport => (
                "Laporan Penanganan Insiden Siber",
                "Cyber incident handling report",
            ),
            DocumentKind::VerificationReport => (
                "Laporan Verifikasi Insiden Siber",
                "Cyber incident verification report",
            ),
            DocumentKind::ReplyLetter => (
                "Surat Jawaban atas Laporan Insiden Siber",
                "Reply to the cyber incident report",
            ),
            DocumentKind::HeadOfAgencyReport => (
                "Laporan Hasil Pelaksanaan Kegiatan Penanganan Insiden Siber",
                "Report on the cyber incident handling carried out",
            ),
        };
        match lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// Every kind, in the order of the declaration.
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::AnalysisReport,
        DocumentKind::EscalationReport,
        DocumentKind::NotificationLetter,
        DocumentKind::CertificateOfAppreciation,
        DocumentKind::FinalReport,
        DocumentKind::VerificationReport,
        DocumentKind::ReplyLetter,
        DocumentKind::HeadOfAgencyReport,
    ];

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
