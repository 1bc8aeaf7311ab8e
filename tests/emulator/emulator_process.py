#!/usr/bin/env python3
"""Start and stop the OSS emulator (oss_emulator.py) as a separate process.

From Python:

    with EmulatorProcess(root, [{"access_key_id": "ak", "access_key_secret": "sk"}],
                         cnames={"static.example.test": "examplebucket"}) as emu:
        ... http://<bucket>.localhost:{emu.port}/<key>?...

From a shell (the emulator keeps running after `start` returns; stop it by PID):

    port=$(python tests/emulator/emulator_process.py start --pid-file emu.pid \\
               --log emu.log -- --root objects --credentials creds.json)
    ...
    python tests/emulator/emulator_process.py stop --pid-file emu.pid

Everything after `--` is passed to oss_emulator.py (see its --help). The emulator can
also be run directly: `python tests/emulator/oss_emulator.py ... --port-file F --pid-file P &`.

Faults and the request log (oss_emulator.FaultRule, the control endpoint):

    emu.arm([{"request": 1, "cut_after": 1048576}])     # from Python
    emu.requests()                                       # [{"method": "GET", "range": ...}, ...]

    python tests/emulator/emulator_process.py arm --port $port '[{"request": 1, "cut_after": 1024}]'
    python tests/emulator/emulator_process.py requests --port $port     # the log, as JSON
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Dict, Iterable, List, Optional

EMULATOR_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "oss_emulator.py")


class EmulatorError(RuntimeError):
    """The emulator could not be started or stopped."""


def pid_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            # The state follows the parenthesised command name.
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def is_emulator_pid(pid: int) -> bool:
    """Guard against a recycled PID: the process must be running oss_emulator.py."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"oss_emulator.py" in f.read()
    except FileNotFoundError:
        return not os.path.isdir("/proc")  # no procfs: cannot check, trust the PID
    except OSError:
        return False


def wait_for_port(port_file: str, timeout: float, exited=lambda: False, describe=lambda: "") -> int:
    """Wait until the emulator has written its port file; fail early if it exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with open(port_file, encoding="ascii") as f:
                return int(f.read().strip())
        except (FileNotFoundError, ValueError):
            pass
        if exited():
            raise EmulatorError(f"the OSS emulator exited before it was ready{describe()}")
        if time.monotonic() > deadline:
            raise EmulatorError(f"the OSS emulator was not ready after {timeout:.0f}s{describe()}")
        time.sleep(0.05)


def stop_pid(pid: int, timeout: float = 5.0) -> None:
    """SIGTERM, wait up to `timeout` seconds, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            time.sleep(0.05)
    if pid_alive(pid):
        raise EmulatorError(f"process {pid} did not stop")


def control(port: int, method: str, command: str, payload=None, timeout: float = 10.0):
    """One call to the emulator's control endpoint; returns its JSON answer."""
    body = None if payload is None else json.dumps(payload).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, f"/_emulator/{command}", body=body,
                     headers={"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"})
        resp = conn.getresponse()
        answer = json.loads(resp.read() or b"{}")
    finally:
        conn.close()
    if resp.status != 200:
        raise EmulatorError(f"control {method} {command}: HTTP {resp.status} {answer.get('error', '')}")
    return answer


def emulator_command(root: str, credentials_file: str, *, port: int = 0,
                     endpoint_host: str = "localhost", cnames: Optional[Dict[str, str]] = None,
                     region: str = "cn-hangzhou", quiet: bool = True,
                     port_file: Optional[str] = None, pid_file: Optional[str] = None,
                     time_offset: float = 0.0, python: str = sys.executable) -> List[str]:
    cmd = [python, EMULATOR_SCRIPT, "--root", root, "--credentials", credentials_file,
           "--port", str(port), "--endpoint-host", endpoint_host, "--region", region]
    for host, bucket in (cnames or {}).items():
        cmd += ["--cname", f"{host}={bucket}"]
    if quiet:
        cmd.append("--quiet")
    if port_file:
        cmd += ["--port-file", port_file]
    if pid_file:
        cmd += ["--pid-file", pid_file]
    if time_offset:
        cmd += ["--time-offset", str(time_offset)]
    return cmd


