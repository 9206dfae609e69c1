"""What runs outside the grading process: the worker that starts one process per exercise, the
sandbox around it, the harness that imports a learner's file and calls the function, and the data
format they answer in.

Nothing here imports minigrad (or the grader's checks), so that a learner's process holds neither:
the worker loads this folder as a stand-alone package (see worker.py), and the grader imports it as
`minigrad.grading.child` for the shared data format.
"""
