//! Pass-phrase sources of `-passin`/`-passout` (`app_passwd` and
//! `app_get_pass` in apps/lib/apps.c): `pass:`, `env:`, `file:`, `fd:`,
//! `stdin`. When both options name the same file-like source, the first
//! line is the input pass phrase and the second line the output one.

use crate::failure::Failure;
use crate::ffi::{Bio, ui::Secret};
use crate::line::LINE;
use crate::text;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;

/// `APP_PASS_LEN`: the buffer `BIO_gets` reads a pass phrase into.
const APP_PASS_LEN: usize = 1024;
/// `PASS_SOURCE_SIZE_MAX`: the longest source name before its ':'.
const PASS_SOURCE_SIZE_MAX: usize = 4;

/// `app_passwd(arg1, arg2, &pass1, &pass2)`; Err carries what openssl
/// printed before "Error getting passwords" (which the caller adds).
pub fn app_passwd(
    arg1: Option<&[u8]>,
    arg2: Option<&[u8]>,
) -> Result<(Option<Secret>, Option<Secret>), Failure> {
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

fn get_pass(arg: &[u8], keep: Keep, kept: &mut Option<Bio>) -> Result<Secret, Failure> {
    if let Some(p) = arg.strip_prefix(b"pass:") {
        return Ok(Secret::new(p));
    }
    if let Some(var) = arg.strip_prefix(b"env:") {
        return match std::env::var_os(OsStr::from_bytes(var)) {
            Some(v) => Ok(Secret::new(v.as_bytes())),
            None => Err(Failure::msg(text!(LINE.env_pass_missing(), var, "\n"))),
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
        return Err(Failure::msg("Error reading password from BIO\n"));
    };
    if let Some(nl) = line.iter().position(|&b| b == b'\n') {
        line.truncate(nl);
    }
    let secret = Secret::new(&line);
    crate::ffi::cleanse(&mut line);
    Ok(secret)
}

fn open_source(arg: &[u8]) -> Result<Bio, Failure> {
    if let Some(path) = arg.strip_prefix(b"file:") {
        let opened = CString::new(path).ok().and_then(|p| Bio::file(&p, c"r"));
        return opened.ok_or_else(|| Failure::msg(text!("Can't open file ", path, "\n")));
    }
    if let Some(fd) = arg.strip_prefix(b"fd:") {
        let bad = || Failure::msg(text!("Can't access file descriptor ", fd, "\n"));
        // `i = atoi(arg)`: the C library's conversion, overflow and all.
        let n = crate::ffi::number::atoi(fd);
        return if n >= 0 {
            Bio::fd_buffered(n).ok_or_else(bad)
        } else {
            Err(bad())
        };
    }
    if arg == b"stdin" {
        // unbuffer(stdin): later reads of stdin (the prompts) see every
        // byte after this line, as with openssl.
        if LINE.unbuffers_stdin_for_pass() {
            crate::ffi::stdio::unbuffer_stdin();
        }
        return Bio::stdin().ok_or_else(|| Failure::msg("Can't open BIO for stdin\n"));
    }
    if !LINE.hides_invalid_pass_argument() {
        return Err(Failure::msg(text!(
            "Invalid password argument \"",
            arg,
            "\"\n"
        )));
    }
    // Do not reveal more of the argument than its source name.
    match arg.iter().position(|&b| b == b':') {
        Some(i) if i <= PASS_SOURCE_SIZE_MAX => Err(Failure::msg(text!(
            "Invalid password argument, starting with \"",
            arg[..=i],
            "\"\n"
        ))),
        _ => Err(Failure::msg(format!(
            "Invalid password argument, missing ':' within the first {} chars\n",
            PASS_SOURCE_SIZE_MAX + 1
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_and_env_sources() {
        let (a, b) = app_passwd(Some(b"pass:abc"), None).unwrap();
        assert_eq!(a.unwrap().as_cstr().to_bytes(), b"abc");
        assert!(b.is_none());
        assert_eq!(
            app_passwd(Some(b"env:OPENSSL_REQ_SURELY_UNSET_VAR"), None)
                .err()
                .unwrap()
                .text(),
            format!("{}OPENSSL_REQ_SURELY_UNSET_VAR\n", LINE.env_pass_missing())
        );
    }

    #[test]
    fn bad_sources_reveal_only_the_prefix() {
        if !LINE.hides_invalid_pass_argument() {
            assert_eq!(
                app_passwd(Some(b"abcd:x"), None).err().unwrap().text(),
                "Invalid password argument \"abcd:x\"\n"
            );
            return;
        }
        assert_eq!(
            app_passwd(Some(b"secret"), None).err().unwrap().text(),
            "Invalid password argument, missing ':' within the first 5 chars\n"
        );
        assert_eq!(
            app_passwd(Some(b"abcd:x"), None).err().unwrap().text(),
            "Invalid password argument, starting with \"abcd:\"\n"
        );
        assert_eq!(
            app_passwd(Some(b"abcde:x"), None).err().unwrap().text(),
            "Invalid password argument, missing ':' within the first 5 chars\n"
        );
    }
}
