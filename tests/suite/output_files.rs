//! Output files: their modes (key 0600, request 0666 & ~umask), existing files,
//! unwritable paths (missing directory, a directory, an empty name), symbolic
//! links, `/dev/stdout`, `-`, and what is left after a failed run.
//!
//! Where openssl and openssl-req write files the same way, `assert_same`
//! compares every file and mode (a leftover temporary file of ours would show
//! as a file only ours wrote). Where the README lists a DELIBERATE difference
//! (an existing key file's mode; no orphan or truncated file after a failure),
//! `assert_same_output` compares exit code, stdout and stderr, and the test
//! asserts our files directly: old content intact, no temporary files.

use crate::common::*;
use crate::deliberate;

/// `openssl req -new -key rsa1024.pem -subj /CN=x EXTRA...`
fn fixed_key(extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", "rsa1024.pem", "-subj", "/CN=x"];
    args.extend_from_slice(extra);
    Case::new(&args).fixture("rsa1024.pem")
}

/// bio_open_default's message for an output it cannot open: the name bare
/// on 1.1.1, in quotes since 3.0.
fn cant_open_for_writing(name: &str, reason: &str) -> String {
    let q = by_line([("1.1.1", ""), ("3.0", "\"")]);
    format!("Can't open {q}{name}{q} for writing, {reason}\n")
}

/// Whether `-keyout` writes a `-key` out again: since 3.0; 1.1.1 writes
/// only a key it generated.
fn keyout_writes_given_key() -> bool {
    line_at_least("3.0")
}

fn names(o: &Outcome) -> Vec<&str> {
    o.files.keys().map(|k| k.as_str()).collect()
}

#[track_caller]
fn assert_no_temp_files(o: &Outcome) {
    let tmp: Vec<&str> = names(o)
        .into_iter()
        .filter(|n| n.rsplit('/').next().is_some_and(|b| b.starts_with('.')) || n.ends_with(".tmp"))
        .collect();
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
}

// ----- modes of new files -------------------------------------------------------------

#[test]
fn new_key_is_0600_and_request_follows_the_umask() {
    // umask 022: k.pem 0600, r.csr 0644
    let (_, ours) = new_key("r.csr", &[]).assert_same();
    ours.assert_file_mode("k.pem", 0o600);
    ours.assert_file_mode("r.csr", 0o644);
    assert_no_temp_files(&ours);
}

#[test]
fn modes_under_umask_000_and_077() {
    // umask 000: k.pem 0600, r.csr 0666;  umask 077: k.pem 0600, r.csr 0600
    for (umask, csr_mode) in [(0o000, 0o666), (0o077, 0o600), (0o027, 0o640)] {
        let (_, ours) = new_key("r.csr", &[]).umask(umask).assert_same();
        ours.assert_file_mode("k.pem", 0o600);
        ours.assert_file_mode("r.csr", csr_mode);
    }
}

#[test]
fn key_mode_under_umask_277_is_0600() {
    // DELIBERATE: the key is 0600 "whatever the umask"; openssl's open(..., 0600)
    // under umask 0277 gives 0400. The request follows the umask on both: 0400.
    let (openssl, ours) = new_key("r.csr", &[]).umask(0o277).assert_same_output();
    openssl.assert_file_mode("k.pem", 0o400);
    ours.assert_file_mode("k.pem", 0o600);
    openssl.assert_file_mode("r.csr", 0o400);
    ours.assert_file_mode("r.csr", 0o400);
    assert_eq!(names(&ours), ["k.pem", "r.csr"]);
}

#[test]
fn default_keyfile_is_0600_too() {
    // $ openssl req -newkey rsa:1024 -nodes -subj /CN=x -out r.csr   -> privkey.pem 0600 (umask 000)
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .umask(0o000)
    .fresh_key()
    .assert_same();
    ours.assert_file_mode("privkey.pem", 0o600);
}

#[test]
fn encrypted_new_key_is_0600() {
    let (_, ours) = new_key("r.csr", &["-passout", "pass:abcd"])
        .umask(0o000)
        .key_pass("abcd")
        .assert_same();
    ours.assert_file_mode("k.pem", 0o600);
}

// ----- existing files ---------------------------------------------------------------

#[test]
fn existing_request_file_keeps_its_mode() {
    // r.csr exists with mode 0640 / 0600 / 0666: replaced, mode kept
    for mode in [0o640, 0o600, 0o666, 0o444] {
        let (_, ours) = fixed_key(&["-out", "r.csr"])
            .file_mode("r.csr", "old request\n", mode)
            .assert_same();
        ours.assert_file_mode("r.csr", mode);
    }
}

#[test]
fn existing_request_file_keeps_its_set_id_and_sticky_bits() {
    // $ chmod 1644 r.csr && openssl req -new -key rsa1024.pem -subj /CN=x -out r.csr
    // openssl truncates r.csr in place: it keeps 01644 (04755, 02640, 06755 ...),
    // minus what the kernel takes from a writer without CAP_FSETID.
    for mode in [0o1644, 0o4755, 0o2640, 0o2750, 0o6755, 0o7777] {
        let (openssl, ours) = fixed_key(&["-out", "r.csr"])
            .file_mode("r.csr", "old request\n", mode)
            .assert_same();
        if running_as_root() {
            openssl.assert_file_mode("r.csr", mode);
        }
        ours.assert_file_mode("r.csr", openssl.file_mode("r.csr"));
        assert_no_temp_files(&ours);
    }
}

#[test]
fn set_id_bits_of_an_existing_request_file_rewritten_by_a_user() {
    // As nobody, owning r.csr: the in-place rewrite loses the set-user-ID bit
    // (no CAP_FSETID) and the set-group-ID bit where the group may execute:
    // 04755 -> 0755, 02750 -> 0750, 02740 and 01644 stay. The same file
    // root's (mode o+w, nobody in none of its groups): 06766 -> 0766,
    // 02666 -> 0666, 01666 stays.
    for mode in [0o4755, 0o2750, 0o2740, 0o1644] {
        let (openssl, ours) = fixed_key(&["-out", "r.csr"])
            .file_mode("r.csr", "old request\n", mode)
            .assert_same_unprivileged(&[]);
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        ours.assert_file_mode("r.csr", openssl.file_mode("r.csr"));
    }
    for mode in [0o6766, 0o2666, 0o1666] {
        let (openssl, ours) = fixed_key(&["-out", "r.csr"])
            .file_mode("r.csr", "old request\n", mode)
            .assert_same_unprivileged(&["r.csr"]);
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        ours.assert_file_mode("r.csr", openssl.file_mode("r.csr"));
    }
}

