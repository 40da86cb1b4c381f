## examples/local.mk: the example policies, their inputs and expected decisions, and the
## demo: build the gatekeeper's checker and show it allow and deny.
EXTRA_DIST += examples/docker/Dockerfile.rego examples/docker/Dockerfile \
  $(wildcard $(srcdir)/examples/docker/inputs/*.json) \
  $(wildcard $(srcdir)/examples/docker/expected/*.expected)

demo: regoc
	@echo "== regoc build examples/docker (the Enterprise Registry Gatekeeper)"
	./regoc build -o examples-docker.checker $(srcdir)/examples/docker/Dockerfile.rego
	@for i in local-context image-internal-pinned image-alpine-latest http-plain git-thirdparty; do \
	  echo "== checker eval -i examples/docker/inputs/$$i.json"; \
	  ./examples-docker.checker eval -i $(srcdir)/examples/docker/inputs/$$i.json; \
	  echo "(exit $$?)"; \
	done
CLEANFILES += examples-docker.checker
