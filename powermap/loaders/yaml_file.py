"""The YAML loader: a hand-written account file, with the line of every value kept.

PyYAML's parser (libyaml's, in C, when installed) reads the file into events; this module
composes them into small nodes of its own and turns the nodes into plain values itself, so
that it can (1) record the line of each value, (2) resolve scalars the way people expect
(``007`` and ``2026-11-02`` stay text; ``yes``/``no`` are not booleans), (3) refuse alias
bombs and recursive aliases instead of exhausting memory, and (4) report duplicate keys, which
YAML would otherwise drop silently.

The nodes are composed as PyYAML's own composer would (the same tags, anchors and errors) but
hold only a tag, a value and a line: PyYAML's nodes carry two position objects each, and for
a 50,000-person file (11.7 MB) they took about 580 MB before a single value was made; these
take about half, and loading the file peaked at 590 MB instead of 850 MB, in the same time.
While the nodes are composed, the records of the tables are counted, so a file of more
records than the size limit allows is refused at the first one over it, before the rest of
it is read.

A key typed with a Chinese input method's full-width colon (``title：调度中心副主任``) is no key
to YAML: the line reads as text and the parser fails on the line after it. When the text does
not parse, the line with such a key nearest before the failure is read with an ASCII colon
(``title: 调度中心副主任``) and the text is parsed again, up to :data:`_COLON_RETRIES` times; a
text that parses is never changed, so a colon inside notes stays as typed.

An alias repeats what its anchor holds: every value it repeats counts against
:data:`ALIAS_EXPANSION_LIMIT`, and every character of text it repeats (values and keys)
against the size limit (:mod:`~powermap.loaders.limits`), so that a file with its aliases
expanded is held to the limit a file is. One string of a megabyte aliased two thousand times
is two gigabytes of text to everything that reads the account after the loader. Where a value
is an alias, the composed node keeps the alias's line as well as its anchor's node, so that an
error about what the alias repeats names the alias, not its anchor.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..errors import AccountError, Capped, Location
from ..i18n import N_, say
from ..model import TABLES, AccountMap
from ..model.values import BadNumber
from .build import build_account
from .limits import RAISE_HINT, max_input_bytes, max_input_mb, max_records, records_over_limit
from .source import Shadow, TreeSource
from .text import read_text

__all__ = ["load_yaml", "read_yaml", "parse_yaml"]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases may repeat up to this many values beyond the document itself before it is refused.
ALIAS_EXPANSION_LIMIT = 100_000

# Keys up to this long are not followed as possible aliases (see _Converter.repeated_key).
_SHORT_KEY = 64

_TAG = "tag:yaml.org,2002:"


_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + name for name in ("str", "null", "bool", "int", "float"))
_SEQ, _MAP, _MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader with YAML 1.2-style plain scalars: null, true/false, decimal numbers."""

    yaml_implicit_resolvers: dict = {}

    # Asked for the tag of every scalar without one (1.5 million for 50,000 people). PyYAML's
    # own version looks for path resolvers, which this loader has none of, and copies two
    # lists per scalar; this gives the same tags.
    def resolve(self, kind, value, implicit) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain (unquoted): null, bool, int or float by its first character
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+.0123456789"),
)
_Loader.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])


class _Node:
    """A composed node: its tag, its value (text, a list of nodes, or a list of key and value
    nodes) and the line it starts on (from 1)."""

    __slots__ = ("tag", "value", "line")

    def __init__(self, tag: str | None, value: Any, line: int):
        self.tag, self.value, self.line = tag, value, line


class _Scalar(_Node):
    __slots__ = ()


class _Sequence(_Node):
    __slots__ = ()


class _Mapping(_Node):
    __slots__ = ()


class _Alias(_Node):
    """An alias where a value is expected: ``value`` is the node of its anchor and ``line`` is
    the alias's own line, where an error about what it repeats points."""

    __slots__ = ()


_COUNTED = frozenset(TABLES) - {"account"}  # the tables whose items are records


