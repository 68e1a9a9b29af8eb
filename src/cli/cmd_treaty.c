/* cli: after the adoption: accord sign, object, deposit, notify and
 * treaty (the status of the convention). */
#include "accord/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accord/json.h"
#include "accord/model.h"
#include "accord/ops.h"
#include "accord/record.h"
#include "out.h"

#define TEXT_MAX (ACC_RECORD_MAX_SIZE / 2)

/* accord sign [--declaration-file F] [--reservation ARTICLE --text-file F]... */
int acc_cmd_sign(acc_cli *c, int argc, char **argv)
{
	const char *arts[64];
	char *texts[64] = {NULL}, *decl = NULL;
	size_t lens[64] = {0}, n = 0, k, dlen = 0;
	acc_sign_args a = {0};
	acc_oid_hex commit;
	int rc = 0;

	(void)argc, (void)argv;
	for (k = 0; k < c->nopts && rc == 0; k++) {
		const char *arg = c->opts[k].arg;

		if (c->opts[k].opt == 'd') {
			free(decl);
			decl = NULL;
			if ((rc = acc_file_read(&decl, &dlen, arg, TEXT_MAX)) < 0)
				rc = out_fail(c, rc);
		} else if (c->opts[k].opt == 'r') {
			if (n == 64) {
				rc = out_usage(c, "too many reservations");
			} else if (acc_id_check(arg, "article") < 0) {
				rc = out_fail(c, ACC_EUSAGE);
			} else {
				arts[n++] = arg;
			}
		} else if (c->opts[k].opt == 't') {
			if (!n || texts[n - 1])
				rc = out_usage(c, "--text-file follows the --reservation it gives "
						  "the text of");
			else if ((rc = acc_file_read(&texts[n - 1], &lens[n - 1], arg, TEXT_MAX)) <
				 0)
				rc = out_fail(c, rc);
		}
	}
	for (k = 0; k < n && rc == 0; k++)
		if (!texts[k])
			rc = out_usage(c, "the reservation to %s needs --text-file FILE", arts[k]);
	if (rc == 0) {
		a.declaration = decl;
		a.decl_len = dlen;
		a.nreservations = n;
		a.articles = arts;
		a.texts = (const char *const *)texts;
		a.text_lens = lens;
		if ((rc = acc_ops_sign_with(commit, c->ctx, &a)) < 0)
			rc = out_fail(c, rc);
		else
			out_printf(c, "signed (%.12s)\n", commit);
	}
	for (k = 0; k < n; k++)
		free(texts[k]);
	free(decl);
	return rc;
}

/* The text of --text-file among the options (*text NULL when none); an
 * exit status, or -1 to go on. */
static int text_opt(acc_cli *c, char **text, size_t *len)
{
	size_t k;
	int rc;

	*text = NULL;
	*len = 0;
	for (k = 0; k < c->nopts; k++)
		if (c->opts[k].opt == 't') {
			free(*text);
			*text = NULL;
			if ((rc = acc_file_read(text, len, c->opts[k].arg, TEXT_MAX)) < 0)
				return out_fail(c, rc);
		}
	return -1;
}

/* accord object ORG:ARTICLE [--text-file F] [--precludes-entry-into-force] */
int acc_cmd_object(acc_cli *c, int argc, char **argv)
{
	char *res = NULL, *colon, *text = NULL;
	size_t len, k;
	acc_oid_hex commit;
	int rc, precludes = 0;

	(void)argc;
	for (k = 0; k < c->nopts; k++)
		precludes |= c->opts[k].opt == 'p';
	if (!(colon = strchr(argv[optind], ':')))
		return out_usage(c, "a reservation is ORG:ARTICLE, e.g. astoria:scope");
	if ((rc = text_opt(c, &text, &len)) >= 0)
		return rc;
	if (!(res = acc_strdup(argv[optind]))) {
		free(text);
		return out_fail(c, ACC_ENOMEM);
	}
	res[colon - argv[optind]] = '\0';
	rc = acc_ops_object(commit, c->ctx, res, res + (colon - argv[optind]) + 1, text, len,
			    precludes);
	if (rc < 0)
		rc = out_fail(c, rc);
	else
		out_printf(c, "objected to the reservation of %s (%.12s)\n", argv[optind], commit);
	free(res);
	free(text);
	return rc;
}

