"""No output ever deletes or replaces what powermap did not write, and none touches an input.

The cases are those a careless user meets (an output folder that holds the input, ``-o .``,
an output inside a CSV-folder account, a folder they saved a file into) and what a kill at any
moment leaves behind: the old output or the new one, whole, and nothing stranded.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, REPO
from powermap import files
from powermap.errors import OutputError
from powermap.files import MARKER, write_output


def snapshot(root: Path) -> dict[str, str]:
    """Every file and link under ``root`` (or ``root`` itself) with a digest of its content."""
    found = {}
    paths = [root] if not root.is_dir() or root.is_symlink() else sorted(root.rglob("*"))
    for path in paths:
        key = str(path.relative_to(root.parent))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = "folder"
    return found


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A working folder like a user's: data/acme.yaml, accts/{a,b}.yaml, d2/in.yaml, a CSV-folder
    account k2/, and the current folder set to it."""
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLES / "kestrel-manufacturing.yaml", tmp_path / "data" / "acme.yaml")
    (tmp_path / "data" / "plan.docx").write_bytes(b"the user's own document")
    (tmp_path / "accts").mkdir()
    shutil.copy(EXAMPLES / "zachary-karate.yaml", tmp_path / "accts" / "a.yaml")
    shutil.copy(EXAMPLES / "riverside-hospital.yaml", tmp_path / "accts" / "b.yaml")
    (tmp_path / "d2").mkdir()
    shutil.copy(EXAMPLES / "zachary-karate.yaml", tmp_path / "d2" / "in.yaml")
    shutil.copytree(EXAMPLES / "kestrel-manufacturing", tmp_path / "k2")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Each case: the command as a user types it (in the desk folder), and the one line it must print.
REFUSED = [
    (["report", "data/acme.yaml", "-f", "csv", "-o", "data"],
     "data: refusing to write over a folder holding the input data/acme.yaml; choose another output"),
    (["report", "data/acme.yaml", "-f", "csv", "-o", "."],
     ".: refusing to write over a folder holding the input data/acme.yaml; choose another output"),
    (["report", "data/acme.yaml", "-f", "markdown", "-o", "data"],
     "data: refusing to write over a folder holding the input data/acme.yaml; choose another output"),
    (["portfolio", "accts/a.yaml", "accts/b.yaml", "-f", "html", "-o", "accts"],
     "accts: refusing to write over a folder holding the input accts/a.yaml; choose another output"),
    (["convert", "d2/in.yaml", "d2", "--force"],
     "d2: refusing to write over a folder holding the input d2/in.yaml; choose another output"),
    (["portfolio", "accts", "-f", "markdown", "-o", "accts/a.yaml"],
     "accts/a.yaml: refusing to write inside the input folder accts; choose an output outside it"),
    (["portfolio", "accts", "-f", "markdown", "-o", "accts/summary.md"],
     "accts/summary.md: refusing to write inside the input folder accts; choose an output outside it"),
    (["report", "k2", "-f", "json", "-o", "k2/stakeholders.csv"],
     "k2/stakeholders.csv: refusing to write inside the input folder k2; choose an output outside it"),
    (["report", "k2", "-f", "json", "-o", "data/../k2/new.json"],
     "data/../k2/new.json: refusing to write inside the input folder k2; choose an output outside it"),
    (["map", "k2", "-o", "k2/map.html"],
     "k2/map.html: refusing to write inside the input folder k2; choose an output outside it"),
    (["simulate", "data/acme.yaml", "--set", "frank_moreland.stance=supporter", "-o", "data/acme.yaml"],
     "data/acme.yaml: refusing to write over the input; choose another output"),
    (["diff", "accts/a.yaml", "d2/in.yaml", "-o", "d2"],
     "d2: refusing to write over a folder holding the input d2/in.yaml; choose another output"),
    # not an input, but a folder powermap did not write: never replaced, whatever the flags
    (["report", "data/acme.yaml", "-f", "csv", "-o", "accts"],
     "accts: is a folder powermap did not write (it holds a.yaml, b.yaml); powermap never replaces it: "
     "choose a new folder name"),
    (["convert", "accts/a.yaml", "k2", "--force"],
     "k2: is a folder powermap did not write (it holds account.csv, contacts.csv, departments.csv and 4 more); "
     "powermap never replaces it: choose a new folder name"),
    (["report", "data/acme.yaml", "-f", "csv", "-o", "data/acme.yaml"],
     "data/acme.yaml: refusing to write over the input; choose another output"),
]


