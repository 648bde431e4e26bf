//! Digest names (`opt_md_silent` in apps/lib/opt.c, `opt_md` in 1.1.1's
//! apps/opt.c): whether `name` is a digest openssl would accept. The
//! line's way is chosen in src/line.rs (`strategy::digest`).

/// 3.x: fetched from the providers, or, when no provider option was
/// given, looked up by name the legacy way, so aliases and engine digests
/// work as in openssl (up to the 3.6 line; 4.0 only fetches).
#[cfg(ossl3)]
pub mod fetched {
    use crate::ffi::{self, err, library_state};
    use crate::line::LINE;
    use std::ffi::CStr;

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
}

/// 1.1.1: `EVP_get_digestbyname` alone.
#[cfg(not(ossl3))]
pub mod by_name {
    use crate::ffi::library_state;
    use std::ffi::CStr;

    pub fn is_known(name: &CStr) -> bool {
        library_state::digest_by_name(name)
    }
}
