"""The command line end to end: check, init, convert, version, help, exit statuses."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from powermap import __version__
from powermap.cli import cli
from powermap.loaders import load

from conftest import EXAMPLES, INVALID, REPO

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + [EXAMPLES / "kestrel-manufacturing", EXAMPLES / "kestrel-manufacturing.xlsx"]


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"powermap {__version__}\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_lists_every_command(run, flag):
    result = run(flag)
    assert result.exit_code == 0
    for name in cli.commands:
        assert re.search(rf"^\s+{name}\s", result.stdout, re.M), name
    assert "Exit status" in result.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"powermap {name}" in readme, f"README does not document `powermap {name}`"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_check_accepts_every_example(run, path):
    result = run("check", "--lang", "en", path)  # in English: the Chinese summary is in test_check_zh.py
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()
    account = load(path)
    assert first.startswith(f"{path}: ok: {account.account.id} ")
    assert f"{len(account.stakeholders)} stakeholder" in second


def test_check_prints_located_warnings_and_strict_fails_on_them(run):
    path = EXAMPLES / "kestrel-manufacturing.yaml"
    result = run("check", path)
    assert result.exit_code == 0
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+: contacts\[\d+\]\.stakeholder: warning: contact with 'owen_hartley', who has left\n",
        result.stderr,
    )
    assert run("check", "--strict", path).exit_code == 1


def test_check_quiet_prints_only_problems(run):
    result = run("check", "-q", EXAMPLES / "zachary-karate.yaml")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_check_needs_a_file(run):
    result = run("check")
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_init_writes_a_starter_that_checks_clean(run, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    result = run("init", "Acme Steel", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stdout == {
        "en": "wrote Acme Steel.yaml; fill it in, then run: powermap check Acme Steel.yaml\n",
        "zh": "已写入 Acme Steel.yaml；请填写，然后运行：powermap check Acme Steel.yaml\n"}[lang]
    account = load(tmp_path / "Acme Steel.yaml")
    assert (account.account.id, account.account.name) == ("acme-steel", "Acme Steel")
    checked = run("check", "--strict", "Acme Steel.yaml")
    assert checked.exit_code == 0, checked.output
    text = (tmp_path / "Acme Steel.yaml").read_text(encoding="utf-8")
    assert text.count("#") > 10, "the starter explains itself in comments"


def test_init_with_a_chinese_name_gets_a_usable_id(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "某省能源集团", "--lang", "zh").exit_code == 0
    account = load(tmp_path / "某省能源集团.yaml")
    assert (account.account.id, account.account.name) == ("moushengnengyuanjituan", "某省能源集团")


def test_two_chinese_accounts_get_distinct_ids_in_pinyin(run, tmp_path, monkeypatch):
    """Each run of Chinese is spelled as one word, other words kept; 重庆 is chongqing (a
    polyphone read as a word), never zhongqing."""
    monkeypatch.chdir(tmp_path)
    for name in ("华东电网", "华北电网", "重庆银行 ERP 二期"):
        assert run("init", name).exit_code == 0
    ids = [load(tmp_path / f"{name}.yaml").account.id for name in ("华东电网", "华北电网", "重庆银行 ERP 二期")]
    assert ids == ["huadongdianwang", "huabeidianwang", "chongqingyinhang-erp-erqi"]


def test_init_speaks_chinese_for_a_chinese_name(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    assert run("init", "华东电网").exit_code == 0
    text = (tmp_path / "华东电网.yaml").read_text(encoding="utf-8")
    assert "stage: 销售进入" in text
    assert "roles: [标准制定者, 评价者]" in text  # never 定标的人 alone: in tendering it awards the bid
    assert run("init", "Acme Steel").exit_code == 0
    assert "stage: entry" in (tmp_path / "Acme Steel.yaml").read_text(encoding="utf-8")


def test_init_never_overwrites(run, tmp_path):
    target = tmp_path / "acme.yaml"
    target.write_text("precious", encoding="utf-8")
    result = run("init", target)
    assert result.exit_code == 3
    assert result.stderr == f"{target}: already exists; choose another name or remove it first\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"], "no temporary file is left behind"


def test_init_refuses_other_forms_and_missing_folders(run, tmp_path):
    result = run("init", tmp_path / "acme.json")
    assert result.exit_code == 3
    assert "init writes a YAML file" in result.stderr
    result = run("init", tmp_path / "missing" / "acme")
    assert result.exit_code == 3
    assert result.stderr == f"{tmp_path / 'missing' / 'acme.yaml'}: the folder {tmp_path / 'missing'} does not exist\n"


@pytest.mark.parametrize("ending, form", [(".yaml", "yaml"), (".json", "json"), (".xlsx", "excel"), ("", "csv")])
def test_convert_to_every_form(run, tmp_path, ending, form):
    source = EXAMPLES / "riverside-hospital.yaml"
    target = tmp_path / f"riverside{ending}"
    result = run("convert", source, target)
    assert result.exit_code == 0, result.output
    comments = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if "#" in line)
    assert comments == 83  # the example's comments, each on a line of its own
    assert result.stdout == (f"wrote {target} ({form})\n"
                             f"note: the 83 comments of {source} are not carried into {target}; {source} keeps them\n")
    assert load(target) == load(source)


def test_convert_refuses_to_write_over_the_input_or_an_existing_file(run, tmp_path):
    source = tmp_path / "a.yaml"
    source.write_text((EXAMPLES / "zachary-karate.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = source.read_bytes()
    for args in (("convert", source, source), ("convert", source, source, "--force")):
        result = run(*args)
        assert result.exit_code == 3
        assert result.stderr == f"{source}: refusing to write over the input; choose another output\n"
    other = tmp_path / "b.json"
    other.write_text("{}", encoding="utf-8")
    result = run("convert", source, other)
    assert result.exit_code == 3 and other.read_text(encoding="utf-8") == "{}"
    assert run("convert", source, other, "--force").exit_code == 0
    assert load(other) == load(source)
    assert source.read_bytes() == before


def test_convert_writes_nothing_for_an_invalid_input(run, tmp_path):
    result = run("convert", INVALID / "unknown-department.yaml", tmp_path / "out.json")
    assert result.exit_code == 1
    assert "unknown department 'itt'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_convert_rejects_an_unknown_ending_before_reading(run, tmp_path):
    result = run("convert", tmp_path / "missing.yaml", tmp_path / "out.txt")
    assert result.exit_code == 3
    assert "cannot tell the form" in result.stderr


def test_an_internal_error_is_one_line_and_status_70(run, monkeypatch):
    import powermap.checks

    def broken(path, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(powermap.checks, "check_file", broken)
    result = run("check", EXAMPLES / "zachary-karate.yaml")
    assert result.exit_code == 70
    assert result.stderr == "powermap: internal error: RuntimeError: boom (please report it; set POWERMAP_DEBUG=1 for details)\n"


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout


def test_the_command_line_imports_no_heavy_library_until_a_command_runs():
    heavy = ("pydantic", "yaml", "pandas", "networkx", "openpyxl", "numpy", "rich")
    loaded = _python(
        "import sys; from powermap.cli import cli; import powermap\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    assert loaded.strip() == "[]"


@pytest.mark.parametrize("people", [12, 150])  # below and above the igraph switch
def test_a_report_of_a_file_loads_only_what_it_needs(tmp_path, people):
    """scipy (0.3-0.4 s to import), pandas, the terminal renderer, the map's libraries, the
    database backends and multiprocessing stay out of a JSON report on a file; so does wcwidth,
    which igraph's text tables would load when it is installed (0.02 s), and numpy's masked
    arrays, which ``numpy.unique`` of a plain array imports to ask whether it is masked (0.016 s)."""
    account = tmp_path / "account.json"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(people), "-o", str(account)], check=True, cwd=REPO)
    unwanted = ("scipy", "pandas", "rich", "matplotlib", "wcwidth", "pyvis", "jinja2", "neo4j", "openpyxl", "multiprocessing",
                "powermap.backends.base", "numpy.ma")
    loaded = _python(
        "import sys; from powermap.cli import cli\n"
        f"cli.main(['report', {str(account)!r}, '-f', 'json', '-o', {str(tmp_path / 'report.json')!r}], standalone_mode=False)\n"
        f"print(sorted(m for m in {unwanted!r} if m in sys.modules), 'igraph' in sys.modules)"
    )
    assert loaded.split("\n")[-2] == f"[] {people >= 100}"
    assert 0 < len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["key_persons"]) <= people


@pytest.mark.parametrize(("people", "validated_here"), [(12, True), (500, False)])
def test_a_mid_size_file_is_validated_in_the_copy_that_reads_it(tmp_path, people, validated_here):
    """A mid-size file (a 500-person YAML file, 120 KB) is read and validated in a forked copy
    while the command imports the analyses, and the account comes back ready: the command's
    own process never imports pydantic (with the records as pydantic's models, importing it
    and defining them took about 50 ms of that report's 330 ms). A small file is read here."""
    from powermap.alongside import can_fork

    if not can_fork():
        pytest.skip("the copy needs two cores and Linux")
    account = tmp_path / "account.yaml"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(people), "-o", str(account)], check=True, cwd=REPO)
    loaded = _python(
        "import sys; from powermap.cli import cli\n"
        f"cli.main(['report', {str(account)!r}, '-f', 'json', '-o', {str(tmp_path / 'report.json')!r}], standalone_mode=False)\n"
        "print('pydantic' in sys.modules)"
    )
    assert loaded.split("\n")[-2] == str(validated_here)
    assert 0 < len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["key_persons"]) <= people


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run([sys.executable, "-m", "powermap", "--version"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and result.stdout == f"powermap {__version__}\n"


@pytest.mark.parametrize(("args", "status"), [((), 0), (("--engine", "fast"), 2), (("--top", "0"), 2)])
def test_the_real_process_flushes_everything_and_keeps_the_exit_status(args, status):
    """The command leaves without tearing the interpreter down (os._exit): what it printed to
    a pipe must still all arrive, with the exit status click chose."""
    result = subprocess.run([sys.executable, "-m", "powermap", "report", str(EXAMPLES / "kestrel-manufacturing.yaml"),
                             "-f", "json", *args], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == status
    if status == 0:
        assert json.loads(result.stdout)["account"]["id"] == "kestrel-mes" and result.stderr == ""
    else:
        assert result.stdout == "" and "Error:" in result.stderr and "Traceback" not in result.stderr


def test_bad_input_through_the_real_process_gives_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "powermap", "check", str(INVALID / "alias-bomb.yaml"), str(INVALID / "not-text.yaml")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2


def test_path_prints_the_warmest_routes(run):
    result = run("path", EXAMPLES / "kestrel-manufacturing.yaml", "--to", "harold_kestrel", "-k", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Routes to Harold Kestrel, as of 2026-11-15:"
    assert lines[1] == "  1. direct contact: Gordon Hale -> Harold Kestrel"  # Gordon knows him: first
    assert lines[2] == "       - Gordon Hale knows Harold Kestrel (stranger, last met 2026-10-08)"
    assert lines[3] == "  2. warm route: Priya Nair -> Daniel Kestrel -> Harold Kestrel"


def test_path_as_json_and_from_one_member(run):
    import json

    result = run("path", EXAMPLES / "riverside-hospital.yaml", "--to", "reyes", "--from", "tom", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["target"] == "reyes"
    assert data["routes"][0]["path"] == ["tom", "moss", "reyes"]
    assert all(route["path"][0] == "tom" for route in data["routes"])


def test_path_to_an_unknown_person_suggests_the_right_id(run):
    result = run("path", EXAMPLES / "kestrel-manufacturing.yaml", "--to", "harold")
    assert result.exit_code == 2
    assert result.stderr == "--to: unknown stakeholder 'harold'; did you mean 'harold_kestrel'?\n"


def test_convert_keeps_a_chinese_account_in_chinese_and_says_comments_stay_behind(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    assert run("init", "华东电网").exit_code == 0
    comments = sum(1 for line in (tmp_path / "华东电网.yaml").read_text(encoding="utf-8").splitlines()
                   if "#" in line)  # the starter's comments: one per line that has one, none inside values
    result = run("convert", "华东电网.yaml", "hd.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("已写入 hd.json（json）\n"
                             f"注意：华东电网.yaml 里的 {comments} 条注释不会带到 hd.json；华东电网.yaml 里仍保留着\n")
    document = json.loads((tmp_path / "hd.json").read_text(encoding="utf-8"))
    assert document["account"]["stage"] == "销售进入"
    it_head = next(person for person in document["stakeholders"] if person["id"] == "it-head")
    assert (it_head["roles"], it_head["stance"], it_head["circle"]) == (["标准制定者", "评价者"], "支持者", "内圈")
    assert it_head["power"] == {"知识权力": 3, "地位权力": 2}
    assert load(tmp_path / "hd.json") == load(tmp_path / "华东电网.yaml")
    english = run("convert", "华东电网.yaml", "hd-en.yaml", "--lang", "en")
    assert english.exit_code == 0, english.output
    assert "  stage: entry\n" in (tmp_path / "hd-en.yaml").read_text(encoding="utf-8")
    assert load(tmp_path / "hd-en.yaml") == load(tmp_path / "华东电网.yaml")


def test_the_distribution_has_a_name_of_its_own_and_the_command_stays_powermap():
    """"powermap" on PyPI is an unrelated project: installing by that name would fetch it."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "powermap-sales"
    assert project["scripts"] == {"powermap": "powermap.cli:main"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install 'powermap[" not in readme and "pip install powermap " not in readme


@pytest.mark.parametrize("ending", [".graphml", ".gexf"])
def test_convert_exports_the_account_graph_for_graph_tools(run, tmp_path, ending):
    """Gephi, Cytoscape and yEd read GraphML and GEXF: people and our team as nodes, the formal
    line, the relations and our contacts as typed edges, counted here from the YAML itself."""
    import networkx as nx
    import yaml

    source = EXAMPLES / "kestrel-manufacturing.yaml"
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    people, team = document["stakeholders"], document["team"]
    lines = sum(1 for person in people if person.get("reports_to"))
    target = tmp_path / f"kestrel{ending}"
    result = run("convert", source, target)
    assert result.exit_code == 0, result.output
    graph = (nx.read_graphml if ending == ".graphml" else nx.read_gexf)(target)
    assert graph.number_of_nodes() == len(people) + len(team)
    assert graph.number_of_edges() == lines + len(document["relations"]) + len(document["contacts"])
    harold = next(person for person in people if person["id"] == "harold_kestrel")
    node = graph.nodes["harold_kestrel"]
    assert (node["label"], node["title"], node["stance"]) == (harold["name"], harold["title"], harold["stance"])
    assert node["power_position"] == harold["power"]["position"]
    types = sorted({data["tie"] for *_, data in graph.edges(data=True)})
    assert types == sorted({"reports_to", "contact"} | {relation["type"] for relation in document["relations"]})
    assert not any("notes" in data for _, data in graph.nodes(data=True))  # personal data stays in the file


def test_what_a_command_made_is_kept_only_by_the_command_line(monkeypatch):
    """The command line (main) keeps each command's account and analysis until the process
    ends, so they are never freed object by object; a command run any other way (here
    CliRunner, as a program embedding the group would) keeps nothing."""
    from click.testing import CliRunner

    from powermap.cli import output

    result = CliRunner().invoke(cli, ["report", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-f", "json"])
    assert result.exit_code == 0 and output._KEPT is None
    monkeypatch.setattr(output, "_KEPT", None)
    output.keep_until_exit()
    result = CliRunner().invoke(cli, ["report", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-f", "json"])
    kinds = {type(made).__name__ for made in output._KEPT}
    assert result.exit_code == 0 and {"_Loaded", "Report"} <= kinds
