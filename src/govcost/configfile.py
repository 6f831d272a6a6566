"""Reading the small files people write by hand (settings, mappings, rules, scenarios, key tables):
their text in whatever encoding a Japanese office saves, and YAML with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govcost.errors import InputError
from govcost.ingest.source import ENCODINGS


def read_text(path: Path | str) -> str:
    """The file's text: UTF-8 (with or without BOM) or CP932, whichever decodes it."""
    p = Path(path)
    if not p.is_file():
        raise InputError("input.not_found", file=str(p))
    raw = p.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("input.encoding", file=str(p))


def read_yaml(path: Path | str) -> Any:
    """The YAML document of a file (an empty file is an empty mapping)."""
    import yaml

    text = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError("settings.bad_yaml", file=str(path), found=str(exc).splitlines()[0]) from exc
    return {} if data is None else data
