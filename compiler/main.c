/* main.c: the regoc command line (placeholder until the front end lands). */
#include <stdio.h>
int main(void) {
  puts("regoc 0.1.0");
  return 0;
}
