/* model: ids, names, paths and fractions, the directory source, and
 * freeing and looking up a loaded state. */
#include "accord/model.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accord/record.h"
#include "internal.h"

/* ---- ids and emails ---------------------------------------------------- */

int acc_id_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > ACC_ID_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && s[i + 1] == '-')
			return 0;
	}
	return 1;
}

/* Copies at most 40 printable ASCII bytes of s into buf, others as '?'. */
static const char *safe_excerpt(char *buf, size_t size, const char *s)
{
	size_t i, j = 0;

	for (i = 0; s[i] && j + 4 < size && i < 40; i++)
		buf[j++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i] && j + 4 < size)
		buf[j++] = '.', buf[j++] = '.', buf[j++] = '.';
	buf[j] = '\0';
	return buf;
}

int acc_id_check(const char *s, const char *what)
{
	char tmp[64];

	if (acc_id_valid(s))
		return 0;
	return acc_error_set(ACC_EINVAL,
			     "invalid %s id '%s' (expected 1-%d characters of a-z, 0-9 and single "
			     "inner dashes)",
			     what, safe_excerpt(tmp, sizeof(tmp), s), ACC_ID_MAX);
}

int acc_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i, n = strlen(s);

	if (n < 3 || n > 254 || !at || at == s || !at[1] || strchr(at + 1, '@') || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"'(),:;<>[\\]*?!`{}|/#", c))
			return 0;
	}
	if (at[1] == '.' || s[n - 1] == '.' || !strchr(at + 1, '.') || strstr(s, ".."))
		return 0;
	return 1;
}

/* ---- names ---------------------------------------------------------- */

static const char *const status_names[] = {"tabled",	"voting", "adopted", "rejected",
					   "withdrawn", "fallen", "stale"};

const char *acc_ballot_state_name(acc_ballot_state s)
{
	switch (s) {
	case ACC_BALLOT_OPEN:
		return "open";
	case ACC_BALLOT_CLOSED:
		return "closed";
	case ACC_BALLOT_FALLEN:
		return "fallen";
	default:
		return "not opened";
	}
}

const char *acc_status_name(acc_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(*status_names) ? status_names[s] : "?";
}

int acc_status_parse(acc_status *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(*status_names); i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (acc_status)i;
			return 0;
		}
	return acc_error_set(ACC_EUSAGE, "unknown status '%s'", name);
}

static const char *const op_names[] = {"replace", "insert-after", "delete"};

const char *acc_op_name(acc_amend_op op)
{
	return (unsigned)op < 3 ? op_names[op] : "?";
}

int acc_op_parse(acc_amend_op *out, const char *name)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, op_names[i]) == 0) {
			*out = (acc_amend_op)i;
			return 0;
		}
	return -1;
}

/* ---- paths ------------------------------------------------------------ */

char *acc_path_clause(const char *id)
{
	return acc_sprintf("clauses/%s", id);
}

char *acc_path_org(const char *id)
{
	return acc_sprintf("orgs/%s", id);
}

char *acc_path_amendment_dir(const char *sponsor, unsigned seq)
{
	return acc_sprintf("amendments/%s/%u", sponsor, seq);
}

char *acc_path_agenda(const char *clause)
{
	return acc_sprintf("agenda/%s", clause);
}

/* Parses a positive decimal without sign or leading zeros (< 10^9). */
int acc_model_uint_parse(unsigned *out, const char *s)
{
	unsigned long v = 0;
	size_t i;

	if (!s[0] || (s[0] == '0' && s[1]) || strlen(s) > 9)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = (unsigned)v;
	return 0;
}

int acc_amendment_id_split(char **org, unsigned *seq, const char *id)
{
	const char *dash = strrchr(id, '-');

	*org = NULL;
	if (!acc_id_valid(id) || !dash || dash == id || acc_model_uint_parse(seq, dash + 1) < 0 ||
	    *seq == 0) {
		char tmp[64];

		return acc_error_set(ACC_EINVAL, "invalid amendment id '%s' (expected ORG-N)",
				     safe_excerpt(tmp, sizeof(tmp), id));
	}
	*org = acc_strndup(id, (size_t)(dash - id));
	return *org ? 0 : ACC_ENOMEM;
}

