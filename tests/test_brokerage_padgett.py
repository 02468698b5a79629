"""Gould-Fernandez brokerage on real networks, against R's sna::brokerage.

Expected counts come from sna 2.7-1 (Butts; Debian r-cran-sna), run on the shared dataset files
with the script in each test's docstring, not from powermap. The roles as sna names them
(its help page, "brokerage"), for a chain a -> b -> c with no a -> c, b the broker:
w_I coordinator (A A A), w_O itinerant / consultant (A B A), b_IO representative (A A B),
b_OI gatekeeper (A B B), b_O liaison (A B C); powermap's ``ROLES`` follow the same definitions.

Padgett's Florentine marriages are undirected; sna takes them as a symmetric digraph (each
marriage both ways), so every open two-path is counted in both directions. Groups are wealth
tertiles (wealth in 1427, thousands of lira). sna itself has no tertile rule; how the cut is
made decides where Castellani (20) and Ridolfi (27) fall, so each cut is pinned by name:

- ``type3-left``: ``cut(w, quantile(w, 0:3/3, type = 3), right = FALSE, include.lowest = TRUE)``,
  R's quantile type 3 (the nearest even order statistic, SAS definition 2): breaks 20 and 48,
  intervals [3, 20) [20, 48) [48, 146]. This is the cut under which sna gives the commonly
  quoted figures: coordinator 2, consultant 28, representative 12, gatekeeper 12, liaison 22;
  the Medici 2 / 4 / 7 / 7 / 8.
- ``type7-left``: R's default quantile (type 7, numpy's ``linear``): breaks 27 and 48, closed on
  the left. Same Medici row; consultant 22 and liaison 28 in total (Castellani moves down).
- ``type7-right``: R's default ``cut`` (closed on the right): the Medici 0 / 8 / 5 / 5 / 10.

Taking each marriage once, in the file's direction, gives 16 chains instead of 76: not sna's
reading of an undirected network.
"""

import csv

import networkx as nx
import numpy as np
import pytest

from powermap.analysis.brokers import ROLES, brokerage_roles, brokers
from powermap.analysis.graph import build_graph

from conftest import DATASETS
from conftest import people_account as account

needs_datasets = pytest.mark.skipif(not DATASETS.is_dir(), reason="the shared datasets are not beside the repository")

PADGETT = DATASETS / "padgett_florentine"
KRACKHARDT = DATASETS / "krackhardt_hightech"

SNA_ORDER = ("coordinator", "consultant", "representative", "gatekeeper", "liaison")  # w_I w_O b_IO b_OI b_O


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table(text):
    """sna's ``raw.nli`` columns w_I w_O b_IO b_OI b_O, one line per person, as role counts."""
    result = {}
    for line in text.strip().splitlines():
        name, *counts = line.split()
        result[name] = dict(zip(SNA_ORDER, map(int, counts)))
    return result


def totals(counts):
    return {role: sum(person[role] for person in counts.values()) for role in SNA_ORDER}


# -- Padgett: the groups of each cut, and sna's counts ------------------------------------------

# R: w <- nodes$wealth_1427_kfl; split(ids, cut(w, quantile(w, 0:3/3, type = T), include.lowest = TRUE, right = R))
GROUPS = {
    "type3-left": {
        "low": ["Acciaiuoli", "Guadagni", "Pucci", "Salviati"],
        "middle": ["Albizzi", "Bischeri", "Castellani", "Ginori", "Lamberteschi", "Ridolfi"],
        "high": ["Barbadori", "Medici", "Pazzi", "Peruzzi", "Strozzi", "Tornabuoni"],
    },
    "type7-left": {
        "low": ["Acciaiuoli", "Castellani", "Guadagni", "Pucci", "Salviati"],
        "middle": ["Albizzi", "Bischeri", "Ginori", "Lamberteschi", "Ridolfi"],
        "high": ["Barbadori", "Medici", "Pazzi", "Peruzzi", "Strozzi", "Tornabuoni"],
    },
    "type7-right": {
        "low": ["Acciaiuoli", "Castellani", "Guadagni", "Pucci", "Ridolfi", "Salviati"],
        "middle": ["Albizzi", "Bischeri", "Ginori", "Lamberteschi", "Pazzi", "Tornabuoni"],
        "high": ["Barbadori", "Medici", "Peruzzi", "Strozzi"],
    },
}

# numpy's name for each R quantile type, and which side of a break a value equal to it falls
CUTS = {"type3-left": ("closest_observation", "right"), "type7-left": ("linear", "right"), "type7-right": ("linear", "left")}

