package dev.moduo.bench.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The process listening on a TCP port, found as Linux tells it: the socket's inode in {@code /proc/net/tcp} (or
 * {@code tcp6}), then the process whose file descriptors include that socket. So another backend's CPU can be
 * counted without anyone naming its process id, whatever it runs on.
 */
public final class ListeningProcess {

    private static final String LISTEN = "0A";

    private ListeningProcess() {
    }

    public static Optional<Long> onPort(int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode.get() + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path descriptor : descriptors) {
                        if (socket.equals(Files.readSymbolicLink(descriptor).toString())) {
                            return Optional.of(Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException | SecurityException gone) {
                    // Ended meanwhile, or not ours to look at.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals(LISTEN)) {
                        return Optional.of(fields[9]);
                    }
                }
            } catch (IOException e) {
                // No such table here.
            }
        }
        return Optional.empty();
    }
}
