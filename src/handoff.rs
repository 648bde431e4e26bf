//! Called through a link named `openssl`, the program stands in for the
//! whole command: it runs `req` (and `help req`) itself and hands every
//! other command to the real openssl, so that scripts which call many
//! openssl commands through one path (easy-rsa's `EASYRSA_OPENSSL`,
//! acme.sh, CA onboarding scripts) keep working.
//!
//! The real openssl is the first `openssl` on PATH that is not this
//! program. "This program" is decided by the file, not the name: a link to
//! us in another directory (same file) or a copy of us (same bytes) is
//! skipped, so a handoff can never come back to us. The real one is
//! executed in our place (`execv`): same arguments, environment, open
//! descriptors and signal mask, so its output and exit status are its own.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Whether `openssl ARGS` is a command this program runs itself: `req`,
/// and `help req` (whose answer is our `req -help`).
pub fn runs_here(args: &[Vec<u8>]) -> bool {
    match args {
        [cmd, ..] if cmd == b"req" => true,
        [help, cmd] => help == b"help" && cmd == b"req",
        _ => false,
    }
}

/// The first `openssl` on PATH that is an executable file other than this
/// program. An empty PATH entry is the current directory, as for execvp.
pub fn real_openssl() -> Option<PathBuf> {
    let me = own_executable()?;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| {
            if dir.as_os_str().is_empty() {
                PathBuf::from("openssl")
            } else {
                dir.join("openssl")
            }
        })
        .find(|candidate| is_other_executable(candidate, &me))
}

/// This program's own file (a path to it, and what it is), whatever
/// argv[0] says (a bare `openssl` found through PATH, a relative path).
/// std asks each system its own way (Linux: /proc/self/exe; macOS:
/// _NSGetExecutablePath; FreeBSD: sysctl KERN_PROC_PATHNAME).
fn own_executable() -> Option<Me> {
    if let Ok(path) = std::env::current_exe()
        && let Ok(meta) = std::fs::metadata(&path)
    {
        return Some(Me { path, meta });
    }
    // Linux: once the file we were started from is deleted or replaced
    // (an upgrade while a script runs), current_exe names "PATH (deleted)";
    // /proc/self/exe still leads to the running program itself.
    #[cfg(target_os = "linux")]
    {
        let path = PathBuf::from("/proc/self/exe");
        std::fs::metadata(&path).ok().map(|meta| Me { path, meta })
    }
    #[cfg(not(target_os = "linux"))]
    None
}

struct Me {
    path: PathBuf,
    meta: std::fs::Metadata,
}

fn is_other_executable(candidate: &Path, me: &Me) -> bool {
    let Ok(md) = std::fs::metadata(candidate) else {
        return false;
    };
    if !md.is_file() || !executable(candidate) {
        return false;
    }
    if md.dev() == me.meta.dev() && md.ino() == me.meta.ino() {
        return false;
    }
    // A copy of us: same size, same bytes.
    if md.len() == me.meta.len() && same_contents(candidate, &me.path) {
        return false;
    }
    true
}

/// `access(path, X_OK)`, as execvp decides what it can run.
fn executable(path: &Path) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: NUL-terminated path.
    unsafe { libc::access(c.as_ptr(), libc::X_OK) == 0 }
}

fn same_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let mut ba = vec![0u8; 1 << 16];
    let mut bb = vec![0u8; 1 << 16];
    loop {
        let (Ok(na), Ok(nb)) = (read_full(&mut fa, &mut ba), read_full(&mut fb, &mut bb)) else {
            return false;
        };
        if na != nb || ba[..na] != bb[..nb] {
            return false;
        }
        if na == 0 {
            return true;
        }
    }

    fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            match f.read(&mut buf[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    }
}

/// Replaces this process by `real` with our own argv (argv[0] included).
/// Returns only if that fails, with the reason.
pub fn exec(real: &Path, argv: &[Vec<u8>]) -> std::io::Error {
    let Ok(path) = CString::new(real.as_os_str().as_bytes()) else {
        return std::io::Error::from(std::io::ErrorKind::InvalidInput);
    };
    let Ok(args) = argv
        .iter()
        .map(|a| CString::new(a.as_slice()))
        .collect::<Result<Vec<_>, _>>()
    else {
        return std::io::Error::from(std::io::ErrorKind::InvalidInput);
    };
    let mut ptrs: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: NUL-terminated strings and a NULL-terminated array, alive
    // for the call; on success the call does not return.
    unsafe { libc::execv(path.as_ptr(), ptrs.as_ptr()) };
    std::io::Error::last_os_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn req_and_help_req_run_here() {
        let w = |v: &[&str]| v.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
        assert!(runs_here(&w(&["req", "-new"])));
        assert!(runs_here(&w(&["help", "req"])));
        assert!(!runs_here(&w(&["help"])));
        assert!(!runs_here(&w(&["help", "x509"])));
        assert!(!runs_here(&w(&["x509", "-req"])));
        assert!(!runs_here(&w(&[])));
        assert!(!runs_here(&w(&["-help"])));
    }

    #[test]
    fn we_are_not_our_own_real_openssl() {
        let me = own_executable().unwrap();
        assert!(!is_other_executable(&std::env::current_exe().unwrap(), &me));
        assert!(is_other_executable(Path::new("/bin/sh"), &me));
        assert!(!is_other_executable(Path::new("/nonexistent/openssl"), &me));
        // A copy of us (another file, the same bytes) is us too.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("openssl");
        std::fs::copy(&me.path, &copy).unwrap();
        assert!(!is_other_executable(&copy, &me));
    }
}
