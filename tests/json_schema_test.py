#!/usr/bin/env python3
# File: tests/json_schema_test.py
# The JSON Schemas in schemas/json/ against the shipped files and the strict loaders.
"""Checks the editors' JSON Schemas (schemas/json/*.schema.json).

- Each is a valid draft 2020-12 schema.
- Every shipped schema, example and tests file validates against its JSON
  Schema and names it in "$schema" (a path relative to the file).
- Typical mistakes are rejected by the JSON Schema and by contentgate.
- The JSON Schemas and the strict loaders (contentgate check-schema,
  validate and, once it exists, test) agree on small valid and invalid
  documents.

Needs python3-jsonschema; without it the test is skipped (exit 77) with
the reason printed.

Usage: json_schema_test.py --bin build/cli/contentgate --root .
"""

import argparse
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

SKIP = 77

try:
    import jsonschema
except ImportError:
    jsonschema = None

BIN = None
ROOT = None
SCHEMA_291 = None
REPRO = None

KINDS = ("schema", "source", "tests")


def json_schema(kind):
    with open(os.path.join(ROOT, "schemas", "json", f"{kind}.schema.json"), encoding="utf-8") as f:
        return json.load(f)


def validator(kind):
    return jsonschema.Draft202012Validator(json_schema(kind))


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def has_test_command():
    rc, out, err = run("test", "--help")
    return rc == 0 and "--tests" in out + err


# ---- the documents ----------------------------------------------------------

SCHEMA_BASE = {
    "schema_version": 1,
    "channel": {"id": 7, "name": "c"},
    "template_types": [{"id": 1, "name": "t", "fields": [{"name": "f", "type": "u8"}]}],
}


def schema_doc(edit=None):
    doc = copy.deepcopy(SCHEMA_BASE)
    if edit:
        edit(doc)
    return doc


def field(**keys):
    def edit(doc):
        doc["template_types"][0]["fields"] = [dict(name="f", **keys)]
    return edit


def sensors(*items):
    def edit(doc):
        doc["sensors"] = list(items)
    return edit


def setter(path, value):
    """An edit that sets doc[path...] = value (a missing last key is added)."""
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def deleter(path):
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return edit


