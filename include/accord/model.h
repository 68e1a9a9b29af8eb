/*
 * model: the convention as data, and how it is laid out in a tree.
 *
 * The state of a convention is a pure function of one git tree.  This
 * module knows the layout (which file holds what), parses and validates
 * each record with file and line in every error, and derives what is not
 * stored (display numbers, amendment statuses, voting order).  It reads
 * files through an acc_source, so the same code loads a proposal folder
 * from disk and a commit from the repository.
 *
 * Layout of a convention tree:
 *
 *   convention                      title, rules, chair, signature policy; body: preamble
 *   toc                             clause ids in order, two spaces per level of nesting
 *   clauses/<id>                    Heading; body: the text
 *   orgs/<id>                       Name, Type, Role, Weight, Delegate...
 *   agenda/<clause>                 the chair's voting order for a clause (body: ids)
 *   amendments/<org>/<n>/amendment  written by the sponsor <org>: the proposal
 *   amendments/<org>/<n>/ballot     written by the chair: open, closed (tally, roll-call) or fallen
 *   amendments/<org>/<n>/votes/<o>  written by organisation <o>: its vote
 *   ratification/ballot             the final ballot on the whole text
 *   ratification/votes/<o>          votes on it
 *   ratification/signatures/<o>     signatures of the ratified text
 *
 * Amendment ids are "<sponsor-org>-<n>", n counting that sponsor's
 * amendments: unique across clones without coordination between
 * organisations, since each organisation numbers only its own.
 */
#ifndef ACCORD_MODEL_H
#define ACCORD_MODEL_H

#include <stddef.h>

#include "accord/rules.h"
#include "accord/treaty.h"
#include "accord/util.h"

#define ACC_ID_MAX     48
#define ACC_OID_HEXLEN 40

/* ---- ids and emails -------------------------------------------------- */

/* 1 when s is an id: 1..ACC_ID_MAX bytes of [a-z0-9-], starting with a
 * letter or digit, not ending in '-', no "--". */
int acc_id_valid(const char *s);
/* 0, or ACC_EINVAL with "invalid <what> id '<s>' (...)" (s shown safely). */
int acc_id_check(const char *s, const char *what);
/* 1 when s is a plain email: local@domain, ASCII, no spaces, quotes,
 * commas, wildcards or leading dash, at most 254 bytes. */
int acc_email_valid(const char *s);

/* ---- a reader of files ------------------------------------------------ */

typedef struct acc_source acc_source;
struct acc_source {
	/* Reads the file at path.  ACC_ENOTFOUND (no message) when absent.
	 * oid (may be NULL) receives the git blob id when the source knows
	 * it, else "". */
	int (*read)(acc_source *src, const char *path, char **data, size_t *len,
		    char oid[ACC_OID_HEXLEN + 1]);
	/* Lists the entry names of a directory, sorted bytewise; an absent
	 * directory lists nothing. */
	int (*list)(acc_source *src, const char *dir, acc_strlist *names);
	/* Optional (may be NULL): the git blob id of the file at path without
	 * reading it; ACC_ENOTFOUND (no message) when absent. */
	int (*blob_id)(acc_source *src, const char *path, char oid[ACC_OID_HEXLEN + 1]);
	/* Optional (may be NULL): the names kept by memo_put for the folder
	 * dir as it is now (same content) under tag; ACC_ENOTFOUND (no
	 * message) when none are kept. */
	int (*memo_get)(acc_source *src, const char *dir, const char *tag, acc_strlist *names);
	/* Optional (may be NULL): keeps names for the folder dir as it is now
	 * under tag, for memo_get (best effort: nothing kept is no error). */
	void (*memo_put)(acc_source *src, const char *dir, const char *tag,
			 const acc_strlist *names);
	void (*free)(acc_source *src);
	void *ctx;
};

/* A source over a folder of files (a proposal). */
int acc_source_dir(acc_source **out, const char *root);
void acc_source_free(acc_source *src);

/* ---- the convention --------------------------------------------------- */

/* The form of the text (src/model/structure.c): what the convention record
 * says about the shape of its text beyond the toc. */
typedef struct {
	acc_strlist levels;  /* Levels: the names of container levels, by depth */
	acc_strlist annexes; /* Annex lines: the top-level clauses that are annexes */
	char *done_at;	     /* Done-At: the place of the final block (NULL: none) */
	char *testimonium;   /* Testimonium: "In witness whereof..." (NULL: none) */
} acc_text_form;

