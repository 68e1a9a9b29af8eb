/*
 * model structure: the shape of a text read from its line syntax (blocks,
 * labels, nesting, footnotes, the preamble's recitals), and the form keys
 * of the convention record (Levels, Annex, Done-At, Testimonium).  See
 * accord/structure.h.
 */
#include "accord/structure.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* 1 when [s, s+len) holds only spaces, tabs and carriage returns. */
static int blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* 1 when c may be part of a footnote ID. */
static int note_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

/* Length of the ID of a reference "[^ID]" at s (before end), or 0. */
static size_t note_id_len(const char *s, const char *end)
{
	size_t i;

	if (end - s < 4 || s[0] != '[' || s[1] != '^')
		return 0;
	for (i = 2; s + i < end && i < 19 && note_char(s[i]); i++)
		;
	return i > 2 && s + i < end && s[i] == ']' ? i - 2 : 0;
}

/* Length of the label at the start of s when a space follows, else 0. */
size_t acc_text_label(const char *s, size_t len)
{
	size_t i = 0;

	if (len && s[0] >= '0' && s[0] <= '9') {
		while (i < len && i < 6 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < len && (s[i] == '.' || s[i] == ')') && i + 1 < len && s[i + 1] == ' ')
			return i + 1;
		return 0;
	}
	if (len > 2 && s[0] == '(') {
		for (i = 1; i < len && i < 7; i++) {
			char c = s[i];

			if (c == ')')
				return i > 1 && i + 1 < len && s[i + 1] == ' ' ? i + 1 : 0;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9')))
				return 0;
		}
	}
	return 0;
}

/* 1 when a label is a point's ("(a)"), 0 for a numbered paragraph's. */
int acc_label_is_point(const char *label, size_t len)
{
	return label && len && label[0] == '(';
}

/* Splits text into its blocks. */
int acc_text_blocks(acc_block **out, size_t *n, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p);
	acc_block *b = NULL;
	size_t alloc = 0, i;
	int prev = -1;

	*out = NULL;
	*n = 0;
	while (p < end) {
		const char *start = NULL, *last = NULL, *s;
		size_t sp = 0, lab, id;
		acc_block *k;

		while (p < end) { /* one run of non-blank lines */
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *eol = nl ? nl : end;

			if (blank(p, (size_t)(eol - p))) {
				if (start)
					break;
			} else {
				if (!start)
					start = p;
				last = eol;
			}
			p = nl ? nl + 1 : end;
		}
		if (!start)
			break;
		if (*n == alloc) {
			acc_block *nb;

			alloc = alloc ? alloc * 2 : 16;
			if (!(nb = acc_realloc(b, alloc * sizeof(*nb)))) {
				free(b);
				return ACC_ENOMEM;
			}
			b = nb;
		}
		k = &b[(*n)++];
		memset(k, 0, sizeof(*k));
		while (start + sp < last && start[sp] == ' ')
			sp++;
		s = start + sp;
		id = note_id_len(s, last);
		if (id && s + id + 4 <= last && s[id + 3] == ':' && s[id + 4] == ' ') {
			k->note = 1;
			k->label = s + 2;
			k->label_len = id;
			k->text = s + id + 5;
			k->len = (size_t)(last - k->text);
			continue;
		}
		k->depth = (int)(sp / 2) > prev + 1 ? prev + 1 : (int)(sp / 2);
		prev = k->depth;
		lab = acc_text_label(s, (size_t)(last - s));
		if (lab) {
			k->label = s;
			k->label_len = lab;
			s += lab + 1;
		}
		k->text = s;
		k->len = (size_t)(last - s);
	}
	for (i = 0; i + 1 < *n; i++)
		b[i].nested = !b[i].note && !b[i + 1].note && b[i + 1].depth > b[i].depth;
	*out = b;
	return 0;
}

/* Finds the next footnote reference "[^ID]" in [s, end). */
const char *acc_text_note_ref(const char *s, const char *end, const char **id, size_t *id_len)
{
	for (; s && s + 3 < end; s++) {
		size_t l;

		if (*s != '[' || !(l = note_id_len(s, end)))
			continue;
		*id = s + 2;
		*id_len = l;
		return s;
	}
	return NULL;
}

