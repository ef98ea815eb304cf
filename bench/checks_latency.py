"""Latency of the border-check API, one client, keep-alive, sequential requests.

Start a demo server first (it prints the keys; the AUS analyst key is used here), optionally
import the real UN and OFAC lists into its database, then:

    python3 bench/checks_latency.py [N] [PORT]

Prints median / p95 / max milliseconds per request kind. Results: docs/benchmarks.md.
"""
import http.client, json, time, statistics, sys
KEY="lintas_de70f61b8cabb98c_948ffedb949324106e308caa9233d27706017828ace248ed"
STOLEN="P<IDNSETIAWAN<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<\nC4X81327<6IDN8804123M3106305<<<<<<<<<<<<<<<8"
LISTED="P<AFGKARIMI<<MOHAMMAD<NABI<<<<<<<<<<<<<<<<<<\nP0123456<6AFG7903029M2908155<<<<<<<<<<<<<<<8"
PORT=int(sys.argv[2]) if len(sys.argv)>2 else 8080
c=http.client.HTTPConnection("127.0.0.1",PORT)
def call(path, body):
    t=time.perf_counter()
    c.request("POST",path,json.dumps(body),{"Authorization":"Bearer "+KEY,"Content-Type":"application/json"})
    r=c.getresponse(); data=r.read()
    dt=(time.perf_counter()-t)*1000
    assert r.status==200,(r.status,data)
    return dt, json.loads(data)
n=int(sys.argv[1]) if len(sys.argv)>1 else 200
for label,path,body in [("document (stolen)","/api/v1/checks/document",{"mrz":STOLEN}),
                        ("document (listed)","/api/v1/checks/document",{"mrz":LISTED}),
                        ("person","/api/v1/checks/person",{"name":"Mohammed Nabi Karimi","birth_date":"1979","nationality":"AFG"})]:
    call(path,body)
    ts=[call(path,body)[0] for _ in range(n)]
    ts.sort()
    _,last=call(path,body)
    extra = len(last.get("matches", last.get("screening",{}).get("matches",[])))
    print(f"{label:20s} n={n} median={statistics.median(ts):.2f} ms p95={ts[int(n*0.95)-1]:.2f} ms max={ts[-1]:.2f} ms matches={extra}")
