package t

import foo.bar
