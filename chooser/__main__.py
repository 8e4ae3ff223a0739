from chooser.cli.main import entry

entry()