/* The footnote definition of ID among blocks, or NULL. */
const acc_block *acc_blocks_note(const acc_block *b, size_t n, const char *id, size_t id_len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].note && b[i].label_len == id_len && memcmp(b[i].label, id, id_len) == 0)
			return &b[i];
	return NULL;
}

/* 1 when block i of n preamble blocks is the enacting formula. */
int acc_preamble_formula(const acc_block *b, size_t i, size_t n)
{
	return n > 1 && i == n - 1 && !b[i].note && b[i].len && b[i].text[b[i].len - 1] == ':';
}

/* What a clause is called. */
const char *acc_form_word(const acc_text_form *form, const acc_clause *cl)
{
	static const char *const words[] = {"Part", "Chapter", "Section", "Subsection"};

	if (cl->annex)
		return "Annex";
	if (!cl->container)
		return "Article";
	if (form && (size_t)cl->depth < form->levels.count)
		return form->levels.items[cl->depth];
	return words[cl->depth < 3 ? cl->depth : 3];
}

/* The English name of a language tag, or the tag. */
const char *acc_language_name(const char *tag)
{
	static const char *const names[][2] = {
	    {"ar", "Arabic"},	{"de", "German"},  {"en", "English"},	 {"es", "Spanish"},
	    {"fa", "Persian"},	{"fr", "French"},  {"hi", "Hindi"},	 {"it", "Italian"},
	    {"ja", "Japanese"}, {"nl", "Dutch"},   {"pt", "Portuguese"}, {"ru", "Russian"},
	    {"sw", "Swahili"},	{"tr", "Turkish"}, {"uk", "Ukrainian"},	 {"zh", "Chinese"}};
	size_t i, l = strcspn(tag, "-");

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i][0]) == l && strncmp(tag, names[i][0], l) == 0)
			return names[i][1];
	return tag;
}

/* Reads the form keys of the convention record r into c->form. */
int acc_model_load_form(acc_convention *c, const acc_record *r)
{
	acc_text_form *f = &c->form;
	const char *v;
	size_t i;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	if (acc_record_get(r, "Levels", &v) == 0) {
		while (*v && rc == 0) {
			size_t l = strcspn(v, " ");

			if (l >= 32)
				return acc_model_error_at(r, acc_record_line(r, "Levels"),
							  "a level name is longer than 31 bytes");
			if (l)
				rc = acc_strlist_addn(&f->levels, v, l);
			v += l;
			while (*v == ' ')
				v++;
		}
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < acc_record_count(r, "Annex"); i++) {
		v = acc_record_nth(r, "Annex", i);
		if (!acc_id_valid(v))
			return acc_model_error_at(r, acc_record_line(r, "Annex"),
						  "invalid clause id '%s'", v);
		if ((rc = acc_strlist_add(&f->annexes, v)) < 0)
			return rc;
	}
	if ((rc = acc_model_opt_str(&f->done_at, r, "Done-At")) < 0)
		return rc;
	return acc_model_opt_str(&f->testimonium, r, "Testimonium");
}

/* Copies list from into to (empty). */
static int copy_list(acc_strlist *to, const acc_strlist *from)
{
	size_t i;
	int rc = 0;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->count && rc == 0; i++)
		rc = acc_strlist_add(to, from->items[i]);
	return rc;
}

/* Copies the form of from into c (empty). */
int acc_model_form_copy(acc_convention *c, const acc_convention *from)
{
	const acc_text_form *g = &from->form;
	acc_text_form *f = &c->form;

	memset(f, 0, sizeof(*f));
	if (copy_list(&f->levels, &g->levels) < 0 || copy_list(&f->annexes, &g->annexes) < 0 ||
	    (g->done_at && !(f->done_at = acc_strdup(g->done_at))) ||
	    (g->testimonium && !(f->testimonium = acc_strdup(g->testimonium))))
		return ACC_ENOMEM;
	return 0;
}

/* Frees the form of c. */
void acc_model_form_free(acc_convention *c)
{
	acc_strlist_free(&c->form.levels);
	acc_strlist_free(&c->form.annexes);
	free(c->form.done_at);
	free(c->form.testimonium);
	memset(&c->form, 0, sizeof(c->form));
}
