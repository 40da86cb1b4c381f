# Enterprise Registry Gatekeeper: the build policy of this example.
#
# Buildx evaluates data.docker.decision once for every source of the build (an image, an
# ADD download, a git repository, the local context). The gatekeeper allows
#   - the local build context and Dockerfile;
#   - images from approved registries, pinned by digest, and never by the `latest` tag;
#   - https downloads from approved hosts;
#   - git sources inside the trusted organisations.
# Every refusal comes with a message that says what to change.
package docker

default allow := false

approved_registries := {"registry.company.com", "docker.io", "ghcr.io"}

approved_download_hosts := {"github.com", "objects.githubusercontent.com", "releases.company.com"}

trusted_git_prefixes := ["https://github.com/our-org/", "https://git.company.com/"]

allow if input.local

allow if {
	input.image
	count(image_problems) == 0
}

allow if {
	input.http
	count(http_problems) == 0
}

allow if {
	input.git
	count(git_problems) == 0
}

image_problems contains msg if {
	input.image
	not input.image.isCanonical
	msg := sprintf("image %s: digest missing, reference it as name@sha256:<digest>", [input.image.ref])
}

image_problems contains msg if {
	input.image
	not input.image.host in approved_registries
	msg := sprintf("image %s: registry %s is not approved", [input.image.ref, input.image.host])
}

image_problems contains msg if {
	input.image.tag == "latest"
	msg := sprintf("image %s: the latest tag is not allowed, name a version", [input.image.ref])
}

http_problems contains msg if {
	input.http.schema != "https"
	msg := sprintf("download %s: plain %s is not allowed, use https", [input.http.url, input.http.schema])
}

http_problems contains msg if {
	input.http.schema == "https"
	not input.http.host in approved_download_hosts
	msg := sprintf("download %s: host %s is not approved", [input.http.url, input.http.host])
}

git_problems contains msg if {
	input.git
	not trusted_remote(input.git.remote)
	msg := sprintf("git source %s: outside the trusted organisations", [input.git.remote])
}

trusted_remote(remote) if {
	some prefix in trusted_git_prefixes
	startswith(remote, prefix)
}

deny_msg contains msg if some msg in image_problems

deny_msg contains msg if some msg in http_problems

deny_msg contains msg if some msg in git_problems

decision := {"allow": allow, "deny_msg": deny_msg}
