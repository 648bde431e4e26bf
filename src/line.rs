//! The OpenSSL release lines, and every way their `openssl req` differ.
//!
//! This program is exactly the `openssl req` of the release line of the
//! libcrypto it is built against (build.rs picks it; `LINE`). Where the
//! lines' apps/ sources differ, the code asks `LINE` one of the questions
//! below, each answered for every line in one `match` with the release that
//! made the change; nothing else in the program compares versions. The
//! option table (src/options.rs) marks the rows that exist only in some
//! lines with the same `Line` values.
//!
//! "3.2" and "3.4" in the comments name the upstream release a change came
//! with; the lines this program supports that have it are those from 3.5 on.
//! The specification of each line is its own apps/ (3.0.22, 3.5.5, 3.6.3,
//! 4.0.3): req.c, lib/apps.c, lib/opt.c, lib/apps_ui.c, lib/s_cb.c, openssl.c.

use std::ffi::CStr;

/// A supported release line.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Line {
    V3_0,
    V3_5,
    V3_6,
    V4_0,
}

/// The line this build reproduces.
#[cfg(ossl_line = "3.0")]
pub const LINE: Line = Line::V3_0;
#[cfg(ossl_line = "3.5")]
pub const LINE: Line = Line::V3_5;
#[cfg(ossl_line = "3.6")]
pub const LINE: Line = Line::V3_6;
#[cfg(ossl_line = "4.0")]
pub const LINE: Line = Line::V4_0;

use Line::*;

/// How `do_X509_sign` (apps/lib/apps.c) settles a certificate's version
/// and default key identifiers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CertVersion {
    /// 3.0: version 3 and default SKID/AKID only when the certificate has
    /// extensions; otherwise version 1.
    V3IfExtensions,
    /// 3.2: always version 3 with default SKID/AKID, unless `-x509v1`.
    V3WithKeyIds,
    /// 4.0: version 3 and only the extensions asked for (libcrypto drops
    /// the "none" key identifiers and bumps to v3 as needed).
    V3Plain,
}

/// How `duplicated()` in req.c answers a malformed or repeated `-addext`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AddextCheck {
    /// 3.0: every problem is "Duplicate extension: <arg>" and the usage line.
    DuplicateOnly,
    /// 3.4: "Parse error on -addext: ..." (no usage line) and "Duplicate
    /// extension name: <key>", also without the usage line.
    ParseErrors,
}

impl Line {
    /// The line of a libcrypto version number (`OpenSSL_version_num`).
    pub fn of_version_number(n: u64) -> Option<Line> {
        match ((n >> 28) & 0xf, (n >> 20) & 0xff) {
            (3, 0) => Some(V3_0),
            (3, 5) => Some(V3_5),
            (3, 6) => Some(V3_6),
            (4, 0) => Some(V4_0),
            _ => None,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            V3_0 => "3.0",
            V3_5 => "3.5",
            V3_6 => "3.6",
            V4_0 => "4.0",
        }
    }

    // ----- apps/lib/opt.c ---------------------------------------------------

