//! A broken or missing template is named.

use super::*;

fn copy_templates() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("templates/documents");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(paths::templates().join("documents")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    (dir, target)
}

#[test]
fn a_broken_or_missing_template_is_named() {
    let (case, events) = named_case();
    let issue = |record| {
        move |templates: &DocumentTemplates| {
            render(
                templates,
                &Issue {
                    record,
                    case: &case,
                    events: &events,
                    escalation: None,
                },
                &shipped_config(),
                &profile("tegal"),
            )
        }
    };
    let notification = record(DocumentKind::NotificationLetter, "9/SPIS");
    let render_notification = issue(&notification);

    // A syntax error is found when the templates load.
    let (_dir, target) = copy_templates();
    std::fs::write(
        target.join("letter.html"),
        "{% extends \"base.html\" %}{% block page %}{% if document.number %}{% endblock page %}",
    )
    .unwrap();
    let error = DocumentTemplates::load(&target).unwrap_err().to_string();
    let letter = target.join("letter.html").display().to_string();
    assert!(error.starts_with(&letter), "{error}");

    // An unknown filter is found when a document renders.
    let (_dir, target) = copy_templates();
    std::fs::write(
        target.join("letter.html"),
        "{% extends \"base.html\" %}{% block page %}{{ document.number | nosuchfilter }}{% endblock page %}",
    )
    .unwrap();
    let templates = DocumentTemplates::load(&target).unwrap();
    let error = render_notification(&templates).unwrap_err().to_string();
    assert!(error.contains("nosuchfilter"), "{error}");
    assert!(error.starts_with(&target.display().to_string()), "{error}");

    let (_dir, target) = copy_templates();
    std::fs::remove_file(target.join("final_report.html")).unwrap();
    let error = DocumentTemplates::load(&target).unwrap_err().to_string();
    assert!(
        error.contains("final_report.html") && error.contains("missing"),
        "{error}"
    );

    // A staff member's own wording is used.
    let (_dir, target) = copy_templates();
    let original = std::fs::read_to_string(target.join("notification_letter.html")).unwrap();
    std::fs::write(
        target.join("notification_letter.html"),
        original.replace("Dengan hormat,", "Dengan hormat dan salam sejahtera,"),
    )
    .unwrap();
    let adapted = DocumentTemplates::load(&target).unwrap();
    let html = render_notification(&adapted).unwrap();
    assert!(html.contains("Dengan hormat dan salam sejahtera,"));
}
