//! The three standard streams, used the way openssl uses them: through C's
//! stdio `FILE`s (BIOs for output, `fgets` for prompt answers). Sharing
//! C's buffers with libcrypto keeps every byte and its interleaving
//! identical to openssl's, whether the streams are terminals, pipes or files.

use crate::ffi::{Bio, err, stdio};
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
    OUT.get_or_init(|| Stream(Bio::stdout_for(true))).0.as_ref()
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

/// `isatty(fileno_stdin())`.
pub fn stdin_is_terminal() -> bool {
    stdio::stdin_is_terminal()
}
