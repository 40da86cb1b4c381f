/* main.c: the regoc command line: `regoc SUBCOMMAND [OPTIONS] ARGS...`.
 *
 * Each subcommand is one row of the table below and one function that receives the arguments
 * after the subcommand's name and returns the exit status: 0 done, 2 bad usage or input (a
 * diagnostic has said why). The compilation arena is made current here,
 * once, for whatever the subcommand builds, and freed on the way out.
 */
#include <stdio.h>
#include <string.h>

#include "ast_dump.h"
#include "config.h"
#include "diag.h"
#include "driver.h"
#include "parse.h"
#include "rt.h"

typedef struct command {
  const char *name;
  const char *usage; /* what follows the name */
  const char *summary;
  int (*run)(int argc, char **argv);
} command;

static int cmd_parse(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const command commands[] = {
    {"build",
     "[-o OUT] [-e ENTRY]... [--target opa|buildx] [--emit-c FILE] [--strict] PATH...",
     "compile a policy bundle into a checker binary", cmd_build},
    {"eval", "[-d PATH]... [-i INPUT] [--format json|pretty|raw] QUERY",
     "evaluate a query as opa eval does (compiling and caching a checker)", cmd_eval},
    {"check", "[--strict] [--target opa|buildx] PATH...", "report compile errors only",
     cmd_check},
    {"plan", "[-e ENTRY]... PATH...", "print the planner IR of entry points", cmd_plan},
    {"capabilities", "[--target opa|buildx]", "list the builtins a target offers (JSON)",
     cmd_capabilities},
    {"parse", "[--format json|text] FILE...", "print the syntax tree of Rego files", cmd_parse},
    {"version", "", "print the version of regoc", cmd_version},
    {"help", "", "print this summary", cmd_help},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
  fputs("usage: regoc SUBCOMMAND [OPTIONS] ARGS...\n\n", f);
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  regoc %s %s\n      %s\n", commands[i].name, commands[i].usage,
            commands[i].summary);
}

static int usage_error(const char *cmd, const char *problem, const char *arg) {
  fprintf(stderr, "regoc %s: %s%s%s\n", cmd, problem, arg ? " " : "", arg ? arg : "");
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, cmd) == 0)
      fprintf(stderr, "usage: regoc %s %s\n", cmd, commands[i].usage);
  return 2;
}

/* regoc parse [--format json|text] FILE...   (FILE may be - for standard input) */
static int cmd_parse(int argc, char **argv) {
  bool json = true;
  int i = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *a = argv[i], *fmt = NULL;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "--format") == 0) {
      if (++i == argc)
        return usage_error("parse", "missing the value of", a);
      fmt = argv[i];
    } else if (strncmp(a, "--format=", 9) == 0) {
      fmt = a + 9;
    } else {
      return usage_error("parse", "unknown option", a);
    }
    if (strcmp(fmt, "json") == 0)
      json = true;
    else if (strcmp(fmt, "text") == 0)
      json = false;
    else
      return usage_error("parse", "unknown format (json or text):", fmt);
  }
  if (i == argc)
    return usage_error("parse", "no file given", NULL);
  int status = 0;
  for (; i < argc; i++) {
    ast_module *m = parse_path(argv[i]);
    if (!m) {
      status = 2;
      continue;
    }
    if (json)
      ast_dump_json(stdout, m);
    else
      ast_dump_text(stdout, m);
  }
  if (fflush(stdout) != 0) {
    perror("regoc parse: stdout");
    return 2;
  }
  return status;
}

static int cmd_version(int argc, char **argv) {
  if (argc > 0)
    return usage_error("version", "unexpected argument", argv[0]);
  printf("regoc %s\n", PACKAGE_VERSION);
  return 0;
}

static int cmd_help(int argc, char **argv) {
  usage(stdout);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
    name = "help";
  if (strcmp(name, "--version") == 0)
    name = "version";
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strcmp(commands[i].name, name) != 0)
      continue;
    rt_arena *arena = rt_arena_new(0);
    rt_arena_use(arena);
    int status = commands[i].run(argc - 2, argv + 2);
    rt_arena_use(NULL);
    rt_arena_free(arena);
    return status;
  }
  fprintf(stderr, "regoc: unknown subcommand %s\n", argv[1]);
  usage(stderr);
  return 2;
}
