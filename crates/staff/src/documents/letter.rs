//! What every document shows around the case: the letterhead, number, date, marking, addressees and the
//! signature block.

use csirt_domain::case::{Case, DocumentKind, DocumentRecord, PartnerKind};
use csirt_domain::sop::SopProfile;
use serde::Serialize;

use super::case_view::CaseView;
use super::labels;
use csirt_domain::local_time::LocalTime;
use csirt_domain::team::DocumentSettings;
use csirt_domain::team::TeamConfig;

/// The document's own data.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The kind's machine key, e.g. `notification_letter`.
    pub kind: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its number.
    pub number: String,
    /// Where it is dated.
    pub place: String,
    /// Its date.
    pub date: String,
    /// *Sifat*.
    pub nature: &'static str,
    /// Its marking.
    pub tlp: TlpView,
    /// *Yth.*: whom it is addressed to.
    pub addressees: Vec<String>,
    /// *Tembusan*.
    pub copies: Vec<String>,
}

/// A TLP marking as printed.
#[derive(Debug, Clone, Serialize)]
pub struct TlpView {
    /// E.g. `TLP:AMBER`.
    pub marking: String,
    /// The style sheet's class for its colour.
    pub class: &'static str,
    /// Its colour on black, as TLP 2.0 specifies it, e.g. `#FFC000`.
    pub colour: &'static str,
    /// Short name.
    pub label: String,
    /// FIRST's definition, in Indonesian.
    pub definition: String,
}

/// The issuing office and team.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    /// First letterhead line, e.g. `PEMERINTAH KABUPATEN TEGAL`.
    pub government: String,
    /// The office.
    pub office: String,
    /// Postal address.
    pub address: String,
    /// E-mail.
    pub email: String,
    /// Telephone.
    pub phone: Option<String>,
    /// Website.
    pub website: String,
    /// The team's short name from the SOP profile.
    pub team: String,
    /// The title of the team's SOP.
    pub sop_title: String,
}

/// The signature block.
#[derive(Debug, Clone, Serialize)]
pub struct SignatoryView {
    /// Position.
    pub title: String,
    /// Name.
    pub name: String,
    /// Rank.
    pub rank: Option<String>,
    /// NIP.
    pub nip: String,
}

/// The machine key of a document kind, which is also its template's name without `.html`.
pub fn kind_key(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::AnalysisReport => "analysis_report",
        DocumentKind::EscalationReport => "escalation_report",
        DocumentKind::NotificationLetter => "notification_letter",
        DocumentKind::CertificateOfAppreciation => "certificate_of_appreciation",
        DocumentKind::FinalReport => "final_report",
        DocumentKind::VerificationReport => "verification_report",
        DocumentKind::ReplyLetter => "reply_letter",
        DocumentKind::HeadOfAgencyReport => "head_of_agency_report",
    }
}

/// Whom the affected system's owner is addressed as.
fn system_owner(view: &CaseView) -> String {
    match &view.affected.agency {
        Some(agency) => format!("Pimpinan {agency}"),
        None => format!("Pengelola sistem elektronik {}", view.affected.name),
    }
}

/// The addressees and copies of a document of `kind`.
fn recipients(
    kind: DocumentKind,
    view: &CaseView,
    escalation_partner: Option<&str>,
    settings: &DocumentSettings,
    profile: &SopProfile,
) -> (Vec<String>, Vec<String>) {
    let owner = system_owner(view);
    match kind {
        DocumentKind::AnalysisReport => {
            let mut to = vec![owner];
            to.extend(
                profile
                    .escalation_partners
                    .iter()
                    .filter(|p| p.key != PartnerKind::Vendor)
                    .map(|p| p.name.clone()),
            );
            (to, settings.copies.clone())
        }
        DocumentKind::EscalationReport => (
            escalation_partner.map(str::to_owned).into_iter().collect(),
            Vec::new(),
        ),
        DocumentKind::NotificationLetter => (vec![owner], Vec::new()),
        DocumentKind::CertificateOfAppreciation => (Vec::new(), Vec::new()),
        DocumentKind::FinalReport => {
            let mut copies = settings.copies.clone();
            for escalation in &view.escalations {
                if !copies.contains(&escalation.partner) {
                    copies.push(escalation.partner.clone());
                }
            }
            (vec![owner], copies)
        }
        // Inside the team, for the head of agency who acknowledges it: no addressee.
        DocumentKind::VerificationReport => (Vec::new(), Vec::new()),
        // The reporting agency is read from the case when rendering (see `outputs::reporting_agency`).
        DocumentKind::ReplyLetter => (Vec::new(), Vec::new()),
        DocumentKind::HeadOfAgencyReport => {
            let mut to = vec![settings.signatory.title.clone()];
            to.extend(settings.head_of_region.clone());
            (to, settings.copies.clone())
        }
    }
}

impl DocumentView {
    /// The document's view.
    pub fn of(
        record: &DocumentRecord,
        view: &CaseView,
        escalation_partner: Option<&str>,
        config: &TeamConfig,
        profile: &SopProfile,
        time: &LocalTime,
    ) -> Self {
        let settings = &config.documents;
        let (addressees, copies) =
            recipients(record.kind, view, escalation_partner, settings, profile);
        let label = record.tlp.label();
        DocumentView {
            kind: kind_key(record.kind),
            title: labels::document_title(record.kind),
            number: record.number.clone(),
            place: settings.place.clone(),
            date: time.date(record.issued_at),
            nature: labels::nature(record.tlp),
            tlp: TlpView {
                marking: label.marking.clone(),
                class: labels::tlp_class(record.tlp),
                colour: labels::tlp_colour(record.tlp),
                label: label.label.id.clone(),
                definition: label.definition.id.clone(),
            },
            addressees,
            copies,
        }
    }
}

impl OrganisationView {
    /// The issuing office from the configuration, the team and its SOP from the profile.
    pub fn of(config: &TeamConfig, profile: &SopProfile) -> Self {
        OrganisationView {
            government: config.documents.government.clone(),
            office: config.team.organisation.id.clone(),
            address: config.team.address.clone(),
            email: config.team.email.clone(),
            phone: config.team.phone.clone(),
            website: config.base_url.clone(),
            team: profile.csirt.name.clone(),
            sop_title: profile.document.title.id.clone(),
        }
    }
}

impl SignatoryView {
    /// The configured signatory.
    pub fn of(settings: &DocumentSettings) -> Self {
        SignatoryView {
            title: settings.signatory.title.clone(),
            name: settings.signatory.name.clone(),
            rank: settings.signatory.rank.clone(),
            nip: settings.signatory.nip.clone(),
        }
    }
}

/// The certificate's recipient: the reporter's name, else their Hall of Fame alias.
pub fn certificate_recipient(case: &Case) -> Option<String> {
    case.report
        .reporter
        .name
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| {
            case.report
                .hall_of_fame
                .alias()
                .map(|a| a.as_str().to_owned())
        })
}
