/* model: the fields of a record, and the convention, toc, clause and
 * organisation records. */
#include "accord/model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/structure.h"
#include "internal.h"

/* Reads the file at path and parses it with parse; ACC_ENOTFOUND (with a
 * message when required) when absent. */
static int read_record(acc_record **out, acc_source *src, const char *path, int required, char *oid,
		       int (*parse)(acc_record **, const char *, size_t, const char *))
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
	rc = parse(out, data, len, path);
	free(data);
	return rc;
}

/* Reads and parses the record at path; ACC_ENOTFOUND (with a message when
 * required) when absent. */
int acc_model_record_load(acc_record **out, acc_source *src, const char *path, int required,
			  char *oid)
{
	return read_record(out, src, path, required, oid, acc_record_parse);
}

/* Fails with "<file>:<line>: <msg>" about line of r. */
int acc_model_error_at(const acc_record *r, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_error_set(ACC_EINVAL, "%s:%d: %s", r->file ? r->file : "<record>", line, msg);
}

/* Looks up optional field key of r: 1 with *v set when present, 0 when
 * absent, or an error. */
static int field_value(const char **v, const acc_record *r, const char *key)
{
	int rc = acc_record_get(r, key, v);

	if (rc == ACC_ENOTFOUND)
		return 0;
	return rc < 0 ? rc : 1;
}

/* Gets an optional single field as a new string (NULL when absent). */
int acc_model_opt_str(char **out, const acc_record *r, const char *key)
{
	const char *v;
	int rc = field_value(&v, r, key);

	*out = NULL;
	if (rc <= 0)
		return rc;
	return (*out = acc_strdup(v)) ? 0 : ACC_ENOMEM;
}

/* Gets a required single field as a new string. */
int acc_model_req_str(char **out, const acc_record *r, const char *key)
{
	const char *v;
	int rc = acc_record_require(r, key, &v);

	*out = NULL;
	if (rc < 0)
		return rc;
	return (*out = acc_strdup(v)) ? 0 : ACC_ENOMEM;
}

