// Wire-level facts the high-level client hides, checked with a raw gRPC client built
// from the same generated code.
import { randomUUID } from "node:crypto";
import grpc from "@grpc/grpc-js";
import type { UUID } from "@eventstore/db-client/generated/shared_pb.js";
import type { StreamsClient } from "@eventstore/db-client/generated/streams_grpc_pb.js";
import type { AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from "@eventstore/db-client/generated/streams_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoogleTimestampMessage, sharedPb, streamsPb } from "../test-support/generated-protos.js";
import { startTestServer, type TestServer } from "../test-support/index.js";
import { rawStreamsClient, streamName } from "./test-server-fixture.js";

const utf8 = new TextEncoder();
const identifier = (stream: string) => new sharedPb.StreamIdentifier().setStreamName(utf8.encode(stream));

type Expected = { revision: string } | "any" | "no_stream" | "stream_exists";

function appendOptions(stream: string, expected: Expected) {
  const options = new streamsPb.AppendReq.Options().setStreamIdentifier(identifier(stream));
  if (expected === "any") options.setAny(new sharedPb.Empty());
  else if (expected === "no_stream") options.setNoStream(new sharedPb.Empty());
  else if (expected === "stream_exists") options.setStreamExists(new sharedPb.Empty());
  else options.setRevision(expected.revision);
  return options;
}

function proposed(id: UUID, metadata: Record<string, string> = { type: "T", "content-type": "application/json" }) {
  const message = new streamsPb.AppendReq.ProposedMessage().setId(id).setData(utf8.encode("{}"));
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  return message;
}

const stringId = (id: string = randomUUID()) => new sharedPb.UUID().setString(id);

function append(client: StreamsClient, stream: string, expected: Expected, messages = [proposed(stringId())]) {
  return new Promise<AppendResp>((resolve, reject) => {
    const call = client.append((error, response) => (error ? reject(error) : resolve(response)));
    call.write(new streamsPb.AppendReq().setOptions(appendOptions(stream, expected)));
    for (const message of messages) call.write(new streamsPb.AppendReq().setProposedMessage(message));
    call.end();
  });
}

interface ReadOutcome {
  readonly messages: ReadResp[];
  readonly error: grpc.ServiceError | undefined;
}

function read(client: StreamsClient, configure: (options: ReadReq.Options) => void, stopAfter = Infinity) {
  const options = new streamsPb.ReadReq.Options()
    .setReadDirection(streamsPb.ReadReq.Options.ReadDirection.FORWARDS)
    .setUuidOption(new streamsPb.ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()))
    .setNoFilter(new sharedPb.Empty())
    .setCount("1000");
  configure(options);
  return new Promise<ReadOutcome>((resolve) => {
    const messages: ReadResp[] = [];
    const call = client.read(new streamsPb.ReadReq().setOptions(options));
    call.on("data", (message: ReadResp) => {
      messages.push(message);
      if (messages.length >= stopAfter) {
        call.cancel();
        resolve({ messages, error: undefined });
      }
    });
    call.on("error", (error: grpc.ServiceError) => resolve({ messages, error: error.code === grpc.status.CANCELLED ? undefined : error }));
    call.on("end", () => resolve({ messages, error: undefined }));
  });
}

const readStream = (client: StreamsClient, stream: string, structured = false) =>
  read(client, (options) => {
    options.setStream(new streamsPb.ReadReq.Options.StreamOptions().setStreamIdentifier(identifier(stream)).setStart(new sharedPb.Empty()));
    if (structured) options.setUuidOption(new streamsPb.ReadReq.Options.UUIDOption().setStructured(new sharedPb.Empty()));
  });

function batchAppend(client: StreamsClient, requests: BatchAppendReq[]) {
  return new Promise<BatchAppendResp>((resolve, reject) => {
    const call = client.batchAppend();
    call.on("data", (response: BatchAppendResp) => {
      resolve(response);
      call.end();
    });
    call.on("error", reject);
    for (const request of requests) call.write(request);
  });
}

function batchOptions(stream: string, expectedRevision: string, deadline: Date) {
  return new streamsPb.BatchAppendReq.Options()
    .setStreamIdentifier(identifier(stream))
    .setStreamPosition(expectedRevision)
    .setDeadline(GoogleTimestampMessage.fromDate(deadline));
}

function batchProposed(id = randomUUID()) {
  const message = new streamsPb.BatchAppendReq.ProposedMessage().setId(stringId(id)).setData(utf8.encode("{}"));
  message.getMetadataMap().set("type", "T").set("content-type", "application/json");
  return message;
}

