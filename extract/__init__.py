"""Article files -> clean text, metadata, place mentions, movements with evidence.

The modules of this package are compiled with mypyc when movemap is installed (see setup.py);
importing it refuses compiled modules older than their sources (see gazetteer.compiled).

mypyc compiles a dataclass's own methods but not the ``__init__`` that ``@dataclass`` writes at
run time (mypyc/mypyc#671): that one stays interpreted, and building a frozen instance through it
costs about 0.7 µs, against 0.04 µs compiled. The classes made many times an article (mentions,
paragraphs, citations) therefore write their ``__init__`` out; a test keeps each in step with the
fields. Module constants are declared ``Final``, which lets mypyc read them from C variables
rather than look them up in the module's dict at every use.
"""

from __future__ import annotations

from pathlib import Path

from gazetteer.compiled import refuse_stale

refuse_stale(Path(__file__).parent)
