package t

import data.lib as not
