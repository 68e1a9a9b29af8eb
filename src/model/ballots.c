/* model: the ballot, vote, amendment and ratification records. */
#include "accord/model.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* Reads one record into item, for organisation org. */
typedef int (*org_record_fn)(void *item, const acc_record *r, const char *org);

/* Loads the records <dir>/<org>, one per organisation, into a new array of
 * elements of size bytes (*items, *n), each checked against keys and read
 * by fn; what names the kind of record in errors. */
static int load_org_records(void **items, size_t *n, size_t size, const acc_state *st,
			    acc_source *src, const char *dir, const char *const *keys,
			    const char *what, org_record_fn fn)
{
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = src->list(src, dir, &ids)) < 0 || !ids.count)
		goto done;
	if (!(*items = acc_calloc(ids.count, size))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count; i++) {
		void *item = (char *)*items + (*n)++ * size;
		char *path = acc_sprintf("%s/%s", dir, ids.items[i]);
		acc_record *r = NULL;

		if (!path) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (!acc_state_org(st, ids.items[i]))
			rc = acc_error_set(ACC_EINVAL, "%s: %s of an unknown organisation", path,
					   what);
		else if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) == 0 &&
			 (rc = acc_record_check_keys(r, keys)) == 0)
			rc = fn(item, r, ids.items[i]);
		acc_record_free(r);
		free(path);
		if (rc < 0)
			goto done;
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Reads a vote record (an org_record_fn). */
static int read_vote(void *item, const acc_record *r, const char *org)
{
	acc_vote_rec *v = item;
	const char *val;
	int rc;

	if ((rc = acc_record_require(r, "Vote", &val)) < 0)
		return rc;
	if (strcmp(val, "absent") == 0) /* set back to not voting */
		v->vote = ACC_VOTE_NONE;
	else if (acc_vote_parse(&v->vote, val) < 0)
		return acc_model_error_at(r, acc_record_line(r, "Vote"),
					  "invalid vote '%s' (yes, no, abstain or absent)", val);
	if ((rc = acc_model_opt_str(&v->delegate, r, "Delegate")) < 0)
		return rc;
	return (v->org = acc_strdup(org)) ? 0 : ACC_ENOMEM;
}

/* Reads one vote record (path, cast by org) into v. */
int acc_model_load_vote(acc_vote_rec *v, const acc_state *st, acc_source *src, const char *path,
			const char *org)
{
	static const char *const vote_keys[] = {"Vote", "Delegate", NULL};
	acc_record *r = NULL;
	int rc;

	if (!acc_state_org(st, org))
		return acc_error_set(ACC_EINVAL, "%s: vote of an unknown organisation", path);
	if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) == 0 &&
	    (rc = acc_record_check_keys(r, vote_keys)) == 0)
		rc = read_vote(v, r, org);
	acc_record_free(r);
	return rc;
}

/* Loads the votes under dir into b. */
static int load_votes(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir)
{
	static const char *const keys[] = {"Vote", "Delegate", NULL};
	void *votes = NULL;
	int rc = load_org_records(&votes, &b->nvotes, sizeof(acc_vote_rec), st, src, dir, keys,
				  "vote", read_vote);

	b->votes = votes;
	return rc;
}

static const char *const ballot_keys[] = {"Status",
					  "Rule",
					  "Quorum",
					  "Result",
					  "Yes",
					  "No",
					  "Abstain",
					  "Absent",
					  "Weighted-Yes",
					  "Weighted-No",
					  "Weighted-Abstain",
					  "Weighted-Absent",
					  "Quorum-Met",
					  "Fallen-By",
					  "Adopted",
					  "Roll-Call",
					  "Elector",
					  "Recorded-Votes",
					  "Signed-Votes",
					  "Negotiation-Language-Only",
					  NULL};

/*
 * Reads the roll-call of a closed ballot from its record: one field
 * "Roll-Call: <org> <vote>[ <delegate>]" per vote cast, in organisation id
 * order, written by the close action from the votes/ folder (and checked
 * against it by verify, which replays the close).  A loader that reads
 * these 5,700 files instead of a million vote files is what makes the
 * whole state of a design-scale convention cheap to read.  0 with
 * b->votes set, or ACC_EINVAL naming the line.
 */
static int load_roll_call(acc_ballot *b, const acc_state *st, const acc_record *r, size_t n)
{
	size_t i;

	if (!(b->votes = acc_calloc(n, sizeof(acc_vote_rec))))
		return ACC_ENOMEM;
	for (i = 0; i < r->nfields; i++) {
		const acc_field *f = &r->fields[i];
		const char *v = f->value, *sp1, *sp2;
		acc_vote_rec *rec;
		char *org;

		if (strcmp(f->key, "Roll-Call") != 0)
			continue;
		sp1 = strchr(v, ' ');
		sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		if (!sp1 || !(org = acc_strndup(v, (size_t)(sp1 - v))))
			return sp1 ? ACC_ENOMEM
				   : acc_model_error_at(r, f->line, "expected '<org> <vote>'");
		rec = &b->votes[b->nvotes++];
		rec->org = org;
		if (!acc_state_org(st, org))
			return acc_model_error_at(r, f->line, "unknown organisation '%s'", org);
		if (b->nvotes > 1 && strcmp(b->votes[b->nvotes - 2].org, org) >= 0)
			return acc_model_error_at(r, f->line, "'%s' out of order or twice", org);
		{
			char word[16];
			size_t len = sp2 ? (size_t)(sp2 - sp1 - 1) : strlen(sp1 + 1);

			snprintf(word, sizeof(word), "%.*s", (int)(len < 15 ? len : 15), sp1 + 1);
			if (len >= 15 || acc_vote_parse(&rec->vote, word) < 0)
				return acc_model_error_at(
				    r, f->line, "invalid vote '%s' (yes, no or abstain)", word);
		}
		if (sp2 && strncmp(sp2 + 1, "recorded ", 9) == 0) {
			rec->recorded = 1; /* "<org> <vote> recorded <chair delegate>" */
			sp2 += 9;
		}
		if (sp2 && !(rec->delegate = acc_strdup(sp2 + 1)))
			return ACC_ENOMEM;
	}
	return 0;
}

