//! A broken page or template fails the build with its name, and keeps the old site.

use super::*;

#[test]
fn a_broken_page_fails_the_build_naming_file_and_line_and_keeps_the_old_site() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let before = tree(&out);
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan\"\nweight = \"berat\"\n+++\nIsi.\n",
    );
    fixture.write(
        "content/status.md",
        "+++\ntitle = \"Status\"\ntemplate = \"tidak-ada.html\"\n+++\n",
    );
    let error = fixture.build_into("public").unwrap_err();
    assert!(error.contains("panduan.md:3:"), "{error}");
    let error_after_fix = {
        fixture.write(
            "content/panduan.md",
            "+++\ntitle = \"Panduan\"\n+++\nIsi.\n",
        );
        fixture.build_into("public").unwrap_err()
    };
    assert!(
        error_after_fix.contains("status.md") && error_after_fix.contains("tidak-ada.html"),
        "{error_after_fix}"
    );
    assert_eq!(tree(&out), before, "a failed build changed the site");
}

#[test]
fn a_broken_template_is_named() {
    let fixture = Fixture::new("basic");
    fixture.write("templates/site/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title | nosuchfilter }}{% endblock content %}");
    let error = fixture.build_into("public").unwrap_err();
    assert!(error.contains("page.html"), "{error}");
}
