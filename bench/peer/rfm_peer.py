"""The peer of `workshop run` in the benchmarks: the same RFM, KMeans and scored CSV as a plain
pandas + scikit-learn script, the way an analyst would write it.

    python3 bench/peer/rfm_peer.py DATA_DIR OUT_CSV [--k 5] [--restarts 8] [--seed 42]

Reads the three Olist files, keeps eligible orders (not canceled or unavailable, with a payment),
computes recency/frequency/monetary per customer_unique_id as ARCHITECTURE.md defines them, the
0-5 normalised features and rank-based 1-5 scores, fits KMeans (k-means++, `restarts` inits) on
(recency_n, frequency_n, monetary_n), scores every customer (cluster, distance) and writes a CSV.
Prints one JSON line of stage timings in ms.
"""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--restarts", type=int, default=8)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    timings = {}
    started = time.perf_counter()

    def stage(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings[name] = round((now - t0) * 1000)
        return now

    t = time.perf_counter()
    customers = pd.read_csv(
        os.path.join(args.data, "olist_customers_dataset.csv"),
        usecols=["customer_id", "customer_unique_id"],
        dtype=str,
    )
    orders = pd.read_csv(
        os.path.join(args.data, "olist_orders_dataset.csv"),
        usecols=["order_id", "customer_id", "order_status", "order_purchase_timestamp"],
        dtype={"order_id": str, "customer_id": str, "order_status": str},
        parse_dates=["order_purchase_timestamp"],
    )
    payments = pd.read_csv(
        os.path.join(args.data, "olist_order_payments_dataset.csv"),
        usecols=["order_id", "payment_value"],
        dtype={"order_id": str},
    )
    t = stage("read", t)

    values = payments.groupby("order_id", sort=False)["payment_value"].sum().rename("order_value")
    eligible = orders[~orders["order_status"].isin(["canceled", "unavailable"])]
    eligible = eligible.join(values, on="order_id", how="inner").merge(customers, on="customer_id")
    eligible["purchase_date"] = eligible["order_purchase_timestamp"].dt.normalize()
    as_of = eligible["purchase_date"].max() + pd.Timedelta(days=1)
    rfm = eligible.groupby("customer_unique_id", sort=False).agg(
        last_purchase=("purchase_date", "max"),
        frequency=("order_id", "nunique"),
        total_spend=("order_value", "sum"),
    )
    rfm["recency_days"] = (as_of - rfm["last_purchase"]).dt.days
    rfm["monetary"] = rfm["total_spend"] / rfm["frequency"]
    n = len(rfm)
    for column, name in (("recency_days", "recency_n"), ("frequency", "frequency_n"), ("monetary", "monetary_n")):
        lo, hi = rfm[column].min(), rfm[column].max()
        rfm[name] = 0.0 if hi == lo else 5.0 * (rfm[column] - lo) / (hi - lo)
    rank = lambda s, asc: s.rank(method="min", ascending=asc)  # noqa: E731
    rfm["r_score"] = np.minimum(5, 1 + (5 * (rank(rfm["recency_days"], False) - 1)) // n).astype(int)
    rfm["f_score"] = np.minimum(5, 1 + (5 * (rank(rfm["frequency"], True) - 1)) // n).astype(int)
    rfm["m_score"] = np.minimum(5, 1 + (5 * (rank(rfm["monetary"], True) - 1)) // n).astype(int)
    t = stage("features", t)

    x = rfm[["recency_n", "frequency_n", "monetary_n"]].to_numpy()
    model = KMeans(n_clusters=args.k, init="k-means++", n_init=args.restarts, random_state=args.seed)
    model.fit(x)
    t = stage("train", t)

    distances = model.transform(x)
    rfm["cluster"] = distances.argmin(axis=1)
    rfm["distance"] = distances.min(axis=1)
    rfm.drop(columns=["last_purchase"]).sort_index().to_csv(args.out)
    stage("score", t)
    timings["total"] = round((time.perf_counter() - started) * 1000)
    print(json.dumps({"customers": n, "timings_ms": timings}))


if __name__ == "__main__":
    main()
