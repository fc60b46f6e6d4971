//! Recording a conversation: every byte each side sent, in order, and the
//! moment the transport became TLS. Shared between threads (a proxy copies
//! the two directions on two threads).

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Which peer sent some bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The client.
    Client,
    /// The server.
    Server,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
}

/// One thing that happened on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Bytes one side sent, as one read or write saw them.
    Data(Side, Vec<u8>),
    /// The transport was upgraded to TLS here; what follows is the
    /// plaintext inside TLS, as the driver saw it.
    Tls,
}

/// A conversation being recorded. Clones share the same record.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    entries: Arc<Mutex<Vec<Entry>>>,
}

impl Recording {
    /// An empty recording.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        // A panic in another recording thread leaves a usable Vec behind.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records bytes `side` sent. Empty input records nothing.
    pub fn data(&self, side: Side, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.lock().push(Entry::Data(side, bytes.to_vec()));
        }
    }

    /// Records the switch to TLS.
    pub fn tls(&self) {
        self.lock().push(Entry::Tls);
    }

    /// A copy of everything so far.
    pub fn entries(&self) -> Vec<Entry> {
        self.lock().clone()
    }

    /// All bytes `side` sent, concatenated (TLS marks left out).
    pub fn sent_by(&self, side: Side) -> Vec<u8> {
        self.lock()
            .iter()
            .filter_map(|e| match e {
                Entry::Data(s, bytes) if *s == side => Some(bytes.as_slice()),
                _ => None,
            })
            .flatten()
            .copied()
            .collect()
    }
}

/// A stream that records what it reads (as sent by `me.other()`) and what
/// it writes (as sent by `me`).
#[derive(Debug)]
pub struct Recorded<S> {
    inner: S,
    me: Side,
    recording: Recording,
}

impl<S> Recorded<S> {
    /// Wraps `inner`, for the peer `me`.
    pub fn new(inner: S, me: Side, recording: Recording) -> Self {
        Self {
            inner,
            me,
            recording,
        }
    }

    /// The wrapped stream.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped stream, for changing it (the TLS upgrade).
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The recording.
    pub fn recording(&self) -> &Recording {
        &self.recording
    }
}

impl<S: Read> Read for Recorded<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.recording.data(self.me.other(), &buf[..n]);
        Ok(n)
    }
}

impl<S: Write> Write for Recorded<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.recording.data(self.me, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_both_directions_in_order() {
        let rec = Recording::new();
        let mut s = Recorded::new(
            io::Cursor::new(b"220 hi\r\n".to_vec()),
            Side::Client,
            rec.clone(),
        );
        let mut buf = [0u8; 64];
        let n = s.read(&mut buf).unwrap();
        assert_eq!(n, 8);
        s.get_mut().set_position(0);
        s.write_all(b"QUIT\r\n").unwrap();
        rec.tls();
        assert_eq!(
            rec.entries(),
            vec![
                Entry::Data(Side::Server, b"220 hi\r\n".to_vec()),
                Entry::Data(Side::Client, b"QUIT\r\n".to_vec()),
                Entry::Tls,
            ]
        );
        assert_eq!(rec.sent_by(Side::Client), b"QUIT\r\n");
    }
}
