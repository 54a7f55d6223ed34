//! Recording a report that came by e-mail, letter or telephone: parsed exactly as the form's are, its evidence
//! checked by content, filed under a fresh tracking code the reporter is then given.

use chrono::{DateTime, Utc};
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::{ParseContext, Report, ReportInput};
use csirt_domain::tracking::TrackingCode;
use csirt_store::filing::{Filing, file_report};

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;

/// A report as staff enter it.
#[derive(Debug)]
pub struct Recording {
    /// The report's fields, by the intake API's names.
    pub input: ReportInput,
    /// Its evidence files: the file's name or path (named in messages; its last component is kept with the
    /// file, cleaned by [`csirt_domain::evidence::evidence_name`]) and the content.
    pub evidence: Vec<(String, Vec<u8>)>,
    /// How it came in.
    pub channel: Channel,
    /// When it arrived: the SOP clock starts then.
    pub received_at: DateTime<Utc>,
}

/// Parses and files `recording` as `staffer` (who must hold a role the SOP gives `record`); returns the case's
/// tracking code. Nothing is stored when a field or a file is refused.
pub async fn record_report(
    desk: &Desk,
    recording: Recording,
    staffer: &Staffer,
) -> Result<TrackingCode, StaffError> {
    authorize(desk, staffer, "record")?;
    let procedure = desk.procedure();
    let context = ParseContext {
        received_at: recording.received_at,
        local_offset: procedure.calendar.offset(),
    };
    let report = Report::parse(&recording.input, &context).map_err(StaffError::Report)?;
    let mut files = Vec::with_capacity(recording.evidence.len());
    for (name, bytes) in recording.evidence {
        files.push(
            EvidenceFile::from_upload(bytes)
                .map_err(|e| StaffError::Invalid(format!("{name}: {e}")))?
                .named(&name),
        );
    }
    let filing = Filing {
        report,
        files: &files,
        channel: recording.channel,
        actor: staffer.actor(),
        idempotency: None,
        at: recording.received_at,
        local_offset: procedure.calendar.offset(),
    };
    let filed = file_report(
        &*desk.cases,
        &*desk.evidence,
        &procedure.profile.tracking_prefix,
        filing,
    )
    .await?;
    Ok(filed.code().clone())
}