#[test]
fn set_id_bits_of_a_file_the_request_is_appended_to() {
    // -keyout r.pem -out r.pem onto an existing r.pem at 02644, where the
    // request is appended to the new key
    let (openssl, ours) = fixed_key(&["-keyout", "r.pem", "-nodes", "-out", "r.pem"])
        .file_mode("r.pem", "old\n", 0o2644)
        .assert_same_output();
    if !keyout_writes_given_key() {
        // 1.1.1: no key; the request is appended to the old content
        // (keyout and outfile are the same name: mode 'a'), the mode kept
        openssl.assert_file_mode("r.pem", 0o2644);
        ours.assert_file_mode("r.pem", 0o2644);
        assert!(
            openssl
                .file_str("r.pem")
                .starts_with("old\n-----BEGIN CERTIFICATE REQUEST")
        );
        assert_eq!(openssl.file("r.pem"), ours.file("r.pem"));
        return;
    }
    // DELIBERATE (difference 4): the file holds the key, so ours makes it 0600.
    openssl.assert_file_mode("r.pem", 0o2644);
    ours.assert_file_mode("r.pem", 0o600);
    assert_eq!(openssl.file("r.pem"), ours.file("r.pem"));
}

#[test]
fn existing_key_file_with_set_id_bits_becomes_0600() {
    // DELIBERATE (difference 4): openssl keeps k.pem's 04644; ours makes it 0600.
    let (openssl, ours) = new_key("r.csr", &[])
        .file_mode("k.pem", "old key\n", 0o4644)
        .assert_same_output();
    if running_as_root() {
        openssl.assert_file_mode("k.pem", 0o4644);
    }
    ours.assert_file_mode("k.pem", 0o600);
    ours.assert_file_mode("r.csr", 0o644);
}

#[test]
fn existing_key_file_0600_is_replaced() {
    // k.pem exists 0600: both write the new key, 0600
    new_key("r.csr", &[])
        .file_mode("k.pem", "old key\n", 0o600)
        .assert_same();
}

#[test]
fn existing_key_file_0644_becomes_0600() {
    // DELIBERATE: openssl truncates k.pem and keeps its 0644 (the new private key is
    // world-readable); ours makes it 0600.
    let (openssl, ours) = new_key("r.csr", &[])
        .file_mode("k.pem", "old key\n", 0o644)
        .assert_same_output();
    assert_eq!(openssl.code, 0);
    openssl.assert_file_mode("k.pem", 0o644);
    ours.assert_file_mode("k.pem", 0o600);
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    ours.assert_file_mode("r.csr", 0o644);
    assert_eq!(names(&ours), ["k.pem", "r.csr"]);
}

#[test]
fn existing_key_file_0666_under_umask_000_becomes_0600() {
    let (openssl, ours) = new_key("r.csr", &[])
        .file_mode("k.pem", "old key\n", 0o666)
        .umask(0o000)
        .assert_same_output();
    openssl.assert_file_mode("k.pem", 0o666);
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn keyout_onto_the_input_key_rewrites_it() {
    // $ openssl req -new -key k.pem -keyout k.pem -nodes -subj /CN=x -out r.csr   (k.pem 0600)
    Case::new(&[
        "-new", "-key", "k.pem", "-keyout", "k.pem", "-nodes", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .file_mode("k.pem", include_bytes!("../../fixtures/rsa1024.pem"), 0o600)
    .assert_same();
}

#[test]
fn out_onto_the_input_key_replaces_it_with_the_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out rsa1024.pem
    fixed_key(&["-out", "rsa1024.pem"]).assert_same();
}

// ----- failed runs leave existing files alone (deliberate) --------------------------

#[test]
fn failure_after_the_key_keeps_old_key_and_request() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /C=USA -out r.csr
    // openssl replaced k.pem by an orphan key before failing; ours changes nothing.
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/C=USA", "-out", "r.csr",
    ])
    .file_mode("k.pem", "old key\n", 0o600)
    .file_mode("r.csr", "old request\n", 0o644)
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert_ne!(openssl.file("k.pem"), b"old key\n");
    assert_eq!(ours.file("k.pem"), b"old key\n");
    assert_eq!(ours.file("r.csr"), b"old request\n");
    ours.assert_file_mode("k.pem", 0o600);
    assert_eq!(names(&ours), ["k.pem", "r.csr"]);
}

#[test]
fn failure_opening_out_keeps_old_key() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out nodir/r.csr
    // the key is written, then -out fails: same message; openssl has the new key, ours the old
    let (openssl, ours) = Case::new(&[
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "nodir/r.csr",
    ])
    .file_mode("k.pem", "old key\n", 0o600)
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.stderr_str().contains(&cant_open_for_writing(
        "nodir/r.csr",
        "No such file or directory"
    )));
    assert_eq!(ours.file("k.pem"), b"old key\n");
    assert_eq!(names(&ours), ["k.pem"]);
}

#[test]
fn failure_opening_out_creates_no_key() {
    // same without an old key: openssl leaves a new orphan key, ours none
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "sub",
    ])
    .dir("sub", 0o755)
    .fresh_key()
    .assert_same_output();
    assert!(openssl.has_file("k.pem"));
    assert!(names(&ours).is_empty(), "{:?}", names(&ours));
}

#[test]
fn failure_before_any_output_touches_nothing() {
    // a bad -subj with a fixed key: nothing was to be written before; both leave r.csr alone
    let (openssl, _) = fixed_key(&["-subj", "CN=bad", "-out", "r.csr"])
        .file_mode("r.csr", "old request\n", 0o644)
        .assert_same();
    assert_eq!(openssl.code, 1);
}

// ----- write errors are errors (deliberate) --------------------------------------------

