//! Staff accounts and who may do what. An operation of this library that changes anything takes a [`Staffer`]:
//! an account proven to be the one acting (bound to the operating-system user or IAM identity `csirt` runs as,
//! or signed in to the console). [`authorize`] checks the SOP's `[permissions]` against the account's roles
//! before anything is written, for the command and the console alike.

mod identity;
mod manage;
mod passkey;
mod sign_in;
mod single_sign_on;
mod staffer;

pub use identity::{Identity, act_as};
pub use manage::{
    Added, NewAccount, add_account, disable_account, grant_role, revoke_role, revoke_sessions,
};
pub use passkey::{
    PASSKEY_CEREMONY_VALID, PendingPasskey, begin_passkey_registration, begin_passkey_sign_in,
    finish_passkey_registration, finish_passkey_sign_in,
};
pub use sign_in::{
    ABSOLUTE_TIMEOUT, ATTEMPTS_PER_ACCOUNT, ATTEMPTS_PER_CLIENT, ENROLMENT_VALID, IDLE_TIMEOUT,
    SignInAttempt, THROTTLE_WINDOW, enrol, reissue_enrolment, session_staffer, sign_in, sign_out,
};
pub use single_sign_on::{PendingSignOn, begin_single_sign_on, finish_single_sign_on};
pub use staffer::Staffer;

use csirt_domain::account::Role;
use csirt_domain::sop::ACTIONS;

use crate::desk::Desk;
use crate::error::StaffError;

/// Refuses `staffer` the action `action` (a `[permissions]` key, see [`csirt_domain::sop::ACTIONS`]) unless
/// they hold one of the roles the team's SOP gives it.
pub fn authorize(desk: &Desk, staffer: &Staffer, action: &str) -> Result<(), StaffError> {
    let profile = &desk.procedure().profile;
    let roles = profile.roles_for(action);
    if roles.iter().any(|role| staffer.account().has_role(role)) {
        return Ok(());
    }
    let base = action.split_once(':').map_or(action, |(base, _)| base);
    let what = ACTIONS
        .iter()
        .find(|(key, _)| *key == base)
        .map_or(action, |(_, what)| what);
    Err(StaffError::NotPermitted {
        login: staffer.login().to_string(),
        action: action.to_owned(),
        what: what.to_owned(),
        allowed: roles.to_vec(),
        held: staffer.account().role_list(),
    })
}

/// The team's roles, one key each: the staff actors of its SOP, then `admin` and `viewer`.
pub fn roles(desk: &Desk) -> Vec<Role> {
    Role::all(&desk.procedure().profile)
}
