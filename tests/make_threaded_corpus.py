#!/usr/bin/env python3
"""Writes regex-heavy source files for the ThreadSanitizer run of
`validate --jobs` (scripts/tsan.sh), against schemas/channel-291.schema.json.

Patterns repeat across files, so worker threads hit the shared regex cache
for the same keys at once; every tenth file has a pattern RE2 rejects (CG314)
and "invalid" in its name; files named *-bin.json are meant to be compiled to
channel files as well.
"""
import argparse
import json
import os

SHARED = [r"^\\\\\.\\pipe\\[0-9a-f]{%d}$" % n for n in range(8, 40)]


def instance(ident, k, broken):
    fields = ["pipe_name", "server_image_path", "client_image_path"]
    criteria = {}
    for j, field in enumerate(fields):
        pattern = SHARED[(ident + j) % len(SHARED)] if j != 2 else r"C:\\Windows\\x%d_[a-z]+\.exe" % k
        criteria[field] = {"regex": pattern, "nocase": bool((ident + j) % 2)}
    if broken:
        criteria["client_image_path"] = {"regex": "(unclosed%d" % k}
    return {"id": ident, "type": "ipc_named_pipe", "criteria": criteria}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for k in range(args.count):
        broken = k % 10 == 9
        doc = {"channel": 291, "content_version": k + 1,
               "instances": [instance(i + 1, k, broken and i == 3) for i in range(8)]}
        name = "f%03d%s.json" % (k, "-invalid" if broken else ("-bin" if k % 3 == 0 else ""))
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(doc, f)


if __name__ == "__main__":
    main()
