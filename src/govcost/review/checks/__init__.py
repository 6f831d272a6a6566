"""review/checks."""
