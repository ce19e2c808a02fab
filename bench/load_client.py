"""One simulated user over Streamlit's websocket, speaking Streamlit's own protobuf messages.

It does what the browser does, minus drawing: GET the page (which also collects a load balancer's
sticky cookie), open /_stcore/stream with the cookies, send a BackMsg `rerun_script` (query string,
page, widget states) and read ForwardMsgs until `script_finished`. A run that ends
FINISHED_EARLY_FOR_RERUN (the app called st.rerun) is not finished: the client waits for the run
after it, as a user waits for the page.

    session = Session("http://127.0.0.1:8501", cookies={"ccbio_session": cookie})
    first = await session.open(query="period=2025-06")    # a Run: seconds, exceptions, error
    await session.change_filter("f_period", "2025年3月")   # a sidebar widget, by its key
    await session.switch_page("pipeline")
    await session.close()
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
RUN_TIMEOUT_S = 60.0  # a run not finished by then counts as an error (the user gave up)
WIDGETS = ("selectbox", "multiselect", "radio")


@dataclass
class Run:
    """One finished (or failed) script run as the user saw it."""

    kind: str  # "first", "filter" or "page"
    seconds: float
    exceptions: int = 0  # exception elements drawn (a traceback box)
    error: str | None = None  # the run did not finish: why
    target: str = ""  # the page opened or the filter changed
    replica: str = ""  # the balancer's sticky cookie at the time ("" without a balancer)
    ended: float = 0.0  # time.perf_counter() when it finished or failed


@dataclass
class Widget:
    """A widget the last run drew: its id, proto type and option labels."""

    id: str
    type: str
    options: list[str]


class Session:
    """One browser tab's worth of Streamlit session, driven from asyncio."""

    def __init__(
        self, base_url: str, cookies: dict[str, str] | None = None, sticky_cookie: str = ""
    ):
        self.base_url = base_url.rstrip("/")
        self.sticky_cookie = sticky_cookie  # the balancer's cookie naming the replica, if any
        self.cookies = dict(cookies or {})
        self.widgets: dict[str, Widget] = {}  # by the user key at the end of the widget id
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.query_string = ""
        self.page_hash = ""
        self._ws = None

    async def open(self, path: str = "", query: str = "") -> Run:
        """Load the page and run it once, as a new tab does; the Run's seconds cover both."""
        t0 = time.perf_counter()
        try:
            await asyncio.to_thread(self._get_page, path, query)
            ws_url = "ws" + self.base_url[4:] + "/_stcore/stream"
            self._ws = await connect(
                ws_url,
                subprotocols=["streamlit"],
                additional_headers={"Cookie": self._cookie_header()},
                max_size=None,
                open_timeout=RUN_TIMEOUT_S,
                ping_interval=None,  # a busy server may not answer pings in time; runs have timeouts
            )
        except Exception as exc:
            return self._ended(Run("first", time.perf_counter() - t0, error=_describe(exc)))
        self.query_string = query
        return await self._run("first", t0, page_name=path, target=path)

    async def change_filter(self, key: str, value) -> Run:
        """Set the widget with user key `key` (a label, or a list of labels) and rerun."""
        widget = self.widgets[key]
        state = WidgetState(id=widget.id)
        if widget.type == "multiselect":
            state.string_array_value.data.extend(value)
        else:
            state.string_value = value
        return await self._run("filter", time.perf_counter(), widget_states=[state], target=key)

    async def switch_page(self, url_path: str) -> Run:
        """Open another page of the app, as a click in the sidebar does."""
        start = time.perf_counter()
        return await self._run("page", start, self.pages[url_path], url_path, target=url_path)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # ---- internals ---------------------------------------------------------------------------

    def _get_page(self, path: str, query: str) -> None:
        url = f"{self.base_url}/{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, headers={"Cookie": self._cookie_header()})
        with urllib.request.urlopen(request, timeout=RUN_TIMEOUT_S) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def _run(
        self,
        kind: str,
        t0: float,
        page_hash: str | None = None,
        page_name: str = "",
        widget_states=(),
        target: str = "",
    ) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.widget_states.widgets.extend(widget_states)
        exceptions, error = 0, None
        try:
            await self._ws.send(msg.SerializeToString())
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while True:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await self._ws.recv())
                    exceptions += self._absorb(fwd)
                    kind_ = fwd.WhichOneof("type")
                    if kind_ == "page_not_found":
                        error = "page not found"
                        break
                    if kind_ == "script_finished":
                        if fwd.script_finished == COMPILE_ERROR:
                            error = "compile error"
                            break
                        if fwd.script_finished in FINISHED:
                            break
        except Exception as exc:
            error = _describe(exc)
        return self._ended(
            Run(kind, time.perf_counter() - t0, exceptions, error, target or "goals")
        )

    def _ended(self, run: Run) -> Run:
        run.ended = time.perf_counter()
        run.replica = self.cookies.get(self.sticky_cookie, "") if self.sticky_cookie else ""
        return run

    def _absorb(self, fwd: ForwardMsg) -> int:
        """Remember what the browser would (pages, widgets, URL); return exception elements seen."""
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = fwd.new_session.page_script_hash
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query_string = fwd.page_info_changed.query_string
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            type_ = element.WhichOneof("type")
            if type_ == "exception":
                return 1
            if type_ in WIDGETS:
                proto = getattr(element, type_)
                key = proto.id.rsplit("-", 1)[-1]
                self.widgets[key] = Widget(proto.id, type_, list(proto.options))
        return 0


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"no finished run within {RUN_TIMEOUT_S:.0f} s"
    return f"{type(exc).__name__}: {exc}"[:200]


# ---- signed-in sessions ----------------------------------------------------------------------------

ACCOUNTS = ("demo_leader", "demo_planner", "demo_admin")  # the three demo roles, in turn


def mint_cookies(count: int, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Return `count` session cookies of the demo accounts, signed as the server signs them.

    Minted in a child process with the server's environment (its store URL and cookie key), as
    signing in on the page would; the server checks each against the store on every run.
    """
    out = subprocess.run(
        [sys.executable, "-m", "bench.load_client", str(count)],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _mint(count: int) -> None:
    from ccbio import data
    from ccbio.auth import accounts, tokens

    accounts.ensure_demo_accounts(data.park_list()["park_id"].tolist())
    ids = [accounts.get(name)["id"] for name in ACCOUNTS]
    cookies = [
        {tokens.COOKIE_NAME: tokens.issue(ids[i % len(ids)], "demo")[0]} for i in range(count)
    ]
    print(json.dumps(cookies))


if __name__ == "__main__":
    _mint(int(sys.argv[1]))
