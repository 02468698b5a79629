"""A what-if as a pair of power maps: the account before and after a scenario
(``powermap simulate FILE ... --map OUT``).

Design choices, and why:

- **Two maps of the one model.** Each side is an ordinary :func:`~.map_model.build_map` of
  one state of the account (the simulation's own ``before`` and ``after`` accounts), so the
  pair shows exactly what ``powermap map`` would show of each, drawn by the same page and
  image code.
- **A person sits in the same place in both.** The layout is computed once, for the before
  map (same layout and seed), and the after map takes every position from it. Laying the
  after account out afresh could move people (key persons are spaced apart in the force
  layout, and a changed department or line moves a card in the org chart), and the eye
  would read the move as a change.
- **What changed is marked in the after map.** A stakeholder whose stance, key-person rank,
  coverage (level, or who reaches them) or standing as an ignored risk differs between the
  two maps, or whom the scenario names, gets the ``"changed"`` mark (``marks``), the
  ``changed`` badge under the name and ``changed``: what moved, ``{"what", "from", "to"}``
  with ``what`` one of ``stance``, ``key_rank``, ``coverage``, ``risk``, ``scenario``. The
  page and the still image draw the mark as a dashed magenta ring around the person, and
  their legends explain it (``words.ui.changed_mark``) when someone carries it.
- **HTML: one page, two frames.** The page holds each map's own page (:func:`.html_map.render_html`)
  in a sandboxed ``<iframe srcdoc>`` (scripts only, no same origin), side by side under their
  titles, with what moved listed below. Each map keeps everything the single map does
  (search, panel, routes) and neither page's script can reach the other; the outer page runs
  no script of its own, and its Content-Security-Policy (which the frames inherit) admits
  only the two scripts of the map page, by hash, and no request at all. It is still one
  file that opens offline.
- **PNG/SVG: two pictures, not one with two panels.** ``OUT-before.png`` and
  ``OUT-after.png`` are each a full 16:9 slide (1920 x 1080 by default): put them on two
  slides and flip between them, and only what changed moves. Two panels on one slide would
  halve each map's width and make names unreadable on any account of more than a few people.
  Each picture's title says which it is ("Before", "After: Frank Moreland → supporter").
"""

from __future__ import annotations

import copy
import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PowermapError, UsageError
from ..files import write_output
from ..i18n import N_p, say, text
from ..model import AccountMap

__all__ = ["MapPair", "build_pair", "pair_targets", "write_pair", "render_pair_html", "CHANGED_WHAT"]

CHANGED_WHAT = ("stance", "key_rank", "coverage", "risk", "scenario")
_MOST_CHANGES_SAID = 3  # a title names this many changes, then says how many more

_WORDS = {
    "before": N_p("what-if map", "Before"),
    "after": N_p("what-if map", "After: {changes}"),
    "heading": N_p("what-if map", "{name} – what if"),
    "badge": N_p("what-if map", "changed"),
    "mark": N_p("what-if map", "dashed magenta ring: changed in this what-if (stance, key rank, coverage or risk)"),
    "note": N_p("what-if map", "Each person sits in the same place in both maps; a dashed magenta ring in the after map marks whoever changed."),
    "moved": N_p("what-if", "What moved"),
    "nothing": N_p("what-if map", "Nothing moved in the answers."),
}


@dataclass(frozen=True)
class MapPair:
    """The two maps of a what-if, their titles (in the maps' language) and who changed."""

    before: object  # PowerMap
    after: object  # PowerMap
    titles: tuple[str, str]
    changed: dict[str, list[dict]]  # stakeholder id -> what changed
    moves: tuple[str, ...]  # what moved in the answers, in words


def _said(key: str, lang: str, **fields) -> str:
    return text(say(_WORDS[key], **fields) if fields else _WORDS[key], lang)


def _change_title(change, account: AccountMap, names: dict[str, str], lang: str) -> str:
    """One change in a title: "Frank Moreland → supporter"; other changes as simulate's table
    says them ("Frank Moreland: title = COO", "Alice Chen knows Frank Moreland (close)")."""
    from .whatif import _change_words
    from .words import word

    if change.kind == "set" and change.field == "stance":
        from ..model.enums import ChoiceError, Stance, parse_choice

        try:
            value = word("stance", parse_choice(Stance, change.value).value, lang)
        except ChoiceError:
            value = change.value
        return f"{names.get(_found(account, change.target), change.target)} → {value}"
    return _change_words(change.text, names, lang)


def _found(account: AccountMap, who: str) -> str:
    try:
        return account.find(who)
    except PowermapError:  # a title falls back to the text as written
        return who


