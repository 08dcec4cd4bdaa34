#!/usr/bin/env python3
"""File: tests/core/freestanding_check.py
The freestanding proofs of core.md, as one ctest test: the core compiles as
C99 and C++11 warning-free with gcc and clang; freestanding with no
undefined symbol on x86-64 and 32-bit x86; with Linux kernel flags; for the
Windows kernel's target; its deepest call path needs at most 512 bytes of
stack on x86-64; and its plain-C unit tests pass natively, for i686 and for
big-endian s390x (under qemu-user). A missing tool skips its check with a
printed reason."""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

STRICT = ["-Wall", "-Wextra", "-Wpedantic", "-Wconversion", "-Werror"]
FREESTANDING = ["-O2", "-ffreestanding", "-nostdlib", "-fno-builtin", "-fno-pic",
                "-fno-stack-protector"]
KERNEL = ["-mno-red-zone", "-mgeneral-regs-only", "-mcmodel=kernel"]
STACK_LIMIT = 512

failures = []


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check(name, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + name + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(name)


def skip(name, reason):
    print(f"skip  {name}: {reason}")


def compile_all(cc, flags, sources, include, out_dir, extra_lang=None):
    objects = []
    for src in sources:
        obj = os.path.join(out_dir, os.path.basename(src) + ".o")
        cmd = [cc] + (extra_lang or []) + flags + ["-I", include, "-c", src, "-o", obj]
        r = run(cmd, cwd=out_dir)
        if r.returncode != 0:
            return None, f"{' '.join(cmd)}\n{r.stderr}"
        objects.append(obj)
    return objects, ""


def undefined_symbols(ld, nm, objects, out_dir):
    merged = os.path.join(out_dir, "core_merged.o")
    r = run([ld, "-r", "-o", merged] + objects)
    if r.returncode != 0:
        return None, r.stderr
    r = run([nm, "-u", merged])
    return r.stdout.split(), r.stderr


def stack_depth(ci_files):
    """Deepest sum of frames along any call path, from gcc's -fcallgraph-info=su."""
    frames, edges = {}, {}
    node = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    for path in ci_files:
        with open(path) as f:
            text = f.read()
        titles = {}
        for m in node.finditer(text):
            title, parts = m.group(1), m.group(2).split("\\n")
            name = parts[0]
            titles[title] = name
            size = re.match(r"(\d+) bytes", parts[-1])
            if size is not None:
                frames[name] = int(size.group(1))
        for m in edge.finditer(text):
            src = titles.get(m.group(1), m.group(1).split(":")[-1])
            dst = titles.get(m.group(2), m.group(2).split(":")[-1])
            edges.setdefault(src, set()).add(dst)
    memo, on_path = {}, set()

    def depth(fn):
        if fn in on_path:
            raise RuntimeError(f"recursion through {fn}")
        if fn in memo:
            return memo[fn]
        on_path.add(fn)
        best, best_path = 0, []
        for callee in edges.get(fn, ()):
            if callee not in frames:  # a hook or an indirect call: excluded
                continue
            d, p = depth(callee)
            if d > best:
                best, best_path = d, p
        on_path.discard(fn)
        memo[fn] = (frames.get(fn, 0) + best, [fn] + best_path)
        return memo[fn]

    return max((depth(fn) for fn in frames), key=lambda x: x[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    include = os.path.join(args.root, "include")
    sources = sorted(glob.glob(os.path.join(args.root, "lib", "core", "*.c")))
    test_src = os.path.join(args.root, "tests", "core", "core_test.c")
    tmp = tempfile.mkdtemp(prefix="cg_core_")
    try:
        for cc in ("gcc", "clang"):
            if not shutil.which(cc):
                skip(f"{cc} C99", f"{cc} not installed")
                continue
            objs, err = compile_all(cc, ["-std=c99"] + STRICT, sources, include, tmp)
            check(f"{cc} -std=c99 strict", objs is not None, err)
            cxx = "g++" if cc == "gcc" else "clang++"
            if shutil.which(cxx):
                objs, err = compile_all(cxx, ["-std=c++11"] + STRICT, sources, include, tmp,
                                        ["-x", "c++"])
                check(f"{cxx} -std=c++11 strict", objs is not None, err)
            objs, err = compile_all(cc, ["-std=c99"] + STRICT + FREESTANDING, sources, include,
                                    tmp)
            check(f"{cc} freestanding x86-64", objs is not None, err)
            if objs:
                syms, err = undefined_symbols("ld", "nm", objs, tmp)
                check(f"{cc} nm -u empty (x86-64)", syms == [], f"{syms} {err}")
            objs, err = compile_all(cc, ["-std=c99"] + STRICT + FREESTANDING + KERNEL, sources,
                                    include, tmp)
            check(f"{cc} kernel flags (-mno-red-zone -mgeneral-regs-only -mcmodel=kernel)",
                  objs is not None, err)
        if shutil.which("i686-linux-gnu-gcc"):
            objs, err = compile_all("i686-linux-gnu-gcc", ["-std=c99"] + STRICT + FREESTANDING,
                                    sources, include, tmp)
            check("i686-linux-gnu-gcc freestanding", objs is not None, err)
            if objs:
                syms, err = undefined_symbols("i686-linux-gnu-ld", "i686-linux-gnu-nm", objs, tmp)
                check("nm -u empty (i686)", syms == [], f"{syms} {err}")
        else:
            skip("i686 freestanding", "i686-linux-gnu-gcc not installed (gcc-i686-linux-gnu)")
        if shutil.which("clang"):
            objs, err = compile_all("clang", ["--target=x86_64-pc-windows-msvc", "-ffreestanding",
                                              "-std=c99"] + STRICT, sources, include, tmp)
            check("clang --target=x86_64-pc-windows-msvc -ffreestanding", objs is not None, err)
        # Stack: the frames along the deepest call path, hooks excluded.
        ci_dir = os.path.join(tmp, "ci")
        os.mkdir(ci_dir)
        objs, err = compile_all("gcc", ["-std=c99"] + FREESTANDING + ["-fcallgraph-info=su"],
                                sources, include, ci_dir)
        if objs is None:
            check("stack usage", False, err)
        else:
            try:
                total, path = stack_depth(glob.glob(os.path.join(ci_dir, "*.ci")))
                print(f"      deepest path {total} bytes: {' -> '.join(path)}")
                check(f"stack <= {STACK_LIMIT} bytes along the deepest path", total <= STACK_LIMIT,
                      f"{total} bytes")
            except RuntimeError as e:
                check("no recursion", False, str(e))
        # The plain-C unit tests: native, i686, s390x.
        targets = [("native", "gcc", [], None),
                   ("i686", "i686-linux-gnu-gcc", ["-static"], "qemu-i386"),
                   ("s390x", "s390x-linux-gnu-gcc", ["-static"], "qemu-s390x")]
        for name, cc, flags, qemu in targets:
            if not shutil.which(cc):
                skip(f"core_test ({name})", f"{cc} not installed")
                continue
            exe = os.path.join(tmp, f"core_test_{name}")
            r = run([cc, "-std=c99", "-O2"] + STRICT + flags + ["-I", include, test_src] +
                    sources + ["-o", exe])
            if r.returncode != 0:
                check(f"core_test builds ({name})", False, r.stderr)
                continue
            cmd = [exe]
            if qemu is not None and name == "s390x":
                if not shutil.which(qemu):
                    skip(f"core_test ({name})", f"{qemu} not installed (qemu-user)")
                    continue
                cmd = [qemu, exe]
            r = run(cmd)
            if r.returncode != 0 and name == "i686" and shutil.which(qemu):
                r = run([qemu, exe])  # the kernel may not run 32-bit binaries
            check(f"core_test ({name})", r.returncode == 0, r.stdout + r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
