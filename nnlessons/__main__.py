"""``python -m nnlessons``: the terminal door to the course (see nnlessons.course.cli)."""
from .course.cli import main

raise SystemExit(main())
