"""aiosmtpd for the interop tests: SMTP on 127.0.0.1:PORT with STARTTLS and
AUTH PLAIN/LOGIN (test credentials only), writing each message it accepts,
exactly as received after dot-unstuffing, to SPOOL/<n>.eml, with its envelope
in SPOOL/<n>.env. The test starts this with `python3 server.py ...` and stops
it by the process id it started.
"""

import argparse
import asyncio
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USERS = {b"alice@example.org": b"alice-secret"}


class Spool:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        # Write the envelope first and the message last, renamed into place,
        # so a test that sees the .eml file sees a complete message.
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n")
            for rcpt in envelope.rcpt_tos:
                f.write(rcpt + "\n")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 Ok: stored as " + str(self.count)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and USERS.get(auth_data.login) == auth_data.password
    )
    return AuthResult(success=ok)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--spool", required=True)
    args = p.parse_args()

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)
    handler = Spool(args.spool)

    def factory():
        return SMTP(
            handler,
            hostname="aiosmtpd.example.org",
            tls_context=tls,
            authenticator=authenticate,
            auth_require_tls=True,
            enable_SMTPUTF8=True,
            data_size_limit=10 * 1024 * 1024,
        )

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(factory, host="127.0.0.1", port=args.port)
    )
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
