"""Exercise set 2.2: the core of a reverse-mode engine, on single numbers (chapter 2).

The graphs are made of Nodes (minigrad.grading.Node), built like chapter 2's Scalar with one
difference: a Node's send_grad returns its parents' shares instead of adding them in itself (as
minigrad's Tensor does), so the adding is backward's job:
    node.value      the number computed on the way forward
    node.grad       dL/d(node), 0.0 until backward fills it in
    node.parents    the nodes it was made from: () for an input, (x, x) for x * x
    node.send_grad  send_grad(g) -> one gradient per parent, dL/d(parent) through this node alone,
                    given g = dL/d(node); None for an input
    node.label      a name to print
Return nodes themselves (not labels or values). No recursion: a graph may be thousands of nodes
deep, deeper than Python's limit on nested calls.
"""


def topological_order(root):
    """Every node the root was made from, directly or not, and the root itself, each listed once,
    in an order where every node comes before the nodes it was made from (so the root is first
    and the inputs come last).

    root: a Node. Returns a list of Nodes.
    """
    raise NotImplementedError("exercise `topological_order` in exercises/ex02_scalar_engine.py: replace this line with your code")


def backward(order):
    """Fill in node.grad = dL/d(node) for every node of a graph, where L is the root's value.

    order: the graph's nodes in a topological order, root first (as topological_order returns
    them; the grads start at 0). By the chain rule, dL/dL = 1 at the root, and a node's gradient
    is the sum, over every use of it by another node n, of the share n.send_grad(dL/dn) returns
    for it; a node's gradient is complete once every node made from it has sent its share.

    Returns the list of nodes, each with its .grad filled in.
    """
    raise NotImplementedError("exercise `backward` in exercises/ex02_scalar_engine.py: replace this line with your code")
