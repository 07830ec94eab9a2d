"""Calls the AgentGuard enforcement service with Python's grpcio through stubs generated from proto/agentguard/v1/enforcement.proto.

An independent gRPC implementation (C-core) talking to AgentGuard's own wire layer: unary calls, trailers and status codes,
server streaming, cancellation. Usage: interop.py <unix:/path.sock> <agent-key> <operator-key>
"""
import sys
import threading
import uuid

import grpc
from agentguard.v1 import enforcement_pb2 as pb
from agentguard.v1 import enforcement_pb2_grpc as pb_grpc


def check(condition, message):
    if not condition:
        print("FAIL: " + message, flush=True)
        sys.exit(1)
    print("ok: " + message, flush=True)


def main():
    address, agent_key, operator_key = sys.argv[1], sys.argv[2], sys.argv[3]
    channel = grpc.insecure_channel(address)
    stub = pb_grpc.EnforcementStub(channel)
    agent = [("authorization", "Bearer " + agent_key)]
    operator = [("authorization", "Bearer " + operator_key)]
    session = "py-" + uuid.uuid4().hex

    def call(tool, args="{}"):
        return pb.ToolCall(tool_name=tool, arguments_json=args, session_id=session, user_id="alice")

    allowed = stub.Authorize(pb.AuthorizeRequest(call=call("tickets.get")), metadata=agent, timeout=10)
    check(allowed.enforced_action == pb.VERDICT_ALLOW and allowed.grant.startswith("agg_"), "Authorize allows an in-persona call and returns a grant")

    denied = stub.Authorize(pb.AuthorizeRequest(call=call("ledger.read")), metadata=agent, timeout=10)
    check(denied.enforced_action == pb.VERDICT_DENY and any(r.startswith("scope.") for r in denied.rule_ids), "Authorize denies an off-persona call")

    result = pb.ToolResult(status=pb.RESULT_STATUS_OK)
    result.content_json.value = '"the key is AKIAZ7Q4N2XKJ5P3W6RT"'
    inspected = stub.InspectResult(pb.InspectResultRequest(call=call("tickets.get"), result=result, grant=allowed.grant), metadata=agent, timeout=10)
    check(inspected.HasField("redacted_result") and "AKIAZ7Q4N2XKJ5P3W6RT" not in inspected.redacted_result.content_json.value, "InspectResult redacts a secret")

    try:
        stub.Authorize(pb.AuthorizeRequest(call=call("tickets.get")), metadata=[("authorization", "Bearer agk_0000000000000000_" + "A" * 43)], timeout=10)
        check(False, "a bad key is refused")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.UNAUTHENTICATED, "a bad key gets UNAUTHENTICATED (%s)" % e.code())

    try:
        stub.Authorize(pb.AuthorizeRequest(call=pb.ToolCall(tool_name="tickets.get", session_id=session, persona="reconciler")), metadata=agent, timeout=10)
        check(False, "claiming another persona is refused")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.PERMISSION_DENIED, "claiming another persona gets PERMISSION_DENIED (%s)" % e.code())

    unknown = channel.unary_unary("/agentguard.v1.Enforcement/ExportEverything",
                                  request_serializer=pb.AuthorizeRequest.SerializeToString,
                                  response_deserializer=pb.Decision.FromString)
    try:
        unknown(pb.AuthorizeRequest(call=call("tickets.get")), metadata=agent, timeout=10)
        check(False, "an unknown method is refused")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.UNIMPLEMENTED, "an unknown method gets UNIMPLEMENTED (%s)" % e.code())

    # Server streaming: an operator watches; the agent halts its own session; the halt arrives on the stream.
    stream = stub.WatchEvents(pb.WatchEventsRequest(), metadata=operator)
    received = []

    def watch():
        try:
            for event in stream:
                received.append(event)
                if event.kind == pb.EVENT_KIND_HALTED:
                    return
        except grpc.RpcError:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    for _ in range(100):
        stub.Halt(pb.HaltRequest(scope=pb.HALT_SCOPE_SESSION, id=session, reason="python halts"), metadata=agent, timeout=10)
        watcher.join(0.1)
        if not watcher.is_alive():
            break
    stream.cancel()
    watcher.join(5)
    halted = [e for e in received if e.kind == pb.EVENT_KIND_HALTED]
    check(len(halted) > 0 and halted[0].session_id == "triage-1/" + session, "WatchEvents streams the halt to the operator")

    after = stub.Authorize(pb.AuthorizeRequest(call=call("tickets.get")), metadata=agent, timeout=10)
    check(after.enforced_action >= pb.VERDICT_DENY, "calls of the halted session are refused")

    resumed = stub.Resume(pb.ResumeRequest(scope=pb.HALT_SCOPE_SESSION, id="triage-1/" + session), metadata=operator, timeout=10)
    check(resumed.resumed, "an operator resumes the session")

    try:
        stub.Resume(pb.ResumeRequest(scope=pb.HALT_SCOPE_SESSION, id="triage-1/" + session), metadata=agent, timeout=10)
        check(False, "an agent cannot resume")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.PERMISSION_DENIED, "an agent's Resume gets PERMISSION_DENIED (%s)" % e.code())

    print("interop passed", flush=True)


if __name__ == "__main__":
    main()
