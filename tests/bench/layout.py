#!/usr/bin/env python3
"""What a vote action writes under other tree layouts (row 11 of the bench).

    python3 tests/bench/layout.py CONVENTION [K]

CONVENTION is one made by accord-bench-gen.  The real trees on the path of a
vote in its 200-organisation ballot (amendments/<sponsor>/<n>/votes) are
regrouped into other layouts; for each, K successive votes (each changing one
organisation's vote) are written as git objects in a scratch repository with
git's own tools (mktree, commit-tree, hash-object), and measured:

  loose   bytes of the new loose objects per vote (trees, commit and, for
          the ballot boxes, the organisation's file; zlib level 1 as libgit2
          writes them; a vote file proper is one of the three an organisation
          ever writes, so it is nearly always there already)
  packed  bytes per vote in a pack made by git pack-objects from the named
          objects (window 10, depth 50, one thread so that the delta choices
          repeat: what git gc stores; LAYOUT_WINDOW=250
          for gc --aggressive), as the growth of the pack over the base
          version, split by object type.

Nothing of CONVENTION is modified.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import zlib

WINDOW = int(os.environ.get("LAYOUT_WINDOW", "10"))


def git(repo, *args, inp=None):
    """Runs git in repo; returns its standard output (bytes)."""
    r = subprocess.run(["git", "-C", repo, *args], input=inp, capture_output=True, check=True)
    return r.stdout


def entries(repo, spec):
    """The entries of a tree as (mode, type, oid, name)."""
    out = []
    for line in git(repo, "ls-tree", spec).decode().splitlines():
        meta, name = line.split("\t", 1)
        mode, typ, oid = meta.split()
        out.append((mode, typ, oid, name))
    return out


def bucket(name, n=16):
    """The fan-out folder of a name: a hex digit of its SHA-1."""
    return "%x" % (hashlib.sha1(name.encode()).digest()[0] % n)


def raw_tree(ents):
    """The bytes of a git tree object from (mode, type, oid, name)."""
    key = lambda e: e[3] + ("/" if e[1] == "tree" else "")
    out = b""
    for mode, typ, oid, name in sorted(ents, key=key):
        out += ("40000" if typ == "tree" else mode).encode() + b" " + name.encode() + b"\0"
        out += bytes.fromhex(oid)
    return out


def loose_size(kind, body):
    """Size of the loose object file libgit2 writes (zlib level 1)."""
    return len(zlib.compress(b"%s %d\0" % (kind.encode(), len(body)) + body, 1))


class Scratch:
    """A scratch repository where trees are written with git mktree."""

    def __init__(self, path):
        self.path = path
        subprocess.run(["git", "init", "-q", "--bare", path], check=True)
        self.objects = []

    def tree(self, ents, path):
        """Writes a tree; path names it for pack-objects' delta search."""
        text = "".join("%s %s %s\t%s\n" % e for e in ents).encode()
        oid = git(self.path, "mktree", "--missing", inp=text).decode().strip()
        self.objects.append("%s %s" % (oid, path))
        return oid

    def commit(self, tree, parent, msg):
        args = ["commit-tree", tree] + (["-p", parent] if parent else [])
        env = dict(os.environ, GIT_AUTHOR_NAME="Delegate", GIT_AUTHOR_EMAIL="d@x.example",
                   GIT_COMMITTER_NAME="Delegate", GIT_COMMITTER_EMAIL="d@x.example",
                   GIT_AUTHOR_DATE="1767225600 +0000", GIT_COMMITTER_DATE="1767225600 +0000")
        r = subprocess.run(["git", "-C", self.path, *args], input=msg.encode(),
                           capture_output=True, check=True, env=env)
        oid = r.stdout.decode().strip()
        self.objects.append(oid)
        return oid

    def pack_size(self, oids, by_type=None):
        """Bytes of a pack of oids made by git pack-objects; by_type (a
        dict) receives the packed bytes per object type."""
        base = os.path.join(self.path, "p")
        r = subprocess.run(["git", "-C", self.path, "pack-objects", "--window=%d" % WINDOW,
                            "--depth=50", "--threads=1", "-q", base],
                           input="\n".join(oids).encode() + b"\n",
                           capture_output=True, check=True)
        pack = base + "-" + r.stdout.decode().strip()
        size = os.path.getsize(pack + ".pack")
        if by_type is not None:
            out = git(self.path, "verify-pack", "-v", pack + ".idx").decode()
            for line in out.splitlines():
                f = line.split()
                if len(f) >= 5 and f[1] in ("commit", "tree", "blob"):
                    by_type[f[1]] = by_type.get(f[1], 0) + int(f[3])
        os.remove(pack + ".pack")
        os.remove(pack + ".idx")
        return size


