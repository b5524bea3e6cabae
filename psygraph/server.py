"""The HTTP client psygraph talks to SPARQL servers with: timeouts, a bounded retry, one-line errors.

Built on the standard library (:mod:`http.client`), so the server backend needs no extra
package. A :class:`Server` sends one request at a time and returns the answer's media type and
bytes. It waits at most :attr:`Server.connect_timeout` seconds for the connection and
:attr:`Server.read_timeout` seconds for each read; an answer of 502 or 503 (a proxy or a busy
server) is asked again, a few times, after a short pause (the server's ``Retry-After`` when it gives
one, up to a cap). Every failure is a :class:`ServerError` whose message is one line that names the
server, never a traceback.

Credentials come from the environment (``PSYGRAPH_USER`` and ``PSYGRAPH_PASSWORD``) or from the
user's netrc file (``~/.netrc``, or the file ``NETRC`` names), never from the URL: a URL that holds
a user name or password is refused, so a password cannot reach a shell's history or a log. Basic
and digest authentication are answered when the server asks for them.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import netrc
import os
import socket
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from psygraph.errors import PsygraphError

#: Answers asked again, and how many times in all a request is sent.
RETRY_STATUS = frozenset({502, 503})
ATTEMPTS = 4
#: Seconds before the first retry (doubled for each next one), and the longest pause a server's
#: ``Retry-After`` may ask for.
BACKOFF = 0.25
MAX_PAUSE = 5.0
#: How many idle connections to one server are kept open.
KEPT_CONNECTIONS = 8
#: The most bytes of one answer psygraph reads (a server that sends more is not a SPARQL server).
MAX_ANSWER = 2 * 1024 * 1024 * 1024


class ServerError(PsygraphError):
    """The SPARQL server is unreachable, refused the request, or answered something unreadable."""

    exit_code = 2


@dataclass(frozen=True)
class Answer:
    """A server's answer: its status, media type (without parameters) and body."""

    status: int
    media_type: str
    body: bytes
    retry_after: float | None = None
    authenticate: str = ""


