#!/usr/bin/env python3
"""refnet serve (issue 19), against running servers on ephemeral ports, on the
hostile-names sample: the API answers with exactly the CLI's JSON and the
CLI's error texts (400, 404), refuses what would read files or rebuild the
context, is read-only (405), applies --suppress-below to every count, needs
its token off localhost (401 without it); the web UI, opened in headless
Chromium, searches a provider, shows its card, prospects with reasons,
partner health and follow-ups, shows hostile names as text, and screenshots
with content. Backtest scorecards (--scorecards DIR) are listed and served as
the files hold them, shown in the UI, and a bad file stops the server with
its place.

Usage: serve_test.py PATH_TO_REFNET REPO_ROOT
"""
import http.client
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from hostile_names_test import hostile_sample  # noqa: E402
from small_counts_test import json_small_counts  # noqa: E402

FOCAL = "1866274545"
failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


class Server:
    def __init__(self, refnet, args):
        self.proc = subprocess.Popen([refnet, "serve", "--port", "0"] + args,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://([0-9.]+):(\d+)/", line)
        if not m:
            raise RuntimeError(f"serve did not start: {line!r} {self.proc.stderr.read()[:500]}")
        self.host, self.port = m.group(1), int(m.group(2))

    def get(self, path, headers=None, method="GET", body=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, response.getheader("Content-Type"), data

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def cli(refnet, args):
    done = subprocess.run([refnet] + args, capture_output=True, timeout=300)
    return done.returncode, done.stdout, done.stderr.decode()


def query(**params):
    return urllib.parse.urlencode(params, doseq=True)


def api_equals_cli(server, refnet, base, command, params, cli_args):
    status, _, body = server.get(f"/api/{command}?" + query(**params))
    code, out, err = cli(refnet, [command] + base + cli_args + ["--format", "json"])
    check(status == 200 and code == 0 and body == out,
          f"/api/{command} {params}: HTTP {status}, not the CLI's JSON "
          f"({len(body)} bytes against {len(out)}; {err[:200]})")


def api_error(server, refnet, base, command, params, cli_args, status_wanted):
    status, _, body = server.get(f"/api/{command}?" + query(**params))
    message = json.loads(body).get("error", "")
    code, _, err = cli(refnet, [command] + base + cli_args)
    first = err.splitlines()[0] if err else ""
    if first.startswith("refnet: "):  # data errors print without the command
        first = first[len("refnet: "):]
    # The terminal shows a name's control characters as escapes; JSON keeps
    # them as they are (escaped by JSON): compare up to the first name.
    if status_wanted == 404:
        message, first = message.split(" (closest")[0], first.split(" (closest")[0]
    check(status == status_wanted and message == first,
          f"/api/{command} {params}: HTTP {status} {message!r}, CLI said {first!r}")


def test_api(refnet, data, tmp):
    base = ["--data", str(data)]
    server = Server(refnet, base)
    try:
        status, _, body = server.get("/healthz")
        check(status == 200 and json.loads(body)["providers"] == 800, f"/healthz: {status} {body!r}")
        # The CLI's JSON, byte for byte.
        api_equals_cli(server, refnet, base, "recommend", {"focal": FOCAL, "top": 5},
                       ["--focal", FOCAL, "--top", "5"])
        api_equals_cli(server, refnet, base, "recommend",
                       {"focal": FOCAL, "mode": "strengthen", "top": 10},
                       ["--focal", FOCAL, "--mode", "strengthen", "--top", "10"])
        api_equals_cli(server, refnet, base, "recommend",
                       {"focal": FOCAL, "group": ["wellness", "behavioral_health"],
                        "within_km": 15, "accepting_new": 1},
                       ["--focal", FOCAL, "--group", "wellness", "--group", "behavioral_health",
                        "--within-km", "15", "--accepting-new"])
        api_equals_cli(server, refnet, base, "recommend", {"focal": FOCAL, "mode": "expand"},
                       ["--focal", FOCAL, "--mode", "expand"])
        api_equals_cli(server, refnet, base, "health", {"focal": FOCAL}, ["--focal", FOCAL])
        api_equals_cli(server, refnet, base, "health", {"focal": FOCAL, "window": "6m"},
                       ["--focal", FOCAL, "--window", "6m"])
        api_equals_cli(server, refnet, base, "followups", {"focal": FOCAL, "top": 0},
                       ["--focal", FOCAL, "--top", "0"])
        api_equals_cli(server, refnet, base, "leakage", {"focal": FOCAL}, ["--focal", FOCAL])
        api_equals_cli(server, refnet, base, "share", {"focal": FOCAL, "top": 0},
                       ["--focal", FOCAL, "--top", "0"])
        # The CLI's error texts.
        api_error(server, refnet, base, "recommend", {"focal": FOCAL, "top": 0},
                  ["--focal", FOCAL, "--top", "0"], 400)
        api_error(server, refnet, base, "recommend", {"focal": FOCAL, "mode": "bogus"},
                  ["--focal", FOCAL, "--mode", "bogus"], 400)
        api_error(server, refnet, base, "recommend", {"focal": FOCAL, "within_km": "nan"},
                  ["--focal", FOCAL, "--within-km", "nan"], 400)
        api_error(server, refnet, base, "recommend", {"focal": FOCAL, "topp": 3},
                  ["--focal", FOCAL, "--topp", "3"], 400)
        api_error(server, refnet, base, "health", {"focal": FOCAL, "window": "9x"},
                  ["--focal", FOCAL, "--window", "9x"], 400)
        api_error(server, refnet, base, "recommend", {"focal": "186627454"},
                  ["--focal", "186627454"], 404)
        for key in ("as_of", "weights", "needs", "org", "all", "format", "output",
                    "suppress_below"):
            status, _, body = server.get("/api/recommend?" + query(focal=FOCAL, **{key: "x"}))
            check(status == 400 and "not available from the server" in json.loads(body)["error"],
                  f"{key}= was not refused: {status} {body[:200]!r}")
        status, _, body = server.get("/api/recommend")
        check(status == 400, f"/api/recommend without focal: {status}")
        for method in ("POST", "PUT", "DELETE"):
            status, _, _ = server.get("/api/recommend", method=method, body=b"{}",
                                      headers={"Content-Type": "application/json"})
            check(status == 405, f"{method}: {status}, expected 405")
        status, _, _ = server.get("/api/providers?q=" + "a" * 20000)
        check(status in (400, 414), f"a 20 kB query: {status}")
        # Hostile names come back as JSON strings, the same as in the file.
        status, _, body = server.get("/api/providers?" + query(q="script"))
        found = json.loads(body)
        check(status == 200 and found and all("<script>alert(1)</script>" in p["name"] + p["city"]
                                              for p in found),
              f"/api/providers?q=script: {status} {body[:200]!r}")
        status, ctype, body = server.get(f"/api/ego.svg?focal={FOCAL}")
        check(status == 200 and ctype.startswith("image/svg+xml") and b"<svg" in body
              and b"<script>alert" not in body, f"/api/ego.svg: {status} {ctype}")
        # Slipping and lapsed partners are marked as `refnet render` marks them.
        drawn = tmp / "ego.svg"
        code, _, err = cli(refnet, ["render"] + base + ["--view", "ego", "--focal", FOCAL,
                                                        "-o", str(drawn)])
        marks = sorted(re.findall(rb"\((?:slipping|lapsed)\)</text>", body))
        check(code == 0 and marks and marks == sorted(re.findall(
                  rb"\((?:slipping|lapsed)\)</text>", drawn.read_bytes())),
              f"/api/ego.svg health marks {marks[:3]} differ from refnet render's ({err[-200:]})")
        status, _, body = server.get(f"/api/ego?focal={FOCAL}")
        ego = json.loads(body)
        check(status == 200 and ego["nodes"][0]["id"] == FOCAL and len(ego["nodes"]) > 10,
              f"/api/ego: {status}")
        status, _, body = server.get(f"/api/provider?id={FOCAL}")
        card = json.loads(body)
        check(status == 200 and card["summary"]["referrals_out"] == 431, f"/api/provider: {body[:200]!r}")
    finally:
        server.stop()

    # --suppress-below: every count served, and the same JSON as the CLI's.
    server = Server(refnet, base + ["--suppress-below", "11"])
    try:
        api_equals_cli(server, refnet, base, "recommend", {"focal": FOCAL, "mode": "strengthen"},
                       ["--focal", FOCAL, "--mode", "strengthen", "--suppress-below", "11"])
        for command, params in (("health", {}), ("followups", {"top": 0}), ("leakage", {}),
                                ("share", {"top": 0}), ("recommend", {"mode": "expand"})):
            status, _, body = server.get(f"/api/{command}?" + query(focal=FOCAL, **params))
            small = json_small_counts(json.loads(body))
            check(status == 200 and not small, f"/api/{command} under --suppress-below 11: {small[:3]}")
        for path in (f"/api/provider?id={FOCAL}", f"/api/ego?focal={FOCAL}", "/api/flows"):
            status, _, body = server.get(path)
            small = json_small_counts(json.loads(body))
            check(status == 200 and not small, f"{path} under --suppress-below 11: {small[:3]}")
    finally:
        server.stop()

    # Off localhost, a token is required; with one, /api/ needs it.
    code, _, err = cli(refnet, ["serve"] + base + ["--bind", "0.0.0.0", "--port", "0"])
    check(code == 2 and "expected --token FILE" in err, f"--bind 0.0.0.0 without --token: {code} {err!r}")
    token_file = tmp / "token"
    token_file.write_text("s3cret-token-0123456789\n")
    server = Server(refnet, base + ["--token", str(token_file)])
    try:
        status, _, _ = server.get("/healthz")
        check(status == 200, f"/healthz with a token set: {status}")
        status, _, body = server.get(f"/api/provider?id={FOCAL}")
        check(status == 401, f"no token: {status}")
        status, _, _ = server.get(f"/api/provider?id={FOCAL}",
                                  headers={"Authorization": "Bearer s3cret-token-012345678X"})
        check(status == 401, f"a wrong token: {status}")
        status, _, _ = server.get(f"/api/provider?id={FOCAL}",
                                  headers={"Authorization": "Bearer s3cret-token-0123456789"})
        check(status == 200, f"the right token: {status}")
        status, _, _ = server.get(f"/api/provider?id={FOCAL}&token=s3cret-token-0123456789")
        check(status == 200, f"the right token as ?token=: {status}")
    finally:
        server.stop()


def make_scorecards(refnet, data, tmp):
    cards = tmp / "cards"
    cards.mkdir()
    code, _, err = cli(refnet, ["backtest", "--data", str(data), "--split", "2025-01-01",
                                "--bootstrap", "50", "--format", "json",
                                "-o", str(cards / "sample.json")])
    check(code == 0, f"backtest for the scorecards: {code} {err[-300:]}")
    code, _, err = cli(refnet, ["tune", "--data", str(data), "--split", "2024-07-01",
                                "--bootstrap", "50", "-o", str(cards / "tuned.json")])
    check(code == 0, f"tune for the scorecards: {code} {err[-300:]}")
    (cards / "notes.txt").write_text("not JSON, not listed\n")
    return cards


def test_scorecards(refnet, data, tmp, cards):
    server = Server(refnet, ["--data", str(data), "--scorecards", str(cards)])
    try:
        status, _, body = server.get("/api/scorecards")
        listing = json.loads(body)["scorecards"] if status == 200 else []
        check([c["name"] for c in listing] == ["sample", "tuned"],
              f"/api/scorecards names: {[c['name'] for c in listing]}")
        files = {c["name"]: (cards / (c["name"] + ".json")).read_bytes() for c in listing}
        for c in listing:
            doc = json.loads(files[c["name"]])
            check(c["verdict"] == doc["verdict"], f"scorecard {c['name']}: verdict differs")
            want = ("backtest", "2025-01-01") if c["name"] == "sample" else ("tune", "2025-07-01")
            check((c["kind"], c["split"]) == want, f"scorecard {c['name']}: {c['kind']} {c['split']}")
            status, ctype, body = server.get("/api/scorecard?" + query(name=c["name"]))
            check(status == 200 and body == files[c["name"]] and ctype.startswith("application/json"),
                  f"/api/scorecard?name={c['name']}: not the file's bytes")
        status, _, body = server.get("/api/scorecard?name=nope")
        check(status == 404 and json.loads(body)["error"] ==
              'no scorecard named "nope" (expected one of sample, tuned)',
              f"unknown scorecard: {status} {body[:200]!r}")
    finally:
        server.stop()
    server = Server(refnet, ["--data", str(data)])
    try:
        status, _, body = server.get("/api/scorecards")
        check(status == 200 and json.loads(body) == {"scorecards": []},
              f"no --scorecards: {status} {body[:100]!r}")
        status, _, body = server.get("/api/scorecard?name=sample")
        check(status == 404 and "without --scorecards DIR" in json.loads(body)["error"],
              f"no --scorecards, a name asked for: {status} {body[:200]!r}")
    finally:
        server.stop()
    bad = tmp / "bad_cards"
    bad.mkdir()
    (bad / "broken.json").write_text('{"methods": [1,\n  2,, ]}\n')
    code, _, err = cli(refnet, ["serve", "--data", str(data), "--port", "0", "--scorecards", str(bad)])
    check(code == 1 and f"refnet: {bad / 'broken.json'}:2:5: is not valid JSON (expected" in err,
          f"a broken scorecard: {code} {err!r}")
    (bad / "broken.json").write_text('{"split": "2025-01-01"}')
    code, _, err = cli(refnet, ["serve", "--data", str(data), "--port", "0", "--scorecards", str(bad)])
    check(code == 1 and "broken.json: is neither a backtest nor a tune result" in err,
          f"a JSON that is not a scorecard: {code} {err!r}")


def png_has_content(path):
    import struct
    import zlib
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG"):
        return False
    width, height = struct.unpack(">II", data[16:24])
    idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                    for i in [m.start() - 4 for m in re.finditer(b"IDAT", data)])
    raw = zlib.decompress(idat)
    return width >= 1000 and len(set(raw[: len(raw) // 2])) > 20


def test_ui(refnet, data, tmp, cards):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("serve_test: chromium is not installed, the UI test is skipped")
        return
    server = Server(refnet, ["--data", str(data), "--scorecards", str(cards)])
    try:
        base_url = f"http://{server.host}:{server.port}/"
        flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={tmp / 'profile'}",
                 "--virtual-time-budget=15000"]
        for tab, marker in (("prospects", 'data-name="recommendations"'),
                            ("health", 'data-name="health"'),
                            ("followups", 'data-name="followups"'),
                            ("ego", 'id="ego"')):
            url = base_url + "#" + query(q="Mary White", id=FOCAL, tab=tab)
            done = subprocess.run(flags + ["--dump-dom", url], capture_output=True, timeout=120)
            dom = done.stdout.decode("utf-8", errors="replace")
            check('data-ready="ok"' in dom, f"UI {tab}: the page's script did not finish")
            check('id="card"' in dom and "Mary White, MD" in dom, f"UI {tab}: no provider card")
            check(marker in dom, f"UI {tab}: {marker} missing")
            check("<script>alert" not in dom and "<title>RefNet</title>" in dom,
                  f"UI {tab}: a hostile name became markup")
            if tab == "prospects":
                rows = len(re.findall(r"<ul class=\"reasons\">", dom))
                check(rows == 25, f"UI prospects: {rows} rows with reasons, expected 25")
                check("&lt;script&gt;alert(1)&lt;/script&gt;" in dom or "alert(1)" not in dom,
                      "UI prospects: a hostile name not shown as text")
            if tab == "health":
                check("lapsed" in dom and "Pinecrest Neurology Associates" in dom,
                      "UI health: the lapsed partner missing")
        # The scorecards: each one's verdict and its methods, baselines included.
        dom = subprocess.run(flags + ["--dump-dom", base_url + "#view=backtests"],
                             capture_output=True, timeout=120).stdout.decode("utf-8", errors="replace")
        verdict = json.loads((cards / "sample.json").read_text())["verdict"]
        check('data-scorecard="sample"' in dom and 'data-scorecard="tuned"' in dom,
              "UI backtests: a scorecard missing")
        check(verdict.replace("−", "&minus;") in dom or verdict in dom, "UI backtests: verdict missing")
        check(dom.count("<td>gravity</td>") == 2 and '<button id="backtests" type="button">' in dom,
              "UI backtests: the gravity rows or the Backtests button missing")
        # A search alone lists matches, hostile names as text.
        url = base_url + "#" + query(q="script")
        dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True,
                             timeout=120).stdout.decode("utf-8", errors="replace")
        check(dom.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5,
              "UI search: hostile names not listed as text")
        shot = tmp / "ui.png"
        subprocess.run(flags + ["--hide-scrollbars", "--window-size=1400,1000",
                                f"--screenshot={shot}",
                                base_url + "#" + query(q="Mary White", id=FOCAL, tab="prospects")],
                       capture_output=True, timeout=120)
        check(shot.exists() and png_has_content(shot), "UI screenshot missing or blank")
        if os.environ.get("REFNET_SCREENSHOT_DIR"):  # docs/cli/serve.md's pictures
            for tab in ("prospects", "health", "backtests"):
                out = pathlib.Path(os.environ["REFNET_SCREENSHOT_DIR"]) / f"serve-{tab}.png"
                page = ("#view=backtests" if tab == "backtests"
                        else "#" + query(q="Mary White", id=FOCAL, tab=tab))
                subprocess.run(flags + ["--hide-scrollbars", "--window-size=1400,1000",
                                        f"--screenshot={out}", base_url + page],
                               capture_output=True, timeout=120)
    finally:
        server.stop()


def main():
    refnet, root = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="refnet_serve_") as tmp:
        tmp = pathlib.Path(tmp)
        data = tmp / "data"
        data.mkdir()
        hostile_sample(root, data)
        test_api(refnet, data, tmp)
        cards = make_scorecards(refnet, data, tmp)
        test_scorecards(refnet, data, tmp, cards)
        test_ui(refnet, data, tmp, cards)
    print(f"serve_test: {checks} checks, {len(failures)} failed")
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
