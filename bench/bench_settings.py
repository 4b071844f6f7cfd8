"""Production settings plus one bench-only route: issue 11's yardstick, a trivial JSON view behind every middleware.

Only catalogue_bench.py uses this module (gunicorn and the in-process SQL counts, with bench/ on PYTHONPATH):
the production URLconf gains no endpoint. It imports the measured checkout's settings, so `--project-dir`
(an older checkout) gets the same yardstick.
"""

from vitrine_cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
