/*
 * front: the accord executable.  It links almost nothing, answers the
 * commands that need no convention by itself (`--version`, and `diff
 * --no-index OLD NEW`, which loads ICU only for non-ASCII words), and for
 * everything else loads accord's core library (libaccord-core.so, which
 * links libgit2, SQLite, ncurses, libxml2, OpenSSL...) and hands it the
 * command line.  Loading and relocating those libraries is most of a
 * command's start-up (about 4 ms of CPU here against git's 1 ms in all),
 * and the commands above need none of it.  See "Process start" in
 * CONTRIBUTING.md.
 *
 * The core is looked for beside the program (PREFIX/lib/accord for an
 * installed accord: ../lib/accord from its bin folder), then where this
 * tree's build put it (ACCORD_CORE, set by the Makefile).
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accord/cli.h"
#include "accord/diff_render.h"

#ifndef ACCORD_CORE
#define ACCORD_CORE "libaccord-core.so"
#endif
#define CORE_NAME "libaccord-core.so"

/* The program's exit code after flushing its output: a write that failed
 * (a full disk, a closed pipe) is an error, not a silent success. */
static int finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "accord: cannot write the output: %s\n", strerror(errno));
		if (rc == ACC_EXIT_OK)
			rc = ACC_EXIT_ERROR;
	}
	return rc;
}

/* Loads the core: ../lib/accord/ beside the program, else ACCORD_CORE.
 * Returns the handle or NULL (with *why set to the loader's message). */
static void *load_core(const char **why)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	void *h;

	if (n > 0) {
		char *slash;

		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/../lib/accord/" CORE_NAME, self);
			if (access(path, R_OK) == 0 && (h = dlopen(path, RTLD_NOW | RTLD_GLOBAL)))
				return h;
		}
	}
	h = dlopen(ACCORD_CORE, RTLD_NOW | RTLD_GLOBAL);
	*why = h ? NULL : dlerror();
	return h;
}

int main(int argc, char **argv)
{
	int (*program)(int, char **);
	const char *why = NULL;
	void *core;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("accord %s\n", ACCORD_VERSION);
		return finish(ACC_EXIT_OK);
	}
	if (argc >= 2 && strcmp(argv[1], "diff") == 0 &&
	    acc_cli_diff_files_wanted(argc - 1, argv + 1)) {
		setlocale(LC_CTYPE, "");
		return finish(acc_cli_diff_files(argc - 1, argv + 1, stdout, stderr));
	}
	if (!(core = load_core(&why))) {
		fprintf(stderr, "accord: cannot load its core library: %s\n",
			why ? why : "unknown error");
		return ACC_EXIT_ERROR;
	}
	*(void **)&program = dlsym(core, "acc_program_main");
	if (!program) {
		fprintf(stderr, "accord: its core library has no entry point: %s\n", dlerror());
		return ACC_EXIT_ERROR;
	}
	return program(argc, argv); /* the core flushes and reports itself */
}
