/*
 * actions: drafting, tabling, voting, withdrawing, opening and closing
 * ballots, and the ':' prompt.  Every action goes through the same ops as
 * the command line, and asks for confirmation before anything is
 * committed; a refusal is shown in plain words on the message line.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accord/query.h"
#include "accord/record.h"
#include "app.h"

/* ---- what the focus is on ---------------------------------------------------- */

/* The amendment of the focus: the cursor row's, else the amendment view's. */
const char *tui_target_amendment(tui *t)
{
	tui_view *v = view_focus(t);
	const tui_row *r = v ? view_cursor_row(v) : NULL;

	if (!v || v->ops == &tui_draft_ops)
		return NULL;
	if (r && !v->nocursor && r->link == LINK_AMENDMENT)
		return r->link_id;
	return v->ops == &tui_amendment_ops ? v->amendment : NULL;
}

/* The clause of the focus: the cursor row's, else its amendment's, else the view's. */
const char *tui_target_clause(tui *t)
{
	tui_view *v = view_focus(t);
	const tui_row *r = v ? view_cursor_row(v) : NULL;

	if (!v)
		return NULL;
	if (r && (r->link == LINK_CLAUSE || r->link == LINK_PART))
		return r->link_id;
	if (r && !v->nocursor && r->link == LINK_AMENDMENT) {
		const acc_amendment_row *a = tui_amendment_row(t, r->link_id);

		if (a)
			return a->clause;
	}
	return v->clause;
}

/* ---- helpers ------------------------------------------------------------- */

/* Whether the actor may do action on item, as the action itself would
 * decide (the query layer); if not, says why on the message line, in the
 * words of the command line's refusal. */
static int may(tui *t, acc_may_action action, const char *item)
{
	acc_state *st = tui_state(t);
	int rc;

	if (!st)
		return 0;
	if ((rc = acc_query_may(t->ctx, st, action, item)) == 0)
		return 1;
	if (rc == ACC_EREFUSED) {
		free(t->msg);
		t->msg = acc_sprintf("refused: %s", acc_error_last());
		t->msg_error = 1;
	} else {
		tui_error(t, rc, NULL);
	}
	return 0;
}

/* The amendment in focus in the state, or NULL with a message. */
static const acc_amendment *focus_amendment(tui *t)
{
	const char *id = tui_target_amendment(t);
	acc_state *st;
	const acc_amendment *a;

	if (!id) {
		tui_message(t, "put the cursor on an amendment first");
		return NULL;
	}
	if (!(st = tui_state(t)))
		return NULL;
	if (!(a = acc_state_amendment(st, id))) {
		acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
		tui_error(t, ACC_ENOTFOUND, NULL);
	}
	return a;
}

/* Rereads after an action: the views show the new state at once. */
static void after_action(tui *t)
{
	t->acted = 1; /* the repository is tidied when idle (tui.c) */
	tui_refresh(t);
}

/* ---- the editor ------------------------------------------------------------- */

/* Runs the editor on a temporary file holding initial; *out receives the
 * edited text.  Curses is suspended meanwhile. */
int tui_run_editor(tui *t, char **out, const char *initial, const char *hint)
{
	const char *tmp = getenv("TMPDIR"), *editor = getenv("VISUAL");
	struct sigaction ign, old_int, old_quit;
	char *path, *cmd = NULL;
	size_t len = 0;
	int fd, status = 0, rc = 0;
	pid_t pid;

	*out = NULL;
	if (!editor || !editor[0])
		editor = getenv("EDITOR");
	if (!editor || !editor[0])
		editor = "vi";
	if (!tmp || !tmp[0])
		tmp = "/tmp";
	if (!(path =
		  acc_sprintf("%s/accord-%s-XXXXXX.txt", tmp, acc_id_valid(hint) ? hint : "draft")))
		return ACC_ENOMEM;
	if ((fd = mkstemps(path, 4)) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot create a file for the editor in %s: %s", tmp,
				   strerror(errno));
		free(path);
		return rc;
	}
	if (write(fd, initial, strlen(initial)) != (ssize_t)strlen(initial)) {
		rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);
	if (!(cmd = acc_sprintf("%s \"$@\"", editor))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	def_prog_mode();
	endwin();
	/* the editor owns the keyboard: ^C and ^\ are its business */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot start the editor: %s", strerror(errno));
	} else {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	if (rc < 0)
		goto done;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		rc = acc_error_set(ACC_ERROR, "the editor (%s) failed (%s %d); nothing was drafted",
				   editor, WIFEXITED(status) ? "exit status" : "signal",
				   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		goto done;
	}
	if ((rc = acc_file_read(out, &len, path, ACC_RECORD_MAX_SIZE / 2)) < 0)
		goto done;
	/* one final newline, as the records keep it */
	while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == ' ' ||
		       (*out)[len - 1] == '\t' || (*out)[len - 1] == '\r'))
		(*out)[--len] = '\0';
	if (len) {
		char *nt = acc_realloc(*out, len + 2);

		if (!nt) {
			rc = ACC_ENOMEM;
			goto done;
		}
		*out = nt;
		nt[len] = '\n';
		nt[len + 1] = '\0';
	}
