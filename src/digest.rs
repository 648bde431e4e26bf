//! Digest names (`opt_md_silent` in apps/lib/opt.c): fetched from the
//! providers, or, when no provider option was given, looked up by name the
//! legacy way, so aliases and engine digests work as in openssl.

use crate::ffi::{self, err, sys};
use std::ffi::CStr;

/// Whether `name` is a digest openssl would accept.
pub fn is_known(name: &CStr) -> bool {
    err::set_mark();
    // SAFETY: the fetched digest is freed at once; lookups only.
    let found = unsafe {
        let md = sys::EVP_MD_fetch(std::ptr::null_mut(), name.as_ptr(), ffi::propq_ptr());
        if !md.is_null() {
            sys::EVP_MD_free(md);
            true
        } else {
            ffi::legacy_okay() && !sys::EVP_get_digestbyname(name.as_ptr()).is_null()
        }
    };
    if found {
        err::pop_to_mark();
    } else {
        err::clear_last_mark();
    }
    found
}
