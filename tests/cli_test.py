#!/usr/bin/env python3
"""End-to-end tests of the `contentgate` command: every command, every exit
status, each output format parsed back, and --jobs determinism.

    python3 cli_test.py --bin PATH/contentgate --root PROJECT_DIR [--only sarif]

`--only sarif` runs only the SARIF schema check, which needs the jsonschema
Python package (Debian: python3-jsonschema) and the SARIF 2.1.0 JSON schema
(the npm package @microsoft/jest-sarif ships it as
lib/schemas/sarif-2.1.0-rtm.5.json; or name the file in CONTENTGATE_SARIF_SCHEMA).
Without them it exits 77, which ctest reports as skipped.
"""
import argparse
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

BIN = ROOT = None
SKIP = 77
TEXT_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<loc>\d+:\d+|offset \d+))?: (?P<sev>error|warning): "
                       r"(?P<code>CG\d{3}) (?P<msg>.+)$")
SUMMARY = re.compile(r"^contentgate: (\d+) files? checked: (\d+) passed, (\d+) failed; (\d+) errors?, "
                     r"(\d+) warnings?")
FILE_KEYS = {"path", "kind", "valid", "errors", "warnings", "diagnostics"}
LOCATION_KEYS = {"offset", "instance", "instance_id", "criterion", "field", "sensor", "pointer", "line",
                 "column"}


def run(*args, stdin=None):
    p = subprocess.run([BIN, *args], capture_output=True, timeout=120, input=stdin)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def all_codes():
    with open(os.path.join(ROOT, "include/contentgate/diagnostic_codes.inc")) as fh:
        return [f"CG{n}" for n in re.findall(r"^CG_CODE\(\w+, (\d+),", fh.read(), re.M)]