def main():
    repo = sys.argv[1]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    man = dict(l.split("=", 1) for l in open(os.path.join(repo, "accord/bench.manifest"))
               .read().splitlines() if "=" in l and not l.startswith("voter="))
    tip, ballot = man["tip"], man["full_ballot"]
    sponsor, num = ballot.rsplit("-", 1)
    root = entries(repo, tip)
    amend = entries(repo, tip + ":amendments")
    org = entries(repo, "%s:amendments/%s" % (tip, sponsor))
    adir = entries(repo, "%s:amendments/%s/%s" % (tip, sponsor, num))
    votes = entries(repo, "%s:amendments/%s/%s/votes" % (tip, sponsor, num))

    # The open ballots besides this one, for the layouts that keep the
    # votes of open ballots apart (a few at a time at this scale).
    others = [("040000", "tree", hashlib.sha1(b"open%d" % i).hexdigest(), "x-%d" % i)
              for i in range(4)]
    fake = ("040000", "tree", "0" * 40)
    current = [("root", root, "amendments", 0), ("amendments", amend, sponsor, 0),
               ("org", org, num, 0), ("n", adir, "votes", 0), ("votes", None, None, 0)]
    layouts = [
        ("current: amendments/<org>/<n>/votes/<org>", current),
        ("fan-out 16 of organisations and of votes",
         [("root", root, "amendments", 0), ("amendments", amend, sponsor, 16),
          ("org", org, num, 0), ("n", adir, "votes", 0), ("votes", None, None, 16)]),
        ("fan-out 16 of organisations, numbers and votes",
         [("root", root, "amendments", 0), ("amendments", amend, sponsor, 16),
          ("org", org, num, 16), ("n", adir, "votes", 0), ("votes", None, None, 16)]),
        ("open ballots apart: ballots/<id>/<org>, roll-call at close",
         [("root", root + [fake + ("ballots",)], "ballots", 0),
          ("ballots", others, ballot, 0), ("votes", None, None, 0)]),
        ("open ballots apart, fan-out 16 of votes: ballots/<id>/<h>/<org>",
         [("root", root + [fake + ("ballots",)], "ballots", 0),
          ("ballots", others, ballot, 0), ("votes", None, None, 16)]),
        ("ballot boxes: a file of open votes per organisation, v<h>/<org>",
         [("root", root, None, 0), ("votes", None, None, 16)]),
    ]
    # the message a vote has (src/ops.c build_vote)
    msg = ("Vote yes on {b} (state-{i:03d})\n\nAccord-Action: vote\n"
           "Accord-Org: state-{i:03d}\nAccord-Ballot: {b}\nAccord-Vote: yes\n"
           "Accord-Amendment: {b}\nAccord-Clause: art-1722\n")
    print("layout\ttrees per vote\tentries rewritten\tloose bytes/vote\tpacked bytes/vote")
    with tempfile.TemporaryDirectory() as tmp:
        for li, (name, levels0) in enumerate(layouts):
            s = Scratch(os.path.join(tmp, "r%d" % li))
            cur_votes = list(votes)
            parent = None
            base, loose, blob_loose = [], [], []
            ntrees = nent = 0
            for i in range(k + 1):
                levels = list(levels0)
                # one organisation's vote changes: a new blob id for its file
                j = (7 * i) % len(cur_votes)
                m, t, oid, nm = cur_votes[j]
                if name.startswith("ballot boxes"):
                    # the organisation's file lists its votes on the open ballots
                    box = "".join("%s %s\n" % (b, "yes" if (i + q) % 2 else "no")
                                  for q, b in enumerate([ballot, "corp-017-58", "ngo-003-71",
                                                          "state-044-90", "corp-031-77"]))
                    new = git(s.path, "hash-object", "-w", "--stdin", inp=box.encode())
                    new = new.decode().strip()
                    s.objects.append("%s votes/%s" % (new, nm))
                    if i:
                        blob_loose.append(loose_size("blob", box.encode()))
                else:
                    new = hashlib.sha1(("%s%d" % (oid, i)).encode()).hexdigest()
                cur_votes[j] = (m, t, new, nm)
                sizes = ntrees = nent = 0
                sub_name = sub_oid = None
                for idx in range(len(levels) - 1, -1, -1):
                    lvl, ents, child, fanout = levels[idx]
                    ents = list(cur_votes if ents is None else ents)
                    if sub_name is not None:
                        ents = [e for e in ents if e[3] != sub_name] + \
                            [("040000", "tree", sub_oid, sub_name)]
                    if fanout and idx > 0 and levels[idx - 1][2] is None:
                        # buckets straight in the parent (the root): v<h>/<org>
                        key = bucket(nm, fanout)
                        inner = [e for e in ents if bucket(e[3], fanout) == key]
                        inner_oid = s.tree(inner, "v" + key)
                        sizes += loose_size("tree", raw_tree(inner))
                        ntrees += 1
                        nent += len(inner)
                        rents = [e for e in levels[idx - 1][1]] + \
                            [("040000", "tree", inner_oid if "%x" % g == key else
                              hashlib.sha1(b"v%d" % g).hexdigest(), "v%x" % g)
                             for g in range(fanout)]
                        levels = levels[:idx - 1] + [("root", rents, None, 0)]
                        sub_name = None
                        continue
                    if fanout:
                        key = bucket(sub_name if sub_name is not None else nm, fanout)
                        groups = {}
                        for e in ents:
                            groups.setdefault(bucket(e[3], fanout), []).append(e)
                        inner_oid = s.tree(groups[key], lvl + "/" + key)
                        sizes += loose_size("tree", raw_tree(groups[key]))
                        ntrees += 1
                        nent += len(groups[key])
                        # the other buckets keep their ids: fake but stable
                        ents = [("040000", "tree", inner_oid if g == key else
                                 hashlib.sha1((lvl + g).encode()).hexdigest(), g)
                                for g in sorted(groups)]
                    oid_t = s.tree(ents, lvl)
                    sizes += loose_size("tree", raw_tree(ents))
                    ntrees += 1
                    nent += len(ents)
                    # the name of this folder in its parent
                    sub_name = levels[idx - 1][2] if idx > 0 else None
                    sub_oid = oid_t
                text = msg.format(b=ballot, i=i)
                parent = s.commit(sub_oid, parent, text)
                body = b"tree %s\nparent %s\n" % (sub_oid.encode(), parent.encode())
                body += b"author Delegate <d@x.example> 1767225600 +0000\n" * 2 + b"\n"
                sizes += loose_size("commit", body + text.encode())
                if i == 0:
                    base = list(s.objects)
                else:
                    loose.append(sizes)
            t_all, t_base = {}, {}
            packed = (s.pack_size(s.objects, t_all) - s.pack_size(base, t_base)) / k
            per = ", ".join("%s %.0f" % (t, (t_all.get(t, 0) - t_base.get(t, 0)) / k)
                            for t in ("commit", "tree"))
            lo = sum(loose) / len(loose) + (sum(blob_loose) / len(blob_loose) if blob_loose
                                            else 0)
            per += ", blob %.0f" % ((t_all.get("blob", 0) - t_base.get("blob", 0)) / k)
            print("%s\t%d\t%d\t%.0f\t%.0f (%s)" % (name, ntrees, nent, lo, packed, per))


if __name__ == "__main__":
    main()
