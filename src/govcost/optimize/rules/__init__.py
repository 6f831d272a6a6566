"""optimize/rules."""
