"""Importers: one module per input format under ``formats/``, registered in :data:`IMPORTERS`.

The stages are visible in the layout: detect (``source.py``) → read → map → validate
(``costs.py``) → write and reconcile (``pipeline.py``).
"""
