"""Work on another core (an analysis, loading a file): the same result as here, and a failing
child changes nothing."""

import json
import os
import subprocess
import sys

from pathlib import Path

import pytest

from powermap import alongside as alongside_module
from powermap import loaders
from powermap.alongside import ALONGSIDE_FROM, alongside, can_fork
from powermap.analysis import account_analysis
from powermap.errors import AccountError
from powermap.loaders import load
from powermap.report import analyze

from powermap.writers import write_account

from benchmarks.generate import generate_account
from conftest import REPO

forking = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


@forking
def test_work_that_pays_runs_in_another_process():
    here = os.getpid()
    assert alongside(os.getpid, True)() != here
    assert alongside(os.getpid, False)() == here  # not worth a fork


@forking
def test_the_forked_copy_yields_the_cores_to_the_process_that_waits_for_it():
    """The copy runs YIELD steps of niceness below this process (the most a system allows is
    19), so this process, which goes on with its own work, is never the one kept waiting."""
    from powermap.alongside import YIELD

    here = os.nice(0)
    assert YIELD > 0
    assert alongside(lambda: os.nice(0), True)() == min(19, here + YIELD)
    assert os.nice(0) == here  # this process keeps its priority

    def nested():  # a copy's copy: its half of the work runs as the copy does, which waits for it
        return os.nice(0), alongside(lambda: os.nice(0), True)()

    assert alongside(nested, True)() == (min(19, here + YIELD),) * 2


def _tell_pid(where: Path) -> None:
    """Write this process's id to ``where`` whole (readers wait for the file to exist)."""
    (where.parent / f".{where.name}").write_text(str(os.getpid()))
    os.replace(where.parent / f".{where.name}", where)


def _told_pid(where: Path) -> int:
    for _ in range(2_000_000):  # a bound, so that a test fails instead of hanging
        if where.exists():
            return int(where.read_text())
        os.sched_yield()
    raise AssertionError(f"no process wrote its id to {where}")


def _gone(pid: int) -> bool:
    """Whether a process has ended (gone, or a zombie its parent has not collected yet)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone before or while it was read
        return True


@forking
def test_a_copy_that_finishes_first_is_read_while_another_is_waited_for(tmp_path):
    """Two copies: the second answers at once with more than a pipe holds, so it can end only
    once its answer is read; the first waits for it to end. Waiting for the first must read
    the second meanwhile, or the first would wait for ever (here: until the bound, then say so)."""
    where = tmp_path / "second"

    def first():
        pid = _told_pid(where)
        for _ in range(200_000):  # a bound, so that the test fails instead of hanging
            if _gone(pid):
                return "the second was read meanwhile"
            os.sched_yield()
        return "the second was never read"

    def second():
        _tell_pid(where)
        return b"x" * (1 << 20)

    waited = alongside(first, True)
    finished = alongside(second, True)
    assert waited() == "the second was read meanwhile"
    assert finished() == b"x" * (1 << 20)


@forking
def test_a_copy_never_reads_the_answers_of_its_starter_s_other_copies(tmp_path):
    """A copy that waits for its own copy must not take the answer another copy of its starter
    left in the pipe they share (nor wait for a process that is not its own): either would
    be lost, and computed again by the starter itself."""
    here = os.getpid()
    where = tmp_path / "earlier"

    def earlier_work():
        _tell_pid(where)
        return os.getpid()

    earlier = alongside(earlier_work, True)  # answers at once; its answer waits in the pipe

    def nested():
        pid = _told_pid(where)
        for _ in range(200_000):  # until the earlier copy has answered and ended (bounded)
            if _gone(pid):
                break
            os.sched_yield()
        assert alongside(os.getpid, True)() != os.getpid()
        return os.getpid()

    assert alongside(nested, True)() != here  # it ran, whole, in a copy
    assert earlier() != here


def _in_a_pool_worker():
    return can_fork()


@forking
def test_a_pool_worker_does_not_fork_again():
    """A portfolio's workers use every core already."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(_in_a_pool_worker).result() is False


