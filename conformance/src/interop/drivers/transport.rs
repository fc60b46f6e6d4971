//! A TCP connection that can become TLS mid-stream and records every
//! plaintext byte both ways (before and after the upgrade) into a
//! [`Recording`].

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use rustls::{ClientConfig, ClientConnection, ServerConfig, ServerConnection, StreamOwned};

use crate::interop::record::{Recording, Side};
use crate::interop::tls::server_name;

/// How long a read may wait before the conversation counts as hung.
pub const READ_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
enum Stream {
    Plain(TcpStream),
    ClientTls(Box<StreamOwned<ClientConnection, TcpStream>>),
    ServerTls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

/// One side's end of a conversation.
#[derive(Debug)]
pub struct Transport {
    // `None` only while the upgrade swaps the stream.
    stream: Option<Stream>,
    me: Side,
    recording: Recording,
}

impl Transport {
    /// Connects to 127.0.0.1:`port` as the client.
    pub fn connect(port: u16, recording: Recording) -> io::Result<Self> {
        let tcp = TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port)))?;
        Self::new(tcp, Side::Client, recording)
    }

    /// Wraps an accepted or connected stream for the peer `me`.
    pub fn new(tcp: TcpStream, me: Side, recording: Recording) -> io::Result<Self> {
        tcp.set_read_timeout(Some(READ_TIMEOUT))?;
        tcp.set_nodelay(true)?;
        Ok(Self {
            stream: Some(Stream::Plain(tcp)),
            me,
            recording,
        })
    }

    /// The recording.
    pub fn recording(&self) -> &Recording {
        &self.recording
    }

    /// Whether TLS is on.
    pub fn is_tls(&self) -> bool {
        !matches!(self.stream, Some(Stream::Plain(_)))
    }

    fn take_plain(&mut self) -> io::Result<TcpStream> {
        match self.stream.take() {
            Some(Stream::Plain(tcp)) => Ok(tcp),
            other => {
                self.stream = other;
                Err(io::Error::other("TLS is already on"))
            }
        }
    }

    /// Upgrades to TLS as the client (after STARTTLS/STLS was accepted)
    /// and completes the handshake.
    pub fn start_tls_client(&mut self, config: Arc<ClientConfig>) -> io::Result<()> {
        let mut tcp = self.take_plain()?;
        let mut conn = ClientConnection::new(config, server_name()).map_err(io::Error::other)?;
        while conn.is_handshaking() {
            conn.complete_io(&mut tcp)?;
        }
        self.recording.tls();
        self.stream = Some(Stream::ClientTls(Box::new(StreamOwned::new(conn, tcp))));
        Ok(())
    }

    /// Upgrades to TLS as the server and completes the handshake.
    pub fn start_tls_server(&mut self, config: Arc<ServerConfig>) -> io::Result<()> {
        let mut tcp = self.take_plain()?;
        let mut conn = ServerConnection::new(config).map_err(io::Error::other)?;
        while conn.is_handshaking() {
            conn.complete_io(&mut tcp)?;
        }
        self.recording.tls();
        self.stream = Some(Stream::ServerTls(Box::new(StreamOwned::new(conn, tcp))));
        Ok(())
    }

    /// Reads what is there (at least one byte; 0 at end of stream), and
    /// records it as sent by the other side.
    pub fn read_some(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match self.stream.as_mut() {
            Some(Stream::Plain(s)) => s.read(buf),
            Some(Stream::ClientTls(s)) => read_tls(s.as_mut(), buf),
            Some(Stream::ServerTls(s)) => read_tls(s.as_mut(), buf),
            None => Err(io::Error::other("transport lost in a failed TLS upgrade")),
        }?;
        self.recording.data(self.me.other(), &buf[..n]);
        Ok(n)
    }

    /// Writes all of `bytes` and records them as sent by this side.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.stream.as_mut() {
            Some(Stream::Plain(s)) => s.write_all(bytes)?,
            Some(Stream::ClientTls(s)) => {
                s.write_all(bytes)?;
                s.flush()?;
            }
            Some(Stream::ServerTls(s)) => {
                s.write_all(bytes)?;
                s.flush()?;
            }
            None => return Err(io::Error::other("transport lost in a failed TLS upgrade")),
        }
        self.recording.data(self.me, bytes);
        Ok(())
    }

    /// Closes the write half (TLS close_notify first, when on).
    pub fn shutdown(&mut self) {
        match self.stream.as_mut() {
            Some(Stream::Plain(s)) => {
                let _ = s.shutdown(std::net::Shutdown::Write);
            }
            Some(Stream::ClientTls(s)) => {
                s.conn.send_close_notify();
                let _ = s.flush();
                let _ = s.sock.shutdown(std::net::Shutdown::Write);
            }
            Some(Stream::ServerTls(s)) => {
                s.conn.send_close_notify();
                let _ = s.flush();
                let _ = s.sock.shutdown(std::net::Shutdown::Write);
            }
            None => {}
        }
    }
}

/// A TLS read where a peer that closes the TCP connection without
/// close_notify (many mail servers do, after QUIT) is end of stream.
fn read_tls(s: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    match s.read(buf) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(0),
        other => other,
    }
}