#[test]
fn a_full_device_as_out_is_an_error() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out /dev/full
    // openssl loses the request silently and exits 0, having replaced k.pem;
    // ours says so, exits 1 and leaves the old key.
    let case = Case::new(&[
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "/dev/full",
    ])
    .file_mode("k.pem", "old key\n", 0o600)
    .fresh_key();
    let openssl = case.run_openssl();
    let ours = case.run_ours();
    assert_eq!(openssl.code, 0);
    assert_ne!(openssl.file("k.pem"), b"old key\n");
    assert_eq!(ours.code, 1);
    // then libcrypto's own line about the failed fflush
    assert!(
        ours.stderr_str()
            .contains("-----\nreq: Error writing \"/dev/full\": No space left on device\n"),
        "{}",
        ours.stderr_str()
    );
    assert_eq!(ours.file("k.pem"), b"old key\n");
    assert_eq!(names(&ours), ["k.pem"]);
}

// ----- unwritable paths ----------------------------------------------------------------

#[test]
fn out_into_a_missing_directory() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out nodir/r.csr
    let (openssl, _) = fixed_key(&["-out", "nodir/r.csr"]).assert_same();
    assert!(openssl.stderr_str().starts_with(&cant_open_for_writing(
        "nodir/r.csr",
        "No such file or directory"
    )));
}

#[test]
fn keyout_into_a_missing_directory() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout nodir/k.pem -subj /CN=x -out r.csr
    let (openssl, _) = new_key("r.csr", &["-keyout", "nodir/k.pem"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert!(
        openssl
            .stderr_str()
            .contains("req: Can't open \"nodir/k.pem\" for writing, No such file or directory\n")
    );
}

#[test]
fn default_keyfile_into_a_missing_directory() {
    Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-config", "c.cnf", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .file("c.cnf", "[ req ]\ndefault_keyfile = nodir/k.pem\n")
    .fresh_key()
    .assert_same();
}

#[test]
fn out_and_keyout_onto_a_directory() {
    // $ openssl req ... -out sub      $ openssl req ... -keyout sub
    let (openssl, _) = fixed_key(&["-out", "sub"]).dir("sub", 0o755).assert_same();
    assert!(
        openssl
            .stderr_str()
            .starts_with(&cant_open_for_writing("sub", "Is a directory"))
    );
    let (openssl, _) = fixed_key(&["-keyout", "sub", "-out", "r.csr"])
        .dir("sub", 0o755)
        .assert_same();
    if !keyout_writes_given_key() {
        assert_eq!(openssl.code, 0, "1.1.1 writes no -key to -keyout");
        return;
    }
    assert!(
        openssl
            .stderr_str()
            .starts_with("req: Can't open \"sub\" for writing, Is a directory\n")
    );
}

#[test]
fn empty_out_file_name() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out ''
    // -> Can't open "" for writing, No such file or directory (+ BIO_new_file errors)
    let (openssl, _) = fixed_key(&["-out", ""]).assert_same();
    assert!(
        openssl
            .stderr_str()
            .starts_with(&cant_open_for_writing("", "No such file or directory"))
    );
}

#[test]
fn empty_keyout_file_name() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -keyout '' -out r.csr
    let (openssl, _) = fixed_key(&["-keyout", "", "-out", "r.csr"]).assert_same();
    assert_eq!(
        openssl.stderr_str(),
        if keyout_writes_given_key() {
            "req: Can't open \"\" for writing, No such file or directory\n"
        } else {
            ""
        }
    );
}

#[test]
fn empty_keyout_file_name_for_a_generated_key() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout '' -subj /CN=x -out r.csr
    // -> fails where the key file is opened, before "-----"
    let (openssl, ours) = new_key("r.csr", &["-keyout", ""]).assert_same();
    assert!(
        openssl
            .stderr_str()
            .ends_with("req: Can't open \"\" for writing, No such file or directory\n")
    );
    assert!(ours.files.is_empty());
}

#[test]
fn out_into_a_read_only_directory() {
    // ro/ is 0555. As root (id -u = 0) the write succeeds anyway, for both; as
    // another user both fail with "Permission denied". Either way: the same.
    let (openssl, _) = fixed_key(&["-out", "ro/r.csr"])
        .dir("ro", 0o555)
        .assert_same();
    assert_eq!(openssl.code, if running_as_root() { 0 } else { 1 });
}

#[test]
fn existing_read_only_request_file() {
    // r.csr exists 0444 (root may still write it; others get "Permission denied")
    fixed_key(&["-out", "r.csr"])
        .file_mode("r.csr", "old\n", 0o444)
        .assert_same();
}

// ----- links, devices, stdout -----------------------------------------------------------

#[test]
fn out_through_a_symlink_writes_its_target() {
    // link.csr -> target.csr (existing, 0640 or 04755): the target gets the
    // request and keeps its mode, the link stays
    for mode in [0o4755, 0o640] {
        let (_, ours) = fixed_key(&["-out", "link.csr"])
            .file_mode("target.csr", "old\n", mode)
            .symlink("link.csr", "target.csr")
            .assert_same();
        if running_as_root() || mode & 0o7000 == 0 {
            ours.assert_file_mode("target.csr", mode);
        }
        assert!(
            ours.file_str("target.csr")
                .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
        );
    }
}

#[test]
fn out_through_a_dangling_symlink_creates_its_target() {
    // link.csr -> new.csr (missing): new.csr is created
    let (_, ours) = fixed_key(&["-out", "link.csr"])
        .symlink("link.csr", "new.csr")
        .assert_same();
    ours.assert_file_mode("new.csr", 0o644);
}

#[test]
fn out_through_a_symlink_into_a_subdirectory_and_a_chain() {
    // link -> d/target (relative to the link); a -> b -> c.csr
    fixed_key(&["-out", "link"])
        .file("d/target", "old\n")
        .symlink("link", "d/target")
        .assert_same();
    fixed_key(&["-out", "a"])
        .symlink("a", "b")
        .symlink("b", "c.csr")
        .assert_same();
}

