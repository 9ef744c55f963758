"""The benchmark's tasks written as a Py4J user writes them, run against the
same JVM as the TypeScript kernels. Prints one JSON object on stdout:
{"task": ..., "runs": [{"ms", "roundTrips", "deletes", "callbacks", "check"}]}.

Round trips are counted by wrapping GatewayClient.send_command (every
command the Python client sends waits for its answer, deletes included) and
by counting the callbacks the JVM makes into Python.
"""
import argparse
import gc
import json
import sys
import time

from py4j.java_gateway import (CallbackServerParameters, GatewayClient,
                               GatewayParameters, JavaGateway)

COUNTS = {"roundTrips": 0, "deletes": 0, "callbacks": 0}
_send_command = GatewayClient.send_command


def counting_send_command(self, command, retry=True, binary=False):
    COUNTS["roundTrips"] += 1
    if command.startswith("m\nd\n"):
        COUNTS["deletes"] += 1
    return _send_command(self, command, retry, binary)


GatewayClient.send_command = counting_send_command


# Each task returns a function that makes its check text, called after the
# clock stops (the TypeScript cells print theirs after timing too).

def fill_read(gateway, n, _):
    lst = gateway.jvm.java.util.ArrayList()
    for i in range(n):
        lst.add(i)
    values = list(lst)
    return lambda: "{} {}".format(len(values), values[-1])


def map_read(gateway, n, _):
    m = gateway.jvm.java.util.HashMap()
    for i in range(n):
        m.put(i, i)
    entries = dict(m)
    return lambda: "{} {}".format(len(entries), entries[n - 1])


def bytes_read(gateway, n, data_file):
    # The byte[] is made on the JVM from a file: new_array(byte, n) would
    # itself come back as bytes, since Py4J passes every byte[] by value.
    path = gateway.jvm.java.io.File(data_file).toPath()
    data = gateway.jvm.java.nio.file.Files.readAllBytes(path)
    return lambda: "{} {}".format(len(data), sum(data) % 2 ** 32)


def resolve_static(gateway, n, _):
    now = 0
    for _ in range(n):
        now = gateway.jvm.java.lang.System.currentTimeMillis()
    return lambda: "true" if now > 0 else "false"


def sequential_append(gateway, n, _):
    sb = gateway.jvm.java.lang.StringBuilder()
    for i in range(n):
        sb.append(i % 10)
    length = sb.length()
    return lambda: str(length)


def temporaries(gateway, n, _):
    # A Py4J user hoists the class: resolving it inside the loop would cost
    # several round trips per object (see resolve_static).
    Object = gateway.jvm.java.lang.Object
    for _ in range(n):
        Object()
    return lambda: "done"


class Ascending(object):
    def compare(self, a, b):
        COUNTS["callbacks"] += 1
        return a - b

    class Java:
        implements = ["java.util.Comparator"]


def callback_sort(gateway, n, _):
    shuffled = [(i * 7919) % n for i in range(n)]
    lst = gateway.jvm.java.util.ArrayList()
    for value in shuffled:
        lst.add(value)
    gateway.jvm.java.util.Collections.sort(lst, Ascending())
    ends = (lst.get(0), lst.get(n - 1))
    return lambda: "{} {}".format(ends[0], ends[1])


def per_call_sequential(gateway, n, _):
    maximum = gateway.jvm.java.lang.Math.max
    for i in range(n):
        maximum(i, 4)
    return lambda: "done"


TASKS = {
    "fill_read_10k": fill_read,
    "map_read_10k": map_read,
    "bytes_10mb": bytes_read,
    "resolve_static_2k": resolve_static,
    "sequential_append_5k": sequential_append,
    "temporaries_100k": temporaries,
    "callback_sort_1k": callback_sort,
    "per_call_sequential": per_call_sequential,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--task", required=True, choices=sorted(TASKS))
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--data-file", default=None)
    args = parser.parse_args()

    callbacks = args.task == "callback_sort_1k"
    gateway = JavaGateway(
        gateway_parameters=GatewayParameters(port=args.port, auth_token=args.token),
        # The stock GatewayServer's callback client does not authenticate: no token here.
        callback_server_parameters=CallbackServerParameters(port=0) if callbacks else None,
    )
    server = gateway.java_gateway_server
    previous = None
    if callbacks:
        # The documented way to use an ephemeral callback port: point the JVM
        # at it. The previous callback address (the relay's) is restored below.
        client = server.getCallbackClient()
        previous = (client.getAddress(), client.getPort())
        server.resetCallbackClient(previous[0], gateway.get_callback_server().get_listening_port())
    runs = []
    try:
        task = TASKS[args.task]
        for _ in range(args.runs):
            gc.collect()
            for key in COUNTS:
                COUNTS[key] = 0
            started = time.perf_counter()
            check = task(gateway, args.n, args.data_file)
            ms = (time.perf_counter() - started) * 1000
            counts = dict(COUNTS)
            check = check()
            # Objects the task dropped are deleted by their finalizers right away (reference counting).
            runs.append(dict(counts, ms=ms, check=check))
    finally:
        if previous is not None:
            server.resetCallbackClient(previous[0], previous[1])
            previous = None
        gc.collect()
        # close(), not shutdown(): shutdown() would stop the JVM's gateway server.
        gateway.close(keep_callback_server=False)
    json.dump({"task": args.task, "runs": runs}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
