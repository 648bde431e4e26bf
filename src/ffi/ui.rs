//! The pass-phrase user interface of apps/lib/apps_ui.c: libcrypto's
//! console UI (`UI_OpenSSL`), except that a pass phrase already given with
//! `-passin` answers the prompt silently.

use super::sys;
use libc::{c_char, c_int};
use std::ffi::CStr;
use std::sync::OnceLock;

/// `PW_CB_DATA`: what the UI callbacks receive as user data.
#[repr(C)]
pub struct PwCbData {
    pub password: *const c_char,
    pub prompt_info: *const c_char,
}

struct Method(*mut sys::UI_METHOD);
// SAFETY: the method is created once and only read afterwards.
unsafe impl Send for Method {}
unsafe impl Sync for Method {}

static METHOD: OnceLock<Method> = OnceLock::new();

fn base() -> *const sys::UI_METHOD {
    // SAFETY: returns libcrypto's static console method.
    unsafe { sys::UI_OpenSSL() }
}

/// `get_ui_method` (set up on first use, as `setup_ui_method` does at startup).
pub fn method() -> *const sys::UI_METHOD {
    METHOD
        .get_or_init(|| {
            // SAFETY: building a method table from our callbacks.
            unsafe {
                let m = sys::UI_create_method(c"OpenSSL application user interface".as_ptr());
                if !m.is_null() {
                    sys::UI_method_set_opener(m, Some(ui_open));
                    sys::UI_method_set_reader(m, Some(ui_read));
                    sys::UI_method_set_writer(m, Some(ui_write));
                    sys::UI_method_set_closer(m, Some(ui_close));
                    sys::UI_method_set_prompt_constructor(m, Some(ui_prompt_construct));
                }
                Method(m)
            }
        })
        .0
}

/// The `-passin` pass phrase for this UI, if any and if the string asks
/// for the default password.
unsafe fn preset_password(ui: *mut sys::UI, uis: *mut sys::UI_STRING) -> Option<*const c_char> {
    // SAFETY: called from libcrypto with live objects; user data is ours.
    unsafe {
        if sys::UI_get_input_flags(uis) & sys::UI_INPUT_FLAG_DEFAULT_PWD == 0 {
            return None;
        }
        let data = sys::UI_get0_user_data(ui).cast::<PwCbData>();
        if data.is_null() {
            return None;
        }
        match sys::UI_get_string_type(uis) {
            sys::UIT_PROMPT | sys::UIT_VERIFY if !(*data).password.is_null() => {
                Some((*data).password)
            }
            _ => None,
        }
    }
}

unsafe extern "C" fn ui_open(ui: *mut sys::UI) -> c_int {
    // SAFETY: forwarding to the base method.
    unsafe { sys::UI_method_get_opener(base()).map_or(1, |f| f(ui)) }
}

unsafe extern "C" fn ui_read(ui: *mut sys::UI, uis: *mut sys::UI_STRING) -> c_int {
    // SAFETY: forwarding to the base method.
    unsafe {
        if let Some(pw) = preset_password(ui, uis) {
            sys::UI_set_result(ui, uis, pw);
            return 1;
        }
        match sys::UI_method_get_reader(base()) {
            Some(f) => f(ui, uis),
            None => {
                sys::UI_set_result(ui, uis, c"".as_ptr());
                1
            }
        }
    }
}

unsafe extern "C" fn ui_write(ui: *mut sys::UI, uis: *mut sys::UI_STRING) -> c_int {
    // SAFETY: forwarding to the base method.
    unsafe {
        if preset_password(ui, uis).is_some() {
            return 1;
        }
        sys::UI_method_get_writer(base()).map_or(1, |f| f(ui, uis))
    }
}

unsafe extern "C" fn ui_close(ui: *mut sys::UI) -> c_int {
    // SAFETY: forwarding to the base method.
    unsafe { sys::UI_method_get_closer(base()).map_or(1, |f| f(ui)) }
}

unsafe extern "C" fn ui_prompt_construct(
    ui: *mut sys::UI,
    phrase_desc: *const c_char,
    object_name: *const c_char,
) -> *mut c_char {
    // SAFETY: user data, when present, is our PwCbData.
    unsafe {
        let data = sys::UI_get0_user_data(ui).cast::<PwCbData>();
        let desc = if phrase_desc.is_null() {
            c"pass phrase".as_ptr()
        } else {
            phrase_desc
        };
        let obj = if object_name.is_null() && !data.is_null() {
            (*data).prompt_info
        } else {
            object_name
        };
        sys::UI_construct_prompt(std::ptr::null_mut(), desc, obj)
    }
}

/// Keeps a C copy of a pass phrase and wipes it when dropped.
pub struct Secret(Vec<u8>);

impl Secret {
    /// From the bytes of a pass phrase (without NUL).
    pub fn new(bytes: &[u8]) -> Secret {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.extend_from_slice(super::name::until_nul(bytes));
        v.push(0);
        Secret(v)
    }

    /// From a C string it takes over and wipes.
    pub fn from_cstring(c: std::ffi::CString) -> Secret {
        let mut bytes = c.into_bytes_with_nul();
        let secret = Secret::new(&bytes);
        super::cleanse(&mut bytes);
        secret
    }

    pub fn as_cstr(&self) -> &CStr {
        // SAFETY: built with exactly one NUL, at the end.
        unsafe { CStr::from_bytes_with_nul_unchecked(&self.0) }
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        super::cleanse(&mut self.0);
    }
}