def _after_title(changes, account: AccountMap, lang: str) -> str:
    from .whatif import names_of

    names = names_of(account)
    said = [_change_title(change, account, names, lang) for change in changes[:_MOST_CHANGES_SAID]]
    joined = ("；" if lang == "zh" else "; ").join(said)
    if len(changes) > _MOST_CHANGES_SAID:
        more = len(changes) - _MOST_CHANGES_SAID
        joined += f" (+{more})" if lang != "zh" else f"（另{more}项）"
    return _said("after", lang, changes=joined)


def _coverage(node: dict) -> tuple:
    coverage = node.get("coverage") or {}
    return coverage.get("level"), tuple(coverage.get("by") or ())


def _risk(node: dict) -> str | None:
    """How a person stands as a risk on a map: ``"marked"`` (an ignored risk with the risk
    badge and mark, the top five), ``"ignored"`` (an ignored risk further down), ``None``."""
    if "risk" in (node.get("marks") or ()):
        return "marked"
    return "ignored" if node.get("risk") is not None else None


def _what_changed(before: dict, after: dict) -> list[dict]:
    """What moved for one stakeholder between the two maps' nodes."""
    moved = []
    if before["stance"] != after["stance"]:
        moved.append({"what": "stance", "from": before["stance"], "to": after["stance"]})
    if before.get("key_rank") != after.get("key_rank"):
        moved.append({"what": "key_rank", "from": before.get("key_rank"), "to": after.get("key_rank")})
    if _coverage(before) != _coverage(after):
        moved.append({"what": "coverage", "from": (before.get("coverage") or {}).get("level"),
                      "to": (after.get("coverage") or {}).get("level")})
    if _risk(before) != _risk(after):
        moved.append({"what": "risk", "from": _risk(before), "to": _risk(after)})
    return moved


def _targets(account: AccountMap, changes) -> set[str]:
    """The stakeholders the scenario names (as ids)."""
    return {_found(account, change.target) for change in changes}


def _mark(after: dict, changed: dict[str, list[dict]], lang: str) -> None:
    """The changed people of the after map get the mark, the badge and what changed; its
    legend (page and image) gets the mark's words."""
    badge = _said("badge", lang)
    for node in after["nodes"]:
        moved = changed.get(node["id"])
        if not moved or node.get("kind") != "stakeholder":
            continue
        node["changed"] = moved
        node["marks"] = list(node.get("marks") or ()) + ["changed"]
        node["badges"] = list(node.get("badges") or ()) + [badge]
        node["label"] = node["name"] + "\n" + " · ".join(node["badges"])
        node["notable"] = True
    after["words"]["ui"]["changed_mark"] = _said("mark", lang)


def _at_stage(account: AccountMap, stage) -> AccountMap:
    """The account ranked for ``stage`` (``--stage``) instead of its own."""
    if stage is None:
        return account
    return account.model_copy(update={"account": account.account.model_copy(update={"stage": stage})})


def build_pair(before: AccountMap, after: AccountMap, changes, *, stage=None, as_of: dt.date | None = None,
               layout: str = "org", seed: int = 0, lang: str = "en", moves: tuple[str, ...] = (),
               progress: Callable[[str, int, int], None] | None = None, **options) -> MapPair:
    """The maps of ``before`` and ``after`` (a :class:`~powermap.compare.Simulation`'s two
    accounts) in the same places, the changed people marked in the after map.

    ``changes`` are the scenario's (:class:`~powermap.scenario.Change`), for the after map's
    title and the people they name; ``moves`` what moved in the answers, as simulate says it
    (listed under the page's maps). ``options`` go to :func:`~.map_model.build_map`
    (``stale_days``, ``engine``)."""
    from .map_model import build_map

    def told(side: int):
        def step(name: str, done: int, total: int) -> None:
            if progress and done < total:
                progress(name, side * total + done, 2 * total)
        return step

    first = build_map(_at_stage(before, stage), layout=layout, seed=seed, as_of=as_of, lang=lang, progress=told(0),
                      **options)
    lang = first.data["meta"]["lang"]  # "auto" decided once, from the before account, for both maps
    second = build_map(_at_stage(after, stage), layout=layout, seed=seed, as_of=as_of, lang=lang, progress=told(1),
                       **options)
    places = {node["id"]: (node["x"], node["y"]) for node in first.data["nodes"]}
    for node in second.data["nodes"]:
        if node["id"] in places:
            node["x"], node["y"] = places[node["id"]]
    old = {node["id"]: node for node in first.data["nodes"] if node.get("kind") == "stakeholder"}
    changed: dict[str, list[dict]] = {}
    named = _targets(before, changes)
    for node in second.data["nodes"]:
        if node.get("kind") != "stakeholder" or node["id"] not in old:
            continue
        moved = _what_changed(old[node["id"]], node)
        if node["id"] in named:
            moved.append({"what": "scenario", "from": None, "to": None})
        if moved:
            changed[node["id"]] = moved
    _mark(second.data, changed, lang)
    titles = (_said("before", lang), _after_title(list(changes), before, lang))
    if progress:
        progress("done", 1, 1)
    return MapPair(first, second, titles, changed, tuple(text(move, lang) for move in moves))


