#!/usr/bin/env python3
# File: tests/github_format_test.py
# `--format github` end to end, read back through a parser of GitHub's workflow-command syntax.
"""End-to-end tests of `contentgate validate --format github`.

The output is parsed as GitHub Actions parses workflow commands
(`::error file=F,line=L,col=C,title=T::message`, properties and data
percent-escaped), and the Channel-291 reproduction's CG400 must come out
with its file and position: line 1 and the byte offset in the message for
the compiled channel file, the line and column of the criterion for the
source.

Usage: github_format_test.py --bin build/cli/contentgate --root .
"""

import json
import os
import re
import sys

import cli_support
from cli_support import run

BIN = None
ROOT = None

COMMAND = re.compile(r"^::(?P<command>[a-z-]+)(?: (?P<properties>[^:]*))?::(?P<data>.*)$")


def unescape_data(text):
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text):
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def parse_commands(output):
    """The workflow commands of `output`, as dicts: command, the properties,
    message. Lines that are not commands (the summary) are returned apart."""
    commands, other = [], []
    for line in output.splitlines():
        m = COMMAND.match(line)
        if not m:
            other.append(line)
            continue
        props = {}
        if m["properties"]:
            for item in m["properties"].split(","):
                key, _, value = item.partition("=")
                props[key] = unescape_property(value)
        commands.append({"command": m["command"], **props, "message": unescape_data(m["data"])})
    return commands, other


class GithubFormatTest(cli_support.ExampleFilesTest):
    tmp_prefix = "cg-github-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repro_bin = os.path.join(cls.tmp, "channel-291.c291-repro.bin")
        rc, out, err = run("compile", "--schema", cls.schema, "--sensor", "7.16", "-o", cls.repro_bin,
                           cls.repro_src)
        assert rc == 0, err

    def github(self, *paths, extra=()):
        rc, out, err = run("validate", "--schema", self.schema, "--sensor", "7.11", "--format", "github",
                           *extra, *paths)
        self.assertEqual(rc, 1, err)
        commands, other = parse_commands(out)
        # Every line is a command but the run's summary line at the end.
        self.assertEqual(len(other), 1, out)
        self.assertTrue(other[0].startswith("contentgate: "), other)
        self.assertTrue(out.endswith(other[0] + "\n"), out)
        return commands

    def json_diagnostic(self, path, code):
        rc, out, _ = run("validate", "--schema", self.schema, "--sensor", "7.11", "--format", "json", path)
        self.assertEqual(rc, 1)
        diagnostics = json.loads(out)["files"][0]["diagnostics"]
        return next(d for d in diagnostics if d["code"] == code)

    def test_channel_file_cg400_at_line_1_with_its_byte_offset(self):
        commands = self.github(self.repro_bin)
        errors = [c for c in commands if c["command"] == "error"]
        self.assertEqual(len(errors), 1, commands)
        cg400 = errors[0]
        self.assertEqual(cg400["title"], "CG400")
        self.assertEqual(cg400["file"], self.repro_bin)
        self.assertEqual(cg400["line"], "1")
        self.assertNotIn("col", cg400)
        offset = self.json_diagnostic(self.repro_bin, "CG400")["offset"]
        self.assertEqual(offset, 1712)
        self.assertIn(f"byte offset {offset}", cg400["message"])
        self.assertIn("client_parent_image_path", cg400["message"])
        # The two CG401 warnings, for instances 10 and 11.
        warnings = [c for c in commands if c["command"] == "warning"]
        self.assertEqual([w["title"] for w in warnings], ["CG401", "CG401"])
        self.assertEqual([w["line"] for w in warnings], ["1", "1"])

    def test_source_cg400_at_its_line_and_column(self):
        commands = self.github(self.repro_src)
        cg400 = next(c for c in commands if c.get("title") == "CG400")
        self.assertEqual(cg400["command"], "error")
        self.assertEqual(cg400["file"], self.repro_src)
        d = self.json_diagnostic(self.repro_src, "CG400")
        self.assertEqual((int(cg400["line"]), int(cg400["col"])), (d["line"], d["column"]))
        with open(self.repro_src, encoding="utf-8") as f:
            line = f.read().splitlines()[int(cg400["line"]) - 1]
        # The criterion's value, on the line of its key.
        self.assertIn('"client_parent_image_path": ', line[:int(cg400["col"]) - 1])
        self.assertEqual(line[int(cg400["col"]) - 1], "{")
        self.assertIn("pointer /instances/3/criteria/client_parent_image_path", cg400["message"])

    def test_properties_and_messages_are_escaped(self):
        folder = os.path.join(self.tmp, "a,b:c%d")
        os.mkdir(folder)
        path = os.path.join(folder, "x,y.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"channel": 291, "content_version": 1, "instances": [{"id": 1, '
                    '"type": "ipc_named_pipe", "criteria": {"pipe_name": {"regex": "(%\\r\\n\\u0001"}}}]}')
        rc, out, err = run("validate", "--schema", self.schema, "--sensor", "7.16", "--format", "github", path)
        self.assertEqual(rc, 1, err)
        raw = out.splitlines()[0]
        self.assertIn("file=" + path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + ",", raw)
        self.assertIn("(%25%0D%0A\\x01", raw)  # other control characters as in text output
        commands, _ = parse_commands(out)
        self.assertEqual(len(commands), 1, out)
        self.assertEqual(commands[0]["file"], path)
        self.assertEqual(commands[0]["title"], "CG314")
        self.assertIn("(%\r\n\\x01", commands[0]["message"])

    def test_capped_diagnostics_are_noted(self):
        commands = self.github(self.repro_bin, extra=("--max-errors", "1"))
        self.assertEqual(len(commands), 2, commands)
        self.assertIn(commands[0]["command"], ("error", "warning"))
        self.assertEqual(commands[1]["command"], "notice")
        self.assertEqual(commands[1]["file"], self.repro_bin)
        self.assertEqual(commands[1]["message"], "2 more diagnostics not shown (limit 1)")


def main():
    return cli_support.run_tests(globals())


if __name__ == "__main__":
    sys.exit(main())
