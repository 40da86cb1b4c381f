/* driver.h: the compiling subcommands of regoc (driver.c). Each takes the arguments after
 * the subcommand's name and returns the exit status. */
#ifndef DRIVER_H
#define DRIVER_H

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_capabilities(int argc, char **argv);

#endif /* DRIVER_H */
