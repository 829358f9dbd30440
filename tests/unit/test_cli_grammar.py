"""The command's grammar, built one command at a time: `itinerary --help` lists every command
from the index (cli.parser.COMMANDS) without importing a command's module, and the command
typed gets exactly the parser its module declares."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from itinerary.cli import main
from itinerary.cli.parser import COMMANDS
from tests.conftest import DATA

COMMAND_MODULES = sorted({module for module, _ in COMMANDS.values()})


def words(text: str) -> str:
    return " ".join(text.split())


def test_help_lists_every_command_with_its_line_in_order(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    listed = words(capsys.readouterr().out)
    at = [listed.index(f" {name} {words(help)} ") for name, (_, help) in COMMANDS.items()]
    assert at == sorted(at)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_own_help(name, capsys):
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: itinerary {name} ")
    assert words(COMMANDS[name][1]) in words(out)  # the description, from the index


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_each_module_builds_the_commands_the_index_gives_it(module):
    declared = importlib.import_module(f"itinerary.cli.{module}").PARSERS
    assert set(declared) == {name for name, (owner, _) in COMMANDS.items() if owner == module}


@pytest.mark.parametrize("typed", ["lsit", "li", "LIST", ""])
def test_a_name_that_is_no_command_is_refused_with_every_command(typed, capsys):
    """Argparse's own message: subcommands are never abbreviated (`li` is not `list`)."""
    with pytest.raises(SystemExit) as exited:
        main([typed])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "usage: itinerary" in err and "argument COMMAND: invalid choice:" in err
    choices = err.split("choose from ", 1)[1]
    at = [choices.index(repr(name) if "'" in choices else name) for name in COMMANDS]
    assert at == sorted(at)


def test_an_option_of_the_command_may_still_be_abbreviated(capsys):
    assert main(["list", "--js", "--kin", "keynote"]) == 0
    assert capsys.readouterr().out.startswith("[")


def imported_by(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter imports to answer ``itinerary ARGV``."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from itinerary.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(set(sys.modules) - before)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(done.stderr.split())


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["lsit"], ["--bogus"]])
def test_help_and_usage_errors_import_no_command_and_no_core(argv):
    imported = imported_by(argv)
    assert not {f"itinerary.cli.{module}" for module in COMMAND_MODULES} & imported
    assert not {"typing", "dataclasses", "json", "yaml", "itinerary.vocabulary"} & imported


def test_a_command_imports_its_own_module_only():
    imported = imported_by(["list", "--help"])
    commands = {name for name in imported if name.removeprefix("itinerary.cli.") in COMMAND_MODULES}
    assert commands == {"itinerary.cli.browse"}


def test_a_listing_from_the_program_store_imports_no_reader_nor_what_it_does_not_use(capsys):
    """A program read back from the store needs no YAML, importer or validator; a listing that
    narrows nothing needs no search, scope or clashes; one that reads and writes nothing, no
    temporary files."""
    program = ["--program", str(DATA / "valid" / "minimal.yaml")]
    assert main([*program, "list"]) == 0  # the first time: read from its file, and stored
    capsys.readouterr()
    imported = imported_by([*program, "list"])
    assert "itinerary.program_store" in imported
    unused = {
        "yaml", "pydantic", "itinerary.yamlfile", "itinerary.datafile",
        "itinerary.importers", "itinerary.search", "itinerary.scope", "itinerary.conflicts",
        "itinerary.friends", "itinerary.share_import", "itinerary.cli.json_shapes",
        "tempfile", "platformdirs",
    }  # fmt: skip
    assert unused & imported == set()
