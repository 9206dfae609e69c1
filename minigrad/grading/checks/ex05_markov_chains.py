"""Checks for exercises/ex05_markov_chains.py: a first-order Markov model estimated by counting,
and forecasts from it, one day or several ahead."""
import numpy as np

from ...data import dinner
from ..exercise import Array, Case, Exercise, Mistake

FILE = "ex05_markov_chains.py"


def random_table(rng, states, never_entered=None):
    """A transition table with rows summing to 1; `never_entered` gets probability 0 from every
    state, so a chain that does not start there never visits it."""
    table = rng.dirichlet(np.ones(states) * 0.8, size=states)
    if never_entered is not None:
        table[:, never_entered] = 0
        table /= table.sum(axis=1, keepdims=True)
    return table


def sample_chains(rng, table, length, batch, start):
    sequences = np.zeros((length, batch), dtype=np.int64)
    sequences[0] = start
    for t in range(1, length):
        cumulative = table[sequences[t - 1]].cumsum(axis=1)
        sequences[t] = np.minimum((cumulative < rng.random((batch, 1))).sum(axis=1),
                                  len(table) - 1)
    return sequences


def transition_table_cases(rng):
    states = int(rng.integers(3, 6))
    length, batch = int(rng.integers(12, 25)), int(rng.integers(4, 9))
    chains = sample_chains(rng, random_table(rng, states), length, batch,
                           rng.integers(0, states, size=batch))
    unvisited = states - 1
    partial = sample_chains(rng, random_table(rng, states, never_entered=unvisited), length, batch,
                            rng.integers(0, unvisited, size=batch))
    _, dishes = dinner(batch_size=batch, length=length, seed=int(rng.integers(10 ** 9)))
    return [Case((partial, states), f"{batch} chains of {length} days that never visit state "
                                    f"{unvisited} of {states}"),
            Case((chains, states), f"{batch} chains of {length} days over {states} states"),
            Case((dishes, 3), f"the dishes of {batch} households over {length} days")]


def table_from_pairs(today, tomorrow, states, unseen=None):
    """Transition frequencies from pairs of days; rows with no pair are `unseen` (1/S)."""
    counts = np.zeros((states, states))
    np.add.at(counts, (today, tomorrow), 1)
    left = counts.sum(axis=1, keepdims=True)
    empty_row = 1 / states if unseen is None else unseen
    return np.where(left > 0, counts / np.maximum(left, 1), empty_row)


def transition_table(sequences, states):
    return table_from_pairs(sequences[:-1].ravel(), sequences[1:].ravel(), states)


def counted_across_households(sequences, states):
    """Pairs read from the days flattened day by day: household b's day t, then household b+1's."""
    flat = sequences.ravel()
    return table_from_pairs(flat[:-1], flat[1:], states)


def unseen_rows_zero(sequences, states):
    return table_from_pairs(sequences[:-1].ravel(), sequences[1:].ravel(), states, unseen=0.0)


def counts_only(sequences, states):
    counts = np.zeros((states, states))
    np.add.at(counts, (sequences[:-1].ravel(), sequences[1:].ravel()), 1)
    return counts


def forecast_cases(rng):
    states, batch = (int(n) for n in rng.choice(np.arange(3, 7), size=2, replace=False))
    table = random_table(rng, states)
    today = rng.integers(0, states, size=batch)
    days = int(rng.integers(2, 6))
    return [Case((table, today, 1), f"tomorrow (days=1), {states} states, {batch} households"),
            Case((table, today, days), f"{days} days ahead, {states} states, {batch} households")]


def forecast(table, today, days):
    return np.linalg.matrix_power(table, days)[today]


EXERCISES = [
    Exercise(
        name="transition_table", file=FILE, chapter="05",
        cases=transition_table_cases, reference=transition_table,
        answer=Array("the table", "P[i, j] = (transitions i -> j) / (transitions out of i), within "
                                  "each household; a row with no transitions is uniform, 1/S"),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("the days were counted across households: in a (T, B) array the next day of "
                    "household b is sequences[t + 1, b], below it, not sequences[t, b + 1] beside "
                    "it (a flattened array puts household b + 1 after household b)",
                    computes=counted_across_households),
            Mistake("the table is transposed: row i must hold p(next = j | today = i), so each row "
                    "sums to 1", computes=lambda sequences, states:
                    transition_table(sequences, states).T),
            Mistake("the table holds counts: divide each row by the number of transitions out of "
                    "its state, so each row sums to 1", computes=counts_only),
            Mistake("a state that is never left has a row of zeros (or nan): with no evidence, its "
                    "row is uniform, 1/S for every next state", computes=unseen_rows_zero),
        ),
        hints=(
            "Count pairs (today, tomorrow) inside each household: sequences[t, b] and sequences[t "
            "+ 1, b] for every t < T - 1 and every b.",
            "sequences[:-1] and sequences[1:] line the pairs up; np.add.at(counts, (i, j), 1) adds"
            " 1 for every pair, repeats included (counts[i, j] += 1 would count a repeat once).",
            "Divide each row by its sum; a row whose sum is 0 becomes 1/S everywhere (np.where "
            "with the sum kept as a column, keepdims=True).",
        )),
    Exercise(
        name="forecast", file=FILE, chapter="05",
        cases=forecast_cases, reference=forecast,
        answer=Array("the forecast", "row b = p(dish `days` days ahead | today[b]) = "
                                     "(P^days)[today[b]]"),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("the forecast reads the table's columns: p(tomorrow = j | today = i) is row i, "
                    "so the distribution after k days is row today of P^k (a one-hot row vector "
                    "times P, k times)", computes=lambda table, today, days:
                    np.linalg.matrix_power(table, days)[:, today].T),
            Mistake("the forecast is one day too far: days=1 is tomorrow, P itself",
                    computes=lambda table, today, days: forecast(table, today, days + 1)),
            Mistake("the forecast is one day short: days=1 is tomorrow, one multiplication by P",
                    computes=lambda table, today, days: forecast(table, today, days - 1)),
            Mistake("returned the most likely dish; return the whole distribution, a row of S "
                    "probabilities per household",
                    matches=lambda value, args: np.shape(value) == np.shape(args[1])),
        ),
        hints=(
            "Today is certain: a one-hot row vector p_0 with a 1 at today's state.",
            "One day later, p_1[j] = sum_i p_0[i] P[i, j], that is p_1 = p_0 P; after k days, p_k "
            "= p_0 P^k.",
            "A one-hot row times P^k picks a row of P^k: np.linalg.matrix_power(table, "
            "days)[today] gives all the households at once.",
        )),
]
