//! Key queries and key output that `apps/req.c` performs through the
//! provider-era EVP_PKEY API (type names, `EVP_PKEY_is_a`, default digest,
//! `PEM_write_bio_PrivateKey` with the pass phrase as callback data).

use super::{Bio, cstring, sys};
use foreign_types::ForeignTypeRef;
use openssl::pkey::{PKey, PKeyRef, Params};
use std::ffi::CStr;
#[cfg(ossl3)]
use std::ffi::CString;
use std::marker::PhantomData;

/// A key borrowed for `'a` — one of ours, or the public key a request or
/// certificate lends out (`X509_REQ_get0_pubkey`, `X509_get0_pubkey`) — or
/// no key at all, C's NULL: apps/req.c hands a NULL key to libcrypto in
/// places (a request whose key does not decode, `-x509` without a key), and
/// the calls answer with their own errors, which must be the same here.
/// Only a live borrow or NULL can make one, so the functions taking it are
/// safe to call.
#[derive(Clone, Copy)]
pub struct KeyRef<'a> {
    ptr: *mut sys::EVP_PKEY,
    owner: PhantomData<&'a ()>,
}

impl<'a> KeyRef<'a> {
    /// No key (NULL).
    pub const NONE: KeyRef<'static> = KeyRef {
        ptr: std::ptr::null_mut(),
        owner: PhantomData,
    };

    pub fn of<T>(key: &'a PKeyRef<T>) -> KeyRef<'a> {
        KeyRef {
            ptr: key.as_ptr(),
            owner: PhantomData,
        }
    }

    /// `key`, or NULL.
    pub fn of_opt<T>(key: Option<&'a PKeyRef<T>>) -> KeyRef<'a> {
        key.map_or(KeyRef::NONE, KeyRef::of)
    }

    /// # Safety
    /// `ptr` is NULL or a key that stays alive for `'a`.
    pub(super) unsafe fn from_ptr(ptr: *mut sys::EVP_PKEY) -> KeyRef<'a> {
        KeyRef {
            ptr,
            owner: PhantomData,
        }
    }

    pub fn is_none(self) -> bool {
        self.ptr.is_null()
    }

    pub(super) fn as_ptr(self) -> *mut sys::EVP_PKEY {
        self.ptr
    }
}

/// `EVP_PKEY_is_a`.
#[cfg(ossl3)]
pub fn is_a<T>(key: &PKeyRef<T>, name: &CStr) -> bool {
    // SAFETY: live key, NUL-terminated name.
    unsafe { sys::EVP_PKEY_is_a(key.as_ptr(), name.as_ptr()) != 0 }
}

/// `EVP_PKEY_is_a` of a borrowed key; false for none.
pub fn ref_is_a(key: KeyRef<'_>, name: &str) -> bool {
    let Some(n) = cstring(name) else { return false };
    // SAFETY: a live key (KeyRef), NUL-terminated name.
    !key.is_none() && unsafe { sys::EVP_PKEY_is_a(key.as_ptr(), n.as_ptr()) != 0 }
}

/// `EVP_PKEY_get0_type_name`.
#[cfg(ossl3)]
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
pub fn default_digest_name(key: KeyRef<'_>) -> (i32, Vec<u8>) {
    let mut buf = [0u8; 80];
    // SAFETY: a live key or NULL (which libcrypto refuses), buffer of the
    // given size.
    let rc = unsafe {
        sys::EVP_PKEY_get_default_digest_name(key.as_ptr(), buf.as_mut_ptr().cast(), buf.len())
    };
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    (rc, buf[..end].to_vec())
}

/// `PEM_read_bio_Parameters`.
pub fn read_parameters(input: &Bio) -> Option<PKey<Params>> {
    // SAFETY: the result is owned.
    unsafe {
        super::owned(sys::PEM_read_bio_Parameters(
            input.as_ptr(),
            std::ptr::null_mut(),
        ))
    }
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
            None,
            std::ptr::null_mut(),
        );
        if x.is_null() {
            return None;
        }
        let k = sys::X509_get_pubkey(x);
        sys::X509_free(x);
        super::owned(k)
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
            // *mut on 1.1.1, *const on 3.x: a null of either.
            std::ptr::null_mut(),
            0,
            None,
            u,
        ) != 0
    }
}

/// `PEM_write_bio_PUBKEY`.
pub fn write_public_pem(out: &Bio, key: KeyRef<'_>) -> bool {
    // SAFETY: live key and BIO.
    !key.is_none() && unsafe { sys::PEM_write_bio_PUBKEY(out.as_ptr(), key.as_ptr()) != 0 }
}

/// `EVP_PKEY_get_bn_param(key, "n")` printed with `BN_print`.
pub fn print_modulus(out: &Bio, key: KeyRef<'_>) -> bool {
    if key.is_none() {
        return false;
    }
    // SAFETY: a live key; the BIGNUM is owned and freed here.
    unsafe {
        let mut n: *mut sys::BIGNUM = std::ptr::null_mut();
        if sys::EVP_PKEY_get_bn_param(key.as_ptr(), c"n".as_ptr(), &mut n) == 0 {
            return false;
        }
        sys::BN_print(out.as_ptr(), n);
        sys::BN_free(n);
        true
    }
}

/// `EVP_PKEY_id`: the key's type (1.1.1's `set_keygen_ctx`).
#[cfg(not(ossl3))]
pub fn id<T>(key: &PKeyRef<T>) -> i32 {
    // SAFETY: live key.
    unsafe { sys::EVP_PKEY_id(key.as_ptr()) }
}

/// `EVP_PKEY_base_id`: the key's base type (RSA for every RSA variant).
#[cfg(not(ossl3))]
pub fn base_id<T>(key: &PKeyRef<T>) -> i32 {
    // SAFETY: live key.
    unsafe { sys::EVP_PKEY_base_id(key.as_ptr()) }
}
