/*
 * export site_record: the record pages of the static site: every
 * amendment with its word diff and its ballot (roll-call: each
 * organisation's vote, recorded by the chair or signed by the delegation,
 * and the explanations of vote), the adoption with the signatures, the
 * log of commits, and the audit page with the allowed signers.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "accord/store.h"
#include "accord/sync.h"
#include "site.h"

#define LOG_PAGE 1000 /* commits on one page of the log */

/* "amendment-<id>.html" (malloc'd). */
static char *amendment_page(const char *id)
{
	return acc_sprintf("amendment-%s.html", id);
}

/* A cell of a table: text, or a link when href is not NULL. */
static void cell(xw *x, const char *href, const char *text)
{
	xw_start(x, "td");
	if (href)
		site_link(x, href, text);
	else
		xw_str(x, text);
	xw_end(x);
}

/* How a roll-call row's vote came to be: signed by the organisation, or
 * recorded by the chair (and what the organisation answered) (malloc'd). */
static char *vote_source(const acc_ballot *b, const roll_row *r)
{
	const acc_recorded_vote *rv = acc_ballot_recorded(b, r->org->id);

	if (r->recorded) {
		if (rv && rv->response == ACC_RESPONSE_CONTESTED) {
			char *s = acc_sprintf("recorded by the chair; contested: %s",
					      rv->reason ? rv->reason : ""),
			     *p;
			size_t n = s ? strlen(s) : 0;

			while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
				s[--n] = '\0';
			for (p = s; p && *p; p++)
				if (*p == '\n')
					*p = ' ';
			return s;
		}
		if (rv && rv->response == ACC_RESPONSE_CONFIRMED)
			return acc_strdup("recorded by the chair; confirmed");
		return acc_strdup("recorded by the chair");
	}
	if (!r->delegate)
		return acc_strdup("no vote");
	if (rv && rv->overridden)
		return acc_sprintf("signed by the delegation (the chair had recorded %s)",
				   acc_vote_name(rv->vote));
	return acc_strdup("signed by the delegation");
}

/* The roll-call of b as a table: organisation, vote, how it was cast, by
 * whom. */
static void roll_table(xw *x, const acc_state *st, const acc_ballot *b, const char *caption)
{
	static const char *const head[] = {"Organisation", "Vote", "Recorded or signed", "Cast by"};
	roll_row *r = NULL;
	size_t n = 0, i;
	int rc;

	if (x->rc)
		return;
	if ((rc = ex_roll_call(&r, &n, st, b)) < 0) {
		x->rc = rc;
		return;
	}
	xw_start(x, "table");
	xw_raw(x, "\n");
	xw_elem(x, "caption", caption);
	xw_raw(x, "\n");
	xw_start(x, "thead");
	xw_start(x, "tr");
	for (i = 0; i < 4; i++) {
		xw_start(x, "th");
		xw_attr(x, "scope", "col");
		xw_str(x, head[i]);
		xw_end(x);
	}
	xw_end(x);
	xw_endl(x);
	xw_start(x, "tbody");
	xw_raw(x, "\n");
	for (i = 0; i < n && x->rc == 0; i++) {
		char *org = acc_sprintf("%s (%s)", r[i].org->name, r[i].org->id);
		char *vote = r[i].counted
				 ? acc_strdup(acc_vote_name(r[i].vote))
				 : acc_sprintf("%s (not counted: %s)", acc_vote_name(r[i].vote),
					       acc_role_name(r[i].org->role));
		char *how = vote_source(b, &r[i]);
		/* a recorded vote was cast by the chair's delegate */
		char *by = ex_delegate_text(st, r[i].recorded ? st->conv.chair : r[i].org->id,
					    r[i].delegate);

		if (!org || !vote || !how || !by)
			x->rc = ACC_ENOMEM;
		xw_start(x, "tr");
		xw_start(x, "th");
		xw_attr(x, "scope", "row");
		xw_str(x, org);
		xw_end(x);
		cell(x, NULL, vote);
		cell(x, NULL, how);
		cell(x, NULL, by);
		xw_endl(x);
		free(org);
		free(vote);
		free(how);
		free(by);
	}
	xw_endl(x);
	xw_endl(x);
	free(r);
}

