//! `-rand`, `-writerand` and the config's `RANDFILE` (apps/lib/app_rand.c).

use crate::console;
use crate::failure::Failure;
use crate::ffi::{Conf, library_state};
use crate::text;
use std::ffi::{CStr, CString};

/// The file to save random state to at exit (`save_rand_file`).
#[derive(Default)]
pub struct RandState {
    pub save_file: Option<Vec<u8>>,
}

impl RandState {
    /// `app_RAND_load_conf(conf, section)`.
    pub fn load_conf(&mut self, conf: &Conf, section: &CStr) {
        let Some(file) = conf.string(Some(section), "RANDFILE") else {
            return;
        };
        if !load_one(&file) {
            console::eprint(text!("Can't load ", file, " into RNG\n"));
            console::print_errors();
        }
        if self.save_file.is_none() {
            self.save_file = Some(file.into_bytes());
        }
    }

    /// `app_RAND_write`, run at exit whatever the outcome.
    pub fn write(&self) -> Result<(), Failure> {
        let Some(file) = &self.save_file else {
            return Ok(());
        };
        let c = CString::new(file.clone()).unwrap_or_default();
        if !library_state::rand_write_file(&c) {
            console::eprint("Cannot write random bytes:\n");
            console::print_errors();
            return Failure::unless(!crate::line::LINE.rand_write_failure_fails());
        }
        Ok(())
    }
}

fn load_one(file: &CStr) -> bool {
    library_state::rand_load_file(file)
}

/// `app_RAND_load`: every `-rand` list, ':'-separated, all tried.
pub fn load_files(lists: &[Vec<u8>]) -> Result<(), Failure> {
    let mut ok = true;
    for list in lists {
        for name in loadfiles_names(list) {
            let c = CString::new(name).unwrap_or_default();
            if !load_one(&c) {
                console::eprint(text!("Can't load ", name, " into RNG\n"));
                console::print_errors();
                ok = false;
            }
        }
    }
    Failure::unless(ok)
}

/// The names `loadfiles` tries: split at ':', the first always, and no
/// empty name after a trailing ':'.
fn loadfiles_names(list: &[u8]) -> Vec<&[u8]> {
    let mut names = Vec::new();
    let mut rest = list;
    loop {
        match rest.iter().position(|&b| b == b':') {
            None => {
                names.push(rest);
                break;
            }
            Some(i) => {
                names.push(&rest[..i]);
                rest = &rest[i + 1..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rand_lists_split_like_loadfiles() {
        assert_eq!(loadfiles_names(b"a:b:"), vec![&b"a"[..], b"b"]);
        assert_eq!(loadfiles_names(b"a::b"), vec![&b"a"[..], b"", b"b"]);
        assert_eq!(loadfiles_names(b""), vec![&b""[..]]);
    }
}
