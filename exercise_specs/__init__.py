"""The specifications of the course's exercises (cases, typical mistakes, hints), one module per
lesson, and ``build.py``, which turns them and the notebooks' reference solutions into the data the
package's checkers read. Not part of the installed package."""
