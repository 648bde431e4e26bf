//! `KeygenCtx`: the `EVP_PKEY_CTX` that `set_keygen_ctx` in apps/req.c
//! builds, with openssl's progress callback (`genpkey_cb`) printing to
//! stderr.

#[cfg(ossl3)]
use super::cstring;
use super::engine::EngineRef;
use super::{Bio, sys};
use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::pkey::{PKey, PKeyRef, Params, Private};
#[cfg(ossl3)]
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
    #[cfg(ossl3)]
    pub fn from_name(name: &CStr) -> Option<KeygenCtx> {
        // SAFETY: NUL-terminated name.
        Self::wrap(unsafe {
            sys::EVP_PKEY_CTX_new_from_name(std::ptr::null_mut(), name.as_ptr(), super::propq_ptr())
        })
    }

    /// `EVP_PKEY_CTX_new_from_pkey(libctx, params, propq)`.
    #[cfg(ossl3)]
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

    /// `EVP_PKEY_CTX_new(params, NULL)` (1.1.1's `set_keygen_ctx`
    /// without `-keygen_engine`).
    #[cfg(not(ossl3))]
    pub fn from_params(params: &PKeyRef<Params>) -> Option<KeygenCtx> {
        // SAFETY: libcrypto takes its own reference to the key.
        Self::wrap(unsafe { sys::EVP_PKEY_CTX_new(params.as_ptr(), std::ptr::null_mut()) })
    }

    /// `EVP_PKEY_CTX_new_id(id, NULL)` (1.1.1's `set_keygen_ctx` without
    /// `-keygen_engine`).
    #[cfg(not(ossl3))]
    pub fn from_id_default(id: i32) -> Option<KeygenCtx> {
        // SAFETY: plain constructor.
        Self::wrap(unsafe { sys::EVP_PKEY_CTX_new_id(id, std::ptr::null_mut()) })
    }

    /// `EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits)` (1.1.1: a control of
    /// the RSA method).
    #[cfg(not(ossl3))]
    pub fn set_rsa_keygen_bits(&self, bits: libc::c_int) -> bool {
        const EVP_PKEY_OP_KEYGEN: libc::c_int = 1 << 2;
        const EVP_PKEY_CTRL_RSA_KEYGEN_BITS: libc::c_int = 0x1000 + 3;
        // SAFETY: live ctx; the control takes no pointer.
        unsafe {
            sys::EVP_PKEY_CTX_ctrl(
                self.0,
                -1,
                EVP_PKEY_OP_KEYGEN,
                EVP_PKEY_CTRL_RSA_KEYGEN_BITS,
                bits,
                std::ptr::null_mut(),
            ) > 0
        }
    }

    /// `EVP_PKEY_keygen_init`.
    pub fn keygen_init(&self) -> bool {
        // SAFETY: live ctx.
        unsafe { sys::EVP_PKEY_keygen_init(self.0) > 0 }
    }

    /// `EVP_PKEY_CTX_is_a`.
    #[cfg(ossl3)]
    pub fn is_a(&self, name: &str) -> bool {
        let Some(n) = cstring(name) else { return false };
        // SAFETY: live ctx.
        unsafe { sys::EVP_PKEY_CTX_is_a(self.0, n.as_ptr()) != 0 }
    }

    /// Sets `OSSL_PKEY_PARAM_BITS` ("bits") as a size_t parameter.
    #[cfg(ossl3)]
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
    /// `EVP_PKEY_CTX_ctrl_str`; without a ':' it fails with 0 (3.x's), or
    /// with `value_optional` goes with no value (1.1.1's), for libcrypto to
    /// refuse with its own error.
    pub fn ctrl_string(&self, opt: &[u8], value_optional: bool) -> i32 {
        // SAFETY: our live ctx.
        unsafe {
            if value_optional {
                ctrl_string_value_optional(self.0, opt)
            } else {
                ctrl_string(self.0, opt)
            }
        }
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
    // SAFETY: forwarded contract.
    unsafe { ctrl_name_value(ctx, opt, colon) }
}

