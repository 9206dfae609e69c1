"""Exercise set 5: a first-order Markov model, counted from data, and what it forecasts (chapter 5).

A first-order Markov model says tomorrow depends on today alone: p(x_(t+1) = j | x_t = i) = P[i, j],
one row of the transition table P per state today, each row summing to 1. States are integers
0..S-1 (the dishes: 0 pizza, 1 sushi, 2 waffles). Data come as a (T, B) array: T days of B
households, sequences[t, b] the state of household b on day t.
"""
import numpy as np


def transition_table(sequences, states):
    """Estimate P from data: P[i, j] = the share of the transitions out of state i (within one
    household, from one day to the next) that go to state j. A state that is never left (it is
    never seen, or only on the last day) gets the uniform row, 1/S everywhere.

    sequences: (T, B) integers in [0, S); states: S. Returns P, (S, S). Leave the input unchanged.
    """
    ### BEGIN SOLUTION
    counts = np.zeros((states, states))
    np.add.at(counts, (sequences[:-1].ravel(), sequences[1:].ravel()), 1)
    left = counts.sum(axis=1, keepdims=True)
    return np.where(left > 0, counts / np.maximum(left, 1), 1 / states)
    ### END SOLUTION


def forecast(table, today, days):
    """The distribution of each household's state `days` days after today, by the chain rule of
    the Markov model: p_(t+1)[j] = sum_i p_t[i] P[i, j], starting from certainty about today.

    table: P, (S, S); today: (B,) integers; days: 1 for tomorrow, 2 for the day after, ...
    Returns (B, S): row b is the distribution for household b, summing to 1.
    """
    ### BEGIN SOLUTION
    return np.linalg.matrix_power(table, days)[today]
    ### END SOLUTION
