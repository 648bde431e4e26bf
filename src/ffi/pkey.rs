//! Key queries and key output that `apps/req.c` performs through the
//! provider-era EVP_PKEY API (type names, `EVP_PKEY_is_a`, default digest,
//! `PEM_write_bio_PrivateKey` with the pass phrase as callback data).

use super::{Bio, cstring, sys};
use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::pkey::{PKey, PKeyRef, Params};
use std::ffi::{CStr, CString};

/// A borrowed key of any kind, as libcrypto hands them out.
pub type KeyPtr = *mut sys::EVP_PKEY;

/// `EVP_PKEY_is_a`.
pub fn is_a<T>(key: &PKeyRef<T>, name: &CStr) -> bool {
    // SAFETY: live key, NUL-terminated name.
    unsafe { sys::EVP_PKEY_is_a(key.as_ptr(), name.as_ptr()) != 0 }
}

pub fn is_a_ptr(key: KeyPtr, name: &str) -> bool {
    let Some(n) = cstring(name) else { return false };
    // SAFETY: caller passes a live key.
    !key.is_null() && unsafe { sys::EVP_PKEY_is_a(key, n.as_ptr()) != 0 }
}

/// `EVP_PKEY_get0_type_name`.
pub fn type_name<T>(key: &PKeyRef<T>) -> Option<CString> {
    // SAFETY: live key; the name is static in the provider.
    unsafe {
        let p = sys::EVP_PKEY_get0_type_name(key.as_ptr());
        (!p.is_null()).then(|| CStr::from_ptr(p).to_owned())
    }
}

/// `EVP_PKEY_get_bits`.
pub fn bits<T>(key: &PKeyRef<T>) -> i32 {
    // SAFETY: live key.
    unsafe { sys::EVP_PKEY_get_bits(key.as_ptr()) }
}

/// `EVP_PKEY_get_default_digest_name`: (return code, name).
pub fn default_digest_name(key: KeyPtr) -> (i32, Vec<u8>) {
    let mut buf = [0u8; 80];
    // SAFETY: buffer of the given size.
    let rc =
        unsafe { sys::EVP_PKEY_get_default_digest_name(key, buf.as_mut_ptr().cast(), buf.len()) };
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    (rc, buf[..end].to_vec())
}

/// `PEM_read_bio_Parameters`.
pub fn read_parameters(input: &Bio) -> Option<PKey<Params>> {
    // SAFETY: the result is owned.
    let p = unsafe { sys::PEM_read_bio_Parameters(input.as_ptr(), std::ptr::null_mut()) };
    (!p.is_null()).then(|| unsafe { PKey::from_ptr(p) })
}

/// The public key of the first certificate in `input` (`PEM_read_bio_X509`
/// then `X509_get_pubkey`): `set_keygen_ctx` accepts a certificate as the
/// parameter file.
pub fn read_cert_pubkey(input: &Bio) -> Option<PKey<Params>> {
    // SAFETY: all objects owned and freed here.
    unsafe {
        let x = sys::PEM_read_bio_X509(
            input.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        if x.is_null() {
            return None;
        }
        let k = sys::X509_get_pubkey(x);
        sys::X509_free(x);
        (!k.is_null()).then(|| PKey::from_ptr(k))
    }
}

/// `PEM_write_bio_PrivateKey(out, pkey, cipher, NULL, 0, NULL, passout)`:
/// with no pass phrase libcrypto asks for one on the terminal itself.
pub fn write_private_pem<T>(
    out: &Bio,
    key: &PKeyRef<T>,
    cipher: Option<super::Cipher>,
    passout: Option<&CStr>,
) -> bool {
    // SAFETY: all pointers live for the call; the pass phrase is read-only.
    unsafe {
        let cipher = cipher.map_or(std::ptr::null(), super::Cipher::as_ptr);
        let u = passout.map_or(std::ptr::null_mut(), |p| p.as_ptr() as *mut libc::c_void);
        sys::PEM_write_bio_PrivateKey(
            out.as_ptr(),
            key.as_ptr(),
            cipher,
            std::ptr::null(),
            0,
            None,
            u,
        ) != 0
    }
}

/// `PEM_write_bio_PUBKEY`.
pub fn write_public_pem(out: &Bio, key: KeyPtr) -> bool {
    // SAFETY: live key and BIO.
    unsafe { sys::PEM_write_bio_PUBKEY(out.as_ptr(), key) != 0 }
}

/// `EVP_PKEY_get_bn_param(key, "n")` printed with `BN_print`.
pub fn print_modulus(out: &Bio, key: KeyPtr) -> bool {
    // SAFETY: the BIGNUM is owned and freed here.
    unsafe {
        let mut n: *mut sys::BIGNUM = std::ptr::null_mut();
        if sys::EVP_PKEY_get_bn_param(key, c"n".as_ptr(), &mut n) == 0 {
            return false;
        }
        sys::BN_print(out.as_ptr(), n);
        sys::BN_free(n);
        true
    }
}
