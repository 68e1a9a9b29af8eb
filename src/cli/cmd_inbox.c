/* cmd_inbox: `accord inbox`, what waits for the acting delegate's organisation. */
#include <stdlib.h>
#include <string.h>

#include "accord/inbox.h"
#include "out.h"

/* accord inbox [--json] */
int acc_cmd_inbox(acc_cli *c, int argc, char **argv)
{
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	const char *actor = acc_ctx_actor(c->ctx);
	acc_inbox_item *items = NULL;
	size_t n = 0, i;
	int rc;

	(void)argc;
	(void)argv;
	if (!actor || acc_state_delegate(&org, &del, c->st, actor) < 0 || !org) {
		acc_error_set(ACC_EREFUSED, "%s is not a delegate: the inbox is an organisation's",
			      actor ? actor : "nobody (give --as EMAIL)");
		return out_fail(c, ACC_EREFUSED);
	}
	if ((rc = acc_inbox_items(&items, &n, c->st, org->id)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *j = acc_inbox_json(org->id, items, n);

		free(items);
		if (!j)
			return out_fail(c, ACC_ENOMEM);
		return out_json(c, j) < 0 ? out_fail(c, ACC_ERROR) : 0;
	}
	out_printf(c, "%s (%s): %zu waiting\n", org->name, org->id, n);
	for (i = 0; i < n; i++) {
		const acc_inbox_item *it = &items[i];

		if (it->clause)
			out_printf(c, "  %-10s %-24s %s (clause %s)\n",
				   acc_inbox_kind_name(it->kind), it->id,
				   acc_inbox_kind_what(it->kind), it->clause);
		else
			out_printf(c, "  %-10s %-24s %s\n", acc_inbox_kind_name(it->kind), it->id,
				   acc_inbox_kind_what(it->kind));
	}
	free(items);
	return 0;
}