done:
	unlink(path);
	free(path);
	free(cmd);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- drafting and tabling ----------------------------------------------------- */

/* e: edits the clause (or the amendment) in focus, then reviews it. */
static void act_draft(tui *t)
{
	tui_view *top = view_top(t);
	tui_draft *d = draft_of(top), *nd = NULL;
	acc_state *st;
	char *text = NULL;
	int rc;

	if (!may(t, ACC_MAY_PROPOSE, tui_target_clause(t)))
		return;
	if (d) {
		/* edit the draft again */
		if ((rc = tui_run_editor(t, &text, d->text, d->clause)) < 0) {
			tui_error(t, rc, NULL);
			return;
		}
		free(d->text);
		d->text = text;
		top->want_change = 1;
		view_invalidate(top);
		return;
	}
	if (!(st = tui_state(t)))
		return;
	if (!(nd = acc_calloc(1, sizeof(*nd))))
		return;
	memcpy(nd->drafted_on, t->head, sizeof(nd->drafted_on));
	if (top->ops == &tui_amendment_ops && top->amendment) {
		const acc_amendment *a = acc_state_amendment(st, top->amendment);

		if (!a) {
			draft_free(nd);
			return;
		}
		nd->clause = acc_strdup(a->clause);
		nd->amends = acc_strdup(a->id);
		nd->old = acc_strdup(a->text);
		nd->heading = acc_strdup(a->id);
	} else {
		const char *id = tui_target_clause(t);
		const acc_clause *c = id ? acc_state_clause(st, id) : NULL;

		if (!c) {
			tui_message(t, "put the cursor on a clause first");
			draft_free(nd);
			return;
		}
		if (c->container) {
			tui_message(t,
				    "a part has no text of its own: draft on one of its clauses");
			draft_free(nd);
			return;
		}
		nd->clause = acc_strdup(c->id);
		nd->old = acc_strdup(c->text);
		nd->heading = acc_sprintf("Article %s %s", c->number, c->heading);
	}
	if (!nd->clause || !nd->old) {
		draft_free(nd);
		return;
	}
	if ((rc = tui_run_editor(t, &nd->text, nd->old, nd->clause)) < 0) {
		tui_error(t, rc, NULL);
		draft_free(nd);
		return;
	}
	if ((rc = view_push(t, draft_view_new(nd))) < 0)
		tui_error(t, rc, "cannot show the draft");
}

