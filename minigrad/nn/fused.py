"""Fused recurrent steps: a whole step of LSTMCell or GRUCell as one op, with its
backpropagation-through-time step derived by hand.

A layer then makes a few large array calls per step instead of many small ones, and keeps only
what the backward step reads (the gates, the new states), as a hand-written BPTT does. The tests
check each step against the same equations written op by op (the cells' `gates`) and against
finite differences.

Every step takes x_t and its weights as inputs, so that its backward returns dL/dW_x and dL/db
itself. The input term x_t W_x^T + b does not depend on h, so `RecurrentCell.unroll` computes it
for all steps in one matmul and passes each step its slice as `input_term`, a plain array that
the step then owns: the step writes its gates over it.
"""
from ..ops.elementwise import sigmoid_of
from ..tensor import Tensor


def lstm_step(x, h_prev, c_prev, W_x, W_h, b, input_term=None):
    """One LSTM step. With z = W_x x_t + W_h h_{t-1} + b (gates i, f, g, o, each H wide):

        i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_g)
        c_t = f * c_{t-1} + i * g;         h_t = o * tanh(c_t)

    Returns the two outputs h_t and c_t. Given dh = dL/dh_t and dc = dL/dc_t (the part arriving
    from later steps), backward computes
        dc_total = dc + dh * o * (1 - tanh²c_t)
        dz = [dc_total * g * i(1-i),  dc_total * c_{t-1} * f(1-f),  dc_total * i * (1-g²),
              dh * tanh(c_t) * o(1-o)]
        dL/dx_t = dz W_x,  dL/dh_{t-1} = dz W_h,  dL/dc_{t-1} = dc_total * f,
        dL/dW_x = dz^T x_t,  dL/dW_h = dz^T h_{t-1},  dL/db = Σ_batch dz.
    """
    xp, hidden = h_prev.xp, h_prev.data.shape[-1]
    gates = _input_term(x, W_x, b, input_term)  # becomes z, then the four gates, in place
    gates += h_prev.data @ W_h.data.T
    candidate = xp.tanh(gates[:, 2 * hidden:3 * hidden])
    sigmoid_of(gates, xp, out=gates)  # σ of all four; g's block is replaced next
    gates[:, 2 * hidden:3 * hidden] = candidate
    i, f, g, o = (gates[:, k * hidden:(k + 1) * hidden] for k in range(4))
    c = f * c_prev.data
    c += i * g
    tanh_c = xp.tanh(c)
    h = o * tanh_c

    def backward(dh, dc):
        if dh is None:  # only c_t was used further on
            dh = xp.zeros_like(h)
        dc_total = dh * o
        dc_total *= 1 - tanh_c * tanh_c
        if dc is not None:
            dc_total += dc
        dz = gates * (1 - gates)  # each gate's σ'; g's block is replaced by tanh' = 1 - g²
        dz_i, dz_f, dz_g, dz_o = (dz[:, k * hidden:(k + 1) * hidden] for k in range(4))
        xp.multiply(g, g, out=dz_g)
        xp.subtract(1, dz_g, out=dz_g)
        dz_i *= dc_total * g
        dz_f *= dc_total * c_prev.data
        dz_g *= dc_total * i
        dz_o *= dh * tanh_c
        d_x, d_W_x, d_b = _input_gradients(dz, x, W_x, b)
        d_h_prev, d_W_h = _recurrent_gradients(dz, h_prev, W_h)
        d_c_prev = dc_total * f if c_prev.requires_grad else None
        return d_x, d_h_prev, d_c_prev, d_W_x, d_W_h, d_b
    return Tensor._make_outputs((h, c), (x, h_prev, c_prev, W_x, W_h, b), backward, "lstm_step")


