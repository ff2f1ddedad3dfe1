import { createClient } from "../../src/index.js";
import { FakeClock, FakeWebSocket, recordingLogger, settle } from "../fakes.js";

/** A client on a fake socket and clock, connected (connection_established received) unless told otherwise. */
export async function connectedClient(options = {}, { establish = true } = {}) {
  FakeWebSocket.reset();
  const clock = new FakeClock();
  const logger = recordingLogger();
  const client = createClient({
    url: "ws://127.0.0.1:9/ws/user/u1",
    token: "t0",
    WebSocket: FakeWebSocket,
    clock,
    random: () => 0.5,
    logger,
    pingIntervalMs: 0,
    ...options,
  });
  client.connect();
  await settle();
  if (establish) FakeWebSocket.last.establish();
  return { client, clock, logger, socket: () => FakeWebSocket.last };
}
