package io.github.agentfeedback.mongo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a server that can stop forwarding: what a client sees of a server
 * that hangs or is cut off by the network. Connections stay open and accept bytes, but
 * nothing is delivered either way until {@link #resume()}; then what was held is delivered.
 */
final class StallingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "stalling-proxy");
            t.setDaemon(true);
            return t;
          });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean stalled; // guarded by gate

  StallingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The connection string of the server behind the proxy. */
  String connectionString() {
    return "mongodb://127.0.0.1:" + listener.getLocalPort();
  }

  /** Stops delivering bytes. */
  void stall() {
    synchronized (gate) {
      stalled = true;
    }
  }

  /** Delivers what was held and everything after. */
  void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
    threads.shutdownNow();
  }

  private void accept() {
    try {
      while (!listener.isClosed()) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
      }
    } catch (IOException closed) {
      // the proxy is closed
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        awaitResumed();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // one side closed; close the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitResumed() throws InterruptedException {
    synchronized (gate) {
      while (stalled) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
