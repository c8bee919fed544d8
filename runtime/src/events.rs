//! What the library reports through `tracing`, when the `tracing` feature is on.
//!
//! Every event carries the method name and errors as their `Display`, which never holds
//! the token; without the feature the macros expand to nothing.

/// A `tracing::warn!` event when the feature is on; nothing otherwise.
macro_rules! warn_event {
    ($($arg:tt)+) => {{
        #[cfg(feature = "tracing")]
        {
            ::tracing::warn!($($arg)+);
        }
    }};
}

/// A `tracing::debug!` event when the feature is on; nothing otherwise.
macro_rules! debug_event {
    ($($arg:tt)+) => {{
        #[cfg(feature = "tracing")]
        {
            ::tracing::debug!($($arg)+);
        }
    }};
}

pub(crate) use {debug_event, warn_event};
