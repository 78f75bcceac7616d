import sys

from nkru.cli import main

sys.exit(main())
