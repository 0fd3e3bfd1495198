package io.learnopt.djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records, and refuses, every connection this JVM attempts: plain sockets through a socket factory
 * (what {@code HttpURLConnection} uses, even with an explicit {@code Proxy.NO_PROXY}, as DJL's
 * cloud metadata lookup does) and URL connections through a proxy selector. Installed once per JVM,
 * before anything opens a socket.
 */
final class ConnectionRecorder {
  /** Everything something in this JVM tried to reach. */
  static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

  private static boolean installed;

  private ConnectionRecorder() {}

  @SuppressWarnings("deprecation") // the one JDK hook that sees every java.net.Socket
  static synchronized void install() throws IOException {
    if (installed) {
      return;
    }
    Socket.setSocketImplFactory(Refusing::new);
    ProxySelector.setDefault(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            ATTEMPTS.add(uri.toString());
            return List.of(Proxy.NO_PROXY);
          }

          @Override
          public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        });
    installed = true;
  }

  /** A socket that records where it was asked to connect and refuses. */
  private static final class Refusing extends SocketImpl {
    @Override
    protected void create(boolean stream) {}

    @Override
    protected void connect(String host, int port) throws IOException {
      refuse(host + ":" + port);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
      refuse(address + ":" + port);
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
      refuse(String.valueOf(address));
    }

    private static void refuse(String where) throws ConnectException {
      ATTEMPTS.add("socket " + where);
      throw new ConnectException("connection to " + where + " refused by the test");
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
      throw new IOException("no sockets in this test");
    }

    @Override
    protected void listen(int backlog) throws IOException {
      throw new IOException("no sockets in this test");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
      throw new IOException("no sockets in this test");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
      throw new IOException("not connected");
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
      throw new IOException("not connected");
    }

    @Override
    protected int available() {
      return 0;
    }

    @Override
    protected void close() {}

    @Override
    protected void sendUrgentData(int data) throws IOException {
      throw new IOException("not connected");
    }

    @Override
    public void setOption(int optID, Object value) {}

    @Override
    public Object getOption(int optID) {
      return null;
    }
  }
}
