//! The session state enum and its one transition table.
//!
//! Both roles drive the same table: the server as it decodes commands and
//! sends replies, the client as it sends commands and decodes replies. A
//! command never changes the state by itself; its reply does (RFC 5321 §4.1,
//! §4.3.2). The table only knows kinds of messages, not their contents.

use crate::types::{Capability, Command, EhloReply, ReplyCode};

/// Where a session is (RFC 5321 §4.1.4, §3.1–§3.3; RFC 3207 §4.2;
/// RFC 4954 §4; RFC 3030 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// The server's greeting is still to come.
    Greeting,
    /// The greeting was negative (554): only QUIT is accepted (RFC 5321 §3.1).
    Rejected,
    /// Greeted: EHLO, HELO (or LHLO for LMTP) is needed.
    Hello,
    /// Hello done, no mail transaction.
    Ready,
    /// MAIL accepted, no recipient yet.
    Mail,
    /// At least one RCPT accepted.
    Rcpt,
    /// DATA got 354: message content flows until `<CRLF>.<CRLF>`.
    Data,
    /// A BDAT (or BURL) without LAST was accepted: more chunks follow.
    Chunking,
    /// An AUTH exchange is under way (RFC 4954 §4).
    Auth,
    /// STARTTLS got 220: the transport must change before anything else.
    StartTls,
    /// The session is over (221 to QUIT, or 421).
    Closed,
}

impl State {
    /// A short name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            State::Greeting => "Greeting",
            State::Rejected => "Rejected",
            State::Hello => "Hello",
            State::Ready => "Ready",
            State::Mail => "Mail",
            State::Rcpt => "Rcpt",
            State::Data => "Data",
            State::Chunking => "Chunking",
            State::Auth => "Auth",
            State::StartTls => "StartTls",
            State::Closed => "Closed",
        }
    }

    /// Whether a mail transaction is open (RFC 5321 §3.3).
    pub fn in_transaction(self) -> bool {
        matches!(
            self,
            State::Mail | State::Rcpt | State::Data | State::Chunking
        )
    }
}

/// Whether the session speaks SMTP or LMTP (RFC 2033).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// SMTP (RFC 5321): EHLO or HELO.
    #[default]
    Smtp,
    /// LMTP (RFC 2033): LHLO, and one reply per accepted recipient after
    /// the message content.
    Lmtp,
}

/// A command as the table sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommandKind {
    /// HELO.
    Helo,
    /// EHLO.
    Ehlo,
    /// LHLO (RFC 2033).
    Lhlo,
    /// MAIL.
    Mail,
    /// RCPT.
    Rcpt,
    /// DATA.
    Data,
    /// BDAT (RFC 3030).
    Bdat {
        /// With LAST.
        last: bool,
    },
    /// BURL (RFC 4468).
    Burl {
        /// With LAST.
        last: bool,
    },
    /// RSET.
    Rset,
    /// VRFY.
    Vrfy,
    /// EXPN.
    Expn,
    /// HELP.
    Help,
    /// NOOP.
    Noop,
    /// QUIT.
    Quit,
    /// STARTTLS (RFC 3207).
    StartTls,
    /// AUTH (RFC 4954).
    Auth,
    /// ETRN (RFC 1985).
    Etrn,
    /// XCLIENT (Postfix).
    Xclient,
    /// XFORWARD (Postfix).
    Xforward,
    /// A verb this crate does not know.
    Unknown,
}

impl CommandKind {
    /// The kind of a command.
    pub fn of(command: &Command<'_>) -> Self {
        match command {
            Command::Helo(_) => CommandKind::Helo,
            Command::Ehlo(_) => CommandKind::Ehlo,
            Command::Lhlo(_) => CommandKind::Lhlo,
            Command::Mail { .. } => CommandKind::Mail,
            Command::Rcpt { .. } => CommandKind::Rcpt,
            Command::Data => CommandKind::Data,
            Command::Bdat { last, .. } => CommandKind::Bdat { last: *last },
            Command::Burl { last, .. } => CommandKind::Burl { last: *last },
            Command::Rset => CommandKind::Rset,
            Command::Vrfy(_) => CommandKind::Vrfy,
            Command::Expn(_) => CommandKind::Expn,
            Command::Help(_) => CommandKind::Help,
            Command::Noop(_) => CommandKind::Noop,
            Command::Quit => CommandKind::Quit,
            Command::StartTls => CommandKind::StartTls,
            Command::Auth { .. } => CommandKind::Auth,
            Command::Etrn(_) => CommandKind::Etrn,
            Command::Xclient(_) => CommandKind::Xclient,
            Command::Xforward(_) => CommandKind::Xforward,
            _ => CommandKind::Unknown,
        }
    }

