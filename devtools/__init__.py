"""Development harness shared by the test suite (tests/) and the benchmarks (bench/).

Nothing in the site imports this package (tests/test_layout.py checks it), and pytest does not collect
it (testpaths is tests/, and no file here is named test_*.py). Modules:

- `devtools.server`: `free_port()`, `start_server()` (gunicorn or runserver in a subprocess, with extra
  environment, waiting until it answers), `stop_process()`, and a PostgreSQL database of one's own
  (`create_postgres_database()` / `drop_postgres_database()`);
- `devtools.demo`: `DemoServer`, the demo site of `make setup` built in a fresh database and served;
- `devtools.chromium`: where Debian's Chromium is and how Playwright launches it;
- `devtools.pages`: every page type of the reader site (`PAGE_TYPES`), as the browser tests and
  bench/screenshots.py visit them (needs Playwright).
"""
