"""Build: everything is in pyproject.toml except compiling ``extract/`` and the gazetteer's
lookups with mypyc.

Reading articles is movemap's hot loop (thousands of articles a run), and it is plain typed
Python; mypyc (part of mypy) compiles those modules to C extensions at install time, which makes
``movemap extract`` about a quarter faster with the same code and the same output (the gazetteer
modules it calls for every new name: a few per cent more). The modules stay importable as plain
Python: set ``MOVEMAP_PURE_PYTHON=1`` when installing to skip the compiler (no C compiler on the
machine, or stepping through the code with a debugger).

An editable install (``pip install -e .``) builds the extensions next to the sources, where they
take precedence over the ``.py`` files; importing ``extract`` or ``gazetteer`` refuses a compiled
module older than its source (``gazetteer/compiled.py``), so an edit is never silently ignored:
install again after editing, or delete ``extract/*.so`` and ``gazetteer/*.so`` to work on the
sources uncompiled.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# Every module of extract/ but the package's own __init__ (which checks the compiled ones), and
# the gazetteer modules a name lookup runs through.
COMPILED = sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "extract").glob("*.py")
    if path.name != "__init__.py"
) + [f"gazetteer/{name}.py" for name in ("gazetteer", "normalize", "place", "query")]


def _extensions() -> list[object]:
    if os.environ.get("MOVEMAP_PURE_PYTHON") or "egg_info" in sys.argv or "sdist" in sys.argv:
        return []
    from mypyc.build import mypycify

    # The build environment holds none of the dependencies' type information: mypy takes their
    # imports as untyped here. The strict checking that guards the code is `mypy .`, with
    # pyproject.toml's settings, in the test command.
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write("[mypy]\nignore_missing_imports = True\n")
    try:
        return list(
            mypycify(["--config-file", config.name, *COMPILED], group_name="movemap_compiled")
        )
    finally:
        Path(config.name).unlink()


class _BuildOrFallBack(build_ext):
    """Compile the extensions, or, when this machine cannot (no C compiler, no Python headers),
    say so and install the same modules as plain Python."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # setuptools raises its own or distutils' compiler errors
            print(
                f"movemap: could not compile extract/ and gazetteer/ ({error}); installing them "
                "as plain Python",
                file=sys.stderr,
            )


os.chdir(ROOT)
setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildOrFallBack})