/* Gets an optional id field and validates it. */
int acc_model_opt_id(char **out, const acc_record *r, const char *key, const char *what)
{
	int rc = acc_model_opt_str(out, r, key);

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
int acc_model_get_rule(acc_rule *out, const acc_record *r, const char *key, acc_rule def)
{
	const char *v;
	int rc = field_value(&v, r, key);

	*out = def;
	if (rc <= 0)
		return rc;
	if (acc_rule_parse(out, v) < 0)
		return acc_model_error_at(r, acc_record_line(r, key),
					  "unknown rule '%s' (expected simple, two-thirds, "
					  "absolute, unanimity or consensus)",
					  v);
	return 0;
}

/* Gets a fraction field (default 0/1 when absent). */
int acc_model_get_fraction(unsigned *num, unsigned *den, const acc_record *r, const char *key)
{
	const char *v;
	int rc = field_value(&v, r, key);

	*num = 0;
	*den = 1;
	if (rc <= 0)
		return rc;
	if (acc_fraction_parse(num, den, v) < 0)
		return acc_model_error_at(r, acc_record_line(r, key),
					  "invalid fraction '%s' (expected e.g. 1/2)", v);
	return 0;
}

/* Gets an unsigned field (default def when absent). */
int acc_model_get_uint(unsigned *out, const acc_record *r, const char *key, unsigned def)
{
	const char *v;
	int rc = field_value(&v, r, key);

	*out = def;
	if (rc <= 0)
		return rc;
	if (strcmp(v, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (acc_model_uint_parse(out, v) < 0)
		return acc_model_error_at(r, acc_record_line(r, key), "invalid number '%s'", v);
	return 0;
}

static const char *const convention_keys[] = {"Title",
					      "Short-Title",
					      "Language",
					      "Languages",
					      "Authentic",
					      "Translators",
					      "Chair",
					      "Rule",
					      "Quorum",
					      "Ratification-Rule",
					      "Ratification-Quorum",
					      "Signatures",
					      "Format",
					      "Facilitator",
					      "Depositary",
					      "Depositary-Title",
					      "Signature-Months",
					      "Instruments",
					      "Entry-Into-Force-Instruments",
					      "Entry-Into-Force-Days",
					      "Later-Party-Days",
					      "Reservations",
					      "Declarations",
					      "Technology-Signatory-Type",
					      "Technology-Declaration-Days",
					      "Objection-Months",
					      "Withdrawal-Months",
					      "Levels",
					      "Annex",
					      "Done-At",
					      "Testimonium",
					      NULL};

/* Loads the convention record. */
int acc_model_load_convention(acc_state *st, acc_source *src)
{
	acc_convention *c = &st->conv;
	acc_record *r = NULL;
	const char *v;
	int rc;

	if ((rc = acc_model_record_load(&r, src, "convention", 1, c->blob)) < 0)
		return rc;
	if ((rc = acc_record_check_keys(r, convention_keys)) < 0 ||
	    (rc = acc_model_req_str(&c->title, r, "Title")) < 0 ||
	    (rc = acc_model_opt_str(&c->short_title, r, "Short-Title")) < 0 ||
	    (rc = acc_model_opt_str(&c->language, r, "Language")) < 0 ||
	    (rc = acc_model_req_str(&c->chair, r, "Chair")) < 0 ||
	    (rc = acc_model_get_rule(&c->rule, r, "Rule", ACC_RULE_SIMPLE)) < 0 ||
	    (rc = acc_model_get_fraction(&c->quorum_num, &c->quorum_den, r, "Quorum")) < 0 ||
	    (rc = acc_model_get_rule(&c->ratification_rule, r, "Ratification-Rule", c->rule)) < 0)
		goto done;
	if (acc_record_get(r, "Ratification-Quorum", &v) == ACC_ENOTFOUND) {
		c->rat_quorum_num = c->quorum_num;
		c->rat_quorum_den = c->quorum_den;
	} else if ((rc = acc_model_get_fraction(&c->rat_quorum_num, &c->rat_quorum_den, r,
						"Ratification-Quorum")) < 0) {
		goto done;
	}
	c->chair_line = acc_record_line(r, "Chair");
	for (size_t i = 0; i < acc_record_count(r, "Facilitator"); i++) {
		const char *f = acc_record_nth(r, "Facilitator", i);

		if (!acc_id_valid(f)) {
			rc = acc_model_error_at(r, acc_record_line(r, "Facilitator"),
						"invalid organisation id '%s'", f);
			goto done;
		}
		if ((rc = acc_strlist_add(&c->facilitators, f)) < 0)
			goto done;
	}
	if (!acc_id_valid(c->chair)) {
		rc = acc_model_error_at(r, acc_record_line(r, "Chair"),
					"invalid organisation id '%s'", c->chair);
		goto done;
	}
	rc = acc_record_get(r, "Signatures", &v);
	if (rc == 0) {
		if (strcmp(v, "required") == 0)
			c->signatures_required = 1;
		else if (strcmp(v, "optional") != 0) {
			rc = acc_model_error_at(r, acc_record_line(r, "Signatures"),
						"expected 'required' or 'optional', not '%s'", v);
			goto done;
		}
	} else if (rc != ACC_ENOTFOUND) {
		goto done;
	}
	rc = acc_record_get(r, "Format", &v);
	if (rc == 0 && strcmp(v, "1") != 0) {
		rc = acc_model_error_at(r, acc_record_line(r, "Format"),
					"unsupported format '%s' (this accord reads format 1)", v);
		goto done;
	} else if (rc != 0 && rc != ACC_ENOTFOUND) {
		goto done;
	}
	if (!c->language && !(c->language = acc_strdup("en"))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_model_load_final(c, r)) < 0 || (rc = acc_model_load_languages(c, r)) < 0 ||
	    (rc = acc_model_load_form(c, r)) < 0)
		goto done;
	if (!(c->preamble = acc_strdup(r->body))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = acc_model_unit_blobs(c);
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

/* Derives display numbers and names: parts (entries with children) get
 * roman numerals per level and the convention's name for their level,
 * annexes roman numerals of their own, other clauses arabic numbers
 * counted through the whole document. */
static void number_clauses(acc_clause *c, size_t n, const acc_text_form *form)
{
	unsigned parts[8] = {0}, article = 0, annex = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].container = i + 1 < n && c[i + 1].depth > c[i].depth;
		c[i].annex = c[i].depth == 0 && acc_strlist_find(&form->annexes, c[i].id) >= 0;
		if (c[i].annex) {
			roman(c[i].number, sizeof(c[i].number), ++annex);
		} else if (c[i].container) {
			int d;

			parts[c[i].depth]++;
			for (d = c[i].depth + 1; d < 8; d++)
				parts[d] = 0;
			roman(c[i].number, sizeof(c[i].number), parts[c[i].depth]);
		} else {
			snprintf(c[i].number, sizeof(c[i].number), "%u", ++article);
		}
		snprintf(c[i].word, sizeof(c[i].word), "%s", acc_form_word(form, &c[i]));
	}
}

/* Reads clauses/<c->id> into c (ACC_ENOTFOUND, no message, when absent). */
int acc_model_load_clause_file(acc_clause *c, acc_source *src)
{
	static const char *const keys[] = {"Heading", NULL};
	acc_record *r = NULL;
	char *path = acc_path_clause(c->id);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = acc_model_record_load(&r, src, path, 0, c->blob);
	free(path);
	if (rc == 0 && (rc = acc_record_check_keys(r, keys)) == 0 &&
	    (rc = acc_model_req_str(&c->heading, r, "Heading")) == 0)
		rc = (c->text = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
	acc_record_free(r);
	return rc;
}

/* Reads clauses/<c->id> into c, or copies it from old (a state whose
 * clause of that id was read from the same blob, when not NULL): a new toc
 * does not read again the two thousand files it did not change. */
static int load_clause_reuse(acc_clause *c, acc_source *src, const acc_state *old)
{
	const acc_clause *o = old ? acc_state_clause(old, c->id) : NULL;
	char *path, oid[ACC_OID_HEXLEN + 1];
	int rc;

	if (!o || !o->blob[0] || !src->blob_id)
		return acc_model_load_clause_file(c, src);
	if (!(path = acc_path_clause(c->id)))
		return ACC_ENOMEM;
	rc = src->blob_id(src, path, oid);
	free(path);
	if (rc < 0 || strcmp(oid, o->blob) != 0) {
		acc_error_clear();
		return acc_model_load_clause_file(c, src);
	}
	memcpy(c->blob, o->blob, sizeof(c->blob));
	if (!(c->heading = acc_strdup(o->heading)) || !(c->text = acc_strdup(o->text)))
		return ACC_ENOMEM;
	return 0;
}

/* Loads the toc and every clause in its order. */
int acc_model_load_clauses(acc_state *st, acc_source *src)
{
	return acc_model_load_clauses_reuse(st, src, NULL);
}

int acc_model_load_clauses_reuse(acc_state *st, acc_source *src, const acc_state *old)
{
	acc_record *toc = NULL;
	acc_strlist files = ACC_STRLIST_INIT;
	const char *p, *end;
	size_t alloc = 0, i;
	int line, rc;

	/* the toc has no header: a leading empty line is optional */
	if ((rc = read_record(&toc, src, "toc", 1, st->toc_blob, acc_record_parse_body)) < 0)
		return rc;
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
	number_clauses(st->clauses, st->nclauses, &st->conv.form);
	if ((rc = acc_model_order_build(&st->clause_order, st->clauses, st->nclauses,
					sizeof(acc_clause), offsetof(acc_clause, id))) < 0)
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

		rc = load_clause_reuse(c, src, old);
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
	if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) < 0 ||
	    (rc = acc_record_check_keys(r, org_keys)) < 0 ||
	    (rc = acc_model_req_str(&o->name, r, "Name")) < 0 ||
	    (rc = acc_model_opt_str(&o->type, r, "Type")) < 0 ||
	    (rc = acc_record_require(r, "Role", &v)) < 0)
		goto done;
	o->role_line = acc_record_line(r, "Role");
	if (acc_role_parse(&o->role, v) < 0) {
		rc =
		    acc_model_error_at(r, acc_record_line(r, "Role"),
				       "unknown role '%s' (expected member, chair or observer)", v);
		goto done;
	}
	if ((rc = acc_model_get_uint(&o->weight, r, "Weight", 1)) < 0)
		goto done;
	if (o->weight == 0 || o->weight > 1000000) {
		rc = acc_model_error_at(r, acc_record_line(r, "Weight"),
					"weight must be from 1 to 1000000%s", "");
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

/* One registered key, and where: for acc_state_check_keys. */
typedef struct {
	const char *key;
	size_t org, del;
} key_at;

/* Orders key_at by key, then by where (registry order). */
static int key_at_cmp(const void *a, const void *b)
{
	const key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	return x->del < y->del ? -1 : x->del > y->del;
}

/* The error names the later of the two Delegate: lines (sorting the keys:
 * a registry of hundreds of delegates is checked in n log n). */
int acc_state_check_keys(const acc_state *st)
{
	key_at *v;
	size_t i, j, n = 0;
	int rc = 0;

	for (i = 0; i < st->norgs; i++)
		n += st->orgs[i].ndelegates;
	if (!(v = acc_calloc(n ? n : 1, sizeof(*v))))
		return ACC_ENOMEM;
	n = 0;
	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++)
			if (st->orgs[i].delegates[j].key) {
				v[n].key = st->orgs[i].delegates[j].key;
				v[n].org = i;
				v[n++].del = j;
			}
	qsort(v, n, sizeof(*v), key_at_cmp);
	for (i = 1; i < n && rc == 0; i++)
		if (strcmp(v[i - 1].key, v[i].key) == 0) {
			const acc_org *o = &st->orgs[v[i].org], *p = &st->orgs[v[i - 1].org];

			rc = acc_error_set(ACC_EINVAL,
					   "orgs/%s:%d: the key of %s is already registered to %s "
					   "of %s (one key, one delegate)",
					   o->id, o->delegates[v[i].del].line,
					   o->delegates[v[i].del].email,
					   p->delegates[v[i - 1].del].email, p->id);
		}
	free(v);
	return rc;
}

/* Loads every organisation and checks the chair and delegate emails. */
int acc_model_load_orgs(acc_state *st, acc_source *src)
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
	rc = acc_state_check_keys(st);
done:
	acc_strlist_free(&ids);
	acc_strlist_free(&emails);
	return rc;
}
