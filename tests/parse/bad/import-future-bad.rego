package t

import future.something
