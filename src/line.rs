//! The OpenSSL release lines, and every way their `openssl req` differ.
//!
//! This program is exactly the `openssl req` of the release line of the
//! libcrypto it is built against (build.rs records its version: `LINE`).
//! Where the lines' apps/ sources differ, the code asks `LINE` one of the
//! questions below, each answered in one place by comparing versions with
//! the release that made the change ("since 3.2" is `self >= V3_2`; a fix
//! that came with patch releases names them, `has_fix`); nothing else in
//! the program compares versions. Each option's definition
//! (src/req/options.rs) names the lines that have it with the same versions.
//!
//! The specification of each line is its own apps/ (3.0.22, 3.1.4, 3.2.1,
//! 3.3.2, 3.4.1, 3.5.5, 3.6.3, 4.0.3): req.c, lib/apps.c, lib/opt.c,
//! lib/apps_ui.c, lib/s_cb.c, openssl.c. "3.2" in a comment means the
//! change is in 3.2.1 and every later line.

use crate::ffi::ui::PassMinLength;
use std::ffi::CStr;

pub use crate::version::Version;

/// A release line is a version (its first release, patch 0).
pub type Line = Version;

pub const V1_1_1: Version = Version::new(1, 1, 1);
pub const V3_0: Version = Version::new(3, 0, 0);
pub const V3_1: Version = Version::new(3, 1, 0);
pub const V3_2: Version = Version::new(3, 2, 0);
pub const V3_3: Version = Version::new(3, 3, 0);
pub const V3_4: Version = Version::new(3, 4, 0);
pub const V3_5: Version = Version::new(3, 5, 0);
pub const V3_6: Version = Version::new(3, 6, 0);
pub const V4_0: Version = Version::new(4, 0, 0);

/// The version of the libcrypto this build reproduces (build.rs).
pub const LINE: Version = include!(concat!(env!("OUT_DIR"), "/built_version.rs"));

/// Where 1.1.1's apps/ call other libcrypto functions than 3.x's for the
/// same job, one module per way, chosen here by the library's API
/// (`cfg(ossl3)`, which build.rs sets for 3.0 and later). Everything else
/// that differs is a question to `LINE` below.
pub mod strategy {
    /// Loading keys (and certificates): through `OSSL_STORE` (3.x's
    /// `load_key_certs_crls`), or by format (1.1.1's `load_key`:
    /// `PEM_read_bio_PrivateKey`, `d2i_PrivateKey_bio`, ...).
    #[cfg(not(ossl3))]
    pub use crate::load::by_format as load;
    #[cfg(ossl3)]
    pub use crate::load::store as load;

    /// The key-generation context of `-newkey`: from the algorithm's name
    /// (3.x: `EVP_PKEY_CTX_new_from_name`, sizes as the "bits" parameter),
    /// or from its ASN.1 method (1.1.1: `EVP_PKEY_asn1_find_str`,
    /// `EVP_PKEY_CTX_new_id`, `EVP_PKEY_CTX_set_rsa_keygen_bits`).
    #[cfg(not(ossl3))]
    pub use crate::newkey::by_ameth as keygen;
    #[cfg(ossl3)]
    pub use crate::newkey::by_name as keygen;

    /// Digest names: fetched from the providers, then the legacy table
    /// (3.x's `opt_md`), or only `EVP_get_digestbyname` (1.1.1's).
    #[cfg(not(ossl3))]
    pub use crate::digest::by_name as digest;
    #[cfg(ossl3)]
    pub use crate::digest::fetched as digest;
}

/// How `do_X509_sign` (apps/lib/apps.c) settles a certificate's version
/// and default key identifiers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CertVersion {
    /// 1.1.1 (`req_main`): version 3 (`X509_set_version(x, 2)`) whenever an
    /// extension section is named or `-addext` given, even if it adds
    /// nothing; otherwise version 1. No default key identifiers.
    V3IfSectionNamed,
    /// 3.0: version 3 and default SKID/AKID only when the certificate has
    /// extensions; otherwise version 1.
    V3IfExtensions,
    /// 3.2: always version 3 with default SKID/AKID, unless `-x509v1`.
    V3WithKeyIds,
    /// 4.0: version 3 and only the extensions asked for (libcrypto drops
    /// the "none" key identifiers and bumps to v3 as needed).
    V3Plain,
}

/// The texts of the request-making functions of req.c.
pub struct RequestTexts {
    pub make_failed: &'static str,
    pub no_objects: &'static str,
    /// Followed by the section name and "' section".
    pub no_section: &'static str,
    pub no_newline: &'static str,
    /// Followed by the limit and " bytes long".
    pub too_short: &'static str,
    pub too_long: &'static str,
    /// 1.1.1 (`add_attribute_object`): "Error adding attribute" is
    /// followed by the error queue at once.
    pub attribute_error_shows_queue: bool,
}

/// Which extension step failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExtStep {
    CheckCert,
    CheckRequest,
    AddCert,
    AddRequest,
}