typedef struct {
	char *title, *short_title, *language, *chair, *preamble;
	acc_rule rule, ratification_rule;
	unsigned quorum_num, quorum_den;
	unsigned rat_quorum_num, rat_quorum_den;
	int signatures_required;
	int chair_line; /* line of Chair: in the convention record */
	/* Facilitator lines: organisations that may table compromise texts
	 * besides the chair (accord propose --supersedes) */
	acc_strlist facilitators;
	acc_final_clauses final; /* its final clauses (accord/treaty.h) */
	/* languages (src/model/languages.c): every language of the text, the
	 * authentic ones, and the organisations that may enter translations
	 * (empty: the chair); the negotiation language is `language` */
	acc_strlist languages, authentic, translators;
	acc_text_form form; /* levels, annexes, final block */
	/* the git blob id of the convention record ("" when its source does
	 * not know it), and those of its title ("<Title>\n") and preamble (its
	 * body) as texts: what their translations record as their base */
	char blob[ACC_OID_HEXLEN + 1];
	char title_blob[ACC_OID_HEXLEN + 1], preamble_blob[ACC_OID_HEXLEN + 1];
} acc_convention;

typedef struct {
	char *id;
	int depth;     /* 0 for top level */
	int container; /* has children: numbered as a part */
	char number[24];
	char *heading;
	char *text; /* body, "" for a part */
	char blob[ACC_OID_HEXLEN + 1];
	int toc_line;  /* line of its entry in the toc (0 when unknown) */
	int annex;     /* named by an Annex line of the convention: numbered apart */
	char word[32]; /* what it is called: "Article", a level name, "Annex" ("": unknown) */
} acc_clause;

typedef struct {
	char *name, *email, *key; /* key: "ssh-ed25519 AAAA..." or NULL */
	int line;		  /* line of its Delegate: field */
} acc_delegate;

typedef struct {
	char *id, *name, *type, *description;
	acc_role role;
	unsigned weight;
	acc_delegate *delegates;
	size_t ndelegates;
	int role_line; /* line of Role: in its record */
} acc_org;

typedef enum {
	ACC_OP_REPLACE = 0,
	ACC_OP_INSERT_AFTER,
	ACC_OP_DELETE,
} acc_amend_op;

typedef enum {
	ACC_ST_TABLED = 0,
	ACC_ST_VOTING,
	ACC_ST_ADOPTED,
	ACC_ST_REJECTED,
	ACC_ST_WITHDRAWN,
	ACC_ST_FALLEN,
	ACC_ST_STALE,
} acc_status;

/* (the pointers first: 24 bytes, not 32, a million of them at the full
 * preset's export) */
typedef struct {
	char *org;
	char *delegate; /* email of who cast it (a recorded vote: the chair's
			 * delegate who recorded it) */
	acc_vote vote;
	int recorded; /* 1: recorded by the chair, not signed by org */
} acc_vote_rec;

/* An organisation's answer to the chair's record of its vote. */
typedef enum {
	ACC_RESPONSE_NONE = 0,
	ACC_RESPONSE_CONFIRMED,
	ACC_RESPONSE_CONTESTED,
} acc_response;

/* One line of the roll-call recorded by the chair ("Recorded: <org>
 * <vote>" in <ballot dir>/recorded), with what the organisation said of it
 * in its own file responses/<org> for this round. */
typedef struct {
	char *org;
	acc_vote vote; /* ACC_VOTE_NONE: recorded absent */
	acc_response response;
	char *reason;	/* a contest's text, or NULL */
	int overridden; /* the organisation's own signed vote outranks it */
} acc_recorded_vote;

/* An organisation's explanation of its vote (explanations/<org>). */
typedef struct {
	char *org, *delegate, *text;
} acc_explanation;

/* An organisation that may vote on a ballot, and its weight, as recorded
 * when the ballot opened ("Elector: <org> <weight>"). */
typedef struct {
	char *org;
	unsigned weight;
} acc_elector;

typedef enum {
	ACC_BALLOT_NONE = 0,
	ACC_BALLOT_OPEN,
	ACC_BALLOT_CLOSED,
	ACC_BALLOT_FALLEN,
} acc_ballot_state;

