//! The workflow's states, taken from the five seed procedures, and the moves allowed between them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Localized;

/// Where a case stands. The reporter sees only [`CaseState::reporter_label`]; never notes, names or partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// The report is stored and waits for the team (SOP: *menerima laporan*, *meneruskan laporan*).
    Received,
    /// The team checks the reporter, the incident type, the server and its logs (SOP: *verifikasi*).
    Verifying,
    /// Verification found no sign of an incident (SOP: *laporan tidak valid*); the case can only be closed.
    Invalid,
    /// Verification confirmed an incident (SOP: *laporan valid*).
    Valid,
    /// Classified and prioritised in the queue (Maluku Utara: *lembar antrian*, type and priority).
    Triaged,
    /// Temporary measures are planned and carried out (SOP: *strategi mitigasi*).
    Mitigating,
    /// The team handles the incident (SOP: *penanganan insiden siber*).
    Handling,
    /// Handed to the provincial CSIRT, BSSN or a vendor, waiting for their answer (SOP: *eskalasi*).
    Escalated,
    /// Analysis and recommendations delivered (SOP: *laporan analisis dan rekomendasi*).
    Reported,
    /// The system owner or developer acts on the recommendations (SOP: *tindak lanjut*).
    FollowUp,
    /// Handling is finished; final report, letters and certificate are prepared (SOP: *laporan penanganan*).
    Resolved,
    /// The ticket is closed (SOP: *close ticket*, *status tiket closed*).
    Closed,
}

impl CaseState {
    /// Every state, in workflow order.
    pub const ALL: [CaseState; 12] = [
        CaseState::Received,
        CaseState::Verifying,
        CaseState::Invalid,
        CaseState::Valid,
        CaseState::Triaged,
        CaseState::Mitigating,
        CaseState::Handling,
        CaseState::Escalated,
        CaseState::Reported,
        CaseState::FollowUp,
        CaseState::Resolved,
        CaseState::Closed,
    ];

    /// The states a case may move to from this one.
    pub fn next_states(self) -> &'static [CaseState] {
        use CaseState::*;
        match self {
            Received => &[Verifying],
            Verifying => &[Valid, Invalid],
            Invalid => &[Closed],
            Valid => &[Triaged],
            Triaged => &[Mitigating, Handling, Escalated, Reported],
            Mitigating => &[Handling, Escalated],
            Handling => &[Escalated, Reported],
            Escalated => &[Handling, Reported],
            Reported => &[FollowUp, Resolved, Escalated],
            FollowUp => &[Resolved, Handling, Escalated],
            Resolved => &[Closed],
            Closed => &[],
        }
    }

    /// Whether the workflow allows moving from this state to `to`.
    pub fn can_move_to(self, to: CaseState) -> bool {
        self.next_states().contains(&to)
    }

    /// Closed is the only state with no way out.
    pub fn is_terminal(self) -> bool {
        self.next_states().is_empty()
    }

    /// The machine key, e.g. `follow_up`.
    pub fn key(self) -> &'static str {
        use CaseState::*;
        match self {
            Received => "received",
            Verifying => "verifying",
            Invalid => "invalid",
            Valid => "valid",
            Triaged => "triaged",
            Mitigating => "mitigating",
            Handling => "handling",
            Escalated => "escalated",
            Reported => "reported",
            FollowUp => "follow_up",
            Resolved => "resolved",
            Closed => "closed",
        }
    }

    /// Parses a machine key.
    pub fn from_key(key: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.key() == key)
    }

    /// What the reporter reads in the status lookup. Worded for the reporter: it names no partner and no
    /// internal detail (an escalation to BSSN reads as coordination with the relevant parties).
    pub fn reporter_label(self) -> Localized {
        use CaseState::*;
        let (id, en) = match self {
            Received => ("Laporan diterima", "Report received"),
            Verifying => ("Laporan sedang diverifikasi", "Report being verified"),
            Invalid => (
                "Tidak ditemukan indikasi insiden siber",
                "No sign of a cyber incident was found",
            ),
            Valid => ("Laporan terverifikasi", "Report verified"),
            Triaged => ("Dalam antrean penanganan", "Queued for handling"),
            Mitigating => (
                "Langkah penanganan sementara",
                "Temporary measures under way",
            ),
            Handling => ("Insiden sedang ditangani", "Incident being handled"),
            Escalated => (
                "Dikoordinasikan dengan pihak terkait",
                "Being coordinated with the relevant parties",
            ),
            Reported => (
                "Analisis dan rekomendasi telah disampaikan kepada pemilik sistem",
                "Analysis and recommendations delivered to the system owner",
            ),
            FollowUp => (
                "Pemilik sistem menindaklanjuti rekomendasi",
                "The system owner is acting on the recommendations",
            ),
            Resolved => ("Penanganan insiden selesai", "Incident handling completed"),
            Closed => ("Laporan ditutup", "Report closed"),
        };
        Localized::new(id, en)
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, VecDeque};

    #[test]
    fn every_state_is_reachable_from_received_and_can_reach_closed() {
        let mut seen = BTreeSet::from([CaseState::Received]);
        let mut queue = VecDeque::from([CaseState::Received]);
        while let Some(state) = queue.pop_front() {
            for &next in state.next_states() {
                if seen.insert(next) {
                    queue.push_back(next);
                }
            }
        }
        assert_eq!(seen.len(), CaseState::ALL.len());
        for state in CaseState::ALL {
            let mut reach = BTreeSet::from([state]);
            let mut queue = VecDeque::from([state]);
            while let Some(s) = queue.pop_front() {
                for &next in s.next_states() {
                    if reach.insert(next) {
                        queue.push_back(next);
                    }
                }
            }
            assert!(
                reach.contains(&CaseState::Closed),
                "{state} cannot reach closed"
            );
        }
    }

    #[test]
    fn only_closed_is_terminal_and_handling_and_escalated_go_both_ways() {
        let terminal: Vec<_> = CaseState::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(terminal, [CaseState::Closed]);
        assert!(CaseState::Handling.can_move_to(CaseState::Escalated));
        assert!(CaseState::Escalated.can_move_to(CaseState::Handling));
        assert!(!CaseState::Received.can_move_to(CaseState::Closed));
        assert!(!CaseState::Invalid.can_move_to(CaseState::Handling));
    }

    #[test]
    fn keys_round_trip_and_match_serde() {
        for state in CaseState::ALL {
            assert_eq!(CaseState::from_key(state.key()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.key())
            );
        }
        assert_eq!(CaseState::from_key("<script>"), None);
    }

    #[test]
    fn reporter_labels_exist_in_both_languages_and_are_distinct() {
        let labels: BTreeSet<_> = CaseState::ALL
            .iter()
            .map(|s| s.reporter_label().id)
            .collect();
        assert_eq!(labels.len(), CaseState::ALL.len());
        for state in CaseState::ALL {
            let label = state.reporter_label();
            assert!(!label.en.is_empty());
            for internal in ["BSSN", "CSIRT", "vendor", "Vendor"] {
                assert!(
                    !label.id.contains(internal) && !label.en.contains(internal),
                    "{state}"
                );
            }
        }
    }
}