    /// 3.2 (`opt_set_unknown_name`): a second digest or unknown option is an
    /// error ("Multiple digest or unknown options: -a and -b") instead of
    /// silently replacing the first.
    pub const fn one_unknown_option(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2 (`opt_check_rest_arg`): words left after the options are named
    /// ("Extra option: \"x\"") before the usage line.
    pub const fn names_extra_arguments(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2 (`opt_format_error`): "must be one of:  pem der" on one line,
    /// and the `b64` format (`b...` words that are not b64 fail silently).
    pub const fn format_list_on_one_line(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 4.0 removed the ENGINE key format (`-keyform engine`).
    pub const fn engine_format(self) -> bool {
        !matches!(self, V4_0)
    }

    /// 3.2 (`opt_help`): an option wider than the 30-column limit still
    /// widens the column (clamped to 30) instead of being ignored.
    pub const fn help_width_clamped(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 4.0 (`opt_md`): digest names are only fetched from providers, no
    /// longer looked up with the legacy `EVP_get_digestbyname`.
    pub const fn legacy_digest_names(self) -> bool {
        !matches!(self, V4_0)
    }

    // ----- apps/req.c: options and their checks ----------------------------

    /// 3.5 (CHANGES: "Updated the default encryption cipher for the req,
    /// cms, and smime applications from des-ede3-cbc to aes-256-cbc").
    pub const fn default_key_cipher(self) -> &'static CStr {
        match self {
            V3_0 => c"DES-EDE3-CBC",
            V3_5 | V3_6 | V4_0 => c"AES-256-CBC",
        }
    }

    /// 3.4: the notes about options that only `-x509` uses begin with
    /// "Warning: " ("Warning: Ignoring -days without -x509; ...").
    pub const fn ignoring_prefix(self) -> &'static str {
        match self {
            V3_0 => "",
            V3_5 | V3_6 | V4_0 => "Warning: ",
        }
    }

    /// 3.2: warnings about options that a combination makes useless
    /// (`-newkey` with `-key`, `-in` with `-new`, `-key` with `-in`,
    /// `-key` with `-CA`, `-precert` without a certificate).
    pub const fn warns_about_unused_options(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.4: "Warning: Will read cert request from stdin since no -in
    /// option is given", when stdin is a terminal.
    pub const fn warns_of_stdin_terminal(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2: `-addext` is checked by the new `duplicated()` messages.
    pub const fn addext_check(self) -> AddextCheck {
        match self {
            V3_0 => AddextCheck::DuplicateOnly,
            V3_5 | V3_6 | V4_0 => AddextCheck::ParseErrors,
        }
    }

    // ----- apps/req.c: the run ----------------------------------------------

    /// 3.2: an optional config lookup (`app_conf_try_string`) or a key or
    /// certificate load (`load_key_certs_crls`) removes only its own errors
    /// from the queue (`ERR_set_mark`, `ERR_pop_to_mark`), where 3.0
    /// cleared the whole queue.
    pub const fn pops_own_errors_only(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2: one extension section (`extsect`) for both `-extensions` and
    /// `-reqexts`, applied to whatever is made (certificate or request), and
    /// only that one is checked. 3.0 kept and checked both sections.
    pub const fn one_extension_section(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 4.0: `-x509v1` does not take `x509_extensions` from the config.
    pub const fn x509v1_skips_config_extensions(self) -> bool {
        matches!(self, V4_0)
    }

    /// 4.0 (`do_EXT_add_nconf`): the `-addext` extensions are checked with
    /// "Error checking x509 extensions defined via -addext", and added to a
    /// certificate with the `-addext` text as the lookup database.
    pub const fn addext_own_database(self) -> bool {
        matches!(self, V4_0)
    }

    /// The message when adding the `-addext` extensions fails: one text for
    /// both in 3.0; naming certificate or request since 3.2.
    pub const fn addext_add_error(self, cert: bool) -> &'static str {
        match (self, cert) {
            (V3_0, _) => "Error adding extensions defined via -addext\n",
            (_, true) => "Error adding x509 extensions defined via -addext\n",
            (_, false) => "Error adding request extensions defined via -addext\n",
        }
    }

    /// The message when checking the `-addext` extensions fails.
    pub const fn addext_check_error(self) -> &'static str {
        match self {
            V3_0 | V3_5 | V3_6 => "Error checking extensions defined using -addext\n",
            V4_0 => "Error checking x509 extensions defined via -addext\n",
        }
    }

    /// 3.2 (`progress_cb` of apps/lib/s_cb.c): key generation prints its
    /// progress only when `progress` is set (`-quiet` clears it), and a
    /// keygen_info of 4 prints a NUL byte, others outside 0..=3 a '?'.
    /// 3.0's `genpkey_cb` always printed, '*' for anything unknown.
    pub const fn progress_symbols_v32(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 4.0: "Writing private key to ..." (`-verbose`) goes to stdout.
    pub const fn key_written_note_on_stdout(self) -> bool {
        matches!(self, V4_0)
    }

    /// 3.2 (`load_csr_autofmt`): without `-inform` a request is tried as
    /// PEM (quietly), then as DER; every request read is checked against
    /// its self-signature ("Warning: CSR self-signature does not match").
    pub const fn csr_autoformat(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2 (`load_csr`): the error queue comes before "Unable to load".
    pub const fn csr_errors_before_unable(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.4 (`set_cert_times` with -not_before/-not_after and strict date
    /// order): the validity options and their messages.
    pub const fn checks_cert_times(self) -> bool {
        !matches!(self, V3_0)
    }

    /// `do_X509_sign`'s version and key-identifier policy.
    pub const fn cert_version(self) -> CertVersion {
        match self {
            V3_0 => CertVersion::V3IfExtensions,
            V3_5 | V3_6 => CertVersion::V3WithKeyIds,
            V4_0 => CertVersion::V3Plain,
        }
    }

    /// 3.2: the request's extension context replaces an extension given
    /// twice (`X509V3_CTX_REPLACE`) instead of adding it twice.
    pub const fn request_extensions_replace(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2: "Certificate request self-signature verify OK" on stdout.
    pub const fn verify_ok_on_stdout(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.3: a request whose self-signature does not verify fails the run.
    pub const fn verify_failure_fails(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 4.0 (`prompt_info`, `auto_info`): the subject is built apart and
    /// set at the end ("Error: Can't set subject name" if that fails).
    pub const fn subject_built_apart(self) -> bool {
        matches!(self, V4_0)
    }

    // ----- apps/lib/apps.c --------------------------------------------------

    /// `get_nameopt()` without `-nameopt`: 3.0 printed names "oneline"
    /// (`C = AU, O = "A, B"`); 3.2 switched to UTF-8 with `C=AU` (CHANGES
    /// 3.2.0) and 3.4.2 escaped control characters again.
    pub const fn default_nameopt(self) -> u64 {
        use crate::print_opts as p;
        match self {
            V3_0 => p::XN_FLAG_ONELINE,
            V3_5 | V3_6 | V4_0 => p::XN_FLAG_UTF8_DEFAULT,
        }
    }

    /// `load_key_certs_crls`: what the failure sentence calls the thing
    /// that could not be loaded ("Could not read key ..." in 3.0, "Could
    /// not find private key ..." since 3.2).
    pub const fn store_failure_name(self, cert: bool) -> &'static str {
        match (self, cert) {
            (V3_0, false) => "key",
            (V3_0, true) => "cert",
            (_, false) => "private key",
            (_, true) => "certificate",
        }
    }

    /// `load_key_certs_crls`: how the sentence begins when the store opened
    /// but held nothing usable.
    pub const fn store_not_found(self) -> &'static str {
        match self {
            V3_0 => "Could not read",
            V3_5 | V3_6 => "Could not find",
            V4_0 => "Could not find or decode",
        }
    }

    /// 3.2 (`load_key_certs_crls`): a system error (a missing file) ends the
    /// sentence with its `strerror` and hides that load's error stack.
    pub const fn store_names_system_errors(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.2 (`format2string`): `-keyform pvk` and `msblob` tell the key
    /// store what to expect, as PEM and DER always did.
    pub const fn names_pvk_and_msblob_input(self) -> bool {
        !matches!(self, V3_0)
    }

    /// 3.0's `load_cert_pass` adds "Unable to load <desc>" after a failure.
    pub const fn cert_load_says_unable(self) -> bool {
        matches!(self, V3_0)
    }

    /// How `BIO_printf("%s")` prints a NULL string: libcrypto's own
    /// formatter said "<NULL>"; 4.0 hands formatting to the C library.
    pub const fn null_string(self) -> &'static str {
        match self {
            V3_0 | V3_5 | V3_6 => "<NULL>",
            V4_0 => "(null)",
        }
    }

    /// The line's default configuration file (apps/openssl.cnf, which
    /// `make install` puts in OPENSSLDIR), built in for machines that lack
    /// it. The 3.5 and 3.6 files are the same; 4.0's `v3_ca` asks for
    /// `keyid:nonss` key identifiers and it adds `default_skid_akid`.
    pub const fn default_config(self) -> &'static [u8] {
        match self {
            V3_0 => include_bytes!("default_config/openssl-3.0.cnf"),
            V3_5 => include_bytes!("default_config/openssl-3.5.cnf"),
            V3_6 => include_bytes!("default_config/openssl-3.6.cnf"),
            V4_0 => include_bytes!("default_config/openssl-4.0.cnf"),
        }
    }

    // ----- apps/openssl.c ---------------------------------------------------

    /// 3.0 and 3.5 `dup_bio_out` prefix every stdout line with
    /// `HARNESS_OSSL_PREFIX` (OpenSSL's test harness); 3.6 dropped it.
    pub const fn honours_harness_prefix(self) -> bool {
        matches!(self, V3_0 | V3_5)
    }

    /// 3.6: `OPENSSL_SEC_MEM` / `OPENSSL_SEC_MEM_MINSIZE` set up secure
    /// memory at start ("FATAL: could not convert ...").
    pub const fn reads_sec_mem_env(self) -> bool {
        matches!(self, V3_6 | V4_0)
    }

    /// 4.0 removed engines: no `-engine`, no `-keygen_engine`, no
    /// `org.openssl.engine:` key store, no built-in engines at start.
    pub const fn has_engines(self) -> bool {
        !matches!(self, V4_0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_from_version_numbers() {
        assert_eq!(Line::of_version_number(0x3000_0130), Some(V3_0));
        assert_eq!(Line::of_version_number(0x3050_0050), Some(V3_5));
        assert_eq!(Line::of_version_number(0x3060_0030), Some(V3_6));
        assert_eq!(Line::of_version_number(0x4000_0030), Some(V4_0));
        assert_eq!(Line::of_version_number(0x3040_0010), None);
        assert_eq!(Line::of_version_number(0x1010_1170), None);
    }

    #[test]
    fn the_build_line_is_the_library_line() {
        let built = env!("OPENSSL_REQ_BUILT_AGAINST");
        assert!(built.starts_with(&format!("{}.", LINE.name())), "{built}");
    }
}
