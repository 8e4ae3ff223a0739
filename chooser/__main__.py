import sys

from chooser.cli.main import main

sys.exit(main())
