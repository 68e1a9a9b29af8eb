/* cli: the command table, the global options and the dispatcher; the
 * commands are in cmd_*.c. */
#include "accord/cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accord/json.h"
#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "accord/sign.h"
#include "accord/sync.h"
#include "accord/verify.h"
#include "demo.h"
#include "out.h"

int acc_cli_exit_status(int code)
{
	switch (code) {
	case ACC_OK:
		return ACC_EXIT_OK;
	case ACC_EUSAGE:
		return ACC_EXIT_USAGE;
	case ACC_EREFUSED:
		return ACC_EXIT_REFUSED;
	case ACC_EVERIFY:
		return ACC_EXIT_VERIFY;
	default:
		return ACC_EXIT_ERROR;
	}
}

/* ---- the table -------------------------------------------------------------- */

static int cmd_help(acc_cli *c, int argc, char **argv);

#define JSON_OPT "  --json           machine-readable output\n"
#define AT_OPT	 "  --at REV         read the convention as it was at REV\n"

/* The commands' own options (--help, --json and --at come from the flags). */
static const struct option log_opts[] = {{"clause", required_argument, NULL, 'c'},
					 {"max-count", required_argument, NULL, 'n'},
					 {NULL, 0, NULL, 0}};
static const struct option amendments_opts[] = {{"clause", required_argument, NULL, 'c'},
						{"status", required_argument, NULL, 's'},
						{NULL, 0, NULL, 0}};
static const struct option propose_opts[] = {
    {"replace", no_argument, NULL, 'r'},	  {"insert-after", no_argument, NULL, 'i'},
    {"delete", no_argument, NULL, 'd'},		  {"text-file", required_argument, NULL, 't'},
    {"rationale", required_argument, NULL, 'R'},  {"amends", required_argument, NULL, 'a'},
    {"cosponsor", required_argument, NULL, 'c'},  {"heading", required_argument, NULL, 'H'},
    {"id", required_argument, NULL, 'I'},	  {"drafted-on", required_argument, NULL, 'D'},
    {"supersedes", required_argument, NULL, 'S'}, {NULL, 0, NULL, 0}};
static const struct option comment_opts[] = {
    {"on", required_argument, NULL, 'o'},      {"text-file", required_argument, NULL, 't'},
    {"message", required_argument, NULL, 'm'}, {"reply-to", required_argument, NULL, 'r'},
    {"resolve", required_argument, NULL, 'R'}, {NULL, 0, NULL, 0}};
