"""A compromised agent in its own process: it uses the credential broker for an allowed call, then searches its own
environment and memory for the backend token. It knows only the token's SHA-256 (never the token), so finding it would
mean the token reached this process.

Usage: compromised_agent.py <unix:/path.sock> <agent-key> <backend-base-url> <sha256-hex-of-token>
"""
import hashlib
import os
import re
import sys
import uuid

import grpc
from agentguard.v1 import enforcement_pb2 as pb
from agentguard.v1 import enforcement_pb2_grpc as pb_grpc

TOKEN_SHAPE = re.compile(rb"crm-[0-9A-F]{48}")


def found_in(data, digest):
    return any(hashlib.sha256(m.group(0)).hexdigest() == digest for m in TOKEN_SHAPE.finditer(data))


def scan_memory(digest):
    hits = 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if "r" not in fields[1] or (len(fields) > 5 and fields[5] in ("[vvar]", "[vsyscall]")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            if found_in(chunk, digest):
                hits += 1
    return hits


def main():
    address, agent_key, backend, digest = sys.argv[1:5]
    stub = pb_grpc.EnforcementStub(grpc.insecure_channel(address))
    metadata = [("authorization", "Bearer " + agent_key)]
    call = pb.ToolCall(tool_name="crm.get_customer", arguments_json='{"customer_id":"C000001"}', session_id="py-" + uuid.uuid4().hex, user_id="alice")
    decision = stub.Authorize(pb.AuthorizeRequest(call=call), metadata=metadata, timeout=10)
    if not decision.grant:
        print("FAIL: the call was not allowed", flush=True)
        sys.exit(1)
    reply = stub.ExecuteHttp(pb.HttpCall(grant=decision.grant, backend="crm", method="GET", url=backend + "customers/C000001", call=call), metadata=metadata, timeout=10)
    if reply.status_code != 200 or b"C000001" not in reply.body:
        print("FAIL: the brokered request did not succeed: %d %s %s" % (reply.status_code, reply.refusal_rule_id, reply.refusal_reason), flush=True)
        sys.exit(1)
    print("ok: the brokered request returned the customer", flush=True)

    environment = b"\0".join(k.encode() + b"=" + v.encode() for k, v in os.environ.items())
    if found_in(environment, digest) or found_in(reply.SerializeToString(), digest):
        print("FAIL: the backend token is in the agent's environment or in the reply", flush=True)
        sys.exit(1)
    print("ok: no backend token in the environment or the reply", flush=True)

    # Self-test of the scanner: a token-shaped value this process does hold must be found, or the scan proves nothing.
    decoy = "crm-" + uuid.uuid4().hex.upper() + uuid.uuid4().hex.upper()[:16]
    if scan_memory(hashlib.sha256(decoy.encode()).hexdigest()) == 0:
        print("FAIL: the memory scan did not find a value it holds", flush=True)
        sys.exit(1)
    hits = scan_memory(digest)
    if hits:
        print("FAIL: the backend token is in the agent's memory (%d regions)" % hits, flush=True)
        sys.exit(1)
    print("ok: no backend token anywhere in the agent's memory", flush=True)
    print("compromised agent found nothing", flush=True)


if __name__ == "__main__":
    main()
