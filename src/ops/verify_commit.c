/*
 * verify_commit: what plain git shows of a commit beyond its tree and
 * message (the header: author, committer, dates, extra headers), and the
 * refs that change what git shows (replace refs, notes).  accord
 * writes every commit the same way (store_write.c: author = committer =
 * the acting delegate, one date, no other header), so anything else was
 * written by hand and is a problem.
 */
#include "verify_commit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* One "author"/"committer" line, split: name, email and date ("T +hhmm"). */
typedef struct {
	char *name, *email, *date;
	long long when;
} ident;

/* Frees the parts of i. */
static void ident_free(ident *i)
{
	free(i->name);
	free(i->email);
	free(i->date);
	memset(i, 0, sizeof(*i));
}

/* Splits "Name <email> T +hhmm" (len bytes) into *i; -1 when malformed. */
static int ident_parse(ident *i, const char *s, size_t len)
{
	const char *lt = memchr(s, '<', len), *gt;
	const char *end = s + len;

	memset(i, 0, sizeof(*i));
	if (!lt || lt == s || lt[-1] != ' ' || !(gt = memchr(lt, '>', (size_t)(end - lt))) ||
	    gt + 1 >= end || gt[1] != ' ')
		return -1;
	i->name = acc_strndup(s, (size_t)(lt - 1 - s));
	i->email = acc_strndup(lt + 1, (size_t)(gt - lt - 1));
	i->date = acc_strndup(gt + 2, (size_t)(end - gt - 2));
	if (!i->name || !i->email || !i->date) {
		ident_free(i);
		return ACC_ENOMEM;
	}
	i->when = strtoll(i->date, NULL, 10);
	return 0;
}

/* The first rule the header text hdr breaks, as a malloc'd sentence (or
 * NULL); author and committer are parsed into a and cm. */
static char *header_rule(const char *hdr, ident *a, ident *cm)
{
	static const char *const order[] = {"tree", "parent", "author", "committer", "gpgsig"};
	size_t at = 0, n, k;
	const char *p = hdr;

	while (*p) {
		size_t len = strcspn(p, "\n"), klen = strcspn(p, " \n");
		const char *line = p;

		p += len + (p[len] == '\n');
		if (line[0] == ' ') { /* a continuation: only of a signature */
			if (at != 5)
				return acc_strdup("a header line accord never writes (a continued "
						  "header other than gpgsig)");
			continue;
		}
		for (k = at ? at - 1 : 0; k < 5; k++)
			if (strlen(order[k]) == klen && strncmp(line, order[k], klen) == 0)
				break;
		/* the next in order; parent (only) may be repeated (a merge, told
		 * apart by verify) */
		if (k == 5 || (k + 1 == at && k != 1))
			return acc_sprintf("a header accord never writes: %.*s",
					   (int)(klen > 40 ? 40 : klen), line);
		at = k + 1;
		if (k == 2 || k == 3) {
			ident *i = k == 2 ? a : cm;
			n = len > klen ? len - klen - 1 : 0;
			if (ident_parse(i, line + klen + 1, n) != 0)
				return acc_sprintf("its %s line is not \"Name <email> date zone\"",
						   order[k]);
		}
	}
	if (!a->name || !cm->name)
		return acc_strdup("it has no author or no committer");
	return NULL;
}

int acc_verify_commit_header(char **why, acc_ctx *c, const char *id, const acc_delegate *del,
			     long long not_after)
{
	ident a = {0}, cm = {0};
	char *hdr = NULL;
	int rc;

	*why = NULL;
	if ((rc = acc_store_commit_header(&hdr, c->store, id)) < 0) {
		if (rc == ACC_ENOMEM)
			return rc;
		*why = acc_strdup(acc_error_last());
		acc_error_clear();
		return *why ? 0 : ACC_ENOMEM;
	}
	if ((*why = header_rule(hdr, &a, &cm)) != NULL)
		;
	else if (strcmp(a.name, cm.name) != 0 || strcmp(a.email, cm.email) != 0)
		*why = acc_sprintf("the committer %s <%s> is not its author %s <%s>", cm.name,
				   cm.email, a.name, a.email);
	else if (strcmp(a.date, cm.date) != 0)
		*why = acc_sprintf("committed at %s but authored at %s (accord writes one date)",
				   cm.date, a.date);
	else if (a.when > not_after)
		*why = acc_sprintf("dated %lld, in the future (more than %d s after the "
				   "verifier's clock)",
				   a.when, ACC_VERIFY_SKEW);
	else if (del && (strcmp(a.email, del->email) != 0 || strcmp(a.name, del->name) != 0))
		*why = acc_sprintf("its author is %s <%s>, but accord writes the delegate who "
				   "signed it: %s <%s>",
				   a.name, a.email, del->name, del->email);
	ident_free(&a);
	ident_free(&cm);
	free(hdr);
	return 0;
}

long long acc_verify_not_after(const acc_ctx *c)
{
	long long now = (long long)time(NULL);

	if (c->now > now)
		now = c->now;
	return now + ACC_VERIFY_SKEW;
}

/* 1 when ref starts with prefix. */
static int under(const char *ref, const char *prefix)
{
	return strncmp(ref, prefix, strlen(prefix)) == 0;
}

int acc_verify_refs(acc_verify_problem_fn problem, void *payload, acc_ctx *c)
{
	acc_strlist refs = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = acc_store_ref_list(&refs, c->store)) < 0)
		return rc;
	for (i = 0; i < refs.count && rc == 0; i++) {
		const char *r = refs.items[i];
		acc_oid_hex at = "";

		/* a replace ref is named by the object it replaces */
		if (under(r, "refs/replace/"))
			snprintf(at, sizeof(at), "%s", r + strlen("refs/replace/"));
		else if (acc_store_ref(c->store, at, r) < 0)
			acc_error_clear();
		if (under(r, "refs/replace/"))
			rc = problem(payload, at, r,
				     "a replace ref: plain git would show another object in place "
				     "of this one (accord never honours it; delete it)");
		else if (under(r, "refs/notes/"))
			rc = problem(payload, at, r,
				     "notes: git log would print them under the commits as if they "
				     "were part of them (accord never writes notes; delete it)");
	}
	acc_strlist_free(&refs);
	return rc;
}
