//! Running out of file descriptors must be named in the error's message, not hidden in its
//! source chain. This binary holds one test: it uses up the process's descriptors on purpose.

mod support;

use std::fs::File;

use portkey::Error;
use portkey::testing::MockGateway;
use support::*;

/// The process's soft limit on open files.
fn open_files_limit() -> libc::rlimit {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `getrlimit` writes a `rlimit` into the pointer it is given.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) }, 0);
    limit
}

fn set_open_files_limit(limit: &libc::rlimit) {
    // SAFETY: `setrlimit` reads a `rlimit` from the pointer it is given.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, limit) }, 0);
}

/// Opens files until the process cannot open one more; they close when dropped.
fn use_up_descriptors() -> Vec<File> {
    let mut held = Vec::new();
    while let Ok(file) = File::open("/dev/null") {
        held.push(file);
        assert!(held.len() < 100_000, "the soft limit was not lowered");
    }
    held
}

#[test]
fn too_many_open_files_shows_in_the_connection_errors_message() {
    let gateway = MockGateway::start().unwrap();
    // Clients (and the async client's runtime) are made before the descriptors run out.
    let clients = [Kind::Async, Kind::Blocking].map(|kind| Client::new(kind, &gateway, |b| b.max_retries(0)));
    let saved = open_files_limit();
    let in_use = std::fs::read_dir("/proc/self/fd").map(Iterator::count).unwrap_or(64) as libc::rlim_t;
    set_open_files_limit(&libc::rlimit { rlim_cur: (in_use + 32).min(saved.rlim_max), rlim_max: saved.rlim_max });
    let held = use_up_descriptors();
    let errors: Vec<Error> = clients.iter().map(|client| client.chat(hello("x")).unwrap_err()).collect();
    drop(held);
    set_open_files_limit(&saved);

    for error in &errors {
        assert!(matches!(error, Error::Connection(_)), "{error:?}");
        let message = error.to_string();
        assert!(message.to_ascii_lowercase().contains("too many open files"), "{message}");
        assert!(!message.contains(&gateway.url()), "no URL: {message}");
    }
    assert!(gateway.requests().is_empty());
}
