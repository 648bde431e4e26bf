//! Ciphers for the private key's encryption, looked up by name
//! (`EVP_get_cipherbyname`) as req_main does for its default and `-cipher`.

use super::sys;

/// A cipher from libcrypto's static table: never freed, valid for the
/// life of the process.
#[derive(Clone, Copy, Debug)]
pub struct Cipher(*const sys::EVP_CIPHER);

impl Cipher {
    /// `EVP_get_cipherbyname(name)`; None for an unknown name (or one with
    /// a NUL, which no C caller could have passed).
    pub fn by_name(name: &[u8]) -> Option<Cipher> {
        let name = std::ffi::CString::new(name).ok()?;
        // SAFETY: NUL-terminated name; the result is static.
        let p = unsafe { sys::EVP_get_cipherbyname(name.as_ptr()) };
        (!p.is_null()).then_some(Cipher(p))
    }

    pub fn as_ptr(self) -> *const sys::EVP_CIPHER {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_find_the_static_ciphers() {
        let c = Cipher::by_name(b"des-ede3-cbc").unwrap();
        // SAFETY: plain accessor returning a static object.
        assert_eq!(c.as_ptr(), unsafe { openssl_sys::EVP_des_ede3_cbc() });
        assert!(Cipher::by_name(b"AES-256-CBC").is_some());
        assert!(Cipher::by_name(b"no-such-cipher").is_none());
    }
}
