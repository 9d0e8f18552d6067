"""nbcheck: the project's pytest plugin on top of nbval (issue 15). Not part of the package.

It changes how nbval compares a re-executed cell with the stored one, nothing else:

- mode.py     strict or tolerant, chosen by comparing the installed versions with requirements/lock.txt
- tolerance.py numbers in text outputs compared with a tolerance per kind (tolerant mode only)
- figures.py  every stored PNG compared with the re-executed one (RMS), diff images on failure
- plugin.py   the pytest hooks: options, the header line, the comparison wrapped around nbval's

Registered by the root conftest.py (``pytest_plugins = ["nbcheck.plugin"]``), or by hand with
``python -m pytest -p nbcheck.plugin --nbval ...`` when the repository root is on sys.path.
"""
