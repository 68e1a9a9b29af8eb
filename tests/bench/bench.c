/*
 * accord-bench: the benchmarks of issue 8, "Performance at negotiation
 * scale", against a convention made by accord-bench-gen.
 *
 *   accord-bench [options] REPO          measures every row, prints TSV
 *   accord-bench bulk-check REPO [N]      store_bulk == acc_store_commit
 *
 * Options: --small REPO (the 1/100 convention, for row 4), --accord PATH
 * (the binary; default ./accord), --reps N (runs per figure, the median is
 * reported; default 5), --budget S (stop repeating a figure after S
 * seconds; default 60), --verify-cap S (stop `accord verify` after S
 * seconds; default 600), --rows LIST (e.g. 1,2,9), --tmp DIR.
 *
 * Each result line is tab-separated:
 *   row  what  value  unit  baseline  baseline-what  ratio  goal  verdict  note
 * where ratio is value/baseline and verdict is "met", "MISSED" or "-"
 * (no goal).  tests/bench/run.sh makes the table of them.
 *
 * Nothing here is estimated except the baseline of row 9 (ssh-keygen -Y
 * verify on a sample of commits, extrapolated to the whole history), as
 * the issue says.  Timed loops never delete anything (ext4 without a
 * journal slows file creation after deletions).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "accord/index.h"
#include "accord/model.h"
#include "accord/ops.h"
#include "accord/record.h"
#include "accord/rules.h"
#include "accord/sign.h"
#include "accord/sshsig.h"
#include "accord/store.h"
#include "store_bulk.h"
/* white-box: the benchmark times the session's own index */
#include "../../src/ops/internal.h"
#include "accord/textdiff.h"
#include "accord/verify.h"
#include "tool.h"

/* ---- options and results --------------------------------------------------- */

static const char *repo, *small_repo, *accord_bin = "./accord", *tmpdir;
static int reps = 5, budget = 60, verify_cap = 600, keep_index;
static char rows_wanted[64];

/* 1 when row r was asked for. */
static int want(int r)
{
	char key[8], list[80];

	if (!rows_wanted[0])
		return 1;
	snprintf(key, sizeof(key), ",%d,", r);
	snprintf(list, sizeof(list), ",%s,", rows_wanted);
	return strstr(list, key) != NULL;
}

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds used by this process. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Median of n values (sorts them). */
static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	if (n <= 0)
		return -1;
	qsort(v, (size_t)n, sizeof(double), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Prints one result line.  value or baseline < 0: not measured. */
static void result(const char *row, const char *what, double value, const char *unit, double base,
		   const char *base_what, const char *goal, int verdict, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

static void result(const char *row, const char *what, double value, const char *unit, double base,
		   const char *base_what, const char *goal, int verdict, const char *fmt, ...)
{
	char note[2048] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(note, sizeof(note), fmt, ap);
		va_end(ap);
	}
	printf("%s\t%s\t", row, what);
	if (value >= 0)
		printf("%.6g", value);
	else
		printf("-");
	printf("\t%s\t", unit);
	if (base >= 0)
		printf("%.6g", base);
	else
		printf("-");
	printf("\t%s\t", base_what ? base_what : "-");
	if (value >= 0 && base > 0)
		printf("%.3g", value / base);
	else
		printf("-");
	printf("\t%s\t%s\t%s\n", goal ? goal : "-",
	       verdict < 0 ? "-"
	       : verdict   ? "met"
			   : "MISSED",
	       note);
	fflush(stdout);
}

/* ---- processes ------------------------------------------------------------------ */

typedef struct {
	double secs, cpu; /* wall time; user + system time of the child */
	long maxrss_kb;
	int status; /* exit status, or 128+signal, or -1 */
	int killed; /* stopped at the cap */
	char *out;  /* standard output when asked for */
	size_t olen;
} run_result;

/* The environment with extra "K=V" entries set (replacing the same keys);
 * the array is malloc'd, its strings are borrowed. */
static char **env_with(char *const extra[])
{
	extern char **environ;
	size_t n = 0, k = 0, i, j;
	char **out;

	while (environ[n])
		n++;
	for (j = 0; extra && extra[j]; j++)
		;
	out = calloc(n + j + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		size_t kl = strcspn(environ[i], "=");
		int replaced = 0;

		for (j = 0; extra && extra[j] && !replaced; j++)
			replaced = !strncmp(extra[j], environ[i], kl) && extra[j][kl] == '=';
		if (!replaced)
			out[k++] = environ[i];
	}
	for (j = 0; extra && extra[j]; j++)
		out[k++] = extra[j];
	return out;
}

/*
 * Starts argv with posix_spawnp: no copy of this process's page tables (a
 * fork from a process holding a design-scale state costs tens of
 * milliseconds, which would be charged to the baseline).  fds[0..2] are
 * the child's standard streams (-1: /dev/null); err_path, when not NULL,
 * replaces fds[2].  Returns the pid.
 */
static pid_t spawn(char *const argv[], const int fds[3], const char *err_path, char *const env[],
		   const char *dir, int setsid_)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	char **envp = env_with(env);
	pid_t pid = -1;
	int i;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	if (setsid_)
		posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
	if (dir)
		posix_spawn_file_actions_addchdir_np(&fa, dir);
	for (i = 0; i < 3; i++) {
		if (i == 2 && err_path)
			posix_spawn_file_actions_addopen(&fa, 2, err_path,
							 O_WRONLY | O_CREAT | O_TRUNC, 0644);
		else if (fds[i] >= 0)
			posix_spawn_file_actions_adddup2(&fa, fds[i], i);
		else
			posix_spawn_file_actions_addopen(&fa, i, "/dev/null",
							 i ? O_WRONLY : O_RDONLY, 0);
	}
	if (posix_spawnp(&pid, argv[0], &fa, &at, argv, envp) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(envp);
	return pid;
}

/*
 * Runs argv (PATH searched) with stdin from `in` (NULL: /dev/null), standard
 * output kept when keep_out (else /dev/null), standard error to err_path
 * (NULL: /dev/null), extra environment env (NULL-terminated "K=V"), killed
 * after cap seconds (0: no cap).  Measures wall time and peak memory.
 */
static run_result run(char *const argv[], const char *in, size_t inlen, int keep_out,
		      const char *err_path, char *const env[], double cap)
{
	run_result r = {0, 0, 0, -1, 0, NULL, 0};
	int pin[2], pout[2], out_open = 1, ws = 0;
	double t0;
	pid_t pid;
	struct rusage ru;
	size_t olen = 0, oalloc = 0, written = 0;

	if (pipe(pin) < 0 || pipe(pout) < 0) {
		perror("pipe");
		exit(1);
	}
	signal(SIGPIPE, SIG_IGN);
	/* the parent's ends must not leak into the child */
	fcntl(pin[1], F_SETFD, FD_CLOEXEC);
	fcntl(pout[0], F_SETFD, FD_CLOEXEC);
	t0 = now();
	{
		int fds[3] = {in && inlen ? pin[0] : -1, keep_out ? pout[1] : -1, -1};

		pid = spawn(argv, fds, err_path, env, NULL, 0);
	}
	if (pid < 0) {
		fprintf(stderr, "accord-bench: cannot run %s\n", argv[0]);
		exit(1);
	}
	close(pin[0]);
	close(pout[1]);
	if (!in || !inlen) {
		close(pin[1]);
		pin[1] = -1;
	}
	fcntl(pout[0], F_SETFL, O_NONBLOCK);
	if (pin[1] >= 0)
		fcntl(pin[1], F_SETFL, O_NONBLOCK);
	while (out_open || pin[1] >= 0) {
		struct pollfd fds[2];
		int nf = 0, rc, i;

		if (cap > 0 && now() - t0 > cap)
			break;
		if (out_open)
			fds[nf++] = (struct pollfd){pout[0], POLLIN, 0};
		if (pin[1] >= 0)
			fds[nf++] = (struct pollfd){pin[1], POLLOUT, 0};
		rc = poll(fds, (nfds_t)nf, 200);
		if (rc < 0 && errno != EINTR)
			break;
		for (i = 0; i < nf && rc > 0; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == pin[1]) {
				ssize_t w = write(pin[1], in + written, inlen - written);

				if (w > 0)
					written += (size_t)w;
				if ((w < 0 && errno != EAGAIN) || written == inlen) {
					close(pin[1]);
					pin[1] = -1;
				}
			} else {
				char buf[65536];
				ssize_t n = read(pout[0], buf, sizeof(buf));

				if (n > 0) {
					if (olen + (size_t)n + 1 > oalloc) {
						oalloc = (olen + (size_t)n + 1) * 2;
						r.out = realloc(r.out, oalloc);
					}
					memcpy(r.out + olen, buf, (size_t)n);
					olen += (size_t)n;
					r.out[olen] = '\0';
				} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
					out_open = 0;
				}
			}
		}
	}
	memset(&ru, 0, sizeof(ru));
	for (;;) {
		pid_t w = wait4(pid, &ws, cap > 0 ? WNOHANG : 0, &ru);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		if (cap > 0 && now() - t0 > cap) {
			kill(pid, SIGKILL);
			r.killed = 1;
			wait4(pid, &ws, 0, &ru);
			break;
		}
		if (cap > 0)
			usleep(2000);
	}
	r.secs = now() - t0;
	r.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	r.maxrss_kb = ru.ru_maxrss;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
	if (pin[1] >= 0)
		close(pin[1]);
	close(pout[0]);
	r.olen = olen;
	if (keep_out && !r.out)
		r.out = strdup("");
	return r;
}

/*
 * Runs argv with no input or output kept, under GNU time (/usr/bin/time -f
 * %M) so that maxrss_kb is the child's own peak: the kernel charges a
 * child with the size of the process it was started from until its exec,
 * and this benchmark is large.  On the cap, only the measured program is
 * killed, so time still reports.  Without /usr/bin/time, maxrss_kb is -1.
 */
