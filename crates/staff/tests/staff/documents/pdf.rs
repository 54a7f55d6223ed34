//! A document printed to PDF with Chromium.

use super::*;

#[test]
fn a_document_prints_to_pdf_with_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let case = named_case();
    for (kind, name) in [
        (DocumentKind::FinalReport, "laporan"),
        (DocumentKind::CertificateOfAppreciation, "sertifikat"),
    ] {
        let html = render_with(kind, &case, &shipped_config(), &profile("tegal")).unwrap();
        let source = dir.path().join(format!("{name}.html"));
        let target = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&source, html).unwrap();
        print_pdf(&source, &target).unwrap_or_else(|e| panic!("{e}"));
        let pdf = std::fs::read(&target).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{name}.pdf is not a PDF");
        let text = String::from_utf8_lossy(&pdf);
        // A4 portrait for the report, A4 landscape for the certificate (595 x 842 points).
        let landscape = text.contains("/MediaBox [0 0 842 595]")
            || text.contains("/MediaBox [0 0 841.91998 594.95996]");
        let portrait = text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 594.95996 841.91998]");
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        if kind == DocumentKind::CertificateOfAppreciation {
            assert!(landscape, "the certificate is not A4 landscape");
            assert_eq!(pages, 1, "the certificate does not fit on one page");
        } else {
            assert!(portrait, "the report is not A4 portrait");
        }
    }
    let missing = print_pdf(
        &dir.path().join("tidak-ada.html"),
        &dir.path().join("x.pdf"),
    );
    assert!(missing.unwrap_err().to_string().contains("tidak-ada.html"));
}