/* accord deposit KIND [--text-file F] */
int acc_cmd_deposit(acc_cli *c, int argc, char **argv)
{
	char *text = NULL;
	size_t len;
	acc_instr_kind k;
	acc_oid_hex commit;
	int rc;

	(void)argc;
	if (acc_instr_parse(&k, argv[optind]) < 0)
		return out_usage(
		    c,
		    "an instrument is ratification, acceptance, approval or accession, "
		    "not '%s'",
		    argv[optind]);
	if ((rc = text_opt(c, &text, &len)) >= 0)
		return rc;
	if ((rc = acc_ops_deposit(commit, c->ctx, argv[optind], text, len)) < 0)
		rc = out_fail(c, rc);
	else
		out_printf(c, "deposited an instrument of %s (%.12s)\n", argv[optind], commit);
	free(text);
	return rc;
}

/* accord notify ORG */
int acc_cmd_notify(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	char *tag = NULL;
	int rc;

	(void)argc;
	if ((rc = acc_ops_notify(commit, &tag, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(c, "notified the deposit of %s (%.12s)\n", argv[optind], commit);
	if (tag)
		out_printf(c, "tagged %s\n", tag);
	free(tag);
	return 0;
}

/* accord withdraw-reservation ARTICLE */
int acc_cmd_withdraw_reservation(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	(void)argc;
	if ((rc = acc_ops_withdraw_reservation(commit, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(c, "withdrew the reservation to %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord denounce [--text-file F] */
int acc_cmd_denounce(acc_cli *c, int argc, char **argv)
{
	char *text = NULL;
	size_t len;
	acc_oid_hex commit;
	int rc;

	(void)argc, (void)argv;
	if ((rc = text_opt(c, &text, &len)) >= 0)
		return rc;
	if ((rc = acc_ops_denounce(commit, c->ctx, text, len)) < 0)
		rc = out_fail(c, rc);
	else
		out_printf(c, "denounced the convention (%.12s)\n", commit);
	free(text);
	return rc;
}

/* Prints a day or "-". */
static const char *day(const char *d)
{
	return d && d[0] ? d : "-";
}

/* accord treaty [--at REV] [--json] */
int acc_cmd_treaty(acc_cli *c, int argc, char **argv)
{
	acc_treaty_status s;
	long long now = acc_ctx_now(c->ctx);
	size_t i;
	int rc;

	(void)argc, (void)argv;
	if (!now)
		now = (long long)time(NULL);
	if ((rc = acc_treaty_status_get(&s, c->st, (long)(now / 86400))) < 0)
		return out_fail(c, rc);
	if (c->json) {
		rc = out_json(c, acc_json_treaty(c->st, &s));
	} else {
		const acc_final_clauses *f = &c->st->conv.final;

		out_printf(c, "Status of the %s\n", c->st->conv.title);
		out_printf(c, "adopted %s; open for signature until %s; depositary %s\n",
			   day(s.adopted), day(s.signature_until), f->depositary);
		out_printf(c, "instruments %u of %u; entry into force %s%s\n", s.deposits,
			   s.required, day(s.entry_into_force), s.in_force ? " (in force)" : "");
		{
			char *note = NULL;

			if (acc_texts_note(&note, c->st, 0) == 0 && note)
				out_printf(c, "%s\n", note);
			free(note);
			out_printf(c, "\n");
		}
		out_printf(c, "%-20s %-10s %-4s %-12s %-10s %-4s %-4s %-5s %s\n", "organisation",
			   "signed", "rat.", "instrument", "deposited", "decl", "res.", "obj.",
			   "in force from");
		for (i = 0; i < s.nrows; i++) {
			const acc_treaty_row *r = &s.rows[i];

			out_printf(c, "%-20s %-10s %-4s %-12s %-10s %-4s %-4zu %zu/%-3zu %s%s\n",
				   r->org, day(r->signed_on),
				   r->subject < 0 ? "-"
				   : r->subject	  ? "yes"
						  : "no",
				   r->instrument ? r->instrument : "-", day(r->deposited),
				   r->declaration ? "yes" : "-", r->reservations,
				   r->objections_made, r->objections_received,
				   day(r->in_force_from), r->in_force ? " (in force)" : "");
		}
	}
	acc_treaty_status_free(&s);
	return rc < 0 ? out_fail(c, rc) : 0;
}
