//! The demo's sockets: 127.0.0.1 only, with timeouts so nothing hangs.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// How long any part of the demo waits for its peer.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// A listener on a free port of 127.0.0.1.
pub fn listen() -> anyhow::Result<TcpListener> {
    TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1")
}

/// Accepts one connection, waiting at most [`TIMEOUT`].
pub fn accept(listener: &TcpListener) -> anyhow::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                return prepare(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() > deadline {
                    bail!("no client connected within {TIMEOUT:?}");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e).context("accepting a connection"),
        }
    }
}

/// Connects to `addr`.
pub fn connect(addr: std::net::SocketAddr) -> anyhow::Result<TcpStream> {
    prepare(
        TcpStream::connect_timeout(&addr, TIMEOUT)
            .with_context(|| format!("connecting to {addr}"))?,
    )
}

fn prepare(stream: TcpStream) -> anyhow::Result<TcpStream> {
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Reads what is there; `Ok(None)` when the peer closed the connection.
pub fn read(stream: &mut TcpStream, buf: &mut [u8]) -> anyhow::Result<Option<usize>> {
    match stream.read(buf).context("reading from the peer")? {
        0 => Ok(None),
        n => Ok(Some(n)),
    }
}

/// Writes all of `bytes`.
pub fn write(stream: &mut TcpStream, bytes: &[u8]) -> anyhow::Result<()> {
    if !bytes.is_empty() {
        stream.write_all(bytes).context("writing to the peer")?;
    }
    Ok(())
}
