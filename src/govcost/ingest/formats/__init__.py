"""One module per input format; each registers itself in IMPORTERS."""
