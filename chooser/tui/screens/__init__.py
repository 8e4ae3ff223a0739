"""One module per screen of the flow: language → place → situation → results → detail /
compare (and the counsellor's save dialog)."""