/* The explanations of vote of b, each under its organisation's name. */
static void explanations(xw *x, const acc_state *st, const acc_ballot *b)
{
	size_t i;

	if (!b->nexplanations)
		return;
	xw_elem(x, "h3", "Explanations of vote");
	xw_raw(x, "\n");
	for (i = 0; i < b->nexplanations && x->rc == 0; i++) {
		const acc_explanation *e = &b->explanations[i];
		char *by = ex_delegate_text(st, e->org, e->delegate);

		if (!by) {
			x->rc = ACC_ENOMEM;
			break;
		}
		xw_start(x, "h4");
		xw_str(x, ex_org_name(st, e->org));
		xw_str(x, " (");
		xw_str(x, e->org);
		xw_str(x, ")");
		xw_endl(x);
		site_paras(x, e->text);
		if (by[0]) {
			xw_start(x, "p");
			xw_str(x, "Given by ");
			xw_str(x, by);
			xw_str(x, ".");
			xw_endl(x);
		}
		free(by);
	}
}

/* A ballot's section: its roll-call and explanations, or why it has none. */
static void ballot_section(xw *x, const acc_state *st, const acc_ballot *b, const char *caption)
{
	if (!ex_ballot_held(b)) {
		xw_elem(x, "p",
			b->state == ACC_BALLOT_FALLEN ? "The ballot fell: no vote was taken."
						      : "No ballot was opened.");
		xw_raw(x, "\n");
	} else {
		if (b->state == ACC_BALLOT_OPEN) {
			xw_elem(x, "p",
				"The ballot is still open: the figures are the running "
				"count.");
			xw_raw(x, "\n");
		}
		roll_table(x, st, b, caption);
	}
	explanations(x, st, b);
}

/* What the old text of an amendment's diff is, in words. */
static const char *against_text(acc_against k)
{
	switch (k) {
	case ACC_AGAINST_CLAUSE:
		return "Compared with the clause as it stands in this text.";
	case ACC_AGAINST_PARENT:
		return "Compared with the text of the amendment it amends, as it stands.";
	case ACC_AGAINST_EMPTY:
		return "A new clause: all of its text is inserted.";
	case ACC_AGAINST_BASE:
		break;
	}
	return "Compared with the text it was drafted against.";
}

/* amendment-<id>.html: the record, the word diff and the ballot of a. */
static int amendment_one(site_ctx *s, const acc_amendment *a)
{
	const acc_state *st = s->st;
	char *name = amendment_page(a->id), *title = acc_sprintf("Amendment %s", a->id);
	char *old = NULL, *new = NULL, *caption = NULL;
	field f[MAX_FIELDS];
	acc_against against = ACC_AGAINST_CLAUSE;
	size_t n = 0;
	site_page p;
	xw *x = &p.x;
	int rc;

	if (!name || !title) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_ops_amendment_texts(&old, &new, &against, acc_ctx_store(s->c), st, a)) < 0 ||
	    (rc = site_page_open(&p, s, name, title, NULL, 1)) < 0)
		goto done;
	xw_elem(x, "h1", title);
	xw_raw(x, "\n");
	if (x->rc == 0 && (x->rc = ex_amendment_fields(f, &n, st, a)) == 0) {
		site_fields(x, f, n, "Explanations of vote");
		ex_fields_free(f, n);
	}
	xw_start(x, "p");
	xw_str(x, "Status: ");
	xw_elem(x, "strong", acc_status_name(a->status));
	xw_str(x, ". Clause: ");
	{
		const acc_clause *cl = acc_state_clause(st, a->clause);
		char *href = cl ? acc_sprintf("clause-%s.html", cl->id) : NULL;
		char *label = cl ? ex_clause_label(cl) : NULL;

		if (href && label)
			site_link(x, href, label);
		else
			xw_str(x, a->clause);
		free(href);
		free(label);
	}
	if (a->amends) {
		char *href = amendment_page(a->amends);

		xw_str(x, ". Amends: ");
		if (href)
			site_link(x, href, a->amends);
		free(href);
	}
	xw_str(x, ".");
	xw_endl(x);
	xw_elem(x, "h2", "Proposed change");
	xw_raw(x, "\n");
	xw_elem(x, "p", against_text(against));
	xw_raw(x, "\n");
	site_diff_legend(x);
	xw_start(x, "div");
	xw_attr(x, "class", "diff");
	xw_diff(x, old, new);
	xw_endl(x);
	xw_elem(x, "h2", "Ballot");
	xw_raw(x, "\n");
	if (!(caption = acc_sprintf("Roll-call on amendment %s", a->id)))
		x->rc = ACC_ENOMEM;
	ballot_section(x, st, &a->ballot, caption);
	rc = site_page_close(&p, s);
