"""The loader of the NBA pipeline's files (contract: the data directory's README).

`load_directory(path)` validates every file first and writes in one transaction;
`LoadError` names the file, line and reason of what is wrong. See `service` for the
flow, `changes` for the rules, `replay` for moving a past season onto today.
"""

from courtside.loader.errors import LoadError, Problem
from courtside.loader.service import LoadReport, load_directory

__all__ = ["LoadError", "LoadReport", "Problem", "load_directory"]
