package dev.zt.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The WildFly server's log ({@code jboss.home}), where the sample's audit lines go: read by the tests. */
final class ServerLog {

    private ServerLog() {
    }

    /** Where the log is now: pass it to {@link #linesSince} to read only what is written after it. */
    static long end() throws IOException {
        return Files.size(path());
    }

    /** The log's lines written after {@code from} (a value of {@link #end}; 0 for the whole log). */
    static List<String> linesSince(long from) {
        try {
            byte[] log = Files.readAllBytes(path());
            return new String(log, (int) Math.min(from, log.length), (int) Math.max(0, log.length - from),
                    StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path path() {
        return Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
    }
}
