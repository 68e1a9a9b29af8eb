/*
 * replay: a plain main() for a fuzz target, so it builds with any C
 * compiler (no libFuzzer) and runs saved inputs as a regression test.
 *
 *     replay_<target> FILE|DIR...
 *
 * Runs every file given, and every regular file of every folder given (not
 * recursively, sorted, hidden files skipped), through
 * LLVMFuzzerTestOneInput, each once, in one process.  Prints
 * "<target>: N inputs" and exits 0; a broken invariant aborts.  Should the
 * process die (abort, or a sanitizer report when built with one), the name
 * of the input being run is printed first, so it can be reproduced alone.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Optional hooks that run before LLVMFuzzerTestOneInput, as in libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
/* Set by the sanitizer runtime when the replayer is built with one. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* The input being run, for the report of a crash. */
static char current[4096];

/* Prints which input was running (async-signal-safe). */
static void say_current(void)
{
	static const char pre[] = "replay: crashed on input ";

	if (!current[0])
		return;
	if (write(2, pre, sizeof(pre) - 1) < 0 || write(2, current, strlen(current)) < 0 ||
	    write(2, "\n", 1) < 0)
		return;
}

/* Names the input, then dies of the signal as it would have. */
static void on_signal(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Catches sig unless someone (a sanitizer) already handles it. */
static void catch (int sig)
{
	struct sigaction old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
	    !(old.sa_flags & SA_SIGINFO))
		signal(sig, on_signal);
}

/* Reads the whole file at path into *data (malloc'd); -1 on failure. */
static int slurp(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t r;

		if (n == cap) {
			unsigned char *nb;

			cap = cap ? cap * 2 : 4096;
			if (!(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

/* Runs one file through the target; -1 when it cannot be read. */
static int run_file(const char *path)
{
	unsigned char *data = NULL, *copy;
	size_t len = 0;

	if (slurp(path, &data, &len) < 0) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	snprintf(current, sizeof(current), "%s", path);
	/* an exact-size copy, so reading past the input is an overflow that a
	 * sanitizer sees, as under libFuzzer */
	copy = malloc(len ? len : 1);
	if (!copy) {
		free(data);
		return -1;
	}
	if (len)
		memcpy(copy, data, len);
	free(data);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	current[0] = '\0';
	return 0;
}

/* Compares two strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir, in name order; adds to *count. */
static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			if (!(nn = realloc(names, cap * sizeof(*nn)))) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if (!(names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
			rc = -1;
			break;
		}
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	size_t count = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", name);
		return 2;
	}
	catch (SIGABRT);
	catch (SIGSEGV);
	catch (SIGBUS);
	catch (SIGFPE);
	catch (SIGILL);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_current);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) < 0)
				rc = 1;
		} else if (run_file(argv[i]) < 0) {
			rc = 1;
		} else {
			count++;
		}
	}
	if (strncmp(name, "replay_", 7) == 0)
		name += 7;
	printf("%s: %zu inputs%s\n", name, count, rc ? " (some unreadable)" : "");
	return rc;
}