def _compose(loader: _Loader, shown: str) -> _Node | None:
    """The single document of the stream as nodes (``None`` when there is none), composed from
    the parser's events as PyYAML's composer composes them, with the same errors.

    The items of the tables' lists are counted as they come (with the account, as
    :func:`~powermap.loaders.build.build_account` counts records), and the first one over
    :func:`~powermap.loaders.limits.max_records` raises :class:`AccountError` at its line.
    """
    get_event, resolve = loader.get_event, loader.resolve
    get_event()  # the stream's start
    if get_event().__class__ is StreamEndEvent:  # else the document's start
        return None
    anchors: dict[str, _Node] = {}
    most = max_records() - 1  # the account is one record
    counted = 0
    # The collection being filled (None: the document itself), whether it is a mapping, its
    # key waiting for a value, and whether its items are records; and the same four for each
    # collection it is in.
    items, mapping, key, records = None, False, None, False
    stack: list[tuple] = []
    root = None
    while True:
        event = get_event()
        kind = event.__class__
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            items, mapping, key, records = stack.pop()
            if items is None:
                break
            continue
        if kind is AliasEvent:
            node = anchors.get(event.anchor)
            if node is None:
                raise ComposerError(None, None, "found undefined alias", event.start_mark)
            if not mapping or key is not None:  # an item or a value, not a key: keep its line
                node = _Alias(None, node, event.start_mark.line + 1)
        else:
            anchor = event.anchor
            if anchor is not None and anchor in anchors:
                raise ComposerError("found duplicate anchor; first occurrence", None, "second occurrence",
                                    event.start_mark)
            line = event.start_mark.line + 1
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                node = _Scalar(tag, event.value, line)
            else:  # a sequence or a mapping starts (its tag is not used)
                node = (_Sequence if kind is SequenceStartEvent else _Mapping)(event.tag, [], line)
            if anchor is not None:
                anchors[anchor] = node
        counts = False  # whether this is the list of a table, whose items are records
        if items is None:
            root = node
        elif not mapping:
            if records:
                counted += 1
                if counted > most:
                    raise records_over_limit(Location(shown, line=node.line))
            items.append(node)
        elif key is None:
            key = node
        else:
            counts = (len(stack) == 1 and key.__class__ is _Scalar and key.value in _COUNTED)
            items.append((key, node))
            key = None
        if kind is SequenceStartEvent or kind is MappingStartEvent:
            stack.append((items, mapping, key, records))
            items, mapping, key, records = node.value, kind is MappingStartEvent, None, counts
        elif items is None:  # the document is a scalar
            break
    get_event()  # the document's end
    event = get_event()
    if event.__class__ is not StreamEndEvent:
        raise ComposerError("expected a single document in the stream", None, "but found another document",
                            event.start_mark)
    return root


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class _Converter:
    """Nodes to plain values plus a shadow of line numbers; collects duplicate-key issues.

    Every node is counted once: a node met again is an alias, and aliases may repeat at
    most :data:`ALIAS_EXPANSION_LIMIT` values and ``characters`` characters of text (the
    values and the keys of what they repeat); a node met inside itself is a recursive
    alias. Scalars (most of a file) are converted in the loops over their collection, not
    by a call each, and the path of a value is only kept for collections (for messages).
    """

    def __init__(self, shown: str, characters: int):
        self.shown = shown
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.budget = ALIAS_EXPANSION_LIMIT
        self.characters = characters
        self.repeating = 0  # how deep inside a collection met again (whose keys are repeated too)
        self.duplicates: Capped[tuple[tuple, int, int]] = Capped()  # (path, line, first line)

    def again(self, node: _Node, line: int | None = None) -> None:
        """A node met before: an alias, counted against the budgets (or a recursive one).
        ``line`` is the alias's line; without one (a node inside a collection met again) the
        node's own line is given."""
        line = line or node.line
        if id(node) in self.active:
            raise _Refused(line, say("a YAML alias refers to the collection that contains it (recursive alias)"))
        self.budget -= 1
        if self.budget < 0:
            raise _Refused(
                line,
                say("YAML aliases expand to more than {count:,} extra values; refusing (alias bomb?)",
                    count=ALIAS_EXPANSION_LIMIT),
            )
        if node.__class__ is _Scalar:
            self.repeat_text(len(node.value), line)

    def repeat_text(self, characters: int, line: int) -> None:
        """``characters`` of text repeated by an alias, counted against the size limit."""
        self.characters -= characters
        if self.characters < 0:
            raise _Refused(
                line,
                say("YAML aliases repeat so much text that the file would be over the {limit:,} MB limit for an "
                    "account file (alias bomb?); {hint}", limit=max_input_mb(), hint=RAISE_HINT),
            )

    def convert(self, node: _Node, path: tuple = ()) -> tuple[Any, Shadow]:
        """The value of ``node`` (at ``path`` in the document) and its shadow."""
        alias = None
        if node.__class__ is _Alias:  # the anchor's node, at the anchor's line; the alias's line for errors
            alias, node = node.line, node.value
        key = id(node)
        repeated = key in self.seen
        if repeated:
            self.again(node, alias)
        else:
            self.seen.add(key)
        line = node.line
        if node.__class__ is _Scalar:
            tag = node.tag
            return (node.value if tag == _STR else self.scalar(node)), (line, None)
        self.active.add(key)
        self.repeating += repeated
        try:
            if node.__class__ is _Sequence:
                return self.sequence(node, line, path)
            return self.mapping(node, line, path)
        finally:
            self.active.discard(key)
            self.repeating -= repeated

    def sequence(self, node: _Sequence, line: int, path: tuple) -> tuple[list, Shadow]:
        values: list = []
        shadows: list[Shadow] = []
        seen = self.seen
        for index, item in enumerate(node.value):
            if item.__class__ is _Scalar:
                key = id(item)
                if key in seen:
                    self.again(item)
                else:
                    seen.add(key)
                values.append(item.value if item.tag == _STR else self.scalar(item))
                shadows.append((item.line, None))
            else:
                value, shadow = self.convert(item, path + (index,))
                values.append(value)
                shadows.append(shadow)
        return values, (line, shadows)

    def mapping(self, node: _Mapping, line: int, path: tuple) -> tuple[dict, Shadow]:
        values: dict[str, Any] = {}
        shadows: dict[str, Shadow] = {}
        merged: dict[str, tuple[Any, Shadow]] = {}
        seen = self.seen
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                for name, pair in self.merge_sources(value_node, path):
                    merged.setdefault(name, pair)
                continue
            if key_node.__class__ is not _Scalar:
                raise _Refused(key_node.line, say("a mapping key must be a plain name, not a list or mapping"))
            name = key_node.value
            key_line = key_node.line
            if self.repeating or len(name) > _SHORT_KEY:
                self.repeated_key(key_node, key_line)
            if name in values:
                self.duplicates.add(lambda: (path + (name,), key_line, shadows[name][0]))
            if value_node.__class__ is _Scalar:
                key = id(value_node)
                if key in seen:
                    self.again(value_node, key_line)
                else:
                    seen.add(key)
                values[name] = value_node.value if value_node.tag == _STR else self.scalar(value_node)
                shadows[name] = (key_line, None)
            else:
                value, shadow = self.convert(value_node, path + (name,))
                values[name] = value
                shadows[name] = (key_line, shadow[1])
        for name, (value, shadow) in merged.items():
            if name not in values:
                values[name], shadows[name] = value, shadow
        return values, (line, shadows)

    def repeated_key(self, node: _Scalar, line: int) -> None:
        """A key inside a collection met again, or a long key, which an alias may repeat (a
        short key repeated by an alias costs little more than the alias itself)."""
        key = id(node)
        if self.repeating or key in self.seen:
            self.repeat_text(len(node.value), line)
        else:
            self.seen.add(key)

    def merge_sources(self, node: _Node, path: tuple):
        target = node.value if node.__class__ is _Alias else node
        sources = target.value if target.__class__ is _Sequence else [node]
        for source in sources:
            value, shadow = self.convert(source, path)
            if not isinstance(value, dict):
                raise _Refused(source.line, say("a merge key '<<' takes a mapping or a list of mappings"))
            for name in value:
                yield name, (value[name], shadow[1][name])

    def scalar(self, node: _Scalar) -> Any:
        tag, text = node.tag, node.value
        try:
            if tag == _STR:
                return text
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return text.lower() == "true"
            if tag == _INT:
                try:
                    return int(text.replace("_", ""))
                except ValueError:  # longer than Python reads: the field reports it
                    return BadNumber(text)
            if tag == _FLOAT:
                number = float(text)
                return number if number - number == 0.0 else BadNumber(text)  # 1e400
        except ValueError:
            raise _Refused(node.line, say("{value} is not a valid {kind}", value=repr(text), kind=tag.rsplit(":", 1)[-1])) from None
        raise _Refused(node.line, say("unsupported YAML tag {tag}; write plain values", tag=repr(tag)))


