//! What `apps/req.c` does with an `X509_REQ` beyond the `openssl` crate:
//! creation in the app's library context, attributes with an explicit
//! string type, libcrypto's printer, the `NEW` PEM armour, and
//! `X509_REQ_verify_ex`.

use super::pkey::KeyRef;
use super::{Bio, sys};
use foreign_types::ForeignTypeRef;
use openssl::pkey::{PKeyRef, Private};
use openssl::x509::{X509NameRef, X509Req, X509ReqRef};
use std::ffi::CStr;

/// `X509_REQ_new_ex(app_get0_libctx(), app_get0_propq())`.
pub fn new_request() -> Option<X509Req> {
    // SAFETY: returns an owned request or NULL.
    unsafe {
        super::owned(sys::X509_REQ_new_ex(
            std::ptr::null_mut(),
            super::propq_ptr(),
        ))
    }
}

/// `PEM_read_bio_X509_REQ`.
pub fn read_pem(input: &Bio) -> Option<X509Req> {
    // SAFETY: the BIO is live; the result is owned.
    let p = unsafe {
        sys::PEM_read_bio_X509_REQ(
            input.as_ptr(),
            std::ptr::null_mut(),
            None,
            std::ptr::null_mut(),
        )
    };
    // SAFETY: owned on success.
    unsafe { super::owned(p) }
}

/// `d2i_X509_REQ_bio`.
pub fn read_der(input: &Bio) -> Option<X509Req> {
    // SAFETY: as above.
    let p = unsafe { sys::d2i_X509_REQ_bio(input.as_ptr(), std::ptr::null_mut()) };
    // SAFETY: owned on success.
    unsafe { super::owned(p) }
}

pub trait ReqExt {
    fn set_version_raw(&mut self, version: i64) -> bool;
    fn set_subject(&mut self, name: &X509NameRef) -> bool;
    fn subject_mut(&mut self) -> &mut X509NameRef;
    fn set_pubkey(&mut self, key: &PKeyRef<Private>) -> bool;
    /// `X509_REQ_get0_pubkey`: none if absent or undecodable.
    fn get0_pubkey(&self) -> KeyRef<'_>;
    fn add_attr_nid(&mut self, nid: i32, chtype: i32, bytes: &[u8]) -> bool;
    fn add_attr_txt(&mut self, name: &CStr, chtype: i32, bytes: &[u8]) -> bool;
    fn print_ex(&self, out: &Bio, nmflag: u64, cflag: u64) -> bool;
    fn write_pem(&self, out: &Bio, new_header: bool) -> bool;
    fn write_der(&self, out: &Bio) -> bool;
}

impl ReqExt for X509ReqRef {
    fn set_version_raw(&mut self, version: i64) -> bool {
        // SAFETY: live request.
        unsafe { sys::X509_REQ_set_version(self.as_ptr(), version as libc::c_long) != 0 }
    }

    fn set_subject(&mut self, name: &X509NameRef) -> bool {
        // SAFETY: both live; libcrypto copies the name.
        unsafe { sys::X509_REQ_set_subject_name(self.as_ptr(), name.as_ptr()) != 0 }
    }

    fn subject_mut(&mut self) -> &mut X509NameRef {
        // SAFETY: a request always has a subject name it owns; the borrow
        // is tied to the request's.
        unsafe { X509NameRef::from_ptr_mut(sys::X509_REQ_get_subject_name(self.as_ptr())) }
    }

    fn set_pubkey(&mut self, key: &PKeyRef<Private>) -> bool {
        // SAFETY: libcrypto takes its own reference.
        unsafe { sys::X509_REQ_set_pubkey(self.as_ptr(), key.as_ptr()) != 0 }
    }

    fn get0_pubkey(&self) -> KeyRef<'_> {
        // SAFETY: NULL or a key the request owns, borrowed with it.
        unsafe { KeyRef::from_ptr(sys::X509_REQ_get0_pubkey(self.as_ptr())) }
    }

    fn add_attr_nid(&mut self, nid: i32, chtype: i32, bytes: &[u8]) -> bool {
        let bytes = super::name::until_nul(bytes);
        let Ok(len) = i32::try_from(bytes.len()) else {
            return false;
        };
        // SAFETY: bytes valid for len.
        unsafe {
            sys::X509_REQ_add1_attr_by_NID(self.as_ptr(), nid, chtype, bytes.as_ptr(), len) != 0
        }
    }

    fn add_attr_txt(&mut self, name: &CStr, chtype: i32, bytes: &[u8]) -> bool {
        let bytes = super::name::until_nul(bytes);
        let Ok(len) = i32::try_from(bytes.len()) else {
            return false;
        };
        // SAFETY: as above.
        unsafe {
            sys::X509_REQ_add1_attr_by_txt(
                self.as_ptr(),
                name.as_ptr(),
                chtype,
                bytes.as_ptr(),
                len,
            ) != 0
        }
    }

    fn print_ex(&self, out: &Bio, nmflag: u64, cflag: u64) -> bool {
        // SAFETY: both live.
        unsafe {
            sys::X509_REQ_print_ex(
                out.as_ptr(),
                self.as_ptr(),
                nmflag as libc::c_ulong,
                cflag as libc::c_ulong,
            ) != 0
        }
    }

    fn write_pem(&self, out: &Bio, new_header: bool) -> bool {
        // SAFETY: both live.
        unsafe {
            if new_header {
                sys::PEM_write_bio_X509_REQ_NEW(out.as_ptr(), self.as_ptr()) != 0
            } else {
                sys::PEM_write_bio_X509_REQ(out.as_ptr(), self.as_ptr()) != 0
            }
        }
    }

    fn write_der(&self, out: &Bio) -> bool {
        // SAFETY: both live.
        unsafe { sys::i2d_X509_REQ_bio(out.as_ptr(), self.as_ptr()) != 0 }
    }
}
