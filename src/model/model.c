/* model: loading, validating and deriving the state of a convention. */
#include "accord/model.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accord/record.h"

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
static int parse_uint(unsigned *out, const char *s)
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
	if (!acc_id_valid(id) || !dash || dash == id || parse_uint(seq, dash + 1) < 0 ||
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
		if (parse_uint(num, a) < 0 && strcmp(a, "0") != 0)
			goto bad;
		if (strcmp(a, "0") == 0)
			*num = 0;
		if (parse_uint(den, slash + 1) < 0 || *den == 0 || *num > *den)
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

/* ---- loading ---------------------------------------------------------------- */

/* Reads and parses the record at path; ACC_ENOTFOUND (with a message when
 * required) when absent. */
static int load_record(acc_record **out, acc_source *src, const char *path, int required, char *oid)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = src->read(src, path, &data, &len, oid);
	if (rc == ACC_ENOTFOUND) {
		if (required)
			return acc_error_set(ACC_EINVAL, "%s: missing file", path);
		return ACC_ENOTFOUND;
	}
	if (rc < 0)
		return rc;
	rc = acc_record_parse(out, data, len, path);
	free(data);
	return rc;
}

/* Fails with "<file>:<line>: <msg>" about key of r. */
static int field_error(const acc_record *r, const char *key, const char *fmt, ...)
    ACC_ATTR_PRINTF(3, 4);

static int field_error(const acc_record *r, const char *key, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_error_set(ACC_EINVAL, "%s:%d: %s", r->file ? r->file : "<record>",
			     acc_record_line(r, key), msg);
}