/*
 * Reads the electorate recorded when a ballot opened: one field
 * "Elector: <org> <weight>" per organisation that may vote, in organisation
 * id order, written by the open action from the registry of the time (and
 * checked by verify, which replays the opening).  An elector need not be
 * in today's registry: the terms of a ballot do not change after it opens.
 */
static int load_electors(acc_ballot *b, const acc_record *r)
{
	size_t i, n = acc_record_count(r, "Elector");

	if (n == 0)
		return 0;
	if (!(b->electors = acc_calloc(n, sizeof(acc_elector))))
		return ACC_ENOMEM;
	b->has_electorate = 1;
	for (i = 0; i < r->nfields; i++) {
		const acc_field *f = &r->fields[i];
		const char *sp = strchr(f->value, ' ');
		acc_elector *el;

		if (strcmp(f->key, "Elector") != 0)
			continue;
		el = &b->electors[b->nelectors];
		if (!sp || !(el->org = acc_strndup(f->value, (size_t)(sp - f->value))))
			return sp ? ACC_ENOMEM
				  : acc_model_error_at(r, f->line, "expected '<org> <weight>'");
		b->nelectors++;
		if (!acc_id_valid(el->org))
			return acc_model_error_at(r, f->line, "invalid organisation id '%s'",
						  el->org);
		if (acc_model_uint_parse(&el->weight, sp + 1) < 0 || el->weight == 0 ||
		    el->weight > 1000000)
			return acc_model_error_at(r, f->line, "invalid weight '%s' (1 to 1000000)",
						  sp + 1);
		if (b->nelectors > 1 && strcmp(b->electors[b->nelectors - 2].org, el->org) >= 0)
			return acc_model_error_at(r, f->line, "'%s' out of order or twice",
						  el->org);
	}
	return 0;
}

/* An organisation's answer to the recorded roll-call, as read. */
typedef struct {
	char *org, *reason;
	acc_response response;
	unsigned round;
} response_rec;

/* Reads a response record (an org_record_fn): confirm or contest, the
 * round of the roll-call it answers, the reason of a contest (body). */
static int read_response(void *item, const acc_record *r, const char *org)
{
	response_rec *x = item;
	const char *v;
	int rc;

	if ((rc = acc_record_require(r, "Response", &v)) < 0)
		return rc;
	if (strcmp(v, "confirm") == 0)
		x->response = ACC_RESPONSE_CONFIRMED;
	else if (strcmp(v, "contest") == 0)
		x->response = ACC_RESPONSE_CONTESTED;
	else
		return acc_model_error_at(r, acc_record_line(r, "Response"),
					  "invalid response '%s' (confirm or contest)", v);
	if ((rc = acc_record_require(r, "Round", &v)) < 0 ||
	    (rc = acc_model_get_uint(&x->round, r, "Round", 0)) < 0 ||
	    (rc = acc_record_require(r, "Vote", &v)) < 0 ||
	    (rc = acc_record_require(r, "Delegate", &v)) < 0)
		return rc;
	if (r->body_len && !(x->reason = acc_strdup(r->body)))
		return ACC_ENOMEM;
	return (x->org = acc_strdup(org)) ? 0 : ACC_ENOMEM;
}

/* Reads an explanation of vote (an org_record_fn): its delegate and text. */
static int read_explanation(void *item, const acc_record *r, const char *org)
{
	acc_explanation *x = item;
	int rc;

	if ((rc = acc_model_req_str(&x->delegate, r, "Delegate")) < 0)
		return rc;
	if (!(x->text = acc_strdup(r->body)) || !(x->org = acc_strdup(org)))
		return ACC_ENOMEM;
	return 0;
}

/*
 * Reads dir/recorded, the roll-call the chair recorded: "Round: <n>",
 * "Delegate: <chair delegate>", then one "Recorded: <org> <vote>" per
 * elector in organisation id order (vote: yes, no, abstain or absent).
 */