@dataclass
class Server:
    """One SPARQL server endpoint (a query, update or graph store URL).

    Connections are kept open between requests (HTTP keep-alive) and shared by the threads that
    send them, so a question that sends a dozen queries pays for one connection, not twelve.

    Parameters
    ----------
    url
        The endpoint's ``http`` or ``https`` URL, without a user name or password.
    connect_timeout, read_timeout
        Seconds to wait for the connection, and for each read of the answer.
    """

    url: str
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    _idle: list[http.client.HTTPConnection] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _challenge: tuple[str, dict[str, str]] | None = field(default=None, repr=False)
    _digest: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.url = checked_url(self.url)
        self._credentials = credentials(self.url)

    @property
    def name(self) -> str:
        """The URL as messages show it."""
        return self.url

    def request(
        self,
        method: str,
        *,
        params: dict[str, list[str]] | None = None,
        form: dict[str, list[str]] | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str = "*/*",
        ok: frozenset[int] = frozenset({200}),
    ) -> Answer:
        """Send one request (again after a 502 or 503, a few times) and return the answer.

        *params* go into the URL's query string, *form* is sent as an urlencoded body; both map a
        name to its values (the SPARQL protocol repeats ``default-graph-uri``).

        Raises
        ------
        ServerError
            The server cannot be reached, timed out, or answered with a status outside *ok*.
        """
        url = self.url
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Accept": accept, "User-Agent": "psygraph"}
        if content_type:
            headers["Content-Type"] = content_type
        pause = BACKOFF
        challenged = False
        attempt = 0
        while True:
            sent = dict(headers)
            self._authorise(method, url, body, sent)
            try:
                answer = self._send(method, url, body, sent)
            except (OSError, http.client.HTTPException) as exc:
                msg = f"cannot reach the SPARQL server {self.name}: {_reason(exc)}"
                raise ServerError(msg) from None
            if answer.status == 401 and self._credentials and not challenged:
                challenged = True  # a first or a stale challenge: answer the new one, once
                self._challenge = _challenge(answer.authenticate)
                continue
            if answer.status in ok:
                return answer
            attempt += 1
            if answer.status in RETRY_STATUS and attempt < ATTEMPTS:
                time.sleep(min(_retry_after(answer, pause), MAX_PAUSE))
                pause *= 2
                continue
            msg = f"the SPARQL server {self.name} answered {_status(answer)}"
            raise ServerError(msg)

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        """One request on a kept connection (a new one if the kept one was closed by the server)."""
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        for fresh in (False, True):
            connection = self._take(fresh)
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                answer = _answer(response.status, response.headers, response)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()
                if fresh:
                    raise
                continue  # the server closed the kept connection: once more on a new one
            except BaseException:
                connection.close()
                raise
            if response.will_close:
                connection.close()
            else:
                self._give(connection)
            return answer
        msg = "unreachable"  # pragma: no cover - the loop returns or raises
        raise AssertionError(msg)

    def _take(self, fresh: bool) -> http.client.HTTPConnection:
        """A kept connection, or a new one (always with *fresh*)."""
        if not fresh:
            with self._lock:
                if self._idle:
                    return self._idle.pop()
        parts = urllib.parse.urlsplit(self.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = kind(parts.hostname or "", parts.port, timeout=self.connect_timeout)
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(self.read_timeout)
            # Small requests go out at once, not after the peer's delayed acknowledgement.
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def _give(self, connection: http.client.HTTPConnection) -> None:
        """Keep *connection* for the next request (a few at most: the rest are closed)."""
        with self._lock:
            if len(self._idle) < KEPT_CONNECTIONS:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        """Close the kept connections (a later request opens a new one)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def _authorise(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> None:
        """Add the ``Authorization`` header when the server wants a password and one is set.

        A server that wants a password (Virtuoso's ``-auth`` endpoints) may answer 401 and close
        the connection without reading a large body, so a request with a body never goes out
        unauthorised: the challenge is fetched first with a request that has none.
        """
        if self._credentials is None:
            return
        if self._challenge is None:
            if not body:
                return  # a 401 answer brings the challenge
            self._challenge = self._fetch_challenge()
        user, password = self._credentials
        scheme, challenge = self._challenge
        if scheme == "basic":
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        elif scheme == "digest":
            if self._digest is None:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                passwords.add_password(None, self.url, user, password)  # type: ignore[arg-type]
                self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            request = urllib.request.Request(url, data=body, method=method)
            answer = self._digest.get_authorization(request, challenge)
            if answer:
                headers["Authorization"] = f"Digest {answer}"

    def _fetch_challenge(self) -> tuple[str, dict[str, str]]:
        """The authentication the server asks for, from a ``GET`` without credentials."""
        try:
            answer = self._send("GET", self.url, None, {"User-Agent": "psygraph"})
        except (OSError, http.client.HTTPException) as exc:
            msg = f"cannot reach the SPARQL server {self.name}: {_reason(exc)}"
            raise ServerError(msg) from None
        return _challenge(answer.authenticate if answer.status == 401 else "")


def checked_url(url: str) -> str:
    """*url* if it is an ``http`` or ``https`` URL without credentials in it.

    Raises
    ------
    ServerError
        Another scheme, no host, or a user name or password in the URL.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"the server URL {_shown(url)!r} is not an http:// or https:// URL with a host"
        raise ServerError(msg)
    if parts.username or parts.password:
        msg = (
            "the server URL must not hold a user name or password; set PSYGRAPH_USER and "
            "PSYGRAPH_PASSWORD or use a ~/.netrc entry instead"
        )
        raise ServerError(msg)
    return url


def credentials(url: str) -> tuple[str, str] | None:
    """The user name and password for *url*: from ``PSYGRAPH_USER``/``PSYGRAPH_PASSWORD``, else from
    the netrc file's entry for the host; ``None`` when neither has one."""
    user, password = os.environ.get("PSYGRAPH_USER"), os.environ.get("PSYGRAPH_PASSWORD")
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(os.environ.get("NETRC") or None).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


def _challenge(header: str) -> tuple[str, dict[str, str]]:
    """The scheme (``basic``, ``digest`` or ``""``) and parameters of a ``WWW-Authenticate`` header."""
    scheme, _, rest = header.strip().partition(" ")
    parameters = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
    return scheme.lower(), parameters


def _answer(status: int, headers: Any, stream: Any) -> Answer:
    media_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower() if headers else ""
    try:
        body = stream.read(MAX_ANSWER + 1) if stream is not None else b""
    except (OSError, http.client.HTTPException):
        body = b""
    if len(body) > MAX_ANSWER:
        msg = f"the SPARQL server's answer is larger than {MAX_ANSWER} bytes"
        raise ServerError(msg)
    try:
        retry_after = float(headers.get("Retry-After")) if headers and headers.get("Retry-After") else None
    except ValueError:  # an HTTP date: the default pause
        retry_after = None
    authenticate = (headers.get("WWW-Authenticate") or "") if headers else ""
    return Answer(status, media_type, body, retry_after, authenticate)


def _retry_after(answer: Answer, default: float) -> float:
    """The pause a 503's ``Retry-After`` asks for (in seconds), else *default*."""
    return default if answer.retry_after is None or answer.retry_after < 0 else answer.retry_after


def _status(answer: Answer) -> str:
    """The status of a failed answer and the first line of its text, for a message."""
    text = answer.body[:300].decode("utf-8", "replace").strip()
    first = " ".join(text.splitlines()[0].split()) if text else ""
    reason = http.client.responses.get(answer.status, "")
    return f"{answer.status} {reason}".strip() + (f": {first[:200]}" if first else "")


def _reason(exc: BaseException) -> str:
    reason: Any = getattr(exc, "reason", exc)
    if isinstance(reason, socket.timeout | TimeoutError):
        return "no answer in time (timed out)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return " ".join(str(text).split())


def _shown(url: str) -> str:
    """*url* without any user name or password, for a message."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
