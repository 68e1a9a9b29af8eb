/*
 * pdf_load: the pdf export's door in accord's core.  The renderer
 * (pdf.c) is a module of its own, accord-pdf.so, because Pango, Cairo,
 * fontconfig and glib cost 2.6 ms of CPU at the start of every process
 * that links them, and only `export --format pdf` needs them.  The module
 * is looked for in the folder of the object that holds this code (the
 * core library: build/ in a tree, PREFIX/lib/accord installed) and loaded
 * once; its references to the core resolve against the core, which the
 * front loads with RTLD_GLOBAL.  A program linked with pdf.c itself (the
 * unit tests) calls it directly.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* The renderer, when this program is linked with pdf.c. */
/* (declared weak here: this program may not be linked with pdf.c) */
int acc_pdf_render(acc_buf *out, const acc_export_doc *d) __attribute__((weak));

#define PDF_MODULE "accord-pdf.so"

/* The paper names, in acc_export_paper order (their sizes are in pdf.c). */
static const char *const paper_names[] = {"a4", "letter"};

int acc_export_paper_parse(acc_export_paper *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(paper_names) / sizeof(*paper_names); i++)
		if (strcasecmp(name, paper_names[i]) == 0) {
			*out = (acc_export_paper)i;
			return 0;
		}
	return acc_error_set(ACC_EUSAGE, "unknown paper size '%.40s' (a4 or letter)", name);
}

/* The module's renderer once loaded, and why it could not be. */
static int (*module_render)(acc_buf *, const acc_export_doc *);
static char module_error[512];
static pthread_once_t module_once = PTHREAD_ONCE_INIT;

/* Loads accord-pdf.so from the folder of the object holding this code. */
static void module_load(void)
{
	Dl_info info;
	char path[4096];
	const char *slash;
	void *h;

	if (!dladdr((void *)ex_render_pdf, &info) || !info.dli_fname ||
	    !(slash = strrchr(info.dli_fname, '/'))) {
		snprintf(module_error, sizeof(module_error),
			 "cannot find where accord is installed");
		return;
	}
	snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - info.dli_fname), info.dli_fname,
		 PDF_MODULE);
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		snprintf(module_error, sizeof(module_error), "%s", dlerror());
		return;
	}
	*(void **)&module_render = dlsym(h, "acc_pdf_render");
	if (!module_render)
		snprintf(module_error, sizeof(module_error), "%.400s has no acc_pdf_render", path);
}

int ex_render_pdf(acc_buf *out, const acc_export_doc *d)
{
	if (acc_pdf_render)
		return acc_pdf_render(out, d);
	pthread_once(&module_once, module_load);
	if (!module_render)
		return acc_error_set(ACC_ERROR, "cannot load the pdf export: %s", module_error);
	return module_render(out, d);
}
