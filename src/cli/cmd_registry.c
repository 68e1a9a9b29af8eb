/* cmd_registry: `accord registry`, the chair's changes to the registry
 * (keys, delegates, new organisations). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "out.h"

int acc_cmd_registry(acc_cli *c, int argc, char **argv);

enum { OPT_KEY_FILE = 2101, OPT_NAME, OPT_TYPE, OPT_ROLE, OPT_WEIGHT, OPT_DELEGATE };

/* Reads the public key of file, or normalises line ("type base64
 * [comment]"); a line that is no key is passed on as it is, for the action
 * to refuse.  *out is malloc'd. */
static int read_key(char **out, const char *file, const char *line)
{
	*out = NULL;
	if (file)
		return acc_sign_pubkey(out, file);
	if (acc_sign_key_normalize(out, line) == 0)
		return 0;
	acc_error_clear();
	return (*out = acc_strdup(line)) ? 0 : ACC_ENOMEM;
}

/* Parses the options of a subcommand that takes at most --key-file:
 * *key_file receives it (when allowed: key_file not NULL). */
static int sub_opts(acc_cli *c, int argc, char **argv, const char **key_file)
{
	static const struct option with_key[] = {
	    {"key-file", required_argument, NULL, OPT_KEY_FILE},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0}};
	int o;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", with_key)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c) == 0 ? -1 : ACC_EXIT_USAGE;
		if (o != OPT_KEY_FILE || !key_file)
			return o == OPT_KEY_FILE
				   ? out_usage(c, "--key-file is not an option of %s", argv[0])
				   : ACC_EXIT_USAGE;
		*key_file = optarg;
	}
	return 0;
}

/* accord registry add-key|revoke-key|add-delegate|remove-delegate ... */
static int delegate_cmd(acc_cli *c, int argc, char **argv)
{
	const char *sub = argv[0], *key_file = NULL;
	int adding = strcmp(sub, "add-key") == 0 || strcmp(sub, "add-delegate") == 0;
	int rc = sub_opts(c, argc, argv, adding ? &key_file : NULL);
	char *key = NULL;
	acc_oid_hex commit;

	if (rc)
		return rc < 0 ? 0 : rc;
	if (strcmp(sub, "add-key") == 0) {
		if ((rc = acc_cli_want_args(c, argc, argv, key_file ? 2 : 3, key_file ? 2 : 3)))
			return rc;
	} else if ((rc = acc_cli_want_args(c, argc, argv, 2, 2))) {
		return rc;
	}
	if ((key_file || strcmp(sub, "add-key") == 0) &&
	    (rc = read_key(&key, key_file, argv[optind + 2])) < 0)
		return out_fail(c, rc);
	if ((rc = acc_cli_need_ctx(c)) < 0)
		goto fail;
	if (strcmp(sub, "add-key") == 0)
		rc = acc_ops_registry_add_key(commit, c->ctx, argv[optind], argv[optind + 1], key);
	else if (strcmp(sub, "revoke-key") == 0)
		rc = acc_ops_registry_revoke_key(commit, c->ctx, argv[optind], argv[optind + 1]);
	else if (strcmp(sub, "add-delegate") == 0)
		rc = acc_ops_registry_add_delegate(commit, c->ctx, argv[optind], argv[optind + 1],
						   key);
	else
		rc = acc_ops_registry_remove_delegate(commit, c->ctx, argv[optind],
						      argv[optind + 1]);
	if (rc < 0)
		goto fail;
	if (strcmp(sub, "add-key") == 0)
		out_printf(c, "registered a key for %s of %s (%.12s)\n", argv[optind + 1],
			   argv[optind], commit);
	else if (strcmp(sub, "revoke-key") == 0)
		out_printf(c, "revoked the key of %s of %s (%.12s)\n", argv[optind + 1],
			   argv[optind], commit);
	else if (strcmp(sub, "add-delegate") == 0)
		out_printf(c, "added %s to %s%s (%.12s)\n", argv[optind + 1], argv[optind],
			   key ? " with a key" : "", commit);
	else
		out_printf(c, "removed %s from %s (%.12s)\n", argv[optind + 1], argv[optind],
			   commit);
	free(key);
	return 0;
fail:
	free(key);
	return out_fail(c, rc);
}

