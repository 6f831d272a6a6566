"""govcost: one exact cost ledger for municipalities on the Government Cloud."""

__version__ = "0.1.0"
