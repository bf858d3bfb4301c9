"""An independent BG/NBD computation on the CDNOW transactions fixture, with numpy and scipy only:
the reference values of test/actions/cli/clv-validate-cdnow.test.ts.

    python3 bench/peer/cdnow_bgnbd.py [test/fixtures/cdnow/cdnow_transactions.csv]

From the raw rows (customer_id, date, cds, dollars): a purchase occasion is a customer's calendar
day; calibration is weeks 1-39 (days before 1997-10-01), holdout weeks 40-78 (1997-10-01 to
1998-06-30); x = repeat occasions in calibration, t_x and T in weeks (days / 7) from the first
occasion to the last and to 1997-09-30. BG/NBD (Fader, Hardie & Lee 2005) by maximum likelihood
(equation 6 of the paper, Nelder-Mead then BFGS on log-parameters), and the conditional expectation
of repeat occasions in the 39 holdout weeks (equation 10, scipy's hyp2f1), summed per calibration
frequency 0 ... 7+.

Two customer sets: "all rows" (the published analysis: 2,357 customers) and "amount > 0" (the
warehouse's eligibility rule: a transaction with a zero amount is no purchase, which drops the eight
customers whose only purchase is $0.00). Prints one JSON object.
"""
import csv
import json
import sys
from datetime import date

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

CALIBRATION_END = date(1997, 9, 30)
HOLDOUT_END = date(1998, 6, 30)
HOLDOUT_WEEKS = 39.0
LAST_BIN = 7


def summaries(path, eligible):
    days = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if not eligible(float(row["dollars"])):
                continue
            days.setdefault(row["customer_id"], set()).add(date.fromisoformat(row["date"]))
    out = []
    for customer, ds in days.items():
        calibration = sorted(d for d in ds if d <= CALIBRATION_END)
        if not calibration:
            continue
        first, last = calibration[0], calibration[-1]
        holdout = sum(1 for d in ds if CALIBRATION_END < d <= HOLDOUT_END)
        out.append(
            (
                len(calibration) - 1,
                (last - first).days / 7,
                (CALIBRATION_END - first).days / 7,
                holdout,
            )
        )
    a = np.array(out, dtype=float)
    return a[:, 0], a[:, 1], a[:, 2], a[:, 3]


def log_likelihood(params, x, tx, T):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(
        x > 0,
        np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
        -np.inf,
    )
    return float(np.sum(a1 + a2 + np.logaddexp(a3, a4)))


def fit(x, tx, T):
    objective = lambda p: -log_likelihood(np.exp(p), x, tx, T)  # noqa: E731
    start = np.zeros(4)
    first = minimize(
        objective,
        start,
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000},
    )
    best = minimize(objective, first.x, method="BFGS", options={"gtol": 1e-9})
    params = np.exp(best.x)
    return params, -best.fun


def conditional_expected(params, t, x, tx, T):
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    body = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    alive = 1 + np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0)
    return head * body / alive


def report(path, eligible):
    x, tx, T, holdout = summaries(path, eligible)
    params, ll = fit(x, tx, T)
    expected = conditional_expected(params, HOLDOUT_WEEKS, x, tx, T)
    bins = np.minimum(x, LAST_BIN).astype(int)
    table = []
    for k in range(LAST_BIN + 1):
        m = bins == k
        table.append(
            {
                "frequency": f"{k}+" if k == LAST_BIN else str(k),
                "customers": int(m.sum()),
                "actual": int(holdout[m].sum()),
                "predicted": round(float(expected[m].sum()), 6),
            }
        )
    return {
        "customers": int(len(x)),
        "r": round(float(params[0]), 6),
        "alpha": round(float(params[1]), 6),
        "a": round(float(params[2]), 6),
        "b": round(float(params[3]), 6),
        "logLikelihood": round(ll, 6),
        "holdout": table,
        "holdoutActual": int(holdout.sum()),
        "holdoutPredicted": round(float(expected.sum()), 6),
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/cdnow/cdnow_transactions.csv"
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "scipy": scipy.__version__,
                "allRows": report(path, lambda amount: True),
                "amountAboveZero": report(path, lambda amount: amount > 0),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
