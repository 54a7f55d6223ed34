//! Bali's procedure: from the open ticket through the agent to the closed ticket.

use super::publish_and_check;
use crate::seeds::*;

#[tokio::test]
async fn bali_goes_from_open_ticket_through_the_agent_to_close_ticket() {
    let site = SeedSite::new("bali");
    let code = site
        .submit("penjaga_dewata", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("BALI-"), "{code}");
    let c = code.as_str();
    // Front desk verifies and forwards to an agent.
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "high",
    ]);
    site.step(&["assign", c, "--to", "Agent Tim Penanggulangan"]);
    // The agent coordinates with the reporter, guides, handles on site, and recommends.
    site.step(&["handle", c, "--note", "Koordinasi dengan pelapor"]);
    site.step(&["action", c, "--note", "Penanganan di lokasi"]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Akun admin dibobol.",
        "--recommendations",
        "Ganti kata sandi dan aktifkan 2FA.",
    ]);
    site.step(&[
        "summary",
        c,
        "--text",
        "Akun admin situs dinas diambil alih dan tampilannya diubah.",
    ]);
    site.issue(c, "analysis-report");
    // Monitoring, then Close Ticket.
    site.step(&["follow-up", c, "--note", "Pemantauan selama seminggu"]);
    site.step(&[
        "resolve",
        c,
        "--summary",
        "Tidak ada aktivitas mencurigakan lagi.",
    ]);
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "penjaga_dewata").await;
}
