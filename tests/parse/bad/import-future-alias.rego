package t

import future.keywords as kw