done:
	free(name);
	free(title);
	free(old);
	free(new);
	free(caption);
	return rc;
}

/* What a ballot came to, in a few words. */
static const char *ballot_word(const acc_ballot *b)
{
	switch (b->state) {
	case ACC_BALLOT_NONE:
		return "not opened";
	case ACC_BALLOT_OPEN:
		return "open";
	case ACC_BALLOT_FALLEN:
		return "fell";
	case ACC_BALLOT_CLOSED:
		break;
	}
	return b->result == ACC_RESULT_ADOPTED ? "closed: adopted" : "closed: rejected";
}

/* The amendment pages and amendments.html. */
int site_amendments(site_ctx *s)
{
	static const char *const head[] = {"Amendment", "Clause", "Sponsor", "Status", "Ballot"};
	const acc_state *st = s->st;
	site_page p;
	size_t i;
	xw *x = &p.x;
	int rc;

	for (i = 0; i < st->namendments; i++)
		if ((rc = amendment_one(s, &st->amendments[i])) < 0)
			return rc;
	if ((rc = site_page_open(&p, s, "amendments.html", "Amendments and ballots",
				 "amendments.html", 1)) < 0)
		return rc;
	xw_elem(x, "h1", "Amendments and ballots");
	xw_raw(x, "\n");
	if (!st->namendments) {
		xw_elem(x, "p", "No amendment was tabled.");
		xw_raw(x, "\n");
		return site_page_close(&p, s);
	}
	xw_elem(x, "p",
		"Each amendment's page shows its word diff and the roll-call of its "
		"ballot.");
	xw_raw(x, "\n");
	ex_html_table_open(x, NULL, "Amendments, by sponsor", head, 5);
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		const acc_clause *cl = acc_state_clause(st, a->clause);
		char *href = amendment_page(a->id),
		     *ch = cl ? acc_sprintf("clause-%s.html", cl->id) : NULL;
		char *label = cl ? ex_clause_label(cl) : NULL;

		if (!href || (cl && (!ch || !label))) {
			x->rc = ACC_ENOMEM;
		} else {
			xw_start(x, "tr");
			cell(x, href, a->id);
			cell(x, ch, label ? label : a->clause);
			cell(x, NULL, ex_org_name(st, a->sponsor));
			cell(x, NULL, acc_status_name(a->status));
			cell(x, NULL, ballot_word(&a->ballot));
			xw_endl(x);
		}
		free(href);
		free(ch);
		free(label);
	}
	xw_endl(x);
	xw_endl(x);
	return site_page_close(&p, s);
}

/* adoption.html: the ballot on the whole text, the signatures and, once
 * adopted, the status of the convention. */