@pytest.mark.parametrize("args, message", REFUSED, ids=[" ".join(args) for args, _ in REFUSED])
def test_an_output_that_would_touch_an_input_or_a_users_folder_is_refused(run, desk, args, message):
    before = snapshot(desk)
    result = run(*args)
    assert result.exit_code == 3, result.output
    assert result.stderr == message + "\n"
    assert snapshot(desk) == before  # nothing written, nothing deleted, no temporary left


def test_links_to_an_input_are_the_input(run, desk):
    os.symlink("data", desk / "link")
    os.link(desk / "data" / "acme.yaml", desk / "hard.yaml")
    before = snapshot(desk)
    for source, output in [("link/acme.yaml", "data/acme.yaml"), ("hard.yaml", "data/acme.yaml"),
                           ("data/acme.yaml", "link/acme.yaml"), ("data/acme.yaml", "hard.yaml")]:
        result = run("report", source, "-f", "json", "-o", output)
        assert result.exit_code == 3, (source, output, result.output)
        assert result.stderr == f"{output}: refusing to write over the input; choose another output\n"
    result = run("report", "data/acme.yaml", "-f", "csv", "-o", "link")
    assert result.stderr == "link: refusing to write over a folder holding the input data/acme.yaml; choose another output\n"
    assert snapshot(desk) == before


