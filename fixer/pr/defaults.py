"""What ``fixer pr`` does when not told otherwise: read by the command line at every start
of fixer, so it imports nothing."""

BOTS = ("dependabot[bot]", "renovate[bot]")  # whose pull requests --bot-runs fixes
