"""Writing outputs: atomic for files, written into (never replaced) for devices and pipes."""

import os
import threading
from pathlib import Path

import pytest

from powermap.errors import OutputError
from powermap.files import write_output


def _text(content: str):
    return lambda path: Path(path).write_text(content, encoding="utf-8")


def test_a_new_file_is_written_and_an_existing_one_kept_unless_asked(tmp_path):
    target = tmp_path / "out.txt"
    write_output(target, _text("one"))
    assert target.read_text(encoding="utf-8") == "one"
    with pytest.raises(OutputError, match="already exists"):
        write_output(target, _text("two"))
    write_output(target, _text("two"), overwrite=True)
    assert target.read_text(encoding="utf-8") == "two"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.txt"]  # no temporary left


def test_dev_null_stays_a_device():
    write_output("/dev/null", _text("discarded"))
    assert Path("/dev/null").is_char_device()


def test_a_pipe_receives_the_output_and_stays_a_pipe(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    write_output(pipe, _text("through the pipe"))
    reader.join(timeout=30)
    assert received == ["through the pipe"]
    assert pipe.is_fifo()


def test_a_folder_output_into_a_device_is_refused():
    with pytest.raises(OutputError, match="not a folder"):
        write_output("/dev/null", lambda path: Path(path).mkdir(), folder=True)


def test_dev_stdout_into_a_file_is_written_into_and_stays_the_systems_link(tmp_path):
    """``-o /dev/stdout`` with standard output sent to a file: /dev/stdout leads to a regular
    file, yet it is the system's link and must stay one; the file, opened with ``>>``, keeps
    what it held."""
    import subprocess
    import sys

    from conftest import EXAMPLES

    if not os.path.islink("/dev/stdout"):
        pytest.skip("/dev/stdout is not a link here")
    out = tmp_path / "out.json"
    out.write_text("kept\n", encoding="utf-8")
    with out.open("a") as appended:
        done = subprocess.run([sys.executable, "-m", "powermap", "report", str(EXAMPLES / "zachary-karate.yaml"),
                               "-f", "json", "-o", "/dev/stdout"], stdout=appended, stderr=subprocess.PIPE, text=True,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    assert os.path.islink("/dev/stdout")
    text = out.read_text(encoding="utf-8")
    assert text.startswith('kept\n{\n  "account": {\n    "id": "zachary-karate"')
