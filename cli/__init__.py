"""warrantwise's command-line interface: gathers facts, calls `rules`, renders the answer."""

__version__ = "0.1.0"
