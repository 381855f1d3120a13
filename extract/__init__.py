"""Article files -> clean text, metadata, place mentions, movements with evidence.

The modules of this package are compiled with mypyc when movemap is installed (see setup.py).
An editable install keeps the compiled modules beside their sources, where Python imports them
first: one older than its source would run code that is no longer there, so importing the
package refuses that and says how to rebuild.

mypyc compiles a dataclass's own methods but not the ``__init__`` that ``@dataclass`` writes at
run time (mypyc/mypyc#671): that one stays interpreted, and building a frozen instance through it
costs about 0.7 µs, against 0.04 µs compiled. The classes made many times an article (mentions,
paragraphs, citations) therefore write their ``__init__`` out; a test keeps each in step with the
fields. Module constants are declared ``Final``, which lets mypyc read them from C variables
rather than look them up in the module's dict at every use.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path


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


if _stale := stale_compiled_modules(Path(__file__).parent):
    raise ImportError(
        f"extract/{', '.join(_stale)} changed after movemap compiled it: run `pip install -e .` "
        "again to compile it, or delete extract/*.so to run the sources uncompiled"
    )
