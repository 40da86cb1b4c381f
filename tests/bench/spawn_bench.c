/* spawn_bench.c: wall time and peak memory of a command, process start to exit.
 *
 *   spawn_bench N INPUT_FILE COMMAND [ARG...]
 *
 * Runs COMMAND N times with INPUT_FILE on stdin (or /dev/null when it is "-") and stdout and
 * stderr discarded, then prints the median and 90th percentile wall time in microseconds and
 * the largest resident set size of any run, so that the checker's single-shot cost is
 * measured the way a build agent pays it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: spawn_bench N INPUT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  if (n < 1) n = 1;
  double *t = malloc(sizeof(double) * (size_t)n);
  long maxrss = 0;
  for (int i = 0; i < n; i++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
      int in = open(argv[2][0] == '-' && !argv[2][1] ? "/dev/null" : argv[2], O_RDONLY);
      int null = open("/dev/null", O_WRONLY);
      if (in < 0 || null < 0) _exit(126);
      dup2(in, 0);
      dup2(null, 1);
      dup2(null, 2);
      execv(argv[3], argv + 3);
      _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) return 2;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
      fprintf(stderr, "spawn_bench: cannot run %s\n", argv[3]);
      return 2;
    }
    t[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
    if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
  }
  qsort(t, (size_t)n, sizeof(double), cmp_double);
  printf("runs %d  median %.0f us  p90 %.0f us  max RSS %ld KiB\n", n, t[n / 2],
         t[(n * 9) / 10], maxrss);
  free(t);
  return 0;
}
