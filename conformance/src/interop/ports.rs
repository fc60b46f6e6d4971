//! Free high ports on 127.0.0.1 for the peers.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// `n` distinct ports that are free on 127.0.0.1 now. They are found by
/// binding port 0 and are released before return, so another process could
/// take one in between; the kernel hands out ports in rotation, which makes
/// that unlikely, and a peer that cannot bind fails loudly at start-up.
pub fn free_ports(n: usize) -> anyhow::Result<Vec<u16>> {
    let listeners = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<Vec<_>, _>>()?;
    listeners
        .iter()
        .map(|l| Ok(l.local_addr()?.port()))
        .collect()
}

/// Waits until something accepts connections on 127.0.0.1:`port`, asking
/// `still_alive` between tries so a daemon that died is reported at once.
pub fn wait_for_port(
    port: u16,
    timeout: Duration,
    mut still_alive: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + timeout;
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        still_alive()?;
        if Instant::now() >= deadline {
            anyhow::bail!("nothing listens on 127.0.0.1:{port} after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Waits until nothing accepts connections on 127.0.0.1:`port` any more:
/// a daemon's children may hold its listening socket for a moment after
/// the daemon itself is gone.
pub fn wait_until_closed(port: u16, timeout: Duration) -> anyhow::Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + timeout;
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
        if Instant::now() >= deadline {
            anyhow::bail!("127.0.0.1:{port} still accepts connections after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Ok(())
}
