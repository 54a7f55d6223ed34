//! Every shipped SOP profile renders its steps in both languages.

use super::*;

#[test]
fn every_shipped_sop_profile_renders_its_steps_in_both_languages() {
    for (id, _) in csirt_domain::sop::BUILTIN {
        let fixture = Fixture::new("basic");
        let config = fixture.dir.path().join("content/config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        fixture.write(
            "content/config.toml",
            &text.replace(
                "sop_profile = \"kukar\"",
                &format!("sop_profile = \"{id}\""),
            ),
        );
        let out = fixture.build();
        let profile = csirt_domain::sop::SopProfile::builtin(id).unwrap();
        for (page, lang) in [
            ("sop/index.html", csirt_domain::lang::Lang::Id),
            ("en/sop/index.html", csirt_domain::lang::Lang::En),
        ] {
            let html = read(&out, page);
            assert_eq!(
                html.matches("<tr><td>").count(),
                profile.steps.len(),
                "{id} {page}: one table row per step"
            );
            let title = profile.document.title.get(lang);
            assert!(
                html.contains(&csirt_site::templates::escape_markup(title)),
                "{id} {page}: {title}"
            );
            for step in &profile.steps {
                if let Some(time) = step.time_standard {
                    assert!(
                        html.contains(&time.in_language(lang)),
                        "{id} {page}: step {} time",
                        step.number
                    );
                }
            }
        }
    }
}
