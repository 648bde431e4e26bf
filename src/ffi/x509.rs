//! What `req -x509` does to a certificate beyond the `openssl` crate:
//! creation in the app's library context, `-set_serial` parsing by
//! `s2i_ASN1_INTEGER`, `rand_serial`, `set_cert_times`, `copy_extensions`,
//! the CT poison extension, and libcrypto's printer.

use super::pkey::KeyRef;
use super::{Bio, sys};
use foreign_types::ForeignTypeRef;
use openssl::x509::{X509, X509NameRef, X509Ref, X509ReqRef};
use std::ffi::CStr;

/// A serial number from `-set_serial` (`s2i_ASN1_INTEGER`: decimal, or
/// hex after 0x, optionally negative).
pub struct Serial(*mut sys::ASN1_INTEGER);

impl Drop for Serial {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { sys::ASN1_INTEGER_free(self.0) }
    }
}

impl Serial {
    /// None when libcrypto rejects the text (its errors stay queued).
    pub fn parse(text: &[u8]) -> Option<Serial> {
        let c = std::ffi::CString::new(super::name::until_nul(text)).ok()?;
        // SAFETY: NUL-terminated input; the result is owned.
        let p = unsafe { sys::s2i_ASN1_INTEGER(std::ptr::null_mut(), c.as_ptr()) };
        super::cvt_p(p).map(Serial)
    }
}

/// `X509_new_ex(app_get0_libctx(), app_get0_propq())`.
pub fn new_cert() -> Option<X509> {
    // SAFETY: owned result or NULL.
    unsafe { super::owned(sys::X509_new_ex(std::ptr::null_mut(), super::propq_ptr())) }
}

/// `X509_load_http(url, NULL, NULL, 0)`: a certificate fetched over HTTP
/// (3.x; 1.1.1's req loads no certificate).
#[cfg(ossl3)]
pub fn load_http(url: &std::ffi::CStr) -> Option<X509> {
    // SAFETY: NUL-terminated URL; the result is owned.
    unsafe {
        super::owned(sys::X509_load_http(
            url.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        ))
    }
}

/// `SERIAL_RAND_BITS` of apps.h.
const SERIAL_RAND_BITS: i32 = 159;

