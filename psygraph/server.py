"""The HTTP client psygraph talks to SPARQL servers with: timeouts, a bounded retry, one-line errors.

Built on the standard library (:mod:`urllib.request`), so the server backend needs no extra
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
import http.client
import netrc
import os
import socket
import time
import urllib.error
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


@dataclass
class Server:
    """One SPARQL server endpoint (a query, update or graph store URL).

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
    _opener: Any = field(default=None, repr=False)
    _challenge: tuple[str, dict[str, str]] | None = field(default=None, repr=False)
    _digest: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.url = checked_url(self.url)

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
        for attempt in range(ATTEMPTS):
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            if body:
                self._authorise(request)
            try:
                with self._open(request) as response:
                    answer = _answer(response.status, response.headers, response)
            except urllib.error.HTTPError as exc:
                answer = _answer(exc.code, exc.headers, exc)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                msg = f"cannot reach the SPARQL server {self.name}: {_reason(exc)}"
                raise ServerError(msg) from None
            if answer.status in ok:
                return answer
            if answer.status in RETRY_STATUS and attempt < ATTEMPTS - 1:
                time.sleep(min(_retry_after(answer, pause), MAX_PAUSE))
                pause *= 2
                continue
            msg = f"the SPARQL server {self.name} answered {_status(answer)}"
            raise ServerError(msg)
        msg = "unreachable"  # pragma: no cover - the loop returns or raises
        raise AssertionError(msg)

    def _open(self, request: urllib.request.Request) -> Any:
        if self._opener is None:
            self._opener = _opener(self.url, self.connect_timeout, self.read_timeout)
        return self._opener.open(request)

    def _authorise(self, request: urllib.request.Request) -> None:
        """Add the ``Authorization`` header to a request with a body, before it is sent.

        A server that wants a password (Virtuoso's ``-auth`` endpoints) may answer 401 and close
        the connection without reading a large body, which the usual answer-the-challenge-and-retry
        never survives. So the challenge is fetched once with a request that has no body, and
        requests with one carry the answer to it from the start.
        """
        found = credentials(self.url)
        if found is None:
            return
        if self._challenge is None:
            self._challenge = self._fetch_challenge()
        scheme, challenge = self._challenge
        if scheme == "basic":
            token = base64.b64encode(f"{found[0]}:{found[1]}".encode()).decode()
            request.add_unredirected_header("Authorization", f"Basic {token}")
        elif scheme == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.url, *found)  # type: ignore[arg-type]
            if self._digest is None:
                self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            answer = self._digest.get_authorization(request, challenge)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")

    def _fetch_challenge(self) -> tuple[str, dict[str, str]]:
        """The authentication scheme the server asks for (``basic``, ``digest`` or ``""``) and its
        parameters, from a ``GET`` without credentials."""
        probe = urllib.request.Request(self.url, method="GET", headers={"User-Agent": "psygraph"})
        opener = urllib.request.build_opener(_TimedHTTPHandler(self.connect_timeout, self.read_timeout))
        try:
            with opener.open(probe):
                return "", {}
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            msg = f"cannot reach the SPARQL server {self.name}: {_reason(exc)}"
            raise ServerError(msg) from None
        scheme, _, rest = header.strip().partition(" ")
        parameters = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
        return scheme.lower(), parameters


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


def _opener(url: str, connect_timeout: float, read_timeout: float) -> urllib.request.OpenerDirector:
    """A urllib opener with the two timeouts, no proxy from the environment for a local server, and
    the credentials for *url* when there are any."""
    handlers: list[Any] = [
        _TimedHTTPHandler(connect_timeout, read_timeout),
        _TimedHTTPSHandler(connect_timeout, read_timeout),
    ]
    found = credentials(url)
    if found is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *found)  # type: ignore[arg-type]
        handlers += [
            urllib.request.HTTPBasicAuthHandler(passwords),
            urllib.request.HTTPDigestAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


class _TimedConnection(http.client.HTTPConnection):
    """A connection whose socket waits *connect_timeout* to connect, then *read_timeout* per read."""

    read_timeout: float = 60.0

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TimedSecureConnection(http.client.HTTPSConnection):
    read_timeout: float = 60.0

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TimedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect_timeout: float, read_timeout: float) -> None:
        super().__init__()
        self.timeouts = (connect_timeout, read_timeout)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)  # type: ignore[arg-type]

    def _connection(self, host: str, **options: Any) -> http.client.HTTPConnection:
        options["timeout"] = self.timeouts[0]
        connection = _TimedConnection(host, **options)
        connection.read_timeout = self.timeouts[1]
        return connection


class _TimedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect_timeout: float, read_timeout: float) -> None:
        super().__init__()
        self.timeouts = (connect_timeout, read_timeout)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)  # type: ignore[arg-type]

    def _connection(self, host: str, **options: Any) -> http.client.HTTPSConnection:
        options["timeout"] = self.timeouts[0]
        connection = _TimedSecureConnection(host, **options)
        connection.read_timeout = self.timeouts[1]
        return connection


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
    return Answer(status, media_type, body, retry_after)


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
