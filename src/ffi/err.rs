//! libcrypto's thread-local error queue: printed with libcrypto's own
//! printer (`ERR_print_errors`) so the lines are byte-identical to openssl's.

#[cfg(ossl3)]
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

/// `ERR_GET_REASON(ERR_peek_error())`: 1.1.1 packs library, function and
/// reason (`ERR_PACK`), the reason in the low 12 bits.
#[cfg(not(ossl3))]
pub fn peek_reason() -> i32 {
    // SAFETY: no arguments.
    let e = unsafe { sys::ERR_peek_error() };
    (e & 0xfff) as i32
}

/// `ERR_GET_REASON(ERR_peek_error())`.
#[cfg(ossl3)]
pub fn peek_reason() -> i32 {
    // SAFETY: no arguments.
    let e = unsafe { sys::ERR_peek_error() };
    // A system error (top bit set) keeps its errno in the low 31 bits;
    // everything else keeps the reason in the low 23.
    if e & 0x8000_0000 != 0 {
        (e & 0x7fff_ffff) as i32
    } else {
        (e & 0x7f_ffff) as i32
    }
}

/// The errno of the newest error on the queue when it is a system error
/// (`ERR_SYSTEM_ERROR(ERR_peek_last_error())`, then `ERR_GET_REASON`).
#[cfg(ossl3)]
pub fn last_system_errno() -> Option<Errno> {
    // SAFETY: no arguments.
    let e = unsafe { sys::ERR_peek_last_error() };
    (e & 0x8000_0000 != 0).then_some(Errno((e & 0x7fff_ffff) as i32))
}
