package dev.stowage.engine.solve;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SSH agent socket of one RUN step, as BuildKit serves it: a UNIX socket of our own, owned and moded as the
 * mount asks ({@code uid}, {@code gid}, {@code mode}; BuildKit's defaults 0, 0, 0600), whose every connection is
 * piped both ways to the host agent. The step's user reaches the agent through it whatever the host socket's
 * permissions are, and never reaches the host socket itself. The agent protocol passes through unread. Each
 * connection runs on two virtual threads; {@link #close()} stops them all and removes the socket.
 */
final class SshForwarder implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;

  private final Path agent;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  private SshForwarder(Path agent, Path socket, ServerSocketChannel server) {
    this.agent = agent;
    this.socket = socket;
    this.server = server;
    this.acceptor = Thread.ofVirtual().name("ssh-forward-accept").unstarted(this::acceptLoop);
  }

  /**
   * Listens on {@code socket} (a new path, in a directory only we can reach) and forwards to {@code agent}.
   *
   * @throws IOException when the socket cannot be made or given its owner and mode
   */
  static SshForwarder start(Path agent, Path socket, int uid, int gid, int mode) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      // The directory is private, so the socket is unreachable until it has its final owner and mode.
      Files.setAttribute(socket, "unix:gid", gid);
      Files.setAttribute(socket, "unix:uid", uid);
      Files.setPosixFilePermissions(socket, PosixModes.of(mode & 0777));
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
    SshForwarder forwarder = new SshForwarder(agent, socket, server);
    forwarder.acceptor.start();
    return forwarder;
  }

  /** The socket to bind into the container. */
  Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(client);
      SocketChannel upstream;
      try {
        upstream = SocketChannel.open(UnixDomainSocketAddress.of(agent));
      } catch (IOException e) {
        closeQuietly(client); // the agent went away: the client sees the connection closed, as with no agent
        open.remove(client);
        continue;
      }
      open.add(upstream);
      Connection connection = new Connection(client, upstream, new AtomicInteger(2));
      synchronized (threads) {
        if (closed) {
          connection.close();
          return;
        }
        threads.add(Thread.ofVirtual().name("ssh-forward-up").start(() -> pipe(connection, client, upstream)));
        threads.add(Thread.ofVirtual().name("ssh-forward-down").start(() -> pipe(connection, upstream, client)));
      }
    }
  }

  /** One client connection and its connection to the agent; {@code open} counts the directions still running. */
  private record Connection(SocketChannel client, SocketChannel upstream, AtomicInteger open) {
    void close() {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  /** Copies until end of stream and passes the end on (half-close); the last direction to end closes both. */
  private void pipe(Connection connection, SocketChannel from, SocketChannel to) {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
      to.shutdownOutput();
      if (connection.open().decrementAndGet() == 0) {
        end(connection);
      }
    } catch (IOException e) {
      end(connection); // a reset, or close() ended it
    }
  }

  private void end(Connection connection) {
    connection.close();
    open.remove(connection.client());
    open.remove(connection.upstream());
  }

  /** Stops accepting, ends every connection, waits for the threads and removes the socket. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    closeQuietly(server);
    List<Thread> running;
    synchronized (threads) {
      running = List.copyOf(threads);
    }
    open.forEach(SshForwarder::closeQuietly);
    boolean interrupted = false;
    for (Thread thread : concat(acceptor, running)) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // finish cleaning up, then restore the interrupt
        }
      }
    }
    open.forEach(SshForwarder::closeQuietly);
    open.clear();
    Files.deleteIfExists(socket);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Thread> concat(Thread first, List<Thread> rest) {
    List<Thread> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
  }
}
