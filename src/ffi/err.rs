//! libcrypto's thread-local error queue: printed with libcrypto's own
//! printer (`ERR_print_errors`) so the lines are byte-identical to openssl's.

use super::stdio::Errno;
use super::{Bio, sys};

/// What a step that may fail without it being an error (an optional
/// config lookup, a key or certificate load) does with the errors it
/// queued: the caller says, since the release lines differ.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Leftovers {
    /// Clear the whole queue (`ERR_clear_error`), older errors included.
    ClearAll,
    /// Remove only its own, after an `ERR_set_mark` (`ERR_pop_to_mark`).
    PopOwn,
    /// Leave its own queued, for whatever prints the queue next.
    Keep,
}

/// `ERR_print_errors(bio)`: prints and empties the queue.
pub fn print(bio: &Bio) {
    // SAFETY: the BIO is live.
    unsafe { sys::ERR_print_errors(bio.as_ptr()) }
}

/// `ERR_clear_error`.
pub fn clear() {
    // SAFETY: no arguments.
    unsafe { sys::ERR_clear_error() }
}

/// `ERR_set_mark`.
pub fn set_mark() {
    // SAFETY: no arguments.
    unsafe { sys::ERR_set_mark() };
}

/// `ERR_pop_to_mark`: drop what was queued since the mark.
pub fn pop_to_mark() {
    // SAFETY: no arguments.
    unsafe { sys::ERR_pop_to_mark() };
}

/// `ERR_clear_last_mark`: keep what was queued, forget the mark.
pub fn clear_last_mark() {
    // SAFETY: no arguments.
    unsafe { sys::ERR_clear_last_mark() };
}

/// `ERR_GET_REASON(ERR_peek_error())`: the reason of the oldest error, or
/// the errno of a system error.
pub fn peek_reason() -> i32 {
    // SAFETY: no arguments.
    let e = unsafe { sys::ERR_peek_error() };
    system_errno(e).map_or_else(|| openssl_sys::ERR_GET_REASON(e), |n| n.0)
}

/// The errno of the newest error on the queue when it is a system error
/// (`ERR_SYSTEM_ERROR(ERR_peek_last_error())`, then `ERR_GET_REASON`).
/// Asked only by the key store (3.x).
#[cfg(ossl3)]
pub fn last_system_errno() -> Option<Errno> {
    // SAFETY: no arguments.
    system_errno(unsafe { sys::ERR_peek_last_error() })
}

/// The errno a system error code carries. The code's layout is the
/// library's: 3.x flags a system error with the top bit and keeps the
/// errno in the low 31; 1.1.1 packs it as library `ERR_LIB_SYS`, the errno
/// as the reason (low 12 bits).
fn system_errno(e: libc::c_ulong) -> Option<Errno> {
    #[cfg(ossl3)]
    let errno = (e & 0x8000_0000 != 0).then_some((e & 0x7fff_ffff) as i32);
    #[cfg(not(ossl3))]
    let errno = (openssl_sys::ERR_GET_LIB(e) == openssl_sys::ERR_LIB_SYS)
        .then(|| openssl_sys::ERR_GET_REASON(e));
    errno.map(Errno)
}