    /// The verb.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Helo => "HELO",
            CommandKind::Ehlo => "EHLO",
            CommandKind::Lhlo => "LHLO",
            CommandKind::Mail => "MAIL",
            CommandKind::Rcpt => "RCPT",
            CommandKind::Data => "DATA",
            CommandKind::Bdat { .. } => "BDAT",
            CommandKind::Burl { .. } => "BURL",
            CommandKind::Rset => "RSET",
            CommandKind::Vrfy => "VRFY",
            CommandKind::Expn => "EXPN",
            CommandKind::Help => "HELP",
            CommandKind::Noop => "NOOP",
            CommandKind::Quit => "QUIT",
            CommandKind::StartTls => "STARTTLS",
            CommandKind::Auth => "AUTH",
            CommandKind::Etrn => "ETRN",
            CommandKind::Xclient => "XCLIENT",
            CommandKind::Xforward => "XFORWARD",
            CommandKind::Unknown => "unknown command",
        }
    }

    /// Whether a pipelined group may go on after this command (RFC 2920
    /// §3.1: RSET, MAIL and RCPT may appear anywhere in a group; RFC 3030
    /// §4.2 pipelines BDAT; every other command ends its group).
    pub fn may_continue_group(self) -> bool {
        matches!(
            self,
            CommandKind::Rset
                | CommandKind::Mail
                | CommandKind::Rcpt
                | CommandKind::Bdat { .. }
                | CommandKind::Burl { .. }
        )
    }

    /// The outcome a client counts on when it pipelines past the command.
    pub fn expected_outcome(self) -> Outcome {
        match self {
            CommandKind::Data | CommandKind::Auth => Outcome::Intermediate,
            _ => Outcome::Positive,
        }
    }
}

/// What a reply answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answers {
    /// The connection opening: the greeting.
    Greeting,
    /// A command (for AUTH, each step of the exchange).
    Command(CommandKind),
    /// The end of the DATA content (`<CRLF>.<CRLF>`).
    Data,
}

/// A reply's code, as the table needs it (RFC 5321 §4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 2yz.
    Positive,
    /// 3yz.
    Intermediate,
    /// 4yz or 5yz.
    Negative,
    /// 421: the server closes the connection (RFC 5321 §3.8).
    Closing,
}

impl Outcome {
    /// The outcome of a reply code.
    pub fn of(code: ReplyCode) -> Self {
        match code.get() {
            421 => Outcome::Closing,
            200..=299 => Outcome::Positive,
            300..=399 => Outcome::Intermediate,
            _ => Outcome::Negative,
        }
    }
}

/// What happens to a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// A command is sent (client) or received (server).
    Command(CommandKind),
    /// A line of an AUTH exchange, after a 334.
    AuthResponse,
    /// The end of the DATA content.
    EndOfData,
    /// A reply is received (client) or sent (server).
    Reply {
        /// What it answers.
        answers: Answers,
        /// Its code's class.
        outcome: Outcome,
    },
    /// The TLS handshake after STARTTLS finished.
    TlsEstablished,
}

/// Why the table refuses an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// Not legal in this state: `503 5.5.1` (RFC 5321 §4.1.4).
    BadSequence,
    /// Not a command of this protocol (EHLO in LMTP, LHLO in SMTP, or
    /// unknown): `502 5.5.1`.
    NotImplemented,
    /// A reply whose code cannot answer what it would answer (a 354 to
    /// MAIL, a 334 outside AUTH).
    UnexpectedReply,
    /// Nothing happens in this state (before the greeting, during content,
    /// while the transport changes, or after the end).
    NotNow,
}