/// 1.1.1's `pkey_ctrl_string`: as `ctrl_string`, but `name` alone (no ':')
/// goes to `EVP_PKEY_CTX_ctrl_str` with no value, for the method to refuse.
///
/// # Safety
/// `ctx` is a live `EVP_PKEY_CTX`.
pub(super) unsafe fn ctrl_string_value_optional(ctx: *mut sys::EVP_PKEY_CTX, opt: &[u8]) -> i32 {
    let opt = super::name::until_nul(opt);
    match opt.iter().position(|&b| b == b':') {
        // SAFETY: forwarded contract.
        Some(colon) => unsafe { ctrl_name_value(ctx, opt, colon) },
        None => {
            let Ok(name) = std::ffi::CString::new(opt) else {
                return 0;
            };
            // SAFETY: live ctx, NUL-terminated name, no value.
            unsafe { sys::EVP_PKEY_CTX_ctrl_str(ctx, name.as_ptr(), std::ptr::null()) }
        }
    }
}

/// `EVP_PKEY_CTX_ctrl_str(ctx, opt[..colon], opt[colon + 1..])`.
unsafe fn ctrl_name_value(ctx: *mut sys::EVP_PKEY_CTX, opt: &[u8], colon: usize) -> i32 {
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

/// 1.1.1's key-algorithm lookups by ASN.1 method (`set_keygen_ctx`).
#[cfg(not(ossl3))]
pub mod ameth {
    use super::super::sys;
    use libc::{c_char, c_int};
    use std::ffi::{CStr, CString};

    /// `ENGINE_finish` of the engine a lookup noted (none: nothing).
    unsafe fn finish(e: *mut sys::ENGINE) {
        #[cfg(engines)]
        // SAFETY: the functional reference the lookup returned, or NULL.
        unsafe {
            if !e.is_null() {
                sys::ENGINE_finish(e);
            }
        }
        #[cfg(not(engines))]
        let _ = e;
    }

    /// The base key type (`pkey_base_id`) of `ameth`, or None: what
    /// 1.1.1's `set_keygen_ctx` takes (`EVP_PKEY_asn1_get0_info(NULL,
    /// pkey_type, ...)`), an alias's base type for an alias.
    unsafe fn base_id(ameth: *const libc::c_void) -> Option<c_int> {
        let mut id: c_int = 0;
        // SAFETY: a live method; only the base id is asked for.
        let ok = unsafe {
            sys::EVP_PKEY_asn1_get0_info(
                std::ptr::null_mut(),
                &mut id,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                ameth,
            )
        };
        (ok != 0).then_some(id)
    }

    /// `EVP_PKEY_asn1_find_str(&e, name, len)` then its base type: the
    /// algorithm a `-newkey` name stands for, engines' included.
    pub fn find_str(name: &[u8]) -> Option<c_int> {
        let len = c_int::try_from(name.len()).ok()?;
        let mut e: *mut sys::ENGINE = std::ptr::null_mut();
        // SAFETY: the name is read for `len` bytes; the noted engine is
        // finished after the lookup.
        unsafe {
            let ameth = sys::EVP_PKEY_asn1_find_str(&mut e, name.as_ptr().cast::<c_char>(), len);
            if ameth.is_null() {
                return None;
            }
            let id = base_id(ameth);
            finish(e);
            id
        }
    }

    /// `EVP_PKEY_asn1_find(&e, id)` then its PEM name (`pem_str`): what
    /// 1.1.1 calls the key type ("RSA", "EC", "ED25519").
    pub fn pem_name(id: c_int) -> Option<CString> {
        let mut e: *mut sys::ENGINE = std::ptr::null_mut();
        // SAFETY: lookups only; the name is static in the method.
        unsafe {
            let ameth = sys::EVP_PKEY_asn1_find(&mut e, id);
            if ameth.is_null() {
                return None;
            }
            let mut pem: *const c_char = std::ptr::null();
            sys::EVP_PKEY_asn1_get0_info(
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut pem,
                ameth,
            );
            let name = (!pem.is_null()).then(|| CStr::from_ptr(pem).to_owned());
            finish(e);
            name
        }
    }
}
