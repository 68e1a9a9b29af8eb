/*
 * drafts: an unsent draft outlives the interface.  Leaving in any way
 * (q from the contents, Q, Ctrl-C, a closed terminal, SIGTERM) with a
 * draft under review keeps it in <gitdir>/accord/drafts/ (inside the git
 * directory, so never tracked nor pushed), and the next start opens it
 * again.  A kept draft is deleted only when it is tabled or discarded.
 *
 * A kept draft is one file:
 *
 *   accord-draft 1
 *   clause ID
 *   amends ID            (only for an amendment of an amendment)
 *   drafted-on COMMIT
 *   heading TEXT         (one line)
 *   op insert-after|delete  (not for a replacement)
 *   new-heading TEXT     (insert after: the new clause's heading)
 *   invite ORG...        (organisations invited to co-sponsor it)
 *   by EMAIL             (the delegate drafting; offered again only to them)
 *   old N                (bytes of the text it changes)
 *   text N               (bytes of the proposed text)
 *                        (an empty line, then the two texts, back to back)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/store.h"
#include "app.h"

#define DRAFT_MAX (8u << 20)

/* The folder of kept drafts (allocated). */
static char *drafts_dir(tui *t)
{
	const char *g = acc_store_gitdir(acc_ctx_store(t->ctx));
	size_t n = strlen(g);

	while (n > 1 && g[n - 1] == '/')
		n--;
	return acc_sprintf("%.*s/accord/drafts", (int)n, g);
}

/* Writes all of data to fd. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Serialises d, drafted by `by` (NULL: nobody named; see the top of the
 * file). */
static int draft_format(acc_buf *b, const tui_draft *d, const char *by)
{
	int rc = acc_buf_printf(b, "accord-draft 1\nclause %s\n", d->clause);

	if (rc == 0 && d->amends)
		rc = acc_buf_printf(b, "amends %s\n", d->amends);
	if (rc == 0 && d->drafted_on[0])
		rc = acc_buf_printf(b, "drafted-on %s\n", d->drafted_on);
	if (rc == 0 && d->heading && !strchr(d->heading, '\n'))
		rc = acc_buf_printf(b, "heading %s\n", d->heading);
	if (rc == 0 && d->op != ACC_OP_REPLACE)
		rc = acc_buf_printf(b, "op %s\n", acc_op_name((acc_amend_op)d->op));
	if (rc == 0 && d->new_heading && !strchr(d->new_heading, '\n'))
		rc = acc_buf_printf(b, "new-heading %s\n", d->new_heading);
	if (rc == 0 && d->invite.count) {
		size_t i;

		rc = acc_buf_puts(b, "invite");
		for (i = 0; rc == 0 && i < d->invite.count; i++)
			rc = acc_buf_printf(b, " %s", d->invite.items[i]);
		if (rc == 0)
			rc = acc_buf_putc(b, '\n');
	}
	if (rc == 0 && by && !strchr(by, '\n'))
		rc = acc_buf_printf(b, "by %s\n", by);
	if (rc == 0)
		rc = acc_buf_printf(b, "old %zu\ntext %zu\n\n", strlen(d->old), strlen(d->text));
	if (rc == 0)
		rc = acc_buf_puts(b, d->old);
	if (rc == 0)
		rc = acc_buf_puts(b, d->text);
	return rc;
}

/* Keeps d in its file (a new one the first time), replaced atomically. */
static int draft_keep(tui *t, tui_draft *d)
{
	acc_buf b = ACC_BUF_INIT;
	char *dir = drafts_dir(t), *tmp = NULL;
	int fd = -1, rc;

	if (!dir)
		return ACC_ENOMEM;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		rc = acc_error_set(ACC_ERROR, "cannot make %s: %s", dir, strerror(errno));
		goto done;
	}
	if (!d->kept && !(d->kept = acc_sprintf("%s/%s-%lld-%ld.draft", dir, d->clause,
						(long long)time(NULL), (long)getpid()))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (!(tmp = acc_sprintf("%s.tmp", d->kept)) || (rc = draft_format(&b, d, t->actor)) < 0) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
	    write_all(fd, b.ptr, b.size) < 0 || fsync(fd) < 0 || close(fd) < 0 ||
	    (fd = -1, rename(tmp, d->kept) < 0)) {
		rc = acc_error_set(ACC_ERROR, "cannot keep the draft in %s: %s", d->kept,
				   strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		goto done;
	}
	rc = 0;
done:
	acc_buf_free(&b);
	free(tmp);
	free(dir);
	return rc;
}

/* Keeps every draft under review; returns how many, or the first error.
 */
int tui_drafts_keep(tui *t)
{
	int i, n = 0, rc;

	for (i = 0; i < t->depth; i++) {
		tui_draft *d = draft_of(t->stack[i]);

		if (!d || d->sent)
			continue;
		if ((rc = draft_keep(t, d)) < 0)
			return rc;
		n++;
	}
	return n;
}

/* Forgets d's kept file: it was tabled or discarded. */
void tui_draft_forget(tui_draft *d)
{
	if (d->kept)
		unlink(d->kept);
	d->sent = 1;
}

