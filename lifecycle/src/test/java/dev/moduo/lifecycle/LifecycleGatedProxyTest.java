package dev.moduo.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate MongoDB sits behind while a SnapStart snapshot is taken. */
class LifecycleGatedProxyTest {

    private ServerSocket echo;
    private GatedTcpProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try (Socket client = echo.accept(); InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                    out.write(in.readNBytes(5));
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = GatedTcpProxy.closedTo("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void whileClosedConnectionsAreRefused() {
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()).close());
    }

    @Test
    void whileClosedNobodyElseCanListenOnItsPort() {
        assertThrows(IOException.class, () -> {
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.setReuseAddress(true);
                squatter.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            }
        });
    }

    @Test
    void onceOpenItPipesToTheServer() throws IOException {
        proxy.open();

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        }
        assertEquals(1, proxy.acceptedConnections());
    }
}
