"""The YAML loader: a hand-written account file, with the line of every value kept.

PyYAML composes the file into nodes (with libyaml's C parser when installed); this module turns
nodes into plain values itself so that it can (1) record the line of each value, (2) resolve
scalars the way people expect (``007`` and ``2026-11-02`` stay text; ``yes``/``no`` are not
booleans), (3) refuse alias bombs and recursive aliases instead of exhausting memory, and
(4) report duplicate keys, which YAML would otherwise drop silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import AccountError, Location
from ..model import AccountMap
from .build import build_account
from .source import Shadow, TreeSource
from .text import read_text

__all__ = ["load_yaml", "parse_yaml"]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases may repeat up to this many values beyond the document itself before it is refused.
ALIAS_EXPANSION_LIMIT = 100_000

_TAG = "tag:yaml.org,2002:"


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader with YAML 1.2-style plain scalars: null, true/false, decimal numbers."""

    yaml_implicit_resolvers: dict = {}


_Loader.add_implicit_resolver(_TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_TAG + "int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _TAG + "float",
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+.0123456789"),
)
_Loader.add_implicit_resolver(_TAG + "merge", re.compile(r"^<<$"), ["<"])


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class _Converter:
    """Nodes to plain values plus a shadow of line numbers; collects duplicate-key issues."""

    def __init__(self, shown: str):
        self.shown = shown
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.budget = ALIAS_EXPANSION_LIMIT
        self.path: list = []
        self.duplicates: list[tuple[tuple, int, int]] = []  # (path, line, first line)

    def convert(self, node: yaml.Node) -> tuple[Any, Shadow]:
        line = node.start_mark.line + 1
        key = id(node)
        if key in self.active:
            raise _Refused(line, "a YAML alias refers to the collection that contains it (recursive alias)")
        if key in self.seen:
            self.budget -= 1
            if self.budget < 0:
                raise _Refused(
                    line,
                    f"YAML aliases expand to more than {ALIAS_EXPANSION_LIMIT:,} extra values; refusing (alias bomb?)",
                )
        self.seen.add(key)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node), (line, None)
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                pairs = [self.within(index, item) for index, item in enumerate(node.value)]
                return [value for value, _ in pairs], (line, [shadow for _, shadow in pairs])
            return self.mapping(node, line)
        finally:
            self.active.discard(key)

    def within(self, key: Any, node: yaml.Node) -> tuple[Any, Shadow]:
        """Convert a value inside the current one, keeping the path for messages."""
        self.path.append(key)
        try:
            return self.convert(node)
        finally:
            self.path.pop()

    def mapping(self, node: yaml.MappingNode, line: int) -> tuple[dict, Shadow]:
        values: dict[str, Any] = {}
        shadows: dict[str, Shadow] = {}
        merged: dict[str, tuple[Any, Shadow]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                for name, pair in self.merge_sources(value_node):
                    merged.setdefault(name, pair)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, "a mapping key must be a plain name, not a list or mapping")
            name = key_node.value
            key_line = key_node.start_mark.line + 1
            if name in values:
                self.duplicates.append((tuple(self.path) + (name,), key_line, shadows[name][0]))
            value, shadow = self.within(name, value_node)
            values[name] = value
            shadows[name] = (key_line, shadow[1])
        for name, (value, shadow) in merged.items():
            if name not in values:
                values[name], shadows[name] = value, shadow
        return values, (line, shadows)

    def merge_sources(self, node: yaml.Node):
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            value, shadow = self.convert(source)
            if not isinstance(value, dict):
                raise _Refused(source.start_mark.line + 1, "a merge key '<<' takes a mapping or a list of mappings")
            for name in value:
                yield name, (value[name], shadow[1][name])

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        try:
            if tag == _TAG + "str":
                return text
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                return text.lower() == "true"
            if tag == _TAG + "int":
                return int(text.replace("_", ""))
            if tag == _TAG + "float":
                return float(text)
        except ValueError:
            raise _Refused(node.start_mark.line + 1, f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}") from None
        raise _Refused(node.start_mark.line + 1, f"unsupported YAML tag {tag!r}; write plain values")


def parse_yaml(text: str, shown: str) -> tuple[Any, TreeSource]:
    """A YAML text as a plain document and the source that locates its values."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise AccountError.single(Location(shown, line=line), f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise AccountError.single(Location(shown), f"YAML error: {_one_line(error)}") from None
    except RecursionError:
        raise AccountError.single(Location(shown), "YAML nested too deeply to read") from None
    finally:
        loader.dispose()
    if node is None:
        return None, TreeSource(shown, None)
    converter = _Converter(shown)
    try:
        doc, shadow = converter.convert(node)
    except _Refused as refused:
        raise AccountError.single(Location(shown, line=refused.line), refused.message) from None
    except RecursionError:
        raise AccountError.single(Location(shown), "YAML nested too deeply to read") from None
    source = TreeSource(shown, shadow)
    source.add_duplicate_keys(doc, converter.duplicates, "YAML")
    return doc, source


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def load_yaml(path: Path, shown: str) -> tuple[AccountMap, TreeSource]:
    doc, source = parse_yaml(read_text(path, shown), shown)
    return build_account(doc, source), source
