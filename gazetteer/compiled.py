"""The guard against compiled modules older than their sources (editable installs).

The name lookups of ``gazetteer`` and the modules of ``extract`` are compiled with mypyc when
movemap is installed (see setup.py). An editable install keeps the compiled modules beside their
sources, where Python imports them first: one older than its source would run code that is no
longer there, so importing either package refuses that and says how to rebuild. This module
stays plain Python: it must run before any compiled one is imported.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__all__ = ["refuse_stale", "stale_compiled_modules"]


def stale_compiled_modules(folder: Path) -> list[str]:
    """The sources in ``folder`` that changed after they were compiled."""
    if folder.parent.name in ("site-packages", "dist-packages"):
        return []  # installed from a wheel: compiled from exactly these sources
    stale = []
    for compiled in folder.iterdir():
        # The suffixes go from the most particular (".cpython-311-x86_64-linux-gnu.so") on.
        suffix = next((s for s in EXTENSION_SUFFIXES if compiled.name.endswith(s)), None)
        if suffix is None:
            continue
        source = compiled.with_name(compiled.name.removesuffix(suffix) + ".py")
        if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
            stale.append(source.name)
    return sorted(stale)


def refuse_stale(folder: Path) -> None:
    """Raise ImportError naming the sources in ``folder`` edited after they were compiled."""
    if stale := stale_compiled_modules(folder):
        raise ImportError(
            f"{folder.name}/{', '.join(stale)} changed after movemap compiled it: run "
            f"`pip install -e .` again to compile it, or delete {folder.name}/*.so to run the "
            "sources uncompiled"
        )
