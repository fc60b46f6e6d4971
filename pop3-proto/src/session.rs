//! The session state enum and its one transition table, shared by
//! [`crate::client::Session`] and [`crate::server::Session`].
//!
//! RFC 1939 §3: a session greets, then lives in the AUTHORIZATION state
//! until the client identifies itself, then in TRANSACTION; `QUIT` there
//! enters UPDATE, where the server removes the deleted messages and answers.
//! [`rule`] says, for a state and a command, whether the command is legal,
//! what state holds while it awaits its reply, what the reply leads to, and
//! whether a positive reply carries a multi-line body. Both roles consult it:
//! the client before sending, the server after decoding.

use crate::types::{
    Capability, Command, LangListing, Mechanism, ScanListing, Status, UniqueIdListing,
};

/// Where a session is (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// The AUTHORIZATION state, with its sub-states (RFC 1939 §4).
    Authorization(Authorization),
    /// The TRANSACTION state (RFC 1939 §5): the maildrop is open.
    Transaction,
    /// The UPDATE state (RFC 1939 §6): `QUIT` was given in TRANSACTION; the
    /// server removes deleted messages and its reply reports the result.
    Update,
    /// The conversation is over; nothing more may be sent or received.
    Closed,
}

/// The sub-states of AUTHORIZATION.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Authorization {
    /// The connection is open and the server has not greeted yet.
    Greeting,
    /// Greeted; waiting for the client to identify itself.
    Ready,
    /// `USER` was accepted; `PASS` may follow (RFC 1939 §7).
    UserAccepted,
    /// An `AUTH` exchange is running (RFC 5034 §4): challenges and
    /// responses alternate until `+OK` or `-ERR`.
    Sasl,
    /// `STLS` was accepted (RFC 2595 §4): the transport must change before
    /// anything else is sent or received.
    Tls,
}

impl State {
    /// The session's first state: before the greeting.
    pub const START: State = State::Authorization(Authorization::Greeting);

    /// True in any AUTHORIZATION sub-state.
    pub fn is_authorization(self) -> bool {
        matches!(self, State::Authorization(_))
    }
}

