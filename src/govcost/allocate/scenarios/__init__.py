"""allocate/scenarios: one module per kind of scenario step, registered in
:data:`govcost.allocate.scenario.KINDS` under its kebab-case key (the module's name)."""
