package t

import future.keywords.unless
