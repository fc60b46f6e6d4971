"""Python's smtplib (or its LMTP class) as a client for the interop tests:
EHLO/LHLO, optionally STARTTLS (trusting --cafile) and AUTH, then one
message read from --message, sent as is. Prints one line per step so the
test can tell how far it got; exits non-zero on any refusal.
"""

import argparse
import smtplib
import ssl
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--lmtp", action="store_true")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--cafile")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--auth", choices=["PLAIN", "LOGIN"], default="PLAIN")
    p.add_argument("--mail-from", required=True)
    p.add_argument("--rcpt", action="append", required=True)
    p.add_argument("--mail-option", action="append", default=[])
    p.add_argument("--rcpt-option", action="append", default=[])
    p.add_argument("--message", required=True)
    args = p.parse_args()

    with open(args.message, "rb") as f:
        message = f.read()

    if args.lmtp:
        client = smtplib.LMTP("127.0.0.1", args.port, local_hostname="client.example.org")
    else:
        client = smtplib.SMTP("127.0.0.1", args.port, local_hostname="client.example.org", timeout=20)
    code, _ = client.ehlo()
    print("ehlo", code, " ".join(sorted(client.esmtp_features)))
    if args.starttls:
        ctx = ssl.create_default_context(cafile=args.cafile)
        code, _ = client.starttls(context=ctx)
        print("starttls", code)
        client.ehlo()
    if args.user:
        # Pick the mechanism ourselves so the test knows which one ran.
        client.user, client.password = args.user, args.password
        method = {"PLAIN": client.auth_plain, "LOGIN": client.auth_login}[args.auth]
        code, _ = client.auth(args.auth, method, initial_response_ok=True)
        print("auth", args.auth, code)
    refused = client.sendmail(
        args.mail_from, args.rcpt, message, args.mail_option, args.rcpt_option
    )
    if refused:
        print("refused", refused)
        sys.exit(1)
    print("sent", len(args.rcpt))
    code, _ = client.quit()
    print("quit", code)


if __name__ == "__main__":
    main()
