/*
 * treaty: a convention's life after the vote on its text, as data (model
 * layer, src/model/treaty.c).
 *
 * The final clauses are keys of the convention record (acc_final_clauses,
 * held by value so that a state's convention record copies with one
 * assignment); what the parties did is in ratification/:
 *
 *   ratification/ballot                 the adoption ballot; "Adopted: DATE" when
 *                                       adopted under final clauses
 *   ratification/signatures/<o>         a signature (body: its declaration)
 *   ratification/reservations/<o>/<a>   o's reservation to article a (body: its text)
 *   ratification/objections/<o>/<r>/<a> o's objection to r's reservation to a
 *   ratification/instruments/<o>        o's instrument (Kind; body: its text)
 *   ratification/notifications/<n>      the depositary's n-th notification
 *
 * Dates are UTC: actions record "YYYY-MM-DDTHH:MM:SSZ" (their commit's
 * time, which verify checks), computed dates are days "YYYY-MM-DD".
 */
#ifndef ACCORD_TREATY_H
#define ACCORD_TREATY_H

#include <stddef.h>

#define ACC_FINAL_MAX 32

/* The instruments that express consent to be bound (bits of
 * acc_final_clauses.instruments). */
typedef enum {
	ACC_INSTR_RATIFICATION = 0,
	ACC_INSTR_ACCEPTANCE,
	ACC_INSTR_APPROVAL,
	ACC_INSTR_ACCESSION,
	ACC_INSTR_COUNT,
} acc_instr_kind;

/* What reservations a convention allows. */
typedef enum {
	ACC_RESV_ALL = 0,    /* to any article */
	ACC_RESV_NONE,	     /* none */
	ACC_RESV_ALL_EXCEPT, /* to any article but those listed */
	ACC_RESV_ONLY,	     /* only to the articles listed */
} acc_resv_policy;

/* When declarations may be made (bits of acc_final_clauses.declarations). */
#define ACC_DECL_SIGNATURE 1u
#define ACC_DECL_DEPOSIT   2u

/* The final clauses of a convention (keys of the convention record). */
typedef struct {
	int present; /* any final-clause key is in the record */
	char depositary[49];
	char depositary_title[256];
	unsigned signature_months; /* open for signature this long after adoption; 0: no end */
	unsigned instruments;	   /* bits 1 << acc_instr_kind */
	unsigned eif_instruments;  /* instruments needed for entry into force */
	unsigned eif_days;	   /* and the days after the last of them */
	unsigned later_days;	   /* days after its own deposit, for a later party */
	acc_resv_policy reservations;
	char resv_articles[ACC_FINAL_MAX][49];
	size_t nresv_articles;
	unsigned declarations; /* ACC_DECL_* bits */
	char tech_type[49];    /* organisations of this Type are technology signatories */
	unsigned tech_days;    /* their declaration: later of entry into force and deposit + this */
	char languages[ACC_FINAL_MAX][16];
	size_t nlanguages;
	unsigned objection_months; /* default 12 (VCLT art. 20(5)) */
	unsigned withdrawal_months;
} acc_final_clauses;

typedef struct {
	char *org, *article, *delegate, *date, *text;
	char *withdrawn; /* the date of its withdrawal, or NULL */
} acc_reservation;

typedef struct {
	char *org, *delegate, *date, *effective, *text; /* effective: a day */
} acc_denunciation;

typedef struct {
	char *org, *reserver, *article, *delegate, *date, *text;
	int precludes; /* precludes entry into force between the two */
} acc_objection;

typedef struct {
	char *org, *kind, *delegate, *date, *text;
} acc_instrument;

typedef struct {
	unsigned n;
	char *delegate, *date, *org, *kind, *deposited;
	unsigned count;		/* instruments counted, this one included */
	char *entry_into_force; /* of the convention (count == threshold) or for org, or NULL */
	char *text;
} acc_notification;

/* What the parties did (the files of ratification/ but the ballot). */
typedef struct {
	char *adopted; /* Adopted: of ratification/ballot, or NULL */
	acc_reservation *reservations;
	size_t nreservations;
	acc_objection *objections;
	size_t nobjections;
	acc_instrument *instruments; /* sorted by org */
	size_t ninstruments;
	acc_notification *notifications; /* by number */
	size_t nnotifications;
	acc_denunciation *denunciations; /* sorted by org */
	size_t ndenunciations;
} acc_treaty;

/* The name of an instrument kind ("ratification", ...). */
const char *acc_instr_name(acc_instr_kind k);
/* Parses an instrument kind; -1 when s names none. */
int acc_instr_parse(acc_instr_kind *out, const char *s);

/* Days since 1970-01-01 of the date at the start of s ("YYYY-MM-DD...");
 * -1 when s does not start with a valid date. */
long acc_date_days(const char *s);
/* Writes day (days since 1970-01-01) as "YYYY-MM-DD" into buf. */
void acc_date_format(char buf[16], long day);
/* The day months calendar months after day (the last day of the month
 * when it is shorter). */
long acc_date_add_months(long day, unsigned months);
/* Writes a time (seconds since the epoch) as "YYYY-MM-DDTHH:MM:SSZ". */
void acc_date_stamp(char buf[32], long long t);

/* ---- the status of the convention (as the UN Treaty Collection shows it) -- */

/* One organisation's row. Strings point into the state (valid while it
 * lives); dates are "YYYY-MM-DD" in the row's own buffers. */
typedef struct {
	const char *org, *name;
	char signed_on[16];	    /* "" when it has not signed */
	int subject;		    /* its signature is subject to ratification: 1, 0, -1 unknown */
	const char *instrument;	    /* kind, or NULL */
	char deposited[16];	    /* "" when none */
	int notified;		    /* the depositary acknowledged the deposit */
	int declaration;	    /* it made a declaration */
	int technology;		    /* a technology signatory */
	size_t reservations;	    /* how many (see acc_treaty.reservations) */
	size_t objections_made;	    /* to others' reservations */
	size_t objections_received; /* to its own */
	char in_force_from[16];	    /* "" when not (yet) known */
	int in_force;		    /* in force for it on the day asked about */
	char denounced[16];	    /* the day its withdrawal takes effect, "" when none */
} acc_treaty_row;

typedef struct {
	acc_treaty_row *rows; /* every organisation of the registry but observers, by id */
	size_t nrows;
	unsigned deposits, required; /* notified instruments, and the threshold */
	char entry_into_force[16];   /* "" until the threshold is reached */
	int in_force;		     /* on the day asked about */
	char adopted[16];	     /* "" when not adopted under final clauses */
	char signature_until[16];    /* last day of signature, "" when none */
} acc_treaty_status;

/* acc_treaty_status_get (the status on a day) is declared in accord/model.h,
 * after acc_state. */
void acc_treaty_status_free(acc_treaty_status *s);

#endif