@forking
def test_a_child_that_fails_or_dies_is_replaced_by_the_call_here():
    here = os.getpid()

    def failing():
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return "computed here"

    def dying():
        if os.getpid() != here:
            os._exit(9)
        return "computed here"

    assert alongside(failing, True)() == "computed here"
    assert alongside(dying, True)() == "computed here"


@forking
def test_the_report_is_the_same_with_brokers_and_factions_computed_alongside(monkeypatch):
    account = generate_account(300, seed=2)
    inline = analyze(account).to_dict()
    monkeypatch.setattr("powermap.analysis.account_analysis.ALONGSIDE_FROM", 0)
    calls = []
    real = alongside_module.alongside

    def counted(function, pays):
        calls.append(pays)
        return real(function, pays)

    monkeypatch.setattr("powermap.analysis.account_analysis.alongside", counted)
    assert analyze(account).to_dict() == inline
    assert calls == [True, True]  # brokers and factions were sent to other processes


def test_the_libraries_are_imported_before_any_analysis_is_forked(monkeypatch):
    """numpy and igraph are imported here before the factions' copy is forked, so that the
    copy does not import them again."""
    account = generate_account(300, seed=2)
    monkeypatch.setattr("powermap.analysis.account_analysis.ALONGSIDE_FROM", 0)
    steps = []
    real_libraries = account_analysis.load_libraries
    monkeypatch.setattr("powermap.analysis.account_analysis.load_libraries",
                        lambda engine: (steps.append("libraries"), real_libraries(engine))[1])
    monkeypatch.setattr("powermap.analysis.account_analysis.alongside",
                        lambda function, pays: (steps.append("fork"), function)[1])  # run here when asked
    analyze(account)
    assert steps[0] == "libraries" and steps.count("fork") == 2


@forking
def test_the_command_forks_the_loading_and_analyses_of_a_big_account_and_writes_the_same_report(tmp_path, monkeypatch):
    """End to end: the real process (which leaves with os._exit) loads a mid-size YAML file
    and computes brokers and factions from ALONGSIDE_FROM people in forked copies, and writes
    the report the analyses give in one process."""
    people = ALONGSIDE_FROM + 100
    account = tmp_path / "account.yaml"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(people), "-o", str(account)], check=True, cwd=REPO,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-m", "powermap", "report", str(account), "-f", "json", "-o", str(tmp_path / "r.json")],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    low, high = loaders.LOAD_ALONGSIDE_BYTES["yaml"]
    assert low <= account.stat().st_size <= high
    monkeypatch.setattr("powermap.analysis.account_analysis.ALONGSIDE_FROM", 10**9)  # here: everything in this process
    inline = json.loads(json.dumps(analyze(load(account)).to_dict(), ensure_ascii=False))
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == inline


def _loaded_where(monkeypatch, tmp_path) -> Path:
    """Make each load append the id of the process it runs in to a file, which is returned."""
    record = tmp_path / "pids"
    real = loaders.read_account

    def recorded(path, **options):
        with open(record, "a", encoding="utf-8") as pids:
            pids.write(f"{os.getpid()}\n")
        return real(path, **options)

    monkeypatch.setattr(loaders, "read_account", recorded)
    return record


def _size(path: Path) -> int:
    """A file's size, or a CSV folder's tables together."""
    return sum(table.stat().st_size for table in path.glob("*.csv")) if path.is_dir() else path.stat().st_size


@forking
@pytest.mark.parametrize(("name", "form", "people"), [("account.yaml", "yaml", 300), ("account.xlsx", "excel", 12),
                                                      ("tables", "csv", 1000), ("account.json", "json", 500)])
def test_a_mid_size_file_or_folder_loads_in_another_process_while_the_caller_works(
        tmp_path, monkeypatch, name, form, people):
    path = tmp_path / name
    write_account(generate_account(people, seed=4), path)
    low, high = loaders.LOAD_ALONGSIDE_BYTES[form]
    assert low <= _size(path) <= high
    expected = load(path)
    record = _loaded_where(monkeypatch, tmp_path)
    work = []
    assert load(path, meanwhile=lambda: work.append(os.getpid())) == expected
    assert work == [os.getpid()]  # the caller's work, once, here
    assert [int(pid) for pid in record.read_text().split()] != [os.getpid()]


