#!/usr/bin/env python3
# File: tests/pre_commit_hooks_test.py
# .pre-commit-hooks.yaml through `pre-commit try-repo` on a scratch git repository.
"""Tests the pre-commit hooks of .pre-commit-hooks.yaml with Debian's
pre-commit: a scratch git repository stages and commits a good file, then a
bad one, and `pre-commit try-repo` must pass the first and fail the second,
naming only the file the commit touches.

try-repo cannot pass `args:`, which `validate` and `test` need (the
schema), so the hooks repository tried is a scratch copy of this one's
.pre-commit-hooks.yaml with those args added as a user's config would add
them; entry, language, files, exclude and pass_filenames are the shipped ones.

Skipped (exit 77, reason printed) without pre-commit, git or PyYAML. The
`test` hook is tried only when the binary has a `test` command.

Usage: pre_commit_hooks_test.py --bin build/cli/contentgate --root .
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SKIP = 77

BIN = None
ROOT = None

GOOD_SCHEMA = """{"schema_version": 1, "channel": {"id": 7, "name": "c"},
 "template_types": [{"id": 1, "name": "t", "fields": [{"name": "f", "type": "u8"}]}],
 "sensors": [{"version": "1.0", "inputs": {"t": 1}}]}
"""
BAD_SCHEMA = '{"schema_version": 1, "channel": {"id": 7, "name": "c"}, "template_types": [], "owner": 1}\n'
GOOD_SOURCE = ('{"channel": 7, "content_version": 1, "instances": '
               '[{"id": 1, "type": "t", "criteria": {"f": {"eq": 3}}}]}\n')
BAD_SOURCE = ('{"channel": 7, "content_version": 1, "instances": '
              '[{"id": 1, "type": "t", "criteria": {"f": {"eq": 300}}}]}\n')
GOOD_TESTS = ('{"channel": 7, "tests": [{"name": "three", "instance": 1, "event": {"f": 3}, '
              '"expect": "match"}]}\n')
BAD_TESTS = ('{"channel": 7, "tests": [{"name": "three", "instance": 1, "event": {"f": 3}, '
             '"expect": "no-match"}]}\n')

USER_ARGS = {
    "contentgate-validate": ["--schema", "c.schema.json"],
    "contentgate-test": ["--schema", "c.schema.json", "--tests", "c.tests.json", "content/good.json"],
}


def has_test_command():
    p = subprocess.run([BIN, "test", "--help"], capture_output=True, text=True, timeout=60)
    return p.returncode == 0 and "--tests" in p.stdout + p.stderr


class PreCommitHooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import yaml
        cls.tmp = tempfile.mkdtemp(prefix="cg-pre-commit-")
        cls.env = dict(os.environ)
        cls.env["PATH"] = os.path.dirname(BIN) + os.pathsep + cls.env.get("PATH", "")
        cls.env["PRE_COMMIT_HOME"] = os.path.join(cls.tmp, "cache")
        cls.env.update({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})
        with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
            cls.hooks = yaml.safe_load(f)
        # The hooks repository: the shipped hooks with the user's args.
        cls.hooks_repo = os.path.join(cls.tmp, "hooks")
        os.mkdir(cls.hooks_repo)
        tried = []
        for hook in cls.hooks:
            hook = dict(hook)
            if hook["id"] in USER_ARGS:
                hook["args"] = USER_ARGS[hook["id"]]
            tried.append(hook)
        with open(os.path.join(cls.hooks_repo, ".pre-commit-hooks.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(tried, f)
        cls.git(cls.hooks_repo, "init", "-q")
        cls.git(cls.hooks_repo, "add", ".")
        cls.git(cls.hooks_repo, "commit", "-q", "-m", "hooks")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    @classmethod
    def git(cls, cwd, *args):
        subprocess.run(["git", *args], cwd=cwd, env=cls.env, check=True, capture_output=True)

    def setUp(self):
        self.repo = tempfile.mkdtemp(prefix="content-", dir=self.tmp)
        self.git(self.repo, "init", "-q")
        os.mkdir(os.path.join(self.repo, "content"))

    def write(self, name, text):
        with open(os.path.join(self.repo, name), "w", encoding="utf-8") as f:
            f.write(text)

    def try_repo(self, hook):
        p = subprocess.run(["pre-commit", "try-repo", self.hooks_repo, hook], cwd=self.repo,
                           env=self.env, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout + p.stderr

    def commit(self, *names):
        self.git(self.repo, "add", *names)
        self.git(self.repo, "commit", "-q", "--no-verify", "-m", "x")

    def test_hooks_file(self):
        by_id = {h["id"]: h for h in self.hooks}
        self.assertEqual(sorted(by_id), ["contentgate-check-schema", "contentgate-test", "contentgate-validate"])
        for hook in self.hooks:
            self.assertEqual(hook["language"], "system", hook["id"])
            self.assertTrue(hook["entry"].startswith("contentgate "), hook["id"])
            self.assertIn("files", hook, hook["id"])
            self.assertIn("pass_filenames", hook, hook["id"])
        files = {i: re.compile(h["files"]) for i, h in by_id.items()}
        self.assertTrue(files["contentgate-check-schema"].search("schemas/c.schema.json"))
        self.assertFalse(files["contentgate-check-schema"].search("content/a.json"))
        validate = by_id["contentgate-validate"]
        for path, taken in [("content/a.json", True), ("content/a.bin", True), ("c.schema.json", False),
                            ("t/c.tests.json", False), ("README.md", False)]:
            hit = files["contentgate-validate"].search(path) and not re.search(validate["exclude"], path)
            self.assertEqual(bool(hit), taken, path)
        self.assertIs(by_id["contentgate-test"]["pass_filenames"], False)

    def test_check_schema_hook(self):
        self.write("c.schema.json", GOOD_SCHEMA)
        self.git(self.repo, "add", "c.schema.json")
        rc, out = self.try_repo("contentgate-check-schema")
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"contentgate check-schema\.+Passed")
        self.commit("c.schema.json")

        self.write("bad.schema.json", BAD_SCHEMA)
        self.git(self.repo, "add", "bad.schema.json")
        rc, out = self.try_repo("contentgate-check-schema")
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"contentgate check-schema\.+Failed")
        self.assertIn("bad.schema.json", out)
        self.assertIn("CG601", out)
        self.assertNotIn("c.schema.json:", out.replace("bad.schema.json", ""))

    def test_validate_hook(self):
        self.write("c.schema.json", GOOD_SCHEMA)
        self.write("content/good.json", GOOD_SOURCE)
        self.git(self.repo, "add", ".")
        rc, out = self.try_repo("contentgate-validate")
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"contentgate validate\.+Passed")
        self.commit(".")

        self.write("content/bad.json", BAD_SOURCE)
        self.git(self.repo, "add", "content/bad.json")
        rc, out = self.try_repo("contentgate-validate")
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"contentgate validate\.+Failed")
        self.assertIn("content/bad.json:", out)
        self.assertIn("CG304", out)  # 300 does not fit the u8 field
        self.assertNotIn("content/good.json", out)  # only the file the commit touches

    def test_test_hook(self):
        if not has_test_command():
            self.skipTest("this contentgate has no `test` command yet: the test hook is not tried")
        self.write("c.schema.json", GOOD_SCHEMA)
        self.write("content/good.json", GOOD_SOURCE)
        self.write("c.tests.json", GOOD_TESTS)
        self.git(self.repo, "add", ".")
        rc, out = self.try_repo("contentgate-test")
        self.assertEqual(rc, 0, out)
        self.commit(".")

        self.write("c.tests.json", BAD_TESTS)
        self.git(self.repo, "add", "c.tests.json")
        rc, out = self.try_repo("contentgate-test")
        self.assertEqual(rc, 1, out)
        self.assertIn("CG900", out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    args, rest = parser.parse_known_args()
    missing = [tool for tool in ("pre-commit", "git") if shutil.which(tool) is None]
    try:
        import yaml  # noqa: F401  (pre-commit depends on it)
    except ImportError:
        missing.append("python3-yaml")
    if missing:
        print(f"SKIP: {', '.join(missing)} not installed (apt-get install pre-commit git)")
        return SKIP
    global BIN, ROOT
    BIN = os.path.abspath(args.bin)
    ROOT = os.path.abspath(args.root)
    if os.path.basename(BIN) != "contentgate":
        print(f"SKIP: the hooks run `contentgate`; the binary is named {os.path.basename(BIN)}")
        return SKIP
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
