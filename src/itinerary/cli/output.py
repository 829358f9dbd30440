"""How the command writes: every line through a filter that keeps escapes from the terminal,
data (``-o -``) exactly as the file would hold it, JSON in one stable form."""

from __future__ import annotations

import os
import sys

from itinerary.display import json_for_terminal, printable

TYPE_CHECKING = False  # not typing's: every command goes through here, `--help` too
if TYPE_CHECKING:
    from typing import Any

    from itinerary.session import Session

EXIT_OK, EXIT_NOTHING, EXIT_USER_ERROR = 0, 1, 2


class TerminalSafe:
    """A text stream that passes on only what a terminal shows as text: every line this command
    prints (a title, a file name, an argparse error) goes through here, so no escape sequence or
    other control character from outside reaches the terminal, and a file name that is not UTF-8
    cannot fail to print after the work is done."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    @property
    def raw(self) -> Any:
        return self._stream

    def write(self, text: str) -> int:
        self.write_safe(printable(text))
        return len(text)

    def write_safe(self, safe: str) -> None:
        """Text already made safe for a terminal (escaped JSON): passed on without a second look,
        which costs as much as writing it on a listing of 20,000 items."""
        try:
            self._stream.write(safe)
        except UnicodeEncodeError:  # a terminal that cannot show it (PYTHONIOENCODING=ascii)
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            self._stream.write(safe.encode(encoding, "replace").decode(encoding))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer…
        return getattr(self._stream, name)


def write_data(text: str) -> None:
    """A file's content to standard output (``-o -``): exactly as it would go to the file when
    piped on (its format does its own escaping), filtered like every other line when a person
    reads it in a terminal."""
    out = sys.stdout
    raw = out.raw if isinstance(out, TerminalSafe) else out
    if raw.isatty():
        out.write(text.replace("\r\n", "\n"))  # a calendar's CRLF is no control to show
    elif hasattr(raw, "buffer"):  # the file's bytes, UTF-8 whatever the locale says
        raw.flush()
        raw.buffer.write(text.encode("utf-8"))
    else:
        raw.write(text)


def print_json(value: Any) -> None:
    """Indented JSON, UTF-8 as it is. orjson writes the same bytes as ``json.dumps(value,
    ensure_ascii=False, indent=2)`` (checked on every golden record) some 30 times faster."""
    import orjson  # only where JSON is written: its import is a tenth of a listing's start-up

    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # what orjson does not take (an integer past 64 bits): the standard way
        import json

        text = json.dumps(value, ensure_ascii=False, indent=2)
    safe = json_for_terminal(text) + "\n"
    out = sys.stdout
    if isinstance(out, TerminalSafe):
        out.write_safe(safe)
    else:
        out.write(safe)


def warn(message: str) -> None:
    print(f"itinerary: {printable(message)}", file=sys.stderr)


def report_missing(session: Session) -> None:
    """Tell the person about stars whose items are not in this program (on stderr)."""
    missing = session.missing()
    if missing:
        names = ", ".join(
            f"{key} ({printable(star.title, single_line=True)!r})" if star.title else key
            for key, star in missing.items()
        )
        print(
            f"itinerary: {len(missing)} starred item{'s are' if len(missing) > 1 else ' is'} "
            f"not in this program (kept, in case it comes back): {names}",
            file=sys.stderr,
        )


def discard_output() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit does not
    fail again on what is still buffered."""
    import contextlib

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