static run_result run_rss(char *const argv[], char *const env[], double cap)
{
	char *out = xsprintf("%s/time.out", tmpdir), *tv[64];
	run_result r = {0, 0, 0, -1, 0, NULL, 0};
	int fds[3] = {-1, -1, -1}, ws = 0, n = 0, i;
	struct rusage ru;
	double t0;
	pid_t pid;

	if (access("/usr/bin/time", X_OK) != 0) {
		r = run(argv, NULL, 0, 0, NULL, env, cap);
		r.maxrss_kb = -1;
		free(out);
		return r;
	}
	tv[n++] = "/usr/bin/time";
	tv[n++] = "-f";
	tv[n++] = "%M";
	tv[n++] = "-o";
	tv[n++] = out;
	for (i = 0; argv[i] && n < 62; i++)
		tv[n++] = argv[i];
	tv[n] = NULL;
	unlink(out);
	t0 = now();
	if ((pid = spawn(tv, fds, NULL, env, NULL, 0)) < 0) {
		fprintf(stderr, "accord-bench: cannot run /usr/bin/time\n");
		exit(1);
	}
	memset(&ru, 0, sizeof(ru));
	for (;;) {
		pid_t w = wait4(pid, &ws, WNOHANG, &ru);

		if (w == pid)
			break;
		if (cap > 0 && now() - t0 > cap && !r.killed) {
			/* stop the program, not time: its report is what we want */
			char *path = xsprintf("/proc/%d/task/%d/children", (int)pid, (int)pid),
			     *kids = NULL;

			if (acc_file_read(&kids, NULL, path, 4096) == 0 && atoi(kids) > 0)
				kill((pid_t)atoi(kids), SIGKILL);
			else
				kill(pid, SIGKILL);
			acc_error_clear();
			free(kids);
			free(path);
			r.killed = 1;
		}
		usleep(5000);
	}
	r.secs = now() - t0;
	r.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
	{
		char *text = NULL, *last;

		if (acc_file_read(&text, NULL, out, 1 << 16) == 0) {
			/* the last line is the figure ("Command terminated..." may precede it) */
			size_t l = strlen(text);

			while (l && (text[l - 1] == '\n' || text[l - 1] == ' '))
				text[--l] = '\0';
			last = strrchr(text, '\n');
			r.maxrss_kb = atol(last ? last + 1 : text);
		}
		acc_error_clear();
		free(text);
	}
	free(out);
	return r;
}

/* ---- the manifest ------------------------------------------------------------------ */

static char *m_tip, *m_full, *m_open, *m_clause, *m_preset, *voters[50];
static size_t nvoters;
static long m_commits, m_votes;

