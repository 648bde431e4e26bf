//! `Conf`: a configuration loaded by libcrypto's own parser (NCONF), so
//! `.include`, `$var`, `${section::name}`, `$ENV::NAME` and quoting behave
//! exactly as in openssl.

use super::err::Leftovers;
use super::{Bio, cstring, sys};
use libc::c_long;
use std::ffi::{CStr, CString};
use std::ptr;

/// An owned `CONF`, freed with `NCONF_free`, and what its optional
/// lookups do with the errors of a miss (the caller's choice).
pub struct Conf {
    ptr: *mut sys::CONF,
    misses: Leftovers,
}

impl Drop for Conf {
    fn drop(&mut self) {
        // SAFETY: we own it.
        unsafe { sys::NCONF_free(self.ptr) }
    }
}

/// Why `NCONF_load_bio` failed: a line number when the parser knows one.
pub struct LoadError {
    pub line: Option<c_long>,
}

/// One `name = value` entry of a section, in file order.
pub struct ConfValue {
    pub name: CString,
    pub value: CString,
}

impl Conf {
    /// `NCONF_new_ex` with no content: what openssl uses for `-config ""`.
    /// `misses`: what a lookup that finds nothing does with its errors.
    pub fn empty(misses: Leftovers) -> Option<Conf> {
        // SAFETY: default library context and method.
        let p = unsafe { sys::NCONF_new_ex(ptr::null_mut(), ptr::null_mut()) };
        if p.is_null() {
            None
        } else {
            Some(Conf { ptr: p, misses })
        }
    }

    /// `NCONF_load_bio` on `input`.
    pub fn load(input: &Bio, misses: Leftovers) -> Result<Conf, LoadError> {
        let conf = Conf::empty(misses).ok_or(LoadError { line: None })?;
        let mut line: c_long = -1;
        // SAFETY: conf and the BIO are live.
        let ok = unsafe { sys::NCONF_load_bio(conf.ptr, input.as_ptr(), &mut line) };
        if ok > 0 {
            Ok(conf)
        } else {
            Err(LoadError {
                line: (line > 0).then_some(line),
            })
        }
    }

    pub fn as_ptr(&self) -> *mut sys::CONF {
        self.ptr
    }

    /// `NCONF_get_string` with the error-queue discipline given at
    /// construction (`Lookup` below).
    pub fn string(&self, section: Option<&CStr>, name: &str) -> Option<CString> {
        let name = cstring(name)?;
        self.string_c(section, &name)
    }

    pub fn string_c(&self, section: Option<&CStr>, name: &CStr) -> Option<CString> {
        let sect = section.map_or(ptr::null(), CStr::as_ptr);
        let lookup = Lookup::start(self.misses);
        // SAFETY: valid C strings; the result points into the CONF.
        let p = unsafe { sys::NCONF_get_string(self.ptr, sect, name.as_ptr()) };
        lookup.end(!p.is_null());
        if p.is_null() {
            None
        } else {
            // SAFETY: NUL-terminated string owned by the CONF.
            Some(unsafe { CStr::from_ptr(p) }.to_owned())
        }
    }

    /// `NCONF_get_string` for a setting the caller cannot do without: a
    /// miss leaves its error ("no value") on the queue.
    pub fn required_string(&self, section: Option<&CStr>, name: &str) -> Option<CString> {
        let name = cstring(name)?;
        let sect = section.map_or(ptr::null(), CStr::as_ptr);
        // SAFETY: valid C strings; the result points into the CONF.
        let p = unsafe { sys::NCONF_get_string(self.ptr, sect, name.as_ptr()) };
        // SAFETY: NUL-terminated string owned by the CONF.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_owned())
    }

    /// `NCONF_get_number`; None (and a cleared queue) when missing or not a number.
    pub fn number(&self, section: Option<&CStr>, name: &CStr) -> Option<c_long> {
        self.number_with(section, name, self.misses)
    }

    /// `NCONF_get_number` with its own discipline for the errors of a miss.
    pub fn number_with(
        &self,
        section: Option<&CStr>,
        name: &CStr,
        misses: Leftovers,
    ) -> Option<c_long> {
        let sect = section.map_or(ptr::null(), CStr::as_ptr);
        let mut out: c_long = 0;
        let lookup = Lookup::start(misses);
        // SAFETY: valid C strings and out pointer.
        let ok = unsafe { sys::NCONF_get_number_e(self.ptr, sect, name.as_ptr(), &mut out) };
        lookup.end(ok != 0);
        if ok == 0 { None } else { Some(out) }
    }

