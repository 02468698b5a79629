"""The power map as one self-contained, interactive HTML page.

Why our own page rather than pyvis's: pyvis's templates do not autoescape (a name like
``<img onerror=...>`` would run), link bootstrap from a CDN even in "in_line" mode, and
``write_html`` creates ``lib/`` beside the page. We only borrow the vis-network build that pyvis
ships (read from the installed package at render time) and inline it, with our stylesheet,
script and the map model, into one file that makes no network request at all.

Everything from the account is data, never markup: the model travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, the
only server-side text (the page title and heading) goes through :func:`html.escape`, and the
page script builds every element with ``textContent``. A Content-Security-Policy admits only
the page's own two scripts (by hash) and forbids every request, as a second line of defence.

The output depends only on the model, so the same account gives the same page byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import os
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .map_model import PowerMap

__all__ = ["render_html", "notebook_html", "vis_network_assets", "LIBRARY_URLS", "NOTEBOOK_HEIGHT"]

VIS_VERSION = "vis-9.1.2"
NOTEBOOK_HEIGHT = 650  # pixels of the notebook frame

# The only URLs in the inlined vis-network build: licence and project addresses in its header
# comment and the SVG namespace. None is fetched; the tests pin this list so a new pyvis that
# brings a real reference to the network is noticed.
LIBRARY_URLS = frozenset({
    "http://almende.com",
    "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
})

# Text that would end or confuse an inline <script>/<style> element if a library contained it.
_BREAKS_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_BREAKS_STYLE = re.compile(r"</style", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^[ \t]*//# sourceMappingURL=\S*[ \t]*$", re.MULTILINE)
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_SLOT_FIELD = re.compile(r"\{(\w+)\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class AssetError(RuntimeError):
    """The vis-network build or a template cannot be inlined safely."""


def _pyvis_lib_dir() -> str:
    """Where the installed pyvis keeps its vis-network build.

    Found with ``find_spec``, which does not run pyvis: importing it pulls in IPython and
    costs about a second, for two files we only read.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise AssetError("pyvis is not installed; the HTML map inlines its vis-network build: pip install 'pyvis>=0.3.2'")
    return os.path.join(list(spec.submodule_search_locations)[0], "templates", "lib", VIS_VERSION)


@lru_cache(maxsize=1)
def vis_network_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that pyvis ships, ready to inline.

    The trailing ``sourceMappingURL`` comment is dropped (developer tools would try to fetch
    the map file); the texts are checked not to contain anything that could close the inline
    element they go into.
    """
    folder = _pyvis_lib_dir()
    try:
        with open(os.path.join(folder, "vis-network.min.js"), encoding="utf-8") as handle:
            script = handle.read()
        with open(os.path.join(folder, "vis-network.css"), encoding="utf-8") as handle:
            style = handle.read()
    except OSError as error:  # pragma: no cover - a broken pyvis install
        raise AssetError(f"cannot read vis-network from pyvis ({folder}): {error}; reinstall pyvis>=0.3.2") from error
    script = _SOURCE_MAP.sub("", script).rstrip() + "\n"
    _check_inline(script, style, "vis-network")
    return script, style


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str, str]:
    """Our page template, stylesheet and script (package data)."""
    folder = resources.files("powermap.render") / "templates"
    page, style, script = ((folder / name).read_text(encoding="utf-8") for name in ("map.html", "map.css", "map.js"))
    _check_inline(script, style, "powermap map")
    return page, style, script


def _check_inline(script: str, style: str, what: str) -> None:
    if _BREAKS_SCRIPT.search(script):
        raise AssetError(f"the {what} script contains '</script' or '<!--' and cannot be inlined")
    if _BREAKS_STYLE.search(style):
        raise AssetError(f"the {what} stylesheet contains '</style' and cannot be inlined")


def json_for_script(data) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` can only occur inside JSON strings, where ``\\u003c`` etc. mean the
    same character to ``JSON.parse``; escaping them means no value can close the element or
    open a comment. U+2028/U+2029 are escaped for old JavaScript parsers. NaN is refused
    because ``JSON.parse`` would reject the whole page's data.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda match: _JSON_ESCAPES[match.group()], text)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _policy(*scripts: str) -> str:
    """A Content-Security-Policy that runs only our scripts and allows no request at all."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_script_hash(script) for script in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "connect-src 'none'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def _fill(template: str, values: dict[str, str]) -> str:
    """Put each value into its ``{{slot}}`` in one pass (a value is never read as a template)."""
    missing = set(_SLOT.findall(template)) - set(values)
    if missing:  # pragma: no cover - a template edit gone wrong
        raise AssetError(f"map.html has slots without values: {sorted(missing)}")
    return _SLOT.sub(lambda match: values[match.group(1)], template)


def _words(data: dict) -> dict[str, str]:
    """The page's own words, as the model gives them (English for a model without them)."""
    from .map_style import page_words

    return (data.get("words") or {}).get("ui") or page_words("en")


def _heading(data: dict) -> str:
    meta = data.get("meta", {})
    name = meta.get("name") or meta.get("account") or "account"
    return _SLOT_FIELD.sub(lambda match: name if match.group(1) == "name" else match.group(), _words(data)["heading"])


def render_html(power_map: PowerMap) -> str:
    """The map as one HTML page: scripts, styles, fonts and data inline; opens offline.

    The page writes nothing beside itself; :mod:`powermap.render.map_output` writes the
    returned text where it is asked to.
    """
    page, own_style, own_script = _own_assets()
    vis_script, vis_style = vis_network_assets()
    data = power_map.data
    heading = _heading(data)
    from .map_style import html_lang

    return _fill(page, {
        "lang": html_lang(data.get("meta", {}).get("lang", "en")),
        "no_script": html.escape(_words(data)["no_script"]),
        "policy": html.escape(_policy(vis_script, own_script)),
        "title": html.escape(heading),
        "heading": html.escape(heading),
        "vis_style": vis_style,
        "style": own_style,
        "data": json_for_script(data),
        "vis_script": vis_script,
        "script": own_script,
    })


def notebook_html(power_map: PowerMap, *, height: int = NOTEBOOK_HEIGHT) -> str:
    """The page inside an ``<iframe srcdoc>``, for Jupyter's ``_repr_html_``.

    An iframe keeps the page's script and styles away from the notebook's, and ``sandbox``
    (scripts only, no same origin) keeps the notebook away from anything in the page.
    """
    page = render_html(power_map)
    title = html.escape(_heading(power_map.data), quote=True)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{title}" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" loading="lazy"></iframe>'
    )