/* t: tables the reviewed draft, with a rationale, after confirmation. */
static void act_table(tui *t)
{
	tui_draft *d = draft_of(view_top(t));
	acc_propose_args a;
	acc_oid_hex commit;
	char *rationale = NULL, *id = NULL;
	int rc;

	if (!d) {
		tui_message(t, "nothing to table here: draft an amendment first (e on a clause)");
		return;
	}
	if (!may(t, ACC_MAY_PROPOSE, d->clause))
		return;
	if (!strcmp(d->old, d->text)) {
		free(t->msg);
		t->msg = acc_strdup("refused: the draft changes nothing (e to edit it again)");
		t->msg_error = 1;
		return;
	}
	if (tui_readline(t, &rationale, "Rationale (why, in one line; Esc cancels): ", NULL) != 0) {
		tui_message(t, "not tabled");
		return;
	}
	if (!tui_confirm(t, "Table this %samendment %s %s for %s%s%s? [y/N] ",
			 d->op == ACC_OP_INSERT_AFTER ? "new-clause "
			 : d->op == ACC_OP_DELETE     ? "deleting "
						      : "",
			 d->amends ? "amending" : "to", d->amends ? d->amends : d->clause,
			 t->me_org, d->invite.count ? ", inviting " : "",
			 d->invite.count ? d->invite.items[0] : "")) {
		tui_message(t, "not tabled");
		free(rationale);
		return;
	}
	memset(&a, 0, sizeof(a));
	a.clause = d->clause;
	a.op = (acc_amend_op)d->op;
	a.text = d->op == ACC_OP_DELETE ? NULL : d->text;
	a.len = d->op == ACC_OP_DELETE ? 0 : strlen(d->text);
	a.heading = d->new_heading;
	a.rationale = rationale[0] ? rationale : NULL;
	a.amends = d->amends;
	a.cosponsors = (const char *const *)d->invite.items;
	a.ncosponsors = d->invite.count;
	a.drafted_on = d->drafted_on[0] ? d->drafted_on : NULL;
	rc = acc_ops_propose(&id, commit, t->ctx, &a);
	free(rationale);
	if (rc < 0) {
		tui_error(t, rc, "cannot table it");
		return;
	}
	tui_draft_forget(d);
	view_pop(t);
	after_action(t);
	if ((rc = view_push(t, view_new(&tui_amendment_ops, NULL, id, NULL))) < 0)
		tui_error(t, rc, NULL);
	else
		tui_message(t, "tabled %s for %s (commit %.12s)", id, t->me_org, commit);
	free(id);
}

/* a and D: drafts a new clause to insert after the clause in focus (its
 * heading asked, its text from the editor), or the clause's deletion. */
static void act_draft_op(tui *t, acc_amend_op op)
{
	tui_view *top = view_top(t);
	const char *id = tui_target_clause(t);
	const acc_clause *c;
	tui_draft *nd;
	acc_state *st;
	char *heading = NULL;
	int rc;

	if (draft_of(top) || top->ops == &tui_amendment_ops) {
		tui_message(t, "%s",
			    draft_of(top) ? "this is a draft: t tables it, q discards it"
					  : "an amendment is amended by a new text: e");
		return;
	}
	if (!may(t, ACC_MAY_PROPOSE, id) || !(st = tui_state(t)))
		return;
	if (!id || !(c = acc_state_clause(st, id)) || c->container) {
		tui_message(t, "put the cursor on a clause (not a part) first");
		return;
	}
	if (op == ACC_OP_INSERT_AFTER) {
		char *label = acc_sprintf(
		    "Heading of the new clause after Article %s (Esc cancels): ", c->number);

		rc = label ? tui_readline(t, &heading, label, NULL) : 1;
		free(label);
		if (rc != 0 || !heading[0]) {
			tui_message(t, "nothing drafted: a new clause needs a heading");
			free(heading);
			return;
		}
	}
	if (!(nd = acc_calloc(1, sizeof(*nd)))) {
		free(heading);
		return;
	}
	memcpy(nd->drafted_on, t->head, sizeof(nd->drafted_on));
	nd->op = (int)op;
	nd->new_heading = heading;
	nd->clause = acc_strdup(c->id);
	nd->old = acc_strdup(op == ACC_OP_DELETE ? c->text : "");
	nd->heading =
	    acc_sprintf("%s Article %s %s", op == ACC_OP_DELETE ? "deleting" : "a new clause after",
			c->number, c->heading);
	if (!nd->clause || !nd->old || !nd->heading) {
		draft_free(nd);
		return;
	}
	if (op == ACC_OP_DELETE)
		nd->text = acc_strdup("");
	else if ((rc = tui_run_editor(t, &nd->text, "", c->id)) < 0) {
		tui_error(t, rc, NULL);
		draft_free(nd);
		return;
	}
	if (!nd->text) {
		draft_free(nd);
		return;
	}
	if ((rc = view_push(t, draft_view_new(nd))) < 0)
		tui_error(t, rc, "cannot show the draft");
}

