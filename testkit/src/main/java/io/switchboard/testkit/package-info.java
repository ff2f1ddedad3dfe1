/**
 * Test support for applications built on Switchboard: a server per test class, clients on real sockets, and
 * assertions on pushes, replies and close codes.
 *
 * <pre>{@code
 * @SwitchboardTest(settings = "rate-limit-per-second=1000")
 * class ChatTest {
 *     @Test
 *     void a_message_reaches_the_room(TestServer server) {
 *         try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
 *             alice.subscribe("public:room");
 *             bob.publish("public:room", Map.of("text", "hi"));
 *             assertThat(alice.awaitMessage("public:room").path("data").path("text").asText()).isEqualTo("hi");
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Every wait has a timeout and fails with an {@link java.lang.AssertionError} that says what was expected
 * and which frames were there instead. A {@link io.switchboard.testkit.TestClient} keeps unread frames in a
 * bounded inbox and reads from the network only while there is room, so a test can play a slow consumer with
 * {@link io.switchboard.testkit.TestClient#pauseReading()}.
 */
package io.switchboard.testkit;
