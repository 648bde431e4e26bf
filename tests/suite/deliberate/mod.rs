//! The one deliberate difference the differential tests must allow for
//! (README, "Differences from openssl", points 1-2): when a run fails, openssl
//! has often already written the private key (or an empty key file, when the
//! pass phrase could not be read), while openssl-req creates no file at all.
//! Everything else -- exit code, stdout, stderr, every other file -- must
//! still be the same.

use crate::common::{Case, Outcome, compare};

/// Runs both programs; demands that openssl left each of `orphans` behind
/// and ours did not, and that the runs are otherwise the same (after the
/// case's masks). Returns (openssl, ours) as captured.
#[track_caller]
pub fn assert_same_but_ours_leaves_no(case: &Case, orphans: &[&str]) -> (Outcome, Outcome) {
    let theirs = case.run_openssl();
    let ours = case.run_ours();
    assert_ne!(
        theirs.code,
        0,
        "the case was expected to fail with openssl\n{}",
        case.describe()
    );
    let mut theirs_rest = theirs.clone();
    for f in orphans {
        assert!(
            theirs_rest.files.remove(*f).is_some(),
            "openssl was expected to leave {f} behind; files: {:?}\n{}",
            theirs.files.keys().collect::<Vec<_>>(),
            case.describe()
        );
        assert!(
            !ours.has_file(f),
            "openssl-req left {f} behind after a failed run (it must create no file)\n{}",
            case.describe()
        );
    }
    if let Err(report) = compare(case, &theirs_rest, &ours) {
        panic!("{report}");
    }
    (theirs, ours)
}
