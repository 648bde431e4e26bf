//! Deleting our temporary files when a signal ends the run (Ctrl-C at a
//! prompt, a `kill`), so no stray file is left next to the user's. The
//! handler only calls async-signal-safe functions: it unlinks the paths
//! registered here, restores the default action and re-raises the signal.

use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicPtr, Ordering};

/// Temporary files in flight at once (a run has two: key and request).
const SLOTS: usize = 8;
static PATHS: [AtomicPtr<libc::c_char>; SLOTS] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

/// Remember a temporary file to delete if a signal ends the run.
pub fn register(path: &Path) {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return;
    };
    let raw = c.into_raw();
    for slot in &PATHS {
        if slot
            .compare_exchange(
                std::ptr::null_mut(),
                raw,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .is_ok()
        {
            return;
        }
    }
    // SAFETY: not stored anywhere; take it back.
    drop(unsafe { CString::from_raw(raw) });
}

/// Forget a temporary file (renamed into place, or deleted).
pub fn unregister(path: &Path) {
    let bytes = path.as_os_str().as_bytes();
    for slot in &PATHS {
        let p = slot.load(Ordering::SeqCst);
        // SAFETY: every stored pointer is a live CString we leaked.
        if !p.is_null()
            && unsafe { CStr::from_ptr(p) }.to_bytes() == bytes
            && slot
                .compare_exchange(p, std::ptr::null_mut(), Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            // SAFETY: we own it again.
            drop(unsafe { CString::from_raw(p) });
        }
    }
}

extern "C" fn on_signal(sig: libc::c_int) {
    for slot in &PATHS {
        let p = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: unlink is async-signal-safe; p is a live C string.
            unsafe { libc::unlink(p) };
        }
    }
    // SAFETY: restore the default action and die of the same signal.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Installs the handler for the signals that end a run at a prompt,
/// leaving alone any signal the caller chose to ignore. Called before the
/// first temporary file is created, and only then: a run that never
/// stages a file (an error, `-text`, output to stdout) has nothing to clean
/// up and keeps openssl's signal dispositions, at no cost. Later calls do
/// nothing. libcrypto's pass-phrase UI saves and restores whatever is
/// installed around its own prompt.
pub fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            // SAFETY: installing a handler that only calls async-signal-safe functions.
            unsafe {
                let old = libc::signal(sig, on_signal as *const () as libc::sighandler_t);
                if old == libc::SIG_IGN {
                    libc::signal(sig, libc::SIG_IGN);
                }
            }
        }
    });
}