typedef struct {
	acc_ballot_state state;
	acc_rule rule;
	unsigned quorum_num, quorum_den;
	/* the electorate recorded at opening, sorted by org (has_electorate 0:
	 * an older ballot without one, counted against the registry) */
	acc_elector *electors;
	size_t nelectors;
	int has_electorate;
	/* recorded at close */
	acc_result result;
	unsigned yes, no, abstain, absent;
	unsigned long w_yes, w_no, w_abstain, w_absent;
	int weighted, quorum_met;
	char *fallen_by;
	/* the votes that count: the organisations' own (signed) votes, and
	 * the chair's record of the others; in organisation id order */
	acc_vote_rec *votes;
	size_t nvotes;
	/* 1: the ballot owns none of its votes' and electors' strings (a
	 * closed ballot's roll-call read in one pass, src/model/rollcall.c):
	 * each org is its organisation's st->orgs[i].id, each delegate kept in
	 * st->roll_strings; both arrays are then in st->orgs order */
	int roll_shared;
	/* the roll-call recorded by the chair (round 0: none) */
	acc_recorded_vote *recorded;
	size_t nrecorded;
	unsigned round;
	char *recorder; /* the chair's delegate who recorded it */
	acc_explanation *explanations;
	size_t nexplanations;
	/* the adoption ballot on the negotiation-language text only: that
	 * language (Negotiation-Language-Only), else NULL */
	char *lang_only;
	/* closed, and its votes, electorate, recorded votes and explanations
	 * dropped from a followed state (acc_state_trim): counts and result stand */
	int trimmed;
} acc_ballot;

typedef struct {
	char *id, *sponsor, *clause, *amends, *new_clause, *heading, *rationale;
	unsigned seq;
	acc_amend_op op;
	/* the organisations that consented: each through its own file
	 * cosponsors/<org> (accord cosponsor), and, in repositories written
	 * before invitations, the Cosponsor lines of the amendment file */
	acc_strlist cosponsors;
	acc_strlist invited;	       /* Invited lines: asked by the sponsor to co-sponsor */
	acc_strlist cosponsor_lines;   /* the old Cosponsor lines alone (rewritten as read) */
	acc_strlist supersedes;	       /* a compromise text: the amendments it supersedes */
	char base[ACC_OID_HEXLEN + 1]; /* blob drafted against */
	char blob[ACC_OID_HEXLEN + 1]; /* blob of the amendment file itself */
	char *text;		       /* proposed text ("" for delete) */
	int withdrawn;
	acc_ballot ballot;
	acc_status status; /* derived */
} acc_amendment;

typedef struct {
	char *org, *delegate, *date;
	char *declaration; /* its body ("" when none) */
	int subject;	   /* subject to ratification: 1, 0, or -1 when not recorded */
} acc_signature;

/* A clause's text in another language, and the exact source it translates.
 * The convention's title and preamble translate too: their clause is
 * "title" or "preamble" (acc_tr_unit), their heading "". */
typedef struct {
	char *lang, *clause, *heading, *text, *by; /* by: the organisation that entered it */
	char base[ACC_OID_HEXLEN + 1];		   /* blob of clauses/<clause> translated */
	char blob[ACC_OID_HEXLEN + 1];		   /* blob of the translation file */
	/* the title and the preamble: the convention record they were read
	 * from (its blob), so the source can be shown again; "" for a clause */
	char convention[ACC_OID_HEXLEN + 1];
} acc_translation;

/* Strings a state's ballots point at instead of owning (src/model/rollcall.c). */
typedef struct acc_roll_strings acc_roll_strings;

typedef struct {
	acc_convention conv;
	acc_clause *clauses; /* in table-of-contents order */
	size_t nclauses;
	acc_org *orgs; /* sorted by id */
	size_t norgs;
	acc_amendment *amendments; /* sorted by sponsor then number */
	size_t namendments;
	acc_ballot ratification;
	acc_signature *signatures;
	size_t nsignatures;
	acc_treaty treaty; /* reservations, objections, instruments, notifications */
	/* chair's voting orders: agenda_clause[i] lists agenda[i] */
	acc_strlist agenda_clause;
	acc_strlist *agenda;
	char toc_blob[ACC_OID_HEXLEN + 1];
	/* bracketed text (accord/bracket.h), sorted by org then number; not
	 * loaded in a partial state */
	struct acc_bracket *brackets;
	size_t nbrackets;
	/* closed ballots are trimmed as they are read (acc_state_trim) */
	int trim_closed;
	/* 1: loaded by acc_state_load_summary (the adopted amendments alone,
	 * their closed ballots without roll-call and electorate); 2: by
	 * acc_state_load_ballots (the amendments with a ballot held) */
	int summary;
	/* lookups: indices of clauses and amendments sorted by id */
	size_t *clause_order, *amendment_order;
	/* translations/<lang>/<clause>, sorted by language then clause */
	acc_translation *translations;
	size_t ntranslations;
	/* only some clauses and amendments: 1 loaded by acc_state_load_part
	 * (every ballot recounted from its votes/, as actions and verify
	 * need), 2 by acc_state_load_clause (a view's: a closed ballot read
	 * from the roll-call recorded at close, as the whole state reads it) */
	int partial;
	/* 1: orgs, their delegates and all their strings are one allocation
	 * (a registry copied into a partial state: never in a snapshot) */
	int orgs_block;
	/* the commit it was read from ("" for a proposal folder) */
	char commit[ACC_OID_HEXLEN + 1];
	/* the delegates of the closed ballots read in one pass (roll_shared),
	 * each kept once; owned by the state, freed with it (NULL: none read
	 * so; an export's state, src/model/rollcall.c) */
	acc_roll_strings *roll_strings;
} acc_state;

