//! Panic containment and error conversion at the napi boundary.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use ltseq_core::LtseqError;
use napi::{Error, Status};

fn to_napi(e: LtseqError) -> Error {
    Error::new(Status::GenericFailure, format!("[LTSEQ:{}] {}", e.code(), e))
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> Error {
    let what = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    to_napi(LtseqError::Execution(format!("internal error (a panic in the native engine was contained): {what}")))
}

/// Runs synchronous work, turning errors and panics into JS errors.
pub fn sync<T>(f: impl FnOnce() -> ltseq_core::Result<T>) -> napi::Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(to_napi),
        Err(p) => Err(panic_message(p)),
    }
}

/// Runs async work, turning errors and panics into a rejected promise.
pub async fn guarded<T>(f: impl Future<Output = ltseq_core::Result<T>>) -> napi::Result<T> {
    match AssertUnwindSafe(f).catch_unwind().await {
        Ok(r) => r.map_err(to_napi),
        Err(p) => Err(panic_message(p)),
    }
}

/// Parses a JSON argument from the runtime; a failure is a bug in the caller, named as such.
pub fn json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> ltseq_core::Result<T> {
    serde_json::from_str(s).map_err(|e| LtseqError::InvalidArgument(format!("malformed {what}: {e}")))
}
