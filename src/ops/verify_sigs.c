/* ops: verify's signature checks in a second thread, ahead of the replay
 * (the checks are independent of each other and of the state, and are the
 * most expensive part of a commit's audit). */
#include "verify_sigs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"

#define SIGQ_SIZE 512

/* The outcome for one commit. */
typedef struct {
	acc_oid_hex id;
	int rc;	   /* see acc_sigq_next */
	char *pub; /* rc 0: the signer's key */
	char *msg; /* rc < 0: the error */
} outcome;

struct acc_sigq {
	acc_store *store;	/* the checking thread's own */
	const acc_chain *chain; /* the commits to check, in order (the caller's) */
	pthread_t thread;
	int started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	outcome ring[SIGQ_SIZE];
	size_t head, tail; /* consumed, produced (ever) */
	int done, quit;	   /* the walk ended; the reader left */
	char *gitdir;	   /* to open the repository again */
	int reopen;	   /* the reader asks the thread to let its repository go */
	int released;	   /* and it did, until reopen is 0 again */
};

/* With q->lock held: when the reader asks (acc_sigq_reopen), closes this
 * thread's repository, waits until the reader has reopened its own, then
 * opens it again (on failure the thread stops: the reader checks the rest
 * in place).  0, or 1 when the thread must stop. */
static int pause_point(acc_sigq *q)
{
	if (!q->reopen)
		return 0;
	acc_store_free(q->store);
	q->store = NULL;
	q->released = 1;
	pthread_cond_broadcast(&q->cond);
	while (q->reopen && !q->quit)
		pthread_cond_wait(&q->cond, &q->lock);
	q->released = 0;
	if (q->quit || acc_store_open(&q->store, q->gitdir) < 0) {
		acc_error_clear();
		return 1;
	}
	return 0;
}

/* Checks the signature of commit id into o. */
static void check_one(outcome *o, acc_store *s, const char *id)
{
	char *sig = NULL, *data = NULL;
	size_t len = 0;

	snprintf(o->id, sizeof(o->id), "%s", id);
	o->pub = o->msg = NULL;
	o->rc = acc_store_commit_signature(&sig, &data, &len, s, id);
	if (o->rc == 0 && acc_sign_check(&o->pub, sig, data, len) < 0)
		o->rc = ACC_EVERIFY;
	if (o->rc < 0 && o->rc != ACC_ENOTFOUND)
		o->msg = acc_strdup(acc_error_last());
	acc_error_clear();
	free(sig);
	free(data);
}

/* Checks commit id and queues the outcome; 1 when the reader left. */
static int produce(acc_sigq *q, const char *id)
{
	outcome o;

	pthread_mutex_lock(&q->lock);
	if (pause_point(q)) {
		pthread_mutex_unlock(&q->lock);
		return 1;
	}
	pthread_mutex_unlock(&q->lock);
	check_one(&o, q->store, id);
	pthread_mutex_lock(&q->lock);
	while (q->tail - q->head == SIGQ_SIZE && !q->quit) {
		if (q->reopen && pause_point(q)) {
			q->quit = 1; /* no repository: this outcome is dropped */
			break;
		}
		if (!q->reopen)
			pthread_cond_wait(&q->cond, &q->lock);
	}
	if (q->quit) {
		pthread_mutex_unlock(&q->lock);
		free(o.pub);
		free(o.msg);
		return 1;
	}
	q->ring[q->tail++ % SIGQ_SIZE] = o;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

/* The checking thread: checks the commits of the chain in turn, then says
 * it is done. */
static void *run(void *payload)
{
	acc_sigq *q = payload;
	size_t i, n = acc_store_chain_count(q->chain);
	acc_oid_hex id;

	for (i = 0; i < n; i++) {
		acc_store_chain_id(id, q->chain, i);
		if (produce(q, id))
			break;
	}
	acc_error_clear();
	pthread_mutex_lock(&q->lock);
	acc_store_free(q->store); /* holds no pack open past the walk */
	q->store = NULL;
	q->done = 1;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int acc_sigq_start(acc_sigq **out, const char *gitdir, const acc_chain *chain)
{
	acc_sigq *q = acc_calloc(1, sizeof(*q));
	int rc;

	*out = NULL;
	if (!q)
		return ACC_ENOMEM;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	q->chain = chain;
	if (!(q->gitdir = acc_strdup(gitdir))) {
		acc_sigq_free(q);
		return ACC_ENOMEM;
	}
	if ((rc = acc_store_open(&q->store, gitdir)) < 0) {
		acc_sigq_free(q);
		return rc;
	}
	if (pthread_create(&q->thread, NULL, run, q) != 0) {
		acc_sigq_free(q);
		return acc_error_set(ACC_ERROR, "cannot start a thread");
	}
	q->started = 1;
	*out = q;
	return 0;
}

int acc_sigq_next(acc_sigq *q, char **pub, const char *commit)
{
	outcome o;

	*pub = NULL;
	/* outcomes of commits the audit skipped (after a broken tree) are dropped */
	for (;;) {
		pthread_mutex_lock(&q->lock);
		while (q->head == q->tail && !q->done)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->head == q->tail) {
			pthread_mutex_unlock(&q->lock);
			return 1;
		}
		o = q->ring[q->head++ % SIGQ_SIZE];
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		if (strcmp(o.id, commit) == 0)
			break;
		free(o.pub);
		free(o.msg);
	}
	*pub = o.pub;
	if (o.rc < 0 && o.rc != ACC_ENOTFOUND)
		acc_error_set(o.rc, "%s", o.msg ? o.msg : "cannot check the signature");
	free(o.msg);
	return o.rc;
}

int acc_sigq_reopen(acc_sigq *q, acc_store *mine)
{
	int rc;

	if (!q)
		return acc_store_reopen(mine);
	pthread_mutex_lock(&q->lock);
	q->reopen = 1;
	pthread_cond_broadcast(&q->cond);
	while (!q->released && !q->done && !q->quit)
		pthread_cond_wait(&q->cond, &q->lock);
	pthread_mutex_unlock(&q->lock);
	rc = acc_store_reopen(mine);
	pthread_mutex_lock(&q->lock);
	q->reopen = 0;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return rc;
}

void acc_sigq_free(acc_sigq *q)
{
	if (!q)
		return;
	if (q->started) {
		pthread_mutex_lock(&q->lock);
		q->quit = 1;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	}
	while (q->head != q->tail) {
		outcome *o = &q->ring[q->head++ % SIGQ_SIZE];

		free(o->pub);
		free(o->msg);
	}
	acc_store_free(q->store);
	free(q->gitdir);
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
