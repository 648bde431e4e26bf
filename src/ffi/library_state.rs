//! Process-wide libcrypto state that apps/ sets from options and config:
//! objects (OIDs), the default string mask, the random generator's seed
//! files, and digest lookup (providers: `provider`).

use super::{Bio, sys};
use std::ffi::CStr;

/// `OBJ_create(oid, sn, ln)`; false when libcrypto refuses it.
pub fn create_object(oid: &CStr, sn: &CStr, ln: &CStr) -> bool {
    // SAFETY: NUL-terminated strings.
    unsafe { sys::OBJ_create(oid.as_ptr(), sn.as_ptr(), ln.as_ptr()) != 0 }
}

/// `OBJ_create_objects`: one `oid short long` line after another.
pub fn create_objects(input: &Bio) {
    // SAFETY: live BIO.
    unsafe { sys::OBJ_create_objects(input.as_ptr()) };
}

/// `ASN1_STRING_set_default_mask_asc`.
pub fn set_default_string_mask(mask: &CStr) -> bool {
    // SAFETY: NUL-terminated; sets libcrypto's process-wide default.
    unsafe { sys::ASN1_STRING_set_default_mask_asc(mask.as_ptr()) != 0 }
}

/// `RAND_status`.
pub fn rand_status() -> bool {
    // SAFETY: no arguments.
    unsafe { sys::RAND_status() != 0 }
}

/// `RAND_load_file(file, -1) >= 0`.
pub fn rand_load_file(file: &CStr) -> bool {
    // SAFETY: NUL-terminated path.
    unsafe { sys::RAND_load_file(file.as_ptr(), -1) >= 0 }
}

/// `RAND_write_file(file) != -1`.
pub fn rand_write_file(file: &CStr) -> bool {
    // SAFETY: NUL-terminated path.
    unsafe { sys::RAND_write_file(file.as_ptr()) != -1 }
}

/// `EVP_MD_fetch(NULL, name, propq)`, freed at once: is it fetchable?
#[cfg(ossl3)]
pub fn digest_fetchable(name: &CStr) -> bool {
    // SAFETY: the fetched digest is freed immediately.
    unsafe {
        let md = sys::EVP_MD_fetch(std::ptr::null_mut(), name.as_ptr(), super::propq_ptr());
        if md.is_null() {
            return false;
        }
        sys::EVP_MD_free(md);
        true
    }
}

/// `EVP_get_digestbyname`: the legacy name table (aliases, engines).
pub fn digest_by_name(name: &CStr) -> bool {
    // SAFETY: lookup only.
    unsafe { !sys::EVP_get_digestbyname(name.as_ptr()).is_null() }
}
