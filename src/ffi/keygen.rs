//! `KeygenCtx`: the `EVP_PKEY_CTX` that `set_keygen_ctx` in apps/req.c
//! builds, with openssl's progress callback (`genpkey_cb`) printing to
//! stderr.

use super::engine::EngineRef;
use super::{Bio, cstring, sys};
use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::pkey::{PKey, PKeyRef, Params, Private};
use std::ffi::CStr;

pub struct KeygenCtx(*mut sys::EVP_PKEY_CTX);

impl Drop for KeygenCtx {
    fn drop(&mut self) {
        // SAFETY: we own it.
        unsafe { sys::EVP_PKEY_CTX_free(self.0) }
    }
}

impl KeygenCtx {
    fn wrap(p: *mut sys::EVP_PKEY_CTX) -> Option<KeygenCtx> {
        super::cvt_p(p).map(KeygenCtx)
    }

    /// `EVP_PKEY_CTX_new_from_name(libctx, name, propq)`.
    pub fn from_name(name: &CStr) -> Option<KeygenCtx> {
        // SAFETY: NUL-terminated name.
        Self::wrap(unsafe {
            sys::EVP_PKEY_CTX_new_from_name(std::ptr::null_mut(), name.as_ptr(), super::propq_ptr())
        })
    }

    /// `EVP_PKEY_CTX_new_from_pkey(libctx, params, propq)`.
    pub fn from_params(params: &PKeyRef<Params>) -> Option<KeygenCtx> {
        // SAFETY: libcrypto takes its own reference to the key.
        Self::wrap(unsafe {
            sys::EVP_PKEY_CTX_new_from_pkey(
                std::ptr::null_mut(),
                params.as_ptr(),
                super::propq_ptr(),
            )
        })
    }

    /// `EVP_PKEY_CTX_new(params, engine)`.
    pub fn from_params_engine(params: &PKeyRef<Params>, engine: &EngineRef) -> Option<KeygenCtx> {
        // SAFETY: live key and engine; libcrypto takes its own references.
        Self::wrap(unsafe { sys::EVP_PKEY_CTX_new(params.as_ptr(), engine.as_ptr()) })
    }

    /// `EVP_PKEY_CTX_new_id(id, engine)`.
    pub fn from_id(id: i32, engine: &EngineRef) -> Option<KeygenCtx> {
        // SAFETY: as above.
        Self::wrap(unsafe { sys::EVP_PKEY_CTX_new_id(id, engine.as_ptr()) })
    }

    /// `EVP_PKEY_keygen_init`.
    pub fn keygen_init(&self) -> bool {
        // SAFETY: live ctx.
        unsafe { sys::EVP_PKEY_keygen_init(self.0) > 0 }
    }

    /// `EVP_PKEY_CTX_is_a`.
    pub fn is_a(&self, name: &str) -> bool {
        let Some(n) = cstring(name) else { return false };
        // SAFETY: live ctx.
        unsafe { sys::EVP_PKEY_CTX_is_a(self.0, n.as_ptr()) != 0 }
    }

    /// Sets `OSSL_PKEY_PARAM_BITS` ("bits") as a size_t parameter.
    pub fn set_bits(&self, bits: usize) -> bool {
        let mut b: libc::size_t = bits;
        // SAFETY: `b` outlives the call; the array is END-terminated.
        unsafe {
            let params = [
                sys::OSSL_PARAM_construct_size_t(c"bits".as_ptr(), &mut b),
                sys::OSSL_PARAM_construct_end(),
            ];
            sys::EVP_PKEY_CTX_set_params(self.0, params.as_ptr()) > 0
        }
    }

    /// `pkey_ctrl_string`: `opt:value` split at the first ':' and passed to
    /// `EVP_PKEY_CTX_ctrl_str`; without a ':' it fails with 0, as openssl's.
    pub fn ctrl_string(&self, opt: &[u8]) -> i32 {
        // SAFETY: our live ctx.
        unsafe { ctrl_string(self.0, opt) }
    }