/// The transition table: the state after `input` in `state`, or why it is
/// refused. Commands keep the state (their replies move it), except that the
/// refusal says whether the command may be sent or accepted at all.
pub fn transition(state: State, input: Input, mode: Mode) -> Result<State, Refusal> {
    use CommandKind as K;
    use State as S;
    match input {
        Input::Command(kind) => command_allowed(state, kind, mode).map(|()| state),
        Input::AuthResponse => match state {
            S::Auth => Ok(S::Auth),
            _ => Err(Refusal::NotNow),
        },
        Input::EndOfData => match state {
            S::Data => Ok(S::Data),
            _ => Err(Refusal::NotNow),
        },
        Input::TlsEstablished => match state {
            // RFC 3207 §4.2: all knowledge from before is discarded; the
            // client starts again with EHLO, no new greeting.
            S::StartTls => Ok(S::Hello),
            _ => Err(Refusal::NotNow),
        },
        Input::Reply {
            outcome: Outcome::Closing,
            ..
        } => match state {
            S::Closed => Err(Refusal::NotNow),
            _ => Ok(S::Closed),
        },
        Input::Reply { answers, outcome } => {
            let positive = outcome == Outcome::Positive;
            let intermediate = outcome == Outcome::Intermediate;
            match (answers, state) {
                (_, S::Closed) => Err(Refusal::NotNow),
                (Answers::Greeting, S::Greeting) => match outcome {
                    Outcome::Positive => Ok(S::Hello),
                    Outcome::Negative => Ok(S::Rejected),
                    _ => Err(Refusal::UnexpectedReply),
                },
                (Answers::Greeting, _) => Err(Refusal::UnexpectedReply),
                (Answers::Data, S::Data) if !intermediate => Ok(S::Ready),
                (Answers::Data, _) => Err(Refusal::UnexpectedReply),
                (Answers::Command(kind), _) => {
                    // A command refused by the table gets a negative reply
                    // (503/502) and leaves the state as it was.
                    if command_allowed(state, kind, mode).is_err() && state != S::Auth {
                        return if outcome == Outcome::Negative {
                            Ok(state)
                        } else {
                            Err(Refusal::UnexpectedReply)
                        };
                    }
                    match kind {
                        K::Data if intermediate => Ok(S::Data),
                        K::Auth if intermediate => Ok(S::Auth),
                        _ if intermediate => Err(Refusal::UnexpectedReply),
                        K::Auth => Ok(S::Ready),
                        _ if !positive => Ok(match (kind, state) {
                            // RFC 3030 §2: a failed chunk fails the transaction.
                            (K::Bdat { .. } | K::Burl { .. }, _) => S::Ready,
                            _ => state,
                        }),
                        K::Helo | K::Ehlo | K::Lhlo => Ok(S::Ready),
                        K::Mail => Ok(S::Mail),
                        K::Rcpt => Ok(S::Rcpt),
                        K::Data => Err(Refusal::UnexpectedReply),
                        K::Bdat { last: false } | K::Burl { last: false } => Ok(S::Chunking),
                        K::Bdat { last: true } | K::Burl { last: true } => Ok(S::Ready),
                        K::Rset => Ok(match state {
                            S::Hello | S::Rejected => state,
                            _ => S::Ready,
                        }),
                        K::Quit => Ok(S::Closed),
                        K::StartTls => Ok(S::StartTls),
                        // Postfix answers XCLIENT with a new greeting.
                        K::Xclient => Ok(S::Hello),
                        K::Vrfy
                        | K::Expn
                        | K::Help
                        | K::Noop
                        | K::Etrn
                        | K::Xforward
                        | K::Unknown => Ok(state),
                    }
                }
            }
        }
    }
}

/// Whether `kind` may be sent in `state` (RFC 5321 §4.1.4, §3.1).
fn command_allowed(state: State, kind: CommandKind, mode: Mode) -> Result<(), Refusal> {
    use CommandKind as K;
    use State as S;
    let hello_ok = match (kind, mode) {
        (K::Lhlo, Mode::Lmtp) | (K::Helo | K::Ehlo, Mode::Smtp) => true,
        (K::Lhlo, Mode::Smtp) | (K::Helo | K::Ehlo, Mode::Lmtp) => {
            return Err(Refusal::NotImplemented);
        }
        _ => false,
    };
    let allowed = match state {
        S::Greeting | S::Data | S::Auth | S::StartTls | S::Closed => {
            return Err(Refusal::NotNow);
        }
        // RFC 5321 §3.1: after a 554 greeting, 503 to all but QUIT.
        S::Rejected => kind == K::Quit,
        // Postfix takes XCLIENT and XFORWARD at any time outside a
        // transaction, before EHLO included.
        S::Hello => {
            hello_ok
                || matches!(
                    kind,
                    K::Rset
                        | K::Noop
                        | K::Help
                        | K::Vrfy
                        | K::Expn
                        | K::Quit
                        | K::Xclient
                        | K::Xforward
                )
        }
        S::Ready => !matches!(kind, K::Rcpt | K::Data | K::Bdat { .. } | K::Burl { .. }),
        S::Mail => {
            matches!(
                kind,
                K::Rcpt | K::Rset | K::Noop | K::Help | K::Vrfy | K::Expn | K::Quit
            ) || hello_ok
                // RFC 5321 §3.3: DATA with no recipient accepted is the
                // server's to answer (503 or 554, or 354 and 554 after the
                // content as in RFC 2920 §4). RFC 2033 §4.2: LMTP must 503.
                || (kind == K::Data && mode == Mode::Smtp)
        }
        S::Rcpt => {
            matches!(
                kind,
                K::Rcpt
                    | K::Data
                    | K::Bdat { .. }
                    | K::Burl { .. }
                    | K::Rset
                    | K::Noop
                    | K::Help
                    | K::Vrfy
                    | K::Expn
                    | K::Quit
            ) || hello_ok
        }
        S::Chunking => matches!(
            kind,
            K::Bdat { .. } | K::Burl { .. } | K::Rset | K::Noop | K::Quit
        ),
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::BadSequence)
    }
}