_COLON_RETRIES = 100
# A key (no space, colon or quote in it) and a full-width colon, at the start of a line or of
# a sequence item.
_FULL_WIDTH_KEY = re.compile(r"^([ \t]*(?:-[ \t]+)?[^\s:：#'\"{}\[\],]{1,40}?)[ \t]*：[ \t]*")


def _full_width_key(lines: list[str], line: int) -> int | None:
    """The line (0-based) of a key with a full-width colon at or just before ``line``."""
    for candidate in range(min(line, len(lines) - 1), max(-1, line - 3), -1):
        if _FULL_WIDTH_KEY.match(lines[candidate]):
            return candidate
    return None


def _compose_text(text: str, shown: str) -> _Node | None:
    """The text's nodes; a key with a full-width colon is read with an ASCII one when the text
    does not parse as it is (see the module's notes)."""
    lines: list[str] | None = None
    for _ in range(_COLON_RETRIES):
        loader = _Loader(text)
        try:
            return _compose(loader, shown)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            lines = lines or text.split("\n")
            culprit = None if mark is None else _full_width_key(lines, mark.line)
            if culprit is None:
                raise  # the error left once the full-width keys before it are read
            lines[culprit] = _FULL_WIDTH_KEY.sub(r"\1: ", lines[culprit], count=1)
            text = "\n".join(lines)
        finally:
            loader.dispose()
    loader = _Loader(text)
    try:
        return _compose(loader, shown)
    finally:
        loader.dispose()


