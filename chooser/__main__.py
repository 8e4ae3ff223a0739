import sys

from chooser.cli import main

sys.exit(main())