int site_adoption(site_ctx *s)
{
	static const char *const sig_head[] = {"Organisation", "Signed by", "Date"};
	const acc_state *st = s->st, *ss = ex_sig_state(s->d);
	const char *none = ex_no_signatures(s->d);
	char **cells = NULL, *sum = NULL;
	field f[MAX_FIELDS];
	size_t n = 0, rows = 0;
	site_page p;
	xw *x = &p.x;
	int rc;

	if ((rc = site_page_open(&p, s, "adoption.html", "Adoption and signatures", "adoption.html",
				 1)) < 0)
		return rc;
	xw_elem(x, "h1", "Adoption and signatures");
	xw_raw(x, "\n");
	xw_elem(x, "h2", "The ballot on the whole text");
	xw_raw(x, "\n");
	if (x->rc == 0 && (x->rc = ex_ratification_fields(f, &n, st)) == 0) {
		site_fields(x, f, n, "Explanations of vote");
		ex_fields_free(f, n);
	}
	ballot_section(x, st, &st->ratification, "Roll-call on the whole text");
	xw_elem(x, "h2", "Signatures");
	xw_raw(x, "\n");
	if (none) {
		xw_elem(x, "p", none);
		xw_raw(x, "\n");
	} else if (x->rc == 0) {
		if ((rc = ex_signature_cells(&cells, &rows, ss)) < 0)
			x->rc = rc;
		else
			ex_html_table(x, NULL, "Signatures", sig_head, 3, cells, rows);
		ex_cells_free(cells, rows * 3);
		cells = NULL;
	}
	if (ex_is_ratified(ss) && x->rc == 0) {
		xw_elem(x, "h2", "Status of the convention");
		xw_raw(x, "\n");
		if ((rc = ex_treaty_summary(&sum, ss)) < 0 ||
		    (rc = ex_treaty_cells(&cells, &rows, ss)) < 0) {
			x->rc = rc;
		} else {
			xw_elem(x, "p", sum);
			xw_raw(x, "\n");
			ex_html_table(x, NULL, "Status of the convention", ex_treaty_head,
				      EX_TREATY_COLS, cells, rows);
		}
		ex_cells_free(cells, rows * EX_TREATY_COLS);
		free(sum);
	}
	return site_page_close(&p, s);
}

/* One commit of the log. */
typedef struct {
	acc_oid_hex id;
	long long time;
	char *author, *action, *subject;
} log_row;

/* The commits collected by the walk, oldest first. */
typedef struct {
	log_row *v;
	size_t n, cap;
} log_rows;

/* The value of the trailer key ("Accord-Action") in msg, or "" (malloc'd). */
static char *trailer(const char *msg, const char *key)
{
	size_t klen = strlen(key);
	const char *p = msg;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':' && p[klen + 1] == ' ') {
			const char *v = p + klen + 2;

			return acc_strndup(v, strcspn(v, "\n"));
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return acc_strdup("");
}

/* Keeps one commit of the walk. */
static int log_collect(const acc_commit_info *ci, void *payload)
{
	log_rows *l = payload;
	log_row *r;
	const char *msg = ci->message ? ci->message : "";

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		log_row *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return acc_error_set(ACC_ENOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	r = &l->v[l->n];
	memcpy(r->id, ci->id, sizeof(r->id));
	r->time = ci->time;
	r->author = acc_sprintf("%s <%s>", ci->author_name ? ci->author_name : "",
				ci->author_email ? ci->author_email : "");
	r->action = trailer(msg, "Accord-Action");
	r->subject = acc_strndup(msg, strcspn(msg, "\n"));
	l->n++;
	if (!r->author || !r->action || !r->subject)
		return acc_error_set(ACC_ENOMEM, "out of memory");
	return 0;
}

/* Frees the rows of l. */
static void log_rows_free(log_rows *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].author);
		free(l->v[i].action);
		free(l->v[i].subject);
	}
	free(l->v);
}

/* "log.html" for page 1, else "log-<k>.html" (malloc'd). */
static char *log_page_name(size_t k)
{
	return k == 1 ? acc_strdup("log.html") : acc_sprintf("log-%zu.html", k);
}

/* The links between the pages of the log, above the table or below it
 * (end: each landmark has its own name). */
static void log_pager(xw *x, size_t k, size_t pages, int end)
{
	char *prev = k > 1 ? log_page_name(k - 1) : NULL;
	char *next = k < pages ? log_page_name(k + 1) : NULL;

	if (pages < 2)
		return;
	xw_start(x, "nav");
	xw_attr(x, "aria-label", end ? "Pages of the log, below" : "Pages of the log");
	xw_attr(x, "class", "pager");
	xw_raw(x, "\n");
	if (prev)
		site_link(x, prev, "Newer commits");
	if (next)
		site_link(x, next, "Older commits");
	xw_endl(x);
	free(prev);
	free(next);
}