/* Frees the keys of an admission. */
static void keys_free(char **keys, size_t n)
{
	size_t i;

	for (i = 0; keys && i < n; i++)
		free(keys[i]);
	free(keys);
}

/* accord registry admit ORG --name N --role R [--type T] [--weight N]
 * [--delegate "Name <email>" [--key-file PUB]]... */
static int admit_cmd(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"name", required_argument, NULL, OPT_NAME},
					     {"type", required_argument, NULL, OPT_TYPE},
					     {"role", required_argument, NULL, OPT_ROLE},
					     {"weight", required_argument, NULL, OPT_WEIGHT},
					     {"delegate", required_argument, NULL, OPT_DELEGATE},
					     {"key-file", required_argument, NULL, OPT_KEY_FILE},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_admit_args a;
	const char **people = acc_calloc((size_t)argc + 1, sizeof(char *));
	char **keys = acc_calloc((size_t)argc + 1, sizeof(char *)), *end;
	acc_oid_hex commit;
	int o, rc = 0;

	memset(&a, 0, sizeof(a));
	if (!people || !keys) {
		rc = out_fail(c, ACC_ENOMEM);
		goto done;
	}
	acc_cli_opts_begin();
	while (rc == 0 && (o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP) {
			rc = acc_cli_command_help(c);
			goto done;
		} else if (o == OPT_NAME) {
			a.name = optarg;
		} else if (o == OPT_TYPE) {
			a.type = optarg;
		} else if (o == OPT_ROLE) {
			a.role = optarg;
		} else if (o == OPT_WEIGHT) {
			unsigned long w = strtoul(optarg, &end, 10);

			if (!*optarg || *end || w == 0 || w > 1000000)
				rc =
				    out_usage(c, "a weight is from 1 to 1000000, not '%s'", optarg);
			a.weight = (unsigned)w;
		} else if (o == OPT_DELEGATE) {
			people[a.ndelegates++] = optarg;
		} else if (o == OPT_KEY_FILE) {
			if (!a.ndelegates || keys[a.ndelegates - 1])
				rc = out_usage(c, "--key-file follows the --delegate it is for");
			else if (acc_sign_pubkey(&keys[a.ndelegates - 1], optarg) < 0)
				rc = out_fail(c, ACC_ERROR);
		} else {
			rc = ACC_EXIT_USAGE;
		}
	}
	if (rc || (rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		goto done;
	if (!a.name || !a.role) {
		rc = out_usage(c, "admit needs --name and --role");
		goto done;
	}
	a.id = argv[optind];
	a.delegates = people;
	a.keys = (const char *const *)keys;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_registry_admit(commit, c->ctx, &a)) < 0) {
		rc = out_fail(c, rc);
		goto done;
	}
	out_printf(c, "admitted %s as %s %s (%.12s)\n", a.id, strcmp(a.role, "member") ? "an" : "a",
		   a.role, commit);
done:
	keys_free(keys, (size_t)argc + 1);
	free(people);
	return rc;
}

int acc_cmd_registry(acc_cli *c, int argc, char **argv)
{
	static const char *const subs[] = {"add-key", "revoke-key", "add-delegate",
					   "remove-delegate", NULL};
	size_t i;

	if (argc < 2)
		return out_usage(c, "missing subcommand");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return acc_cli_command_help(c);
	if (strcmp(argv[1], "admit") == 0)
		return admit_cmd(c, argc - 1, argv + 1);
	for (i = 0; subs[i]; i++)
		if (strcmp(argv[1], subs[i]) == 0)
			return delegate_cmd(c, argc - 1, argv + 1);
	return out_usage(c,
			 "unknown subcommand '%s' (add-key, revoke-key, add-delegate, "
			 "remove-delegate or admit)",
			 argv[1]);
}
