//! [`Gateway`]: the real open-source Portkey gateway (`@portkey-ai/gateway`, a Node.js program)
//! as a child process on `127.0.0.1`, for the end-to-end tests.
//!
//! The gateway is installed by `.ci/install-gateway` into the git-ignored `<workspace>/.gateway`;
//! [`Gateway::start`] runs that script itself (it is idempotent and fast when the gateway is
//! installed), so `cargo test` works on a fresh clone wherever Node.js and npm are installed.
//!
//! The process is started with the preload `tests/gateway/bind-loopback.mjs`, which makes it
//! listen on `127.0.0.1` only (the gateway has no host flag), and exits on its own when its
//! stdin closes, that is when the test process ends, however it ends: a gateway kept in a
//! `static` (whose `Drop` never runs) does not outlive the tests.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The answer of the gateway's root route once it is ready.
const READY_TEXT: &str = "AI Gateway says hey!";

/// How long the gateway may take to answer after it is spawned.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// What to do when Node.js or npm are missing.
pub const INSTALL_HINT: &str =
    "install Node.js 18+ and npm (e.g. apt-get install nodejs npm), then run .ci/install-gateway";

/// Environment variables the gateway reads that must not leak in from the caller's environment:
/// proxies (its upstream calls go to a mock on 127.0.0.1) and the custom-host allow-list.
const SCRUBBED_ENV: [&str; 8] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
    "TRUSTED_CUSTOM_HOSTS",
    "REDIS_CONNECTION_STRING",
    "NODE_ENV",
    "ENVIRONMENT",
];

/// A running Portkey gateway on `127.0.0.1`. Dropping it kills the process.
#[derive(Debug)]
pub struct Gateway {
    port: u16,
    child: Child,
    /// Held open for the life of the gateway: the preload exits the process when it closes.
    _stdin: ChildStdin,
    log: PathBuf,
    startup: Duration,
}

