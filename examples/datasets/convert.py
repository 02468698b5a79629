"""Turn two real organisational networks into powermap account files.

    python examples/datasets/convert.py [--datasets ../shared/datasets] [--out examples]

writes ``krackhardt-hightech.yaml`` and ``zachary-karate.yaml``. The data are the published
files of Krackhardt (1987) and Zachary (1977) as redistributed for research and teaching (see
the dataset README); nothing about sales is invented: roles, stances and contacts are left
empty, so analyses on these accounts rest on structure alone.
"""

from __future__ import annotations

import argparse
import csv
import inspect
from pathlib import Path

from powermap.model import AccountMap
from powermap.writers import account_yaml

REPO = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def krackhardt(folder: Path) -> AccountMap:
    """21 managers of a high-tech firm: departments, reports-to, advice and friendship.

    Advice rows mean "source goes to target for advice"; in powermap ``advises`` means the
    source gives the target advice, so each row becomes target advises source. Friendship
    nominations become ``friend`` ties: weight 1.0 when both named each other, 0.5 when one did.
    Position power follows the formal level (CEO 3, vice president 2, manager 1).
    """
    nodes = _rows(folder / "nodes.csv")
    departments = [{"id": "exec", "name": "CEO's office", "kind": "leadership"}] + [
        {"id": f"dept-{number}", "name": f"Department {number}", "parent": "exec"}
        for number in sorted({row["department"] for row in nodes if row["department"] != "0"})
    ]
    stakeholders = [
        {
            "id": row["id"],
            "name": f"Manager {row['label']}",
            "title": row["level_label"],
            "department": "exec" if row["department"] == "0" else f"dept-{row['department']}",
            "reports_to": row["reports_to"] or None,
            "power": {"position": 4 - int(row["level"])},
            "notes": f"age {row['age']}, tenure {float(row['tenure_years']):g} years",
        }
        for row in nodes
    ]
    relations = [
        {"source": row["target"], "target": row["source"], "type": "advises", "network": "knowledge"}
        for row in _rows(folder / "edges_advice.csv")
    ]
    named = {(row["source"], row["target"]) for row in _rows(folder / "edges_friendship.csv")}
    for a, b in sorted({tuple(sorted(pair, key=int)) for pair in named}, key=lambda p: (int(p[0]), int(p[1]))):
        mutual = (a, b) in named and (b, a) in named
        relations.append({"source": a, "target": b, "type": "friend", "weight": 1.0 if mutual else 0.5, "network": "social"})
    return AccountMap.model_validate(
        {
            "account": {
                "id": "krackhardt-hightech",
                "name": "Krackhardt's high-tech managers (1987)",
                "notes": "Real data: Krackhardt, D. (1987) Cognitive social structures. Social Networks 9, 109-134.",
            },
            "departments": departments,
            "stakeholders": stakeholders,
            "relations": relations,
        }
    )


def zachary(folder: Path) -> AccountMap:
    """Zachary's karate club: 34 members, ties weighted by the number of shared contexts (max 7).

    The two leaders, Mr Hi (1) and the club president John A. (34), lead the two factions of
    the later split; no other member's side is given, so analyses must find it.
    """
    nodes = _rows(folder / "nodes.csv")
    names = {"1": ("Mr Hi", "Instructor"), "34": ("John A.", "Club president")}
    stakeholders = []
    for row in nodes:
        name, title = names.get(row["id"], (f"Member {row['id']}", "Member"))
        person = {"id": row["id"], "name": name, "title": title, "department": "club"}
        if row["id"] in names:
            person.update(roles=["decision_maker"], faction="mr-hi" if row["id"] == "1" else "officers")
        stakeholders.append(person)
    relations = [
        {"source": row["source"], "target": row["target"], "type": "friend", "weight": round(int(row["weight"]) / 7, 4), "network": "social"}
        for row in _rows(folder / "edges_interaction.csv")
    ]
    return AccountMap.model_validate(
        {
            "account": {
                "id": "zachary-karate",
                "name": "Zachary's karate club (1977)",
                "notes": "Real data: Zachary, W. W. (1977) An information flow model for conflict and fission "
                "in small groups. Journal of Anthropological Research 33, 452-473.",
            },
            "departments": [{"id": "club", "name": "Karate club", "kind": "other"}],
            "factions": [
                {"id": "mr-hi", "name": "Mr Hi's group", "leader": "1"},
                {"id": "officers", "name": "The officers", "leader": "34"},
            ],
            "stakeholders": stakeholders,
            "relations": relations,
        }
    )


def write(account: AccountMap, path: Path, header: str) -> None:
    body = account_yaml(account)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.strip().splitlines())
    path.write_text(comment + "\n" + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--out", type=Path, default=REPO / "examples")
    args = parser.parse_args()
    for build, folder, name in (
        (krackhardt, "krackhardt_hightech", "krackhardt-hightech.yaml"),
        (zachary, "zachary_karate", "zachary-karate.yaml"),
    ):
        account = build(args.datasets / folder)
        header = f"Generated by examples/datasets/convert.py from {folder}; do not edit by hand.\n\n{inspect.getdoc(build)}"
        write(account, args.out / name, header)
        print(f"wrote {args.out / name}: {account.counts()}")


if __name__ == "__main__":
    main()