pub trait CertExt {
    fn set_serial(&self, serial: &Serial) -> bool;
    /// `rand_serial(NULL, X509_get_serialNumber(x))`.
    fn set_random_serial(&self) -> bool;
    fn set_issuer(&self, name: &X509NameRef) -> bool;
    fn set_subject(&self, name: &X509NameRef) -> bool;
    /// `set_cert_times(x, NULL, NULL, days)`: from now for `days` days.
    fn set_validity_days(&self, days: i32) -> bool;
    /// notBefore: now (None) or `ASN1_TIME_set_string_X509(time)`.
    fn set_not_before(&self, time: Option<&CStr>) -> bool;
    /// notAfter: `days` after now (`X509_time_adj_ex`).
    fn set_not_after_days(&self, days: i32) -> bool;
    /// notAfter: `ASN1_TIME_set_string_X509(time)`.
    fn set_not_after(&self, time: &CStr) -> bool;
    /// `ASN1_TIME_compare(notAfter, notBefore) < 0`.
    fn ends_before_it_starts(&self) -> bool;
    /// `X509_set_pubkey`; false for no key.
    fn set_pubkey_ref(&self, key: KeyRef<'_>) -> bool;
    /// `X509_get0_pubkey`: none if absent or undecodable.
    fn get0_pubkey(&self) -> KeyRef<'_>;
    /// `X509_check_private_key`.
    fn matches_key(&self, key: KeyRef<'_>) -> bool;
    fn extension_count(&self) -> i32;
    fn set_version_raw(&self, v: i64) -> bool;
    /// The CT precertificate poison (critical, NULL value).
    fn add_poison(&self) -> bool;
    /// `copy_extensions(x, req, copy_type)` for copy (false) or copyall (true).
    fn copy_extensions(&self, req: &X509ReqRef, replace: bool) -> bool;
    fn print_ex(&self, out: &Bio, nmflag: u64, cflag: u64) -> bool;
    fn write_pem(&self, out: &Bio) -> bool;
    fn write_der(&self, out: &Bio) -> bool;
}

impl CertExt for X509Ref {
    fn set_serial(&self, serial: &Serial) -> bool {
        // SAFETY: libcrypto copies the integer.
        unsafe { sys::X509_set_serialNumber(self.as_ptr(), serial.0) != 0 }
    }

    fn set_random_serial(&self) -> bool {
        // SAFETY: the BIGNUM is owned and freed here.
        unsafe {
            let bn = sys::BN_new();
            if bn.is_null() {
                return false;
            }
            let ok = sys::BN_rand(bn, SERIAL_RAND_BITS, -1, 0) != 0
                && !sys::BN_to_ASN1_INTEGER(bn, sys::X509_get_serialNumber(self.as_ptr()))
                    .is_null();
            sys::BN_free(bn);
            ok
        }
    }

    fn set_issuer(&self, name: &X509NameRef) -> bool {
        // SAFETY: copied by libcrypto.
        unsafe { sys::X509_set_issuer_name(self.as_ptr(), name.as_ptr()) != 0 }
    }

    fn set_subject(&self, name: &X509NameRef) -> bool {
        // SAFETY: copied by libcrypto.
        unsafe { sys::X509_set_subject_name(self.as_ptr(), name.as_ptr()) != 0 }
    }

    fn set_validity_days(&self, days: i32) -> bool {
        // SAFETY: the times belong to the certificate.
        unsafe {
            !sys::X509_gmtime_adj(sys::X509_getm_notBefore(self.as_ptr()), 0).is_null()
                && !sys::X509_time_adj_ex(
                    sys::X509_getm_notAfter(self.as_ptr()),
                    days,
                    0,
                    std::ptr::null_mut(),
                )
                .is_null()
        }
    }

    fn set_not_before(&self, time: Option<&CStr>) -> bool {
        // SAFETY: the time belongs to the certificate; the string is read.
        unsafe {
            let t = sys::X509_getm_notBefore(self.as_ptr());
            match time {
                None => !sys::X509_gmtime_adj(t, 0).is_null(),
                Some(s) => sys::ASN1_TIME_set_string_X509(t, s.as_ptr()) != 0,
            }
        }
    }

    fn set_not_after_days(&self, days: i32) -> bool {
        // SAFETY: the time belongs to the certificate.
        unsafe {
            let t = sys::X509_getm_notAfter(self.as_ptr());
            !sys::X509_time_adj_ex(t, days, 0, std::ptr::null_mut()).is_null()
        }
    }

    fn set_not_after(&self, time: &CStr) -> bool {
        // SAFETY: as above.
        unsafe {
            let t = sys::X509_getm_notAfter(self.as_ptr());
            sys::ASN1_TIME_set_string_X509(t, time.as_ptr()) != 0
        }
    }

    fn ends_before_it_starts(&self) -> bool {
        // SAFETY: both times belong to the certificate.
        unsafe {
            sys::ASN1_TIME_compare(
                sys::X509_getm_notAfter(self.as_ptr()),
                sys::X509_getm_notBefore(self.as_ptr()),
            ) < 0
        }
    }

    fn set_pubkey_ref(&self, key: KeyRef<'_>) -> bool {
        // SAFETY: a live key; libcrypto takes its own reference.
        !key.is_none() && unsafe { sys::X509_set_pubkey(self.as_ptr(), key.as_ptr()) != 0 }
    }

    fn get0_pubkey(&self) -> KeyRef<'_> {
        // SAFETY: NULL or a key the certificate owns, borrowed with it.
        unsafe { KeyRef::from_ptr(sys::X509_get0_pubkey(self.as_ptr())) }
    }

    fn matches_key(&self, key: KeyRef<'_>) -> bool {
        // SAFETY: live certificate; a live key or NULL (which libcrypto
        // answers with its own error, as for openssl).
        unsafe { sys::X509_check_private_key(self.as_ptr(), key.as_ptr()) != 0 }
    }

    fn extension_count(&self) -> i32 {
        // SAFETY: the stack may be NULL, which counts as -1 in C.
        unsafe { sys::OPENSSL_sk_num(sys::X509_get0_extensions(self.as_ptr()).cast()) }
    }

    fn set_version_raw(&self, v: i64) -> bool {
        // SAFETY: live certificate.
        unsafe { sys::X509_set_version(self.as_ptr(), v as libc::c_long) != 0 }
    }

    fn add_poison(&self) -> bool {
        // SAFETY: live certificate.
        unsafe {
            sys::X509_add1_ext_i2d(
                self.as_ptr(),
                sys::NID_CT_PRECERT_POISON,
                std::ptr::null_mut(),
                1,
                0,
            ) == 1
        }
    }

    fn copy_extensions(&self, req: &X509ReqRef, replace: bool) -> bool {
        // SAFETY: the extension stack is owned and freed here.
        unsafe {
            // The stack as the generic OPENSSL_sk_* functions take it.
            let exts = sys::X509_REQ_get_extensions(req.as_ptr()).cast::<sys::OPENSSL_STACK>();
            let mut ok = true;
            for i in 0..sys::OPENSSL_sk_num(exts) {
                let ext = sys::OPENSSL_sk_value(exts, i).cast::<sys::X509_EXTENSION>();
                let obj = sys::X509_EXTENSION_get_object(ext);
                let mut idx = sys::X509_get_ext_by_OBJ(self.as_ptr(), obj, -1);
                if idx != -1 {
                    if !replace {
                        continue;
                    }
                    while idx != -1 {
                        sys::X509_EXTENSION_free(sys::X509_delete_ext(self.as_ptr(), idx));
                        idx = sys::X509_get_ext_by_OBJ(self.as_ptr(), obj, -1);
                    }
                }
                if sys::X509_add_ext(self.as_ptr(), ext, -1) == 0 {
                    ok = false;
                    break;
                }
            }
            if !exts.is_null() {
                sys::OPENSSL_sk_pop_free(exts, Some(free_extension));
            }
            ok
        }
    }

    fn print_ex(&self, out: &Bio, nmflag: u64, cflag: u64) -> bool {
        // SAFETY: both live.
        unsafe {
            sys::X509_print_ex(
                out.as_ptr(),
                self.as_ptr(),
                nmflag as libc::c_ulong,
                cflag as libc::c_ulong,
            ) != 0
        }
    }

    fn write_pem(&self, out: &Bio) -> bool {
        // SAFETY: both live.
        unsafe { sys::PEM_write_bio_X509(out.as_ptr(), self.as_ptr()) != 0 }
    }

    fn write_der(&self, out: &Bio) -> bool {
        // SAFETY: both live.
        unsafe { sys::i2d_X509_bio(out.as_ptr(), self.as_ptr()) != 0 }
    }
}

unsafe extern "C" fn free_extension(p: *mut libc::c_void) {
    // SAFETY: called by OPENSSL_sk_pop_free on each owned extension.
    unsafe { sys::X509_EXTENSION_free(p.cast()) }
}

/// `ASN1_TIME_set_string_X509(NULL, time)`: whether `time` is a valid
/// `[CC]YYMMDDHHMMSSZ` date.
pub fn is_valid_time(time: &CStr) -> bool {
    // SAFETY: with a NULL target the string is only parsed.
    unsafe { sys::ASN1_TIME_set_string_X509(std::ptr::null_mut(), time.as_ptr()) != 0 }
}
