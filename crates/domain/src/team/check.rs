//! What `csirt check` asks of the team file beyond parsing: that it and the SOP profile it names describe the
//! same team, on the same clock.

use super::TeamFile;

/// Every way the team file and its SOP profile disagree, each naming the keys involved.
pub fn team_file_problems(file: &TeamFile) -> Vec<String> {
    let mut problems = Vec::new();
    let team = &file.config.team;
    let profile = &file.procedure.profile;
    let offset = &profile.clock.utc_offset;
    if !team.time_zone.contains(&format!("UTC{offset}")) {
        problems.push(format!(
            "team.time_zone {:?} does not say UTC{offset}, the clock of SOP profile {:?} (clock.utc_offset): \
             deadlines and dates would be computed in another time zone than the one the team publishes",
            team.time_zone, profile.id
        ));
    }
    if team.name != profile.csirt.name {
        problems.push(format!(
            "team.name {:?} is not the team of SOP profile {:?} ({:?}): tracking codes would start with that \
             team's prefix {}-; copy the profile into the content directory, set its csirt.name and \
             tracking_prefix, and name that file in sop_profile",
            team.name,
            profile.id,
            profile.csirt.name,
            profile.tracking_prefix.as_str()
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::TeamFile;

    fn team_file(profile: &str, time_zone: &str, name: &str) -> TeamFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let shipped =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/config.toml");
        let text = std::fs::read_to_string(shipped)
            .unwrap()
            .replace(
                "sop_profile = \"tegal\"",
                &format!("sop_profile = \"{profile}\""),
            )
            .replace(
                "time_zone = \"Asia/Jakarta (WIB, UTC+07:00)\"",
                &format!("time_zone = \"{time_zone}\""),
            )
            .replace("name = \"TegalKab-CSIRT\"", &format!("name = \"{name}\""));
        std::fs::write(&path, text).unwrap();
        TeamFile::load(&path).unwrap()
    }

    #[test]
    fn the_shipped_team_file_agrees_with_its_profile() {
        let file = team_file("tegal", "Asia/Jakarta (WIB, UTC+07:00)", "TegalKab-CSIRT");
        assert_eq!(team_file_problems(&file), Vec::<String>::new());
    }

    #[test]
    fn another_teams_profile_or_clock_is_named() {
        // Batam's profile under Tegal's name: its codes would read BTM-.
        let file = team_file("batam", "Asia/Jakarta (WIB, UTC+07:00)", "TegalKab-CSIRT");
        let problems = team_file_problems(&file);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("BTM-"), "{problems:?}");
        // Tegal's profile (UTC+07:00) with a WITA time zone.
        let file = team_file("tegal", "Asia/Makassar (WITA, UTC+08:00)", "TegalKab-CSIRT");
        let problems = team_file_problems(&file);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("team.time_zone"), "{problems:?}");
    }
}