static int load_recorded(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir)
{
	static const char *const keys[] = {"Round", "Delegate", "Recorded", NULL};
	acc_record *r = NULL;
	char *path = acc_sprintf("%s/recorded", dir);
	const char *v;
	size_t i, n;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = acc_model_record_load(&r, src, path, 0, NULL);
	if (rc == ACC_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc < 0 || (rc = acc_record_check_keys(r, keys)) < 0 ||
	    (rc = acc_record_require(r, "Round", &v)) < 0 ||
	    (rc = acc_model_get_uint(&b->round, r, "Round", 0)) < 0 ||
	    (rc = acc_model_req_str(&b->recorder, r, "Delegate")) < 0)
		goto done;
	if (b->round == 0) {
		rc = acc_model_error_at(r, acc_record_line(r, "Round"), "invalid round '0'");
		goto done;
	}
	n = acc_record_count(r, "Recorded");
	if (!(b->recorded = acc_calloc(n ? n : 1, sizeof(*b->recorded)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < r->nfields; i++) {
		const acc_field *f = &r->fields[i];
		const char *sp = strchr(f->value, ' ');
		acc_recorded_vote *x;

		if (strcmp(f->key, "Recorded") != 0)
			continue;
		x = &b->recorded[b->nrecorded];
		if (!sp || !(x->org = acc_strndup(f->value, (size_t)(sp - f->value)))) {
			rc = sp ? ACC_ENOMEM
				: acc_model_error_at(r, f->line, "expected '<org> <vote>'");
			goto done;
		}
		b->nrecorded++;
		if (!acc_state_org(st, x->org)) {
			rc = acc_model_error_at(r, f->line, "unknown organisation '%s'", x->org);
			goto done;
		}
		if (b->nrecorded > 1 && strcmp(b->recorded[b->nrecorded - 2].org, x->org) >= 0) {
			rc = acc_model_error_at(r, f->line, "'%s' out of order or twice", x->org);
			goto done;
		}
		if (strcmp(sp + 1, "absent") == 0) {
			x->vote = ACC_VOTE_NONE;
		} else if (acc_vote_parse(&x->vote, sp + 1) < 0) {
			rc = acc_model_error_at(
			    r, f->line, "invalid vote '%s' (yes, no, abstain or absent)", sp + 1);
			goto done;
		}
	}
done:
	acc_record_free(r);
	free(path);
	return rc;
}

/* Applies the responses under dir/responses that answer b's current round
 * to its recorded votes. */
static int load_responses(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir)
{
	static const char *const keys[] = {"Response", "Round", "Vote", "Delegate", NULL};
	char *rdir = acc_sprintf("%s/responses", dir);
	void *items = NULL;
	response_rec *x;
	size_t i, n = 0;
	int rc;

	if (!rdir)
		return ACC_ENOMEM;
	rc = load_org_records(&items, &n, sizeof(response_rec), st, src, rdir, keys, "response",
			      read_response);
	x = items;
	for (i = 0; i < n; i++) {
		acc_recorded_vote *rv = (acc_recorded_vote *)acc_ballot_recorded(b, x[i].org);

		if (rc == 0 && rv && x[i].round == b->round) {
			rv->response = x[i].response;
			rv->reason = x[i].reason;
			x[i].reason = NULL;
		}
		free(x[i].org);
		free(x[i].reason);
	}
	free(items);
	free(rdir);
	return rc;
}

/*
 * The votes that count, from the organisations' own vote files (b->votes,
 * where "absent" is ACC_VOTE_NONE) and the chair's recorded roll-call: an
 * organisation's own vote outranks the record of it; own "absent" votes
 * and recorded absences are left out.
 */
static int merge_recorded(acc_ballot *b)
{
	acc_vote_rec *out = acc_calloc(b->nvotes + b->nrecorded + 1, sizeof(*out));
	size_t i = 0, j = 0, n = 0;

	if (!out)
		return ACC_ENOMEM;
	while (i < b->nvotes || j < b->nrecorded) {
		int c = i >= b->nvotes	    ? 1
			: j >= b->nrecorded ? -1
					    : strcmp(b->votes[i].org, b->recorded[j].org);

		if (c <= 0) {
			if (c == 0)
				b->recorded[j++].overridden = 1;
			if (b->votes[i].vote != ACC_VOTE_NONE) {
				out[n++] = b->votes[i];
			} else {
				free(b->votes[i].org);
				free(b->votes[i].delegate);
			}
			i++;
			continue;
		}
		if (b->recorded[j].vote != ACC_VOTE_NONE) {
			acc_vote_rec *v = &out[n++];

			v->vote = b->recorded[j].vote;
			v->recorded = 1;
			if (!(v->org = acc_strdup(b->recorded[j].org)) ||
			    !(v->delegate = acc_strdup(b->recorder))) {
				free(b->votes);
				b->votes = out;
				b->nvotes = n;
				return ACC_ENOMEM;
			}
		}
		j++;
	}
	free(b->votes);
	b->votes = out;
	b->nvotes = n;
	return 0;
}

/* Reads what the roll-call procedure adds to a ballot in dir: the chair's
 * record and the answers to it, the explanations of vote; from_votes:
 * b->votes was read from votes/ (else from a closed ballot's Roll-Call
 * lines, which already count the record). */
static int load_rollcall_extras(acc_ballot *b, const acc_state *st, acc_source *src,
				const char *dir, int from_votes)
{
	static const char *const keys[] = {"Delegate", NULL};
	char *edir = acc_sprintf("%s/explanations", dir);
	void *items = NULL;
	size_t i;
	int rc;

	if (!edir)
		return ACC_ENOMEM;
	rc = load_org_records(&items, &b->nexplanations, sizeof(acc_explanation), st, src, edir,
			      keys, "explanation", read_explanation);
	b->explanations = items;
	free(edir);
	if (rc < 0 || (rc = load_recorded(b, st, src, dir)) < 0 ||
	    (b->nrecorded && (rc = load_responses(b, st, src, dir)) < 0))
		return rc;
	if (from_votes)
		return merge_recorded(b);
	for (i = 0; i < b->nrecorded; i++) {
		acc_recorded_vote *rv = &b->recorded[i];
		const acc_vote_rec *v = NULL;
		size_t k;

		for (k = 0; k < b->nvotes && !v; k++)
			if (strcmp(b->votes[k].org, rv->org) == 0)
				v = &b->votes[k];
		rv->overridden = v ? !v->recorded : rv->vote != ACC_VOTE_NONE;
	}
	return 0;
}

/* 1 when the header line [s, s+n) is a roll-call or an elector line. */
static int roll_line(const char *s, size_t n)
{
	return (n > 11 && memcmp(s, "Roll-Call: ", 11) == 0) ||
	       (n > 9 && memcmp(s, "Elector: ", 9) == 0);
}

/* Parses the header of data without its roll-call and elector lines into
 * *out, each field keeping its line in data; 1 when data is not a header
 * alone (then it is parsed whole). */
static int parse_summary(acc_record **out, const char *data, size_t len, const char *path)
{
	acc_buf keep = ACC_BUF_INIT;
	int *lines = NULL;
	size_t pos = 0, n = 0, alloc = 0, i;
	int line = 1, rc = 0;

	*out = NULL;
	while (pos < len && rc == 0) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t k = nl ? (size_t)(nl - s) : len - pos;

		if (k == 0 && pos + 1 == len)
			break;	     /* the end of the header, and no body */
		if (k == 0 || !nl) { /* a body, or no end of line: read it whole */
			rc = 1;
			break;
		}
		if (!roll_line(s, k)) {
			if (n == alloc) {
				int *nlines =
				    acc_realloc(lines, (alloc = alloc * 2 + 16) * sizeof(int));

				if (!nlines) {
					rc = ACC_ENOMEM;
					break;
				}
				lines = nlines;
			}
			lines[n++] = line;
			rc = acc_buf_put(&keep, s, k + 1);
		}
		pos += k + 1;
		line++;
	}
	if (rc == 0 && (rc = acc_buf_puts(&keep, "\n")) == 0 &&
	    (rc = acc_record_parse(out, keep.ptr, keep.size, path)) == 0)
		for (i = 0; i < (*out)->nfields; i++)
			if ((*out)->fields[i].line >= 1 && (size_t)(*out)->fields[i].line <= n)
				(*out)->fields[i].line = lines[(*out)->fields[i].line - 1];
	acc_buf_free(&keep);
	free(lines);
	return rc;
}

/* Reads the ballot record at path (in dir) for a whole state read
 * quickly: *head gets its fields but the Roll-Call and Elector lines (the
 * few that accessors look up; NULL when it cannot be read so), *out the
 * whole record, except that with may_sum a closed ballot without a
 * recorded roll-call (dir/recorded) is not read whole (*out NULL, *summed
 * 1); ACC_ENOTFOUND when there is none; pre: the file, read already, or
 * NULL. */
static int read_split(acc_record **out, acc_record **head, int *summed, acc_source *src,
		      const char *path, const char *dir, const acc_buf *pre, int may_sum,
		      acc_ballot *fast, const acc_state *st)
{
	char *own = NULL, *rpath = NULL, oid[ACC_OID_HEXLEN + 1];
	const char *v, *data = NULL;
	size_t len = 0;
	int rc = 0;

	*out = *head = NULL;
	*summed = 0;
	if (pre && pre->ptr) { /* read already: not copied again */
		data = pre->ptr;
		len = pre->size;
	} else if ((rc = src->read(src, path, &own, &len, NULL)) < 0) {
		return rc;
	}
	if (own)
		data = own;
	if (len > ACC_RECORD_MAX_SIZE || parse_summary(head, data, len, path) != 0) {
		acc_record_free(*head);
		*head = NULL;
		acc_error_clear(); /* read whole below, which says why */
	} else if (may_sum && acc_record_get(*head, "Status", &v) == 0 &&
		   strcmp(v, "closed") == 0) {
		if (!(rpath = acc_sprintf("%s/recorded", dir)))
			rc = ACC_ENOMEM;
		else if (src->blob_id)
			rc = src->blob_id(src, rpath, oid);
		else {
			char *rec = NULL;
			size_t rlen = 0;

			rc = src->read(src, rpath, &rec, &rlen, NULL);
			free(rec);
		}
		if (rc == ACC_ENOTFOUND) {
			acc_error_clear();
			*summed = 1;
			rc = 0;
		}
	}
	/* fast (a closed ballot): its roll-call read in one pass, into fast */
	if (rc == 0 && !*summed && fast && *head && acc_record_get(*head, "Status", &v) == 0 &&
	    strcmp(v, "closed") == 0 && (rc = acc_model_rolls_fast(fast, st, data, len)) == 0) {
		free(rpath);
		free(own);
		return 0; /* *out NULL: its lines are read */
	}
	if (rc == 1)
		rc = 0;
	if (rc == 0 && !*summed)
		rc = acc_record_parse(out, data, len, path);
	free(rpath);
	free(own);
	return rc;
}

/* Loads dir/ballot (when present) and dir/votes; roll_call: 0 votes from
 * votes/, 1 a closed ballot's from its Roll-Call lines, 2 a summary
 * without them when it may (read_split), 3 as 1 read quickly (read_split);
 * pre: the file when read already (2 and 3), or NULL. */
static int load_ballot(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir,
		       acc_rule def_rule, unsigned qn, unsigned qd, int roll_call,
		       const acc_buf *pre)
{
	acc_record *whole = NULL, *head = NULL, *r;
	char *path = acc_sprintf("%s/ballot", dir), *vdir = acc_sprintf("%s/votes", dir);
	const char *v;
	unsigned u;
	int rc, summed = 0, rolled = 0;

	b->rule = def_rule;
	b->quorum_num = qn;
	b->quorum_den = qd;
	if (!path || !vdir) {
		rc = ACC_ENOMEM;
		goto done;
	}
	/* r: the fields looked up one by one (without the roll-call lines
	 * when read apart), whole: every line */
	rc = roll_call >= 2 ? read_split(&whole, &head, &summed, src, path, dir, pre,
					 roll_call == 2, roll_call == 3 ? b : NULL, st)
			    : acc_model_record_load(&whole, src, path, 0, NULL);
	r = head ? head : whole;
	rolled = head && !whole && !summed; /* the roll-call in b already */
	if (rc == ACC_ENOTFOUND) {
		rc = 0;
		goto votes;
	}
	if (rc < 0 || (rc = acc_record_check_keys(r, ballot_keys)) < 0 ||
	    (rc = acc_record_require(r, "Status", &v)) < 0)
		goto done;
	if (strcmp(v, "open") == 0)
		b->state = ACC_BALLOT_OPEN;
	else if (strcmp(v, "closed") == 0)
		b->state = ACC_BALLOT_CLOSED;
	else if (strcmp(v, "fallen") == 0)
		b->state = ACC_BALLOT_FALLEN;
	else {
		rc = acc_model_error_at(r, acc_record_line(r, "Status"),
					"invalid ballot status '%s' (open, closed or fallen)", v);
		goto done;
	}
	if ((rc = acc_model_get_rule(&b->rule, r, "Rule", def_rule)) < 0)
		goto done;
	if (acc_record_get(r, "Quorum", &v) != ACC_ENOTFOUND &&
	    (rc = acc_model_get_fraction(&b->quorum_num, &b->quorum_den, r, "Quorum")) < 0)
		goto done;
	if ((rc = acc_model_opt_str(&b->lang_only, r, "Negotiation-Language-Only")) < 0 ||
	    (rc = acc_model_opt_id(&b->fallen_by, r, "Fallen-By", "amendment")) < 0 ||
	    (whole && (rc = load_electors(b, whole)) < 0))
		goto done;
	if (b->state == ACC_BALLOT_CLOSED) {
		unsigned long *w[] = {&b->w_yes, &b->w_no, &b->w_abstain, &b->w_absent};
		unsigned *c[] = {&b->yes, &b->no, &b->abstain, &b->absent};
		const char *ck[] = {"Yes", "No", "Abstain", "Absent"};
		const char *wk[] = {"Weighted-Yes", "Weighted-No", "Weighted-Abstain",
				    "Weighted-Absent"};
		size_t i;

		if ((rc = acc_record_require(r, "Result", &v)) < 0)
			goto done;
		if (strcmp(v, "adopted") == 0)
			b->result = ACC_RESULT_ADOPTED;
		else if (strcmp(v, "rejected") == 0)
			b->result = ACC_RESULT_REJECTED;
		else {
			rc = acc_model_error_at(r, acc_record_line(r, "Result"),
						"invalid result '%s' (adopted or rejected)", v);
			goto done;
		}
		for (i = 0; i < 4; i++) {
			if ((rc = acc_record_require(r, ck[i], &v)) < 0 ||
			    (rc = acc_model_get_uint(c[i], r, ck[i], 0)) < 0)
				goto done;
			if (acc_record_get(r, wk[i], &v) == 0) {
				b->weighted = 1;
				if ((rc = acc_model_get_uint(&u, r, wk[i], 0)) < 0)
					goto done;
				*w[i] = u;
			} else {
				*w[i] = *c[i];
			}
		}
		if ((rc = acc_record_require(r, "Quorum-Met", &v)) < 0)
			goto done;
		b->quorum_met = strcmp(v, "yes") == 0;
		if (summed) { /* no roll-call recorded: the explanations alone */
			rc = load_rollcall_extras(b, st, src, dir, 0);
			goto done;
		}
		if (rolled && b->nvotes > 0) {
			rc = load_rollcall_extras(b, st, src, dir, 0);
			goto done;
		}
		if (rolled) /* no roll-call line: the votes/ folder */
			goto votes;
		if (roll_call && (i = acc_record_count(whole, "Roll-Call")) > 0) {
			if ((rc = load_roll_call(b, st, whole, i)) == 0)
				rc = load_rollcall_extras(b, st, src, dir, 0);
			goto done;
		}
	}
	if (b->state != ACC_BALLOT_CLOSED && acc_record_count(whole, "Roll-Call") > 0) {
		rc = acc_model_error_at(whole, acc_record_line(whole, "Roll-Call"),
					"a roll-call in a ballot that is not closed");
		goto done;
	}
votes:
	if ((rc = load_votes(b, st, src, vdir)) == 0)
		rc = load_rollcall_extras(b, st, src, dir, 1);
done:
	acc_record_free(whole);
	acc_record_free(head);
	free(path);
	free(vdir);
	return rc;
}

static const char *const amendment_keys[] = {
    "Clause",  "Operation",  "Sponsor",	  "Cosponsor", "Invited",    "Amends", "Base",
    "Heading", "New-Clause", "Rationale", "Status",    "Supersedes", NULL};

/* Reads every line key of r (an organisation id each) into *out. */
static int org_lines(acc_strlist *out, const acc_state *st, const acc_record *r, const char *key)
{
	size_t i;
	int rc;

	for (i = 0; i < acc_record_count(r, key); i++) {
		const char *o = acc_record_nth(r, key, i);

		if (!acc_state_org(st, o))
			return acc_model_error_at(r, acc_record_line(r, key),
						  "unknown organisation '%s'", o);
		if ((rc = acc_strlist_add(out, o)) < 0)
			return rc;
	}
	return 0;
}

/* A co-sponsor's own file, as read. */
typedef struct {
	char *org, *amendment;
} cosponsor_rec;

/* Reads a co-sponsor's own file (an org_record_fn): the amendment it
 * consents to. */
static int read_cosponsor(void *item, const acc_record *r, const char *org)
{
	cosponsor_rec *c = item;
	const char *v;
	int rc;

	if ((rc = acc_record_require(r, "Amendment", &v)) < 0)
		return rc;
	if (!(c->amendment = acc_strdup(v)) || !(c->org = acc_strdup(org)))
		return ACC_ENOMEM;
	return 0;
}

/* Adds the organisations with a file in <dir>/cosponsors to a's
 * co-sponsors (after its old Cosponsor lines, each once). */
static int load_cosponsors(acc_amendment *a, const acc_state *st, acc_source *src, const char *dir)
{
	static const char *const cosponsor_keys[] = {"Amendment", "Delegate", NULL};
	void *items = NULL;
	cosponsor_rec *recs;
	char *cdir = acc_sprintf("%s/cosponsors", dir);
	size_t i, n = 0;
	int rc = cdir ? 0 : ACC_ENOMEM;

	for (i = 0; i < a->cosponsor_lines.count && rc == 0; i++)
		rc = acc_strlist_add(&a->cosponsors, a->cosponsor_lines.items[i]);
	if (rc == 0)
		rc = load_org_records(&items, &n, sizeof(cosponsor_rec), st, src, cdir,
				      cosponsor_keys, "co-sponsor", read_cosponsor);
	recs = items;
	for (i = 0; i < n && rc == 0; i++) {
		if (!recs[i].amendment || strcmp(recs[i].amendment, a->id) != 0)
			rc = acc_error_set(
			    ACC_EINVAL, "%s/%s: co-sponsors %s, not %s whose folder holds it", cdir,
			    recs[i].org ? recs[i].org : "?",
			    recs[i].amendment ? recs[i].amendment : "nothing", a->id);
		else if (acc_strlist_find(&a->cosponsors, recs[i].org) < 0)
			rc = acc_strlist_add(&a->cosponsors, recs[i].org);
	}
	for (i = 0; i < n; i++) {
		free(recs[i].org);
		free(recs[i].amendment);
	}
	free(items);
	free(cdir);
	return rc;
}

/* Loads amendments/<org>/<n>, its ballot file already read in pre (or
 * pre NULL). */
static int load_amendment(acc_amendment *a, const acc_state *st, acc_source *src, const char *org,
			  const char *num, const acc_buf *pre)
{
	acc_record *r = NULL;
	char *dir = acc_sprintf("amendments/%s/%s", org, num), *path = NULL;
	const char *v;
	int rc;

	if (!dir || !(path = acc_sprintf("%s/amendment", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (acc_model_uint_parse(&a->seq, num) < 0 || a->seq == 0) {
		rc = acc_error_set(ACC_EINVAL, "%s: not an amendment folder (expected a number)",
				   dir);
		goto done;
	}
	if (!acc_state_org(st, org)) {
		rc = acc_error_set(ACC_EINVAL, "%s: unknown sponsor organisation", dir);
		goto done;
	}
	if (!(a->id = acc_sprintf("%s-%s", org, num)) || !(a->sponsor = acc_strdup(org))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_model_record_load(&r, src, path, 1, a->blob)) < 0 ||
	    (rc = acc_record_check_keys(r, amendment_keys)) < 0 ||
	    (rc = acc_model_opt_id(&a->clause, r, "Clause", "clause")) < 0 ||
	    (rc = acc_record_require(r, "Clause", &v)) < 0 ||
	    (rc = acc_record_require(r, "Operation", &v)) < 0)
		goto done;
	if (acc_op_parse(&a->op, v) < 0) {
		rc = acc_model_error_at(r, acc_record_line(r, "Operation"),
					"unknown operation '%s' (replace, insert-after or delete)",
					v);
		goto done;
	}
	if ((rc = acc_record_require(r, "Sponsor", &v)) < 0)
		goto done;
	if (strcmp(v, org) != 0) {
		rc = acc_model_error_at(r, acc_record_line(r, "Sponsor"),
					"sponsor '%s' does not own this folder", v);
		goto done;
	}
	if ((rc = org_lines(&a->cosponsor_lines, st, r, "Cosponsor")) < 0 ||
	    (rc = org_lines(&a->invited, st, r, "Invited")) < 0 ||
	    (rc = load_cosponsors(a, st, src, dir)) < 0)
		goto done;
	if ((rc = acc_model_opt_id(&a->amends, r, "Amends", "amendment")) < 0 ||
	    (rc = acc_model_opt_id(&a->new_clause, r, "New-Clause", "clause")) < 0 ||
	    (rc = acc_model_opt_str(&a->heading, r, "Heading")) < 0 ||
	    (rc = acc_model_opt_str(&a->rationale, r, "Rationale")) < 0)
		goto done;
	for (size_t k = 0; k < acc_record_count(r, "Supersedes"); k++) {
		const char *x = acc_record_nth(r, "Supersedes", k);

		if (!acc_id_valid(x)) {
			rc = acc_model_error_at(r, acc_record_line(r, "Supersedes"),
						"invalid amendment id '%s'", x);
			goto done;
		}
		if ((rc = acc_strlist_add(&a->supersedes, x)) < 0)
			goto done;
	}
	if ((rc = acc_record_require(r, "Base", &v)) < 0)
		goto done;
	if (strlen(v) != ACC_OID_HEXLEN || strspn(v, "0123456789abcdef") != ACC_OID_HEXLEN) {
		rc = acc_model_error_at(r, acc_record_line(r, "Base"),
					"invalid base '%s' (expected a blob id)", v);
		goto done;
	}
	memcpy(a->base, v, ACC_OID_HEXLEN + 1);
	rc = acc_record_get(r, "Status", &v);
	if (rc == 0) {
		if (strcmp(v, "withdrawn") != 0) {
			rc = acc_model_error_at(r, acc_record_line(r, "Status"),
						"invalid status '%s' (only 'withdrawn')", v);
			goto done;
		}
		a->withdrawn = 1;
	} else if (rc != ACC_ENOTFOUND) {
		goto done;
	}
	if (a->op == ACC_OP_INSERT_AFTER && (!a->new_clause || !a->heading)) {
		rc = acc_error_set(ACC_EINVAL, "%s: an insertion needs New-Clause and Heading",
				   path);
		goto done;
	}
	if (a->op != ACC_OP_DELETE && r->body_len == 0) {
		rc = acc_error_set(ACC_EINVAL, "%s: the proposed text is empty", path);
		goto done;
	}
	if (!(a->text = acc_strdup(r->body))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	/* a partial state for an action recounts from votes/; a view's and
	 * the whole state read the roll-call recorded at close */
	rc = load_ballot(&a->ballot, st, src, dir, st->conv.rule, st->conv.quorum_num,
			 st->conv.quorum_den,
			 st->partial == 1   ? 0
			 : st->partial == 2 ? 3
			 : st->summary == 1 ? 2
			 : st->summary == 2 ? 3
					    : 1,
			 pre);
done:
	acc_record_free(r);
	free(path);
	free(dir);
	return rc;
}

/* Loads amendments/<org>/<n>. */
int acc_model_load_amendment(acc_amendment *a, const acc_state *st, acc_source *src,
			     const char *org, const char *num)
{
	return load_amendment(a, st, src, org, num, NULL);
}

/* 1 when a line of data but its roll-call and elector lines (which the
 * fields parse_summary reads never come from) holds the word "fallen". */
static int fallen_word(const char *data, size_t len)
{
	const char *f = data, *end = data + len;
	size_t pos = 0;

	/* first the word anywhere, in one pass (almost never there) */
	while ((f = memchr(f, 'f', (size_t)(end - f))) &&
	       ((size_t)(end - f) < 6 || memcmp(f, "fallen", 6) != 0))
		f++;
	if (!f)
		return 0;
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t k = nl ? (size_t)(nl - s) : len - pos;

		if (!roll_line(s, k) && memmem(s, k, "fallen", 6))
			return 1;
		pos += k + 1;
	}
	return 0;
}

/* For a summary state: 1 with the ballot file of amendments/<org>/<n> in
 * *pre when it records a closed ballot that adopted the amendment (how 1)
 * or a ballot held, open or closed (how 2), or cannot be read as one (the
 * load then says why); else 0. */
static int summary_wanted(acc_buf *pre, acc_source *src, const char *org, const char *num, int how)
{
	char *path = acc_sprintf("amendments/%s/%s/ballot", org, num), *data = NULL;
	acc_record *r = NULL;
	const char *st = NULL, *res = NULL;
	size_t len = 0;
	int rc, want = 1;

	if (!path)
		return ACC_ENOMEM;
	rc = src->read(src, path, &data, &len, NULL);
	if (rc == ACC_ENOTFOUND) { /* never put to the vote */
		acc_error_clear();
		free(path);
		return 0;
	}
	/* not understood (or closed without a result): read whole, which says
	 * why; how 2 wants all but a fallen ballot, and a file without the
	 * word is not one (the load reads it whole after: no need to here) */
	if (rc == 0 && how == 2 && !fallen_word(data, len))
		want = 1;
	else if (rc == 0 && parse_summary(&r, data, len, path) == 0 &&
		 acc_record_get(r, "Status", &st) == 0)
		want = how == 2
			   ? strcmp(st, "fallen") != 0
			   : strcmp(st, "closed") == 0 && (acc_record_get(r, "Result", &res) < 0 ||
							   strcmp(res, "adopted") == 0);
	acc_error_clear();
	acc_record_free(r);
	free(path);
	if (rc < 0) {
		free(data);
		return rc;
	}
	acc_buf_free(pre);
	if (want) { /* the file itself, not a copy (read whole, never grown) */
		pre->ptr = data;
		pre->size = len;
		pre->asize = len;
		data = NULL;
	}
	free(data);
	return want;
}

/* Loads every amendment, sorted by sponsor then number (a summary state:
 * the adopted ones alone). */
int acc_model_load_amendments(acc_state *st, acc_source *src)
{
	acc_buf pre = ACC_BUF_INIT;
	acc_strlist orgs = ACC_STRLIST_INIT;
	size_t i, j, alloc = 0;
	int rc;

	/* a summary state's amendments, kept by the folder's content: the
	 * adopted (or held) ones are found without reading every folder */
	const char *tag = st->summary == 1 ? "adopted1" : "held1";

	if ((rc = src->list(src, "amendments", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count; i++) {
		acc_strlist nums = ACC_STRLIST_INIT, kept = ACC_STRLIST_INIT;
		char *dir = acc_sprintf("amendments/%s", orgs.items[i]);
		unsigned *seqs = NULL;
		int memo = st->summary && src->memo_get && src->memo_put, hit = 0;

		if (dir && memo) {
			rc = src->memo_get(src, dir, tag, &nums);
			hit = rc == 0;
			if (rc == ACC_ENOTFOUND)
				rc = 0;
		}
		if (!dir || rc < 0 || (!hit && (rc = src->list(src, dir, &nums)) < 0)) {
			acc_strlist_free(&nums);
			free(dir);
			rc = rc < 0 ? rc : ACC_ENOMEM;
			goto done;
		}
		/* numeric order: 2 before 10 */
		if (nums.count && !(seqs = acc_calloc(nums.count, sizeof(unsigned)))) {
			acc_strlist_free(&nums);
			free(dir);
			rc = ACC_ENOMEM;
			goto done;
		}
		for (j = 0; j < nums.count; j++)
			if (acc_model_uint_parse(&seqs[j], nums.items[j]) < 0)
				seqs[j] = 0;
		for (j = 1; j < nums.count; j++) {
			size_t k = j;

			while (k > 0 && seqs[k - 1] > seqs[k]) {
				unsigned t = seqs[k];
				char *s = nums.items[k];

				seqs[k] = seqs[k - 1], seqs[k - 1] = t;
				nums.items[k] = nums.items[k - 1], nums.items[k - 1] = s;
				k--;
			}
		}
		free(seqs);
		for (j = 0; j < nums.count; j++) {
			if (st->namendments == alloc) {
				acc_amendment *na;

				alloc = alloc ? alloc * 2 : 32;
				if (!(na = acc_realloc(st->amendments, alloc * sizeof(*na)))) {
					acc_strlist_free(&nums);
					acc_strlist_free(&kept);
					free(dir);
					rc = ACC_ENOMEM;
					goto done;
				}
				st->amendments = na;
			}
			/* a summary state holds the adopted amendments alone */
			if (st->summary && (rc = summary_wanted(&pre, src, orgs.items[i],
								nums.items[j], st->summary)) <= 0) {
				if (rc == 0)
					continue;
				acc_strlist_free(&nums);
				acc_strlist_free(&kept);
				free(dir);
				goto done;
			}
			if (memo && !hit && (rc = acc_strlist_add(&kept, nums.items[j])) < 0) {
				acc_strlist_free(&nums);
				acc_strlist_free(&kept);
				free(dir);
				goto done;
			}
			memset(&st->amendments[st->namendments], 0, sizeof(acc_amendment));
			st->namendments++;
			rc =
			    load_amendment(&st->amendments[st->namendments - 1], st, src,
					   orgs.items[i], nums.items[j], st->summary ? &pre : NULL);
			if (rc == 0 && st->trim_closed) /* read, checked, then let go */
				acc_model_ballot_trim(&st->amendments[st->namendments - 1].ballot);
			if (rc < 0) {
				acc_strlist_free(&nums);
				acc_strlist_free(&kept);
				free(dir);
				goto done;
			}
		}
		if (memo && !hit) /* read and checked whole: kept for the next */
			src->memo_put(src, dir, tag, &kept);
		acc_strlist_free(&nums);
		acc_strlist_free(&kept);
		free(dir);
	}
done:
	acc_buf_free(&pre);
	acc_strlist_free(&orgs);
	return rc;
}

/* Reads a signature record (an org_record_fn). */
static int read_signature(void *item, const acc_record *r, const char *org)
{
	acc_signature *s = item;
	const char *v;
	int rc;

	s->subject = -1;
	if ((rc = acc_model_req_str(&s->delegate, r, "Delegate")) < 0 ||
	    (rc = acc_model_req_str(&s->date, r, "Date")) < 0)
		return rc;
	if (acc_record_get(r, "Subject-To-Ratification", &v) == 0) {
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return acc_model_error_at(r, acc_record_line(r, "Subject-To-Ratification"),
						  "expected yes or no, not '%s'", v);
		s->subject = strcmp(v, "yes") == 0;
	}
	if (!(s->declaration = acc_strdup(r->body)))
		return ACC_ENOMEM;
	return (s->org = acc_strdup(org)) ? 0 : ACC_ENOMEM;
}

/* Loads the ratification ballot, its votes and the signatures. */
int acc_model_load_ratification(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Delegate", "Date", "Subject-To-Ratification", NULL};
	void *sigs = NULL;
	int rc;

	if ((rc = load_ballot(&st->ratification, st, src, "ratification",
			      st->conv.ratification_rule, st->conv.rat_quorum_num,
			      st->conv.rat_quorum_den, !st->partial, NULL)) < 0)
		return rc;
	rc = load_org_records(&sigs, &st->nsignatures, sizeof(acc_signature), st, src,
			      "ratification/signatures", keys, "signature", read_signature);
	st->signatures = sigs;
	if (rc == 0)
		rc = acc_model_load_treaty(st, src);
	return rc;
}