class EmulatorProcess:
    """One emulator child process; a context manager. Credentials are written to a private
    temporary file (never put on a command line)."""

    def __init__(self, root: str, credentials: Iterable[dict], *, endpoint_host: str = "localhost",
                 cnames: Optional[Dict[str, str]] = None, region: str = "cn-hangzhou",
                 quiet: bool = True, start_timeout: float = 20.0, stop_timeout: float = 5.0,
                 time_offset: float = 0.0) -> None:
        self.root = root
        self.credentials = list(credentials)
        self.endpoint_host = endpoint_host
        self.cnames = dict(cnames or {})
        self.region = region
        self.quiet = quiet
        self.time_offset = time_offset
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.port: Optional[int] = None
        self.process: Optional[subprocess.Popen] = None
        self._dir: Optional[str] = None

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process else None

    @property
    def returncode(self) -> Optional[int]:
        return self.process.returncode if self.process else None

    @property
    def port_file(self) -> str:
        return os.path.join(self._dir, "port")

    def stderr_text(self) -> str:
        """What the emulator wrote to stderr so far (its request log and errors)."""
        try:
            with open(os.path.join(self._dir, "stderr.log"), encoding="utf-8", errors="replace") as f:
                return f.read()
        except (OSError, TypeError):
            return ""

    def start(self) -> "EmulatorProcess":
        if self.process is not None:
            raise EmulatorError("already started")
        self._dir = tempfile.mkdtemp(prefix="oss-emulator-")
        creds = os.path.join(self._dir, "credentials.json")
        fd = os.open(creds, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.credentials, f)
        cmd = emulator_command(self.root, creds, endpoint_host=self.endpoint_host, cnames=self.cnames,
                               region=self.region, quiet=self.quiet, port_file=self.port_file,
                               time_offset=self.time_offset)
        with open(os.path.join(self._dir, "stderr.log"), "wb") as err:
            self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=err)
        try:
            self.port = wait_for_port(
                self.port_file, self.start_timeout,
                exited=lambda: self.process.poll() is not None,
                describe=lambda: f" (exit status {self.process.poll()}); stderr:\n{self.stderr_text()}")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> Optional[int]:
        """Stop the process by PID (SIGTERM, then SIGKILL) and return its exit status."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        return self.returncode

    # --- faults and the request log (see oss_emulator.FaultRule) --------------------------

    def arm(self, rules: List[dict]) -> None:
        """Arms these fault rules (replacing any) and restarts the request count at 1."""
        control(self.port, "PUT", "faults", rules)

    def disarm(self) -> None:
        control(self.port, "DELETE", "faults")

    def requests(self) -> List[dict]:
        """The request log: one dict per request since the start or the last clear."""
        return control(self.port, "GET", "requests")["requests"]

    def clear_requests(self) -> None:
        control(self.port, "DELETE", "requests")

    def __enter__(self) -> "EmulatorProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------
# Command line for shell scripts.

def cli_start(args: argparse.Namespace) -> int:
    emulator_args = args.emulator_args[1:] if args.emulator_args[:1] == ["--"] else args.emulator_args
    port_file = args.port_file or args.pid_file + ".port"
    for stale in (port_file, args.pid_file):
        if os.path.exists(stale):
            os.remove(stale)
    cmd = [sys.executable, EMULATOR_SCRIPT, *emulator_args,
           "--port-file", port_file, "--pid-file", args.pid_file]
    log = open(args.log, "ab") if args.log else subprocess.DEVNULL
    try:
        # Detached from our process group: the emulator outlives this command and Ctrl-C.
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=log, start_new_session=True)
    finally:
        if args.log:
            log.close()
    try:
        port = wait_for_port(port_file, args.timeout, exited=lambda: process.poll() is not None,
                             describe=lambda: f" (see {args.log})" if args.log else "")
    except EmulatorError as e:
        if process.poll() is None:
            stop_pid(process.pid)
        print(f"emulator_process: {e}", file=sys.stderr)
        return 1
    print(port)
    return 0


def cli_stop(args: argparse.Namespace) -> int:
    pid = args.pid
    if pid is None:
        try:
            with open(args.pid_file, encoding="ascii") as f:
                pid = int(f.read().strip())
        except FileNotFoundError:
            return 0  # nothing running (the emulator removes its pid file when it exits)
        except ValueError:
            print(f"emulator_process: {args.pid_file} does not hold a PID", file=sys.stderr)
            return 1
    if pid_alive(pid):
        if not is_emulator_pid(pid):
            print(f"emulator_process: process {pid} is not the OSS emulator; not stopping it",
                  file=sys.stderr)
            return 1
        stop_pid(pid, args.timeout)
    if args.pid_file and os.path.exists(args.pid_file):
        os.remove(args.pid_file)
    return 0


def cli_arm(args: argparse.Namespace) -> int:
    try:
        rules = json.loads(args.rules)
        print(json.dumps(control(args.port, "PUT", "faults", rules)))
    except (ValueError, EmulatorError, OSError) as e:
        print(f"emulator_process: {e}", file=sys.stderr)
        return 1
    return 0


def cli_requests(args: argparse.Namespace) -> int:
    try:
        print(json.dumps(control(args.port, "GET", "requests")["requests"], indent=1))
        if args.clear:
            control(args.port, "DELETE", "requests")
    except (EmulatorError, OSError) as e:
        print(f"emulator_process: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Start, stop or steer the OSS emulator in the background.")
    sub = parser.add_subparsers(dest="command", required=True)

    start = sub.add_parser("start", help="start the emulator, wait until it listens, print its port")
    start.add_argument("--pid-file", required=True, help="the emulator writes its PID here")
    start.add_argument("--port-file", help="the emulator writes its port here (default: PID_FILE.port)")
    start.add_argument("--log", help="append the emulator's stderr (request log) to this file")
    start.add_argument("--timeout", type=float, default=20.0, help="seconds to wait (default 20)")
    start.add_argument("emulator_args", nargs=argparse.REMAINDER,
                       help="-- followed by oss_emulator.py arguments (--root, --credentials, ...)")
    start.set_defaults(func=cli_start)

    stop = sub.add_parser("stop", help="stop the emulator by PID: SIGTERM, then SIGKILL")
    who = stop.add_mutually_exclusive_group(required=True)
    who.add_argument("--pid-file", help="file written by --pid-file")
    who.add_argument("--pid", type=int, help="process id")
    stop.add_argument("--timeout", type=float, default=5.0, help="seconds before SIGKILL (default 5)")
    stop.set_defaults(func=cli_stop)

    arm = sub.add_parser("arm", help="arm fault rules (a JSON list; [] disarms), restart the count")
    arm.add_argument("--port", type=int, required=True, help="the emulator's port")
    arm.add_argument("rules", help='e.g. \'[{"request": 1, "cut_after": 1048576}]\'')
    arm.set_defaults(func=cli_arm)

    log = sub.add_parser("requests", help="print the request log as JSON")
    log.add_argument("--port", type=int, required=True, help="the emulator's port")
    log.add_argument("--clear", action="store_true", help="then empty the log")
    log.set_defaults(func=cli_requests)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