@pytest.mark.parametrize(("name", "form", "people", "top"), [
    ("account.yaml", "yaml", 12, None), ("account.json", "json", 12, None), ("tables", "csv", 12, None),
    ("tables", "csv", 1000, 100 * 1024),  # above a range (here a lower one, to keep the account small)
])
def test_a_small_or_a_big_file_loads_here_without_the_work(tmp_path, monkeypatch, name, form, people, top):
    """A file (or CSV folder) below its form's range, or above it, loads in this process; the
    caller does its work after, when it needs it."""
    path = tmp_path / name
    write_account(generate_account(people, seed=4), path)
    if top is not None:
        monkeypatch.setitem(loaders.LOAD_ALONGSIDE_BYTES, form, (loaders.LOAD_ALONGSIDE_BYTES[form][0], top))
    low, high = loaders.LOAD_ALONGSIDE_BYTES[form]
    assert not low <= _size(path) <= high
    record = _loaded_where(monkeypatch, tmp_path)
    work = []
    assert load(path, meanwhile=lambda: work.append("imported")) == load(path)
    assert work == []
    assert set(record.read_text().split()) == {str(os.getpid())}


@forking
@pytest.mark.parametrize(("name", "people", "table", "before", "after"), [
    ("account.yaml", 300, None, "stance: ", "stance: sworn enemy # "),
    ("account.json", 500, None, '"stance": "', '"stance": "sworn enemy '),
    ("tables", 1000, "stakeholders.csv", ",decision_maker,supporter,", ",decision_maker,sworn enemy,"),
])
def test_a_bad_mid_size_file_raises_its_located_error_here(tmp_path, name, people, table, before, after):
    """The child fails; the load here raises the error it would have raised anyway."""
    path = tmp_path / name
    write_account(generate_account(people, seed=4), path)
    edited = path / table if table else path
    text = edited.read_text(encoding="utf-8")
    assert before in text
    edited.write_text(text.replace(before, after, 1), encoding="utf-8")
    assert loaders._loads_alongside(path)
    with pytest.raises(AccountError) as alone:
        load(path)
    work = []
    with pytest.raises(AccountError) as forked:
        load(path, meanwhile=lambda: work.append("imported"))
    assert str(forked.value) == str(alone.value) and "sworn enemy" in str(alone.value)
    assert work == ["imported"]


def _made_in(value):
    """What a Handed result below arrives as: the value and the process that made it."""
    return value, os.getpid()


@pytest.mark.parametrize("pays", [True, False])
def test_a_handed_result_arrives_made_where_it_is_read(pays):
    """A result that crosses as one thing and stands for another (Handed) is made in the
    process that reads it, whether the work ran in a forked copy or here."""
    from powermap.alongside import Handed

    here = os.getpid()
    value, made_by = alongside(lambda: Handed(("lists", os.getpid() == here), _made_in), pays and can_fork())()
    assert made_by == here
    assert value == ("lists", not (pays and can_fork()))  # computed in the copy when it paid


def test_the_brokers_handed_back_are_the_brokers():
    """The brokers cross between processes as lists (brokers_handed) and arrive as brokers:
    equal to those computed here, every field set, in the field order, their reasons said
    alike; and made from the lists as the dataclass itself makes them."""
    import dataclasses
    import pickle

    from powermap.analysis.brokers import Broker, brokers, brokers_handed
    from powermap.analysis.graph import build_graph

    graph = build_graph(generate_account(600, seed=2, shape="dense"))
    here = brokers(graph)
    arrived = pickle.loads(pickle.dumps(brokers_handed(graph), protocol=pickle.HIGHEST_PROTOCOL))
    assert len(here) > 400 and arrived == here
    names = [field.name for field in dataclasses.fields(Broker)]
    for mine, theirs in zip(here, arrived):
        assert list(vars(theirs)) == names
        assert Broker(**{name: getattr(mine, name) for name in names}) == theirs
        assert tuple(theirs.reasons) == tuple(mine.reasons) and repr(theirs) == repr(mine)
    assert pickle.loads(pickle.dumps(arrived)) == here