# R: b <- brokerage(m, cl); b$raw.nli[, 1:5], m the symmetric marriage matrix (families in nodes.csv order)
SNA = {
    "type3-left": table("""
        Acciaiuoli     0   0    0    0   0
        Albizzi        0   0    2    2   2
        Barbadori      0   0    1    1   0
        Bischeri       0   0    0    0   4
        Castellani     0   4    0    0   0
        Ginori         0   0    0    0   0
        Guadagni       0   6    0    0   6
        Lamberteschi   0   0    0    0   0
        Medici         2   4    7    7   8
        Pazzi          0   0    0    0   0
        Peruzzi        0   2    0    0   0
        Pucci          0   0    0    0   0
        Ridolfi        0   4    0    0   0
        Salviati       0   2    0    0   0
        Strozzi        0   6    1    1   0
        Tornabuoni     0   0    1    1   2
    """),
    "type7-left": table("""
        Acciaiuoli     0   0    0    0   0
        Albizzi        0   0    2    2   2
        Barbadori      0   0    1    1   0
        Bischeri       0   0    0    0   4
        Castellani     0   4    0    0   0
        Ginori         0   0    0    0   0
        Guadagni       0   6    0    0   6
        Lamberteschi   0   0    0    0   0
        Medici         2   4    7    7   8
        Pazzi          0   0    0    0   0
        Peruzzi        0   0    0    0   2
        Pucci          0   0    0    0   0
        Ridolfi        0   4    0    0   0
        Salviati       0   2    0    0   0
        Strozzi        0   2    1    1   4
        Tornabuoni     0   0    1    1   2
    """),
    "type7-right": table("""
        Acciaiuoli     0   0    0    0   0
        Albizzi        0   0    2    2   2
        Barbadori      0   0    1    1   0
        Bischeri       0   0    0    0   4
        Castellani     0   4    0    0   0
        Ginori         0   0    0    0   0
        Guadagni       0  12    0    0   0
        Lamberteschi   0   0    0    0   0
        Medici         0   8    5    5  10
        Pazzi          0   0    0    0   0
        Peruzzi        0   0    0    0   2
        Pucci          0   0    0    0   0
        Ridolfi        0   2    0    0   2
        Salviati       0   0    0    0   2
        Strozzi        0   2    1    1   4
        Tornabuoni     0   2    0    0   2
    """),
}

# sna's colSums(b$raw.nli), written out once more as the figures people quote
SNA_TOTALS = {
    "type3-left": (2, 28, 12, 12, 22),
    "type7-left": (2, 22, 12, 12, 28),
    "type7-right": (0, 30, 9, 9, 28),
}


def families():
    return [row["id"] for row in rows(PADGETT / "nodes.csv")]


def marriages():
    return [(row["source"], row["target"]) for row in rows(PADGETT / "edges_marriage.csv")]


def group_of(cut):
    return {family: group for group, members in GROUPS[cut].items() for family in members}


def symmetric_digraph():
    graph = nx.DiGraph()
    graph.add_nodes_from(families())
    for a, b in marriages():
        graph.add_edge(a, b)
        graph.add_edge(b, a)
    return graph


@needs_datasets
def test_the_dataset_is_the_one_the_counts_were_made_on():
    assert len(families()) == 16 and len(marriages()) == 20
    assert len(symmetric_digraph().edges) == 40


@needs_datasets
@pytest.mark.parametrize("cut", GROUPS)
def test_the_groups_follow_from_the_wealth_tertile_rule(cut):
    """The family lists above are the cut named, applied to the CSV's wealth."""
    wealth = {row["id"]: int(row["wealth_1427_kfl"]) for row in rows(PADGETT / "nodes.csv")}
    method, side = CUTS[cut]
    breaks = np.quantile(list(wealth.values()), [1 / 3, 2 / 3], method=method)
    names = ("low", "middle", "high")
    found = {family: names[int(np.searchsorted(breaks, value, side=side))] for family, value in wealth.items()}
    assert found == group_of(cut)


@pytest.mark.parametrize("cut", GROUPS)
def test_the_sna_tables_add_up_to_the_quoted_totals(cut):
    assert tuple(totals(SNA[cut]).values()) == SNA_TOTALS[cut]
    assert sum(SNA_TOTALS[cut]) == 76  # every open two-path of the symmetric marriage digraph, once


@needs_datasets
@pytest.mark.parametrize("cut", GROUPS)
def test_brokerage_roles_match_sna_on_the_marriage_network(cut):
    counts = brokerage_roles(symmetric_digraph(), group_of(cut))
    assert {family: {role: counts[family][role] for role in SNA_ORDER} for family in families()} == SNA[cut]
    assert tuple(totals(counts).values()) == SNA_TOTALS[cut]
    assert set(counts["Medici"]) == set(ROLES)


