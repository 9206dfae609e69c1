"""The checks, one module per exercise file: checks/ex08_lstm_cell.py grades
exercises/ex08_lstm_cell.py. Each module lists its exercises in EXERCISES, in the order the
exercise notebook asks for them; catalogue.py gathers every module whose name starts with "ex".
"""
