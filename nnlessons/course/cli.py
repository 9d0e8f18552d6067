"""The terminal door: ``python -m nnlessons list | lab | editions | train | check | slides | site``.

    python -m nnlessons list                                  # the lesson map
    python -m nnlessons lab                                   # JupyterLab on the learner edition
    python -m nnlessons editions 03 04 --out kit              # a class kit: student edition, grading
    python -m nnlessons train --layers 128,64 --epochs 5 --data mnist
    python -m nnlessons check                                 # is this machine ready?
    python -m nnlessons slides 05                             # an offline slide deck of lesson 05
    python -m nnlessons site --out site                       # the course website, built offline

This module is only the door: the parser, and how a command's failure becomes an exit status.
Each command lives in a module of ``commands/`` (found there, not listed here; see that package's
docstring to add one). Bad arguments print the usage and a one-line reason and exit with status 2;
a command that runs and fails exits with status 1. Each command imports what it needs when it
runs, so ``import nnlessons`` still loads NumPy only.
"""
import argparse
import importlib
import pkgutil
import sys
import types
from pathlib import Path

from . import commands
from .commands.args import CommandFailed, UsageError


def command_modules():
    """Every module of ``commands/`` that defines ``register``, in ``ORDER``."""
    found = [importlib.import_module(f"{commands.__name__}.{info.name}")
             for info in pkgutil.iter_modules(commands.__path__)]
    return sorted((m for m in found if hasattr(m, "register")), key=lambda m: (m.ORDER, m.__name__))


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m nnlessons",
        description="nnlessons from the terminal: the lesson map, JupyterLab, training runs, "
                    "an environment check and offline slide decks.")
    parser.add_argument("--version", action="version", version=f"nnlessons {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    notebooks = argparse.ArgumentParser(add_help=False)
    notebooks.add_argument("--notebooks", type=Path, metavar="DIR",
                           help="lesson folder (default: notebooks/ of this checkout)")
    common = types.SimpleNamespace(notebooks=notebooks)
    for module in command_modules():
        module.register(sub, common)
    return parser


def _version():
    from .. import __version__
    return __version__


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    from ..errors import TrainingDiverged
    from .lessons import LessonsNotFound
    try:
        return args.func(args)
    except UsageError as err:
        parser.error(str(err))  # the usage and the reason, exit status 2
    except (CommandFailed, LessonsNotFound, TrainingDiverged, ValueError) as err:
        print(f"nnlessons {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nnnlessons {args.command}: interrupted", file=sys.stderr)
        return 130