/* One page of the log: rows [from, to) of l, newest first. */
static int log_one(site_ctx *s, const log_rows *l, size_t k, size_t pages)
{
	static const char *const head[] = {"#",	     "Commit", "Date",
					   "Author", "Action", "Description"};
	size_t from = (k - 1) * LOG_PAGE, i;
	char *name = log_page_name(k), *h1 = NULL;
	site_page p;
	xw *x = &p.x;
	int rc;

	if (!name ||
	    !(h1 = pages > 1 ? acc_sprintf("Log, page %zu of %zu", k, pages) : acc_strdup("Log"))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = site_page_open(&p, s, name, h1, "log.html", 1)) < 0)
		goto done;
	xw_elem(x, "h1", h1);
	xw_raw(x, "\n");
	xw_elem(x, "p",
		"Every action is one signed commit; the newest comes first. The "
		"action is the commit's Accord-Action trailer.");
	xw_raw(x, "\n");
	log_pager(x, k, pages, 0);
	ex_html_table_open(x, NULL, "Commits", head, 6);
	for (i = from; i < l->n && i < from + LOG_PAGE && x->rc == 0; i++) {
		const log_row *r = &l->v[l->n - 1 - i];
		char date[40], seq[32];

		ex_date_fmt(date, sizeof(date), r->time, DATE_HUMAN);
		xw_start(x, "tr");
		xw_attrf(x, "id", "c-%s", r->id);
		snprintf(seq, sizeof(seq), "%zu", l->n - i);
		cell(x, NULL, seq);
		xw_start(x, "td");
		xw_elem(x, "code", r->id);
		xw_end(x);
		cell(x, NULL, date);
		cell(x, NULL, r->author);
		cell(x, NULL, r->action);
		cell(x, NULL, r->subject);
		xw_endl(x);
	}
	xw_endl(x);
	xw_endl(x);
	log_pager(x, k, pages, 1);
	rc = site_page_close(&p, s);
done:
	free(name);
	free(h1);
	return rc;
}

/* log.html and its following pages, from the commits up to the record. */
int site_log(site_ctx *s)
{
	log_rows l = {0};
	size_t pages, k;
	int rc;

	if ((rc = acc_store_walk(acc_ctx_store(s->c), s->record_rev, NULL, log_collect, &l)) < 0)
		goto done;
	pages = l.n ? (l.n + LOG_PAGE - 1) / LOG_PAGE : 1;
	for (k = 1; k <= pages && rc == 0; k++)
		rc = log_one(s, &l, k, pages);
done:
	log_rows_free(&l);
	return rc;
}

/* Appends the registry's keys of st as a git allowed_signers file. */
int acc_export_allowed_signers(acc_buf *out, const acc_state *st, const char *rev)
{
	size_t i, j;
	int rc;

	if ((rc = acc_buf_printf(out, "# allowed signers of %s at %s, from its registry\n",
				 st->conv.title, rev)) < 0)
		return rc;
	for (i = 0; i < st->norgs && rc == 0; i++)
		for (j = 0; j < st->orgs[i].ndelegates && rc == 0; j++) {
			const acc_delegate *d = &st->orgs[i].delegates[j];
			char *key = NULL;

			/* the registry validated the email; the key is normalised
			 * again so nothing but "type base64" reaches the file */
			if (!d->key || !acc_email_valid(d->email) ||
			    acc_sign_key_normalize(&key, d->key) < 0) {
				acc_error_clear();
				continue;
			}
			rc = acc_buf_printf(out, "%s namespaces=\"git\" %s\n", d->email, key);
			free(key);
		}
	return rc;
}

/* A paragraph of text, a command in <pre><code>, for the audit steps. */
static void step(xw *x, const char *text, const char *cmd)
{
	xw_start(x, "li");
	xw_start(x, "p");
	xw_str(x, text);
	xw_end(x);
	if (cmd) {
		xw_start(x, "pre");
		xw_elem(x, "code", cmd);
		xw_end(x);
	}
	xw_endl(x);
}

