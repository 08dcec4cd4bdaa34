#!/usr/bin/env python3
# File: tests/ci_recipes_test.py
# docs/ci.md's recipes: complete YAML files that call only documented commands and options.
"""Checks the copy-paste recipes of docs/ci.md.

- Every ```yaml block parses, and the GitHub Actions workflow uploads the
  SARIF file it writes to code scanning, the GitLab CI job reports the JUnit
  file it writes, and the pre-commit config uses the hooks of
  .pre-commit-hooks.yaml.
- Every `contentgate COMMAND --option` the recipes run is in the command
  synopsis of the contract (--spec, default ../shared/spec/cli.md beside the
  clone, as for the conformance cases; that part is skipped with a printed
  reason when it is absent), and every --format value they use is one the
  synopsis lists for that command.

Skipped (exit 77, reason printed) without PyYAML.

Usage: ci_recipes_test.py --root .
"""

import argparse
import os
import re
import shlex
import sys
import unittest

SKIP = 77
ROOT = None
SPEC = None


def yaml_blocks():
    with open(os.path.join(ROOT, "docs", "ci.md"), encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def synopsis():
    """{command: (options, formats)} from the contract's synopsis block."""
    with open(SPEC, encoding="utf-8") as f:
        block = re.search(r"```\n(contentgate .*?)```", f.read(), re.S).group(1)
    commands = {}
    current = None
    for line in block.splitlines():
        m = re.match(r"contentgate\s+([a-z-]+)", line)
        if m:
            current = m.group(1)
            commands.setdefault(current, (set(), set()))
        if current is None:
            continue
        options, formats = commands[current]
        options.update(re.findall(r"(--[a-z-]+)", line))
        options.update(re.findall(r"\[(-[a-z])\b", line))
        for values in re.findall(r"--format ([a-z|]+)", line):
            formats.update(values.split("|"))
    return commands


def commands_run(doc):
    """Every shell line of a workflow or job document."""
    lines = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("run", "script", "before_script"):
            lines.extend(node.replace("\\\n", " ").splitlines())

    walk(doc)
    return lines


class CiRecipesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import yaml
        cls.docs = [yaml.safe_load(block) for block in yaml_blocks()]

    def find(self, predicate):
        found = [d for d in self.docs if isinstance(d, dict) and predicate(d)]
        self.assertEqual(len(found), 1)
        return found[0]

    def test_github_actions_uploads_its_sarif(self):
        workflow = self.find(lambda d: "jobs" in d)
        self.assertEqual(workflow["permissions"]["security-events"], "write")
        steps = workflow["jobs"]["gate"]["steps"]
        upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
        self.assertEqual(len(upload), 1)
        sarif = upload[0]["with"]["sarif_file"]
        self.assertEqual(upload[0]["if"], "always()")
        runs = " ".join(s.get("run", "") for s in steps)
        self.assertIn(f"--format sarif \"$CONTENT\" > {sarif}", runs)
        self.assertIn("--format github", runs)

    def test_gitlab_reports_its_junit(self):
        job = self.find(lambda d: "contentgate" in d and "variables" in d)["contentgate"]
        junit = job["artifacts"]["reports"]["junit"]
        self.assertEqual(job["artifacts"]["when"], "always")
        self.assertIn(f"--format junit \"$CONTENT\" > {junit}", " ".join(job["script"]))

    def test_pre_commit_config_uses_the_shipped_hooks(self):
        import yaml
        config = self.find(lambda d: "repos" in d)
        with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
            shipped = {h["id"] for h in yaml.safe_load(f)}
        used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
        self.assertEqual(used, shipped)

    def test_only_documented_commands_and_options(self):
        if not os.path.exists(SPEC):
            self.skipTest(f"no contract at {SPEC}: options not checked")
        documented = synopsis()
        calls = 0
        for doc in self.docs:
            for line in commands_run(doc):
                for part in re.split(r"\|\||&&|;|\{|\}", line):
                    words = shlex.split(part, comments=True) if part.strip() else []
                    if len(words) < 2 or words[0] != "contentgate":
                        continue
                    calls += 1
                    command = words[1]
                    with self.subTest(line=line):
                        self.assertIn(command, documented)
                        options, formats = documented[command]
                        for i, word in enumerate(words[2:], start=2):
                            if word.startswith("-") and word != "-":
                                self.assertIn(word, options, f"{command} {word}")
                            if word == "--format":
                                self.assertIn(words[i + 1], formats, f"{command} --format")
        self.assertGreaterEqual(calls, 6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--spec", help="the contract's cli.md")
    args, rest = parser.parse_known_args()
    try:
        import yaml  # noqa: F401
    except ImportError:
        print("SKIP: PyYAML is not installed (apt-get install python3-yaml)")
        return SKIP
    global ROOT, SPEC
    ROOT = os.path.abspath(args.root)
    SPEC = args.spec or os.path.join(ROOT, "..", "shared", "spec", "cli.md")
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
