//! The staff library's tests, one binary: accounts, roles and sign-in on both stores, the case documents and the
//! management reports, over cases built and moved through the real domain API, and the reporter's rights over
//! their personal data and the retention schedule on both stores.

#![allow(clippy::unwrap_used, clippy::expect_used)]

/// Runs each named test (an `async fn(Arc<dyn CaseStore>)` of the module) on SQLite and on DynamoDB (moto).
macro_rules! on_both_stores {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _dir) = crate::accounts::support::sqlite();
                    super::$test(store).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::accounts::support::dynamodb().await).await;
                }
            )*
        }
    };
}

mod accounts;
mod assignees;
mod breach;
mod documents;
mod escalations;
mod management;
mod passkey;
mod privacy;
mod retention;
mod signing;
mod single_sign_on;
mod step_clocks;