/* The steps a reader takes to check the site against a clone. */
static void audit_steps(xw *x, site_ctx *s, const acc_anchor *anchor)
{
	acc_buf b = ACC_BUF_INIT;
	const char *rev = s->d->rev.commit;
	int rc = 0;

	xw_elem(x, "h2", "How to check it");
	xw_raw(x, "\n");
	xw_start(x, "ol");
	xw_raw(x, "\n");
	if (anchor->root[0] && anchor->fingerprint)
		rc = acc_buf_printf(&b,
				    "accord clone --expect-root %s --expect-key %s URL convention",
				    anchor->root, anchor->fingerprint);
	else
		rc = acc_buf_printf(&b, "git clone URL convention");
	if (rc == 0)
		step(x,
		     "Clone the convention's repository (URL: where its chair publishes it). "
		     "accord clone verifies the whole history on arrival and refuses any other "
		     "root commit or key than the ones pinned here.",
		     b.ptr);
	acc_buf_clear(&b);
	if (rc == 0 && (rc = acc_buf_printf(&b, "git -C convention cat-file -t %s", rev)) == 0)
		step(x,
		     "Check that the commit these pages were made from is in it (git prints "
		     "\"commit\").",
		     b.ptr);
	acc_buf_clear(&b);
	if (rc == 0 &&
	    (rc = acc_buf_printf(&b, "accord -C convention verify --at %s; echo $?", rev)) == 0)
		step(x,
		     "Run accord's audit: every commit is replayed as its signer and compared, "
		     "signatures, permissions and procedure are checked (exit status 0: no "
		     "problem; 4: problems, one line each).",
		     b.ptr);
	acc_buf_clear(&b);
	if (rc == 0)
		step(x,
		     "Or run the independent verifier, written with git, ssh-keygen and the "
		     "shell alone and sharing no code with accord (tests/verify/independent.sh in "
		     "accord's source; exit status 0: no problem, 4: problems).",
		     "sh tests/verify/independent.sh convention main; echo $?");
	acc_buf_clear(&b);
	if (rc == 0 && (rc = acc_buf_printf(&b,
					    "git -C convention -c gpg.ssh.allowedSignersFile=$PWD/"
					    "allowed_signers verify-commit %s",
					    rev)) == 0)
		step(x,
		     "Check a commit's signature with git alone, against the keys of the "
		     "registry published here (allowed_signers, below). A key removed from the "
		     "registry before this revision is not in the file: the verifiers above read "
		     "each commit's keys from the history itself.",
		     b.ptr);
	acc_buf_clear(&b);
	if (rc == 0 && s->d->tag &&
	    (rc = acc_buf_printf(&b,
				 "git -C convention -c gpg.ssh.allowedSignersFile=$PWD/"
				 "allowed_signers verify-tag %s",
				 s->d->tag)) == 0)
		step(x, "Check the signed tag of the adopted text.", b.ptr);
	acc_buf_clear(&b);
	if (rc == 0 &&
	    (rc = acc_buf_printf(
		 &b, "git -C convention ls-tree %s convention toc clauses | git mktree", rev)) == 0)
		step(x,
		     "Check the text: git prints the id of the text (its convention record, "
		     "table of contents and clauses), which must be the text id above.",
		     b.ptr);
	acc_buf_clear(&b);
	if (rc == 0 && strcmp(s->record_rev, rev) == 0 &&
	    (rc = acc_buf_printf(&b,
				 "accord -C convention export --format site --at %s%s%s copy\n"
				 "diff -r copy .",
				 rev, s->d->lang ? " --lang " : "",
				 s->d->lang ? s->d->lang : "")) == 0)
		step(x,
		     "Rebuild these pages from the clone and compare: the same revision always "
		     "gives the same bytes, so diff prints nothing.",
		     b.ptr);
	else if (rc == 0 && (rc = acc_buf_printf(
				 &b,
				 "accord -C convention export --format site%s%s copy\n"
				 "diff -r copy .",
				 s->d->lang ? " --lang " : "", s->d->lang ? s->d->lang : "")) == 0)
		step(x,
		     "Rebuild these pages from the clone and compare, while its branch still ends "
		     "at the commit the record runs to (later commits add to the log and the "
		     "signatures): the same revisions always give the same bytes, so diff prints "
		     "nothing.",
		     b.ptr);
	if (rc < 0 && x->rc == 0)
		x->rc = rc;
	xw_endl(x);
	acc_buf_free(&b);
}

