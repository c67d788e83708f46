package dev.stowage.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshForwarderTest {
  @TempDir Path dir;
  private ServerSocketChannel agent;
  private Thread agentThread;
  private final List<String> received = new ArrayList<>();

  /** A stand-in agent: answers each connection with "ok:" and what it read, after the client's end of stream. */
  @BeforeEach
  void startAgent() throws IOException {
    agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    agent.bind(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
    agentThread = Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          try (SocketChannel connection = agent.accept()) {
            String request = readAll(connection);
            synchronized (received) {
              received.add(request);
            }
            connection.write(ByteBuffer.wrap(("ok:" + request).getBytes(StandardCharsets.UTF_8)));
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
  }

  @AfterEach
  void stopAgent() throws Exception {
    agent.close();
    agentThread.join();
  }

  @Test
  void forwardsEachConnectionBothWaysThroughASocketWithTheMountsOwnerAndMode() throws Exception {
    int uid = owner();
    int gid = group();
    Path socket = dir.resolve("step.sock");

    try (SshForwarder forwarder = SshForwarder.start(dir.resolve("agent.sock"), socket, uid, gid, 0640)) {
      assertThat(forwarder.socket()).isEqualTo(socket);
      assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
      assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(uid);
      for (String request : List.of("first", "second")) {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          client.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
          client.shutdownOutput(); // the agent answers after our end of stream: half-close must pass through
          assertThat(readAll(client)).isEqualTo("ok:" + request);
        }
      }
    }

    assertThat(received).containsExactly("first", "second");
    assertThat(socket).doesNotExist();
  }

  @Test
  void closingEndsOpenConnectionsAndRemovesTheSocket() throws Exception {
    Path socket = dir.resolve("step.sock");
    SshForwarder forwarder = SshForwarder.start(dir.resolve("agent.sock"), socket, owner(), group(), 0600);
    SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    client.write(ByteBuffer.wrap("pending".getBytes(StandardCharsets.UTF_8)));

    forwarder.close(); // must not wait for the client

    assertThat(socket).doesNotExist();
    assertThat(readAll(client)).isEmpty();
    client.close();
    assertThatThrownBy(() -> SocketChannel.open(UnixDomainSocketAddress.of(socket))).isInstanceOf(IOException.class);
    forwarder.close(); // idempotent
  }

  @Test
  void aMissingAgentClosesTheClientsConnection() throws Exception {
    Path socket = dir.resolve("step.sock");
    try (SshForwarder forwarder = SshForwarder.start(dir.resolve("no-agent.sock"), socket, owner(),
        group(), 0600);
        SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(forwarder.socket()))) {
      assertThat(readAll(client)).isEmpty();
    }
  }

  /** Our own ids: the test needs no root to give the socket an owner. */
  private int owner() throws IOException {
    return (Integer) Files.getAttribute(dir, "unix:uid");
  }

  private int group() throws IOException {
    return (Integer) Files.getAttribute(dir, "unix:gid");
  }

  private static String readAll(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    StringBuilder text = new StringBuilder();
    try {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        text.append(StandardCharsets.UTF_8.decode(buffer));
        buffer.clear();
      }
    } catch (IOException reset) {
      // a reset ends the stream as well
    }
    return text.toString();
  }
}
