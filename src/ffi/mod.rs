//! The edge between this program and libcrypto.
//!
//! `sys` holds every declaration (openssl-sys's where it has them); the
//! other modules wrap them rust-openssl style: owned pointers freed in
//! `Drop`, results as `Option`/`bool` where the caller prints libcrypto's
//! own error queue (which is where the detail lives), a small type where
//! it must tell failures apart (`store::Step`). No libcrypto pointer
//! leaves `ffi` except through `as_ptr` for passing back into libcrypto.
//!
//! `ffi` knows nothing of release lines or of openssl's messages: where
//! the lines differ, the caller passes its choice in (`err::Leftovers`,
//! `keygen::Progress`, a prefix, a flag).

pub mod bio;
pub mod cipher;
pub mod clib;
pub mod conf;
#[cfg(engines)]
pub mod engine;
#[cfg(not(engines))]
#[path = "no_engine.rs"]
pub mod engine;
// The engine-backed key store (3.x's `setup_engine_loader`): 1.1.1's apps/
// load engine keys with ENGINE_load_private_key, through no store.
#[cfg(all(engines, ossl3))]
pub mod engine_loader;
pub mod err;
pub mod ext;
pub mod file_owner;
pub mod keygen;
// 1.1.1's apps/ read a key by its format (3.x's through OSSL_STORE, `store`).
#[cfg(not(ossl3))]
pub mod key_formats;
pub mod library_state;
pub mod name;
pub mod number;
pub mod pkey;
#[cfg(ossl3)]
pub mod provider;
pub mod req;
pub mod sign;
pub mod stdio;
// OSSL_STORE as 3.x's apps/ use it (1.1.1's apps/ read keys by format).
#[cfg(ossl3)]
pub mod store;
pub mod sys;
pub mod ui;
pub mod x509;

pub use bio::Bio;
pub use cipher::Cipher;
pub use conf::Conf;

use std::ffi::{CStr, CString};
use std::sync::Mutex;

/// rust-openssl's `cvt_p`: a pointer libcrypto returned, None for NULL
/// (the reason, if any, is on the error queue).
pub(crate) fn cvt_p<T>(p: *mut T) -> Option<*mut T> {
    (!p.is_null()).then_some(p)
}

/// `cvt_p`, then the openssl crate's owning type for what came back.
///
/// # Safety
/// `p` is NULL or an object of `T`'s C type that the caller owns.
pub(crate) unsafe fn owned<T: foreign_types::ForeignType>(p: *mut T::CType) -> Option<T> {
    // SAFETY: forwarded contract.
    cvt_p(p).map(|p| unsafe { T::from_ptr(p) })
}

/// A C string from Rust text; None if it has an interior NUL (which no
/// C caller could have passed either).
pub fn cstring(s: &str) -> Option<CString> {
    CString::new(s).ok()
}

/// `OPENSSL_free`.
///
/// # Safety
/// `p` must come from libcrypto's allocator (or be null).
pub unsafe fn openssl_free(p: *mut libc::c_void) {
    // SAFETY: forwarded contract.
    unsafe { sys::CRYPTO_free(p, c"".as_ptr(), 0) }
}

/// The bytes C sees of an argument: everything before its first NUL.
pub fn c_text(bytes: &[u8]) -> CString {
    CString::new(name::until_nul(bytes)).unwrap_or_default()
}

/// `OPENSSL_cleanse`: wipe secret bytes in a way the optimiser keeps.
pub fn cleanse(buf: &mut [u8]) {
    // SAFETY: buf is valid for its length.
    unsafe { sys::OPENSSL_cleanse(buf.as_mut_ptr().cast(), buf.len()) }
}

/// `apps_startup`: the library initialisation `openssl` itself does, so the
/// default config file (and any providers/engines it loads) take effect
/// exactly as they do for openssl. `engines`: load the built-in engines
/// (the lines that have them).
pub fn init_library(engines: bool) -> bool {
    let engines = if engines {
        sys::OPENSSL_INIT_ENGINE_ALL_BUILTIN
    } else {
        0
    };
    // openssl's own call loads no libssl error strings (only `errstr`
    // asks for them), so neither do we: saying so here settles the
    // library's once-only choice before the openssl crate's own init,
    // which would load them (an eighth of a million instructions, and a
    // reason string openssl would not print for an SSL error).
    let opts = engines | sys::OPENSSL_INIT_LOAD_CONFIG | sys::OPENSSL_INIT_NO_LOAD_SSL_STRINGS;
    // SAFETY: plain initialisation call.
    unsafe { sys::OPENSSL_init_ssl(opts, std::ptr::null()) != 0 }
}

/// `CRYPTO_secure_malloc_init(size, minsize)`; sizes that do not fit a
/// size_t (negative ones) are passed as C would convert them.
pub fn secure_malloc_init(size: libc::c_long, minsize: libc::c_long) -> bool {
    // SAFETY: plain initialisation call.
    unsafe { sys::CRYPTO_secure_malloc_init(size as libc::size_t, minsize as libc::size_t) == 1 }
}

/// `CRYPTO_secure_malloc_done` at exit.
pub fn secure_malloc_done() {
    // SAFETY: plain call; harmless when no secure heap was set up.
    unsafe {
        sys::CRYPTO_secure_malloc_done();
    }
}

/// The version of the libcrypto actually loaded at run time.
// `unsigned long` is 32 bits on 32-bit targets (a widening there, the
// same type on 64-bit ones).
#[allow(clippy::useless_conversion)]
pub fn runtime_version_number() -> u64 {
    // SAFETY: no arguments.
    u64::from(unsafe { sys::OpenSSL_version_num() })
}

/// The property query set by `-propquery` (`app_get0_propq`). Kept for the
/// life of the process, like openssl's static.
static PROPQ: Mutex<Option<CString>> = Mutex::new(None);

/// `app_set_propq`: a later `-propquery` replaces (and frees) the earlier.
#[cfg(ossl3)]
pub fn set_propq(q: &CStr) {
    if let Ok(mut slot) = PROPQ.lock() {
        *slot = Some(q.to_owned());
    }
}

/// `app_get0_propq` as a pointer for libcrypto (NULL when unset). Valid
/// until the next [`set_propq`], which only option parsing calls, before
/// anything is fetched (as with openssl's static).
pub fn propq_ptr() -> *const libc::c_char {
    match PROPQ.lock() {
        Ok(slot) => slot.as_deref().map_or(std::ptr::null(), CStr::as_ptr),
        Err(_) => std::ptr::null(),
    }
}

/// Whether `-propquery`/`-provider`/`-provider-path` was given: then the
/// legacy digest lookup is off (`opt_legacy_okay`).
#[cfg(ossl3)]
static PROVIDER_OPTION_GIVEN: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(ossl3)]
pub fn note_provider_option() {
    PROVIDER_OPTION_GIVEN.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// `opt_legacy_okay`.
#[cfg(ossl3)]
pub fn legacy_okay() -> bool {
    !PROVIDER_OPTION_GIVEN.load(std::sync::atomic::Ordering::Relaxed) && propq_ptr().is_null()
}
