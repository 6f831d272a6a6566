"""The colours the Python side gives chart marks (the stylesheet, static/app.css, has the page's;
static/charts.js the palette of the traces without a colour of their own, the white background and
the text colour). Every chart mark stands at least 3:1 against that background, as WCAG 2.1 asks of
graphical objects (1.4.11); tests/web/test_accessibility.py checks the colours the pages draw."""

from __future__ import annotations

#: Forecast months beside the actual ones (a lighter blue, still 3.4:1 on white).
FORECAST = "#6b8fb3"
#: The budget line.
BUDGET = "#b35900"
#: Reference lines of the before/after targets: the national one and the group's.
NATIONAL_TARGET = "#b00020"
OWN_TARGET = "#1a6b00"