def gru_step(x, h_prev, W_x, W_h, W_hc, b, b_hc=None, input_term=None):
    """One GRU step (GRUCell's equations; b_hc given: PyTorch's reset placement):

        z = σ(W_z [h_{t-1}, x_t] + b_z),  r = σ(W_r [h_{t-1}, x_t] + b_r)
        h~ = tanh(W_xc x_t + b_c + W_hc (r * h_{t-1}))      or, reset after,
        h~ = tanh(W_xc x_t + b_c + r * (W_hc h_{t-1} + b_hc))
        h_t = (1 - z) * h_{t-1} + z * h~

    Given dh = dL/dh_t, backward computes da_c = dh * z * (1 - h~²) for the candidate's
    pre-activation, da_z = dh * (h~ - h_{t-1}) * z(1-z); through the candidate's recurrent term,
    reset before: dL/d(r h) = da_c W_hc, dL/dW_hc = da_c^T (r h), dL/dr = dL/d(r h) * h_{t-1};
    reset after:  dn = da_c * r, dL/dW_hc = dn^T h_{t-1}, dL/db_hc = Σ dn, dL/dr = da_c * n;
    then da_r = dL/dr * r(1-r), and dL/dh_{t-1} = dh * (1 - z) + [da_z, da_r] W_h + (the
    recurrent term's share: dL/d(r h) * r, or dn W_hc); the input weights as in lstm_step.
    """
    xp, hidden = h_prev.xp, h_prev.data.shape[-1]
    terms = _input_term(x, W_x, b, input_term)  # becomes the gates' and candidate's values
    gates = terms[:, :2 * hidden]
    gates += h_prev.data @ W_h.data.T
    sigmoid_of(gates, xp, out=gates)
    update, reset = gates[:, :hidden], gates[:, hidden:]
    candidate = terms[:, 2 * hidden:]
    if b_hc is None:
        recurrent_input = reset * h_prev.data  # r * h_{t-1}, which W_hc reads
        candidate += recurrent_input @ W_hc.data.T
    else:
        recurrent_input = h_prev.data @ W_hc.data.T  # n = W_hc h_{t-1} + b_hc, which r scales
        recurrent_input += b_hc.data
        candidate += reset * recurrent_input
    xp.tanh(candidate, out=candidate)
    h = update * candidate
    h += (1 - update) * h_prev.data

    def backward(dh):
        d_terms = xp.empty_like(terms)  # dL/d(pre-activations of z, r and the candidate)
        d_update, d_reset, d_candidate = (d_terms[:, k * hidden:(k + 1) * hidden]
                                          for k in range(3))
        xp.multiply(dh, update, out=d_candidate)
        d_candidate *= 1 - candidate * candidate
        xp.subtract(candidate, h_prev.data, out=d_update)
        d_update *= dh
        d_update *= update * (1 - update)
        d_h_prev = dh * (1 - update)
        if b_hc is None:
            d_recurrent_input = d_candidate @ W_hc.data
            d_W_hc = d_candidate.T @ recurrent_input if W_hc.requires_grad else None
            xp.multiply(d_recurrent_input, h_prev.data, out=d_reset)
            d_h_prev += d_recurrent_input * reset
            d_b_hc = ()
        else:
            d_recurrent_input = d_candidate * reset
            d_W_hc = d_recurrent_input.T @ h_prev.data if W_hc.requires_grad else None
            xp.multiply(d_candidate, recurrent_input, out=d_reset)
            d_h_prev += d_recurrent_input @ W_hc.data
            d_b_hc = (d_recurrent_input.sum(axis=0) if b_hc.requires_grad else None,)
        d_reset *= reset * (1 - reset)
        d_x, d_W_x, d_b = _input_gradients(d_terms, x, W_x, b)
        d_gates_h_prev, d_W_h = _recurrent_gradients(d_terms[:, :2 * hidden], h_prev, W_h)
        if d_gates_h_prev is not None:
            d_h_prev += d_gates_h_prev
        return (d_x, d_h_prev if h_prev.requires_grad else None, d_W_x, d_W_h, d_W_hc, d_b,
                *d_b_hc)
    parents = (x, h_prev, W_x, W_h, W_hc, b) + (() if b_hc is None else (b_hc,))
    return Tensor._make(h, parents, backward, "gru_step")


def _input_term(x, W_x, b, input_term):
    """x_t W_x^T + b: the caller's precomputed slice, or a new array; the step may write over it."""
    if input_term is not None:
        return input_term
    term = x.data @ W_x.data.T
    term += b.data
    return term


def _input_gradients(d_terms, x, W_x, b):
    """dL/dx_t, dL/dW_x and dL/db from d_terms = dL/d(x_t W_x^T + b) (None where not needed)."""
    return (d_terms @ W_x.data if x.requires_grad else None,
            d_terms.T @ x.data if W_x.requires_grad else None,
            d_terms.sum(axis=0) if b.requires_grad else None)


def _recurrent_gradients(d_terms, h_prev, W_h):
    """dL/dh_{t-1} and dL/dW_h from d_terms = dL/d(h_{t-1} W_h^T) (None where not needed)."""
    return (d_terms @ W_h.data if h_prev.requires_grad else None,
            d_terms.T @ h_prev.data if W_h.requires_grad else None)