/* The value of "KEY value\n" at *p (advancing past it), or NULL. */
static char *header(char **p, const char *key)
{
	size_t k = strlen(key);
	char *nl;

	if (strncmp(*p, key, k) != 0 || (*p)[k] != ' ' || !(nl = strchr(*p, '\n')))
		return NULL;
	*nl = '\0';
	key = *p + k + 1;
	*p = nl + 1;
	return (char *)key;
}

/* Parses a kept draft (data is modified); NULL when it is not one.  *by
 * points into data: the delegate who drafted it, or NULL. */
static tui_draft *draft_parse(char *data, size_t len, const char **by)
{
	tui_draft *d = acc_calloc(1, sizeof(*d));
	char *p = data, *v, *end;
	unsigned long long nold, ntext;

	if (!d)
		return NULL;
	if (strncmp(p, "accord-draft 1\n", 15) != 0)
		goto bad;
	p += 15;
	if (!(v = header(&p, "clause")) || acc_id_check(v, "clause") < 0 ||
	    !(d->clause = acc_strdup(v)))
		goto bad;
	if ((v = header(&p, "amends")) &&
	    (acc_id_check(v, "amendment") < 0 || !(d->amends = acc_strdup(v))))
		goto bad;
	if ((v = header(&p, "drafted-on"))) {
		if (strlen(v) != ACC_OID_HEXLEN || strspn(v, "0123456789abcdef") != ACC_OID_HEXLEN)
			goto bad;
		memcpy(d->drafted_on, v, ACC_OID_HEXLEN + 1);
	}
	if ((v = header(&p, "heading")) && !(d->heading = acc_strdup(v)))
		goto bad;
	if ((v = header(&p, "op"))) {
		acc_amend_op op;

		if (acc_op_parse(&op, v) < 0)
			goto bad;
		d->op = (int)op;
	}
	if ((v = header(&p, "new-heading")) && !(d->new_heading = acc_strdup(v)))
		goto bad;
	if ((v = header(&p, "invite"))) {
		while (*v) {
			size_t n;

			v += strspn(v, " ");
			if (!(n = strcspn(v, " ")))
				break;
			if (acc_strlist_addn(&d->invite, v, n) < 0 ||
			    acc_id_check(d->invite.items[d->invite.count - 1], "organisation") < 0)
				goto bad;
			v += n;
		}
	}
	*by = header(&p, "by");
	if (!(v = header(&p, "old")) || (nold = strtoull(v, &end, 10), *end) ||
	    !(v = header(&p, "text")) || (ntext = strtoull(v, &end, 10), *end) || *p++ != '\n' ||
	    nold + ntext != len - (size_t)(p - data))
		goto bad;
	if (!acc_utf8_valid(p, (size_t)(nold + ntext), NULL) ||
	    !(d->old = acc_strndup(p, (size_t)nold)) ||
	    !(d->text = acc_strndup(p + nold, (size_t)ntext)) || strlen(d->old) != nold ||
	    strlen(d->text) != ntext)
		goto bad;
	return d;
bad:
	draft_free(d);
	return NULL;
}

/* Compares two names for qsort (oldest draft first). */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reopens the drafts kept by earlier sessions, each in its review view;
 * returns how many (an unreadable one is left in place and named). */
int tui_drafts_offer(tui *t)
{
	char *dir = drafts_dir(t), **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *e;
	DIR *dh;
	int opened = 0, rc;

	if (!dir || !(dh = opendir(dir))) {
		free(dir);
		return 0;
	}
	while ((e = readdir(dh))) {
		size_t l = strlen(e->d_name);

		if (l < 7 || strcmp(e->d_name + l - 6, ".draft") != 0)
			continue;
		if (n == alloc) {
			char **nn =
			    acc_realloc(names, (alloc = alloc ? alloc * 2 : 8) * sizeof(*nn));

			if (!nn)
				break;
			names = nn;
		}
		if (!(names[n] = acc_strdup(e->d_name)))
			break;
		n++;
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		char *path = acc_sprintf("%s/%s", dir, names[i]), *data = NULL;
		const char *by = NULL;
		tui_draft *d = NULL;
		size_t len = 0;
		int mine;

		if (path && acc_file_read(&data, &len, path, DRAFT_MAX) == 0)
			d = draft_parse(data, len, &by);
		/* another delegate's draft (a shared clone) is theirs to table */
		mine = !by || (t->actor && strcmp(by, t->actor) == 0);
		free(data);
		if (d && !mine) {
			draft_free(d);
			free(path);
			continue;
		}
		if (!d) {
			tui_message(t, "a kept draft cannot be read: %s", path ? path : names[i]);
			free(path);
			continue;
		}
		d->kept = path;
		if (t->depth >= TUI_MAX_VIEWS - 1) {
			draft_free(d);
			break;
		}
		if ((rc = view_push(t, draft_view_new(d))) < 0) {
			tui_error(t, rc, "cannot reopen a kept draft");
			continue;
		}
		opened++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	if (opened)
		tui_message(t,
			    "%d unsent draft%s kept from an earlier session: t tables it, e edits "
			    "it, q discards it",
			    opened, opened == 1 ? "" : "s");
	return opened;
}
