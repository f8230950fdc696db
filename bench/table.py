#!/usr/bin/env python3
"""Markdown tables from bench/results.jsonl (written by bench/run-all.sh)."""
import json, sys
path = sys.argv[1] if len(sys.argv) > 1 else "bench/results.jsonl"
rows = [json.loads(l) for l in open(path) if l.strip()]
print("| database | loader delay µs | scenario | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | SQL/req mean | SQL/req max | server CPU ms/req | PG CPU ms/req | server RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    x = r["run"]
    sm = "-" if x["sql_mean"] is None else f'{x["sql_mean"]:.2f}'
    # Runs recorded before the driver measured CPU have no such keys.
    cpu = lambda k: "-" if x.get(k) is None else f"{x[k]:.2f}"
    print(f'| {r["label"]} | {r["loader_delay_micros"]} | {x["scenario"]} | {x["requests"]} | {x["rps"]:.1f} | {x["p50_ms"]:.1f} | {x["p95_ms"]:.1f} | {x["p99_ms"]:.1f} | {x["max_ms"]:.1f} | {x["errors"]} | {sm} | {x["sql_max"]} | {cpu("server_cpu_ms_per_req")} | {cpu("postgres_cpu_ms_per_req")} | {r["server_rss_kib"]/1024:.0f} |')