/// How `duplicated()` in req.c answers a malformed or repeated `-addext`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AddextCheck {
    /// 1.1.1: every problem is the usage line alone (`goto opthelp`).
    UsageOnly,
    /// 3.0: every problem is "Duplicate extension: <arg>" and the usage line.
    DuplicateOnly,
    /// 3.2: "Parse error on -addext: ..." (no usage line), and "Duplicate
    /// extension name: <key>" followed by the usage line (`goto opthelp`).
    ParseErrorsDuplicateUsage,
    /// 3.4: the same messages, the duplicate one also without the usage
    /// line (`goto end`).
    ParseErrors,
}

impl Version {
    /// "3.2": the line's name.
    pub fn name(self) -> String {
        self.line_name()
    }

    // ----- apps/lib/opt.c ---------------------------------------------------

    /// 3.0 (`opt_next`): a bad number or format names "option -days";
    /// 1.1.1's opt_next said "for -days".
    pub fn value_error_names_option(self) -> &'static str {
        if self >= V3_0 {
            "for option -"
        } else {
            "for -"
        }
    }

    /// 1.1.1 (`opt_next`, value type 'p'): a word that is no int is also
    /// called non-positive, after opt_int's own message; 3.0 stops at
    /// opt_int's.
    pub fn non_positive_after_number_error(self) -> bool {
        self < V3_0
    }

    /// 3.0 (`opt_format`): a word that names no format is "Bad format";
    /// 1.1.1 returned 0 without a word (opt_next's "Invalid format" line
    /// alone).
    pub fn names_unknown_format_words(self) -> bool {
        self >= V3_0
    }

    /// `opt_next` for an option a table without a `""` row lacks (the
    /// `help` command's): "Unknown option: -x" since 3.0, 1.1.1's "Option
    /// unknown option -x".
    pub fn unknown_option_text(self) -> &'static str {
        if self >= V3_0 {
            ": Unknown option: -"
        } else {
            ": Option unknown option -"
        }
    }

    /// 3.0 (`opt_next`): `-h` is `-help`; 1.1.1 knew only `-help` (`-h`
    /// is then a digest name, "Unrecognized flag h").
    pub fn h_is_help(self) -> bool {
        self >= V3_0
    }

    /// The names of the continuation and usage rows (`OPT_MORE_STR`,
    /// `OPT_HELP_STR`), which opt_next matches like options: 3.0's "-M"
    /// and "-H", 1.1.1's "---" and "--".
    pub fn marker_row_names(self) -> (&'static str, &'static str) {
        if self >= V3_0 {
            ("-M", "-H")
        } else {
            ("---", "--")
        }
    }

    /// How `opt_md` names a digest it does not know: 1.1.1's "Unrecognized
    /// flag sha", 3.0's "Unknown option or message digest: sha".
    pub fn unknown_digest_text(self) -> &'static str {
        if self >= V3_0 {
            ": Unknown option or message digest: "
        } else {
            ": Unrecognized flag "
        }
    }

    /// 3.2 (`opt_set_unknown_name`): a second digest or unknown option is an
    /// error ("Multiple digest or unknown options: -a and -b") instead of
    /// silently replacing the first.
    pub fn one_unknown_option(self) -> bool {
        self >= V3_2
    }

    /// 3.2 (`opt_check_rest_arg`): words left after the options are named
    /// ("Extra option: \"x\"") before the usage line.
    pub fn names_extra_arguments(self) -> bool {
        self >= V3_2
    }

    /// 3.2 (`opt_format_error`): "must be one of:  pem der" on one line,
    /// and the `b64` format (`b...` words that are not b64 fail silently).
    pub fn format_list_on_one_line(self) -> bool {
        self >= V3_2
    }

    /// 4.0 removed the ENGINE key format (`-keyform engine`).
    pub fn engine_format(self) -> bool {
        self < V4_0
    }

    /// 3.2 (`opt_help`): an option wider than the 30-column limit still
    /// widens the column (clamped to 30) instead of being ignored.
    pub fn help_width_clamped(self) -> bool {
        self >= V3_2
    }

    /// 4.0 (`opt_md`): digest names are only fetched from providers, no
    /// longer looked up with the legacy `EVP_get_digestbyname`.
    pub fn legacy_digest_names(self) -> bool {
        self < V4_0
    }

    // ----- apps/req.c: options and their checks ----------------------------

    /// 3.0 (`req_main`: `multirdn = 1`): '+' always joins multi-valued
    /// RDNs and `-multivalue-rdn` is ignored; 1.1.1 passed `multirdn`,
    /// set only by `-multivalue-rdn`, to `parse_name`.
    pub fn multivalue_rdns_always(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1 (`req_main`, `case OPT_MD` and `default_md`): a digest name
    /// is looked up with `opt_md` where it is read, an unknown one failing
    /// there; 3.0 keeps the name and looks it up when signing.
    pub fn digests_looked_up_when_named(self) -> bool {
        self < V3_0
    }

    /// 3.0 (`req_main`: `if (!opt_md(digest, &md)) { ERR_clear_error();
    /// goto opthelp; }`): an unknown digest clears the error queue, so
    /// `end:` prints none; 1.1.1's `opt_md` failure leaves the queue as
    /// it is (errors the default config left at start-up are printed).
    pub fn unknown_digest_clears_errors(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1 (`opt_rand`, `loadfiles`): `-rand` files are loaded as the
    /// option is parsed; 3.0 collects them for `app_RAND_load` after the
    /// options.
    pub fn rand_files_loaded_when_named(self) -> bool {
        self < V3_0
    }

    /// 3.0 (`main`: `if (!app_RAND_write()) ret = EXIT_FAILURE`): a
    /// `-writerand` or `RANDFILE` that cannot be written fails the run;
    /// 1.1.1's `app_RAND_write` was void, its complaint left the exit code.
    pub fn rand_write_failure_fails(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1 (`req_main`: `int days = 0`, `if (days && !x509)`): 0 is the
    /// value of no `-days`, which `atoi` also makes of "0x10"; 3.0 has
    /// `UNSET_DAYS`.
    pub fn days_zero_is_unset(self) -> bool {
        self < V3_0
    }

    /// The note about `-days` without `-x509` (after `ignoring_prefix`):
    /// 1.1.1's "Ignoring -days; not generating a certificate", 3.0's
    /// "Ignoring -days without -x509; ...".
    pub fn ignoring_without_x509(self) -> &'static str {
        if self >= V3_0 { " without -x509" } else { "" }
    }

    /// 3.5 (CHANGES: "Updated the default encryption cipher for the req,
    /// cms, and smime applications from des-ede3-cbc to aes-256-cbc");
    /// 3.0-3.4 `req_main`: `cipher = EVP_des_ede3_cbc()`.
    pub fn default_key_cipher(self) -> &'static CStr {
        if self >= V3_5 {
            c"AES-256-CBC"
        } else {
            c"DES-EDE3-CBC"
        }
    }

    /// 3.4: the notes about options that only `-x509` uses begin with
    /// "Warning: " ("Warning: Ignoring -days without -x509; ...").
    pub fn ignoring_prefix(self) -> &'static str {
        if self >= V3_4 { "Warning: " } else { "" }
    }

    /// 3.2: warnings about options that a combination makes useless
    /// (`-newkey` with `-key`, `-in` with `-new`, `-key` with `-in`,
    /// `-key` with `-CA`, `-precert` without a certificate).
    pub fn warns_about_unused_options(self) -> bool {
        self >= V3_2
    }

    /// 3.2: "Warning: Will read cert request from stdin since no -in
    /// option is given".
    pub fn warns_of_request_from_stdin(self) -> bool {
        self >= V3_2
    }

    /// 3.4 (`isatty(fileno_stdin())`): that warning only when stdin is a
    /// terminal; 3.2 and 3.3 print it whenever the request is read from
    /// stdin.
    pub fn stdin_warning_only_on_terminal(self) -> bool {
        self >= V3_4
    }

    /// `duplicated()` in req.c and what `-addext` does with its answer:
    /// 3.0 named the argument, 3.2 gave the problems names, 3.4 ends a
    /// duplicate without the usage line (`goto end` for `goto opthelp`).
    pub fn addext_check(self) -> AddextCheck {
        if self >= V3_4 {
            AddextCheck::ParseErrors
        } else if self >= V3_2 {
            AddextCheck::ParseErrorsDuplicateUsage
        } else if self >= V3_0 {
            AddextCheck::DuplicateOnly
        } else {
            AddextCheck::UsageOnly
        }
    }

    // ----- apps/req.c: keys (1.1.1's req_main against 3.x's) ---------------

    /// What `req_main` calls the `-key` it loads: 1.1.1's
    /// `load_key(keyfile, keyform, 0, passin, e, "Private Key")`, 3.x's
    /// "private key".
    pub fn private_key_desc(self) -> &'static str {
        if self >= V3_0 {
            "private key"
        } else {
            "Private Key"
        }
    }

    /// 1.1.1's `req_main` generates the key itself (`EVP_PKEY_keygen` with
    /// req.c's `genpkey_cb`): it always says "Generating a RSA private
    /// key" ("an EC"), fails with "Error Generating Key", and has no
    /// entropy warning. 3.x calls `app_keygen` (apps/lib/apps.c), which
    /// speaks only with `-verbose`.
    pub fn keygen_in_req_main(self) -> bool {
        self < V3_0
    }

    /// 1.1.1's `req_main` checks the size against the `pkey_type` that
    /// `set_keygen_ctx` set, and calls it before the checks only for a
    /// `-newkey`: the default RSA key's size (`default_bits`) is not
    /// checked there (`set_keygen_ctx` refuses a small one later, "Error
    /// setting RSA keysize"; a large one is not warned about). 3.x makes
    /// the context first, always.
    pub fn checks_default_key_size(self) -> bool {
        self >= V3_0
    }

    /// `pkey_ctrl_string` (apps.c), for `-pkeyopt` and `-sigopt`: 1.1.1
    /// hands an option without ':' to `EVP_PKEY_CTX_ctrl_str` with a NULL
    /// value (libcrypto refuses it, "value missing"); 3.x refuses it
    /// itself, quietly.
    pub fn ctrl_string_passes_colonless(self) -> bool {
        self < V3_0
    }

    /// The shortest pass phrase 1.1.1's `password_callback` (apps.c) takes
    /// when it asks for one (a key's, while loading it): always
    /// `PW_MIN_LENGTH` (4) up to 1.1.1m; 1 when a pass phrase was preset
    /// from 1.1.1n; and 0 for reading from 1.1.1o (apps.c of the
    /// openssl-src crates 111.18.0+1.1.1n and 111.20.0+1.1.1o against
    /// 111.17.0+1.1.1m). Ubuntu 20.04's 1.1.1f, RHEL 8's 1.1.1k
    /// and SLES 15's 1.1.1l still take at least 4 characters at the
    /// prompt.
    pub fn pass_min_length(self) -> PassMinLength {
        if self.has_fix(&[Version::lettered(1, 1, 1, b'o')]) {
            PassMinLength::OneIfPresetNoneForReading
        } else if self.has_fix(&[Version::lettered(1, 1, 1, b'n')]) {
            PassMinLength::OneIfPreset
        } else {
            PassMinLength::Four
        }
    }

    /// `set_keygen_ctx` when the `-newkey` parameter file cannot be
    /// opened: 1.1.1's "Can't open parameter file", 3.0's "Cannot open".
    pub fn cannot_open_parameter_file(self) -> &'static str {
        if self >= V3_0 {
            "Cannot open parameter file "
        } else {
            "Can't open parameter file "
        }
    }

    /// 3.x checks RSA-PSS sizes as RSA ones; 1.1.1's checks compare
    /// `pkey_type` with `EVP_PKEY_RSA` and `EVP_PKEY_DSA` only.
    pub fn checks_rsa_pss_key_size(self) -> bool {
        self >= V3_0
    }

    /// The refusal of a key below `min` bits: two lines in 1.1.1's
    /// `req_main`, one in 3.x's.
    pub fn key_too_short(self, min: i64, bits: i64) -> String {
        if self >= V3_0 {
            format!("Private key length too short, needs to be at least {min} bits, not {bits}.\n")
        } else {
            format!(
                "private key length is too short,\nit needs to be at least {min} bits, not {bits}\n"
            )
        }
    }

    /// A `-pkeyopt` that the context refuses: 1.1.1's `req_main` says
    /// `parameter error "opt"`, 3.x's `Key parameter error "opt"`.
    pub fn pkeyopt_error_prefix(self) -> &'static str {
        if self >= V3_0 {
            "Key parameter error"
        } else {
            "parameter error"
        }
    }

    /// 1.1.1's `req_main` writes only a key it generated (a `-key` never
    /// goes to `-keyout`), and always says "writing new private key to
    /// 'F'" (or "to stdout"); 3.x writes a loaded key to `-keyout` too, and
    /// says "Writing private key to" only with `-verbose`.
    pub fn writes_only_generated_key(self) -> bool {
        self < V3_0
    }

    /// `bio_open_default`: 1.1.1 names the file bare ("Can't open k.pem
    /// for reading, No such file or directory"), 3.x in quotes.
    pub fn quotes_file_in_open_error(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1's `-in` (`req_main` reads it inline): an open failure is the
    /// `bio_open_default` message and stack alone, a read failure "unable
    /// to load X509 request" then the stack at `end:`. 3.x's `load_csr`
    /// says "Unable to load X509 request" after either.
    pub fn csr_read_inline(self) -> bool {
        self < V3_0
    }

    // ----- apps/req.c: the run ----------------------------------------------

    /// 3.2: an optional config lookup (`app_conf_try_string`) removes only
    /// its own errors from the queue (`ERR_set_mark`, `ERR_pop_to_mark`),
    /// where 3.0 and 3.1 (`NCONF_get_string`, `ERR_clear_error`) cleared
    /// the whole queue.
    pub fn config_lookup_pops_own_errors(self) -> bool {
        self >= V3_2
    }

    /// 3.1 (`load_key_certs_crls`): a key or certificate load removes only
    /// its own leftover errors (`ERR_set_mark` ... `ERR_pop_to_mark`),
    /// where 3.0 cleared the whole queue after a success.
    pub fn store_pops_own_errors(self) -> bool {
        self >= V3_1
    }

    /// 3.2: one extension section (`extsect`) for both `-extensions` and
    /// `-reqexts`, applied to whatever is made (certificate or request), and
    /// only that one is checked. 3.0 and 3.1 kept and checked both.
    pub fn one_extension_section(self) -> bool {
        self >= V3_2
    }

    /// 1.1.1 (`req_main`: `NCONF_get_number(req_conf, SECTION, BITS,
    /// ...)` without `ERR_clear_error`): a config without `default_bits`
    /// leaves "NCONF_get_string:no value" queued, for the next error
    /// report; 3.0 clears it.
    pub fn default_bits_miss_stays_queued(self) -> bool {
        self < V3_0
    }

    /// 4.0: `-x509v1` does not take `x509_extensions` from the config.
    pub fn x509v1_skips_config_extensions(self) -> bool {
        self >= V4_0
    }

    /// The database the `-addext` syntax check looks sections up in
    /// (`X509V3_set_nconf(&ctx, ...)` before "Check syntax of command line
    /// extensions"): the config file since "Fix openssl req with -addext
    /// subjectAltName=dirName" (3.0.14, 3.1.6, 3.2.2, 3.3.0); before it
    /// the `-addext` text itself, so `dirName:sect` failed the check.
    pub fn addext_checked_against_config(self) -> bool {
        self.has_fix(&[
            Version::new(3, 0, 14),
            Version::new(3, 1, 6),
            Version::new(3, 2, 2),
            V3_3,
        ])
    }

    /// 4.0 (`do_EXT_add_nconf`): the `-addext` extensions are checked with
    /// "Error checking x509 extensions defined via -addext", and added to a
    /// certificate with the `-addext` text as the lookup database.
    pub fn addext_own_database(self) -> bool {
        self >= V4_0
    }

    /// The message when adding the `-addext` extensions fails: 1.1.1's
    /// "Error Loading command line extensions"; one text for both in 3.0
    /// and 3.1; naming certificate or request since 3.2.
    pub fn addext_add_error(self, cert: bool) -> &'static str {
        if self < V3_0 {
            return "Error Loading command line extensions\n";
        }
        match (self >= V3_2, cert) {
            (false, _) => "Error adding extensions defined via -addext\n",
            (true, true) => "Error adding x509 extensions defined via -addext\n",
            (true, false) => "Error adding request extensions defined via -addext\n",
        }
    }

    /// The message when checking the `-addext` extensions fails (1.1.1:
    /// the same as when adding them; 4.0: `do_EXT_add_nconf`'s).
    pub fn addext_check_error(self) -> &'static str {
        if self < V3_0 {
            "Error Loading command line extensions\n"
        } else if self >= V4_0 {
            "Error checking x509 extensions defined via -addext\n"
        } else {
            "Error checking extensions defined using -addext\n"
        }
    }

    /// 3.2 (`progress_cb` of apps/lib/s_cb.c): key generation prints its
    /// progress only when `progress` is set (`-quiet` clears it), and a
    /// keygen_info of 4 prints a NUL byte, others outside 0..=3 a '?'.
    /// 3.0's and 3.1's `genpkey_cb` always printed, '*' for anything
    /// unknown.
    pub fn progress_symbols_v32(self) -> bool {
        self >= V3_2
    }

    /// 4.0: "Writing private key to ..." (`-verbose`) goes to stdout.
    pub fn key_written_note_on_stdout(self) -> bool {
        self >= V4_0
    }

    /// 3.2 (`load_csr_autofmt`): without `-inform` a request is tried as
    /// PEM (quietly), then as DER; every request read is checked against
    /// its self-signature ("Warning: CSR self-signature does not match").
    pub fn csr_autoformat(self) -> bool {
        self >= V3_2
    }

    /// 3.1 (`load_csr`): the error queue comes before "Unable to load".
    pub fn csr_errors_before_unable(self) -> bool {
        self >= V3_1
    }

    /// 3.4 (`set_cert_times` with -not_before/-not_after and strict date
    /// order): the validity options and their messages.
    pub fn checks_cert_times(self) -> bool {
        self >= V3_4
    }

    /// `do_X509_sign`'s version and key-identifier policy: 3.2 added
    /// `force_v1` and the default key identifiers, 4.0 left them to
    /// libcrypto.
    pub fn cert_version(self) -> CertVersion {
        if self < V3_0 {
            CertVersion::V3IfSectionNamed
        } else if self >= V4_0 {
            CertVersion::V3Plain
        } else if self >= V3_2 {
            CertVersion::V3WithKeyIds
        } else {
            CertVersion::V3IfExtensions
        }
    }

    /// 3.2: the request's extension context replaces an extension given
    /// twice (`X509V3_CTX_REPLACE`) instead of adding it twice.
    pub fn request_extensions_replace(self) -> bool {
        self >= V3_2
    }

    /// 3.2: "Certificate request self-signature verify OK" on stdout.
    pub fn verify_ok_on_stdout(self) -> bool {
        self >= V3_2
    }

    /// 3.3 ("apps/req,crl: exit with 1 on verification failure", not
    /// taken back to 3.2 or earlier): a request whose self-signature does
    /// not verify fails the run.
    pub fn verify_failure_fails(self) -> bool {
        self >= V3_3
    }

    /// 4.0 (`prompt_info`, `auto_info`): the subject is built apart and
    /// set at the end ("Error: Can't set subject name" if that fails).
    pub fn subject_built_apart(self) -> bool {
        self >= V4_0
    }

    /// 1.1.1 (`make_REQ`): the config must name a `distinguished_name`
    /// section even when `-subj` gives the subject ("unable to find
    /// 'distinguished_name' in config"); 3.0 looks it up only to prompt.
    pub fn requires_dn_section(self) -> bool {
        self < V3_0
    }

    /// 1.1.1 (`build_subject`): `-subj` is parsed where it is used, in
    /// `make_REQ` or after the request was read; 3.0 parses it once, right
    /// after the options.
    pub fn parses_subject_where_used(self) -> bool {
        self < V3_0
    }

    /// 3.0 (`parse_name(cp, chtype, canmulti, desc)`): the messages name
    /// what is parsed ("subject name"), an unknown attribute is a warning
    /// with a hint about '+', and a failed entry is reported; 1.1.1's
    /// `parse_name(cp, chtype, canmulti)` has its own texts ("Hit end of
    /// string before finding the equals.") and reports no failed entry.
    pub fn parse_name_names_desc(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1 (`req_main`): `-subj` on a request that was read replaces its
    /// subject with `-verbose` notes ("Modifying Request's Subject", "old
    /// subject=", "new subject="); with `-x509` it fails after the
    /// certificate was made ("Cannot modify certificate subject"). 3.0
    /// prints no notes (bio NULL) and makes `-subj` the certificate's
    /// subject.
    pub fn subject_of_read_request_v1(self) -> bool {
        self < V3_0
    }

    /// The texts of `make_REQ`, `prompt_info`, `auto_info`, `build_data` and
    /// `req_check_len`, which 3.0 reworded.
    pub fn request_texts(self) -> RequestTexts {
        if self >= V3_0 {
            RequestTexts {
                make_failed: "Error making certificate request\n",
                no_objects: "Error: No objects specified in config file\n",
                no_section: "Unable to get '",
                no_newline: "Missing newline at end of input\n",
                too_short: "String too short, must be at least ",
                too_long: "String too long, must be at most ",
                attribute_error_shows_queue: false,
            }
        } else {
            RequestTexts {
                make_failed: "problems making Certificate Request\n",
                no_objects: "error, no objects specified in config file\n",
                no_section: "unable to get '",
                no_newline: "weird input :-(\n",
                too_short: "string is too short, it needs to be at least ",
                too_long: "string is too long, it needs to be no more than ",
                attribute_error_shows_queue: true,
            }
        }
    }

    /// 1.1.1 (`req_main`): with `-x509` and no key, "you need to specify a
    /// private key"; 3.0 also names `-CA`.
    pub fn no_signing_key_message(self) -> &'static str {
        if self >= V3_0 {
            "Must provide a signature key using -key or provide -CA / -CAkey\n"
        } else {
            "you need to specify a private key\n"
        }
    }

    /// 3.0 (`req_main` with `-x509` and no `-CA`): the signing key goes to
    /// the extension context (`X509V3_set_issuer_pkey`, for the AKID of a
    /// self-signed certificate) and one that does not match the request's
    /// key is warned about; 1.1.1 does neither.
    pub fn checks_self_signing_key(self) -> bool {
        self >= V3_0
    }

    /// 3.0: a certificate's extensions replace ones already there
    /// (`X509V3_CTX_REPLACE`); 1.1.1's context has flags 0, so an
    /// `-addext` repeating a section's extension adds it twice.
    pub fn cert_extensions_replace(self) -> bool {
        self >= V3_0
    }

    /// 3.0: "Warning: No -copy_extensions given; ignoring any extensions
    /// in the request" for `-x509 -in`; 1.1.1 has no `-copy_extensions`
    /// and says nothing.
    pub fn warns_request_extensions_ignored(self) -> bool {
        self >= V3_0
    }

    /// The messages about extension sections: 1.1.1 "Error Loading ...",
    /// 3.0 "Error checking ..." / "Error adding ...".
    pub fn extension_error(self, step: ExtStep) -> &'static str {
        if self >= V3_0 {
            match step {
                ExtStep::CheckCert => "Error checking x509 extension section ",
                ExtStep::CheckRequest => "Error checking request extension section ",
                ExtStep::AddCert => "Error adding x509 extensions from section ",
                ExtStep::AddRequest => "Error adding request extensions from section ",
            }
        } else {
            match step {
                ExtStep::CheckRequest => "Error Loading request extension section ",
                _ => "Error Loading extension section ",
            }
        }
    }

    /// 1.1.1 (`verify && !x509`): `-verify` is skipped for a certificate;
    /// its result is "verify OK" or "verify failure" followed by the error
    /// queue.
    pub fn verify_v1(self) -> bool {
        self < V3_0
    }

    /// The messages when writing the request or certificate fails.
    pub fn write_error(self, cert: bool) -> &'static str {
        match (self >= V3_0, cert) {
            (true, false) => "Unable to write certificate request\n",
            (true, true) => "Unable to write X509 certificate\n",
            (false, false) => "unable to write X509 request\n",
            (false, true) => "unable to write X509 certificate\n",
        }
    }

    /// 1.1.1 (`-modulus`): "Modulus=", "Modulus=unavailable" and "Wrong
    /// Algorithm type" go to C's stdout with `fprintf`, only the hex to the
    /// output BIO; only an RSA key (`EVP_PKEY_base_id == EVP_PKEY_RSA`, not
    /// RSA-PSS) has a modulus; "unavailable" fails the run.
    pub fn modulus_v1(self) -> bool {
        self < V3_0
    }

    // ----- apps/lib/apps.c --------------------------------------------------

    /// 3.0 (`setup_engine_methods` of apps/lib/engine.c): "Engine \"x\"
    /// set.", "Invalid engine", "Cannot use engine \"x\"", "Enabling auto
    /// ENGINE support"; 1.1.1's `setup_engine` (apps/apps.c) wrote them in
    /// lower case, "can't use that engine", and ignored an engine's refusal
    /// of the UI method.
    pub fn engine_messages_capitalised(self) -> bool {
        self >= V3_0
    }

    /// 3.0 (`req_main`): `-keygen_engine` is set up as `-engine` is
    /// (`setup_engine`); 1.1.1 only looked it up with `ENGINE_by_id`.
    pub fn keygen_engine_set_up(self) -> bool {
        self >= V3_0
    }

    /// `get_nameopt()` without `-nameopt`: 3.0 and 3.1 printed names
    /// "oneline" (`C = AU, O = "A, B"`); 3.2 switched to UTF-8 with `C=AU`
    /// (CHANGES 3.2.0); "apps: Escape control characters in DNs by
    /// default" (CHANGES 3.4.2, and 3.5.0) added esc_ctrl, dump_unknown
    /// and dump_der.
    pub fn default_nameopt(self) -> u64 {
        use crate::print_opts as p;
        if self.has_fix(&[Version::new(3, 4, 2)]) {
            p::XN_FLAG_UTF8_DEFAULT
        } else if self >= V3_2 {
            p::XN_FLAG_UTF8_3_2
        } else {
            p::XN_FLAG_ONELINE
        }
    }

    /// `load_key_certs_crls`: what the failure sentence calls the thing
    /// that could not be loaded ("Could not read key ..." in 3.0 and 3.1,
    /// "Could not find private key ..." since 3.2).
    pub fn store_failure_name(self, cert: bool) -> &'static str {
        match (self >= V3_2, cert) {
            (false, false) => "key",
            (false, true) => "cert",
            (true, false) => "private key",
            (true, true) => "certificate",
        }
    }

    /// `load_key_certs_crls`: how the sentence begins when the store opened
    /// but held nothing usable.
    pub fn store_not_found(self) -> &'static str {
        if self >= V4_0 {
            "Could not find or decode"
        } else if self >= V3_2 {
            "Could not find"
        } else {
            "Could not read"
        }
    }

    /// 3.1 (`load_key_certs_crls`): a system error (a missing file) ends
    /// the sentence with its `strerror` and hides that load's error stack.
    pub fn store_names_system_errors(self) -> bool {
        self >= V3_1
    }

    /// 3.5 (`format2string`, "Further decoder tuning"): `-keyform pvk` and
    /// `msblob` tell the key store what to expect, as PEM and DER always
    /// did.
    pub fn names_pvk_and_msblob_input(self) -> bool {
        self >= V3_5
    }

    /// 3.0's `load_cert_pass` adds "Unable to load <desc>" after a failure;
    /// 3.1's only after an HTTP download.
    pub fn cert_load_says_unable(self) -> bool {
        self < V3_1
    }

    /// How `BIO_printf("%s")` prints a NULL string: libcrypto's own
    /// formatter said "<NULL>"; 4.0 hands formatting to the C library.
    pub fn null_string(self) -> &'static str {
        if self >= V4_0 { "(null)" } else { "<NULL>" }
    }

    /// 3.0 (`app_load_config_internal`): a config file named "" is no
    /// configuration ("No configuration used"); 1.1.1's `app_load_config`
    /// opened "" like any name and failed ("Can't open  for reading").
    pub fn empty_config_name_is_none(self) -> bool {
        self >= V3_0
    }

    /// 3.0 (`req_main`): with `-verbose`, an `oid_file` that cannot be
    /// opened is named ("Problems opening ... for extra OIDs"); 1.1.1
    /// kept that message commented out.
    pub fn reports_unreadable_oid_file(self) -> bool {
        self >= V3_0
    }

    /// The `-verbose` note before the `-addext` text is loaded as a config:
    /// 1.1.1's "from command line", 3.0's "from -addext options".
    pub fn addext_config_note(self) -> &'static str {
        if self >= V3_0 {
            "Using additional configuration from -addext options\n"
        } else {
            "Using additional configuration from command line\n"
        }
    }

    /// 3.0 (`main`): "FATAL: Startup failure (dev note: apps_startup())
    /// for <argv[0]>"; 1.1.1's "... (dev note: apps_startup() failed)".
    pub fn startup_failure_names_program(self) -> bool {
        self >= V3_0
    }

    /// 1.1.1 (`main` of apps/openssl.c): `OPENSSL_FIPS` in the environment
    /// ends every command at once ("FIPS mode not supported.").
    pub fn refuses_fips_environment(self) -> bool {
        self < V3_0
    }

    /// The line's default configuration file (apps/openssl.cnf, which
    /// `make install` puts in OPENSSLDIR), built in for machines that lack
    /// it. 3.2's (`ess_cert_id_alg = sha256`) is 3.3's and 3.4's; 3.5's
    /// and 3.6's differ from it in two comments; 4.0's `v3_ca` asks for
    /// `keyid:nonss` key identifiers and it adds `default_skid_akid`.
    pub fn default_config(self) -> &'static [u8] {
        match (self.major, self.minor) {
            (1, _) => include_bytes!("default_config/openssl-1.1.1.cnf"),
            (3, 0) => include_bytes!("default_config/openssl-3.0.cnf"),
            (3, 1) => include_bytes!("default_config/openssl-3.1.cnf"),
            (3, 2) => include_bytes!("default_config/openssl-3.2.cnf"),
            (3, 3) => include_bytes!("default_config/openssl-3.3.cnf"),
            (3, 4) => include_bytes!("default_config/openssl-3.4.cnf"),
            (3, 5) => include_bytes!("default_config/openssl-3.5.cnf"),
            (3, 6) => include_bytes!("default_config/openssl-3.6.cnf"),
            _ => include_bytes!("default_config/openssl-4.0.cnf"),
        }
    }

    /// `app_get_pass`: an unknown pass-phrase source is shown only up to
    /// its ':' since 3.0 ("Invalid password argument, starting with
    /// \"abc:\""); 1.1.1 shows all of it ("Invalid password argument
    /// \"abc:secret\"").
    pub fn hides_invalid_pass_argument(self) -> bool {
        self >= V3_0
    }

    /// `app_get_pass`: `-passin stdin` reads through C's stdin unbuffered
    /// since 3.0 (`unbuffer(stdin)`), so a later `fd:0` source still finds
    /// the next line; 1.1.1's buffered read takes everything stdin holds.
    pub fn unbuffers_stdin_for_pass(self) -> bool {
        self >= V3_0
    }

    /// `app_get_pass`: an unset `env:` variable is "No environment
    /// variable %s" since 3.0, "Can't read environment variable %s" in
    /// 1.1.1.
    pub fn env_pass_missing(self) -> &'static str {
        if self >= V3_0 {
            "No environment variable "
        } else {
            "Can't read environment variable "
        }
    }

    // ----- apps/openssl.c ---------------------------------------------------

    /// 1.1.1 (`main`, `do_cmd` of apps/openssl.c): `openssl` without a
    /// command reads commands from stdin after an "OpenSSL> " prompt, and
    /// "quit", "q", "exit" and "bye" end the program; there is no global
    /// `-help` (`openssl -help` is an invalid command). 3.0 removed the
    /// interactive mode: no command is `help`, and so are `-help`, `-h`.
    pub fn openssl_interactive_mode(self) -> bool {
        self < V3_0
    }

    /// 3.0 added the commands cmp, fipsinstall, info, kdf and mac (what
    /// `openssl no-kdf` says).
    pub fn has_3_0_commands(self) -> bool {
        self >= V3_0
    }

    /// 3.0 (`help_main`): the command list starts "help:" and a blank
    /// line; 1.1.1's with "Standard commands".
    pub fn help_list_names_help(self) -> bool {
        self >= V3_0
    }

    /// 3.0 (`help_options[]`): `help`'s table has a "General" heading and a
    /// `command` parameter row; 1.1.1's had two usage lines and `-help`.
    pub fn help_command_has_parameter_row(self) -> bool {
        self >= V3_0
    }

    /// `dup_bio_out` (apps/lib/apps.c; 1.1.1 apps/apps.c with its own
    /// filter, apps/bf_prefix.c) prefixes every stdout line with
    /// `HARNESS_OSSL_PREFIX` (OpenSSL's test harness) through 3.5; 3.6
    /// dropped it.
    pub fn honours_harness_prefix(self) -> bool {
        self < V3_6
    }

    /// 3.6: `OPENSSL_SEC_MEM` / `OPENSSL_SEC_MEM_MINSIZE` set up secure
    /// memory at start ("FATAL: could not convert ...").
    pub fn reads_sec_mem_env(self) -> bool {
        self >= V3_6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_from_version_numbers() {
        let line_of = |n| {
            let line = Version::of_number(n).line();
            crate::version::SUPPORTED_LINES
                .contains(&line)
                .then_some(line)
        };
        assert_eq!(line_of(0x3000_0130), Some(V3_0));
        assert_eq!(line_of(0x3010_0040), Some(V3_1));
        assert_eq!(line_of(0x3020_0010), Some(V3_2));
        assert_eq!(line_of(0x3030_0020), Some(V3_3));
        assert_eq!(line_of(0x3040_0010), Some(V3_4));
        assert_eq!(line_of(0x3050_0050), Some(V3_5));
        assert_eq!(line_of(0x3060_0030), Some(V3_6));
        assert_eq!(line_of(0x4000_0030), Some(V4_0));
        assert_eq!(line_of(0x3070_0000), None);
        assert_eq!(line_of(0x1010_117f), Some(V1_1_1));
        assert_eq!(line_of(0x1010_006f), None, "1.1.0 is another line");
        assert_eq!(Version::of_number(0x3020_0010), Version::new(3, 2, 1));
    }

    #[test]
    fn versions_order_as_versions() {
        let v3_10 = Version::new(3, 10, 0);
        assert!(v3_10 > V3_5, "3.10 comes after 3.5");
        assert!(Version::new(3, 2, 1) >= V3_2 && Version::new(3, 2, 1) < V3_3);
        assert_eq!(Version::parse("3.10"), Some(v3_10));
        assert_eq!(Version::parse("3.4.1"), Some(Version::new(3, 4, 1)));
        assert_eq!(Version::parse("3"), None);
        assert_eq!(Version::parse("3.4.1.0"), None);
    }

    #[test]
    fn patch_release_fixes() {
        let fix = [Version::new(3, 0, 14), Version::new(3, 1, 6), V3_3];
        let has = |v: &str| Version::parse(v).is_some_and(|v| v.has_fix(&fix));
        assert!(!has("3.0.13") && has("3.0.14") && has("3.0.22"));
        assert!(!has("3.1.4") && has("3.1.6"));
        assert!(!has("3.2.1"), "a line not named is not fixed");
        assert!(has("3.3.0") && has("3.4.1") && has("4.0.3"));
        let esc = [Version::new(3, 4, 2)];
        let has = |v: &str| Version::parse(v).is_some_and(|v| v.has_fix(&esc));
        assert!(!has("3.3.2") && !has("3.4.1") && has("3.4.2") && has("3.5.0"));
    }

    #[test]
    fn the_build_line_is_the_library_line() {
        let built = env!("OPENSSL_REQ_BUILT_AGAINST");
        assert_eq!(Version::parse(built), Some(LINE), "{built}");
    }
}
