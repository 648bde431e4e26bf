//! The few ENGINE calls of apps/lib/engine.c (`setup_engine_methods`,
//! `get_legacy_pkey_id`), for `-engine` and `-keygen_engine`.

use super::sys;
use libc::{c_char, c_int, c_long, c_uint, c_void};
use std::ffi::CStr;

unsafe extern "C" {
    fn ENGINE_by_id(id: *const c_char) -> *mut sys::ENGINE;
    fn ENGINE_free(e: *mut sys::ENGINE) -> c_int;
    fn ENGINE_ctrl_cmd_string(
        e: *mut sys::ENGINE,
        cmd: *const c_char,
        arg: *const c_char,
        optional: c_int,
    ) -> c_int;
    fn ENGINE_ctrl_cmd(
        e: *mut sys::ENGINE,
        cmd: *const c_char,
        i: c_long,
        p: *mut c_void,
        f: Option<unsafe extern "C" fn()>,
        optional: c_int,
    ) -> c_int;
    fn ENGINE_set_default(e: *mut sys::ENGINE, flags: c_uint) -> c_int;
    fn ENGINE_get_id(e: *const sys::ENGINE) -> *const c_char;
    fn ENGINE_register_all_complete() -> c_int;
    fn ENGINE_finish(e: *mut sys::ENGINE) -> c_int;
    fn EVP_PKEY_asn1_find_str(
        pe: *mut *mut sys::ENGINE,
        s: *const c_char,
        len: c_int,
    ) -> *const c_void;
    fn ENGINE_get_pkey_asn1_meth_str(
        e: *mut sys::ENGINE,
        s: *const c_char,
        len: c_int,
    ) -> *const c_void;
    fn EVP_PKEY_asn1_get0_info(
        ppkey_id: *mut c_int,
        pkey_base_id: *mut c_int,
        ppkey_flags: *mut c_int,
        pinfo: *mut *const c_char,
        ppem_str: *mut *const c_char,
        ameth: *const c_void,
    ) -> c_int;
}

/// A structural reference to an engine, released with `ENGINE_free`.
pub struct EngineRef(*mut sys::ENGINE);

impl Drop for EngineRef {
    fn drop(&mut self) {
        // SAFETY: we own one structural reference.
        unsafe { ENGINE_free(self.0) };
    }
}

/// Why `setup_engine` gave no engine.
pub enum SetupError {
    /// "Invalid engine": neither built in nor loadable.
    Invalid,
    /// "Cannot use engine": found but it refused to become the default.
    Unusable(Vec<u8>),
}

/// `ENGINE_register_all_complete`, for the id "auto".
pub fn register_all() {
    // SAFETY: no arguments.
    unsafe { ENGINE_register_all_complete() };
}

/// Every `ENGINE_METHOD_*` bit: what `(unsigned int)-1` asks for.
pub const METHOD_ALL: c_uint = c_uint::MAX;

/// `ENGINE_by_id`, else the dynamic engine loading it as a shared object
/// (`try_load_engine`); then the app's UI and `ENGINE_set_default(e, methods)`.
pub fn by_id(
    id: &CStr,
    ui: *const sys::UI_METHOD,
    methods: c_uint,
) -> Result<EngineRef, SetupError> {
    // SAFETY: plain calls on owned references.
    unsafe {
        let mut e = ENGINE_by_id(id.as_ptr());
        if e.is_null() {
            let dynamic = ENGINE_by_id(c"dynamic".as_ptr());
            if !dynamic.is_null() {
                if ENGINE_ctrl_cmd_string(dynamic, c"SO_PATH".as_ptr(), id.as_ptr(), 0) != 0
                    && ENGINE_ctrl_cmd_string(dynamic, c"LOAD".as_ptr(), std::ptr::null(), 0) != 0
                {
                    e = dynamic;
                } else {
                    ENGINE_free(dynamic);
                }
            }
        }
        if e.is_null() {
            return Err(SetupError::Invalid);
        }
        let engine = EngineRef(e);
        if ENGINE_ctrl_cmd(
            e,
            c"SET_USER_INTERFACE".as_ptr(),
            0,
            ui as *mut c_void,
            None,
            1,
        ) == 0
            || ENGINE_set_default(e, methods) == 0
        {
            return Err(SetupError::Unusable(engine.id()));
        }
        Ok(engine)
    }
}

impl EngineRef {
    /// `ENGINE_get_id`.
    pub fn id(&self) -> Vec<u8> {
        // SAFETY: the id is a static string of the engine.
        unsafe {
            let p = ENGINE_get_id(self.0);
            if p.is_null() {
                Vec::new()
            } else {
                CStr::from_ptr(p).to_bytes().to_vec()
            }
        }
    }

    pub fn as_ptr(&self) -> *mut sys::ENGINE {
        self.0
    }

    /// `get_legacy_pkey_id(libctx, algname, e)`: the NID of an algorithm
    /// this engine implements, or 0.
    pub fn legacy_pkey_id(&self, alg: &CStr) -> c_int {
        // SAFETY: lookups only; the temporary engine reference is finished.
        unsafe {
            super::err::set_mark();
            let mut tmp: *mut sys::ENGINE = std::ptr::null_mut();
            let mut ameth = EVP_PKEY_asn1_find_str(&mut tmp, alg.as_ptr(), -1);
            ENGINE_finish(tmp);
            if ameth.is_null() {
                ameth = ENGINE_get_pkey_asn1_meth_str(self.0, alg.as_ptr(), -1);
            } else if tmp.is_null() {
                // Only interesting when it comes from an engine.
                ameth = std::ptr::null();
            }
            super::err::pop_to_mark();
            if ameth.is_null() {
                return 0;
            }
            let mut id: c_int = 0;
            EVP_PKEY_asn1_get0_info(
                &mut id,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                ameth,
            );
            id
        }
    }
}
