"""The core never imports Textual (or Rich): commands that need no UI start fast."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import itinerary

CORE = sorted(
    name
    for module in pkgutil.walk_packages(itinerary.__path__, "itinerary.")
    # The faces: the planner, the command, and `python -m itinerary` (which runs the command).
    if not (name := module.name).startswith(
        ("itinerary.tui", "itinerary.cli", "itinerary.__main__")
    )
)


def test_there_are_core_modules():
    assert {"itinerary.model", "itinerary.program", "itinerary.timezones"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_without_the_ui(module):
    code = (
        f"import sys, {module}; "
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(ui))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"


def test_the_cli_does_not_import_the_ui_for_list():
    code = (
        "import sys; from itinerary.cli import main; main(['list', '--json']); "
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')], file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"


def test_help_builds_the_grammar_without_the_models():
    """`itinerary --help` (and a mistyped option) is answered before pydantic, YAML or the
    models load: the command modules import the core inside their run functions."""
    code = (
        "import sys\n"
        "from itinerary.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('pydantic', 'yaml', 'textual') or m in ('itinerary.model', 'itinerary.session'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "[]"
    assert "usage: itinerary" in result.stdout
