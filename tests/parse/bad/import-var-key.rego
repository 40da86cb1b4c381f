package t

import data.lib[x]