/// What the server offered in its EHLO (or LHLO) reply, as the sessions
/// need it to decide what may be sent (RFC 5321 §4.1.1.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)]
pub struct Extensions {
    /// PIPELINING (RFC 2920).
    pub pipelining: bool,
    /// STARTTLS (RFC 3207).
    pub starttls: bool,
    /// AUTH with at least one mechanism (RFC 4954).
    pub auth: bool,
    /// CHUNKING: BDAT (RFC 3030).
    pub chunking: bool,
    /// SIZE, with its limit when one was given (RFC 1870).
    pub size: Option<Option<u64>>,
    /// 8BITMIME (RFC 6152).
    pub eight_bit_mime: bool,
    /// BINARYMIME (RFC 3030).
    pub binary_mime: bool,
    /// SMTPUTF8 (RFC 6531).
    pub smtputf8: bool,
    /// DSN (RFC 3461).
    pub dsn: bool,
    /// ENHANCEDSTATUSCODES (RFC 2034).
    pub enhanced_status_codes: bool,
    /// Octets the offered extensions add to the command line limit
    /// ([`crate::limits::extension_allowance`]).
    pub line_allowance: usize,
}

impl Extensions {
    /// What an EHLO reply offers.
    pub fn of(ehlo: &EhloReply<'_>) -> Self {
        let mut e = Extensions::default();
        for cap in &ehlo.capabilities {
            let keyword: &[u8] = match cap {
                Capability::Pipelining => {
                    e.pipelining = true;
                    b"PIPELINING"
                }
                Capability::StartTls => {
                    e.starttls = true;
                    b"STARTTLS"
                }
                Capability::Auth { mechanisms, .. } => {
                    e.auth |= !mechanisms.is_empty();
                    b"AUTH"
                }
                Capability::Chunking => {
                    e.chunking = true;
                    b"CHUNKING"
                }
                Capability::Size(n) => {
                    e.size = Some(*n);
                    b"SIZE"
                }
                Capability::EightBitMime => {
                    e.eight_bit_mime = true;
                    b"8BITMIME"
                }
                Capability::BinaryMime => {
                    e.binary_mime = true;
                    b"BINARYMIME"
                }
                Capability::SmtpUtf8 => {
                    e.smtputf8 = true;
                    b"SMTPUTF8"
                }
                Capability::Dsn => {
                    e.dsn = true;
                    b"DSN"
                }
                Capability::EnhancedStatusCodes => {
                    e.enhanced_status_codes = true;
                    b"ENHANCEDSTATUSCODES"
                }
                _ => b"",
            };
            e.line_allowance = e
                .line_allowance
                .saturating_add(crate::limits::extension_allowance(keyword));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(kind: CommandKind, outcome: Outcome) -> Input {
        Input::Reply {
            answers: Answers::Command(kind),
            outcome,
        }
    }

    #[test]
    fn a_whole_transaction() {
        let m = Mode::Smtp;
        let mut s = State::Greeting;
        let steps = [
            (
                Input::Reply {
                    answers: Answers::Greeting,
                    outcome: Outcome::Positive,
                },
                State::Hello,
            ),
            (reply(CommandKind::Ehlo, Outcome::Positive), State::Ready),
            (reply(CommandKind::Mail, Outcome::Positive), State::Mail),
            (reply(CommandKind::Rcpt, Outcome::Negative), State::Mail),
            (reply(CommandKind::Rcpt, Outcome::Positive), State::Rcpt),
            (reply(CommandKind::Data, Outcome::Intermediate), State::Data),
            (Input::EndOfData, State::Data),
            (
                Input::Reply {
                    answers: Answers::Data,
                    outcome: Outcome::Positive,
                },
                State::Ready,
            ),
            (reply(CommandKind::Quit, Outcome::Positive), State::Closed),
        ];
        for (input, next) in steps {
            s = transition(s, input, m).unwrap();
            assert_eq!(s, next, "after {input:?}");
        }
    }

    #[test]
    fn commands_out_of_sequence_are_refused() {
        let m = Mode::Smtp;
        let bad = |s, k| transition(s, Input::Command(k), m);
        assert_eq!(
            bad(State::Hello, CommandKind::Mail),
            Err(Refusal::BadSequence)
        );
        assert_eq!(
            bad(State::Ready, CommandKind::Rcpt),
            Err(Refusal::BadSequence)
        );
        assert_eq!(
            transition(State::Mail, Input::Command(CommandKind::Data), Mode::Lmtp),
            Err(Refusal::BadSequence)
        );
        assert_eq!(
            bad(State::Mail, CommandKind::Mail),
            Err(Refusal::BadSequence)
        );
        assert_eq!(
            bad(State::Rejected, CommandKind::Ehlo),
            Err(Refusal::BadSequence)
        );
        assert_eq!(bad(State::Rejected, CommandKind::Quit), Ok(State::Rejected));
        assert_eq!(
            bad(State::Mail, CommandKind::StartTls),
            Err(Refusal::BadSequence)
        );
        assert_eq!(bad(State::Data, CommandKind::Noop), Err(Refusal::NotNow));
        assert_eq!(
            bad(State::Ready, CommandKind::Lhlo),
            Err(Refusal::NotImplemented)
        );
        assert_eq!(
            transition(State::Hello, Input::Command(CommandKind::Ehlo), Mode::Lmtp),
            Err(Refusal::NotImplemented)
        );
    }

    #[test]
    fn data_without_recipients_is_the_servers_to_answer() {
        let m = Mode::Smtp;
        let data = |o| transition(State::Mail, reply(CommandKind::Data, o), m);
        assert_eq!(
            transition(State::Mail, Input::Command(CommandKind::Data), m),
            Ok(State::Mail)
        );
        assert_eq!(data(Outcome::Negative), Ok(State::Mail));
        assert_eq!(data(Outcome::Intermediate), Ok(State::Data));
        assert_eq!(data(Outcome::Positive), Err(Refusal::UnexpectedReply));
    }

    #[test]
    fn replies_that_do_not_fit_are_refused() {
        let m = Mode::Smtp;
        assert_eq!(
            transition(
                State::Ready,
                reply(CommandKind::Mail, Outcome::Intermediate),
                m
            ),
            Err(Refusal::UnexpectedReply)
        );
        assert_eq!(
            transition(State::Rcpt, reply(CommandKind::Data, Outcome::Positive), m),
            Err(Refusal::UnexpectedReply)
        );
        // A refused command answered negatively keeps the state.
        assert_eq!(
            transition(State::Ready, reply(CommandKind::Rcpt, Outcome::Negative), m),
            Ok(State::Ready)
        );
    }

    #[test]
    fn starttls_goes_back_to_hello_and_421_closes() {
        let m = Mode::Smtp;
        let s = transition(
            State::Ready,
            reply(CommandKind::StartTls, Outcome::Positive),
            m,
        );
        assert_eq!(s, Ok(State::StartTls));
        assert_eq!(
            transition(State::StartTls, Input::TlsEstablished, m),
            Ok(State::Hello)
        );
        assert_eq!(
            transition(State::Rcpt, reply(CommandKind::Rcpt, Outcome::Closing), m),
            Ok(State::Closed)
        );
    }

    #[test]
    fn auth_exchange_and_chunking() {
        let m = Mode::Smtp;
        let s = transition(
            State::Ready,
            reply(CommandKind::Auth, Outcome::Intermediate),
            m,
        );
        assert_eq!(s, Ok(State::Auth));
        assert_eq!(
            transition(State::Auth, Input::AuthResponse, m),
            Ok(State::Auth)
        );
        assert_eq!(
            transition(State::Auth, reply(CommandKind::Auth, Outcome::Positive), m),
            Ok(State::Ready)
        );
        let k = CommandKind::Bdat { last: false };
        assert_eq!(
            transition(State::Rcpt, reply(k, Outcome::Positive), m),
            Ok(State::Chunking)
        );
        let k = CommandKind::Bdat { last: true };
        assert_eq!(
            transition(State::Chunking, reply(k, Outcome::Positive), m),
            Ok(State::Ready)
        );
        assert_eq!(
            transition(State::Chunking, reply(k, Outcome::Negative), m),
            Ok(State::Ready)
        );
    }
}