/*
 * Loads and validates the whole convention from src.  Every problem is an
 * ACC_EINVAL error "<path>:<line>: <what>".  Checks: every record's keys,
 * ids, the toc against clauses/ (each exactly once), one chair matching
 * the convention record, unique delegate emails, amendments and votes
 * referring to known organisations and clauses.  Derives display numbers
 * and statuses.
 */
int acc_state_load(acc_state **out, acc_source *src);
/*
 * Loads what one action on one ballot reads, not the whole convention: the
 * convention record, the registry, the ratification ballot, and (when
 * amendment is an amendment id) that amendment with its ballot and votes,
 * the amendment it amends, and the clauses they target.  Statuses of the
 * loaded amendments are derived as acc_state_load would.  Numbers, the
 * agenda and every other clause and amendment are absent, and when src
 * knows blob ids the loaded clauses have their blob id but an empty
 * heading and text (st->partial is set): reading the state of a convention of a million votes costs
 * what one ballot costs.  An unknown amendment id is simply not loaded.
 */
int acc_state_load_part(acc_state **out, acc_source *src, const char *amendment);
/* The same, with the convention record and the registry copied from reg
 * (a state loaded from a tree with the same convention file and orgs/
 * folder) instead of read and parsed again: the store keeps the last one,
 * which makes an action at scale cost its ballot, not 200 registry files. */
int acc_state_load_part_reg(acc_state **out, acc_source *src, const char *amendment,
			    const acc_state *reg);
/* What the view of one clause (clause NULL: of the amendments listed
 * only, without a clause's text and voting order) reads, not the whole
 * convention: the
 * convention record and the registry (copied from reg when not NULL), the
 * clause with its text, the amendments listed (in that order, which should
 * be the state's: by sponsor then number) with their ballots and votes and
 * the amendments they amend, the chair's voting order of the clause, the
 * brackets and the ratification; statuses derived as acc_state_load
 * would.  Other clauses and amendments are absent (st->partial is set). */
int acc_state_load_clause(acc_state **out, acc_source *src, const char *clause,
			  const acc_strlist *amendments, const acc_state *reg);
/* A partial state holding a copy of from's convention record and registry
 * only (for acc_state_load_part_reg). */
int acc_state_registry_copy(acc_state **out, const acc_state *from);
void acc_state_free(acc_state *st);

/*
 * Following a history (src/model/apply.c).  acc_state_apply updates st, the
 * whole state of a commit, to the tree src reads, given changed, the paths
 * that differ between the two trees (acc_store_changed_paths): it reads
 * only the changed records (the changed votes of an open ballot, the
 * changed amendment folders, clauses, agenda or ratification; the whole
 * tree when the convention record or the registry changed) and derives
 * again only the statuses that can move, so that the result equals
 * acc_state_load of the new tree.  On error (the new tree is not valid)
 * st is only fit for acc_state_free.
 */
int acc_state_apply(acc_state *st, acc_source *src, const acc_strlist *changed);
/*
 * What replaying the action of a commit reads of its tree, next to the
 * state before it: a partial state (see acc_state_load_part) sharing
 * before's convention record and registry (when changed does not touch
 * them), with the first amendment whose own record or ballot changed (its
 * parent and their clauses; not one where only votes changed, since a
 * vote's replay reads nothing of the tree after it), and the agenda and
 * ratification when they changed (of the agenda, the files that changed).  before must outlive
 * it; free it with acc_state_view_free(view, before).
 */
