//! The three standard streams, used the way openssl uses them: through C's
//! stdio `FILE`s (BIOs for output, `fgets` for prompt answers). Sharing
//! C's buffers with libcrypto keeps every byte and its interleaving
//! identical to openssl's, whether the streams are terminals, pipes or files.

use crate::ffi::{Bio, err, stdio};
use crate::line::LINE;
use std::ffi::CString;
use std::os::unix::ffi::OsStringExt;
use std::sync::OnceLock;

struct Stream(Option<Bio>);
// SAFETY: the program is single-threaded; the BIOs wrap process-wide FILEs.
unsafe impl Send for Stream {}
unsafe impl Sync for Stream {}

static ERR: OnceLock<Stream> = OnceLock::new();
static OUT: OnceLock<Stream> = OnceLock::new();

/// `bio_err`.
pub fn stderr() -> Option<&'static Bio> {
    ERR.get_or_init(|| Stream(Bio::stderr())).0.as_ref()
}

/// `bio_out`.
pub fn stdout() -> Option<&'static Bio> {
    OUT.get_or_init(|| Stream(stdout_for(true))).0.as_ref()
}

/// `dup_bio_out(format)`: C's stdout, behind a line-prefixing filter
/// when `HARNESS_OSSL_PREFIX` is set and the output is text (openssl's
/// own test harness uses that to keep program output out of its TAP;
/// up to the 3.5 line). None when the prefix has a NUL (as openssl's
/// `BIO_set_prefix` would take none of it) or no BIO could be made.
pub fn stdout_for(text: bool) -> Option<Bio> {
    let prefix = std::env::var_os("HARNESS_OSSL_PREFIX")
        .filter(|_| text && LINE.honours_harness_prefix())
        .map(|p| CString::new(p.into_vec()))
        .transpose()
        .ok()?;
    Bio::stdout_prefixed(prefix.as_deref())
}

/// `BIO_printf(bio_err, ...)` with already formatted bytes.
pub fn eprint(bytes: impl AsRef<[u8]>) {
    if let Some(b) = stderr() {
        b.write(bytes.as_ref());
    }
}

/// `ERR_print_errors(bio_err)`.
pub fn print_errors() {
    if let Some(b) = stderr() {
        err::print(b);
    }
}

/// Flushes C's stdout buffer, as `exit` would.
pub fn flush_stdout() -> bool {
    stdio::flush_stdout()
}

/// One line of the user's answers (`fgets` on C's stdin).
pub fn read_line(size: usize) -> Option<Vec<u8>> {
    stdio::read_line(size)
}

/// `BIO_printf(bio_out, ...)` with already formatted bytes.
pub fn print_out(bytes: impl AsRef<[u8]>) {
    if let Some(b) = stdout() {
        b.write(bytes.as_ref());
    }
}

/// `fprintf(stdout, ...)`: C's stdout without `bio_out`'s prefix filter.
pub fn print_stdio(bytes: impl AsRef<[u8]>) {
    static RAW: OnceLock<Stream> = OnceLock::new();
    if let Some(b) = RAW.get_or_init(|| Stream(Bio::stdout())).0.as_ref() {
        b.write(bytes.as_ref());
    }
}

/// `isatty(fileno_stdin())`.
pub fn stdin_is_terminal() -> bool {
    stdio::stdin_is_terminal()
}
