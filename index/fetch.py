"""Reports given by URL: the page or file fetched (http and https only; redirects, size and time bounded), its reader
chosen by the content type (then the file's name, then its bytes), written where ingest reads files.

    fetched = Fetcher(folder, max_bytes=50 << 20, timeout_s=30).fetch("https://…/2023年报.html")
    ingest_many([fetched.path], store, urls={fetched.path: fetched.url})

From there the file is ingested as any file is (index/ingest.py): its original kept by hash, its records citing the
URL. Each URL has a folder of its own (`<sha256 of the URL>[:16]/<name>`), so fetching it again finds the report
unchanged, or replaces it when the content changed, as a file edited in place does.

With `public_only` (the app and the API, where a request comes from someone else: SSRF) only addresses on the public
internet are connected to. Each host name is resolved here and the connection made to the address that was checked,
on every hop of a redirect: a name that resolves to a loopback, private, link-local or reserved address is refused,
however the request got there (a redirect, a DNS answer that changes between a check and the connection).
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import ipaddress
import os
import re
import socket
import tempfile
import time
from dataclasses import dataclass
from email.message import Message as MailHeader
from pathlib import Path
from urllib.parse import unquote

from .html import charset_codec, decode_html
from .messages import MessageError, message_of
from .readers import READERS, ReadError, content_mismatch, decode_text, format_names

MAX_URL = 2048  # characters
MAX_REDIRECTS = 5
MB = 1024 * 1024
USER_AGENT = "report-qa/0.1 (government information disclosure annual reports)"
ACCEPT = ("text/html,application/xhtml+xml,application/pdf,"
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain;q=0.9,*/*;q=0.5")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# what a content type says the reader is; a type that names no format leaves it to the file's name and its bytes
TYPES = {"application/pdf": ".pdf", "application/x-pdf": ".pdf",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
         "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md",
         "text/x-markdown": ".md"}
SNIFFED = (".pdf", ".docx", ".html", ".txt")  # the order bytes are tried in (text would take an HTML page too)
TEXTS = (".html", ".htm", ".txt", ".md")  # the readers that decode characters (a charset concerns them)
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


class FetchError(MessageError):
    """A URL that cannot be fetched as a report: one line, said in any language (`str()`: English)."""


@dataclass(frozen=True)
class Fetched:
    """What was fetched: the file ingest reads, and the address its report cites."""

    url: str  # where the content came from, after redirects
    asked: str  # the URL as given
    path: Path  # the file written, with its reader's suffix
    content_type: str

    def discard(self) -> None:
        """Delete the file (no report was indexed from it: refused, or the same content as another's)."""
        self.path.unlink(missing_ok=True)
        try:
            self.path.parent.rmdir()  # the URL's folder, when nothing else is in it
        except OSError:
            pass


def is_url(text: str) -> bool:
    """Whether a command-line argument is a URL (of any scheme: one that is not fetched is refused, saying why)."""
    return bool(_URL.match(str(text)))


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local, shared, reserved or
    multicast; an IPv4 address inside an IPv6 one is judged as itself)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    return ip.is_global and not ip.is_multicast


class Fetcher:
    """Fetches URLs into `folder`, at most `max_bytes` each, within `timeout_s` (connecting, waiting and the whole
    download); with `public_only`, public addresses only."""

    def __init__(self, folder: Path, *, max_bytes: int, timeout_s: float, public_only: bool = False,
                 max_redirects: int = MAX_REDIRECTS):
        self.folder = Path(folder).resolve()
        self.max_bytes, self.timeout_s = max_bytes, timeout_s
        self.public_only, self.max_redirects = public_only, max_redirects

    def fetch(self, url: str) -> Fetched:
        """Fetch one URL and write it as a file of the reader its content needs. Raises FetchError (one line)."""
        url = url.strip()
        _check(url)
        data, final, headers = self._download(url)
        content_type = headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        disposition = _disposition_name(headers.get("content-disposition"))
        charset = _CHARSET.search(content_type)
        if charset and TYPES.get(mime) in TEXTS and not _document(data):  # text in the charset the server names
            data = _as_declared(data, TYPES[mime], charset.group(1))
        suffix = _reader_suffix(mime, [disposition, _url_name(final)], data)
        return Fetched(final, url, self._write(url, _file_name(disposition or _url_name(final), suffix), data), mime)

    def _client(self):
        import httpx

        return httpx.Client(transport=_transport(self.public_only), follow_redirects=True,
                            max_redirects=self.max_redirects, timeout=self.timeout_s, trust_env=False,
                            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})

    def _download(self, url: str) -> tuple[bytes, str, dict[str, str]]:
        """The body (streamed: refused as soon as it passes the limit), the URL it came from and its headers."""
        import httpx

        deadline = time.monotonic() + self.timeout_s
        try:
            with self._client() as client, client.stream("GET", url) as response:
                _check_status(response.status_code)
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError("fetch.too_large", limit=self.max_bytes / MB)  # refused before the body
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError("fetch.too_large", limit=self.max_bytes / MB)
                    if time.monotonic() > deadline:  # each read has its timeout; the whole download has this one
                        raise FetchError("fetch.timeout", seconds=self.timeout_s)
                    chunks.append(chunk)
                if not size:
                    raise FetchError("fetch.empty")
                return b"".join(chunks), str(response.url), dict(response.headers)
        except httpx.TimeoutException:
            raise FetchError("fetch.timeout", seconds=self.timeout_s) from None
        except httpx.TooManyRedirects:
            raise FetchError("fetch.redirects", count=self.max_redirects) from None
        except httpx.UnsupportedProtocol as exc:  # a redirect to ftp:, file:, …
            found = re.search(r"'([^']*?):", str(exc))
            raise FetchError("fetch.scheme", scheme=found.group(1) if found else "?") from None
        except httpx.InvalidURL:
            raise FetchError("fetch.bad_url") from None
        except httpx.ConnectError as exc:
            raise FetchError("fetch.connect", error=_one_line(exc)) from None
        except httpx.HTTPError as exc:
            raise FetchError("fetch.failed", error=f"{type(exc).__name__}: {_one_line(exc)}") from None

    def _write(self, url: str, name: str, data: bytes) -> Path:
        """Write whole or not at all, in the URL's own folder (fetching it again rewrites the same path)."""
        folder = self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(staging, folder / name)
        except OSError:
            Path(staging).unlink(missing_ok=True)
            raise
        return folder / name


