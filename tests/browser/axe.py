"""axe-core accessibility checks in a Playwright page (axe is vendored: tests/browser/vendor, `make vendor`)."""

from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Page, tags: list[str] | None = None) -> list[dict]:
    """Run axe on the open page against the WCAG 2.1 A and AA rules; return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated rather than added as a <script>: the reader pages' Content-Security-Policy refuses
        # inline scripts (Playwright's add_script_tag then fails), and DevTools evaluation is exempt.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(results => results.violations)",
        tags or WCAG_TAGS,
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations if violation.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Page, tags: list[str] | None = None) -> list[dict]:
    """Fail listing every serious or critical violation (rule id, help, selectors); return all violations."""
    violations = axe_violations(page, tags)
    serious = blocking(violations)
    assert not serious, f"axe: {len(serious)} serious/critical violation(s) on {page.url}\n{format_violations(serious)}"
    return violations
