"""Python's poplib as a client for the interop tests: CAPA, optionally STLS
(trusting --cafile), USER/PASS, STAT, LIST, UIDL, TOP, RETR of the first
message into --out, DELE, RSET, QUIT. Prints one line per step; exits
non-zero on any -ERR (poplib raises).
"""

import argparse
import poplib
import ssl


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--stls", action="store_true")
    p.add_argument("--cafile")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()

    client = poplib.POP3("127.0.0.1", args.port, timeout=20)
    print("greeting", client.getwelcome().decode())
    print("capa", " ".join(sorted(client.capa())))
    if args.stls:
        ctx = ssl.create_default_context(cafile=args.cafile)
        print("stls", client.stls(context=ctx).decode())
    print("user", client.user(args.user).decode())
    print("pass", client.pass_(args.password).decode())
    count, size = client.stat()
    print("stat", count, size)
    resp, listing, _ = client.list()
    print("list", len(listing))
    resp, uids, _ = client.uidl()
    print("uidl", len(uids))
    resp, lines, _ = client.top(1, 0)
    print("top", len(lines))
    resp, lines, _ = client.retr(1)
    # poplib strips CRLF and undoes dot-stuffing; put the line ends back.
    with open(args.out, "wb") as f:
        f.write(b"".join(line + b"\r\n" for line in lines))
    print("retr", len(lines))
    print("dele", client.dele(1).decode())
    print("rset", client.rset().decode())
    print("quit", client.quit().decode())


if __name__ == "__main__":
    main()