def sarif_schema_path():
    env = os.environ.get("CONTENTGATE_SARIF_SCHEMA")
    if env:
        return env if os.path.exists(env) else None
    candidates = []
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
            candidates.append(os.path.join(root, "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.append("/usr/local/lib/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")
    candidates.append("/usr/lib/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")
    return next((c for c in candidates if os.path.exists(c)), None)


class Fixture:
    """Files shared by the tests: the shipped schema and examples, compiled."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="cg-cli-test-")
        self.schema = os.path.join(ROOT, "schemas/channel-291.schema.json")
        self.good_src = os.path.join(ROOT, "examples/channel-291.good.json")
        self.repro_src = os.path.join(ROOT, "examples/channel-291.c291-repro.json")
        self.good_bin = self.path("good.bin")
        self.repro_bin = self.path("repro.bin")
        self.compile(self.good_src, self.good_bin)
        self.compile(self.repro_src, self.repro_bin, "--sensor", "7.16")
        with open(self.schema) as fh:
            doc = json.load(fh)
        doc["channel"]["max_file_size"] = 1024
        self.small_schema = self.write("small.schema.json", json.dumps(doc).encode())
        self.bad_schema = self.write("bad.schema.json", b'{"schema_version": 1,\n  "channel": }\n')

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as fh:
            fh.write(data)
        return p

    def read(self, path):
        with open(path, "rb") as fh:
            return fh.read()

    def compile(self, src, out, *extra):
        rc, _, err = run("compile", "--schema", self.schema, *extra, "-o", out, src)
        if rc != 0:
            raise RuntimeError(f"compile {src} failed: {rc} {err}")


FX = None


class Base(unittest.TestCase):
    def assertUsage(self, res, *codes):
        rc, out, err = res
        self.assertEqual(rc, 2, err)
        self.assertEqual(out, "", "a status-2 failure prints nothing on stdout")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, f"exactly one line on stderr: {err!r}")
        self.assertTrue(lines[0].startswith("contentgate: "), lines[0])
        for code in codes:
            self.assertIn(code, lines[0])

    def validate_json(self, *args):
        rc, out, err = run("validate", *args, "--format", "json")
        doc = json.loads(out)
        return rc, doc, err


class GeneralTest(Base):
    def test_version(self):
        rc, out, err = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out.strip(), r"^contentgate \d+\.\d+\.\d+$")

    def test_help_on_every_command(self):
        for cmd in ([], ["validate"], ["compile"], ["dump"], ["check-schema"], ["explain"], ["simulate"],
                    ["gen-header"]):
            rc, out, err = run(*cmd, "--help")
            self.assertEqual(rc, 0, cmd)
            self.assertIn("Usage:", out, cmd)
            self.assertEqual(err, "", cmd)
        rc, out, _ = run("--help")
        for cmd in ("validate", "compile", "dump", "check-schema", "explain", "simulate", "gen-header"):
            self.assertIn(cmd, out)

    def test_usage_errors(self):
        self.assertUsage(run())
        self.assertUsage(run("frobnicate"))
        self.assertUsage(run("validate", FX.good_src))  # no --schema
        self.assertUsage(run("validate", "--schema", FX.schema, "--bogus", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--format", "xml", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--jobs", "0", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--max-errors", "-1", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema))  # no PATH
        self.assertUsage(run("compile", "--schema", FX.schema, FX.good_src))  # no -o


class ValidateTextTest(Base):
    def test_good_source_passes_with_warnings(self):
        rc, out, err = run("validate", "--schema", FX.schema, FX.good_src)
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        m = SUMMARY.match(lines[-1])
        self.assertTrue(m, lines[-1])
        self.assertEqual(m.groups(), ("1", "1", "0", "0", str(len(lines) - 1)))
        for line in lines[:-1]:
            d = TEXT_LINE.match(line)
            self.assertTrue(d, line)
            self.assertEqual(d["path"], FX.good_src)
            self.assertEqual((d["sev"], d["code"]), ("warning", "CG401"))
            self.assertRegex(d["loc"], r"^\d+:\d+$")
            self.assertIn("sensor 7.11", d["msg"])

    def test_repro_rejected_with_cg400_at_its_line(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_src)
        self.assertEqual(rc, 1)
        hits = [TEXT_LINE.match(l) for l in out.splitlines() if " CG400 " in l]
        self.assertEqual(len(hits), 1, out)
        d = hits[0]
        # The criterion on client_parent_image_path in the example's source.
        with open(FX.repro_src) as fh:
            src_lines = fh.read().split("\n")
        line, col = map(int, d["loc"].split(":"))
        self.assertIn("client_parent_image_path", src_lines[line - 1])
        self.assertIn("pointer /instances/3/criteria/client_parent_image_path", d["msg"])
        self.assertIn("sensor 7.11", d["msg"])
        self.assertIn("id 13", d["msg"])

    def test_binary_location_is_offset(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_bin)
        self.assertEqual(rc, 1)
        d = [TEXT_LINE.match(l) for l in out.splitlines() if " CG400 " in l][0]
        self.assertEqual(d["loc"], "offset 1712")

    def test_strict_fails_on_warnings(self):
        self.assertEqual(run("validate", "--schema", FX.schema, FX.good_src)[0], 0)
        rc, out, _ = run("validate", "--schema", FX.schema, "--strict", FX.good_src)
        self.assertEqual(rc, 1)
        self.assertTrue(SUMMARY.match(out.splitlines()[-1]).group(3) == "1")
        # A sensor the file is complete for: no warning, so strict passes.
        self.assertEqual(run("validate", "--schema", FX.schema, "--sensor", "7.16", "--strict", FX.good_src)[0], 0)

    def test_max_errors_caps_printed_not_verdict(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", "--max-errors", "1", FX.repro_bin)
        self.assertEqual(rc, 1)
        lines = out.splitlines()
        diags = [l for l in lines if TEXT_LINE.match(l)]
        self.assertEqual(len(diags), 1)
        self.assertRegex(out, r": note: 2 more diagnostics not shown \(limit 1\)")
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", "--max-errors", "0", FX.repro_bin)
        self.assertEqual(rc, 1)
        f = doc["files"][0]
        self.assertEqual((f["valid"], f["errors"], f["warnings"], f["diagnostics"]), (False, 1, 2, []))


class ValidateJsonTest(Base):
    def test_document_shape_and_cg400_locations(self):
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", FX.repro_bin, FX.repro_src,
                                        FX.good_bin)
        self.assertEqual(rc, 1)
        self.assertEqual(set(doc), {"tool", "version", "files"})
        self.assertEqual(doc["tool"], "contentgate")
        self.assertEqual([f["path"] for f in doc["files"]], [FX.repro_bin, FX.repro_src, FX.good_bin])
        self.assertEqual([f["kind"] for f in doc["files"]], ["channel", "source", "channel"])
        self.assertEqual([f["valid"] for f in doc["files"]], [False, False, True])
        for f in doc["files"]:
            self.assertEqual(set(f), FILE_KEYS)
            self.assertEqual(f["errors"], sum(d["severity"] == "error" for d in f["diagnostics"]))
            self.assertEqual(f["warnings"], sum(d["severity"] == "warning" for d in f["diagnostics"]))
            for d in f["diagnostics"]:
                self.assertTrue({"code", "severity", "message"} <= set(d))
                self.assertTrue(set(d) - {"code", "severity", "message"} <= LOCATION_KEYS, d)
        binary = [d for d in doc["files"][0]["diagnostics"] if d["code"] == "CG400"]
        self.assertEqual(binary, [{
            "code": "CG400", "severity": "error",
            "message": binary[0]["message"], "offset": 1712, "instance": 3, "instance_id": 13,
            "criterion": 20, "field": "client_parent_image_path", "sensor": "7.11"}])
        source = [d for d in doc["files"][1]["diagnostics"] if d["code"] == "CG400"][0]
        self.assertNotIn("offset", source)
        self.assertEqual(source["pointer"], "/instances/3/criteria/client_parent_image_path")
        self.assertEqual((source["instance"], source["instance_id"], source["criterion"], source["sensor"]),
                         (3, 13, 20, "7.11"))
        self.assertGreater(source["line"], 1)
        self.assertGreater(source["column"], 0)

    def test_escaping_of_paths_and_messages(self):
        odd = FX.write('odd "name"\\\t.bin', b"not a channel file, but \x01\xff\n")
        rc, doc, _ = self.validate_json("--schema", FX.schema, odd)
        self.assertEqual(rc, 1)
        self.assertEqual(doc["files"][0]["path"], odd)
        self.assertEqual(doc["files"][0]["diagnostics"][0]["code"], "CG100")

    def test_oversized_channel_file_is_cg106_unread(self):
        # Sparse: 8 GiB of holes. Reading it would take many seconds.
        huge = FX.path("huge.bin")
        with open(huge, "wb") as fh:
            fh.write(b"CHNL")
            fh.truncate(8 << 30)
        start = time.monotonic()
        rc, doc, _ = self.validate_json("--schema", FX.small_schema, huge)
        self.assertLess(time.monotonic() - start, 5)
        os.unlink(huge)
        self.assertEqual(rc, 1)
        self.assertEqual(doc["files"][0]["diagnostics"],
                         [{"code": "CG106", "severity": "error", "offset": 16,
                           "message": doc["files"][0]["diagnostics"][0]["message"]}])
        self.assertIn(str(8 << 30), doc["files"][0]["diagnostics"][0]["message"])

    def test_oversized_source_is_cg106_unread(self):
        big = FX.write("big.json", b"{" + b" " * (16 * 1024 + 1) + b"}")
        rc, doc, _ = self.validate_json("--schema", FX.small_schema, big)
        self.assertEqual(rc, 1)
        f = doc["files"][0]
        self.assertEqual(f["kind"], "source")
        self.assertEqual([(d["code"], d["pointer"]) for d in f["diagnostics"]], [("CG106", "")])
        # compile refuses it the same way, leaving no output.
        rc, out, err = run("compile", "--schema", FX.small_schema, "-o", FX.path("big.bin"), big)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual([TEXT_LINE.match(l)["code"] for l in err.splitlines()], ["CG106"])
        self.assertFalse(os.path.exists(FX.path("big.bin")))
        # Within the limit, the source is read and checked as usual.
        rc, doc, _ = self.validate_json("--schema", FX.small_schema, FX.write("ok.json", b"{" + b" " * 100 + b"}"))
        self.assertEqual(doc["files"][0]["diagnostics"][0]["code"], "CG702")


class ValidateUsageTest(Base):
    def test_unknown_sensor_is_cg403(self):
        for cmd in (["validate", "--schema", FX.schema, "--sensor", "7.99", FX.good_src],
                    ["validate", "--schema", FX.schema, "--sensor", "7.99", "--format", "json", FX.good_src],
                    ["compile", "--schema", FX.schema, "--sensor", "7.99", "-o", FX.path("x.bin"), FX.good_src],
                    ["dump", "--schema", FX.schema, "--sensor", "7.99", FX.good_bin]):
            self.assertUsage(run(*cmd), "CG403", "7.99")
        self.assertFalse(os.path.exists(FX.path("x.bin")))

    def test_schema_problems(self):
        self.assertUsage(run("validate", "--schema", FX.path("missing.json"), FX.good_src), "missing.json")
        for fmt in ("text", "json", "sarif"):
            self.assertUsage(run("validate", "--schema", FX.bad_schema, "--format", fmt, FX.good_src), "CG600")
        self.assertUsage(run("dump", "--schema", FX.bad_schema, FX.good_bin), "CG600")
        # The line names the first error, not a warning (CG640) before it.
        with open(FX.schema) as fh:
            doc = json.load(fh)
        doc["sensors"].append({"version": doc["sensors"][0]["version"], "inputs": {}})
        dup = FX.write("dup-sensor.schema.json", json.dumps(doc, indent=1).encode())
        res = run("validate", "--schema", dup, FX.good_src)
        self.assertUsage(res, "CG607", "dup-sensor.schema.json")
        self.assertNotIn("CG640", res[2])

    def test_unreadable_inputs(self):
        for fmt in ("text", "json", "sarif"):
            self.assertUsage(run("validate", "--schema", FX.schema, "--format", fmt, FX.good_src,
                                 FX.path("no-such.bin")), "no-such.bin")
        folder = os.path.join(FX.tmp, "dangling")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(FX.good_bin, os.path.join(folder, "a.bin"))
        link = os.path.join(folder, "b.bin")
        if not os.path.lexists(link):
            os.symlink(os.path.join(folder, "gone.bin"), link)
        self.assertUsage(run("validate", "--schema", FX.schema, "--format", "json", folder), "b.bin")
        fifo_dir = os.path.join(FX.tmp, "fifo")
        os.makedirs(fifo_dir, exist_ok=True)
        if not os.path.exists(os.path.join(fifo_dir, "pipe.bin")):
            os.mkfifo(os.path.join(fifo_dir, "pipe.bin"))
        self.assertUsage(run("validate", "--schema", FX.schema, fifo_dir), "pipe.bin", "not a regular file")
        if os.geteuid() != 0:  # root reads files whatever their mode
            locked = FX.write("locked.bin", FX.read(FX.good_bin))
            os.chmod(locked, 0)
            self.assertUsage(run("validate", "--schema", FX.schema, locked), "locked.bin")


def make_mixed_folder(root, count):
    """`count` files of every kind (valid, warned, invalid binaries and sources,
    corrupt, empty, all zero), spread over nested folders, plus files the walk
    must skip."""
    good, repro = FX.read(FX.good_bin), FX.read(FX.repro_bin)
    with open(FX.good_src, "rb") as fh:
        good_src = fh.read()
    with open(FX.repro_src, "rb") as fh:
        repro_src = fh.read()
    variants = [
        ("bin", good), ("bin", repro), ("json", good_src), ("json", repro_src),
        ("bin", b""), ("bin", bytes(300)), ("bin", good[:100]), ("bin", good[:-1] + b"\x00"),
        ("bin", good[:64] + bytes([good[64] ^ 1]) + good[65:]), ("json", b'{"channel": 291}'),
        ("json", b"{ not json"), ("bin", b"CHNL" + bytes(60)),
    ]
    paths = []
    for i in range(count):
        ext, data = variants[i % len(variants)]
        sub = os.path.join(root, f"d{i % 7}", f"e{i % 3}") if i % 2 else root
        os.makedirs(sub, exist_ok=True)
        p = os.path.join(sub, f"f{i:03d}.{ext}")
        with open(p, "wb") as fh:
            fh.write(data)
        paths.append(p)
    with open(os.path.join(root, "README.txt"), "w") as fh:
        fh.write("skipped by the walk\n")
    return paths


class JobsTest(Base):
    def test_jobs_1_and_4_identical_on_200_files(self):
        folder = os.path.join(FX.tmp, "mixed")
        paths = make_mixed_folder(folder, 200)
        for fmt in ("text", "json", "sarif"):
            base = ["validate", "--schema", FX.schema, "--format", fmt]
            one = run(*base, "--jobs", "1", folder)
            four = run(*base, "--jobs", "4", folder)
            self.assertEqual(one[0], 1)
            self.assertEqual(one, four, fmt)
        doc = json.loads(one[1] if fmt == "json" else run(*base[:-1], "json", "--jobs", "4", folder)[1])
        listed = [f["path"] for f in doc["files"]]
        self.assertEqual(len(listed), 200)
        self.assertEqual(sorted(listed, key=lambda p: os.path.relpath(p, folder).split("/")),
                         listed, "folders are walked in sorted order")
        self.assertEqual(set(listed), set(paths))
        kinds = {f["path"]: f["kind"] for f in doc["files"]}
        self.assertTrue(all(kinds[p] == ("source" if p.endswith(".json") else "channel") for p in paths))
        # A link to a folder is not followed (this one would loop forever).
        os.symlink(folder, os.path.join(folder, "d0", "loop"))
        rc, out, err = run(*base[:-1], "json", "--jobs", "2", folder)
        self.assertEqual((rc, json.loads(out)), (1, doc), err)
        # Paths given in an order: output in that order, whatever --jobs.
        order = [paths[5], paths[0], paths[3]]
        for jobs in ("1", "3"):
            _, d, _ = self.validate_json("--schema", FX.schema, "--jobs", jobs, *order)
            self.assertEqual([f["path"] for f in d["files"]], order)


class SarifShapeTest(Base):
    def test_sarif_structure(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", "--format", "sarif",
                         FX.repro_bin, FX.repro_src)
        self.assertEqual(rc, 1)
        log = json.loads(out)
        self.assertEqual(log["version"], "2.1.0")
        self.assertEqual(len(log["runs"]), 1)
        run0 = log["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        self.assertEqual([r["id"] for r in rules], all_codes())
        for r in rules:
            self.assertTrue(r["shortDescription"]["text"])
            self.assertIn(r["defaultConfiguration"]["level"], ("error", "warning"))
        _, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", FX.repro_bin, FX.repro_src)
        diags = [(f, d) for f in doc["files"] for d in f["diagnostics"]]
        self.assertEqual(len(run0["results"]), len(diags))
        for res, (f, d) in zip(run0["results"], diags):
            self.assertEqual(res["ruleId"], d["code"])
            self.assertEqual(rules[res["ruleIndex"]]["id"], d["code"])
            self.assertEqual(res["level"], d["severity"])
            self.assertEqual(res["message"]["text"], d["message"])
            loc = res["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"]["uri"], "file://" + f["path"])
            if f["kind"] == "channel":
                self.assertEqual(loc["region"], {"byteOffset": d["offset"]})
            else:
                self.assertEqual(loc["region"], {"startLine": d["line"], "startColumn": d["column"]})


class CompileDumpTest(Base):
    def test_compile_then_dump_round_trips(self):
        rc, out, err = run("dump", "--schema", FX.schema, FX.good_bin)
        self.assertEqual(rc, 0, err)
        self.assertIsInstance(json.loads(out)["instances"], list)
        dumped = FX.write("dumped.json", out.encode())
        again = FX.path("again.bin")
        rc, out2, err = run("compile", "--schema", FX.schema, "-o", again, dumped)
        self.assertEqual((rc, out2), (0, ""), err)
        self.assertEqual(FX.read(again), FX.read(FX.good_bin))
        self.assertEqual(FX.read(FX.good_bin)[:4], b"CHNL")

    def test_compile_error_leaves_output_untouched(self):
        folder = os.path.join(FX.tmp, "compile-out")
        os.makedirs(folder, exist_ok=True)
        out_path = os.path.join(folder, "out.bin")
        with open(out_path, "wb") as fh:
            fh.write(b"previous")
        rc, out, err = run("compile", "--schema", FX.schema, "-o", out_path, FX.repro_src)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual(FX.read(out_path), b"previous")
        self.assertEqual(os.listdir(folder), ["out.bin"])
        lines = [TEXT_LINE.match(l) for l in err.splitlines()]
        self.assertTrue(all(lines), err)
        self.assertIn("CG400", [m["code"] for m in lines])
        # Success replaces the file.
        rc, _, _ = run("compile", "--schema", FX.schema, "--sensor", "7.16", "-o", out_path, FX.repro_src)
        self.assertEqual(rc, 0)
        self.assertEqual(FX.read(out_path), FX.read(FX.repro_bin))
        self.assertEqual(os.listdir(folder), ["out.bin"])

    def test_compile_output_that_cannot_be_written(self):
        # The good example has CG401 warnings: they are not printed when the
        # write fails, so the failure stays one line.
        self.assertUsage(run("compile", "--schema", FX.schema, "-o", FX.path("no/such/dir/out.bin"),
                             FX.good_src), "no/such/dir/out.bin")
        rc, out, err = run("compile", "--schema", FX.schema, "-o", FX.path("warned.bin"), FX.good_src)
        self.assertEqual((rc, out), (0, ""))
        self.assertEqual({TEXT_LINE.match(l)["code"] for l in err.splitlines()}, {"CG401"})

    def test_compile_and_dump_take_the_right_kind(self):
        self.assertUsage(run("compile", "--schema", FX.schema, "-o", FX.path("y.bin"), FX.good_bin))
        self.assertUsage(run("dump", "--schema", FX.schema, FX.good_src))
        self.assertUsage(run("dump", "--schema", FX.schema, FX.path("no-such.bin")), "no-such.bin")

    def test_dump_refuses_file_with_errors(self):
        rc, out, err = run("dump", "--schema", FX.schema, FX.repro_bin)  # CG400 for 7.11
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("CG400", err)
        rc, out, _ = run("dump", "--schema", FX.schema, "--sensor", "7.16", FX.repro_bin)
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("{"))
        rc, out, err = run("dump", "--schema", FX.small_schema, FX.good_bin)  # 1024 < its size
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("CG106", err)


class CheckSchemaTest(Base):
    def test_shipped_schema_and_broken_one(self):
        rc, out, err = run("check-schema", "--format", "json", FX.schema)
        self.assertEqual(rc, 0, err)
        f = json.loads(out)["files"][0]
        self.assertEqual((f["kind"], f["valid"], f["errors"]), ("schema", True, 0))
        self.assertTrue({d["code"] for d in f["diagnostics"]} <= {"CG640", "CG641"})
        rc, out, _ = run("check-schema", FX.schema, FX.bad_schema)
        self.assertEqual(rc, 1)
        bad = [TEXT_LINE.match(l) for l in out.splitlines() if l.startswith(FX.bad_schema)]
        self.assertEqual([(m["code"], m["loc"]) for m in bad], [("CG600", "2:14")])
        self.assertTrue(SUMMARY.match(out.splitlines()[-1]))
        rc, out, _ = run("check-schema", "--format", "sarif", FX.bad_schema)
        self.assertEqual(rc, 1)
        res = json.loads(out)["runs"][0]["results"]
        self.assertEqual(res[0]["locations"][0]["physicalLocation"]["region"], {"startLine": 2, "startColumn": 14})

    def test_unreadable_schema_file(self):
        self.assertUsage(run("check-schema", "--format", "json", FX.schema, FX.path("gone.json")), "gone.json")


class ExplainTest(Base):
    def test_every_code(self):
        codes = all_codes()
        self.assertGreater(len(codes), 50)
        for code in codes:
            rc, out, err = run("explain", code)
            self.assertEqual(rc, 0, code)
            self.assertRegex(out, rf"^{code} \((error|warning)\): .+")
            for part in ("Meaning: ", "Example: ", "Fix: "):
                self.assertRegex(out, rf"\n{part}\S", f"{code} lacks {part}")
        self.assertEqual(run("explain", "cg400")[0], 0)

    def test_unknown_code(self):
        self.assertUsage(run("explain", "CG999"), "CG999")
        self.assertUsage(run("explain", "hello"))


class SimulateAndHeaderTest(Base):
    def test_simulate_finds_the_out_of_bounds_read(self):
        rc, out, err = run("simulate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_bin)
        self.assertEqual(rc, 1, err)
        self.assertIn("client_parent_image_path", out)
        rc, out, err = run("simulate", "--schema", FX.schema, "--sensor", "7.11", "--format", "json", FX.good_bin)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["files"][0]["out_of_bounds"], [])
        self.assertUsage(run("simulate", "--schema", FX.schema, "--sensor", "9.9", FX.good_bin), "CG403")

    def test_gen_header(self):
        out_h = FX.path("channel_291.h")
        rc, out, err = run("gen-header", "--schema", FX.schema, "-o", out_h)
        self.assertEqual((rc, out), (0, ""), err)
        with open(out_h) as fh:
            text = fh.read()
        self.assertIn("#include <cstdint>", text)
        self.assertIn("kFieldCount", text)
        self.assertUsage(run("gen-header", "--schema", FX.bad_schema, "-o", FX.path("bad.h")), "CG600")
        self.assertFalse(os.path.exists(FX.path("bad.h")))


def sarif_schema_check():
    """Validates SARIF logs against the official 2.1.0 schema: 0 pass, 1 fail, 77 skip."""
    try:
        import jsonschema
    except ImportError:
        print("SKIP: the SARIF check needs the Python package jsonschema (Debian: python3-jsonschema)")
        return SKIP
    schema_path = sarif_schema_path()
    if schema_path is None:
        print("SKIP: the SARIF 2.1.0 schema was not found: install the npm package @microsoft/jest-sarif "
              "globally (npm install -g @microsoft/jest-sarif) or set CONTENTGATE_SARIF_SCHEMA")
        return SKIP
    with open(schema_path) as fh:
        schema = json.load(fh)
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    folder = os.path.join(FX.tmp, "sarif-mixed")
    make_mixed_folder(folder, 24)
    logs = {
        "validate": run("validate", "--schema", FX.schema, "--format", "sarif", folder, FX.good_src,
                        FX.repro_src),
        "validate-clean": run("validate", "--schema", FX.schema, "--sensor", "7.16", "--format", "sarif",
                              FX.good_bin),
        "check-schema": run("check-schema", "--format", "sarif", FX.schema, FX.bad_schema),
    }
    failed = 0
    for name, (rc, out, err) in logs.items():
        log = json.loads(out)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        results = len(log["runs"][0]["results"])
        if errors:
            failed += 1
            print(f"FAIL {name}: {len(errors)} schema violations; first: {errors[0].message} at "
                  f"{list(errors[0].path)}")
        else:
            print(f"ok   {name}: valid SARIF 2.1.0 ({results} results) against {os.path.basename(schema_path)} "
                  f"with {validator_class.__name__}")
    print(f"sarif: {len(logs) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    global BIN, ROOT, FX
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--only", choices=["sarif"])
    args, rest = ap.parse_known_args()
    BIN, ROOT = os.path.abspath(args.bin), os.path.abspath(args.root)
    FX = Fixture()
    try:
        if args.only == "sarif":
            return sarif_schema_check()
        result = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2).result
        failed = len(result.failures) + len(result.errors)
        print(f"cli_test: {result.testsRun - failed} passed, {failed} failed")
        return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(FX.tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