#[test]
fn out_through_a_symlink_into_a_missing_directory() {
    let (openssl, _) = fixed_key(&["-out", "link"])
        .symlink("link", "nodir/r.csr")
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn keyout_through_a_symlink_to_a_new_file() {
    // klink -> k.pem (missing): k.pem created 0600
    let (_, ours) = new_key("r.csr", &["-keyout", "klink"])
        .symlink("klink", "k.pem")
        .assert_same();
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn keyout_through_a_symlink_to_an_existing_0644_key() {
    // DELIBERATE: openssl keeps the target's 0644; ours makes the target 0600.
    let (openssl, ours) = new_key("r.csr", &["-keyout", "klink"])
        .file_mode("k.pem", "old key\n", 0o644)
        .symlink("klink", "k.pem")
        .assert_same_output();
    openssl.assert_file_mode("k.pem", 0o644);
    ours.assert_file_mode("k.pem", 0o600);
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    assert!(!ours.has_file("klink"), "the link was replaced by a file");
    assert_no_temp_files(&ours);
}

#[test]
fn symlink_loop() {
    // loop1 -> loop2 -> loop1: "Too many levels of symbolic links"
    let (openssl, _) = fixed_key(&["-out", "loop1"])
        .symlink("loop1", "loop2")
        .symlink("loop2", "loop1")
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn dev_stdout_and_dash() {
    // $ openssl req ... -out /dev/stdout      $ ... -out -
    let (openssl, _) = fixed_key(&["-out", "/dev/stdout"]).assert_same();
    assert!(
        openssl
            .stdout_str()
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
    fixed_key(&["-out", "-"]).assert_same();
}

#[test]
fn keyout_to_dev_stdout() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout /dev/stdout -subj /CN=x -out r.csr
    let (openssl, _) = new_key("r.csr", &["-keyout", "/dev/stdout"]).assert_same();
    assert!(
        openssl
            .stdout_str()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn key_and_request_both_to_dev_stdout() {
    // $ openssl req ... -keyout /dev/stdout -out /dev/stdout   (same name: append)
    new_key("r.csr", &["-keyout", "/dev/stdout", "-out", "/dev/stdout"]).assert_same();
}

#[test]
fn dev_null() {
    // $ openssl req ... -keyout /dev/null -out /dev/null
    let (openssl, ours) =
        new_key("r.csr", &["-keyout", "/dev/null", "-out", "/dev/null"]).assert_same();
    assert_eq!(openssl.code, 0);
    assert!(ours.files.is_empty());
}

#[test]
fn dev_stdout_through_a_symlink() {
    // so -> /dev/stdout
    fixed_key(&["-out", "so"])
        .symlink("so", "/dev/stdout")
        .assert_same();
}

#[test]
#[cfg(target_os = "linux")]
fn proc_self_fd_1() {
    // $ openssl req ... -out /proc/self/fd/1
    fixed_key(&["-out", "/proc/self/fd/1"]).assert_same();
}

#[test]
#[ignore = "mounts a 12 KiB tmpfs (needs root and CAP_SYS_ADMIN): cargo test --test suite -- --ignored output_files::"]
fn a_full_disk_keeps_the_old_key() {
    // A key file on a file system with no room left: openssl truncates the
    // old key, writes nothing and exits 0 (measured on this machine); ours
    // reports the error, exits 1 and the old key is still there.
    let mnt = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=12k", "tmpfs"])
        .arg(mnt.path())
        .status()
        .unwrap();
    assert!(
        status.success(),
        "mount failed: run this test as root with CAP_SYS_ADMIN"
    );
    let dir = mnt.path();
    std::fs::write(dir.join("k.pem"), "old key\n").unwrap();
    std::fs::write(dir.join("fill"), vec![0u8; 8192]).unwrap();
    let run = assert_cmd::Command::cargo_bin("openssl-req")
        .unwrap()
        .args([
            "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-out", "r.csr",
        ])
        .current_dir(dir)
        .assert();
    let key = std::fs::read(dir.join("k.pem")).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    let _ = std::process::Command::new("umount").arg(dir).status();
    run.code(1).stderr(predicates::str::contains(
        "req: Error writing \"k.pem\": No space left on device\n",
    ));
    assert_eq!(key, b"old key\n");
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn killed_at_any_moment_the_targets_hold_old_or_new_complete_content() {
    // openssl, killed at the wrong moment, leaves empty key or request files
    // (measured: up to 7% of kills). Ours: each target path holds either its
    // old content or a complete new PEM object, whenever SIGKILL arrives.
    let complete = |data: &[u8], label: &str| {
        let text = String::from_utf8_lossy(data);
        text.starts_with(&format!("-----BEGIN {label}-----\n"))
            && text.ends_with(&format!("-----END {label}-----\n"))
    };
    let spawn = |dir: &std::path::Path| {
        std::fs::write(dir.join("k.pem"), "old key\n").unwrap();
        std::fs::write(dir.join("r.csr"), "old request\n").unwrap();
        // A plain std Command (from assert_cmd's lookup of the binary):
        // this one must be spawned and killed, not run to completion.
        <std::process::Command as assert_cmd::cargo::CommandCargoExt>::cargo_bin("openssl-req")
            .unwrap()
            .args(EC_KEY_AND_REQUEST)
            .current_dir(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole run takes on this machine now (an EC key: no prime
    // search, so it varies only with the load; the longest of three runs):
    // the kills are spread over twice that, so that they cover the whole run
    // however busy the machine is, the commit at its end included, instead of
    // over a fixed time that a slow machine exceeds; and half of them come
    // after a whole run's time, so some runs finish.
    let whole_run = (0..3)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let t0 = std::time::Instant::now();
            let status = spawn(dir.path()).wait().unwrap();
            assert!(status.success(), "an unkilled run failed: {status:?}");
            t0.elapsed()
        })
        .max()
        .unwrap();
    let mut seen_new = 0;
    for i in 0..40u32 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = spawn(dir.path());
        std::thread::sleep(whole_run * 2 * ((i * 7919) % 40) / 40);
        let _ = child.kill();
        let _ = child.wait();
        let key = std::fs::read(dir.path().join("k.pem")).unwrap();
        let req = std::fs::read(dir.path().join("r.csr")).unwrap();
        assert!(
            key == b"old key\n" || complete(&key, "PRIVATE KEY"),
            "torn key: {key:?}"
        );
        assert!(
            req == b"old request\n" || complete(&req, "CERTIFICATE REQUEST"),
            "torn request: {req:?}"
        );
        // The key is committed first: a new request never sits beside an old key.
        assert!(
            !(req != b"old request\n" && key == b"old key\n"),
            "new request with the old key"
        );
        if key != b"old key\n" {
            seen_new += 1;
        }
    }
    // Some runs must have finished, or the test proved nothing about new content.
    assert!(seen_new > 0, "no run got as far as writing its files");
}

// ----- reading a file the run has already written ------------------------------------
//
// req_main writes the key (-keyout) before it reads -in, -CAkey and -CA, and
// before the prompts read stdin. openssl rewrote the key file in place, so a
// read of that file -- under any name: ./x, a symbolic or a hard link --
// finds the new key. Ours must read the same (its staged file), and then,
// since the run fails, leave the old file as it was (difference 2).

/// A case that fails with openssl after it replaced `file` by the new key:
/// the same exit code, stdout and stderr; ours leaves `file` as it was.
#[track_caller]
fn assert_reads_the_new_key(case: &Case, file: &str, old: &[u8]) -> (Outcome, Outcome) {
    let (openssl, ours) = case.assert_same_output();
    if !keyout_writes_given_key() {
        // 1.1.1 writes no -key to -keyout: the file keeps its content for
        // what reads it
        assert_eq!(openssl.file(file), old, "{}", case.describe());
        assert_eq!(ours.file(file), old, "{}", case.describe());
        return (openssl, ours);
    }
    assert_eq!(openssl.code, 1, "{}", case.describe());
    assert!(
        openssl
            .file_str(file)
            .starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "openssl did not write the key into {file}"
    );
    assert_eq!(ours.file(file), old, "ours changed {file}");
    assert_eq!(names(&ours), names(&openssl));
    assert_no_temp_files(&ours);
    (openssl, ours)
}

/// `openssl req -new -key rsa1024.pem -subj /CN=x -x509 -keyout KEYOUT -nodes
/// -CA CA -CAkey CAKEY -out c.pem`: a certificate issued by a CA, after the
/// key is written.
fn issued_after_keyout(keyout: &str, ca: &str, cakey: &str) -> Case {
    fixed_key(&[
        "-x509", "-keyout", keyout, "-nodes", "-CA", ca, "-CAkey", cakey, "-out", "c.pem",
    ])
}

#[test]
fn in_after_keyout_onto_it_reads_the_new_key() {
    // $ cp csr-rsa.pem csr.pem
    // $ openssl req -in csr.pem -key rsa1024.pem -keyout csr.pem -nodes -noout -subject
    // openssl: "-----", then it cannot read a request from its own new key
    // (3.0: "Unable to load X509 request", no start line; 3.5: the "Not
    // placing -key" warning, two decoder errors, "unable to load X509 request
    // from file 'csr.pem'"), exit 1. The same through other names of the file.
    let old = fixture_bytes("csr-rsa.pem");
    for name in ["csr.pem", "./csr.pem", "sym.pem", "hard.pem"] {
        let case = Case::new(&[
            "-in",
            name,
            "-key",
            "rsa1024.pem",
            "-keyout",
            "csr.pem",
            "-nodes",
            "-noout",
            "-subject",
        ])
        .fixture("rsa1024.pem")
        .file("csr.pem", &old)
        .symlink("sym.pem", "csr.pem")
        .hardlink("hard.pem", "csr.pem");
        let (openssl, _) = assert_reads_the_new_key(&case, "csr.pem", &old);
        if keyout_writes_given_key() {
            assert!(openssl.stdout.is_empty(), "{}", openssl.stdout_str());
        }
    }
}

#[test]
fn in_after_keyout_rewritten_in_place_reads_the_new_key() {
    // As nobody: ro/ is 0555, so no temporary file can be made next to
    // ro/csr.pem, which ours then rewrites in place at the commit. The read
    // of -in still finds the new key (a private copy elsewhere), and nothing
    // is rewritten, the run having failed.
    let old = fixture_bytes("csr-rsa.pem");
    let case = Case::new(&[
        "-in",
        "ro/csr.pem",
        "-key",
        "rsa1024.pem",
        "-keyout",
        "ro/csr.pem",
        "-nodes",
        "-noout",
        "-subject",
    ])
    .fixture("rsa1024.pem")
    .file("ro/csr.pem", &old)
    .dir("ro", 0o555);
    let (openssl, ours) = case.assert_same_output_unprivileged();
    if !keyout_writes_given_key() {
        assert_eq!((openssl.code, openssl.file("ro/csr.pem")), (0, &old[..]));
        return;
    }
    assert_eq!(openssl.code, 1);
    assert!(
        openssl
            .file_str("ro/csr.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    assert_eq!(ours.file("ro/csr.pem"), old);
}

#[test]
fn in_after_keyout_onto_a_new_file_reads_the_new_key() {
    // $ openssl req -in new.pem -key rsa1024.pem -keyout new.pem -nodes -noout -subject
    // new.pem did not exist: openssl creates it, then reads the key back
    // instead of "Can't open "new.pem" for reading"; ours leaves no new.pem.
    let case = Case::new(&[
        "-in",
        "new.pem",
        "-key",
        "rsa1024.pem",
        "-keyout",
        "new.pem",
        "-nodes",
        "-noout",
        "-subject",
    ])
    .fixture("rsa1024.pem");
    if !keyout_writes_given_key() {
        let (openssl, _) = case.assert_same();
        assert!(
            openssl
                .stderr_str()
                .starts_with("Can't open new.pem for reading")
        );
        return;
    }
    let (openssl, _) = deliberate::assert_same_but_ours_leaves_no(&case, &["new.pem"]);
    assert!(!openssl.stderr_str().contains("Can't open"));
}

/// 1.1.1 has no -CA: the run ends at that option, as openssl's does. True
/// (the case is done) where that is the line's answer.
#[track_caller]
fn no_ca_here(case: &Case) -> bool {
    if line_at_least("3.0") {
        return false;
    }
    let (openssl, _) = case.assert_same();
    assert_eq!(
        openssl.stderr_str(),
        "req: Unrecognized flag CA\nreq: Use -help for summary.\n"
    );
    true
}

#[test]
fn cakey_after_keyout_onto_it_reads_the_new_key() {
    // $ cp ca-key.pem cak.pem
    // $ openssl req -x509 -new -key rsa1024.pem -subj /CN=x -keyout cak.pem -nodes \
    //       -CA ca-cert.pem -CAkey cak.pem -out c.pem
    // openssl: "Issuer CA certificate and key do not match", exit 1 (no
    // certificate signed by the old CA key).
    let old = fixture_bytes("ca-key.pem");
    for name in ["cak.pem", "hard.pem"] {
        let case = issued_after_keyout("cak.pem", "ca-cert.pem", name)
            .fixture("ca-cert.pem")
            .file("cak.pem", &old)
            .hardlink("hard.pem", "cak.pem");
        if no_ca_here(&case) {
            return;
        }
        let (openssl, _) = assert_reads_the_new_key(&case, "cak.pem", &old);
        assert!(
            openssl
                .stderr_str()
                .contains("Issuer CA certificate and key do not match\n")
        );
    }
}

#[test]
fn ca_after_keyout_onto_it_reads_the_new_key() {
    // $ cp ca-cert.pem cac.pem
    // $ openssl req -x509 -new -key rsa1024.pem -subj /CN=x -keyout cac.pem -nodes \
    //       -CA cac.pem -CAkey ca-key.pem -out c.pem
    // openssl cannot read the issuer certificate (each line in its words).
    let old = fixture_bytes("ca-cert.pem");
    let case = issued_after_keyout("cac.pem", "cac.pem", "ca-key.pem")
        .fixture("ca-key.pem")
        .file("cac.pem", &old);
    if no_ca_here(&case) {
        return;
    }
    let (openssl, _) = assert_reads_the_new_key(&case, "cac.pem", &old);
    assert!(openssl.stderr_str().contains("issuer cert from -CA arg"));
}

#[test]
#[cfg(target_os = "linux")]
fn ca_as_a_file_uri_after_keyout_onto_it_reads_the_new_key() {
    // $ openssl req ... -keyout cac.pem -CA file:///dev/fd/3 ... 3<cac.pem
    // (and file://localhost/dev/fd/3): the file store opens /dev/fd/3, the
    // file descriptor 3 was opened on, which openssl has just rewritten.
    let old = fixture_bytes("ca-cert.pem");
    for uri in ["file:///dev/fd/3", "file://localhost/dev/fd/3"] {
        let case = issued_after_keyout("cac.pem", uri, "ca-key.pem")
            .fixture("ca-key.pem")
            .file("cac.pem", &old)
            .redirect("3<cac.pem");
        if no_ca_here(&case) {
            return;
        }
        assert_reads_the_new_key(&case, "cac.pem", &old);
    }
}

#[test]
fn cakey_rewritten_encrypted_is_read_back_with_a_pass_phrase() {
    // $ openssl req -x509 -new -key cak.pem -keyout cak.pem -passout pass:abcd \
    //       -CA ca-cert.pem -CAkey cak.pem -subj /CN=x -out c.pem <<< abcd
    // The CA key is rewritten encrypted, so loading it as -CAkey asks for its
    // pass phrase ("Enter pass phrase for cak.pem:", read from stdin); the
    // certificate is made and both files are written.
    let case = Case::new(&[
        "-x509",
        "-new",
        "-key",
        "cak.pem",
        "-keyout",
        "cak.pem",
        "-passout",
        "pass:abcd",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "cak.pem",
        "-subj",
        "/CN=x",
        "-out",
        "c.pem",
    ])
    .fixture("ca-cert.pem")
    .file_mode("cak.pem", fixture_bytes("ca-key.pem"), 0o600)
    .stdin("abcd\n")
    .fresh_cert()
    .key_pass("abcd");
    if no_ca_here(&case) {
        return;
    }
    let (openssl, _) = case.assert_same();
    assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
    assert!(
        openssl
            .stderr_str()
            .contains("Enter pass phrase for cak.pem:")
    );
    assert!(openssl.has_file("c.pem"));
}

#[test]
fn prompts_on_a_stdin_that_keyout_rewrote_read_the_new_key() {
    // $ printf 'US\nCA\n' > ans.txt
    // $ openssl req -new -key rsa1024.pem -keyout ans.txt -nodes -out r.csr < ans.txt
    // The prompts read the new key's lines as answers ("String too long").
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-keyout",
        "ans.txt",
        "-nodes",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .file("ans.txt", "US\nCA\n")
    .redirect("<ans.txt");
    let (openssl, _) = assert_reads_the_new_key(&case, "ans.txt", b"US\nCA\n");
    if keyout_writes_given_key() {
        assert!(openssl.stderr_str().contains("String too long"));
    }
}

#[test]
fn a_pass_phrase_prompt_on_a_stdin_that_keyout_emptied_finds_eof() {
    // $ printf 'abcd\nabcd\n' > ans.txt
    // $ openssl req -new -key rsa1024.pem -keyout ans.txt -subj /CN=x -out r.csr < ans.txt
    // bio_open_owner has truncated ans.txt when the key's pass phrase is asked
    // for: the prompt reads EOF and the run fails (openssl leaves ans.txt
    // empty; ours as it was).
    let (openssl, ours) = fixed_key(&["-keyout", "ans.txt", "-out", "r.csr"])
        .file("ans.txt", "abcd\nabcd\n")
        .redirect("<ans.txt")
        .assert_same_output();
    if !keyout_writes_given_key() {
        // 1.1.1 writes no key: nothing asks, nothing is emptied
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.file("ans.txt"), ours.file("ans.txt"));
        return;
    }
    assert_eq!(openssl.code, 1);
    assert!(openssl.stderr_str().contains("Enter PEM pass phrase:"));
    assert_eq!(openssl.file("ans.txt"), b"");
    assert_eq!(ours.file("ans.txt"), b"abcd\nabcd\n");
    assert!(!ours.has_file("r.csr"));
}

#[test]
fn a_request_on_stdin_after_keyout_rewrote_it_is_read_from_where_stdin_stands() {
    // $ { echo secret; cat csr-rsa.pem; } > in.txt
    // $ openssl req -key rsa2048-enc.pem -passin stdin -keyout in.txt -nodes \
    //       -noout -subject < in.txt
    // The pass phrase is read first (7 bytes); then the key replaces in.txt
    // and the request is read from offset 7 of the key: there is none.
    let mut old = b"secret\n".to_vec();
    old.extend(fixture_bytes("csr-rsa.pem"));
    let case = Case::new(&[
        "-key",
        "rsa2048-enc.pem",
        "-passin",
        "stdin",
        "-keyout",
        "in.txt",
        "-nodes",
        "-noout",
        "-subject",
    ])
    .fixture("rsa2048-enc.pem")
    .file("in.txt", &old)
    .redirect("<in.txt");
    let (openssl, _) = assert_reads_the_new_key(&case, "in.txt", &old);
    if keyout_writes_given_key() {
        assert!(openssl.stdout.is_empty(), "{}", openssl.stdout_str());
    }
}

// ----- two outputs in one file -----------------------------------------------------------

#[test]
fn keyout_and_out_through_two_hard_links_of_one_file() {
    // $ ln k.pem h.pem     (k.pem: 0640, old content)
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -keyout k.pem -nodes -out h.pem
    // openssl writes the key into the file, then truncates it for the request:
    // both names show the request, mode 0640, one file.
    let case = fixed_key(&["-keyout", "k.pem", "-nodes", "-out", "h.pem"])
        .file_mode("k.pem", "old\n", 0o640)
        .hardlink("h.pem", "k.pem");
    if !keyout_writes_given_key() {
        // 1.1.1 writes no -key to -keyout, only the request through h.pem:
        // openssl's k.pem shows it too; ours replaced h.pem and k.pem keeps
        // the old content (README: another hard link to a replaced file)
        let (openssl, ours) = (case.run_openssl(), case.run_ours());
        let mut expected = openssl.clone();
        expected.files.get_mut("k.pem").unwrap().1 = b"old\n".to_vec();
        if let Err(r) = crate::common::compare(&case, &expected, &ours) {
            panic!("{r}");
        }
        assert_eq!(openssl.file("k.pem"), openssl.file("h.pem"));
        return;
    }
    let (openssl, ours) = case.assert_same();
    assert!(
        openssl
            .file_str("k.pem")
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
    ours.assert_file_mode("k.pem", 0o640);
    // (a rename alone would leave the key under k.pem)
    assert_eq!(ours.file("k.pem"), ours.file("h.pem"));
}

#[test]
fn keyout_and_out_naming_one_file_differently_keep_its_mode() {
    // $ openssl req ... -keyout k.pem -nodes -out ./k.pem   (k.pem exists, 0640)
    // the request replaces the key and the file keeps 0640; a new file gets
    // bio_open_owner's 0600 under the umask (0400 under umask 0277).
    let (_, ours) = fixed_key(&["-keyout", "k.pem", "-nodes", "-out", "./k.pem"])
        .file_mode("k.pem", "old\n", 0o640)
        .assert_same();
    ours.assert_file_mode("k.pem", 0o640);
    let (_, ours) = fixed_key(&["-keyout", "n.pem", "-nodes", "-out", "./n.pem"])
        .umask(0o277)
        .assert_same();
    ours.assert_file_mode("n.pem", 0o400);
}

/// Runs both programs and compares them with every file that holds no PEM
/// object shown as `<N random bytes>` (the random state saved by
/// -writerand differs from run to run). Returns (openssl, ours) unmasked.
#[track_caller]
fn assert_same_but_random_state(case: &Case) -> (Outcome, Outcome) {
    let (openssl, ours) = (case.run_openssl(), case.run_ours());
    let masked = |o: &Outcome| {
        let mut o = o.clone();
        for (_, data) in o.files.values_mut() {
            if !data.starts_with(b"-----BEGIN") {
                *data = format!("<{} random bytes>\n", data.len()).into_bytes();
            }
        }
        o
    };
    if let Err(report) = compare(case, &masked(&openssl), &masked(&ours)) {
        panic!("{report}");
    }
    (openssl, ours)
}

#[test]
fn writerand_through_a_hard_link_of_the_request_file() {
    // $ ln r.csr h.bin
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out r.csr -writerand h.bin
    // openssl writes the request, then saves the random state through h.bin
    // into the same file (1024 bytes, chmod 0600): both names show it.
    let (openssl, ours) = assert_same_but_random_state(
        &fixed_key(&["-out", "r.csr", "-writerand", "h.bin"])
            .file_mode("r.csr", "old\n", 0o640)
            .hardlink("h.bin", "r.csr"),
    );
    for o in [&openssl, &ours] {
        assert_eq!(o.file("r.csr"), o.file("h.bin"));
        assert_eq!(o.file("h.bin").len(), 1024);
    }
    openssl.assert_file_mode("r.csr", 0o600);
}

#[test]
fn writerand_naming_an_input_is_saved_at_exit() {
    // $ openssl req -in csr.pem -key rsa1024.pem -keyout csr.pem -nodes -noout -writerand csr.pem
    // The request is read (the new key: the run fails), then at exit the
    // random state goes over the file, as it does after a successful run
    // that read csr.pem (`-in csr.pem -out r.csr -writerand csr.pem`). The
    // 1024 bytes cover all of the key openssl left there, and all of the old
    // request ours left.
    let (openssl, _) = assert_same_but_random_state(
        &Case::new(&[
            "-in",
            "csr.pem",
            "-key",
            "rsa1024.pem",
            "-keyout",
            "csr.pem",
            "-nodes",
            "-noout",
            "-writerand",
            "csr.pem",
        ])
        .fixture("rsa1024.pem")
        .file("csr.pem", fixture_bytes("csr-rsa.pem")),
    );
    if keyout_writes_given_key() {
        assert_eq!(openssl.code, 1);
        openssl.assert_file_mode("csr.pem", 0o600);
    } else {
        // 1.1.1 writes no -key to -keyout: the request reads fine
        assert_eq!(openssl.code, 0);
    }
    let (openssl, _) = assert_same_but_random_state(
        &Case::new(&["-in", "csr.pem", "-out", "r.csr", "-writerand", "csr.pem"])
            .file("csr.pem", fixture_bytes("csr-rsa.pem")),
    );
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.file("csr.pem").len(), 1024);
}

// ----- an output that standard output or error already writes into ----------------------

#[test]
fn keyout_onto_the_file_stdout_or_stderr_writes_is_written_in_place() {
    // $ openssl req -new -key rsa1024.pem -keyout k.pem -nodes -subj /CN=x -noout -subject > k.pem
    // The key goes in at offset 0, then "subject=..." through stdout, also at
    // offset 0, over its start; with 2> k.pem "-----" does the same. A
    // replaced k.pem would have lost what went through the descriptor:
    // written in place, as openssl does (README, written directly).
    for redirect in [">k.pem", "2>k.pem", ">>k.pem"] {
        let (openssl, _) = fixed_key(&["-keyout", "k.pem", "-nodes", "-noout", "-subject"])
            .file("k.pem", "old\n")
            .redirect(redirect)
            .assert_same();
        assert_eq!(openssl.code, 0);
        // (1.1.1 writes no -key to -keyout)
        assert_eq!(
            openssl.file_str("k.pem").contains("PRIVATE KEY-----\n"),
            keyout_writes_given_key()
        );
    }
}

// ----- durability: the order of the system calls ----------------------------------------
// Read off strace, which only Linux has (the syncs themselves are each
// platform's: src/durable.rs).

/// What the strace transcript of a run says happened to its files, in order.
#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq)]
enum FileEvent {
    Write(String),
    /// fdatasync(2) or fsync(2) of an open file or directory.
    Sync(String),
    Rename {
        from: String,
        to: String,
    },
}

/// Reads `strace -y` lines (`write(3</d/.k.pem.Ab12.tmp>, ...) = 241`,
/// `renameat(AT_FDCWD</d>, "/d/.k.pem.Ab12.tmp", AT_FDCWD</d>, "k.pem") = 0`)
/// into events; failed calls and other syscalls are left out.
#[cfg(target_os = "linux")]
fn file_events(transcript: &str) -> Vec<FileEvent> {
    let fd_path = |args: &str| -> Option<String> {
        let start = args.find('<')? + 1;
        let end = start + args[start..].find('>')?;
        Some(args[start..end].to_string())
    };
    let quoted = |args: &str| -> Vec<String> {
        args.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    transcript
        .lines()
        .filter(|l| !l.contains(") = -1 "))
        .filter_map(|line| {
            let (name, args) = line.split_once('(')?;
            match name {
                "write" => fd_path(args).map(FileEvent::Write),
                "fdatasync" | "fsync" => fd_path(args).map(FileEvent::Sync),
                "rename" | "renameat" | "renameat2" => {
                    let q = quoted(args);
                    Some(FileEvent::Rename {
                        from: q.first()?.clone(),
                        to: q.get(1)?.clone(),
                    })
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn every_output_is_synced_before_the_first_rename_and_the_directory_after_the_last() {
    // README, difference 1, as the kernel sees it:
    //   $ strace -y -e trace=write,fdatasync,fsync,rename,renameat,renameat2 \
    //       openssl-req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    //       -subj /CN=x -keyout k.pem -out r.csr
    //   write(3</d/.k.pem.XXXXXX.tmp>, "-----BEGIN PRIVATE KEY-----"..., 241) = 241
    //   write(4</d/.r.csr.XXXXXX.tmp>, "-----BEGIN CERTIFICATE REQUEST"..., 343) = 343
    //   fdatasync(3</d/.k.pem.XXXXXX.tmp>) = 0
    //   fdatasync(4</d/.r.csr.XXXXXX.tmp>) = 0
    //   renameat(..., "/d/.k.pem.XXXXXX.tmp", ..., "k.pem") = 0
    //   renameat(..., "/d/.r.csr.XXXXXX.tmp", ..., "r.csr") = 0
    //   fsync(3</d>) = 0
    // Every byte of both files is on disk before either name changes (a power
    // loss leaves old or new complete files, never a torn one, and never the
    // key renamed while the request's data could still be lost), and the
    // renames are on disk before the run says it succeeded.
    assert!(
        std::process::Command::new("strace")
            .arg("-V")
            .output()
            .is_ok(),
        "this test needs strace (apt-get install strace; .ci/run installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().canonicalize().unwrap();
    let log = d.join("strace.log");
    let status = std::process::Command::new("strace")
        .args(["-f", "-qq", "-y", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=write,fdatasync,fsync,rename,renameat,renameat2",
        ])
        .arg(assert_cmd::cargo::cargo_bin("openssl-req"))
        .args(EC_KEY_AND_REQUEST)
        .current_dir(&d)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // strace -f prefixes each line with the pid: drop it.
    let transcript = std::fs::read_to_string(&log).unwrap();
    let transcript: String = transcript
        .lines()
        .map(|l| l.split_once(' ').map_or(l, |(_, rest)| rest.trim_start()))
        .map(|l| format!("{l}\n"))
        .collect();
    let events = file_events(&transcript);

    let renames: Vec<(usize, &String, &String)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            FileEvent::Rename { from, to } => Some((i, from, to)),
            _ => None,
        })
        .collect();
    let targets: Vec<&str> = renames.iter().map(|(_, _, to)| to.as_str()).collect();
    assert_eq!(targets, ["k.pem", "r.csr"], "{transcript}");
    let first_rename = renames[0].0;
    let last_rename = renames[renames.len() - 1].0;
    for (_, from, _) in &renames {
        let last_write = events
            .iter()
            .rposition(|e| *e == FileEvent::Write(from.to_string()))
            .unwrap_or_else(|| panic!("{from} was never written:\n{transcript}"));
        assert!(
            last_write < first_rename,
            "{from} written after the first rename:\n{transcript}"
        );
        let synced = events[last_write..first_rename]
            .iter()
            .any(|e| *e == FileEvent::Sync(from.to_string()));
        assert!(
            synced,
            "{from} not synced after its last write and before the first rename:\n{transcript}"
        );
    }
    let dir_synced = events[last_rename..]
        .iter()
        .any(|e| *e == FileEvent::Sync(d.display().to_string()));
    assert!(
        dir_synced,
        "{} not synced after the renames:\n{transcript}",
        d.display()
    );
    assert!(
        std::fs::read(d.join("k.pem"))
            .unwrap()
            .starts_with(b"-----BEGIN PRIVATE KEY-----\n")
    );
}
