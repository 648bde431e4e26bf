//! What `apps/` does with an `X509_NAME` that the `openssl` crate does not
//! offer: adding entries with an explicit string type and multi-valued RDN
//! position, counting them, and libcrypto's own printers.

use super::{Bio, sys};
use foreign_types::ForeignTypeRef;
use openssl::x509::{X509Name, X509NameRef};

/// `X509_NAME_new`.
pub fn new_name() -> Option<X509Name> {
    X509Name::builder().ok().map(|b| b.build())
}

pub trait NameExt {
    /// `X509_NAME_add_entry_by_NID(n, nid, chtype, bytes, len, -1, set)`.
    fn add_entry_nid(&mut self, nid: i32, chtype: i32, bytes: &[u8], set: i32) -> bool;
    /// `X509_NAME_add_entry_by_txt(n, field, chtype, bytes, -1, -1, set)`,
    /// with the length taken up to the first NUL as C's strlen would.
    fn add_entry_txt(
        &mut self,
        field: &std::ffi::CStr,
        chtype: i32,
        bytes: &[u8],
        set: i32,
    ) -> bool;
    fn entry_count(&self) -> i32;
    /// `X509_NAME_print_ex`.
    fn print_ex(&self, out: &Bio, indent: i32, flags: u64) -> bool;
    /// `X509_NAME_oneline` (the `compat` name format).
    fn oneline(&self) -> Vec<u8>;
}

impl NameExt for X509NameRef {
    fn add_entry_nid(&mut self, nid: i32, chtype: i32, bytes: &[u8], set: i32) -> bool {
        let Ok(len) = i32::try_from(bytes.len()) else {
            return false;
        };
        // SAFETY: bytes valid for len; the name is live and mutable.
        unsafe {
            sys::X509_NAME_add_entry_by_NID(
                self.as_ptr(),
                nid,
                chtype,
                bytes.as_ptr(),
                len,
                -1,
                set,
            ) != 0
        }
    }

    fn add_entry_txt(
        &mut self,
        field: &std::ffi::CStr,
        chtype: i32,
        bytes: &[u8],
        set: i32,
    ) -> bool {
        let bytes = until_nul(bytes);
        let Ok(len) = i32::try_from(bytes.len()) else {
            return false;
        };
        // SAFETY: as above.
        unsafe {
            sys::X509_NAME_add_entry_by_txt(
                self.as_ptr(),
                field.as_ptr(),
                chtype,
                bytes.as_ptr(),
                len,
                -1,
                set,
            ) != 0
        }
    }

    fn entry_count(&self) -> i32 {
        // SAFETY: the name is live.
        unsafe { sys::X509_NAME_entry_count(self.as_ptr()) }
    }

    fn print_ex(&self, out: &Bio, indent: i32, flags: u64) -> bool {
        // SAFETY: both live.
        unsafe {
            sys::X509_NAME_print_ex(out.as_ptr(), self.as_ptr(), indent, flags as libc::c_ulong)
                >= 0
        }
    }

    fn oneline(&self) -> Vec<u8> {
        // SAFETY: with a NULL buffer libcrypto allocates the result.
        unsafe {
            let p = sys::X509_NAME_oneline(self.as_ptr(), std::ptr::null_mut(), 0);
            if p.is_null() {
                return Vec::new();
            }
            let s = std::ffi::CStr::from_ptr(p).to_bytes().to_vec();
            super::openssl_free(p.cast());
            s
        }
    }
}

/// The prefix of `bytes` before the first NUL: what a C string would hold.
pub fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(i) => &bytes[..i],
        None => bytes,
    }
}

/// `OBJ_txt2nid`; 0 (`NID_undef`) when the name or OID is unknown.
pub fn txt2nid(name: &[u8]) -> i32 {
    let Ok(c) = std::ffi::CString::new(until_nul(name)) else {
        return 0;
    };
    // SAFETY: NUL-terminated.
    unsafe { sys::OBJ_txt2nid(c.as_ptr()) }
}