/* I: sets the organisations the draft on screen invites to co-sponsor it
 * (each consents by its own action, J), checked against the registry. */
static void act_invite(tui *t)
{
	tui_draft *d = draft_of(view_top(t));
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_buf now = ACC_BUF_INIT;
	acc_state *st;
	char *line = NULL;
	const char *p;
	size_t i;
	int cancelled;

	if (!d) {
		tui_message(t, "invitations to co-sponsor go with a draft: draft one first (e)");
		return;
	}
	if (!(st = tui_state(t)))
		return;
	for (i = 0; i < d->invite.count; i++)
		acc_buf_printf(&now, "%s%s", i ? " " : "", d->invite.items[i]);
	cancelled = tui_readline(t, &line, "Invite to co-sponsor (organisation ids; Esc cancels): ",
				 now.ptr ? now.ptr : "");
	acc_buf_free(&now);
	if (cancelled)
		return;
	for (p = line; *p;) {
		size_t n;
		const acc_org *o;

		p += strspn(p, " ,");
		if (!(n = strcspn(p, " ,")))
			break;
		if (acc_strlist_addn(&ids, p, n) < 0)
			goto done;
		o = acc_state_org(st, ids.items[ids.count - 1]);
		if (!o || !strcmp(o->id, t->me_org ? t->me_org : "") ||
		    o->role != ACC_ROLE_MEMBER) {
			free(t->msg);
			t->msg = acc_sprintf("refused: %.*s is %s", (int)n, p,
					     !o ? "no organisation of the registry"
					     : o->role != ACC_ROLE_MEMBER
						 ? "not a member: only members co-sponsor"
						 : "your own organisation, the sponsor");
			t->msg_error = 1;
			goto done;
		}
		p += n;
	}
	acc_strlist_free(&d->invite);
	d->invite = ids;
	memset(&ids, 0, sizeof(ids));
	view_invalidate(view_top(t));
	tui_message(t,
		    d->invite.count ? "the draft invites %zu organisation%s to co-sponsor it"
				    : "the draft invites nobody to co-sponsor it",
		    d->invite.count, d->invite.count == 1 ? "" : "s");
done:
	acc_strlist_free(&ids);
	free(line);
}

/* Whether text still holds a line of the conflict markers. */
static int has_markers(const char *text)
{
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, "<<<<<<<", 7) || !strncmp(p, ">>>>>>>", 7) ||
		    !strncmp(p, "|||||||", 7) || !strncmp(p, "=======", 7))
			return 1;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

/* b: carries the user's stale amendment onto the current text (the word
 * merge of accord rebase); when its changes overlap the adopted ones, the
 * text with both sides marked opens in the editor, and what comes back
 * (markers gone) is a new draft of the same target to review and table. */
