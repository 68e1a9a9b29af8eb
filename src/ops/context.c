/* context: the session with a convention (see accord/ops.h). */
#include "accord/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/merge3.h"
#include "accord/record.h"
#include "accord/sign.h"
#include "internal.h"

int acc_ctx_open(acc_ctx **out, const char *path, const char *actor)
{
	acc_ctx *c = acc_calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return ACC_ENOMEM;
	if ((rc = acc_store_open(&c->store, path)) < 0) {
		free(c);
		return rc;
	}
	if (actor && !(c->actor = acc_strdup(actor))) {
		acc_ctx_free(c);
		return ACC_ENOMEM;
	}
	*out = c;
	return 0;
}

void acc_ctx_free(acc_ctx *c)
{
	if (!c)
		return;
	acc_index_free(c->index);
	acc_store_free(c->store);
	free(c->actor);
	free(c->key);
	free(c->key_pub);
	free(c);
}

acc_store *acc_ctx_store(const acc_ctx *c)
{
	return c->store;
}

const char *acc_ctx_actor(const acc_ctx *c)
{
	return c->actor;
}

/* Replaces *slot with a copy of value (NULL clears it). */
static int set_string(char **slot, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = acc_strdup(value)))
		return ACC_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

int acc_ctx_set_actor(acc_ctx *c, const char *email)
{
	return set_string(&c->actor, email);
}

const char *acc_ctx_key(const acc_ctx *c)
{
	return c->key;
}

int acc_ctx_set_key(acc_ctx *c, const char *path)
{
	int rc = set_string(&c->key, path);

	if (rc == 0) {
		free(c->key_pub);
		c->key_pub = NULL;
	}
	return rc;
}

long long acc_ctx_now(const acc_ctx *c)
{
	return c->now;
}

void acc_ctx_set_now(acc_ctx *c, long long now)
{
	c->now = now;
}

int acc_ctx_index_rebuilt(const acc_ctx *c)
{
	return c->index_rebuilt;
}
