/* model: the final clauses of the convention record, and the records of
 * signatures' declarations, reservations, objections, instruments and the
 * depositary's notifications (see accord/treaty.h). */
#include "accord/treaty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accord/model.h"
#include "accord/record.h"
#include "internal.h"

static const char *const instr_names[ACC_INSTR_COUNT] = {"ratification", "acceptance", "approval",
							 "accession"};

/* The name of an instrument kind. */
const char *acc_instr_name(acc_instr_kind k)
{
	return (unsigned)k < ACC_INSTR_COUNT ? instr_names[k] : "?";
}

/* Parses an instrument kind; -1 when s names none. */
int acc_instr_parse(acc_instr_kind *out, const char *s)
{
	int i;

	for (i = 0; i < ACC_INSTR_COUNT; i++)
		if (s && strcmp(s, instr_names[i]) == 0) {
			*out = (acc_instr_kind)i;
			return 0;
		}
	return -1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The year, month and day of day (days since 1970-01-01). */
static void civil_from_days(long *y, unsigned *m, unsigned *d, long day)
{
	long z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* Days in month m of year y. */
static unsigned month_days(long y, unsigned m)
{
	static const unsigned n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

/* Days since the epoch of the date that starts s, or -1. */
long acc_date_days(const char *s)
{
	unsigned y, m, d;
	int i;

	if (!s)
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (unsigned)atoi(s);
	m = (unsigned)atoi(s + 5);
	d = (unsigned)atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	return days_from_civil(y, m, d);
}

/* Writes day as YYYY-MM-DD. */
void acc_date_format(char buf[16], long day)
{
	long y;
	unsigned m, d;

	civil_from_days(&y, &m, &d, day);
	snprintf(buf, 16, "%04ld-%02u-%02u", y, m % 100, d % 100);
}

/* The day months calendar months after day. */
long acc_date_add_months(long day, unsigned months)
{
	long y;
	unsigned m, d, mm;

	civil_from_days(&y, &m, &d, day);
	mm = m - 1 + months;
	y += mm / 12;
	m = mm % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return days_from_civil(y, m, d);
}

/* Writes t as YYYY-MM-DDTHH:MM:SSZ. */
void acc_date_stamp(char buf[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Copies the value of key into dst (size bytes), or fails naming the line. */
static int final_str(char *dst, size_t size, const acc_record *r, const char *key)
{
	const char *v;

	if (acc_record_get(r, key, &v) != 0)
		return 0;
	if (strlen(v) >= size)
		return acc_model_error_at(r, acc_record_line(r, key), "%s is too long", key);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Splits the words of value into list (at most ACC_FINAL_MAX of size
 * bytes each), checking each as an id when ids is set. */
static int final_words(char (*list)[49], size_t *n, const char *v, const acc_record *r,
		       const char *key)
{
	const char *p = v;

	*n = 0;
	while (*p) {
		size_t len;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " ");
		if (*n == ACC_FINAL_MAX || len >= 49)
			return acc_model_error_at(r, acc_record_line(r, key),
						  "%s lists too many or too long words", key);
		memcpy(list[*n], p, len);
		list[*n][len] = '\0';
		if (!acc_id_valid(list[*n]))
			return acc_model_error_at(r, acc_record_line(r, key),
						  "invalid word '%s' in %s", list[*n], key);
		(*n)++;
		p += len;
	}
	return 0;
}

/* Reads Reservations: none, all, all-except ARTICLE..., only ARTICLE.... */
static int final_reservations(acc_final_clauses *f, const acc_record *r)
{
	char words[ACC_FINAL_MAX][49];
	const char *v;
	size_t n, i;
	int rc;

	if (acc_record_get(r, "Reservations", &v) != 0)
		return 0;
	if ((rc = final_words(words, &n, v, r, "Reservations")) < 0)
		return rc;
	if (n == 1 && strcmp(words[0], "none") == 0)
		f->reservations = ACC_RESV_NONE;
	else if (n == 1 && strcmp(words[0], "all") == 0)
		f->reservations = ACC_RESV_ALL;
	else if (n > 1 && strcmp(words[0], "all-except") == 0)
		f->reservations = ACC_RESV_ALL_EXCEPT;
	else if (n > 1 && strcmp(words[0], "only") == 0)
		f->reservations = ACC_RESV_ONLY;
	else
		return acc_model_error_at(r, acc_record_line(r, "Reservations"),
					  "expected none, all, all-except ARTICLE... or only "
					  "ARTICLE..., not '%s'",
					  v);
	for (i = 1; i < n; i++)
		memcpy(f->resv_articles[f->nresv_articles++], words[i], 49);
	return 0;
}

/* Reads a list of kinds (Instruments, Declarations) into bits; names[k]
 * is bit k; "none" is no bit. */
static int final_bits(unsigned *bits, const acc_record *r, const char *key,
		      const char *const *names, size_t nnames)
{
	char words[ACC_FINAL_MAX][49];
	const char *v;
	size_t n, i, k;
	int rc;

	if (acc_record_get(r, key, &v) != 0)
		return 0;
	if ((rc = final_words(words, &n, v, r, key)) < 0)
		return rc;
	*bits = 0;
	for (i = 0; i < n; i++) {
		if (n == 1 && strcmp(words[i], "none") == 0)
			break;
		for (k = 0; k < nnames && strcmp(words[i], names[k]) != 0; k++)
			;
		if (k == nnames)
			return acc_model_error_at(r, acc_record_line(r, key), "unknown %s '%s'",
						  key, words[i]);
		*bits |= 1u << k;
	}
	return 0;
}

int acc_model_load_final(acc_convention *c, const acc_record *r)
{
	static const char *const final_keys[] = {"Depositary",
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
						 NULL};
	static const char *const decl_names[] = {"signature", "ratification"};
	acc_final_clauses *f = &c->final;
	const char *v;
	size_t i;
	int rc;

	memset(f, 0, sizeof(*f));
	for (i = 0; final_keys[i]; i++)
		if (acc_record_get(r, final_keys[i], &v) == 0)
			f->present = 1;
	f->instruments = (1u << ACC_INSTR_COUNT) - 1;
	f->declarations = ACC_DECL_SIGNATURE | ACC_DECL_DEPOSIT;
	if ((rc = final_str(f->depositary, sizeof(f->depositary), r, "Depositary")) < 0 ||
	    (rc = final_str(f->depositary_title, sizeof(f->depositary_title), r,
			    "Depositary-Title")) < 0 ||
	    (rc = final_str(f->tech_type, sizeof(f->tech_type), r, "Technology-Signatory-Type")) <
		0 ||
	    (rc = acc_model_get_uint(&f->signature_months, r, "Signature-Months", 0)) < 0 ||
	    (rc = acc_model_get_uint(&f->eif_instruments, r, "Entry-Into-Force-Instruments", 1)) <
		0 ||
	    (rc = acc_model_get_uint(&f->eif_days, r, "Entry-Into-Force-Days", 0)) < 0 ||
	    (rc = acc_model_get_uint(&f->later_days, r, "Later-Party-Days", f->eif_days)) < 0 ||
	    (rc = acc_model_get_uint(&f->tech_days, r, "Technology-Declaration-Days", 0)) < 0 ||
	    (rc = acc_model_get_uint(&f->objection_months, r, "Objection-Months", 12)) < 0 ||
	    (rc = acc_model_get_uint(&f->withdrawal_months, r, "Withdrawal-Months", 12)) < 0 ||
	    (rc = final_bits(&f->instruments, r, "Instruments", instr_names, ACC_INSTR_COUNT)) <
		0 ||
	    (rc = final_bits(&f->declarations, r, "Declarations", decl_names, 2)) < 0 ||
	    (rc = final_reservations(f, r)) < 0)
		return rc;
	if (!f->depositary[0])
		snprintf(f->depositary, sizeof(f->depositary), "%s", c->chair ? c->chair : "");
	else if (!acc_id_valid(f->depositary))
		return acc_model_error_at(r, acc_record_line(r, "Depositary"),
					  "invalid organisation id '%s'", f->depositary);
	if (f->eif_instruments == 0)
		return acc_model_error_at(r, acc_record_line(r, "Entry-Into-Force-Instruments"),
					  "at least one instrument is needed");
	/* the authentic languages are the convention's Authentic line (one
	 * key for translations and final clauses: src/model/languages.c) */
	if (acc_record_get(r, "Authentic", &v) == 0) {
		char words[ACC_FINAL_MAX][49];

		if ((rc = final_words(words, &f->nlanguages, v, r, "Authentic")) < 0)
			return rc;
		for (i = 0; i < f->nlanguages; i++) {
			if (strlen(words[i]) >= sizeof(f->languages[i]))
				return acc_model_error_at(r, acc_record_line(r, "Authentic"),
							  "invalid language '%s'", words[i]);
			memcpy(f->languages[i], words[i], strlen(words[i]) + 1);
		}
	} else if (c->language) {
		snprintf(f->languages[0], sizeof(f->languages[0]), "%s", c->language);
		f->nlanguages = 1;
	}
	return 0;
}

/* Reads optional "Key: yes|no" into *out (dflt when absent). */
static int yes_no(int *out, const acc_record *r, const char *key, int dflt)
{
	const char *v;

	*out = dflt;
	if (acc_record_get(r, key, &v) != 0)
		return 0;
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return acc_model_error_at(r, acc_record_line(r, key),
					  "expected yes or no, not '%s'", v);
	return 0;
}

/* Loads the record at path checked against keys into *r. */
static int load_checked(acc_record **r, acc_source *src, const char *path, const char *const *keys)
{
	acc_record *rec = NULL;
	int rc = acc_model_record_load(&rec, src, path, 1, NULL);

	*r = rec;
	if (rc == 0)
		rc = acc_record_check_keys(rec, keys);
	return rc;
}

/* Fails unless id names an organisation of st (what names the record). */
static int known_org(const acc_state *st, const char *path, const char *id)
{
	if (!acc_id_valid(id) || !acc_state_org(st, id))
		return acc_error_set(ACC_EINVAL, "%s: of an unknown organisation", path);
	return 0;
}

/* Loads ratification/reservations/<o>/<a>. */
static int load_reservations(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Delegate", "Date", "Withdrawn", NULL};
	acc_strlist orgs = ACC_STRLIST_INIT, arts = ACC_STRLIST_INIT;
	acc_treaty *t = &st->treaty;
	size_t i, j;
	int rc;

	if ((rc = src->list(src, "ratification/reservations", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count && rc == 0; i++) {
		char *dir = acc_sprintf("ratification/reservations/%s", orgs.items[i]);

		acc_strlist_free(&arts);
		if (!dir || (rc = src->list(src, dir, &arts)) < 0 ||
		    (rc = known_org(st, dir, orgs.items[i])) < 0) {
			rc = rc < 0 ? rc : ACC_ENOMEM;
			free(dir);
			goto done;
		}
		for (j = 0; j < arts.count && rc == 0; j++) {
			char *path = acc_sprintf("%s/%s", dir, arts.items[j]);
			acc_reservation *x, *nx;
			acc_record *r = NULL;

			nx = acc_realloc(t->reservations, (t->nreservations + 1) * sizeof(*nx));
			if (!path || !nx) {
				free(path);
				if (nx)
					t->reservations = nx;
				rc = ACC_ENOMEM;
				break;
			}
			t->reservations = nx;
			x = memset(&t->reservations[t->nreservations++], 0, sizeof(*x));
			if ((rc = load_checked(&r, src, path, keys)) == 0 &&
			    (rc = acc_model_req_str(&x->delegate, r, "Delegate")) == 0 &&
			    (rc = acc_model_req_str(&x->date, r, "Date")) == 0 &&
			    (rc = acc_model_opt_str(&x->withdrawn, r, "Withdrawn")) == 0)
				rc = (x->org = acc_strdup(orgs.items[i])) &&
					     (x->article = acc_strdup(arts.items[j])) &&
					     (x->text = acc_strdup(r->body))
					 ? 0
					 : ACC_ENOMEM;
			acc_record_free(r);
			free(path);
		}
		free(dir);
	}
done:
	acc_strlist_free(&orgs);
	acc_strlist_free(&arts);
	return rc;
}

/* Loads ratification/objections/<o>/<r>/<a>. */
static int load_objections(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Delegate", "Date", "Precludes-Entry-Into-Force", NULL};
	acc_strlist orgs = ACC_STRLIST_INIT, rs = ACC_STRLIST_INIT, arts = ACC_STRLIST_INIT;
	acc_treaty *t = &st->treaty;
	size_t i, j, k;
	int rc;

	if ((rc = src->list(src, "ratification/objections", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count && rc == 0; i++) {
		char *dir = acc_sprintf("ratification/objections/%s", orgs.items[i]);

		acc_strlist_free(&rs);
		if (!dir || (rc = src->list(src, dir, &rs)) < 0 ||
		    (rc = known_org(st, dir, orgs.items[i])) < 0) {
			rc = rc < 0 ? rc : ACC_ENOMEM;
			free(dir);
			goto done;
		}
		for (j = 0; j < rs.count && rc == 0; j++) {
			char *sub = acc_sprintf("%s/%s", dir, rs.items[j]);

			acc_strlist_free(&arts);
			if (!sub || (rc = src->list(src, sub, &arts)) < 0) {
				rc = rc < 0 ? rc : ACC_ENOMEM;
				free(sub);
				break;
			}
			for (k = 0; k < arts.count && rc == 0; k++) {
				char *path = acc_sprintf("%s/%s", sub, arts.items[k]);
				acc_objection *x, *nx;
				acc_record *r = NULL;

				nx = acc_realloc(t->objections, (t->nobjections + 1) * sizeof(*nx));
				if (nx)
					t->objections = nx;
				if (!path || !nx) {
					free(path);
					rc = ACC_ENOMEM;
					break;
				}
				x = memset(&t->objections[t->nobjections++], 0, sizeof(*x));
				if ((rc = load_checked(&r, src, path, keys)) == 0 &&
				    (rc = acc_model_req_str(&x->delegate, r, "Delegate")) == 0 &&
				    (rc = acc_model_req_str(&x->date, r, "Date")) == 0 &&
				    (rc = yes_no(&x->precludes, r, "Precludes-Entry-Into-Force",
						 0)) == 0)
					rc = (x->org = acc_strdup(orgs.items[i])) &&
						     (x->reserver = acc_strdup(rs.items[j])) &&
						     (x->article = acc_strdup(arts.items[k])) &&
						     (x->text = acc_strdup(r->body))
						 ? 0
						 : ACC_ENOMEM;
				acc_record_free(r);
				free(path);
			}
			free(sub);
		}
		free(dir);
	}
done:
	acc_strlist_free(&orgs);
	acc_strlist_free(&rs);
	acc_strlist_free(&arts);
	return rc;
}

/* Loads ratification/instruments/<o>. */
static int load_instruments(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Kind", "Delegate", "Date", NULL};
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_treaty *t = &st->treaty;
	size_t i;
	int rc;

	if ((rc = src->list(src, "ratification/instruments", &ids)) < 0 || !ids.count)
		goto done;
	if (!(t->instruments = acc_calloc(ids.count, sizeof(acc_instrument)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count && rc == 0; i++) {
		acc_instrument *x = &t->instruments[t->ninstruments++];
		char *path = acc_sprintf("ratification/instruments/%s", ids.items[i]);
		acc_instr_kind k;
		acc_record *r = NULL;

		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		if ((rc = known_org(st, path, ids.items[i])) == 0 &&
		    (rc = load_checked(&r, src, path, keys)) == 0 &&
		    (rc = acc_model_req_str(&x->kind, r, "Kind")) == 0 &&
		    (rc = acc_model_req_str(&x->delegate, r, "Delegate")) == 0 &&
		    (rc = acc_model_req_str(&x->date, r, "Date")) == 0) {
			if (acc_instr_parse(&k, x->kind) < 0)
				rc = acc_model_error_at(r, acc_record_line(r, "Kind"),
							"unknown instrument '%s'", x->kind);
			else
				rc = (x->org = acc_strdup(ids.items[i])) &&
					     (x->text = acc_strdup(r->body))
					 ? 0
					 : ACC_ENOMEM;
		}
		acc_record_free(r);
		free(path);
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Loads ratification/notifications/<n>, n = 1, 2, ... without gaps. */
static int load_notifications(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Delegate",	"Date",	 "Organisation",     "Instrument",
					   "Deposited", "Count", "Entry-Into-Force", NULL};
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_treaty *t = &st->treaty;
	size_t i;
	int rc;

	if ((rc = src->list(src, "ratification/notifications", &ids)) < 0 || !ids.count)
		goto done;
	if (!(t->notifications = acc_calloc(ids.count, sizeof(acc_notification)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count && rc == 0; i++) {
		char *path = acc_sprintf("ratification/notifications/%zu", i + 1);
		acc_notification *x = &t->notifications[t->nnotifications++];
		acc_record *r = NULL;

		x->n = (unsigned)(i + 1);
		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		if (acc_strlist_find(&ids, path + strlen("ratification/notifications/")) < 0)
			rc =
			    acc_error_set(ACC_EINVAL,
					  "ratification/notifications: notification %zu is missing "
					  "(numbered 1, 2, ...)",
					  i + 1);
		else if ((rc = load_checked(&r, src, path, keys)) == 0 &&
			 (rc = acc_model_req_str(&x->delegate, r, "Delegate")) == 0 &&
			 (rc = acc_model_req_str(&x->date, r, "Date")) == 0 &&
			 (rc = acc_model_req_str(&x->org, r, "Organisation")) == 0 &&
			 (rc = acc_model_req_str(&x->kind, r, "Instrument")) == 0 &&
			 (rc = acc_model_req_str(&x->deposited, r, "Deposited")) == 0 &&
			 (rc = acc_model_get_uint(&x->count, r, "Count", 0)) == 0 &&
			 (rc = acc_model_opt_str(&x->entry_into_force, r, "Entry-Into-Force")) == 0)
			rc = (x->text = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
		acc_record_free(r);
		free(path);
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Loads ratification/denunciations/<o>. */
static int load_denunciations(acc_state *st, acc_source *src)
{
	static const char *const keys[] = {"Delegate", "Date", "Effective", NULL};
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_treaty *t = &st->treaty;
	size_t i;
	int rc;

	if ((rc = src->list(src, "ratification/denunciations", &ids)) < 0 || !ids.count)
		goto done;
	if (!(t->denunciations = acc_calloc(ids.count, sizeof(acc_denunciation)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count && rc == 0; i++) {
		acc_denunciation *x = &t->denunciations[t->ndenunciations++];
		char *path = acc_sprintf("ratification/denunciations/%s", ids.items[i]);
		acc_record *r = NULL;

		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		if ((rc = known_org(st, path, ids.items[i])) == 0 &&
		    (rc = load_checked(&r, src, path, keys)) == 0 &&
		    (rc = acc_model_req_str(&x->delegate, r, "Delegate")) == 0 &&
		    (rc = acc_model_req_str(&x->date, r, "Date")) == 0 &&
		    (rc = acc_model_req_str(&x->effective, r, "Effective")) == 0)
			rc = (x->org = acc_strdup(ids.items[i])) && (x->text = acc_strdup(r->body))
				 ? 0
				 : ACC_ENOMEM;
		acc_record_free(r);
		free(path);
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

int acc_model_load_treaty(acc_state *st, acc_source *src)
{
	acc_record *r = NULL;
	const char *v;
	int rc = acc_model_record_load(&r, src, "ratification/ballot", 0, NULL);

	if (rc == 0 && acc_record_get(r, "Adopted", &v) == 0 &&
	    !(st->treaty.adopted = acc_strdup(v)))
		rc = ACC_ENOMEM;
	acc_record_free(r);
	if (rc == ACC_ENOTFOUND)
		rc = 0;
	if (rc == 0)
		rc = load_reservations(st, src);
	if (rc == 0)
		rc = load_objections(st, src);
	if (rc == 0)
		rc = load_instruments(st, src);
	if (rc == 0)
		rc = load_notifications(st, src);
	if (rc == 0)
		rc = load_denunciations(st, src);
	return rc;
}

void acc_model_treaty_clear(acc_state *st)
{
	acc_treaty *t = &st->treaty;
	size_t i;

	for (i = 0; i < st->nsignatures; i++) {
		free(st->signatures[i].declaration);
		st->signatures[i].declaration = NULL;
	}
	free(t->adopted);
	for (i = 0; i < t->nreservations; i++) {
		acc_reservation *x = &t->reservations[i];

		free(x->org), free(x->article), free(x->delegate), free(x->date), free(x->text);
		free(x->withdrawn);
	}
	free(t->reservations);
	for (i = 0; i < t->ndenunciations; i++) {
		acc_denunciation *x = &t->denunciations[i];

		free(x->org), free(x->delegate), free(x->date), free(x->effective), free(x->text);
	}
	free(t->denunciations);
	for (i = 0; i < t->nobjections; i++) {
		acc_objection *x = &t->objections[i];

		free(x->org), free(x->reserver), free(x->article), free(x->delegate);
		free(x->date), free(x->text);
	}
	free(t->objections);
	for (i = 0; i < t->ninstruments; i++) {
		acc_instrument *x = &t->instruments[i];

		free(x->org), free(x->kind), free(x->delegate), free(x->date), free(x->text);
	}
	free(t->instruments);
	for (i = 0; i < t->nnotifications; i++) {
		acc_notification *x = &t->notifications[i];

		free(x->delegate), free(x->date), free(x->org), free(x->kind), free(x->deposited);
		free(x->entry_into_force), free(x->text);
	}
	free(t->notifications);
	memset(t, 0, sizeof(*t));
}

/* Copies the day of a stamp (its first ten bytes) into buf, or "". */
static void day_of(char buf[16], const char *stamp)
{
	long d = acc_date_days(stamp);

	buf[0] = '\0';
	if (d >= 0)
		acc_date_format(buf, d);
}

int acc_treaty_status_get(acc_treaty_status *out, const acc_state *st, long day)
{
	const acc_final_clauses *f = &st->conv.final;
	const acc_treaty *t = &st->treaty;
	long eif = -1;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	out->required = f->eif_instruments;
	out->deposits = (unsigned)t->nnotifications;
	if (t->nnotifications >= f->eif_instruments && f->eif_instruments)
		eif = acc_date_days(t->notifications[f->eif_instruments - 1].entry_into_force);
	if (eif >= 0) {
		acc_date_format(out->entry_into_force, eif);
		out->in_force = day >= eif;
	}
	if (t->adopted) {
		day_of(out->adopted, t->adopted);
		if (f->signature_months && acc_date_days(t->adopted) >= 0)
			acc_date_format(
			    out->signature_until,
			    acc_date_add_months(acc_date_days(t->adopted), f->signature_months) -
				1);
	}
	if (st->norgs && !(out->rows = acc_calloc(st->norgs, sizeof(*out->rows))))
		return ACC_ENOMEM;
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];
		acc_treaty_row *r;
		long from = -1;

		if (o->role == ACC_ROLE_OBSERVER)
			continue;
		r = &out->rows[out->nrows++];
		r->org = o->id;
		r->name = o->name;
		r->subject = -1;
		r->technology = f->tech_type[0] && o->type && strcmp(o->type, f->tech_type) == 0;
		for (j = 0; j < st->nsignatures; j++)
			if (strcmp(st->signatures[j].org, o->id) == 0) {
				day_of(r->signed_on, st->signatures[j].date);
				r->subject = st->signatures[j].subject;
				r->declaration = st->signatures[j].declaration &&
						 st->signatures[j].declaration[0];
			}
		for (j = 0; j < t->ninstruments; j++)
			if (strcmp(t->instruments[j].org, o->id) == 0) {
				r->instrument = t->instruments[j].kind;
				day_of(r->deposited, t->instruments[j].date);
			}
		for (j = 0; j < t->nreservations; j++)
			r->reservations += strcmp(t->reservations[j].org, o->id) == 0 &&
					   !t->reservations[j].withdrawn;
		for (j = 0; j < t->nobjections; j++) {
			r->objections_made += strcmp(t->objections[j].org, o->id) == 0;
			r->objections_received += strcmp(t->objections[j].reserver, o->id) == 0;
		}
		for (j = 0; j < t->nnotifications && eif >= 0; j++)
			if (strcmp(t->notifications[j].org, o->id) == 0) {
				r->notified = 1;
				from = t->notifications[j].count <= f->eif_instruments
					   ? eif
					   : acc_date_days(t->notifications[j].entry_into_force);
			}
		if (eif >= 0 && r->technology && r->signed_on[0]) {
			long own = acc_date_days(r->signed_on) + (long)f->tech_days;

			from = own > eif ? own : eif;
		}
		for (j = 0; j < t->nnotifications && eif < 0; j++)
			r->notified |= strcmp(t->notifications[j].org, o->id) == 0;
		if (from >= 0) {
			acc_date_format(r->in_force_from, from);
			r->in_force = day >= from;
		}
		for (j = 0; j < t->ndenunciations; j++)
			if (strcmp(t->denunciations[j].org, o->id) == 0) {
				snprintf(r->denounced, sizeof(r->denounced), "%.10s",
					 t->denunciations[j].effective);
				if (day >= acc_date_days(r->denounced))
					r->in_force = 0;
			}
	}
	return 0;
}

void acc_treaty_status_free(acc_treaty_status *s)
{
	if (!s)
		return;
	free(s->rows);
	memset(s, 0, sizeof(*s));
}
