//! The case's event log as the final report tells it: one line per event, in Indonesian. Internal notes are
//! left out.

use csirt_domain::case::{Actor, Change, EscalationOutcome, Event};
use serde::Serialize;

use super::labels;
use csirt_domain::local_time::LocalTime;

/// One line of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineLine {
    /// When, in the team's time zone.
    pub at: String,
    /// What happened.
    pub text: String,
    /// Who did it.
    pub by: String,
}

/// The timeline of `events`, oldest first, without internal notes.
pub fn timeline(events: &[Event], time: &LocalTime) -> Vec<TimelineLine> {
    events
        .iter()
        .filter_map(|event| {
            describe(&event.change).map(|text| TimelineLine {
                at: time.date_time(event.at),
                text,
                by: actor_name(&event.actor),
            })
        })
        .collect()
}

/// The handling actions recorded on the case (what the team did), oldest first.
pub fn actions<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    time: &LocalTime,
) -> Vec<TimelineLine> {
    events
        .into_iter()
        .filter_map(|event| {
            let note = match &event.change {
                Change::RecordAction { note } => Some(note),
                Change::StartHandling { note } | Change::StartFollowUp { note } => note.as_ref(),
                _ => None,
            }?;
            Some(TimelineLine {
                at: time.date_time(event.at),
                text: note.as_str().to_owned(),
                by: actor_name(&event.actor),
            })
        })
        .collect()
}

/// Who acted, as documents print it: `Pelapor`, `Sistem`, or the staff account.
pub fn actor_name(actor: &Actor) -> String {
    match actor {
        Actor::Reporter => "Pelapor".into(),
        Actor::System => "Sistem".into(),
        Actor::Staff(name) => name.as_str().to_owned(),
    }
}

fn with_detail(sentence: &str, detail: Option<&str>) -> String {
    match detail {
        Some(detail) => format!("{sentence}: {detail}"),
        None => format!("{sentence}."),
    }
}

/// The event's line, or `None` for an internal note, a message sent, or the thread with the reporter.
fn describe(change: &Change) -> Option<String> {
    let text = match change {
        Change::Received { channel } => {
            format!("Laporan diterima melalui {}.", labels::channel(*channel))
        }
        Change::StartVerification => "Verifikasi laporan dimulai.".into(),
        Change::Verify { verdict, reason } => with_detail(
            &format!(
                "Hasil verifikasi: {}",
                labels::verdict(*verdict).to_lowercase()
            ),
            reason.as_ref().map(|r| r.as_str()),
        ),
        Change::Classify { classification } => format!(
            "Insiden diklasifikasikan sebagai {} ({}), prioritas {}, {}.",
            classification.incident.type_info().label.id,
            classification.incident.class_info().label.id,
            labels::priority(classification.priority).to_lowercase(),
            classification.tlp.label().marking
        ),
        Change::Assign {
            handler,
            step: None,
        } => format!("Penanganan ditugaskan kepada {handler}."),
        Change::Assign {
            handler,
            step: Some(step),
        } => format!("Langkah {step} ditugaskan kepada {handler}."),
        Change::Unassign {
            handler,
            step: None,
        } => format!("Penugasan {handler} dicabut."),
        Change::Unassign {
            handler,
            step: Some(step),
        } => format!("Penugasan {handler} untuk langkah {step} dicabut."),
        Change::PlanMitigation { kind, detail } => with_detail(
            &format!(
                "Strategi mitigasi disusun: {}",
                labels::mitigation_kind(*kind)
            ),
            detail.as_ref().map(|d| d.as_str()),
        ),
        Change::UpdateMitigation { item, status } => format!(
            "Langkah mitigasi {item}: {}.",
            labels::mitigation_status(*status).to_lowercase()
        ),
        Change::StartHandling { note } => with_detail(
            "Penanganan insiden dimulai",
            note.as_ref().map(|n| n.as_str()),
        ),
        Change::RecordAction { note } => with_detail("Tindakan penanganan", Some(note.as_str())),
        Change::Escalate { partner_name, .. } => {
            format!("Insiden dieskalasikan kepada {partner_name}.")
        }
        Change::RecordEscalationAnswer { escalation, text } => with_detail(
            &format!("Tanggapan atas eskalasi ke-{escalation} diterima"),
            Some(text.as_str()),
        ),
        Change::EndEscalation {
            escalation,
            outcome,
            note,
        } => with_detail(
            &format!(
                "Eskalasi ke-{escalation} {}",
                match outcome {
                    EscalationOutcome::Closed => "dinyatakan selesai",
                    EscalationOutcome::Withdrawn => "ditarik",
                }
            ),
            note.as_ref().map(|n| n.as_str()),
        ),
        Change::MarkVitalInfrastructure { vital: true } => {
            "Insiden ditandai menyangkut Infrastruktur Informasi Vital (IIV).".into()
        }
        Change::MarkVitalInfrastructure { vital: false } => "Tanda IIV dicabut.".into(),
        Change::MarkPersonalData { involved: true } => {
            "Insiden ditandai menyangkut data pribadi.".into()
        }
        Change::MarkPersonalData { involved: false } => "Tanda data pribadi dicabut.".into(),
        Change::RecordDataSubjectNotice { .. } => {
            "Pemberitahuan kepada subjek data pribadi dan pengendali disampaikan.".into()
        }
        Change::RecordAnalysis { .. } => {
            "Analisis insiden dan rekomendasi penanganan disusun.".into()
        }
        Change::StartFollowUp { note } => with_detail(
            "Tindak lanjut rekomendasi dimulai",
            note.as_ref().map(|n| n.as_str()),
        ),
        Change::WriteSummary { .. } => "Ringkasan insiden untuk pemilik sistem disusun.".into(),
        Change::Resolve { .. } => "Penanganan insiden dinyatakan selesai.".into(),
        Change::IssueDocument { document } => format!(
            "Diterbitkan {} nomor {}.",
            labels::document_title(document.kind),
            document.number
        ),
        Change::SignDocument { document, .. } => format!(
            "Disahkan dan diterbitkan {} nomor {}.",
            labels::document_title(document.kind),
            document.number
        ),
        Change::DraftDocument { kind, .. } => {
            format!("Draf {} disusun.", labels::document_title(*kind))
        }
        Change::SubmitDocument { .. } => "Draf dokumen diajukan untuk pengesahan.".into(),
        Change::ReturnDocument { .. } => "Draf dokumen dikembalikan untuk diperbaiki.".into(),
        Change::Close { .. } => "Laporan ditutup.".into(),
        Change::CompleteStep { step } => format!("Langkah {step} SOP dinyatakan selesai."),
        // The thread with the reporter stays out of documents: a reply can identify who reported.
        Change::AddNote { .. }
        | Change::Notified { .. }
        | Change::MessageReporter { .. }
        | Change::ReporterReply { .. }
        | Change::SetReplyChannel { .. }
        // Nor what was done with the reporter's personal data at their request.
        | Change::CorrectReporter { .. }
        | Change::RedactReporter { .. }
        | Change::ExpireEvidence { .. } => return None,
    };
    Some(text)
}