# (name, document, valid?) for schema files.
SCHEMA_CASES = [
    ("minimal", schema_doc(), True),
    ("$schema and description", schema_doc(lambda d: d.update({"$schema": "x", "description": "d"})), True),
    ("channel limits at their bounds", schema_doc(lambda d: d["channel"].update(
        {"id": 4294967295, "max_instances": 0, "max_file_size": 64})), True),
    ("max_file_size 1 GiB", schema_doc(setter(["channel", "max_file_size"], 1073741824)), True),
    ("u64 bounds", schema_doc(field(type="u64", min=0, max=18446744073709551615,
                                    ops=["any", "eq", "ne", "range", "mask"])), True),
    ("bool", schema_doc(field(type="bool", ops=["eq"], description="x")), True),
    ("enum", schema_doc(field(type="enum", values={"a": 0, "b": 4294967295})), True),
    ("string with every key", schema_doc(field(type="string", min_length=1, max_length=65535,
                                               max_wildcards=64, max_regex_program=100000,
                                               ops=["any", "glob", "regex"])), True),
    ("sensors", schema_doc(sensors({"version": "7.11.18110", "inputs": {"t": 1}},
                                   {"version": "0", "inputs": {}})), True),
    ("sensor supplying more than the fields", schema_doc(sensors({"version": "1", "inputs": {"t": 65535}})), True),
    ("unknown top-level key", schema_doc(setter(["owner"], "x")), False),
    ("schema_version 2", schema_doc(setter(["schema_version"], 2)), False),
    ("missing channel", schema_doc(deleter(["channel"])), False),
    ("string channel id", schema_doc(setter(["channel", "id"], "7")), False),
    ("channel id 0", schema_doc(setter(["channel", "id"], 0)), False),
    ("channel id 2^32", schema_doc(setter(["channel", "id"], 4294967296)), False),
    ("channel name not a name", schema_doc(setter(["channel", "name"], "Bad")), False),
    ("unknown channel key", schema_doc(setter(["channel", "owner"], 1)), False),
    ("max_file_size 63", schema_doc(setter(["channel", "max_file_size"], 63)), False),
    ("max_file_size over 1 GiB", schema_doc(setter(["channel", "max_file_size"], 1073741825)), False),
    ("no template types", schema_doc(setter(["template_types"], [])), False),
    ("template type id 65536", schema_doc(setter(["template_types", 0, "id"], 65536)), False),
    ("string template type id", schema_doc(setter(["template_types", 0, "id"], "1")), False),
    ("template type name not a name", schema_doc(setter(["template_types", 0, "name"], "9t")), False),
    ("no fields", schema_doc(setter(["template_types", 0, "fields"], [])), False),
    ("unknown field type", schema_doc(field(type="int")), False),
    ("u8 max 256", schema_doc(field(type="u8", max=256)), False),
    ("u16 min 65536", schema_doc(field(type="u16", min=65536)), False),
    ("string operator on an integer field", schema_doc(field(type="u32", ops=["any", "glob"])), False),
    ("range on a bool field", schema_doc(field(type="bool", ops=["range"])), False),
    ("empty ops", schema_doc(field(type="u8", ops=[])), False),
    ("repeated op", schema_doc(field(type="u8", ops=["eq", "eq"])), False),
    ("min on a string field", schema_doc(field(type="string", min=1)), False),
    ("max_length on an integer field", schema_doc(field(type="u8", max_length=3)), False),
    ("enum without values", schema_doc(field(type="enum")), False),
    ("enum with no value", schema_doc(field(type="enum", values={})), False),
    ("enum value not an integer", schema_doc(field(type="enum", values={"a": "x"})), False),
    ("enum value 2^32", schema_doc(field(type="enum", values={"a": 4294967296})), False),
    ("enum value name not a name", schema_doc(field(type="enum", values={"A": 1})), False),
    ("max_wildcards 65", schema_doc(field(type="string", max_wildcards=65)), False),
    ("max_regex_program 0", schema_doc(field(type="string", max_regex_program=0)), False),
    ("max_length 65536", schema_doc(field(type="string", max_length=65536)), False),
    ("unknown field key", schema_doc(field(type="u8", color="red")), False),
    ("sensor version with a leading zero", schema_doc(sensors({"version": "07.1", "inputs": {}})), False),
    ("sensor version of five numbers", schema_doc(sensors({"version": "1.2.3.4.5", "inputs": {}})), False),
    ("sensor version of ten digits", schema_doc(sensors({"version": "1234567890", "inputs": {}})), False),
    ("sensor inputs 65536", schema_doc(sensors({"version": "1", "inputs": {"t": 65536}})), False),
    ("sensor without inputs", schema_doc(sensors({"version": "1"})), False),
    ("unknown sensor key", schema_doc(sensors({"version": "1", "inputs": {}, "os": "x"})), False),
    ("$schema not a string", schema_doc(setter(["$schema"], 5)), False),
]

SOURCE_BASE = {
    "channel": 291,
    "content_version": 1,
    "instances": [{"id": 1, "type": "ipc_named_pipe", "criteria": {}}],
}


def source_doc(edit=None):
    doc = copy.deepcopy(SOURCE_BASE)
    if edit:
        edit(doc)
    return doc


def criteria(**keys):
    return setter(["instances", 0, "criteria"], keys)


