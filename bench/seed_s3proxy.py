#!/usr/bin/env python3
"""Places a store that the generator wrote on the filesystem into s3proxy's filesystem backend.

Both drivers keep the same keys (README, "Storage"), so the files of a filesystem store are, one
for one, the objects of an S3 store. s3proxy ingests about 20 generated manifests a second on this
2-core machine (3 to 4 hours for the full store); hard-linking the files takes minutes. Each file
gets the MD5 extended attribute s3proxy's filesystem-nio2 backend keeps beside every object (its
listings fail without it). Usage: seed_s3proxy.py <filesystem store root> <bucket folder>/<prefix>
"""
import hashlib
import os
import sys


def main(source, target):
    count = 0
    for folder, _, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        destination = os.path.normpath(os.path.join(target, relative))
        os.makedirs(destination, exist_ok=True)
        for name in files:
            if name.startswith(".tmp-"):
                continue  # a write the filesystem driver never finished
            src = os.path.join(folder, name)
            dst = os.path.join(destination, name)
            if not os.path.exists(dst):
                os.link(src, dst)
            with open(src, "rb") as content:
                os.setxattr(dst, "user.user.content-md5", hashlib.md5(content.read()).digest())
            count += 1
            if count % 100000 == 0:
                print(f"  {count:,} objects placed", file=sys.stderr)
    print(f"placed {count} objects", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
