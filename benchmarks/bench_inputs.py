"""Hostile and careless inputs: how long `powermap check` takes on each and how much memory.

    python -m benchmarks.bench_inputs                    # every input; rewrites docs/performance.md
    python -m benchmarks.bench_inputs --only did-you-mean --no-write
    python -m benchmarks.bench_inputs --timeout 300      # give up on one input after 300 s
    python -m benchmarks.bench_inputs --code /tmp/old --only did-you-mean --no-write   # an older checkout

Each input is made in a temporary folder, then checked by ``python -m powermap check`` in a
fresh process, timed from start to exit; its peak memory is the process's own maximum
resident set (``VmHWM``, sampled), and the lines it printed are counted. The inputs are those a
security review found exhausting powermap:

- **did you mean**: a generated account (``benchmarks.generate``) of 5,000 people with 1,000
  references to people who are not in it (typing errors of real ids: a character changed,
  dropped or added), and 20,000 people with 5,000; also every one of those "did you mean"
  searches made by the library (:func:`powermap.model.integrity.find_problems`, not capped),
  against difflib over every id for a sample of them;
- **workbook**: 1.5 MB declaring ``A1:B30000000`` with 5,000,000 duplicate rows, one of
  600,000 duplicate rows that unpacks to less than the limit, and one of 200,000 rows each
  holding an empty cell in column XFD (16,384 cells wide to openpyxl);
- **CSV folder**: 200 MB of duplicate ids; 60 MB of them (more records than the limit
  allows); 1,000,000 of them (fewer);
- **YAML and JSON**: 55 MB of YAML records with an unknown key each; 60 MB of JSON records of
  two letters; a 1 MB string aliased 2,000 times;
- **not a file**: ``x.yaml`` a link to ``/dev/zero``, and a named pipe.

Rewrites the block between the ``bench-inputs`` markers in docs/performance.md.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.common import child_env, machine_line, seconds, write_block

MB = 1024 * 1024
CHILD_ENV = child_env(POWERMAP_MAX_INPUT_MB=None)  # the checks run with the default limits


# --- running one check -----------------------------------------------------------------------


def _high_water_kb(pid: int) -> int | None:
    """The peak resident set of the program ``pid`` runs (VmHWM), or ``None`` once it is gone.

    Not ``wait4``'s maximum: a child started by fork or vfork counts the parent's memory of
    before its exec as its own."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def check(path: Path, timeout: float, *extra: str, code: Path | None = None) -> dict:
    """``powermap check PATH`` in a fresh process: seconds, peak MB, lines printed, exit status
    (``None`` when it was stopped after ``timeout`` seconds). The peak is sampled every 10 ms
    (a high-water mark, so only a peak in the last 10 ms could be missed). ``code`` is a
    folder holding another version of the ``powermap`` package to run instead."""
    env = {**CHILD_ENV, "PYTHONPATH": str(code)} if code else CHILD_ENV
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "powermap", "check", "-q", str(path), *extra],
                                   stdout=out, stderr=err, env=env, cwd=path.parent)
        status, peak = None, 0
        while True:
            peak = max(peak, _high_water_kb(process.pid) or 0)
            if process.poll() is not None:
                status = process.returncode
                break
            if time.perf_counter() - started > timeout:
                process.send_signal(signal.SIGKILL)
                process.wait()
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").splitlines()
    return {"seconds": elapsed, "peak_mb": peak / 1024, "lines": len(lines), "status": status,
            "first": lines[0][:160] if lines else "", "last": lines[-1][:160] if lines else ""}


# --- the inputs ------------------------------------------------------------------------------


def _typo(rng: random.Random, ident: str) -> str:
    chars = list(ident)
    spot = rng.randrange(1, len(chars))
    change = rng.randrange(3)
    if change == 0:
        chars[spot] = rng.choice("0123456789xyz")
    elif change == 1:
        del chars[spot]
    else:
        chars.insert(spot, rng.choice("0123456789"))
    return "".join(chars)


def broken_references(people: int, broken: int, path: Path) -> list[str]:
    """A generated account of ``people`` in which ``broken`` people report to someone who is
    not in it (a typing error of a real id); returns the wrong ids."""
    from benchmarks.generate import generate_document

    document = generate_document(people, seed=0)
    rng = random.Random(1)
    ids = {person["id"] for person in document["stakeholders"]}
    ordered = sorted(ids)
    wrong = []
    for person in rng.sample(document["stakeholders"], broken):
        while (typo := _typo(rng, rng.choice(ordered))) in ids:
            pass
        person["reports_to"] = typo
        wrong.append(typo)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return wrong


