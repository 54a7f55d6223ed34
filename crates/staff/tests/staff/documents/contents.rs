//! What each document tells: the escalation report's minimum fields, the notification letter, the analysis
//! report and the certificate, the final report.

use super::*;

#[test]
fn the_escalation_report_carries_bssns_minimum_fields() {
    let case = named_case();
    let html = render_with(
        DocumentKind::EscalationReport,
        &case,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Yth. JatengProv-CSIRT",
        "Rina &lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt;",
        EMAIL,
        PHONE_E164,
        "Komunitas &quot;Aman&quot; &amp; &lt;b&gt;Siber&lt;/b&gt;",
        "Masyarakat umum",
        "Halaman judi &lt;script&gt;alert(1)&lt;/script&gt;",
        "Pukul 08.10 tampilan situs berubah.",
        "Layanan &lt;b&gt;informasi publik&lt;/b&gt; tidak dapat diakses.",
        "https://dinkes.contoh.go.id/berita",
        "Dinas Kesehatan &lt;Kabupaten&gt;",
        "Kompromi aplikasi",
        "Tinggi",
        "Penggantian tampilan dengan halaman pemeliharaan",
        "Selesai dilaksanakan",
        "Berkas web shell dihapus dari server.",
        "Mohon analisis forensik server.",
        case.0.code.to_string().as_str(),
    ] {
        assert!(
            html.contains(expected),
            "escalation report lacks {expected:?}"
        );
    }
    assert!(!html.contains(INTERNAL_NOTE));
}

#[test]
fn the_notification_letter_names_no_reporter() {
    let case = named_case();
    let html = render_with(
        DocumentKind::NotificationLetter,
        &case,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Surat Pemberitahuan Insiden Siber",
        "Yth. Pimpinan Dinas Kesehatan &lt;Kabupaten&gt;",
        "https://dinkes.contoh.go.id/berita",
        "Kompromi aplikasi",
        "Perbarui plugin galeri dan batasi jenis berkas unggahan.",
        "Port &lt;script&gt;8080&lt;/script&gt; ditutup",
    ] {
        assert!(html.contains(expected), "notification lacks {expected:?}");
    }
    for personal in ["Rina", EMAIL, PHONE_E164, "Komunitas", "Aman", "812"] {
        assert!(
            !html.contains(personal),
            "notification letter shows {personal:?}"
        );
    }
}

#[test]
fn the_analysis_report_and_the_certificate() {
    let case = named_case();
    let config = shipped_config();
    let analysis = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Laporan Analisis Insiden Siber dan Rekomendasi Penanganan Insiden Siber",
        "Celah unggah berkas pada plugin galeri yang usang.",
        "Perbarui plugin galeri dan batasi jenis berkas unggahan.",
        "Tembusan:",
        "Sekretaris Daerah Kabupaten Tegal",
    ] {
        assert!(analysis.contains(expected), "analysis lacks {expected:?}");
    }

    let certificate = render_with(
        DocumentKind::CertificateOfAppreciation,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(certificate.contains("size: A4 landscape"));
    assert!(certificate.contains("Sertifikat Apresiasi"));
    assert!(certificate.contains("Rina &lt;script&gt;"));
    assert!(!certificate.contains(EMAIL));

    let alias_only = handled_case(
        &[
            ("hall_of_fame_consent", "on"),
            ("hall_of_fame_alias", "Penjaga_Siber"),
        ],
        "JatengProv-CSIRT",
    );
    let certificate = render_with(
        DocumentKind::CertificateOfAppreciation,
        &alias_only,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(certificate.contains("<p class=\"recipient\">Penjaga_Siber</p>"));
}

#[test]
fn the_final_report_tells_the_whole_handling() {
    let (case, events) = named_case();
    let (case, events) = walk(
        (case, events),
        vec![Change::Close {
            hall_of_fame: false,
        }],
    );
    let html = render_with(
        DocumentKind::FinalReport,
        &(case, events),
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Laporan diterima melalui formulir laporan di situs.",
        "Hasil verifikasi: laporan valid",
        "Perubahan tampilan terkonfirmasi dari log server.",
        "Insiden diklasifikasikan sebagai Kompromi aplikasi",
        "Strategi mitigasi disusun: Penutupan port tertentu: Port &lt;script&gt;8080",
        "Selesai dilaksanakan",
        "Direncanakan",
        "Insiden dieskalasikan kepada JatengProv-CSIRT.",
        "Perbarui CMS dan ganti seluruh kata sandi.",
        "Situs pulih dan celah ditutup.",
        "Laporan ditutup.",
        "23 November 2026 pukul 09.00 WIB",
        "andi",
    ] {
        assert!(html.contains(expected), "final report lacks {expected:?}");
    }
    assert!(!html.contains(INTERNAL_NOTE), "an internal note leaked");
    assert!(!html.contains(EMAIL) && !html.contains(PHONE_E164));
}
