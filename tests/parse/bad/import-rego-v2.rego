package t

import rego.v2