/* Gets an optional single field as a new string (NULL when absent). */
static int opt_str(char **out, const acc_record *r, const char *key)
{
	const char *v;
	int rc = acc_record_get(r, key, &v);

	*out = NULL;
	if (rc == ACC_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	return (*out = acc_strdup(v)) ? 0 : ACC_ENOMEM;
}

/* Gets a required single field as a new string. */
static int req_str(char **out, const acc_record *r, const char *key)
{
	const char *v;
	int rc = acc_record_require(r, key, &v);

	*out = NULL;
	if (rc < 0)
		return rc;
	return (*out = acc_strdup(v)) ? 0 : ACC_ENOMEM;
}

/* Gets an optional id field and validates it. */
static int opt_id(char **out, const acc_record *r, const char *key, const char *what)
{
	int rc = opt_str(out, r, key);

	if (rc < 0 || !*out)
		return rc;
	if (!acc_id_valid(*out)) {
		acc_id_check(*out, what);
		rc = acc_error_prefix(ACC_EINVAL, "%s:%d", r->file, acc_record_line(r, key));
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* Gets a rule field (default def when absent). */
static int get_rule(acc_rule *out, const acc_record *r, const char *key, acc_rule def)
{
	const char *v;
	int rc = acc_record_get(r, key, &v);

	*out = def;
	if (rc == ACC_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (acc_rule_parse(out, v) < 0)
		return field_error(r, key,
				   "unknown rule '%s' (expected simple, two-thirds, absolute, "
				   "unanimity or consensus)",
				   v);
	return 0;
}

/* Gets a fraction field (default 0/1 when absent). */
static int get_fraction(unsigned *num, unsigned *den, const acc_record *r, const char *key)
{
	const char *v;
	int rc = acc_record_get(r, key, &v);

	*num = 0;
	*den = 1;
	if (rc == ACC_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (acc_fraction_parse(num, den, v) < 0)
		return field_error(r, key, "invalid fraction '%s' (expected e.g. 1/2)", v);
	return 0;
}

/* Gets an unsigned field (default def when absent). */
static int get_uint(unsigned *out, const acc_record *r, const char *key, unsigned def)
{
	const char *v;
	int rc = acc_record_get(r, key, &v);

	*out = def;
	if (rc == ACC_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (strcmp(v, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (parse_uint(out, v) < 0)
		return field_error(r, key, "invalid number '%s'", v);
	return 0;
}

static const char *const convention_keys[] = {"Title",
					      "Short-Title",
					      "Language",
					      "Chair",
					      "Rule",
					      "Quorum",
					      "Ratification-Rule",
					      "Ratification-Quorum",
					      "Signatures",
					      "Format",
					      NULL};

/* Loads the convention record. */
static int load_convention(acc_state *st, acc_source *src)
{
	acc_convention *c = &st->conv;
	acc_record *r = NULL;
	const char *v;
	int rc;

	if ((rc = load_record(&r, src, "convention", 1, NULL)) < 0)
		return rc;
	if ((rc = acc_record_check_keys(r, convention_keys)) < 0 ||
	    (rc = req_str(&c->title, r, "Title")) < 0 ||
	    (rc = opt_str(&c->short_title, r, "Short-Title")) < 0 ||
	    (rc = opt_str(&c->language, r, "Language")) < 0 ||
	    (rc = req_str(&c->chair, r, "Chair")) < 0 ||
	    (rc = get_rule(&c->rule, r, "Rule", ACC_RULE_SIMPLE)) < 0 ||
	    (rc = get_fraction(&c->quorum_num, &c->quorum_den, r, "Quorum")) < 0 ||
	    (rc = get_rule(&c->ratification_rule, r, "Ratification-Rule", c->rule)) < 0)
		goto done;
	if (acc_record_get(r, "Ratification-Quorum", &v) == ACC_ENOTFOUND) {
		c->rat_quorum_num = c->quorum_num;
		c->rat_quorum_den = c->quorum_den;
	} else if ((rc = get_fraction(&c->rat_quorum_num, &c->rat_quorum_den, r,
				      "Ratification-Quorum")) < 0) {
		goto done;
	}
	c->chair_line = acc_record_line(r, "Chair");
	if (!acc_id_valid(c->chair)) {
		rc = field_error(r, "Chair", "invalid organisation id '%s'", c->chair);
		goto done;
	}
	rc = acc_record_get(r, "Signatures", &v);
	if (rc == 0) {
		if (strcmp(v, "required") == 0)
			c->signatures_required = 1;
		else if (strcmp(v, "optional") != 0) {
			rc = field_error(r, "Signatures",
					 "expected 'required' or 'optional', not '%s'", v);
			goto done;
		}
	} else if (rc != ACC_ENOTFOUND) {
		goto done;
	}
	rc = acc_record_get(r, "Format", &v);
	if (rc == 0 && strcmp(v, "1") != 0) {
		rc = field_error(r, "Format",
				 "unsupported format '%s' (this accord reads format 1)", v);
		goto done;
	} else if (rc != 0 && rc != ACC_ENOTFOUND) {
		goto done;
	}
	if (!c->language && !(c->language = acc_strdup("en"))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = (c->preamble = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
done:
	acc_record_free(r);
	return rc;
}

/* Writes the roman numeral of n (1..3999) into buf. */
static void roman(char *buf, size_t size, unsigned n)
{
	static const unsigned val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"M",	"CM", "D",  "CD", "C",	"XC", "L",
					  "XL", "X",  "IX", "V",  "IV", "I"};
	size_t i, j = 0;

	buf[0] = '\0';
	for (i = 0; i < 13 && n; i++)
		while (n >= val[i] && j + 3 < size) {
			size_t l = strlen(sym[i]);

			memcpy(buf + j, sym[i], l);
			j += l;
			buf[j] = '\0';
			n -= val[i];
		}
}

/* Derives display numbers: parts (entries with children) get roman
 * numerals per level, other clauses arabic numbers counted through the
 * whole document. */
static void number_clauses(acc_clause *c, size_t n)
{
	unsigned parts[8] = {0}, article = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].container = i + 1 < n && c[i + 1].depth > c[i].depth;
		if (c[i].container) {
			int d;

			parts[c[i].depth]++;
			for (d = c[i].depth + 1; d < 8; d++)
				parts[d] = 0;
			roman(c[i].number, sizeof(c[i].number), parts[c[i].depth]);
		} else {
			snprintf(c[i].number, sizeof(c[i].number), "%u", ++article);
		}
	}
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
static int build_order(size_t **out, const void *v, size_t n, size_t size, size_t key)
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

/* Loads the toc and every clause in its order. */
/* Reads clauses/<c->id> into c (ACC_ENOTFOUND, no message, when absent). */
static int load_clause_file(acc_clause *c, acc_source *src)
{
	static const char *const keys[] = {"Heading", NULL};
	acc_record *r = NULL;
	char *path = acc_path_clause(c->id);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = load_record(&r, src, path, 0, c->blob);
	free(path);
	if (rc == 0 && (rc = acc_record_check_keys(r, keys)) == 0 &&
	    (rc = req_str(&c->heading, r, "Heading")) == 0)
		rc = (c->text = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
	acc_record_free(r);
	return rc;
}

static int load_clauses(acc_state *st, acc_source *src)
{
	acc_record *toc = NULL;
	acc_strlist files = ACC_STRLIST_INIT;
	const char *p, *end;
	size_t alloc = 0, i;
	int line, rc;

	if ((rc = load_record(&toc, src, "toc", 1, st->toc_blob)) < 0)
		return rc;
	if (toc->nfields) {
		rc = acc_error_set(ACC_EINVAL, "toc:%d: unexpected header '%s'",
				   toc->fields[0].line, toc->fields[0].key);
		goto done;
	}
	p = toc->body;
	end = p + toc->body_len;
	line = toc->body_line;
	for (; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)(nl - p), sp = 0;
		acc_clause *c;
		char *id;

		while (sp < len && p[sp] == ' ')
			sp++;
		if (sp % 2 || sp / 2 >= 8) {
			rc = acc_error_set(
			    ACC_EINVAL, "toc:%d: indent by two spaces per level (at most 7 levels)",
			    line);
			goto done;
		}
		if (!(id = acc_strndup(p + sp, len - sp))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		p = nl + 1;
		if (!acc_id_valid(id)) {
			acc_id_check(id, "clause");
			free(id);
			rc = acc_error_prefix(ACC_EINVAL, "toc:%d", line);
			goto done;
		}
		if ((int)(sp / 2) > (st->nclauses ? st->clauses[st->nclauses - 1].depth + 1 : 0)) {
			rc = acc_error_set(ACC_EINVAL,
					   "toc:%d: '%s' is indented deeper than its parent", line,
					   id);
			free(id);
			goto done;
		}
		if (st->nclauses == alloc) {
			acc_clause *nc;

			alloc = alloc ? alloc * 2 : 32;
			if (!(nc = acc_realloc(st->clauses, alloc * sizeof(*nc)))) {
				free(id);
				rc = ACC_ENOMEM;
				goto done;
			}
			st->clauses = nc;
		}
		c = &st->clauses[st->nclauses++];
		memset(c, 0, sizeof(*c));
		c->id = id;
		c->depth = (int)(sp / 2);
		c->toc_line = line;
	}
	number_clauses(st->clauses, st->nclauses);
	if ((rc = build_order(&st->clause_order, st->clauses, st->nclauses, sizeof(acc_clause),
			      offsetof(acc_clause, id))) < 0)
		goto done;
	for (i = 1; i < st->nclauses; i++) {
		const acc_clause *a = &st->clauses[st->clause_order[i - 1]];
		const acc_clause *b = &st->clauses[st->clause_order[i]];

		if (strcmp(a->id, b->id) == 0) {
			rc = acc_error_set(ACC_EINVAL, "toc:%d: clause '%s' listed twice",
					   a->toc_line > b->toc_line ? a->toc_line : b->toc_line,
					   a->id);
			goto done;
		}
	}
	for (i = 0; i < st->nclauses; i++) {
		acc_clause *c = &st->clauses[i];

		rc = load_clause_file(c, src);
		if (rc == ACC_ENOTFOUND)
			rc = acc_error_set(ACC_EINVAL, "toc:%d: clause '%s' has no file clauses/%s",
					   c->toc_line, c->id, c->id);
		if (rc < 0)
			goto done;
	}
	if ((rc = src->list(src, "clauses", &files)) < 0)
		goto done;
	for (i = 0; i < files.count; i++)
		if (acc_state_clause_index(st, files.items[i]) < 0) {
			rc = acc_error_set(ACC_EINVAL, "clauses/%s: clause not listed in toc",
					   files.items[i]);
			goto done;
		}
done:
	acc_strlist_free(&files);
	acc_record_free(toc);
	return rc;
}

/* Parses "Name <email>[ key-type base64]" into d. */
static int parse_delegate(acc_delegate *d, const char *v)
{
	const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	size_t nl;

	if (!lt || !gt || lt == v || lt[-1] != ' ')
		return -1;
	nl = (size_t)(lt - v - 1);
	if (!(d->name = acc_strndup(v, nl)) ||
	    !(d->email = acc_strndup(lt + 1, (size_t)(gt - lt - 1))))
		return ACC_ENOMEM;
	if (!acc_email_valid(d->email))
		return -1;
	if (gt[1] == '\0')
		return 0;
	if (gt[1] != ' ')
		return -1;
	{
		const char *k = gt + 2, *sp = strchr(k, ' ');
		size_t i;

		if (!sp || sp == k || !sp[1])
			return -1;
		for (i = 0; k + i < sp; i++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789@.-", k[i]))
				return -1;
		for (i = 1; sp[i]; i++)
			if (!strchr(
				"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
				sp[i]))
				return -1;
		if (!(d->key = acc_strdup(k)))
			return ACC_ENOMEM;
	}
	return 0;
}

static const char *const org_keys[] = {"Name", "Type", "Role", "Weight", "Delegate", NULL};

/* Loads orgs/<id>. */
static int load_org(acc_org *o, acc_source *src, const char *id)
{
	acc_record *r = NULL;
	char *path = acc_path_org(id);
	const char *v;
	size_t i, n;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if (!(o->id = acc_strdup(id))) {
		free(path);
		return ACC_ENOMEM;
	}
	if (!acc_id_valid(id)) {
		acc_id_check(id, "organisation");
		rc = acc_error_prefix(ACC_EINVAL, "%s", path);
		goto done;
	}
	if ((rc = load_record(&r, src, path, 1, NULL)) < 0 ||
	    (rc = acc_record_check_keys(r, org_keys)) < 0 ||
	    (rc = req_str(&o->name, r, "Name")) < 0 || (rc = opt_str(&o->type, r, "Type")) < 0 ||
	    (rc = acc_record_require(r, "Role", &v)) < 0)
		goto done;
	o->role_line = acc_record_line(r, "Role");
	if (acc_role_parse(&o->role, v) < 0) {
		rc = field_error(r, "Role",
				 "unknown role '%s' (expected member, chair or observer)", v);
		goto done;
	}
	if ((rc = get_uint(&o->weight, r, "Weight", 1)) < 0)
		goto done;
	if (o->weight == 0 || o->weight > 1000000) {
		rc = field_error(r, "Weight", "weight must be from 1 to 1000000%s", "");
		goto done;
	}
	n = acc_record_count(r, "Delegate");
	if (!(o->delegates = acc_calloc(n ? n : 1, sizeof(acc_delegate)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		int prc = parse_delegate(&o->delegates[i], acc_record_nth(r, "Delegate", i));
		size_t k, seen = 0;

		for (k = 0; k < r->nfields; k++)
			if (strcmp(r->fields[k].key, "Delegate") == 0 && seen++ == i)
				o->delegates[i].line = r->fields[k].line;
		o->ndelegates++;
		if (prc == ACC_ENOMEM) {
			rc = prc;
			goto done;
		}
		if (prc < 0) {
			rc = acc_error_set(ACC_EINVAL,
					   "%s:%d: invalid delegate (expected 'Full Name <email>' "
					   "optionally followed by an ssh public key)",
					   path, o->delegates[i].line);
			goto done;
		}
	}
	rc = (o->description = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
done:
	acc_record_free(r);
	free(path);
	return rc;
}

/* Loads every organisation and checks the chair and delegate emails. */
static int load_orgs(acc_state *st, acc_source *src)
{
	acc_strlist ids = ACC_STRLIST_INIT, emails = ACC_STRLIST_INIT;
	size_t i, j;
	int rc, chairs = 0;

	if ((rc = src->list(src, "orgs", &ids)) < 0)
		goto done;
	if (!(st->orgs = acc_calloc(ids.count ? ids.count : 1, sizeof(acc_org)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count; i++) {
		st->norgs++;
		if ((rc = load_org(&st->orgs[i], src, ids.items[i])) < 0)
			goto done;
		if (st->orgs[i].role == ACC_ROLE_CHAIR && ++chairs > 1) {
			rc = acc_error_set(
			    ACC_EINVAL,
			    "orgs/%s:%d: a second organisation with Role: chair (there "
			    "is one chair)",
			    ids.items[i], st->orgs[i].role_line);
			goto done;
		}
		for (j = 0; j < st->orgs[i].ndelegates; j++) {
			const char *e = st->orgs[i].delegates[j].email;

			if (acc_strlist_find(&emails, e) >= 0) {
				rc = acc_error_set(ACC_EINVAL,
						   "orgs/%s:%d: delegate %s is already registered",
						   ids.items[i], st->orgs[i].delegates[j].line, e);
				goto done;
			}
			if ((rc = acc_strlist_add(&emails, e)) < 0)
				goto done;
		}
	}
	if ((rc = acc_state_check_keys(st)) < 0)
		goto done;
	{
		const acc_org *chair = acc_state_org(st, st->conv.chair);

		if (!chair || chair->role != ACC_ROLE_CHAIR || chairs != 1) {
			rc = acc_error_set(
			    ACC_EINVAL,
			    "convention:%d: the chair '%s' must be the one organisation "
			    "with Role: chair",
			    st->conv.chair_line, st->conv.chair);
			goto done;
		}
	}
done:
	acc_strlist_free(&ids);
	acc_strlist_free(&emails);
	return rc;
}

static const char *const vote_keys[] = {"Vote", "Delegate", NULL};

/* Loads the votes under dir into b. */
static int load_votes(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir)
{
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = src->list(src, dir, &ids)) < 0)
		goto done;
	if (!ids.count)
		goto done;
	if (!(b->votes = acc_calloc(ids.count, sizeof(acc_vote_rec)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count; i++) {
		acc_vote_rec *v = &b->votes[b->nvotes];
		acc_record *r = NULL;
		char *path = acc_sprintf("%s/%s", dir, ids.items[i]);
		const char *val;

		if (!path) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (!acc_state_org(st, ids.items[i]))
			rc = acc_error_set(ACC_EINVAL, "%s: vote of an unknown organisation", path);
		else if ((rc = load_record(&r, src, path, 1, NULL)) == 0 &&
			 (rc = acc_record_check_keys(r, vote_keys)) == 0 &&
			 (rc = acc_record_require(r, "Vote", &val)) == 0) {
			if (acc_vote_parse(&v->vote, val) < 0)
				rc = field_error(r, "Vote",
						 "invalid vote '%s' (yes, no or abstain)", val);
			else if ((rc = opt_str(&v->delegate, r, "Delegate")) == 0 &&
				 !(v->org = acc_strdup(ids.items[i])))
				rc = ACC_ENOMEM;
			b->nvotes++;
		}
		acc_record_free(r);
		free(path);
		if (rc < 0)
			goto done;
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

static const char *const ballot_keys[] = {
    "Status",	    "Rule",	   "Quorum",	       "Result",
    "Yes",	    "No",	   "Abstain",	       "Absent",
    "Weighted-Yes", "Weighted-No", "Weighted-Abstain", "Weighted-Absent",
    "Quorum-Met",   "Fallen-By",   "Roll-Call",	       NULL};

/*
 * Reads the roll-call of a closed ballot from its record: one field
 * "Roll-Call: <org> <vote>[ <delegate>]" per vote cast, in organisation id
 * order, written by the close action from the votes/ folder (and checked
 * against it by verify, which replays the close).  A loader that reads
 * these 5,700 files instead of a million vote files is what makes the
 * whole state of a design-scale convention cheap to read.  0 with
 * b->votes set, or ACC_EINVAL naming the line.
 */
/* An error about field f of r: "<file>:<line of f>: <msg>". */
static int line_error(const acc_record *r, const acc_field *f, const char *fmt, ...)
    ACC_ATTR_PRINTF(3, 4);

static int line_error(const acc_record *r, const acc_field *f, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_error_set(ACC_EINVAL, "%s:%d: %s", r->file ? r->file : "<record>", f->line, msg);
}

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
			return sp1 ? ACC_ENOMEM : line_error(r, f, "expected '<org> <vote>'");
		rec = &b->votes[b->nvotes++];
		rec->org = org;
		if (!acc_state_org(st, org))
			return line_error(r, f, "unknown organisation '%s'", org);
		if (b->nvotes > 1 && strcmp(b->votes[b->nvotes - 2].org, org) >= 0)
			return line_error(r, f, "'%s' out of order or twice", org);
		{
			char word[16];
			size_t len = sp2 ? (size_t)(sp2 - sp1 - 1) : strlen(sp1 + 1);

			snprintf(word, sizeof(word), "%.*s", (int)(len < 15 ? len : 15), sp1 + 1);
			if (len >= 15 || acc_vote_parse(&rec->vote, word) < 0)
				return line_error(r, f, "invalid vote '%s' (yes, no or abstain)",
						  word);
		}
		if (sp2 && !(rec->delegate = acc_strdup(sp2 + 1)))
			return ACC_ENOMEM;
	}
	return 0;
}

/* Loads dir/ballot (when present) and dir/votes. */
static int load_ballot(acc_ballot *b, const acc_state *st, acc_source *src, const char *dir,
		       acc_rule def_rule, unsigned qn, unsigned qd, int roll_call)
{
	acc_record *r = NULL;
	char *path = acc_sprintf("%s/ballot", dir), *vdir = acc_sprintf("%s/votes", dir);
	const char *v;
	unsigned u;
	int rc;

	b->rule = def_rule;
	b->quorum_num = qn;
	b->quorum_den = qd;
	if (!path || !vdir) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = load_record(&r, src, path, 0, NULL);
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
		rc = field_error(r, "Status", "invalid ballot status '%s' (open, closed or fallen)",
				 v);
		goto done;
	}
	if ((rc = get_rule(&b->rule, r, "Rule", def_rule)) < 0)
		goto done;
	if (acc_record_get(r, "Quorum", &v) != ACC_ENOTFOUND &&
	    (rc = get_fraction(&b->quorum_num, &b->quorum_den, r, "Quorum")) < 0)
		goto done;
	if ((rc = opt_id(&b->fallen_by, r, "Fallen-By", "amendment")) < 0)
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
			rc = field_error(r, "Result", "invalid result '%s' (adopted or rejected)",
					 v);
			goto done;
		}
		for (i = 0; i < 4; i++) {
			if ((rc = acc_record_require(r, ck[i], &v)) < 0 ||
			    (rc = get_uint(c[i], r, ck[i], 0)) < 0)
				goto done;
			if (acc_record_get(r, wk[i], &v) == 0) {
				b->weighted = 1;
				if ((rc = get_uint(&u, r, wk[i], 0)) < 0)
					goto done;
				*w[i] = u;
			} else {
				*w[i] = *c[i];
			}
		}
		if ((rc = acc_record_require(r, "Quorum-Met", &v)) < 0)
			goto done;
		b->quorum_met = strcmp(v, "yes") == 0;
		if (roll_call && (i = acc_record_count(r, "Roll-Call")) > 0) {
			rc = load_roll_call(b, st, r, i);
			goto done;
		}
	}
	if (b->state != ACC_BALLOT_CLOSED && acc_record_count(r, "Roll-Call") > 0) {
		rc = field_error(r, "Roll-Call", "a roll-call in a ballot that is not closed");
		goto done;
	}
votes:
	rc = load_votes(b, st, src, vdir);
done:
	acc_record_free(r);
	free(path);
	free(vdir);
	return rc;
}

static const char *const amendment_keys[] = {"Clause",	  "Operation", "Sponsor", "Cosponsor",
					     "Amends",	  "Base",      "Heading", "New-Clause",
					     "Rationale", "Status",    NULL};

/* Loads amendments/<org>/<n>. */
static int load_amendment(acc_amendment *a, const acc_state *st, acc_source *src, const char *org,
			  const char *num)
{
	acc_record *r = NULL;
	char *dir = acc_sprintf("amendments/%s/%s", org, num), *path = NULL;
	const char *v;
	size_t i;
	int rc;

	if (!dir || !(path = acc_sprintf("%s/amendment", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (parse_uint(&a->seq, num) < 0 || a->seq == 0) {
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
	if ((rc = load_record(&r, src, path, 1, a->blob)) < 0 ||
	    (rc = acc_record_check_keys(r, amendment_keys)) < 0 ||
	    (rc = opt_id(&a->clause, r, "Clause", "clause")) < 0 ||
	    (rc = acc_record_require(r, "Clause", &v)) < 0 ||
	    (rc = acc_record_require(r, "Operation", &v)) < 0)
		goto done;
	if (acc_op_parse(&a->op, v) < 0) {
		rc = field_error(r, "Operation",
				 "unknown operation '%s' (replace, insert-after or delete)", v);
		goto done;
	}
	if ((rc = acc_record_require(r, "Sponsor", &v)) < 0)
		goto done;
	if (strcmp(v, org) != 0) {
		rc = field_error(r, "Sponsor", "sponsor '%s' does not own this folder", v);
		goto done;
	}
	for (i = 0; i < acc_record_count(r, "Cosponsor"); i++) {
		const char *co = acc_record_nth(r, "Cosponsor", i);

		if (!acc_state_org(st, co)) {
			rc = field_error(r, "Cosponsor", "unknown organisation '%s'", co);
			goto done;
		}
		if ((rc = acc_strlist_add(&a->cosponsors, co)) < 0)
			goto done;
	}
	if ((rc = opt_id(&a->amends, r, "Amends", "amendment")) < 0 ||
	    (rc = opt_id(&a->new_clause, r, "New-Clause", "clause")) < 0 ||
	    (rc = opt_str(&a->heading, r, "Heading")) < 0 ||
	    (rc = opt_str(&a->rationale, r, "Rationale")) < 0)
		goto done;
	if ((rc = acc_record_require(r, "Base", &v)) < 0)
		goto done;
	if (strlen(v) != ACC_OID_HEXLEN || strspn(v, "0123456789abcdef") != ACC_OID_HEXLEN) {
		rc = field_error(r, "Base", "invalid base '%s' (expected a blob id)", v);
		goto done;
	}
	memcpy(a->base, v, ACC_OID_HEXLEN + 1);
	rc = acc_record_get(r, "Status", &v);
	if (rc == 0) {
		if (strcmp(v, "withdrawn") != 0) {
			rc = field_error(r, "Status", "invalid status '%s' (only 'withdrawn')", v);
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
	/* a partial state recounts from votes/, the whole state reads the
	 * roll-call recorded at close */
	rc = load_ballot(&a->ballot, st, src, dir, st->conv.rule, st->conv.quorum_num,
			 st->conv.quorum_den, !st->partial);
done:
	acc_record_free(r);
	free(path);
	free(dir);
	return rc;
}

/* Loads every amendment, sorted by sponsor then number. */
static int load_amendments(acc_state *st, acc_source *src)
{
	acc_strlist orgs = ACC_STRLIST_INIT;
	size_t i, j, alloc = 0;
	int rc;

	if ((rc = src->list(src, "amendments", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count; i++) {
		acc_strlist nums = ACC_STRLIST_INIT;
		char *dir = acc_sprintf("amendments/%s", orgs.items[i]);
		unsigned *seqs = NULL;

		if (!dir || (rc = src->list(src, dir, &nums)) < 0) {
			acc_strlist_free(&nums);
			free(dir);
			rc = rc < 0 ? rc : ACC_ENOMEM;
			goto done;
		}
		free(dir);
		/* numeric order: 2 before 10 */
		if (nums.count && !(seqs = acc_calloc(nums.count, sizeof(unsigned)))) {
			acc_strlist_free(&nums);
			rc = ACC_ENOMEM;
			goto done;
		}
		for (j = 0; j < nums.count; j++)
			if (parse_uint(&seqs[j], nums.items[j]) < 0)
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
					rc = ACC_ENOMEM;
					goto done;
				}
				st->amendments = na;
			}
			memset(&st->amendments[st->namendments], 0, sizeof(acc_amendment));
			st->namendments++;
			rc = load_amendment(&st->amendments[st->namendments - 1], st, src,
					    orgs.items[i], nums.items[j]);
			if (rc < 0) {
				acc_strlist_free(&nums);
				goto done;
			}
		}
		acc_strlist_free(&nums);
	}
done:
	acc_strlist_free(&orgs);
	return rc;
}

/* Loads the ratification ballot, its votes and the signatures. */
static int load_ratification(acc_state *st, acc_source *src)
{
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc =
		 load_ballot(&st->ratification, st, src, "ratification", st->conv.ratification_rule,
			     st->conv.rat_quorum_num, st->conv.rat_quorum_den, !st->partial)) < 0)
		return rc;
	if ((rc = src->list(src, "ratification/signatures", &ids)) < 0 || !ids.count)
		goto done;
	if (!(st->signatures = acc_calloc(ids.count, sizeof(acc_signature)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count; i++) {
		static const char *const keys[] = {"Delegate", "Date", NULL};
		acc_signature *s = &st->signatures[st->nsignatures++];
		char *path = acc_sprintf("ratification/signatures/%s", ids.items[i]);
		acc_record *r = NULL;

		if (!path) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (!acc_state_org(st, ids.items[i]))
			rc = acc_error_set(ACC_EINVAL, "%s: signature of an unknown organisation",
					   path);
		else if ((rc = load_record(&r, src, path, 1, NULL)) == 0 &&
			 (rc = acc_record_check_keys(r, keys)) == 0 &&
			 (rc = req_str(&s->delegate, r, "Delegate")) == 0 &&
			 (rc = req_str(&s->date, r, "Date")) == 0)
			rc = (s->org = acc_strdup(ids.items[i])) ? 0 : ACC_ENOMEM;
		acc_record_free(r);
		free(path);
		if (rc < 0)
			goto done;
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Loads agenda/<clause> files (the chair's voting orders). */
static int load_agenda(acc_state *st, acc_source *src)
{
	static const char *const no_keys[] = {NULL};
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc, line;

	if ((rc = src->list(src, "agenda", &ids)) < 0 || !ids.count)
		goto done;
	if (!(st->agenda = acc_calloc(ids.count, sizeof(acc_strlist)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count; i++) {
		char *path = acc_path_agenda(ids.items[i]);
		acc_record *r = NULL;
		const char *p, *end;

		if (!path || (rc = acc_strlist_add(&st->agenda_clause, ids.items[i])) < 0) {
			free(path);
			rc = rc < 0 ? rc : ACC_ENOMEM;
			goto done;
		}
		if (!acc_id_valid(ids.items[i])) {
			acc_id_check(ids.items[i], "clause");
			rc = acc_error_prefix(ACC_EINVAL, "%s", path);
			free(path);
			goto done;
		}
		if ((rc = load_record(&r, src, path, 1, NULL)) == 0)
			rc = acc_record_check_keys(r, no_keys); /* a body of ids, no header */
		line = r ? r->body_line : 0;
		p = r ? r->body : "";
		for (end = p + (r ? r->body_len : 0); rc == 0 && p < end; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const acc_strlist *l = &st->agenda[i];

			if ((rc = acc_strlist_addn(&st->agenda[i], p, (size_t)(nl - p))) == 0 &&
			    !acc_id_valid(l->items[l->count - 1])) {
				acc_id_check(l->items[l->count - 1], "amendment");
				rc = acc_error_prefix(ACC_EINVAL, "%s:%d", path, line);
			}
			p = nl + 1;
		}
		free(path);
		acc_record_free(r);
		if (rc < 0)
			goto done;
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Derives each amendment's status from its records and the current text. */
static void derive_statuses(acc_state *st)
{
	size_t i;

	for (i = 0; i < st->namendments; i++) {
		acc_amendment *a = &st->amendments[i];

		if (a->withdrawn)
			a->status = ACC_ST_WITHDRAWN;
		else if (a->ballot.state == ACC_BALLOT_FALLEN)
			a->status = ACC_ST_FALLEN;
		else if (a->ballot.state == ACC_BALLOT_CLOSED)
			a->status = a->ballot.result == ACC_RESULT_ADOPTED ? ACC_ST_ADOPTED
									   : ACC_ST_REJECTED;
		else if (a->ballot.state == ACC_BALLOT_OPEN)
			a->status = ACC_ST_VOTING;
		else
			a->status = ACC_ST_TABLED;
	}
	/* second pass: staleness and sub-amendments whose parent is settled */
	for (i = 0; i < st->namendments; i++) {
		acc_amendment *a = &st->amendments[i];

		if (a->status != ACC_ST_TABLED)
			continue;
		if (a->amends) {
			const acc_amendment *p = acc_state_amendment(st, a->amends);

			if (!p || (p->status != ACC_ST_TABLED && p->status != ACC_ST_VOTING &&
				   p->status != ACC_ST_STALE))
				a->status = ACC_ST_FALLEN;
			else if (strcmp(p->blob, a->base) != 0)
				a->status = ACC_ST_STALE;
		} else if (a->op != ACC_OP_INSERT_AFTER) {
			const acc_clause *c = acc_state_clause(st, a->clause);

			if (!c)
				a->status = ACC_ST_FALLEN;
			else if (strcmp(c->blob, a->base) != 0 && c->blob[0])
				a->status = ACC_ST_STALE;
		} else if (!acc_state_clause(st, a->clause)) {
			a->status = ACC_ST_FALLEN;
		}
	}
}

/* Cross-checks references between amendments. */
static int check_amendments(const acc_state *st)
{
	size_t i;

	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i], *p;

		if (!a->amends)
			continue;
		p = acc_state_amendment(st, a->amends);
		if (!p)
			return acc_error_set(ACC_EINVAL,
					     "amendments/%s/%u/amendment: amends unknown '%s'",
					     a->sponsor, a->seq, a->amends);
		if (p->amends)
			return acc_error_set(ACC_EINVAL,
					     "amendments/%s/%u/amendment: '%s' is itself an "
					     "amendment to an amendment (one level only)",
					     a->sponsor, a->seq, a->amends);
	}
	return 0;
}

int acc_state_load(acc_state **out, acc_source *src)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	if ((rc = load_convention(st, src)) < 0 || (rc = load_clauses(st, src)) < 0 ||
	    (rc = load_orgs(st, src)) < 0 || (rc = load_amendments(st, src)) < 0 ||
	    (rc = build_order(&st->amendment_order, st->amendments, st->namendments,
			      sizeof(acc_amendment), offsetof(acc_amendment, id))) < 0 ||
	    (rc = check_amendments(st)) < 0 || (rc = load_ratification(st, src)) < 0 ||
	    (rc = load_agenda(st, src)) < 0) {
		acc_state_free(st);
		return rc;
	}
	derive_statuses(st);
	*out = st;
	return 0;
}

/* Adds amendment id to the partial state st when its file exists. */
static int part_amendment(acc_state *st, acc_source *src, const char *id)
{
	char *org = NULL, *path = NULL, *data = NULL, num[16];
	unsigned seq;
	size_t len;
	int rc;

	if (acc_state_amendment(st, id))
		return 0;
	if ((rc = acc_amendment_id_split(&org, &seq, id)) < 0) {
		if (rc != ACC_EINVAL)
			return rc;
		acc_error_clear(); /* not an amendment id: nothing to load */
		return 0;
	}
	snprintf(num, sizeof(num), "%u", seq);
	if (!acc_state_org(st, org)) {
		free(org);
		return 0;
	}
	if (!(path = acc_sprintf("amendments/%s/%s/amendment", org, num))) {
		free(org);
		return ACC_ENOMEM;
	}
	rc = src->read(src, path, &data, &len, NULL);
	free(data);
	free(path);
	if (rc == 0) {
		acc_amendment *a = &st->amendments[st->namendments++];

		memset(a, 0, sizeof(*a));
		rc = load_amendment(a, st, src, org, num);
		free(st->amendment_order);
		st->amendment_order = NULL;
		if (rc == 0)
			rc = build_order(&st->amendment_order, st->amendments, st->namendments,
					 sizeof(acc_amendment), offsetof(acc_amendment, id));
	} else if (rc == ACC_ENOTFOUND) {
		rc = 0;
	}
	free(org);
	return rc;
}

/* Adds clause id to the partial state st when its file exists. */
static int part_clause(acc_state *st, acc_source *src, const char *id)
{
	acc_clause *c;
	int rc;

	if (!id || acc_state_clause(st, id))
		return 0;
	c = &st->clauses[st->nclauses++];
	memset(c, 0, sizeof(*c));
	if (!(c->id = acc_strdup(id)))
		return ACC_ENOMEM;
	if (src->blob_id) {
		/* statuses need only the clause's blob id: its text is not read */
		char *path = acc_path_clause(id);

		rc = path ? src->blob_id(src, path, c->blob) : ACC_ENOMEM;
		free(path);
		if (rc == 0 && (!(c->heading = acc_strdup("")) || !(c->text = acc_strdup(""))))
			rc = ACC_ENOMEM;
	} else {
		rc = load_clause_file(c, src);
	}
	if (rc == ACC_ENOTFOUND) {
		free(c->id);
		st->nclauses--;
		return 0;
	}
	free(st->clause_order);
	st->clause_order = NULL;
	if (rc == 0)
		rc = build_order(&st->clause_order, st->clauses, st->nclauses, sizeof(acc_clause),
				 offsetof(acc_clause, id));
	return rc;
}

/* Copies a string that may be NULL (*ok cleared when out of memory). */
static char *dup_opt(const char *s, int *ok)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = acc_strdup(s)))
		*ok = 0;
	return d;
}

/* Copies the convention record and the registry of from into st (empty). */
static int copy_registry(acc_state *st, const acc_state *from)
{
	size_t i, j;
	int ok = 1;

	st->conv = from->conv;
	st->conv.title = dup_opt(from->conv.title, &ok);
	st->conv.short_title = dup_opt(from->conv.short_title, &ok);
	st->conv.language = dup_opt(from->conv.language, &ok);
	st->conv.chair = dup_opt(from->conv.chair, &ok);
	st->conv.preamble = dup_opt(from->conv.preamble, &ok);
	if (!ok)
		return ACC_ENOMEM;
	if (!from->norgs)
		return 0;
	if (!(st->orgs = acc_calloc(from->norgs, sizeof(acc_org))))
		return ACC_ENOMEM;
	for (i = 0; i < from->norgs && ok; i++) {
		const acc_org *f = &from->orgs[i];
		acc_org *o = &st->orgs[st->norgs++];

		*o = *f;
		o->id = dup_opt(f->id, &ok);
		o->name = dup_opt(f->name, &ok);
		o->type = dup_opt(f->type, &ok);
		o->description = dup_opt(f->description, &ok);
		o->delegates = NULL;
		o->ndelegates = 0;
		if (!ok || !f->ndelegates)
			continue;
		if (!(o->delegates = acc_calloc(f->ndelegates, sizeof(acc_delegate)))) {
			ok = 0;
			break;
		}
		for (j = 0; j < f->ndelegates && ok; j++) {
			acc_delegate *d = &o->delegates[o->ndelegates++];

			*d = f->delegates[j];
			d->name = dup_opt(f->delegates[j].name, &ok);
			d->email = dup_opt(f->delegates[j].email, &ok);
			d->key = dup_opt(f->delegates[j].key, &ok);
		}
	}
	return ok ? 0 : ACC_ENOMEM;
}

int acc_state_registry_copy(acc_state **out, const acc_state *from)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	st->partial = 1;
	if ((rc = copy_registry(st, from)) < 0) {
		acc_state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

int acc_state_load_part(acc_state **out, acc_source *src, const char *amendment)
{
	return acc_state_load_part_reg(out, src, amendment, NULL);
}

int acc_state_load_part_reg(acc_state **out, acc_source *src, const char *amendment,
			    const acc_state *reg)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	size_t i;
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	st->partial = 1;
	/* room for the amendment and its parent, and their clauses */
	if (!(st->amendments = acc_calloc(2, sizeof(acc_amendment))) ||
	    !(st->clauses = acc_calloc(2, sizeof(acc_clause)))) {
		rc = ACC_ENOMEM;
		goto fail;
	}
	if (reg)
		rc = copy_registry(st, reg);
	else if ((rc = load_convention(st, src)) == 0)
		rc = load_orgs(st, src);
	if (rc < 0)
		goto fail;
	if (amendment && strcmp(amendment, "ratification") != 0) {
		if ((rc = part_amendment(st, src, amendment)) < 0)
			goto fail;
		if (st->namendments && st->amendments[0].amends &&
		    (rc = part_amendment(st, src, st->amendments[0].amends)) < 0)
			goto fail;
		if (st->namendments == 2 && st->amendments[1].amends) {
			rc = acc_error_set(ACC_EINVAL,
					   "amendments/%s/%u/amendment: '%s' is itself an "
					   "amendment to an amendment (one level only)",
					   st->amendments[0].sponsor, st->amendments[0].seq,
					   st->amendments[0].amends);
			goto fail;
		}
		for (i = 0; i < st->namendments; i++)
			if ((rc = part_clause(st, src, st->amendments[i].clause)) < 0)
				goto fail;
	}
	if ((rc = load_ratification(st, src)) < 0)
		goto fail;
	derive_statuses(st);
	*out = st;
	return 0;
fail:
	acc_state_free(st);
	return rc;
}

/* Frees what a ballot owns. */
static void ballot_free(acc_ballot *b)
{
	size_t i;

	for (i = 0; i < b->nvotes; i++) {
		free(b->votes[i].org);
		free(b->votes[i].delegate);
	}
	free(b->votes);
	free(b->fallen_by);
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
	for (i = 0; i < st->nclauses; i++) {
		free(st->clauses[i].id);
		free(st->clauses[i].heading);
		free(st->clauses[i].text);
	}
	free(st->clauses);
	for (i = 0; i < st->norgs; i++) {
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
	for (i = 0; i < st->namendments; i++) {
		acc_amendment *a = &st->amendments[i];

		free(a->id);
		free(a->sponsor);
		free(a->clause);
		free(a->amends);
		free(a->new_clause);
		free(a->heading);
		free(a->rationale);
		free(a->text);
		acc_strlist_free(&a->cosponsors);
		ballot_free(&a->ballot);
	}
	free(st->amendments);
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

int acc_state_delegate(const acc_org **org, const acc_delegate **del, const acc_state *st,
		       const char *email)
{
	size_t i, j;

	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++)
			if (strcmp(st->orgs[i].delegates[j].email, email) == 0) {
				*org = &st->orgs[i];
				if (del)
					*del = &st->orgs[i].delegates[j];
				return 0;
			}
	return ACC_ENOTFOUND;
}

int acc_state_key_owner(const acc_org **org, const acc_delegate **del, const acc_state *st,
			const char *pub)
{
	size_t i, j;

	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++)
			if (st->orgs[i].delegates[j].key &&
			    strcmp(st->orgs[i].delegates[j].key, pub) == 0) {
				*org = &st->orgs[i];
				*del = &st->orgs[i].delegates[j];
				return 0;
			}
	return ACC_ENOTFOUND;
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

int acc_state_electorate(acc_ballot_entry **out, const acc_state *st, const acc_ballot *b)
{
	acc_ballot_entry *e = acc_calloc(st->norgs ? st->norgs : 1, sizeof(*e));
	size_t i, j;

	*out = NULL;
	if (!e)
		return ACC_ENOMEM;
	for (i = 0; i < st->norgs; i++) {
		e[i].role = st->orgs[i].role;
		e[i].weight = st->orgs[i].weight;
		e[i].vote = ACC_VOTE_NONE;
		for (j = 0; j < b->nvotes; j++)
			if (strcmp(b->votes[j].org, st->orgs[i].id) == 0)
				e[i].vote = b->votes[j].vote;
	}
	*out = e;
	return 0;
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

/* ---- one key, one delegate ------------------------------------------------ */

/* Refuses a registry that gives one key (its base64 blob) to two delegates. */
int acc_state_check_keys(const acc_state *st)
{
	size_t i, j, k, l;

	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++) {
			const acc_delegate *d = &st->orgs[i].delegates[j];

			if (!d->key)
				continue;
			for (k = 0; k <= i; k++)
				for (l = 0; l < (k == i ? j : st->orgs[k].ndelegates); l++) {
					const acc_delegate *e = &st->orgs[k].delegates[l];

					if (e->key &&
					    strcmp(strchr(e->key, ' '), strchr(d->key, ' ')) == 0)
						return acc_error_set(
						    ACC_EINVAL,
						    "orgs/%s:%d: the key of %s is already "
						    "registered to %s (%s): one key, one "
						    "delegate",
						    st->orgs[i].id, d->line, d->email, e->email,
						    st->orgs[k].id);
				}
		}
	return 0;
}
