"""The compose scheduler runs `purge_submissions`, `purge_follow_up_requests` and `clean_intake_uploads` once a day:
on start, then at the first round of each new date.

The scheduler's own shell loop is run here with `sh`, with `python` and `date` stood in for by small scripts that
log what they were asked, and `sleep` skipped; three rounds on one day, then one on the next.
"""

import os
import subprocess
from pathlib import Path

import yaml

from devtools.server import PROJECT


def scheduler_script() -> str:
    command = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())["services"]["scheduler"]["command"]
    assert command[:2] == ["sh", "-c"]
    return command[2].replace("$$", "$")  # compose's escape for a literal $


def test_the_scheduler_purges_once_a_day(tmp_path: Path):
    log, days = tmp_path / "log", tmp_path / "days"
    days.write_text("2026-12-07\n2026-12-07\n2026-12-07\n2026-12-07\n2026-12-08\n2026-12-08\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    # Each call of `date` gives the next line: the day moves on after the third round.
    (bin_dir / "date").write_text(f"#!/bin/sh\nhead -n1 {days}\nsed -i 1d {days}\n")
    for script in bin_dir.iterdir():
        script.chmod(0o755)
    rounds = scheduler_script().replace("while true", "for round in 1 2 3 4")
    rounds = rounds.replace("sleep 60", "true")

    path = f"{bin_dir}:/usr/bin:/bin"
    subprocess.run(["/bin/sh", "-c", rounds], env={**os.environ, "PATH": path}, check=True, timeout=30)

    calls = log.read_text().splitlines()
    assert calls.count("manage.py publish_scheduled") == 4
    assert calls.count("manage.py purge_submissions") == 2
    assert calls.count("manage.py purge_follow_up_requests") == 2
    assert calls.count("manage.py clean_intake_uploads") == 2
