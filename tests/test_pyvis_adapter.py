"""``to_pyvis``: the power map as a pyvis Network without pyvis's known defects.

Checked: every node and edge carried over with its position and styling, the caller's
model untouched, parallel relations kept, physics off, options set as a dict (spaces in
strings survive), text kept plain, nothing written into the working directory.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from pyvis.network import Network

from powermap.loaders import load
from powermap.render.map_model import build_map
from powermap.render.pyvis_adapter import to_pyvis

from conftest import EXAMPLES, make_account


@pytest.fixture(scope="module")
def power_map():
    return build_map(load(EXAMPLES / "provincial-energy-group.yaml"))


@pytest.fixture(scope="module")
def net(power_map):
    return to_pyvis(power_map)


def test_every_node_and_edge_is_carried_over(power_map, net):
    assert isinstance(net, Network) and net.directed
    assert len(net.nodes) == len(power_map.data["nodes"])
    assert len(net.edges) == len(power_map.data["edges"])
    assert net.node_ids == [node["id"] for node in power_map.data["nodes"]]
    assert net.get_node("zhang-dsz")["label"].startswith("张国栋")


def test_positions_colours_and_shapes_come_from_the_model(power_map, net):
    for model, node in zip(power_map.data["nodes"], net.nodes):
        assert (node["x"], node["y"]) == (model["x"], model["y"])
        assert node["physics"] is False
        assert node["shape"] == model["shape"] and node["size"] == model["size"]
        assert node["color"]["background"] == model["color"]
        assert node["color"]["border"] == (model["ring"] or "#4d4d4d")
        assert node["borderWidth"] == (3 if model["ring"] else 1)
        assert ("opacity" in node) == model["faded"]
    for model, edge in zip(power_map.data["edges"], net.edges):
        assert (edge["from"], edge["to"]) == (model["from"], model["to"])
        assert edge["color"]["color"] == model["color"] and edge["width"] == model["width"]
        assert edge["dashes"] == (model["dashes"] or False)
        assert edge["arrows"]["to"]["enabled"] == model["arrow"]


def test_the_callers_model_is_not_changed():
    power_map = build_map(load(EXAMPLES / "kestrel-manufacturing.yaml"))
    before = copy.deepcopy(power_map.data)
    net = to_pyvis(power_map)
    net.nodes[0]["color"]["background"] = "#000000"
    for edge in net.edges:
        if edge["dashes"]:
            edge["dashes"].append(99)
    net.generate_html()
    assert power_map.data == before


def test_parallel_relations_between_a_pair_both_survive():
    account = make_account(
        stakeholders=[{"id": "boss", "name": "Boss"}, {"id": "aide", "name": "Aide", "reports_to": "boss"}],
        relations=[{"source": "aide", "target": "boss", "type": "influences", "weight": 0.9},
                   {"source": "boss", "target": "aide", "type": "advises", "weight": 0.4}],
    )
    net = to_pyvis(build_map(account))
    kinds = sorted(edge["title"].split(" (")[0] for edge in net.edges)
    assert kinds == ["advises", "influences", "reports to"]
    curved = [edge for edge in net.edges if edge.get("smooth")]
    assert len(curved) == 2  # the second and third between the pair bend away from the first


def test_physics_is_off_and_options_are_a_dict_with_spaces_kept(net):
    assert isinstance(net.options, dict)
    assert net.options["physics"]["enabled"] is False
    page = net.generate_html()
    options = json.loads(re.search(r"var options = (\{.*?\});\n", page, re.S).group(1))
    assert options["physics"] == {"enabled": False}
    assert options["nodes"]["font"]["face"].startswith("DejaVu Sans, ")


def test_pyvis_slow_and_mutating_paths_are_not_used(monkeypatch, power_map):
    def refuse(*args, **kwargs):
        raise AssertionError("to_pyvis must fill net.nodes / net.edges directly")

    for name in ("add_node", "add_nodes", "add_edge", "add_edges", "from_nx", "set_options"):
        monkeypatch.setattr(Network, name, refuse)
    assert len(to_pyvis(power_map).nodes) == len(power_map.data["nodes"])


def test_generate_html_writes_nothing(tmp_path, monkeypatch, power_map):
    monkeypatch.chdir(tmp_path)
    page = to_pyvis(power_map, heading="<b>Acme</b>").generate_html()
    assert "张国栋" in page or "\\u5f20\\u56fd\\u680b" in page
    assert "&lt;b&gt;Acme&lt;/b&gt;" in page and "<b>Acme</b>" not in page
    assert list(tmp_path.iterdir()) == []


def test_text_stays_plain():
    account = make_account(stakeholders=[
        {"id": "x", "name": "<script>alert(1)</script>", "title": "see <a href='https://evil'>this</a>"},
        {"id": "y", "name": "Plain", "reports_to": "x"},
    ])
    net = to_pyvis(build_map(account))
    titles = [node["title"] for node in net.nodes]
    assert not any("href" in title for title in titles)  # pyvis would switch to an innerHTML popup
    page = net.generate_html()
    assert "<script>alert(1)</script>" not in page
    assert "popup.innerHTML" not in page


def test_menus_that_print_ids_raw_are_refused_for_unsafe_ids(power_map):
    account = make_account(stakeholders=[{"id": "<img src=x>", "name": "A"}])
    with pytest.raises(ValueError, match="unescaped"):
        to_pyvis(build_map(account), select_menu=True)
    assert to_pyvis(power_map, select_menu=True).select_menu


def test_notebook_mode_inlines_vis_network(power_map):
    net = to_pyvis(power_map, notebook=True, height="500px")
    assert net.cdn_resources == "in_line" and net.height == "500px"
    assert "vis.Network" in net.generate_html(notebook=True)


def test_the_package_offers_to_pyvis_for_an_account_or_a_map():
    import powermap

    account = powermap.load(EXAMPLES / "zachary-karate.yaml")
    from_account = powermap.to_pyvis(account)
    from_map = powermap.to_pyvis(powermap.build_map(account))
    assert len(from_account.nodes) == len(from_map.nodes) == 34
    assert len(from_account.edges) == len(from_map.edges)
