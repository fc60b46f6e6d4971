//! `mailwire`: the mail flow demonstration, transcript replay and a decoder
//! for raw protocol bytes, built on `smtp-proto` and `pop3-proto`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use conformance::decode::{self, DecodeProtocol, DecodeSide};
use conformance::runner;

/// SMTP and POP3 codecs without I/O, shown at work.
#[derive(Parser)]
#[command(name = "mailwire", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Submit a message over SMTP and read it back over POP3, on 127.0.0.1,
    /// printing every command and reply as it is decoded (the default).
    Demo,
    /// Replay transcript files or directories (recursively, `*.txt`)
    /// through the replay oracle; exits 0 only when none failed.
    Replay {
        /// Transcript files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print each decoded message.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Decode the raw bytes one side of a connection sent, one typed message
    /// per line; on bad input print the byte offset and what was expected
    /// (exit 1).
    Decode {
        /// The protocol.
        protocol: ProtocolArg,
        /// Which side sent the bytes.
        side: SideArg,
        /// The file to read (standard input when absent).
        file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ProtocolArg {
    Smtp,
    Lmtp,
    Pop3,
}

#[derive(Clone, Copy, ValueEnum)]
enum SideArg {
    Client,
    Server,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Demo) {
        Command::Demo => match conformance::demo::run(&mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mailwire demo: {e:#}");
                ExitCode::FAILURE
            }
        },
        Command::Replay { paths, verbose } => replay(&paths, verbose),
        Command::Decode {
            protocol,
            side,
            file,
        } => decode_cmd(protocol, side, file),
    }
}

fn replay(paths: &[PathBuf], verbose: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let verdicts = runner::replay_paths(paths, &mut |path, d| {
        if verbose {
            let arrow = match d.side {
                conformance::transcript::Side::Client => "C>",
                conformance::transcript::Side::Server => "S>",
            };
            let _ = writeln!(out, "  {}:{} {arrow} {}", path.display(), d.line, d.text);
        }
    });
    let failed = verdicts.iter().filter(|v| v.failure.is_some()).count();
    for v in &verdicts {
        let _ = writeln!(out, "{}", v.summary());
    }
    let _ = writeln!(out, "{} passed, {failed} failed", verdicts.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn decode_cmd(protocol: ProtocolArg, side: SideArg, file: Option<PathBuf>) -> ExitCode {
    let mut input = Vec::new();
    let read = match &file {
        Some(path) => std::fs::read(path).map(|b| input = b),
        None => std::io::stdin().read_to_end(&mut input).map(|_| ()),
    };
    if let Err(e) = read {
        let name = file
            .as_ref()
            .map_or("standard input".into(), |p| p.display().to_string());
        eprintln!("mailwire decode: cannot read {name}: {e}");
        return ExitCode::FAILURE;
    }
    let protocol = match protocol {
        ProtocolArg::Smtp => DecodeProtocol::Smtp,
        ProtocolArg::Lmtp => DecodeProtocol::Lmtp,
        ProtocolArg::Pop3 => DecodeProtocol::Pop3,
    };
    let side = match side {
        SideArg::Client => DecodeSide::Client,
        SideArg::Server => DecodeSide::Server,
    };
    let mut out = std::io::stdout().lock();
    let result = decode::decode(protocol, side, &input, &mut |line| {
        let _ = writeln!(out, "{line}");
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mailwire decode: {e}");
            ExitCode::FAILURE
        }
    }
}