static void act_rebase(tui *t)
{
	const acc_amendment *a;
	acc_oid_hex commit;
	char *id, *conflict = NULL, *text = NULL;
	tui_draft *nd = NULL;
	acc_state *st;
	int rc;

	if (!(a = focus_amendment(t)))
		return;
	if (!(id = acc_strdup(a->id)))
		return;
	if (!tui_confirm(t, "Rebase %s onto the current text for %s? [y/N] ", id,
			 t->me_org ? t->me_org : "nobody")) {
		tui_message(t, "not rebased");
		goto done;
	}
	rc = acc_ops_rebase(commit, &conflict, t->ctx, id);
	if (rc == 0) {
		tui_message(t, "rebased %s onto the current text (commit %.12s)", id, commit);
		after_action(t);
		goto done;
	}
	if (!conflict) {
		tui_error(t, rc, "cannot rebase");
		goto done;
	}
	/* both sides marked, for the sponsor to settle in the editor */
	if ((rc = tui_run_editor(t, &text, conflict, id)) < 0) {
		tui_error(t, rc, NULL);
		goto done;
	}
	if (!text || has_markers(text)) {
		free(t->msg);
		t->msg = acc_sprintf("refused: the conflict markers of %s are still there; nothing "
				     "was drafted (b to try again)",
				     id);
		t->msg_error = 1;
		goto done;
	}
	if (!(st = tui_state(t)) || !(a = acc_state_amendment(st, id)) ||
	    !(nd = acc_calloc(1, sizeof(*nd))))
		goto done;
	memcpy(nd->drafted_on, t->head, sizeof(nd->drafted_on));
	nd->clause = acc_strdup(a->clause);
	nd->amends = a->amends ? acc_strdup(a->amends) : NULL;
	{
		const acc_amendment *parent = a->amends ? acc_state_amendment(st, a->amends) : NULL;
		const acc_clause *c = acc_state_clause(st, a->clause);

		nd->old = acc_strdup(parent ? parent->text : c ? c->text : "");
	}
	nd->heading = acc_sprintf("%s, settled", id);
	nd->text = text;
	text = NULL;
	if (!nd->clause || !nd->old || !nd->heading) {
		draft_free(nd);
		goto done;
	}
	if ((rc = view_push(t, draft_view_new(nd))) < 0)
		tui_error(t, rc, "cannot show the draft");
	else
		tui_message(t, "settled: t tables it as a new amendment; then withdraw %s (W)", id);
done:
	free(text);
	free(conflict);
	free(id);
}

/* ---- votes and ballots ---------------------------------------------------------- */

/* v: votes on the amendment in focus for the actor's organisation. */
static void act_vote(tui *t)
{
	const acc_amendment *a;
	acc_oid_hex commit;
	const char *had = NULL;
	char *id;
	acc_vote vote;
	size_t i;
	int c, rc;

	if (!(a = focus_amendment(t)) || !may(t, ACC_MAY_VOTE, a->id))
		return;
	for (i = 0; i < a->ballot.nvotes; i++)
		if (!strcmp(a->ballot.votes[i].org, t->me_org))
			had = acc_vote_name(a->ballot.votes[i].vote);
	if (!(id = acc_strdup(a->id)))
		return;
	c = tui_choose(t, "yna", "Vote on %s for %s%s%s%s: y yes, n no, a abstain (Esc cancels) ",
		       id, t->me_org, had ? " (now " : "", had ? had : "", had ? ")" : "");
	if (!c) {
		tui_message(t, "no vote cast");
		free(id);
		return;
	}
	vote = c == 'y' ? ACC_VOTE_YES : c == 'n' ? ACC_VOTE_NO : ACC_VOTE_ABSTAIN;
	if (!tui_confirm(t, "Cast %s's vote %s on %s? [y/N] ", t->me_org,
			 vote == ACC_VOTE_YES  ? "YES"
			 : vote == ACC_VOTE_NO ? "NO"
					       : "ABSTAIN",
			 id)) {
		tui_message(t, "no vote cast");
		free(id);
		return;
	}
	rc = acc_ops_vote(commit, t->ctx, id, vote);
	if (rc < 0)
		tui_error(t, rc, "cannot vote");
	else
		tui_message(t, "%s voted %s on %s (commit %.12s)", t->me_org, acc_vote_name(vote),
			    id, commit);
	free(id);
	after_action(t);
}

/* W: withdraws the amendment in focus. */
static void act_withdraw(tui *t)
{
	const acc_amendment *a;
	acc_oid_hex commit;
	char *id;
	int rc;

	if (!(a = focus_amendment(t)) || !may(t, ACC_MAY_WITHDRAW, a->id))
		return;
	if (!(id = acc_strdup(a->id)))
		return;
	if (!tui_confirm(t, "Withdraw %s for %s? This cannot be undone. [y/N] ", id, t->me_org)) {
		tui_message(t, "not withdrawn");
		free(id);
		return;
	}
	if ((rc = acc_ops_withdraw(commit, t->ctx, id)) < 0)
		tui_error(t, rc, "cannot withdraw");
	else
		tui_message(t, "withdrew %s (commit %.12s)", id, commit);
	free(id);
	after_action(t);
}

/* c: co-sponsors the amendment in focus for the user's organisation, or
 * (when it co-sponsors it already) takes that consent back. */
