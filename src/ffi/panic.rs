//! The panic boundary around every exported function.
//!
//! Unwinding into C is undefined behaviour, and aborting would kill the host
//! application, so each exported body runs in [`boundary`], which catches a
//! panic and returns a value chosen by the body's return type: an
//! `OSS_CODE_PANIC` error for fallible functions, NULL or 0 otherwise. The
//! panic payload is never shown (it could hold input); the message is fixed.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::error::{FfiResult, oss_code, oss_error};
use super::handle;

/// How a body's result becomes a C return value, and what C gets on panic.
pub(crate) trait FfiReturn {
    /// The C return type.
    type C;
    /// Converts a normal result.
    fn into_c(self) -> Self::C;
    /// The value returned when the body panicked.
    fn on_panic() -> Self::C;
}

impl FfiReturn for FfiResult<()> {
    type C = *mut oss_error;
    fn into_c(self) -> *mut oss_error {
        match self {
            Ok(()) => std::ptr::null_mut(),
            Err(error) => handle::into_raw(error),
        }
    }
    fn on_panic() -> *mut oss_error {
        handle::into_raw(oss_error::panicked())
    }
}

impl<T> FfiReturn for *mut T {
    type C = *mut T;
    fn into_c(self) -> *mut T {
        self
    }
    fn on_panic() -> *mut T {
        std::ptr::null_mut()
    }
}

impl<T> FfiReturn for *const T {
    type C = *const T;
    fn into_c(self) -> *const T {
        self
    }
    fn on_panic() -> *const T {
        std::ptr::null()
    }
}

macro_rules! zero_on_panic {
    ($($t:ty => $zero:expr),* $(,)?) => {$(
        impl FfiReturn for $t {
            type C = $t;
            fn into_c(self) -> $t {
                self
            }
            fn on_panic() -> $t {
                $zero
            }
        }
    )*};
}

zero_on_panic!(() => (), bool => false, i64 => 0, usize => 0, oss_code => oss_code::Panic);

/// Runs `body`, turning a panic into the return type's panic value.
pub(crate) fn boundary<R: FfiReturn>(body: impl FnOnce() -> R) -> R::C {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result.into_c(),
        Err(payload) => {
            // Dropping a payload can itself panic; that must not escape either.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            R::on_panic()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_panic_becomes_each_return_kinds_panic_value() {
        let error = boundary(|| -> FfiResult<()> { panic!("secret input") });
        assert!(!error.is_null());
        // SAFETY: `error` was just returned by the boundary, live and unaliased.
        let error = unsafe { Box::from_raw(error) };
        assert_eq!(error.code(), oss_code::Panic);
        assert!(!error.message().to_string_lossy().contains("secret"));

        assert!(boundary(|| -> *mut u8 { panic!() }).is_null());
        assert!(boundary(|| -> *const std::ffi::c_char { panic!() }).is_null());
        assert!(!boundary(|| -> bool { panic!() }));
        assert_eq!(boundary(|| -> i64 { panic!() }), 0);
        assert_eq!(boundary(|| -> usize { panic!() }), 0);
        assert_eq!(boundary(|| -> oss_code { panic!() }), oss_code::Panic);
        boundary(|| -> () { panic!() });
    }

    #[test]
    fn normal_results_pass_through() {
        assert!(boundary(|| -> FfiResult<()> { Ok(()) }).is_null());
        assert_eq!(boundary(|| 7i64), 7);
    }
}
