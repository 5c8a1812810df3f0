"""Great Expectations suites as code, one per dataset, and the glue that turns a
validation into a Dagster asset check result."""

import gc
import sys
from types import ModuleType


def import_gx() -> ModuleType:
    """``great_expectations``, imported the first time with Python's cyclic garbage collector paused.

    GX is imported where it is first needed, not at module top level (it costs seconds and every Dagster run
    re-imports the code location). Its import creates enough objects to set off full collections, each of which
    walks everything the process holds (Dagster, Polars, the run): 4 of them, ≈ 0.5 s of the ≈ 2.2 s import.
    Modules and their classes are not garbage; collection resumes when the import ends.
    """
    if "great_expectations" not in sys.modules:
        paused = gc.isenabled()
        gc.disable()
        try:
            import great_expectations  # noqa: F401
        finally:
            if paused:
                gc.enable()
    return sys.modules["great_expectations"]
