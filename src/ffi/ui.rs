//! The pass-phrase user interface of apps/lib/apps_ui.c: libcrypto's
//! console UI (`UI_OpenSSL`), except that a pass phrase already given with
//! `-passin` answers the prompt silently.

use super::sys;
use libc::{c_char, c_int};
use std::ffi::CStr;
use std::sync::OnceLock;

/// `PW_CB_DATA`: what the UI callbacks receive as user data. The fields
/// after openssl's two are the caller's choices for this UI.
#[repr(C)]
pub struct PwCbData {
    pub password: *const c_char,
    pub prompt_info: *const c_char,
    /// An empty preset pass phrase is no answer: the user is asked
    /// (1.1.1's `ui_read`: `password[0] != '\0'`); else it is the answer.
    pub empty_password_asks: bool,
    /// Told when `password_callback` fails, at the moment it fails (its
    /// words and the error queue belong there, before the caller's).
    pub report: Option<fn(UiProblem)>,
    /// The shortest pass phrase `password_callback` takes, by the caller's
    /// rule (1.1.1's apps.c changed it in two patch releases).
    pub min_length: PassMinLength,
}

/// How 1.1.1's `password_callback` picks the shortest pass phrase it
/// takes (`UI_add_input_string`'s `minsize`).
#[cfg_attr(ossl3, allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PassMinLength {
    /// `PW_MIN_LENGTH` (4) always (1.1.1 up to 1.1.1m).
    Four,
    /// 1 with a preset pass phrase, else 4 (1.1.1n).
    OneIfPreset,
    /// 1 with a preset pass phrase, 0 when reading a key, 4 for a new
    /// one (1.1.1o on, and what 3.x's apps do).
    OneIfPresetNoneForReading,
}

impl PwCbData {
    /// The preset pass phrase (if any) and what prompts name.
    pub fn new(password: Option<&CStr>, prompt_info: *const c_char) -> PwCbData {
        PwCbData {
            password: password.map_or(std::ptr::null(), CStr::as_ptr),
            prompt_info,
            empty_password_asks: false,
            report: None,
            min_length: PassMinLength::OneIfPresetNoneForReading,
        }
    }
}

/// Why `password_callback` gave no pass phrase (1.1.1's; 3.x asks through
/// its store).
#[cfg_attr(ossl3, allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UiProblem {
    /// The prompt could not be built.
    OutOfMemory,
    /// `UI_process` failed (-1); the reason is on the error queue.
    Failed,
    /// The user aborted (-2).
    Aborted,
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
                    // 3.x's apps_ui.c names the object from the user data;
                    // 1.1.1's apps.c has no constructor (and its
                    // UI_construct_prompt cannot build a prompt without a UI).
                    #[cfg(ossl3)]
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
        let pw = (*data).password;
        // No preset pass phrase, or an empty one where that means none.
        let none = pw.is_null() || ((*data).empty_password_asks && *pw == 0);
        match sys::UI_get_string_type(uis) {
            sys::UIT_PROMPT | sys::UIT_VERIFY if !none => Some(pw),
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

#[cfg(ossl3)]
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

/// `PW_MIN_LENGTH`: the shortest new pass phrase `password_callback` takes.
#[cfg(not(ossl3))]
const PW_MIN_LENGTH: c_int = 4;

/// apps.c's `password_callback` (a `pem_password_cb`), 1.1.1's: the pass
/// phrase asked through the app's UI (`method`), the preset one of
/// `data` (a `PwCbData`) answering silently; its length, 0 on failure
/// (after `data.report`).
///
/// # Safety
/// `buf` holds `bufsiz` bytes; `data` is NULL or a live `PwCbData`.
#[cfg(not(ossl3))]
pub unsafe extern "C" fn password_callback(
    buf: *mut c_char,
    bufsiz: c_int,
    verify: c_int,
    data: *mut libc::c_void,
) -> c_int {
    // SAFETY: the caller's contract; every object made here is freed here.
    unsafe {
        let cb = data.cast::<PwCbData>();
        let report = |p: UiProblem| {
            if let Some(r) = cb.as_ref().and_then(|c| c.report) {
                r(p)
            }
        };
        let ui = sys::UI_new_method(method());
        if ui.is_null() || bufsiz <= 0 {
            if !ui.is_null() {
                sys::UI_free(ui);
            }
            return 0;
        }
        let (prompt_info, preset, rule) = match cb.as_ref() {
            Some(c) => (
                c.prompt_info,
                !c.password.is_null() && *c.password != 0,
                c.min_length,
            ),
            None => (
                std::ptr::null(),
                false,
                PassMinLength::OneIfPresetNoneForReading,
            ),
        };
        let min_len = match rule {
            PassMinLength::Four => PW_MIN_LENGTH,
            _ if preset => 1,
            PassMinLength::OneIfPresetNoneForReading if verify == 0 => 0,
            _ => PW_MIN_LENGTH,
        };
        let prompt = sys::UI_construct_prompt(ui, c"pass phrase".as_ptr(), prompt_info);
        if prompt.is_null() {
            report(UiProblem::OutOfMemory);
            sys::UI_free(ui);
            return 0;
        }
        let flags = sys::UI_INPUT_FLAG_DEFAULT_PWD;
        sys::UI_ctrl(ui, sys::UI_CTRL_PRINT_ERRORS, 1, std::ptr::null_mut(), None);
        sys::UI_add_user_data(ui, data);
        let mut ok = sys::UI_add_input_string(ui, prompt, flags, buf, min_len, bufsiz - 1);
        let mut verify_buf = vec![0 as c_char; if verify != 0 { bufsiz as usize } else { 0 }];
        if ok >= 0 && verify != 0 {
            ok = sys::UI_add_verify_string(
                ui,
                prompt,
                flags,
                verify_buf.as_mut_ptr(),
                min_len,
                bufsiz - 1,
                buf,
            );
        }
        if ok >= 0 {
            loop {
                ok = sys::UI_process(ui);
                if !(ok < 0
                    && sys::UI_ctrl(ui, sys::UI_CTRL_IS_REDOABLE, 0, std::ptr::null_mut(), None)
                        != 0)
                {
                    break;
                }
            }
        }
        super::cleanse(std::slice::from_raw_parts_mut(
            verify_buf.as_mut_ptr().cast::<u8>(),
            verify_buf.len(),
        ));
        let mut res = if ok >= 0 {
            libc::strlen(buf) as c_int
        } else {
            0
        };
        if ok == -1 || ok == -2 {
            report(if ok == -1 {
                UiProblem::Failed
            } else {
                UiProblem::Aborted
            });
            super::cleanse(std::slice::from_raw_parts_mut(
                buf.cast::<u8>(),
                bufsiz as usize,
            ));
            res = 0;
        }
        sys::UI_free(ui);
        super::openssl_free(prompt.cast());
        res
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
