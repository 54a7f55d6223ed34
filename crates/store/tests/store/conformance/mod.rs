//! One suite, two backends: every test here runs against SQLite and against DynamoDB (moto's server).

mod accounts;
mod document_checks;
mod idempotency;
mod parallel;
mod privacy;
mod procedures;
mod rate_limit;
mod records;
mod sequence;

use accounts::*;
use document_checks::*;
use idempotency::*;
use parallel::*;
use privacy::*;
use procedures::*;
use rate_limit::*;
use records::*;
use sequence::*;

macro_rules! conformance {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let backend = crate::support::sqlite().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let backend = crate::support::dynamodb().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
    };
}

conformance!(
    created_case_reads_back_whole,
    unknown_codes_find_nothing,
    a_duplicate_code_never_overwrites,
    a_change_is_stored_with_its_event,
    escalation_lists_analysis_versions_and_marks_read_back,
    a_stale_change_conflicts_and_writes_nothing,
    committing_an_unknown_case_is_not_found,
    an_illegal_transition_changes_nothing,
    the_queue_is_ordered_by_priority_then_age_and_pages_through,
    every_seed_procedure_runs_to_closed,
    closed_cases_are_listed_for_the_export,
    hostile_text_round_trips_verbatim,
    parallel_creates_and_conflicting_changes,
    parallel_creates_of_one_code_store_exactly_one,
    a_repeated_submission_returns_the_first_code,
    a_reused_key_with_other_content_is_refused,
    an_expired_key_is_forgotten,
    parallel_repetitions_store_one_case,
    rate_limit_counters_count_every_hit_and_expire,
    claims_are_granted_up_to_their_limit_and_never_beyond,
    released_claims_make_room_again,
    sequences_hand_out_each_value_once_apart_from_rate_limits,
    concurrent_receipts_get_consecutive_register_numbers,
    accounts_are_written_with_their_audit_entries,
    concurrent_audit_entries_each_get_their_own_number,
    every_event_of_a_case_is_linked_to_the_one_before,
    sessions_are_kept_touched_and_ended,
    a_redaction_rewrites_the_events_that_held_personal_data_and_still_verifies,
    an_erased_case_leaves_nothing_behind,
    a_cases_whereabouts_count_its_record_and_events,
    document_checks_are_filed_once_and_found_by_their_code,
    the_stays_marks_are_stored_and_read_as_the_events_give_them,
);