def test_a_folder_powermap_wrote_is_replaced_and_one_holding_a_users_file_is_not(run, desk):
    assert run("report", "data/acme.yaml", "-f", "csv", "-o", "out").exit_code == 0
    marker = (desk / "out" / MARKER).read_text(encoding="utf-8").splitlines()
    assert marker[1:] == sorted(path.name for path in (desk / "out").iterdir() if path.name != MARKER)
    (desk / "out" / "key_persons.csv").write_text("edited by hand, still powermap's file\n", encoding="utf-8")
    result = run("report", "data/acme.yaml", "-f", "csv", "-o", "out")
    assert result.exit_code == 0, result.output
    assert (desk / "out" / "key_persons.csv").read_text(encoding="utf-8-sig").startswith("id,name,rank")
    (desk / "out" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    before = snapshot(desk)
    result = run("report", "data/acme.yaml", "-f", "csv", "-o", "out")
    assert result.exit_code == 3
    assert result.stderr == ("out: holds files powermap did not write (notes.txt); powermap never deletes them: "
                             "move them out, or choose a new folder name\n")
    assert snapshot(desk) == before
    assert sorted(path.name for path in desk.iterdir()) == ["accts", "d2", "data", "k2", "out"]


def test_a_marker_that_is_not_powermaps_does_not_count(run, desk):
    (desk / "mine").mkdir()
    (desk / "mine" / MARKER).write_text("anything\n", encoding="utf-8")
    (desk / "mine" / "key_persons.csv").write_text("mine\n", encoding="utf-8")
    result = run("report", "data/acme.yaml", "-f", "csv", "-o", "mine")
    assert result.exit_code == 3
    assert "is a folder powermap did not write" in result.stderr
    assert (desk / "mine" / "key_persons.csv").read_text(encoding="utf-8") == "mine\n"


def test_convert_and_pull_replace_a_folder_only_with_force_and_only_their_own(run, desk):
    assert run("convert", "accts/a.yaml", "csv-out").exit_code == 0
    assert run("convert", "accts/a.yaml", "csv-out").stderr == \
        "csv-out: already exists; choose another name or remove it first\n"
    result = run("convert", "accts/b.yaml", "csv-out", "--force")
    assert result.exit_code == 0, result.output
    assert run("check", "csv-out").exit_code == 0
    assert "Riverside" in (desk / "csv-out" / "account.csv").read_text(encoding="utf-8-sig")


def test_a_file_output_never_replaces_a_folder_and_a_folder_output_never_a_file(run, desk):
    (desk / "report.txt").write_text("mine\n", encoding="utf-8")
    result = run("report", "data/acme.yaml", "-f", "csv", "-o", "report.txt")
    assert (result.exit_code, result.stderr) == (3, "report.txt: is a file; this output is a folder of files: "
                                                    "choose a new folder name\n")
    result = run("report", "data/acme.yaml", "-f", "json", "-o", "accts")
    assert (result.exit_code, result.stderr) == (3, "accts: is a folder; give a file name\n")


def test_a_default_map_name_is_a_safe_file_name_whatever_the_id(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_id = "x" * 300
    (tmp_path / "long.yaml").write_text(f"account: {{id: {long_id}, name: Long}}\nstakeholders:\n  - {{id: a, name: A}}\n",
                                        encoding="utf-8")
    result = run("map", "long.yaml")
    assert result.exit_code == 0, result.output
    written = [path.name for path in tmp_path.iterdir() if path.suffix == ".html"]
    assert written == ["x" * 90 + "-" + f"{__import__('zlib').crc32(long_id.encode()):08x}.html"]


def test_a_name_too_long_for_the_system_is_an_output_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "y" * 300)
    assert result.exit_code == 3
    assert result.stderr == f"{'y' * 300}.yaml: the name is too long for this system (305 bytes); choose a shorter one\n"
    assert list(tmp_path.iterdir()) == []


def test_standard_output_on_a_full_disk_is_an_output_error():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for args in (["report", str(EXAMPLES / "zachary-karate.yaml"), "-f", "json"], ["--help"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "powermap", *args], stdout=full, stderr=subprocess.PIPE,
                                  text=True, timeout=120)
        assert done.returncode == 3, done.stderr
        assert done.stderr == "powermap: cannot write the output: No space left on device\n"


# -- a kill at any moment -----------------------------------------------------------------------

_FILL = """
import sys
from pathlib import Path
from powermap.files import write_output

target, version, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

def fill(folder):
    for number in range(count):
        (Path(folder) / f"{number:05d}.txt").write_text(f"{version} {number}\\n" * 20)
    print("filled", flush=True)  # what follows is the swap and the removal of the old folder

write_output(target, fill, overwrite=True, folder=True)
"""


def _whole(folder: Path, count: int) -> str:
    """The one version every file of the folder holds; fails if the folder is partial or mixed."""
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted([MARKER] + [f"{number:05d}.txt" for number in range(count)]), f"{len(names)} entries"
    versions = {(folder / f"{number:05d}.txt").read_text().split()[0] for number in range(count)}
    assert len(versions) == 1, versions
    return versions.pop()


def _debris(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.rglob("*") if ".powermap-" in path.name and path.name != MARKER)


def _timed_run(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, timeout=300)
    return time.perf_counter() - started


def test_a_folder_killed_at_random_moments_is_always_the_old_or_the_new_one(tmp_path):
    """Replacing a folder of 2,000 files, killed with SIGKILL at seeded random moments: half of
    them anywhere in the run, half in the swap and the removal of the old folder."""
    count, target = 2000, tmp_path / "out"
    command = [sys.executable, "-c", _FILL, str(target)]
    _timed_run(command + ["v0", str(count)])
    started = time.perf_counter()
    process = subprocess.Popen(command + ["v1", str(count)], stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    filled = time.perf_counter()
    process.wait(timeout=300)
    duration, swap = time.perf_counter() - started, time.perf_counter() - filled
    assert _whole(target, count) == "v1"
    shuffle, current = random.Random(13), "v1"
    for trial in range(2, 20):
        version = f"v{trial}"
        process = subprocess.Popen(command + [version, str(count)], stdout=subprocess.PIPE, text=True)
        if trial % 2:
            time.sleep(shuffle.uniform(0.0, duration))
        else:
            assert process.stdout.readline() == "filled\n"
            time.sleep(shuffle.uniform(0.0, swap))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stdout.close()
        found = _whole(target, count)  # whole, never a mixture or half deleted
        assert found in (current, version)
        current = found
    # the next write removes what the killed ones left behind
    _timed_run(command + ["final", str(count)])
    assert _whole(target, count) == "final"
    assert _debris(tmp_path) == []


def test_a_report_killed_at_random_moments_leaves_the_old_or_the_new_report(tmp_path):
    """``powermap report -f csv`` and ``-f json`` into existing outputs, killed at random."""
    old_source, new_source = EXAMPLES / "zachary-karate.yaml", EXAMPLES / "krackhardt-hightech.yaml"
    reports = {}
    for name, source in (("old", old_source), ("new", new_source)):
        subprocess.run([sys.executable, "-m", "powermap", "report", str(source), "-f", "csv", "-o",
                        str(tmp_path / f"{name}-csv")], check=True, timeout=300)
        subprocess.run([sys.executable, "-m", "powermap", "report", str(source), "-f", "json", "-o",
                        str(tmp_path / f"{name}.json")], check=True, timeout=300)
        reports[name] = (snapshot(tmp_path / f"{name}-csv"), (tmp_path / f"{name}.json").read_bytes())
    folder, single = tmp_path / "live-csv", tmp_path / "live.json"
    shutil.copytree(tmp_path / "old-csv", folder)
    shutil.copy(tmp_path / "old.json", single)
    rename = {f"old-csv{os.sep}": f"live-csv{os.sep}", "old-csv": "live-csv", f"new-csv{os.sep}": f"live-csv{os.sep}",
              "new-csv": "live-csv"}

    def as_live(found: dict[str, str]) -> dict[str, str]:
        renamed = {}
        for key, value in found.items():
            for old, new in rename.items():
                if key.startswith(old):
                    key = new + key[len(old):]
                    break
            renamed[key] = value
        return renamed

    wanted = [as_live(reports["old"][0]), as_live(reports["new"][0])]
    duration = _timed_run([sys.executable, "-m", "powermap", "report", str(new_source), "-f", "csv", "-o",
                           str(tmp_path / "timing")])
    shuffle = random.Random(7)
    for trial in range(8):
        source = (old_source, new_source)[trial % 2]
        for form, out in (("csv", folder), ("json", single)):
            process = subprocess.Popen([sys.executable, "-m", "powermap", "report", str(source), "-f", form, "-o",
                                        str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(shuffle.uniform(duration * 0.5, duration * 1.2))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        assert snapshot(folder) in wanted
        assert single.read_bytes() in (reports["old"][1], reports["new"][1])
    subprocess.run([sys.executable, "-m", "powermap", "report", str(new_source), "-f", "csv", "-o", str(folder)],
                   check=True, timeout=300)
    subprocess.run([sys.executable, "-m", "powermap", "report", str(new_source), "-f", "json", "-o", str(single)],
                   check=True, timeout=300)
    assert _debris(tmp_path) == []


def test_a_swap_cut_between_its_two_renames_is_undone_by_the_next_write(tmp_path, monkeypatch):
    """Where the system cannot exchange two folders in one step, the old folder is renamed aside
    first; a kill right then leaves it whole under its aside name, and the next write puts it
    back before deciding anything."""
    target = tmp_path / "out"
    write_output(target, lambda folder: (folder / "a.txt").write_text("old"), folder=True)
    monkeypatch.setattr(files, "_rename2", lambda source, target, flags: False)
    real_rename, calls = os.rename, []

    def cut(source, destination):
        calls.append((source, destination))
        if len(calls) == 2:  # the kill: after the old folder went aside, before the new came in
            raise KeyboardInterrupt
        real_rename(source, destination)

    monkeypatch.setattr(files.os, "rename", cut)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, lambda folder: (folder / "a.txt").write_text("new"), overwrite=True, folder=True)
    monkeypatch.setattr(files.os, "rename", real_rename)
    assert not target.exists()
    aside = [path for path in tmp_path.iterdir() if path.name.endswith(".old")]
    assert len(aside) == 1 and (aside[0] / "a.txt").read_text() == "old"
    # as if left by a process that is gone: the same name with a pid that does not run
    gone = aside[0].with_name(aside[0].name.replace(f"-{os.getpid()}-", "-999999999-"))
    aside[0].rename(gone)
    with pytest.raises(OutputError, match="already exists"):
        write_output(target, lambda folder: (folder / "a.txt").write_text("newer"), folder=True)
    assert (target / "a.txt").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_temporaries_of_a_running_process_are_left_alone(tmp_path):
    target = tmp_path / "report.md"
    alive = tmp_path / files._temporary_name("report.md", "tmp")  # this process: still running
    alive.write_text("being written")
    gone = tmp_path / alive.name.replace(f"-{os.getpid()}-", "-999999999-")
    gone.write_text("left by a kill")
    other_host = tmp_path / alive.name.replace(f"{files._HOST}-{os.getpid()}", f"elsewhere-{os.getpid() + 1}")
    other_host.write_text("another machine's, on a shared folder")
    write_output(target, lambda path: path.write_text("done"))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["report.md", alive.name, other_host.name])


# -- the property: no output path can touch an input --------------------------------------------

_PARTS = ["a", "b", "c", "x.yaml", "y.csv", "z.yaml", "la", "lx", "hz", "..", ".", "new", "new.md"]


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "c").mkdir()
    (root / "a" / "x.yaml").write_text("x")
    (root / "a" / "b" / "y.csv").write_text("y")
    (root / "c" / "z.yaml").write_text("z")
    (root / "c" / "new").mkdir()
    os.symlink(root / "a", root / "la")
    os.symlink(root / "a" / "x.yaml", root / "c" / "lx")
    os.link(root / "c" / "z.yaml", root / "hz")
    write_output(root / "c" / "ours", lambda folder: (folder / "r.csv").write_text("r"), folder=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    inputs=st.lists(st.sampled_from(["a/x.yaml", "a/b", "c/z.yaml", "a", "la/b/y.csv", "hz"]), min_size=1, max_size=3),
    parts=st.lists(st.sampled_from(_PARTS), min_size=1, max_size=4),
    folder=st.booleans(),
    overwrite=st.booleans(),
)
def test_no_output_path_can_touch_an_input(inputs, parts, folder, overwrite):
    with tempfile.TemporaryDirectory() as scratch:
        # deep enough that four '..' stay inside the scratch folder, which is what is compared
        top = Path(scratch) / "top"
        root = top / "s1" / "s2" / "s3" / "desk"
        root.mkdir(parents=True)
        _tree(root)
        protected = {source: snapshot((root / source).resolve()) for source in inputs}
        every = snapshot(top)

        def fill(path: Path) -> None:
            if folder:
                (path / "out.csv").write_text("output")
            else:
                path.write_text("output")

        target = root.joinpath(*parts)
        try:
            write_output(target, fill, overwrite=overwrite, inputs=[root / source for source in inputs], folder=folder)
            wrote = True
        except OutputError:
            wrote = False
        for source in inputs:  # every input, file or folder, exactly as it was
            assert snapshot((root / source).resolve()) == protected[source], (source, parts)
        after = snapshot(top)
        changed = {key for key in set(every) | set(after) if every.get(key) != after.get(key)}
        if not wrote:
            assert changed == set()
        else:  # only the target changed (a link named as the target is replaced, not followed)
            written = str((target.parent.resolve() / target.name).relative_to(top.parent))
            assert all(key == written or key.startswith(written + os.sep) for key in changed), (parts, changed)
        assert not [name for name in after if ".powermap-" in name and os.path.basename(name) != MARKER]