def _check(url: str) -> None:
    """An http or https URL with a host, not too long; else FetchError."""
    import httpx

    if len(url) > MAX_URL:
        raise FetchError("fetch.too_long", limit=MAX_URL)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise FetchError("fetch.scheme", scheme=scheme or url[:40])
    try:
        host = httpx.URL(url).host
    except (httpx.InvalidURL, ValueError):
        raise FetchError("fetch.bad_url") from None
    if not host:
        raise FetchError("fetch.bad_url")


def _check_status(status: int) -> None:
    if status in (404, 410):
        raise FetchError("fetch.not_found", status=status)
    if status in (401, 403, 407):
        raise FetchError("fetch.denied", status=status)
    if status >= 300:  # a redirect left over (no Location, or 304) is no page either
        raise FetchError("fetch.status", status=status)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _reader_suffix(mime: str, names: list[str | None], data: bytes) -> str:
    """The reader's suffix: the content type's, else a name's, else what the bytes are; the first whose content check
    the bytes pass (a server that calls a PDF text/html is common enough)."""
    typed = TYPES.get(mime)
    named = [s for s in (Path(n).suffix.lower() for n in names if n) if s in READERS]
    for suffix in dict.fromkeys([*([typed] if typed else []), *named, *SNIFFED]):
        if not content_mismatch(suffix, data):
            return suffix
    if typed:  # what the server called it, said wrong: "the file is not a PDF"
        raise FetchError(message_of(content_mismatch(typed, data)))
    raise FetchError("fetch.unsupported", type=mime or "?", formats=format_names())


def _document(data: bytes) -> bool:
    """A PDF or a DOCX, whatever the server called it (its bytes are never decoded as text)."""
    return b"%PDF-" in data[:1024] or data.startswith(b"PK\x03\x04")


def _as_declared(data: bytes, suffix: str, charset: str) -> bytes:
    """The bytes to keep: as served, unless the HTTP charset reads them otherwise than the reader would on its own
    (GB2312 declared and GBK sent reads the same; UTF-16, or a page whose meta charset is wrong, does not); then the
    text as the server declared it, in UTF-8 behind a byte order mark, which the readers honour first."""
    if data.startswith(codecs.BOM_UTF8):
        return data
    try:
        declared = data.decode(charset_codec(charset))
    except (LookupError, UnicodeDecodeError):
        return data  # a charset the bytes are not in: the page's own declaration and the readers' guess decide
    try:
        own = decode_html(data) if suffix in (".html", ".htm") else decode_text(data)
    except ReadError:
        own = None
    if own is not None and own.removeprefix("\ufeff") == declared.removeprefix("\ufeff"):
        return data
    return codecs.BOM_UTF8 + declared.removeprefix("\ufeff").encode("utf-8")


def _disposition_name(header: str | None) -> str | None:
    """The file name a Content-Disposition header gives (RFC 2231 and percent-encoded names; raw UTF-8 or GBK
    bytes, which HTTP hands over as Latin-1, read back)."""
    if not header:
        return None
    parsed = MailHeader()
    parsed["content-disposition"] = header
    name = parsed.get_filename()
    if not name:
        return None
    name = unquote(name)
    try:
        raw = name.encode("latin-1")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _url_name(url: str) -> str:
    import httpx

    return httpx.URL(url).path.rstrip("/").rsplit("/", 1)[-1]


def _file_name(name: str, suffix: str) -> str:
    """A safe file name (never a path: letters, digits, CJK, dot, dash, underscore) ending in the reader's suffix."""
    name = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", Path(name or "").name).strip("._")
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    return (stem.strip("._") or "report")[:80] + suffix


def _transport(public_only: bool):
    """httpx's transport, without proxies from the environment (every setting is in Config); with `public_only`, one
    whose connections go only to public addresses, resolved and checked here."""
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(trust_env=False)
    if public_only:
        # httpx takes no network backend of its own: its transport's pool is made again with ours (tested: a loopback
        # server, and a redirect to one, are refused)
        transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                                  network_backend=_public_only_backend()())
    return transport


@functools.cache
def _public_only_backend():
    """The network backend class (made on first use: httpcore is imported only when a URL is fetched)."""
    import httpcore

    class PublicOnly(httpcore.SyncBackend):
        """Connects to a host's public addresses only: the address checked is the address connected to."""

        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            try:
                found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                raise httpcore.ConnectError(str(exc)) from None
            refused, error = None, None
            for *_, address in found:
                if not is_public(address[0]):
                    refused = refused or address[0]
                    continue
                try:
                    return super().connect_tcp(address[0], port, timeout, local_address, socket_options)
                except httpcore.ConnectError as exc:
                    error = exc
            if error is not None:
                raise error
            raise FetchError("fetch.private", address=refused)

    return PublicOnly

