"""``python -m nnlessons``: the terminal door to the course (see nnlessons.cli)."""
from .cli import main

raise SystemExit(main())
