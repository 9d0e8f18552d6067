"""What every command shares: argument types that say what they expected and what they got, and
the two ways a command stops (``CommandFailed``: exit 1; ``UsageError``: the usage, exit 2)."""
import argparse


class CommandFailed(Exception):
    """A command ran and could not do its job: the message says why and what to do."""


class UsageError(Exception):
    """The arguments parse but do not go together: ``cli.main`` prints the usage and exits 2."""


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value}")
    return value


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def layer_sizes(text):
    """'128,64' -> (128, 64); '' or 'none' -> () (no hidden layer)."""
    if text.strip().lower() in ("", "none"):
        return ()
    parts = [p.strip() for p in text.split(",")]
    if not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes as positive whole numbers separated by commas, "
            f"like 128,64, got '{text}'")
    return tuple(int(p) for p in parts)


def port(text):
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, got {value}")
    return value
