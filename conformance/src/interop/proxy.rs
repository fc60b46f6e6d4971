//! A recording TCP proxy on 127.0.0.1: put between a real client and a
//! server, it forwards both directions untouched and records them, one
//! [`Recording`] per connection.
//!
//! After STARTTLS/STLS the bytes are encrypted and say nothing about our
//! codecs. The proxy notices the client's first TLS record (a handshake
//! record, byte 0x16, where a command would start with a letter), marks
//! `! tls` and records nothing more of that connection. Conversations that
//! must be recorded inside TLS are recorded by the driver that holds the
//! plaintext instead ([`super::record::Recorded`]).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::record::{Recording, Side};

/// The proxy; dropping it stops accepting and joins its threads.
#[derive(Debug)]
pub struct RecordingProxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    conversations: Arc<Mutex<Vec<Recording>>>,
    accept_thread: Option<JoinHandle<()>>,
    copy_threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl RecordingProxy {
    /// Listens on a free port of 127.0.0.1 and forwards each connection to
    /// `upstream`.
    pub fn start(upstream: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let conversations = Arc::new(Mutex::new(Vec::new()));
        let copy_threads = Arc::new(Mutex::new(Vec::new()));
        let accept_thread = {
            let stop = Arc::clone(&stop);
            let conversations = Arc::clone(&conversations);
            let copy_threads = Arc::clone(&copy_threads);
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = conn else { continue };
                    let Ok(server) = TcpStream::connect(upstream) else {
                        let _ = client.shutdown(Shutdown::Both);
                        continue;
                    };
                    let recording = Recording::new();
                    conversations
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(recording.clone());
                    if let Ok(handles) = relay(client, server, recording) {
                        copy_threads
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .extend(handles);
                    }
                }
            })
        };
        Ok(Self {
            addr,
            stop,
            conversations,
            accept_thread: Some(accept_thread),
            copy_threads,
        })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The connections so far, in the order they were accepted.
    pub fn conversations(&self) -> Vec<Recording> {
        self.conversations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until every connection so far has closed both ways, so its
    /// recording is complete.
    pub fn wait_idle(&self) {
        let handles: Vec<_> = self
            .copy_threads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
            .collect();
        for h in handles {
            let _ = h.join();
        }
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept_thread.take() {
            let _ = h.join();
        }
        self.wait_idle();
    }
}

fn relay(
    client: TcpStream,
    server: TcpStream,
    recording: Recording,
) -> std::io::Result<Vec<JoinHandle<()>>> {
    let encrypted = Arc::new(AtomicBool::new(false));
    let up = {
        let (from, to) = (client.try_clone()?, server.try_clone()?);
        let (rec, enc) = (recording.clone(), Arc::clone(&encrypted));
        std::thread::spawn(move || copy(from, to, Side::Client, &rec, &enc))
    };
    let down =
        std::thread::spawn(move || copy(server, client, Side::Server, &recording, &encrypted));
    Ok(vec![up, down])
}

/// TLS record type of a handshake (RFC 8446 §5.1): what a ClientHello
/// starts with.
const TLS_HANDSHAKE: u8 = 0x16;

fn copy(
    mut from: TcpStream,
    mut to: TcpStream,
    side: Side,
    rec: &Recording,
    encrypted: &AtomicBool,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buf[..n];
        if !encrypted.load(Ordering::SeqCst) {
            if side == Side::Client && chunk.first() == Some(&TLS_HANDSHAKE) {
                encrypted.store(true, Ordering::SeqCst);
                rec.tls();
            } else {
                rec.data(side, chunk);
            }
        }
        if to.write_all(chunk).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::record::Entry;

    #[test]
    fn forwards_and_records_both_ways() {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let upstream = server.local_addr().unwrap();
        let echo = std::thread::spawn(move || {
            let (mut s, _) = server.accept().unwrap();
            s.write_all(b"+OK hi\r\n").unwrap();
            let mut buf = [0u8; 6];
            s.read_exact(&mut buf).unwrap();
            assert_eq!(&buf, b"QUIT\r\n");
            s.write_all(b"+OK bye\r\n").unwrap();
        });
        let proxy = RecordingProxy::start(upstream).unwrap();
        let mut c = TcpStream::connect(proxy.addr()).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 64];
        while !got.ends_with(b"+OK hi\r\n") {
            let n = c.read(&mut buf).unwrap();
            got.extend_from_slice(&buf[..n]);
        }
        c.write_all(b"QUIT\r\n").unwrap();
        c.read_to_end(&mut got).unwrap();
        assert_eq!(got, b"+OK hi\r\n+OK bye\r\n");
        echo.join().unwrap();
        drop(c);
        proxy.wait_idle();
        let convs = proxy.conversations();
        assert_eq!(convs.len(), 1);
        assert_eq!(convs[0].sent_by(Side::Client), b"QUIT\r\n");
        assert_eq!(convs[0].sent_by(Side::Server), b"+OK hi\r\n+OK bye\r\n");
    }

    #[test]
    fn stops_recording_at_the_client_hello() {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let upstream = server.local_addr().unwrap();
        let peer = std::thread::spawn(move || {
            let (mut s, _) = server.accept().unwrap();
            let mut buf = [0u8; 7];
            s.read_exact(&mut buf).unwrap();
            s.write_all(b"+OK go\r\n").unwrap();
            let mut hello = [0u8; 3];
            s.read_exact(&mut hello).unwrap();
            s.write_all(&[0x16, 0x03, 0x03]).unwrap();
        });
        let proxy = RecordingProxy::start(upstream).unwrap();
        let mut c = TcpStream::connect(proxy.addr()).unwrap();
        c.write_all(b"STLS\r\n\r").unwrap();
        let mut buf = [0u8; 8];
        c.read_exact(&mut buf).unwrap();
        c.write_all(&[TLS_HANDSHAKE, 0x03, 0x01]).unwrap();
        let mut rest = Vec::new();
        c.read_to_end(&mut rest).unwrap();
        peer.join().unwrap();
        drop(c);
        proxy.wait_idle();
        let entries = proxy.conversations()[0].entries();
        assert_eq!(
            entries,
            vec![
                Entry::Data(Side::Client, b"STLS\r\n\r".to_vec()),
                Entry::Data(Side::Server, b"+OK go\r\n".to_vec()),
                Entry::Tls,
            ]
        );
    }
}
