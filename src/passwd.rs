//! Pass-phrase sources of `-passin`/`-passout` (`app_passwd` and
//! `app_get_pass` in apps/lib/apps.c): `pass:`, `env:`, `file:`, `fd:`,
//! `stdin`. When both options name the same file-like source, the first
//! line is the input pass phrase and the second line the output one.

use crate::ffi::{Bio, cstring, ui::Secret};

/// `APP_PASS_LEN`: the buffer `BIO_gets` reads a pass phrase into.
const APP_PASS_LEN: usize = 1024;
/// `PASS_SOURCE_SIZE_MAX`: the longest source name before its ':'.
const PASS_SOURCE_SIZE_MAX: usize = 4;

/// `app_passwd(arg1, arg2, &pass1, &pass2)`; Err carries what openssl
/// printed before "Error getting passwords".
pub fn app_passwd(
    arg1: Option<&str>,
    arg2: Option<&str>,
) -> Result<(Option<Secret>, Option<Secret>), String> {
    let same = matches!((arg1, arg2), (Some(a), Some(b)) if a == b);
    let mut kept: Option<Bio> = None;
    let pass1 = match arg1 {
        Some(a) => Some(get_pass(
            a,
            if same { Keep::Open } else { Keep::No },
            &mut kept,
        )?),
        None => None,
    };
    let pass2 = match arg2 {
        Some(a) => Some(get_pass(
            a,
            if same { Keep::Reuse } else { Keep::No },
            &mut kept,
        )?),
        None => None,
    };
    Ok((pass1, pass2))
}

/// `keepbio` of `app_get_pass`: 0, 1 (keep the source open) or 2 (reuse it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    No,
    Open,
    Reuse,
}

fn get_pass(arg: &str, keep: Keep, kept: &mut Option<Bio>) -> Result<Secret, String> {
    if let Some(p) = arg.strip_prefix("pass:") {
        return Ok(Secret::new(p.as_bytes()));
    }
    if let Some(var) = arg.strip_prefix("env:") {
        return match std::env::var_os(var) {
            Some(v) => Ok(Secret::new(std::os::unix::ffi::OsStrExt::as_bytes(
                v.as_os_str(),
            ))),
            None => Err(format!("No environment variable {var}\n")),
        };
    }
    let bio = match (keep, kept.take()) {
        (Keep::Reuse, Some(b)) => b,
        _ => open_source(arg)?,
    };
    let line = bio.gets(APP_PASS_LEN);
    if keep == Keep::Open {
        *kept = Some(bio);
    }
    let Some(mut line) = line else {
        return Err("Error reading password from BIO\n".to_string());
    };
    if let Some(nl) = line.iter().position(|&b| b == b'\n') {
        line.truncate(nl);
    }
    let secret = Secret::new(&line);
    crate::ffi::cleanse(&mut line);
    Ok(secret)
}

fn open_source(arg: &str) -> Result<Bio, String> {
    if let Some(path) = arg.strip_prefix("file:") {
        let opened = cstring(path).and_then(|p| Bio::file(&p, c"r"));
        return opened.ok_or_else(|| format!("Can't open file {path}\n"));
    }
    if let Some(fd) = arg.strip_prefix("fd:") {
        let n = atoi(fd);
        return match i32::try_from(n) {
            Ok(n) if n >= 0 => {
                Bio::fd_buffered(n).ok_or_else(|| format!("Can't access file descriptor {fd}\n"))
            }
            _ => Err(format!("Can't access file descriptor {fd}\n")),
        };
    }
    if arg == "stdin" {
        // unbuffer(stdin): later reads of stdin (the prompts) see every
        // byte after this line, as with openssl.
        // SAFETY: setbuf on C's stdin before any read by us.
        unsafe { libc::setbuf(crate::ffi::sys::stdin, std::ptr::null_mut()) };
        return Bio::stdin().ok_or_else(|| "Can't open BIO for stdin\n".to_string());
    }
    // Do not reveal more of the argument than its source name.
    match arg.find(':') {
        Some(i) if i <= PASS_SOURCE_SIZE_MAX => Err(format!(
            "Invalid password argument, starting with \"{}\"\n",
            &arg[..=i]
        )),
        _ => Err(format!(
            "Invalid password argument, missing ':' within the first {} chars\n",
            PASS_SOURCE_SIZE_MAX + 1
        )),
    }
}

/// C's `atoi`: leading blanks, a sign, digits; anything else stops it.
pub fn atoi(s: &str) -> i64 {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut v: i64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(i64::from(b[i] - b'0'));
        i += 1;
    }
    if neg { -v } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_and_env_sources() {
        let (a, b) = app_passwd(Some("pass:abc"), None).unwrap();
        assert_eq!(a.unwrap().as_cstr().to_bytes(), b"abc");
        assert!(b.is_none());
        assert_eq!(
            app_passwd(Some("env:OPENSSL_REQ_SURELY_UNSET_VAR"), None)
                .err()
                .unwrap(),
            "No environment variable OPENSSL_REQ_SURELY_UNSET_VAR\n"
        );
    }

    #[test]
    fn bad_sources_reveal_only_the_prefix() {
        assert_eq!(
            app_passwd(Some("secret"), None).err().unwrap(),
            "Invalid password argument, missing ':' within the first 5 chars\n"
        );
        assert_eq!(
            app_passwd(Some("abcd:x"), None).err().unwrap(),
            "Invalid password argument, starting with \"abcd:\"\n"
        );
        assert_eq!(
            app_passwd(Some("abcde:x"), None).err().unwrap(),
            "Invalid password argument, missing ':' within the first 5 chars\n"
        );
    }

    #[test]
    fn atoi_is_c_atoi() {
        assert_eq!(atoi(" 12x"), 12);
        assert_eq!(atoi("-3"), -3);
        assert_eq!(atoi("x"), 0);
    }
}
