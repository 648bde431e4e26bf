//! Digest names (`opt_md_silent` in apps/lib/opt.c): fetched from the
//! providers, or, when no provider option was given, looked up by name the
//! legacy way, so aliases and engine digests work as in openssl (up to the
//! 3.6 line; 4.0 only fetches).

use crate::ffi::{self, err, library_state};
use crate::line::LINE;
use std::ffi::CStr;

/// Whether `name` is a digest openssl would accept.
pub fn is_known(name: &CStr) -> bool {
    err::set_mark();
    let found = library_state::digest_fetchable(name)
        || (LINE.legacy_digest_names()
            && ffi::legacy_okay()
            && library_state::digest_by_name(name));
    if found {
        err::pop_to_mark();
    } else {
        err::clear_last_mark();
    }
    found
}