int acc_state_view(acc_state **out, acc_source *src, const acc_state *before,
		   const acc_strlist *changed);
void acc_state_view_free(acc_state *view, const acc_state *before);
/*
 * Verify's memory at design scale (src/model/apply.c).  acc_state_trim
 * drops, from every closed or fallen ballot of st (with changed not NULL:
 * of the amendments whose folders the changed paths touch), its votes,
 * electorate, recorded votes and explanations, keeping the counts and the
 * result that statuses read, and marks it trimmed.  acc_state_trimmed is 1
 * when an amendment whose folder changed touches is trimmed, and
 * acc_state_untrim reads those again from src (the tree st follows), so
 * that a replay of the change sees the whole ballot.
 */
void acc_state_trim(acc_state *st, const acc_strlist *changed);
/* acc_state_load, trimming each closed ballot as soon as it is read (so
 * that a design-scale state never holds every roll-call at once); the
 * state keeps doing so when a change makes acc_state_apply read it whole. */
int acc_state_load_trimmed(acc_state **out, acc_source *src);
/* acc_state_load for a reader of the adopted text and its summary record
 * (the md, txt, html and pdf exports): only the amendments a closed ballot
 * adopted are read (st->amendments holds them alone, not cross-checked),
 * and such a ballot without a recorded roll-call is read without its
 * Roll-Call and Elector lines (votes and electors empty; figures, result,
 * explanations kept), so the design-scale state costs the ballot records,
 * not 20,000 amendments and a million votes.  Every other record is read
 * and checked as acc_state_load does. */
int acc_state_load_summary(acc_state **out, acc_source *src);
/* acc_state_load for a reader of the ballots held (the akn and csv
 * exports): only the amendments with a ballot open or closed are read
 * (not cross-checked), their ballots whole. */
int acc_state_load_ballots(acc_state **out, acc_source *src);
int acc_state_trimmed(const acc_state *st, const acc_strlist *changed);
int acc_state_untrim(acc_state *st, acc_source *src, const acc_strlist *changed);
/* The first difference between what two states hold (records, derived
 * numbers and statuses, lookups) as "<line of a> <> <line of b>" in *what
 * (malloc'd), or *what NULL when they are the same: for tests. */
int acc_state_diff(char **what, const acc_state *a, const acc_state *b);

const acc_clause *acc_state_clause(const acc_state *st, const char *id);

/* ---- languages and translations (src/model/languages.c) --------------- */

/* Whether s is a language tag accord accepts (en, zh, zh-Hant, es-419). */
int acc_lang_valid(const char *s);
/* Whether lang is one of c's languages; one of its authentic ones; whether
 * org may enter translations (the Translators, else the chair). */
int acc_conv_has_language(const acc_convention *c, const char *lang);
int acc_conv_is_authentic(const acc_convention *c, const char *lang);
int acc_conv_may_translate(const acc_convention *c, const char *org);

/* Where a clause stands in a language. */
typedef enum {
	ACC_TR_CURRENT = 0, /* translates the clause's current text */
	ACC_TR_STALE,	    /* translates an older text */
	ACC_TR_MISSING,	    /* not translated */
} acc_tr_status;

/* What a translation addresses besides clauses: the convention's title
 * and its preamble, named so in translations/<lang>/ and on the command
 * line (a clause with either id cannot be translated). */
typedef enum { ACC_TR_CLAUSE = 0, ACC_TR_TITLE, ACC_TR_PREAMBLE } acc_tr_unit_kind;
acc_tr_unit_kind acc_tr_unit(const char *id);
/* The source a translation of id translates now: the git blob id its base
 * must equal, the heading ("" for the title and preamble) and the text
 * (the title without its newline).  ACC_ENOTFOUND (no message) when id
 * is neither a clause of st nor the title or preamble. */
int acc_tr_source(const char **blob, const char **heading, const char **text, const acc_state *st,
		  const char *id);

/* The translation of clause into lang, or NULL. */
const acc_translation *acc_state_translation(const acc_state *st, const char *lang,
					     const char *clause);
acc_tr_status acc_translation_status(const acc_state *st, const char *lang, const char *clause);
/* "current", "stale" or "missing". */
const char *acc_tr_status_name(acc_tr_status s);
/* The English name of a language tag (Arabic, Chinese...), else the tag. */
const char *acc_lang_name(const char *tag);
/* What the record says of the texts not yet established, one sentence
 * (malloc'd), or *out NULL when nothing: an adoption ballot on the
 * negotiation-language text only ("adopted in English only; the other
 * authentic texts are not yet established"); else, when missing, the
 * authentic languages some of whose translations do not exist, with how
 * many of the title, preamble and clauses they lack. */
