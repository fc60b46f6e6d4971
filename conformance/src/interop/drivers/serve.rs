//! The accept loop shared by our in-process servers: a listener on a free
//! port of 127.0.0.1, one thread per connection, each conversation recorded,
//! and every error a connection ends with kept for the test to see.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::transport::Transport;
use crate::interop::record::{Recording, Side};

/// Handles one connection; an error ends it and is kept.
pub type Handler = dyn Fn(Transport) -> anyhow::Result<()> + Send + Sync;

/// A running accept loop. Dropping it stops accepting and joins the threads.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    conversations: Arc<Mutex<Vec<Recording>>>,
    errors: Arc<Mutex<Vec<String>>>,
    accept_thread: Option<JoinHandle<()>>,
    workers: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Listens on a free port and runs `handler` for each connection.
    pub fn start(name: &'static str, handler: Arc<Handler>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let conversations = Arc::new(Mutex::new(Vec::new()));
        let errors = Arc::new(Mutex::new(Vec::new()));
        let workers = Arc::new(Mutex::new(Vec::new()));
        let accept_thread = {
            let (stop, conversations, errors, workers) = (
                Arc::clone(&stop),
                Arc::clone(&conversations),
                Arc::clone(&errors),
                Arc::clone(&workers),
            );
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(tcp) = conn else { continue };
                    let recording = Recording::new();
                    lock(&conversations).push(recording.clone());
                    let (handler, errors) = (Arc::clone(&handler), Arc::clone(&errors));
                    let worker = std::thread::spawn(move || {
                        let result = Transport::new(tcp, Side::Server, recording)
                            .map_err(anyhow::Error::from)
                            .and_then(|t| handler(t));
                        if let Err(e) = result {
                            lock(&errors).push(format!("{name}: {e:#}"));
                        }
                    });
                    lock(&workers).push(worker);
                }
            })
        };
        Ok(Self {
            addr,
            stop,
            conversations,
            errors,
            accept_thread: Some(accept_thread),
            workers,
        })
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Waits until every connection so far has ended.
    pub fn wait_idle(&self) {
        let handles: Vec<_> = lock(&self.workers).drain(..).collect();
        for h in handles {
            let _ = h.join();
        }
    }

    /// The conversations so far, in the order they were accepted (call
    /// [`Server::wait_idle`] first for complete ones).
    pub fn conversations(&self) -> Vec<Recording> {
        lock(&self.conversations).clone()
    }

    /// The errors connections ended with.
    pub fn errors(&self) -> Vec<String> {
        lock(&self.errors).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept_thread.take() {
            let _ = h.join();
        }
        self.wait_idle();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
