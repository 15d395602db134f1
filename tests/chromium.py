"""Headless Chromium driven over the DevTools protocol through a pipe (no websocket, no extra package).

Used by the browser test and by benchmarks/report_bench.py: open a page with JavaScript on or off, and
read back what a person's browser would have: the rendered DOM, every network request the page made,
every console or Content-Security-Policy message, how long it took to answer, and a screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
         "--host-resolver-rules=MAP * ~NOTFOUND")  # no name resolves: the page must work with no network at all


@dataclass
class Visit:
    """What one page load left behind."""

    dom: str
    requests: list[str]  # URLs the page asked for (its own file included)
    messages: list[str]  # console and CSP messages, as "source level: text"
    load_seconds: float  # navigation to the load event
    answer_seconds: float  # navigation until the page's main thread answered a trivial question
    screenshot: bytes = b""  # PNG, or the PDF when printed
    events: list[dict[str, Any]] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)  # what each ``evaluate`` expression gave


class Browser:
    """One Chromium process; use as a context manager."""

    def __init__(self, binary: Path = CHROMIUM, timeout: float = 120.0) -> None:
        self.timeout = timeout
        # no cache or state from a run before; a helper process may still be writing into it when it is removed
        self._profile = tempfile.TemporaryDirectory(prefix="kasales-chromium-", ignore_cleanup_errors=True)
        child_in, self._write = os.pipe()
        self._read, child_out = os.pipe()
        # the protocol pipe is the child's fds 3 (commands in) and 4 (answers out); moved above 9 first, so
        # placing one cannot overwrite the other
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (child_in, child_out)]
        os.close(child_in)
        os.close(child_out)

        def place() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self._proc = subprocess.Popen(
            [str(binary), *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=place, start_new_session=True)  # its helpers end with it (killpg)
        for fd in high:
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self._session: str | None = None

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the browser (asked politely, then its whole process group) and remove its profile."""
        with contextlib.suppress(OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.call("Browser.close")
            self._proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # the renderer and GPU helpers it started, if any remain
        self._proc.wait(timeout=30)
        os.close(self._write)
        os.close(self._read)
        self._profile.cleanup()

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the protocol pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, events: list[dict[str, Any]] | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile go to ``events``."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self._session and not method.startswith("Target."):
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if events is not None and "method" in answer:
                events.append(answer)

    def wait_for(self, method: str, events: list[dict[str, Any]]) -> None:
        """Collect events until ``method`` arrives."""
        deadline = time.monotonic() + self.timeout
        while not any(e["method"] == method for e in events):
            message = self._receive(deadline)
            if "method" in message:
                events.append(message)

    def visit(self, url: str, javascript: bool = True, width: int = 1400, height: int = 1000,
              screenshot: bool = False, dark: bool = False, pdf: bool = False, media: str = "",
              evaluate: tuple[str, ...] = ()) -> Visit:
        """Open ``url`` in a new tab and report what happened."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        events: list[dict[str, Any]] = []
        try:
            for domain in ("Page", "Network", "Log", "Runtime"):
                self.call(f"{domain}.enable", events)
            self.call("Emulation.setScriptExecutionDisabled", events, value=not javascript)
            self.call("Emulation.setDeviceMetricsOverride", events, width=width, height=height,
                      deviceScaleFactor=1, mobile=False)
            scheme = "dark" if dark else "light"
            self.call("Emulation.setEmulatedMedia", events, media=media,
                      features=[{"name": "prefers-color-scheme", "value": scheme}])
            start = time.perf_counter()
            self.call("Page.navigate", events, url=url)
            self.wait_for("Page.loadEventFired", events)
            loaded = time.perf_counter() - start
            self.call("Runtime.evaluate", events, expression="1")  # answers only when the main thread is free
            answered = time.perf_counter() - start
            values = [self.call("Runtime.evaluate", events, expression=e, returnByValue=True)["result"].get("value")
                      for e in evaluate]
            root = self.call("DOM.getDocument", events, depth=0)["root"]["nodeId"]
            dom = self.call("DOM.getOuterHTML", events, nodeId=root)["outerHTML"]
            shot = b""
            if screenshot:
                shot = base64.b64decode(self.call("Page.captureScreenshot", events, format="png")["data"])
            if pdf:  # the print stylesheet's own page size (@page) decides the paper
                shot = base64.b64decode(self.call("Page.printToPDF", events, preferCSSPageSize=True,
                                                  printBackground=True)["data"])
        finally:
            self._session = None
            self.call("Target.closeTarget", targetId=target)
        requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
        messages = [f"{e['params']['entry']['source']} {e['params']['entry']['level']}: {e['params']['entry']['text']}"
                    for e in events if e["method"] == "Log.entryAdded"]
        messages += [f"console {e['params']['type']}: " + " ".join(str(a.get("value", "")) for a in e["params"]["args"])
                     for e in events if e["method"] == "Runtime.consoleAPICalled"]
        messages += [f"exception: {e['params']['exceptionDetails'].get('text', '')} "
                     f"{e['params']['exceptionDetails'].get('exception', {}).get('description', '')}"
                     for e in events if e["method"] == "Runtime.exceptionThrown"]
        return Visit(dom, requests, messages, loaded, answered, shot, events, values)