int acc_texts_note(char **out, const acc_state *st, int missing);
long acc_state_clause_index(const acc_state *st, const char *id);
const acc_org *acc_state_org(const acc_state *st, const char *id);
const acc_amendment *acc_state_amendment(const acc_state *st, const char *id);
/* The organisation and delegate that own email, or ACC_ENOTFOUND. */
int acc_state_delegate(const acc_org **org, const acc_delegate **del, const acc_state *st,
		       const char *email);

/* One key, one delegate: ACC_EINVAL (naming both delegates) when a
 * public key is registered twice in st's registry, for two delegates of
 * one organisation or of two.  Part of loading a registry, so a proposal,
 * a new convention and every tree verify reads are refused with it. */
int acc_state_check_keys(const acc_state *st);

/* The organisation and delegate whose registered key is pub ("type
 * base64"), or ACC_ENOTFOUND. */
int acc_state_key_owner(const acc_org **org, const acc_delegate **del, const acc_state *st,
			const char *pub);

/* The effective proposed text of an amendment: the text of its adopted
 * sub-amendment when there is one, else its own. */
const char *acc_amendment_effective_text(const acc_state *st, const acc_amendment *a);

/* Builds the electorate of a ballot for the rules engine (*n entries), each
 * with its vote in b (or none): the electors recorded when b opened, all
 * members with their recorded weights; for an older ballot without them,
 * one entry per organisation of the registry (sorted as st->orgs) with its
 * role and weight.  *out is malloc'd (caller frees). */
int acc_state_electorate(acc_ballot_entry **out, size_t *n, const acc_state *st,
			 const acc_ballot *b);
/* The elector org of b's recorded electorate, or NULL (also when b has no
 * recorded electorate). */
const acc_elector *acc_ballot_elector(const acc_ballot *b, const char *org);
/* 1 when org counts in b: an elector of its recorded electorate, or (an
 * older ballot) a member of st's registry; *weight receives its weight. */
int acc_ballot_counts(unsigned *weight, const acc_state *st, const acc_ballot *b, const char *org);
/* Counts the votes of b's electorate that the chair recorded (*recorded)
 * and that the organisations signed (*signed_votes). */
void acc_ballot_sources(unsigned *recorded, unsigned *signed_votes, const acc_state *st,
			const acc_ballot *b);
/* The chair's recorded vote of org in b, or NULL. */
const acc_recorded_vote *acc_ballot_recorded(const acc_ballot *b, const char *org);
/* The number of recorded votes of b that are contested and not outranked
 * by the organisation's own vote; *first receives the first's org. */
size_t acc_ballot_contested(const char **first, const acc_ballot *b);

/* Names used in records and output. */
const char *acc_status_name(acc_status s);
/* "open", "closed", "fallen" or "not opened". */
const char *acc_ballot_state_name(acc_ballot_state s);
int acc_status_parse(acc_status *out, const char *name);
const char *acc_op_name(acc_amend_op op); /* replace insert-after delete */
int acc_op_parse(acc_amend_op *out, const char *name);

/* Paths of the layout (malloc'd). */
char *acc_path_clause(const char *id);
char *acc_path_org(const char *id);
char *acc_path_amendment_dir(const char *sponsor, unsigned seq);
char *acc_path_agenda(const char *clause);
/* Splits "<org>-<n>" (ACC_EINVAL when not an amendment id). */
int acc_amendment_id_split(char **org, unsigned *seq, const char *id);

/* Renders a quorum fraction as "1/2" (or "0" for none) into buf. */
void acc_fraction_format(char *buf, size_t size, unsigned num, unsigned den);
/* Parses "1/2", "0.5", "2/3", "0" into an exact fraction. */
int acc_fraction_parse(unsigned *num, unsigned *den, const char *s);

/* Record text of a toc built from st's clauses (ids indented by depth). */
int acc_toc_write(acc_buf *out, const acc_clause *clauses, size_t n);

/* The status of st's convention after the adoption on day (days since
 * the epoch; src/model/treaty.c).  Free with acc_treaty_status_free. */
int acc_treaty_status_get(acc_treaty_status *out, const acc_state *st, long day);

#endif
