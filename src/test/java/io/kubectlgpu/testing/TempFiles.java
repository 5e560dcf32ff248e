package io.kubectlgpu.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Temporary files of test helpers that have no JUnit @TempDir at hand: removed by whoever created them. */
public final class TempFiles {
    private static final List<Path> JVM_SCOPED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JVM_SCOPED.forEach(TempFiles::deleteQuietly)));
    }

    private TempFiles() {
    }

    /**
     * A new empty directory that lives as long as the test JVM (for state shared by a whole test class or run,
     * e.g. log files a cluster serves, a test certificate); removed with its content when the JVM exits.
     */
    public static Path directory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            JVM_SCOPED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (RuntimeException e) {
            // the JVM is exiting; nothing else to do
        }
    }

    /** Deletes a file or a directory tree; null and missing paths are fine. */
    public static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
