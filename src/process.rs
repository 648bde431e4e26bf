//! What the process sets up before `main` runs: the part of Rust std's
//! start-up that a user can observe (see main.rs for why std's own is
//! skipped).

/// SIGPIPE ignored, and descriptors 0, 1 and 2 open: each closed one is
/// opened on /dev/null, as std's start-up does on Linux.
pub fn start_up() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: poll on a local array; open and signal take valid arguments.
    unsafe {
        if libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 0) != -1 {
            for pfd in &fds {
                // The lowest free descriptor: the closed one itself, in order.
                if pfd.revents & libc::POLLNVAL != 0
                    && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR, 0) == -1
                {
                    // std aborts here; a process that cannot even open
                    // /dev/null has no standard streams to report on.
                    libc::abort();
                }
            }
        }
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}
