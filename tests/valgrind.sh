#!/bin/sh
# Runs a program under valgrind memcheck: any error, or any definite leak,
# makes it exit 99.  ACCORD_REAL names the program when this script stands
# in for accord (make test-valgrind).
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--suppressions="$(dirname "$0")/valgrind.supp" ${ACCORD_REAL:+"$ACCORD_REAL"} "$@"