def pair_targets(output: str | Path) -> tuple[str, list[Path]]:
    """The form and files ``--map OUT`` writes: ``OUT`` (.html/.htm) for a page, else
    ``OUT-before.png`` and ``OUT-after.png`` (or .svg); another ending is a usage error."""
    path = Path(output)
    ending = path.suffix.lower().lstrip(".")
    if ending in ("html", "htm"):
        return "html", [path]
    if ending in ("png", "svg"):
        stem = path.with_suffix("")
        return ending, [stem.with_name(f"{stem.name}-before.{ending}"), stem.with_name(f"{stem.name}-after.{ending}")]
    raise UsageError(say("--map {output}: end it in .html (one page with both maps), .png or .svg (two pictures)",
                         output=str(output)))


def _titled(data: dict, title: str) -> dict:
    """A copy of a map's data whose picture title is ``title`` then the account's name."""
    titled = copy.deepcopy(data)
    meta = titled["meta"]
    name = meta.get("name") or meta.get("account")
    meta["name"] = f"{title} – {name}" if name else title
    return titled


def write_pair(pair: MapPair, output: str | Path, *, inputs: tuple = (), size: tuple[int, int] | None = None) -> list[Path]:
    """Write the pair where :func:`pair_targets` says, each file atomically and never over an
    input; the paths written."""
    form, targets = pair_targets(output)
    if form == "html":
        content = render_pair_html(pair).encode("utf-8")
        write_output(targets[0], lambda path: path.write_bytes(content), overwrite=True, inputs=inputs)
        return targets
    from .static_map import DEFAULT_SIZE, render_static

    for power_map, title, target in zip((pair.before, pair.after), pair.titles, targets):
        content = render_static(_titled(power_map.data, title), form, size or DEFAULT_SIZE)
        write_output(target, lambda path, content=content: path.write_bytes(content), overwrite=True, inputs=inputs)
    return targets


_PAGE_STYLE = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222;background:#fff}
header{padding:8px 14px 4px}
h1{font-size:18px;margin:0 0 2px}
header p{margin:0;font-size:13px;color:#555}
main{display:flex;gap:10px;padding:6px 10px;height:calc(100vh - 150px);min-height:420px}
figure{flex:1 1 0;margin:0;display:flex;flex-direction:column;min-width:0}
figcaption{font-size:16px;font-weight:600;padding:2px 4px 6px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#pm-after figcaption{color:#c51b7d}
iframe{flex:1 1 auto;width:100%;border:1px solid #ccc;border-radius:4px}
section{padding:4px 14px 12px;font-size:13px}
section h2{font-size:14px;margin:4px 0}
section ul{margin:0;padding-left:20px;columns:2 320px}
@media (max-width:900px){main{flex-direction:column;height:auto}iframe{height:80vh}}
"""


def render_pair_html(pair: MapPair) -> str:
    """One page, the two maps side by side (before | after) under their titles, what moved
    below; self-contained and offline (see the module's notes)."""
    from .html_map import _policy, _own_assets, render_html, vis_network_assets
    from .map_style import html_lang

    data = pair.before.data
    meta = data.get("meta", {})
    lang = meta.get("lang", "en")
    heading = _said("heading", lang, name=meta.get("name") or meta.get("account") or "")
    vis_script, _ = vis_network_assets()
    own_script = _own_assets()[2]
    frames = []
    for ident, power_map, title in (("pm-before", pair.before, pair.titles[0]), ("pm-after", pair.after, pair.titles[1])):
        page = render_html(power_map)
        frames.append(f'<figure id="{ident}"><figcaption title="{html.escape(title, quote=True)}">{html.escape(title)}'
                      f'</figcaption><iframe title="{html.escape(title, quote=True)}" sandbox="allow-scripts" '
                      f'srcdoc="{html.escape(page, quote=True)}"></iframe></figure>')
    moves = "".join(f"<li>{html.escape(move)}</li>" for move in pair.moves) or f"<li>{html.escape(_said('nothing', lang))}</li>"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_policy(vis_script, own_script))}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(heading)}</title><style>{_PAGE_STYLE}</style></head>\n"
        f"<body><header><h1>{html.escape(heading)}</h1><p>{html.escape(_said('note', lang))}</p></header>\n"
        f"<main>{''.join(frames)}</main>\n"
        f'<section id="pm-moves"><h2>{html.escape(_said("moved", lang))}</h2><ul>{moves}</ul></section>\n'
        "</body></html>\n"
    )