void acc_fraction_format(char *buf, size_t size, unsigned num, unsigned den)
{
	if (num == 0 || den == 0)
		snprintf(buf, size, "0");
	else
		snprintf(buf, size, "%u/%u", num, den);
}

int acc_fraction_parse(unsigned *num, unsigned *den, const char *s)
{
	const char *slash = strchr(s, '/');

	if (slash) {
		char a[16];
		size_t n = (size_t)(slash - s);

		if (n == 0 || n >= sizeof(a))
			goto bad;
		memcpy(a, s, n);
		a[n] = '\0';
		if (acc_model_uint_parse(num, a) < 0 && strcmp(a, "0") != 0)
			goto bad;
		if (strcmp(a, "0") == 0)
			*num = 0;
		if (acc_model_uint_parse(den, slash + 1) < 0 || *den == 0 || *num > *den)
			goto bad;
		return 0;
	}
	if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0) {
		*num = s[0] == '1';
		*den = 1;
		return 0;
	}
	if (s[0] == '0' && s[1] == '.' && s[2]) {
		unsigned v = 0, d = 1;
		size_t i;

		for (i = 2; s[i]; i++) {
			if (s[i] < '0' || s[i] > '9' || i > 6)
				goto bad;
			v = v * 10 + (unsigned)(s[i] - '0');
			d *= 10;
		}
		{
			unsigned a = v, b = d;

			/* reduce: 0.5 is 1/2 */
			while (b) {
				unsigned t = a % b;

				a = b;
				b = t;
			}
			*num = a ? v / a : 0;
			*den = a ? d / a : 1;
		}
		return 0;
	}
bad : {
	char tmp[64];

	return acc_error_set(ACC_EINVAL, "invalid fraction '%s' (expected e.g. 1/2, 2/3 or 0.5)",
			     safe_excerpt(tmp, sizeof(tmp), s));
}
}

/* ---- directory source ----------------------------------------------------- */

/* Reads root/path from disk; ACC_ENOTFOUND when absent. */
static int dir_read(acc_source *src, const char *path, char **data, size_t *len,
		    char oid[ACC_OID_HEXLEN + 1])
{
	char *full = acc_sprintf("%s/%s", (const char *)src->ctx, path);
	struct stat st;
	int rc;

	if (!full)
		return ACC_ENOMEM;
	if (oid)
		oid[0] = '\0';
	/* a proposal is plain files: a symlink could pull in anything */
	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode)) {
		free(full);
		return ACC_ENOTFOUND;
	}
	rc = acc_file_read(data, len, full, ACC_RECORD_MAX_SIZE);
	free(full);
	return rc;
}

/* Compares two strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists root/dir sorted; hidden entries are skipped. */
static int dir_list(acc_source *src, const char *dir, acc_strlist *names)
{
	char *full = acc_sprintf("%s/%s", (const char *)src->ctx, dir);
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (!full)
		return ACC_ENOMEM;
	d = opendir(full);
	free(full);
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((rc = acc_strlist_add(names, e->d_name)) < 0)
			break;
	}
	closedir(d);
	if (names->count)
		qsort(names->items, names->count, sizeof(char *), cmp_str);
	return rc;
}

/* Frees the folder name. */
static void dir_free(acc_source *src)
{
	free(src->ctx);
}

int acc_source_dir(acc_source **out, const char *root)
{
	acc_source *s = acc_calloc(1, sizeof(*s));
	struct stat st;

	if (!s)
		return ACC_ENOMEM;
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(s);
		return acc_error_set(ACC_ERROR, "%s: not a folder", root);
	}
	s->read = dir_read;
	s->list = dir_list;
	s->free = dir_free;
	if (!(s->ctx = acc_strdup(root))) {
		free(s);
		return ACC_ENOMEM;
	}
	*out = s;
	return 0;
}

