"""Fetching a program from its URL: a conditional GET with httpx, bounded in time and size.

Timeouts on connecting, on each read and on the whole transfer; the body counted while it
streams (decompressed, so a small gzip bomb is stopped too) and refused past the size limit
files have; at most MAX_REDIRECTS redirects, the final URL reported; proxies from the
environment; TLS verified. Every failure is one ``FetchError`` naming the URL and the cause.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from itinerary import __version__
from itinerary.errors import ItineraryError
from itinerary.importers import MAX_IMPORT_BYTES

USER_AGENT = f"itinerary/{__version__} (+conference itinerary planner)"
MAX_REDIRECTS = 5
MAX_DOWNLOAD_BYTES = MAX_IMPORT_BYTES  # 64 MiB, as a schedule file
CONNECT_SECONDS = 10.0
READ_SECONDS = 30.0
TOTAL_SECONDS = 300.0  # a server that drips a byte now and then is given up on too
# The seconds for each of the above, when set (the tests keep a hanging server short).
TIMEOUT_ENV = "ITINERARY_HTTP_TIMEOUT"
ACCEPT = "application/json, application/xml;q=0.9, text/xml;q=0.9, text/calendar;q=0.9, */*;q=0.5"
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_REASONS = {
    401: "the server asks for a login (401 Unauthorized)",
    403: "the server refuses access (403 Forbidden)",
    404: "no such page on the server (404 Not Found)",
    410: "the page is gone (410 Gone)",
}


class FetchError(ItineraryError):
    """A URL that gave no program: the message names the URL and the cause."""


@dataclass(frozen=True)
class Fetched:
    """What the server answered: a new body (status 200), or not modified (304, ``data`` None)."""

    url: str
    final_url: str
    status: int
    data: bytes | None
    etag: str | None
    last_modified: str | None

    @property
    def redirected(self) -> bool:
        return self.final_url != self.url


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def timeouts() -> tuple[float, float, float]:
    """(connect, read, total) seconds: the defaults, or ``$ITINERARY_HTTP_TIMEOUT`` for each."""
    explicit = os.environ.get(TIMEOUT_ENV)
    if explicit:
        try:
            seconds = float(explicit)
        except ValueError:
            raise ItineraryError(f"${TIMEOUT_ENV}={explicit!r}: give a number of seconds") from None
        if seconds > 0:
            return seconds, seconds, seconds * 4
    return CONNECT_SECONDS, READ_SECONDS, TOTAL_SECONDS


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The validators sent back exactly as the server gave them (a weak ``W/"…"`` included)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    limit: int = MAX_DOWNLOAD_BYTES,
) -> Fetched:
    """GET ``url`` (conditionally, given validators); FetchError for anything but a program's
    bytes or a 304."""
    import httpx  # only the commands that fetch pay for importing it

    connect, read, total = timeouts()
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    headers.update(conditional_headers(etag, last_modified))
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(read, connect=connect),
                trust_env=True,  # HTTPS_PROXY, HTTP_PROXY, NO_PROXY, SSL_CERT_FILE
                verify=True,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _answer(url, response, limit, time.monotonic() + total)
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; gave up") from None
    except httpx.ConnectTimeout:
        raise FetchError(f"{url}: no connection within {connect:g} s (timed out)") from None
    except httpx.TimeoutException:
        raise FetchError(
            f"{url}: the server stopped answering for {read:g} s (timed out)"
        ) from None
    except httpx.ConnectError as error:
        raise FetchError(f"{url}: {_connect_cause(error)}") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise FetchError(f"{url}: not a URL that can be fetched ({error})") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: the transfer failed: {error or type(error).__name__}") from None


def _answer(url: str, response: object, limit: int, deadline: float) -> Fetched:
    import httpx

    assert isinstance(response, httpx.Response)
    final = str(response.url)
    where = url if final == url else f"{url} (redirected to {final})"
    status = response.status_code
    if status != 304 and status >= 400:
        reason = _REASONS.get(status) or (
            f"the server failed ({status} {response.reason_phrase}); try again later"
            if status >= 500
            else f"the server answered {status} {response.reason_phrase}"
        )
        raise FetchError(f"{where}: {reason}")
    data = None
    if status != 304:
        if status != 200:
            raise FetchError(f"{where}: the server answered {status} {response.reason_phrase}")
        data = _body(where, response, limit, deadline)
    return Fetched(
        url=url,
        final_url=final,
        status=status,
        data=data,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _body(where: str, response: object, limit: int, deadline: float) -> bytes:
    import httpx

    assert isinstance(response, httpx.Response)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit and "Content-Encoding" not in response.headers:
        raise FetchError(f"{where}: {int(declared):,} bytes, over the {limit:,} a schedule may be")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{where}: over {limit:,} bytes, more than a schedule may be; stopped")
        if time.monotonic() > deadline:
            raise FetchError(f"{where}: the transfer took too long (timed out); stopped")
        chunks.append(chunk)
    data = b"".join(chunks)
    if _HTML.match(data[:4096]):
        raise FetchError(
            f"{where}: an HTML page, not a schedule (give the schedule's own URL: "
            "schedule.xml, schedule.json or an .ics)"
        )
    return data


def _connect_cause(error: Exception) -> str:
    """No DNS, refused, TLS: said in words, the library's own detail after them."""
    text = str(error) or type(error).__name__
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"the secure connection failed (TLS: {text})"
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or (
            "errno -2" in lowered
            or "errno -3" in lowered
            or "getaddrinfo" in lowered
            or "name resolution" in lowered
        )
    ):
        return f"no such host (the name does not resolve: {text})"
    if "refused" in lowered:
        return f"the connection was refused (nothing listens there: {text})"
    return f"cannot connect: {text}"
