"""``fixer pr OWNER/REPO#N``: fix a pull request's failing CI and open the fix as a pull
request on its branch, or post the analysis as a comment.

- :mod:`.target` names the pull request; :mod:`.flow` runs the steps; :mod:`.publish`
  pushes and posts; :mod:`.artifact` carries a prepared fix from an unprivileged job to a
  privileged one; :mod:`.checkout` and :mod:`.logs` fetch code and logs; :mod:`.render`
  writes the texts.
"""
