"""``itinerary convert``, ``validate`` and ``schema``: program files themselves."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from itinerary.cli.output import EXIT_OK, EXIT_USER_ERROR, print_json, write_data
from itinerary.cli.parser import Commands
from itinerary.errors import ItineraryError, ProgramError


def add_convert(commands: Commands) -> None:
    convert = commands.add("convert", run_convert)
    convert.add_argument("source", metavar="SOURCE")
    convert.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it ('-' for standard output; default: "
        "<program-id>.yaml here, never overwriting an existing file)",
    )
    convert.add_argument(
        "--tz",
        dest="schedule_tz",
        metavar="ZONE",
        help="the conference's IANA zone, when the file names none",
    )
    convert.add_argument(
        "--id", metavar="ID", help="the program's id (default: from its acronym or title)"
    )


def add_validate(commands: Commands) -> None:
    validate = commands.add("validate", run_validate)
    validate.add_argument("paths", nargs="+", metavar="PATH")


def add_schema(commands: Commands) -> None:
    commands.add("schema", run_schema)


PARSERS = {"convert": add_convert, "validate": add_validate, "schema": add_schema}


def run_validate(args: argparse.Namespace) -> int:
    from itinerary.display import printable
    from itinerary.program import load_program
    from itinerary.wording import counted

    status = EXIT_OK
    for path in args.paths:
        try:
            program = load_program(path, args.program_tz)
        except ProgramError as error:
            for problem in error.problems:
                print(printable(problem), file=sys.stderr)
            status = EXIT_USER_ERROR
            continue
        print(
            f"{path}: valid program {program.id!r}: {counted(len(program.items), 'item')}, "
            f"{counted(len(program.sessions), 'session')}, times in {program.timezone}"
        )
    return status


def run_convert(args: argparse.Namespace) -> int:
    from itinerary.display import printable
    from itinerary.files import write_atomically
    from itinerary.importers import FORMAT_NAMES, import_schedule, program_to_yaml
    from itinerary.program import read_program_bytes
    from itinerary.program_store import remember_program

    source = Path(args.source)
    result = import_schedule(
        read_program_bytes(source), str(source), tz=args.schedule_tz, program_id=args.id
    )
    program = result.program
    for warning in result.warnings:
        print(f"itinerary: {printable(warning)}", file=sys.stderr)
    text = program_to_yaml(
        program, source=source.name, format_name=FORMAT_NAMES[result.format], notes=result.warnings
    )
    if args.output == "-":
        write_data(text)
        where, report_to = "standard output", sys.stderr
    else:
        path = Path(args.output) if args.output else Path(f"{program.id}.yaml")
        if not args.output and os.path.lexists(path):  # a dangling link too
            raise ItineraryError(
                f"{path} exists already; name the file to write with -o (it is then replaced)"
            )
        if path.exists() and path.resolve() == source.resolve():
            raise ItineraryError(
                f"{path} is the schedule being converted: write the program to another file "
                "(-o NAME.yaml); nothing was written"
            )
        data = text.encode("utf-8")
        write_atomically(path, data, private=False)
        remember_program(data, program)  # the first `--program` open is then a fast one
        where, report_to = str(path), sys.stdout
    print(
        f"Converted {len(program.items)} items ({FORMAT_NAMES[result.format]}, times in "
        f"{program.timezone}) to {where}",
        file=report_to,
    )
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from itinerary.program import program_schema

    print_json(program_schema())
    return EXIT_OK
