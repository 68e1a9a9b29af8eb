"""Prints every key path of the JSON documents named on the command line,
one per line, sorted: "a.b" for a key of an object, "a[]" for the elements
of an array ("[]" alone when the document is an array), so that
{"votes": [{"org": "x"}]} gives "votes", "votes[]" and "votes[].org".
Used by t-docs to compare the --json outputs with the man page."""
import json
import sys


def walk(v, path, out):
    """Adds the key paths under v, found at path, to out."""
    if isinstance(v, dict):
        for k, x in v.items():
            p = path + "." + k if path else k
            out.add(p)
            walk(x, p, out)
    elif isinstance(v, list):
        for x in v:
            out.add(path + "[]")
            walk(x, path + "[]", out)


paths = set()
for name in sys.argv[1:]:
    with open(name) as f:
        walk(json.load(f), "", paths)
print("\n".join(sorted(paths)))