/* audit.html and allowed_signers. */
int site_audit(site_ctx *s)
{
	static const char *const head[] = {"Page", "Made from commit"};
	const acc_export_doc *d = s->d;
	acc_anchor anchor;
	acc_buf signers = ACC_BUF_INIT;
	char **cells = NULL;
	size_t i, n = s->pages.count + 1;
	site_page p;
	xw *x = &p.x;
	int rc;

	memset(&anchor, 0, sizeof(anchor));
	if ((rc = acc_sync_anchor(&anchor, s->c)) < 0 ||
	    (rc = acc_export_allowed_signers(&signers, ex_sig_state(d), s->record_rev)) < 0 ||
	    (rc = site_add(s, "allowed_signers", signers.ptr, signers.size)) < 0)
		goto done;
	if ((rc = site_page_open(&p, s, "audit.html", "Check this record", "audit.html", 1)) < 0)
		goto done;
	xw_elem(x, "h1", "Check this record");
	xw_raw(x, "\n");
	xw_elem(x, "p",
		"These pages are a copy of a git repository in which every action of "
		"the negotiation is one commit, signed with the SSH key of the delegate "
		"who took it. Nothing here needs to be trusted: the steps below check it "
		"all against a clone of the repository.");
	xw_raw(x, "\n");
	xw_elem(x, "h2", "What these pages were made from");
	xw_raw(x, "\n");
	xw_start(x, "dl");
	xw_attr(x, "class", "facts");
	xw_raw(x, "\n");
	xw_elem(x, "dt", "Commit");
	xw_start(x, "dd");
	xw_elem(x, "code", d->rev.commit);
	xw_endl(x);
	xw_elem(x, "dt", "Text id");
	xw_start(x, "dd");
	xw_elem(x, "code", s->text_id);
	xw_endl(x);
	if (strcmp(s->record_rev, d->rev.commit) != 0) {
		xw_elem(x, "dt", "Record (log, signatures) up to");
		xw_start(x, "dd");
		xw_elem(x, "code", s->record_rev);
		xw_endl(x);
	}
	if (d->tag) {
		xw_elem(x, "dt", "Tag of the adopted text");
		xw_start(x, "dd");
		xw_elem(x, "code", d->tag);
		xw_endl(x);
	}
	if (anchor.root[0]) {
		xw_elem(x, "dt", "Root commit");
		xw_start(x, "dd");
		xw_elem(x, "code", anchor.root);
		xw_endl(x);
	}
	if (anchor.fingerprint) {
		xw_elem(x, "dt", "Key that opened it");
		xw_start(x, "dd");
		xw_elem(x, "code", anchor.fingerprint);
		xw_endl(x);
	}
	xw_endl(x);
	audit_steps(x, s, &anchor);
	xw_start(x, "h2");
	xw_attr(x, "id", "signers");
	xw_str(x, "The allowed signers");
	xw_endl(x);
	xw_start(x, "p");
	xw_str(x, "The delegates' keys in the registry at commit ");
	xw_elem(x, "code", s->record_rev);
	xw_str(x, ", as git reads them (");
	site_link(x, "allowed_signers", "allowed_signers");
	xw_str(x, "):");
	xw_endl(x);
	xw_start(x, "pre");
	xw_str(x, signers.ptr ? signers.ptr : "");
	xw_endl(x);
	xw_elem(x, "h2", "Every page");
	xw_raw(x, "\n");
	if (x->rc == 0 && !(cells = acc_calloc(n * 2, sizeof(char *))))
		x->rc = ACC_ENOMEM;
	for (i = 0; i < n && x->rc == 0; i++) {
		cells[i * 2] = acc_strdup(i < s->pages.count ? s->pages.items[i] : "audit.html");
		cells[i * 2 + 1] = acc_strdup(d->rev.commit);
		if (!cells[i * 2] || !cells[i * 2 + 1])
			x->rc = ACC_ENOMEM;
	}
	if (x->rc == 0)
		ex_html_table(x, NULL, "The pages of this site and the commit each was made from",
			      head, 2, cells, n);
	ex_cells_free(cells, n * 2);
	rc = site_page_close(&p, s);
done:
	acc_anchor_clear(&anchor);
	acc_buf_free(&signers);
	return rc;
}
