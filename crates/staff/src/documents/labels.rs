//! The Indonesian names documents print for the case's coded values.

use csirt_domain::case::{
    DocumentKind, EscalationStatus, MitigationKind, MitigationStatus, PartnerKind, Priority,
    Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::lang::Lang;
use csirt_domain::report::ReporterKind;
use csirt_domain::tlp::Tlp;

/// The document's title as the seed procedures name it.
pub fn document_title(kind: DocumentKind) -> &'static str {
    kind.title(Lang::Id)
}

/// A mitigation measure, as the seed procedures word it.
pub fn mitigation_kind(kind: MitigationKind) -> &'static str {
    match kind {
        MitigationKind::SuspendDomain => "Penonaktifan (suspend) domain",
        MitigationKind::BackupData => "Pencadangan (backup) data",
        MitigationKind::IsolateApplication => "Pelokalisiran (isolasi) aplikasi",
        MitigationKind::ClosePorts => "Penutupan port tertentu",
        MitigationKind::MaintenancePage => "Penggantian tampilan dengan halaman pemeliharaan",
        MitigationKind::Other => "Langkah lain",
    }
}

/// Where a mitigation item stands.
pub fn mitigation_status(status: MitigationStatus) -> &'static str {
    match status {
        MitigationStatus::Planned => "Direncanakan",
        MitigationStatus::InProgress => "Sedang dilaksanakan",
        MitigationStatus::Done => "Selesai dilaksanakan",
        MitigationStatus::Dropped => "Tidak dilanjutkan",
    }
}

/// The kind of partner a case was escalated to.
pub fn partner_kind(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::Provincial => "CSIRT provinsi",
        PartnerKind::Bssn => "Badan Siber dan Sandi Negara",
        PartnerKind::Vendor => "Vendor atau pengembang aplikasi",
    }
}

/// Where an escalation stands.
pub fn escalation_status(status: EscalationStatus) -> &'static str {
    match status {
        EscalationStatus::Sent => "terkirim",
        EscalationStatus::Answered => "dijawab",
        EscalationStatus::Closed => "selesai",
        EscalationStatus::Withdrawn => "ditarik",
    }
}

/// A priority.
pub fn priority(priority: Priority) -> &'static str {
    match priority {
        Priority::Critical => "Kritis",
        Priority::High => "Tinggi",
        Priority::Medium => "Sedang",
        Priority::Low => "Rendah",
    }
}

/// A verification verdict.
pub fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "Laporan valid",
        Verdict::Invalid => "Laporan tidak valid",
    }
}

/// Who the reporter is.
pub fn reporter_kind(kind: ReporterKind) -> &'static str {
    match kind {
        ReporterKind::Public => "Masyarakat umum",
        ReporterKind::Agency => "Perangkat daerah",
        ReporterKind::SystemOwner => "Pemilik atau pengelola sistem",
        ReporterKind::MonitoringTeam => "Tim monitoring sistem elektronik",
    }
}

/// How the report came in.
pub fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::WebForm => "formulir laporan di situs",
        Channel::Api => "antarmuka (API) pelaporan",
        Channel::Email => "e-mail",
        Channel::Letter => "surat",
        Channel::Phone => "telepon",
    }
}

/// The letter's *Sifat*, from the document's TLP marking.
pub fn nature(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear | Tlp::Green => "Biasa",
        Tlp::Amber | Tlp::AmberStrict => "Terbatas",
        Tlp::Red => "Rahasia",
    }
}

/// The TLP marking's class name in the documents' style sheet.
pub fn tlp_class(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "tlp-clear",
        Tlp::Green => "tlp-green",
        Tlp::Amber | Tlp::AmberStrict => "tlp-amber",
        Tlp::Red => "tlp-red",
    }
}

/// The marking's colour on a black background, as FIRST's TLP 2.0 standard gives it.
pub fn tlp_colour(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "#FFFFFF",
        Tlp::Green => "#33FF00",
        Tlp::Amber | Tlp::AmberStrict => "#FFC000",
        Tlp::Red => "#FF2B2B",
    }
}