void acc_source_free(acc_source *src)
{
	if (!src)
		return;
	if (src->free)
		src->free(src);
	free(src);
}

/* Base and key offset for order_cmp (qsort has no context argument). */
static _Thread_local const char *order_base;
static _Thread_local size_t order_size, order_key;

/* Compares two indices by the id string of the elements they name. */
static int order_cmp(const void *x, const void *y)
{
	const char *a = *(char *const *)(order_base + *(const size_t *)x * order_size + order_key);
	const char *b = *(char *const *)(order_base + *(const size_t *)y * order_size + order_key);

	return strcmp(a, b);
}

/* Builds the indices of n elements (of size bytes, with a char *id at
 * offset key) sorted by id, for binary search. */
int acc_model_order_build(size_t **out, const void *v, size_t n, size_t size, size_t key)
{
	size_t i, *o = acc_calloc(n ? n : 1, sizeof(size_t));

	free(*out);
	*out = o;
	if (!o)
		return ACC_ENOMEM;
	for (i = 0; i < n; i++)
		o[i] = i;
	order_base = v;
	order_size = size;
	order_key = key;
	qsort(o, n, sizeof(size_t), order_cmp);
	return 0;
}

/* Frees what a ballot owns. */
static void ballot_free(acc_ballot *b)
{
	size_t i;

	for (i = 0; i < b->nvotes && !b->roll_shared; i++) {
		free(b->votes[i].org);
		free(b->votes[i].delegate);
	}
	free(b->votes);
	free(b->fallen_by);
	free(b->lang_only);
	for (i = 0; i < b->nelectors && !b->roll_shared; i++)
		free(b->electors[i].org);
	free(b->electors);
	for (i = 0; i < b->nrecorded; i++) {
		free(b->recorded[i].org);
		free(b->recorded[i].reason);
	}
	free(b->recorded);
	free(b->recorder);
	for (i = 0; i < b->nexplanations; i++) {
		free(b->explanations[i].org);
		free(b->explanations[i].delegate);
		free(b->explanations[i].text);
	}
	free(b->explanations);
}

void acc_model_ballot_trim(acc_ballot *b)
{
	acc_ballot keep;

	if ((b->state != ACC_BALLOT_CLOSED && b->state != ACC_BALLOT_FALLEN) || b->trimmed)
		return;
	keep = *b;
	keep.fallen_by = NULL; /* kept by b */
	b->votes = NULL;
	b->electors = NULL;
	b->roll_shared = 0;
	b->recorded = NULL;
	b->explanations = NULL;
	b->recorder = NULL;
	b->nvotes = b->nelectors = b->nrecorded = b->nexplanations = 0;
	b->trimmed = 1;
	ballot_free(&keep);
}

/* Frees what a ballot owns and empties it. */
void acc_model_ballot_clear(acc_ballot *b)
{
	ballot_free(b);
	memset(b, 0, sizeof(*b));
}

/* Frees what an amendment owns and empties it. */
void acc_model_amendment_clear(acc_amendment *a)
{
	free(a->id);
	free(a->sponsor);
	free(a->clause);
	free(a->amends);
	free(a->new_clause);
	free(a->heading);
	free(a->rationale);
	free(a->text);
	acc_strlist_free(&a->cosponsors);
	acc_strlist_free(&a->invited);
	acc_strlist_free(&a->cosponsor_lines);
	acc_strlist_free(&a->supersedes);
	ballot_free(&a->ballot);
	memset(a, 0, sizeof(*a));
}