def searches(path: Path, wrong: list[str], sample: int) -> dict:
    """Every "did you mean" of the file through the library (nothing capped), and difflib over
    every id for the first ``sample`` of them."""
    from powermap.loaders.build import _table_records, _validate
    from powermap.loaders.json_file import read_json
    from powermap.errors import IssueLog
    from powermap.model import TABLES
    from powermap.model.integrity import find_problems

    document, source = read_json(path, path.name)
    log = IssueLog(path.name, cap=10**9)
    tables = {name: _validate(name, model, [document[name]] if name == "account" else _table_records(name, document.get(name), source, log), source, log)
              for name, model in TABLES.items()}
    started = time.perf_counter()
    problems = find_problems(tables)
    indexed = time.perf_counter() - started
    ids = [person.id for person in tables["stakeholders"] if person is not None]
    started = time.perf_counter()
    for value in wrong[:sample]:
        difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
    per_search = (time.perf_counter() - started) / sample
    return {"searches": len(problems), "indexed": indexed, "difflib_each": per_search, "sample": sample}


def _sheet_xml(rows: int, declared: str, out) -> None:
    """A stakeholders sheet of ``rows`` identical rows, declaring ``declared`` as its size."""
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><dimension ref="' + declared.encode() + b'"/><sheetData>')
    out.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t>'
              b'</is></c></row>')
    row = b'<row><c t="inlineStr"><is><t>dup</t></is></c><c t="inlineStr"><is><t>Dup</t></is></c></row>'
    chunk = row * 10_000
    for _ in range(rows // 10_000):
        out.write(chunk)
    out.write(row * (rows % 10_000))
    out.write(b"</sheetData></worksheet>")


def _small_workbook() -> io.BytesIO:
    """A workbook made by openpyxl: an account sheet and an empty stakeholders sheet
    (``xl/worksheets/sheet2.xml``, which the hostile workbooks replace)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "account"
    book.active.append(["id", "name"])
    book.active.append(["acme", "Acme"])
    book.create_sheet("stakeholders").append(["id", "name"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer


def duplicate_workbook(path: Path, rows: int, declared: str) -> None:
    """A workbook made by openpyxl whose stakeholders sheet is replaced by ``rows`` duplicates."""
    with zipfile.ZipFile(_small_workbook()) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet2.xml":
                with target.open(member.filename, "w", force_zip64=True) as sheet:
                    _sheet_xml(rows, declared, sheet)
            else:
                target.writestr(member.filename, source.read(member.filename))


def far_cells_workbook(path: Path, rows: int) -> None:
    """A workbook whose stakeholders sheet has ``rows`` rows of one id each and an empty cell in
    column XFD, the last of a sheet (so every row is 16,384 cells wide to openpyxl)."""
    with zipfile.ZipFile(_small_workbook()) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet2.xml":
                target.writestr(member.filename, source.read(member.filename))
                continue
            with target.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is>'
                            b'</c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>')
                for number in range(2, rows + 2):
                    sheet.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>p%d</t></is></c><c r="XFD%d"/></row>'
                                % (number, number, number, number))
                sheet.write(b"</sheetData></worksheet>")


def duplicate_csv(folder: Path, rows: int | None = None, size: int | None = None) -> None:
    """A CSV folder whose stakeholders.csv repeats one id: ``rows`` rows, or ``size`` bytes."""
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    line = b"dup,Dup\n"
    rows = rows if rows is not None else size // len(line)
    with open(folder / "stakeholders.csv", "wb") as out:
        out.write(b"id,name\n")
        chunk = line * 100_000
        for _ in range(rows // 100_000):
            out.write(chunk)
        out.write(line * (rows % 100_000))


def unknown_keys_yaml(path: Path, size: int) -> None:
    """YAML records with an unknown key each, ``size`` bytes in all."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("account: {id: acme, name: Acme}\nstakeholders:\n")
        written, number = 0, 0
        while written < size:
            line = f"  - {{id: p{number}, name: Person {number}, colour: red}}\n"
            out.write(line)
            written += len(line)
            number += 1


def tiny_records_json(path: Path, size: int) -> None:
    """A JSON account of ``size`` bytes of tiny stakeholder records."""
    record = '{"id":"a","name":"b"},'
    count = size // len(record)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"account":{"id":"acme","name":"Acme"},"stakeholders":[')
        chunk = record * 10_000
        for _ in range(count // 10_000):
            out.write(chunk)
        out.write(record * (count % 10_000))
        out.write('{"id":"a","name":"b"}]}')


def alias_yaml(path: Path) -> None:
    """A 1 MB string aliased 2,000 times (below the count of aliased values refused)."""
    lines = ["account:", "  id: acme", "  name: Acme", "  notes: &big " + "x" * MB, "stakeholders:"]
    lines += [f"  - {{id: p{number}, name: P, notes: *big}}" for number in range(2000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the run ---------------------------------------------------------------------------------

CASES = ("did-you-mean", "workbook", "csv", "yaml", "not-a-file")  # "yaml" includes the JSON case


def measure(only: set[str], timeout: float, folder: Path, log, code: Path | None = None) -> list[dict]:
    rows: list[dict] = []

    def run(case: str, name: str, path: Path, what: str, *extra: str) -> None:
        size = _size(path)
        log(f"{name}: {size / MB:.1f} MB")
        found = check(path, timeout, *extra, code=code)
        log(f"  {found['seconds']:.1f} s, {found['peak_mb']:.0f} MB, {found['lines']} lines: {found['last']}")
        rows.append({"case": case, "name": name, "size": size, "what": what, **found})

    if "did-you-mean" in only:
        for people, broken in ((5_000, 1_000), (20_000, 5_000)):
            path = folder / f"broken-{people}.json"
            wrong = broken_references(people, broken, path)
            run("did-you-mean", f"JSON: {people:,} people, {broken:,} unknown references", path,
                "200 errors with their suggestion, then one line for the rest")
            if code is None:  # the library of this checkout
                found = searches(path, wrong, sample=20)
                log(f"  library: {found['searches']} searches in {found['indexed']:.2f} s; "
                    f"difflib {found['difflib_each'] * 1000:.0f} ms each")
                rows[-1]["library"] = found
    if "workbook" in only:
        path = folder / "declared.xlsx"
        duplicate_workbook(path, 5_000_000, "A1:B30000000")
        run("workbook", "workbook: 5,000,000 duplicate rows declaring A1:B30000000", path, "refused: unpacks past the limit")
        path = folder / "duplicates.xlsx"
        duplicate_workbook(path, 600_000, "A1:B30000000")
        run("workbook", "workbook: 600,000 duplicate rows declaring A1:B30000000", path, "200 errors, then one line for the rest")
        path = folder / "far.xlsx"
        far_cells_workbook(path, 200_000)
        run("workbook", "workbook: 200,000 rows reaching column XFD", path, "refused at the first cell over the limit")
    if "csv" in only:
        for name, kwargs, what in (("CSV folder: 200 MB of duplicate ids", {"size": 200 * MB}, "refused: over the size limit"),
                                   ("CSV folder: 60 MB of duplicate ids", {"size": 60 * MB}, "refused at the first record over the limit"),
                                   ("CSV folder: 1,000,000 duplicate ids", {"rows": 1_000_000}, "200 errors, then one line for the rest")):
            path = folder / name.split()[2].replace(",", "")
            duplicate_csv(path, **kwargs)
            run("csv", name, path, what)
    if "yaml" in only:
        path = folder / "unknown-keys.yaml"
        unknown_keys_yaml(path, 55 * MB)
        run("yaml", "YAML: 55 MB of records with an unknown key", path, "refused at the first record over the limit")
        path = folder / "tiny.json"
        tiny_records_json(path, 60 * MB)
        run("yaml", "JSON: 60 MB of records of two letters", path, "refused: more records than the limit allows")
        path = folder / "alias.yaml"
        alias_yaml(path)
        run("yaml", "YAML: a 1 MB string aliased 2,000 times", path, "refused at the alias that passes the limit")
    if "not-a-file" in only:
        path = folder / "x.yaml"
        path.symlink_to("/dev/zero")
        run("not-a-file", "x.yaml linked to /dev/zero", path, "refused without reading")
        path = folder / "pipe.yaml"
        os.mkfifo(path)
        run("not-a-file", "a named pipe", path, "refused without waiting for a writer")
    return rows


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.iterdir())
    return path.stat().st_size if path.is_file() else 0


def markdown(rows: list[dict]) -> str:
    lines = [machine_line("pydantic", "PyYAML", "openpyxl"),
             "Each input checked by `python -m powermap check -q` in a fresh process, default limits (64 MB); "
             "peak memory is the process's maximum resident set (VmHWM). One run each.",
             "",
             "| input | size | what powermap does | time | peak memory | lines printed |",
             "|---|---:|---|---:|---:|---:|"]
    for row in rows:
        size = f"{row['size'] / MB:,.1f} MB" if row["size"] >= MB / 10 else ("-" if not row["size"] else f"{row['size'] / 1024:,.0f} KB")
        took = seconds(row["seconds"]) if row["status"] is not None else f"stopped at {row['seconds']:.0f} s"
        lines.append(f"| {row['name']} | {size} | {row['what']} | {took} | {row['peak_mb']:,.0f} MB | {row['lines']:,} |")
    library = [row for row in rows if "library" in row]
    if library:
        lines += ["", "Every \"did you mean\" of the same files through the library, none capped "
                  "(`find_problems`), against difflib over every id (a sample of 20 searches):", "",
                  "| input | searches | all of them, indexed | each, difflib over every id |", "|---|---:|---:|---:|"]
        for row in library:
            found = row["library"]
            lines.append(f"| {row['name']} | {found['searches']:,} | {seconds(found['indexed'])} | "
                         f"{found['difflib_each'] * 1000:.0f} ms |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_inputs", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--timeout", type=float, default=600, help="seconds before one check is stopped")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/performance.md alone")
    parser.add_argument("--code", type=Path, help="run the checks with the powermap package in this folder "
                        "(an older checkout, for a before and after); implies --no-write")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="powermap-inputs-") as folder:
        rows = measure(set(args.only), args.timeout, Path(folder), log, args.code)
    text = markdown(rows)
    print(text)
    if not args.no_write and args.code is None:
        write_block("bench-inputs", text, "## Hostile inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
