"""A local cluster: N Streamlit replicas behind haproxy (sticky sessions), one PostgreSQL store.

    uv run python -m deploy.cluster up --replicas 2     # http://127.0.0.1:8670
    uv run python -m deploy.cluster status
    uv run python -m deploy.cluster down                # stops everything it started

Everything listens on 127.0.0.1. Every replica reads the same data folder (CCBIO_DATA_DIR, default
data/) and writes to the same PostgreSQL database (CCBIO_DATABASE_URL), migrated once before the
replicas start; they share the session-cookie key, so a cookie signed by one opens on another.
What `up` started is written to state/cluster/cluster.json, which `status` and `down` read.
Tests and the benchmark use the `Cluster` class directly (own folder and ports, stopped after).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deploy import postgres

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / "state" / "cluster"
BALANCER_PORT, FIRST_REPLICA_PORT, PG_PORT = 8670, 8671, 8680  # h15c's range is 8650-8699
TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
START_BUDGET_S = 90.0
STICKY_COOKIE = "CCBIO_REPLICA"  # set by haproxy on the first response: which replica a user has


@dataclass
class Replica:
    name: str
    port: int
    pid: int = 0


@dataclass
class Cluster:
    """What one `up` started; saved as JSON in run_dir so another process can stop it."""

    run_dir: str
    replicas: list[Replica] = field(default_factory=list)
    balancer_port: int = BALANCER_PORT
    balancer_pid: int = 0
    pg_port: int = PG_PORT
    pg_folder: str = ""
    database_url: str = ""
    data_dir: str = ""

    @property
    def url(self) -> str:
        """The balancer's base URL: what users open."""
        return f"http://127.0.0.1:{self.balancer_port}"

    def env(self) -> dict[str, str]:
        """The environment every replica runs with (and a client that mints sessions needs)."""
        env = {
            **os.environ,
            "CCBIO_DATABASE_URL": self.database_url,
            "CCBIO_SESSION_SECRET": self._secret(),
            "CCBIO_STATE_DIR": str(Path(self.run_dir) / "state"),
        }
        if self.data_dir:
            env["CCBIO_DATA_DIR"] = self.data_dir
        return env

    # ---- up ------------------------------------------------------------------------------------

    def up(self, replicas: int, ports: list[int] | None = None) -> None:
        """Start PostgreSQL, migrate it once, start the replicas and the balancer; wait for all.

        Replica i listens on ports[i], by default the balancer's port + 1 + i.
        """
        ports = ports or [self.balancer_port + 1 + i for i in range(replicas)]
        Path(self.run_dir).mkdir(parents=True, exist_ok=True)
        try:
            self.pg_folder, self.database_url = postgres.start(self.pg_port)
            self.save()
            self._migrate()
            for i in range(replicas):
                self.add_replica(f"r{i + 1}", ports[i])
            self._start_balancer()
            self.save()
            for replica in self.replicas:
                wait_healthy(f"http://127.0.0.1:{replica.port}")
            wait_healthy(self.url)
            self.wait_balanced(len(self.replicas))
        except BaseException:
            self.down()
            raise

    def _migrate(self) -> None:
        # once, before any replica: N replicas starting at once would race to run the migrations
        subprocess.run(
            [sys.executable, "-c", "from ccbio import store; store.engine()"],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
        )

    def add_replica(self, name: str, port: int) -> Replica:
        """Start one `streamlit run serve.py` (app.py plus the HttpOnly cookie route) on
        127.0.0.1:`port` (not yet in the balancer)."""
        log = open(Path(self.run_dir) / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py"]
            + ["--server.port", str(port), "--server.address", "127.0.0.1"]
            + ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
            + ["--server.fileWatcherType", "none"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives `up`; `down` stops it by pid
        )
        log.close()
        replica = Replica(name, port, process.pid)
        self.replicas.append(replica)
        return replica

    def _start_balancer(self) -> None:
        servers = "\n".join(
            f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in self.replicas
        )
        config = string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
            port=self.balancer_port,
            servers=servers,
            cookie=STICKY_COOKIE,
            stats_socket=self._stats_socket(),
        )
        path = Path(self.run_dir) / "haproxy.cfg"
        path.write_text(config, encoding="utf-8")
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise RuntimeError("haproxy not installed: ./run setup (or apt-get install haproxy)")
        check = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy refused {path}: {check.stdout}{check.stderr}")
        log = open(Path(self.run_dir) / "haproxy.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            [haproxy, "-db", "-f", str(path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.balancer_pid = process.pid

    # ---- status and down -------------------------------------------------------------------------

    def status(self) -> list[str]:
        """Return one line per component: alive, healthy, and how the balancer sees each replica."""
        seen = self.balancer_view()
        lines = [
            f"postgres  127.0.0.1:{self.pg_port}  "
            + ("up" if postgres.running(self.pg_folder) else "DOWN")
        ]
        for r in self.replicas:
            lines.append(
                f"{r.name:<9} 127.0.0.1:{r.port}  pid {r.pid} "
                f"{'alive' if alive(r.pid) else 'GONE'}, health "
                f"{'ok' if healthy(f'http://127.0.0.1:{r.port}') else 'failing'}, "
                f"balancer says {seen.get(r.name, '?')}"
            )
        lines.append(
            f"haproxy   {self.url}  pid {self.balancer_pid} "
            + ("alive" if alive(self.balancer_pid) else "GONE")
        )
        return lines

    def balancer_view(self, column: int = 17) -> dict[str, str]:
        """Return {replica name: UP/DOWN/…} from haproxy's stats socket ({} if it is not running).

        `column` picks another field of haproxy's `show stat` CSV (7: sessions so far).
        """
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(2)
                sock.connect(self._stats_socket())
                sock.sendall(b"show stat\n")
                raw = b""
                while chunk := sock.recv(65536):
                    raw += chunk
        except OSError:
            return {}
        rows = [line.split(",") for line in raw.decode().splitlines() if line and line[0] != "#"]
        return {
            row[1]: row[column]
            for row in rows
            if len(row) > 17 and row[0] == "replicas" and row[1] not in ("FRONTEND", "BACKEND")
        }

    def wait_balanced(self, up: int, budget_s: float = 30) -> None:
        """Wait until the balancer counts `up` replicas UP (its health checks run every second)."""
        deadline = time.monotonic() + budget_s
        while sum(state == "UP" for state in self.balancer_view().values()) != up:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the balancer does not see {up} replicas up: {self.balancer_view()}"
                )
            time.sleep(0.2)

    def kill_replica(self, name: str) -> None:
        """SIGKILL one replica, as a crash would."""
        replica = next(r for r in self.replicas if r.name == name)
        _signal(replica.pid, signal.SIGKILL)
        _wait_gone(replica.pid)

    def down(self) -> None:
        """Stop the balancer, every replica and PostgreSQL; remove the database folder."""
        for pid in [self.balancer_pid, *(r.pid for r in self.replicas)]:
            _signal(pid, signal.SIGTERM)
        for pid in [self.balancer_pid, *(r.pid for r in self.replicas)]:
            if not _wait_gone(pid, 15):
                _signal(pid, signal.SIGKILL)
                _wait_gone(pid)
        if self.pg_folder:
            postgres.stop(self.pg_folder)
        state = Path(self.run_dir) / "cluster.json"
        state.unlink(missing_ok=True)
        Path(self._stats_socket()).unlink(missing_ok=True)

    # ---- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        Path(self.run_dir, "cluster.json").write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def load(cls, run_dir: str | Path) -> Cluster | None:
        path = Path(run_dir) / "cluster.json"
        if not path.exists():
            return None
        raw = json.loads(path.read_text())
        raw["replicas"] = [Replica(**r) for r in raw["replicas"]]
        return cls(**raw)

    def _secret(self) -> str:
        path = Path(self.run_dir) / "session_secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        return path.read_text().strip()

    def _stats_socket(self) -> str:
        return str(Path(self.run_dir) / "haproxy.sock")


