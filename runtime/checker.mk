## runtime/checker.mk: what generated checkers call beyond the value API (evaluation
## services, the checker command line, YAML values), added to libregort.
runtime_libregort_a_SOURCES += runtime/rt_eval.h runtime/eval.c runtime/checker.c \
  runtime/rt_yaml.h runtime/yaml.c
include_HEADERS += runtime/rt_eval.h runtime/rt_yaml.h
