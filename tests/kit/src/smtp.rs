//! An SMTP server on loopback that refuses every login and, as a careless server may, repeats the login and the
//! password in its refusal: for tests that the credentials of a failed login reach no record, log or output.
//! aiosmtpd, with the Python `tests/run` installed it into (`CSIRT_TEST_PYTHON`); fails loudly without it.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};

/// The server's script: AUTH offered without TLS (loopback only), every login refused with the credentials in
/// the reply.
const SCRIPT: &str = r#"
import sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

def refuse(server, session, envelope, mechanism, auth_data):
    login = auth_data.login.decode(errors="replace")
    password = auth_data.password.decode(errors="replace")
    return AuthResult(success=False, handled=False,
                      message=f"535 5.7.8 login {login} with password {password} refused")

class Handler:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"

controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]), authenticator=refuse,
                        auth_require_tls=False, auth_required=True)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"#;

/// The refusing server; stopped when dropped.
pub struct RefusingSmtpServer {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl RefusingSmtpServer {
    /// Starts the server on a free port and waits until it listens.
    pub fn start() -> RefusingSmtpServer {
        let python = std::env::var("CSIRT_TEST_PYTHON").unwrap_or_else(|_| {
            panic!("CSIRT_TEST_PYTHON is not set: this test needs aiosmtpd; run it with tests/run")
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(python)
            .args(["-c", SCRIPT, &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(
            ready.trim(),
            "ready",
            "the refusing SMTP server did not start"
        );
        RefusingSmtpServer { child, stdin, port }
    }
}

impl Drop for RefusingSmtpServer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