    /// `NCONF_get_section`: the entries of a section, or None if it does not exist.
    pub fn section(&self, name: &CStr) -> Option<Vec<ConfValue>> {
        // SAFETY: the stack and its values belong to the CONF; we copy them.
        unsafe {
            let sk = sys::NCONF_get_section(self.ptr, name.as_ptr());
            if sk.is_null() {
                return None;
            }
            let n = sys::OPENSSL_sk_num(sk);
            let mut out = Vec::with_capacity(n.max(0) as usize);
            for i in 0..n {
                let v = sys::OPENSSL_sk_value(sk, i).cast::<sys::CONF_VALUE>();
                if v.is_null() || (*v).name.is_null() {
                    continue;
                }
                let value = if (*v).value.is_null() {
                    CString::default()
                } else {
                    CStr::from_ptr((*v).value).to_owned()
                };
                out.push(ConfValue {
                    name: CStr::from_ptr((*v).name).to_owned(),
                    value,
                });
            }
            Some(out)
        }
    }

    /// `CONF_modules_load(conf, NULL, 0)`.
    pub fn load_modules(&self) -> bool {
        // SAFETY: conf is live.
        unsafe { sys::CONF_modules_load(self.ptr, ptr::null(), 0) > 0 }
    }

    /// What libcrypto's start-up (`OPENSSL_init_crypto` with
    /// LOAD_CONFIG, i.e. `CONF_modules_load_file_ex` with
    /// `DEFAULT_CONF_MFLAGS`) does with its default configuration, for one
    /// held in memory: its modules loaded, a failure counting only when the
    /// file asks for `config_diagnostics`, the errors of a success dropped.
    pub fn load_as_library_default(&self) -> bool {
        const DEFAULT_CONF_MFLAGS: libc::c_ulong = 0x20 | 0x10 | 0x2;
        super::err::set_mark();
        // SAFETY: conf is live.
        let mut ok =
            unsafe { sys::CONF_modules_load(self.ptr, ptr::null(), DEFAULT_CONF_MFLAGS) > 0 };
        if !ok
            && self
                .number(None, c"config_diagnostics")
                .is_none_or(|n| n <= 0)
        {
            ok = true;
        }
        if ok {
            super::err::pop_to_mark();
        } else {
            super::err::clear_last_mark();
        }
        ok
    }
}

/// `CONF_get1_default_config_file`: OPENSSL_CONF, else OPENSSLDIR/openssl.cnf.
pub fn default_config_file() -> Option<CString> {
    // SAFETY: returns an OPENSSL_malloc'd string we copy and free.
    unsafe {
        let p = sys::CONF_get1_default_config_file();
        if p.is_null() {
            return None;
        }
        let s = CStr::from_ptr(p).to_owned();
        super::openssl_free(p.cast());
        Some(s)
    }
}

/// The names of a comma-separated list as `X509V3_parse_list` splits it
/// (`-nameopt`, `-reqopt`); an unparsable list has no names.
pub fn parse_list(arg: &[u8]) -> Vec<Vec<u8>> {
    let Ok(c) = CString::new(arg) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // SAFETY: the stack and its values are owned by us and freed here.
    unsafe {
        let sk = sys::X509V3_parse_list(c.as_ptr());
        if sk.is_null() {
            return out;
        }
        for i in 0..sys::OPENSSL_sk_num(sk) {
            let v = sys::OPENSSL_sk_value(sk, i).cast::<sys::CONF_VALUE>();
            if !v.is_null() && !(*v).name.is_null() {
                out.push(CStr::from_ptr((*v).name).to_bytes().to_vec());
            }
        }
        sys::OPENSSL_sk_pop_free(sk, Some(sys::X509V3_conf_free));
    }
    out
}

/// The error-queue discipline around an optional config lookup: 3.0 reads
/// (and 3.1) with `NCONF_get_string` and clears the whole queue on a miss
/// (`ClearAll`); since 3.2 `app_conf_try_string` removes only the
/// lookup's own errors (mark, pop: `PopOwn`).
struct Lookup(Leftovers);

impl Lookup {
    fn start(misses: Leftovers) -> Lookup {
        if misses == Leftovers::PopOwn {
            super::err::set_mark();
        }
        Lookup(misses)
    }

    fn end(self, found: bool) {
        match (self.0, found) {
            (Leftovers::PopOwn, true) => super::err::clear_last_mark(),
            (Leftovers::PopOwn, false) => super::err::pop_to_mark(),
            (Leftovers::ClearAll, true) => {}
            (Leftovers::ClearAll, false) => super::err::clear(),
            (Leftovers::Keep, _) => {}
        }
    }
}
