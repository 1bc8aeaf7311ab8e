//! Raw-pointer plumbing for handles and out-parameters, in one place.
//!
//! Each handle type states once, as [`Handle::Ownership`], how C holds it:
//! [`Boxed`] (one owner, made by `Box::into_raw`) or [`Shared`] (made by
//! `Arc::into_raw`, usable from any number of threads). A type has one value
//! of an associated type, so no handle can be both, and a boxed handle
//! cannot be released as an `Arc` or the reverse; [`into_raw`] and [`free`]
//! follow the ownership, and only a boxed handle may be borrowed mutably.

use std::ffi::CStr;
use std::ptr::NonNull;
use std::sync::Arc;

use super::error::{FfiResult, oss_error};

/// A type that C holds through an opaque pointer.
pub(crate) trait Handle: Sized {
    /// How the pointer C holds was made: [`Boxed`] or [`Shared`].
    type Ownership: Ownership<Self>;
}

/// One owner: `Box::into_raw`, released by the handle's `_free`.
pub(crate) enum Boxed {}

/// Shared between threads: `Arc::into_raw`; `_free` drops C's reference.
pub(crate) enum Shared {}

/// How a pointer to a `T` is given to C and taken back.
pub(crate) trait Ownership<T> {
    /// Gives `value` to C.
    fn into_raw(value: T) -> *mut T;

    /// Takes back what [`Ownership::into_raw`] gave.
    ///
    /// # Safety
    /// `ptr` came from `into_raw` for this `T` and was not released since.
    unsafe fn release(ptr: NonNull<T>);
}

impl<T> Ownership<T> for Boxed {
    fn into_raw(value: T) -> *mut T {
        Box::into_raw(Box::new(value))
    }

    unsafe fn release(ptr: NonNull<T>) {
        // SAFETY: per `# Safety`, from Box::into_raw, released once.
        drop(unsafe { Box::from_raw(ptr.as_ptr()) });
    }
}

impl<T: Send + Sync> Ownership<T> for Shared {
    fn into_raw(value: T) -> *mut T {
        Arc::into_raw(Arc::new(value)).cast_mut()
    }

    unsafe fn release(ptr: NonNull<T>) {
        // SAFETY: per `# Safety`, from Arc::into_raw, C's reference dropped
        // once.
        drop(unsafe { Arc::from_raw(ptr.as_ptr().cast_const()) });
    }
}

/// Gives a handle to C, as its ownership says.
pub(crate) fn into_raw<T: Handle>(value: T) -> *mut T {
    T::Ownership::into_raw(value)
}

/// Releases C's handle (frees a boxed one, drops C's reference to a shared
/// one); NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or was returned by [`into_raw`] for this `T` and not
/// released since.
pub(crate) unsafe fn free<T: Handle>(ptr: *mut T) {
    if let Some(ptr) = NonNull::new(ptr) {
        // SAFETY: guaranteed by the caller, as documented above.
        unsafe { T::Ownership::release(ptr) }
    }
}

/// Borrows a handle for the duration of a call; NULL is an
/// `OSS_CODE_NULL_ARGUMENT` error naming `argument`.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` created by this library, not
/// mutated during the call.
pub(crate) unsafe fn get<'a, T: Handle>(
    ptr: *const T,
    argument: &'static CStr,
) -> FfiResult<&'a T> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { find(ptr) }.ok_or_else(|| oss_error::null_argument(argument))
}

/// Borrows a handle for the duration of a call, `None` for NULL: for the
/// accessors, which answer NULL or 0 when given NULL.
///
/// # Safety
/// As for [`get`].
pub(crate) unsafe fn find<'a, T: Handle>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { ptr.as_ref() }
}

/// Borrows a boxed handle mutably for the duration of a call.
///
/// # Safety
/// `ptr` is NULL or points to a live boxed `T` created by this library, used
/// by no other thread during the call.
pub(crate) unsafe fn get_mut<'a, T: Handle<Ownership = Boxed>>(
    ptr: *mut T,
    argument: &'static CStr,
) -> FfiResult<&'a mut T> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { ptr.as_mut() }.ok_or_else(|| oss_error::null_argument(argument))
}

/// An out-parameter checked for NULL up front and written only at the end,
/// so that a failing call leaves the caller's variable untouched.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Checks `ptr` without writing to it.
    pub(crate) fn new(ptr: *mut T, argument: &'static CStr) -> FfiResult<Self> {
        NonNull::new(ptr)
            .map(Out)
            .ok_or_else(|| oss_error::null_argument(argument))
    }

    /// Writes the result.
    ///
    /// # Safety
    /// The pointer given to [`Out::new`] is valid for a write of `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: guaranteed by the caller; `write` does not read or drop the
        // previous (possibly uninitialised) value.
        unsafe { self.0.as_ptr().write(value) }
    }
}