/// Which command a reply answers: [`Command`] without its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// `USER name` (RFC 1939 §7).
    User,
    /// `PASS string` (RFC 1939 §7).
    Pass,
    /// `APOP name digest` (RFC 1939 §7).
    Apop,
    /// `AUTH mechanism ...`: a SASL exchange (RFC 5034 §4).
    Auth,
    /// `AUTH` without arguments: the mechanism listing.
    AuthList,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST msg`: one scan listing in the status line (RFC 1939 §5).
    List,
    /// `LIST`: scan listings as a multi-line body (RFC 1939 §5).
    ListAll,
    /// `UIDL msg`: one unique-id listing in the status line (RFC 1939 §7).
    Uidl,
    /// `UIDL`: unique-id listings as a multi-line body (RFC 1939 §7).
    UidlAll,
    /// `RETR msg` (RFC 1939 §5).
    Retr,
    /// `TOP msg n` (RFC 1939 §7).
    Top,
    /// `DELE msg` (RFC 1939 §5).
    Dele,
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §4, §6).
    Quit,
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `UTF8` (RFC 6856 §2.1).
    Utf8,
    /// `LANG range`: select a language (RFC 6856 §3).
    Lang,
    /// `LANG`: the language listing as a multi-line body (RFC 6856 §3).
    LangList,
    /// A command this crate does not know; its reply is taken as
    /// single-line.
    Unknown,
}

impl CommandKind {
    /// The kind of a command.
    pub fn of(command: &Command<'_>) -> CommandKind {
        match command {
            Command::User(_) => CommandKind::User,
            Command::Pass(_) => CommandKind::Pass,
            Command::Apop { .. } => CommandKind::Apop,
            Command::Auth(Some(_)) => CommandKind::Auth,
            Command::Auth(None) => CommandKind::AuthList,
            Command::Stat => CommandKind::Stat,
            Command::List(Some(_)) => CommandKind::List,
            Command::List(None) => CommandKind::ListAll,
            Command::Uidl(Some(_)) => CommandKind::Uidl,
            Command::Uidl(None) => CommandKind::UidlAll,
            Command::Retr(_) => CommandKind::Retr,
            Command::Top { .. } => CommandKind::Top,
            Command::Dele(_) => CommandKind::Dele,
            Command::Noop => CommandKind::Noop,
            Command::Rset => CommandKind::Rset,
            Command::Quit => CommandKind::Quit,
            Command::Capa => CommandKind::Capa,
            Command::Stls => CommandKind::Stls,
            Command::Utf8 => CommandKind::Utf8,
            Command::Lang(Some(_)) => CommandKind::Lang,
            Command::Lang(None) => CommandKind::LangList,
            Command::Unknown { .. } => CommandKind::Unknown,
        }
    }

    /// What the body of a positive reply holds, if the reply is multi-line
    /// (RFC 1939 §5-7, RFC 2449 §5, RFC 6856 §3; bare `AUTH` as Dovecot
    /// answers it).
    pub fn body(self) -> Option<BodyKind> {
        match self {
            CommandKind::ListAll => Some(BodyKind::ScanListings),
            CommandKind::UidlAll => Some(BodyKind::UniqueIdListings),
            CommandKind::Retr | CommandKind::Top => Some(BodyKind::Message),
            CommandKind::Capa => Some(BodyKind::Capabilities),
            CommandKind::LangList => Some(BodyKind::Languages),
            CommandKind::AuthList => Some(BodyKind::Mechanisms),
            _ => None,
        }
    }
}

/// What a multi-line body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// A message or part of one (`RETR`, `TOP`): bytes, streamed in chunks.
    Message,
    /// Scan listings, one per line (`LIST`).
    ScanListings,
    /// Unique-id listings, one per line (`UIDL`).
    UniqueIdListings,
    /// Capabilities, one per line (`CAPA`).
    Capabilities,
    /// Language listings, one per line (`LANG`).
    Languages,
    /// SASL mechanism names, one per line (bare `AUTH`).
    Mechanisms,
}

/// One decoded line of a multi-line body other than a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyLine<'a> {
    /// A line of a `LIST` body.
    Scan(ScanListing<'a>),
    /// A line of a `UIDL` body.
    UniqueId(UniqueIdListing<'a>),
    /// A line of a `CAPA` body.
    Capability(Capability<'a>),
    /// A line of a `LANG` body.
    Language(LangListing<'a>),
    /// A line of a bare `AUTH` body.
    Mechanism(Mechanism<'a>),
}

impl BodyLine<'_> {
    /// The kind of body this line belongs in.
    pub fn kind(&self) -> BodyKind {
        match self {
            BodyLine::Scan(_) => BodyKind::ScanListings,
            BodyLine::UniqueId(_) => BodyKind::UniqueIdListings,
            BodyLine::Capability(_) => BodyKind::Capabilities,
            BodyLine::Language(_) => BodyKind::Languages,
            BodyLine::Mechanism(_) => BodyKind::Mechanisms,
        }
    }

    /// An owned copy that outlives the input.
    pub fn into_static(self) -> BodyLine<'static> {
        match self {
            BodyLine::Scan(l) => BodyLine::Scan(l.into_static()),
            BodyLine::UniqueId(l) => BodyLine::UniqueId(l.into_static()),
            BodyLine::Capability(c) => BodyLine::Capability(c.into_static()),
            BodyLine::Language(l) => BodyLine::Language(l.into_static()),
            BodyLine::Mechanism(m) => BodyLine::Mechanism(m.into_static()),
        }
    }
}

/// RFC 6856 §2.1: after a successful `UTF8` the client "MUST NOT issue
/// the STLS command", and a server may refuse it; both sessions do. Every
/// other command keeps the legality [`rule`] gives it in UTF-8 mode.
pub fn legal_in_utf8_mode(command: CommandKind) -> bool {
    command != CommandKind::Stls
}

/// The commands whose arguments are credentials that RFC 6856 §2.2 lets
/// be UTF-8 (when the server offers `UTF8 USER`), and only UTF-8: `USER`,
/// `PASS` and the `APOP` name.
pub fn credentials<'c>(command: &'c Command<'_>) -> Option<&'c [u8]> {
    match command {
        Command::User(name) | Command::Apop { name, .. } => Some(name.as_bytes()),
        Command::Pass(secret) => Some(secret.expose()),
        _ => None,
    }
}

/// What a legal command does, from the row of the table for its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The command.
    pub command: CommandKind,
    /// The state while the command awaits its reply.
    pub pending: State,
    /// The state after `+OK`.
    pub on_ok: State,
    /// The state after `-ERR`.
    pub on_err: State,
    /// The body that follows `+OK`, if the reply is multi-line.
    pub body: Option<BodyKind>,
}

impl Transition {
    /// The state after a reply with `status`.
    pub fn after(&self, status: Status) -> State {
        match status {
            Status::Ok => self.on_ok,
            Status::Err => self.on_err,
        }
    }

    /// The body after a reply with `status`.
    pub fn body_after(&self, status: Status) -> Option<BodyKind> {
        match status {
            Status::Ok => self.body,
            Status::Err => None,
        }
    }

    /// A command refused by the server: the state stays, `-ERR` answers.
    pub fn refused(state: State) -> Transition {
        Transition {
            command: CommandKind::Unknown,
            pending: state,
            on_ok: state,
            on_err: state,
            body: None,
        }
    }
}

/// The greeting: `+OK` opens AUTHORIZATION, `-ERR` ends the session.
pub const GREETING: Transition = Transition {
    command: CommandKind::Unknown,
    pending: State::START,
    on_ok: State::Authorization(Authorization::Ready),
    on_err: State::Closed,
    body: None,
};

/// The transition table: whether `command` is legal in `state`, and what it
/// does. `None` when it is illegal (RFC 1939 §3: the server answers `-ERR`).
///
/// Commands the crate does not know are legal in AUTHORIZATION and
/// TRANSACTION; the server decides what they mean.
pub fn rule(state: State, command: CommandKind) -> Option<Transition> {
    use Authorization::{Ready, Sasl, Tls, UserAccepted};
    use CommandKind as K;
    const READY: State = State::Authorization(Ready);
    const TRANSACTION: State = State::Transaction;
    let stay = |s: State| (s, s, s);
    let (pending, on_ok, on_err) = match (state, command) {
        // RFC 1939 §4 and §7, RFC 5034 §4, RFC 2595 §4, RFC 6856 §2-3.
        (State::Authorization(Ready | UserAccepted), k) => match k {
            K::User => (state, State::Authorization(UserAccepted), READY),
            K::Pass if state == State::Authorization(UserAccepted) => (state, TRANSACTION, READY),
            K::Apop => (state, TRANSACTION, READY),
            K::Auth => (State::Authorization(Sasl), TRANSACTION, READY),
            K::Stls => (state, State::Authorization(Tls), READY),
            // RFC 1939 §6: QUIT here closes without entering UPDATE.
            K::Quit => (State::Closed, State::Closed, State::Closed),
            K::AuthList | K::Capa | K::Utf8 | K::Lang | K::LangList | K::Unknown => {
                (state, READY, READY)
            }
            _ => return None,
        },
        // RFC 1939 §5-7, RFC 2449 §5, RFC 6856 §3.
        (State::Transaction, k) => match k {
            K::Stat
            | K::List
            | K::ListAll
            | K::Uidl
            | K::UidlAll
            | K::Retr
            | K::Top
            | K::Dele
            | K::Noop
            | K::Rset
            | K::Capa
            | K::Lang
            | K::LangList
            | K::Unknown => stay(TRANSACTION),
            K::Quit => (State::Update, State::Closed, State::Closed),
            _ => return None,
        },
        (
            State::Authorization(Authorization::Greeting | Sasl | Tls)
            | State::Update
            | State::Closed,
            _,
        ) => return None,
    };
    Some(Transition {
        command,
        pending,
        on_ok,
        on_err,
        body: command.body(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_only_after_user() {
        let ready = State::Authorization(Authorization::Ready);
        assert!(rule(ready, CommandKind::Pass).is_none());
        let t = rule(ready, CommandKind::User).map(|t| t.on_ok);
        assert_eq!(t, Some(State::Authorization(Authorization::UserAccepted)));
        let pass = rule(
            State::Authorization(Authorization::UserAccepted),
            CommandKind::Pass,
        );
        assert_eq!(pass.map(|t| t.on_ok), Some(State::Transaction));
        assert_eq!(pass.map(|t| t.on_err), Some(ready));
    }

    #[test]
    fn quit_enters_update_only_from_transaction() {
        let t = rule(State::Transaction, CommandKind::Quit);
        assert_eq!(t.map(|t| t.pending), Some(State::Update));
        let a = rule(
            State::Authorization(Authorization::Ready),
            CommandKind::Quit,
        );
        assert_eq!(a.map(|t| t.pending), Some(State::Closed));
    }

    #[test]
    fn stls_only_in_authorization() {
        assert!(rule(State::Transaction, CommandKind::Stls).is_none());
        let t = rule(
            State::Authorization(Authorization::Ready),
            CommandKind::Stls,
        );
        assert_eq!(
            t.map(|t| t.on_ok),
            Some(State::Authorization(Authorization::Tls))
        );
    }

    #[test]
    fn transaction_commands_refused_before_login() {
        let ready = State::Authorization(Authorization::Ready);
        for k in [
            CommandKind::Stat,
            CommandKind::Retr,
            CommandKind::Dele,
            CommandKind::Noop,
        ] {
            assert!(rule(ready, k).is_none(), "{k:?}");
            assert!(rule(State::Transaction, k).is_some(), "{k:?}");
        }
    }
}