static void act_cosponsor(tui *t)
{
	const acc_amendment *a;
	acc_oid_hex commit;
	char *id;
	int withdraw, rc;

	if (!(a = focus_amendment(t)) || !tui_state(t))
		return;
	/* the consent when it may be given, else its withdrawal when that may */
	withdraw = acc_query_may(t->ctx, tui_state(t), ACC_MAY_COSPONSOR, a->id) != 0 &&
		   acc_query_may(t->ctx, tui_state(t), ACC_MAY_UNCOSPONSOR, a->id) == 0;
	acc_error_clear();
	if (!may(t, withdraw ? ACC_MAY_UNCOSPONSOR : ACC_MAY_COSPONSOR, a->id) ||
	    !(id = acc_strdup(a->id)))
		return;
	if (!tui_confirm(t,
			 withdraw ? "Withdraw %s's co-sponsorship of %s? [y/N] "
				  : "Co-sponsor %s for %s? [y/N] ",
			 withdraw ? t->me_org : id, withdraw ? id : t->me_org)) {
		tui_message(t, withdraw ? "co-sponsorship kept" : "not co-sponsored");
		free(id);
		return;
	}
	if ((rc = acc_ops_cosponsor(commit, t->ctx, id, withdraw)) < 0)
		tui_error(t, rc,
			  withdraw ? "cannot withdraw the co-sponsorship" : "cannot co-sponsor");
	else
		tui_message(t, "%s %s %s (commit %.12s)", t->me_org,
			    withdraw ? "no longer co-sponsors" : "co-sponsors", id, commit);
	free(id);
	after_action(t);
}

/* O: opens the ballot on the amendment in focus (chair). */
static void act_open(tui *t)
{
	const acc_amendment *a;
	acc_state *st;
	acc_oid_hex commit;
	char q[32], *id;
	int rc;

	if (!(a = focus_amendment(t)) || !(st = t->st) || !may(t, ACC_MAY_OPEN, a->id))
		return;
	acc_fraction_format(q, sizeof(q), st->conv.quorum_num, st->conv.quorum_den);
	if (!(id = acc_strdup(a->id)))
		return;
	if (!tui_confirm(t, "Open the ballot on %s (%s majority, quorum %s)? [y/N] ", id,
			 acc_rule_name(st->conv.rule), q)) {
		tui_message(t, "the ballot stays closed");
		free(id);
		return;
	}
	if ((rc = acc_ops_open(commit, t->ctx, id, NULL, NULL)) < 0)
		tui_error(t, rc, "cannot open the ballot");
	else
		tui_message(t, "opened the ballot on %s (commit %.12s)", id, commit);
	free(id);
	after_action(t);
}

/* C: closes the ballot on the amendment in focus, after showing what the
 * count would decide (the tally of the current state as closed). */
static void act_close(tui *t)
{
	const acc_amendment *a;
	acc_query_tally q;
	acc_tally pv, tl;
	acc_oid_hex commit;
	char *tag = NULL, *id;
	int rc;

	if (!(a = focus_amendment(t)) || !may(t, ACC_MAY_CLOSE, a->id))
		return;
	/* what closing now would decide, as the query layer counts it */
	if ((rc = acc_query_tally_of(&q, t->ctx, t->st, NULL, a->id)) < 0) {
		tui_error(t, rc, "cannot count the ballot");
		return;
	}
	pv = q.preview;
	acc_query_tally_free(&q);
	if (!(id = acc_strdup(a->id)))
		return;
	if (!tui_confirm(t,
			 "Close %s? It would be %s: yes %u, no %u, abstain %u, absent %u%s. "
			 "[y/N] ",
			 id, pv.result == ACC_RESULT_ADOPTED ? "ADOPTED" : "REJECTED", pv.yes,
			 pv.no, pv.abstain, pv.absent, pv.quorum_met ? "" : ", no quorum")) {
		tui_message(t, "the ballot stays open");
		free(id);
		return;
	}
	if ((rc = acc_ops_close(commit, &tl, &tag, t->ctx, id)) < 0)
		tui_error(t, rc, "cannot close the ballot");
	else
		tui_message(
		    t, "closed the ballot on %s: %s (yes %u, no %u, abstain %u, absent %u)%s%s", id,
		    acc_result_name(tl.result), tl.yes, tl.no, tl.abstain, tl.absent,
		    tag ? "; tagged " : "", tag ? tag : "");
	free(tag);
	free(id);
	after_action(t);
}