@needs_datasets
def test_the_commonly_quoted_figures():
    """Totals 2 / 28 / 12 / 12 / 22 and the Medici 2 / 4 / 7 / 7 / 8 (coordinator, consultant,
    representative, gatekeeper, liaison), under the type-3 cut closed on the left."""
    counts = brokerage_roles(symmetric_digraph(), group_of("type3-left"))
    assert [sum(counts[f][role] for f in counts) for role in SNA_ORDER] == [2, 28, 12, 12, 22]
    assert [counts["Medici"][role] for role in SNA_ORDER] == [2, 4, 7, 7, 8]


@needs_datasets
def test_one_direction_per_marriage_is_not_sna_reading():
    """Each marriage once, as listed: far fewer chains (16), so the symmetric digraph is needed."""
    graph = nx.DiGraph(marriages())
    counts = brokerage_roles(graph, group_of("type3-left"))
    assert sum(totals({f: counts[f] for f in graph}).values()) == 16


@needs_datasets
@pytest.mark.parametrize("cut", GROUPS)
def test_the_same_counts_through_an_account(cut):
    """The marriages as influence both ways and the tertiles as departments, through
    :func:`brokers`: its Gould-Fernandez counts are sna's (families with none are left out)."""
    departments = [{"id": group, "name": group.title()} for group in GROUPS[cut]]
    people = [{"id": family, "name": family, "department": group_of(cut)[family]} for family in families()]
    relations = [(s, t, "influences", 1.0) for a, b in marriages() for s, t in ((a, b), (b, a))]
    result = {broker.id: broker for broker in brokers(build_graph(account(people, relations, departments=departments)))}
    for family in families():
        expected = SNA[cut][family]
        found = {role: result[family].roles[role] for role in SNA_ORDER} if family in result else dict.fromkeys(SNA_ORDER, 0)
        assert found == expected, family


# -- Krackhardt's high-tech managers: advice, with departments as groups --------------------------

# R: m[source, target] <- 1 for each row of edges_advice.csv (21 x 21, 190 ties);
#    b <- brokerage(m, nodes$department); b$raw.nli[, 1:5]   (department 0 is the CEO alone)
KRACKHARDT_SNA = table("""
    1    1   2    2   11   8
    2    0   1    6    0  13
    3    1   0    6    3  10
    4    0   5    6    6  13
    5    3   0   13    1   5
    6    0   0    0    0   0
    7    0   7    0    0  31
    8    0   0    2    4  10
    9    0   0   10    0   3
    10   0  15    1    1  28
    11   0   0    1    0   4
    12   0   0    0    0   2
    13   1   0    0    2   0
    14   0   0    4    0   0
    15   7   0   10    2   7
    16   0   0    1    0   1
    17   0   0    1    1   8
    18   0  32    4   11  74
    19   2   0    0    1   1
    20   2   0    8    4   9
    21  11   7   20   15  19
""")
KRACKHARDT_SNA_TOTALS = (28, 69, 95, 62, 246)  # colSums; t = 500


def managers():
    return {row["id"]: row["department"] for row in rows(KRACKHARDT / "nodes.csv")}


def advice():
    return [(row["source"], row["target"]) for row in rows(KRACKHARDT / "edges_advice.csv")]


@needs_datasets
def test_krackhardt_advice_brokerage_matches_sna():
    """Directed: the chain a -> b -> c reads as listed (a goes to b for advice, b to c)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(managers())
    graph.add_edges_from(advice())
    assert graph.number_of_edges() == 190
    counts = brokerage_roles(graph, managers())
    assert {m: {role: counts[m][role] for role in SNA_ORDER} for m in managers()} == KRACKHARDT_SNA
    assert tuple(totals(KRACKHARDT_SNA).values()) == KRACKHARDT_SNA_TOTALS


@needs_datasets
def test_krackhardt_through_an_account_where_the_adviser_sways():
    """In an account, ``advises`` runs from the adviser to the one advised: every advice tie is
    reversed, so the chains run the other way and representative and gatekeeper trade places
    (sna on t(m) gives the same table with b_IO and b_OI swapped: totals 28 / 69 / 62 / 95 / 246)."""
    departments = [{"id": f"d{d}", "name": f"Department {d}"} for d in sorted(set(managers().values()))]
    people = [{"id": f"m{m}", "name": f"Manager {m}", "department": f"d{d}"} for m, d in managers().items()]
    relations = [(f"m{target}", f"m{source}", "advises", 1.0) for source, target in advice()]
    result = {broker.id: broker for broker in brokers(build_graph(account(people, relations, departments=departments)))}
    for manager, expected in KRACKHARDT_SNA.items():
        swapped = {**expected, "representative": expected["gatekeeper"], "gatekeeper": expected["representative"]}
        broker = result.get(f"m{manager}")
        found = {role: broker.roles[role] for role in SNA_ORDER} if broker else dict.fromkeys(SNA_ORDER, 0)
        assert found == swapped, manager
