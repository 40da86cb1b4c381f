package t

import data.lib.every