static void act_export(tui *t);

/* Dispatches an action request to its act_* function. */
int tui_action(tui *t, tui_request req)
{
	switch (req) {
	case REQ_DRAFT:
		act_draft(t);
		return 1;
	case REQ_TABLE:
		act_table(t);
		return 1;
	case REQ_DRAFT_INSERT:
	case REQ_DRAFT_DELETE:
		act_draft_op(t, req == REQ_DRAFT_INSERT ? ACC_OP_INSERT_AFTER : ACC_OP_DELETE);
		return 1;
	case REQ_INVITE:
		act_invite(t);
		return 1;
	case REQ_REBASE:
		act_rebase(t);
		return 1;
	case REQ_VOTE:
		act_vote(t);
		return 1;
	case REQ_WITHDRAW:
		act_withdraw(t);
		return 1;
	case REQ_COSPONSOR:
		act_cosponsor(t);
		return 1;
	case REQ_OPEN_BALLOT:
		act_open(t);
		return 1;
	case REQ_CLOSE_BALLOT:
		act_close(t);
		return 1;
	case REQ_EXPORT:
		act_export(t);
		return 1;
	default:
		return 0;
	}
}

/* ---- the ':' prompt ---------------------------------------------------------------- */

/* Splits a command line into words: blanks separate, '...' is literal,
 * "..." and \ escape as in the shell.  ACC_EUSAGE on an open quote. */
static int split_words(acc_strlist *out, const char *s)
{
	acc_buf w = ACC_BUF_INIT;
	int inword = 0, rc = 0;

	for (; *s && rc == 0; s++) {
		if (*s == ' ' || *s == '\t') {
			if (inword)
				rc = acc_strlist_add(out, w.ptr ? w.ptr : "");
			acc_buf_clear(&w);
			inword = 0;
			continue;
		}
		inword = 1;
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e) {
				rc = acc_error_set(ACC_EUSAGE, "a quote (') is not closed");
				break;
			}
			rc = acc_buf_put(&w, s + 1, (size_t)(e - s - 1));
			s = e;
		} else if (*s == '"') {
			for (s++; *s && *s != '"' && rc == 0; s++) {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				rc = acc_buf_putc(&w, *s);
			}
			if (!*s) {
				rc = acc_error_set(ACC_EUSAGE, "a quote (\") is not closed");
				break;
			}
		} else if (*s == '\\' && s[1]) {
			rc = acc_buf_putc(&w, *++s);
		} else {
			rc = acc_buf_putc(&w, *s);
		}
	}
	if (rc == 0 && inword)
		rc = acc_strlist_add(out, w.ptr ? w.ptr : "");
	acc_buf_free(&w);
	return rc;
}

/* Runs one command line of the command-line face with its output
 * captured: one line goes to the message line, more to a pager titled
 * label.  The convention is reread afterwards (the command may act). */
static void run_cli(tui *t, acc_strlist *words, const char *label)
{
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *out = NULL, *err = NULL;
	int rc, status;

	if (!t->run) {
		free(t->msg);
		t->msg = acc_strdup("refused: no command line to run commands with here");
		t->msg_error = 1;
		return;
	}
	if (!(out = open_memstream(&obuf, &olen)) || !(err = open_memstream(&ebuf, &elen))) {
		rc = acc_error_set(ACC_ERROR, "cannot capture the output: %s", strerror(errno));
		tui_error(t, rc, NULL);
		if (out)
			fclose(out);
		free(obuf);
		return;
	}
	status = t->run((int)words->count, words->items, t->dir, t->actor, t->key_opt, out, err);
	fclose(out);
	fclose(err);
	if (tui_refresh(t))
		t->acted = 1;
	{
		const char *o = obuf ? obuf : "", *e = ebuf ? ebuf : "";
		size_t onl = strchr(o, '\n') ? strlen(strchr(o, '\n')) : 0;
		size_t enl = strchr(e, '\n') ? strlen(strchr(e, '\n')) : 0;

		if (!e[0] && (!o[0] || (onl <= 1))) {
			/* one line of output: the message line is enough */
			if (o[0])
				tui_message(t, "%.*s", (int)strcspn(o, "\n"), o);
			else
				tui_message(t, "done (%s)", label);
		} else if (!o[0] && enl <= 1) {
			free(t->msg);
			t->msg = acc_strndup(e, strcspn(e, "\n"));
			t->msg_error = 1;
		} else if ((rc = view_push(t, pager_view_new(label, o, e))) < 0) {
			tui_error(t, rc, NULL);
		}
		if (status != 0 && t->msg && !t->msg_error)
			t->msg_error = 1;
	}
	free(obuf);
	free(ebuf);
}