/* Reads <gitdir>/accord/bench.manifest. */
static void read_manifest(acc_store *s)
{
	char *path = xsprintf("%saccord/bench.manifest", acc_store_gitdir(s)), line[512];
	FILE *f = fopen(path, "r");

	nvoters = 0;
	if (!f) {
		fprintf(stderr, "accord-bench: no %s (make it with accord-bench-gen)\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v;

		line[strcspn(line, "\n")] = '\0';
		if (!eq)
			continue;
		*eq = '\0';
		v = strdup(eq + 1);
		if (!strcmp(line, "tip"))
			m_tip = v;
		else if (!strcmp(line, "full_ballot"))
			m_full = v;
		else if (!strcmp(line, "open_ballot"))
			m_open = v;
		else if (!strcmp(line, "ballot_clause"))
			m_clause = v;
		else if (!strcmp(line, "preset"))
			m_preset = v;
		else if (!strcmp(line, "commits"))
			m_commits = atol(v), free(v);
		else if (!strcmp(line, "vote"))
			m_votes = atol(v), free(v);
		else if (!strcmp(line, "voter") && nvoters < 50)
			voters[nvoters++] = v;
		else
			free(v);
	}
	fclose(f);
	free(path);
	if (!m_tip || !m_full || !m_open || nvoters < 10) {
		fprintf(stderr, "accord-bench: incomplete manifest\n");
		exit(1);
	}
}

/* Puts the branch back where the generator left it, and drops the index
 * (outside any timed loop). */
static void reset_repo(acc_store *s)
{
	char *ix = xsprintf("%saccord/index.sqlite", acc_store_gitdir(s));

	CHECK(acc_store_set_ref(s, "refs/heads/main", m_tip, "accord-bench: reset"), "reset");
	if (keep_index) {
		free(ix);
		return;
	}
	unlink(ix);
	free(ix);
	ix = xsprintf("%saccord/index.sqlite-wal", acc_store_gitdir(s));
	unlink(ix);
	free(ix);
	ix = xsprintf("%saccord/index.sqlite-shm", acc_store_gitdir(s));
	unlink(ix);
	free(ix);
}

/* ---- helpers on the convention ----------------------------------------------------- */

/* The next vote for a voter: alternates yes and no, so each is a change. */
static acc_vote next_vote(size_t voter)
{
	static unsigned char last[50];

	last[voter] = last[voter] == ACC_VOTE_YES ? ACC_VOTE_NO : ACC_VOTE_YES;
	return (acc_vote)last[voter];
}

/* A context acting as voter v (index opened and brought up to date when
 * with_index). */
static acc_ctx *ctx_as(size_t v, int with_index)
{
	acc_ctx *c = NULL;

	CHECK(acc_ctx_open(&c, repo, voters[v % nvoters]), "open");
	if (with_index) {
		acc_index *ix;

		CHECK(acc_ops_index(&ix, c), "index");
	}
	return c;
}

/* The demo key file of a delegate. */
static char *key_of(acc_store *s, const char *email)
{
	return xsprintf("%saccord/keys/%s", acc_store_gitdir(s), email);
}

/* One vote action by voter v on the open ballot; returns its seconds. */
static double vote_once(acc_ctx *c, size_t v)
{
	acc_oid_hex commit;
	double t0;

	if (strcmp(acc_ctx_actor(c), voters[v % nvoters]) != 0)
		acc_ctx_set_actor(c, voters[v % nvoters]);
	t0 = now();
	CHECK(acc_ops_vote(commit, c, m_open, next_vote(v % nvoters)), "vote");
	return now() - t0;
}

/* One vote by voter v on the open ballot, yes or no, whichever it may
 * (the repository may hold votes of earlier runs). */
static void profile_vote_once(acc_ctx *c, size_t v)
{
	acc_oid_hex commit;
	acc_vote x = next_vote(v % nvoters);

	if (strcmp(acc_ctx_actor(c), voters[v % nvoters]) != 0)
		acc_ctx_set_actor(c, voters[v % nvoters]);
	if (acc_ops_vote(commit, c, m_open, x) < 0) {
		acc_error_clear();
		CHECK(acc_ops_vote(commit, c, m_open, next_vote(v % nvoters)), "vote");
	}
}

/* Sends cmd to a perf record --control fifo:$ACCORD_BENCH_PERF_CTL,ACK
 * (started with -D -1) and waits for its ack: profiles what lies between. */
static void perf_ctl(const char *cmd)
{
	const char *ctl = getenv("ACCORD_BENCH_PERF_CTL"), *ack = getenv("ACCORD_BENCH_PERF_ACK");
	char buf[16];
	FILE *f;

	if (!ctl || !ack || !(f = fopen(ctl, "w")))
		return;
	fprintf(f, "%s\n", cmd);
	fclose(f);
	if ((f = fopen(ack, "r"))) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
}

/* ---- row 1 baseline: the git command line ----------------------------------------- */

static double git_cpu; /* CPU of the git processes run by git_out */

/* Runs git with args in the repository; returns its output (trimmed). */
static char *git_out(double *secs, const char *in, char *const *args)
{
	char *argv[32];
	size_t n = 0;
	run_result r;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = (char *)repo;
	argv[n++] = "-c";
	argv[n++] = "core.fsync=loose-object,reference";
	argv[n++] = "-c";
	argv[n++] = "core.fsyncMethod=fsync";
	for (; *args; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	r = run(argv, in, in ? strlen(in) : 0, 1, NULL, NULL, 0);
	*secs += r.secs;
	git_cpu += r.cpu;
	if (r.status != 0) {
		fprintf(stderr, "accord-bench: git %s failed\n", argv[7]);
		exit(1);
	}
	while (strlen(r.out) && r.out[strlen(r.out) - 1] == '\n')
		r.out[strlen(r.out) - 1] = '\0';
	return r.out;
}

/*
 * Commits one file change (path = data) on top of parent with the git
 * command line, the cheapest way it offers without a work tree: hash-object
 * for the blob, ls-tree and mktree for each folder up to the root,
 * commit-tree, and a compare-and-swap update-ref (on refs/bench/git, so
 * accord's history stays accord's).  Objects and the ref are fsynced, as
 * accord does.  Returns the seconds of the whole sequence.
 */
static double git_commit_file(char *out_commit, const char *parent, const char *path,
			      const char *data, const char *msg, const char *email)
{
	double secs = 0;
	char *blob, *child, *dirs[16], *p = strdup(path), *slash;
	size_t nd = 0, i;
	char *tmp;

	{
		char *a[] = {"hash-object", "-w", "--stdin", NULL};

		blob = git_out(&secs, data, a);
	}
	/* folders from the root down: "", "a", "a/b", ... */
	dirs[nd++] = strdup("");
	for (slash = strchr(p, '/'); slash; slash = strchr(slash + 1, '/'))
		dirs[nd++] = strndup(p, (size_t)(slash - p));
	child = blob;
	for (i = nd; i-- > 0;) {
		const char *name = path + (dirs[i][0] ? strlen(dirs[i]) + 1 : 0);
		size_t nl = strcspn(name, "/");
		int is_tree = i + 1 < nd;
		char *spec = xsprintf("%s:%s", parent, dirs[i]), *listing, *line, *save = NULL;
		acc_buf in = ACC_BUF_INIT;
		int done = 0;
		char *a[] = {"ls-tree", spec, NULL};

		listing = git_out(&secs, NULL, a);
		for (line = strtok_r(listing, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *tab = strchr(line, '\t');

			if (tab && strlen(tab + 1) == nl && !strncmp(tab + 1, name, nl)) {
				acc_buf_printf(&in, "%s %s %s\t%.*s\n",
					       is_tree ? "040000" : "100644",
					       is_tree ? "tree" : "blob", child, (int)nl, name);
				done = 1;
			} else {
				acc_buf_printf(&in, "%s\n", line);
			}
		}
		if (!done)
			acc_buf_printf(&in, "%s %s %s\t%.*s\n", is_tree ? "040000" : "100644",
				       is_tree ? "tree" : "blob", child, (int)nl, name);
		{
			char *m[] = {"mktree", NULL};
			char *t = git_out(&secs, in.ptr, m);

			free(child);
			child = t;
		}
		acc_buf_free(&in);
		free(listing);
		free(spec);
	}
	{
		char *a[] = {"-c", "user.name=Delegate", "-c", NULL, "commit-tree", child,
			     "-p", (char *)parent,	 "-F", "-",  NULL};

		a[3] = xsprintf("user.email=%s", email);
		tmp = git_out(&secs, msg, a);
		free(a[3]);
	}
	{
		char *a[] = {"update-ref", "refs/bench/git", tmp, NULL};

		free(git_out(&secs, NULL, a));
	}
	snprintf(out_commit, 41, "%s", tmp);
	free(tmp);
	free(child);
	for (i = 0; i < nd; i++)
		free(dirs[i]);
	free(p);
	return secs;
}

/* ---- rows ---------------------------------------------------------------------------- */

static double unsigned_vote = -1;   /* row 1's median, for row 2 */
static double state_load_secs = -1; /* row 7: one whole-state load at the tip */

/* Row 0: what bounds the others on this machine: one fsync of a new small
 * file, and the start of a process (accord, git). */
static void row0(void)
{
	double f[32], a[16], g[16], aw[16], gw[16];
	int nf = 0, na = 0, ng = 0, i;

	for (i = 0; i < 20; i++) {
		char *path = xsprintf("%s/fsync-%d", tmpdir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		char block[1024];
		double t0;

		memset(block, 'x', sizeof(block));
		if (fd < 0 || write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
			perror(path);
			exit(1);
		}
		t0 = now();
		fsync(fd);
		f[nf++] = now() - t0;
		close(fd);
		free(path);
	}
	for (i = 0; i < 2 * reps; i++) {
		char *av[] = {(char *)accord_bin, "--version", NULL};
		char *gv[] = {"git", "--version", NULL};

		run_result ra = run(av, NULL, 0, 0, NULL, NULL, 30);
		run_result rg = run(gv, NULL, 0, 0, NULL, NULL, 30);

		a[na] = ra.cpu, aw[na++] = ra.secs;
		g[ng] = rg.cpu, gw[ng++] = rg.secs;
	}
	result("0", "reference: fsync of a new 1 KB file", median(f, nf) * 1000, "ms", -1, NULL,
	       NULL, -1, "median of %d (what bounds durable actions on this disk)", nf);
	result("0", "start and exit of accord --version (CPU)", median(a, na) * 1000, "ms",
	       median(g, ng) * 1000, "git --version (CPU)", "<= 1.5x git",
	       median(a, na) <= 1.5 * median(g, ng),
	       "median of %d; CPU (user + system) of the process, which the load of a shared "
	       "machine does not inflate; wall %.2f ms against git's %.2f ms; the front alone: "
	       "the core library is not loaded",
	       na, median(aw, na) * 1000, median(gw, ng) * 1000);
}

/* Row 5: full index rebuild, against a libgit2 walk reading every commit. */
static int walk_cb(const acc_commit_info *c, void *payload)
{
	(*(size_t *)payload)++;
	(void)c;
	return 0;
}

static void row5(void)
{
	acc_ctx *c = NULL;
	acc_index *ix;
	acc_oid_hex head;
	double v[16], w[16], t0, c0, cpu = 0;
	int n = 0, nw = 0, i;
	size_t count = 0;
	double start = now();

	CHECK(acc_ctx_open(&c, repo, NULL), "open");
	CHECK(acc_store_head(acc_ctx_store(c), head), "head");
	for (i = 0; i < reps && (i == 0 || now() - start < budget); i++) {
		count = 0;
		t0 = now();
		CHECK(acc_store_walk(acc_ctx_store(c), head, NULL, walk_cb, &count), "walk");
		w[nw++] = now() - t0;
	}
	start = now();
	for (i = 0; i < reps && (i == 0 || now() - start < budget); i++) {
		if (c->index) {
			CHECK(acc_index_begin(c->index), "index");
			CHECK(acc_index_clear(c->index), "index");
			CHECK(acc_index_commit(c->index), "index");
		}
		t0 = now();
		c0 = cpu_now();
		CHECK(acc_ops_index(&ix, c), "index rebuild");
		v[n++] = now() - t0;
		cpu = cpu_now() - c0;
	}
	{
		double mv = median(v, n), mw = median(w, nw);

		result("5", "full index rebuild", mv, "s", mw, "libgit2 walk reading every commit",
		       "<= 3x", mv <= 3 * mw,
		       "%zu commits; CPU of the last rebuild %.1f s; median of %d and %d runs",
		       count, cpu, n, nw);
	}
	acc_ctx_free(c);
}

/* Row 6: index update after one new action. */
static void row6(void)
{
	acc_ctx *reader = ctx_as(0, 1), *writer = ctx_as(1, 0);
	acc_index *ix;
	double v[32], start = now();
	int n = 0, i;

	for (i = 0; i < reps && (i == 0 || now() - start < budget); i++) {
		double t0;

		vote_once(writer, 1);
		t0 = now();
		CHECK(acc_ops_index(&ix, reader), "index update");
		v[n++] = now() - t0;
	}
	{
		double m = median(v, n);

		result("6", "index update after one new action", m * 1000, "ms", -1, NULL, "< 5 ms",
		       m * 1000 < 5, "median of %d", n);
	}
	acc_ctx_free(reader);
	acc_ctx_free(writer);
}

/*
 * Rows 1 and 2: one vote action end to end, unsigned and signed (accord
 * signs through ssh-keygen today), runs interleaved so that both see the
 * same machine; against the git command line and one ssh-keygen process.
 */
static void row1(void)
{
	acc_ctx *c = ctx_as(2, 1), *cs = ctx_as(3, 1);
	double v[64], vc[64], sv[64], g[32], gc[32], k[32], kc[32], in_proc[64], start = now();
	int n = 0, ns = 0, ng = 0, nk = 0, ni = 0, i, most = 3 * reps;
	acc_state *st = NULL;
	acc_oid_hex head;
	char *path = NULL, *key = key_of(cs->store, voters[3]), *data;
	acc_sshsig_key *sk = NULL;

	cs->key = strdup(key);
	for (i = 0; i < most && (i < 2 || now() - start < budget); i++) {
		double c0 = cpu_now();

		v[n] = vote_once(c, 2 + (size_t)(i % 8));
		vc[n++] = cpu_now() - c0;
		if (getenv("ACCORD_BENCH_EACH"))
			fprintf(stderr, "vote %d: %.3f ms, CPU %.3f ms\n", i, v[n - 1] * 1000,
				vc[n - 1] * 1000);
		sv[ns++] = vote_once(cs, 3);
	}
	/* the same file change through git: the vote file of voter 2 */
	CHECK(acc_store_head(acc_ctx_store(c), head), "head");
	{
		const acc_org *org;
		const acc_delegate *del;
		const acc_amendment *a;

		CHECK(acc_ops_state(&st, head, c, NULL), "state");
		CHECK(acc_state_delegate(&org, &del, st, voters[2]), "delegate");
		a = acc_state_amendment(st, m_open);
		path = xsprintf("amendments/%s/%u/votes/%s", a->sponsor, a->seq, org->id);
	}
	start = now();
	for (i = 0; i < most && (i < 2 || now() - start < budget); i++) {
		char commit[41], *vdata, *msg;
		acc_vote vv = i % 2 ? ACC_VOTE_YES : ACC_VOTE_NO;

		vdata = xsprintf("Vote: %s\nDelegate: %s\n\n", acc_vote_name(vv), voters[2]);
		msg = xsprintf("Vote %s on %s\n\nAccord-Action: vote\n", acc_vote_name(vv), m_open);
		git_cpu = 0;
		g[ng] = git_commit_file(commit, head, path, vdata, msg, voters[2]);
		gc[ng++] = git_cpu;
		free(vdata);
		free(msg);
	}
	acc_state_free(st);
	free(path);
	data = xsprintf("tree %s\nparent %s\nauthor A <%s> 1767225600 +0000\ncommitter A <%s> "
			"1767225600 +0000\n\nVote yes on %s (x)\n\nAccord-Action: vote\n",
			m_tip, m_tip, voters[3], voters[3], m_open);
	for (i = 0; i < most; i++) {
		char *argv[] = {"ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", key, NULL};
		run_result r = run(argv, data, strlen(data), 1, NULL, NULL, 30);

		if (r.status != 0 || !r.out || !strstr(r.out, "BEGIN SSH SIGNATURE")) {
			fprintf(stderr, "accord-bench: ssh-keygen -Y sign failed\n");
			exit(1);
		}
		free(r.out);
		kc[nk] = r.cpu;
		k[nk++] = r.secs;
	}
	CHECK(acc_sshsig_key_load(&sk, key), "key");
	for (i = 0; i < 50; i++) {
		char *sig = NULL;
		double t0 = now();

		CHECK(acc_sshsig_sign(&sig, sk, "git", data, strlen(data)), "sshsig");
		in_proc[ni++] = now() - t0;
		free(sig);
	}
	acc_sshsig_key_free(sk);
	{
		double m = median(v, n), mc = median(vc, n), mg = median(g, ng);
		double ms = median(sv, ns), mk = median(k, nk), added = ms - m;

		unsigned_vote = m;
		result("1", "vote action, unsigned, end to end", m * 1000, "ms", mg * 1000,
		       "git CLI: hash-object, ls-tree+mktree per folder, commit-tree, update-ref",
		       ">= 10x faster", m * 10 <= mg,
		       "CPU %.1f ms against git's %.1f ms (13 processes); median of %d and %d runs",
		       mc * 1000, median(gc, ng) * 1000, n, ng);
		result("2", "vote action, signed (ssh-keygen), end to end", ms * 1000, "ms", -1,
		       NULL, NULL, -1, "median of %d, interleaved with row 1's runs", ns);
		result("2", "signing's share of it (signed - unsigned)",
		       added > 0 ? added * 1000 : 0, "ms", mk * 1000,
		       "one ssh-keygen -Y sign process", "<= 1 process", added <= mk,
		       "ssh-keygen: CPU %.1f ms, median of %d%s", median(kc, nk) * 1000, nk,
		       added > 0 ? "" : " (the difference is within the noise of the runs)");
		result("2", "in-process signature (sshsig, proposed)", median(in_proc, ni) * 1000,
		       "ms", mk * 1000, "one ssh-keygen -Y sign process", "<= 1 process",
		       median(in_proc, ni) <= mk, "median of %d; byte-identical to ssh-keygen", ni);
	}
	free(key);
	free(data);
	acc_ctx_free(c);
	acc_ctx_free(cs);
}

/* Row 3: actions per second in one long-running process. */
static void row3(void)
{
	acc_ctx *c = ctx_as(4, 1);
	double start = now(), c0 = cpu_now(), el, cpu, gel;
	int n = 0, ng = 0;
	int max = reps * 40;
	acc_state *st = NULL;
	const acc_amendment *a;
	acc_oid_hex head;
	char parent[41];

	while (n < max && (n < 3 || now() - start < budget)) {
		vote_once(c, 4 + (size_t)(n % 10));
		n++;
	}
	el = now() - start;
	cpu = cpu_now() - c0;
	/* the same votes through the git command line, in a loop, each commit
	 * on the one before (git_commit_file: 13 processes a vote) */
	CHECK(acc_store_head(acc_ctx_store(c), head), "head");
	CHECK(acc_ops_state(&st, head, c, NULL), "state");
	a = acc_state_amendment(st, m_open);
	snprintf(parent, sizeof(parent), "%s", head);
	start = now();
	while (ng < n && (ng < 3 || now() - start < budget)) {
		const char *voter = voters[(4 + (size_t)(ng % 10)) % nvoters];
		const acc_org *org;
		const acc_delegate *del;
		char commit[41], *path, *vdata, *msg;

		CHECK(acc_state_delegate(&org, &del, st, voter), "delegate");
		path = xsprintf("amendments/%s/%u/votes/%s", a->sponsor, a->seq, org->id);
		vdata = xsprintf("Vote: %s\nDelegate: %s\n\n", ng % 2 ? "yes" : "no", voter);
		msg = xsprintf("Vote on %s\n\nAccord-Action: vote\n", m_open);
		git_commit_file(commit, parent, path, vdata, msg, voter);
		snprintf(parent, sizeof(parent), "%s", commit);
		ng++;
		free(path);
		free(vdata);
		free(msg);
	}
	gel = now() - start;
	acc_state_free(st);
	result("3", "vote actions per second, one process, unsigned", n / el, "/s", ng / gel,
	       "git CLI in a loop: row 1's 13 processes a vote, each on the last", ">= 300/s",
	       n / el >= 300, "%d actions in %.1f s (CPU %.1f s); git: %d in %.1f s", n, el, cpu,
	       ng, gel);
	acc_ctx_free(c);
}

/* Row 7: tally of the 200-organisation ballot from the index and from a tree. */
static void row7(void)
{
	acc_ctx *c = ctx_as(0, 1);
	acc_oid_hex head;
	double a[64], b[64], x[64], start = now();
	int na = 0, nb = 0, nx = 0, i;
	unsigned members = 0;
	acc_tally t;

	CHECK(acc_store_head(acc_ctx_store(c), head), "head");
	/* accord tally: the registry and the ballot's folder, then the count */
	for (i = 0; i < reps && (i == 0 || now() - start < budget); i++) {
		acc_state *st = NULL;
		const acc_ballot *bal;
		double t0 = now();

		CHECK(acc_ops_state_part(&st, head, c, NULL, m_full), "state");
		CHECK(acc_ops_ballot(&bal, st, m_full), "ballot");
		CHECK(acc_ops_tally(&t, st, bal), "tally");
		a[na++] = now() - t0;
		members = t.members;
		acc_state_free(st);
	}
	/* what verify, export and a whole refresh of the index read: the whole
	 * state (information, no goal) */
	{
		acc_state *st = NULL;
		double t0 = now();

		CHECK(acc_store_load_state(&st, acc_ctx_store(c), head), "state");
		b[nb++] = now() - t0;
		acc_state_free(st);
	}
	/* from the index: the amendment row keeps the members' counts by head
	 * and weight, the org table the electorate */
	for (i = 0; i < 20; i++) {
		acc_tally it;
		double t0 = now();

		CHECK(acc_index_tally(c->index, m_full, &it), "index tally");
		x[nx++] = now() - t0;
		if (it.yes != t.yes || it.no != t.no || it.absent != t.absent)
			fprintf(stderr, "accord-bench: index tally disagrees with the tree\n");
	}
	{
		double ma = median(a, na), mb = median(b, nb), mx = median(x, nx);

		state_load_secs = mb;
		result("7", "tally from the index", mx * 1000, "ms", -1, NULL, "< 1 ms",
		       mx * 1000 < 1,
		       "%u members; acc_index_tally: the ballot's row and the registry; "
		       "median of %d",
		       members, nx);
		result("7", "tally from a tree (accord tally)", ma * 1000, "ms", -1, NULL, "< 5 ms",
		       ma * 1000 < 5,
		       "acc_ops_state_part (registry + the ballot's folder) + acc_ops_tally; "
		       "median of %d",
		       na);
		result("7", "whole-state load at the tip (information)", mb * 1000, "ms", -1, NULL,
		       "-", -1, "acc_store_load_state: every clause, amendment and vote");
	}
	acc_ctx_free(c);
}

/* Writes data to dir/name; returns the path (malloc'd). */
static char *write_tmp(const char *name, const char *data, size_t len)
{
	char *path = xsprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "accord-bench: cannot write %s\n", path);
		exit(1);
	}
	return path;
}

/* A text of about size bytes of words, paragraphs of ~600 bytes. */
static char *words_text(size_t size, unsigned seed)
{
	static const char *const w[] = {"State",
					"Party",
					"shall",
					"not",
					"conduct",
					"cyber",
					"operations",
					"against",
					"civilian",
					"infrastructure",
					"the",
					"of",
					"and",
					"to",
					"in",
					"any",
					"measures",
					"prevent",
					"harm",
					"users",
					"technology",
					"sector",
					"vulnerabilities",
					"disclosure",
					"without",
					"delay",
					"law",
					"attribution",
					"council",
					"evidence"};
	acc_buf b = ACC_BUF_INIT;
	uint64_t x = seed * 2654435761u + 1;
	size_t line = 0;

	while (b.size < size) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		acc_buf_puts(&b, w[x % (sizeof(w) / sizeof(*w))]);
		line++;
		if (line % 90 == 0)
			acc_buf_puts(&b, ".\n\n");
		else
			acc_buf_putc(&b, ' ');
	}
	acc_buf_puts(&b, "end.\n");
	return acc_buf_detach(&b);
}

/* A copy of text with n words replaced at evenly spread places. */
static char *scatter_edits(const char *text, size_t n)
{
	size_t len = strlen(text), step = len / (n + 1), i, pos = 0;
	acc_buf b = ACC_BUF_INIT;

	for (i = 1; i <= n; i++) {
		size_t at = i * step, e;

		while (at < len && text[at] != ' ')
			at++;
		if (at >= len || at < pos)
			continue;
		acc_buf_put(&b, text + pos, at + 1 - pos);
		acc_buf_puts(&b, "amended");
		e = at + 1;
		while (e < len && text[e] != ' ' && text[e] != '\n')
			e++;
		pos = e;
	}
	acc_buf_puts(&b, text + pos);
	return acc_buf_detach(&b);
}

/* Row 8: word diffs, whole process against whole process. */
static void row8(void)
{
	struct {
		const char *what;
		char *a, *b;
	} cases[2];
	int k;

	cases[0].what = "word diff, 10 KB clause with 20 scattered edits";
	cases[0].a = words_text(10000, 1);
	cases[0].b = scatter_edits(cases[0].a, 20);
	cases[1].what = "word diff, 100 KB clause rewritten";
	cases[1].a = words_text(100000, 2);
	cases[1].b = words_text(100000, 3);
	for (k = 0; k < 2; k++) {
		char *pa = write_tmp(k ? "big-old" : "old", cases[k].a, strlen(cases[k].a));
		char *pb = write_tmp(k ? "big-new" : "new", cases[k].b, strlen(cases[k].b));
		double v[32], g[32], ip[32], vc[32], gc[32], worst = 0;
		int n = 0, ng = 0, ni = 0, i;

		for (i = 0; i < reps; i++) {
			char *argv[] = {(char *)accord_bin,
					"diff",
					"--no-index",
					"--color=never",
					pa,
					pb,
					NULL};
			char *gargv[] = {"git",	       "diff", "--no-index", "--word-diff",
					 "--no-color", pa,     pb,	     NULL};
			run_result r = run(argv, NULL, 0, 0, NULL, NULL, 30);
			run_result rg = run(gargv, NULL, 0, 0, NULL, NULL, 30);

			if (r.status != 1 || rg.status != 1) {
				fprintf(stderr, "accord-bench: a word diff failed (%d, %d)\n",
					r.status, rg.status);
				exit(1);
			}
			vc[n] = r.cpu;
			gc[ng] = rg.cpu;
			v[n++] = r.secs;
			g[ng++] = rg.secs;
			if (r.secs > worst)
				worst = r.secs;
		}
		for (i = 0; i < reps; i++) {
			acc_diff d = {0};
			double t0 = now();

			CHECK(acc_textdiff(&d, cases[k].a, strlen(cases[k].a), cases[k].b,
					   strlen(cases[k].b)),
			      "textdiff");
			ip[ni++] = now() - t0;
			acc_diff_free(&d);
		}
		{
			double m = median(v, n), mg = median(g, ng);

			result("8", cases[k].what, m * 1000, "ms", mg * 1000,
			       "git diff --no-index --word-diff", "faster; worst < 1 s",
			       m < mg && worst < 1,
			       "process: accord diff --no-index (the front, no core library); CPU "
			       "%.1f ms against git's %.1f ms; in-process diff %.2f ms; worst run "
			       "%.1f ms; median of %d",
			       median(vc, n) * 1000, median(gc, ng) * 1000, median(ip, ni) * 1000,
			       worst * 1000, n);
		}
		free(pa);
		free(pb);
		free(cases[k].a);
		free(cases[k].b);
	}
}

/* Row 9: accord verify of the whole history, against ssh-keygen -Y verify
 * once per commit (timed on a sample, extrapolated). */
static long verify_rss_kb = -1;
static int verify_killed;

typedef struct {
	size_t seen, step, prefix;
	acc_oid_hex sample[32], prefix_id;
	size_t nsample;
} sampler;

/* Keeps every step-th commit id (oldest first), and the prefix-th. */
static int sample_cb(const acc_commit_info *c, void *payload)
{
	sampler *sm = payload;

	if (sm->seen % sm->step == 0 && sm->nsample < 32)
		memcpy(sm->sample[sm->nsample++], c->id, sizeof(acc_oid_hex));
	if (++sm->seen == sm->prefix)
		memcpy(sm->prefix_id, c->id, sizeof(acc_oid_hex));
	return 0;
}

/* Row 9, then: verify --since over the last 20 commits (a day's work), from
 * the state a verify kept there, and from the tree (no state kept), against
 * the whole history's verify (full_secs, -1 when it did not finish). */
static void row9_since(double full_secs)
{
	char from[] = "HEAD~20", from40[] = "HEAD~40";
	char *kept = xsprintf("%s/accord/verified-state", repo),
	     *prev = xsprintf("%s/accord/verified-state.1", repo);
	char *place[] = {(char *)accord_bin, "-C",   (char *)repo, "verify", "--at", from,
			 "--since",	     from40, NULL};
	char *argv[] = {(char *)accord_bin, "-C", (char *)repo, "verify", "--since", from, NULL};
	run_result r;
	int k;

	for (k = 0; k < 2; k++) {
		/* k 0: a verify that ended at main~20 kept its state; k 1: none */
		remove(kept);
		remove(prev);
		if (k == 0 && run_rss(place, NULL, verify_cap).status != 0)
			continue;
		r = run_rss(argv, NULL, verify_cap);
		result("9",
		       k ? "verify --since, 20 new commits (no state kept)"
			 : "verify --since, 20 new commits (state kept)",
		       r.secs, "s", full_secs, "accord verify, whole history",
		       k ? NULL : "< 1 s and < 64 MB",
		       k ? -1 : r.status == 0 && r.secs < 1 && r.maxrss_kb < 64 * 1024,
		       "exit %d; %.2f s of CPU; peak memory %.0f MB", r.status, r.cpu,
		       r.maxrss_kb / 1024.0);
	}
	free(kept);
	free(prev);
}

static void row9(void)
{
	acc_ctx *c = NULL;
	acc_oid_hex head;
	size_t total = 0, i;
	double samples[64];
	int ns = 0;
	char *allowed, *sigf, *dataf;
	acc_buf al = ACC_BUF_INIT;
	acc_state *st = NULL;
	sampler sm;

	memset(&sm, 0, sizeof(sm));
	CHECK(acc_ctx_open(&c, repo, NULL), "open");
	CHECK(acc_store_head(acc_ctx_store(c), head), "head");
	CHECK(acc_store_count(acc_ctx_store(c), &total, head, NULL), "count");
	sm.step = total / 20 ? total / 20 : 1;
	sm.prefix = total < 2000 ? total : 2000;
	CHECK(acc_store_walk(acc_ctx_store(c), head, NULL, sample_cb, &sm), "walk");
	/* the allowed signers, from the registry */
	CHECK(acc_store_load_state(&st, acc_ctx_store(c), head), "state");
	for (i = 0; i < st->norgs; i++) {
		size_t j;

		for (j = 0; j < st->orgs[i].ndelegates; j++)
			if (st->orgs[i].delegates[j].key)
				acc_buf_printf(&al, "%s namespaces=\"git\" %s\n",
					       st->orgs[i].delegates[j].email,
					       st->orgs[i].delegates[j].key);
	}
	acc_state_free(st);
	allowed = write_tmp("allowed_signers", al.ptr, al.size);
	acc_buf_free(&al);
	/* ssh-keygen -Y verify on a sample of commits spread over the history */
	for (i = 0; i < sm.nsample; i++) {
		char *sig = NULL, *data = NULL;
		size_t len = 0;
		acc_commit_info ci;

		if (acc_store_commit_signature(&sig, &data, &len, acc_ctx_store(c), sm.sample[i]) <
		    0) {
			acc_error_clear();
			continue;
		}
		CHECK(acc_store_commit_info(&ci, acc_ctx_store(c), sm.sample[i]), "sample");
		sigf = write_tmp("sample.sig", sig, strlen(sig));
		dataf = write_tmp("sample.data", data, len);
		{
			char *argv[] = {"ssh-keygen",	 "-Y", "verify", "-f", allowed, "-I",
					ci.author_email, "-n", "git",	 "-s", sigf,	NULL};
			run_result r = run(argv, data, len, 0, NULL, NULL, 30);

			if (r.status != 0) {
				fprintf(stderr, "accord-bench: ssh-keygen -Y verify refused %s\n",
					sm.sample[i]);
				exit(1);
			}
			samples[ns++] = r.secs;
		}
		acc_commit_info_clear(&ci);
		free(sig);
		free(data);
		free(sigf);
		free(dataf);
	}
	{
		char *argv[] = {(char *)accord_bin, "-C", (char *)repo, "verify", NULL};
		run_result r = run_rss(argv, NULL, verify_cap);
		double base = ns ? median(samples, ns) * (double)total : -1;
		/* both goals: under 5 minutes, and 20 times faster than the baseline */
		int fast = base > 0 && r.secs * 20 <= base;

		verify_rss_kb = r.maxrss_kb;
		verify_killed = r.killed;
		if (r.killed)
			result(
			    "9", "accord verify, whole history (signed)", -1, "s", base,
			    "ssh-keygen -Y verify per commit (sample of 20, extrapolated)",
			    "< 300 s and <= baseline / 20", 0,
			    "did not finish: stopped after %d s (%zu commits); peak memory %.0f MB",
			    verify_cap, total, r.maxrss_kb / 1024.0);
		else
			result("9", "accord verify, whole history (signed)", r.secs, "s", base,
			       "ssh-keygen -Y verify per commit (sample of 20, extrapolated)",
			       "< 300 s and <= baseline / 20",
			       r.secs < 300 && fast && r.status == 0,
			       "%zu commits; exit %d; %.1f ms a commit (baseline %.1f ms: %.0fx); "
			       "peak memory %.0f MB (goal < 256 MB: row 12)",
			       total, r.status, r.secs * 1000 / (double)total,
			       base * 1000 / (double)total, r.secs > 0 ? base / r.secs : 0,
			       r.maxrss_kb / 1024.0);
		if (total > 40)
			row9_since(r.killed ? -1 : r.secs);
	}
	/* the audit's cost grows with the state: its rate over the first commits */
	if (sm.prefix_id[0]) {
		acc_verify_report rep;
		double t0 = now();

		CHECK(acc_verify(&rep, c, sm.prefix_id), "verify prefix");
		result("9", "verify rate over the first 2000 commits",
		       (double)rep.commits / (now() - t0), "commits/s", -1, NULL, NULL, -1,
		       "%zu commits checked, %zu problems", rep.commits, rep.count);
		acc_verify_report_free(&rep);
	}
	free(allowed);
	acc_ctx_free(c);
}

/* Row 10: export to HTML and Akoma Ntoso. */
static void row10(void)
{
	static const char *const fmts[] = {"html", "akn"};
	int k;
	char *out = xsprintf("%s/export.html", tmpdir);

	{
		char *argv[] = {(char *)accord_bin, "export", "--help", NULL};
		run_result r = run(argv, NULL, 0, 0, NULL, NULL, 30);

		if (r.status != 0) {
			result("10", "export", -1, "s", -1, NULL, "< 1 s", 0,
			       "accord has no export command in this build");
			free(out);
			return;
		}
	}
	for (k = 0; k < 2; k++) {
		double v[16], vc[16], start = now();
		int n = 0, i, status = 0;

		/* named as its format: export refuses the extension of another */
		free(out);
		out = xsprintf("%s/export.%s", tmpdir, fmts[k]);
		for (i = 0; i < reps && (i == 0 || now() - start < budget); i++) {
			char *argv[] = {
			    (char *)accord_bin, "-C", (char *)repo, "export", "--format",
			    (char *)fmts[k],	"-o", out,	    NULL};
			run_result r = run(argv, NULL, 0, 0, NULL, NULL, 600);

			status = r.status;
			vc[n] = r.cpu;
			v[n++] = r.secs;
		}
		{
			char *what = xsprintf("export to %s", k ? "Akoma Ntoso" : "HTML");
			struct stat sb;
			double m = median(v, n);

			result("10", what, m, "s", -1, NULL, "< 1 s", m < 1 && status == 0,
			       "exit %d; %lld bytes; CPU %.2f s; median of %d", status,
			       stat(out, &sb) == 0 ? (long long)sb.st_size : -1LL, median(vc, n),
			       n);
			free(what);
		}
	}
	free(out);
}

/* Row 10: the PDF of the bundled convention (proposals/), laid out for
 * print (issue 18: < 5 s). */
static void row10_pdf(void)
{
	char *conv = xsprintf("%s/pdf-conv", tmpdir), *out = xsprintf("%s/export.pdf", tmpdir);
	char *init[] = {
	    (char *)accord_bin, "init", conv, "--from", "proposals/digital-geneva-convention",
	    "--demo-keys",	NULL};
	double v[16], vc[16], start;
	int n = 0, i, status;
	struct stat sb;

	char *rm[] = {"rm", "-rf", conv, NULL};
	run(rm, NULL, 0, 0, NULL, NULL, 60); /* a previous run's */
	status = run(init, NULL, 0, 0, NULL, NULL, 60).status;
	for (i = 0, start = now(); status == 0 && i < reps && (i == 0 || now() - start < budget);
	     i++) {
		char *argv[] = {
		    (char *)accord_bin, "-C", conv, "export", "--format", "pdf", "-o", out, NULL};
		run_result r = run(argv, NULL, 0, 0, NULL, NULL, 600);

		status = r.status;
		vc[n] = r.cpu;
		v[n++] = r.secs;
	}
	if (n == 0)
		result("10", "PDF of the bundled convention", -1, "s", -1, NULL, "< 5 s", 0,
		       "accord init --from proposals/digital-geneva-convention failed (exit %d)",
		       status);
	else
		result("10", "PDF of the bundled convention", median(v, n), "s", -1, NULL, "< 5 s",
		       median(v, n) < 5 && status == 0,
		       "exit %d; %lld bytes; CPU %.2f s; median of %d", status,
		       stat(out, &sb) == 0 ? (long long)sb.st_size : -1LL, median(vc, n), n);
	free(conv);
	free(out);
}

/* Sum of sizes of the loose objects (objects/xx/...). */
static unsigned long long loose_bytes(const char *gitdir, unsigned long *count)
{
	unsigned long long sum = 0;
	int i;

	*count = 0;
	for (i = 0; i < 256; i++) {
		char *d = xsprintf("%sobjects/%02x", gitdir, i);
		DIR *dir = opendir(d);
		struct dirent *e;

		while (dir && (e = readdir(dir))) {
			char *p;
			struct stat sb;

			if (e->d_name[0] == '.')
				continue;
			p = xsprintf("%s/%s", d, e->d_name);
			if (stat(p, &sb) == 0) {
				sum += (unsigned long long)sb.st_size;
				(*count)++;
			}
			free(p);
		}
		if (dir)
			closedir(dir);
		free(d);
	}
	return sum;
}

/* Bytes of every object file: loose ones and packs (with their indexes). */
static unsigned long long objects_bytes(const char *gitdir)
{
	unsigned long n;
	unsigned long long sum = loose_bytes(gitdir, &n);
	char *d = xsprintf("%sobjects/pack", gitdir);
	DIR *dir = opendir(d);
	struct dirent *e;

	while (dir && (e = readdir(dir))) {
		char *p;
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		p = xsprintf("%s/%s", d, e->d_name);
		if (stat(p, &sb) == 0)
			sum += (unsigned long long)sb.st_size;
		free(p);
	}
	if (dir)
		closedir(dir);
	free(d);
	return sum;
}

/* Bytes of the pack files (.pack) of gitdir, and of their indexes in *idx. */
static unsigned long long pack_bytes(const char *gitdir, unsigned long long *idx)
{
	char *d = xsprintf("%sobjects/pack", gitdir);
	DIR *dir = opendir(d);
	unsigned long long sum = 0;
	struct dirent *e;

	*idx = 0;
	while (dir && (e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		char *p = xsprintf("%s/%s", d, e->d_name);
		struct stat sb;

		if (stat(p, &sb) == 0 && l > 5 && !strcmp(e->d_name + l - 5, ".pack"))
			sum += (unsigned long long)sb.st_size;
		else if (stat(p, &sb) == 0 && l > 4 && !strcmp(e->d_name + l - 4, ".idx"))
			*idx += (unsigned long long)sb.st_size;
		free(p);
	}
	if (dir)
		closedir(dir);
	free(d);
	return sum;
}

/* Row 11, the full repack: `git repack -adf` (every delta searched again,
 * git's default window of 10) on a copy of the convention as generated
 * (signed votes), its pack's bytes over the votes of the history. */
static void row11_repack(const char *gitdir)
{
	char *copy = xsprintf("%s/repack.git/", tmpdir);
	unsigned long long pk, ix;
	double c0;

	if (m_commits > 200000 || m_votes <= 0) {
		result("11", "disk per vote, full repack (git repack -adf)", -1, "bytes", -1, NULL,
		       "< 300 bytes", -1,
		       "not measured at this scale (%ld commits: a full repack takes too long "
		       "here); see RESULTS.md for the small preset",
		       m_commits);
		free(copy);
		return;
	}
	{
		char *rm[] = {"rm", "-rf", copy, NULL};
		char *cp[] = {"cp", "-a", (char *)gitdir, copy, NULL};

		run(rm, NULL, 0, 0, NULL, NULL, 600);
		if (run(cp, NULL, 0, 0, NULL, NULL, 600).status != 0) {
			fprintf(stderr, "accord-bench: cannot copy the convention\n");
			exit(1);
		}
	}
	c0 = now();
	{
		char *argv[] = {"git", "-C", copy, "repack", "-adf", "-q", "--threads=1", NULL};
		char *rm[] = {"rm", "-rf", copy, NULL};
		run_result r = run(argv, NULL, 0, 0, NULL, NULL, 1800);

		if (r.status != 0) {
			fprintf(stderr, "accord-bench: git repack failed\n");
			exit(1);
		}
		pk = pack_bytes(copy, &ix);
		result("11", "disk per vote, full repack (git repack -adf)", (double)pk / m_votes,
		       "bytes", -1, NULL, "< 300 bytes", (double)pk / m_votes < 300,
		       "the whole history's pack (%llu bytes; its index %llu more) over its %ld "
		       "votes (of %ld commits, every one signed); repack %.1f s",
		       pk, ix, m_votes, m_commits, now() - c0);
		run(rm, NULL, 0, 0, NULL, NULL, 600);
	}
	free(copy);
}

/* Row 11: bytes of new objects per vote action, loose and packed. */
static void row11(void)
{
	acc_ctx *c = ctx_as(5, 0);
	const char *gitdir = acc_store_gitdir(acc_ctx_store(c));
	unsigned long n0, n1;
	unsigned long long b0, b1, lcg;
	acc_oid_hex before, after;
	int n = 0;
	double start;

	row11_repack(gitdir);
	CHECK(acc_store_head(acc_ctx_store(c), before), "head");
	b0 = loose_bytes(gitdir, &n0);
	start = now();
	/* voters in a pseudo-random order, seeded anew each run: in turn, from
	 * the same tip, a second run would make the first run's trees again
	 * (still in the repository: only the commits would be new) */
	lcg = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20);
	while (n < 40 && (n < 10 || now() - start < budget)) {
		lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
		vote_once(c, 5 + (size_t)((lcg >> 33) % 20));
		n++;
	}
	b1 = loose_bytes(gitdir, &n1);
	CHECK(acc_store_head(acc_ctx_store(c), after), "head");
	{
		char *range = xsprintf("%s\n^%s\n", after, before);
		char *argv[] = {
		    "git",    "-C",	  (char *)gitdir,	 "pack-objects", "--revs",
		    "--thin", "--stdout", "--delta-base-offset", "--threads=1",	 "-q",
		    NULL};
		run_result r = run(argv, range, strlen(range), 1, NULL, NULL, 600);
		size_t packed = r.olen;

		result("11", "new objects per vote action, loose", (double)(b1 - b0) / n, "bytes",
		       -1, NULL, "< 4 KB", (double)(b1 - b0) / n < 4096,
		       "%lu loose objects for %d votes (unsigned)", n1 - n0, n);
		result("11", "the same as a thin pack (deltas against earlier versions)",
		       (double)packed / n, "bytes", -1, NULL, "< 300 bytes",
		       (double)packed / n < 300,
		       "git pack-objects --thin of the %d new commits (unsigned), bases outside "
		       "the pack: what a fetch carries for them, not what a repository stores "
		       "(see the full repack above)",
		       n);
		free(r.out);
		free(range);
	}
	/* amortised: votes as a delegation casts them, each followed by
	 * accord's own packing (as the command line does after an action) */
	{
		unsigned long long d0, d1;
		acc_tidy_result tr;
		int m = 0, packs = 0;

		/* from a tidy repository: the loose objects the rows above
		 * left, and the generator's packs that tidy merges, would
		 * otherwise be packed inside the measure and make the figure
		 * smaller, even negative (it was, at the full preset) */
		{
			const char *was = getenv("ACCORD_AUTOPACK");
			char *keep = was ? strdup(was) : NULL;

			setenv("ACCORD_AUTOPACK", "1", 1);
			CHECK(acc_ops_tidy(c, &tr), "tidy");
			if (keep)
				setenv("ACCORD_AUTOPACK", keep, 1);
			else
				unsetenv("ACCORD_AUTOPACK");
			free(keep);
		}
		d0 = objects_bytes(gitdir);
		start = now();
		while (m < 10000 && (m < 200 || now() - start < 4 * budget)) {
			/* voters in a pseudo-random order: in turn, the ballot's
			 * folders would come back to earlier states every 40 votes
			 * and their trees would be stored once */
			lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
			vote_once(c, 5 + (size_t)((lcg >> 33) % 20));
			CHECK(acc_ops_tidy(c, &tr), "tidy");
			packs += tr.loose > 0;
			m++;
		}
		d1 = objects_bytes(gitdir);
		result("11", "disk per vote with accord's own packing (amortised)",
		       ((double)d1 - (double)d0) / m, "bytes", -1, NULL, "< 1 KB",
		       ((double)d1 - (double)d0) / m < 1024,
		       "%d votes (unsigned, 20 voters in a pseudo-random order), each followed by "
		       "acc_ops_tidy (%d packs made); loose objects and packs, including merges of "
		       "earlier small packs",
		       m, packs);
	}
	acc_ctx_free(c);
}

/* Runs argv on a pseudo-terminal of rows x cols until expect appears in
 * its output (the first full screen); returns seconds, or -1. */
static double pty_first_screen(char *const argv[], const char *dir, int rows, int cols,
			       const char *expect, double cap)
{
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	int master = -1, slave = -1;
	double t0, found = -1;
	char name[256], *env[] = {"TERM=xterm-256color", NULL};
	size_t len = 0, alloc = 1 << 20;
	char *buf = malloc(alloc);
	pid_t pid;

	if (openpty(&master, &slave, name, NULL, &ws) < 0) {
		perror("openpty");
		exit(1);
	}
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(slave, F_SETFD, FD_CLOEXEC);
	t0 = now();
	{
		/* a new session whose first terminal opened is the pty's */
		posix_spawn_file_actions_t fa;
		posix_spawnattr_t at;
		char **envp = env_with(env);

		posix_spawn_file_actions_init(&fa);
		posix_spawnattr_init(&at);
		posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
		posix_spawn_file_actions_addchdir_np(&fa, dir);
		posix_spawn_file_actions_addopen(&fa, 0, name, O_RDWR, 0);
		posix_spawn_file_actions_adddup2(&fa, 0, 1);
		posix_spawn_file_actions_adddup2(&fa, 0, 2);
		if (posix_spawnp(&pid, argv[0], &fa, &at, argv, envp) != 0)
			pid = -1;
		posix_spawn_file_actions_destroy(&fa);
		posix_spawnattr_destroy(&at);
		free(envp);
	}
	close(slave);
	if (pid < 0) {
		close(master);
		free(buf);
		return -1;
	}
	while (now() - t0 < cap) {
		struct pollfd p = {master, POLLIN, 0};
		char chunk[65536];
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(master, chunk, sizeof(chunk));
		if (n <= 0)
			break;
		if (len + (size_t)n + 1 > alloc) {
			alloc = (len + (size_t)n + 1) * 2;
			buf = realloc(buf, alloc);
		}
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
		buf[len] = '\0';
		if (memmem(buf, len, expect, strlen(expect))) {
			found = now() - t0;
			break;
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(master);
	free(buf);
	return found;
}

/* 1 when the accord binary has a full-screen interface command "tui". */
static int have_tui(void)
{
	char *argv[] = {(char *)accord_bin, "help", NULL};
	run_result r = run(argv, NULL, 0, 1, NULL, NULL, 30);
	int yes = r.out && strstr(r.out, "\n  tui ") != NULL;

	free(r.out);
	return yes;
}

/* Times the interface's first screen (or `accord status` without one) on
 * repository r; *rss receives its peak memory. */
static double first_screen_cpu; /* CPU of the last accord_first_screen (median) */
static double first_paint;	/* the interface's own first-screen time, or -1 */

static double accord_first_screen(const char *r, long *rss, int tui)
{
	double v[16], vc[16];
	int n = 0, i;
	char *script = write_tmp("tui.keys", "", 0);
	char *env_script = xsprintf("ACCORD_TUI_SCRIPT=%s", script);
	char *env_dump = xsprintf("ACCORD_TUI_DUMP=%s/tui.dump", tmpdir);
	char *env[] = {env_script, env_dump, "ACCORD_TUI_SIZE=200x50", "ACCORD_TUI_TIMING=1", NULL};
	char *errf = xsprintf("%s/tui.err", tmpdir);
	double paint[16];
	int np = 0;
	char *argv_tui[] = {(char *)accord_bin, "-C", (char *)r, "tui", NULL};
	char *argv_status[] = {(char *)accord_bin, "-C", (char *)r, "status", NULL};

	/* once to bring the index up to date */
	run(tui ? argv_tui : argv_status, NULL, 0, 0, NULL, tui ? env : NULL, 3600);
	double peaks[16];

	for (i = 0; i < reps; i++) {
		run_result x =
		    run(tui ? argv_tui : argv_status, NULL, 0, 0, errf, tui ? env : NULL, 600);
		char *err = NULL;
		const char *p;

		vc[n] = x.cpu;
		v[n++] = x.secs;
		/* the interface's own clock: "accord: first screen in X ms" */
		if (tui && acc_file_read(&err, NULL, errf, 1 << 20) == 0 &&
		    (p = strstr(err, "first screen in ")))
			paint[np++] = atof(p + 16) / 1000;
		free(err);
	}
	first_screen_cpu = median(vc, n);
	/* the peak memory: runs of their own under GNU time */
	for (i = 0; i < 3; i++) {
		run_result x = run_rss(tui ? argv_tui : argv_status, tui ? env : NULL, 600);

		peaks[i] = x.status == 0 ? (double)x.maxrss_kb : -1;
	}
	*rss = (long)median(peaks, 3);
	free(script);
	free(env_script);
	free(env_dump);
	free(errf);
	first_paint = np ? median(paint, np) : -1;
	return median(v, n);
}

/* Row 4 and the first half of row 12. */
static void row4(void)
{
	int tui = have_tui();
	long rss = 0, rss_small = 0;
	double a = accord_first_screen(repo, &rss, tui), acpu = first_screen_cpu, s = -1, t = -1;
	double apaint = first_paint, scpu = -1;
	const char *what =
	    tui ? "interface, first full screen" : "accord status (no interface yet)";

	if (small_repo) {
		s = accord_first_screen(small_repo, &rss_small, tui);
		scpu = first_screen_cpu;
	}
	/* tig on the same repository: until the 46th newest subject shows */
	{
		char *argv[] = {"git", "-C", (char *)repo, "log", "-46", "--format=%s", NULL};
		run_result r = run(argv, NULL, 0, 1, NULL, NULL, 60);
		char *last = r.out, *nl;
		double v[16];
		int n = 0, i;

		while (last && (nl = strchr(last, '\n')) && nl[1])
			last = nl + 1;
		if (last)
			last[strcspn(last, "\n")] = '\0';
		if (last && last[0] && access("/usr/bin/tig", X_OK) == 0) {
			char *targv[] = {"tig", NULL};

			for (i = 0; i < reps; i++) {
				double x = pty_first_screen(targv, repo, 50, 200, last, 120);

				if (x >= 0)
					v[n++] = x;
			}
			t = n ? median(v, n) : -1;
		}
		free(r.out);
	}
	result("4", what, a * 1000, "ms", t >= 0 ? t * 1000 : -1,
	       "tig, first full screen (200x50 pty)", "faster than tig", t >= 0 && a < t,
	       "process start to exit (scripted, 200x50, no keys); its own first-paint clock "
	       "%.0f ms; CPU %.0f ms; %s",
	       apaint * 1000, acpu * 1000,
	       t < 0 ? "tig not measured (not installed?)" : "median of the runs");
	if (s >= 0)
		result("4", "the same on the 1/100 convention", s * 1000, "ms", -1, NULL,
		       "design <= 1.1x this", a <= 1.1 * s,
		       "design/small = %.2f (CPU %.0f and %.0f ms)", a / s, acpu * 1000,
		       scpu * 1000);
	result("12", tui ? "peak memory, interface" : "peak memory, accord status (no interface)",
	       rss / 1024.0, "MB", -1, NULL, "< 64 MB", rss / 1024.0 < 64,
	       rss < 0 ? "not measured: GNU time (/usr/bin/time) is missing"
		       : "maximum resident size (GNU time), median of 3 runs");
}

/* ---- row 4 (keys) and 12: an interface session ------------------------------------ */

/* The keys of a session, one a line of the script, and what each does:
 * 0 moves the cursor, 1 opens a view, 2 goes back. */
static const struct {
	const char *key;
	int kind;
} session_keys[] = {
    {"j", 0},	   {"j", 0},	  {"k", 0},	  {"<Enter>", 1},		/* the clause */
    {"j", 0},	   {"G", 0},	  {"<Enter>", 1},				/* an amendment */
    {"j", 0},	   {"<PgDn>", 0}, {"<Esc>", 2},	  {"<Esc>", 2},	  {"l", 1},	/* the history */
    {"j", 0},	   {"<Esc>", 2},  {"i", 1},	  {"j", 0},	  {"<Esc>", 2}, /* the inbox */
    {"<PgDn>", 0}, {"<PgDn>", 0}, {"G", 0},	  {"g", 0},	  {"<Enter>", 1}, {"<Esc>", 2},
};
#define NSESSION (sizeof(session_keys) / sizeof(session_keys[0]))

static double session_cpu_move, session_cpu_open; /* the last session's CPU (ms) */

/* One scripted session (200x50, as a delegate) on repository r, reps
 * times: *move and *open receive the median over runs of the median key
 * that moves and of the slowest view opened (the interface's own clock,
 * ACCORD_TUI_TIMING: from the key read to the end of its paint), *rss the
 * median peak memory.  -1 when not measured. */
static void tui_session(const char *r, double *move, double *open, double *move_worst, long *rss)
{
	acc_buf script = ACC_BUF_INIT;
	char *path, *env_script,
	    *env_dump = xsprintf("ACCORD_TUI_DUMP=%s/tui-session.dump", tmpdir);
	char *errf = xsprintf("%s/tui-session.err", tmpdir);
	char *env[] = {NULL, env_dump, "ACCORD_TUI_SIZE=200x50", "ACCORD_TUI_TIMING=1", NULL};
	char *argv[] = {(char *)accord_bin, "-C", (char *)r, "--as", voters[0], "tui", NULL};
	double moves[16], opens[16], worst[16], peaks[16], cmoves[16], copens[16];
	int n = 0, i;
	size_t k;

	for (k = 0; k < NSESSION; k++)
		acc_buf_printf(&script, "%s\n", session_keys[k].key);
	path = write_tmp("tui-session.keys", script.ptr, script.size);
	env_script = xsprintf("ACCORD_TUI_SCRIPT=%s", path);
	env[0] = env_script;
	run(argv, NULL, 0, 0, NULL, env, 3600); /* the index brought up to date */
	for (i = 0; i < reps && i < 16; i++) {
		run_result x = run(argv, NULL, 0, 0, errf, env, 600);
		char *err = NULL;
		const char *p;
		double m[NSESSION], mx = -1, mw = -1, cm[NSESSION], cx = -1;
		size_t nm = 0, ncm = 0, key = 0;

		if (x.status != 0 || acc_file_read(&err, NULL, errf, 1 << 20) < 0)
			continue;
		for (p = err; (p = strstr(p, "accord: key ")) && key < NSESSION; key++) {
			/* "accord: key NAME: X ms, CPU Y ms" (NAME may be ':'):
			 * X follows the last ": " before ", CPU" */
			const char *eol = strchr(p, '\n'), *cpu = strstr(p, " ms, CPU "), *c = NULL;
			const char *q;
			double ms, cms;

			if (!cpu || (eol && cpu > eol))
				break;
			for (q = p + 12; q < cpu; q++)
				if (q[0] == ':' && q[1] == ' ')
					c = q;
			if (!c)
				break;
			ms = atof(c + 2);
			cms = atof(cpu + 9);
			p = eol ? eol : cpu + 9;
			if (session_keys[key].kind == 1 && cms > cx)
				cx = cms;
			if (session_keys[key].kind == 0)
				cm[ncm++] = cms;
			if (session_keys[key].kind == 0) {
				m[nm++] = ms;
				if (ms > mw)
					mw = ms;
			} else if (session_keys[key].kind == 1 && ms > mx) {
				mx = ms;
			}
		}
		free(err);
		if (key < NSESSION)
			continue;
		moves[n] = median(m, (int)nm);
		cmoves[n] = median(cm, (int)ncm);
		copens[n] = cx;
		worst[n] = mw;
		opens[n] = mx;
		peaks[n++] = (double)x.maxrss_kb;
	}
	*move = n ? median(moves, n) : -1;
	*move_worst = n ? median(worst, n) : -1;
	*open = n ? median(opens, n) : -1;
	*rss = n ? (long)median(peaks, n) : -1;
	session_cpu_move = n ? median(cmoves, n) : -1;
	session_cpu_open = n ? median(copens, n) : -1;
	acc_buf_free(&script);
	free(path);
	free(env_script);
	free(env_dump);
	free(errf);
}

/* Row 4 (keystrokes and views) and 12 (the session's memory). */
static void row4_session(void)
{
	double mv = -1, op = -1, mw = -1, smv = -1, sop = -1, smw = -1;
	long rss = -1, srss = -1;

	if (!have_tui())
		return;
	double cmv, cop;

	tui_session(repo, &mv, &op, &mw, &rss);
	cmv = session_cpu_move;
	cop = session_cpu_open;
	if (small_repo && small_repo != repo)
		tui_session(small_repo, &smv, &sop, &smw, &srss);
	if (mv < 0) {
		result("4", "interface, a keystroke that moves", -1, "ms", -1, NULL, "<= 16 ms", -1,
		       "not measured: the scripted session failed (%s/tui-session.err)", tmpdir);
		return;
	}
	result("4", "interface, a keystroke that moves the cursor", mv, "ms", smv,
	       "the same on the 1/100 convention", "<= 16 ms", mw <= 16,
	       "median key (j, k, PgDn, G, g) of %zu keys of a scripted session as %s "
	       "(200x50; the interface's own clock, key read to paint done); slowest %.1f ms "
	       "(1/100: %.1f ms); CPU of the median key %.2f ms; median of %d runs",
	       NSESSION, voters[0], mw, smw, cmv, reps);
	result("4", "interface, a view opens (clause, amendment, history, inbox)", op, "ms", sop,
	       "the same on the 1/100 convention", "<= 16 ms", op <= 16,
	       "the slowest of the views opened in that session (Enter, l, i): key read to "
	       "paint done; the most CPU one took: %.1f ms",
	       cop);
	result("12", "peak memory, interface session (views opened)", rss / 1024.0, "MB",
	       srss >= 0 ? srss / 1024.0 : -1, "the same on the 1/100 convention", "< 64 MB",
	       rss / 1024.0 < 64, "maximum resident size of that session (wait4), median");
}

/* ---- row 14: search with a hit inside an 8 MB amendment ----------------------------- */

/* The 1/100 state with its first amendment's text made 8 MB (one rare
 * word in the middle) in a fresh index; acc_index_search_in timed for the
 * rare word and for a common one (FTS5's snippet() costs the square of the
 * matches), against the sqlite3 shell's snippet() on the same file. */
static void row14(void)
{
	const char *from = small_repo ? small_repo : repo;
	char *path = xsprintf("%s/search8.sqlite", tmpdir), *big, *text;
	acc_store *s = NULL;
	acc_state *st = NULL;
	acc_index *ix = NULL;
	acc_oid_hex head;
	acc_search_hit *hits = NULL;
	size_t n = 0, len;
	int rebuilt = 0, i, k;
	double v[2][16], c[2][16], base[2] = {-1, -1};
	static const char *const q[2] = {"quokkafish", "vulnerabilities"};
	const char *what[2] = {"one match", "thousands of matches"};

	CHECK(acc_store_open(&s, from), from);
	CHECK(acc_store_head(s, head), "head");
	CHECK(acc_store_load_state(&st, s, head), "state");
	acc_store_free(s);
	if (!st->namendments) {
		acc_state_free(st);
		return;
	}
	/* 8 MB (1 MB at the tiny preset, which only checks that it runs) */
	big = words_text(m_preset && !strcmp(m_preset, "tiny") ? 1u << 20 : 8u << 20, 11);
	len = strlen(big);
	text = xsprintf("%.*s quokkafish %s", (int)(len / 2), big, big + len / 2);
	free(big);
	free(st->amendments[0].text);
	st->amendments[0].text = text;
	unlink(path);
	CHECK(acc_index_open(&ix, path, &rebuilt), path);
	CHECK(acc_index_begin(ix), "begin");
	CHECK(acc_index_put_state(ix, st, head), "put state");
	CHECK(acc_index_commit(ix), "commit");
	for (k = 0; k < 2; k++) {
		for (i = 0; i < reps && i < 16; i++) {
			double t0 = now(), c0 = cpu_now();
			size_t j, found = 0;

			CHECK(acc_index_search_in(ix, &hits, &n, q[k], ACC_SEARCH_ALL), "search");
			v[k][i] = now() - t0;
			c[k][i] = cpu_now() - c0;
			for (j = 0; j < n; j++)
				found |= !strcmp(hits[j].id, st->amendments[0].id) &&
					 strstr(hits[j].snippet, "\2") != NULL;
			acc_search_hits_free(hits, n);
			if (!found)
				fprintf(stderr, "accord-bench: row 14: no snippet for '%s'\n",
					q[k]);
		}
		/* the baseline: FTS5's snippet() in the sqlite3 shell, once (capped) */
		if (access("/usr/bin/sqlite3", X_OK) == 0) {
			char *sql =
			    xsprintf("SELECT length(snippet(search, 3, char(2), char(3), "
				     "'...', 12)) FROM search WHERE search MATCH '\"%s\"*';",
				     q[k]);
			char *argv[] = {"sqlite3", path, sql, NULL};
			run_result r = run(argv, NULL, 0, 0, NULL, NULL, budget);

			base[k] = r.status == 0 && !r.killed ? r.secs : -1;
			free(sql);
		}
		char *title = xsprintf(k ? "search, a word of thousands of matches in a %zu MB "
					   "amendment"
					 : "search, one match inside a %zu MB amendment",
				       (len + (1u << 19)) >> 20);

		result(
		    "14", title, median(v[k], i) * 1000, "ms", base[k] >= 0 ? base[k] * 1000 : -1,
		    "FTS5's snippet() on the same index (sqlite3 shell, one process)", "< 100 ms",
		    median(v[k], i) < 0.1,
		    "acc_index_search_in ('%s', %s) on the 1/100 convention's index with an "
		    "amendment of %zu bytes; snippet made in one pass; CPU %.0f ms; median of "
		    "%d%s",
		    q[k], what[k], len, median(c[k], i) * 1000, i,
		    base[k] < 0 ? "; baseline not measured (no sqlite3 shell, or over the budget)"
				: "");
		free(title);
	}
	acc_index_free(ix);
	acc_state_free(st);
	unlink(path);
	free(path);
}

/* Row 12, second half: verify's peak memory (from row 9's run). */
static void row12(void)
{
	if (verify_rss_kb > 0)
		result("12", "peak memory, accord verify", verify_rss_kb / 1024.0, "MB", -1, NULL,
		       "< 256 MB", verify_rss_kb / 1024.0 < 256,
		       verify_killed ? "at the moment it was stopped (a lower bound)" : NULL);
}

/* ---- bulk-check ---------------------------------------------------------------- */

/* Signs commit data with the key file in payload, in-process. */
static int sign_file_cb(char **sig, const char *data, size_t len, void *payload)
{
	return acc_sshsig_sign_file(sig, payload, data, len);
}

/*
 * accord-bench bulk-check REPO [N]: rewrites each of the last N commits of
 * REPO through acc_store_commit_object (libgit2, loose objects) from its
 * parent, its changed files, message, author and a fresh signature, and
 * checks that the id is the same: store_bulk writes what the store writes.
 */
static int bulk_check(const char *dir, long n)
{
	acc_store *s = NULL;
	acc_oid_hex head, id;
	long i, same = 0;

	CHECK(acc_store_open(&s, dir), dir);
	CHECK(acc_store_head(s, head), "head");
	memcpy(id, head, sizeof(id));
	for (i = 0; i < n; i++) {
		acc_commit_info ci;
		acc_strlist paths = ACC_STRLIST_INIT;
		acc_source *src = NULL;
		acc_change *ch;
		acc_person who;
		acc_oid_hex again;
		char *sig = NULL, *data = NULL, *key;
		size_t len = 0, k;
		int signed_ = 0;

		CHECK(acc_store_commit_info(&ci, s, id), "commit");
		if (!ci.nparents)
			break;
		CHECK(acc_store_changed_paths(&paths, s, ci.parent, ci.id), "diff");
		CHECK(acc_store_source(&src, s, ci.id), "tree");
		ch = calloc(paths.count + 1, sizeof(*ch));
		for (k = 0; k < paths.count; k++) {
			char *d = NULL;
			size_t l = 0;
			int rc = src->read(src, paths.items[k], &d, &l, NULL);

			ch[k].path = paths.items[k];
			ch[k].data = rc == 0 ? d : NULL;
			ch[k].len = rc == 0 ? l : 0;
		}
		acc_error_clear();
		if (acc_store_commit_signature(&sig, &data, &len, s, ci.id) == 0)
			signed_ = 1;
		acc_error_clear();
		who.name = ci.author_name;
		who.email = ci.author_email;
		who.when = ci.time;
		who.offset = ci.offset;
		key = xsprintf("%saccord/keys/%s", acc_store_gitdir(s), ci.author_email);
		CHECK(acc_store_commit_object(s, again, ci.parent, ch, paths.count, ci.message,
					      &who, signed_ ? sign_file_cb : NULL, key),
		      "rewrite");
		if (strcmp(again, ci.id) != 0) {
			fprintf(stderr, "bulk-check: %s rewritten as %s\n", ci.id, again);
			return 1;
		}
		same++;
		memcpy(id, ci.parent, sizeof(id));
		for (k = 0; k < paths.count; k++)
			free((char *)ch[k].data);
		free(ch);
		free(key);
		free(sig);
		free(data);
		acc_source_free(src);
		acc_strlist_free(&paths);
		acc_commit_info_clear(&ci);
	}
	printf("bulk-check: %ld commits written identically by store_bulk and the store\n", same);
	acc_store_free(s);
	return 0;
}

int main(int argc, char **argv)
{
	acc_store *s = NULL;
	int i;
	char tmpl[] = "/tmp/accord-bench-XXXXXX";

	if (argc >= 3 && !strcmp(argv[1], "bulk-check"))
		return bulk_check(argv[2], argc >= 4 ? atol(argv[3]) : 1000000);
	if (argc >= 3 && !strcmp(argv[1], "profile-row1")) {
		/* N votes as row 1 makes them: voters 2-9 in turn, each after a
		 * signed vote from another session; prints the median CPU */
		long n = argc >= 4 ? atol(argv[3]) : 50, k;
		double cv[512];
		acc_ctx *c, *cs;

		repo = argv[2];
		CHECK(acc_store_open(&s, repo), repo);
		read_manifest(s);
		keep_index = 1;
		reset_repo(s); /* the tip the manifest names, as row 1 starts */
		acc_store_free(s);
		c = ctx_as(2, 1);
		cs = ctx_as(3, 1);
		cs->key = key_of(cs->store, voters[3]);
		for (k = 0; k < n && k < 512; k++) {
			double c0;

			if (k > 0) /* the first vote reads the registry: not counted */
				perf_ctl("enable");
			c0 = cpu_now();
			profile_vote_once(c, 2 + (size_t)(k % 8));
			cv[k] = cpu_now() - c0;
			if (k > 0)
				perf_ctl("disable");
			if (getenv("ACCORD_BENCH_EACH"))
				fprintf(stderr, "vote %ld: CPU %.3f ms\n", k, cv[k] * 1000);
			profile_vote_once(cs, 3);
		}
		fprintf(stderr, "median CPU of %ld votes: %.3f ms\n", k, median(cv, (int)k) * 1000);
		acc_ctx_free(c);
		acc_ctx_free(cs);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "profile-vote")) {
		/* N unsigned vote actions with the index, for perf record */
		long n = argc >= 4 ? atol(argv[3]) : 3, k;
		acc_ctx *c;

		repo = argv[2];
		CHECK(acc_store_open(&s, repo), repo);
		read_manifest(s);
		acc_store_free(s);
		c = ctx_as(6, 1);
		for (k = 0; k < n; k++) {
			acc_oid_hex commit;
			double t0 = now();

			/* alternate, whatever the last vote was */
			if (acc_ops_vote(commit, c, m_open, k % 2 ? ACC_VOTE_NO : ACC_VOTE_YES) < 0)
				CHECK(acc_ops_vote(commit, c, m_open,
						   k % 2 ? ACC_VOTE_YES : ACC_VOTE_NO),
				      "vote");
			fprintf(stderr, "vote %ld: %.1f ms\n", k, (now() - t0) * 1000);
		}
		acc_ctx_free(c);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--small") && i + 1 < argc)
			small_repo = argv[++i];
		else if (!strcmp(argv[i], "--accord") && i + 1 < argc)
			accord_bin = argv[++i];
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--verify-cap") && i + 1 < argc)
			verify_cap = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rows") && i + 1 < argc)
			snprintf(rows_wanted, sizeof(rows_wanted), "%s", argv[++i]);
		else if (!strcmp(argv[i], "--keep-index"))
			keep_index = 1;
		else if (!strcmp(argv[i], "--tmp") && i + 1 < argc)
			tmpdir = argv[++i];
		else if (argv[i][0] != '-' && !repo)
			repo = argv[i];
		else {
			fprintf(stderr,
				"usage: accord-bench [--small REPO] [--accord PATH] [--reps N] "
				"[--budget S] [--verify-cap S] [--rows LIST] [--tmp DIR] "
				"[--keep-index] "
				"REPO\n"
				"       accord-bench bulk-check REPO [N]\n"
				"       accord-bench profile-vote REPO [N]\n"
				"       accord-bench profile-row1 REPO [N]\n");
			return 2;
		}
	}
	if (!repo) {
		fprintf(stderr, "accord-bench: which repository?\n");
		return 2;
	}
	if (reps < 1 || reps > 15)
		reps = 5;
	if (!tmpdir && !(tmpdir = mkdtemp(tmpl))) {
		perror("mkdtemp");
		return 1;
	}
	setenv("ACCORD_PROPOSALS", "/nonexistent", 1);
	unsetenv("ACCORD_AS");
	unsetenv("ACCORD_KEY");
	CHECK(acc_store_open(&s, repo), repo);
	read_manifest(s);
	reset_repo(s);
	if (small_repo) {
		acc_store *ss = NULL;
		char *saved_tip = m_tip;

		CHECK(acc_store_open(&ss, small_repo), small_repo);
		m_tip = NULL;
		read_manifest(ss);
		reset_repo(ss);
		acc_store_free(ss);
		m_tip = saved_tip;
		/* read_manifest overwrote the ballots: read ours again */
		read_manifest(s);
	}
	acc_store_free(s);
	fprintf(stderr, "accord-bench: %s (%s, %ld commits)\n", repo, m_preset, m_commits);
	if (want(0))
		row0();
	if (want(5))
		row5();
	if (want(1) || want(2))
		row1();
	if (want(3))
		row3();
	if (want(6))
		row6();
	if (want(7))
		row7();
	if (want(8))
		row8();
	if (want(11))
		row11();
	if (want(10)) {
		row10();
		row10_pdf();
	}
	/* the interface and the audit see the convention as generated */
	CHECK(acc_store_open(&s, repo), repo);
	reset_repo(s);
	acc_store_free(s);
	if (want(4) || want(12))
		row4();
	if (want(4) || want(12))
		row4_session();
	if (want(14))
		row14();
	if (want(9))
		row9();
	if (want(12))
		row12();
	/* leave the convention as generated */
	CHECK(acc_store_open(&s, repo), repo);
	reset_repo(s);
	acc_store_free(s);
	return 0;
}
