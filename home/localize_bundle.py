"""wagtail-localize's translation editor script, with its last hard-coded English labels translatable.

The package's bundle builds two labels outside gettext: the heading above the segments
("Nederlands to English translation") and the screen-reader label "More actions". `make
localize-js` writes a copy whose labels go through gettext to vitrine_cms/static/, where the
static files finder finds it before the package's own; locale/nl/LC_MESSAGES/djangojs.po
translates them. tests/home/test_translation_labels.py fails when the installed wagtail-localize
no longer matches that copy: run `make localize-js` again after upgrading it.
"""

import re
from pathlib import Path

from django.conf import settings

import wagtail_localize

BUNDLE = Path("wagtail_localize") / "js" / "wagtail-localize.js"
PACKAGE_BUNDLE = Path(wagtail_localize.__file__).parent / "static" / BUNDLE
PROJECT_BUNDLE = Path(settings.BASE_DIR) / "vitrine_cms" / "static" / BUNDLE

SECTION_TITLE = re.compile(r"`\$\{(\w+)\.sourceLocale\.displayName\} to \$\{\1\.locale\.displayName\} translation`")
TRANSLATED_SECTION_TITLE = (
    r'interpolate(gettext("%(source)s to %(target)s translation"),'
    r"{source:\1.sourceLocale.displayName,target:\1.locale.displayName},true)"
)
MORE_ACTIONS = '"More actions"'


class BundleChanged(ValueError):
    """The installed bundle no longer has the labels this patch expects: check it by hand."""


def patched_bundle(source: str) -> str:
    patched, headings = SECTION_TITLE.subn(TRANSLATED_SECTION_TITLE, source)
    if headings != 2 or patched.count(MORE_ACTIONS) != 2:
        raise BundleChanged(f"{headings} headings and {patched.count(MORE_ACTIONS)} 'More actions' labels found")
    return patched.replace(MORE_ACTIONS, f"gettext({MORE_ACTIONS})")


def write_patched_bundle() -> Path:
    PROJECT_BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    PROJECT_BUNDLE.write_text(patched_bundle(PACKAGE_BUNDLE.read_text(encoding="utf-8")), encoding="utf-8")
    # The bundle's first line points at this file for the licences of the libraries inside it.
    licence = PACKAGE_BUNDLE.with_name(f"{BUNDLE.name}.LICENSE.txt")
    PROJECT_BUNDLE.with_name(licence.name).write_bytes(licence.read_bytes())
    return PROJECT_BUNDLE
