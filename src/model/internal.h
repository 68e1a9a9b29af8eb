/* model: what the files of src/model share; private to src/model. */
#ifndef ACC_MODEL_INTERNAL_H
#define ACC_MODEL_INTERNAL_H

#include "accord/model.h"
#include "accord/record.h"
#include "accord/rules.h"

/* model.c: parses a positive decimal without sign or leading zeros. */
int acc_model_uint_parse(unsigned *out, const char *s);

/* model.c: builds the indices of n elements (of size bytes, with a char *id
 * at offset key) sorted by id, for binary search. */
int acc_model_order_build(size_t **out, const void *v, size_t n, size_t size, size_t key);

/* records.c: reads and parses the record at path; ACC_ENOTFOUND (with a
 * message when required) when absent. */
int acc_model_record_load(acc_record **out, acc_source *src, const char *path, int required,
			  char *oid);

/* rollcall.c: reads the Roll-Call and Elector lines of a closed ballot's
 * file (data, a header whose other lines parse) into b->votes and
 * b->electors as ballots.c's loader would: 0 when it read them all, 1 when
 * a line is not one it takes (b as it was: parse the record whole, which
 * says why), or ACC_ENOMEM. */
int acc_model_rolls_fast(acc_ballot *b, const acc_state *st, const char *data, size_t len);

/* rollcall.c: gives st its roll_strings (the one-pass roll-call reader
 * reads into a state that has them), and frees them. */
int acc_model_roll_strings_new(acc_state *st);
void acc_model_roll_strings_free(acc_roll_strings *p);

/* languages.c: the blob ids of c's title and preamble as texts. */
int acc_model_unit_blobs(acc_convention *c);

/* records.c: fails with "<file>:<line>: <msg>" about line of r. */
int acc_model_error_at(const acc_record *r, int line, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);

/* records.c: gets an optional single field as a new string (NULL when absent). */
int acc_model_opt_str(char **out, const acc_record *r, const char *key);

/* records.c: gets a required single field as a new string. */
int acc_model_req_str(char **out, const acc_record *r, const char *key);

/* records.c: gets an optional id field and validates it. */
int acc_model_opt_id(char **out, const acc_record *r, const char *key, const char *what);

/* records.c: gets a rule field (default def when absent). */
int acc_model_get_rule(acc_rule *out, const acc_record *r, const char *key, acc_rule def);

/* records.c: gets a fraction field (default 0/1 when absent). */
int acc_model_get_fraction(unsigned *num, unsigned *den, const acc_record *r, const char *key);

/* records.c: gets an unsigned field (default def when absent). */
int acc_model_get_uint(unsigned *out, const acc_record *r, const char *key, unsigned def);

/* languages.c: reads Languages, Authentic and Translators of the
 * convention record r into c (c->language already read). */
int acc_model_load_languages(acc_convention *c, const acc_record *r);

/* languages.c: copies the language lists of from into to. */
int acc_model_languages_copy(acc_convention *to, const acc_convention *from);

/* languages.c: frees the language lists of c. */
void acc_model_languages_free(acc_convention *c);

/* languages.c: loads every translations/<lang>/<clause>. */
int acc_model_load_translations(acc_state *st, acc_source *src);

/* languages.c: frees the translations of st. */
void acc_model_translations_free(acc_state *st);

/* structure.c: reads the Levels, Annex, Done-At and Testimonium keys of
 * the convention record r into c->form. */
int acc_model_load_form(acc_convention *c, const acc_record *r);
/* structure.c: copies the form of from into c (empty). */
int acc_model_form_copy(acc_convention *c, const acc_convention *from);
/* structure.c: frees the form of c. */
void acc_model_form_free(acc_convention *c);

/* records.c: loads the convention record. */
int acc_model_load_convention(acc_state *st, acc_source *src);

/* records.c: reads clauses/<c->id> into c (ACC_ENOTFOUND, no message, when absent). */
int acc_model_load_clause_file(acc_clause *c, acc_source *src);

/* records.c: loads the toc and every clause in its order. */
int acc_model_load_clauses(acc_state *st, acc_source *src);

/* records.c: the same, copying from old (not NULL) each clause whose file
 * has the blob it was read from there. */
int acc_model_load_clauses_reuse(acc_state *st, acc_source *src, const acc_state *old);

/* records.c: loads every organisation and checks the chair and delegate emails. */
int acc_model_load_orgs(acc_state *st, acc_source *src);

/* ballots.c: loads amendments/<org>/<num>. */
int acc_model_load_amendment(acc_amendment *a, const acc_state *st, acc_source *src,
			     const char *org, const char *num);

/* ballots.c: loads every amendment. */
int acc_model_load_amendments(acc_state *st, acc_source *src);

/* ballots.c: loads the ratification ballot, its votes and the signatures. */
int acc_model_load_ratification(acc_state *st, acc_source *src);
/* treaty.c: reads the final-clause keys of the convention record r into c. */
int acc_model_load_final(acc_convention *c, const acc_record *r);
/* treaty.c: loads st->treaty from the files of ratification/ (see accord/treaty.h). */
int acc_model_load_treaty(acc_state *st, acc_source *src);
/* treaty.c: frees st->treaty and the signatures' declarations. */
void acc_model_treaty_clear(acc_state *st);

/* ballots.c: reads the ids of agenda/<clause> into *out (ACC_ENOTFOUND,
 * with a message, when the file is absent). */
int acc_model_load_agenda_file(acc_strlist *out, acc_source *src, const char *clause);

/* ballots.c: loads agenda/<clause> files (the chair's voting orders). */
int acc_model_load_agenda(acc_state *st, acc_source *src);

/* load.c: derives the status of amendment i (see acc_state_load): its parent's
 * status must be derived first when the parent comes before it. */
void acc_model_derive_status(acc_state *st, size_t i);

/* load.c: checks what amendment i amends (a known amendment that amends nothing). */
int acc_model_check_amends(const acc_state *st, size_t i);

/* load.c: adds amendment id (with room in st->amendments) to a partial state
 * when its file exists. */
int acc_model_part_amendment(acc_state *st, acc_source *src, const char *id);

/* load.c: adds clause id (with room in st->clauses) to a partial state when
 * its file exists. */
int acc_model_part_clause(acc_state *st, acc_source *src, const char *id);

/* ballots.c: reads one vote record (path, cast by org) into v. */
int acc_model_load_vote(acc_vote_rec *v, const acc_state *st, acc_source *src, const char *path,
			const char *org);

/* brackets.c: loads every bracket under brackets/ (after the registry). */
int acc_model_load_brackets(acc_state *st, acc_source *src);

/* brackets.c: frees st's brackets. */
void acc_model_brackets_free(acc_state *st);

/* brackets.c: writes what acc_state_diff compares of st's brackets into b. */
void acc_model_dump_brackets(acc_buf *b, const acc_state *st);

/* model.c: frees what an amendment owns. */
void acc_model_amendment_clear(acc_amendment *a);

/* model.c: frees what a ballot owns. */
void acc_model_ballot_clear(acc_ballot *b);

/* model.c: drops the votes, electors, recorded votes and explanations of a
 * closed or fallen ballot, and marks it trimmed (acc_state_trim). */
void acc_model_ballot_trim(acc_ballot *b);

#endif