# ---- processes and health ------------------------------------------------------------------------


def healthy(base_url: str, timeout: float = 2) -> bool:
    """Return whether a server answers /_stcore/health with 200."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(base_url: str, budget_s: float = START_BUDGET_S) -> None:
    deadline = time.monotonic() + budget_s
    while not healthy(base_url):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} not healthy after {budget_s:.0f} s")
        time.sleep(0.2)


def alive(pid: int) -> bool:
    if pid <= 0:
        return False
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our child (a test's cluster)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _signal(pid: int, sig: int) -> None:
    if pid > 0:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _wait_gone(pid: int, budget_s: float = 10) -> bool:
    deadline = time.monotonic() + budget_s
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def free_port(first: int, last: int) -> int:
    """Return a port in first..last that nothing on 127.0.0.1 listens on."""
    return free_ports(1, first, last)[0]


def free_ports(count: int, first: int, last: int) -> list[int]:
    """Return `count` distinct ports in first..last that nothing on 127.0.0.1 listens on."""
    found = []
    for port in range(first, last + 1):
        if len(found) == count:
            break
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            found.append(port)
    if len(found) < count:
        raise RuntimeError(f"not {count} free ports in {first}-{last}")
    return found


# ---- command line ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/cluster", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=BALANCER_PORT, help="the balancer's port")
    parser.add_argument("--data-dir", default=os.environ.get("CCBIO_DATA_DIR", ""))
    args = parser.parse_args(argv)
    existing = Cluster.load(RUN_DIR)
    if args.command == "up":
        if existing is not None:
            print(f"already up at {existing.url} (deploy/cluster down first)", file=sys.stderr)
            return 1
        cluster = Cluster(
            str(RUN_DIR), balancer_port=args.port, pg_port=args.port + 10, data_dir=args.data_dir
        )
        try:
            cluster.up(args.replicas)
        except (RuntimeError, subprocess.CalledProcessError) as exc:  # stopped again by up()
            detail = getattr(exc, "stderr", "") or ""
            print(f"cluster not started: {exc} {detail}".strip(), file=sys.stderr)
            return 1
        print(f"up: {cluster.url}  ({args.replicas} replicas, PostgreSQL on {cluster.pg_port})")
        print("\n".join(cluster.status()))
        return 0
    if existing is None:
        print("no cluster is up", file=sys.stderr)
        return 0 if args.command == "down" else 1
    if args.command == "status":
        print("\n".join(existing.status()))
        return 0
    existing.down()
    print("down: balancer, replicas and PostgreSQL stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
