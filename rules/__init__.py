"""warrantwise's rules core: pure Python, no terminal I/O.

    from rules import Encounter, evaluate
    decision = evaluate(Encounter(jurisdiction="pg-county", ncic_text="..."), now=now)
"""

from .engine import decide, evaluate
from .errors import InputError, PackError
from .models import Decision, Encounter
from .ncic import read_ncic

__all__ = ["Decision", "Encounter", "InputError", "PackError", "decide", "evaluate", "read_ncic"]
