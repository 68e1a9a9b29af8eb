/*
 * fuzz_ids: the small validators and parsers of values read from records
 * (ids, emails, amendment ids, quorum fractions, rule / vote / role /
 * status / operation names, ssh public keys), on a NUL-terminated copy of
 * the input.
 *
 * Invariants: each accepted value has the documented shape (checked here
 * by separate code), and each parser round-trips with its formatter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/model.h"
#include "accord/record.h"
#include "accord/rules.h"
#include "accord/sign.h"
#include "fuzz.h"

/* The id rules of model.h, written apart. */
static int id_shape(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > ACC_ID_MAX || s[0] == '-' || s[n - 1] == '-' || strstr(s, "--"))
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-", s[i]))
			return 0;
	return 1;
}

/* What acc_email_valid promises (model.h) and what an allowed_signers
 * principal needs: ASCII, one '@' with text on both sides, no spaces,
 * quotes, commas, wildcards, negation or comment marks, no leading dash. */
static int email_shape(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s), i;

	if (n < 3 || n > 254 || !at || at == s || !at[1] || strchr(at + 1, '@') || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || strchr("\"',*?!#", c))
			return 0;
	}
	return 1;
}

/* Checks ids, emails and amendment ids. */
static void fuzz_id(const char *s)
{
	int valid = acc_id_valid(s);
	char *org = NULL, *back;
	unsigned seq = 0;

	FUZZ_CHECK(valid == id_shape(s));
	if (acc_id_check(s, "fuzz") == 0)
		FUZZ_CHECK(valid);
	else
		FUZZ_CHECK(!valid && fuzz_error_ok());
	if (acc_email_valid(s))
		FUZZ_CHECK(email_shape(s));
	if (acc_amendment_id_split(&org, &seq, s) == 0) {
		FUZZ_CHECK(valid && org && acc_id_valid(org) && seq >= 1);
		FUZZ_CHECK((back = acc_sprintf("%s-%u", org, seq)) != NULL);
		FUZZ_CHECK(strcmp(back, s) == 0);
		free(back);
		free(org);
	} else {
		FUZZ_CHECK(org == NULL);
		if (!fuzz_known("ids-message-raw"))
			FUZZ_CHECK(fuzz_error_ok());
	}
}

/* Checks the quorum fraction parser and its formatter. */
static void fuzz_fraction(const char *s)
{
	unsigned num = 7, den = 7, n2 = 9, d2 = 9;
	char buf[32];

	if (acc_fraction_parse(&num, &den, s) < 0) {
		if (!fuzz_known("ids-message-raw"))
			FUZZ_CHECK(fuzz_error_ok());
		return;
	}
	FUZZ_CHECK(den >= 1 && num <= den);
	acc_fraction_format(buf, sizeof(buf), num, den);
	FUZZ_CHECK(acc_fraction_parse(&n2, &d2, buf) == 0);
	if (num == 0)
		FUZZ_CHECK(n2 == 0 && strcmp(buf, "0") == 0);
	else
		FUZZ_CHECK(n2 == num && d2 == den);
	/* a decimal is reduced: 0.5 is 1/2 */
	if (strchr(s, '.') && num) {
		unsigned a = num, b = den;

		while (b) {
			unsigned t = a % b;

			a = b;
			b = t;
		}
		FUZZ_CHECK(a == 1);
	}
}

/* Checks the name parsers of rules.h and model.h: parse(s) ok => name == s. */
static void fuzz_names(const char *s)
{
	acc_rule rule;
	acc_vote vote;
	acc_role role;
	acc_status status;
	acc_amend_op op;

	if (acc_rule_parse(&rule, s) == 0)
		FUZZ_CHECK(strcmp(acc_rule_name(rule), s) == 0);
	if (acc_vote_parse(&vote, s) == 0)
		FUZZ_CHECK(vote != ACC_VOTE_NONE && strcmp(acc_vote_name(vote), s) == 0);
	if (acc_role_parse(&role, s) == 0)
		FUZZ_CHECK(strcmp(acc_role_name(role), s) == 0);
	if (acc_status_parse(&status, s) == 0)
		FUZZ_CHECK(strcmp(acc_status_name(status), s) == 0);
	if (acc_op_parse(&op, s) == 0)
		FUZZ_CHECK(strcmp(acc_op_name(op), s) == 0);
}

/* Checks acc_sign_key_normalize: "type base64", idempotent. */
static void fuzz_key(const char *s)
{
	char *k = NULL, *k2 = NULL, *sp;

	if (acc_sign_key_normalize(&k, s) < 0) {
		FUZZ_CHECK(k == NULL && fuzz_error_ok());
		return;
	}
	FUZZ_CHECK(k && (sp = strchr(k, ' ')) && sp > k && !strchr(sp + 1, ' '));
	FUZZ_CHECK(strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789@.-") == (size_t)(sp - k));
	FUZZ_CHECK(strlen(sp + 1) >= 16);
	FUZZ_CHECK(
	    strspn(sp + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
	    strlen(sp + 1));
	FUZZ_CHECK(strncmp(s, k, strlen(k)) == 0);
	FUZZ_CHECK(acc_sign_key_normalize(&k2, k) == 0 && strcmp(k, k2) == 0);
	free(k);
	free(k2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);

	fuzz_id(s);
	fuzz_fraction(s);
	fuzz_names(s);
	fuzz_key(s);
	if (acc_record_value_valid(s) == 0)
		FUZZ_CHECK(s[0] && s[0] != ' ' && s[strlen(s) - 1] != ' ');
	free(s);
	acc_error_clear();
	return 0;
}