    /// Key generation reports its progress on `err`, one character per
    /// callback, in the given style.
    pub fn print_progress(&self, err: &Bio, style: Progress) {
        let cb: sys::EVP_PKEY_gen_cb = match style {
            Progress::Genpkey => genpkey_cb,
            Progress::SCb => progress_cb,
        };
        // SAFETY: the BIO outlives the keygen call (the caller keeps it).
        unsafe {
            sys::EVP_PKEY_CTX_set_app_data(self.0, err.as_ptr().cast());
            sys::EVP_PKEY_CTX_set_cb(self.0, Some(cb));
        }
    }

    /// `EVP_PKEY_keygen`.
    pub fn keygen(&self) -> Option<PKey<Private>> {
        let mut out: *mut sys::EVP_PKEY = std::ptr::null_mut();
        // SAFETY: on success `out` is an owned key.
        let rc = unsafe { sys::EVP_PKEY_keygen(self.0, &mut out) };
        if rc <= 0 || out.is_null() {
            if !out.is_null() {
                // SAFETY: owned.
                unsafe { sys::EVP_PKEY_free(out) };
            }
            return None;
        }
        // SAFETY: owned.
        Some(unsafe { PKey::from_ptr(out) })
    }
}

/// Which of apps/' key-generation progress callbacks prints.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Progress {
    /// `genpkey_cb` (req.c in 3.0).
    Genpkey,
    /// `progress_cb` (lib/s_cb.c since 3.2).
    SCb,
}

/// `pkey_ctrl_string` from apps/lib/apps.c on any `EVP_PKEY_CTX`.
///
/// # Safety
/// `ctx` is a live `EVP_PKEY_CTX`.
pub(super) unsafe fn ctrl_string(ctx: *mut sys::EVP_PKEY_CTX, opt: &[u8]) -> i32 {
    let opt = super::name::until_nul(opt);
    let Some(colon) = opt.iter().position(|&b| b == b':') else {
        return 0;
    };
    let (Ok(name), Ok(value)) = (
        std::ffi::CString::new(&opt[..colon]),
        std::ffi::CString::new(&opt[colon + 1..]),
    ) else {
        return 0;
    };
    // SAFETY: live ctx (the caller's contract), NUL-terminated strings.
    unsafe { sys::EVP_PKEY_CTX_ctrl_str(ctx, name.as_ptr(), value.as_ptr()) }
}

/// Writes one progress character to the ctx's BIO and flushes it.
///
/// # Safety
/// `ctx` is a live keygen ctx whose app data is null or a live BIO.
unsafe fn put_progress(ctx: *mut sys::EVP_PKEY_CTX, c: u8) {
    // SAFETY: forwarded contract.
    unsafe {
        let b = sys::EVP_PKEY_CTX_get_app_data(ctx).cast::<sys::BIO>();
        if !b.is_null() {
            sys::BIO_write(b, (&raw const c).cast(), 1);
            sys::BIO_ctrl(b, sys::BIO_CTRL_FLUSH, 0, std::ptr::null_mut());
        }
    }
}

/// 3.0's `genpkey_cb`: '.', '+', '*' or a newline for keygen_info(0) =
/// 0..3, '*' for anything else.
unsafe extern "C" fn genpkey_cb(ctx: *mut sys::EVP_PKEY_CTX) -> libc::c_int {
    // SAFETY: called by libcrypto with the ctx whose app data is our BIO.
    unsafe {
        let c = match sys::EVP_PKEY_CTX_get_keygen_info(ctx, 0) {
            0 => b'.',
            1 => b'+',
            3 => b'\n',
            _ => b'*',
        };
        put_progress(ctx, c);
    }
    1
}

/// `progress_cb` (3.2): `symbols[p]` of ".+*\n" including its NUL, so
/// p == 4 writes a NUL byte; anything outside 0..=4 is '?'.
unsafe extern "C" fn progress_cb(ctx: *mut sys::EVP_PKEY_CTX) -> libc::c_int {
    const SYMBOLS: &[u8; 5] = b".+*\n\0";
    // SAFETY: called by libcrypto with the ctx whose app data is our BIO.
    unsafe {
        let p = sys::EVP_PKEY_CTX_get_keygen_info(ctx, 0);
        let c = usize::try_from(p)
            .ok()
            .and_then(|i| SYMBOLS.get(i).copied())
            .unwrap_or(b'?');
        put_progress(ctx, c);
    }
    1
}
