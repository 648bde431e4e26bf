//! Loading the configuration as apps/lib/apps.c does
//! (`app_load_config_verbose`, `app_load_config_bio`, `app_load_modules`,
//! `add_oid_section`), with libcrypto's NCONF doing the parsing; and the
//! built-in copy of the release line's default openssl.cnf, used where
//! the default file does not exist (a deliberate difference: README).

use crate::console;
use crate::failure::Failure;
use crate::ffi::err::Leftovers;
use crate::ffi::{Bio, Conf, library_state, stdio};
use crate::text;
use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::sync::OnceLock;

/// The configuration used when `-config` is not given.
#[derive(Clone, Debug)]
pub enum DefaultConfig {
    /// openssl's: `CONF_get1_default_config_file()`, i.e. `OPENSSL_CONF`
    /// or OPENSSLDIR/openssl.cnf.
    File(CString),
    /// `OPENSSL_CONF` is not set and OPENSSLDIR/openssl.cnf (`missing`)
    /// does not exist, where openssl would fail before doing anything: the
    /// line's own default openssl.cnf, built into the program.
    BuiltIn { missing: CString },
}

/// Decided once per run, before libcrypto reads its configuration at
/// start-up, so that the library and `req` use the same one. None when
/// libcrypto has no default file name at all.
pub fn default_config() -> Option<&'static DefaultConfig> {
    static CHOSEN: OnceLock<Option<DefaultConfig>> = OnceLock::new();
    CHOSEN
        .get_or_init(|| {
            let file = crate::ffi::conf::default_config_file()?;
            let from_env = std::env::var_os("OPENSSL_CONF").is_some();
            let path = std::path::Path::new(std::ffi::OsStr::from_bytes(file.to_bytes()));
            let absent = matches!(
                std::fs::metadata(path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound
            );
            Some(if absent && !from_env {
                DefaultConfig::BuiltIn { missing: file }
            } else {
                DefaultConfig::File(file)
            })
        })
        .as_ref()
}

/// What an optional config lookup (`app_conf_try_string`) does with the
/// errors it queued: since 3.2 it removes only its own (`ERR_set_mark`,
/// `ERR_pop_to_mark`), where 3.0 and 3.1 cleared the whole queue.
pub fn leftovers() -> Leftovers {
    if crate::line::LINE.config_lookup_pops_own_errors() {
        Leftovers::PopOwn
    } else {
        Leftovers::ClearAll
    }
}

/// The built-in configuration, parsed.
fn built_in() -> Result<Conf, Failure> {
    let bio = Bio::mem_with(crate::line::LINE.default_config()).ok_or_else(Failure::silent)?;
    Conf::load(&bio, leftovers())
        .map_err(|_| Failure::msg("openssl-req: the built-in configuration does not load\n"))
}

/// At start-up, after libcrypto looked for its (absent) default file: give
/// the library the built-in configuration instead, as it would have read
/// the file (its modules: providers, algorithm settings...).
pub fn load_built_in_into_library() -> Result<(), Failure> {
    if let Some(DefaultConfig::BuiltIn { .. }) = default_config()
        && !built_in()?.load_as_library_default()
    {
        return Err(Failure::silent());
    }
    Ok(())
}

/// `app_load_config_verbose(default_config_file, verbose)` for a run
/// without `-config`.
pub fn load_default(prog: &str, verbose: bool) -> Result<Conf, Failure> {
    match default_config() {
        None => Err(Failure::msg(format!(
            "{prog}: could not get default config file\n"
        ))),
        Some(DefaultConfig::File(f)) => load_file(prog, f, verbose),
        Some(DefaultConfig::BuiltIn { missing }) => {
            if verbose {
                console::eprint(text!(
                    "Using the built-in default configuration of OpenSSL ",
                    crate::line::LINE.name(),
                    " (",
                    missing,
                    " does not exist)\n"
                ));
            }
            built_in()
        }
    }
}

/// `app_load_config_verbose(filename, verbose)`: "" means an empty config.
pub fn load_file(prog: &str, filename: &CStr, verbose: bool) -> Result<Conf, Failure> {
    if verbose {
        if filename.to_bytes().is_empty() {
            console::eprint("No configuration used\n");
        } else {
            console::eprint(text!("Using configuration from ", filename, "\n"));
        }
    }
    if filename.to_bytes().is_empty() {
        return Conf::empty(leftovers()).ok_or_else(Failure::silent);
    }
    // bio_open_default(filename, 'r', FORMAT_TEXT): "-" is stdin.
    let input = if filename.to_bytes() == b"-" {
        Bio::stdin().ok_or_else(|| Failure::msg("Can't open stdin\n").then_errors())?
    } else {
        Bio::file(filename, c"r").ok_or_else(|| {
            let reason = stdio::Errno::last().text();
            Failure::msg(text!(
                "Can't open \"",
                filename,
                "\" for reading, ",
                reason,
                "\n"
            ))
            .then_errors()
        })?
    };
    load_bio(prog, &input, Some(filename))
}

/// `app_load_config_bio(in, filename)`.
pub fn load_bio(prog: &str, input: &Bio, filename: Option<&CStr>) -> Result<Conf, Failure> {
    Conf::load(input, leftovers()).map_err(|e| {
        let head = match e.line {
            None => text!(prog, ": Can't load "),
            Some(line) => text!(prog, ": Error on line ", line.to_string(), " of "),
        };
        // Without a file name openssl prints no newline here.
        let tail = match filename {
            Some(f) => text!("config file \"", f, "\"\n"),
            None => text!("config input"),
        };
        Failure::msg(text!(head, tail))
    })
}

/// `app_load_modules(config)`.
pub fn load_modules(conf: &Conf) -> Result<(), Failure> {
    if conf.load_modules() {
        Ok(())
    } else {
        Err(Failure::msg("Error configuring OpenSSL modules\n").then_errors())
    }
}

/// The `oid_file` of the default section: extra OIDs, one per line
/// (`OBJ_create_objects`); an unreadable file is only reported with -verbose.
pub fn load_oid_file(conf: &Conf, verbose: bool) {
    let Some(path) = conf.string(None, "oid_file") else {
        return;
    };
    match Bio::file(&path, c"r") {
        None => {
            if verbose && crate::line::LINE.reports_missing_oid_file() {
                console::eprint(text!("Problems opening '", path, "' for extra OIDs\n"));
            }
        }
        Some(bio) => library_state::create_objects(&bio),
    }
}

/// `add_oid_section`: `oid_section = name` lists `short = 1.2.3` lines.
pub fn add_oid_section(conf: &Conf) -> Result<(), Failure> {
    let Some(sect) = conf.string(None, "oid_section") else {
        return Ok(());
    };
    let Some(values) = conf.section(&sect) else {
        return Err(Failure::msg(text!(
            "problem loading oid section ",
            sect,
            "\n"
        )));
    };
    for v in values {
        if !library_state::create_object(&v.value, &v.name, &v.name) {
            return Err(Failure::msg(text!(
                "problem creating object ",
                v.name,
                "=",
                v.value,
                "\n"
            )));
        }
    }
    Ok(())
}
