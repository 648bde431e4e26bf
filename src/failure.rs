//! `Failure`: how a run that does not succeed ends.
//!
//! openssl prints a message where something goes wrong, sometimes prints
//! libcrypto's error queue right there, and always prints whatever is left
//! on the queue at `end:` of `req_main`. A `Failure` carries that sequence
//! up to `main`, which prints it in order and exits 1; nothing below `main`
//! prints an error or exits.

use crate::console;

#[derive(Debug)]
enum Part {
    Text(Vec<u8>),
    /// `ERR_print_errors(bio_err)` at this point.
    ErrorQueue,
}

#[derive(Debug)]
#[must_use]
pub struct Failure {
    parts: Vec<Part>,
}

impl Failure {
    /// A failure whose only output is the error queue at `end:`.
    pub fn silent() -> Failure {
        Failure { parts: Vec::new() }
    }

    /// Ok when a libcrypto step succeeded; else a failure openssl reports
    /// with the error queue alone (at `end:`), as for most of its calls.
    pub fn unless(ok: bool) -> Result<()> {
        if ok { Ok(()) } else { Err(Failure::silent()) }
    }

    /// A message printed where the failure happened.
    pub fn msg(text: impl AsRef<[u8]>) -> Failure {
        Failure::silent().then(text)
    }

    /// The `opthelp:` path of `req_main`: a message (possibly empty), then
    /// "req: Use -help for summary.".
    pub fn usage(prog: &str, text: impl AsRef<[u8]>) -> Failure {
        Failure::msg(text).then(format!("{prog}: Use -help for summary.\n"))
    }

    /// More text after what is already there.
    pub fn then(mut self, text: impl AsRef<[u8]>) -> Failure {
        let t = text.as_ref();
        if !t.is_empty() {
            self.parts.push(Part::Text(t.to_vec()));
        }
        self
    }

    /// The error queue printed at this point (`ERR_print_errors`).
    pub fn then_errors(mut self) -> Failure {
        self.parts.push(Part::ErrorQueue);
        self
    }

    /// Prints everything, then the queue as `end:` does.
    pub fn print(&self) {
        for part in &self.parts {
            match part {
                Part::Text(t) => console::eprint(t),
                Part::ErrorQueue => console::print_errors(),
            }
        }
        console::print_errors();
    }

    /// The text of the failure, for tests.
    #[cfg(test)]
    pub fn text(&self) -> String {
        let mut s = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => s.push_str(&String::from_utf8_lossy(t)),
                Part::ErrorQueue => s.push_str("<errors>"),
            }
        }
        s
    }
}

/// What `req` and the dispatcher return.
pub type Result<T> = std::result::Result<T, Failure>;
