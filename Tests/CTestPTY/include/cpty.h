// A pseudo-terminal pair for the tests that drive interactive commands as a person would.
#ifndef HYGIENE_CPTY_H
#define HYGIENE_CPTY_H

/// Opens a pseudo-terminal: `controller` is the test's end, `terminal` the program's. 0 on success, -1 on failure.
int hygiene_open_pty(int *controller, int *terminal);

#endif
