//! Raw-pointer plumbing for handles and out-parameters, in one place.
//!
//! Each handle type states once how it is allocated ([`BoxHandle`] or
//! [`ArcHandle`]); the helpers accept only handle types, and the freeing
//! ones only the matching kind, so a boxed handle cannot be released as an
//! `Arc` or the reverse.

use std::ffi::CStr;
use std::ptr::NonNull;
use std::sync::Arc;

use super::error::{FfiResult, oss_error};

/// A type that C holds through an opaque pointer.
pub(crate) trait Handle: Sized {}

/// A handle allocated with `Box::into_raw`: one owner, one `_free`.
pub(crate) trait BoxHandle: Handle {}

/// A handle allocated with `Arc::into_raw`: shareable between threads;
/// `_free` drops the reference C holds.
pub(crate) trait ArcHandle: Handle + Send + Sync {}

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
pub(crate) unsafe fn get_mut<'a, T: BoxHandle>(
    ptr: *mut T,
    argument: &'static CStr,
) -> FfiResult<&'a mut T> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { ptr.as_mut() }.ok_or_else(|| oss_error::null_argument(argument))
}

/// Gives a boxed handle to C.
pub(crate) fn box_into_raw<T: BoxHandle>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a boxed handle; NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or was returned by [`box_into_raw`] for this `T` and not
/// freed since.
pub(crate) unsafe fn box_free<T: BoxHandle>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: guaranteed by the caller, as documented above.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Gives a shared handle to C.
pub(crate) fn arc_into_raw<T: ArcHandle>(value: T) -> *mut T {
    Arc::into_raw(Arc::new(value)).cast_mut()
}

/// Drops C's reference to a shared handle; NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or was returned by [`arc_into_raw`] for this `T`, and C's
/// reference was not dropped since.
pub(crate) unsafe fn arc_free<T: ArcHandle>(ptr: *const T) {
    if !ptr.is_null() {
        // SAFETY: guaranteed by the caller, as documented above.
        drop(unsafe { Arc::from_raw(ptr) });
    }
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
