//! The peer benchmark's server: `peer-server [PORT [CPU]]` binds 127.0.0.1 (a free port by
//! default, or with PORT 0), prints `URL http://127.0.0.1:PORT/v1` and serves until it is
//! killed or stdin closes. CPU, if given, is the core to run on.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match args.first() {
        Some(port) => port.parse()?,
        None => 0,
    };
    if let Some(cpu) = args.get(1) {
        portkey_peers::measure::pin_to_cpu(cpu.parse()?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async move {
        let (listener, addr) = portkey_peers::server::bind(port).await?;
        let mut stdout = std::io::stdout();
        writeln!(stdout, "URL http://{addr}/v1")?;
        stdout.flush()?;
        // Ends with its parent: when stdin reaches its end, so does the server.
        let stdin_closed = tokio::task::spawn_blocking(|| std::io::copy(&mut std::io::stdin(), &mut std::io::sink()));
        tokio::select! {
            served = portkey_peers::server::serve(listener) => served?,
            _ = stdin_closed => {}
        }
        Ok(())
    })
}