impl Gateway {
    /// The gateway shared by every test of the calling test binary, started on first use.
    ///
    /// # Errors
    ///
    /// The error of the first [`start`](Self::start), for every caller.
    pub fn shared() -> Result<&'static Gateway, String> {
        static GATEWAY: OnceLock<Result<Gateway, String>> = OnceLock::new();
        GATEWAY
            .get_or_init(|| {
                let gateway = Gateway::start()?;
                // Shown with the output of a failing test.
                eprintln!(
                    "Portkey gateway on {} answered {:?} after its spawn (log: {})",
                    gateway.url(),
                    gateway.startup,
                    gateway.log.display()
                );
                Ok(gateway)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Installs the gateway if needed, starts it on a free port of `127.0.0.1` and waits until it
    /// answers.
    ///
    /// # Errors
    ///
    /// A message saying what failed: Node.js or npm missing (with how to install them), the
    /// install, or the start (with the end of the gateway's log).
    pub fn start() -> Result<Gateway, String> {
        let root = workspace_root();
        let entry = install(&root)?;
        let preload = root.join("tests/gateway/bind-loopback.mjs");
        if !preload.is_file() {
            return Err(format!("the gateway preload {} is missing", preload.display()));
        }
        let log_dir = target_dir(&root).join("gateway-logs");
        std::fs::create_dir_all(&log_dir).map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
        prune_logs(&log_dir, 20);
        // A free port can be taken by someone else between our probe and the gateway's bind;
        // try a few.
        let mut last_error = String::new();
        for _ in 0..3 {
            match spawn(&entry, &preload, &log_dir) {
                Ok(gateway) => return Ok(gateway),
                Err(SpawnError::Fatal(message)) => return Err(message),
                Err(SpawnError::Retry(message)) => last_error = message,
            }
        }
        Err(last_error)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT/v1`: the base URL a client should use.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// The file the gateway's stdout and stderr go to.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// How long the gateway took from spawn to its first answer.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// The last `lines` lines of the gateway's log.
    pub fn log_tail(&self, lines: usize) -> String {
        log_tail(&self.log, lines)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Cargo's target directory (`CARGO_TARGET_DIR`, else `<workspace>/target`).
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() { dir } else { root.join(dir) }
        }
        _ => root.join("target"),
    }
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `.ci/install-gateway` (a no-op when the right versions are installed); returns the
/// gateway's entry point.
fn install(root: &Path) -> Result<PathBuf, String> {
    for program in ["node", "npm"] {
        if !runs(program) {
            return Err(format!(
                "the end-to-end tests need the Portkey gateway, which runs on Node.js, but `{program}` was not \
                 found: {INSTALL_HINT}"
            ));
        }
    }
    let script = root.join(".ci/install-gateway");
    let output = Command::new("bash")
        .arg(&script)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e} ({INSTALL_HINT})", script.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed ({}):\n{}{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let gateway_dir = std::env::var_os("GATEWAY_DIR").map_or_else(|| root.join(".gateway"), PathBuf::from);
    let entry = gateway_dir.join("node_modules/@portkey-ai/gateway/build/start-server.js");
    if entry.is_file() { Ok(entry) } else { Err(format!("{} is missing after the install", entry.display())) }
}

enum SpawnError {
    /// Worth another try on another port.
    Retry(String),
    Fatal(String),
}

fn free_port() -> Result<u16, SpawnError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| SpawnError::Fatal(format!("cannot bind 127.0.0.1:0 to find a free port: {e}")))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| SpawnError::Fatal(e.to_string()))
}

fn spawn(entry: &Path, preload: &Path, log_dir: &Path) -> Result<Gateway, SpawnError> {
    let port = free_port()?;
    let log = log_dir.join(format!("gateway-{port}.log"));
    let fatal = |what: &str, e: std::io::Error| SpawnError::Fatal(format!("{what}: {e}"));
    let out = File::create(&log).map_err(|e| fatal(&format!("cannot create {}", log.display()), e))?;
    let err = out.try_clone().map_err(|e| fatal("cannot duplicate the log file handle", e))?;
    let mut command = Command::new("node");
    command
        .arg("--import")
        .arg(file_url(preload))
        .arg(entry)
        .arg(format!("--port={port}"))
        .arg("--headless")
        .env("GATEWAY_BIND_HOST", "127.0.0.1")
        .env("GATEWAY_EXIT_ON_STDIN_EOF", "1")
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(err);
    for name in SCRUBBED_ENV {
        command.env_remove(name);
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| fatal(&format!("cannot run node ({INSTALL_HINT})"), e))?;
    let Some(stdin) = child.stdin.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(SpawnError::Fatal("the gateway's stdin was not captured".into()));
    };
    let mut gateway = Gateway { port, child, _stdin: stdin, log, startup: Duration::ZERO };
    loop {
        if answers(port) {
            gateway.startup = started.elapsed();
            return Ok(gateway);
        }
        if let Ok(Some(status)) = gateway.child.try_wait() {
            let tail = gateway.log_tail(30);
            let message = format!(
                "the Portkey gateway exited during start-up ({status}); log {}:\n{tail}",
                gateway.log.display()
            );
            return Err(if tail.contains("EADDRINUSE") {
                SpawnError::Retry(message)
            } else {
                SpawnError::Fatal(message)
            });
        }
        if started.elapsed() > START_TIMEOUT {
            let message = format!(
                "the Portkey gateway did not answer on 127.0.0.1:{port} within {START_TIMEOUT:?}; log {}:\n{}",
                gateway.log.display(),
                gateway.log_tail(30)
            );
            return Err(SpawnError::Fatal(message));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The preload as a `file://` URL (what `node --import` expects for absolute paths everywhere).
fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = path.replace('%', "%25").replace(' ', "%20").replace('#', "%23").replace('?', "%3F");
    if path.starts_with('/') { format!("file://{path}") } else { format!("file:///{path}") }
}

/// Whether `GET /` on the port answers with the gateway's greeting.
fn answers(port: u16) -> bool {
    let probe = || -> std::io::Result<String> {
        let mut stream = TcpStream::connect_timeout(&(Ipv4Addr::LOCALHOST, port).into(), Duration::from_secs(1))?;
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        Ok(response)
    };
    probe().is_ok_and(|response| response.starts_with("HTTP/1.1 200") && response.contains(READY_TEXT))
}

fn log_tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Deletes all but the `keep` newest gateway logs (one is written per start).
fn prune_logs(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut logs: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("gateway-"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    logs.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, path) in logs.into_iter().skip(keep) {
        let _ = std::fs::remove_file(path);
    }
}