void acc_state_free(acc_state *st)
{
	size_t i, j;

	if (!st)
		return;
	free(st->conv.title);
	free(st->conv.short_title);
	free(st->conv.language);
	free(st->conv.chair);
	free(st->conv.preamble);
	acc_strlist_free(&st->conv.facilitators);
	acc_model_treaty_clear(st);
	acc_model_languages_free(&st->conv);
	acc_model_form_free(&st->conv);
	acc_model_translations_free(st);
	for (i = 0; i < st->nclauses; i++) {
		free(st->clauses[i].id);
		free(st->clauses[i].heading);
		free(st->clauses[i].text);
	}
	free(st->clauses);
	for (i = 0; i < st->norgs && !st->orgs_block; i++) {
		acc_org *o = &st->orgs[i];

		free(o->id);
		free(o->name);
		free(o->type);
		free(o->description);
		for (j = 0; j < o->ndelegates; j++) {
			free(o->delegates[j].name);
			free(o->delegates[j].email);
			free(o->delegates[j].key);
		}
		free(o->delegates);
	}
	free(st->orgs);
	for (i = 0; i < st->namendments; i++)
		acc_model_amendment_clear(&st->amendments[i]);
	acc_model_roll_strings_free(st->roll_strings); /* its ballots free none of them */
	free(st->amendments);
	acc_model_brackets_free(st);
	ballot_free(&st->ratification);
	for (i = 0; i < st->nsignatures; i++) {
		free(st->signatures[i].org);
		free(st->signatures[i].delegate);
		free(st->signatures[i].date);
	}
	free(st->signatures);
	for (i = 0; i < st->agenda_clause.count; i++)
		acc_strlist_free(&st->agenda[i]);
	free(st->agenda);
	acc_strlist_free(&st->agenda_clause);
	free(st->clause_order);
	free(st->amendment_order);
	free(st);
}

/* ---- lookups ------------------------------------------------------------ */

/* Binary search of id among n elements through their sorted order. */
static long find_sorted(const size_t *order, const void *v, size_t n, size_t size, size_t key,
			const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = *(char *const *)((const char *)v + order[mid] * size + key);
		int c = strcmp(m, id);

		if (c == 0)
			return (long)order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long acc_state_clause_index(const acc_state *st, const char *id)
{
	size_t i;

	if (st->clause_order)
		return find_sorted(st->clause_order, st->clauses, st->nclauses, sizeof(acc_clause),
				   offsetof(acc_clause, id), id);
	for (i = 0; i < st->nclauses; i++) /* while the toc is being read */
		if (strcmp(st->clauses[i].id, id) == 0)
			return (long)i;
	return -1;
}

const acc_clause *acc_state_clause(const acc_state *st, const char *id)
{
	long i = acc_state_clause_index(st, id);

	return i < 0 ? NULL : &st->clauses[i];
}

const acc_org *acc_state_org(const acc_state *st, const char *id)
{
	size_t lo = 0, hi = st->norgs;

	/* orgs are sorted (they come sorted from the source) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = st->orgs[mid].id ? strcmp(st->orgs[mid].id, id) : -1;

		if (c == 0)
			return &st->orgs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const acc_amendment *acc_state_amendment(const acc_state *st, const char *id)
{
	long i;
	size_t j;

	if (st->amendment_order) {
		i = find_sorted(st->amendment_order, st->amendments, st->namendments,
				sizeof(acc_amendment), offsetof(acc_amendment, id), id);
		return i < 0 ? NULL : &st->amendments[i];
	}
	for (j = 0; j < st->namendments; j++) /* while amendments are being read */
		if (st->amendments[j].id && strcmp(st->amendments[j].id, id) == 0)
			return &st->amendments[j];
	return NULL;
}

/* Finds the delegate whose email (or, with by_key, public key) is v. */
static int find_delegate(const acc_org **org, const acc_delegate **del, const acc_state *st,
			 int by_key, const char *v)
{
	size_t i, j;

	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++) {
			const acc_delegate *d = &st->orgs[i].delegates[j];
			const char *have = by_key ? d->key : d->email;

			if (have && strcmp(have, v) == 0) {
				*org = &st->orgs[i];
				if (del)
					*del = d;
				return 0;
			}
		}
	return ACC_ENOTFOUND;
}

int acc_state_delegate(const acc_org **org, const acc_delegate **del, const acc_state *st,
		       const char *email)
{
	return find_delegate(org, del, st, 0, email);
}

