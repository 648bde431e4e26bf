//! 1.1.1's `load_key` (apps/apps.c): the key file read by its format
//! (`-keyform`, PEM unless told), `PEM_read_bio_PrivateKey`,
//! `d2i_PrivateKey_bio`, PKCS#12 (`load_pkcs12`), MSBLOB, PVK, or
//! `ENGINE_load_private_key`; on failure what went wrong, then "unable to
//! load <desc>" and the error queue. The calls are `ffi::key_formats`.

use crate::console;
use crate::engine::Engine;
use crate::failure::{Failure, Result};
use crate::ffi::key_formats::{self, Pkcs12Outcome};
use crate::ffi::stdio::Errno;
use crate::ffi::ui::{PwCbData, UiProblem};
use crate::ffi::{Bio, c_text};
use crate::line::LINE;
use crate::options::Format;
use crate::text;
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use std::ffi::CStr;

/// `load_key(file, keyform, 0, pass, e, desc)`. `open`: what to open for
/// `uri` (`Outputs::read_uri`), which still names it in messages and in
/// the pass-phrase prompt.
pub fn key(
    engine: Option<&Engine>,
    uri: &[u8],
    open: Option<&CStr>,
    format: Option<Format>,
    pass: Option<&CStr>,
    desc: &str,
) -> Result<PKey<Private>> {
    // Every failure ends the same way, after what went wrong.
    let unable = |f: Failure| f.then(format!("unable to load {desc}\n")).then_errors();
    let file = c_text(uri);
    // `cb_data.password = pass; cb_data.prompt_info = file`: 1.1.1's
    // `ui_read` asks when the preset pass phrase is empty.
    let mut cb = PwCbData::new(pass, file.as_ptr());
    cb.empty_password_asks = true;
    cb.report = Some(report_ui_problem);
    cb.min_length = LINE.pass_min_length();
    // `keyform` starts as FORMAT_PEM in 1.1.1's req_main. (A file is always
    // named here: req passes no `maybe_stdin`, and `-key` takes a word, so
    // load_key's "no keyfile specified" cannot happen.)
    let format = format.unwrap_or(Format::Pem);

    if format == Format::Engine {
        return match engine {
            None => Err(unable(Failure::msg("no engine specified\n"))),
            Some(e) => engine_key(e, &file, &mut cb).ok_or_else(|| {
                unable(Failure::msg(format!("cannot load {desc} from engine\n")).then_errors())
            }),
        };
    }

    let input = open_default(uri, open.unwrap_or(&file), format).map_err(unable)?;
    let key = match format {
        Format::Der => key_formats::read_der(&input),
        Format::Pem => key_formats::read_pem(&input, &mut cb),
        Format::Pkcs12 => match key_formats::read_pkcs12(&input, &mut cb) {
            Pkcs12Outcome::NotPkcs12 => {
                return Err(unable(Failure::msg(format!(
                    "Error loading PKCS12 file for {desc}\n"
                ))));
            }
            Pkcs12Outcome::MacVerify => {
                return Err(unable(Failure::msg(format!(
                    "Mac verify error (wrong password?) in PKCS12 file for {desc}\n"
                ))));
            }
            Pkcs12Outcome::ParseFailed => None,
            Pkcs12Outcome::Parsed(key) => key,
        },
        Format::Msblob => key_formats::read_msblob(&input),
        Format::Pvk => key_formats::read_pvk(&input, &mut cb),
        _ => {
            return Err(unable(Failure::msg(
                "bad input format specified for key file\n",
            )));
        }
    };
    key.ok_or_else(|| unable(Failure::silent()))
}

/// 1.1.1's req loads no certificate (it has no `-CA`).
pub fn cert(_uri: &[u8], _open: Option<&CStr>, _pass: Option<&CStr>, desc: &str) -> Result<X509> {
    Err(Failure::msg(format!("unable to load {desc}\n")).then_errors())
}

/// `bio_open_default(file, 'r', format)`: "-" is standard input; a file
/// that cannot be opened is named bare, with `strerror`, then the queue.
fn open_default(uri: &[u8], path: &CStr, format: Format) -> std::result::Result<Bio, Failure> {
    if uri == b"-" {
        return Bio::stdin().ok_or_else(|| {
            Failure::msg(text!("Can't open stdin, ", Errno::last().text(), "\n")).then_errors()
        });
    }
    let mode = if format == Format::Pem { c"r" } else { c"rb" };
    Bio::file(path, mode).ok_or_else(|| {
        let reason = Errno::last().text();
        Failure::msg(text!("Can't open ", uri, " for reading, ", reason, "\n")).then_errors()
    })
}

#[cfg(engines)]
fn engine_key(e: &Engine, key_id: &CStr, cb: &mut PwCbData) -> Option<PKey<Private>> {
    key_formats::engine_private_key(e, key_id, cb)
}

#[cfg(not(engines))]
fn engine_key(e: &Engine, _key_id: &CStr, _cb: &mut PwCbData) -> Option<PKey<Private>> {
    match *e {}
}

/// What `password_callback` prints when it gets no pass phrase.
fn report_ui_problem(problem: UiProblem) {
    match problem {
        UiProblem::OutOfMemory => console::eprint("Out of memory\n"),
        UiProblem::Failed => {
            console::eprint("User interface error\n");
            console::print_errors();
        }
        UiProblem::Aborted => console::eprint("aborted!\n"),
    }
}