# (name, document, valid?) for source files, checked against
# schemas/channel-291.schema.json for sensor 7.16.
SOURCE_CASES = [
    ("minimal", source_doc(), True),
    ("no instances", source_doc(setter(["instances"], [])), True),
    ("$schema and description", source_doc(lambda d: d.update({"$schema": "x", "description": "d"})), True),
    ("disabled and described instance", source_doc(lambda d: d["instances"][0].update(
        {"disabled": True, "description": "x"})), True),
    ("content_version 2^32-1", source_doc(setter(["content_version"], 4294967295)), True),
    ("every criterion form", source_doc(criteria(
        pipe_name={"glob": "\\\\.\\pipe\\x*", "nocase": True},
        server_image_path="any",
        client_image_path={"contains": "temp", "nocase": False},
        client_pid={"range": [100, 200]},
        server_pid={"ne": 4},
        transport={"eq": "smb"},
        is_remote={"eq": True},
        access_mask={"mask": [3, 1]})), True),
    ("regex", source_doc(criteria(pipe_name={"regex": "^x$"})), True),
    ("unknown top-level key", source_doc(setter(["owner"], "x")), False),
    ("missing instances", source_doc(deleter(["instances"])), False),
    ("string channel", source_doc(setter(["channel"], "291")), False),
    ("string instance id", source_doc(setter(["instances", 0, "id"], "1")), False),
    ("instance id 0", source_doc(setter(["instances", 0, "id"], 0)), False),
    ("negative instance id", source_doc(setter(["instances", 0, "id"], -1)), False),
    ("instance id 2^32", source_doc(setter(["instances", 0, "id"], 4294967296)), False),
    ("content_version 2^32", source_doc(setter(["content_version"], 4294967296)), False),
    ("negative content_version", source_doc(setter(["content_version"], -1)), False),
    ("instance without criteria", source_doc(deleter(["instances", 0, "criteria"])), False),
    ("unknown instance key", source_doc(setter(["instances", 0, "flags"], 1)), False),
    ("disabled not a boolean", source_doc(setter(["instances", 0, "disabled"], "no")), False),
    ("criterion with two operators", source_doc(criteria(client_pid={"eq": 5, "ne": 6})), False),
    ("criterion with no operator", source_doc(criteria(client_pid={})), False),
    ("unknown operator", source_doc(criteria(client_pid={"lt": 5})), False),
    ("any as an operator key", source_doc(criteria(client_pid={"any": True})), False),
    ("ANY", source_doc(criteria(client_pid="ANY")), False),
    ("number as a criterion", source_doc(criteria(client_pid=5)), False),
    ("null criterion", source_doc(criteria(client_pid=None)), False),
    ("nocase on eq", source_doc(criteria(client_pid={"eq": 5, "nocase": False})), False),
    ("nocase not a boolean", source_doc(criteria(pipe_name={"prefix": "x", "nocase": "yes"})), False),
    ("range of one integer", source_doc(criteria(client_pid={"range": [8]})), False),
    ("range of three integers", source_doc(criteria(client_pid={"range": [8, 9, 10]})), False),
    ("mask not an array", source_doc(criteria(access_mask={"mask": "3"})), False),
    ("negative eq operand", source_doc(criteria(client_pid={"eq": -5})), False),
    ("glob operand not a string", source_doc(criteria(pipe_name={"glob": 5})), False),
]

TESTS_EXAMPLE = {
    "channel": 291,
    "tests": [
        {"name": "wkssvc pipe from rundll32", "instance": 13, "sensor": "7.16",
         "event": {"pipe_name": "\\\\.\\pipe\\x_wkssvc_1",
                   "client_parent_image_path": "C:\\Windows\\System32\\\\RUNDLL32.EXE"},
         "expect": "match"},
        {"name": "msagent pipe over smb", "instance": 10,
         "event": {"pipe_name": "\\\\.\\pipe\\MSAGENT_1f", "client_pid": 200, "transport": "smb",
                   "is_remote": True, "access_mask": 1},
         "expect": "match"},
    ],
}


def tests_doc(edit=None):
    doc = copy.deepcopy(TESTS_EXAMPLE)
    if edit:
        edit(doc)
    return doc


# (name, document, valid?) for tests files, run against the reproduction.
TESTS_CASES = [
    ("release.md's example", tests_doc(), True),
    ("no tests", {"channel": 291, "tests": []}, True),
    ("$schema, description, $type and no-match", tests_doc(lambda d: (
        d.update({"$schema": "x", "description": "d"}),
        d["tests"][1]["event"].update({"$type": "ipc_named_pipe"}),
        d["tests"][1].update({"expect": "no-match"}))), True),
    ("unknown top-level key", tests_doc(setter(["owner"], "x")), False),
    ("missing tests", tests_doc(deleter(["tests"])), False),
    ("string channel", tests_doc(setter(["channel"], "291")), False),
    ("string instance id", tests_doc(setter(["tests", 0, "instance"], "13")), False),
    ("expect other than match/no-match", tests_doc(setter(["tests", 0, "expect"], "matches")), False),
    ("expect true", tests_doc(setter(["tests", 0, "expect"], True)), False),
    ("empty name", tests_doc(setter(["tests", 0, "name"], "")), False),
    ("missing event", tests_doc(deleter(["tests", 0, "event"])), False),
    ("unknown test key", tests_doc(setter(["tests", 0, "timeout"], 5)), False),
    ("sensor not a version", tests_doc(setter(["tests", 0, "sensor"], "7.x")), False),
    ("event value null", tests_doc(setter(["tests", 1, "event", "client_pid"], None)), False),
    ("negative event value", tests_doc(setter(["tests", 1, "event", "client_pid"], -1)), False),
    ("event not an object", tests_doc(setter(["tests", 0, "event"], [1])), False),
]

CASES = {"schema": SCHEMA_CASES, "source": SOURCE_CASES, "tests": TESTS_CASES}