int acc_state_key_owner(const acc_org **org, const acc_delegate **del, const acc_state *st,
			const char *pub)
{
	return find_delegate(org, del, st, 1, pub);
}

const char *acc_amendment_effective_text(const acc_state *st, const acc_amendment *a)
{
	size_t i;

	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *s = &st->amendments[i];

		if (s->amends && strcmp(s->amends, a->id) == 0 && s->status == ACC_ST_ADOPTED)
			return s->text;
	}
	return a->text;
}

int acc_state_electorate(acc_ballot_entry **out, size_t *n, const acc_state *st,
			 const acc_ballot *b)
{
	size_t count = b->has_electorate ? b->nelectors : st->norgs;
	acc_ballot_entry *e = acc_calloc(count ? count : 1, sizeof(*e));
	size_t i, j;

	*out = NULL;
	*n = 0;
	if (!e)
		return ACC_ENOMEM;
	for (i = 0; i < count; i++) {
		const char *id = b->has_electorate ? b->electors[i].org : st->orgs[i].id;

		e[i].role = b->has_electorate ? ACC_ROLE_MEMBER : st->orgs[i].role;
		e[i].weight = b->has_electorate ? b->electors[i].weight : st->orgs[i].weight;
		e[i].vote = ACC_VOTE_NONE;
		for (j = 0; j < b->nvotes; j++)
			if (strcmp(b->votes[j].org, id) == 0)
				e[i].vote = b->votes[j].vote;
	}
	*out = e;
	*n = count;
	return 0;
}

const acc_elector *acc_ballot_elector(const acc_ballot *b, const char *org)
{
	size_t lo = 0, hi = b->nelectors;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(b->electors[mid].org, org);

		if (c == 0)
			return &b->electors[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int acc_ballot_counts(unsigned *weight, const acc_state *st, const acc_ballot *b, const char *org)
{
	const acc_elector *el;
	const acc_org *o;

	*weight = 0;
	if (b->has_electorate) {
		if (!(el = acc_ballot_elector(b, org)))
			return 0;
		*weight = el->weight;
		return 1;
	}
	if (!(o = acc_state_org(st, org)) || o->role != ACC_ROLE_MEMBER)
		return 0;
	*weight = o->weight ? o->weight : 1;
	return 1;
}

int acc_toc_write(acc_buf *out, const acc_clause *clauses, size_t n)
{
	size_t i;
	int d, rc = acc_buf_putc(out, '\n');

	for (i = 0; i < n && rc == 0; i++) {
		for (d = 0; d < clauses[i].depth && rc == 0; d++)
			rc = acc_buf_puts(out, "  ");
		if (rc == 0)
			rc = acc_buf_printf(out, "%s\n", clauses[i].id);
	}
	return rc;
}

/* Counts b's counted votes by source: recorded by the chair or signed. */
void acc_ballot_sources(unsigned *recorded, unsigned *signed_votes, const acc_state *st,
			const acc_ballot *b)
{
	unsigned w;
	size_t i;

	*recorded = *signed_votes = 0;
	for (i = 0; i < b->nvotes; i++)
		if (b->votes[i].vote != ACC_VOTE_NONE &&
		    acc_ballot_counts(&w, st, b, b->votes[i].org))
			(*(b->votes[i].recorded ? recorded : signed_votes))++;
}

/* The chair's recorded vote of org in b, or NULL. */
const acc_recorded_vote *acc_ballot_recorded(const acc_ballot *b, const char *org)
{
	size_t i;

	for (i = 0; i < b->nrecorded; i++)
		if (strcmp(b->recorded[i].org, org) == 0)
			return &b->recorded[i];
	return NULL;
}

/* How many recorded votes of b stand contested; *first: the first's org. */
size_t acc_ballot_contested(const char **first, const acc_ballot *b)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < b->nrecorded; i++)
		if (b->recorded[i].response == ACC_RESPONSE_CONTESTED &&
		    !b->recorded[i].overridden && n++ == 0)
			*first = b->recorded[i].org;
	return n;
}
