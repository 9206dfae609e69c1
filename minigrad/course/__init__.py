"""Opening the course: `python3 -m minigrad.course` starts JupyterLab at the root of the clone
with chapter 1 open (launch.py), after setting up git (git_setup.py) to see every notebook through
the clear-outputs filter (clear_outputs.py), so that running a chapter does not count as changing
it and `git pull` keeps working."""
