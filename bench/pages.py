"""Page-weight benchmark: what a reader downloads, and what Lighthouse thinks of it.

Builds the production site (publishconf.py) into a fresh folder under bench/work/,
serves it on a local port with the same strict Content-Security-Policy as the browser
tests, loads the home page and the column's page in Debian's Chromium, and prints for each:
bytes of HTML, CSS, JS and the rest (raw and gzipped), the request count and the
first round trip (HTML + CSS gzipped, budget 14 KB). Then the follow-up calculator's
own JS and CSS and its time to first result (median of 10 loads), and Lighthouse 12
scores with the reason for every score under 100.

    python -m bench.pages --json bench/work/pages.json

Lighthouse comes from bench/node_modules (`npm ci --prefix bench`, pinned in
bench/package-lock.json); without it that part is reported as missing.
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from scripts.serve import LocalServer
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.sitebuild import COLUMN_URL, build_or_fail

ROOT = Path(__file__).resolve().parent.parent

WORK = ROOT / "bench" / "work"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
)
PAGES = {"home": "/", "column": "/" + COLUMN_URL}
FIRST_ROUND_TRIP_BUDGET = 14 * 1024
PAGE_BUDGET = 30 * 1024
REQUEST_BUDGET = 6
CALCULATOR_ROOT = "#followup"
CALCULATOR_RESULT = "#followup time[data-result]"
CALCULATOR_RUNS = 10
KINDS = {"document": "html", "stylesheet": "css", "script": "js"}

# Records, from the start of navigation, when the calculator's first result appears.
FIRST_RESULT_PROBE = """
new MutationObserver((_, observer) => {
  if (document.querySelector(SELECTOR)) {
    window.__firstResultMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
""".replace("SELECTOR", json.dumps(CALCULATOR_RESULT))


def gzipped(body: bytes) -> int:
    """Size as a web server sends it with gzip at its usual level 6."""
    return len(gzip.compress(body, compresslevel=6))


def page_weight(browser, url: str) -> dict:
    """Every response of one page load, by kind, raw and gzipped."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    totals = {kind: {"raw": 0, "gzip": 0} for kind in ["html", "css", "js", "other"]}
    files = []
    for response in responses:
        body = response.body()
        kind = KINDS.get(response.request.resource_type, "other")
        totals[kind]["raw"] += len(body)
        totals[kind]["gzip"] += gzipped(body)
        files.append({"url": response.url, "kind": kind, "raw": len(body), "gzip": gzipped(body)})
    context.close()
    first_round_trip = totals["html"]["gzip"] + totals["css"]["gzip"]
    total = sum(kind["gzip"] for kind in totals.values())
    return {
        "url": url,
        "requests": len(responses),
        "bytes": totals,
        "total_gzip": total,
        "first_round_trip_gzip": first_round_trip,
        "within_budget": {
            "first_round_trip": first_round_trip < FIRST_ROUND_TRIP_BUDGET,
            "total_gzip": total < PAGE_BUDGET,
            "requests": len(responses) < REQUEST_BUDGET,
        },
        "files": files,
    }


def calculator(browser, url: str, column: dict) -> dict:
    """The calculator's own files and its time to first result, or why they are missing."""
    own = [f for f in column["files"] if "followup" in f["url"] and f["kind"] in ("js", "css")]
    report = {
        "js_gzip": sum(f["gzip"] for f in own if f["kind"] == "js"),
        "css_gzip": sum(f["gzip"] for f in own if f["kind"] == "css"),
        "files": [f["url"] for f in own],
    }
    times = []
    for _ in range(CALCULATOR_RUNS):
        context = browser.new_context()
        context.add_init_script(FIRST_RESULT_PROBE)
        page = context.new_page()
        page.goto(url)
        if page.locator(CALCULATOR_ROOT).count() == 0:
            context.close()
            report["missing"] = f"no {CALCULATOR_ROOT} element on {url}"
            return report
        try:
            page.wait_for_function("window.__firstResultMs !== undefined", timeout=5000)
        except Exception:  # Playwright's TimeoutError: the widget never showed a result
            context.close()
            report["missing"] = f"{CALCULATOR_RESULT} never appeared within 5 s on {url}"
            return report
        times.append(page.evaluate("window.__firstResultMs"))
        context.close()
    report["first_result_ms_median"] = round(statistics.median(times), 1)
    report["first_result_ms_runs"] = [round(t, 1) for t in times]
    return report


def lighthouse(url: str, report_path: Path) -> dict:
    """Lighthouse 12's four scores (0-100) and, for each under 100, the audits that cost points."""
    if not LIGHTHOUSE.exists():
        return {"missing": f"{LIGHTHOUSE} not found: run `npm ci --prefix bench`"}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        "--output=json",
        f"--output-path={report_path}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        return {"missing": f"lighthouse failed: {result.stderr.strip()[-500:]}"}
    report = json.loads(report_path.read_text(encoding="utf-8"))
    scores, reasons = {}, {}
    for name in LIGHTHOUSE_CATEGORIES:
        category = report["categories"][name]
        scores[name] = round((category["score"] or 0) * 100)
        if scores[name] < 100:
            reasons[name] = [
                f"{audit['title']}"
                + (f" ({audit['displayValue']})" if audit.get("displayValue") else "")
                for ref in category["auditRefs"]
                if ref["weight"] > 0
                for audit in [report["audits"][ref["id"]]]
                if audit["score"] is not None and audit["score"] < 1
            ] or ["no scored audit failed (a score below 100 from rounding of metric scores)"]
    return {
        "scores": scores,
        "reasons": reasons,
        "total_byte_weight": report["audits"]["total-byte-weight"]["numericValue"],
    }


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def print_report(figures: dict) -> None:
    for name, page in figures["pages"].items():
        print(f"\n{name}: {page['url']}")
        for kind, size in page["bytes"].items():
            print(f"  {kind:5} {kib(size['raw']):>9} raw  {kib(size['gzip']):>9} gzipped")
        frt = page["first_round_trip_gzip"]
        budget = kib(FIRST_ROUND_TRIP_BUDGET)
        print(f"  first round trip (HTML + CSS gzipped): {kib(frt)} (budget {budget})")
        print(f"  whole page gzipped: {kib(page['total_gzip'])} (budget {kib(PAGE_BUDGET)})")
        print(f"  requests: {page['requests']} (budget under {REQUEST_BUDGET})")
        for file in page["files"]:
            print(f"    {file['kind']:5} {kib(file['gzip']):>9} gzipped  {file['url']}")
        audit = page["lighthouse"]
        if "missing" in audit:
            print(f"  Lighthouse: {audit['missing']}")
            continue
        print("  Lighthouse: " + ", ".join(f"{k} {v}" for k, v in audit["scores"].items()))
        for category, why in audit["reasons"].items():
            print(f"    {category} under 100 because: " + "; ".join(why))
    calc = figures["calculator"]
    print("\ncalculator (#followup):")
    print(f"  JS {kib(calc['js_gzip'])} gzipped, CSS {kib(calc['css_gzip'])} gzipped")
    if "missing" in calc:
        print(f"  time to first result: not measured ({calc['missing']})")
    else:
        median = calc["first_result_ms_median"]
        print(f"  time to first result: {median} ms (median of {CALCULATOR_RUNS})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    WORK.mkdir(parents=True, exist_ok=True)
    # A folder of its own: another run (make bench) may be building next to this one.
    scratch = Path(tempfile.mkdtemp(prefix="pages-", dir=WORK))
    server = LocalServer()
    output = build_or_fail(scratch / "site", "publishconf.py", siteurl=server.url)
    server.serve(output)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = {name: page_weight(browser, server.url + path) for name, path in PAGES.items()}
            calc = calculator(browser, server.url + PAGES["column"], pages["column"])
            browser.close()
        for name, page in pages.items():
            page["lighthouse"] = lighthouse(page["url"], scratch / f"lighthouse-{name}.json")
    finally:
        server.close()
        shutil.rmtree(scratch)
    figures = {"pages": pages, "calculator": calc}
    print_report(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
