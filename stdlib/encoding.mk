## stdlib/encoding.mk: encodings (base64, hex, urlquery, uri), JSON and YAML, json.filter/
## remove/patch, walk, graph, bits, units, semver, uuid, rand and net builtins, added to
## libregostd. yaml.* needs libyaml (the runtime's YAML reader uses it too), so programs that
## link the builtins get $(ENCODING_LIBS) through STD_LIBS.
stdlib_libregostd_a_SOURCES += stdlib/bi_encoding.c stdlib/bi_json.c stdlib/bi_yaml.c \
  stdlib/bi_jsonpatch.c stdlib/bi_walk.c stdlib/bi_graph.c stdlib/bi_bits.c \
  stdlib/bi_units.c stdlib/bi_semver.c stdlib/bi_uuid.c stdlib/bi_rand.c stdlib/bi_net.c
ENCODING_LIBS = $(YAML_LIBS)
STD_LIBS += $(ENCODING_LIBS)
