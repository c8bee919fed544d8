//! Checking what a platform signs or encrypts: Mini App `initData` and the Login Widget
//! ([`signed`]), signed callbacks ([`callback`]), GET-query callbacks
//! ([`query_callback`]) and the passport's RSA scheme ([`passport`]).

#[cfg(feature = "signed-data")]
pub mod callback;
#[cfg(feature = "passport")]
pub mod passport;
pub mod query_callback;
#[cfg(feature = "signed-data")]
pub mod signed;