/* The ':' prompt's command called name, or NULL. */
static const acc_tui_command *find_command(tui *t, const char *name)
{
	const acc_tui_command *c;

	for (c = t->commands; c && c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Splits a ':' line into words and runs it as an accord command. */
int tui_command(tui *t, const char *line)
{
	acc_strlist words = ACC_STRLIST_INIT;
	const acc_tui_command *cmd;
	size_t i;
	int rc;

	if ((rc = split_words(&words, line)) < 0) {
		tui_error(t, rc, NULL);
		goto done;
	}
	if (!words.count)
		goto done;
	if (!strcmp(words.items[0], "q") || !strcmp(words.items[0], "quit")) {
		t->quit = 1;
		goto done;
	}
	if (!strcmp(words.items[0], "tui")) {
		tui_message(t, "this is the interface already");
		goto done;
	}
	cmd = find_command(t, words.items[0]);
	if (!cmd && words.count == 1 && tui_goto(t, words.items[0]))
		goto done;
	if (cmd && cmd->elsewhere) {
		free(t->msg);
		t->msg = acc_sprintf("refused: %s makes or opens another convention; leave the "
				     "interface (Q) to run it",
				     cmd->name);
		t->msg_error = 1;
		goto done;
	}
	if (cmd && !cmd->reads &&
	    !tui_confirm(t, "Run \"%s\" as %s? It may sign an action. [y/N] ", line,
			 t->me_org ? t->me_org : "nobody")) {
		tui_message(t, "not run");
		goto done;
	}
	for (i = 1; i < words.count; i++)
		if (!strcmp(words.items[i], "-")) {
			free(t->msg);
			t->msg = acc_strdup("refused: standard input is the keyboard here; give a "
					    "file instead of -");
			t->msg_error = 1;
			goto done;
		}
	run_cli(t, &words, line);
done:
	acc_strlist_free(&words);
	return 0;
}

/* x: exports the convention to a file, through the export command (the
 * format follows the file's extension). */
static void act_export(tui *t)
{
	acc_strlist words = ACC_STRLIST_INIT;
	char *file = NULL, *def;
	const char *base = t->short_title ? t->short_title : "convention";
	size_t i;

	if (!(def = acc_sprintf("%s.md", base)))
		return;
	for (i = 0; def[i]; i++)
		if (def[i] >= 'A' && def[i] <= 'Z')
			def[i] = (char)(def[i] - 'A' + 'a');
		else if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789.-_", def[i]))
			def[i] = '-';
	if (tui_readline(t, &file, "Export to (.md .txt .html .xml .json .csv): ", def) != 0 ||
	    !file[0]) {
		tui_message(t, "not exported");
		goto done;
	}
	if (access(file, F_OK) == 0 && !tui_confirm(t, "%s exists: replace it? [y/N] ", file)) {
		tui_message(t, "not exported");
		goto done;
	}
	if (acc_strlist_add(&words, "export") < 0 || acc_strlist_add(&words, "-o") < 0 ||
	    acc_strlist_add(&words, file) < 0)
		goto done;
	run_cli(t, &words, "export");
	if (!t->msg_error)
		tui_message(t, "exported the convention to %s", file);
done:
	acc_strlist_free(&words);
	free(file);
	free(def);
}