static const struct option comments_opts[] = {{"open", no_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
static const struct option vlist_opts[] = {{"format", required_argument, NULL, 'f'},
					   {NULL, 0, NULL, 0}};
static const struct option withdraw_opts[] = {{"in-favour-of", required_argument, NULL, 'f'},
					      {NULL, 0, NULL, 0}};
static const struct option open_opts[] = {{"rule", required_argument, NULL, 'r'},
					  {"quorum", required_argument, NULL, 'q'},
					  {"negotiation-language-only", no_argument, NULL, 'N'},
					  {NULL, 0, NULL, 0}};
static const struct option bracket_opts[] = {{"span", required_argument, NULL, 's'},
					     {"option", required_argument, NULL, 'o'},
					     {"text-file", required_argument, NULL, 't'},
					     {"occurrence", required_argument, NULL, 'O'},
					     {NULL, 0, NULL, 0}};
static const struct option support_opts[] = {{"withdraw", no_argument, NULL, 'w'},
					     {NULL, 0, NULL, 0}};
static const struct option brackets_opts[] = {{"clause", required_argument, NULL, 'c'},
					      {NULL, 0, NULL, 0}};
static const struct option init_opts[] = {{"from", required_argument, NULL, 'f'},
					  {"demo-keys", no_argument, NULL, 'k'},
					  {NULL, 0, NULL, 0}};
static const struct option export_opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
					    {"changes-since", required_argument, NULL, OPT_SINCE},
					    {"output", required_argument, NULL, OPT_OUTPUT},
					    {"lang", required_argument, NULL, 'L'},
					    {"paper", required_argument, NULL, 'P'},
					    {NULL, 0, NULL, 0}};
/* diff keeps --json and --at among its own, in order with --format */
static const struct option diff_opts[] = {{"color", optional_argument, NULL, 'c'},
					  {"colour", optional_argument, NULL, 'c'},
					  {"format", required_argument, NULL, 'f'},
					  {"json", no_argument, NULL, 'j'},
					  {"from", required_argument, NULL, 'F'},
					  {"to", required_argument, NULL, 'T'},
					  {"at", required_argument, NULL, 'A'},
					  {"lang", required_argument, NULL, 'L'},
					  {"source-changes", no_argument, NULL, 'S'},
					  {"no-index", no_argument, NULL, 'N'},
					  {NULL, 0, NULL, 0}};
static const struct option show_opts[] = {{"lang", required_argument, NULL, 'L'},
					  {NULL, 0, NULL, 0}};
static const struct option record_opts[] = {{"roll-call", required_argument, NULL, 'r'},
					    {NULL, 0, NULL, 0}};
static const struct option contest_opts[] = {{"message", required_argument, NULL, 'm'},
					     {NULL, 0, NULL, 0}};
static const struct option explain_opts[] = {{"text-file", required_argument, NULL, 't'},
					     {"message", required_argument, NULL, 'm'},
					     {NULL, 0, NULL, 0}};
static const struct option sign_opts[] = {{"declaration-file", required_argument, NULL, 'd'},
					  {"reservation", required_argument, NULL, 'r'},
					  {"text-file", required_argument, NULL, 't'},
					  {NULL, 0, NULL, 0}};
static const struct option object_opts[] = {{"text-file", required_argument, NULL, 't'},
					    {"precludes-entry-into-force", no_argument, NULL, 'p'},
					    {NULL, 0, NULL, 0}};
static const struct option deposit_opts[] = {{"text-file", required_argument, NULL, 't'},
					     {NULL, 0, NULL, 0}};
static const struct option tui_opts[] = {{"keys", optional_argument, NULL, 'k'},
					 {NULL, 0, NULL, 0}};
static const struct option verify_opts[] = {{"since", required_argument, NULL, OPT_SINCE},
					    {NULL, 0, NULL, 0}};
static const struct option sync_opts[] = {{"publish-local", no_argument, NULL, OPT_PUBLISH},
					  {"yes", no_argument, NULL, OPT_YES},
					  {NULL, 0, NULL, 0}};
static const struct option clone_opts[] = {{"expect-root", required_argument, NULL, 'r'},
					   {"expect-key", required_argument, NULL, 'k'},
					   {NULL, 0, NULL, 0}};

#define P      ACC_CMD_PARSE
#define JSON_F ACC_CMD_JSON
#define AT_F   ACC_CMD_AT
#define NO_AT  ACC_CMD_NO_AT
#define CTX    ACC_CMD_CTX
#define INDEX  ACC_CMD_INDEX
#define STATE  ACC_CMD_STATE
#define READS  ACC_CMD_READS
#define OTHER  ACC_CMD_OTHER

const acc_cli_command acc_cli_commands[] = {
    {"init", acc_cmd_init, "DIR --from PROPOSAL_DIR|FILE [--from TRANSLATION]...",
     "Create a convention repository from a proposal folder, or from a json or Akoma Ntoso "
     "export (accord export --format json|akn), in one commit.",
     "  --from DIR|FILE  the proposal (convention, toc, clauses/, orgs/), or the document;\n"
     "                   repeated: each further one an Akoma Ntoso translation of the\n"
     "                   first (accord export --format akn --lang L)\n",
     P | OTHER, 1, 1, NULL, init_opts, NULL},
    {"demo", acc_cmd_demo, "[DIR]",
     "Create (if absent) the demo convention, with a short real history.", "", P | OTHER, 0, 1,
     NULL, NULL, NULL},
    {"status", acc_cmd_status, "[--json]",
     "Show the convention, its amendments and open ballots, and who you are.", JSON_OPT,
     P | READS | JSON_F | NO_AT | INDEX, 0, 0, NULL, NULL, NULL},
    {"inbox", acc_cmd_inbox, "[--json]",
     "What waits for your organisation: ballots to vote on, invitations, stale amendments.",
     JSON_OPT, P | READS | JSON_F | NO_AT | STATE, 0, 0, NULL, NULL, NULL},
    {"clauses", acc_cmd_clauses, "[--at REV] [--json]",
     "List the clauses in order with their display numbers.", AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 0, 0, NULL, NULL, NULL},
    {"show", acc_cmd_show, "CLAUSE [--lang LANG] [--at REV] [--json]", "Show one clause's text.",
     "  --lang LANG      the clause in LANG (its translation); all: in every\n"
     "                   language; CLAUSE may be title or preamble\n" AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | STATE, 1, 1, "clause", show_opts, NULL},
    {"orgs", acc_cmd_orgs, "[--json]", "List the signatory organisations.", JSON_OPT,
     P | READS | JSON_F | NO_AT | INDEX, 0, 0, NULL, NULL, NULL},
    {"log", acc_cmd_log, "[--clause ID] [-n N] [--json]", "List the actions, newest first.",
     "  --clause ID      only actions that touched clause ID\n"
     "  -n, --max-count N  at most N actions\n" JSON_OPT,
     P | READS | JSON_F, -1, 0, NULL, log_opts, "n:"},
    {"search", acc_cmd_search, "QUERY... [--json]",
     "Search clauses and amendments (every word must match).", JSON_OPT,
     P | READS | JSON_F | NO_AT | INDEX, 1, INT_MAX, NULL, NULL, NULL},
    {"amendments", acc_cmd_amendments, "[--clause ID] [--status S] [--json]",
     "List amendments; with --clause, pending ones in voting order.",
     "  --clause ID      amendments to clause ID, in voting order\n"
     "  --status S       tabled, voting, adopted, rejected, withdrawn, fallen or stale\n" JSON_OPT,
     P | READS | JSON_F, 0, 0, NULL, amendments_opts, NULL},
    {"amendment", acc_cmd_amendment, "ID [--at REV] [--json]",
     "Show everything about one amendment.", AT_OPT JSON_OPT, P | READS | JSON_F | AT_F | STATE, 1,
     1, "amendment", NULL, NULL},
    {"propose", acc_cmd_propose,
     "CLAUSE (--replace | --insert-after | --delete) [--text-file FILE|-] [--rationale TEXT] "
     "[--amends AMENDMENT] [--cosponsor ORG]... [--heading TEXT] [--id NEW-CLAUSE] "
     "[--drafted-on REV] [--supersedes A,B]",
     "Table an amendment for your organisation; prints its id.",
     "  --replace        replace the clause's text\n"
     "  --insert-after   insert a new clause after CLAUSE (needs --heading)\n"
     "  --delete         delete the clause\n"
     "  --text-file F    the proposed text (- reads standard input)\n"
     "  --rationale T    why (one line)\n"
     "  --amends A       amend the pending amendment A instead (CLAUSE may be omitted)\n"
     "  --cosponsor ORG  invite ORG to co-sponsor (repeatable; it consents with\n"
     "                   accord cosponsor)\n"
     "  --heading T      heading of an inserted clause\n"
     "  --id ID          id of an inserted clause (default: the amendment's id)\n"
     "  --drafted-on REV the commit whose text you drafted against (default: the tip);\n"
     "                   if the text changed since, the amendment is stale at once\n"
     "  --supersedes A,B a compromise text superseding pending amendments A and B to\n"
     "                   CLAUSE (the chair or a facilitator): adopted, they fall\n",
     P, -1, 0, NULL, propose_opts, NULL},
    {"withdraw", acc_cmd_withdraw, "AMENDMENT [--in-favour-of COMPROMISE]",
     "Withdraw your organisation's amendment.",
     "  --in-favour-of C in favour of the compromise text C, which supersedes it\n", P | CTX, 1, 1,
     NULL, withdraw_opts, NULL},
    {"comment", acc_cmd_comment,
     "[CLAUSE | AMENDMENT] [--on WORDS] (--text-file F | -m TEXT) [--reply-to COMMENT] | "
     "--resolve COMMENT [-m NOTE]",
     "Comment on a clause or amendment, reply in a thread, or resolve a thread.",
     "  --on WORDS       the words of the text the comment is about (must occur in it)\n"
     "  --text-file F    the comment's text (- reads standard input)\n"
     "  -m, --message T  the comment's text\n"
     "  --reply-to C     reply in the thread of comment C (the item may be omitted)\n"
     "  --resolve C      mark the thread of C resolved (its author or the chair)\n"
     "  an item that is both a clause and an amendment is named KIND:ID\n",
     P, -1, 1, NULL, comment_opts, "m:"},
    {"comments", acc_cmd_comments, "[CLAUSE | AMENDMENT | COMMENT] [--open] [--at REV] [--json]",
     "List comment threads, replies nested (of one item, or one thread).",
     "  --open           only threads not yet resolved\n" AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 0, 1, NULL, comments_opts, NULL},
    {"voting-list", acc_cmd_voting_list, "[--format text|md|html] [--at REV] [--json]",
     "List every pending amendment in voting order, with what falls if each is adopted.",
     "  --format F       text (default), md or html (for the meeting's papers)\n" AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 0, 0, NULL, vlist_opts, NULL},
    {"translate", acc_cmd_translate, "CLAUSE --lang LANG (--text-file FILE | -) [--heading TEXT]",
     "Record a clause's text in another language and the source text it translates.",
     "  --lang LANG      the language (one of the convention's Languages)\n"
     "  --text-file F    the translated text (- or a lone - reads standard input)\n"
     "  --heading T      the translated heading (needed the first time)\n"
     "  --base BLOB      refuse unless the source is still this blob\n",
     0, -1, 0, NULL, NULL, NULL},
    {"translations", acc_cmd_translations, "[--lang LANG] [--stale] [--json]",
     "List each clause in each language: current, stale (how many source words changed) or "
     "missing.",
     "  --lang LANG      only this language\n"
     "  --stale          only stale translations\n" JSON_OPT,
     0, -1, 0, NULL, NULL, NULL},
    {"withdraw", acc_cmd_withdraw, "AMENDMENT", "Withdraw your organisation's amendment.", "",
     P | CTX, 1, 1, NULL, NULL, NULL},
    {"cosponsor", acc_cmd_cosponsor, "AMENDMENT [--withdraw]",
     "Co-sponsor an amendment whose sponsor invited your organisation (while it is pending).",
     "  --withdraw       take your organisation's co-sponsorship back\n", 0, -1, 0, NULL, NULL,
     NULL},
    {"bracket", acc_cmd_bracket,
     "CLAUSE --span WORDS (--option TEXT | --text-file FILE)... [--occurrence N]",
     "Put words of a clause in brackets with two or more alternatives; prints its id.",
     "  --span WORDS     the bracketed words: they must occur in the clause once\n"
     "  --option TEXT    an alternative (repeat; \"\" deletes the words)\n"
     "  --text-file F    an alternative read from F (repeat)\n"
     "  --occurrence N   the N-th occurrence of WORDS, when they occur more than once\n",
     P, 1, 1, "clause", bracket_opts, NULL},
    {"support", acc_cmd_support, "BRACKET OPTION [--withdraw]",
     "Record your organisation's support for an option (by number or text) of a bracket.",
     "  --withdraw       take the support back\n", P, 2, 2, NULL, support_opts, NULL},
    {"brackets", acc_cmd_brackets, "[--clause C] [--json]",
     "List the open brackets, with their options and supporters.",
     "  --clause C       only the brackets of clause C\n" JSON_OPT,
     P | READS | JSON_F | NO_AT | STATE, 0, 0, NULL, brackets_opts, NULL},
    {"resolve", acc_cmd_resolve, "BRACKET OPTION",
     "Settle a bracket by consensus (chair only): the option goes into the text.", "", P, 2, 2,
     NULL, NULL, NULL},
    {"open", acc_cmd_open,
     "(AMENDMENT | BRACKET | ratification) [--rule RULE] [--quorum FRACTION] "
     "[--negotiation-language-only]",
     "Open a ballot (chair only).",
     "  --rule R         simple, two-thirds, absolute, unanimity or consensus\n"
     "  --quorum F       fraction of members that must vote, e.g. 1/2\n"
     "  --negotiation-language-only  (ratification) adopt the text in the\n"
     "                   negotiation language only: the other authentic texts\n"
     "                   are not established by it\n",
     P | CTX, 1, 1, NULL, open_opts, NULL},
    {"vote", acc_cmd_vote,
     "(AMENDMENT | ratification) (yes | no | abstain | absent) | BRACKET OPTION",
     "Vote for your organisation (on a bracket: choose an option); a later vote replaces an "
     "earlier one (absent: not voting).",
     "", P, 2, 2, NULL, NULL, NULL},
    {"record", acc_cmd_record, "(AMENDMENT | ratification) --roll-call FILE",
     "Record the roll-call taken in the room (chair only): one ORG VOTE a line, every elector "
     "once.",
     "  --roll-call F    lines 'ORG yes|no|abstain|absent' (- reads standard input)\n", P | CTX, 1,
     1, "ballot", record_opts, NULL},
    {"confirm", acc_cmd_confirm, "(AMENDMENT | ratification)",
     "Confirm the vote the chair recorded for your organisation.", "", P | CTX, 1, 1, "ballot",
     NULL, NULL},
    {"contest", acc_cmd_contest, "(AMENDMENT | ratification) [-m TEXT]",
     "Contest the vote the chair recorded for your organisation (holds the close).",
     "  -m, --message T  why\n", P | CTX, 1, 1, "ballot", contest_opts, "m:"},
    {"explain", acc_cmd_explain, "(AMENDMENT | ratification) (--text-file FILE | -m TEXT)",
     "Explain your organisation's vote, before or after voting (after the close too).",
     "  --text-file F    the explanation (- reads standard input)\n"
     "  -m, --message T  the explanation\n",
     P | CTX, 1, 1, "ballot", explain_opts, "m:"},
    {"close", acc_cmd_close, "(AMENDMENT | BRACKET | ratification)",
     "Close a ballot (chair only): count, record, and apply an adopted amendment or option.", "",
     P | CTX, 1, 1, NULL, NULL, NULL},
    {"tally", acc_cmd_tally, "(AMENDMENT | ratification) [--at REV] [--json]",
     "Count a ballot: the running count, or a closed ballot's recount.", AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 1, 1, "ballot", NULL, NULL},
    {"sign", acc_cmd_sign, "[--declaration-file F] [--reservation ARTICLE --text-file F]...",
     "Sign the adopted convention for your organisation.",
     "  --declaration-file F  a declaration made upon signature\n"
     "  --reservation A      a reservation to article A (a clause id), where allowed\n"
     "  --text-file F        the text of the reservation before it\n",
     P | CTX, 0, 0, NULL, sign_opts, NULL},
    {"object", acc_cmd_object, "ORG:ARTICLE [--text-file F] [--precludes-entry-into-force]",
     "Object to ORG's reservation to ARTICLE, within the objection period.",
     "  --text-file F    the objection's text\n"
     "  --precludes-entry-into-force  the convention does not enter into force between the "
     "two\n",
     P | CTX, 1, 1, NULL, object_opts, NULL},
    {"deposit", acc_cmd_deposit,
     "(ratification | acceptance | approval | accession) "
     "[--text-file F]",
     "Deposit your organisation's instrument of consent to be bound.",
     "  --text-file F    the instrument's text\n", P | CTX, 1, 1, NULL, deposit_opts, NULL},
    {"notify", acc_cmd_notify, "ORG",
     "Acknowledge ORG's deposit (the depositary only); announces entry into force.", "", P | CTX, 1,
     1, "organisation", NULL, NULL},
    {"withdraw-reservation", acc_cmd_withdraw_reservation, "ARTICLE",
     "Withdraw your organisation's reservation to ARTICLE.", "", P | CTX, 1, 1, "article", NULL,
     NULL},
    {"denounce", acc_cmd_denounce, "[--text-file F]",
     "Withdraw your organisation from the convention (effective after its notice period).",
     "  --text-file F    the notification's text\n", P | CTX, 0, 0, NULL, deposit_opts, NULL},
    {"treaty", acc_cmd_treaty, "[--at REV] [--json]",
     "The status of the convention: signatures, instruments, reservations, entry into force.",
     AT_OPT JSON_OPT, P | READS | JSON_F | AT_F | STATE, 0, 0, NULL, NULL, NULL},
    {"rules", acc_cmd_rules,
     "[--rule R] [--quorum F] [--ratification-rule R] [--ratification-quorum F]",
     "Change the voting rules for ballots opened from now on (chair only).",
     "  --rule R         simple, two-thirds, absolute, unanimity or consensus\n  --quorum F       "
     "fraction of member weight that must vote, e.g. 1/2\n  --ratification-rule R    the rule of "
     "the ratification ballot\n  --ratification-quorum F  the quorum of the ratification ballot\n",
     0, -1, 0, NULL, NULL, NULL},
    {"order", acc_cmd_order, "CLAUSE [AMENDMENT...]",
     "Set the voting order of a clause's amendments (chair only; none resets it).", "", P | CTX, 1,
     INT_MAX, NULL, NULL, NULL},
    {"registry", acc_cmd_registry,
     "(add-key ORG EMAIL (--key-file PUB | KEYLINE) | revoke-key ORG EMAIL | add-delegate ORG "
     "\"Name <email>\" [--key-file PUB] | remove-delegate ORG EMAIL | admit ORG --name NAME "
     "--role member|observer [--type T] [--weight N] [--delegate \"Name <email>\" "
     "[--key-file PUB]]...)",
     "Change the registry (chair only): delegates' keys, delegates, new organisations.",
     "  add-key          register (or replace) a delegate's key\n"
     "  revoke-key       revoke a delegate's key: the delegate stays, and cannot sign\n"
     "  add-delegate     add a delegate, with a key or none\n"
     "  remove-delegate  remove a delegate (never the chair's last one)\n"
     "  admit            admit a new member or observer organisation\n"
     "  --key-file PUB   the delegate's ssh public key (a .pub file)\n",
     0, -1, 0, NULL, NULL, NULL},
    {"export", acc_cmd_export,
     "[--format md|txt|html|akn|json|csv|pdf] [--at REV] [--changes-since REV] [--lang LANG] "
     "[--paper a4|letter] [-o FILE] | --format site DIR",
     "Export the convention as a document (by default its latest ratified text).",
     "  -f, --format F   md, txt, html, akn (Akoma Ntoso XML), json, csv or pdf (default:\n"
     "                   from the -o file's extension, else md)\n"
     "  --at REV         export the convention as it was at REV (default: the latest\n"
     "                   ratification tag, else the current text)\n"
     "  --changes-since REV  html: show insertions and deletions since REV\n"
     "  --lang LANG      the edition in LANG (its translations; HTML lang and dir,\n"
     "                   Akoma Ntoso FRBRlanguage and xml:lang); all: every\n"
     "                   language after the source (md, txt, html)\n"
     "  --paper P        pdf: a4 (default) or letter\n"
     "  -o, --output F   write to F (replaced whole) instead of standard output\n"
     "  --format site DIR  the public static site (HTML and CSS, no script) into the\n"
     "                   folder DIR: empty, absent, or an earlier site (replaced whole)\n",
     P | READS | AT_F, 0, 1, NULL, export_opts, "f:o:"},
    {"allowed-signers", acc_cmd_allowed_signers, "[--at REV]",
     "Print a git allowed_signers file built from the registry.", AT_OPT, P | READS | AT_F | STATE,
     0, 0, NULL, NULL, NULL},
    {"verify", acc_cmd_verify, "[--at REV] [--since REV] [--json]",
     "Audit the whole history: signatures, permissions and procedure (exit 4 on problems).",
     AT_OPT "  --since REV      check only the commits after REV (an ancestor)\n" JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 0, 0, NULL, verify_opts, NULL},
    {"clone", acc_cmd_clone, "URL DIR [--expect-root COMMIT] [--expect-key SHA256:...]",
     "Clone a convention from a git remote into DIR, and verify it.",
     "      --expect-root COMMIT   refuse any convention whose root is another commit\n"
     "      --expect-key SHA256:.. refuse a root not signed by the key with this fingerprint\n",
     P | OTHER, 2, 2, NULL, clone_opts, NULL},
    {"sync", acc_cmd_sync, "[REMOTE] [--publish-local [--yes]] [--json]",
     "Fetch, verify, replay your unshared actions on top, and push (default: origin).",
     "  --publish-local  push this clone's verified history over a rolled-back remote\n"
     "  --yes            confirm --publish-local without asking\n" JSON_OPT,
     P | JSON_F | CTX, 0, 1, NULL, sync_opts, NULL},
    {"diff", acc_cmd_diff,
     "AMENDMENT [--format=inline|side|json] [--color=WHEN] [--at REV] | --from REV [--to REV] "
     "[CLAUSE] | CLAUSE --lang LANG --source-changes | --no-index OLD NEW",
     "Show an amendment, what changed between two revisions, or two files, as a word diff.",
     "  --format=F       inline (track changes, the default), side (side by side) or json\n"
     "  --color=WHEN     auto (on a terminal, unless NO_COLOR or TERM=dumb), always or\n"
     "                   never; without colour: [-deleted-] and {+inserted+}\n"
     "  --json           the same as --format=json\n" AT_OPT
     "  --from REV       what changed from the convention at REV...\n"
     "  --to REV         ...to the convention at REV (default: the tip)\n"
     "  --lang L --source-changes  with CLAUSE: the source's changes since its\n"
     "                   translation into L was made\n"
     "  --no-index OLD NEW  the word diff of two files, outside any convention\n"
     "                   (exit 0 when equal, 1 when they differ)\n",
     P | READS, -1, 0, NULL, diff_opts, NULL},
    {"rebase", acc_cmd_rebase, "AMENDMENT",
     "Carry your stale amendment onto the current text (a word merge), or show the conflict.", "",
     P | CTX, 1, 1, "amendment", NULL, NULL},
    {"blame", acc_cmd_blame, "CLAUSE [--at REV] [--json]",
     "Show which adopted amendment, and ballot, put each word of a clause there.", AT_OPT JSON_OPT,
     P | READS | JSON_F | AT_F | CTX, 1, 1, "clause", NULL, NULL},
    {"reindex", acc_cmd_reindex, "", "Rebuild the index from the repository.", "",
     P | READS | INDEX, 0, 0, NULL, NULL, NULL},
    {"tui", acc_cmd_tui, "[CLAUSE | AMENDMENT] [--keys[=roff]]",
     "Open the full-screen interface (at a clause or amendment when given).",
     "  --keys[=roff]    print the interface's keys (roff: as the man page lists them)\n",
     P | OTHER, -1, 0, NULL, tui_opts, NULL},
    {"help", cmd_help, "[COMMAND]", "Show help for accord or one command.", "", READS, 0, 0, NULL,
     NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL},
};

/* Finds a command by name. */
static const acc_cli_command *find_command(const char *name)
{
	const acc_cli_command *k;

	for (k = acc_cli_commands; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* Prints the program's help. */
static void program_help(FILE *f)
{
	const acc_cli_command *k;

	fprintf(f, "usage: accord [-C DIR] [--as EMAIL] [--key FILE] COMMAND [ARGS]\n\n"
		   "Draft, amend and vote on a multi-party convention kept in git.\n\n"
		   "commands:\n");
	for (k = acc_cli_commands; k->name; k++)
		fprintf(f, "  %-11s %s\n", k->name, k->summary);
	fprintf(f, "\nglobal options:\n"
		   "  -C DIR           run as if started in DIR\n"
		   "  --as EMAIL       act as this delegate (also ACCORD_AS; default: git's "
		   "user.email)\n"
		   "  --key FILE       sign with this SSH key (also ACCORD_KEY; default: the demo\n"
		   "                   key of the delegate, then git's user.signingkey)\n"
		   "  --help           this help; `accord COMMAND --help` for one command\n"
		   "  --version        print the version\n"
		   "\nexit status: 0 success, 1 error, 2 usage, 3 refused, 4 verification "
		   "problems\n");
}

/* accord help [COMMAND] */
static int cmd_help(acc_cli *c, int argc, char **argv)
{
	const acc_cli_command *k;

	if (argc > 2)
		return out_usage(c, "unexpected argument '%s'", argv[2]);
	if (argc < 2) {
		program_help(c->out);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0)
		return acc_cli_command_help(c);
	if (!(k = find_command(argv[1])))
		return out_usage(c, "no command '%s'", argv[1]);
	c->cmd = k;
	return acc_cli_command_help(c);
}

int acc_cli_run(int argc, char **argv, const char *dir, const char *as, FILE *out, FILE *err)
{
	return acc_cli_run_key(argc, argv, dir, as, NULL, out, err);
}

/* Runs one command line with the globals and the interface ui (or NULL). */
static int run_with(int argc, char **argv, const char *dir, const char *as, const char *key,
		    FILE *out, FILE *err, const acc_cli_interface *ui)
{
	acc_cli c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.ui = ui;
	c.dir = dir ? dir : ".";
	c.as = as;
	c.key = key;
	c.out = out;
	c.err = err;
	if (argc < 1)
		return ACC_EXIT_USAGE;
	if (!(c.cmd = find_command(argv[0]))) {
		acc_buf safe = ACC_BUF_INIT;

		acc_sanitize(&safe, argv[0], strlen(argv[0]), 0);
		fprintf(err, "accord: no command '%s' (see accord --help)\n",
			safe.ptr ? safe.ptr : "");
		acc_buf_free(&safe);
		return ACC_EXIT_USAGE;
	}
	acc_error_clear();
	/* the set-up the table names, then the command itself */
	if ((rc = acc_cli_setup(&c, argc, argv)) < 0)
		rc = c.cmd->run(&c, argc, argv);
	/* after an action from the command line (not from the interface's
	 * prompt, which tidies when idle), pack loose objects past a threshold */
	if (rc == 0 && ui && c.ctx && !(c.cmd->flags & (ACC_CMD_READS | ACC_CMD_OTHER)) &&
	    acc_ops_tidy(c.ctx, NULL) < 0)
		fprintf(err, "accord: warning: the repository was not packed: %s\n",
			acc_error_last());
	acc_state_free(c.st);
	acc_ctx_free(c.ctx);
	fflush(out);
	return rc;
}

int acc_cli_run_key(int argc, char **argv, const char *dir, const char *as, const char *key,
		    FILE *out, FILE *err)
{
	return run_with(argc, argv, dir, as, key, out, err, NULL);
}

int acc_cli_main(int argc, char **argv, const acc_cli_interface *ui)
{
	const char *dir = NULL, *as = NULL, *key = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-C") == 0 || strcmp(a, "--as") == 0 || strcmp(a, "--key") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "accord: %s needs a value\n", a);
				return ACC_EXIT_USAGE;
			}
			if (a[1] == 'C')
				dir = argv[++i];
			else if (a[2] == 'a')
				as = argv[++i];
			else
				key = argv[++i];
		} else if (strncmp(a, "--as=", 5) == 0) {
			as = a + 5;
		} else if (strncmp(a, "--key=", 6) == 0) {
			key = a + 6;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			program_help(stdout);
			return ACC_EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			printf("accord %s\n", ACCORD_VERSION);
			return ACC_EXIT_OK;
		} else if (a[0] == '-') {
			fprintf(stderr, "accord: unknown option '%s' (see accord --help)\n", a);
			return ACC_EXIT_USAGE;
		} else {
			break;
		}
	}
	if (i >= argc) {
		acc_ctx *probe = NULL;

		/* inside a convention, on a terminal, accord alone is the interface */
		if (ui && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
		    acc_ctx_open(&probe, dir ? dir : ".", NULL) == 0) {
			char *tui_argv[] = {"tui", NULL};

			acc_ctx_free(probe);
			return run_with(1, tui_argv, dir, as, key, stdout, stderr, ui);
		}
		acc_error_clear();
		program_help(stderr);
		return ACC_EXIT_USAGE;
	}
	return run_with(argc - i, argv + i, dir, as, key, stdout, stderr, ui);
}