# The typical mistakes the issue names, each (kind, case name).
TYPICAL_MISTAKES = [
    ("schema", "unknown top-level key"), ("schema", "string channel id"),
    ("schema", "string template type id"),
    ("source", "unknown top-level key"), ("source", "string instance id"),
    ("source", "criterion with two operators"),
    ("tests", "unknown top-level key"), ("tests", "string instance id"),
    ("tests", "expect other than match/no-match"),
]


def loader_verdict(kind, doc, folder):
    """True when contentgate accepts `doc` as a well-formed file of `kind`."""
    path = os.path.join(folder, f"doc.{kind}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
    if kind == "schema":
        rc, out, err = run("check-schema", path)
        assert rc in (0, 1), (rc, out, err)
        return rc == 0
    if kind == "source":
        rc, out, err = run("validate", "--schema", SCHEMA_291, "--sensor", "7.16", path)
        assert rc in (0, 1), (rc, out, err)
        return rc == 0
    # A tests file is accepted when `test` reports no CG906 or CG700 for it,
    # nor CG907 (a sensor version the JSON Schema can reject by its form,
    # contentgate by the schema's list); the tests themselves may pass or fail.
    rc, out, err = run("test", "--schema", SCHEMA_291, "--tests", path, "--format", "json", REPRO)
    assert rc in (0, 1), (rc, out, err)
    return not any(code in out for code in ("CG906", "CG907", "CG700"))


class JsonSchemaTest(unittest.TestCase):
    def test_schemas_are_draft_2020_12(self):
        for kind in KINDS:
            schema = json_schema(kind)
            jsonschema.Draft202012Validator.check_schema(schema)
            self.assertEqual(schema["$schema"], "https://json-schema.org/draft/2020-12/schema")
            description = schema["description"]
            self.assertIn("for editors", description, kind)
            self.assertIn("is the authority", description, kind)

    def shipped(self):
        files = []
        for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "*.schema.json"))):
            files.append((path, "schema"))
        for path in sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.json"), recursive=True)):
            # examples/sensor_integration/ holds byte-for-byte copies of the
            # files above, for a build copied out of the tree (its ctest
            # checks the copies); their $schema paths are the originals'.
            if os.sep + "sensor_integration" + os.sep in path:
                continue
            files.append((path, "tests" if path.endswith(".tests.json") else "source"))
        return files

    def test_every_shipped_file_is_valid_and_names_its_schema(self):
        files = self.shipped()
        self.assertGreaterEqual(len(files), 4)
        for path, kind in files:
            with self.subTest(path=os.path.relpath(path, ROOT)):
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
                errors = [e.message for e in validator(kind).iter_errors(doc)]
                self.assertEqual(errors, [])
                self.assertIn("$schema", doc)
                named = os.path.normpath(os.path.join(os.path.dirname(path), doc["$schema"]))
                self.assertEqual(named, os.path.join(ROOT, "schemas", "json", f"{kind}.schema.json"))

    def test_cases_are_as_expected_by_the_json_schemas(self):
        for kind in KINDS:
            v = validator(kind)
            for name, doc, valid in CASES[kind]:
                with self.subTest(kind=kind, case=name):
                    errors = [e.message for e in v.iter_errors(doc)]
                    self.assertEqual(not errors, valid, errors)

    def test_typical_mistakes_are_rejected(self):
        for kind, name in TYPICAL_MISTAKES:
            with self.subTest(kind=kind, case=name):
                doc = next(d for n, d, _ in CASES[kind] if n == name)
                self.assertFalse(validator(kind).is_valid(doc))

    def agree(self, kind):
        with tempfile.TemporaryDirectory() as folder:
            for name, doc, valid in CASES[kind]:
                with self.subTest(kind=kind, case=name):
                    self.assertEqual(loader_verdict(kind, doc, folder), valid,
                                     f"contentgate disagrees on {kind} case {name!r}")

    def test_check_schema_agrees(self):
        self.agree("schema")

    def test_validate_agrees(self):
        self.agree("source")

    def test_test_command_agrees(self):
        if not has_test_command():
            self.skipTest("this contentgate has no `test` command yet: tests-file agreement not checked")
        self.agree("tests")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    args, rest = parser.parse_known_args()
    if jsonschema is None:
        print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
        return SKIP
    global BIN, ROOT, SCHEMA_291, REPRO
    BIN = os.path.abspath(args.bin)
    ROOT = os.path.abspath(args.root)
    SCHEMA_291 = os.path.join(ROOT, "schemas", "channel-291.schema.json")
    REPRO = os.path.join(ROOT, "examples", "channel-291.c291-repro.json")
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