describe("the wire protocol", () => {
  let server: TestServer;
  let client: StreamsClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = rawStreamsClient(server);
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it("sends 64-bit revisions and positions as decimal strings", async () => {
    const stream = streamName();
    const response = await append(client, stream, "no_stream", [proposed(stringId()), proposed(stringId())]);
    const success = response.getSuccess()!;
    expect(success.getCurrentRevision()).toBe("1");
    expect(success.getPosition()!.getCommitPosition()).toMatch(/^\d+$/);
    const { messages } = await readStream(client, stream);
    const recorded = messages[1]!.getEvent()!.getEvent()!;
    expect(recorded.getStreamRevision()).toBe("1");
    expect(recorded.getCommitPosition()).toBe(success.getPosition()!.getCommitPosition());
    expect(recorded.getPreparePosition()).toBe(recorded.getCommitPosition());
    expect(messages[1]!.getEvent()!.getCommitPosition()).toBe(recorded.getCommitPosition());
  });

  it("answers a wrong expected version on Append inside a successful response, new and 20.6 fields alike", async () => {
    const stream = streamName();
    await append(client, stream, "any");
    const response = await append(client, stream, { revision: "5" });
    expect(response.hasSuccess()).toBe(false);
    const wrong = response.getWrongExpectedVersion()!;
    expect(wrong.getCurrentRevision()).toBe("0");
    expect(wrong.getExpectedRevision()).toBe("5");
    expect(wrong.getCurrentRevision2060()).toBe(0);
    expect(wrong.getExpectedRevision2060()).toBe(5);
    const huge = await append(client, stream, { revision: "18446744073709551615" });
    expect(huge.getWrongExpectedVersion()!.getExpectedRevision()).toBe("18446744073709551615");
  });

  it("answers a wrong expected version on BatchAppend with a status carrying a packed detail", async () => {
    const stream = streamName();
    await append(client, stream, "any");
    const correlation = stringId();
    const options = batchOptions(stream, "5", new Date(Date.now() + 5000));
    const response = await batchAppend(client, [
      new streamsPb.BatchAppendReq()
        .setCorrelationId(correlation)
        .setOptions(options)
        .setProposedMessagesList([batchProposed()])
        .setIsFinal(true),
    ]);
    expect(response.getCorrelationId()!.getString()).toBe(correlation.getString());
    expect(new TextDecoder().decode(response.getStreamIdentifier()!.getStreamName_asU8())).toBe(stream);
    const status = response.getError()!;
    expect(status.getCode()).toBe(grpc.status.ALREADY_EXISTS);
    const detail = status
      .getDetails()!
      .unpack((bytes) => sharedPb.WrongExpectedVersion.deserializeBinary(bytes), "event_store.client.WrongExpectedVersion")!;
    expect(detail.getCurrentStreamRevision()).toBe("0");
    expect(detail.getExpectedStreamPosition()).toBe("5");
  });

  it("assembles a BatchAppend spread over several messages into one atomic append", async () => {
    const stream = streamName();
    const correlation = stringId();
    const options = batchOptions(stream, "0", new Date(Date.now() + 5000));
    options.setNoStream(new sharedPb.Empty());
    const response = await batchAppend(client, [
      new streamsPb.BatchAppendReq().setCorrelationId(correlation).setOptions(options).setProposedMessagesList([batchProposed()]),
      new streamsPb.BatchAppendReq()
        .setCorrelationId(correlation)
        .setProposedMessagesList([batchProposed(), batchProposed()])
        .setIsFinal(true),
    ]);
    expect(response.getSuccess()!.getCurrentRevision()).toBe("2");
  });

  it("answers a BatchAppend whose deadline has passed with a Timeout status and writes nothing", async () => {
    const stream = streamName();
    const options = batchOptions(stream, "0", new Date(Date.now() - 1000)).setAny(new sharedPb.Empty());
    const response = await batchAppend(client, [
      new streamsPb.BatchAppendReq()
        .setCorrelationId(stringId())
        .setOptions(options)
        .setProposedMessagesList([batchProposed()])
        .setIsFinal(true),
    ]);
    const status = response.getError()!;
    expect(status.getDetails()!.getTypeName()).toBe("event_store.client.Timeout");
    const { messages } = await readStream(client, stream);
    expect(messages[0]!.hasStreamNotFound()).toBe(true);
  });

  it("abandons a BatchAppend still incomplete at its deadline with a Timeout status", async () => {
    const stream = streamName();
    const options = batchOptions(stream, "0", new Date(Date.now() + 100)).setAny(new sharedPb.Empty());
    const started = Date.now();
    const response = await batchAppend(client, [
      new streamsPb.BatchAppendReq().setCorrelationId(stringId()).setOptions(options).setProposedMessagesList([batchProposed()]),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(response.getError()!.getDetails()!.getTypeName()).toBe("event_store.client.Timeout");
    const { messages } = await readStream(client, stream);
    expect(messages[0]!.hasStreamNotFound()).toBe(true);
  });

  it("reports a wrong expected version on Delete in trailing metadata", async () => {
    const stream = streamName();
    await append(client, stream, "any");
    const options = new streamsPb.DeleteReq.Options().setStreamIdentifier(identifier(stream)).setRevision("3");
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      client.delete(new streamsPb.DeleteReq().setOptions(options), (e) => resolve(e!)),
    );
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.metadata.getMap()).toMatchObject({
      exception: "wrong-expected-version",
      "stream-name": stream,
      "expected-version": "3",
      "actual-version": "0",
    });
  });

  it("reports a missing stream as a message in a successful read", async () => {
    const { messages, error } = await readStream(client, streamName());
    expect(error).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.hasStreamNotFound()).toBe(true);
  });

  it("accepts structured ids, stores them lower-cased and returns them in the requested form", async () => {
    const stream = streamName();
    const id = "a1b2c3d4-e5f6-4789-8abc-def012345678";
    const hex = id.replaceAll("-", "");
    const structured = new sharedPb.UUID().setStructured(
      new sharedPb.UUID.Structured()
        .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
        .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString()),
    );
    await append(client, stream, "no_stream", [proposed(structured), proposed(stringId(`{${randomUUID().toUpperCase()}}`))]);
    const asStrings = (await readStream(client, stream)).messages.map((m) => m.getEvent()!.getEvent()!.getId()!.getString());
    expect(asStrings[0]).toBe(id);
    expect(asStrings[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [first] = (await readStream(client, stream, true)).messages;
    const returned = first!.getEvent()!.getEvent()!.getId()!.getStructured()!;
    expect(returned.getMostSignificantBits()).toBe(structured.getStructured()!.getMostSignificantBits());
    expect(returned.getLeastSignificantBits()).toBe(structured.getStructured()!.getLeastSignificantBits());
  });

  it("records type, content type and creation ticks as event metadata", async () => {
    const stream = streamName();
    const before = BigInt(Date.now()) * 10_000n;
    await append(client, stream, "any", [
      proposed(stringId(), { type: "Json", "content-type": "application/json" }),
      proposed(stringId(), { type: "Text", "content-type": "text/plain" }),
    ]);
    const after = BigInt(Date.now()) * 10_000n;
    const [json, text] = (await readStream(client, stream)).messages.map((m) => m.getEvent()!.getEvent()!.getMetadataMap());
    expect(json!.get("type")).toBe("Json");
    expect(json!.get("content-type")).toBe("application/json");
    expect(text!.get("content-type")).toBe("application/octet-stream");
    const created = BigInt(json!.get("created")!);
    expect(created >= before && created <= after).toBe(true);
  });

  it("rejects a proposed message without a type", async () => {
    const error = await append(client, streamName(), "any", [proposed(stringId(), { "content-type": "application/json" })]).catch(
      (e: grpc.ServiceError) => e,
    );
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect((error as grpc.ServiceError).metadata.get("exception")).toEqual(["missing-required-metadata-property"]);
  });

  it("sends confirmation, history, caught-up and live events in that order on a subscription", async () => {
    const stream = streamName();
    await append(client, stream, "any");
    const live = read(
      client,
      (options) => {
        options.setStream(
          new streamsPb.ReadReq.Options.StreamOptions().setStreamIdentifier(identifier(stream)).setStart(new sharedPb.Empty()),
        );
        options.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
      },
      4,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await append(client, stream, "any");
    const { messages } = await live;
    expect(messages.map((m) => m.getContentCase())).toEqual([
      streamsPb.ReadResp.ContentCase.CONFIRMATION,
      streamsPb.ReadResp.ContentCase.EVENT,
      streamsPb.ReadResp.ContentCase.CAUGHT_UP,
      streamsPb.ReadResp.ContentCase.EVENT,
    ]);
  });
});
