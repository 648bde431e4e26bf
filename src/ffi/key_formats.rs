//! Reading a private key by its format, the calls of 1.1.1's `load_key`
//! and `load_pkcs12` (apps/apps.c): PEM, DER, PKCS#12, MSBLOB, PVK, or
//! an engine's key. Pass phrases are asked with `ui::password_callback`
//! and the caller's `PwCbData`; what a failure is called is the caller's
//! (src/load/by_format.rs).

use super::ui::{PwCbData, password_callback};
use super::{Bio, owned, sys};
use libc::{c_char, c_int};
use openssl::pkey::{PKey, Private};
use std::ffi::CStr;

/// `PEM_BUFSIZE`: the pass-phrase buffer of `load_pkcs12`.
const PEM_BUFSIZE: usize = 1024;

fn cb_ptr(cb: &mut PwCbData) -> *mut libc::c_void {
    let p: *mut PwCbData = cb;
    p.cast()
}

/// `PEM_read_bio_PrivateKey(in, NULL, password_callback, cb)`.
pub fn read_pem(input: &Bio, cb: &mut PwCbData) -> Option<PKey<Private>> {
    // SAFETY: live BIO; `cb` outlives the call; the key is owned.
    unsafe {
        owned(sys::PEM_read_bio_PrivateKey(
            input.as_ptr(),
            std::ptr::null_mut(),
            Some(password_callback),
            cb_ptr(cb),
        ))
    }
}

/// `d2i_PrivateKey_bio(in, NULL)`.
pub fn read_der(input: &Bio) -> Option<PKey<Private>> {
    // SAFETY: live BIO; the key is owned.
    unsafe {
        owned(sys::d2i_PrivateKey_bio(
            input.as_ptr(),
            std::ptr::null_mut(),
        ))
    }
}

/// `b2i_PrivateKey_bio(in)`: a Microsoft private-key blob.
pub fn read_msblob(input: &Bio) -> Option<PKey<Private>> {
    // SAFETY: as above.
    unsafe { owned(sys::b2i_PrivateKey_bio(input.as_ptr())) }
}

/// `b2i_PVK_bio(in, password_callback, cb)`.
pub fn read_pvk(input: &Bio, cb: &mut PwCbData) -> Option<PKey<Private>> {
    // SAFETY: as above; `cb` outlives the call.
    unsafe {
        owned(sys::b2i_PVK_bio(
            input.as_ptr(),
            Some(password_callback),
            cb_ptr(cb),
        ))
    }
}

/// A PKCS#12 structure read with `d2i_PKCS12_bio`.
pub struct Pkcs12(*mut sys::PKCS12);

impl Drop for Pkcs12 {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { sys::PKCS12_free(self.0) }
    }
}

/// How `load_pkcs12` ends.
pub enum Pkcs12Outcome {
    /// `d2i_PKCS12_bio` failed.
    NotPkcs12,
    /// The pass phrase asked for does not verify the MAC.
    MacVerify,
    /// `PKCS12_parse` failed.
    ParseFailed,
    /// Parsed; the key, if the file had one.
    Parsed(Option<PKey<Private>>),
}

/// `load_pkcs12(in, desc, password_callback, cb, &pkey, NULL, NULL)`: an
/// empty pass phrase is tried first (`""`, then none), then the one
/// `password_callback` gives.
pub fn read_pkcs12(input: &Bio, cb: &mut PwCbData) -> Pkcs12Outcome {
    // SAFETY: live BIO; the structure is owned and freed by `Pkcs12`.
    let Some(p12) =
        (unsafe { super::cvt_p(sys::d2i_PKCS12_bio(input.as_ptr(), std::ptr::null_mut())) })
            .map(Pkcs12)
    else {
        return Pkcs12Outcome::NotPkcs12;
    };
    let mut tpass = [0 as c_char; PEM_BUFSIZE];
    // SAFETY: live structure; the buffers live through the calls.
    unsafe {
        let empty_verifies = sys::PKCS12_verify_mac(p12.0, c"".as_ptr(), 0) != 0
            || sys::PKCS12_verify_mac(p12.0, std::ptr::null(), 0) != 0;
        let pass: *const c_char = if empty_verifies {
            c"".as_ptr()
        } else {
            let len = password_callback(tpass.as_mut_ptr(), PEM_BUFSIZE as c_int, 0, cb_ptr(cb));
            if (len as usize) < PEM_BUFSIZE {
                tpass[len.max(0) as usize] = 0;
            }
            if sys::PKCS12_verify_mac(p12.0, tpass.as_ptr(), len) == 0 {
                super::cleanse(std::slice::from_raw_parts_mut(
                    tpass.as_mut_ptr().cast::<u8>(),
                    PEM_BUFSIZE,
                ));
                return Pkcs12Outcome::MacVerify;
            }
            tpass.as_ptr()
        };
        let mut pkey: *mut sys::EVP_PKEY = std::ptr::null_mut();
        let ok = sys::PKCS12_parse(
            p12.0,
            pass,
            &mut pkey,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        super::cleanse(std::slice::from_raw_parts_mut(
            tpass.as_mut_ptr().cast::<u8>(),
            PEM_BUFSIZE,
        ));
        let key: Option<PKey<Private>> = owned(pkey);
        if ok == 0 {
            Pkcs12Outcome::ParseFailed
        } else {
            Pkcs12Outcome::Parsed(key)
        }
    }
}

/// `ENGINE_init(e)`, `ENGINE_load_private_key(e, key_id, ui_method, cb)`,
/// `ENGINE_finish(e)`: None if the engine would not start or gave no key.
#[cfg(engines)]
pub fn engine_private_key(
    e: &super::engine::EngineRef,
    key_id: &CStr,
    cb: &mut PwCbData,
) -> Option<PKey<Private>> {
    // SAFETY: a live engine reference; the functional reference taken by
    // ENGINE_init is released; `cb` outlives the call; the key is owned.
    unsafe {
        if sys::ENGINE_init(e.as_ptr()) == 0 {
            return None;
        }
        let k = sys::ENGINE_load_private_key(
            e.as_ptr(),
            key_id.as_ptr(),
            super::ui::method() as *mut sys::UI_METHOD,
            cb_ptr(cb),
        );
        sys::ENGINE_finish(e.as_ptr());
        owned(k)
    }
}
