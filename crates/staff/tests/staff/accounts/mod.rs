//! Accounts, roles from the SOP and console sign-in, through the staff library on both stores: every rule is
//! the library's, so the command and the console cannot differ.

mod roles;
mod sign_in;
pub(crate) mod support;

use roles::*;
use sign_in::*;

on_both_stores!(
    the_first_account_must_be_an_admin_and_later_ones_need_one,
    each_step_is_taken_only_by_the_roles_the_sop_gives_it,
    the_last_admin_stays,
    a_wrong_password_unknown_login_or_replayed_code_is_refused_and_audited,
    a_disabled_account_cannot_sign_in_and_its_sessions_end,
    sessions_end_when_idle_at_their_absolute_limit_and_on_sign_out,
    attempts_are_throttled_per_account_and_per_client,
    an_enrolment_code_sets_password_and_authenticator_once,
);
