//! The account acting now, once proven.

use csirt_domain::account::{Account, Login, SignInMethod};
use csirt_domain::case::Actor;

/// An account proven to be the one acting. Only this library makes one: from the identity `csirt` runs as
/// ([`super::act_as`]) or from a console sign-in.
#[derive(Debug, Clone)]
pub struct Staffer {
    account: Account,
    method: SignInMethod,
}

impl Staffer {
    /// The account, proven by `method`.
    pub(crate) fn new(account: Account, method: SignInMethod) -> Staffer {
        Staffer { account, method }
    }

    /// The account as it was when it was proven.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Its login.
    pub fn login(&self) -> &Login {
        &self.account.login
    }

    /// How it was proven.
    pub fn method(&self) -> SignInMethod {
        self.method
    }

    /// The actor its events record.
    pub fn actor(&self) -> Actor {
        Actor::Staff(self.account.login.actor_name())
    }
}
