"""Answers for lesson 05's exercise: one SGD step in place."""


def sgd_plus(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]


def sgd_without_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key]


def sgd_only_w(params, grads, lr):
    params["W"] -= lr * grads["W"]


def sgd_returns_new_dict(params, grads, lr):
    return {key: params[key] - lr * grads[key] for key in params}


def sgd_rebinds(params, grads, lr):
    for key in params:
        params[key] = params[key] - lr * grads[key]


def sgd_hard_coded_keys(params, grads, lr):
    params["W"] -= lr * grads["W"]
    params["b"] -= lr * grads["b"]


def sgd_loop(params, grads, lr):
    for key in params:
        flat, step = params[key].reshape(-1), grads[key].reshape(-1)
        for i in range(flat.size):
            flat[i] = flat[i] - lr * step[i]


def sgd_slice_assign(params, grads, lr):
    for key, grad in grads.items():
        params[key][...] = params[key] - lr * grad


def sgd_returns_too(params, grads, lr):
    for key in params:
        np.subtract(params[key], lr * grads[key], out=params[key])
    return params


WRONG = {
    "sgd_step": [sgd_plus, sgd_without_lr, sgd_only_w, sgd_returns_new_dict, sgd_rebinds,
                 sgd_hard_coded_keys, lambda params, grads, lr: None],
}

RIGHT = {
    "sgd_step": [sgd_loop, sgd_slice_assign, sgd_returns_too],
}