def parse_yaml(text: str, shown: str) -> tuple[Any, TreeSource]:
    """A YAML text as a plain document and the source that locates its values."""
    try:
        node = _compose_text(text, shown)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        problem = say(problem) if problem in _PROBLEMS else problem  # the parser's own words otherwise
        raise AccountError.single(Location(shown, line=line), say("YAML syntax error: {problem}", problem=problem)) from None
    except yaml.YAMLError as error:
        raise AccountError.single(Location(shown), say("YAML error: {problem}", problem=_one_line(error))) from None
    except RecursionError:
        raise AccountError.single(Location(shown), say("YAML nested too deeply to read")) from None
    if node is None:
        return None, TreeSource(shown, None)
    converter = _Converter(shown, max(0, max_input_bytes() - len(text)))
    try:
        doc, shadow = converter.convert(node)
    except _Refused as refused:
        raise AccountError.single(Location(shown, line=refused.line), refused.message) from None
    except RecursionError:
        raise AccountError.single(Location(shown), say("YAML nested too deeply to read")) from None
    source = TreeSource(shown, shadow)
    source.add_duplicate_keys(doc, converter.duplicates, "YAML")
    return doc, source


# The YAML parser's (libyaml's, or PyYAML's) usual words for a syntax error, said in the
# reader's language; any other is quoted as the parser says it.
_PROBLEMS = frozenset({
    N_("invalid YAML"),
    N_("could not find expected ':'"),
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("found character that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("block sequence entries are not allowed in this context"),
    N_("found a tab character that violates indentation"),
    N_("found unknown escape character"),
    N_("found undefined alias"),
    N_("but found another document"),
    N_("second occurrence"),
})


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def read_yaml(path: Path, shown: str) -> tuple[Any, TreeSource]:
    """The file as a plain document and the source that locates its values (not validated)."""
    return parse_yaml(read_text(path, shown), shown)


def load_yaml(path: Path, shown: str) -> tuple[AccountMap, TreeSource]:
    doc, source = read_yaml(path, shown)
    return build_account(doc, source), source


def count_comments(text: str) -> int:
    """How many comments a YAML text holds: each ``#`` outside a value that starts a line or
    follows a space (what YAML reads as a comment). 0 for a text that does not scan."""
    scalars: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                scalars.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return 0
    count, at = 0, 0
    for position in (match.start() for match in re.finditer("#", text)):
        while at < len(scalars) and scalars[at][1] <= position:
            at += 1
        inside = at < len(scalars) and scalars[at][0] <= position
        if not inside and (position == 0 or text[position - 1] in " \t\n\r"):
            count += 1
    return count
