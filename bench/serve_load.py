#!/usr/bin/env python3
"""Load on a running `refnet serve`: CLIENTS concurrent clients, each on its
own keep-alive connection, ask /api/recommend for random focals (one id per
line in IDS) for SECONDS; prints requests, errors, latency percentiles and
the server's resident memory (now and peak, from /proc) every INTERVAL
seconds and at the end. A soak is a long run: errors must stay 0 and the
resident memory flat.

Usage: bench/serve_load.py HOST:PORT IDS [--clients 16] [--seconds 60]
       [--pid PID] [--path /api/recommend] [--interval 60]
"""
import argparse
import http.client
import random
import statistics
import threading
import time


def memory(pid):
    if not pid:
        return ""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    gb = {k: int(fields[k].split()[0]) / 1e6 for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile")}
    return (f", RSS {gb['VmRSS']:.2f} GB (anonymous {gb['RssAnon']:.2f}, file-backed "
            f"{gb['RssFile']:.2f}; peak {gb['VmHWM']:.2f} GB)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("ids")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--path", default="/api/recommend")
    parser.add_argument("--interval", type=float, default=60)
    args = parser.parse_args()
    host, port = args.address.split(":")
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    lock = threading.Lock()
    latencies, errors = [], [0]
    stop = time.monotonic() + args.seconds

    def client(seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        while time.monotonic() < stop:
            focal = rng.choice(ids)
            started = time.perf_counter()
            try:
                conn.request("GET", f"{args.path}?focal={focal}&top=25")
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 404)  # an id the snapshot lacks is a 404
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    started = time.monotonic()

    def report(label):
        with lock:
            values = sorted(latencies)
        if not values:
            return
        q = statistics.quantiles(values, n=100)
        print(f"{label}: {len(values)} requests, {errors[0]} errors, "
              f"{len(values) / (time.monotonic() - started):.0f}/s, p50 {1000 * q[49]:.1f} ms, "
              f"p95 {1000 * q[94]:.1f} ms, p99 {1000 * q[98]:.1f} ms, max {1000 * values[-1]:.0f} ms"
              f"{memory(args.pid)}", flush=True)

    while time.monotonic() < stop:
        time.sleep(min(args.interval, max(0.0, stop - time.monotonic())))
        if time.monotonic() < stop:
            report(f"{time.monotonic() - started:.0f} s")
    for t in threads:
        t.join()
    report("total")


if __name__ == "__main__":
    main()
