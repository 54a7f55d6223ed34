//! Documents follow the team's SOP profile, and the configuration's documents section is checked when it loads.

use super::*;

#[test]
fn documents_follow_the_teams_sop_profile() {
    let case = named_case();
    let config = fixture_config();
    let tegal = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(tegal.contains("TegalKab-CSIRT"));
    assert!(tegal.contains("<li>JatengProv-CSIRT</li>") && tegal.contains("<li>BSSN</li>"));
    assert!(tegal.contains("sesuai\nSOP Pelaporan dan Penanganan Insiden Siber"));
    assert!(
        tegal.contains("PEMERINTAH KABUPATEN CONTOH")
            && tegal.contains("Kota Contoh, 23 November 2026")
    );

    let kukar = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("kukar"),
    )
    .unwrap();
    assert!(kukar.contains("TTIS"));
    assert!(!kukar.contains("TegalKab-CSIRT") && !kukar.contains("<li>JatengProv-CSIRT</li>"));
    assert!(kukar.contains("sesuai\nPelaporan Insiden Siber"));

    let batam = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("batam"),
    )
    .unwrap();
    assert!(batam.contains("BATAM-CSIRT") && batam.contains("<li>KEPRIPROV-CSIRT</li>"));
    assert!(
        !batam.contains("<li>Vendor</li>"),
        "a vendor is not an addressee"
    );

    // Maluku Utara keeps WIT: times are written in the profile's zone.
    let malut = render_with(DocumentKind::FinalReport, &case, &config, &profile("malut")).unwrap();
    let wib = render_with(DocumentKind::FinalReport, &case, &config, &profile("tegal")).unwrap();
    assert!(wib.contains("pukul 09.00 WIB"));
    assert!(
        !malut.contains(" WIB")
            && (malut.contains(" WIT<") || malut.contains(" WIT\n") || malut.contains(" WIT,"))
    );
}

#[test]
fn the_documents_section_is_checked_when_the_configuration_loads() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(paths::team_file()).unwrap();
    let broken = shipped.replace(
        "number_format = \"{seq:03}/{code}/{team}/{month_roman}/{year}\"",
        "number_format = \"{code}/{bulan}/{year}\"",
    );
    assert_ne!(broken, shipped);
    let file = dir.path().join("config.toml");
    std::fs::write(&file, broken).unwrap();
    let error = TeamConfig::load(&file).unwrap_err().to_string();
    assert!(error.contains("documents.number_format"), "{error}");
    assert!(error.contains("{bulan} is not a placeholder"), "{error}");

    let without = shipped.split("[documents]").next().unwrap().to_owned();
    std::fs::write(&file, without).unwrap();
    let error = TeamConfig::load(&file).unwrap_err().to_string();
    assert!(error.contains("documents"), "{error}");
}
