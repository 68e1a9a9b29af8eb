/*
 * demo: the demo convention, made from the bundled draft and given a short
 * real history through the same operations a delegate runs.
 */
#ifndef ACCORD_CLI_DEMO_H
#define ACCORD_CLI_DEMO_H

/* The ballot the demo leaves open, for the hints it prints. */
#define ACC_DEMO_OPEN_BALLOT "meridian-cloud-1"

/* Finds the bundled proposals folder (malloc'd path of the named
 * proposal), looking at ACCORD_PROPOSALS, then beside the executable. */
int acc_demo_find_proposal(char **out, const char *name);

/* Creates the demo at dir (default: $XDG_DATA_HOME/accord/demo) unless a
 * convention is already there.  *path receives the folder (malloc'd),
 * *created whether it was made now. */
int acc_demo_prepare(char **path, int *created, const char *dir);

#endif
